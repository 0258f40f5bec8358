# The waiting helpers take a timeout by design: their TimeoutError says what was awaited.
# ruff: noqa: ASYNC109
"""A fake Telegram Bot API server that the real bot process long-polls in end-to-end tests.

Start it, point the bot at it (``TELEGRAM_API_URL=server.url``, token :data:`BOT_TOKEN`),
then act as users with :meth:`FakeTelegram.user` and look at what the bot sent::

    async with FakeTelegram() as telegram:
        ...  # start the bot against telegram.url
        user = telegram.user(1001)
        await user.send("/start")
        menu = await user.wait_message()
        await user.press(menu, menu.button("Рассчитать"))

Requests are read as aiogram sends them (form fields, JSON-encoded nested objects,
``attach://`` uploads) or as JSON bodies. Whatever breaks a limit listed in the design
notes' ``TELEGRAM.md`` is refused like Telegram refuses it (HTTP 400 and Telegram's
description, 413 for documents over 50 MB), and every refusal is kept in
:attr:`FakeTelegram.errors` so that a test can fail on it.

Switches a test can flip at any time (constructor keywords that are attributes too, methods):

- ``enforce_rate_limit``: flood control. Messages sent (each file of an album counts) are
  limited to ``global_rate`` in any sliding second across all chats and, in each chat, to
  a burst of ``chat_burst`` then ``chat_rate`` a second; a request over either limit is
  refused whole with 429 ``Too Many Requests: retry after N`` (``parameters.retry_after``:
  the whole seconds after which it fits) and is not counted.
- :meth:`FakeTelegram.block`: new messages and edits in the user's chat are refused with
  403 ``Forbidden: bot was blocked by the user``, until :meth:`FakeTelegram.unblock`.
- :meth:`FakeTelegram.flood_next`: the next message is refused with 429 and the
  ``retry_after`` given.
- :meth:`FakeTelegram.fail_every`: every n-th request is not performed but answered with a
  5xx HTML page, as nginx in front of the Bot API sends one (not a refusal: no ``errors``).

:meth:`FakeTelegram.enqueue_raw` queues any update, one aiogram cannot parse included.

``setWebhook`` switches from polling to webhook delivery, ``deleteWebhook`` back: while a
webhook is set, getUpdates answers 409 and a background task POSTs the queued updates to
its URL (with the ``X-Telegram-Bot-Api-Secret-Token`` header when a secret is set), one at
a time and in order, each again every ``webhook_retry_delay`` seconds until answered 2xx;
``webhook_attempts`` records every attempt.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import math
import mimetypes
import re
import struct
import time
import zlib
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from types import TracebackType
from typing import Any, Literal, TypeVar

import aiohttp
from aiohttp import web
from aiohttp.web_request import FileField

from tests.e2e.telegram_html import FormattedText, HtmlError, parse_html, strip, utf16_len

BOT_TOKEN = "123456:TEST-token"
BOT_USERNAME = "ltv_test_bot"

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100
MAX_ANSWER_TEXT = 200
MAX_PHOTO_BYTES = 10 * 2**20
MAX_PHOTO_SIDES = 10_000
MAX_PHOTO_RATIO = 20
MAX_DOCUMENT_BYTES = 50 * 2**20
MAX_DOWNLOAD_BYTES = 20 * 2**20
MAX_COMMANDS = 100
MAX_COMMAND_DESCRIPTION = 256
MAX_DESCRIPTION = 512
MAX_SHORT_DESCRIPTION = 120
MESSAGE_METHODS = frozenset(
    {"sendmessage", "sendphoto", "senddocument", "sendmediagroup", "copymessage"}
)
"""The methods that create messages, in lower case."""

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
COMMAND = re.compile(r"[a-z0-9_]+")
COMMAND_IN_TEXT = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?(?=\s|$)")

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
BLOCKED = "Forbidden: bot was blocked by the user"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
WRONG_FILE = "Bad Request: wrong file identifier/HTTP URL specified"
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_TIMEOUT = aiohttp.ClientTimeout(total=10)

logger = logging.getLogger(__name__)
T = TypeVar("T")
Json = dict[str, Any]


class ApiError(Exception):
    """A refusal: the HTTP status and Telegram's description."""

    def __init__(self, description: str, status: int = 400, retry_after: int | None = None):
        super().__init__(description)
        self.description = description
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Edit:
    """The state of a message right after one edit."""

    method: str
    text: str
    html: str
    caption: str
    entities: list[Json]
    reply_markup: Json | None


@dataclass
class SentMessage:
    """A message the bot sent, kept up to date by its edits and deletion.

    ``text`` is the plain text of a text message and ``caption`` the plain caption of a photo
    or document (tags removed, entities decoded, as users read it); ``html`` is the raw text
    or caption the bot sent. Both are ``""`` when absent.
    """

    message_id: int
    chat_id: int
    kind: Literal["text", "photo", "document"]
    date: int
    text: str = ""
    html: str = ""
    caption: str = ""
    entities: list[Json] = field(default_factory=list)
    reply_markup: Json | None = None
    photo: bytes | None = None
    document: bytes | None = None
    file_name: str | None = None
    file_id: str | None = None
    media: Json = field(default_factory=dict, repr=False)
    """The ``photo`` / ``document`` field of the Bot API Message."""
    media_group_id: str | None = None
    edits: list[Edit] = field(default_factory=list, repr=False)
    deleted: bool = False

    def buttons(self) -> list[tuple[str, str | None]]:
        """(text, callback_data) of every button, row by row (None: not a callback button)."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [
            (button, None)
            if isinstance(button, str)
            else (button["text"], button.get("callback_data"))
            for row in rows
            for button in row
        ]

    def button(self, text: str) -> str:
        """The callback_data of the button labelled ``text``, or of the one label containing it."""
        buttons = self.buttons()
        found = [b for b in buttons if b[0] == text] or [b for b in buttons if text in b[0]]
        if len(found) != 1 or found[0][1] is None:
            raise LookupError(f"no single callback button {text!r} in {buttons}")
        return found[0][1]


@dataclass(frozen=True)
class CallbackAnswer:
    """How the bot answered a callback query."""

    text: str | None
    show_alert: bool
    url: str | None


@dataclass
class _Upload:
    file_name: str
    data: bytes


@dataclass
class _StoredFile:
    kind: str
    data: bytes
    file_id: str
    unique_id: str
    path: str
    file_name: str | None = None
    mime_type: str | None = None
    sizes: list[Json] = field(default_factory=list)  # a photo's PhotoSize list


@dataclass
class _CallbackQuery:
    chat_id: int
    pressed_at: float
    answer: CallbackAnswer | None = None


@dataclass(frozen=True)
class ChatRequest:
    """A Bot API request naming a chat: when it arrived and the HTTP status it got."""

    method: str
    at: float
    """``time.monotonic()`` when it was handled."""
    status: int


@dataclass(frozen=True)
class WebhookAttempt:
    """One POST of an update to the webhook: the status it got, None without an answer."""

    update_id: int
    status: int | None


@dataclass
class _Fault:
    """Every ``every``-th request of ``methods`` is answered ``status``, not performed."""

    every: int
    status: HTTPStatus
    methods: frozenset[str]
    seen: int = 0

    def due(self, method: str) -> bool:
        """Count ``method`` (lower case) if it is one of ``methods``; whether it must fail."""
        if method not in self.methods:
            return False
        self.seen += 1
        return self.seen % self.every == 0


@dataclass
class _Bucket:
    """A token bucket: ``burst`` units at once, then ``rate`` per second."""

    tokens: float = math.inf
    stamp: float = 0.0

    def wait_time(self, now: float, units: int, burst: int, rate: float) -> float:
        """Refill up to ``now``; the seconds until ``units`` fit (0: now).

        More units than ``burst`` fit into a full bucket, leaving it in debt.
        """
        self.tokens = min(burst, self.tokens + (now - self.stamp) * rate)
        self.stamp = now
        return max(0.0, (min(units, burst) - self.tokens) / rate)

    def take(self) -> None:
        """Count one unit."""
        self.tokens -= 1


@dataclass
class _Chat:
    """A user's private chat with the bot; ``events`` lists new messages and edits in order."""

    user: Json
    messages: list[SentMessage] = field(default_factory=list)
    events: list[tuple[Literal["new", "edit"], SentMessage]] = field(default_factory=list)
    user_message_ids: set[int] = field(default_factory=set)
    user_messages: dict[int, Json] = field(default_factory=dict)
    """What the user sent, by message id (``copyMessage`` copies from here)."""
    last_message_id: int = 0
    bucket: _Bucket = field(default_factory=_Bucket)

    @property
    def api(self) -> Json:
        chat = {"id": self.user["id"], "type": "private", "first_name": self.user["first_name"]}
        return chat | ({"username": self.user["username"]} if "username" in self.user else {})

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id


