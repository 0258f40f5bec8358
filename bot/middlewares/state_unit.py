"""One update, one unit of work on the person's dialog state.

When the FSM storage offers ``unit(key)`` (:class:`bot.storage.fsm.SQLiteStorage`, or
:class:`bot.storage.units.UnitOfWork` for replicas), the whole handling of an update runs
inside it: the state is read at most once, written once if it changed (on SQLite just
before the update's done mark; shared storages at the unit's end), and a handler that fails — a
question that could not be delivered, a storage write that failed — leaves the dialog
exactly where it was.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject


class StateUnit(BaseMiddleware):
    """An outer update middleware, registered after aiogram's FSM middleware."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        """Run ``handler`` inside the storage's unit for the update's key."""
        state = data.get("state")
        unit = getattr(data.get("fsm_storage"), "unit", None)  # duck-typed: this is per update
        if not isinstance(state, FSMContext) or unit is None:
            return await handler(event, data)
        async with unit(state.key):
            return await handler(event, data)
