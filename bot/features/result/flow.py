"""The result: compute, send the chart and the summary; the latest result of a person."""

from __future__ import annotations

import logging

from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.chat_action import ChatActionSender

from bot.features.result.callbacks import ResultCb
from bot.features.result.views import result_text
from bot.features.scenarios.flow import inputs_of
from bot.rendering import Renderer
from bot.session import Chat, Session
from core.economics import compute
from core.models import Result

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
        png = await renderer.result_chart(result)
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
