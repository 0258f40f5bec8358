"""One user's updates are handled one at a time, in the order they arrived.

aiogram handles updates as concurrent tasks. Without this, a double tap or two quick
messages would read and write the same dialog state at once: the second tap would
answer the next question, two results would be computed. Other users never wait.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User


class PerUserSerial(BaseMiddleware):
    """An outer update middleware holding a FIFO lock per user while the update is handled."""

    def __init__(self) -> None:
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: dict[int, int] = {}

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        """Run ``handler`` under the lock of the update's user (no user: at once)."""
        user = data.get("event_from_user")
        if not isinstance(user, User):
            return await handler(event, data)
        lock = self._locks.setdefault(user.id, asyncio.Lock())
        self._holders[user.id] = self._holders.get(user.id, 0) + 1
        try:
            async with lock:
                return await handler(event, data)
        finally:
            self._holders[user.id] -= 1
            if not self._holders[user.id]:  # nobody else queued: forget the lock
                del self._holders[user.id], self._locks[user.id]
