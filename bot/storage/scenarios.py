"""Saved scenarios and the owner's event counters: domain types, protocols, SQLite versions."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final, Protocol

import aiosqlite

from bot.storage.db import persist, to_json
from core.scenarios import MAX_NAME_LENGTH, storable

DEFAULT_MAX_PER_USER: Final = 200

_COLUMNS = "id, user_id, name, inputs, created_at"
_UPSERT_USER = "INSERT INTO users (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING"


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named set of calculator inputs saved by one user."""

    id: int
    user_id: int
    name: str
    inputs: dict[str, Any]
    created_at: datetime  # UTC


class ScenarioLimitReached(Exception):
    """The user already keeps the maximum number of scenarios; nothing was saved."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"a user may keep at most {limit} scenarios")
        self.limit = limit


class ScenarioRepository(Protocol):
    """A user's saved scenarios; another user's scenario behaves exactly like a missing one."""

    async def save(self, user_id: int, name: str, inputs: Mapping[str, Any]) -> Scenario:
        """Save a new scenario; raises ScenarioLimitReached when the user has too many."""
        ...

    async def list_page(self, user_id: int, offset: int, limit: int) -> list[Scenario]:
        """Return up to ``limit`` of the user's scenarios, newest first, skipping ``offset``."""
        ...

    async def get(self, user_id: int, scenario_id: int) -> Scenario | None:
        """Return the user's scenario, None if missing or someone else's."""
        ...

    async def rename(self, user_id: int, scenario_id: int, name: str) -> bool:
        """Rename the user's scenario; False if missing or someone else's."""
        ...

    async def delete(self, user_id: int, scenario_id: int) -> bool:
        """Delete the user's scenario; False if missing or someone else's."""
        ...

    async def count(self, user_id: int) -> int:
        """Return how many scenarios the user keeps."""
        ...


class EventKind(StrEnum):
    """What the owner counts: the steps of the funnel, in order, and blocking the bot."""

    NEW = "new"  # wrote to the bot for the first time
    TOOLKIT = "toolkit"  # asked for the kit
    CALCULATION_STARTED = "calc_started"
    CALCULATION = "calculation"  # got a result (value: its LTV/CAC, None when CAC is 0)
    SCENARIO_SAVED = "saved"
    PERSONAL_CHECKLIST = "checklist"  # took the checklist with their own figures
    BLOCKED = "blocked"  # found unreachable (blocked the bot, deleted the account)


class EventLog(Protocol):
    """The owner's counters: how often each kind of event happened."""

    async def record_event(
        self, user_id: int, kind: EventKind, value: float | None = None
    ) -> None:
        """Record that the user did ``kind`` now (``value``: a figure that goes with it)."""
        ...

    async def count_events(self, kind: EventKind) -> int:
        """Return how many ``kind`` events were recorded."""
        ...


def check_name(name: str) -> None:
    """Last line of defence: the caller validates names for the user first."""
    if not storable(name):
        raise ValueError(f"a scenario name must show 1 to {MAX_NAME_LENGTH} characters")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _scenario(row: Any) -> Scenario:
    return Scenario(
        id=row[0],
        user_id=row[1],
        name=row[2],
        inputs=json.loads(row[3]),
        created_at=datetime.fromisoformat(row[4]),
    )


class SQLiteScenarioRepository:
    """ScenarioRepository over a connection from ``open_database``; every write commits.

    No explicit transactions: on a connection shared by many coroutines another one's
    statement would land inside them. Each write is one atomic autocommit statement.
    """

    def __init__(
        self, conn: aiosqlite.Connection, max_per_user: int = DEFAULT_MAX_PER_USER
    ) -> None:
        self._conn = conn
        self._max_per_user = max_per_user

    async def save(self, user_id: int, name: str, inputs: Mapping[str, Any]) -> Scenario:
        """Save a new scenario, or raise ScenarioLimitReached having saved nothing.

        The user upsert is idempotent; the limit check and the insert are one statement,
        so concurrent saves can never pass the limit.
        """
        check_name(name)
        payload = to_json(inputs)
        now = _now()
        await self._conn.execute(_UPSERT_USER, (user_id, now))
        rows = list(
            await self._conn.execute_fetchall(
                "INSERT INTO scenarios (user_id, name, inputs, created_at)"
                " SELECT ?, ?, ?, ?"
                " WHERE (SELECT count(*) FROM scenarios WHERE user_id = ?) < ?"
                f" RETURNING {_COLUMNS}",
                (user_id, name, payload, now, user_id, self._max_per_user),
            )
        )
        if not rows:
            raise ScenarioLimitReached(self._max_per_user)
        await persist(self._conn)  # the person is told it is saved: it must be on disk
        return _scenario(rows[0])

    async def list_page(self, user_id: int, offset: int, limit: int) -> list[Scenario]:
        """Return up to ``limit`` of the user's scenarios, newest first, skipping ``offset``."""
        if offset < 0 or limit < 1:
            raise ValueError(f"bad page: offset={offset}, limit={limit}")
        rows = await self._conn.execute_fetchall(
            f"SELECT {_COLUMNS} FROM scenarios WHERE user_id = ?"
            " ORDER BY id DESC LIMIT ? OFFSET ?",
            (user_id, limit, offset),
        )
        return [_scenario(row) for row in rows]

    async def get(self, user_id: int, scenario_id: int) -> Scenario | None:
        """Return the user's scenario, None if missing or someone else's."""
        rows = list(
            await self._conn.execute_fetchall(
                f"SELECT {_COLUMNS} FROM scenarios WHERE id = ? AND user_id = ?",
                (scenario_id, user_id),
            )
        )
        return _scenario(rows[0]) if rows else None

    async def rename(self, user_id: int, scenario_id: int, name: str) -> bool:
        """Rename the user's scenario; False if missing or someone else's."""
        check_name(name)
        cursor = await self._conn.execute(
            "UPDATE scenarios SET name = ? WHERE id = ? AND user_id = ?",
            (name, scenario_id, user_id),
        )
        await persist(self._conn)
        return cursor.rowcount == 1

    async def delete(self, user_id: int, scenario_id: int) -> bool:
        """Delete the user's scenario; False if missing or someone else's."""
        cursor = await self._conn.execute(
            "DELETE FROM scenarios WHERE id = ? AND user_id = ?", (scenario_id, user_id)
        )
        await persist(self._conn)
        return cursor.rowcount == 1

    async def count(self, user_id: int) -> int:
        """Return how many scenarios the user keeps."""
        return await _scalar(
            self._conn, "SELECT count(*) FROM scenarios WHERE user_id = ?", user_id
        )


class SQLiteEventLog:
    """EventLog in the ``events`` table; every write commits."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def record_event(
        self, user_id: int, kind: EventKind, value: float | None = None
    ) -> None:
        """Record that the user did ``kind`` now (``value``: a figure that goes with it)."""
        now = _now()
        await self._conn.execute(_UPSERT_USER, (user_id, now))
        await self._conn.execute(
            "INSERT INTO events (user_id, kind, created_at, value) VALUES (?, ?, ?, ?)",
            (user_id, kind.value, now, value),
        )

    async def count_events(self, kind: EventKind) -> int:
        """Return how many ``kind`` events were recorded."""
        return await _scalar(self._conn, "SELECT count(*) FROM events WHERE kind = ?", kind.value)


async def _scalar(conn: aiosqlite.Connection, sql: str, *params: object) -> int:
    async with conn.execute(sql, params) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    total: int = row[0]
    return total
