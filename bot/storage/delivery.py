"""The delivery's tables in SQLite: the inbox of updates, bulk jobs, unreachable people."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import aiosqlite

from bot.delivery.jobs import Job, JobStatus
from bot.storage.db import to_json

KEEP_DONE: Final = timedelta(days=2)  # Telegram re-sends an unconfirmed update for 24 hours


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _marks(count: int) -> str:
    return ", ".join("?" * count)


class SQLiteInbox:
    """:class:`bot.delivery.intake.Inbox` in the ``inbox`` table.

    Done rows are kept for two days so that an update Telegram sends again is
    recognised and not handled twice; :meth:`purge` removes older ones. ``before_done``
    (the FSM storage's flush) writes what the updates changed before they are marked done.
    """

    def __init__(
        self,
        conn: aiosqlite.Connection,
        *,
        before_done: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._conn = conn
        self._before_done = before_done

    async def store(self, updates: Sequence[tuple[int, str]]) -> set[int]:
        """Insert the new updates in one statement; the ids actually inserted."""
        if not updates:
            return set()
        now = _now()
        rows = ", ".join("(?, ?, ?)" for _ in updates)
        params = [value for update_id, payload in updates for value in (update_id, payload, now)]
        sql = (
            f"INSERT INTO inbox (update_id, payload, received_at) VALUES {rows} "
            "ON CONFLICT (update_id) DO NOTHING RETURNING update_id"
        )
        async with self._conn.execute(sql, params) as cursor:
            return {row[0] for row in await cursor.fetchall()}

    async def pending(self) -> list[tuple[int, str]]:
        """Updates not done yet, oldest first."""
        sql = "SELECT update_id, payload FROM inbox WHERE done_at IS NULL ORDER BY update_id"
        async with self._conn.execute(sql) as cursor:
            return [(row[0], row[1]) for row in await cursor.fetchall()]

    async def done(self, update_ids: Sequence[int]) -> None:
        """Mark ``update_ids`` handled, in one statement, after ``before_done``."""
        if self._before_done is not None:
            await self._before_done()
        if update_ids:
            sql = f"UPDATE inbox SET done_at = ? WHERE update_id IN ({_marks(len(update_ids))})"
            await self._conn.execute(sql, (_now(), *update_ids))

    async def purge(self) -> None:
        """Forget handled updates older than Telegram would send again."""
        cutoff = (datetime.now(UTC) - KEEP_DONE).isoformat(timespec="milliseconds")
        await self._conn.execute("DELETE FROM inbox WHERE done_at < ?", (cutoff,))


class SQLiteJobQueue:
    """:class:`bot.delivery.jobs.JobQueue` in the ``jobs`` table (one process takes them)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(self, kind: str, chat_id: int, payload: Mapping[str, Any]) -> int:
        """Store a pending job; its id."""
        now = _now()
        sql = (
            "INSERT INTO jobs (kind, chat_id, payload, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id"
        )
        async with self._conn.execute(sql, (kind, chat_id, to_json(payload), now, now)) as cur:
            row = await cur.fetchone()
        assert row is not None
        job_id: int = row[0]
        return job_id

    async def pending(self, limit: int, exclude: Sequence[int] = ()) -> list[Job]:
        """Up to ``limit`` pending jobs, oldest first, skipping ``exclude``."""
        sql = (
            "SELECT id, kind, chat_id, payload, step FROM jobs WHERE status = 'pending' "
            f"AND id NOT IN ({_marks(len(exclude))}) ORDER BY id LIMIT ?"
        )
        async with self._conn.execute(sql, (*exclude, limit)) as cursor:
            rows = await cursor.fetchall()
        return [Job(row[0], row[1], row[2], json.loads(row[3]), row[4]) for row in rows]

    async def advance(self, job_id: int, step: int) -> None:
        """Record the steps done."""
        sql = "UPDATE jobs SET step = ?, updated_at = ? WHERE id = ?"
        await self._conn.execute(sql, (step, _now(), job_id))

    async def finish(self, job_id: int, status: JobStatus) -> None:
        """Close the job."""
        sql = "UPDATE jobs SET status = ?, updated_at = ? WHERE id = ?"
        await self._conn.execute(sql, (status.value, _now(), job_id))


class SQLiteReachability:
    """Who blocked the bot (or deleted their account), kept for the author's figures."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def mark_unreachable(self, user_id: int) -> None:
        """Remember that ``user_id`` cannot be reached since now (a ``blocked`` event once)."""
        now = _now()
        newly = await self._conn.execute_fetchall(
            "INSERT INTO users (id, created_at, unreachable_at) VALUES (?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET unreachable_at = excluded.unreachable_at "
            "WHERE users.unreachable_at IS NULL RETURNING id",
            (user_id, now, now),
        )
        if list(newly):
            await self._conn.execute(
                "INSERT INTO events (user_id, kind, created_at) VALUES (?, 'blocked', ?)",
                (user_id, now),
            )

    async def is_unreachable(self, user_id: int) -> bool:
        """Whether ``user_id`` was found unreachable (and has not written since)."""
        sql = "SELECT unreachable_at IS NOT NULL FROM users WHERE id = ?"
        async with self._conn.execute(sql, (user_id,)) as cursor:
            row = await cursor.fetchone()
        return bool(row and row[0])

    async def mark_reachable(self, user_id: int) -> None:
        """``user_id`` wrote again: they can be reached."""
        sql = "UPDATE users SET unreachable_at = NULL WHERE id = ? AND unreachable_at IS NOT NULL"
        await self._conn.execute(sql, (user_id,))