@dataclass
class _Params:
    """A request's parameters: query string, then form fields or a JSON body."""

    values: dict[str, Any]
    files: dict[str, _Upload]

    @classmethod
    async def read(cls, request: web.Request) -> _Params:
        values: dict[str, Any] = dict(request.query)
        files: dict[str, _Upload] = {}
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                body = None
            if not isinstance(body, dict):
                raise ApiError("Bad Request: parameters must be a JSON object")
            values.update(body)
        elif request.method == "POST":
            try:
                form = await request.post()
            except web.HTTPRequestEntityTooLarge:
                raise ApiError("Request Entity Too Large", 413) from None
            for name, value in form.items():
                if isinstance(value, FileField):
                    files[name] = _Upload(value.filename, value.file.read())
                else:
                    values[name] = value
        return cls(values, files)

    def chat_id(self) -> int | None:
        """The ``chat_id`` parameter, None when absent or not a number."""
        try:
            return int(self.values["chat_id"])
        except (KeyError, TypeError, ValueError):
            return None

    def get_str(self, name: str) -> str | None:
        return _str(self.values.get(name)) if name in self.values else None

    def get_int(self, name: str, default: int) -> int:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(f"Bad Request: invalid {name} specified") from None

    def get_bool(self, name: str) -> bool:
        return self.values.get(name) in (True, "true", "True", "1")

    def get_json(self, name: str) -> Any:
        return _decode_json(self.values.get(name), name)

    def get_file(self, name: str) -> _Upload | str | None:
        """The file sent as ``name``: an upload, or a file_id to send again."""
        if name in self.files:
            return self.files[name]
        return self.resolve(self.values.get(name))

    def resolve(self, reference: Any) -> _Upload | str | None:
        """The upload an ``attach://<part>`` reference names, or the file_id given instead."""
        if isinstance(reference, str) and reference.startswith("attach://"):
            upload = self.files.get(reference.removeprefix("attach://"))
            if upload is None:
                raise ApiError(WRONG_FILE)
            return upload
        return reference if isinstance(reference, str) and reference else None


