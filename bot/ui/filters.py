"""Filters checked in the event loop.

aiogram awaits a filter that is a coroutine function (or a ``Filter``) in place, but runs
any other callable — a bare magic filter such as ``F.text``, a bare ``State`` — in a worker
thread (``asyncio.to_thread``): a thread hop to read an attribute, several for each message
on its way to its handler. Register ``Magic(F.text)`` and ``StateFilter(Calc.model)``
instead (``tests/bot/test_filters.py`` checks that no filter runs in a thread).
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject
from magic_filter import MagicFilter


class Magic(Filter):
    """A magic filter (``Magic(F.text)``) resolved against the event, in the event loop."""

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject) -> Any:
        """What the magic filter gives for ``event`` (falsy: not passed)."""
        return self.magic.resolve(event)
