"""Waiting in in-process tests for what the bot does in the background."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable


async def until(check: Callable[[], bool | Awaitable[bool]], seconds: float = 5.0) -> None:
    """Wait until ``check()`` (plain or awaited) holds; fail instead of hanging."""
    async with asyncio.timeout(seconds):
        while True:
            held = check()
            if inspect.isawaitable(held):
                held = await held
            if held:
                return
            await asyncio.sleep(0.005)
