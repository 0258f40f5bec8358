"""In-process handler tests: a real dispatcher fed real updates, a Bot whose session records.

- :class:`RecordingSession` — a Bot session that records every Bot API call and answers it as
  Telegram would (message ids growing per chat, edits applied to the messages it keeps, a
  second answer to the same callback query refused); :meth:`~RecordingSession.fail` makes
  the next calls of a method raise an aiogram exception;
- :class:`BotClient` — one person in a private chat: :meth:`~BotClient.send` text,
  :meth:`~BotClient.press` a button, each a real ``Update`` fed through
  ``dispatcher.feed_update``, returning the calls made for that update (:class:`Sent`);
- :class:`JsonMemoryStorage` — aiogram's ``MemoryStorage`` with data going through JSON, so
  state that is not JSON-safe fails here as it would in SQLite or Redis;
- :class:`FakeRenderer` — tiny valid PNG/PDF bytes instead of the render workers (an orders
  file is read for real, in-process);
- :func:`open_harness` — ``bot.app.create_dispatcher`` with those and the real SQLite
  repositories, event log and a (not running) ``BulkWorker`` on a fresh database.

Modelled on aiogram's ``tests/mocked_bot.py`` and aiogram-dialog's ``test_tools``.
"""

from __future__ import annotations

import itertools
import json
import struct
import zlib
from collections import Counter, deque
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendChatAction,
    SendDocument,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import (
    CallbackQuery,
    Chat,
    Document,
    File,
    InlineKeyboardMarkup,
    InputFile,
    InputMediaDocument,
    InputMediaPhoto,
    Message,
    PhotoSize,
    Sticker,
    Update,
    User,
)

from bot.app import create_dispatcher
from bot.config import Settings
from bot.delivery import BulkWorker, Job
from bot.features.toolkit.files import ToolkitFiles
from bot.features.toolkit.kit import KIT_JOB, kit_job
from bot.rendering import OrdersReading, Renderer, _read_orders
from bot.storage import SQLiteEventLog, SQLiteScenarioRepository, SQLiteStorage, open_database
from bot.storage.delivery import SQLiteJobQueue
from bot.ui.keyboards import main_menu
from core.models import Inputs, Result
from core.orders import Analysis
from l10n import Texts

BOT_ID = 424242
BOT_TOKEN = f"{BOT_ID}:TEST-token-for-handlers"
M = TypeVar("M", bound=TelegramMethod[Any])
ErrorFactory = Callable[[TelegramMethod[Any], str], Exception]
"""Builds the exception a failed call raises, e.g. ``TelegramBadRequest``."""
StorageKind = Literal["sqlite", "json"]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
DELETE_NOT_FOUND = "Bad Request: message to delete not found"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
FILE_TOO_BIG = "Bad Request: file is too big"
INVALID_FILE_ID = "Bad Request: invalid file_id"
MAX_DOWNLOAD_BYTES = 20 * 2**20
"""Telegram lets a bot download files of at most 20 MB."""

# ------------------------------------------------------------------ the session


