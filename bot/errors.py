"""The last resort: an update whose handler raised.

The exception is logged once, with its traceback, and the person is told in a word that
something went wrong and how to start over, instead of hearing nothing (a pressed button
was answered before its handler ran). A storage failure (SQLite, PostgreSQL or Redis:
disk full, database locked, server gone) is said as such: nothing was saved, try again;
the dialog stays where it was, as a failed update's state changes are dropped
(:mod:`bot.middlewares.state_unit`). A person who cannot be reached (blocked the bot) is
not written to. Failures of that reply are logged in one line and otherwise ignored.
"""

from __future__ import annotations

import logging
import sqlite3
import sys

from aiogram import Bot
from aiogram.types import ErrorEvent

from bot.delivery import Unreachable
from l10n import Texts


def is_storage_failure(error: BaseException) -> bool:
    """SQLite's, PostgreSQL's or Redis's error. A driver is asked only once loaded (a
    backend not in use raises nothing, and a bot on SQLite never loads the others)."""
    if isinstance(error, sqlite3.Error):
        return True
    asyncpg = sys.modules.get("asyncpg")
    if asyncpg is not None and isinstance(error, asyncpg.PostgresError | asyncpg.InterfaceError):
        return True
    redis_errors = sys.modules.get("redis.exceptions")
    return redis_errors is not None and isinstance(error, redis_errors.RedisError)


log = logging.getLogger(__name__)


async def handle_error(event: ErrorEvent, bot: Bot, texts: Texts) -> bool:
    """Log the failure, tell the user; register on ``Dispatcher.errors``."""
    update = event.update
    if isinstance(event.exception, Unreachable):
        log.info("update %d: %s", update.update_id, event.exception)
        return True
    log.exception(
        "update %d (%s) failed",
        update.update_id,
        update.event_type,
        exc_info=event.exception,
    )
    chat_id: int | None = None
    if update.callback_query is not None:
        query = update.callback_query  # answered before its handler ran (bot.app)
        chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    else:
        message = update.message or update.edited_message
        if message is not None:
            chat_id = message.chat.id
    if chat_id is not None:
        try:
            storage = is_storage_failure(event.exception)
            await bot.send_message(
                chat_id, texts.msg("bot-storage-failed" if storage else "bot-error")
            )
        except Exception as error:
            log.warning("could not tell chat %d about the failure: %s", chat_id, error)
    return True
