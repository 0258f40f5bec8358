"""Delivery, the session middleware every Bot API call goes through: pace, retry, give up.

It is called as aiogram calls a session middleware, with a fake ``make_request`` that
answers from a script of HTTP answers (status and body) decoded by aiogram's own
``check_response``: the exceptions are the ones a real answer raises. The budget is a
recording fake and sleeping is injected, so a 40 s flood wait takes no time.
"""

from __future__ import annotations

import gc
import json
import logging
import weakref
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import ClientDecodeError, TelegramBadRequest, TelegramNetworkError
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageText,
    GetMyDescription,
    SendChatAction,
    SendDocument,
    SendMediaGroup,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.base import Response
from aiogram.types import InputMediaDocument, Message

from bot.delivery import Delivery, Lane, Unreachable, bulk
from bot.delivery.polling import GetRawUpdates
from bot.delivery.sender import BACKOFF, cost

TOKEN = "123456:SECRET-token-never-logged"
CHAT = 42
BAD_GATEWAY = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)

Answer = tuple[int, str] | Exception


def refusal(status: int, description: str, retry_after: int | None = None) -> tuple[int, str]:
    """Telegram's JSON answer refusing a call."""
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return status, json.dumps(body)


def success(method: TelegramMethod[Any]) -> tuple[int, str]:
    """Telegram's answer to a call that worked."""
    message = {"message_id": 7, "date": 0, "chat": {"id": CHAT, "type": "private"}, "text": "ok"}
    result: Any = True
    if isinstance(method, SendMessage | EditMessageText):
        result = message
    elif isinstance(method, SendMediaGroup):
        result = [message | {"message_id": n} for n in range(len(method.media))]
    elif isinstance(method, GetRawUpdates):
        result = []
    return 200, json.dumps({"ok": True, "result": result})


class FakeApi:
    """``make_request``: answers the next scripted answer, then success; records the calls."""

    def __init__(self, *script: Answer) -> None:
        self.script = list(script)
        self.calls: list[str] = []

    async def __call__(self, bot: Bot, method: TelegramMethod[Any]) -> Response[Any]:
        self.calls.append(method.__api_method__)
        answer = self.script.pop(0) if self.script else success(method)
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        return bot.session.check_response(bot, method, status, body)


class RecordingBudget:
    """Grants every acquire at once; records acquires and pauses."""

    def __init__(self) -> None:
        self.acquired: list[tuple[int | None, int, Lane]] = []
        self.paused: list[float] = []

    async def acquire(self, chat_id: int | None, units: int, lane: Lane) -> None:
        self.acquired.append((chat_id, units, lane))

    async def pause(self, seconds: float) -> None:
        self.paused.append(seconds)


class Harness:
    """A Delivery with a recording budget, recorded sleeps and recorded unreachable chats."""

    def __init__(self) -> None:
        self.bot = Bot(TOKEN)
        self.budget = RecordingBudget()
        self.slept: list[float] = []
        self.unreachable: list[int] = []
        self.delivery = Delivery(self.budget, on_unreachable=self._mark, sleep=self._sleep)

    async def _mark(self, chat_id: int) -> None:
        self.unreachable.append(chat_id)

    async def _sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    async def call(self, api: FakeApi, method: TelegramMethod[Any]) -> Any:
        response = await self.delivery(api, self.bot, method)
        return response.result


@pytest.fixture
def harness() -> Harness:
    return Harness()


def message() -> SendMessage:
    return SendMessage(chat_id=CHAT, text="Шаг 3 из 5")


def album(files: int) -> SendMediaGroup:
    return SendMediaGroup(
        chat_id=CHAT, media=[InputMediaDocument(media=f"file-{n}") for n in range(files)]
    )


async def test_a_429_pauses_everyone_for_the_time_asked_then_the_message_goes(
    harness: Harness,
) -> None:
    api = FakeApi(
        refusal(429, "Too Many Requests: retry after 40", retry_after=40),
        refusal(429, "Too Many Requests: retry after 40", retry_after=40),
    )
    sent = await harness.call(api, message())

    assert isinstance(sent, Message) and sent.message_id == 7
    assert harness.budget.paused == [40, 40], "no cap on retry_after"
    assert api.calls == ["sendMessage"] * 3
    # Each attempt waits its turn in the (paused) budget again.
    assert harness.budget.acquired == [(CHAT, 1, Lane.INTERACTIVE)] * 3


async def test_a_429_on_a_call_the_budget_does_not_pace_waits_in_place(
    harness: Harness,
) -> None:
    api = FakeApi(refusal(429, "Too Many Requests: retry after 40", retry_after=40))
    assert await harness.call(api, AnswerCallbackQuery(callback_query_id="q")) is True

    assert harness.budget.paused == [40]
    assert harness.slept == [40]
    assert harness.budget.acquired == []


