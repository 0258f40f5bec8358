"""The fake Bot API server, driven by aiogram's own Bot: it accepts and refuses like Telegram."""

from __future__ import annotations

import asyncio
import json
import socket
import struct
import time
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    MenuButtonCommands,
)
from aiogram.types.media_union import MediaUnion
from aiohttp import web

from tests.e2e.fake_telegram import (
    BLOCKED,
    BOT_TOKEN,
    MAX_DOCUMENT_BYTES,
    MAX_PHOTO_BYTES,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    SECRET_HEADER,
    WEBHOOK_CONFLICT,
    WRONG_FILE,
    FakeTelegram,
    FakeUser,
    SentMessage,
    make_png,
)

USER_ID = 1001


@asynccontextmanager
async def connected(
    server: FakeTelegram, session: AiohttpSession | None = None, token: str = BOT_TOKEN
) -> AsyncIterator[Bot]:
    """An aiogram Bot talking to ``server``, with the project's defaults (HTML parse mode)."""
    session = session or AiohttpSession()
    session.api = TelegramAPIServer.from_base(server.url)
    yield Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    await (await session.create_session()).close()  # AiohttpSession.close() sleeps 0.25 s


@pytest.fixture(scope="module")
def shared_session() -> AiohttpSession:
    """One aiogram session for the ``bot`` fixture: making one loads CA certificates (~20 ms)."""
    return AiohttpSession()


@pytest.fixture
async def bot(telegram: FakeTelegram, shared_session: AiohttpSession) -> AsyncIterator[Bot]:
    async with connected(telegram, shared_session) as bot:
        yield bot


@pytest.fixture
def user(telegram: FakeTelegram) -> FakeUser:
    return telegram.user(USER_ID)


async def refused(telegram: FakeTelegram, call: Awaitable[object], description: str) -> None:
    """``call`` fails with ``description``, and the server recorded just that refusal."""
    with pytest.raises(TelegramBadRequest) as refusal:
        await call
    assert refusal.value.message == description
    assert [error for _, error in telegram.errors] == [description]
    telegram.errors.clear()


async def post(server: FakeTelegram, method: str, **params: Any) -> tuple[int, str, str]:
    """Call ``method`` with a JSON body; the HTTP status, content type and body text."""
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{server.url}/bot{BOT_TOKEN}/{method}", json=params) as response,
    ):
        return response.status, response.content_type, await response.text()


async def flooded(call: Awaitable[object], retry_after: int = 1) -> None:
    """``call`` is refused with 429 and this ``retry_after``."""
    with pytest.raises(TelegramRetryAfter) as flood:
        await call
    assert flood.value.retry_after == retry_after


@asynccontextmanager
async def webhook_endpoint(secret: str, errors: int = 0) -> AsyncIterator[tuple[str, list[Any]]]:
    """A bot's webhook: 401 without ``secret``, then 500 ``errors`` times, then 200.

    Yields its URL and the updates it accepted.
    """
    accepted: list[Any] = []

    async def receive(request: web.Request) -> web.Response:
        nonlocal errors
        if request.headers.get(SECRET_HEADER) != secret:
            return web.Response(status=401)
        if errors:
            errors -= 1
            return web.Response(status=500)
        accepted.append(await request.json())
        return web.Response()

    app = web.Application()
    app.router.add_post("/webhook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}/webhook", accepted
    finally:
        await runner.cleanup()


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=f"Кнопка {d}", callback_data=d)] for d in data]
    )


def png(width: int, height: int) -> BufferedInputFile:
    return BufferedInputFile(make_png(width, height), "chart.png")


def jpeg_header(width: int, height: int) -> bytes:
    """The start of a baseline JPEG (SOI, JFIF, SOF0): enough to read its size."""
    jfif = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x01\x22\0" * 3
    return b"\xff\xd8" + jfif + sof0 + b"\xff\xd9"


# ---------------------------------------------------------------- the basics


async def test_get_me_is_the_bot_of_the_token(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456, True, "ltv_test_bot")


async def test_unknown_method_and_wrong_token_are_refused(telegram: FakeTelegram) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{telegram.url}/bot{BOT_TOKEN}/sendTelepathy") as response,
    ):
        assert response.status == 404
        assert await response.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
    async with connected(telegram, token="123456:wrong-token") as stranger:
        with pytest.raises(TelegramUnauthorizedError):
            await stranger.get_me()
    assert telegram.errors == [
        ("sendTelepathy", "Not Found: method not found"),
        ("getMe", "Unauthorized"),
    ]
    telegram.errors.clear()


