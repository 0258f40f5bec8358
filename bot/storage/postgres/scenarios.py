"""Saved scenarios and the owner's event counters in PostgreSQL (the SQLite versions' twins)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import asyncpg

from bot.storage.db import to_json
from bot.storage.scenarios import (
    DEFAULT_MAX_PER_USER,
    EventKind,
    Scenario,
    ScenarioLimitReached,
    check_name,
)

_COLUMNS = "id, user_id, name, inputs, created_at"
_NOW = "date_trunc('second', now())"  # SQLite keeps seconds: the same values in both


def _scenario(row: asyncpg.Record) -> Scenario:
    return Scenario(
        id=row["id"],
        user_id=row["user_id"],
        name=row["name"],
        inputs=json.loads(row["inputs"]),
        created_at=row["created_at"],
    )


class PostgresScenarioRepository:
    """:class:`bot.storage.ScenarioRepository` over an asyncpg pool.

    The limit per user holds across replicas: a save locks the user's row, counts and
    inserts in one transaction, so concurrent saves for one user take turns.
    """

    def __init__(self, pool: asyncpg.Pool, max_per_user: int = DEFAULT_MAX_PER_USER) -> None:
        self._pool = pool
        self._max_per_user = max_per_user

    async def save(self, user_id: int, name: str, inputs: Mapping[str, Any]) -> Scenario:
        """Save a new scenario, or raise ScenarioLimitReached having saved nothing."""
        check_name(name)
        payload = to_json(inputs)
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "INSERT INTO users (id, created_at) VALUES ($1, now()) "
                "ON CONFLICT (id) DO NOTHING",
                user_id,
            )
            await conn.execute("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", user_id)
            row = await conn.fetchrow(
                "INSERT INTO scenarios (user_id, name, inputs, created_at)"
                f" SELECT $1, $2, $3, {_NOW}"
                " WHERE (SELECT count(*) FROM scenarios WHERE user_id = $1) < $4"
                f" RETURNING {_COLUMNS}",
                user_id,
                name,
                payload,
                self._max_per_user,
            )
        if row is None:
            raise ScenarioLimitReached(self._max_per_user)
        return _scenario(row)

    async def list_page(self, user_id: int, offset: int, limit: int) -> list[Scenario]:
        """Return up to ``limit`` of the user's scenarios, newest first, skipping ``offset``."""
        if offset < 0 or limit < 1:
            raise ValueError(f"bad page: offset={offset}, limit={limit}")
        rows = await self._pool.fetch(
            f"SELECT {_COLUMNS} FROM scenarios WHERE user_id = $1"
            " ORDER BY id DESC LIMIT $2 OFFSET $3",
            user_id,
            limit,
            offset,
        )
        return [_scenario(row) for row in rows]

    async def get(self, user_id: int, scenario_id: int) -> Scenario | None:
        """Return the user's scenario, None if missing or someone else's."""
        row = await self._pool.fetchrow(
            f"SELECT {_COLUMNS} FROM scenarios WHERE id = $1 AND user_id = $2",
            scenario_id,
            user_id,
        )
        return None if row is None else _scenario(row)

    async def rename(self, user_id: int, scenario_id: int, name: str) -> bool:
        """Rename the user's scenario; False if missing or someone else's."""
        check_name(name)
        status = await self._pool.execute(
            "UPDATE scenarios SET name = $1 WHERE id = $2 AND user_id = $3",
            name,
            scenario_id,
            user_id,
        )
        return bool(status == "UPDATE 1")

    async def delete(self, user_id: int, scenario_id: int) -> bool:
        """Delete the user's scenario; False if missing or someone else's."""
        status = await self._pool.execute(
            "DELETE FROM scenarios WHERE id = $1 AND user_id = $2", scenario_id, user_id
        )
        return bool(status == "DELETE 1")

    async def count(self, user_id: int) -> int:
        """Return how many scenarios the user keeps."""
        total = await self._pool.fetchval(
            "SELECT count(*) FROM scenarios WHERE user_id = $1", user_id
        )
        return int(total)


class PostgresEventLog:
    """:class:`bot.storage.EventLog` in the ``events`` table."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def record_event(
        self, user_id: int, kind: EventKind, value: float | None = None
    ) -> None:
        """Record that the user did ``kind`` now (one statement: the user, then the event);
        ``value``: a figure that goes with it (a result's LTV/CAC)."""
        await self._pool.execute(
            "WITH person AS ("
            "  INSERT INTO users (id, created_at) VALUES ($1, now()) ON CONFLICT (id) DO NOTHING"
            ") INSERT INTO events (user_id, kind, created_at, value) VALUES ($1, $2, now(), $3)",
            user_id,
            kind.value,
            value,
        )

    async def count_events(self, kind: EventKind) -> int:
        """Return how many ``kind`` events were recorded."""
        sql = "SELECT count(*) FROM events WHERE kind = $1"
        total = await self._pool.fetchval(sql, kind.value)
        return int(total)
