"""aiogram FSM storage in SQLite: one ``fsm`` row per StorageKey, data kept as JSON.

A person's row is read from the database once, then served from memory (this process is
the only writer: SQLite is one process's database). Inside :meth:`SQLiteStorage.unit` —
one update being handled — state and data changes are kept in memory, and dropped if the
handler failed: the dialog then stays where it was, so an answer is never taken for a
question the person did not get.

What a unit changed is written by :meth:`SQLiteStorage.flush`, which the inbox calls
just before it marks updates done (:class:`~bot.storage.delivery.SQLiteInbox`): every
200 ms, everyone who moved, in one statement (a write per dialog step, each its own
commit, was a fifth of the bot's CPU under a crowd). Done marks that could not be
written are kept by the intake for its next flush. A crash before the flush loses both
the states and the done marks, so those updates are handled again from the states they
found. The two are consecutive statements, not one transaction (the connection
autocommits and is shared by coroutines): a crash exactly between them still replays
those updates from the states they left. A change made outside a unit is written at once.
"""

import json
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Self

import aiosqlite
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from bot.storage.db import open_database, to_json

_WRITE = """
    INSERT INTO fsm (key, state, data, updated_at)
    VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (key) DO UPDATE SET
        state = excluded.state, data = excluded.data, updated_at = excluded.updated_at
"""
_WRITE_MANY = """
    INSERT INTO fsm (key, state, data, updated_at)
    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM json_each(?) WHERE true
    ON CONFLICT (key) DO UPDATE SET
        state = excluded.state, data = excluded.data, updated_at = excluded.updated_at
"""
"""Any number of ``[key, state, data]`` rows, given as one JSON array, in one statement."""
CACHED_ROWS: Final = 50_000


@dataclass(frozen=True, slots=True)
class _Row:
    state: str | None = None
    data: str = "{}"  # JSON text: every read gets a fresh copy


@lru_cache(maxsize=4096)
def _row_key(key: StorageKey) -> str:
    """Every StorageKey field as a JSON array, so distinct keys never share a row (a
    handful of lookups per update: the people writing now are remembered)."""
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
    """FSM storage over a connection from :func:`open_database` (writes: see the module).

    ``SQLiteStorage(conn)`` shares ``conn`` with the repositories and does not close it:
    the dispatcher calls ``close()`` on shutdown, the connection's owner closes it after.
    ``await SQLiteStorage.open(path)`` owns its own connection and ``close()`` closes it.
    """

    def __init__(self, conn: aiosqlite.Connection, *, owns_connection: bool = False) -> None:
        self._conn = conn
        self._owns_connection = owns_connection
        self._rows: OrderedDict[str, _Row] = OrderedDict()
        self._open: dict[str, _Row] = {}  # key → its row when the unit began
        self._unwritten: dict[str, _Row] = {}  # rows units changed, for :meth:`flush`

    @classmethod
    async def open(cls, path: Path) -> Self:
        """Open the database at ``path`` for this storage alone."""
        return cls(await open_database(path), owns_connection=True)

    async def close(self) -> None:
        """Close the connection if this storage owns it, after writing what units changed.

        On a shared connection the inbox writes them, with their done marks: a row left
        now belongs to updates whose done marks could not be written, and must stay
        unwritten too."""
        if self._owns_connection:
            await self.flush()
            await self._conn.close()

    async def flush(self) -> None:
        """Write the rows units changed since the last flush, in one statement.

        A row changed again meanwhile stays for the next flush; if the write fails, every
        row stays (the caller's done marks must not be written then: see the module)."""
        rows = list(self._unwritten.items())
        if not rows:
            return
        batch = json.dumps([[name, row.state, row.data] for name, row in rows], ensure_ascii=False)
        await self._conn.execute(_WRITE_MANY, (batch,))
        for name, row in rows:
            if self._unwritten.get(name) is row:
                del self._unwritten[name]

    @asynccontextmanager
    async def unit(self, key: StorageKey) -> AsyncIterator[None]:
        """Changes to ``key`` inside are kept for :meth:`flush` at the end, or dropped on an
        error."""
        name = _row_key(key)
        if name in self._open:  # nested: the outer unit decides
            yield
            return
        before = await self._row(name)
        self._open[name] = before
        try:
            yield
        except BaseException:
            self._remember(name, before)
            raise
        finally:
            del self._open[name]
        after = await self._row(name)
        if after != before:
            self._unwritten[name] = after

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        """Set the state (a State, its name or None) for ``key``."""
        name = state.state if isinstance(state, State) else state
        await self._change(_row_key(key), state=name)

    async def get_state(self, key: StorageKey) -> str | None:
        """Return the state name for ``key``, None when none is set."""
        return (await self._row(_row_key(key))).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        """Replace the data for ``key``; TypeError if it does not survive a JSON round trip."""
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        await self._change(_row_key(key), data=to_json(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        """Return a fresh copy of the data for ``key`` ({} when none is set)."""
        data: dict[str, Any] = json.loads((await self._row(_row_key(key))).data)
        return data

    async def _change(self, name: str, **fields: Any) -> None:
        row = replace(await self._row(name), **fields)
        if name not in self._open:  # outside a unit: written at once, over what a unit left
            older = self._unwritten.pop(name, None)
            try:
                await self._conn.execute(_WRITE, (name, row.state, row.data))
            except BaseException:
                if older is not None:
                    self._unwritten.setdefault(name, older)
                raise
        self._remember(name, row)

    async def _row(self, name: str) -> _Row:
        row = self._rows.get(name)
        if row is None:
            sql = "SELECT state, data FROM fsm WHERE key = ?"
            async with self._conn.execute(sql, (name,)) as cursor:
                found = await cursor.fetchone()
            row = _Row() if found is None else _Row(found[0], found[1])
            cached = self._rows.get(name)  # another reader may have cached it meanwhile
            if cached is not None:
                return cached
            self._remember(name, row)
        return row

    def _remember(self, name: str, row: _Row) -> None:
        self._rows[name] = row
        self._rows.move_to_end(name)
        while len(self._rows) > CACHED_ROWS:
            oldest = next(iter(self._rows))
            if oldest in self._open or oldest in self._unwritten:
                break
            del self._rows[oldest]
