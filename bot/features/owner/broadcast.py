"""A broadcast as one bulk job: the author's message copied to every recipient, resumable.

The job (kind :data:`BROADCAST_JOB`, in the author's chat) has three steps, run by the
:class:`~bot.delivery.BulkWorker` in the bulk lane, so that no person's dialog waits:

1. **recipients**: everyone who takes broadcasts now (reachable, not unsubscribed) is
   written down as a recipient, once;
2. **delivery**: recipients still pending are sent ``copyMessage`` of the author's message
   with «Отписаться», :data:`IN_FLIGHT` at a time — the outgoing path paces them under
   Telegram's limits. Each outcome is written as soon as Telegram answers: sent, blocked
   (403: the person is marked unreachable by the outgoing path), failed. Recipients who
   blocked the bot or unsubscribed before their turn are skipped. The author's panel
   message shows the progress, edited every :data:`PROGRESS_EVERY` seconds (edits go
   through the same path);
3. **report**: the panel shows the final figures and a report arrives as a new message.

A crash (kill -9) or a stop resumes the job at the next start from the step it reached:
the delivery goes on with the recipients still pending. Only a copy Telegram accepted in
the instant before the crash, not yet written down, is sent again — at most
:data:`IN_FLIGHT` people, the crash window; nobody else gets it twice. With replicas, the
recipients a replica takes are claimed by it (:meth:`BroadcastStore.pending`): should two
replicas run the job at once (one's lease on it ran out while it still lived), each sends
to its own recipients, and one waits for the other's to be sent before it reports.

The author stops a broadcast by its button (the status becomes ``cancelled``): the job
sees it within :data:`WATCH_EVERY` seconds, lets the copies in flight finish and reports.
A second job for the same broadcast (a confirmation handled twice after a crash) does
nothing: the first job to start claims the broadcast.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Final

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup

from bot.delivery import Job, JobHandler, Step, Unreachable
from bot.features.owner.keyboards import progress_keyboard, unsubscribe_keyboard
from bot.features.owner.views import progress_text, report_text
from bot.storage.owner import Broadcast, BroadcastStatus, BroadcastStore, Outcome
from l10n import Texts

log = logging.getLogger(__name__)

BROADCAST_JOB: Final = "broadcast"
IN_FLIGHT: Final = 16
"""Copies awaiting Telegram at once: enough for 30 a second over a slow link (the outgoing
path's budget sets the pace), few enough that a kit asked for meanwhile waits little."""
BATCH: Final = 64
"""Recipients read from the database at a time."""
PROGRESS_EVERY: Final = 2.0
WATCH_EVERY: Final = 1.0
SOURCE_GONE: Final = ("message to copy not found", "message_id_invalid")
"""Telegram's words when the author's message is gone: nothing left to copy."""
NOT_MODIFIED: Final = "message is not modified"


async def copy_broadcast(
    bot: Bot, broadcast: Broadcast, chat_id: int, markup: InlineKeyboardMarkup
) -> None:
    """Copy the author's message to ``chat_id`` with ``markup`` under it."""
    await bot.copy_message(
        chat_id=chat_id,
        from_chat_id=broadcast.from_chat_id,
        message_id=broadcast.message_id,
        reply_markup=markup,
    )


def broadcast_job(
    bot: Bot,
    texts: Texts,
    store: BroadcastStore,
    *,
    in_flight: int = IN_FLIGHT,
    progress_every: float = PROGRESS_EVERY,
    watch_every: float = WATCH_EVERY,
) -> JobHandler:
    """The job handler of broadcasts (register it as :data:`BROADCAST_JOB`)."""

    async def steps(job: Job) -> list[Step]:
        broadcast_id = job.payload.get("broadcast")
        if not isinstance(broadcast_id, int) or not await store.claim(broadcast_id, job.id):
            log.info("job %d: broadcast %s is sent by another job", job.id, broadcast_id)
            return []
        broadcast = await store.get(broadcast_id)
        if broadcast is None:  # pragma: no cover  (claimed a moment ago)
            return []
        run = _Run(bot, texts, store, broadcast, in_flight, progress_every, watch_every)
        return [run.recipients, run.deliver, run.report]

    return steps


class _Run:
    """One broadcast being sent by this process."""

    def __init__(
        self,
        bot: Bot,
        texts: Texts,
        store: BroadcastStore,
        broadcast: Broadcast,
        in_flight: int,
        progress_every: float,
        watch_every: float,
    ) -> None:
        self.bot = bot
        self.texts = texts
        self.store = store
        self.broadcast = broadcast
        self.in_flight = in_flight
        self.progress_every = progress_every
        self.watch_every = watch_every
        self.markup = unsubscribe_keyboard(texts)
        self.tally: dict[Outcome, int] = dict.fromkeys(Outcome, 0)
        self.stopped = False
        self.source_gone = False

    async def _status(self) -> BroadcastStatus | None:
        current = await self.store.get(self.broadcast.id)
        return None if current is None else current.status

    async def recipients(self) -> None:
        """Step 1: write down who gets it (nobody if it was stopped before it began)."""
        if await self._status() in (BroadcastStatus.SENDING, BroadcastStatus.QUEUED):
            count = await self.store.snapshot(self.broadcast.id)
            log.info("broadcast %d: %d recipients", self.broadcast.id, count)

    async def deliver(self) -> None:
        """Step 2: copy to every pending recipient, the progress shown meanwhile."""
        self.tally = await self.store.tally(self.broadcast.id)
        if await self._status() is BroadcastStatus.CANCELLED:
            return
        async with asyncio.TaskGroup() as group:
            watcher = group.create_task(self._watch())
            progress = group.create_task(self._progress())
            await self._send_all()
            watcher.cancel()
            progress.cancel()
        if self.source_gone:
            await self.store.move(
                self.broadcast.id, BroadcastStatus.CANCELLED, (BroadcastStatus.SENDING,)
            )
            with contextlib.suppress(Unreachable):
                await self.bot.send_message(
                    self.broadcast.author_id, self.texts.msg("broadcast-source-gone")
                )

    async def report(self) -> None:
        """Step 3: the final figures on the panel and in a new message."""
        done = await self.store.move(
            self.broadcast.id,
            BroadcastStatus.DONE,
            (BroadcastStatus.SENDING, BroadcastStatus.QUEUED),
        )
        if not done and await self._status() is BroadcastStatus.DONE:
            return  # another replica running it at the same time has reported
        tally = await self.store.tally(self.broadcast.id)
        text = report_text(self.texts, tally, stopped=not done)
        await self._edit_panel(progress_text(self.texts, tally), None)
        with contextlib.suppress(Unreachable):
            await self.bot.send_message(self.broadcast.author_id, text)
        log.info(
            "broadcast %d %s: %s",
            self.broadcast.id,
            "done" if done else "stopped",
            ", ".join(f"{outcome.value} {count}" for outcome, count in tally.items()),
        )

    async def _send_all(self) -> None:
        """Copy to the pending recipients in order; then, while some are still pending
        (another replica holds them), look again until they are sent or their claim runs
        out and they are this job's."""
        queue: asyncio.Queue[int | None] = asyncio.Queue(maxsize=self.in_flight)

        async def worker() -> None:
            while (user_id := await queue.get()) is not None:
                try:
                    if not self.stopped:
                        await self._send(user_id)
                finally:
                    queue.task_done()

        async with asyncio.TaskGroup() as group:
            for _ in range(self.in_flight):
                group.create_task(worker())
            after = 0
            while not self.stopped:
                batch = await self.store.pending(self.broadcast.id, after, BATCH)
                for user_id in batch:
                    if self.stopped:
                        break
                    await queue.put(user_id)
                if batch:
                    after = batch[-1]
                    continue
                await queue.join()
                if (
                    self.stopped
                    or not (await self.store.tally(self.broadcast.id))[Outcome.PENDING]
                ):
                    break
                after = 0
                await asyncio.sleep(self.watch_every)
            for _ in range(self.in_flight):
                await queue.put(None)
        self.tally = await self.store.tally(self.broadcast.id)

    async def _send(self, user_id: int) -> None:
        try:
            await copy_broadcast(self.bot, self.broadcast, user_id, self.markup)
            outcome = Outcome.SENT
        except Unreachable:
            outcome = Outcome.BLOCKED
        except TelegramAPIError as error:
            if isinstance(error, TelegramBadRequest) and any(
                marker in error.message.lower() for marker in SOURCE_GONE
            ):
                if not self.source_gone:
                    log.warning("broadcast %d: its message is gone", self.broadcast.id)
                self.stopped = self.source_gone = True
                return
            log.warning(
                "broadcast %d to %d refused: %s", self.broadcast.id, user_id, error.message
            )
            outcome = Outcome.FAILED
        await self.store.record(self.broadcast.id, user_id, outcome)
        self.tally[Outcome.PENDING] -= 1
        self.tally[outcome] += 1

    async def _watch(self) -> None:
        """Notice the author's «Остановить» (kept in the database, so any replica sees it)."""
        while not self.stopped:
            await asyncio.sleep(self.watch_every)
            if await self._status() is BroadcastStatus.CANCELLED:
                self.stopped = True

    async def _progress(self) -> None:
        shown: dict[Outcome, int] = {}
        while True:
            if self.tally != shown:
                shown = dict(self.tally)
                markup = progress_keyboard(self.texts, self.broadcast.id)
                await self._edit_panel(progress_text(self.texts, shown), markup)
            await asyncio.sleep(self.progress_every)

    async def _edit_panel(self, text: str, markup: InlineKeyboardMarkup | None) -> None:
        """Show ``text`` on the author's panel; a panel that cannot be edited is left as is."""
        if self.broadcast.panel_id is None:
            return
        try:
            await self.bot.edit_message_text(
                text=text,
                chat_id=self.broadcast.author_id,
                message_id=self.broadcast.panel_id,
                reply_markup=markup,
            )
        except Unreachable:
            pass
        except TelegramBadRequest as error:
            if NOT_MODIFIED not in error.message:
                log.info("broadcast %d: panel not updated: %s", self.broadcast.id, error.message)