@pytest.mark.parametrize(
    "failure",
    [
        (502, BAD_GATEWAY),  # a proxy's HTML page: ClientDecodeError
        refusal(500, "Internal Server Error"),  # TelegramServerError
        TelegramNetworkError(message(), "ClientOSError: Connection reset by peer"),
    ],
    ids=["502 html", "500 json", "network"],
)
async def test_server_and_network_failures_are_retried_with_backoff_without_limit(
    harness: Harness, failure: Answer
) -> None:
    failures = len(BACKOFF) + 3
    api = FakeApi(*[failure] * failures)
    sent = await harness.call(api, message())

    assert isinstance(sent, Message)
    assert api.calls == ["sendMessage"] * (failures + 1)
    assert harness.slept == [0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 30.0, 30.0, 30.0]
    assert harness.budget.paused == []


async def test_a_blocked_person_is_marked_once_and_never_retried(harness: Harness) -> None:
    api = FakeApi(refusal(403, "Forbidden: bot was blocked by the user"))
    with pytest.raises(Unreachable) as raised:
        await harness.call(api, album(3))

    assert raised.value.chat_id == CHAT
    assert api.calls == ["sendMediaGroup"]
    assert harness.unreachable == [CHAT]
    assert harness.slept == []


async def test_a_chat_that_does_not_exist_is_unreachable_too(harness: Harness) -> None:
    api = FakeApi(refusal(400, "Bad Request: chat not found"))
    with pytest.raises(Unreachable):
        await harness.call(api, message())

    assert api.calls == ["sendMessage"]
    assert harness.unreachable == [CHAT]


async def test_another_bad_request_is_raised_at_once(harness: Harness) -> None:
    api = FakeApi(refusal(400, "Bad Request: can't parse entities: unclosed tag"))
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await harness.call(api, message())

    assert api.calls == ["sendMessage"]
    assert harness.unreachable == []
    assert harness.slept == []


async def test_get_updates_passes_through_untouched(harness: Harness) -> None:
    api = FakeApi((502, BAD_GATEWAY))
    with pytest.raises(ClientDecodeError):  # polling has its own backoff
        await harness.call(api, GetRawUpdates(offset=5, timeout=25))
    assert await harness.call(api, GetRawUpdates(offset=5, timeout=25)) == []

    assert api.calls == ["getUpdates", "getUpdates"]
    assert harness.budget.acquired == []
    assert harness.slept == []


async def test_sends_take_the_lane_of_their_context(harness: Harness) -> None:
    with bulk():
        await harness.call(FakeApi(), album(3))
    await harness.call(FakeApi(), message())

    assert harness.budget.acquired == [(CHAT, 3, Lane.BULK), (CHAT, 1, Lane.INTERACTIVE)]


async def test_an_answer_type_outlives_a_full_garbage_collection(harness: Harness) -> None:
    # pydantic holds Response[T] weakly; rebuilt after each full collection, it cost ~4 ms
    method = GetMyDescription()
    answer = (200, json.dumps({"ok": True, "result": {"description": "LTV"}}))
    assert (await harness.call(FakeApi(answer), method)).description == "LTV"

    kept = weakref.ref(Response[method.__returning__])  # type: ignore[name-defined]
    gc.collect()

    assert kept() is not None


def test_what_each_call_costs() -> None:
    edit = EditMessageText(chat_id=CHAT, message_id=1, text="x")
    assert cost(album(3)) == (3, True)
    assert cost(message()) == (1, True)
    assert cost(SendDocument(chat_id=CHAT, document="file-1")) == (1, True)
    assert cost(edit) == (1, False), "an edit counts globally, not in its chat"
    assert cost(AnswerCallbackQuery(callback_query_id="q")) == (0, False)
    assert cost(SendChatAction(chat_id=CHAT, action="upload_document")) == (0, False)


async def test_the_token_never_reaches_the_log(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    api = FakeApi(
        TelegramNetworkError(message(), f"ClientConnectorError: cannot connect to {url}"),
        (502, BAD_GATEWAY),
        refusal(429, "Too Many Requests: retry after 3", retry_after=3),
        refusal(403, "Forbidden: bot was blocked by the user"),
    )
    with caplog.at_level(logging.DEBUG), pytest.raises(Unreachable):
        await harness.call(api, message())

    assert len(caplog.records) == 4, "one line per failed attempt"
    assert "ClientConnectorError" in caplog.text
    assert TOKEN.partition(":")[2] not in caplog.text
