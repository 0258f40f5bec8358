"""Load a person's :class:`~bot.session.Session` once per update; save it once if changed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import Chat as TelegramChat
from aiogram.types import TelegramObject, User

from bot.session import Chat, Session
from l10n import Texts


class SessionMiddleware(BaseMiddleware):
    """An outer update middleware after the FSM one: injects ``chat`` and ``session``."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        """Run ``handler`` with the session loaded; store it after, when it changed."""
        state = data.get("state")
        where = data.get("event_chat")
        who = data.get("event_from_user")
        chat_id = where.id if isinstance(where, TelegramChat) else None
        if chat_id is None and isinstance(who, User):
            chat_id = who.id
        if not isinstance(state, FSMContext) or chat_id is None:
            return await handler(event, data)
        session = Session.load(await state.get_data())
        before = session.dump()  # a copy: a value changed in place is still seen as a change
        bot: Bot = data["bot"]
        texts: Texts = data["texts"]
        data["session"] = session
        data["chat"] = Chat(bot, chat_id, state, session, texts)
        result = await handler(event, data)
        after = session.dump()
        if after != before:
            await state.set_data(after)
        return result
