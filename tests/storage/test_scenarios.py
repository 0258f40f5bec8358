"""Scenario repositories and event logs on every backend; SQLite's migrations and plans.

The contract tests take ``backend`` (SQLite and PostgreSQL, from ``conftest.py``); the
tests at the end are about the SQLite file itself.
"""

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.config import Settings
from bot.storage import Backend, open_backend
from bot.storage.db import MIGRATIONS, SchemaVersionError, migrate, open_database, schema_version
from bot.storage.postgres import PostgresScenarioRepository
from bot.storage.scenarios import (
    EventKind,
    ScenarioLimitReached,
    ScenarioRepository,
    SQLiteScenarioRepository,
)
from tests.storage.conftest import Raw

ALICE, BOB = 1001, 2002
INPUTS: dict[str, Any] = {"model": "repeat", "check": 2500, "churn": 0.08, "margin": None}


@pytest.fixture
def repo(backend: Backend) -> ScenarioRepository:
    return backend.repo


def repo_with_limit(backend: Backend, limit: int) -> ScenarioRepository:
    """A repository of ``backend``'s kind keeping at most ``limit`` scenarios a user."""
    if isinstance(backend.database, aiosqlite.Connection):
        return SQLiteScenarioRepository(backend.database, max_per_user=limit)
    return PostgresScenarioRepository(backend.database, max_per_user=limit)


async def bulk_insert(raw: Raw, user_ids: list[int]) -> None:
    """Insert one scenario per item of ``user_ids``, in that order, in one transaction each."""
    now = datetime.now(UTC)
    stamp: object = now if raw.kind == "postgresql" else now.isoformat(timespec="seconds")
    await raw.executemany(
        "INSERT INTO users (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
        [(user_id, stamp) for user_id in sorted(set(user_ids))],
    )
    await raw.executemany(
        "INSERT INTO scenarios (user_id, name, inputs, created_at) VALUES (?, ?, '{}', ?)",
        [(user_id, f"s{n}", stamp) for n, user_id in enumerate(user_ids)],
    )


async def test_save_get_list_rename_delete_count(repo: ScenarioRepository) -> None:
    first = await repo.save(ALICE, "Базовый", INPUTS)
    second = await repo.save(ALICE, "Меньше оттока", {**INPUTS, "churn": 0.05})

    assert first.user_id == ALICE
    assert first.name == "Базовый"
    assert first.inputs == INPUTS
    assert abs(datetime.now(UTC) - first.created_at) < timedelta(minutes=1)
    assert await repo.get(ALICE, first.id) == first
    assert await repo.list_page(ALICE, 0, 10) == [second, first]
    assert await repo.list_page(ALICE, 1, 10) == [first]
    assert await repo.count(ALICE) == 2

    assert await repo.rename(ALICE, first.id, "Исходный") is True
    renamed = await repo.get(ALICE, first.id)
    assert renamed is not None
    assert renamed.name == "Исходный"

    assert await repo.delete(ALICE, first.id) is True
    assert await repo.get(ALICE, first.id) is None
    assert await repo.delete(ALICE, first.id) is False
    assert await repo.rename(ALICE, first.id, "x") is False
    assert await repo.count(ALICE) == 1


async def test_saved_inputs_are_a_copy(repo: ScenarioRepository) -> None:
    inputs = {"levels": [1, 2]}
    saved = await repo.save(ALICE, "Копия", inputs)
    inputs["levels"].append(3)
    assert saved.inputs == {"levels": [1, 2]}


async def test_another_users_scenario_looks_missing(repo: ScenarioRepository) -> None:
    mine = await repo.save(ALICE, "Мой", INPUTS)
    missing_id = mine.id + 1000

    assert await repo.get(BOB, mine.id) is None is await repo.get(BOB, missing_id)
    assert await repo.rename(BOB, mine.id, "Чужой") is False
    assert await repo.rename(BOB, missing_id, "Чужой") is False
    assert await repo.delete(BOB, mine.id) is False
    assert await repo.delete(BOB, missing_id) is False
    assert await repo.list_page(BOB, 0, 10) == []
    assert await repo.count(BOB) == 0
    assert await repo.get(ALICE, mine.id) == mine


async def test_limit_per_user(repo: ScenarioRepository) -> None:
    saved = [await repo.save(ALICE, f"Сценарий {n}", INPUTS) for n in range(200)]

    with pytest.raises(ScenarioLimitReached) as refused:
        await repo.save(ALICE, "Двести первый", INPUTS)
    assert refused.value.limit == 200
    assert await repo.count(ALICE) == 200
    assert (await repo.save(BOB, "Чужой лимит не мешает", INPUTS)).user_id == BOB

    await repo.delete(ALICE, saved[0].id)
    assert (await repo.save(ALICE, "Снова можно", INPUTS)).name == "Снова можно"
    assert await repo.count(ALICE) == 200


