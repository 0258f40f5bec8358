"""The result: compute, send the chart and the summary, and the buttons under it."""

from __future__ import annotations

import logging
import time
from typing import Any

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.chat_action import ChatActionSender

from bot import keyboards, views
from bot.callbacks import ResultAction, ResultCb, StepAction, StepCb
from bot.dialog import inputs_data
from bot.handlers.calc import on_current_question, retire_buttons, show_review
from bot.rendering import Renderer
from bot.scenario_flow import inputs_of, save_version
from bot.states import Calc
from bot.storage import EventKind, EventLog, ScenarioRepository
from core.economics import compute
from core.models import Inputs, InvalidInput, Result
from l10n import Texts

log = logging.getLogger(__name__)


async def send_result(
    bot: Bot,
    chat_id: int,
    texts: Texts,
    renderer: Renderer,
    result: Result,
    markup: InlineKeyboardMarkup,
    title: str = "",
) -> None:
    """The chart (rendered off the event loop, «sending photo…» meanwhile), then the summary.

    ``title`` (HTML, already escaped) goes above the summary, e.g. a saved scenario's name.
    """
    async with ChatActionSender.upload_photo(bot=bot, chat_id=chat_id):
        png = await renderer.result_chart(result)
        await bot.send_photo(chat_id, BufferedInputFile(png, filename="ltv.png"))
    text = views.result_text(texts, result)
    if title:
        text = f"{title}\n\n{text}"
    await bot.send_message(chat_id, text, reply_markup=markup)


async def current_result(
    query: CallbackQuery, callback_data: ResultCb, state: FSMContext
) -> dict[str, Result] | bool:
    """Filter: the button is under the latest result (same ``ref``); passes it as ``result``.

    Buttons under an older result fall through to the «out of date» answer rather
    than acting on a different calculation than the one they sit under.
    """
    if callback_data.ref != (await state.get_data()).get("ref"):
        return False
    result = await last_result(state)
    return False if result is None else {"result": result}


async def last_result(state: FSMContext) -> Result | None:
    """The latest result of this user, recomputed from its stored inputs."""
    stored = (await state.get_data()).get("last")
    inputs = inputs_of(stored) if isinstance(stored, dict) else None
    return None if inputs is None else compute(inputs)


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
            bot, query.from_user.id, texts, renderer, result, keyboards.result(texts, ref)
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
            views.what_if_text(texts, result),
            reply_markup=keyboards.what_if(texts, callback_data.ref),
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
