"""The author's side in SQLite: people and first touch, the funnel, leads, broadcasts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest

from bot.delivery import JobStatus
from bot.storage.db import MIGRATIONS, migrate, open_database
from bot.storage.delivery import SQLiteJobQueue, SQLiteReachability
from bot.storage.owner import (
    DIRECT,
    BroadcastStatus,
    Outcome,
    SQLiteAudience,
    SQLiteBroadcasts,
    SQLiteReports,
    Visit,
)
from bot.storage.scenarios import EventKind, SQLiteEventLog, SQLiteScenarioRepository

ANNA, BORIS, VERA, GLEB = 101, 102, 103, 104


@pytest.fixture
async def conn(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    conn = await open_database(tmp_path / "ltv.db")
    yield conn
    await conn.close()


async def rows(conn: aiosqlite.Connection, sql: str, *params: object) -> list[tuple[object, ...]]:
    return [tuple(row) for row in await conn.execute_fetchall(sql, params)]


async def backdate(conn: aiosqlite.Connection, user_id: int, days: float) -> None:
    """Make ``user_id`` have come ``days`` ago."""
    moment = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    await conn.execute("UPDATE users SET created_at = ? WHERE id = ?", (moment, user_id))


async def test_a_person_is_new_once_and_keeps_the_first_source(
    conn: aiosqlite.Connection,
) -> None:
    audience = SQLiteAudience(conn)
    assert await audience.touch(Visit(ANNA, "Анна", "anna", source="vk"))
    assert not await audience.touch(Visit(ANNA, "Анна К.", "anna_k", source="tg"))
    assert not await audience.touch(Visit(ANNA, "Анна К.", "anna_k"))
    assert await audience.touch(Visit(BORIS, "Борис"))  # the word «LTV»: no link

    assert await rows(conn, "SELECT id, username, first_name, source FROM users ORDER BY id") == [
        (ANNA, "anna_k", "Анна К.", "vk"),
        (BORIS, None, "Борис", DIRECT),
    ]
    assert await rows(conn, "SELECT user_id FROM events WHERE kind = 'new' ORDER BY id") == [
        (ANNA,),
        (BORIS,),
    ]


async def test_someone_known_before_sources_gets_the_first_one_seen(
    conn: aiosqlite.Connection,
) -> None:
    await SQLiteEventLog(conn).record_event(ANNA, EventKind.TOOLKIT)  # known, no source
    audience = SQLiteAudience(conn)
    assert not await audience.touch(Visit(ANNA, "Анна"))
    assert await rows(conn, "SELECT source FROM users") == [(None,)], "no link: still unknown"
    await audience.touch(Visit(ANNA, "Анна", source="webinar"))
    await audience.touch(Visit(ANNA, "Анна", source="later"))
    assert await rows(conn, "SELECT source FROM users") == [("webinar",)]


async def test_blocking_is_one_event_and_writing_again_makes_one_reachable(
    conn: aiosqlite.Connection,
) -> None:
    audience, reach = SQLiteAudience(conn), SQLiteReachability(conn)
    await audience.touch(Visit(ANNA, "Анна"))
    await reach.mark_unreachable(ANNA)
    await reach.mark_unreachable(ANNA)
    assert await reach.is_unreachable(ANNA)
    assert await rows(conn, "SELECT count(*) FROM events WHERE kind = 'blocked'") == [(1,)]

    await audience.touch(Visit(ANNA, "Анна"))
    assert not await reach.is_unreachable(ANNA)
    await reach.mark_unreachable(ANNA)
    assert await rows(conn, "SELECT count(*) FROM events WHERE kind = 'blocked'") == [(2,)]


async def test_consent_is_kept_and_changes_only_when_it_changes(
    conn: aiosqlite.Connection,
) -> None:
    audience = SQLiteAudience(conn)
    await audience.touch(Visit(ANNA, "Анна"))
    assert await audience.subscribe(ANNA, subscribed=False)
    assert not await audience.subscribe(ANNA, subscribed=False)
    assert await rows(conn, "SELECT unsubscribed_at IS NOT NULL FROM users") == [(1,)]
    assert await audience.subscribe(ANNA, subscribed=True)
    assert not await audience.subscribe(ANNA, subscribed=True)
    assert not await audience.subscribe(999, subscribed=False), "nobody: nothing"


async def test_the_funnel_counts_people_by_when_they_came_and_source(
    conn: aiosqlite.Connection,
) -> None:
    audience, events = SQLiteAudience(conn), SQLiteEventLog(conn)
    await audience.touch(Visit(ANNA, "Анна", source="vk"))
    await audience.touch(Visit(BORIS, "Борис", source="vk"))
    await audience.touch(Visit(VERA, "Вера"))
    await audience.touch(Visit(GLEB, "Глеб", source="tg"))
    await backdate(conn, BORIS, 3)
    await backdate(conn, GLEB, 30)
    for person in (ANNA, BORIS, VERA, GLEB):
        await events.record_event(person, EventKind.TOOLKIT)
    await events.record_event(ANNA, EventKind.TOOLKIT)  # twice: one person
    for person in (ANNA, BORIS):
        await events.record_event(person, EventKind.CALCULATION_STARTED)
    await events.record_event(ANNA, EventKind.CALCULATION, 2.5)
    await events.record_event(ANNA, EventKind.SCENARIO_SAVED)
    await events.record_event(GLEB, EventKind.CALCULATION, None)
    await SQLiteReachability(conn).mark_unreachable(VERA)

    now = datetime.now(UTC)
    funnels = await SQLiteReports(conn).funnel([now - timedelta(days=1), now - timedelta(days=7)])
    by_source = {funnel.source: funnel for funnel in funnels}
    assert [f.source for f in funnels] == ["vk", DIRECT, "tg"], "most people first"
    vk, direct, tg = by_source["vk"], by_source[DIRECT], by_source["tg"]
    assert vk.came == (1, 2, 2)
    assert vk.step(EventKind.TOOLKIT) == (1, 2, 2)
    assert vk.step(EventKind.CALCULATION_STARTED) == (1, 2, 2)
    assert vk.step(EventKind.CALCULATION) == (1, 1, 1)
    assert vk.step(EventKind.SCENARIO_SAVED) == (1, 1, 1)
    assert vk.step(EventKind.PERSONAL_CHECKLIST) == (0, 0, 0)
    assert direct.came == (1, 1, 1)
    assert direct.step(EventKind.BLOCKED) == (1, 1, 1)
    assert tg.came == (0, 0, 1)
    assert tg.step(EventKind.CALCULATION) == (0, 0, 1)
    assert await SQLiteReports(conn).funnel([]) != []


async def test_leads_list_everyone_once_with_their_figures(conn: aiosqlite.Connection) -> None:
    audience, events = SQLiteAudience(conn), SQLiteEventLog(conn)
    jobs, repo = SQLiteJobQueue(conn), SQLiteScenarioRepository(conn)
    await audience.touch(Visit(ANNA, '=HYPERLINK("x")', "anna", source="vk"))
    await audience.touch(Visit(BORIS, "Борис"))
    for _ in range(3):  # one kit asked three times, two sent
        await jobs.add("kit", ANNA, {})
    await jobs.finish(1, JobStatus.DONE)
    await jobs.finish(2, JobStatus.DONE)
    await jobs.add("broadcast", BORIS, {})
    await jobs.finish(4, JobStatus.DONE)  # not a kit
    await events.record_event(ANNA, EventKind.CALCULATION, 1.5)
    await events.record_event(ANNA, EventKind.CALCULATION, 4.25)
    await repo.save(ANNA, "Клуб", {"model": "subscription"})
    await audience.subscribe(BORIS, subscribed=False)
    await SQLiteReachability(conn).mark_unreachable(BORIS)

    anna, boris = await SQLiteReports(conn).leads()
    assert (anna.user_id, anna.username, anna.first_name, anna.source) == (
        ANNA,
        "anna",
        '=HYPERLINK("x")',
        "vk",
    )
    assert anna.kit_sent_at is not None
    assert (anna.calculations, anna.last_ltv_cac, anna.scenarios) == (2, 4.25, 1)
    assert anna.blocked_at is None and anna.unsubscribed_at is None
    assert anna.last_active >= anna.first_seen
    assert (boris.user_id, boris.source, boris.kit_sent_at) == (BORIS, DIRECT, None)
    assert (boris.calculations, boris.last_ltv_cac, boris.scenarios) == (0, None, 0)
    assert boris.blocked_at is not None and boris.unsubscribed_at is not None


async def test_a_broadcast_claimed_by_one_job_is_refused_to_another(
    conn: aiosqlite.Connection,
) -> None:
    store = SQLiteBroadcasts(conn)
    broadcast_id = await store.create(ANNA, ANNA, 7, "text")
    draft = await store.get(broadcast_id)
    assert draft is not None
    assert (draft.status, draft.from_chat_id, draft.message_id, draft.kind) == (
        BroadcastStatus.DRAFT,
        ANNA,
        7,
        "text",
    )
    assert await store.get(broadcast_id + 1) is None
    assert not await store.move(broadcast_id, BroadcastStatus.CANCELLED, [BroadcastStatus.SENDING])
    assert await store.move(
        broadcast_id, BroadcastStatus.QUEUED, [BroadcastStatus.DRAFT], panel_id=9
    )
    assert await store.claim(broadcast_id, job_id=5)
    assert await store.claim(broadcast_id, job_id=5), "the same job, resumed"
    assert not await store.claim(broadcast_id, job_id=6)
    claimed = await store.get(broadcast_id)
    assert claimed is not None
    assert (claimed.status, claimed.panel_id, claimed.runner_job) == (
        BroadcastStatus.SENDING,
        9,
        5,
    )


async def test_recipients_are_written_once_and_those_who_left_are_skipped(
    conn: aiosqlite.Connection,
) -> None:
    audience, store = SQLiteAudience(conn), SQLiteBroadcasts(conn)
    for person in (ANNA, BORIS, VERA, GLEB):
        await audience.touch(Visit(person, "X"))
    await SQLiteReachability(conn).mark_unreachable(GLEB)
    assert await store.audience() == 3
    broadcast_id = await store.create(ANNA, ANNA, 7, "text")
    assert await store.snapshot(broadcast_id) == 3
    await audience.touch(Visit(999, "Поздний"))  # came after it began: not a recipient
    assert await store.snapshot(broadcast_id) == 3, "once"

    assert await store.pending(broadcast_id, 0, 2) == [ANNA, BORIS]
    await store.record(broadcast_id, ANNA, Outcome.SENT)
    await audience.subscribe(BORIS, subscribed=False)
    assert await store.pending(broadcast_id, ANNA, 10) == [VERA]
    await store.record(broadcast_id, VERA, Outcome.BLOCKED)
    assert await store.pending(broadcast_id, 0, 10) == []
    assert await store.tally(broadcast_id) == {
        Outcome.PENDING: 0,
        Outcome.SENT: 1,
        Outcome.BLOCKED: 1,
        Outcome.FAILED: 0,
        Outcome.SKIPPED: 1,
    }


async def test_the_migration_counts_everyone_known_as_new_and_the_blocked_as_blocked(
    tmp_path: Path,
) -> None:
    conn = await aiosqlite.connect(tmp_path / "old.db", isolation_level=None)
    try:
        await migrate(conn, MIGRATIONS[:3])
        await conn.execute("INSERT INTO users (id, created_at) VALUES (1, '2024-01-01T00:00:00')")
        await conn.execute(
            "INSERT INTO users (id, created_at, unreachable_at)"
            " VALUES (2, '2024-01-02T00:00:00', '2024-02-01T00:00:00')"
        )
        await migrate(conn)
        assert await rows(conn, "SELECT user_id, kind, created_at FROM events ORDER BY id") == [
            (1, "new", "2024-01-01T00:00:00"),
            (2, "new", "2024-01-02T00:00:00"),
            (2, "blocked", "2024-02-01T00:00:00"),
        ]
        assert await rows(conn, "SELECT source FROM users") == [(None,), (None,)]
    finally:
        await conn.close()
