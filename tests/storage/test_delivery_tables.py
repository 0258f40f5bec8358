"""The delivery's tables on every backend: inbox, bulk jobs, unreachable people.

The same behaviour seen from the bot: an update is stored once (a repeat is recognised),
what one run stored and did not finish is found by the next run, a job resumes from the
step it reached, and finished jobs are not taken again.
"""

from __future__ import annotations

import json
from datetime import datetime

from bot.config import Settings
from bot.delivery import JobStatus
from bot.storage import Backend, open_backend
from tests.storage.conftest import Raw


def update(update_id: int, text: str = "hi") -> tuple[int, str]:
    payload = {"update_id": update_id, "message": {"text": text, "chat": {"id": 7}}}
    return update_id, json.dumps(payload, ensure_ascii=False)


async def test_an_update_is_stored_once(backend: Backend) -> None:
    assert await backend.inbox.store([update(1), update(2)]) == {1, 2}
    assert await backend.inbox.store([update(2), update(3)]) == {3}
    assert await backend.inbox.store([]) == set()


async def test_the_next_run_finds_what_was_not_done(
    backend: Backend, backend_settings: Settings
) -> None:
    await backend.inbox.store([update(11, "раз"), update(10, "два"), update(12)])
    await backend.inbox.done([12])
    await backend.close()

    again = await open_backend(backend_settings)
    try:
        pending = await again.inbox.pending()
        assert [update_id for update_id, _ in pending] == [10, 11]
        assert json.loads(pending[0][1])["message"]["text"] == "два"
        await again.inbox.done([10, 11])
    finally:
        await again.close()

    third = await open_backend(backend_settings)
    try:
        assert await third.inbox.pending() == []
        assert await third.inbox.store([update(10)]) == set(), "a repeat after a restart"
    finally:
        await third.close()


async def test_purge_keeps_recent_and_unfinished_updates(backend: Backend, raw: Raw) -> None:
    await backend.inbox.store([update(1), update(2), update(3)])
    await backend.inbox.done([1, 2])
    old = "2000-01-01T00:00:00+00:00"
    stamp: object = datetime.fromisoformat(old) if raw.kind == "postgresql" else old
    await raw.execute("UPDATE inbox SET done_at = ? WHERE update_id = ?", stamp, 1)
    await backend.inbox.purge()
    rows = await raw.fetch("SELECT update_id FROM inbox ORDER BY update_id")
    assert [row[0] for row in rows] == [2, 3]


async def test_jobs_are_taken_oldest_first_and_resume_from_their_step(
    backend: Backend, backend_settings: Settings
) -> None:
    first = await backend.jobs.add("kit", 7, {"resume": True, "имя": "Аня"})
    second = await backend.jobs.add("kit", 8, {})
    third = await backend.jobs.add("kit", 9, {})
    taken = await backend.jobs.pending(2)
    assert [job.id for job in taken] == [first, second]
    assert taken[0].payload == {"resume": True, "имя": "Аня"}
    assert (taken[0].kind, taken[0].chat_id, taken[0].step) == ("kit", 7, 0)
    assert [job.id for job in await backend.jobs.pending(5, (first, second))] == [third]

    await backend.jobs.advance(first, 2)
    await backend.jobs.finish(second, JobStatus.DONE)
    await backend.jobs.finish(third, JobStatus.UNREACHABLE)
    await backend.close()  # a stop with the first job half done

    again = await open_backend(backend_settings)
    try:
        resumed = await again.jobs.pending(10)
        assert [(job.id, job.step) for job in resumed] == [(first, 2)]
        await again.jobs.finish(first, JobStatus.FAILED)
        assert await again.jobs.pending(10) == []
    finally:
        await again.close()


async def test_unreachable_people_are_remembered_until_they_write(backend: Backend) -> None:
    reach = backend.reach
    assert await reach.is_unreachable(5) is False
    await reach.mark_unreachable(5)
    await reach.mark_unreachable(5)
    assert await reach.is_unreachable(5) is True
    await reach.mark_reachable(5)
    assert await reach.is_unreachable(5) is False
    await backend.repo.save(6, "Есть сценарий", {})
    await reach.mark_unreachable(6)
    assert await reach.is_unreachable(6) is True
    assert await backend.repo.count(6) == 1, "marking keeps what the person saved"