async def test_custom_limit(backend: Backend) -> None:
    repo = repo_with_limit(backend, 1)
    await repo.save(ALICE, "Один", INPUTS)
    with pytest.raises(ScenarioLimitReached):
        await repo.save(ALICE, "Два", INPUTS)


async def test_concurrent_saves_never_pass_the_limit(backend: Backend) -> None:
    repo = repo_with_limit(backend, 5)
    results = await asyncio.gather(
        *(repo.save(ALICE, f"Гонка {n}", INPUTS) for n in range(20)), return_exceptions=True
    )
    assert sum(isinstance(result, ScenarioLimitReached) for result in results) == 15
    assert await repo.count(ALICE) == 5


@pytest.mark.parametrize(
    "name",
    [
        '<b>Жирный</b> & <a href="x">ссылка</a> &amp;',
        "🚀 План 🇷🇺 👨‍👩‍👧",
        "مرحبا שלום",
        "  пробелы по краям  ",
        "Я" * 64,
    ],
)
async def test_names_are_stored_as_typed(repo: ScenarioRepository, name: str) -> None:
    saved = await repo.save(ALICE, name, INPUTS)
    assert saved.name == name
    assert (await repo.get(ALICE, saved.id)) == saved
    assert await repo.rename(ALICE, saved.id, name[::-1])
    renamed = await repo.get(ALICE, saved.id)
    assert renamed is not None
    assert renamed.name == name[::-1]


@pytest.mark.parametrize("name", ["", "   ", "Я" * 65])
async def test_bad_names_are_refused(repo: ScenarioRepository, name: str) -> None:
    kept = await repo.save(ALICE, "Хорошее", INPUTS)
    with pytest.raises(ValueError):
        await repo.save(ALICE, name, INPUTS)
    with pytest.raises(ValueError):
        await repo.rename(ALICE, kept.id, name)
    assert await repo.list_page(ALICE, 0, 10) == [kept]


async def test_a_name_is_as_long_as_a_person_counts_it(repo: ScenarioRepository) -> None:
    thumbs = "👍🏽" * 64  # 128 code points, 64 characters: as long as a name may be
    saved = await repo.save(ALICE, thumbs, INPUTS)
    assert saved.name == thumbs
    with pytest.raises(ValueError):
        await repo.rename(ALICE, saved.id, "\u200b\u2800")  # shows nothing
    assert await repo.list_page(ALICE, 0, 10) == [saved]


async def test_inputs_that_are_not_plain_json_are_refused(repo: ScenarioRepository) -> None:
    with pytest.raises(TypeError):
        await repo.save(ALICE, "Дата", {"when": datetime.now(UTC)})
    assert await repo.count(ALICE) == 0


@pytest.mark.parametrize(("offset", "limit"), [(-1, 10), (0, 0), (0, -1)])
async def test_bad_page_is_refused(repo: ScenarioRepository, offset: int, limit: int) -> None:
    with pytest.raises(ValueError):
        await repo.list_page(ALICE, offset, limit)


async def test_paging_10000_scenarios(repo: ScenarioRepository, raw: Raw) -> None:
    mixed = [ALICE, BOB] * 1_000 + [ALICE] * 9_000  # another user's rows in between
    await bulk_insert(raw, mixed)
    assert await repo.count(ALICE) == 10_000

    seen: list[int] = []
    offset = 0
    while page := await repo.list_page(ALICE, offset, 10):
        assert all(scenario.user_id == ALICE for scenario in page)
        seen.extend(scenario.id for scenario in page)
        offset += len(page)

    assert len(seen) == 10_000
    assert seen == sorted(set(seen), reverse=True)
    rows = await raw.fetch("SELECT id FROM scenarios WHERE user_id = ?", ALICE)
    assert set(seen) == {row[0] for row in rows}
    assert await repo.list_page(ALICE, 9_995, 10) == (await repo.list_page(ALICE, 0, 10_000))[-5:]


async def test_saved_scenario_survives_reopening(
    backend: Backend, backend_settings: Settings
) -> None:
    saved = await backend.repo.save(ALICE, "Сохранён", INPUTS)
    await backend.close()

    reopened = await open_backend(backend_settings)
    try:
        assert await reopened.repo.get(ALICE, saved.id) == saved
    finally:
        await reopened.close()


async def test_events_are_counted_by_kind(backend: Backend) -> None:
    events = backend.events
    await events.record_event(ALICE, EventKind.TOOLKIT)
    await events.record_event(BOB, EventKind.TOOLKIT)
    await events.record_event(ALICE, EventKind.CALCULATION)
    assert await events.count_events(EventKind.TOOLKIT) == 2
    assert await events.count_events(EventKind.CALCULATION) == 1


