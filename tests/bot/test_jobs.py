"""Bulk jobs on SQLite: steps resumed where a stop cut them off, endings recorded, bulk lane.

A job here has three steps that record what they did; one can be held at a gate. A
"restart" is a new worker (and a new connection) on the same database file.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path

import aiosqlite
import pytest

from bot.delivery import BulkWorker, Job, Lane, Step, Unreachable, current_lane
from bot.storage.db import open_database
from bot.storage.delivery import SQLiteJobQueue
from tests.bot.waiting import until

KIND = "kit"
CHAT = 42


class Steps:
    """A job handler of three steps; ``gate`` holds step 2, ``failure`` is raised by it."""

    def __init__(self) -> None:
        self.done: list[tuple[int, int]] = []  # (job id, step number)
        self.lanes: set[Lane] = set()
        self.started: list[tuple[int, int]] = []
        self.gate: asyncio.Event | None = None
        self.failure: Exception | None = None

    async def __call__(self, job: Job) -> list[Step]:
        def step(number: int) -> Step:
            async def run() -> None:
                self.started.append((job.id, number))
                self.lanes.add(current_lane())
                if number == 2 and self.gate is not None:
                    await self.gate.wait()
                if number == 2 and self.failure is not None:
                    raise self.failure
                self.done.append((job.id, number))

            return run

        return [step(1), step(2), step(3)]


class Worker:
    """A running BulkWorker on a connection, with its steps."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.queue = SQLiteJobQueue(conn)
        self.steps = Steps()
        self.worker = BulkWorker(self.queue, {KIND: self.steps})
        self.task = asyncio.create_task(self.worker.run())

    async def status(self, job_id: int) -> tuple[str, int]:
        async with self.conn.execute(
            "SELECT status, step FROM jobs WHERE id = ?", (job_id,)
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return row[0], row[1]

    async def stop(self, grace: float) -> None:
        await self.worker.stop(grace)
        await asyncio.wait_for(self.task, 5.0)


StartWorker = Callable[[], Awaitable[Worker]]


@pytest.fixture
async def workers(tmp_path: Path) -> AsyncIterator[StartWorker]:
    """Start workers on one database file; each is stopped and closed after the test."""
    started: list[Worker] = []

    async def start() -> Worker:
        started.append(Worker(await open_database(tmp_path / "ltv.db")))
        return started[-1]

    yield start
    for worker in started:
        if not worker.task.done():
            await worker.stop(0.0)
        await worker.conn.close()


async def test_jobs_run_every_step_in_order_in_the_bulk_lane(workers: StartWorker) -> None:
    worker = await workers()
    await worker.worker.submit(KIND, CHAT, {})
    await worker.worker.submit(KIND, CHAT + 1, {})

    async def finished() -> bool:
        return [await worker.status(n) for n in (1, 2)] == [("done", 3)] * 2

    await until(finished)
    assert [number for job_id, number in worker.steps.done if job_id == 1] == [1, 2, 3]
    assert [number for job_id, number in worker.steps.done if job_id == 2] == [1, 2, 3]
    assert worker.steps.lanes == {Lane.BULK}
    assert worker.worker.busy() == 0


async def test_a_job_stored_by_another_process_runs_once_the_worker_is_woken(
    workers: StartWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = await workers()
    looked = asyncio.Event()
    pending = worker.queue.pending

    async def pending_then_idle(limit: int, exclude: Sequence[int] = ()) -> list[Job]:
        jobs = await pending(limit, exclude)
        looked.set()
        return jobs

    monkeypatch.setattr(worker.queue, "pending", pending_then_idle)
    await looked.wait()  # the worker found nothing and waits
    await worker.queue.add(KIND, CHAT, {})  # as another replica's job, left to take over
    worker.worker.wake()

    async def finished() -> bool:
        return await worker.status(1) == ("done", 3)

    await until(finished)
    assert worker.steps.done == [(1, 1), (1, 2), (1, 3)]


async def test_a_job_of_an_unknown_kind_is_refused(workers: StartWorker) -> None:
    worker = await workers()
    with pytest.raises(KeyError, match="broadcast"):
        await worker.worker.submit("broadcast", CHAT, {})


async def test_a_stop_leaves_a_cut_off_job_pending_and_a_restart_resumes_its_step(
    workers: StartWorker,
) -> None:
    first = await workers()
    first.steps.gate = asyncio.Event()  # step 2 never ends in this run
    await first.worker.submit(KIND, CHAT, {})

    async def at_step_two() -> bool:
        return (1, 2) in first.steps.started

    await until(at_step_two)
    await first.stop(0.05)
    assert await first.status(1) == ("pending", 1)
    await first.conn.close()

    second = await workers()

    async def done() -> bool:
        return await second.status(1) == ("done", 3)

    await until(done)
    assert first.steps.done == [(1, 1)]
    assert second.steps.started == [(1, 2), (1, 3)], "step 1 is not sent again"


async def test_an_unreachable_person_ends_the_job_as_unreachable(workers: StartWorker) -> None:
    worker = await workers()
    worker.steps.failure = Unreachable(CHAT, "Forbidden: bot was blocked by the user")
    await worker.worker.submit(KIND, CHAT, {})

    async def ended() -> bool:
        return (await worker.status(1))[0] != "pending"

    await until(ended)
    assert await worker.status(1) == ("unreachable", 1)
    assert (1, 3) not in worker.steps.started


async def test_a_failing_job_is_logged_and_ends_as_failed_others_go_on(
    workers: StartWorker, caplog: pytest.LogCaptureFixture
) -> None:
    worker = await workers()
    worker.steps.failure = RuntimeError("boom")
    with caplog.at_level(logging.ERROR):
        await worker.worker.submit(KIND, CHAT, {})

        async def ended() -> bool:
            return (await worker.status(1))[0] != "pending"

        await until(ended)
        worker.steps.failure = None
        await worker.worker.submit(KIND, CHAT + 1, {})

        async def next_done() -> bool:
            return (await worker.status(2))[0] == "done"

        await until(next_done)

    assert await worker.status(1) == ("failed", 1)
    [record] = [r for r in caplog.records if "job 1" in r.getMessage()]
    assert f"job 1 ({KIND}) for chat {CHAT} failed" == record.getMessage()
    assert record.exc_info is not None and "boom" in str(record.exc_info[1])


class SlowQueue(SQLiteJobQueue):
    """A queue whose reading of pending jobs waits for ``reading`` to be set."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        super().__init__(conn)
        self.reading = asyncio.Event()
        self.asked = asyncio.Event()

    async def pending(self, limit: int, exclude: Sequence[int] = ()) -> list[Job]:
        self.asked.set()
        await self.reading.wait()
        return await super().pending(limit, exclude)


async def test_jobs_read_while_stopping_are_left_for_the_next_start(tmp_path: Path) -> None:
    conn = await open_database(tmp_path / "ltv.db")
    try:
        queue = SlowQueue(conn)
        await SQLiteJobQueue(conn).add(KIND, CHAT, {})
        steps = Steps()
        worker = BulkWorker(queue, {KIND: steps})
        run = asyncio.create_task(worker.run())
        await asyncio.wait_for(queue.asked.wait(), 5.0)
        await worker.stop(1.0)  # while the worker reads the pending jobs
        queue.reading.set()
        await asyncio.wait_for(run, 5.0)
        await asyncio.sleep(0.05)

        assert steps.started == [], "nothing starts once the stop has begun"
        assert worker.busy() == 0
        assert [job.id for job in await SQLiteJobQueue(conn).pending(10)] == [1]
    finally:
        await conn.close()
