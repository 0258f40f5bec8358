"""Factories for the bot and the dispatcher: no module-level singletons."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Dispatcher, F
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ChatType, ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.types import BotCommand
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

from bot.config import Settings
from bot.delivery import Delivery
from bot.errors import handle_error
from bot.features import build_routers
from bot.features.owner.tracking import Visits
from bot.middlewares import SessionMiddleware, StateUnit
from bot.ui.filters import Magic
from l10n import Texts

log = logging.getLogger(__name__)

COMMANDS = {
    "start": "cmd-start",
    "calc": "cmd-calc",
    "scenarios": "cmd-scenarios",
    "toolkit": "cmd-toolkit",
    "checklist": "cmd-checklist",
    "import": "cmd-import",
    "help": "cmd-help",
    "cancel": "cmd-cancel",
    "stop": "cmd-stop",
}
OWNER_COMMANDS = {
    "stats": "cmd-stats",
    "leads": "cmd-leads",
    "broadcast": "cmd-broadcast",
}
"""Shown in the owners' menus only: a chat-scoped command list, see
:class:`~bot.features.owner.tracking.OwnerMenu`."""


def create_bot(settings: Settings, delivery: Delivery) -> Bot:
    """A bot with HTML parse mode by default, on Telegram or a custom Bot API server.

    Every call it makes goes through ``delivery``: paced, prioritised, retried.
    """
    session = None
    if settings.telegram_api_url:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    bot = Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
    bot.session.middleware(delivery)
    return bot


def create_dispatcher(
    storage: BaseStorage,
    texts: Texts,
    visits: Visits | None = None,
    *,
    events_isolation: BaseEventIsolation | None = None,
    **dependencies: Any,
) -> Dispatcher:
    """A dispatcher with fresh routers; ``dependencies`` reach handlers by name.

    ``visits`` records who writes (when an ``audience`` is among the dependencies).

    Private chats only (a group would mix several people's dialogs). Each person's
    updates come one at a time from the intake (:mod:`bot.delivery.intake`); with
    replicas, ``events_isolation`` (a lock per person in Redis) keeps them one at a time
    across processes too.
    """
    dispatcher = Dispatcher(
        storage=storage, events_isolation=events_isolation, texts=texts, **dependencies
    )
    dispatcher.update.outer_middleware(StateUnit())  # after aiogram's FSM middleware
    dispatcher.update.outer_middleware(SessionMiddleware())
    # Every tap is answered once, before its handler (its spinner stops at once); a handler
    # flagged ``callback_answer={"pre": False}`` sets the answer's text instead.
    dispatcher.callback_query.middleware(CallbackAnswerMiddleware(pre=True))
    dispatcher.update.outer_middleware(visits or Visits())  # who wrote, for the author
    dispatcher.message.filter(Magic(F.chat.type == ChatType.PRIVATE))
    dispatcher.callback_query.filter(Magic(F.message.chat.type == ChatType.PRIVATE))
    dispatcher.errors.register(handle_error)
    dispatcher.include_routers(*build_routers())
    return dispatcher


def command_menu(texts: Texts, *, owner: bool = False) -> list[BotCommand]:
    """Everyone's commands; with ``owner``, the owner's after them."""
    shown = {**COMMANDS, **OWNER_COMMANDS} if owner else COMMANDS
    return [BotCommand(command=c, description=texts.msg(key)) for c, key in shown.items()]


async def publish_profile(bot: Bot, texts: Texts) -> None:
    """The command menu, description and short description, in Russian."""
    await bot.set_my_commands(command_menu(texts))
    await bot.set_my_description(texts.msg("bot-description"))
    await bot.set_my_short_description(texts.msg("bot-short-description"))
