"""What every feature does with the chat: retire a question's buttons."""

from __future__ import annotations

from contextlib import suppress

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest


async def retire_buttons(bot: Bot, chat_id: int, message_id: int | None) -> None:
    """Remove the buttons of a question that has been answered (ignore if already gone)."""
    if message_id is None:
        return
    with suppress(TelegramBadRequest):
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)
