"""The retry session middleware: bounded retries on 429, network and server errors only."""

from __future__ import annotations

import logging
from typing import Any, cast

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, SendMessage
from aiogram.methods.base import Response

from bot.middlewares import RetryMiddleware

TOKEN = "123456:SECRET-token"
METHOD = SendMessage(chat_id=1, text="hi")
OK: Response[Any] = Response(ok=True, result=True)


class FakeRequest:
    """``make_request`` that raises the given errors in turn, then succeeds."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self, bot: Bot, method: Any) -> Response[Any]:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return OK


class Sleeps:
    """Records the delays instead of sleeping."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def flood(seconds: int) -> TelegramRetryAfter:
    return TelegramRetryAfter(METHOD, f"Too Many Requests: retry after {seconds}", seconds)


def network() -> TelegramNetworkError:
    return TelegramNetworkError(METHOD, f"ClientConnectorError: cannot reach /bot{TOKEN}/x")


def server() -> TelegramServerError:
    return TelegramServerError(METHOD, "Internal Server Error")


@pytest.fixture
def bot() -> Bot:
    return Bot(TOKEN)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


async def call(middleware: RetryMiddleware, request: FakeRequest, bot: Bot) -> Response[Any]:
    return await middleware(cast(Any, request), bot, METHOD)


async def test_success_passes_through(bot: Bot, sleeps: Sleeps) -> None:
    request = FakeRequest()
    assert await call(RetryMiddleware(sleep=sleeps), request, bot) is OK
    assert request.calls == 1
    assert sleeps.delays == []


async def test_flood_control_waits_retry_after_then_succeeds(bot: Bot, sleeps: Sleeps) -> None:
    request = FakeRequest(flood(1), flood(3))
    assert await call(RetryMiddleware(sleep=sleeps), request, bot) is OK
    assert request.calls == 3
    assert sleeps.delays == [1, 3]


async def test_flood_control_gives_up_after_the_last_attempt(bot: Bot, sleeps: Sleeps) -> None:
    request = FakeRequest(*(flood(1) for _ in range(10)))
    with pytest.raises(TelegramRetryAfter):
        await call(RetryMiddleware(flood_attempts=4, sleep=sleeps), request, bot)
    assert request.calls == 4
    assert sleeps.delays == [1, 1, 1]


async def test_a_wait_above_the_cap_is_not_slept_through(bot: Bot, sleeps: Sleeps) -> None:
    request = FakeRequest(flood(120))
    with pytest.raises(TelegramRetryAfter):
        await call(RetryMiddleware(max_retry_after=30, sleep=sleeps), request, bot)
    assert request.calls == 1
    assert sleeps.delays == []


@pytest.mark.parametrize("error", [network, server])
async def test_transient_errors_back_off_exponentially(
    bot: Bot, sleeps: Sleeps, error: Any
) -> None:
    request = FakeRequest(error(), error())
    assert await call(RetryMiddleware(sleep=sleeps), request, bot) is OK
    assert request.calls == 3
    assert sleeps.delays == [0.5, 1.0]


async def test_transient_errors_give_up_after_three_attempts(bot: Bot, sleeps: Sleeps) -> None:
    request = FakeRequest(network(), server(), network(), network())
    with pytest.raises(TelegramNetworkError):
        await call(RetryMiddleware(sleep=sleeps), request, bot)
    assert request.calls == 3
    assert sleeps.delays == [0.5, 1.0]


async def test_backoff_is_bounded_by_its_last_step(bot: Bot, sleeps: Sleeps) -> None:
    request = FakeRequest(*(server() for _ in range(5)))
    middleware = RetryMiddleware(network_attempts=6, sleep=sleeps)
    assert await call(middleware, request, bot) is OK
    assert sleeps.delays == [0.5, 1.0, 2.0, 2.0, 2.0]


@pytest.mark.parametrize(
    "error",
    [
        TelegramBadRequest(METHOD, "Bad Request: can't parse entities"),
        TelegramForbiddenError(METHOD, "Forbidden: bot was blocked by the user"),
        ValueError("a bug"),
    ],
)
async def test_other_errors_are_never_retried(bot: Bot, sleeps: Sleeps, error: Exception) -> None:
    request = FakeRequest(error)
    with pytest.raises(type(error)):
        await call(RetryMiddleware(sleep=sleeps), request, bot)
    assert request.calls == 1
    assert sleeps.delays == []


async def test_get_updates_is_left_to_the_polling_loop(bot: Bot, sleeps: Sleeps) -> None:
    request = FakeRequest(network())
    with pytest.raises(TelegramNetworkError):
        await RetryMiddleware(sleep=sleeps)(cast(Any, request), bot, GetUpdates())
    assert request.calls == 1


async def test_retries_are_logged_without_the_token(
    bot: Bot, sleeps: Sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    request = FakeRequest(flood(2), network())
    with caplog.at_level(logging.WARNING, logger="bot.middlewares.retry"):
        await call(RetryMiddleware(sleep=sleeps), request, bot)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert all(r.levelno == logging.WARNING for r in caplog.records)
    assert "SendMessage" in lines[0] and "2" in lines[0]
    assert "TelegramNetworkError" in lines[1]
    assert all("SECRET" not in line for line in lines)


async def test_real_sleeps_are_used_by_default(bot: Bot) -> None:
    request = FakeRequest(server())
    middleware = RetryMiddleware(backoff=(0.01,))
    assert await call(middleware, request, bot) is OK
    assert request.calls == 2


def test_bounds_must_be_sensible() -> None:
    with pytest.raises(ValueError):
        RetryMiddleware(flood_attempts=0)
    with pytest.raises(ValueError):
        RetryMiddleware(backoff=())


async def test_attached_to_a_created_bot() -> None:
    from bot.app import create_bot
    from bot.config import Settings

    settings = Settings(bot_token=TOKEN, telegram_api_url="http://127.0.0.1:1")
    created = create_bot(settings)
    try:
        assert any(isinstance(m, RetryMiddleware) for m in created.session.middleware._middlewares)
    finally:
        await created.session.close()
