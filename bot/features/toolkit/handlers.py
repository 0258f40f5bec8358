"""Handlers asking for the toolkit and the checklist.

The kit is not sent from here: it is submitted as a durable bulk job
(:func:`bot.features.toolkit.kit.kit_job`), so a crowd is served at Telegram's pace
without holding anyone's dialog back.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart, StateFilter
from aiogram.types import CallbackQuery, Message

from bot.delivery import BulkWorker
from bot.features.dialog.flow import ask_again, in_dialog
from bot.features.dialog.states import Calc
from bot.features.result.callbacks import ResultAction, ResultCb
from bot.features.result.flow import current_result
from bot.features.result.states import WhatIf
from bot.features.toolkit.files import ToolkitFiles
from bot.features.toolkit.filters import TOOLKIT_LINK, LtvWord
from bot.features.toolkit.kit import (
    BUSY,
    KIT_JOB,
    TOOLKIT,
    calculate_markup,
    send_checklist,
    send_personal_checklist,
)
from bot.rendering import Renderer
from bot.session import Chat
from bot.storage import EventKind, EventLog
from bot.ui.callbacks import MenuAction, MenuCb
from bot.ui.filters import Magic
from core.models import Result


async def toolkit_request(
    _: Message | CallbackQuery,
    chat: Chat,
    toolkit: ToolkitFiles,
    events: EventLog,
    jobs: BulkWorker,
) -> None:
    """«LTV», /toolkit, the deep link, the menu button: the kit as a job."""
    await events.record_event(chat.id, EventKind.TOOLKIT)
    waits = jobs.busy() >= BUSY or any(toolkit.file_id(d) is None for d in TOOLKIT)
    await jobs.submit(KIT_JOB, chat.id, {"resume": await in_dialog(chat.state)})
    if waits:  # not a message: never held back, shows «sending file…» at once
        await chat.bot.send_chat_action(chat.id, "upload_document")


async def resume_dialog(_: CallbackQuery, chat: Chat) -> None:
    """«Продолжить расчёт» under the kit: the open question again."""
    if not await ask_again(chat):
        await chat.say(chat.msg("toolkit-outro"), calculate_markup(chat.texts))


async def checklist_request(
    _: Message | CallbackQuery,
    chat: Chat,
    renderer: Renderer,
    toolkit: ToolkitFiles,
    events: EventLog,
) -> None:
    """/checklist and the menu button."""
    if await send_checklist(chat, renderer, toolkit):
        await events.record_event(chat.id, EventKind.PERSONAL_CHECKLIST)


async def personal_checklist(
    _: CallbackQuery,
    result: Result,
    chat: Chat,
    renderer: Renderer,
    toolkit: ToolkitFiles,
    events: EventLog,
) -> None:
    """«Чек-лист для вас» under a result."""
    await send_personal_checklist(chat.bot, chat.id, chat.texts, renderer, toolkit, result)
    await events.record_event(chat.id, EventKind.PERSONAL_CHECKLIST)
    await ask_again(chat, prefix=chat.msg("toolkit-resume"))


def build_router() -> Router:
    """Handlers of the toolkit and the checklist; a fresh router for every dispatcher.

    Registered before the dialog's router, so that the bare word reaches it in the
    middle of a calculation.
    """
    router = Router(name="toolkit")
    router.message.register(toolkit_request, Command("toolkit"))
    router.message.register(toolkit_request, CommandStart(magic=TOOLKIT_LINK))
    router.message.register(toolkit_request, LtvWord(), StateFilter(None, Calc, WhatIf))
    router.message.register(
        toolkit_request, Magic(~F.text.startswith("/")), LtvWord(mention=True), StateFilter(None)
    )
    router.callback_query.register(toolkit_request, MenuCb.filter(F.action == MenuAction.TOOLKIT))
    router.callback_query.register(resume_dialog, MenuCb.filter(F.action == MenuAction.RESUME))
    router.message.register(checklist_request, Command("checklist"))
    router.callback_query.register(
        checklist_request, MenuCb.filter(F.action == MenuAction.CHECKLIST)
    )
    router.callback_query.register(
        personal_checklist, ResultCb.filter(F.action == ResultAction.CHECKLIST), current_result
    )
    return router
