"""What every feature does with the chat: retire a question's buttons, answer a stale tap."""

from __future__ import annotations

from contextlib import suppress

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery

from bot.ui.keyboards import main_menu
from l10n import Texts


async def retire_buttons(bot: Bot, chat_id: int, message_id: int | None) -> None:
    """Remove the buttons of a question that has been answered (ignore if already gone)."""
    if message_id is None:
        return
    with suppress(TelegramBadRequest):
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)


async def answer_stale(query: CallbackQuery, bot: Bot, texts: Texts, text: str) -> None:
    """A button that can no longer act: «stale-menu» on it, then ``text`` and the main menu."""
    await query.answer(texts.msg("stale-menu"))
    await bot.send_message(query.from_user.id, text, reply_markup=main_menu(texts))
