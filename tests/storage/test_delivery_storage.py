"""The delivery's SQLite tables: the inbox of updates, bulk jobs, people who cannot be reached."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest

from bot.delivery import JobStatus
from bot.storage.db import open_database
from bot.storage.delivery import SQLiteInbox, SQLiteJobQueue, SQLiteReachability


@pytest.fixture
async def conn(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    conn = await open_database(tmp_path / "ltv.db")
    yield conn
    await conn.close()


async def one(conn: aiosqlite.Connection, sql: str, *params: object) -> tuple[object, ...]:
    async with conn.execute(sql, params) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return tuple(row)


def update(update_id: int) -> tuple[int, str]:
    return update_id, f'{{"update_id": {update_id}}}'


async def test_the_inbox_stores_each_update_once(conn: aiosqlite.Connection) -> None:
    inbox = SQLiteInbox(conn)
    assert await inbox.store([update(3), update(1), update(2)]) == {1, 2, 3}
    assert await inbox.store([update(2), update(4)]) == {4}, "only the new ones"
    assert await inbox.store([]) == set()

    assert await inbox.pending() == [update(1), update(2), update(3), update(4)]


async def test_done_updates_are_no_longer_pending_but_still_known(
    conn: aiosqlite.Connection,
) -> None:
    inbox = SQLiteInbox(conn)
    await inbox.store([update(1), update(2), update(3)])
    await inbox.done([1, 3])
    await inbox.done([])

    assert await inbox.pending() == [update(2)]
    assert await inbox.store([update(1)]) == set(), "Telegram sending it again changes nothing"


async def test_purge_forgets_only_updates_done_long_ago(conn: aiosqlite.Connection) -> None:
    inbox = SQLiteInbox(conn)
    await inbox.store([update(1), update(2), update(3)])
    await inbox.done([1, 2])
    three_days_ago = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    await conn.execute("UPDATE inbox SET done_at = ? WHERE update_id = 1", (three_days_ago,))
    await inbox.purge()

    assert await inbox.store([update(1), update(2)]) == {1}, "update 2 is still recognised"
    assert await inbox.pending() == [update(1), update(3)], "a pending one is never purged"


async def test_jobs_come_oldest_first_without_the_excluded_ones(
    conn: aiosqlite.Connection,
) -> None:
    queue = SQLiteJobQueue(conn)
    ids = [await queue.add("kit", 100 + n, {"resume": n == 1}) for n in range(4)]

    pending = await queue.pending(10)
    assert [job.id for job in pending] == ids
    assert [job.chat_id for job in pending] == [100, 101, 102, 103]
    assert [job.payload for job in pending[:2]] == [{"resume": False}, {"resume": True}]
    assert {job.kind for job in pending} == {"kit"}
    assert {job.step for job in pending} == {0}
    assert [job.id for job in await queue.pending(2)] == ids[:2]
    assert [job.id for job in await queue.pending(10, exclude=ids[:3])] == [ids[3]]


async def test_a_job_keeps_its_step_and_leaves_the_queue_when_finished(
    conn: aiosqlite.Connection,
) -> None:
    queue = SQLiteJobQueue(conn)
    first, second, third = [await queue.add("kit", 7, {}) for _ in range(3)]
    await queue.advance(first, 1)
    await queue.finish(second, JobStatus.UNREACHABLE)
    await queue.finish(third, JobStatus.FAILED)

    [left] = await queue.pending(10)
    assert (left.id, left.step) == (first, 1)
    await queue.finish(first, JobStatus.DONE)
    assert await queue.pending(10) == []
    statuses = await conn.execute_fetchall("SELECT status FROM jobs ORDER BY id")
    assert [row[0] for row in statuses] == ["done", "unreachable", "failed"]


async def test_a_payload_that_would_not_read_back_is_refused(conn: aiosqlite.Connection) -> None:
    with pytest.raises(TypeError):
        await SQLiteJobQueue(conn).add("kit", 7, {"files": (1, 2)})


async def test_unreachable_people_are_remembered_until_they_write_again(
    conn: aiosqlite.Connection,
) -> None:
    reach = SQLiteReachability(conn)
    await conn.execute("INSERT INTO users (id, created_at) VALUES (1, '2025-01-01')")
    assert not await reach.is_unreachable(1)
    assert not await reach.is_unreachable(2), "someone never seen"

    await reach.mark_unreachable(1)
    await reach.mark_unreachable(2)  # not a user yet: recorded all the same
    assert await reach.is_unreachable(1)
    assert await reach.is_unreachable(2)
    assert await one(conn, "SELECT created_at FROM users WHERE id = 1") == ("2025-01-01",)

    await reach.mark_reachable(1)
    assert not await reach.is_unreachable(1)
    assert await reach.is_unreachable(2)
    await reach.mark_reachable(3)  # nobody: nothing happens
    assert await one(conn, "SELECT count(*) FROM users") == (2,)
