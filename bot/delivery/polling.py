"""Long polling that confirms a batch to Telegram only once the intake has stored it.

Updates are fetched as plain JSON (:class:`GetRawUpdates`), not parsed as a batch: one
update aiogram cannot read would otherwise fail the whole batch, and polling would ask
for the same batch forever. Each update is parsed on its own by the intake.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Final

from aiogram import Bot
from aiogram.methods import TelegramMethod

from bot.delivery.intake import Intake

log = logging.getLogger(__name__)

POLL_TIMEOUT: Final = 25
BACKOFF: Final = (1.0, 2.0, 5.0, 10.0, 20.0)


class GetRawUpdates(TelegramMethod[list[dict[str, Any]]]):
    """``getUpdates`` returning each update as Telegram sent it."""

    __returning__ = list[dict[str, Any]]
    __api_method__ = "getUpdates"

    offset: int | None = None
    timeout: int | None = None
    allowed_updates: list[str] | None = None


async def poll(
    bot: Bot,
    intake: Intake,
    stop: asyncio.Event,
    allowed_updates: list[str] | None = None,
    long_poll: int = POLL_TIMEOUT,
) -> None:
    """Fetch, store and hand over updates until ``stop`` is set.

    A batch is confirmed by the next call's offset, which is only made after
    :meth:`Intake.accept` has stored it.
    """
    offset: int | None = None
    failures = 0
    request_timeout = long_poll + 10
    while not stop.is_set():
        method = GetRawUpdates(offset=offset, timeout=long_poll, allowed_updates=allowed_updates)
        try:
            updates = await bot(method, request_timeout=request_timeout)
            if updates:
                await intake.accept(updates)  # not stored: not confirmed, fetched again
        except Exception as error:
            delay = BACKOFF[min(failures, len(BACKOFF) - 1)]
            failures += 1
            reason = str(error).splitlines()[0].replace(bot.token, "***")
            log.error(
                "could not fetch or store updates (%s: %s); again in %s s",
                type(error).__name__,
                reason,
                delay,
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            continue
        if failures:
            log.info("fetching updates again")
            failures = 0
        ids = [u["update_id"] for u in updates if isinstance(u.get("update_id"), int)]
        if ids:
            offset = max(ids) + 1
