"""A broadcast's job: stopped midway, cut off and resumed, claimed once, its message gone,
run by two replicas at once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiogram.methods import CopyMessage

from bot.delivery import BulkWorker, Job, JobHandler
from bot.features.owner.broadcast import BATCH, BROADCAST_JOB, IN_FLIGHT, broadcast_job
from bot.features.owner.callbacks import BroadcastAction, BroadcastCb
from bot.storage.owner import BroadcastStatus, Outcome, Visit
from bot.storage.postgres import PostgresBroadcasts
from tests.bot.waiting import until
from tests.bot.world import OWNER, World

PEOPLE = 60


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    world = await World.open(tmp_path)
    audience = world.backend.audience
    for person in range(1, PEOPLE + 1):
        await audience.touch(Visit(person, f"Человек {person}"))
    yield world
    await world.close()


async def queued(world: World, jobs: int = 1) -> int:
    """A confirmed broadcast of message 5 in the owner's chat, ``jobs`` jobs for it; its id."""
    broadcast_id = await world.broadcasts.create(OWNER, OWNER, 5, "text")
    await world.broadcasts.move(
        broadcast_id, BroadcastStatus.QUEUED, [BroadcastStatus.DRAFT], panel_id=9
    )
    for _ in range(jobs):
        await world.jobs.add(BROADCAST_JOB, OWNER, {"broadcast": broadcast_id})
    return broadcast_id


def copies(world: World) -> Counter[int]:
    return Counter(call.chat_id for call in world.recorder.of(CopyMessage))


async def job_status(world: World) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in await world.conn.execute_fetchall("SELECT status FROM jobs")]


class Running:
    """A bulk worker running the world's jobs."""

    def __init__(self, world: World) -> None:
        self.worker = BulkWorker(world.jobs, world.worker.handlers)
        self.task = asyncio.create_task(self.worker.run())

    async def stop(self, grace: float) -> None:
        await self.worker.stop(grace)
        await self.task


async def test_stopped_midway_it_ends_with_a_report_of_what_was_left(world: World) -> None:
    broadcast_id = await queued(world)
    world.recorder.hold_after = 20
    running = Running(world)

    async def held() -> bool:
        return world.recorder.copies_started > 20

    await until(held)
    await world.press(OWNER, BroadcastCb(action=BroadcastAction.STOP, id=broadcast_id).pack())
    await asyncio.sleep(0.05)  # the job notices
    world.recorder.release.set()

    async def ended() -> bool:
        return await job_status(world) == [("done",)]

    await until(ended)
    await running.stop(1)
    sent = copies(world)
    assert 20 <= sum(sent.values()) <= 20 + IN_FLIGHT
    assert max(sent.values()) == 1
    tally = await world.broadcasts.tally(broadcast_id)
    assert tally[Outcome.SENT] == sum(sent.values())
    assert tally[Outcome.PENDING] == PEOPLE - tally[Outcome.SENT]
    report = world.recorder.texts_to(OWNER)[-1]
    assert (
        "Рассылка остановлена" in report
        and f"Не отправлено из-за остановки: {tally[Outcome.PENDING]}" in report
    )


async def test_cut_off_and_resumed_nobody_gets_it_twice(world: World) -> None:
    broadcast_id = await queued(world)
    world.recorder.hold_after = 25
    first = Running(world)

    async def held() -> bool:
        return world.recorder.copies_started >= 25 + IN_FLIGHT

    await until(held)
    await first.stop(0)  # a stop whose grace ran out: the job is cut off mid-delivery
    assert await job_status(world) == [("pending",)]
    world.recorder.hold_after = None
    world.recorder.release.set()
    second = Running(world)

    async def ended() -> bool:
        return await job_status(world) == [("done",)]

    await until(ended)
    await second.stop(1)
    assert copies(world) == Counter(range(1, PEOPLE + 1))
    tally = await world.broadcasts.tally(broadcast_id)
    assert tally[Outcome.SENT] == PEOPLE
    assert sum("Рассылка завершена" in text for text in world.recorder.texts_to(OWNER)) == 1


async def test_a_second_job_for_one_broadcast_does_nothing(world: World) -> None:
    await queued(world, jobs=2)
    running = Running(world)

    async def ended() -> bool:
        return await job_status(world) == [("done",), ("done",)]

    await until(ended)
    await running.stop(1)
    assert set(copies(world).values()) == {1}
    assert len(copies(world)) == PEOPLE


async def test_when_its_message_is_deleted_the_broadcast_stops_and_says_why(
    world: World,
) -> None:
    broadcast_id = await queued(world)
    world.recorder.gone.add(5)
    running = Running(world)

    async def ended() -> bool:
        return await job_status(world) == [("done",)]

    await until(ended)
    await running.stop(1)
    said = world.recorder.texts_to(OWNER)
    assert any("Исходное сообщение рассылки удалено" in text for text in said)
    assert "Рассылка остановлена" in said[-1]
    broadcast = await world.broadcasts.get(broadcast_id)
    assert broadcast is not None and broadcast.status is BroadcastStatus.CANCELLED
    assert (await world.broadcasts.tally(broadcast_id))[Outcome.FAILED] == 0


async def test_two_replicas_running_one_broadcast_send_each_copy_once(
    postgres_url: str, tmp_path: Path
) -> None:
    world = await World.open(tmp_path, database_url=postgres_url)
    try:
        for person in range(1, 4 * BATCH + 1):
            await world.backend.audience.touch(Visit(person, f"Человек {person}"))
        broadcast_id = await queued(world)
        [(job_id,)] = await world.raw.fetch("SELECT id FROM jobs")
        job = Job(job_id, BROADCAST_JOB, OWNER, {"broadcast": broadcast_id}, 0)
        assert isinstance(world.backend.database, asyncpg.Pool)
        other = PostgresBroadcasts(world.backend.database, "another replica")
        other_job = broadcast_job(world.bot, world.texts, other, watch_every=0.01)

        async def run(handler: JobHandler) -> None:  # as BulkWorker runs a job's steps
            for step in await handler(job):
                await step()

        await asyncio.gather(run(world.broadcast_job), run(other_job))
        assert copies(world) == Counter(range(1, 4 * BATCH + 1)), "each person once"
        said = world.recorder.texts_to(OWNER)
        assert sum("Рассылка завершена" in text for text in said) == 1
        assert not any("Рассылка остановлена" in text for text in said)
    finally:
        await world.close()
