"""The author's side in the database: people and their sources, the funnel, broadcasts.

Three small interfaces, each with its SQLite version here (PostgreSQL's in
:mod:`bot.storage.postgres.owner`):

- :class:`Audience`: a person writing (name, @username, first touch, last activity) and
  their consent to broadcasts;
- :class:`Reports`: the funnel by source and period, and the list of leads;
- :class:`BroadcastStore`: a broadcast's message and state, its recipients, each one's
  outcome — so that a broadcast resumes after a crash and nobody gets it twice.

The SQL is kept to what PostgreSQL runs too (``ON CONFLICT``, ``RETURNING``, ``CASE``,
``COUNT(DISTINCT …)``); the reports' queries are shared with the PostgreSQL versions
(:mod:`bot.storage.postgres.owner`). Times are ISO-8601 UTC text, compared as text. Every
write is one autocommit statement: the connection is shared by many coroutines.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final, Protocol

import aiosqlite

from bot.storage.scenarios import EventKind
from core.leads import Lead

DIRECT: Final = "direct"
"""The source of a person whose first message came without a deep link."""


def _now() -> str:
    return _stamp(datetime.now(UTC))


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _time(value: str | datetime | None) -> datetime | None:
    """A moment as stored: ISO-8601 text (SQLite) or a datetime (PostgreSQL); UTC if naive."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _marks(count: int) -> str:
    return ", ".join("?" * count)


# ---------------------------------------------------------------------------- audience


@dataclass(frozen=True, slots=True)
class Visit:
    """A person writing to the bot, as the update shows them."""

    user_id: int
    first_name: str
    username: str | None = None
    source: str | None = None
    """The source of the deep link in this update, if any."""


class Audience(Protocol):
    """People as the author counts them; consent to broadcasts."""

    async def touch(self, visit: Visit) -> bool:
        """Record that a person wrote now; True the first time (a ``new`` event then).

        The first touch is kept: ``visit.source`` (or ``direct`` without one) becomes the
        person's source when they are new, or when none was recorded for them before.
        A person who writes can be reached again.
        """
        ...

    async def subscribe(self, user_id: int, subscribed: bool) -> bool:
        """Take or stop broadcasts; True if that changed anything."""
        ...


