"""The LTV toolkit and the checklist: the documents, the kit as a bulk job."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardMarkup,
    InputFile,
    InputMediaDocument,
    Message,
)
from aiogram.types.media_union import MediaUnion
from aiogram.utils.chat_action import ChatActionSender

from bot.delivery import Job, JobHandler, Step
from bot.features.dialog.flow import ask_again, in_dialog
from bot.features.result.flow import last_result
from bot.features.toolkit.files import ToolkitDocument, ToolkitFiles
from bot.rendering import Renderer, made_on
from bot.session import Chat
from bot.ui.callbacks import MenuAction, MenuCb
from bot.ui.keyboards import button, markup
from core.models import Result
from core.priorities import personal_order, reason_text
from l10n import Texts

log = logging.getLogger(__name__)


TOOLKIT = tuple(ToolkitDocument)


KIT_JOB = "kit"


BUSY = 8
"""Kits being sent at once beyond which a new one waits noticeably: say «sending file…»."""


def _file_name(texts: Texts, document: ToolkitDocument) -> str:
    match document:
        case ToolkitDocument.CHECKLIST:
            return texts.msg("toolkit-file-checklist")
        case ToolkitDocument.FUNNEL:
            return texts.msg("toolkit-file-funnel")
        case ToolkitDocument.CALCULATOR:
            return texts.msg("toolkit-file-calculator")


def _caption(texts: Texts, document: ToolkitDocument) -> str:
    match document:
        case ToolkitDocument.CHECKLIST:
            return texts.msg("toolkit-caption-checklist")
        case ToolkitDocument.FUNNEL:
            return texts.msg("toolkit-caption-funnel")
        case ToolkitDocument.CALCULATOR:
            return texts.msg("toolkit-caption-calculator")


def calculate_markup(texts: Texts, resume: bool = False) -> InlineKeyboardMarkup:
    first = (
        button(texts.msg("btn-resume"), MenuCb(action=MenuAction.RESUME))
        if resume
        else button(texts.msg("btn-calc-own"), MenuCb(action=MenuAction.CALC))
    )
    home = button(texts.msg("btn-home"), MenuCb(action=MenuAction.HOME))
    return markup([[first], [home]])


async def _send_files(
    bot: Bot,
    chat_id: int,
    sources: Sequence[str | InputFile],
    captions: Sequence[str],
    markup: InlineKeyboardMarkup | None,
) -> list[Message]:
    """One document with ``markup``, or several as an album (albums carry no buttons)."""
    if len(sources) == 1:
        sent = await bot.send_document(
            chat_id, sources[0], caption=captions[0], reply_markup=markup
        )
        return [sent]
    if markup is not None:
        raise ValueError("an album cannot carry buttons")
    media: list[MediaUnion] = [
        InputMediaDocument(media=source, caption=caption)
        for source, caption in zip(sources, captions, strict=True)
    ]
    return await bot.send_media_group(chat_id, media=media)


async def send_documents(
    bot: Bot,
    chat_id: int,
    texts: Texts,
    renderer: Renderer,
    toolkit: ToolkitFiles,
    documents: Sequence[ToolkitDocument],
    captions: Sequence[str],
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Send toolkit documents: by file_id once Telegram has them, else render and upload.

    Uploading happens under ``toolkit.lock``: a request that comes while another one
    uploads waits for it and then sends by file_id, so each file is uploaded once. When
    Telegram refuses a file_id, the file_ids are forgotten and the files (rendered
    already) uploaded again.
    """
    file_ids = [toolkit.file_id(document) for document in documents]
    if all(file_ids):
        try:
            await _send_files(bot, chat_id, [f for f in file_ids if f], captions, markup)
            return
        except TelegramBadRequest:
            log.warning("Telegram refused a toolkit file_id; uploading the files again")
            toolkit.forget(file_ids)
    async with ChatActionSender.upload_document(bot=bot, chat_id=chat_id), toolkit.lock:
        file_ids = [toolkit.file_id(document) for document in documents]
        missing = [d for d, file_id in zip(documents, file_ids, strict=True) if file_id is None]
        if missing:
            content = await toolkit.content(missing, renderer)
            sources: list[str | InputFile] = [
                file_id or BufferedInputFile(content[d], filename=_file_name(texts, d))
                for d, file_id in zip(documents, file_ids, strict=True)
            ]
            sent = await _send_files(bot, chat_id, sources, captions, markup)
            for document, message in zip(documents, sent, strict=True):
                if message.document is not None:
                    toolkit.remember(document, message.document.file_id)
            return
    await _send_files(bot, chat_id, [f for f in file_ids if f], captions, markup)


