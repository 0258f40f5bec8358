"""aiogram FSM storage in SQLite: one ``fsm`` row per StorageKey, data kept as JSON."""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Self

import aiosqlite
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from bot.storage.db import open_database, to_json

_UPSERT = """
    INSERT INTO fsm (key, {column}, updated_at)
    VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (key) DO UPDATE SET {column} = excluded.{column}, updated_at = excluded.updated_at
"""
_SET_STATE = _UPSERT.format(column="state")
_SET_DATA = _UPSERT.format(column="data")


def _row_key(key: StorageKey) -> str:
    """Every StorageKey field as a JSON array, so distinct keys never share a row."""
    fields = (
        key.bot_id,
        key.chat_id,
        key.user_id,
        key.thread_id,
        key.business_connection_id,
        key.destiny,
    )
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


class SQLiteStorage(BaseStorage):
    """FSM storage over a connection from :func:`open_database`; every write commits.

    ``SQLiteStorage(conn)`` shares ``conn`` with the repositories and does not close it:
    the dispatcher calls ``close()`` on shutdown, the connection's owner closes it after.
    ``await SQLiteStorage.open(path)`` owns its own connection and ``close()`` closes it.
    """

    def __init__(self, conn: aiosqlite.Connection, *, owns_connection: bool = False) -> None:
        self._conn = conn
        self._owns_connection = owns_connection

    @classmethod
    async def open(cls, path: Path) -> Self:
        """Open the database at ``path`` for this storage alone."""
        return cls(await open_database(path), owns_connection=True)

    async def close(self) -> None:
        """Close the connection if this storage owns it."""
        if self._owns_connection:
            await self._conn.close()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        """Set the state (a State, its name or None) for ``key``."""
        name = state.state if isinstance(state, State) else state
        await self._conn.execute(_SET_STATE, (_row_key(key), name))

    async def get_state(self, key: StorageKey) -> str | None:
        """Return the state name for ``key``, None when none is set."""
        state: str | None = await self._read(key, "state")
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        """Replace the data for ``key``; TypeError if it does not survive a JSON round trip."""
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        await self._conn.execute(_SET_DATA, (_row_key(key), to_json(data)))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        """Return a fresh copy of the data for ``key`` ({} when none is set)."""
        text = await self._read(key, "data")
        data: dict[str, Any] = {} if text is None else json.loads(text)
        return data

    async def _read(self, key: StorageKey, column: str) -> Any:
        """Return ``column`` of the row for ``key``, None when there is no row."""
        sql = f"SELECT {column} FROM fsm WHERE key = ?"
        async with self._conn.execute(sql, (_row_key(key),)) as cursor:
            row = await cursor.fetchone()
        return None if row is None else row[0]
