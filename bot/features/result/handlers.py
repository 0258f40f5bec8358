"""Handlers of the result and its buttons."""

from __future__ import annotations

import time
from typing import Any

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
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
from bot.storage import EventKind, EventLog, ScenarioRepository
from bot.ui.screens import retire_buttons
from core.economics import compute
from core.models import Inputs, InvalidInput, Result
from l10n import Texts


def build_router() -> Router:
    """Handlers of the result and its buttons; a fresh router for every dispatcher."""
    router = Router(name="result")

    @router.callback_query(
        StepCb.filter(F.action == StepAction.COMPUTE), Calc.review, on_current_question
    )
    async def compute_result(
        query: CallbackQuery,
        bot: Bot,
        state: FSMContext,
        texts: Texts,
        renderer: Renderer,
        events: EventLog,
        repo: ScenarioRepository,
    ) -> None:
        await query.answer()
        data = await state.get_data()
        origin = data.get("origin")  # an answer of this saved scenario was changed
        try:
            inputs = Inputs.checked(**inputs_data(data.get("answers", {})))
        except InvalidInput:
            await show_review(bot, query.from_user.id, state, texts)
            return
        await retire_buttons(bot, query.from_user.id, data.get("question"))
        last: dict[str, Any] = inputs.model_dump(mode="json")
        ref = time.time_ns() // 1_000_000  # names this result in its buttons
        await state.set_state(None)
        await state.set_data({"last": last, "ref": ref})
        await events.record_event(query.from_user.id, EventKind.CALCULATION)
        result = compute(inputs)
        await send_result(
            bot, query.from_user.id, texts, renderer, result, result_keyboard(texts, ref)
        )
        if isinstance(origin, int):
            await save_version(bot, query.from_user.id, texts, repo, origin, last)

    @router.callback_query(ResultCb.filter(F.action == ResultAction.WHAT_IF), current_result)
    async def what_if(
        query: CallbackQuery, callback_data: ResultCb, result: Result, bot: Bot, texts: Texts
    ) -> None:
        await query.answer()
        await bot.send_message(
            query.from_user.id,
            what_if_text(texts, result),
            reply_markup=what_if_keyboard(texts, callback_data.ref),
        )

    @router.callback_query(ResultCb.filter(F.action == ResultAction.EDIT), current_result)
    async def change_answer(
        query: CallbackQuery, result: Result, bot: Bot, state: FSMContext, texts: Texts
    ) -> None:
        await query.answer()
        answers = result.inputs.model_dump(mode="json")
        await state.update_data(answers=answers, editing=False, origin=None)
        await show_review(bot, query.from_user.id, state, texts)

    return router
