"""The error handler: a failing update is logged once and the user hears about it."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime

import asyncpg
import pytest
import redis.exceptions
from aiogram import Bot, Dispatcher, Router
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import CallbackQuery, Chat, Message, Update, User
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

from bot.errors import handle_error
from l10n import Texts
from tests.bot.harness import RecordingSession

USER = User(id=42, is_bot=False, first_name="Аня")
CHAT = Chat(id=42, type="private")
NOW = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.fixture
def session() -> RecordingSession:
    return RecordingSession()


def failing_dispatcher(failure: Exception) -> Dispatcher:
    """Handlers that fail; taps answered first and the error handler, as ``create_dispatcher``."""
    dispatcher = Dispatcher(texts=Texts.load())
    dispatcher.callback_query.middleware(CallbackAnswerMiddleware(pre=True))
    router = Router()

    @router.message()
    async def broken_message(message: Message) -> None:
        raise failure

    @router.callback_query()
    async def broken_button(query: CallbackQuery) -> None:
        raise KeyError("a bug behind a button")

    dispatcher.errors.register(handle_error)
    dispatcher.include_router(router)
    return dispatcher


@pytest.fixture
def dispatcher() -> Dispatcher:
    return failing_dispatcher(ZeroDivisionError("a bug in a handler"))


def message_update() -> Update:
    message = Message(message_id=7, date=NOW, chat=CHAT, from_user=USER, text="5000")
    return Update(update_id=1, message=message)


def callback_update() -> Update:
    message = Message(message_id=8, date=NOW, chat=CHAT, text="Шаг 1")
    query = CallbackQuery(
        id="q1", from_user=USER, chat_instance="c", message=message, data="menu:x"
    )
    return Update(update_id=2, callback_query=query)


def texts_sent(session: RecordingSession) -> list[tuple[int | str, str]]:
    return [(c.chat_id, c.text) for c in session.requests if isinstance(c, SendMessage)]


async def test_a_failed_message_is_logged_once_and_the_user_told(
    dispatcher: Dispatcher, session: RecordingSession, caplog: pytest.LogCaptureFixture
) -> None:
    bot = Bot("123456:TEST-token", session=session)
    with caplog.at_level(logging.INFO):
        await dispatcher.feed_update(bot, message_update())
    assert texts_sent(session) == [(42, Texts.load().msg("bot-error"))]
    failures = [r for r in caplog.records if r.exc_info is not None]
    assert len(failures) == 1
    assert failures[0].levelno == logging.ERROR
    assert failures[0].exc_info is not None and failures[0].exc_info[0] is ZeroDivisionError


async def test_a_failed_button_is_answered_and_the_user_told(
    dispatcher: Dispatcher, session: RecordingSession, caplog: pytest.LogCaptureFixture
) -> None:
    bot = Bot("123456:TEST-token", session=session)
    with caplog.at_level(logging.INFO):
        await dispatcher.feed_update(bot, callback_update())
    answers = [c for c in session.requests if isinstance(c, AnswerCallbackQuery)]
    assert [a.callback_query_id for a in answers] == ["q1"]
    assert texts_sent(session) == [(42, Texts.load().msg("bot-error"))]
    assert len([r for r in caplog.records if r.exc_info is not None]) == 1


async def test_failures_of_the_reply_are_ignored(
    dispatcher: Dispatcher, session: RecordingSession, caplog: pytest.LogCaptureFixture
) -> None:
    session.fail(AnswerCallbackQuery, message="Bad Request: query is too old")
    session.fail(SendMessage)
    bot = Bot("123456:TEST-token", session=session)
    with caplog.at_level(logging.INFO):
        await dispatcher.feed_update(bot, callback_update())  # does not raise
    assert len(session.requests) == 2
    assert len([r for r in caplog.records if r.exc_info is not None]) == 1


async def test_a_failed_edited_message_is_answered_too(
    dispatcher: Dispatcher, session: RecordingSession
) -> None:
    router = Router()

    @router.edited_message()
    async def broken_edit(message: Message) -> None:
        raise RuntimeError

    dispatcher.include_router(router)
    bot = Bot("123456:TEST-token", session=session)
    edited = Message(message_id=7, date=NOW, chat=CHAT, from_user=USER, text="x")
    await dispatcher.feed_update(bot, Update(update_id=3, edited_message=edited))
    assert texts_sent(session) == [(42, Texts.load().msg("bot-error"))]


@pytest.mark.parametrize(
    "failure",
    [
        sqlite3.OperationalError("database is locked"),
        asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed"),
        redis.exceptions.ConnectionError("Error 111 connecting to redis:6379"),
    ],
    ids=["sqlite", "postgres", "postgres-connection", "redis"],
)
async def test_a_storage_failure_says_nothing_was_saved(
    session: RecordingSession, failure: Exception
) -> None:
    """Whichever store failed, the person reads that nothing was saved and to try again."""
    bot = Bot("123456:TEST-token", session=session)
    await failing_dispatcher(failure).feed_update(bot, message_update())
    assert texts_sent(session) == [(42, Texts.load().msg("bot-storage-failed"))]


def test_the_app_registers_the_error_handler() -> None:
    from bot.app import create_dispatcher

    dispatcher = create_dispatcher(MemoryStorage(), Texts.load())
    assert any(h.callback is handle_error for h in dispatcher.errors.handlers)