async def test_deleting_a_user_cascades(backend: Backend, raw: Raw) -> None:
    await backend.repo.save(ALICE, "Уйдёт с пользователем", INPUTS)
    await backend.events.record_event(ALICE, EventKind.CALCULATION)
    if raw.kind == "sqlite":
        await raw.execute("PRAGMA foreign_keys = ON")
    await raw.execute("DELETE FROM users WHERE id = ?", ALICE)
    assert await backend.repo.count(ALICE) == 0
    assert await backend.events.count_events(EventKind.CALCULATION) == 0


# ---------------------------------------------------------------------------- SQLite's own


@pytest.fixture
async def conn(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    conn = await open_database(tmp_path / "data" / "bot.db")
    yield conn
    await conn.close()


async def sqlite_bulk_insert(conn: aiosqlite.Connection, user_ids: list[int]) -> None:
    """Insert one scenario per item of ``user_ids``, in that order, in one transaction."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    await conn.execute("BEGIN")
    await conn.executemany(
        "INSERT OR IGNORE INTO users (id, created_at) VALUES (?, ?)",
        [(user_id, now) for user_id in set(user_ids)],
    )
    await conn.executemany(
        "INSERT INTO scenarios (user_id, name, inputs, created_at) VALUES (?, ?, '{}', ?)",
        [(user_id, f"s{n}", now) for n, user_id in enumerate(user_ids)],
    )
    await conn.execute("COMMIT")


async def query_plan(conn: aiosqlite.Connection, sql: str) -> str:
    rows = await conn.execute_fetchall(f"EXPLAIN QUERY PLAN {sql}")
    return " | ".join(row[3] for row in rows)


async def test_queries_use_the_index(conn: aiosqlite.Connection) -> None:
    repo = SQLiteScenarioRepository(conn)
    await sqlite_bulk_insert(conn, [ALICE, BOB] * 50)
    statements: list[str] = []
    await conn.set_trace_callback(statements.append)
    await repo.list_page(ALICE, 20, 10)
    await repo.count(ALICE)
    await repo.get(ALICE, 7)
    list_sql, count_sql, get_sql = statements

    list_plan = await query_plan(conn, list_sql)
    assert "USING INDEX scenarios_user_newest (user_id=?)" in list_plan
    assert "TEMP B-TREE" not in list_plan
    assert "USING COVERING INDEX scenarios_user_newest" in await query_plan(conn, count_sql)
    assert "USING INTEGER PRIMARY KEY (rowid=?)" in await query_plan(conn, get_sql)


async def test_v1_database_is_upgraded_and_keeps_fsm_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    async with aiosqlite.connect(path, isolation_level=None) as old:
        await migrate(old, MIGRATIONS[:1])
        await old.execute(
            "INSERT INTO fsm (key, state, data, updated_at) VALUES ('k', 'Form:name', '{}', 'x')"
        )
        assert await schema_version(old) == 1

    conn = await open_database(path)
    try:
        assert await schema_version(conn) == len(MIGRATIONS)
        rows = await conn.execute_fetchall("SELECT key, state FROM fsm")
        assert [tuple(row) for row in rows] == [("k", "Form:name")]
        assert (await SQLiteScenarioRepository(conn).save(ALICE, "После", INPUTS)).id == 1
    finally:
        await conn.close()


async def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as newer:
        newer.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    newer.close()
    with pytest.raises(SchemaVersionError, match="newer"):
        await open_database(path)


async def test_failed_migration_leaves_no_trace(conn: aiosqlite.Connection) -> None:
    broken = (*MIGRATIONS, ("CREATE TABLE half_done (x)", "NOT SQL AT ALL"))
    with pytest.raises(sqlite3.OperationalError):
        await migrate(conn, broken)
    assert await schema_version(conn) == len(MIGRATIONS)
    rows = await conn.execute_fetchall("SELECT name FROM sqlite_master WHERE name = 'half_done'")
    assert list(rows) == []
    assert not conn.in_transaction


async def test_pragmas(conn: aiosqlite.Connection) -> None:
    for pragma, expected in [
        ("journal_mode", "wal"),
        ("foreign_keys", 1),
        ("synchronous", 1),  # NORMAL: a dialog step is not flushed to disk on its own
        ("busy_timeout", 5000),
    ]:
        rows = list(await conn.execute_fetchall(f"PRAGMA {pragma}"))
        assert rows[0][0] == expected, pragma


async def test_a_saved_scenario_is_flushed_to_disk_at_once(tmp_path: Path) -> None:
    conn = await open_database(tmp_path / "durable.db")
    try:
        repo = SQLiteScenarioRepository(conn)
        await conn.execute("CREATE TABLE scratch (x)")
        await conn.execute("INSERT INTO scratch VALUES (1)")  # a dialog step: left in the WAL
        wal = tmp_path / "durable.db-wal"
        assert wal.stat().st_size > 0
        await repo.save(1, "Клуб", {"model": "subscription"})
        assert wal.stat().st_size == 0, "the save is still only in the WAL"
    finally:
        await conn.close()
