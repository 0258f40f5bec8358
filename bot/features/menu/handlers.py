"""Start, help, cancel, the main menu and the fallbacks."""

from __future__ import annotations

import html

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, Message

from bot.features.dialog.callbacks import StepAction, StepCb
from bot.features.dialog.flow import in_dialog
from bot.features.menu.keyboards import resume_or_restart, returning_menu
from bot.features.menu.views import greeting
from bot.features.result.callbacks import InputCb, ResultCb, VariantCb
from bot.features.result.flow import last_result
from bot.features.toolkit.filters import TOOLKIT_LINK
from bot.session import Chat
from bot.storage import ScenarioRepository
from bot.ui.callbacks import MenuAction, MenuCb
from bot.ui.keyboards import main_menu

ANSWERS_ITSELF = {"callback_answer": {"disabled": True}}
"""Handler flag: the handler answers the tap itself, with a text."""


async def leave_dialog(chat: Chat) -> bool:
    """Leave any dialog, keeping only the latest result; return whether there was one."""
    had_dialog = await chat.state.get_state() is not None
    await chat.retire()
    await chat.state.set_state(None)
    chat.session.leave()
    return had_dialog


async def cancel(_: Message | CallbackQuery, chat: Chat) -> None:
    """``/cancel`` and «Отмена»: leave the dialog from anywhere and show the menu."""
    key = "cancelled" if await leave_dialog(chat) else "nothing-to-cancel"
    await chat.say(chat.msg(key), main_menu(chat.texts))


async def start(message: Message, chat: Chat, repo: ScenarioRepository) -> None:
    """/start: in the middle of a calculation, go on with it or begin again? Otherwise the
    greeting: the first-time one, or a welcome back with the latest result and scenarios."""
    if await in_dialog(chat.state):
        await chat.screen(chat.msg("start-mid-calculation"), resume_or_restart(chat.texts))
        return
    await leave_dialog(chat)  # a name being typed, a value for «Что если»: left
    name = html.escape(message.from_user.first_name if message.from_user else "")
    last = last_result(chat.session)
    count = await repo.count(chat.id)
    text = greeting(chat.texts, name, last, count)
    if last is None and count == 0:
        await chat.say(text, main_menu(chat.texts))
        return
    ref = chat.session.ref if last is not None else None
    await chat.say(text, returning_menu(chat.texts, ref))


async def help_(_: Message | CallbackQuery, chat: Chat) -> None:
    """/help and «Помощь»."""
    await chat.say(chat.msg("help"), main_menu(chat.texts))


async def home(_: CallbackQuery, chat: Chat) -> None:
    """«В меню»."""
    await chat.say(chat.msg("menu-prompt"), main_menu(chat.texts))


async def outside_dialog(_: Message, chat: Chat) -> None:
    """Text that is no command and no answer."""
    await chat.say(chat.msg("outside-dialog"), main_menu(chat.texts))


async def _stale(query: CallbackQuery, chat: Chat, key: str) -> None:
    await query.answer(chat.msg("stale-menu"))
    await chat.say(chat.msg(key), main_menu(chat.texts))


async def older_result(query: CallbackQuery, chat: Chat) -> None:
    """A button under a result that is no longer the latest (or forgotten)."""
    await _stale(query, chat, "result-out-of-date")


async def stale_button(query: CallbackQuery, chat: Chat) -> None:
    """Any other button that can no longer act (an old message, a restart)."""
    await _stale(query, chat, "stale-menu-long")


def build_cancel_router() -> Router:
    """``/cancel`` and «Отмена»: registered first so they work in every state."""
    router = Router(name="cancel")
    router.message.register(cancel, Command("cancel"))
    router.callback_query.register(cancel, StepCb.filter(F.action == StepAction.CANCEL))
    return router


def build_router() -> Router:
    """Greeting, help and the menu; a fresh router for every dispatcher."""
    router = Router(name="menu")
    router.message.register(start, CommandStart(magic=~TOOLKIT_LINK))  # /start ltv: the kit
    router.message.register(help_, Command("help"))
    router.callback_query.register(help_, MenuCb.filter(F.action == MenuAction.HELP))
    router.callback_query.register(home, MenuCb.filter(F.action == MenuAction.HOME))
    return router


def build_fallback_router() -> Router:
    """What is left: text outside a dialog and buttons of old messages. Registered last."""
    router = Router(name="fallback")
    router.message.register(outside_dialog)
    for older in (ResultCb, VariantCb, InputCb):
        router.callback_query.register(older_result, older.filter(), flags=ANSWERS_ITSELF)
    router.callback_query.register(stale_button, flags=ANSWERS_ITSELF)
    return router