async def test_unknown_chat_is_not_found(telegram: FakeTelegram, bot: Bot) -> None:
    await refused(telegram, bot.send_message(999, "Привет"), "Bad Request: chat not found")


# ---------------------------------------------------------------- HTML and text limits


async def test_html_is_stored_as_the_user_reads_it(bot: Bot, user: FakeUser) -> None:
    html = "<b>Итог</b>: LTV &lt;b&gt; &amp; 5&#8239;000 &#x20BD;"
    message = await bot.send_message(USER_ID, html)
    sent = await user.wait_message()
    assert message.text == sent.text == "Итог: LTV <b> & 5\u202f000 ₽"
    assert sent.html == html
    assert sent.entities == [{"type": "bold", "offset": 0, "length": 4}]
    assert user.last is sent and user.messages == [sent]


async def test_every_allowed_tag_is_accepted(bot: Bot, user: FakeUser) -> None:
    await bot.send_message(
        USER_ID,
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>"
        "<strike>k</strike><del>d</del><span class='tg-spoiler'>p</span><tg-spoiler>t</tg-spoiler>"
        '<a href="https://example.com/?a=1&amp;b=2">a</a><code>c</code>'
        '<pre><code class="language-python">x = 1</code></pre><blockquote>q</blockquote>'
        "<blockquote expandable>x</blockquote>"
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    )
    sent = await user.wait_message()
    types = [entity["type"] for entity in sent.entities]
    assert types == [
        *["bold"] * 2,
        *["italic"] * 2,
        *["underline"] * 2,
        *["strikethrough"] * 3,
        *["spoiler"] * 2,
        "text_link",
        "code",
        "pre",
        "blockquote",
        "expandable_blockquote",
        "custom_emoji",
    ]
    assert sent.entities[11]["url"] == "https://example.com/?a=1&b=2"
    assert sent.entities[13]["language"] == "python"


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("Hello<div>x</div>", 'Unsupported start tag "div" at byte offset 5'),
        ("Итог <br> x", 'Unsupported start tag "br" at byte offset 9'),
        ("LTV < CAC", 'Unsupported start tag "" at byte offset 4'),
        ("<b>Итог", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<a href='x'", "Unclosed start tag at byte offset 0"),
        ("Рога & копыта", 'Unescaped "&" at byte offset 9: write it as &amp;'),
    ],
)
async def test_broken_html_is_refused(
    telegram: FakeTelegram, bot: Bot, user: FakeUser, html: str, reason: str
) -> None:
    description = f"Bad Request: can't parse entities: {reason}"
    await refused(telegram, bot.send_message(USER_ID, html), description)
    assert user.messages == []


async def test_bare_ampersand_passes_when_html_is_not_strict() -> None:
    async with FakeTelegram(strict_html=False) as server, connected(server) as bot:
        server.user(USER_ID)
        message = await bot.send_message(USER_ID, "Рога & копыта &nbsp;")
        assert message.text == "Рога & копыта &nbsp;"


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("<b>" + "я" * 4096 + "</b>", True),
        ("<b>" + "я" * 4097 + "</b>", False),
        ("😀" * 2048, True),  # two UTF-16 code units each
        ("😀" * 2049, False),
        ("&lt;" * 4096, True),
        ("\n " + "я" * 4096 + " \n", True),  # trimmed
    ],
)
async def test_text_length_is_counted_after_parsing_in_utf16(
    telegram: FakeTelegram, bot: Bot, user: FakeUser, text: str, accepted: bool
) -> None:
    if accepted:
        await bot.send_message(USER_ID, text)
    else:
        await refused(
            telegram, bot.send_message(USER_ID, text), "Bad Request: message is too long"
        )


@pytest.mark.parametrize("text", ["", "<b> </b>\n", "<i></i>"])
async def test_empty_text_is_refused(
    telegram: FakeTelegram, bot: Bot, user: FakeUser, text: str
) -> None:
    await refused(telegram, bot.send_message(USER_ID, text), "Bad Request: message text is empty")


