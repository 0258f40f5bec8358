"""The author's side in PostgreSQL, shared by replicas (the SQLite versions' twins).

The reports run the same SQL as SQLite's (:mod:`bot.storage.owner`), with numbered
placeholders. A broadcast's recipients are claimed by the replica that sends to them
(``claimed_by``, ``claimed_until``, ``FOR UPDATE SKIP LOCKED``): two replicas running the
same broadcast (one's lease on the job ran out while it still lived) send to different
people, and a dead replica's recipients are taken over once its claim runs out. A living
replica renews its claims (:meth:`PostgresBroadcasts.renew`) and gives them up when it
stops (:meth:`PostgresBroadcasts.release`).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

import asyncpg

from bot.storage.owner import (
    BROADCAST_COLUMNS,
    DIRECT,
    LEADS_SQL,
    Broadcast,
    BroadcastStatus,
    Outcome,
    SourceFunnel,
    Visit,
    broadcast_of,
    came_sql,
    funnel_steps_sql,
    funnels_of,
    lead_of,
    leads_params,
    tally_of,
)
from bot.storage.postgres.delivery import LEASE
from bot.storage.scenarios import EventKind
from core.leads import Lead


def _numbered(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1``, ``$2``…"""
    parts = sql.split("?")
    numbers = (f"${n}" for n in itertools.count(1))
    return "".join(part + next(numbers) for part in parts[:-1]) + parts[-1]


def _changed(status: str) -> bool:
    """Whether an UPDATE's status line says it changed a row."""
    return status != "UPDATE 0"


