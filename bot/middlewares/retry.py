"""Retry a Bot API call on flood control and on transient network or server errors.

aiogram does not retry by itself. This session middleware does, within bounds:

- ``TelegramRetryAfter`` (429): sleep the ``retry_after`` seconds Telegram asked for, then
  try again, at most ``flood_attempts`` tries in all. A wait longer than ``max_retry_after``
  is not slept through: the error is raised at once, so that a handler is not held for
  minutes (a shorter sleep would only earn another 429).
- ``TelegramNetworkError`` and ``TelegramServerError`` (5xx): sleep 0.5, 1, 2 … seconds
  (``backoff``), at most ``network_attempts`` tries in all.
- Anything else (400, 403, …) is raised at once, never retried.

``getUpdates`` is passed through untouched: the polling loop has its own backoff.
Log lines name the method and the error, never the request URL (which holds the token).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

FLOOD_ATTEMPTS = 5
MAX_RETRY_AFTER = 30.0
NETWORK_ATTEMPTS = 3
BACKOFF = (0.5, 1.0, 2.0)


class RetryMiddleware(BaseRequestMiddleware):
    """Bounded retries of one Bot API call; ``sleep`` is injectable for tests."""

    def __init__(
        self,
        *,
        flood_attempts: int = FLOOD_ATTEMPTS,
        max_retry_after: float = MAX_RETRY_AFTER,
        network_attempts: int = NETWORK_ATTEMPTS,
        backoff: tuple[float, ...] = BACKOFF,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if flood_attempts < 1 or network_attempts < 1 or not backoff:
            raise ValueError("attempts must be at least 1 and backoff must not be empty")
        self.flood_attempts = flood_attempts
        self.max_retry_after = max_retry_after
        self.network_attempts = network_attempts
        self.backoff = backoff
        self._sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        """Make the request, retrying as described in the module docstring."""
        polling = isinstance(method, GetUpdates)  # its loop backs off by itself
        name = type(method).__name__
        floods = failures = 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                floods += 1
                if (
                    polling
                    or floods >= self.flood_attempts
                    or error.retry_after > self.max_retry_after
                ):
                    raise
                delay: float = error.retry_after
                log.warning(
                    "%s: flood control, retry %d/%d in %s s",
                    name,
                    floods,
                    self.flood_attempts - 1,
                    delay,
                )
            except (TelegramNetworkError, TelegramServerError) as error:
                failures += 1
                if polling or failures >= self.network_attempts:
                    raise
                delay = self.backoff[min(failures, len(self.backoff)) - 1]
                log.warning(
                    "%s: %s: %s, retry %d/%d in %s s",
                    name,
                    type(error).__name__,
                    error.message.replace(bot.token, "***"),  # aiohttp may quote the URL
                    failures,
                    self.network_attempts - 1,
                    delay,
                )
            await self._sleep(delay)
