"""The storage backend chosen by the settings: every repository the bot needs, and ``close()``.

- ``DATABASE_URL=sqlite:///…`` (the default): one aiosqlite connection for one process.
  The file is created private (0600, its folder 0700) and checked before use: a file that
  is not a database, damaged, read-only, a folder, locked by another process or written
  by a newer bot is refused with one line (:class:`bot.config.StartupError`).
- ``DATABASE_URL=postgresql://…``: one asyncpg pool, shared by replicas. The schema is
  migrated under an advisory lock; inbox rows, jobs and a broadcast's recipients are
  leased by this replica and renewed while it lives (see
  :mod:`bot.storage.postgres.delivery`). The dialog state goes through
  :class:`bot.storage.units.UnitOfWork`: read once and written once per update, nothing
  kept between updates (another replica may handle the next one).
- ``REDIS_URL`` set: the dialog state in aiogram's ``RedisStorage`` (strict JSON) and each
  person's updates one at a time across replicas (``RedisEventIsolation``); the client in
  :attr:`Backend.redis` is there for the shared sending budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

import aiosqlite
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage

from bot.config import Settings, StartupError
from bot.delivery.intake import Inbox
from bot.delivery.jobs import JobQueue
from bot.health import sqlite_problem
from bot.storage.db import MIGRATIONS, SchemaVersionError, open_database
from bot.storage.delivery import SQLiteInbox, SQLiteJobQueue, SQLiteReachability
from bot.storage.fsm import SQLiteStorage
from bot.storage.owner import (
    Audience,
    BroadcastStore,
    Reports,
    SQLiteAudience,
    SQLiteBroadcasts,
    SQLiteReports,
)
from bot.storage.scenarios import (
    EventLog,
    ScenarioRepository,
    SQLiteEventLog,
    SQLiteScenarioRepository,
)

if TYPE_CHECKING:  # the drivers are imported only by the backends that use them
    import asyncpg
    from redis.asyncio import Redis

log = logging.getLogger(__name__)

PING_TIMEOUT: Final = 3.0


class Reachability(Protocol):
    """Who cannot be reached (blocked the bot, deleted the account)."""

    async def mark_unreachable(self, user_id: int) -> None:
        """Remember that ``user_id`` cannot be reached since now."""
        ...

    async def is_unreachable(self, user_id: int) -> bool:
        """Whether ``user_id`` was found unreachable."""
        ...

    async def mark_reachable(self, user_id: int) -> None:
        """``user_id`` wrote again."""
        ...


class StoredInbox(Inbox, Protocol):
    """An inbox that forgets old handled updates."""

    async def purge(self) -> None:
        """Forget handled updates older than Telegram would send again."""
        ...


class Backend:
    """What :func:`open_backend` opened; :meth:`close` closes it all, in reverse order."""

    def __init__(
        self,
        *,
        kind: str,
        fsm: BaseStorage,
        repo: ScenarioRepository,
        events: EventLog,
        inbox: StoredInbox,
        jobs: JobQueue,
        reach: Reachability,
        audience: Audience,
        reports: Reports,
        broadcasts: BroadcastStore,
        ping: Callable[[], Awaitable[object]],
        resources: contextlib.AsyncExitStack,
        database: aiosqlite.Connection | asyncpg.Pool,
        shared: bool = False,
        isolation: BaseEventIsolation | None = None,
        redis: Redis | None = None,
    ) -> None:
        self.kind = kind
        self.database = database
        """The connection (SQLite) or pool (PostgreSQL) the repositories share."""
        self.fsm = fsm
        self.repo = repo
        self.events = events
        self.inbox = inbox
        self.jobs = jobs
        self.reach = reach
        self.audience = audience
        self.reports = reports
        self.broadcasts = broadcasts
        self.shared = shared
        """Several processes may share it: another replica's leftovers can be taken over."""
        self.isolation = isolation
        self.redis = redis
        self._ping = ping
        self._resources = resources

    async def ping(self) -> None:
        """Return if the database (and Redis, when used) answer within seconds; raise if not."""
        async with asyncio.timeout(PING_TIMEOUT):
            await self._ping()
            if self.redis is not None:
                await self.redis.ping()

    async def close(self) -> None:
        """Release leases, stop renewing them, close connections (each once)."""
        await self._resources.aclose()


