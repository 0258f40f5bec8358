"""The author's side on every backend: people and first touch, the funnel, leads, broadcasts.

The contract tests take ``backend`` (SQLite and PostgreSQL, from ``conftest.py``); the
tests at the end are about each schema's migration and about replicas sharing a broadcast.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import asyncpg
import pytest

from bot.delivery import JobStatus
from bot.storage import Backend, postgres
from bot.storage.db import MIGRATIONS, migrate
from bot.storage.owner import DIRECT, BroadcastStatus, Outcome, Visit
from bot.storage.postgres import PostgresBroadcasts
from bot.storage.scenarios import EventKind
from tests.storage.conftest import Raw

ANNA, BORIS, VERA, GLEB = 101, 102, 103, 104


async def backdate(raw: Raw, user_id: int, days: float) -> None:
    """Make ``user_id`` have come ``days`` ago."""
    moment = datetime.now(UTC) - timedelta(days=days)
    stamp: object = moment if raw.kind == "postgresql" else moment.isoformat(timespec="seconds")
    await raw.execute("UPDATE users SET created_at = ? WHERE id = ?", stamp, user_id)


async def test_a_person_is_new_once_and_keeps_the_first_source(backend: Backend, raw: Raw) -> None:
    audience = backend.audience
    assert await audience.touch(Visit(ANNA, "Анна", "anna", source="vk"))
    assert not await audience.touch(Visit(ANNA, "Анна К.", "anna_k", source="tg"))
    assert not await audience.touch(Visit(ANNA, "Анна К.", "anna_k"))
    assert await audience.touch(Visit(BORIS, "Борис"))  # the word «LTV»: no link

    assert await raw.fetch("SELECT id, username, first_name, source FROM users ORDER BY id") == [
        (ANNA, "anna_k", "Анна К.", "vk"),
        (BORIS, None, "Борис", DIRECT),
    ]
    assert await raw.fetch("SELECT user_id FROM events WHERE kind = 'new' ORDER BY id") == [
        (ANNA,),
        (BORIS,),
    ]


async def test_someone_known_before_sources_gets_the_first_one_seen(
    backend: Backend, raw: Raw
) -> None:
    await backend.events.record_event(ANNA, EventKind.TOOLKIT)  # known, no source
    audience = backend.audience
    assert not await audience.touch(Visit(ANNA, "Анна"))
    assert await raw.fetch("SELECT source FROM users") == [(None,)], "no link: still unknown"
    await audience.touch(Visit(ANNA, "Анна", source="webinar"))
    await audience.touch(Visit(ANNA, "Анна", source="later"))
    assert await raw.fetch("SELECT source FROM users") == [("webinar",)]


async def test_blocking_is_one_event_and_writing_again_makes_one_reachable(
    backend: Backend, raw: Raw
) -> None:
    audience, reach = backend.audience, backend.reach
    await audience.touch(Visit(ANNA, "Анна"))
    await reach.mark_unreachable(ANNA)
    await reach.mark_unreachable(ANNA)
    assert await reach.is_unreachable(ANNA)
    assert await raw.fetch("SELECT count(*) FROM events WHERE kind = 'blocked'") == [(1,)]

    await audience.touch(Visit(ANNA, "Анна"))
    assert not await reach.is_unreachable(ANNA)
    await reach.mark_unreachable(ANNA)
    assert await raw.fetch("SELECT count(*) FROM events WHERE kind = 'blocked'") == [(2,)]


async def test_consent_is_kept_and_changes_only_when_it_changes(
    backend: Backend, raw: Raw
) -> None:
    audience = backend.audience
    await audience.touch(Visit(ANNA, "Анна"))
    assert await audience.subscribe(ANNA, subscribed=False)
    assert not await audience.subscribe(ANNA, subscribed=False)
    assert await raw.fetch("SELECT unsubscribed_at IS NOT NULL FROM users") == [(True,)]
    assert await audience.subscribe(ANNA, subscribed=True)
    assert not await audience.subscribe(ANNA, subscribed=True)
    assert not await audience.subscribe(999, subscribed=False), "nobody: nothing"


async def test_the_funnel_counts_people_by_when_they_came_and_source(
    backend: Backend, raw: Raw
) -> None:
    audience, events = backend.audience, backend.events
    await audience.touch(Visit(ANNA, "Анна", source="vk"))
    await audience.touch(Visit(BORIS, "Борис", source="vk"))
    await audience.touch(Visit(VERA, "Вера"))
    await audience.touch(Visit(GLEB, "Глеб", source="tg"))
    await backdate(raw, BORIS, 3)
    await backdate(raw, GLEB, 30)
    for person in (ANNA, BORIS, VERA, GLEB):
        await events.record_event(person, EventKind.TOOLKIT)
    await events.record_event(ANNA, EventKind.TOOLKIT)  # twice: one person
    for person in (ANNA, BORIS):
        await events.record_event(person, EventKind.CALCULATION_STARTED)
    await events.record_event(ANNA, EventKind.CALCULATION, 2.5)
    await events.record_event(ANNA, EventKind.SCENARIO_SAVED)
    await events.record_event(GLEB, EventKind.CALCULATION, None)
    await backend.reach.mark_unreachable(VERA)

    now = datetime.now(UTC)
    funnels = await backend.reports.funnel([now - timedelta(days=1), now - timedelta(days=7)])
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
    assert [f.came for f in await backend.reports.funnel([])] == [(2,), (1,), (1,)]


async def test_leads_list_everyone_once_with_their_figures(backend: Backend) -> None:
    audience, events, jobs = backend.audience, backend.events, backend.jobs
    await audience.touch(Visit(ANNA, '=HYPERLINK("x")', "anna", source="vk"))
    await audience.touch(Visit(BORIS, "Борис"))
    kits = [await jobs.add("kit", ANNA, {}) for _ in range(3)]  # asked three times, two sent
    await jobs.finish(kits[0], JobStatus.DONE)
    await jobs.finish(kits[1], JobStatus.DONE)
    await jobs.finish(await jobs.add("broadcast", BORIS, {}), JobStatus.DONE)  # not a kit
    await events.record_event(ANNA, EventKind.CALCULATION, 1.5)
    await events.record_event(ANNA, EventKind.CALCULATION, 4.25)
    await backend.repo.save(ANNA, "Клуб", {"model": "subscription"})
    await audience.subscribe(BORIS, subscribed=False)
    await backend.reach.mark_unreachable(BORIS)

    anna, boris = await backend.reports.leads()
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


async def test_a_broadcast_claimed_by_one_job_is_refused_to_another(backend: Backend) -> None:
    store = backend.broadcasts
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
    backend: Backend,
) -> None:
    audience, store = backend.audience, backend.broadcasts
    for person in (ANNA, BORIS, VERA, GLEB):
        await audience.touch(Visit(person, "X"))
    await backend.reach.mark_unreachable(GLEB)
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


async def test_the_sqlite_migration_counts_everyone_known_as_new_and_the_blocked_as_blocked(
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
        rows = await conn.execute_fetchall(
            "SELECT user_id, kind, created_at FROM events ORDER BY id"
        )
        assert [tuple(row) for row in rows] == [
            (1, "new", "2024-01-01T00:00:00"),
            (2, "new", "2024-01-02T00:00:00"),
            (2, "blocked", "2024-02-01T00:00:00"),
        ]
        sources = await conn.execute_fetchall("SELECT source FROM users")
        assert [tuple(row) for row in sources] == [(None,), (None,)]
    finally:
        await conn.close()


async def test_the_postgresql_migration_counts_everyone_known_as_new_and_the_blocked_as_blocked(
    postgres_url: str,
) -> None:
    conn = await asyncpg.connect(postgres_url)
    try:
        await postgres.migrate(conn, postgres.MIGRATIONS[:3])
        came, left = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 2, 1, tzinfo=UTC)
        await conn.execute("INSERT INTO users (id, created_at) VALUES (1, $1)", came)
        await conn.execute(
            "INSERT INTO users (id, created_at, unreachable_at) VALUES (2, $1, $2)", came, left
        )
        await postgres.migrate(conn)
        rows = await conn.fetch("SELECT user_id, kind, created_at FROM events ORDER BY id")
        assert [tuple(row) for row in rows] == [
            (1, "new", came),
            (2, "new", came),
            (2, "blocked", left),
        ]
        assert [tuple(row) for row in await conn.fetch("SELECT source FROM users")] == [
            (None,),
            (None,),
        ]
    finally:
        await conn.close()


# ---------------------------------------------------------------- replicas


@pytest.fixture
async def pool(postgres_url: str) -> AsyncIterator[asyncpg.Pool]:
    """A pool on a migrated database with four people and a broadcast (id 1) to them."""
    pool = await asyncpg.create_pool(postgres_url, min_size=1, max_size=4)
    async with pool.acquire() as conn:
        await postgres.migrate(conn)
    audience = postgres.PostgresAudience(pool)
    for person in (ANNA, BORIS, VERA, GLEB):
        await audience.touch(Visit(person, "X"))
    store = PostgresBroadcasts(pool, "first")
    broadcast_id = await store.create(ANNA, ANNA, 7, "text")
    assert await store.snapshot(broadcast_id) == 4
    yield pool
    await pool.close()


async def test_two_replicas_never_take_the_same_recipient(pool: asyncpg.Pool) -> None:
    first, second = PostgresBroadcasts(pool, "first"), PostgresBroadcasts(pool, "second")
    assert await first.pending(1, 0, 2) == [ANNA, BORIS]
    assert await second.pending(1, 0, 10) == [VERA, GLEB], "the first one's are held"
    assert await first.pending(1, BORIS, 10) == [], "and the second one's"
    await first.record(1, ANNA, Outcome.SENT)
    assert await second.pending(1, 0, 10) == [VERA, GLEB], "its own again, never ANNA"
    await second.release()  # the second stops: its recipients go to the first at once
    assert await first.pending(1, 0, 10) == [BORIS, VERA, GLEB]


async def test_a_dead_replicas_recipients_are_taken_over_when_its_claim_runs_out(
    pool: asyncpg.Pool,
) -> None:
    dead = PostgresBroadcasts(pool, "dead", lease=timedelta(seconds=60))
    living = PostgresBroadcasts(pool, "living")
    assert await dead.pending(1, 0, 3) == [ANNA, BORIS, VERA]
    await living.renew()  # renews its own claims only
    assert await living.pending(1, 0, 10) == [GLEB]
    await pool.execute("UPDATE broadcast_recipients SET claimed_until = now() - interval '1 s'")
    assert await living.pending(1, 0, 10) == [ANNA, BORIS, VERA, GLEB]
    await living.renew()
    assert await dead.pending(1, 0, 10) == [], "renewed: still the living one's"
