"""The SQLite database: connection settings, schema migrations and the JSON column codec."""

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import aiosqlite

BUSY_TIMEOUT_MS: Final = 5_000

Migration = tuple[str, ...]
"""One schema step: SQL statements applied together in a single transaction."""

MIGRATIONS: Final[tuple[Migration, ...]] = (
    # v1: dialog state of the FSM storage.
    (
        """
        CREATE TABLE fsm (
            key        TEXT PRIMARY KEY,            -- JSON array of every StorageKey field
            state      TEXT,
            data       TEXT NOT NULL DEFAULT '{}',  -- JSON object
            updated_at TEXT NOT NULL                -- ISO-8601 UTC
        )
        """,
    ),
    # v2: users, their saved scenarios and the owner's event counters.
    (
        """
        CREATE TABLE users (
            id         INTEGER PRIMARY KEY,  -- Telegram user id
            created_at TEXT NOT NULL         -- ISO-8601 UTC
        )
        """,
        """
        CREATE TABLE scenarios (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            name       TEXT NOT NULL,
            inputs     TEXT NOT NULL,  -- JSON object
            created_at TEXT NOT NULL   -- ISO-8601 UTC
        )
        """,
        "CREATE INDEX scenarios_user_newest ON scenarios (user_id, id DESC)",
        """
        CREATE TABLE events (
            id         INTEGER PRIMARY KEY,
            user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            kind       TEXT NOT NULL,
            created_at TEXT NOT NULL  -- ISO-8601 UTC
        )
        """,
        "CREATE INDEX events_kind_user ON events (kind, user_id)",
    ),
    # v3: the delivery's durable inbox and bulk jobs; people the bot cannot reach.
    (
        """
        CREATE TABLE inbox (
            update_id   INTEGER PRIMARY KEY,  -- Telegram's update_id
            payload     TEXT NOT NULL,        -- the update as Telegram sent it (JSON)
            received_at TEXT NOT NULL,        -- ISO-8601 UTC
            done_at     TEXT                  -- NULL until handled (or skipped as unreadable)
        )
        """,
        "CREATE INDEX inbox_pending ON inbox (update_id) WHERE done_at IS NULL",
        """
        CREATE TABLE jobs (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            kind       TEXT NOT NULL,
            chat_id    INTEGER NOT NULL,
            payload    TEXT NOT NULL DEFAULT '{}',  -- JSON object
            step       INTEGER NOT NULL DEFAULT 0,  -- steps already done
            status     TEXT NOT NULL DEFAULT 'pending',  -- pending, done, unreachable, failed
            created_at TEXT NOT NULL,               -- ISO-8601 UTC
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX jobs_pending ON jobs (id) WHERE status = 'pending'",
        "ALTER TABLE users ADD COLUMN unreachable_at TEXT",  # blocked the bot, deleted account
    ),
    # v4: the author's side: who came from where, the funnel, consent, broadcasts.
    (
        "ALTER TABLE users ADD COLUMN username TEXT",  # @username as last seen, without the @
        "ALTER TABLE users ADD COLUMN first_name TEXT",  # as last seen
        # First touch: a deep link's source, 'direct' (no link); NULL: came before v4.
        "ALTER TABLE users ADD COLUMN source TEXT",
        "ALTER TABLE users ADD COLUMN last_seen_at TEXT",  # ISO-8601 UTC, a few minutes coarse
        "ALTER TABLE users ADD COLUMN unsubscribed_at TEXT",  # no broadcasts since then
        "ALTER TABLE events ADD COLUMN value REAL",  # a result's LTV/CAC
        "CREATE INDEX users_created ON users (created_at)",
        # The funnel so far, as events: everyone known was new once, the blocked blocked.
        "INSERT INTO events (user_id, kind, created_at) SELECT id, 'new', created_at FROM users",
        """
        INSERT INTO events (user_id, kind, created_at)
        SELECT id, 'blocked', unreachable_at FROM users WHERE unreachable_at IS NOT NULL
        """,
        """
        CREATE TABLE broadcasts (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            author_id    INTEGER NOT NULL,
            from_chat_id INTEGER NOT NULL,  -- the author's message, copied to everyone
            message_id   INTEGER NOT NULL,
            kind         TEXT NOT NULL,     -- text, photo
            status       TEXT NOT NULL DEFAULT 'draft',
                         -- draft, queued, sending, done, cancelled, discarded
            panel_id     INTEGER,           -- the author's message that shows the progress
            runner_job   INTEGER,           -- the bulk job sending it (another one does nothing)
            created_at   TEXT NOT NULL,     -- ISO-8601 UTC
            updated_at   TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE broadcast_recipients (
            broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
            user_id      INTEGER NOT NULL,
            status       TEXT NOT NULL DEFAULT 'pending',
                         -- pending, sent, blocked, failed, skipped
            updated_at   TEXT,
            PRIMARY KEY (broadcast_id, user_id)
        )
        """,
        """
        CREATE INDEX broadcast_recipients_pending ON broadcast_recipients (broadcast_id, user_id)
        WHERE status = 'pending'
        """,
    ),
)


class SchemaVersionError(RuntimeError):
    """The database was written by a newer version of the bot than this one."""


async def open_database(path: Path) -> aiosqlite.Connection:
    """Open (creating folders and file if needed) the database at ``path``, schema up to date.

    The connection is in autocommit mode: each statement commits on its own, so the
    coroutines sharing it never step into one another's transactions. WAL with
    ``synchronous=NORMAL``: a commit survives the bot's crash (kill -9) at once, and a
    power loss once the WAL is flushed — which :func:`persist` does at once where the bot
    confirms something to the person (a saved scenario), and SQLite does at checkpoints;
    dialog steps are not flushed one by one (a millisecond each).
    Raises :class:`SchemaVersionError` for a database newer than :data:`MIGRATIONS`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(path, isolation_level=None)
    try:
        await conn.executescript(
            f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS};"
            "PRAGMA journal_mode = WAL;"
            "PRAGMA synchronous = NORMAL;"
            "PRAGMA foreign_keys = ON;"
        )
        await migrate(conn)
    except BaseException:
        await conn.close()
        raise
    return conn


async def persist(conn: aiosqlite.Connection) -> None:
    """Flush what is committed to disk (a WAL checkpoint): it now survives a power loss."""
    await conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


async def schema_version(conn: aiosqlite.Connection) -> int:
    """Return the schema version recorded in ``PRAGMA user_version``."""
    async with conn.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    version: int = row[0]
    return version


async def migrate(
    conn: aiosqlite.Connection, migrations: Sequence[Migration] = MIGRATIONS
) -> None:
    """Apply the pending ``migrations`` in order; version N is ``migrations[N - 1]``."""
    current = await schema_version(conn)
    if current > len(migrations):
        raise SchemaVersionError(
            f"database schema v{current} is newer than this bot knows (v{len(migrations)}); "
            "upgrade the bot instead of opening this file with an older one"
        )
    for version in range(current + 1, len(migrations) + 1):
        await _apply(conn, version, migrations[version - 1])


async def _apply(conn: aiosqlite.Connection, version: int, statements: Migration) -> None:
    """Run one migration and bump ``user_version`` in one transaction, or roll it all back."""
    # Statement by statement: ``executescript`` would commit before running the script.
    await conn.execute("BEGIN IMMEDIATE")
    try:
        if await schema_version(conn) < version:  # another process may have just applied it
            for statement in statements:
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {version}")
    except BaseException:
        await conn.rollback()
        raise
    await conn.commit()


def to_json(value: Mapping[str, Any]) -> str:
    """Encode ``value`` for a JSON column; TypeError if it would not read back equal."""
    text = json.dumps(value, ensure_ascii=False)
    if json.loads(text) != value:
        raise TypeError("value changes in a JSON round trip (a tuple, a non-str key or a NaN?)")
    return text
