"""Sending the toolkit's files: uploaded once, then by file_id; a refused file_id is uploaded."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any, cast

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, Chat, Document, InputMediaDocument, Message

from bot.features.toolkit.files import ToolkitDocument, ToolkitFiles
from bot.features.toolkit.kit import TOOLKIT, send_documents, send_personal_checklist
from bot.rendering import Renderer
from core.economics import compute
from core.models import BusinessModel, Inputs
from l10n import Texts


class FakeBot:
    """Just what sending documents needs; file_ids it knows, uploads it counts."""

    id = 123456  # ChatActionSender logs it

    def __init__(self) -> None:
        self.uploads: list[str] = []
        self.resent: list[str] = []
        self.actions: list[str] = []
        self.refused: set[str] = set()
        self._next = 0

    def _message(self, chat_id: int, source: str | Any) -> Message:
        if isinstance(source, BufferedInputFile):
            self._next += 1
            file_id = f"file-{self._next}"
            self.uploads.append(source.filename or "")
        else:
            if source in self.refused:
                raise TelegramBadRequest(cast(Any, None), "wrong file identifier")
            file_id = source
            self.resent.append(file_id)
        return Message(
            message_id=self._next,
            date=datetime.now(UTC),
            chat=Chat(id=chat_id, type="private"),
            document=Document(file_id=file_id, file_unique_id=file_id),
        )

    async def send_document(self, chat_id: int, document: Any, **_: Any) -> Message:
        await asyncio.sleep(0.01)
        return self._message(chat_id, document)

    async def send_media_group(
        self, chat_id: int, media: list[InputMediaDocument], **_: Any
    ) -> list[Message]:
        await asyncio.sleep(0.01)
        refused = [m.media for m in media if isinstance(m.media, str) and m.media in self.refused]
        if refused:
            raise TelegramBadRequest(cast(Any, None), "wrong file identifier")
        return [self._message(chat_id, m.media) for m in media]

    async def send_chat_action(self, chat_id: int, action: str, **_: Any) -> bool:
        self.actions.append(action)
        return True


class SlowRenderer:
    """Stands in for the process pool; counts renders."""

    def __init__(self) -> None:
        self.renders = 0

    async def _render(self, content: bytes) -> bytes:
        self.renders += 1
        await asyncio.sleep(0.02)
        return content

    async def checklist_pdf(self, result: Any = None) -> bytes:
        return await self._render(b"%PDF-personal" if result else b"%PDF")

    async def funnel_xlsx(self) -> bytes:
        return await self._render(b"PK-funnel")

    async def calculator_xlsx(self) -> bytes:
        return await self._render(b"PK-calculator")


async def _send_toolkit(bot: FakeBot, renderer: SlowRenderer, files: ToolkitFiles) -> None:
    texts = Texts.load()
    captions = ["1", "2", "3"]
    await send_documents(
        cast(Bot, bot), 1, texts, cast(Renderer, renderer), files, TOOLKIT, captions
    )


async def test_concurrent_first_requests_upload_each_file_once() -> None:
    bot, renderer, files = FakeBot(), SlowRenderer(), ToolkitFiles()
    await asyncio.gather(*(_send_toolkit(bot, renderer, files) for _ in range(4)))
    assert bot.uploads == [
        "Чек-лист — как удвоить LTV.pdf",
        "Воронка удержания и допродаж — шаблон.xlsx",
        "Калькулятор LTV.xlsx",
    ]
    assert renderer.renders == 3
    assert bot.resent == ["file-1", "file-2", "file-3"] * 3
    assert "upload_document" in bot.actions

    bot.actions.clear()
    await _send_toolkit(bot, renderer, files)
    assert len(bot.uploads) == 3
    assert bot.actions == []


async def test_refused_file_ids_are_uploaded_again_without_rendering() -> None:
    bot, renderer, files = FakeBot(), SlowRenderer(), ToolkitFiles()
    await _send_toolkit(bot, renderer, files)
    bot.refused = {"file-2"}
    await _send_toolkit(bot, renderer, files)
    assert len(bot.uploads) == 6  # an album is refused as a whole: all three go up again
    assert files.file_id(ToolkitDocument.FUNNEL) == "file-5"
    assert renderer.renders == 3  # from the bytes rendered before
    await _send_toolkit(bot, renderer, files)
    assert len(bot.uploads) == 6


async def test_the_same_personal_checklist_is_sent_by_file_id() -> None:
    bot, renderer, files = FakeBot(), SlowRenderer(), ToolkitFiles()
    texts = Texts.load()
    mine = compute(Inputs(model=BusinessModel.SUBSCRIPTION, price=3000, churn_percent=5, cac=5000))
    theirs = compute(
        Inputs(model=BusinessModel.SUBSCRIPTION, price=3000, churn_percent=7, cac=5000)
    )
    for result in (mine, mine, theirs):
        await send_personal_checklist(
            cast(Bot, bot), 1, texts, cast(Renderer, renderer), files, result
        )
    assert bot.uploads == ["Чек-лист — как удвоить LTV (ваши цифры).pdf"] * 2
    assert bot.resent == ["file-1"]
    assert bot.actions.count("upload_document") == 2
