"""The result: compute, send the chart and the summary; the latest result of a person."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.chat_action import ChatActionSender

from bot.features.result.callbacks import ResultCb
from bot.features.result.views import result_text
from bot.features.scenarios.flow import inputs_of
from bot.rendering import Renderer
from core.economics import compute
from core.models import Result
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
    text = result_text(texts, result)
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