async def test_caption_holds_1024_characters(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    document = BufferedInputFile(b"%PDF-1.4", "checklist.pdf")
    await bot.send_document(USER_ID, document, caption="<b>" + "я" * 1024 + "</b>")
    too_long = bot.send_photo(USER_ID, png(10, 10), caption="я" * 1025)
    await refused(telegram, too_long, "Bad Request: message caption is too long")


# ---------------------------------------------------------------- keyboards and callbacks


@pytest.mark.parametrize(
    ("data", "accepted"),
    [("x" * 64, True), ("я" * 32, True), ("я" * 33, False), ("x" * 65, False), ("", False)],
)
async def test_callback_data_holds_1_to_64_bytes(
    telegram: FakeTelegram, bot: Bot, user: FakeUser, data: str, accepted: bool
) -> None:
    call = bot.send_message(USER_ID, "Меню", reply_markup=keyboard(data))
    if accepted:
        await call
    else:
        await refused(telegram, call, "Bad Request: BUTTON_DATA_INVALID")


async def test_inline_keyboard_holds_100_buttons(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    await bot.send_message(USER_ID, "Меню", reply_markup=keyboard(*map(str, range(100))))
    too_many = bot.send_message(USER_ID, "Меню", reply_markup=keyboard(*map(str, range(101))))
    await refused(telegram, too_many, "Bad Request: reply markup is too long")


async def test_buttons_are_found_by_label(bot: Bot, user: FakeUser) -> None:
    await bot.send_message(USER_ID, "Меню", reply_markup=keyboard("calc", "saved"))
    menu = await user.wait_message()
    assert menu.buttons() == [("Кнопка calc", "calc"), ("Кнопка saved", "saved")]
    assert menu.button("saved") == "saved"
    with pytest.raises(LookupError):
        menu.button("Кнопка")  # two labels contain it


async def test_a_callback_query_is_answered_once(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    await bot.send_message(USER_ID, "Меню", reply_markup=keyboard("calc"))
    menu = await user.wait_message()
    query_id = await user.press(menu, menu.button("calc"))
    assert telegram.unanswered_callbacks() == [query_id]

    (update,) = await bot.get_updates(timeout=0)
    assert update.callback_query is not None
    assert update.callback_query.data == "calc"
    assert update.callback_query.message is not None
    assert update.callback_query.message.message_id == menu.message_id

    await bot.answer_callback_query(query_id, text="Считаю…", show_alert=True)
    answer = await user.wait_callback_answer(query_id)
    assert (answer.text, answer.show_alert) == ("Считаю…", True)
    assert telegram.unanswered_callbacks() == []
    await refused(telegram, bot.answer_callback_query(query_id), QUERY_TOO_OLD)
    await refused(telegram, bot.answer_callback_query("12345"), QUERY_TOO_OLD)


async def test_callback_answer_text_and_time_are_limited(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    await bot.send_message(USER_ID, "Меню", reply_markup=keyboard("calc"))
    menu = await user.wait_message()
    query_id = await user.press(menu, "calc")
    long_text = bot.answer_callback_query(query_id, text="я" * 201)
    await refused(telegram, long_text, "Bad Request: MESSAGE_TOO_LONG")

    telegram.callback_timeout = 0.05
    late_query = await user.press(menu, "calc")
    await asyncio.sleep(0.1)
    await refused(telegram, bot.answer_callback_query(late_query), QUERY_TOO_OLD)


async def test_stale_callback_data_needs_strict_false(bot: Bot, user: FakeUser) -> None:
    await bot.send_message(USER_ID, "Меню", reply_markup=keyboard("calc"))
    menu = await user.wait_message()
    with pytest.raises(LookupError):
        await user.press(menu, "scenario:42")
    await user.press(menu, "scenario:42", strict=False)


# ---------------------------------------------------------------- edits and deletion


async def test_edits_change_the_stored_message(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    await bot.send_message(USER_ID, "Шаг 1", reply_markup=keyboard("next"))
    sent = await user.wait_message()
    await bot.edit_message_text(
        "<b>Шаг 2</b>", chat_id=USER_ID, message_id=sent.message_id, reply_markup=keyboard("next")
    )
    assert await user.wait_edit(sent.message_id) is sent
    assert (sent.text, sent.html, sent.buttons()) == (
        "Шаг 2",
        "<b>Шаг 2</b>",
        [("Кнопка next", "next")],
    )

    same = bot.edit_message_text(
        "<b>Шаг 2</b>", chat_id=USER_ID, message_id=sent.message_id, reply_markup=keyboard("next")
    )
    await refused(telegram, same, NOT_MODIFIED)

    await bot.edit_message_reply_markup(chat_id=USER_ID, message_id=sent.message_id)
    await user.wait_edit(sent.message_id)
    assert sent.buttons() == []
    assert [edit.method for edit in sent.edits] == ["editMessageText", "editMessageReplyMarkup"]

    missing = bot.edit_message_text("x", chat_id=USER_ID, message_id=999)
    await refused(telegram, missing, "Bad Request: message to edit not found")
    no_caption = bot.edit_message_caption(chat_id=USER_ID, message_id=sent.message_id, caption="x")
    await refused(telegram, no_caption, "Bad Request: there is no caption in the message to edit")


async def test_wait_update_returns_messages_and_edits_in_order(bot: Bot, user: FakeUser) -> None:
    first = await bot.send_message(USER_ID, "Раз")
    await bot.edit_message_text("Раз!", chat_id=USER_ID, message_id=first.message_id)
    await bot.send_message(USER_ID, "Два")
    assert (await user.wait_update()).text == "Раз!"  # the new message, as it is now
    assert (await user.wait_update()).message_id == first.message_id  # its edit
    assert (await user.wait_update()).text == "Два"
    with pytest.raises(TimeoutError, match="still waiting for a new message"):
        await user.wait_message(timeout=0.05)


async def test_deleted_messages_are_flagged(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    incoming = await user.send("Привет")
    await bot.delete_message(USER_ID, incoming["message_id"])
    sent = await bot.send_message(USER_ID, "Ответ")
    await bot.delete_message(USER_ID, sent.message_id)
    assert user.last.deleted
    again = bot.delete_message(USER_ID, sent.message_id)
    await refused(telegram, again, "Bad Request: message to delete not found")


# ---------------------------------------------------------------- getUpdates


async def test_updates_come_again_until_a_later_offset_confirms_them(
    bot: Bot, user: FakeUser
) -> None:
    await user.send("/start")
    await user.send("42 000")
    first, second = await bot.get_updates(timeout=0)
    assert first.message is not None and first.message.text == "/start"
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [
        first.update_id,
        second.update_id,
    ]
    assert [u.update_id for u in await bot.get_updates(offset=second.update_id)] == [
        second.update_id
    ]
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(offset=second.update_id + 1, timeout=1) == []
    assert loop.time() - started >= 0.9


async def test_a_long_poll_returns_as_soon_as_an_update_arrives(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await telegram.wait_polling(1, timeout=2)
    await user.send("/start")
    (update,) = await asyncio.wait_for(poll, 1)
    assert update.message is not None
    assert update.message.entities is not None
    assert update.message.entities[0].type == "bot_command"
    assert telegram.get_updates_calls == 1


async def test_a_second_poller_ends_the_first_with_conflict(
    telegram: FakeTelegram, bot: Bot
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await telegram.wait_polling(1, timeout=2)
    assert await bot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError):
        await first
    assert [method for method, _ in telegram.errors] == ["getUpdates"]
    telegram.errors.clear()


async def test_a_raw_update_is_queued_as_it_is(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    await user.send("/start")
    poison = await telegram.enqueue_raw({"message": {"message_id": "x"}})
    numbered = await telegram.enqueue_raw({"update_id": 99, "message": {"message_id": "y"}})
    _, _, body = await post(telegram, "getUpdates")
    first, *raw = json.loads(body)["result"]
    assert raw == [
        {"update_id": first["update_id"] + 1, "message": {"message_id": "x"}},
        {"update_id": 99, "message": {"message_id": "y"}},
    ]
    assert raw == [poison, numbered]
    with pytest.raises(ClientDecodeError):  # aiogram cannot parse it
        await bot.get_updates()


async def test_user_media_arrives_as_aiogram_updates(bot: Bot, user: FakeUser) -> None:
    await user.send_sticker()
    await user.send_photo()
    await user.send_voice()
    await user.send_document(b"month,revenue\n1,100\n", "cohort.csv")
    sticker, photo, voice, document = [u.message for u in await bot.get_updates(timeout=0)]
    assert sticker is not None and sticker.sticker is not None
    assert photo is not None and photo.photo is not None
    assert voice is not None and voice.voice is not None
    assert document is not None and document.document is not None
    downloaded = await bot.download(document.document.file_id)
    assert downloaded is not None
    assert downloaded.read() == b"month,revenue\n1,100\n"


# ---------------------------------------------------------------- webhook


async def test_a_webhook_gets_each_update_in_order_until_it_answers_2xx(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    telegram.webhook_retry_delay = 0.05
    async with webhook_endpoint("s3cret", errors=2) as (url, accepted):
        await bot.set_webhook(url, secret_token="s3cret", allowed_updates=["message"])
        first, second = await user.send("/start"), await user.send("42 000")
        await telegram.wait_webhook(4)
        info = await bot.get_webhook_info()
    assert [update["message"] for update in accepted] == [first, second]
    first_id, second_id = (update["update_id"] for update in accepted)
    assert [(a.update_id, a.status) for a in telegram.webhook_attempts] == [
        (first_id, 500),
        (first_id, 500),
        (first_id, 200),
        (second_id, 200),
    ]
    assert (info.url, info.pending_update_count, info.allowed_updates) == (url, 0, ["message"])
    await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""


async def test_a_wrong_secret_is_refused_until_the_webhook_is_set_again(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    telegram.webhook_retry_delay = 0.05
    async with webhook_endpoint("s3cret") as (url, accepted):
        await bot.set_webhook(url, secret_token="wrong")
        sent = await user.send("/start")
        await telegram.wait_webhook(2)
        attempts = len(telegram.webhook_attempts)
        await bot.set_webhook(url, secret_token="s3cret")
        await telegram.wait_webhook(attempts + 1)
    assert {a.status for a in telegram.webhook_attempts[:attempts]} == {401}
    assert telegram.webhook_attempts[attempts:] == [telegram.webhook_attempts[-1]]
    assert telegram.webhook_attempts[-1].status == 200
    assert [update["message"] for update in accepted] == [sent]


async def test_no_polling_while_a_webhook_is_set(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    telegram.webhook_retry_delay = 0.05
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await telegram.wait_polling(1, timeout=2)
    with socket.socket() as closed:  # bound, not listening: connections are refused
        closed.bind(("127.0.0.1", 0))
        await bot.set_webhook(f"http://127.0.0.1:{closed.getsockname()[1]}/webhook")
        with pytest.raises(TelegramConflictError, match=WEBHOOK_CONFLICT):
            await poll
        with pytest.raises(TelegramConflictError, match=WEBHOOK_CONFLICT):
            await bot.get_updates(timeout=0)
        await user.send("/start")
        await telegram.wait_webhook(2)
        await bot.delete_webhook()
    assert {attempt.status for attempt in telegram.webhook_attempts} == {None}
    (update,) = await bot.get_updates(timeout=0)  # undelivered: polling gets it
    assert update.message is not None and update.message.text == "/start"
    assert telegram.errors == [("getUpdates", WEBHOOK_CONFLICT)] * 2
    telegram.errors.clear()


# ---------------------------------------------------------------- photos and documents


@pytest.mark.parametrize(
    ("width", "height", "accepted"),
    [(800, 600, True), (2000, 100, True), (2100, 100, False), (5001, 5000, False)],
)
async def test_photo_dimensions_are_limited(
    telegram: FakeTelegram, bot: Bot, user: FakeUser, width: int, height: int, accepted: bool
) -> None:
    call = bot.send_photo(USER_ID, png(width, height))
    if not accepted:
        await refused(telegram, call, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        return
    message = await call
    assert message.photo is not None
    largest = message.photo[-1]
    scale = min(1.0, 1280 / max(width, height))  # Telegram's largest size is 1280 px
    assert (largest.width, largest.height) == (round(width * scale), round(height * scale))
    assert (await user.wait_message()).photo == make_png(width, height)


async def test_photo_must_be_a_png_or_jpeg_under_10_mb(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    jpeg = await bot.send_photo(USER_ID, BufferedInputFile(jpeg_header(300, 200), "c.jpg"))
    assert jpeg.photo is not None
    assert (jpeg.photo[-1].width, jpeg.photo[-1].height) == (300, 200)
    gif = bot.send_photo(USER_ID, BufferedInputFile(b"GIF89a\x01\0\x01\0", "c.gif"))
    await refused(telegram, gif, "Bad Request: IMAGE_PROCESS_FAILED")
    huge = BufferedInputFile(make_png(10, 10) + b"\0" * MAX_PHOTO_BYTES, "c.png")
    await refused(telegram, bot.send_photo(USER_ID, huge), "Bad Request: file is too big")


async def test_a_document_is_uploaded_once_then_sent_by_file_id(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    pdf = BufferedInputFile(b"%PDF-1.4 checklist", "checklist.pdf")
    first = await bot.send_document(USER_ID, pdf, caption="Чек-лист")
    assert first.document is not None
    assert (first.document.file_name, first.document.mime_type) == (
        "checklist.pdf",
        "application/pdf",
    )
    second = await bot.send_document(USER_ID, first.document.file_id)
    assert second.document is not None
    assert second.document.file_unique_id == first.document.file_unique_id
    assert (telegram.uploads, telegram.resends) == (1, 1)
    sent = await user.wait_messages(2)
    assert [m.document for m in sent] == [b"%PDF-1.4 checklist"] * 2
    assert [m.file_name for m in sent] == ["checklist.pdf"] * 2

    await refused(telegram, bot.send_document(USER_ID, "BQACnope"), WRONG_FILE)
    photo = await bot.send_photo(USER_ID, png(10, 10))
    assert photo.photo is not None
    as_document = bot.send_document(USER_ID, photo.photo[-1].file_id)
    await refused(telegram, as_document, "Bad Request: type of file mismatch")


async def test_a_document_over_50_mb_is_too_large(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    huge = BufferedInputFile(b"\0" * (MAX_DOCUMENT_BYTES + 1), "big.xlsx")
    with pytest.raises(TelegramEntityTooLarge):
        await bot.send_document(USER_ID, huge)
    assert telegram.errors == [("sendDocument", "Request Entity Too Large")]
    telegram.errors.clear()


async def test_documents_go_as_one_album(bot: Bot, user: FakeUser) -> None:
    messages = await bot.send_media_group(
        USER_ID,
        [
            InputMediaDocument(media=BufferedInputFile(b"%PDF", "checklist.pdf")),
            InputMediaDocument(
                media=BufferedInputFile(b"PK", "calculator.xlsx"), caption="<b>Всё</b>"
            ),
        ],
    )
    assert len({m.media_group_id for m in messages}) == 1
    first, second = await user.wait_messages(2)
    assert (first.file_name, second.file_name, second.caption) == (
        "checklist.pdf",
        "calculator.xlsx",
        "Всё",
    )


# ---------------------------------------------------------------- bot settings, actions, rate


async def test_commands_and_descriptions(telegram: FakeTelegram, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Начать расчёт")])
    await bot.set_my_commands(
        [BotCommand(command="new", description="Новый расчёт")], language_code="ru"
    )
    assert telegram.commands == {"": [("start", "Начать расчёт")], "ru": [("new", "Новый расчёт")]}
    assert [c.command for c in await bot.get_my_commands(language_code="ru")] == ["new"]
    await bot.set_my_description("д" * 512)
    await bot.set_my_short_description("к" * 120)
    await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
    assert telegram.description == {"": "д" * 512}
    assert telegram.short_description == {"": "к" * 120}
    assert telegram.menu_buttons == {None: {"type": "commands"}}

    long_description = bot.set_my_description("д" * 513)
    await refused(telegram, long_description, "Bad Request: description is too long")
    long_short = bot.set_my_short_description("к" * 121)
    await refused(telegram, long_short, "Bad Request: short description is too long")


@pytest.mark.parametrize(
    ("command", "description", "error"),
    [
        ("Start", "Начать", "BOT_COMMAND_INVALID"),
        ("расчёт", "Начать", "BOT_COMMAND_INVALID"),
        ("c" * 33, "Начать", "command length must not exceed 32"),
        ("start", " ", "command description must be non-empty"),
        ("start", "д" * 257, "command description length must not exceed 256"),
    ],
)
async def test_invalid_commands_are_refused(
    telegram: FakeTelegram, bot: Bot, command: str, description: str, error: str
) -> None:
    call = bot.set_my_commands([BotCommand(command=command, description=description)])
    await refused(telegram, call, f"Bad Request: {error}")


async def test_chat_actions_are_recorded(telegram: FakeTelegram, bot: Bot, user: FakeUser) -> None:
    await bot.send_chat_action(USER_ID, "upload_photo")
    assert telegram.chat_actions[USER_ID] == ["upload_photo"]
    wrong = bot.send_chat_action(USER_ID, "dance")
    await refused(telegram, wrong, "Bad Request: wrong parameter action in request")


# ---------------------------------------------------------------- flood control


@pytest.mark.paced
async def test_the_31st_message_in_a_second_waits_for_retry_after() -> None:
    async with FakeTelegram(enforce_rate_limit=True) as server, connected(server) as bot:
        for n in range(30):  # five in each of six chats: within every chat's burst
            await bot.send_message(server.user(USER_ID + n % 6).id, "Рассылка")
        late = server.user(USER_ID + 6).id
        status, _, body = await post(server, "sendMessage", chat_id=late, text="Рассылка")
        assert (status, json.loads(body)) == (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1},
            },
        )
        await asyncio.sleep(1)
        await bot.send_message(late, "Рассылка")
        assert server.too_many_requests == 1
        assert server.errors == [("sendMessage", "Too Many Requests: retry after 1")]
        assert [request.status for request in server.chat_requests[late]] == [429, 200]


@pytest.mark.paced
async def test_the_global_window_slides_and_refusals_do_not_count() -> None:
    async with (
        FakeTelegram(enforce_rate_limit=True, global_rate=5, chat_burst=100) as server,
        connected(server) as bot,
    ):
        server.user(USER_ID)
        for _ in range(3):
            await bot.send_message(USER_ID, "Раз")
        await asyncio.sleep(0.5)
        for _ in range(2):
            await bot.send_message(USER_ID, "Два")
        for _ in range(3):
            await flooded(bot.send_message(USER_ID, "Лишнее"))
        await asyncio.sleep(server.sent_at[USER_ID][2] + 1.01 - time.monotonic())
        for _ in range(3):  # the first three have left the window, the refusals never entered
            await bot.send_message(USER_ID, "Три")
        await flooded(bot.send_message(USER_ID, "Лишнее"))
        assert (len(server.sent_at[USER_ID]), server.too_many_requests) == (8, 4)


@pytest.mark.paced
async def test_each_file_of_an_album_counts() -> None:
    async with (
        FakeTelegram(enforce_rate_limit=True, global_rate=5, chat_burst=100) as server,
        connected(server) as bot,
    ):
        sender, other = server.user(USER_ID), server.user(USER_ID + 1)
        album: list[MediaUnion] = [
            InputMediaDocument(media=BufferedInputFile(b"%PDF", f"{n}.pdf")) for n in "abc"
        ]
        await bot.send_media_group(sender.id, album)
        await flooded(bot.send_media_group(sender.id, album))  # 3 + 3 > 5: refused whole
        for _ in range(2):
            await bot.send_message(other.id, "Привет")
        await flooded(bot.send_message(other.id, "Привет"))
        assert (len(sender.messages), len(other.messages)) == (3, 2)


@pytest.mark.paced
async def test_a_chat_takes_a_burst_then_its_rate() -> None:
    async with (
        FakeTelegram(enforce_rate_limit=True, chat_rate=4) as server,
        connected(server) as bot,
    ):
        server.user(USER_ID)
        for n in range(5):
            await bot.send_message(USER_ID, f"Сообщение {n}")
        await flooded(bot.send_message(USER_ID, "Ещё одно"))
        await bot.send_message(server.user(USER_ID + 1).id, "Другой чат")
        await asyncio.sleep(0.25)  # a quarter of a second: room for one
        await bot.send_message(USER_ID, "Ещё одно")
        await flooded(bot.send_message(USER_ID, "И ещё"))
        requests = server.chat_requests[USER_ID]
        assert [(r.method, r.status) for r in requests] == [
            *[("sendMessage", 200)] * 5,
            ("sendMessage", 429),
            ("sendMessage", 200),
            ("sendMessage", 429),
        ]
        assert requests[6].at - requests[5].at >= 0.25


@pytest.mark.paced
async def test_a_message_counts_only_when_both_limits_let_it_pass() -> None:
    async with (
        FakeTelegram(enforce_rate_limit=True, global_rate=6) as server,
        connected(server) as bot,
    ):
        first, second = server.user(USER_ID), server.user(USER_ID + 1)
        for _ in range(5):
            await bot.send_message(first.id, "Раз")
        for _ in range(3):  # refused by the chat's burst: not counted in the window
            await flooded(bot.send_message(first.id, "Лишнее"))
        await bot.send_message(second.id, "Два")
        await flooded(bot.send_message(second.id, "Лишнее"))  # refused by the window
        assert server.too_many_requests == 4


# ---------------------------------------------------------------- faults


async def test_a_user_who_blocked_the_bot_gets_no_messages_nor_edits(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    menu = await bot.send_message(USER_ID, "Меню")
    telegram.block(USER_ID)
    status, _, body = await post(telegram, "sendMessage", chat_id=USER_ID, text="Привет")
    assert (status, json.loads(body)) == (
        403,
        {"ok": False, "error_code": 403, "description": BLOCKED},
    )
    for call in (
        bot.send_photo(USER_ID, png(10, 10)),
        bot.edit_message_text("Меню!", chat_id=USER_ID, message_id=menu.message_id),
    ):
        with pytest.raises(TelegramForbiddenError, match=BLOCKED):
            await call
    await bot.send_chat_action(USER_ID, "typing")  # creates no message
    telegram.unblock(USER_ID)
    await bot.send_message(USER_ID, "Снова")
    assert [m.text for m in user.messages] == ["Меню", "Снова"]
    assert telegram.forbidden == 3
    assert [(r.method, r.status) for r in telegram.chat_requests[USER_ID]] == [
        ("sendMessage", 200),
        ("sendMessage", 403),
        ("sendPhoto", 403),
        ("editMessageText", 403),
        ("sendChatAction", 200),
        ("sendMessage", 200),
    ]
    assert [error for _, error in telegram.errors] == [BLOCKED] * 3
    telegram.errors.clear()


async def test_flood_next_refuses_the_next_message_once(
    telegram: FakeTelegram, bot: Bot, user: FakeUser
) -> None:
    telegram.flood_next(retry_after=40)
    await bot.send_chat_action(USER_ID, "typing")  # not a message
    await flooded(bot.send_message(USER_ID, "Раз"), retry_after=40)
    first = await bot.send_message(USER_ID, "Раз")
    telegram.flood_next(3, methods=["editMessageText"])
    await bot.send_message(USER_ID, "Два")
    await flooded(bot.edit_message_text("Раз!", chat_id=USER_ID, message_id=first.message_id), 3)
    assert [m.text for m in user.messages] == ["Раз", "Два"]
    assert telegram.too_many_requests == 2
    assert telegram.errors == [
        ("sendMessage", "Too Many Requests: retry after 40"),
        ("editMessageText", "Too Many Requests: retry after 3"),
    ]
    telegram.errors.clear()
    with pytest.raises(ValueError, match="sendtelepathy"):
        telegram.flood_next(1, methods=["sendTelepathy"])


async def test_every_nth_request_fails_with_an_html_page(
    telegram: FakeTelegram, user: FakeUser
) -> None:
    telegram.fail_every(3)
    answers = [await post(telegram, method) for method in ("getMe", "getUpdates", "getMe")]
    assert [status for status, _, _ in answers] == [200, 200, 200]  # getUpdates is not counted
    status, content_type, page = await post(telegram, "getMe")
    assert (status, content_type) == (502, "text/html")
    assert page.startswith("<html>\r\n<head><title>502 Bad Gateway</title></head>")

    telegram.fail_every(2, status=503, methods=["sendMessage"])
    sends = [await post(telegram, "sendMessage", chat_id=USER_ID, text=f"#{n}") for n in range(4)]
    assert [status for status, _, _ in sends] == [200, 503, 200, 503]
    assert "<title>503 Service Unavailable</title>" in sends[1][2]
    assert [m.text for m in user.messages] == ["#0", "#2"]  # a failed request is not performed
    telegram.fail_every(0)
    assert [(await post(telegram, "getMe"))[0] for _ in range(3)] == [200] * 3
    assert telegram.injected_faults == 3
    assert telegram.errors == []  # a fault is not a refusal


def test_sent_message_without_keyboard_has_no_buttons() -> None:
    message = SentMessage(message_id=1, chat_id=USER_ID, kind="text", date=0, text="Привет")
    assert message.buttons() == []
    with pytest.raises(LookupError):
        message.button("Меню")
