"""One update, one unit of work, for storages shared by replicas (PostgreSQL, Redis).

:class:`UnitOfWork` wraps such a storage: inside ``unit(key)`` — the
handling of one update, which the person's lock (RedisEventIsolation) makes the only one
for that person across replicas — the state and data are read once, kept in memory, and
written at the end only if they changed, or dropped if the handler failed, so the dialog
stays where it was (:class:`bot.storage.fsm.SQLiteStorage` keeps them for a flush with
the updates' done marks instead: one process only). Nothing is cached
between units: another replica may have written since.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from bot.storage.db import to_json


@dataclass(frozen=True, slots=True)
class _Row:
    state: str | None
    data: str  # JSON text: every read gets a fresh copy


class UnitOfWork(BaseStorage):
    """``inner`` with ``unit(key)`` (module docstring); ``close()`` closes ``inner``."""

    def __init__(self, inner: BaseStorage) -> None:
        self.inner = inner
        self._open: dict[StorageKey, _Row] = {}

    async def close(self) -> None:
        """Close the wrapped storage."""
        await self.inner.close()

    @asynccontextmanager
    async def unit(self, key: StorageKey) -> AsyncIterator[None]:
        """Changes to ``key`` inside are written once at the end, or dropped on an error."""
        if key in self._open:  # nested: the outer unit decides
            yield
            return
        before = _Row(await self.inner.get_state(key), to_json(await self.inner.get_data(key)))
        self._open[key] = before
        try:
            yield
            after = self._open[key]
        finally:
            del self._open[key]
        if after.state != before.state:
            await self.inner.set_state(key, after.state)
        if after.data != before.data:
            await self.inner.set_data(key, json.loads(after.data))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        """Set the state (a State, its name or None) for ``key``."""
        name = state.state if isinstance(state, State) else state
        if key in self._open:
            self._open[key] = replace(self._open[key], state=name)
        else:
            await self.inner.set_state(key, name)

    async def get_state(self, key: StorageKey) -> str | None:
        """Return the state name for ``key``, None when none is set."""
        if key in self._open:
            return self._open[key].state
        return await self.inner.get_state(key)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        """Replace the data for ``key``; TypeError if it does not survive a JSON round trip."""
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        text = to_json(data)
        if key in self._open:
            self._open[key] = replace(self._open[key], data=text)
        else:
            await self.inner.set_data(key, json.loads(text))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        """Return a fresh copy of the data for ``key`` ({} when none is set)."""
        if key in self._open:
            data: dict[str, Any] = json.loads(self._open[key].data)
            return data
        return await self.inner.get_data(key)