class SQLiteAudience:
    """:class:`Audience` in the ``users`` and ``events`` tables."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def touch(self, visit: Visit) -> bool:
        """Refresh the person (one statement), or insert them and the ``new`` event."""
        now = _now()
        cursor = await self._conn.execute(
            "UPDATE users SET username = ?, first_name = ?, last_seen_at = ?,"
            " unreachable_at = NULL, source = COALESCE(source, ?) WHERE id = ?",
            (visit.username, visit.first_name, now, visit.source, visit.user_id),
        )
        if cursor.rowcount == 1:
            return False
        inserted = list(
            await self._conn.execute_fetchall(
                "INSERT INTO users (id, created_at, username, first_name, source, last_seen_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
                (
                    visit.user_id,
                    now,
                    visit.username,
                    visit.first_name,
                    visit.source or DIRECT,
                    now,
                ),
            )
        )
        if inserted:
            await self._conn.execute(
                "INSERT INTO events (user_id, kind, created_at) VALUES (?, ?, ?)",
                (visit.user_id, EventKind.NEW.value, now),
            )
            return True
        return False  # pragma: no cover  (inserted by someone else in between)

    async def subscribe(self, user_id: int, subscribed: bool) -> bool:
        """Clear or set ``unsubscribed_at``; True if it changed."""
        if subscribed:
            sql = (
                "UPDATE users SET unsubscribed_at = NULL"
                " WHERE id = ? AND unsubscribed_at IS NOT NULL"
            )
            cursor = await self._conn.execute(sql, (user_id,))
        else:
            sql = "UPDATE users SET unsubscribed_at = ? WHERE id = ? AND unsubscribed_at IS NULL"
            cursor = await self._conn.execute(sql, (_now(), user_id))
        return cursor.rowcount == 1


# ---------------------------------------------------------------------------- reports

FUNNEL: Final = (
    EventKind.TOOLKIT,
    EventKind.CALCULATION_STARTED,
    EventKind.CALCULATION,
    EventKind.SCENARIO_SAVED,
    EventKind.PERSONAL_CHECKLIST,
    EventKind.BLOCKED,
)
"""The steps counted after «came», in the order the author reads them."""


@dataclass(frozen=True, slots=True)
class SourceFunnel:
    """People of one source: how many came in each period, and how many of them did each step.

    Periods are those asked of :meth:`Reports.funnel` (people who came since each
    moment), then all time: every tuple has one number per period.
    """

    source: str | None
    came: tuple[int, ...]
    steps: dict[EventKind, tuple[int, ...]] = field(default_factory=dict)

    def step(self, kind: EventKind) -> tuple[int, ...]:
        """People who did ``kind`` (zeros when nobody did)."""
        return self.steps.get(kind, (0,) * len(self.came))


class Reports(Protocol):
    """What the author reads: the funnel and the list of leads."""

    async def funnel(self, since: Sequence[datetime]) -> list[SourceFunnel]:
        """Per source, most people first: of the people who came since each of ``since``
        (and of all), how many did each step of :data:`FUNNEL` (ever)."""
        ...

    async def leads(self) -> list[Lead]:
        """Everyone who wrote to the bot, oldest first, each once."""
        ...


class SQLiteReports:
    """:class:`Reports` over the ``users``, ``events``, ``scenarios`` and ``jobs`` tables.

    ``kit_job``: the kind of the bulk job that sends the kit (its end is «kit sent»).
    """

    def __init__(self, conn: aiosqlite.Connection, kit_job: str = "kit") -> None:
        self._conn = conn
        self._kit_job = kit_job

    async def funnel(self, since: Sequence[datetime]) -> list[SourceFunnel]:
        """Two grouped queries: people by source, then people by source and step."""
        cutoffs = [_stamp(moment) for moment in since]
        came = await self._conn.execute_fetchall(came_sql(len(cutoffs)), cutoffs)
        steps_sql, kinds = funnel_steps_sql(len(cutoffs))
        steps = await self._conn.execute_fetchall(steps_sql, [*cutoffs, *kinds])
        return funnels_of(came, steps)

    async def leads(self) -> list[Lead]:
        """One query (:data:`LEADS_SQL`)."""
        rows = await self._conn.execute_fetchall(LEADS_SQL, leads_params(self._kit_job))
        return [lead_of(row) for row in rows]


# The reports' SQL, run as it is by SQLite and with numbered placeholders by PostgreSQL.


def came_sql(periods: int) -> str:
    """People by source: how many came since each of ``periods`` moments (``?``), then all."""
    since = "".join("SUM(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), " for _ in range(periods))
    return f"SELECT source, {since}COUNT(*) FROM users GROUP BY source"


def funnel_steps_sql(periods: int) -> tuple[str, list[str]]:
    """People by source and step of :data:`FUNNEL` (the moments' ``?`` first), and the steps'
    kinds to pass after the moments."""
    since = "".join(
        "COUNT(DISTINCT CASE WHEN u.created_at >= ? THEN e.user_id END), " for _ in range(periods)
    )
    kinds = [kind.value for kind in FUNNEL]
    sql = (
        f"SELECT u.source, e.kind, {since}COUNT(DISTINCT e.user_id)"
        " FROM events e JOIN users u ON u.id = e.user_id"
        f" WHERE e.kind IN ({_marks(len(kinds))}) GROUP BY u.source, e.kind"
    )
    return sql, kinds


LEADS_SQL: Final = """
    SELECT u.id, u.username, u.first_name, u.created_at, u.source, k.sent_at,
           COALESCE(c.n, 0),
           (SELECT e.value FROM events e
             WHERE e.user_id = u.id AND e.kind = ? ORDER BY e.id DESC LIMIT 1),
           COALESCE(s.n, 0), COALESCE(u.last_seen_at, u.created_at),
           u.unreachable_at, u.unsubscribed_at
      FROM users u
      LEFT JOIN (SELECT chat_id, MAX(updated_at) AS sent_at FROM jobs
                  WHERE kind = ? AND status = 'done' GROUP BY chat_id) k
             ON k.chat_id = u.id
      LEFT JOIN (SELECT user_id, COUNT(*) AS n FROM events
                  WHERE kind = ? GROUP BY user_id) c
             ON c.user_id = u.id
      LEFT JOIN (SELECT user_id, COUNT(*) AS n FROM scenarios GROUP BY user_id) s
             ON s.user_id = u.id
     ORDER BY u.created_at, u.id
"""
"""Everyone, oldest first, each once: the aggregates joined once each, the last ratio by
the index; its parameters are :func:`leads_params`."""


def leads_params(kit_job: str) -> tuple[str, str, str]:
    """The parameters of :data:`LEADS_SQL`: ``kit_job`` is the kind of the kit's bulk job."""
    result = EventKind.CALCULATION.value
    return (result, kit_job, result)


def _counts(values: Sequence[Any]) -> tuple[int, ...]:
    return tuple(int(value or 0) for value in values)


def funnels_of(came: Iterable[Any], steps: Iterable[Any]) -> list[SourceFunnel]:
    """:meth:`Reports.funnel` from its two queries' rows, most people first.

    ``came``: (source, people per period…); ``steps``: (source, kind, people per period…).
    """
    by_step: dict[str | None, dict[EventKind, tuple[int, ...]]] = {}
    for row in steps:
        by_step.setdefault(row[0], {})[EventKind(row[1])] = _counts(row[2:])
    funnels = [SourceFunnel(row[0], _counts(row[1:]), by_step.get(row[0], {})) for row in came]
    funnels.sort(key=lambda f: (-f.came[-1], f.source is None, f.source or ""))
    return funnels


def lead_of(row: Any) -> Lead:
    """A row of the leads query (the same columns on every backend) as a :class:`Lead`."""
    first_seen = _time(row[3])
    assert first_seen is not None
    last_active = _time(row[9]) or first_seen
    return Lead(
        user_id=row[0],
        username=row[1],
        first_name=row[2],
        first_seen=first_seen,
        source=row[4],
        kit_sent_at=_time(row[5]),
        calculations=row[6],
        last_ltv_cac=row[7],
        scenarios=row[8],
        last_active=max(last_active, first_seen),
        blocked_at=_time(row[10]),
        unsubscribed_at=_time(row[11]),
    )


# ---------------------------------------------------------------------------- broadcasts


class BroadcastStatus(StrEnum):
    """Where a broadcast is."""

    DRAFT = "draft"  # shown to the author, not confirmed
    QUEUED = "queued"  # confirmed; its job is about to start
    SENDING = "sending"  # its job runs (or will resume after a restart)
    DONE = "done"
    CANCELLED = "cancelled"  # stopped by the author; who got it, got it
    DISCARDED = "discarded"  # a draft the author dropped


class Outcome(StrEnum):
    """What happened to a broadcast for one recipient."""

    PENDING = "pending"
    SENT = "sent"
    BLOCKED = "blocked"  # 403: blocked the bot, deleted the account
    FAILED = "failed"  # Telegram refused it otherwise
    SKIPPED = "skipped"  # blocked or unsubscribed before their turn came


@dataclass(frozen=True, slots=True)
class Broadcast:
    """A message of the author's, to be copied to everyone who takes broadcasts."""

    id: int
    author_id: int
    from_chat_id: int
    message_id: int
    kind: str
    status: BroadcastStatus
    panel_id: int | None
    runner_job: int | None


class BroadcastStore(Protocol):
    """Broadcasts and, for each, every recipient's outcome."""

    async def create(self, author_id: int, from_chat_id: int, message_id: int, kind: str) -> int:
        """Store a draft of the message ``message_id`` in ``from_chat_id``; its id."""
        ...

    async def get(self, broadcast_id: int) -> Broadcast | None:
        """The broadcast, None if there is no such one."""
        ...

    async def audience(self) -> int:
        """How many people a broadcast would go to now (reachable, not unsubscribed)."""
        ...

    async def move(
        self,
        broadcast_id: int,
        to: BroadcastStatus,
        allowed_from: Collection[BroadcastStatus],
        *,
        panel_id: int | None = None,
    ) -> bool:
        """Change the status if it is one of ``allowed_from`` (and remember ``panel_id``,
        if given); whether it changed."""
        ...

    async def claim(self, broadcast_id: int, job_id: int) -> bool:
        """Let job ``job_id`` send the broadcast: True unless another job already does.

        A queued broadcast becomes ``sending``; a second job submitted for the same
        broadcast (a confirmation handled twice after a crash) gets False.
        """
        ...

    async def snapshot(self, broadcast_id: int) -> int:
        """Make everyone who takes broadcasts now a recipient (once); how many there are."""
        ...

    async def pending(self, broadcast_id: int, after: int, limit: int) -> list[int]:
        """Take up to ``limit`` recipients still to be sent to, ids above ``after``, in order.

        Recipients who meanwhile blocked the bot or unsubscribed are marked ``skipped``.
        Where replicas share the store, the recipients returned are claimed by this one:
        another replica gets none of them until this one records them or its claim runs
        out (it died) — so a copy is never sent by two replicas outside a crash window.
        """
        ...

    async def record(self, broadcast_id: int, user_id: int, outcome: Outcome) -> None:
        """Remember what happened for one recipient."""
        ...

    async def tally(self, broadcast_id: int) -> dict[Outcome, int]:
        """How many recipients have each outcome (pending included)."""
        ...


BROADCAST_COLUMNS: Final = (
    "id, author_id, from_chat_id, message_id, kind, status, panel_id, runner_job"
)


def broadcast_of(row: Any) -> Broadcast:
    """A row of :data:`BROADCAST_COLUMNS` as a :class:`Broadcast`."""
    return Broadcast(
        id=row[0],
        author_id=row[1],
        from_chat_id=row[2],
        message_id=row[3],
        kind=row[4],
        status=BroadcastStatus(row[5]),
        panel_id=row[6],
        runner_job=row[7],
    )


class SQLiteBroadcasts:
    """:class:`BroadcastStore` in the ``broadcasts`` and ``broadcast_recipients`` tables."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def create(self, author_id: int, from_chat_id: int, message_id: int, kind: str) -> int:
        """Insert a draft."""
        now = _now()
        rows = list(
            await self._conn.execute_fetchall(
                "INSERT INTO broadcasts (author_id, from_chat_id, message_id, kind, status,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (author_id, from_chat_id, message_id, kind, BroadcastStatus.DRAFT, now, now),
            )
        )
        broadcast_id: int = rows[0][0]
        return broadcast_id

    async def get(self, broadcast_id: int) -> Broadcast | None:
        """Read one broadcast."""
        rows = list(
            await self._conn.execute_fetchall(
                f"SELECT {BROADCAST_COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,)
            )
        )
        return broadcast_of(rows[0]) if rows else None

    async def audience(self) -> int:
        """Count the people who can be reached and take broadcasts."""
        rows = list(
            await self._conn.execute_fetchall(
                "SELECT COUNT(*) FROM users"
                " WHERE unreachable_at IS NULL AND unsubscribed_at IS NULL"
            )
        )
        count: int = rows[0][0]
        return count

    async def move(
        self,
        broadcast_id: int,
        to: BroadcastStatus,
        allowed_from: Collection[BroadcastStatus],
        *,
        panel_id: int | None = None,
    ) -> bool:
        """One conditional update."""
        allowed = [status.value for status in allowed_from]
        cursor = await self._conn.execute(
            "UPDATE broadcasts SET status = ?, panel_id = COALESCE(?, panel_id), updated_at = ?"
            f" WHERE id = ? AND status IN ({_marks(len(allowed))})",
            (to.value, panel_id, _now(), broadcast_id, *allowed),
        )
        return cursor.rowcount == 1

    async def claim(self, broadcast_id: int, job_id: int) -> bool:
        """Take the broadcast for ``job_id`` unless another job has it."""
        cursor = await self._conn.execute(
            "UPDATE broadcasts SET runner_job = ?, updated_at = ?,"
            " status = CASE WHEN status = ? THEN ? ELSE status END"
            " WHERE id = ? AND (runner_job IS NULL OR runner_job = ?)",
            (
                job_id,
                _now(),
                BroadcastStatus.QUEUED.value,
                BroadcastStatus.SENDING.value,
                broadcast_id,
                job_id,
            ),
        )
        return cursor.rowcount == 1

    async def snapshot(self, broadcast_id: int) -> int:
        """Insert the recipients unless there are some already (one statement), count them."""
        await self._conn.execute(
            "INSERT INTO broadcast_recipients (broadcast_id, user_id, status)"
            " SELECT ?, id, ? FROM users"
            " WHERE unreachable_at IS NULL AND unsubscribed_at IS NULL AND NOT EXISTS"
            " (SELECT 1 FROM broadcast_recipients WHERE broadcast_id = ?)"
            " ON CONFLICT (broadcast_id, user_id) DO NOTHING",
            (broadcast_id, Outcome.PENDING.value, broadcast_id),
        )
        rows = list(
            await self._conn.execute_fetchall(
                "SELECT COUNT(*) FROM broadcast_recipients WHERE broadcast_id = ?",
                (broadcast_id,),
            )
        )
        count: int = rows[0][0]
        return count

    async def pending(self, broadcast_id: int, after: int, limit: int) -> list[int]:
        """Skip those who can no longer take it, then read the next ``limit``."""
        await self._conn.execute(
            "UPDATE broadcast_recipients SET status = ?, updated_at = ?"
            " WHERE broadcast_id = ? AND status = ? AND user_id IN (SELECT id FROM users"
            " WHERE unreachable_at IS NOT NULL OR unsubscribed_at IS NOT NULL)",
            (Outcome.SKIPPED.value, _now(), broadcast_id, Outcome.PENDING.value),
        )
        rows = await self._conn.execute_fetchall(
            "SELECT user_id FROM broadcast_recipients"
            " WHERE broadcast_id = ? AND status = ? AND user_id > ? ORDER BY user_id LIMIT ?",
            (broadcast_id, Outcome.PENDING.value, after, limit),
        )
        return [row[0] for row in rows]

    async def record(self, broadcast_id: int, user_id: int, outcome: Outcome) -> None:
        """One update."""
        await self._conn.execute(
            "UPDATE broadcast_recipients SET status = ?, updated_at = ?"
            " WHERE broadcast_id = ? AND user_id = ?",
            (outcome.value, _now(), broadcast_id, user_id),
        )

    async def tally(self, broadcast_id: int) -> dict[Outcome, int]:
        """One grouped count."""
        rows = await self._conn.execute_fetchall(
            "SELECT status, COUNT(*) FROM broadcast_recipients"
            " WHERE broadcast_id = ? GROUP BY status",
            (broadcast_id,),
        )
        return tally_of(rows)


def tally_of(rows: Iterable[Any]) -> dict[Outcome, int]:
    """Rows of (status, count) as a count for every :class:`Outcome`."""
    counts = dict.fromkeys(Outcome, 0)
    for status, count in rows:
        counts[Outcome(status)] = count
    return counts
