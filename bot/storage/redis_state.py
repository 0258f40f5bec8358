"""Redis for replicas: the dialog state (aiogram's ``RedisStorage``, strict JSON), each
person's updates one at a time across replicas (``RedisEventIsolation``), and a client
for the shared sending budget and pings.

Imported only when ``REDIS_URL`` is set (:func:`bot.storage.open_backend`).
"""

from __future__ import annotations

import contextlib
from typing import Final

from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio import Redis

from bot.health import open_redis
from bot.storage.backend import Backend
from bot.storage.db import to_json
from bot.storage.keys import FullKeyBuilder
from bot.storage.units import UnitOfWork

LOCK_TIMEOUT: Final = 60.0
"""Seconds a person's lock in Redis lives if its holder dies (a handler takes far less)."""
LOCK_POLL: Final = 0.01
"""Seconds between two tries for a person's lock held by another replica."""


async def add_redis(backend: Backend, url: str, resources: contextlib.AsyncExitStack) -> None:
    """Dialog state and per-person isolation in Redis; a client for the budget and pings."""
    client = await open_redis(url)
    resources.push_async_callback(client.aclose)
    keys = FullKeyBuilder()
    fsm_client = Redis.from_url(url)
    storage = RedisStorage(fsm_client, key_builder=keys, json_dumps=to_json)
    resources.push_async_callback(storage.close)
    isolation = RedisEventIsolation(
        fsm_client, key_builder=keys, lock_kwargs={"timeout": LOCK_TIMEOUT, "sleep": LOCK_POLL}
    )
    backend.fsm = UnitOfWork(storage)
    backend.isolation = isolation
    backend.redis = client
