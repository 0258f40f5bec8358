"""The PostgreSQL backend: one asyncpg pool shared by replicas, leases renewed while alive.

Imported only when ``DATABASE_URL`` names PostgreSQL (:func:`bot.storage.open_backend`):
a bot on SQLite never loads asyncpg.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Final, Protocol

import asyncpg

from bot.config import StartupError
from bot.health import first_line, postgres_problem
from bot.storage.backend import Backend
from bot.storage.db import SchemaVersionError
from bot.storage.postgres import (
    MIGRATIONS,
    PostgresAudience,
    PostgresBroadcasts,
    PostgresEventLog,
    PostgresInbox,
    PostgresJobQueue,
    PostgresReachability,
    PostgresReports,
    PostgresScenarioRepository,
    PostgresStorage,
    migrate,
    replica_name,
    schema_version,
)
from bot.storage.units import UnitOfWork

log = logging.getLogger(__name__)

CONNECT_TIMEOUT: Final = 10.0
POOL_SIZE: Final = 10


async def open_postgres_backend(dsn: str, resources: contextlib.AsyncExitStack) -> Backend:
    """Every repository on one pool (closed by ``resources``); this replica's leases renewed."""
    pool = await open_postgres(dsn)
    resources.push_async_callback(pool.close)
    replica = replica_name()
    inbox = PostgresInbox(pool, replica)
    jobs = PostgresJobQueue(pool, replica)
    broadcasts = PostgresBroadcasts(pool, replica)
    leased: list[_Leases] = [inbox, jobs, broadcasts]
    renewing = asyncio.create_task(_renew_leases(leased, inbox.lease))

    async def stop_renewing() -> None:
        renewing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewing
        try:  # what this replica leaves unfinished goes to the next one at once
            for table in leased:
                await table.release()
        except Exception as error:
            log.warning("could not release this replica's leases (%s); they run out", error)

    resources.push_async_callback(stop_renewing)

    async def ping() -> None:
        await pool.fetchval("SELECT 1")

    log.debug("PostgreSQL backend, replica %s", replica)
    return Backend(
        kind="postgresql",
        fsm=UnitOfWork(PostgresStorage(pool)),
        repo=PostgresScenarioRepository(pool),
        events=PostgresEventLog(pool),
        inbox=inbox,
        jobs=jobs,
        reach=PostgresReachability(pool),
        audience=PostgresAudience(pool),
        reports=PostgresReports(pool),
        broadcasts=broadcasts,
        ping=ping,
        resources=resources,
        database=pool,
        shared=True,
    )


async def open_postgres(dsn: str) -> asyncpg.Pool:
    """A pool on ``dsn``, the schema migrated; :class:`StartupError` if unusable."""
    try:
        pool = await asyncpg.create_pool(
            dsn, min_size=1, max_size=POOL_SIZE, timeout=CONNECT_TIMEOUT
        )
    except (
        OSError,
        TimeoutError,
        ValueError,
        asyncpg.PostgresError,
        asyncpg.InterfaceError,
    ) as error:
        raise postgres_problem(error) from None
    try:
        async with pool.acquire() as conn:
            await migrate(conn)
    except BaseException as error:
        await pool.close()
        if isinstance(error, SchemaVersionError):
            found = await _postgres_version(dsn)
            raise StartupError("startup-db-newer", found=found, known=len(MIGRATIONS)) from None
        if isinstance(error, asyncpg.PostgresError | OSError):
            raise StartupError("startup-db-failed", reason=first_line(error)) from None
        raise
    return pool


async def _postgres_version(dsn: str) -> int:
    conn = await asyncpg.connect(dsn, timeout=CONNECT_TIMEOUT)
    try:
        return await schema_version(conn)
    finally:
        await conn.close()


class _Leases(Protocol):
    """Rows a replica holds while it lives: the inbox, jobs, a broadcast's recipients."""

    async def renew(self) -> None:
        """Extend this replica's leases."""
        ...

    async def release(self) -> None:
        """Give them up (a stop)."""
        ...


async def _renew_leases(leased: list[_Leases], lease: timedelta) -> None:
    """Keep this replica's leases alive: renewed three times per lease."""
    while True:
        await asyncio.sleep(lease.total_seconds() / 3)
        try:
            for table in leased:
                await table.renew()
        except Exception as error:
            log.warning("could not renew this replica's leases: %s", first_line(error))