class RecordingSession(BaseSession):
    """Records every Bot API call and answers it plausibly; failures on request.

    The bot's messages are kept per chat in their latest form (edits applied), so a test
    sees what the person sees. Message ids grow per chat and are shared with the person's
    own messages (:meth:`next_message_id`), as in a real private chat.
    """

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        """Every call, in order, failed ones included."""
        self.failed: list[TelegramMethod[Any]] = []
        """The calls that raised."""
        self.callback_answers: Counter[str] = Counter()
        """Calls of answerCallbackQuery per query id (a refused second answer counts)."""
        self._failures: dict[type[TelegramMethod[Any]], deque[tuple[ErrorFactory, str]]] = {}
        self._last_id: Counter[int] = Counter()
        self._messages: dict[int, dict[int, Message]] = {}
        self._file_ids = itertools.count(1)
        self.files: dict[str, bytes] = {}
        """Files people sent, by file_id: what getFile and a download give."""
        self.downloads: list[str] = []
        """The file_ids downloaded, in order."""

    def fail(
        self,
        method: type[TelegramMethod[Any]],
        error: ErrorFactory = TelegramBadRequest,
        message: str = "Bad Request: refused by the test",
        *,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` raise ``error(call, message)``."""
        queue = self._failures.setdefault(method, deque())
        queue.extend([(error, message)] * times)

    def next_message_id(self, chat_id: int) -> int:
        """A new message id in ``chat_id`` (the person's messages take ids from here too)."""
        self._last_id[chat_id] += 1
        return self._last_id[chat_id]

    def messages(self, chat_id: int) -> list[Message]:
        """The bot's messages still in ``chat_id``, oldest first, as they look now."""
        return list(self._messages.get(chat_id, {}).values())

    def message(self, chat_id: int, message_id: int) -> Message | None:
        """The bot's message ``message_id`` as it looks now (``None``: not the bot's, deleted)."""
        return self._messages.get(chat_id, {}).get(message_id)

    async def close(self) -> None:
        """Nothing to close."""

    def store_file(self, data: bytes) -> str:
        """Keep a file a person sends; its file_id."""
        file_id = f"sent-{next(self._file_ids)}"
        self.files[file_id] = data
        return file_id

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 (the signature of BaseSession)
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        """A download of a file getFile described (its path is ``documents/<file_id>``)."""
        file_id = url.rpartition("/documents/")[2]
        self.downloads.append(file_id)
        data = self.files[file_id]
        for start in range(0, len(data), chunk_size):
            yield data[start : start + chunk_size]

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109 (the signature of BaseSession)
    ) -> Any:
        """Record ``method``; raise a queued failure or return what Telegram would."""
        self.requests.append(method)
        if isinstance(method, AnswerCallbackQuery):
            self.callback_answers[method.callback_query_id] += 1
        queued = self._failures.get(type(method))
        try:
            if queued:
                error, text = queued.popleft()
                raise error(method, text)
            return self._answer(bot, method)
        except Exception:
            self.failed.append(method)
            raise

    def _answer(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        match method:
            case SendMessage():
                return self._new(bot, method.chat_id, method.reply_markup, text=method.text)
            case SendPhoto():
                return self._new(
                    bot,
                    method.chat_id,
                    method.reply_markup,
                    photo=self._photo(),
                    caption=method.caption,
                )
            case SendDocument():
                document = self._document(method.document)
                return self._new(
                    bot,
                    method.chat_id,
                    method.reply_markup,
                    document=document,
                    caption=method.caption,
                )
            case SendMediaGroup():
                return [self._album_item(bot, method.chat_id, item) for item in method.media]
            case EditMessageText():
                return self._edit(bot, method, text=method.text)
            case EditMessageCaption():
                return self._edit(bot, method, caption=method.caption)
            case EditMessageReplyMarkup():
                return self._edit(bot, method)
            case AnswerCallbackQuery():
                if self.callback_answers[method.callback_query_id] > 1:
                    raise TelegramBadRequest(method, QUERY_TOO_OLD)
                return True
            case DeleteMessage():
                chat = self._messages.get(int(method.chat_id), {})
                if chat.pop(method.message_id, None) is None:
                    raise TelegramBadRequest(method, DELETE_NOT_FOUND)
                return True
            case GetMe():
                return User(id=BOT_ID, is_bot=True, first_name="LTV", username="ltv_test_bot")
            case GetFile():
                data = self.files.get(method.file_id)
                if data is None:
                    raise TelegramBadRequest(method, INVALID_FILE_ID)
                if len(data) > MAX_DOWNLOAD_BYTES:
                    raise TelegramBadRequest(method, FILE_TOO_BIG)
                return File(
                    file_id=method.file_id,
                    file_unique_id=f"unique-{method.file_id}",
                    file_size=len(data),
                    file_path=f"documents/{method.file_id}",
                )
            case SendChatAction():
                return True
        if type(method).__name__.startswith(("Set", "Delete")):  # the profile, commands
            return True
        raise NotImplementedError(f"RecordingSession does not answer {type(method).__name__}")

    def _photo(self) -> list[PhotoSize]:
        number = next(self._file_ids)
        size = PhotoSize(
            file_id=f"file-{number}", file_unique_id=f"unique-{number}", width=1, height=1
        )
        return [size]

    def _document(self, source: InputFile | str) -> Document:
        if isinstance(source, str):  # sent again by file_id
            return Document(file_id=source, file_unique_id=f"unique-{source}")
        number = next(self._file_ids)
        return Document(
            file_id=f"file-{number}", file_unique_id=f"unique-{number}", file_name=source.filename
        )

    def _album_item(self, bot: Bot, chat_id: int | str, item: Any) -> Message:
        if isinstance(item, InputMediaDocument):
            media = item.media
            return self._new(
                bot, chat_id, None, document=self._document(media), caption=item.caption
            )
        if isinstance(item, InputMediaPhoto):
            return self._new(bot, chat_id, None, photo=self._photo(), caption=item.caption)
        raise NotImplementedError(f"album item {type(item).__name__}")

    def _new(self, bot: Bot, chat_id: int | str, markup: Any, **content: Any) -> Message:
        chat = int(chat_id)
        message = Message(
            message_id=self.next_message_id(chat),
            date=datetime.now(UTC),
            chat=Chat(id=chat, type="private"),
            from_user=User(id=BOT_ID, is_bot=True, first_name="LTV"),
            reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None,
            **content,
        ).as_(bot)
        self._messages.setdefault(chat, {})[message.message_id] = message
        return message

    def _edit(
        self,
        bot: Bot,
        method: EditMessageText | EditMessageCaption | EditMessageReplyMarkup,
        **content: Any,
    ) -> Message:
        """Telegram's rules: an edit replaces the buttons (none given: none left); an edit
        that changes nothing, or of a message that is not the bot's, is refused."""
        chat = int(method.chat_id or 0)
        current = self._messages.get(chat, {}).get(method.message_id or 0)
        if current is None:
            raise TelegramBadRequest(method, EDIT_NOT_FOUND)
        markup = method.reply_markup
        markup = markup if markup is not None and markup.inline_keyboard else None
        changed = current.model_copy(update={**content, "reply_markup": markup}).as_(bot)
        if changed == current:
            raise TelegramBadRequest(method, NOT_MODIFIED)
        self._messages[chat][current.message_id] = changed
        return changed


# ------------------------------------------------------------------ what one update did


class Sent(list[TelegramMethod[Any]]):
    """The Bot API calls made while one update was handled, in order."""

    def of(self, kind: type[M]) -> list[M]:
        """The calls of one method."""
        return [call for call in self if isinstance(call, kind)]

    @property
    def names(self) -> list[str]:
        """Bot API method names, e.g. ``["answerCallbackQuery", "sendMessage"]``."""
        return [type(call).__api_method__ for call in self]

    @property
    def texts(self) -> list[str]:
        """The texts of the messages sent."""
        return [call.text for call in self.of(SendMessage)]

    @property
    def text(self) -> str:
        """The text of the one message sent (fails unless exactly one was)."""
        texts = self.texts
        assert len(texts) == 1, f"expected one message, got {self.names}: {texts}"
        return texts[0]

    @property
    def answers(self) -> list[AnswerCallbackQuery]:
        """The answers to a callback query."""
        return self.of(AnswerCallbackQuery)


def labels(message: Message | InlineKeyboardMarkup) -> list[str]:
    """The labels of a message's (or a keyboard's) inline buttons, row by row."""
    markup = message.reply_markup if isinstance(message, Message) else message
    if markup is None:
        return []
    return [button.text for row in markup.inline_keyboard for button in row]


def menu_labels(texts: Texts) -> list[str]:
    """The labels of the main menu."""
    return labels(main_menu(texts))


def button_data(message: Message, label: str) -> str:
    """The callback data of the button labelled ``label`` (exactly, else the one containing it)."""
    markup = message.reply_markup
    buttons = [b for row in markup.inline_keyboard for b in row] if markup else []
    found = [b for b in buttons if b.text == label] or [b for b in buttons if label in b.text]
    assert len(found) == 1, f"{len(found)} buttons match {label!r} among {labels(message)}"
    data = found[0].callback_data
    assert data is not None, f"button {label!r} has no callback data"
    return data


# ------------------------------------------------------------------ the person


class BotClient:
    """One person writing to the bot in a private chat."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        session: RecordingSession,
        user_id: int = 1001,
        first_name: str = "Анна",
    ) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.session = session
        self.user = User(id=user_id, is_bot=False, first_name=first_name, language_code="ru")
        self.chat = Chat(id=user_id, type="private", first_name=first_name)
        self.queries: list[str] = []
        """Ids of the callback queries this person made."""
        self._update_ids = itertools.count(user_id * 1_000_000)
        self._query_ids = itertools.count(1)

    @property
    def id(self) -> int:
        """The person's id (and their private chat's)."""
        return self.user.id

    async def feed(self, update: Update) -> Sent:
        """Feed ``update`` to the dispatcher; the calls made while it was handled."""
        before = len(self.session.requests)
        await self.dispatcher.feed_update(self.bot, update)
        return Sent(self.session.requests[before:])

    def _message(self, **content: Any) -> Message:
        return Message(
            message_id=self.session.next_message_id(self.chat.id),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            **content,
        ).as_(self.bot)

    async def send(self, text: str) -> Sent:
        """Write ``text`` (a command too: ``/start``)."""
        return await self.send_content(text=text)

    async def send_sticker(self) -> Sent:
        """Send a sticker (not text)."""
        sticker = Sticker(
            file_id="sticker",
            file_unique_id="sticker",
            type="regular",
            width=512,
            height=512,
            is_animated=False,
            is_video=False,
        )
        return await self.send_content(sticker=sticker)

    async def send_document(
        self, data: bytes, file_name: str, *, file_size: int | None = None
    ) -> Sent:
        """Send a file the bot can download; ``file_size``: what Telegram says, if not its own."""
        file_id = self.session.store_file(data)
        document = Document(
            file_id=file_id,
            file_unique_id=f"unique-{file_id}",
            file_name=file_name,
            file_size=len(data) if file_size is None else file_size,
        )
        return await self.send_content(document=document)

    async def send_content(self, **content: Any) -> Sent:
        """Send a message with these ``Message`` fields."""
        update = Update(update_id=next(self._update_ids), message=self._message(**content))
        return await self.feed(update)

    async def press(self, message: Message, label: str, *, answered_once: bool = True) -> Sent:
        """Press the button ``label`` of ``message`` (as it was given: an older copy is a tap
        that raced an edit); checks the query was answered exactly once unless told not to."""
        return await self.press_data(message, button_data(message, label), answered_once)

    async def press_data(self, message: Message, data: str, answered_once: bool = True) -> Sent:
        """A callback query with any ``data`` (a forged or replayed button) under ``message``."""
        query_id = f"{self.id}-{next(self._query_ids)}"
        self.queries.append(query_id)
        query = CallbackQuery(
            id=query_id,
            from_user=self.user,
            chat_instance=f"instance-{self.id}",
            message=message,
            data=data,
        )
        sent = await self.feed(Update(update_id=next(self._update_ids), callback_query=query))
        if answered_once:
            count = self.session.callback_answers[query_id]
            assert count == 1, f"query answered {count} times: {sent.names}"
        return sent

    @property
    def messages(self) -> list[Message]:
        """The bot's messages in this chat, oldest first, as they look now."""
        return self.session.messages(self.chat.id)

    @property
    def last_message(self) -> Message:
        """The bot's latest message in this chat, as it looks now."""
        messages = self.messages
        assert messages, "the bot has sent nothing to this chat"
        return messages[-1]

    @property
    def last_text(self) -> str:
        """The text (or caption) of the bot's latest message."""
        message = self.last_message
        return message.text or message.caption or ""

    @property
    def last_buttons(self) -> list[str]:
        """The labels of the buttons under the bot's latest message."""
        return labels(self.last_message)

    def current(self, message: Message) -> Message:
        """``message`` as it looks now (after the bot's edits)."""
        found = self.session.message(self.chat.id, message.message_id)
        assert found is not None, f"message {message.message_id} is gone"
        return found


# ------------------------------------------------------------------ storage and renderer


class JsonMemoryStorage(BaseStorage):
    """aiogram's ``MemoryStorage`` whose data goes through ``json.dumps``/``json.loads``.

    Data that would not come back equal (a tuple, a set, a non-str key, a datetime) raises
    ``TypeError`` on write, as the SQLite and Redis storages would fail or corrupt it.
    """

    def __init__(self) -> None:
        self.inner = MemoryStorage()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        """Set the state for ``key``."""
        await self.inner.set_state(key, state)

    async def get_state(self, key: StorageKey) -> str | None:
        """The state for ``key``."""
        return await self.inner.get_state(key)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        """Replace the data for ``key`` with its JSON round trip; TypeError if it changes."""
        copy = json.loads(json.dumps(data))
        if copy != data:
            raise TypeError(f"FSM data changes in a JSON round trip: {data!r}")
        await self.inner.set_data(key, copy)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        """A fresh copy of the data for ``key``."""
        data: dict[str, Any] = json.loads(json.dumps(await self.inner.get_data(key)))
        return data

    async def close(self) -> None:
        """Close the wrapped storage."""
        await self.inner.close()


def tiny_png() -> bytes:
    """A valid 1×1 white PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def tiny_pdf() -> bytes:
    """A valid one-page empty PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PNG = tiny_png()
PDF = tiny_pdf()
XLSX = b"PK\x05\x06" + b"\x00" * 18  # an empty ZIP archive: stands in for a workbook


class FakeRenderer:
    """Stands in for :class:`bot.rendering.Renderer`; records what it was asked to render."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.realized: list[tuple[float, ...]] = []
        """The realized curve each result chart was asked to draw (empty: none)."""
        self.charts_prepared = 0
        """How many times the chart worker was asked to get ready."""

    def prepare_charts(self) -> None:
        """Counted; nothing to start."""
        self.charts_prepared += 1

    async def result_chart(self, result: Result, realized: Sequence[float] = ()) -> bytes:
        """A tiny PNG."""
        self.calls.append("result_chart")
        self.realized.append(tuple(realized))
        return PNG

    async def comparison_chart(
        self, first: Result, second: Result, first_name: str, second_name: str
    ) -> bytes:
        """A tiny PNG."""
        self.calls.append("comparison_chart")
        return PNG

    async def checklist_pdf(self, result: Result | None = None) -> bytes:
        """A tiny PDF."""
        self.calls.append("checklist_pdf" if result is None else "personal_checklist_pdf")
        return PDF

    async def funnel_xlsx(self) -> bytes:
        """An empty ZIP."""
        self.calls.append("funnel_xlsx")
        return XLSX

    async def calculator_xlsx(self, inputs: Inputs | None = None) -> bytes:
        """An empty ZIP."""
        self.calls.append("calculator_xlsx")
        return XLSX

    async def read_orders(
        self, data: bytes, filename: str | None, chosen: dict[str, int | None]
    ) -> OrdersReading:
        """The file read for real, in this process."""
        self.calls.append("read_orders")
        return _read_orders(data, filename, chosen)

    async def orders_charts(self, analysis: Analysis) -> tuple[bytes, bytes]:
        """Two tiny PNGs."""
        self.calls.append("orders_charts")
        return PNG, PNG

    def close(self) -> None:
        """Nothing to stop."""


# ------------------------------------------------------------------ the whole dispatcher


@dataclass
class Harness:
    """A dispatcher built by ``create_dispatcher`` with test dependencies, and its bot."""

    dispatcher: Dispatcher
    bot: Bot
    session: RecordingSession
    texts: Texts
    storage: BaseStorage
    repo: SQLiteScenarioRepository
    events: SQLiteEventLog
    queue: SQLiteJobQueue
    jobs: BulkWorker
    renderer: FakeRenderer
    toolkit: ToolkitFiles
    clients: list[BotClient] = field(default_factory=list)

    def client(self, user_id: int = 1001, first_name: str = "Анна") -> BotClient:
        """A person writing to this bot."""
        client = BotClient(self.dispatcher, self.bot, self.session, user_id, first_name)
        self.clients.append(client)
        return client

    async def submitted_jobs(self) -> list[Job]:
        """Jobs handlers submitted (the worker does not run: they stay pending)."""
        return await self.queue.pending(1000)


@asynccontextmanager
async def open_harness(
    database: Path, texts: Texts, storage_kind: StorageKind = "sqlite"
) -> AsyncIterator[Harness]:
    """A harness on a new SQLite database at ``database``; FSM state in SQLite or JSON memory."""
    conn = await open_database(database)
    session = RecordingSession()
    bot = Bot(BOT_TOKEN, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    renderer = FakeRenderer()
    toolkit = ToolkitFiles()
    queue = SQLiteJobQueue(conn)
    jobs = BulkWorker(queue, {KIT_JOB: kit_job(bot, texts, cast(Renderer, renderer), toolkit)})
    storage: BaseStorage = SQLiteStorage(conn) if storage_kind == "sqlite" else JsonMemoryStorage()
    repo, events = SQLiteScenarioRepository(conn), SQLiteEventLog(conn)
    settings = Settings.model_validate(
        {"bot_token": BOT_TOKEN, "database_url": f"sqlite:///{database}"}
    )
    dispatcher = create_dispatcher(
        storage,
        texts,
        renderer=renderer,
        repo=repo,
        events=events,
        settings=settings,
        toolkit=toolkit,
        jobs=jobs,
    )
    try:
        yield Harness(
            dispatcher, bot, session, texts, storage, repo, events, queue, jobs, renderer, toolkit
        )
    finally:
        await storage.close()
        await conn.close()


# ------------------------------------------------------------------ common walks


async def open_dialog(client: BotClient) -> Message:
    """``/calc``: the first question (the business model)."""
    await client.send("/calc")
    return client.last_message


async def subscription_review(
    client: BotClient,
    price: str = "3 000",
    churn: str = "5",
    margin: str = "80",
    cac: str = "5 000",
) -> Message:
    """A subscription answered by typing: the review screen."""
    await client.press(await open_dialog(client), "Подписка")
    for answer in (price, churn, margin, cac):
        await client.send(answer)
    return client.last_message


async def calculate(client: BotClient, price: str = "3 000", cac: str = "5 000") -> Message:
    """A subscription (churn 5 %, margin 80 %) calculated: the summary under the chart."""
    await client.press(await subscription_review(client, price=price, cac=cac), "Рассчитать")
    return client.last_message
