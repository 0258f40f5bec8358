"""Handlers asking for the toolkit and the checklist."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    Message,
)

from bot.delivery import BulkWorker
from bot.features.dialog.flow import ask_again, in_dialog
from bot.features.dialog.states import Calc
from bot.features.result.callbacks import ResultAction, ResultCb
from bot.features.result.flow import current_result
from bot.features.toolkit.files import ToolkitFiles
from bot.features.toolkit.filters import TOOLKIT_LINK, LtvWord
from bot.features.toolkit.kit import (
    BUSY,
    KIT_JOB,
    TOOLKIT,
    _calculate_markup,
    send_checklist,
    send_personal_checklist,
)
from bot.rendering import Renderer
from bot.storage import EventKind, EventLog
from bot.ui.callbacks import MenuAction, MenuCb
from core.models import Result
from l10n import Texts


async def _reply_chat(event: Message | CallbackQuery) -> int:
    """The chat to reply in; a pressed button is answered (its clock stopped) first."""
    if isinstance(event, Message):
        return event.chat.id
    await event.answer()
    return event.from_user.id


def build_router() -> Router:
    """Handlers of the toolkit and the checklist; a fresh router for every dispatcher.

    Registered before the dialog's router, so that the bare word reaches it in the
    middle of a calculation.
    """
    router = Router(name="toolkit")

    @router.message(Command("toolkit"))
    @router.message(CommandStart(magic=TOOLKIT_LINK))
    @router.message(LtvWord(), StateFilter(None, Calc))
    @router.message(~F.text.startswith("/"), LtvWord(mention=True), StateFilter(None))
    @router.callback_query(MenuCb.filter(F.action == MenuAction.TOOLKIT))
    async def toolkit_request(
        event: Message | CallbackQuery,
        bot: Bot,
        state: FSMContext,
        texts: Texts,
        toolkit: ToolkitFiles,
        events: EventLog,
        jobs: BulkWorker,
    ) -> None:
        chat_id = await _reply_chat(event)
        user_id = event.from_user.id if event.from_user else chat_id
        await events.record_event(user_id, EventKind.TOOLKIT)
        waits = jobs.busy() >= BUSY or any(toolkit.file_id(d) is None for d in TOOLKIT)
        await jobs.submit(KIT_JOB, chat_id, {"resume": await in_dialog(state)})
        if waits:  # not a message: never held back, shows «sending file…» at once
            await bot.send_chat_action(chat_id, "upload_document")

    @router.callback_query(MenuCb.filter(F.action == MenuAction.RESUME))
    async def resume_dialog(
        query: CallbackQuery, bot: Bot, state: FSMContext, texts: Texts
    ) -> None:
        await query.answer()
        if not await ask_again(bot, query.from_user.id, state, texts):
            await bot.send_message(
                query.from_user.id,
                texts.msg("toolkit-outro"),
                reply_markup=_calculate_markup(texts),
            )

    @router.message(Command("checklist"))
    @router.callback_query(MenuCb.filter(F.action == MenuAction.CHECKLIST))
    async def checklist_request(
        event: Message | CallbackQuery,
        bot: Bot,
        state: FSMContext,
        texts: Texts,
        renderer: Renderer,
        toolkit: ToolkitFiles,
    ) -> None:
        chat_id = await _reply_chat(event)
        await send_checklist(bot, chat_id, state, texts, renderer, toolkit)

    @router.callback_query(ResultCb.filter(F.action == ResultAction.CHECKLIST), current_result)
    async def personal_checklist(
        query: CallbackQuery,
        result: Result,
        bot: Bot,
        state: FSMContext,
        texts: Texts,
        renderer: Renderer,
        toolkit: ToolkitFiles,
    ) -> None:
        await query.answer()
        chat_id = query.from_user.id
        await send_personal_checklist(bot, chat_id, texts, renderer, toolkit, result)
        await ask_again(bot, chat_id, state, texts, prefix=texts.msg("toolkit-resume"))

    return router