class PostgresAudience:
    """:class:`bot.storage.owner.Audience` in the ``users`` and ``events`` tables."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def touch(self, visit: Visit) -> bool:
        """One statement: refresh the person, or insert them and their ``new`` event."""
        inserted = await self._pool.fetchval(
            """
            WITH seen AS (
                UPDATE users SET username = $2, first_name = $3, last_seen_at = now(),
                       unreachable_at = NULL, source = COALESCE(source, $4)
                 WHERE id = $1 RETURNING id
            ), came AS (
                INSERT INTO users (id, created_at, username, first_name, source, last_seen_at)
                SELECT $1, now(), $2, $3, COALESCE($4, $5), now()
                 WHERE NOT EXISTS (SELECT 1 FROM seen)
                ON CONFLICT (id) DO NOTHING RETURNING id
            ), new AS (
                INSERT INTO events (user_id, kind, created_at) SELECT id, $6, now() FROM came
            )
            SELECT EXISTS (SELECT 1 FROM came)
            """,
            visit.user_id,
            visit.username,
            visit.first_name,
            visit.source,
            DIRECT,
            EventKind.NEW.value,
        )
        return bool(inserted)

    async def subscribe(self, user_id: int, subscribed: bool) -> bool:
        """Clear or set ``unsubscribed_at``; True if it changed."""
        if subscribed:
            sql = (
                "UPDATE users SET unsubscribed_at = NULL"
                " WHERE id = $1 AND unsubscribed_at IS NOT NULL"
            )
        else:
            sql = (
                "UPDATE users SET unsubscribed_at = now()"
                " WHERE id = $1 AND unsubscribed_at IS NULL"
            )
        return _changed(await self._pool.execute(sql, user_id))


class PostgresReports:
    """:class:`bot.storage.owner.Reports`: SQLite's queries, numbered.

    ``kit_job``: the kind of the bulk job that sends the kit (its end is «kit sent»).
    """

    def __init__(self, pool: asyncpg.Pool, kit_job: str = "kit") -> None:
        self._pool = pool
        self._kit_job = kit_job

    async def funnel(self, since: Sequence[datetime]) -> list[SourceFunnel]:
        """Two grouped queries: people by source, then people by source and step."""
        came = await self._pool.fetch(_numbered(came_sql(len(since))), *since)
        steps_sql, kinds = funnel_steps_sql(len(since))
        steps = await self._pool.fetch(_numbered(steps_sql), *since, *kinds)
        return funnels_of(came, steps)

    async def leads(self) -> list[Lead]:
        """One query (:data:`bot.storage.owner.LEADS_SQL`)."""
        rows = await self._pool.fetch(_numbered(LEADS_SQL), *leads_params(self._kit_job))
        return [lead_of(row) for row in rows]


_REACHABLE = "unreachable_at IS NULL AND unsubscribed_at IS NULL"
"""People a broadcast goes to (a condition on ``users``)."""


class PostgresBroadcasts:
    """:class:`bot.storage.owner.BroadcastStore`; recipients claimed by ``replica``."""

    def __init__(self, pool: asyncpg.Pool, replica: str, lease: timedelta = LEASE) -> None:
        self._pool = pool
        self.replica = replica
        self.lease = lease

    async def create(self, author_id: int, from_chat_id: int, message_id: int, kind: str) -> int:
        """Insert a draft."""
        broadcast_id = await self._pool.fetchval(
            "INSERT INTO broadcasts (author_id, from_chat_id, message_id, kind, status)"
            " VALUES ($1, $2, $3, $4, $5) RETURNING id",
            author_id,
            from_chat_id,
            message_id,
            kind,
            BroadcastStatus.DRAFT.value,
        )
        return int(broadcast_id)

    async def get(self, broadcast_id: int) -> Broadcast | None:
        """Read one broadcast."""
        row = await self._pool.fetchrow(
            f"SELECT {BROADCAST_COLUMNS} FROM broadcasts WHERE id = $1", broadcast_id
        )
        return None if row is None else broadcast_of(row)

    async def audience(self) -> int:
        """Count the people who can be reached and take broadcasts."""
        count = await self._pool.fetchval(f"SELECT count(*) FROM users WHERE {_REACHABLE}")
        return int(count)

    async def move(
        self,
        broadcast_id: int,
        to: BroadcastStatus,
        allowed_from: Collection[BroadcastStatus],
        *,
        panel_id: int | None = None,
    ) -> bool:
        """One conditional update."""
        status = await self._pool.execute(
            "UPDATE broadcasts SET status = $1, panel_id = COALESCE($2, panel_id),"
            " updated_at = now() WHERE id = $3 AND status = ANY($4::text[])",
            to.value,
            panel_id,
            broadcast_id,
            [status.value for status in allowed_from],
        )
        return _changed(status)

    async def claim(self, broadcast_id: int, job_id: int) -> bool:
        """Take the broadcast for ``job_id`` unless another job has it."""
        status = await self._pool.execute(
            "UPDATE broadcasts SET runner_job = $1, updated_at = now(),"
            " status = CASE WHEN status = $2 THEN $3 ELSE status END"
            " WHERE id = $4 AND (runner_job IS NULL OR runner_job = $1)",
            job_id,
            BroadcastStatus.QUEUED.value,
            BroadcastStatus.SENDING.value,
            broadcast_id,
        )
        return _changed(status)

    async def snapshot(self, broadcast_id: int) -> int:
        """Insert the recipients unless there are some already (one statement), count them."""
        await self._pool.execute(
            "INSERT INTO broadcast_recipients (broadcast_id, user_id, status)"
            f" SELECT $1, id, $2 FROM users WHERE {_REACHABLE} AND NOT EXISTS"
            " (SELECT 1 FROM broadcast_recipients WHERE broadcast_id = $1)"
            " ON CONFLICT (broadcast_id, user_id) DO NOTHING",
            broadcast_id,
            Outcome.PENDING.value,
        )
        count = await self._pool.fetchval(
            "SELECT count(*) FROM broadcast_recipients WHERE broadcast_id = $1", broadcast_id
        )
        return int(count)

    async def pending(self, broadcast_id: int, after: int, limit: int) -> list[int]:
        """Skip those who can no longer take it, then claim the next ``limit`` nobody holds."""
        await self._pool.execute(
            "UPDATE broadcast_recipients SET status = $1, updated_at = now()"
            " WHERE broadcast_id = $2 AND status = $3 AND user_id IN (SELECT id FROM users"
            " WHERE unreachable_at IS NOT NULL OR unsubscribed_at IS NOT NULL)",
            Outcome.SKIPPED.value,
            broadcast_id,
            Outcome.PENDING.value,
        )
        rows = await self._pool.fetch(
            "WITH free AS ("
            "  SELECT user_id FROM broadcast_recipients"
            "  WHERE broadcast_id = $1 AND status = $2 AND user_id > $3"
            "    AND (claimed_by IS NULL OR claimed_by = $4 OR claimed_until < now())"
            "  ORDER BY user_id LIMIT $5 FOR UPDATE SKIP LOCKED"
            ") UPDATE broadcast_recipients r"
            " SET claimed_by = $4, claimed_until = now() + $6::interval"
            " FROM free WHERE r.broadcast_id = $1 AND r.user_id = free.user_id"
            " RETURNING r.user_id",
            broadcast_id,
            Outcome.PENDING.value,
            after,
            self.replica,
            limit,
            self.lease,
        )
        return sorted(row["user_id"] for row in rows)

    async def record(self, broadcast_id: int, user_id: int, outcome: Outcome) -> None:
        """One update; the claim goes with the pending status."""
        await self._pool.execute(
            "UPDATE broadcast_recipients SET status = $1, updated_at = now(),"
            " claimed_by = NULL, claimed_until = NULL WHERE broadcast_id = $2 AND user_id = $3",
            outcome.value,
            broadcast_id,
            user_id,
        )

    async def tally(self, broadcast_id: int) -> dict[Outcome, int]:
        """One grouped count."""
        rows = await self._pool.fetch(
            "SELECT status, count(*) FROM broadcast_recipients"
            " WHERE broadcast_id = $1 GROUP BY status",
            broadcast_id,
        )
        return tally_of(rows)

    async def renew(self) -> None:
        """Extend this replica's claims on recipients it has not sent to yet."""
        await self._pool.execute(
            "UPDATE broadcast_recipients SET claimed_until = now() + $2::interval"
            " WHERE claimed_by = $1 AND status = $3",
            self.replica,
            self.lease,
            Outcome.PENDING.value,
        )

    async def release(self) -> None:
        """Give up this replica's claims (a stop): another replica sends to them at once."""
        await self._pool.execute(
            "UPDATE broadcast_recipients SET claimed_by = NULL, claimed_until = NULL"
            " WHERE claimed_by = $1 AND status = $2",
            self.replica,
            Outcome.PENDING.value,
        )
