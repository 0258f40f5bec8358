"""Per-person isolation across replicas: RedisEventIsolation as the factory configures it.

Two backends opened with the same REDIS_URL stand for two replicas: while one handles a
person's update (holds the person's lock), the other waits for it, and then reads the
state the first one wrote; other people never wait.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.config import Settings
from bot.storage import Backend, open_backend
from tests.storage.conftest import TOKEN

ALICE = StorageKey(bot_id=123456, chat_id=1001, user_id=1001)
BOB = StorageKey(bot_id=123456, chat_id=2002, user_id=2002)


@pytest.fixture
def replica_settings(redis_url: str, tmp_path: Path) -> Settings:
    return Settings.model_validate(
        {
            "bot_token": TOKEN,
            "database_url": f"sqlite:///{tmp_path / 'bot.db'}",
            "redis_url": redis_url,
        }
    )


@pytest.fixture
async def replicas(replica_settings: Settings) -> AsyncIterator[tuple[Backend, Backend]]:
    one = await open_backend(replica_settings)
    two = await open_backend(replica_settings)
    yield one, two
    await one.close()
    await two.close()


async def test_a_person_is_handled_by_one_replica_at_a_time(
    replicas: tuple[Backend, Backend],
) -> None:
    one, two = replicas
    assert one.isolation is not None and two.isolation is not None
    events: list[str] = []

    async def first() -> None:
        async with one.isolation.lock(ALICE):  # type: ignore[union-attr]
            events.append("one starts")
            await asyncio.sleep(0.3)
            await one.fsm.set_state(ALICE, "Calc:price")
            events.append("one ends")

    async def second() -> None:
        await asyncio.sleep(0.05)
        async with two.isolation.lock(ALICE):  # type: ignore[union-attr]
            events.append(f"two reads {await two.fsm.get_state(ALICE)}")

    async def other_person() -> float:
        await asyncio.sleep(0.05)
        started = time.monotonic()
        async with two.isolation.lock(BOB):  # type: ignore[union-attr]
            return time.monotonic() - started

    _, _, bob_waited = await asyncio.gather(first(), second(), other_person())
    assert events == ["one starts", "one ends", "two reads Calc:price"]
    assert bob_waited < 0.1


async def test_the_lock_is_in_redis_and_gone_after(replicas: tuple[Backend, Backend]) -> None:
    one, _ = replicas
    assert one.isolation is not None and one.redis is not None
    async with one.isolation.lock(ALICE):
        assert len(await lock_keys(one)) == 1
    assert await lock_keys(one) == []


async def lock_keys(backend: Backend) -> list[str]:
    assert backend.redis is not None
    keys = [k.decode() if isinstance(k, bytes) else k for k in await backend.redis.keys("*")]
    return [key for key in keys if key.endswith(":lock")]
