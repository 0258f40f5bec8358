"""Bulk jobs: work that must reach a person even across a crash, sent in the bulk lane.

A job (the kit for one person; later a broadcast's message) is written to the database
by the handler that asked for it, before that update counts as handled, so it outlives
a kill -9. A job is a list of steps (an album, then a message); the step reached is
stored after each one, so a restart resumes where it stopped: a step cut off by a crash
is sent again (a file twice), never skipped.

:class:`BulkWorker` runs pending jobs concurrently (the budget, not the worker, sets the
pace), each in the bulk lane so that no person's dialog waits behind a crowd.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final, Protocol

from bot.delivery.budget import bulk
from bot.delivery.sender import Unreachable

log = logging.getLogger(__name__)

CONCURRENCY: Final = 64


class JobStatus(StrEnum):
    """Where a job ended (``pending`` until then)."""

    PENDING = "pending"
    DONE = "done"
    UNREACHABLE = "unreachable"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Job:
    """One bulk job for one chat; ``step`` steps are already done."""

    id: int
    kind: str
    chat_id: int
    payload: dict[str, Any]
    step: int = 0


class JobQueue(Protocol):
    """Where jobs are kept (SQLite by default)."""

    async def add(self, kind: str, chat_id: int, payload: Mapping[str, Any]) -> int:
        """Store a new pending job; its id."""
        ...

    async def pending(self, limit: int, exclude: Sequence[int] = ()) -> list[Job]:
        """Up to ``limit`` pending jobs, oldest first, none of ``exclude``."""
        ...

    async def advance(self, job_id: int, step: int) -> None:
        """Record that the job's first ``step`` steps are done."""
        ...

    async def finish(self, job_id: int, status: JobStatus) -> None:
        """Close the job with ``status``."""
        ...


Step = Callable[[], Awaitable[object]]
JobHandler = Callable[[Job], Awaitable[Sequence[Step]]]
"""Turns a job into its steps (the same list each time it is asked)."""


class BulkWorker:
    """Runs pending jobs with their handlers, by kind, until stopped."""

    def __init__(
        self,
        queue: JobQueue,
        handlers: Mapping[str, JobHandler],
        *,
        concurrency: int = CONCURRENCY,
    ) -> None:
        self.queue = queue
        self.handlers = dict(handlers)
        self.concurrency = concurrency
        self._running: dict[int, asyncio.Task[None]] = {}
        self._wakeup = asyncio.Event()
        self._stopping = False

    async def submit(self, kind: str, chat_id: int, payload: Mapping[str, Any]) -> None:
        """Store a job (durably) and wake the worker."""
        if kind not in self.handlers:
            raise KeyError(f"no handler for jobs of kind {kind!r}")
        await self.queue.add(kind, chat_id, payload)
        self.wake()

    def wake(self) -> None:
        """Look for pending jobs now (another replica's, say, whose lease ran out)."""
        self._wakeup.set()

    def busy(self) -> int:
        """How many jobs are being run now."""
        return len(self._running)

    async def run(self) -> None:
        """Take pending jobs as they come; return once :meth:`stop` is called."""
        while not self._stopping:
            self._wakeup.clear()
            room = self.concurrency - len(self._running)
            if room > 0:
                try:
                    jobs = await self.queue.pending(room, tuple(self._running))
                except Exception:
                    log.exception("could not read pending jobs; again in a second")
                    await asyncio.sleep(1.0)
                    continue
                if self._stopping:  # stop() began while we read: it waits for none of these
                    break
                for job in jobs:
                    task = asyncio.create_task(self._run_job(job))
                    self._running[job.id] = task
                    task.add_done_callback(functools.partial(self._done, job.id))
            await self._wakeup.wait()

    def _done(self, job_id: int, _: asyncio.Task[None]) -> None:
        self._running.pop(job_id, None)
        self.wake()

    async def stop(self, grace: float) -> None:
        """Take no more jobs; give running ones ``grace`` seconds, then cut them off.

        A job cut off stays pending from the step it reached, and resumes at the next start.
        """
        self._stopping = True
        self.wake()
        running = list(self._running.values())
        if not running:
            return
        _, late = await asyncio.wait(running, timeout=grace)
        for task in late:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*late, return_exceptions=True)

    async def _run_job(self, job: Job) -> None:
        handler = self.handlers.get(job.kind)
        if handler is None:
            log.error("job %d: no handler for kind %r", job.id, job.kind)
            await self.queue.finish(job.id, JobStatus.FAILED)
            return
        status = JobStatus.DONE
        with bulk():
            try:
                steps = await handler(job)
                for number in range(job.step, len(steps)):
                    await steps[number]()
                    await self.queue.advance(job.id, number + 1)
            except Unreachable:
                status = JobStatus.UNREACHABLE
            except Exception:
                log.exception("job %d (%s) for chat %d failed", job.id, job.kind, job.chat_id)
                status = JobStatus.FAILED
        await self.queue.finish(job.id, status)
