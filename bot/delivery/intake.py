"""The durable intake: an update is stored before Telegram is told it arrived.

aiogram's own polling confirms a batch to Telegram (the next ``getUpdates`` offset)
before its handlers finish, so a crash or a deploy loses what was in flight. Here every
update is written to the inbox first — polling (:mod:`bot.delivery.polling`) confirms a
batch only once it is stored, a webhook answers 200 only once it is stored — and marked
done once handled. At start, whatever was stored but not done is handled first: a kill
-9 or a SIGTERM whose grace ran out loses nothing (an update cut off mid-way is handled
again: a reply may come twice, never not at all).

Each person's updates are handled one at a time, in the order they arrived; different
people never wait for one another. An update aiogram cannot read (a poison update) is
logged once with its id, marked done and skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import deque
from collections.abc import Sequence
from typing import Any, Final, Protocol

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from pydantic import ValidationError

log = logging.getLogger(__name__)

FLUSH_SECONDS: Final = 0.2
Raw = dict[str, Any]


class Inbox(Protocol):
    """Where updates wait until handled (SQLite by default)."""

    async def store(self, updates: Sequence[tuple[int, str]]) -> set[int]:
        """Store ``(update_id, json)`` pairs; the ids that were not stored before."""
        ...

    async def pending(self) -> list[tuple[int, str]]:
        """Stored updates not yet done, oldest first."""
        ...

    async def done(self, update_ids: Sequence[int]) -> None:
        """Mark updates handled."""
        ...


def person_of(raw: Raw) -> int:
    """The id of the person an update comes from (0 when it names nobody)."""
    for key, value in raw.items():
        if key == "update_id" or not isinstance(value, dict):
            continue
        for holder in (value.get("from"), value.get("chat"), value.get("user")):
            if isinstance(holder, dict) and isinstance(holder.get("id"), int):
                return int(holder["id"])
    return 0


class Intake:
    """Stores updates, then feeds them to ``dispatcher``, one person at a time."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, inbox: Inbox) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.inbox = inbox
        self._queues: dict[int, deque[Raw]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._done: list[int] = []
        self._flusher: asyncio.Task[None] | None = None

    async def accept(self, updates: Sequence[Raw]) -> None:
        """Store ``updates`` (returns once they are durable), then handle them."""
        readable = [u for u in updates if isinstance(u.get("update_id"), int)]
        if len(readable) < len(updates):
            log.error("skipped %d updates without an update_id", len(updates) - len(readable))
        if not readable:
            return
        encoded = [(u["update_id"], json.dumps(u, ensure_ascii=False)) for u in readable]
        new = await self.inbox.store(encoded)
        for update in readable:
            if update["update_id"] in new:
                self._schedule(update)

    async def resume(self) -> int:
        """Handle what an earlier run stored but did not finish; how many there were."""
        pending = await self.inbox.pending()
        for _, payload in pending:
            self._schedule(json.loads(payload))
        if pending:
            log.info("resuming %d updates stored before the restart", len(pending))
        return len(pending)

    def in_flight(self) -> int:
        """Updates stored and not yet handled in this process (those being handled included)."""
        return sum(len(queue) for queue in self._queues.values())

    async def drain(self, grace: float) -> None:
        """Give updates in flight ``grace`` seconds; the rest stay stored for the next run."""
        workers = list(self._workers.values())
        if workers:
            _, late = await asyncio.wait(workers, timeout=grace)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
            if late:
                log.warning(
                    "stopping with %d people's updates stored for the next start", len(late)
                )
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
        await self._flush()

    def _schedule(self, update: Raw) -> None:
        person = person_of(update)
        self._queues.setdefault(person, deque()).append(update)
        if person not in self._workers:
            self._workers[person] = asyncio.create_task(self._serve(person))

    async def _serve(self, person: int) -> None:
        queue = self._queues[person]
        try:
            while queue:
                update = queue[0]
                await self._handle(update)
                queue.popleft()
                self._mark_done(update["update_id"])
        finally:
            if not queue:
                del self._queues[person]
            del self._workers[person]

    async def _handle(self, raw: Raw) -> None:
        update_id = raw["update_id"]
        try:
            update = Update.model_validate(raw, context={"bot": self.bot})
        except ValidationError as error:
            log.error(
                "update %d skipped: it cannot be read (%d problems, first: %s)",
                update_id,
                error.error_count(),
                error.errors()[0]["msg"],
            )
            return
        try:
            await self.dispatcher.feed_update(self.bot, update)
        except Exception:  # the errors observer had its chance; never stall the others
            log.exception("update %d failed", update_id)

    def _mark_done(self, update_id: int) -> None:
        self._done.append(update_id)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_soon())

    async def _flush_soon(self) -> None:
        while self._done:
            await asyncio.sleep(FLUSH_SECONDS)
            await self._flush()

    async def _flush(self) -> None:
        """Mark handled updates done in one write (a crash before it only repeats them).

        If the write fails or is cancelled (a stop), they are kept for the next flush: the
        inbox may have written their dialog states already, which must not stay without
        their done marks (their answers would be taken again for the next question)."""
        done, self._done = self._done, []
        if not done:
            return
        try:
            await self.inbox.done(done)
        except BaseException as error:
            self._done[:0] = done
            if not isinstance(error, Exception):
                raise
            log.error("could not mark %d updates done, trying again: %r", len(done), error)
