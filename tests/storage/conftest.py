"""Every backend behind the same interfaces: contract tests run on each of them.

``backend`` is parametrized over ``sqlite`` (a file in ``tmp_path``) and ``postgresql``
(a new database on the throwaway server of ``tests/services.py``), opened through the
same factory the bot uses (:func:`bot.storage.open_backend`). ``fsm_storage`` adds
``redis`` (aiogram's RedisStorage as the factory configures it). ``raw`` runs SQL on the
backend's database through a connection of its own, for what the interfaces do not do.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg
import pytest
from aiogram.fsm.storage.base import BaseStorage

from bot.config import Settings
from bot.storage import Backend, open_backend

TOKEN = "123456:TEST-token"
BACKENDS = ["sqlite", "postgresql"]


def settings_for(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings whose DATABASE_URL names a fresh database of ``kind``."""
    values: dict[str, Any] = {"bot_token": TOKEN}
    if kind in ("postgresql", "redis+postgresql"):
        values["database_url"] = request.getfixturevalue("postgres_url")
    else:
        values["database_url"] = f"sqlite:///{tmp_path / 'data' / 'bot.db'}"
    if "redis" in kind:
        values["redis_url"] = request.getfixturevalue("redis_url")
    return Settings.model_validate(values)


class Raw:
    """SQL on the backend's database, with ``?`` placeholders turned into ``$n`` for PostgreSQL."""

    def __init__(self, kind: str, url: str) -> None:
        self.kind = kind
        self.url = url
        self._sqlite: aiosqlite.Connection | None = None
        self._pg: asyncpg.Connection | None = None

    async def open(self) -> None:
        if self.kind == "sqlite":
            path = self.url.removeprefix("sqlite:///")
            self._sqlite = await aiosqlite.connect(path, isolation_level=None)
        else:
            self._pg = await asyncpg.connect(self.url)

    async def close(self) -> None:
        if self._sqlite is not None:
            await self._sqlite.close()
        if self._pg is not None:
            await self._pg.close()

    def _pg_sql(self, sql: str) -> str:
        parts = sql.split("?")
        return "".join(f"{part}${n}" for n, part in enumerate(parts[:-1], 1)) + parts[-1]

    async def fetch(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        if self._sqlite is not None:
            rows = await self._sqlite.execute_fetchall(sql, params)
            return [tuple(row) for row in rows]
        assert self._pg is not None
        return [tuple(row) for row in await self._pg.fetch(self._pg_sql(sql), *params)]

    async def execute(self, sql: str, *params: object) -> None:
        if self._sqlite is not None:
            await self._sqlite.execute(sql, params)
            return
        assert self._pg is not None
        await self._pg.execute(self._pg_sql(sql), *params)

    async def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        """Run ``sql`` for every row, in one transaction."""
        if self._sqlite is not None:
            await self._sqlite.execute("BEGIN")
            await self._sqlite.executemany(sql, rows)
            await self._sqlite.execute("COMMIT")
            return
        assert self._pg is not None
        await self._pg.executemany(self._pg_sql(sql), rows)


@pytest.fixture(params=BACKENDS)
def backend_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings naming an empty database of each backend (a sync fixture: it may start one)."""
    return settings_for(request.param, request, tmp_path)


@pytest.fixture
async def backend(backend_settings: Settings) -> AsyncIterator[Backend]:
    """The repositories of one backend, on an empty database."""
    opened = await open_backend(backend_settings)
    yield opened
    await opened.close()


@pytest.fixture
async def raw(backend: Backend, backend_settings: Settings) -> AsyncIterator[Raw]:
    """A connection of its own to ``backend``'s database."""
    connection = Raw(backend.kind, backend_settings.database_url.get_secret_value())
    await connection.open()
    yield connection
    await connection.close()


@pytest.fixture(params=["sqlite", "postgresql", "redis"])
def fsm_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for each FSM storage (``redis``: REDIS_URL set, on SQLite)."""
    kind = "redis+sqlite" if request.param == "redis" else request.param
    return settings_for(kind, request, tmp_path)


@pytest.fixture
async def fsm_storage(fsm_settings: Settings) -> AsyncIterator[BaseStorage]:
    """The FSM storage the factory makes for ``fsm_settings``."""
    opened = await open_backend(fsm_settings)
    yield opened.fsm
    await opened.close()
