"""Handlers of the result and its buttons."""

from __future__ import annotations

import time

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.features.dialog.callbacks import StepAction, StepCb
from bot.features.dialog.flow import edit_text, example, on_current_question, show_review
from bot.features.dialog.states import Calc
from bot.features.dialog.steps import STEPS, inputs_data
from bot.features.result import flow
from bot.features.result.callbacks import (
    InputCb,
    ResultAction,
    ResultCb,
    VariantAction,
    VariantCb,
)
from bot.features.result.flow import (
    current_input,
    current_result,
    current_variant,
    last_result,
    send_result,
)
from bot.features.result.keyboards import (
    back_to_levers,
    fields_keyboard,
    result_keyboard,
    what_if_keyboard,
)
from bot.features.result.states import WhatIf
from bot.features.result.variants import variant_inputs
from bot.features.result.views import own_value_prompt, what_if_text
from bot.features.scenarios.flow import save_version
from bot.rendering import Renderer
from bot.session import Chat
from bot.storage import EventKind, EventLog, ScenarioRepository
from bot.ui.filters import Magic
from bot.ui.keyboards import main_menu
from core.economics import compute
from core.models import Inputs, InvalidInput, Result
from core.parsing import ParseError


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
    result = compute(inputs)
    await events.record_event(chat.id, EventKind.CALCULATION, result.ltv_cac)
    await send_result(chat, renderer, result, result_keyboard(chat.texts, ref))
    if origin is not None and await save_version(chat, repo, origin, last) is not None:
        await events.record_event(chat.id, EventKind.SCENARIO_SAVED)


async def what_if(_: CallbackQuery, callback_data: ResultCb, result: Result, chat: Chat) -> None:
    """«Что если…»: the levers and the ways to 3×, each a button that applies it."""
    await flow.stop_typing(chat)
    markup = what_if_keyboard(chat.texts, result, callback_data.ref)
    await chat.say(what_if_text(chat.texts, result), markup)


async def levers_in_place(
    query: CallbackQuery, callback_data: ResultCb, result: Result, chat: Chat
) -> None:
    """«← К рычагам»: the levers again, in place of the message the button is under."""
    await flow.stop_typing(chat)
    markup = what_if_keyboard(chat.texts, result, callback_data.ref)
    await _in_place(chat, query, what_if_text(chat.texts, result), markup)


async def apply(
    _: CallbackQuery,
    callback_data: VariantCb,
    result: Result,
    original: Result,
    chat: Chat,
    renderer: Renderer,
) -> None:
    """A lever or a way to 3× applied: the variant's chart and figures."""
    await flow.stop_typing(chat)
    await flow.send_variant(chat, renderer, original, result, callback_data.field)


async def own_value(
    query: CallbackQuery, callback_data: ResultCb, result: Result, chat: Chat
) -> None:
    """«Своё значение»: which answer to change (in place of the levers)."""
    await flow.stop_typing(chat)
    markup = fields_keyboard(chat.texts, result, callback_data.ref)
    await _in_place(chat, query, chat.msg("own-value-pick"), markup)


async def own_field(
    query: CallbackQuery, callback_data: InputCb, result: Result, chat: Chat
) -> None:
    """An answer chosen: ask for its new value (in place); the next text is that value."""
    field = callback_data.field
    hint = example(chat.texts, field, result.inputs.model)
    text = own_value_prompt(chat.texts, field, result.inputs, hint)
    message_id = await _in_place(chat, query, text, back_to_levers(chat.texts, callback_data.ref))
    if chat.session.question not in (None, message_id):
        await chat.retire()
    chat.session.question = message_id
    await chat.state.set_state(getattr(WhatIf, field.value))


async def value_typed(message: Message, chat: Chat, renderer: Renderer) -> None:
    """The new value of the answer chosen: the variant; a wrong one is explained, briefly."""
    field = await flow.typing(chat)
    original = last_result(chat.session)
    if field is None or original is None:  # the result is forgotten
        await flow.stop_typing(chat)
        await chat.say(chat.msg("result-out-of-date"), main_menu(chat.texts))
        return
    try:
        value = STEPS[field].read(message.text or "")
    except (ParseError, InvalidInput) as refused:
        reason = chat.msg(f"error-{refused.code.value.replace('_', '-')}")
        await _refuse_value(chat, f"{reason}\n{example(chat.texts, field, original.inputs.model)}")
        return
    await flow.stop_typing(chat)
    inputs = variant_inputs(original.inputs, field, value)
    if inputs is None:  # an answer the latest result no longer has (its model changed)
        await chat.say(chat.msg("result-out-of-date"), main_menu(chat.texts))
        return
    await flow.send_variant(chat, renderer, original, compute(inputs), field)


async def not_a_value(_: Message, chat: Chat) -> None:
    """A sticker or a photo where a value is expected."""
    field = await flow.typing(chat)
    result = last_result(chat.session)
    model = None if result is None else result.inputs.model
    tip = "" if field is None else f"\n{example(chat.texts, field, model)}"
    await _refuse_value(chat, chat.msg("wrong-kind") + tip)


async def _refuse_value(chat: Chat, text: str) -> None:
    """A short reply under which «← К рычагам» is the live button."""
    sent = await chat.say(text, back_to_levers(chat.texts, chat.session.ref or 0))
    await chat.retire()
    chat.session.question = sent.message_id


async def show_original(
    _: CallbackQuery, callback_data: ResultCb, result: Result, chat: Chat, renderer: Renderer
) -> None:
    """«Исходный расчёт»: the latest result again, its chart and summary."""
    await flow.stop_typing(chat)
    markup = result_keyboard(chat.texts, callback_data.ref)
    await send_result(chat, renderer, result, markup)


async def _in_place(
    chat: Chat, query: CallbackQuery, text: str, markup: InlineKeyboardMarkup
) -> int:
    """Show ``text`` in place of the message the button is under (a new message when that one
    is a photo or gone); the id of the message that shows it."""
    message = query.message
    if message is not None and await edit_text(chat, message.message_id, text, markup):
        return message.message_id
    return (await chat.say(text, markup)).message_id


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
        StateFilter(Calc.review),
        on_current_question,
    )
    router.callback_query.register(
        what_if, ResultCb.filter(F.action == ResultAction.WHAT_IF), current_result
    )
    router.callback_query.register(
        change_answer, ResultCb.filter(F.action == ResultAction.EDIT), current_result
    )
    on = router.callback_query.register
    on(levers_in_place, ResultCb.filter(F.action == ResultAction.LEVERS), current_result)
    on(apply, VariantCb.filter(F.action == VariantAction.SHOW), current_variant)
    on(own_value, ResultCb.filter(F.action == ResultAction.OWN), current_result)
    on(own_field, InputCb.filter(), current_input)
    on(show_original, ResultCb.filter(F.action == ResultAction.SHOW), current_result)
    router.message.register(value_typed, StateFilter(WhatIf), Magic(F.text))
    router.message.register(not_a_value, StateFilter(WhatIf))
    return router
