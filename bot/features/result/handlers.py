"""Handlers of the result and its buttons."""

from __future__ import annotations

import time

from aiogram import F, Router
from aiogram.types import CallbackQuery

from bot.features.dialog.callbacks import StepAction, StepCb
from bot.features.dialog.flow import on_current_question, show_review
from bot.features.dialog.states import Calc
from bot.features.dialog.steps import inputs_data
from bot.features.result.callbacks import ResultAction, ResultCb
from bot.features.result.flow import current_result, send_result
from bot.features.result.keyboards import result_keyboard, what_if_keyboard
from bot.features.result.views import what_if_text
from bot.features.scenarios.flow import save_version
from bot.rendering import Renderer
from bot.session import Chat
from bot.storage import EventKind, EventLog, ScenarioRepository
from core.economics import compute
from core.models import Inputs, InvalidInput, Result


async def compute_result(
    _: CallbackQuery, chat: Chat, renderer: Renderer, events: EventLog, repo: ScenarioRepository
) -> None:
    """«Рассчитать»: the chart and the summary; a changed saved scenario gets a new version."""
    origin = chat.session.origin  # an answer of this saved scenario was changed
    try:
        inputs = Inputs.checked(**inputs_data(chat.session.answers))
    except InvalidInput:
        await show_review(chat)
        return
    await chat.retire()
    last = inputs.model_dump(mode="json")
    ref = time.time_ns() // 1_000_000  # names this result in its buttons
    chat.session.show_result(last, ref)
    await chat.state.set_state(None)
    await events.record_event(chat.id, EventKind.CALCULATION)
    await send_result(chat, renderer, compute(inputs), result_keyboard(chat.texts, ref))
    if origin is not None:
        await save_version(chat, repo, origin, last)


async def what_if(_: CallbackQuery, callback_data: ResultCb, result: Result, chat: Chat) -> None:
    """«Что если…»: the levers and the target."""
    await chat.say(
        what_if_text(chat.texts, result), what_if_keyboard(chat.texts, callback_data.ref)
    )


async def change_answer(_: CallbackQuery, result: Result, chat: Chat) -> None:
    """«Изменить»: the review screen with this result's answers."""
    chat.session.answers = result.inputs.model_dump(mode="json")
    chat.session.editing, chat.session.origin = False, None
    await show_review(chat)


def build_router() -> Router:
    """Handlers of the result and its buttons; a fresh router for every dispatcher."""
    router = Router(name="result")
    router.callback_query.register(
        compute_result,
        StepCb.filter(F.action == StepAction.COMPUTE),
        Calc.review,
        on_current_question,
    )
    router.callback_query.register(
        what_if, ResultCb.filter(F.action == ResultAction.WHAT_IF), current_result
    )
    router.callback_query.register(
        change_answer, ResultCb.filter(F.action == ResultAction.EDIT), current_result
    )
    return router