async def send_personal_checklist(
    bot: Bot,
    chat_id: int,
    texts: Texts,
    renderer: Renderer,
    toolkit: ToolkitFiles,
    result: Result,
) -> None:
    """The checklist with the user's figures and order, rendered off the event loop.

    The same inputs on the same day give the same PDF (it says the day it was made), so a
    recent one is sent again by file_id.
    """
    key = f"{result.inputs.model_dump_json()} {made_on()}"
    caption = _personal_caption(texts, result)
    file_id = toolkit.personal_file_id(key)
    if file_id is not None:
        try:
            await bot.send_document(chat_id, file_id, caption=caption)
            return
        except TelegramBadRequest:
            log.warning("Telegram refused a personal checklist's file_id; uploading it again")
            toolkit.forget([file_id])
    async with ChatActionSender.upload_document(bot=bot, chat_id=chat_id):
        pdf = await renderer.checklist_pdf(result)
        name = texts.msg("toolkit-file-checklist-personal")
        sent = await bot.send_document(chat_id, BufferedInputFile(pdf, name), caption=caption)
    if sent.document is not None:
        toolkit.remember_personal(key, sent.document.file_id)


def _personal_caption(texts: Texts, result: Result) -> str:
    """Which section the personal checklist puts first for ``result``, and why."""
    section, reason = personal_order(result)[0]
    if reason is None:  # nothing stands out: the generic order
        return texts.msg("toolkit-caption-checklist-personal")
    return texts.msg(
        "toolkit-caption-checklist-personal-first",
        section=texts.msg(f"checklist-section-{section}"),
        reason=reason_text(texts, reason, result),
    )


def kit_job(bot: Bot, texts: Texts, renderer: Renderer, toolkit: ToolkitFiles) -> JobHandler:
    """The kit as a job's two steps: the album of three files, then the closing message.

    ``payload["resume"]``: the person was in the middle of a calculation, so the closing
    message offers to continue it instead of starting one.
    """
    captions = [_caption(texts, document) for document in TOOLKIT]

    async def steps(job: Job) -> list[Step]:
        resume = bool(job.payload.get("resume"))
        text = texts.msg("toolkit-ready-resume" if resume else "toolkit-ready")

        async def album() -> None:
            await send_documents(bot, job.chat_id, texts, renderer, toolkit, TOOLKIT, captions)

        async def closing() -> None:
            await bot.send_message(job.chat_id, text, reply_markup=calculate_markup(texts, resume))

        return [album, closing]

    return steps


async def send_checklist(chat: Chat, renderer: Renderer, toolkit: ToolkitFiles) -> bool:
    """The personal checklist for the latest result, else the general one with «calculate».

    Returns whether it was the personal one.
    """
    result = last_result(chat.session)
    running = await in_dialog(chat.state)
    if result is not None:
        await send_personal_checklist(chat.bot, chat.id, chat.texts, renderer, toolkit, result)
    else:
        caption = chat.msg("toolkit-caption-checklist-general")
        markup = None if running else calculate_markup(chat.texts)
        documents = [ToolkitDocument.CHECKLIST]
        await send_documents(
            chat.bot, chat.id, chat.texts, renderer, toolkit, documents, [caption], markup
        )
    if running:
        await ask_again(chat, prefix=chat.msg("toolkit-resume"))
    return result is not None
