"""The result: compute, send the chart and the summary; the latest result of a person;
its variants (a lever, a way to 3×, a value typed) with their chart."""

from __future__ import annotations

import logging

from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.chat_action import ChatActionSender

from bot.features.result.callbacks import InputCb, ResultCb, VariantCb
from bot.features.result.keyboards import variant_keyboard
from bot.features.result.states import WhatIf
from bot.features.result.variants import changeable, variant_inputs
from bot.features.result.views import result_text, variant_text
from bot.features.scenarios.flow import inputs_of
from bot.rendering import Renderer
from bot.session import Chat, Session
from core.economics import compute
from core.models import Field, Result

log = logging.getLogger(__name__)


async def send_result(
    chat: Chat,
    renderer: Renderer,
    result: Result,
    markup: InlineKeyboardMarkup,
    title: str = "",
) -> None:
    """The chart (rendered off the event loop, «sending photo…» meanwhile), then the summary.

    ``title`` (HTML, already escaped) goes above the summary, e.g. a saved scenario's name.
    """
    async with ChatActionSender.upload_photo(bot=chat.bot, chat_id=chat.id):
        png = await renderer.result_chart(result, chat.session.realized)
        await chat.bot.send_photo(chat.id, BufferedInputFile(png, filename="ltv.png"))
    text = result_text(chat.texts, result)
    await chat.say(f"{title}\n\n{text}" if title else text, markup)


async def current_result(
    _: CallbackQuery, callback_data: ResultCb, session: Session
) -> dict[str, Result] | bool:
    """Filter: the button is under the latest result (same ``ref``); passes it as ``result``.

    Buttons under an older result fall through to the «out of date» answer rather
    than acting on a different calculation than the one they sit under.
    """
    if callback_data.ref != session.ref:
        return False
    result = last_result(session)
    return False if result is None else {"result": result}


def last_result(session: Session) -> Result | None:
    """The latest result of this person, recomputed from its stored inputs."""
    inputs = None if session.last is None else inputs_of(session.last)
    return None if inputs is None else compute(inputs)


async def current_variant(
    _: CallbackQuery, callback_data: VariantCb, session: Session
) -> dict[str, Result] | bool:
    """Filter: a variant of the latest result, passed as ``result``, the latest as ``original``.

    A variant of an older result, or one no answer may be (forged), passes no handler.
    """
    if callback_data.ref != session.ref:
        return False
    original = last_result(session)
    if original is None:
        return False
    inputs = variant_inputs(original.inputs, callback_data.field, callback_data.value)
    return False if inputs is None else {"result": compute(inputs), "original": original}


async def current_input(
    _: CallbackQuery, callback_data: InputCb, session: Session
) -> dict[str, Result] | bool:
    """Filter: an answer of the latest result that may change; the result passed as ``result``."""
    if callback_data.ref != session.ref:
        return False
    result = last_result(session)
    if result is None or callback_data.field not in changeable(result.inputs):
        return False
    return {"result": result}


async def send_variant(
    chat: Chat, renderer: Renderer, original: Result, variant: Result, field: Field
) -> None:
    """A variant's chart, its figures beside the latest result's as the caption, and buttons
    to save it, try another value or lever, or see the result again: one message."""
    ref = chat.session.ref or 0
    value = getattr(variant.inputs, field.value)
    async with ChatActionSender.upload_photo(bot=chat.bot, chat_id=chat.id):
        png = await renderer.result_chart(variant)
        await chat.bot.send_photo(
            chat.id,
            BufferedInputFile(png, filename="ltv.png"),
            caption=variant_text(chat.texts, original, variant, field),
            reply_markup=variant_keyboard(chat.texts, ref, field, value),
        )


TYPING: dict[str, Field] = {
    str(getattr(WhatIf, field.value).state): field
    for field in (Field.PRICE, Field.PER_YEAR, Field.CHURN, Field.MARGIN, Field.CAC)
}
"""The «Своё значение» state of each answer."""


async def typing(chat: Chat) -> Field | None:
    """The answer a value is being typed for («Своё значение»), if any."""
    return TYPING.get(await chat.state.get_state() or "")


async def stop_typing(chat: Chat) -> None:
    """No value is awaited any more: the request's buttons retire."""
    if await typing(chat) is not None:
        await chat.retire()
        await chat.state.set_state(None)
