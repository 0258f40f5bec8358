"""Health: whether the database, Redis and the webhook server answer, and why not.

Light on purpose (no aiogram): ``python -m bot healthcheck`` runs every 30 s in the
container and must answer within its 5 s. The mapping of a database's or Redis's failure
to one line naming the setting (:class:`bot.config.StartupError`) lives here too, shared
with the start-up (:mod:`bot.storage.backend`). The PostgreSQL and Redis drivers are
imported where they are used: a bot on SQLite never loads them.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Final

import aiohttp

from bot.config import Settings, StartupError

if TYPE_CHECKING:
    from redis.asyncio import Redis

TIMEOUT: Final = 4.0
HEALTH_PATH: Final = "/healthz"


def first_line(error: BaseException) -> str:
    """The first line of what ``error`` says (its type when it says nothing)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def sqlite_problem(error: sqlite3.Error | OSError, shown: str) -> StartupError:
    """The one line for what SQLite or the file system said about the file ``shown``."""
    if isinstance(error, IsADirectoryError):
        return StartupError("startup-db-directory", path=shown)
    if isinstance(error, PermissionError):
        return StartupError("startup-db-readonly", path=shown)
    if isinstance(error, OSError):
        return StartupError("startup-db-failed", reason=error.strerror or type(error).__name__)
    text = str(error).lower()
    if "not a database" in text:
        return StartupError("startup-db-not-database", path=shown)
    if "malformed" in text or "corrupt" in text:
        return StartupError("startup-db-damaged", path=shown)
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StartupError("startup-db-readonly", path=shown)
    if "locked" in text or "busy" in text:
        return StartupError("startup-db-locked", path=shown)
    return StartupError("startup-db-failed", reason=first_line(error))


def postgres_problem(error: BaseException) -> StartupError:
    """The one line for a PostgreSQL server that cannot be used (never the URL)."""
    import asyncpg

    refused = (
        asyncpg.InvalidPasswordError,
        asyncpg.InvalidAuthorizationSpecificationError,
        asyncpg.InvalidCatalogNameError,
    )
    if isinstance(error, refused):
        return StartupError("startup-db-refused")
    if isinstance(error, OSError | TimeoutError | asyncpg.CannotConnectNowError):
        return StartupError("startup-db-unreachable")
    return StartupError("startup-db-failed", reason=first_line(error))


async def open_redis(url: str) -> Redis:
    """A client on ``url`` that has answered PING; :class:`StartupError` if not."""
    from redis import exceptions as redis_errors
    from redis.asyncio import Redis

    try:
        client = Redis.from_url(url, socket_connect_timeout=TIMEOUT)
    except ValueError as error:
        raise StartupError("startup-redis-refused", reason=first_line(error)) from None
    try:
        await client.ping()
    except BaseException as error:
        await client.aclose()
        refused = (
            redis_errors.AuthenticationError,
            redis_errors.AuthorizationError,
            redis_errors.ResponseError,
        )
        if isinstance(error, refused):
            raise StartupError("startup-redis-refused", reason=first_line(error)) from None
        if isinstance(error, redis_errors.RedisError | OSError | TimeoutError):
            raise StartupError("startup-redis-unreachable") from None
        raise
    return client


async def probe_storage(settings: Settings) -> None:
    """Raise :class:`StartupError` unless the database (and Redis) answer; creates nothing.

    A separate process from the bot's: it opens connections of its own, reads, and
    writes nothing (a missing SQLite file is a failure, not a new database).
    """
    async with asyncio.timeout(TIMEOUT):
        if settings.uses_postgres:
            import asyncpg

            try:
                conn = await asyncpg.connect(settings.postgres_dsn, timeout=TIMEOUT)
                try:
                    await conn.fetchval("SELECT 1")
                finally:
                    await conn.close()
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                raise postgres_problem(error) from None
        else:
            await asyncio.to_thread(_probe_sqlite, settings.database_path)
        if settings.redis_url is not None:
            client = await open_redis(settings.redis_url.get_secret_value())
            await client.aclose()


def _probe_sqlite(path: Path) -> None:
    shown = str(path)
    if path.is_dir():
        raise StartupError("startup-db-directory", path=shown)
    if not path.exists():
        raise StartupError("startup-db-missing", path=shown)
    try:
        uri = f"file:{path.resolve()}?mode=rw"
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=TIMEOUT / 2)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        raise sqlite_problem(error, shown) from None


def webhook_health_url(settings: Settings) -> str:
    """Where this host's webhook server answers health checks."""
    host = settings.webhook_host
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.webhook_port}{HEALTH_PATH}"


async def probe_webhook(settings: Settings) -> None:
    """Raise unless this host's webhook server answers ``GET /healthz`` with 200.

    The server itself checks the database and Redis before it answers 200.
    """
    url = webhook_health_url(settings)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as http, http.get(url) as response:
        if response.status != 200:
            text = (await response.text()).strip()[:100]
            raise RuntimeError(f"{url} answered {response.status} {text}")