class FakeTelegram:
    """The fake server: Bot API endpoints for the bot, inspection helpers for tests.

    What tests read:

    - ``errors``: every refusal (4xx, 429) as ``(method, description)``;
    - ``chat_actions[chat_id]``: the actions sent, in order;
    - ``commands``, ``description``, ``short_description``: by language code (``""`` for
      all languages), the default command scope; ``scoped_commands`` by scope
      (``"all_private_chats"``, ``"chat:<id>"``…) and :meth:`commands_for` what one user's
      menu shows; ``menu_buttons`` by chat id (None: the default button);
    - ``uploads`` and ``resends``: files uploaded, files sent again by file_id;
    - ``sent_at[chat_id]``: ``time.monotonic()`` of every message sent to the chat;
    - ``chat_requests[chat_id]``: every request naming the chat, refused ones included, in
      the order they arrived (:class:`ChatRequest`);
    - ``too_many_requests``, ``forbidden``, ``injected_faults``: how many 429, 403, 5xx
      were given;
    - ``get_updates_calls``: how many times the bot has polled;
    - ``webhook_attempts``: every webhook delivery attempt, in order.
    """

    def __init__(
        self,
        *,
        token: str = BOT_TOKEN,
        port: int = 0,
        enforce_rate_limit: bool = False,
        global_rate: int = 30,
        chat_burst: int = 5,
        chat_rate: float = 1.0,
        strict_html: bool = True,
        callback_timeout: float = 15.0,
        webhook_retry_delay: float = 0.2,
    ) -> None:
        """Configure; nothing listens before :meth:`start`. Each setting is an attribute too.

        ``enforce_rate_limit`` turns flood control on: at most ``global_rate`` messages
        accepted in any second across all chats, and in each chat a burst of ``chat_burst``
        then ``chat_rate`` a second (every file of an album counts). ``strict_html`` refuses
        a bare ``&`` that Telegram would show as typed (see :mod:`tests.e2e.telegram_html`);
        ``callback_timeout`` is how long a callback query can still be answered;
        ``webhook_retry_delay`` how long a refused webhook delivery waits to be tried again.
        """
        self.token = token
        self.enforce_rate_limit = enforce_rate_limit
        self.global_rate = global_rate
        self.chat_burst = chat_burst
        self.chat_rate = chat_rate
        self.strict_html = strict_html
        self.callback_timeout = callback_timeout
        self.webhook_retry_delay = webhook_retry_delay
        self.bot_user: Json = {
            "id": int(token.split(":")[0]),
            "is_bot": True,
            "first_name": "LTV-бот",
            "username": BOT_USERNAME,
        }
        self.errors: list[tuple[str, str]] = []
        self.chat_actions: defaultdict[int, list[str]] = defaultdict(list)
        self.commands: dict[str, list[tuple[str, str]]] = {}
        self.scoped_commands: dict[str, list[tuple[str, str]]] = {}
        self.description: dict[str, str] = {}
        self.short_description: dict[str, str] = {}
        self.menu_buttons: dict[int | None, Json] = {}
        self.uploads = 0
        self.resends = 0
        self.sent_at: defaultdict[int, list[float]] = defaultdict(list)
        self.chat_requests: defaultdict[int, list[ChatRequest]] = defaultdict(list)
        self.too_many_requests = 0
        self.forbidden = 0
        self.injected_faults = 0
        self.get_updates_calls = 0
        self.webhook_attempts: list[WebhookAttempt] = []

        self._port = port
        self._runner: web.AppRunner | None = None
        self._url: str | None = None
        self._changed = asyncio.Condition()
        self._closing = False
        self._chats: dict[int, _Chat] = {}
        self._users: dict[int, FakeUser] = {}
        self._updates: list[Json] = []
        self._last_update_id = 0
        self._last_callback_id = 0
        self._last_media_group = 0
        self._poll_generation = 0
        self._allowed_updates: set[str] | None = None
        self._callbacks: dict[str, _CallbackQuery] = {}
        self._files: dict[str, _StoredFile] = {}
        self._paths: dict[str, _StoredFile] = {}
        self._window: deque[float] = deque()  # when each unit of the last second was accepted
        self._blocked: set[int] = set()
        self._fault: _Fault | None = None
        self._flood: tuple[int, frozenset[str]] | None = None  # retry_after, methods
        self._webhook_url: str | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._methods: dict[str, Callable[[_Params], Awaitable[Any]]] = {
            name.lower(): handler
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "close": self._ok,
                "logOut": self._ok,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "setMyDescription": self._set_my_description,
                "getMyDescription": self._get_my_description,
                "setMyShortDescription": self._set_my_short_description,
                "getMyShortDescription": self._get_my_short_description,
                "setChatMenuButton": self._set_chat_menu_button,
                "sendMessage": self._send_message,
                "copyMessage": self._copy_message,
                "editMessageText": self._edit_message_text,
                "editMessageCaption": self._edit_message_caption,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "sendPhoto": self._send_photo,
                "sendDocument": self._send_document,
                "sendMediaGroup": self._send_media_group,
                "sendChatAction": self._send_chat_action,
                "getFile": self._get_file,
            }.items()
        }

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        """The base URL to give the bot as ``TELEGRAM_API_URL``."""
        if self._url is None:
            raise RuntimeError("FakeTelegram is not started")
        return self._url

    async def start(self) -> None:
        """Listen on 127.0.0.1 (a free port unless one was given)."""
        app = web.Application(client_max_size=MAX_DOCUMENT_BYTES + 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self._port).start()
        host, port = self._runner.addresses[0][:2]
        self._url = f"http://{host}:{port}"

    async def stop(self) -> None:
        """Release pending long polls, stop webhook deliveries and stop listening."""
        self._closing = True
        await self._notify()
        await self._stop_webhook()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # ------------------------------------------------------------------ test-side API

    def user(
        self,
        user_id: int,
        first_name: str = "Тест",
        *,
        username: str | None = None,
        language_code: str | None = "ru",
    ) -> FakeUser:
        """The user ``user_id`` and their private chat with the bot (the same object each time)."""
        if user_id not in self._users:
            api: Json = {"id": user_id, "is_bot": False, "first_name": first_name}
            if username is not None:
                api["username"] = username
            if language_code is not None:
                api["language_code"] = language_code
            self._chats[user_id] = _Chat(api)
            self._users[user_id] = FakeUser(self, self._chats[user_id])
        return self._users[user_id]

    def block(self, user_id: int) -> None:
        """The user blocks the bot: new messages and edits in their chat get 403."""
        self._blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        self._blocked.discard(user_id)

    def flood_next(self, retry_after: int, methods: Iterable[str] | None = None) -> None:
        """Refuse the next request of ``methods`` (messages) with 429 and ``retry_after``."""
        self._flood = retry_after, self._method_names(methods, MESSAGE_METHODS)

    def fail_every(self, n: int, status: int = 502, methods: Iterable[str] | None = None) -> None:
        """Answer every ``n``-th request of ``methods`` (all but getUpdates) with an HTML page.

        The request is not performed; ``n`` = 0 ends the faults.
        """
        every_but_polling = frozenset(self._methods.keys() - {"getupdates"})
        names = self._method_names(methods, every_but_polling)
        self._fault = _Fault(n, HTTPStatus(status), names) if n else None

    async def enqueue_raw(self, update: Json) -> Json:
        """Queue ``update`` as it is, numbered next unless it has an update_id; return it."""
        self._last_update_id += 1
        queued = {"update_id": self._last_update_id} | update
        self._updates.append(queued)
        await self._notify()
        return queued

    def unanswered_callbacks(self) -> list[str]:
        """Ids of the callback queries the bot has not answered (yet)."""
        return [query_id for query_id, query in self._callbacks.items() if query.answer is None]

    async def wait_polling(self, n: int = 1, timeout: float = 20.0) -> None:
        """Return once the bot has called getUpdates at least ``n`` times in all."""
        await self._wait_count(lambda: self.get_updates_calls, n, timeout, "getUpdates calls")

    async def wait_webhook(self, n: int = 1, timeout: float = 10.0) -> None:
        """Return once the server has made at least ``n`` webhook delivery attempts in all."""
        attempts = self.webhook_attempts
        await self._wait_count(lambda: len(attempts), n, timeout, "webhook delivery attempts")

    # ------------------------------------------------------------------ plumbing

    def _method_names(
        self, methods: Iterable[str] | None, default: frozenset[str]
    ) -> frozenset[str]:
        """``methods`` in lower case, ``default`` for None; ValueError for an unknown one."""
        if methods is None:
            return default
        names = frozenset(method.lower() for method in methods)
        if unknown := names - self._methods.keys():
            raise ValueError(f"the fake server has no methods {sorted(unknown)}")
        return names

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _wait_count(
        self, count: Callable[[], int], n: int, timeout: float, what: str
    ) -> None:
        await self._wait_for(
            lambda: True if count() >= n else None,
            timeout,
            lambda: f"{count()} {what}, expected {n}",
        )

    async def _wait_for(
        self, check: Callable[[], T | None], timeout: float, describe: Callable[[], str]
    ) -> T:
        """Wait until ``check()`` returns something; TimeoutError saying what is missing."""
        try:
            async with asyncio.timeout(timeout), self._changed:
                while (found := check()) is None:
                    await self._changed.wait()
                return found
        except TimeoutError:
            errors = f"; refused requests: {self.errors}" if self.errors else ""
            raise TimeoutError(f"after {timeout} s: {describe()}{errors}") from None

    def _store_file(
        self, kind: str, data: bytes, file_name: str | None = None, mime_type: str | None = None
    ) -> _StoredFile:
        number = len(self._files) + 1
        prefix = {"photo": "AgAC", "document": "BQAC", "sticker": "CAAC", "voice": "AwAC"}[kind]
        suffix = mimetypes.guess_extension(mime_type or "") or ""
        stored = _StoredFile(
            kind=kind,
            data=data,
            file_id=f"{prefix}FakeFileId{number:06d}",
            unique_id=f"AQADFake{number:06d}",
            path=f"{kind}s/file_{number}{suffix}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self._files[stored.file_id] = stored
        self._paths[stored.path] = stored
        return stored

    async def _handle(self, request: web.Request) -> web.Response:
        """Answer a Bot API call like Telegram: ``{"ok": true, "result": ...}`` or a refusal."""
        method = request.match_info["method"]
        name = method.lower()
        chat_id = None
        try:
            if request.match_info["token"] != self.token:
                raise ApiError("Unauthorized", 401)
            handler = self._methods.get(name)
            if handler is None:
                raise ApiError("Not Found: method not found", 404)
            params = await _Params.read(request)
            chat_id = params.chat_id()
            if self._fault is not None and self._fault.due(name):
                self.injected_faults += 1
                response = _error_page(self._fault.status)
            else:
                self._intercept(name, chat_id)
                response = web.json_response({"ok": True, "result": await handler(params)})
        except ApiError as error:
            if error.status == 429:
                self.too_many_requests += 1
            elif error.status == 403:
                self.forbidden += 1
            # A bot process killed mid-request cannot break a rule: ignore what it left behind.
            if request.transport is not None and not request.transport.is_closing():
                self.errors.append((method, error.description))
                logger.warning("refused %s: %s", method, error.description)
            body: Json = {
                "ok": False,
                "error_code": error.status,
                "description": error.description,
            }
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            response = web.json_response(body, status=error.status)
        if chat_id is not None:
            self.chat_requests[chat_id].append(
                ChatRequest(method, time.monotonic(), response.status)
            )
        await self._notify()  # any request may be what a test is waiting for
        return response

    def _intercept(self, method: str, chat_id: int | None) -> None:
        """Refuse a request before it is performed: the flood asked for, a blocked chat."""
        if self._flood is not None and method in self._flood[1]:
            retry_after, self._flood = self._flood[0], None
            raise _too_many_requests(retry_after)
        changes_chat = method in MESSAGE_METHODS or method.startswith("editmessage")
        if changes_chat and chat_id in self._blocked:
            raise ApiError(BLOCKED, 403)

    async def _download(self, request: web.Request) -> web.Response:
        stored = self._paths.get(request.match_info["path"])
        if request.match_info["token"] != self.token or stored is None:
            raise web.HTTPNotFound()
        return web.Response(body=stored.data)

    def _chat(self, params: _Params) -> _Chat:
        if params.values.get("chat_id") in (None, ""):
            raise ApiError("Bad Request: chat_id is empty")
        chat_id = params.chat_id()
        chat = None if chat_id is None else self._chats.get(chat_id)
        if chat is None:
            raise ApiError("Bad Request: chat not found")
        return chat

    def _format(self, raw: str, parse_mode: str | None, entities: Any) -> FormattedText:
        """Plain text and entities of ``raw`` as Telegram stores them, trimmed."""
        if not parse_mode:
            entities = _decode_json(entities, "entities")
            return strip(FormattedText(raw, entities if isinstance(entities, list) else []))
        if parse_mode.lower() != "html":
            raise ApiError(f"Bad Request: unsupported parse_mode {parse_mode} (fake server)")
        try:
            return strip(parse_html(raw, strict=self.strict_html))
        except HtmlError as error:
            raise ApiError(f"Bad Request: can't parse entities: {error}") from None

    def _text(self, params: _Params) -> tuple[FormattedText, str]:
        raw = params.get_str("text") or ""
        text = self._format(raw, params.get_str("parse_mode"), params.get_json("entities"))
        if not text.text:
            raise ApiError("Bad Request: message text is empty")
        if utf16_len(text.text) > MAX_TEXT:
            raise ApiError("Bad Request: message is too long")
        return text, raw

    def _caption(self, raw: str, parse_mode: str | None, entities: Any) -> FormattedText:
        caption = self._format(raw, parse_mode, entities)
        if utf16_len(caption.text) > MAX_CAPTION:
            raise ApiError("Bad Request: message caption is too long")
        return caption

    def _reply_markup(self, params: _Params) -> Json | None:
        markup = params.get_json("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError("Bad Request: can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup
        buttons = [button for row in rows for button in row]
        if len(buttons) > MAX_BUTTONS:
            raise ApiError("Bad Request: reply markup is too long")
        for button in buttons:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise ApiError("Bad Request: can't parse inline keyboard button: Text is missing")
            if "callback_data" in button:
                size = len(str(button["callback_data"]).encode())
                if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                    raise ApiError("Bad Request: BUTTON_DATA_INVALID")
            elif len(button) == 1:
                raise ApiError(
                    "Bad Request: can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
        return markup

    def _check_rate(self, chat: _Chat, units: int = 1) -> None:
        """Refuse with 429 ``units`` messages flood control has no room for, when enforced.

        The 429's ``retry_after`` is the wait after which they fit; :meth:`_new_message`
        counts each message sent. More units than a limit fit only where nothing is counted.
        """
        if not self.enforce_rate_limit:
            return
        now = time.monotonic()
        window = self._window
        while window and window[0] <= now - 1.0:
            window.popleft()
        wait = chat.bucket.wait_time(now, units, self.chat_burst, self.chat_rate)
        excess = len(window) + min(units, self.global_rate) - self.global_rate
        if excess > 0:  # the oldest ``excess`` units must leave the window first
            wait = max(wait, window[excess - 1] + 1.0 - now)
        if wait > 0:
            raise _too_many_requests(max(1, math.ceil(wait)))

    def _new_message(self, chat: _Chat, message: SentMessage) -> Json:
        now = time.monotonic()
        self.sent_at[message.chat_id].append(now)
        if self.enforce_rate_limit:
            self._window.append(now)
            chat.bucket.take()
        chat.messages.append(message)
        chat.events.append(("new", message))
        return self._api_message(message)

    def _api_message(self, message: SentMessage) -> Json:
        """The message as the Bot API returns it."""
        api: Json = {
            "message_id": message.message_id,
            "from": self.bot_user,
            "chat": self._chats[message.chat_id].api,
            "date": message.date,
        }
        if message.kind == "text":
            api["text"] = message.text
            if message.entities:
                api["entities"] = message.entities
        else:
            api.update(message.media)
            if message.caption:
                api["caption"] = message.caption
            if message.entities:
                api["caption_entities"] = message.entities
        if message.media_group_id is not None:
            api["media_group_id"] = message.media_group_id
        if message.edits:
            api["edit_date"] = int(time.time())
        if message.reply_markup is not None and "inline_keyboard" in message.reply_markup:
            api["reply_markup"] = message.reply_markup
        return api

    async def _press(self, chat: _Chat, message: SentMessage, data: str) -> str:
        """Queue the callback query a user's press on ``message`` makes; return its id."""
        self._last_callback_id += 1
        query_id = str(4_000_000_000_000_000 + self._last_callback_id)
        self._callbacks[query_id] = _CallbackQuery(chat.user["id"], time.monotonic())
        query = {
            "id": query_id,
            "from": chat.user,
            "message": self._api_message(message),
            "chat_instance": f"-{chat.user['id']}",
            "data": data,
        }
        await self.enqueue_raw({"callback_query": query})
        return query_id

    def _bot_message(self, params: _Params) -> SentMessage:
        chat = self._chat(params)
        message_id = params.get_int("message_id", 0)
        for message in chat.messages:
            if message.message_id == message_id and not message.deleted:
                return message
        raise ApiError("Bad Request: message to edit not found")

    # ------------------------------------------------------------------ Bot API methods

    async def _ok(self, params: _Params) -> bool:
        return True

    async def _get_me(self, params: _Params) -> Json:
        return self.bot_user | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_updates(self, params: _Params) -> list[Json]:
        self._check_no_webhook()
        offset = params.get_int("offset", 0)
        limit = min(max(params.get_int("limit", 100), 1), 100)
        self._set_allowed_updates(params)
        if offset < 0:
            del self._updates[:offset]
        elif offset > 0:
            self._updates = [update for update in self._updates if update["update_id"] >= offset]
        self.get_updates_calls += 1
        self._poll_generation += 1
        generation = self._poll_generation
        await self._notify()  # ends an older long poll with 409, wakes wait_polling()
        try:
            await self._wait_for(
                lambda: (
                    True
                    if self._deliverable(limit)
                    or generation != self._poll_generation
                    or self._closing
                    else None
                ),
                params.get_int("timeout", 0),
                lambda: "updates",
            )
        except TimeoutError:
            return []
        self._check_no_webhook()
        if generation != self._poll_generation:
            raise ApiError(
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
                409,
            )
        return self._deliverable(limit)

    def _deliverable(self, limit: int) -> list[Json]:
        """The first ``limit`` queued updates of the allowed types."""
        allowed = self._allowed_updates
        updates = (u for u in self._updates if allowed is None or allowed & u.keys())
        return list(itertools.islice(updates, limit))

    def _set_allowed_updates(self, params: _Params) -> None:
        allowed = params.get_json("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = set(allowed) or None

    def _check_no_webhook(self) -> None:
        if self._webhook_url is not None:
            raise ApiError(WEBHOOK_CONFLICT, 409)

    async def _set_webhook(self, params: _Params) -> bool:
        await self._delete_webhook(params)
        self._set_allowed_updates(params)
        url = params.get_str("url")
        if url:  # an empty URL removes the webhook
            self._webhook_url = url
            deliver = self._deliver(url, params.get_str("secret_token"))
            self._webhook_task = asyncio.create_task(deliver)
            self._poll_generation += 1  # ends a pending long poll
        return True

    async def _delete_webhook(self, params: _Params) -> bool:
        await self._stop_webhook()
        if params.get_bool("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: _Params) -> Json:
        info: Json = {
            "url": self._webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._allowed_updates is not None:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    async def _stop_webhook(self) -> None:
        task, self._webhook_task, self._webhook_url = self._webhook_task, None, None
        if task is not None:
            task.cancel()
            await asyncio.wait([task])

    async def _deliver(self, url: str, secret_token: str | None) -> None:
        """POST the queued updates to ``url`` one at a time, in order, each until a 2xx."""
        headers = {SECRET_HEADER: secret_token} if secret_token else {}
        async with aiohttp.ClientSession(timeout=WEBHOOK_TIMEOUT) as http:
            while True:
                async with self._changed:
                    update, *_ = await self._changed.wait_for(lambda: self._deliverable(1))
                status: int | None = None
                with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                    async with http.post(url, json=update, headers=headers) as response:
                        status = response.status
                self.webhook_attempts.append(WebhookAttempt(update["update_id"], status))
                if status is not None and 200 <= status < 300:
                    self._updates = [u for u in self._updates if u is not update]
                else:
                    await asyncio.sleep(self.webhook_retry_delay)
                await self._notify()

    async def _set_my_commands(self, params: _Params) -> bool:
        raw = params.get_json("commands")
        if not isinstance(raw, list):
            raise ApiError("Bad Request: can't parse commands JSON object")
        if len(raw) > MAX_COMMANDS:
            raise ApiError("Bad Request: BOT_COMMANDS_TOO_MUCH")
        commands = []
        for item in raw:
            command = str(item.get("command", "")).strip().removeprefix("/")
            description = str(item.get("description", "")).strip()
            if not command:
                raise ApiError("Bad Request: command must be non-empty")
            if len(command) > 32:
                raise ApiError("Bad Request: command length must not exceed 32")
            if not description:
                raise ApiError("Bad Request: command description must be non-empty")
            if len(description) > MAX_COMMAND_DESCRIPTION:
                raise ApiError("Bad Request: command description length must not exceed 256")
            if not COMMAND.fullmatch(command):
                raise ApiError("Bad Request: BOT_COMMAND_INVALID")
            commands.append((command, description))
        scope = self._scope(params)
        if scope == "default":
            self.commands[params.get_str("language_code") or ""] = commands
        else:
            self.scoped_commands[scope] = commands
        return True

    def _scope(self, params: _Params) -> str:
        """``default``, ``all_private_chats``…, or ``chat:<id>`` (the chat must exist)."""
        scope = params.get_json("scope")
        if scope is None:
            return "default"
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise ApiError("Bad Request: can't parse BotCommandScope JSON object")
        kind: str = scope["type"]
        if kind == "chat":
            try:
                chat_id = int(scope.get("chat_id", ""))
            except (TypeError, ValueError):
                raise ApiError("Bad Request: chat_id is empty") from None
            if chat_id not in self._chats:
                raise ApiError("Bad Request: chat not found")
            return f"chat:{chat_id}"
        if kind not in ("default", "all_private_chats", "all_group_chats"):
            raise ApiError(f"Bad Request: the fake server has no command scope {kind}")
        return kind

    def commands_for(self, user_id: int) -> list[str]:
        """The commands ``user_id``'s menu shows in their private chat with the bot."""
        for scope in (f"chat:{user_id}", "all_private_chats"):
            if scope in self.scoped_commands:
                return [command for command, _ in self.scoped_commands[scope]]
        return [command for command, _ in self.commands.get("", [])]

    async def _get_my_commands(self, params: _Params) -> list[Json]:
        scope = self._scope(params)
        language = params.get_str("language_code") or ""
        found = self.commands.get(language) if scope == "default" else None
        commands = self.scoped_commands.get(scope, []) if found is None else found
        return [{"command": command, "description": text} for command, text in commands]

    async def _delete_my_commands(self, params: _Params) -> bool:
        scope = self._scope(params)
        if scope == "default":
            self.commands.pop(params.get_str("language_code") or "", None)
        else:
            self.scoped_commands.pop(scope, None)
        return True

    async def _set_my_description(self, params: _Params) -> bool:
        text = params.get_str("description") or ""
        if len(text) > MAX_DESCRIPTION:
            raise ApiError("Bad Request: description is too long")
        self.description[params.get_str("language_code") or ""] = text
        return True

    async def _get_my_description(self, params: _Params) -> Json:
        return {"description": self.description.get(params.get_str("language_code") or "", "")}

    async def _set_my_short_description(self, params: _Params) -> bool:
        text = params.get_str("short_description") or ""
        if len(text) > MAX_SHORT_DESCRIPTION:
            raise ApiError("Bad Request: short description is too long")
        self.short_description[params.get_str("language_code") or ""] = text
        return True

    async def _get_my_short_description(self, params: _Params) -> Json:
        language = params.get_str("language_code") or ""
        return {"short_description": self.short_description.get(language, "")}

    async def _set_chat_menu_button(self, params: _Params) -> bool:
        chat_id = self._chat(params).user["id"] if "chat_id" in params.values else None
        self.menu_buttons[chat_id] = params.get_json("menu_button") or {"type": "default"}
        return True

    async def _send_message(self, params: _Params) -> Json:
        chat = self._chat(params)
        self._check_rate(chat)
        text, raw = self._text(params)
        reply_markup = self._reply_markup(params)
        message = SentMessage(
            message_id=chat.next_message_id(),
            chat_id=chat.user["id"],
            kind="text",
            date=int(time.time()),
            text=text.text,
            html=raw,
            entities=text.entities,
            reply_markup=reply_markup,
        )
        return self._new_message(chat, message)

    async def _copy_message(self, params: _Params) -> Json:
        """Copy a message a user sent (text with its entities, or a photo with its caption)."""
        chat = self._chat(params)
        try:
            source_chat = self._chats[int(params.values["from_chat_id"])]
        except (KeyError, TypeError, ValueError):
            raise ApiError("Bad Request: chat not found") from None
        original = source_chat.user_messages.get(params.get_int("message_id", 0))
        if original is None:
            raise ApiError("Bad Request: message to copy not found")
        self._check_rate(chat)
        reply_markup = self._reply_markup(params)
        if "text" in original:
            entities = original.get("entities", [])
            message = SentMessage(
                message_id=chat.next_message_id(),
                chat_id=chat.user["id"],
                kind="text",
                date=int(time.time()),
                text=original["text"],
                entities=entities,
                reply_markup=reply_markup,
            )
            self._new_message(chat, message)
        elif "photo" in original:
            sizes = original["photo"]
            stored = self._files[sizes[-1]["file_id"]]
            raw = original.get("caption", "")
            caption = self._caption(raw, None, original.get("caption_entities"))
            message = SentMessage(
                message_id=chat.next_message_id(),
                chat_id=chat.user["id"],
                kind="photo",
                date=int(time.time()),
                html=raw,
                caption=caption.text,
                entities=caption.entities,
                reply_markup=reply_markup,
                photo=stored.data,
                file_id=stored.file_id,
                media={"photo": sizes},
            )
            self._new_message(chat, message)
        else:
            raise ApiError("Bad Request: the fake server copies only texts and photos")
        return {"message_id": message.message_id}

    def _edit(self, message: SentMessage, edit: Edit) -> Json:
        """Give ``message`` the content of ``edit``, unless that changes nothing."""
        markup = _inline_markup(message.reply_markup)  # a reply keyboard is not kept
        current = (message.text, message.caption, message.entities, markup)
        if (edit.text, edit.caption, edit.entities, edit.reply_markup) == current:
            raise ApiError(NOT_MODIFIED)
        message.text, message.html, message.caption = edit.text, edit.html, edit.caption
        message.entities, message.reply_markup = edit.entities, edit.reply_markup
        message.edits.append(edit)
        self._chats[message.chat_id].events.append(("edit", message))
        return self._api_message(message)

    async def _edit_message_text(self, params: _Params) -> Json:
        message = self._bot_message(params)
        if message.kind != "text":
            raise ApiError("Bad Request: there is no text in the message to edit")
        text, raw = self._text(params)
        markup = self._reply_markup(params)
        return self._edit(
            message, Edit("editMessageText", text.text, raw, "", text.entities, markup)
        )

    async def _edit_message_caption(self, params: _Params) -> Json:
        message = self._bot_message(params)
        if message.kind == "text":
            raise ApiError("Bad Request: there is no caption in the message to edit")
        raw = params.get_str("caption") or ""
        parse_mode, entities = params.get_str("parse_mode"), params.get_json("caption_entities")
        caption = self._caption(raw, parse_mode, entities)
        markup = self._reply_markup(params)
        edit = Edit("editMessageCaption", "", raw, caption.text, caption.entities, markup)
        return self._edit(message, edit)

    async def _edit_message_reply_markup(self, params: _Params) -> Json:
        message = self._bot_message(params)
        markup = self._reply_markup(params)
        edit = Edit(
            "editMessageReplyMarkup",
            message.text,
            message.html,
            message.caption,
            message.entities,
            markup,
        )
        return self._edit(message, edit)

    async def _delete_message(self, params: _Params) -> bool:
        chat = self._chat(params)
        message_id = params.get_int("message_id", 0)
        if message_id in chat.user_message_ids:
            chat.user_message_ids.remove(message_id)
            return True
        for message in chat.messages:
            if message.message_id == message_id and not message.deleted:
                message.deleted = True
                return True
        raise ApiError("Bad Request: message to delete not found")

    async def _answer_callback_query(self, params: _Params) -> bool:
        query = self._callbacks.get(params.get_str("callback_query_id") or "")
        too_late = query is not None and (
            time.monotonic() - query.pressed_at > self.callback_timeout
        )
        if query is None or query.answer is not None or too_late:
            raise ApiError(QUERY_TOO_OLD)
        text = params.get_str("text")
        if text is not None and utf16_len(text) > MAX_ANSWER_TEXT:
            raise ApiError("Bad Request: MESSAGE_TOO_LONG")
        query.answer = CallbackAnswer(text, params.get_bool("show_alert"), params.get_str("url"))
        return True

    def _photo(self, source: _Upload | str | None) -> list[Json]:
        """The PhotoSize list of an uploaded photo (checked and stored) or of a photo file_id."""
        if not isinstance(source, _Upload):
            return self._reused_file(source, "photo").sizes
        if len(source.data) > MAX_PHOTO_BYTES:
            raise ApiError("Bad Request: file is too big")
        size = image_size(source.data)
        if size is None:
            raise ApiError("Bad Request: IMAGE_PROCESS_FAILED")
        width, height = size
        if width + height > MAX_PHOTO_SIDES or max(size) > MAX_PHOTO_RATIO * min(size):
            raise ApiError("Bad Request: PHOTO_INVALID_DIMENSIONS")
        self.uploads += 1
        return self._store_photo(source.data, width, height)

    def _store_photo(self, data: bytes, width: int, height: int) -> list[Json]:
        """Store a photo under the sizes Telegram makes of it (all with the original bytes)."""
        sizes: list[Json] = []
        for side in (90, 320, 800, 1280):
            scale = min(1.0, side / max(width, height))
            stored = self._store_file("photo", data, mime_type="image/jpeg")
            stored.sizes = sizes
            sizes.append(
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.unique_id,
                    "file_size": len(data),
                    "width": max(1, round(width * scale)),
                    "height": max(1, round(height * scale)),
                }
            )
            if scale == 1.0:
                break
        return sizes

    def _document(self, source: _Upload | str | None) -> _StoredFile:
        """An uploaded document (checked and stored) or one sent again by its file_id."""
        if not isinstance(source, _Upload):
            return self._reused_file(source, "document")
        if len(source.data) > MAX_DOCUMENT_BYTES:
            raise ApiError("Request Entity Too Large", 413)
        if not source.data:
            raise ApiError("Bad Request: file must be non-empty")
        self.uploads += 1
        mime_type = mimetypes.guess_type(source.file_name)[0] or "application/octet-stream"
        return self._store_file("document", source.data, source.file_name, mime_type)

    def _reused_file(self, file_id: str | None, kind: str) -> _StoredFile:
        """A file sent again by its file_id."""
        if file_id is None:
            raise ApiError(f"Bad Request: there is no {kind} in the request")
        stored = self._files.get(file_id)
        if stored is None:
            raise ApiError(WRONG_FILE)
        if stored.kind != kind:
            raise ApiError("Bad Request: type of file mismatch")
        self.resends += 1
        return stored

    def _media_message(
        self,
        chat: _Chat,
        kind: Literal["photo", "document"],
        source: _Upload | str | None,
        fields: Json,
        reply_markup: Json | None = None,
        media_group_id: str | None = None,
    ) -> Json:
        """Send a photo or a document; ``fields`` hold its caption, parse_mode, entities."""
        raw = _str(fields.get("caption"))
        caption = self._caption(
            raw, _str(fields.get("parse_mode")), fields.get("caption_entities")
        )
        if kind == "photo":
            sizes = self._photo(source)
            stored = self._files[sizes[-1]["file_id"]]
            media: Json = {"photo": sizes}
        else:
            stored = self._document(source)
            media = {"document": _document_json(stored)}
        message = SentMessage(
            message_id=chat.next_message_id(),
            chat_id=chat.user["id"],
            kind=kind,
            date=int(time.time()),
            html=raw,
            caption=caption.text,
            entities=caption.entities,
            reply_markup=reply_markup,
            file_id=stored.file_id,
            file_name=stored.file_name,
            media=media,
            media_group_id=media_group_id,
        )
        if kind == "photo":
            message.photo = stored.data
        else:
            message.document = stored.data
        return self._new_message(chat, message)

    async def _send_photo(self, params: _Params) -> Json:
        chat = self._chat(params)
        self._check_rate(chat)
        photo, markup = params.get_file("photo"), self._reply_markup(params)
        return self._media_message(chat, "photo", photo, params.values, markup)

    async def _send_document(self, params: _Params) -> Json:
        chat = self._chat(params)
        self._check_rate(chat)
        document, markup = params.get_file("document"), self._reply_markup(params)
        return self._media_message(chat, "document", document, params.values, markup)

    async def _send_media_group(self, params: _Params) -> list[Json]:
        chat = self._chat(params)
        items = params.get_json("media")
        if not isinstance(items, list) or not 2 <= len(items) <= 10:
            raise ApiError("Bad Request: media group must include 2-10 items")
        kinds = {item.get("type") for item in items}
        if not kinds <= {"photo", "document"}:
            raise ApiError("Bad Request: the fake server sends only photo and document albums")
        if len(kinds) > 1:
            raise ApiError("Bad Request: document can't be mixed with other media types")
        self._check_rate(chat, len(items))
        self._last_media_group += 1
        group_id = str(10**17 + self._last_media_group)
        return [
            self._media_message(
                chat, item["type"], params.resolve(item.get("media")), item, None, group_id
            )
            for item in items
        ]

    async def _send_chat_action(self, params: _Params) -> bool:
        chat = self._chat(params)
        action = params.get_str("action")
        if action not in CHAT_ACTIONS:
            raise ApiError("Bad Request: wrong parameter action in request")
        self.chat_actions[chat.user["id"]].append(action)
        return True

    async def _get_file(self, params: _Params) -> Json:
        stored = self._files.get(params.get_str("file_id") or "")
        if stored is None:
            raise ApiError("Bad Request: invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise ApiError("Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(stored.data),
            "file_path": stored.path,
        }


class FakeUser:
    """A Telegram user in a private chat with the bot: sends updates, waits for replies.

    Two cursors make consecutive waits return successive events: one over the bot's new
    messages (:meth:`wait_message`), one over its edits (:meth:`wait_edit`);
    :meth:`wait_update` takes whichever event came first.
    """

    def __init__(self, server: FakeTelegram, chat: _Chat) -> None:
        self._server = server
        self._chat = chat
        self._new_cursor = 0  # index in chat.events of the next new message to return
        self._edit_cursor = 0  # the same for edits

    @property
    def id(self) -> int:
        """The user id, which is also the chat id."""
        user_id: int = self._chat.user["id"]
        return user_id

    @property
    def messages(self) -> list[SentMessage]:
        """Every message the bot sent in this chat, oldest first (deleted ones flagged)."""
        return list(self._chat.messages)

    @property
    def last(self) -> SentMessage:
        """The bot's latest message in this chat."""
        if not self._chat.messages:
            raise LookupError(f"the bot has sent nothing to {self.id}")
        return self._chat.messages[-1]

    async def send(self, text: str, entities: list[Json] | None = None) -> Json:
        """Send a text message (``/command ...`` gets its bot_command entity); return it.

        ``entities``: the formatting a user's app would send with it (bold, links…).
        """
        command = COMMAND_IN_TEXT.match(text)
        if command is None:
            return await self._send({"text": text} | ({"entities": entities} if entities else {}))
        entity = {"type": "bot_command", "offset": 0, "length": utf16_len(command.group())}
        return await self._send({"text": text, "entities": [entity]})

    async def send_sticker(self) -> Json:
        """Send a sticker."""
        stored = self._server._store_file("sticker", b"RIFF\0\0\0\0WEBP", mime_type="image/webp")
        sticker = _file_json(stored) | {
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return await self._send({"sticker": sticker})

    async def send_photo(
        self,
        data: bytes | None = None,
        caption: str | None = None,
        caption_entities: list[Json] | None = None,
        media_group_id: str | None = None,
    ) -> Json:
        """Send a photo (a small PNG unless ``data`` is given), part of an album if asked."""
        data = make_png(64, 48) if data is None else data
        width, height = image_size(data) or (1, 1)
        stored = self._server._store_file("photo", data, mime_type="image/jpeg")
        content: Json = {"photo": [_file_json(stored) | {"width": width, "height": height}]}
        if caption:
            content["caption"] = caption
        if caption_entities:
            content["caption_entities"] = caption_entities
        if media_group_id:
            content["media_group_id"] = media_group_id
        return await self._send(content)

    async def send_voice(self, duration: int = 2) -> Json:
        """Send a voice message."""
        stored = self._server._store_file("voice", b"OggS", mime_type="audio/ogg")
        voice = _file_json(stored) | {"duration": duration, "mime_type": "audio/ogg"}
        return await self._send({"voice": voice})

    async def send_document(self, data: bytes, file_name: str, caption: str | None = None) -> Json:
        """Send a file; the bot can download it with getFile."""
        mime_type = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        stored = self._server._store_file("document", data, file_name, mime_type)
        content: Json = {"document": _document_json(stored)}
        return await self._send(content | ({"caption": caption} if caption else {}))

    async def press(self, message: SentMessage, callback_data: str, *, strict: bool = True) -> str:
        """Press the inline button ``callback_data`` under ``message``; return the query id.

        ``strict=False`` sends data the keyboard does not show (now), like a stale menu.
        """
        if message.chat_id != self.id or message.deleted:
            raise ValueError(f"user {self.id} cannot press buttons under {message}")
        if strict and callback_data not in [data for _, data in message.buttons()]:
            raise LookupError(f"no button {callback_data!r} in {message.buttons()}")
        return await self._server._press(self._chat, message, callback_data)

    async def wait_message(
        self,
        timeout: float = 10.0,
        predicate: Callable[[SentMessage], bool] | None = None,
    ) -> SentMessage:
        """The bot's next new message in this chat (the next one matching ``predicate``).

        Messages skipped because they do not match are not returned later.
        """

        def check() -> SentMessage | None:
            for index in range(self._new_cursor, len(self._chat.events)):
                kind, message = self._chat.events[index]
                if kind == "new" and (predicate is None or predicate(message)):
                    self._new_cursor = index + 1
                    return message
            return None

        return await self._wait(check, timeout, "a new message")

    async def wait_messages(self, n: int, timeout: float = 10.0) -> list[SentMessage]:
        """The bot's next ``n`` new messages in this chat."""
        deadline = asyncio.get_running_loop().time() + timeout
        messages = []
        for _ in range(n):
            remaining = deadline - asyncio.get_running_loop().time()
            messages.append(await self.wait_message(max(remaining, 0.0)))
        return messages

    async def wait_edit(self, message_id: int | None = None, timeout: float = 10.0) -> SentMessage:
        """The message of the bot's next edit in this chat (of message ``message_id``)."""

        def check() -> SentMessage | None:
            for index in range(self._edit_cursor, len(self._chat.events)):
                kind, message = self._chat.events[index]
                if kind == "edit" and message_id in (None, message.message_id):
                    self._edit_cursor = index + 1
                    return message
            return None

        return await self._wait(check, timeout, f"an edit of message {message_id}")

    async def wait_update(self, timeout: float = 10.0) -> SentMessage:
        """The bot's next new message or edit in this chat, whichever comes first."""

        def check() -> SentMessage | None:
            for index in range(min(self._new_cursor, self._edit_cursor), len(self._chat.events)):
                kind, message = self._chat.events[index]
                if kind == "new" and index >= self._new_cursor:
                    self._new_cursor = index + 1
                    return message
                if kind == "edit" and index >= self._edit_cursor:
                    self._edit_cursor = index + 1
                    return message
            return None

        return await self._wait(check, timeout, "a new message or an edit")

    async def wait_callback_answer(self, query_id: str, timeout: float = 10.0) -> CallbackAnswer:
        """The bot's answer to the callback query ``query_id``."""
        query = self._server._callbacks[query_id]
        return await self._wait(lambda: query.answer, timeout, f"an answer to query {query_id}")

    async def _wait(self, check: Callable[[], T | None], timeout: float, what: str) -> T:
        def describe() -> str:
            sent = "; ".join(
                f"#{m.message_id} {m.kind} {(m.text or m.caption)[:50]!r}"
                for m in self._chat.messages[-5:]
            )
            return f"user {self.id} is still waiting for {what}; the bot's last messages: [{sent}]"

        return await self._server._wait_for(check, timeout, describe)

    async def _send(self, content: Json) -> Json:
        chat = self._chat
        message: Json = {
            "message_id": chat.next_message_id(),
            "from": chat.user,
            "chat": chat.api,
            "date": int(time.time()),
            **content,
        }
        chat.user_message_ids.add(message["message_id"])
        chat.user_messages[message["message_id"]] = message
        await self._server.enqueue_raw({"message": message})
        return message


def _too_many_requests(retry_after: int) -> ApiError:
    return ApiError(f"Too Many Requests: retry after {retry_after}", 429, retry_after)


def _error_page(status: HTTPStatus) -> web.Response:
    """An error as nginx in front of the Bot API answers it: an HTML page, not JSON."""
    title = f"{status.value} {status.phrase}"
    page = (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
    return web.Response(status=status.value, text=page, content_type="text/html")


def _decode_json(value: Any, name: str) -> Any:
    """A JSON-serialized parameter, decoded (form fields carry objects as JSON text)."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise ApiError(f"Bad Request: can't parse {name} JSON object") from None


def _str(value: Any) -> str:
    """A parameter as text: form fields already are, JSON values are dumped."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value)


def _file_json(stored: _StoredFile) -> Json:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.unique_id,
        "file_size": len(stored.data),
    }


def _document_json(stored: _StoredFile) -> Json:
    return _file_json(stored) | {"file_name": stored.file_name, "mime_type": stored.mime_type}


def _inline_markup(markup: Json | None) -> Json | None:
    """The part of a reply markup that stays attached to a message: an inline keyboard."""
    return markup if markup is not None and "inline_keyboard" in markup else None


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG image, None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return (width, height) if width and height else None
    if not data.startswith(b"\xff\xd8"):
        return None
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if 0xD0 <= marker <= 0xD9 or marker == 0x01:  # markers without a length
            pos += 2
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            if pos + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return (width, height) if width and height else None
        pos += 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
    return None


def make_png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of the given size (1 bit per pixel, so big ones are small)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    row = b"\0" * (1 + (width + 7) // 8)  # filter byte, then the pixels
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)),
            chunk(b"IDAT", zlib.compress(row * height)),
            chunk(b"IEND", b""),
        ]
    )
