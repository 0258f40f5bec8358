"""PostgreSQL's own: migrations under a lock, and leases that let replicas share the work."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import asyncpg
import pytest

from bot.delivery import JobStatus
from bot.storage.db import SchemaVersionError
from bot.storage.postgres import (
    MIGRATIONS,
    PostgresInbox,
    PostgresJobQueue,
    migrate,
    schema_version,
)

SHORT = timedelta(milliseconds=300)


@pytest.fixture
async def pool(postgres_url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(postgres_url, min_size=1, max_size=8)
    async with pool.acquire() as conn:
        await migrate(conn)
    yield pool
    await pool.close()


def update(update_id: int) -> tuple[int, str]:
    return update_id, json.dumps({"update_id": update_id})


async def test_replicas_starting_at_once_migrate_once(postgres_url: str) -> None:
    connections = [await asyncpg.connect(postgres_url) for _ in range(4)]
    try:
        await asyncio.gather(*(migrate(conn) for conn in connections))
        assert await schema_version(connections[0]) == len(MIGRATIONS)
        rows = await connections[0].fetchval("SELECT count(*) FROM schema_version")
        assert rows == 1
    finally:
        for conn in connections:
            await conn.close()


async def test_newer_database_is_refused(postgres_url: str) -> None:
    conn = await asyncpg.connect(postgres_url)
    try:
        await migrate(conn)
        await conn.execute("UPDATE schema_version SET version = $1", len(MIGRATIONS) + 1)
        with pytest.raises(SchemaVersionError, match="newer"):
            await migrate(conn)
    finally:
        await conn.close()


async def test_failed_migration_leaves_no_trace(postgres_url: str) -> None:
    conn = await asyncpg.connect(postgres_url)
    try:
        await migrate(conn)
        broken = (*MIGRATIONS, ("CREATE TABLE half_done (x int)", "NOT SQL AT ALL"))
        with pytest.raises(asyncpg.PostgresSyntaxError):
            await migrate(conn, broken)
        assert await schema_version(conn) == len(MIGRATIONS)
        assert await conn.fetchval("SELECT to_regclass('half_done')") is None
        await migrate(conn)  # the lock was released
    finally:
        await conn.close()


async def test_two_replicas_never_take_the_same_job(pool: asyncpg.Pool) -> None:
    one, two = PostgresJobQueue(pool, "one"), PostgresJobQueue(pool, "two")
    ids = [await one.add("kit", n, {}) for n in range(40)]
    batches = await asyncio.gather(*(queue.pending(7) for queue in [one, two] * 4))
    taken = [job.id for batch in batches for job in batch]
    assert len(taken) == len(set(taken)), "a job was given to two replicas"
    assert sorted(taken) == ids[: len(taken)]
    assert len(taken) == 40 - len(await one.pending(100)) == 40


async def test_a_dead_replicas_jobs_are_taken_over_after_the_lease(pool: asyncpg.Pool) -> None:
    dead = PostgresJobQueue(pool, "dead", lease=SHORT)
    alive = PostgresJobQueue(pool, "alive", lease=SHORT)
    job_id = await dead.add("kit", 7, {"x": 1})
    [job] = await dead.pending(10)
    await dead.advance(job.id, 1)
    assert await alive.pending(10) == [], "the lease still holds"
    await asyncio.sleep(SHORT.total_seconds() + 0.2)
    [taken] = await alive.pending(10)
    assert (taken.id, taken.step, taken.payload) == (job_id, 1, {"x": 1})


async def test_renewed_leases_hold_and_released_ones_are_free_at_once(
    pool: asyncpg.Pool,
) -> None:
    holder = PostgresJobQueue(pool, "holder", lease=SHORT)
    other = PostgresJobQueue(pool, "other", lease=SHORT)
    await holder.add("kit", 7, {})
    await holder.pending(10)
    for _ in range(4):
        await asyncio.sleep(SHORT.total_seconds() / 3)
        await holder.renew()
        assert await other.pending(10) == []
    await holder.release()
    [job] = await other.pending(10)
    await other.finish(job.id, JobStatus.DONE)
    await holder.release()
    assert await holder.pending(10) == [], "a finished job is nobody's"


async def test_each_replica_handles_the_updates_it_stored(pool: asyncpg.Pool) -> None:
    one = PostgresInbox(pool, "one", lease=SHORT)
    two = PostgresInbox(pool, "two", lease=SHORT)
    assert await one.store([update(1), update(2)]) == {1, 2}
    assert await two.store([update(2), update(3)]) == {3}, "a repeat on another replica"
    assert await one.pending() == [] == await two.pending(), "each holds its own"
    await one.done([1])
    await asyncio.sleep(SHORT.total_seconds() + 0.2)  # "one" died holding 2, "two" holds 3
    await two.renew()
    assert [update_id for update_id, _ in await two.pending()] == [2]
    three = PostgresInbox(pool, "three", lease=SHORT)
    assert await three.pending() == [], "2 is taken over by two, 3 is alive"
    await two.release()
    assert [update_id for update_id, _ in await three.pending()] == [2, 3]
