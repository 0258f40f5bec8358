"""Start, help, cancel, the main menu and the fallbacks."""

from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.features.dialog.callbacks import StepAction, StepCb
from bot.features.result.callbacks import ResultCb
from bot.features.toolkit.filters import TOOLKIT_LINK
from bot.ui.callbacks import MenuAction, MenuCb
from bot.ui.keyboards import main_menu
from bot.ui.screens import answer_stale, retire_buttons
from l10n import Texts


async def leave_dialog(bot: Bot, chat_id: int, state: FSMContext) -> bool:
    """Leave any dialog, keeping only the latest result; return whether there was one."""
    data = await state.get_data()
    had_dialog = await state.get_state() is not None
    await retire_buttons(bot, chat_id, data.get("question"))
    await state.set_state(None)
    await state.set_data({"last": data.get("last"), "ref": data.get("ref")})
    return had_dialog


async def cancel_dialog(bot: Bot, chat_id: int, state: FSMContext, texts: Texts) -> None:
    """``/cancel`` and «Отмена»: leave the dialog from anywhere and show the menu."""
    key = "cancelled" if await leave_dialog(bot, chat_id, state) else "nothing-to-cancel"
    await bot.send_message(chat_id, texts.msg(key), reply_markup=main_menu(texts))


def build_cancel_router() -> Router:
    """``/cancel`` and «Отмена»: registered first so they work in every state."""
    router = Router(name="cancel")

    @router.message(Command("cancel"))
    async def cancel_command(message: Message, bot: Bot, state: FSMContext, texts: Texts) -> None:
        await cancel_dialog(bot, message.chat.id, state, texts)

    @router.callback_query(StepCb.filter(F.action == StepAction.CANCEL))
    async def cancel_button(
        query: CallbackQuery, bot: Bot, state: FSMContext, texts: Texts
    ) -> None:
        await query.answer()
        await cancel_dialog(bot, query.from_user.id, state, texts)

    return router


def build_router() -> Router:
    """Greeting, help and the menu; a fresh router for every dispatcher."""
    router = Router(name="menu")

    @router.message(CommandStart(magic=~TOOLKIT_LINK))  # /start ltv: the toolkit router's
    async def start(message: Message, bot: Bot, state: FSMContext, texts: Texts) -> None:
        await leave_dialog(bot, message.chat.id, state)  # a fresh start, not a stray answer
        name = html.escape(message.from_user.first_name if message.from_user else "")
        await message.answer(texts.msg("greeting", name=name), reply_markup=main_menu(texts))

    @router.message(Command("help"))
    async def help_command(message: Message, texts: Texts) -> None:
        await message.answer(texts.msg("help"), reply_markup=main_menu(texts))

    @router.callback_query(MenuCb.filter(F.action == MenuAction.HELP))
    async def help_button(query: CallbackQuery, bot: Bot, texts: Texts) -> None:
        await query.answer()
        await bot.send_message(
            query.from_user.id, texts.msg("help"), reply_markup=main_menu(texts)
        )

    @router.callback_query(MenuCb.filter(F.action == MenuAction.HOME))
    async def home_button(query: CallbackQuery, bot: Bot, texts: Texts) -> None:
        await query.answer()
        await bot.send_message(
            query.from_user.id, texts.msg("menu-prompt"), reply_markup=main_menu(texts)
        )

    return router


def build_fallback_router() -> Router:
    """What is left: text outside a dialog and buttons of old messages. Registered last."""
    router = Router(name="fallback")

    @router.message()
    async def outside_dialog(message: Message, texts: Texts) -> None:
        await message.answer(texts.msg("outside-dialog"), reply_markup=main_menu(texts))

    @router.callback_query(ResultCb.filter())
    async def older_result(query: CallbackQuery, bot: Bot, texts: Texts) -> None:
        """A button under a result that is no longer the latest (or forgotten)."""
        await answer_stale(query, bot, texts, texts.msg("result-out-of-date"))

    @router.callback_query()
    async def stale_button(query: CallbackQuery, bot: Bot, texts: Texts) -> None:
        await answer_stale(query, bot, texts, texts.msg("stale-menu-long"))

    return router
