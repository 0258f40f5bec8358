"""The delivery's tables in PostgreSQL, shared by replicas: inbox, bulk jobs, reachability.

Each replica has a name (:func:`replica_name`) and takes rows with a lease
(``claimed_by``, ``claimed_until``): an update is claimed by the replica that stored it,
a job by the replica that takes it (``FOR UPDATE SKIP LOCKED``: two replicas never take
the same one). A living replica renews its leases (:meth:`PostgresInbox.renew`,
:meth:`PostgresJobQueue.renew`); a replica that stops releases what it leaves unfinished,
and one that dies lets its leases run out: either way another replica takes the rows
over (:meth:`PostgresInbox.pending`, :meth:`PostgresJobQueue.pending`).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, Final

import asyncpg

from bot.delivery.jobs import Job, JobStatus
from bot.storage.db import to_json

KEEP_DONE: Final = timedelta(days=2)  # Telegram re-sends an unconfirmed update for 24 hours
LEASE: Final = timedelta(seconds=30)


def replica_name() -> str:
    """A name for this process, unique across restarts: host, pid and a random part."""
    return f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(3)}"


class PostgresInbox:
    """:class:`bot.delivery.intake.Inbox` in the ``inbox`` table, leased per replica.

    Done rows are kept for two days so that an update Telegram sends again (to any
    replica) is recognised and not handled twice; :meth:`purge` removes older ones.
    """

    def __init__(self, pool: asyncpg.Pool, replica: str, lease: timedelta = LEASE) -> None:
        self._pool = pool
        self.replica = replica
        self.lease = lease

    async def store(self, updates: Sequence[tuple[int, str]]) -> set[int]:
        """Insert the new updates, claimed by this replica; the ids actually inserted."""
        if not updates:
            return set()
        rows = await self._pool.fetch(
            "INSERT INTO inbox (update_id, payload, claimed_by, claimed_until)"
            " SELECT u, p, $3, now() + $4::interval"
            " FROM unnest($1::bigint[], $2::text[]) AS t (u, p)"
            " ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
            [update_id for update_id, _ in updates],
            [payload for _, payload in updates],
            self.replica,
            self.lease,
        )
        return {row["update_id"] for row in rows}

    async def pending(self) -> list[tuple[int, str]]:
        """Claim the updates not done whose lease ran out (a replica stopped or died).

        Never this replica's own: those are in its hands already.
        """
        rows = await self._pool.fetch(
            "WITH free AS ("
            "  SELECT update_id FROM inbox"
            "  WHERE done_at IS NULL AND claimed_by IS DISTINCT FROM $1"
            "    AND (claimed_until IS NULL OR claimed_until < now())"
            "  FOR UPDATE SKIP LOCKED"
            ") UPDATE inbox SET claimed_by = $1, claimed_until = now() + $2::interval"
            " FROM free WHERE inbox.update_id = free.update_id"
            " RETURNING inbox.update_id, inbox.payload",
            self.replica,
            self.lease,
        )
        return sorted((row["update_id"], row["payload"]) for row in rows)

    async def done(self, update_ids: Sequence[int]) -> None:
        """Mark ``update_ids`` handled, in one statement."""
        if update_ids:
            await self._pool.execute(
                "UPDATE inbox SET done_at = now(), claimed_by = NULL, claimed_until = NULL"
                " WHERE update_id = ANY($1::bigint[])",
                list(update_ids),
            )

    async def purge(self) -> None:
        """Forget handled updates older than Telegram would send again."""
        await self._pool.execute(
            "DELETE FROM inbox WHERE done_at < now() - $1::interval", KEEP_DONE
        )

    async def renew(self) -> None:
        """Extend the lease of every update this replica holds and has not finished."""
        await self._pool.execute(
            "UPDATE inbox SET claimed_until = now() + $2::interval"
            " WHERE claimed_by = $1 AND done_at IS NULL",
            self.replica,
            self.lease,
        )

    async def release(self) -> None:
        """Give up the unfinished updates at once (a stop): the next replica to look takes them."""
        await self._pool.execute(
            "UPDATE inbox SET claimed_until = NULL WHERE claimed_by = $1 AND done_at IS NULL",
            self.replica,
        )


def _job(row: asyncpg.Record) -> Job:
    return Job(row["id"], row["kind"], row["chat_id"], json.loads(row["payload"]), row["step"])


class PostgresJobQueue:
    """:class:`bot.delivery.jobs.JobQueue` in the ``jobs`` table, shared by replicas."""

    def __init__(self, pool: asyncpg.Pool, replica: str, lease: timedelta = LEASE) -> None:
        self._pool = pool
        self.replica = replica
        self.lease = lease

    async def add(self, kind: str, chat_id: int, payload: Mapping[str, Any]) -> int:
        """Store a pending job, free for any replica to take; its id."""
        job_id = await self._pool.fetchval(
            "INSERT INTO jobs (kind, chat_id, payload) VALUES ($1, $2, $3) RETURNING id",
            kind,
            chat_id,
            to_json(payload),
        )
        return int(job_id)

    async def pending(self, limit: int, exclude: Sequence[int] = ()) -> list[Job]:
        """Claim up to ``limit`` pending jobs nobody holds, oldest first, none of ``exclude``."""
        rows = await self._pool.fetch(
            "WITH free AS ("
            "  SELECT id FROM jobs"
            "  WHERE status = 'pending' AND NOT (id = ANY($3::bigint[]))"
            "    AND (claimed_until IS NULL OR claimed_until < now())"
            "  ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED"
            ") UPDATE jobs SET claimed_by = $1, claimed_until = now() + $2::interval"
            " FROM free WHERE jobs.id = free.id"
            " RETURNING jobs.id, jobs.kind, jobs.chat_id, jobs.payload, jobs.step",
            self.replica,
            self.lease,
            list(exclude),
            limit,
        )
        return sorted((_job(row) for row in rows), key=lambda job: job.id)

    async def advance(self, job_id: int, step: int) -> None:
        """Record the steps done (and extend the lease)."""
        await self._pool.execute(
            "UPDATE jobs SET step = $2, updated_at = now(), claimed_until = now() + $3::interval"
            " WHERE id = $1",
            job_id,
            step,
            self.lease,
        )

    async def finish(self, job_id: int, status: JobStatus) -> None:
        """Close the job."""
        await self._pool.execute(
            "UPDATE jobs SET status = $2, updated_at = now(), claimed_by = NULL,"
            " claimed_until = NULL WHERE id = $1",
            job_id,
            status.value,
        )

    async def renew(self) -> None:
        """Extend the lease of every pending job this replica holds."""
        await self._pool.execute(
            "UPDATE jobs SET claimed_until = now() + $2::interval"
            " WHERE claimed_by = $1 AND status = 'pending'",
            self.replica,
            self.lease,
        )

    async def release(self) -> None:
        """Give up the pending jobs this replica holds (a stop): another takes them over."""
        await self._pool.execute(
            "UPDATE jobs SET claimed_by = NULL, claimed_until = NULL"
            " WHERE claimed_by = $1 AND status = 'pending'",
            self.replica,
        )


class PostgresReachability:
    """Who blocked the bot (or deleted their account), kept for the author's figures."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def mark_unreachable(self, user_id: int) -> None:
        """Remember that ``user_id`` cannot be reached since now (a ``blocked`` event once)."""
        await self._pool.execute(
            "WITH marked AS ("
            "  INSERT INTO users (id, created_at, unreachable_at) VALUES ($1, now(), now())"
            "  ON CONFLICT (id) DO UPDATE SET unreachable_at = excluded.unreachable_at"
            "  WHERE users.unreachable_at IS NULL RETURNING id"
            ") INSERT INTO events (user_id, kind, created_at)"
            " SELECT id, 'blocked', now() FROM marked",
            user_id,
        )

    async def is_unreachable(self, user_id: int) -> bool:
        """Whether ``user_id`` was found unreachable (and has not written since)."""
        found = await self._pool.fetchval(
            "SELECT unreachable_at IS NOT NULL FROM users WHERE id = $1", user_id
        )
        return bool(found)

    async def mark_reachable(self, user_id: int) -> None:
        """``user_id`` wrote again: they can be reached."""
        await self._pool.execute(
            "UPDATE users SET unreachable_at = NULL WHERE id = $1 AND unreachable_at IS NOT NULL",
            user_id,
        )
