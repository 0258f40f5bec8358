"""aiogram FSM storage in PostgreSQL: one ``fsm`` row per StorageKey, data kept as JSON text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import asyncpg
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from bot.storage.db import to_json
from bot.storage.keys import storage_key_text

_UPSERT = """
    INSERT INTO fsm (key, {column}, updated_at) VALUES ($1, $2, now())
    ON CONFLICT (key) DO UPDATE SET {column} = excluded.{column}, updated_at = excluded.updated_at
"""
_SET_STATE = _UPSERT.format(column="state")
_SET_DATA = _UPSERT.format(column="data")


class PostgresStorage(BaseStorage):
    """FSM storage over a pool shared with the repositories; ``close()`` leaves it open."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def close(self) -> None:
        """Nothing to do: the pool's owner closes it."""

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        """Set the state (a State, its name or None) for ``key``."""
        name = state.state if isinstance(state, State) else state
        await self._pool.execute(_SET_STATE, storage_key_text(key), name)

    async def get_state(self, key: StorageKey) -> str | None:
        """Return the state name for ``key``, None when none is set."""
        state: str | None = await self._pool.fetchval(
            "SELECT state FROM fsm WHERE key = $1", storage_key_text(key)
        )
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        """Replace the data for ``key``; TypeError if it does not survive a JSON round trip."""
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        await self._pool.execute(_SET_DATA, storage_key_text(key), to_json(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        """Return a fresh copy of the data for ``key`` ({} when none is set)."""
        text = await self._pool.fetchval(
            "SELECT data FROM fsm WHERE key = $1", storage_key_text(key)
        )
        data: dict[str, Any] = {} if text is None else json.loads(text)
        return data