async def open_backend(settings: Settings) -> Backend:
    """Open what ``settings`` choose, the schema up to date; :class:`StartupError` if unusable."""
    resources = contextlib.AsyncExitStack()
    try:
        # PostgreSQL's and Redis's modules (and drivers) are loaded only when chosen: a
        # bot on SQLite starts faster and smaller without them.
        if settings.uses_postgres:
            from bot.storage.postgres.backend import open_postgres_backend

            backend = await open_postgres_backend(settings.postgres_dsn, resources)
        else:
            backend = await _open_sqlite(settings.database_path, resources)
        if settings.redis_url is not None:
            from bot.storage.redis_state import add_redis

            await add_redis(backend, settings.redis_url.get_secret_value(), resources)
    except BaseException:
        await resources.aclose()
        raise
    return backend


# ---------------------------------------------------------------------------- SQLite


async def _open_sqlite(path: Path, resources: contextlib.AsyncExitStack) -> Backend:
    conn = await open_sqlite(path)
    resources.push_async_callback(conn.close)

    async def ping() -> None:
        async with conn.execute("SELECT count(*) FROM sqlite_master") as cursor:
            await cursor.fetchone()

    fsm = SQLiteStorage(conn)
    return Backend(
        kind="sqlite",
        fsm=fsm,
        repo=SQLiteScenarioRepository(conn),
        events=SQLiteEventLog(conn),
        inbox=SQLiteInbox(conn, before_done=fsm.flush),  # a done update's state is written
        jobs=SQLiteJobQueue(conn),
        reach=SQLiteReachability(conn),
        audience=SQLiteAudience(conn),
        reports=SQLiteReports(conn),
        broadcasts=SQLiteBroadcasts(conn),
        ping=ping,
        resources=resources,
        database=conn,
    )


async def open_sqlite(path: Path) -> aiosqlite.Connection:
    """:func:`bot.storage.db.open_database`, checked: :class:`StartupError` if unusable.

    A new file is created 0600 in a folder created 0700 (SQLite gives its ``-wal`` and
    ``-shm`` the mode of the database file). The database must pass ``quick_check`` and
    take a write, so that a damaged or read-only one is refused now rather than failing
    every update later.
    """
    shown = str(path)
    try:
        await asyncio.to_thread(_create_private, path)
        conn = await open_database(path)
    except SchemaVersionError:
        found = await asyncio.to_thread(_sqlite_version, path)
        raise StartupError("startup-db-newer", found=found, known=len(MIGRATIONS)) from None
    except (sqlite3.Error, OSError) as error:
        raise sqlite_problem(error, shown) from None
    try:
        await _check_sqlite(conn, shown)
    except BaseException as error:
        await conn.close()
        if isinstance(error, sqlite3.Error):
            raise sqlite_problem(error, shown) from None
        raise
    return conn


def _create_private(path: Path) -> None:
    """Create the folder (0700) and an empty database file (0600) unless they exist."""
    if path.is_dir():
        raise IsADirectoryError(path)
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


async def _check_sqlite(conn: aiosqlite.Connection, shown: str) -> None:
    async with conn.execute("PRAGMA quick_check") as cursor:
        verdict = [row[0] for row in await cursor.fetchall()]
    if verdict != ["ok"]:
        log.debug("the database %s fails its check: %s", shown, "; ".join(verdict[:3]))
        raise StartupError("startup-db-damaged", path=shown)
    # A real write, undone: a read-only file (or folder, for the journal) fails here.
    await conn.execute("BEGIN IMMEDIATE")
    try:
        async with conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        await conn.execute(f"PRAGMA user_version = {int(row[0]) if row else 0}")
    finally:
        await conn.rollback()


def _sqlite_version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
        return version
