"""The chart worker made ready while a person gives their last answer and reads the review."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject

from bot.features.dialog.states import Calc
from bot.features.dialog.steps import STEP_BY_STATE, model_of, order
from bot.rendering import Renderer
from bot.session import Session


def chart_near(state: str | None, answers: Mapping[str, Any]) -> bool:
    """Whether a chart is at most one answer away: the last question, or the review."""
    if state == Calc.review.state:
        return True
    step = STEP_BY_STATE.get(state or "")
    return step is not None and model_of(answers) is not None and step.field is order(answers)[-1]


class ChartsAhead(BaseMiddleware):
    """A dialog handler's middleware: once a chart is near (:func:`chart_near`), the chart
    worker is started (:meth:`Renderer.prepare_charts`), so that the first chart after a
    restart does not wait for matplotlib's import."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        """Run ``handler``; prepare the charts if it left the person near one."""
        result = await handler(event, data)
        renderer: Renderer | None = data.get("renderer")
        state, session = data.get("state"), data.get("session")
        if renderer is None or not isinstance(state, FSMContext):
            return result
        if isinstance(session, Session) and chart_near(await state.get_state(), session.answers):
            renderer.prepare_charts()
        return result
