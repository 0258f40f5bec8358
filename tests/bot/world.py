"""An in-process world for handler tests: the real dispatcher, a recording Bot API, a database.

:class:`World` builds the dispatcher as :mod:`bot.runner` does (every router and
middleware, the outgoing path as the session's middleware), on the storage backend a
``DATABASE_URL`` opens (a SQLite file, or PostgreSQL), with a Bot whose session answers
like Telegram without a network and records every call.
People write with :meth:`World.send` and press with :meth:`World.press`; what the bot
sent is read from :attr:`Recorder.calls`. Bulk jobs are not run unless a test runs them.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import aiosqlite
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import (
    CopyMessage,
    EditMessageText,
    SendDocument,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import (
    CallbackQuery,
    Chat,
    ChatMemberBanned,
    ChatMemberMember,
    ChatMemberUpdated,
    Document,
    Message,
    MessageEntity,
    MessageId,
    PhotoSize,
    Update,
    User,
)

from bot.app import command_menu, create_dispatcher
from bot.config import Settings
from bot.delivery import BulkWorker, Delivery, LocalBudget
from bot.features.owner.broadcast import BROADCAST_JOB, broadcast_job
from bot.features.owner.tracking import OwnerMenu, Visits
from bot.features.toolkit.files import ToolkitFiles
from bot.features.toolkit.kit import KIT_JOB
from bot.rendering import Renderer
from bot.storage import Backend, open_backend
from core.documents.leads import leads_xlsx
from core.leads import Lead
from l10n import Texts
from tests.bot.harness import RecordingSession
from tests.storage.conftest import Raw

TOKEN = "123456:TEST-token"
NOW = datetime(2025, 1, 1, tzinfo=UTC)
OWNER = 7001
BOT = User(id=123456, is_bot=True, first_name="LTV")
"""The bot itself, as Telegram names it in a chat's membership."""


