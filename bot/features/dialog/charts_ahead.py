"""The chart worker made ready while a person reads their review screen."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject

from bot.features.dialog.states import Calc
from bot.rendering import Renderer


class ChartsAhead(BaseMiddleware):
    """A dialog handler's middleware: once the review screen is shown, «Рассчитать» is one
    tap away, so the chart worker is started (:meth:`Renderer.prepare_charts`) and the
    first chart after a restart does not wait for matplotlib's import."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        """Run ``handler``; prepare the charts if it left the person on the review."""
        result = await handler(event, data)
        renderer: Renderer | None = data.get("renderer")
        state = data.get("state")
        on_review = isinstance(state, FSMContext) and await state.get_state() == Calc.review.state
        if renderer is not None and on_review:
            renderer.prepare_charts()
        return result