class Recorder(RecordingSession):
    """:class:`~tests.bot.harness.RecordingSession` answering as these tests need.

    Any message may be edited (buttons are pressed under made-up messages) and is answered
    with a fresh id; copies work (``gone`` ids are refused, those beyond ``hold_after`` wait
    for ``release``); ``blocked`` chats get 403.
    """

    def __init__(self) -> None:
        super().__init__()
        self.blocked: set[int] = set()
        self.gone: set[int] = set()  # message ids that can no longer be copied
        self.hold_after: int | None = None  # copies beyond this many wait for ``release``
        self.release = asyncio.Event()
        self.copies_started = 0
        self._ids = itertools.count(1000)

    @property
    def calls(self) -> list[TelegramMethod[Any]]:
        """Every call, in order (:attr:`requests`)."""
        return self.requests

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109  (BaseSession's signature)
    ) -> Any:
        """A copy beyond ``hold_after`` waits for ``release`` before it is recorded."""
        if isinstance(method, CopyMessage):
            self.copies_started += 1
            if self.hold_after is not None and self.copies_started > self.hold_after:
                await self.release.wait()
        return await super().make_request(bot, method, timeout)

    def _answer(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        chat_id = getattr(method, "chat_id", None)
        if chat_id in self.blocked and type(method).__name__.startswith(("Send", "Copy", "Edit")):
            raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")
        chat = Chat(id=chat_id if isinstance(chat_id, int) else 0, type="private")
        if isinstance(method, CopyMessage):
            if method.message_id in self.gone:
                raise TelegramBadRequest(method, "Bad Request: message to copy not found")
            return MessageId(message_id=next(self._ids))
        if isinstance(method, SendMessage | EditMessageText):
            return Message(message_id=next(self._ids), date=NOW, chat=chat, text=str(method.text))
        if isinstance(method, SendDocument):
            document = Document(file_id="doc", file_unique_id="doc")
            return Message(message_id=next(self._ids), date=NOW, chat=chat, document=document)
        if isinstance(method, SendPhoto):
            photo = [PhotoSize(file_id="p", file_unique_id="p", width=1, height=1)]
            return Message(message_id=next(self._ids), date=NOW, chat=chat, photo=photo)
        if isinstance(method, SendMediaGroup):
            return []
        return True

    def of(self, kind: type[TelegramMethod[Any]], chat_id: int | None = None) -> list[Any]:
        """The calls of ``kind`` (to ``chat_id``), in order."""
        return [
            call
            for call in self.calls
            if isinstance(call, kind)
            and (chat_id is None or getattr(call, "chat_id", None) == chat_id)
        ]

    def texts_to(self, chat_id: int) -> list[str]:
        """Texts of the messages sent to ``chat_id`` and of their edits."""
        return [
            str(call.text)
            for call in self.calls
            if isinstance(call, SendMessage | EditMessageText) and call.chat_id == chat_id
        ]


class InProcessRenderer:
    """The leads file rendered here (no worker processes in these tests)."""

    async def leads_xlsx(self, leads: Sequence[Lead], zone: Any) -> bytes:
        return leads_xlsx(Texts.load(), leads, zone)


class World:
    """One bot: dispatcher, recorder, database; people write and press buttons."""

    def __init__(self, backend: Backend, settings: Settings, raw: Raw) -> None:
        self.backend = backend
        self.raw = raw
        """SQL on the database, ``?`` placeholders on every backend."""
        self.texts = Texts.load()
        self.settings = settings
        self.recorder = Recorder()
        self.visits = Visits()

        async def unreachable(user_id: int) -> None:
            self.visits.forget(user_id)
            await backend.reach.mark_unreachable(user_id)

        self.bot = Bot(TOKEN, session=self.recorder)
        self.bot.session.middleware(
            Delivery(LocalBudget(1000, chat_burst=100), on_unreachable=unreachable)
        )
        self.broadcasts = backend.broadcasts
        self.jobs = backend.jobs
        self.broadcast_job = broadcast_job(
            self.bot, self.texts, self.broadcasts, progress_every=0.01, watch_every=0.01
        )

        async def no_kit(job: Any) -> list[Any]:
            return []

        self.worker = BulkWorker(self.jobs, {KIT_JOB: no_kit, BROADCAST_JOB: self.broadcast_job})
        self.owner_menu = OwnerMenu(settings.owner_ids, command_menu(self.texts, owner=True))
        self.dispatcher: Dispatcher = create_dispatcher(
            backend.fsm,
            self.texts,
            self.visits,
            renderer=cast(Renderer, InProcessRenderer()),
            repo=backend.repo,
            events=backend.events,
            settings=settings,
            toolkit=ToolkitFiles(),
            jobs=self.worker,
            audience=backend.audience,
            reach=backend.reach,
            reports=backend.reports,
            broadcasts=self.broadcasts,
            owner_menu=self.owner_menu,
        )
        self._updates = itertools.count(1)
        self._messages = itertools.count(1)

    @classmethod
    async def open(
        cls, folder: Path, owners: Sequence[int] = (OWNER,), database_url: str | None = None
    ) -> World:
        """A world on ``database_url`` (a new SQLite file in ``folder`` by default)."""
        url = database_url or f"sqlite:///{folder / 'ltv.db'}"
        settings = Settings.model_validate(
            {"bot_token": TOKEN, "owner_ids": ",".join(map(str, owners)), "database_url": url}
        )
        backend = await open_backend(settings)
        raw = Raw(backend.kind, url)
        await raw.open()
        return cls(backend, settings, raw)

    @property
    def conn(self) -> aiosqlite.Connection:
        """The SQLite connection of a world on SQLite (for what only SQLite shows)."""
        assert isinstance(self.backend.database, aiosqlite.Connection)
        return self.backend.database

    def user(self, user_id: int, name: str = "Тест", username: str | None = None) -> User:
        return User(id=user_id, is_bot=False, first_name=name, username=username)

    async def send(
        self,
        user_id: int,
        text: str | None = None,
        *,
        name: str = "Тест",
        username: str | None = None,
        entities: list[MessageEntity] | None = None,
        photo: bool = False,
        media_group_id: str | None = None,
    ) -> Message:
        """``user_id`` sends a text (a ``/command`` gets its entity) or a photo."""
        if text is not None and text.startswith("/") and entities is None:
            command = text.split()[0]
            entities = [MessageEntity(type="bot_command", offset=0, length=len(command))]
        message = Message(
            message_id=next(self._messages),
            date=NOW,
            chat=Chat(id=user_id, type="private"),
            from_user=self.user(user_id, name, username),
            text=None if photo else text,
            entities=None if photo else entities,
            caption=text if photo else None,
            photo=[PhotoSize(file_id="ph", file_unique_id="ph", width=9, height=9)]
            if photo
            else None,
            media_group_id=media_group_id,
        )
        await self.dispatcher.feed_update(
            self.bot, Update(update_id=next(self._updates), message=message)
        )
        return message

    async def press(self, user_id: int, data: str, message_id: int = 1) -> None:
        """``user_id`` presses a button with ``data`` under message ``message_id``."""
        message = Message(
            message_id=message_id, date=NOW, chat=Chat(id=user_id, type="private"), text="…"
        )
        query = CallbackQuery(
            id=str(next(self._updates)),
            from_user=self.user(user_id),
            chat_instance="c",
            message=message,
            data=data,
        )
        await self.dispatcher.feed_update(
            self.bot, Update(update_id=next(self._updates), callback_query=query)
        )

    async def block(self, user_id: int) -> None:
        """``user_id`` blocks the bot: their chat refuses messages, Telegram says so."""
        self.recorder.blocked.add(user_id)
        await self._membership(user_id, blocked=True)

    async def unblock(self, user_id: int) -> None:
        """``user_id`` unblocks the bot: their chat takes messages again, Telegram says so."""
        self.recorder.blocked.discard(user_id)
        await self._membership(user_id, blocked=False)

    async def _membership(self, user_id: int, *, blocked: bool) -> None:
        member = ChatMemberMember(user=BOT)
        banned = ChatMemberBanned(user=BOT, until_date=datetime.fromtimestamp(0, UTC))  # ever
        change = ChatMemberUpdated(
            chat=Chat(id=user_id, type="private"),
            from_user=self.user(user_id),
            date=NOW,
            old_chat_member=member if blocked else banned,
            new_chat_member=banned if blocked else member,
        )
        await self.dispatcher.feed_update(
            self.bot, Update(update_id=next(self._updates), my_chat_member=change)
        )

    async def close(self) -> None:
        await self.worker.stop(0)
        await self.bot.session.close()
        await self.raw.close()
        await self.backend.close()
