"""The durable intake: updates stored before they are handled, per person in order, none lost.

A real Dispatcher whose one handler records what it handles (and can be held at a gate)
is fed by :class:`Intake` over the SQLite inbox; a "restart" is a new connection, a new
dispatcher and a new intake on the same database file.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.types import Message, Update

from bot.delivery import Intake
from bot.storage.db import open_database
from bot.storage.delivery import SQLiteInbox
from tests.bot.waiting import until

TOKEN = "123456:TEST-token"
ALICE, BOB = 1001, 1002


def text_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    """A private text message as Telegram sends it."""
    person = {"id": user_id, "is_bot": False, "first_name": "Тест"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": user_id, "type": "private", "first_name": "Тест"},
            "from": person,
            "text": text,
        },
    }


def poison_update(update_id: int, user_id: int) -> dict[str, Any]:
    """An update aiogram cannot read (a message_id that is not a number)."""
    update = text_update(update_id, user_id, "?")
    update["message"]["message_id"] = "not a number"
    return update


class Handled:
    """What the dispatcher handled, in order; texts listed in ``gates`` wait for their event."""

    def __init__(self, inbox: SQLiteInbox) -> None:
        self.inbox = inbox
        self.texts: list[str] = []
        self.started: list[str] = []
        self.stored_before: list[bool] = []
        self.gates: dict[str, asyncio.Event] = {}

    def dispatcher(self) -> Dispatcher:
        router = Router()

        @router.message()
        async def record(message: Message, event_update: Update) -> None:
            text = message.text or ""
            self.started.append(text)
            pending = {update_id for update_id, _ in await self.inbox.pending()}
            self.stored_before.append(event_update.update_id in pending)
            if text in self.gates:
                await self.gates[text].wait()
            self.texts.append(text)

        dispatcher = Dispatcher()
        dispatcher.include_router(router)
        return dispatcher


class Run:
    """One run of the bot's intake on the database at ``path``."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.inbox = SQLiteInbox(conn)
        self.handled = Handled(self.inbox)
        self.bot = Bot(TOKEN)
        self.intake = Intake(self.handled.dispatcher(), self.bot, self.inbox)

    async def pending_ids(self) -> list[int]:
        return [update_id for update_id, _ in await self.inbox.pending()]


StartRun = Callable[[], Awaitable[Run]]


@pytest.fixture
async def runs(tmp_path: Path) -> AsyncIterator[StartRun]:
    """Start runs on one database file; each is closed after the test."""
    conns: list[aiosqlite.Connection] = []

    async def start() -> Run:
        conns.append(await open_database(tmp_path / "ltv.db"))
        return Run(conns[-1])

    yield start
    for conn in conns:
        await conn.close()


async def test_updates_are_stored_before_they_are_handled_and_done_after(
    runs: StartRun,
) -> None:
    run = await runs()
    await run.intake.accept([text_update(1, ALICE, "/start"), text_update(2, BOB, "/calc")])
    await until(lambda: len(run.handled.texts) == 2)
    await run.intake.drain(1.0)

    assert sorted(run.handled.texts) == ["/calc", "/start"]
    assert run.handled.stored_before == [True, True]
    assert await run.pending_ids() == []


async def test_one_person_in_order_while_another_is_not_held_up(
    runs: StartRun,
) -> None:
    run = await runs()
    slow = run.handled.gates["slow"] = asyncio.Event()
    await run.intake.accept(
        [
            text_update(1, ALICE, "slow"),
            text_update(2, ALICE, "second"),
            text_update(3, BOB, "bob"),
            text_update(4, ALICE, "third"),
        ]
    )
    await until(lambda: "bob" in run.handled.texts)
    assert run.handled.texts == ["bob"], "Alice's next ones wait for her first one"
    assert "second" not in run.handled.started

    slow.set()
    await until(lambda: len(run.handled.texts) == 4)
    assert run.handled.texts == ["bob", "slow", "second", "third"]
    await run.intake.drain(1.0)


async def test_an_unreadable_update_is_logged_once_and_skipped(
    runs: StartRun, caplog: pytest.LogCaptureFixture
) -> None:
    run = await runs()
    with caplog.at_level(logging.INFO):
        await run.intake.accept(
            [
                text_update(1, ALICE, "before"),
                poison_update(2, ALICE),
                text_update(3, ALICE, "after"),
                text_update(4, BOB, "bob"),
            ]
        )
        await until(lambda: len(run.handled.texts) == 3)
        await run.intake.drain(1.0)

    assert run.handled.texts.index("before") < run.handled.texts.index("after")
    assert "bob" in run.handled.texts
    mentions = [r for r in caplog.records if "update 2" in r.getMessage()]
    assert len(mentions) == 1
    assert mentions[0].levelno == logging.ERROR
    assert "skipped" in mentions[0].getMessage()
    assert mentions[0].exc_info is None, "one line, no traceback"
    assert await run.pending_ids() == [], "the poison update will not come back"


async def test_updates_without_an_update_id_are_dropped_and_the_rest_handled(
    runs: StartRun, caplog: pytest.LogCaptureFixture
) -> None:
    run = await runs()
    with caplog.at_level(logging.ERROR):
        await run.intake.accept([{"message": {}}, text_update(1, ALICE, "hello")])
        await until(lambda: run.handled.texts == ["hello"])
    await run.intake.drain(1.0)
    assert "skipped 1 updates without an update_id" in caplog.text


async def test_what_a_crashed_run_stored_is_handled_at_the_next_start(
    runs: StartRun,
) -> None:
    crashed = await runs()
    stored = [text_update(n, ALICE, f"alice-{n}") for n in (1, 2)] + [text_update(3, BOB, "b")]
    await crashed.inbox.store([(u["update_id"], json.dumps(u)) for u in stored])
    await crashed.inbox.done([3])  # Bob's was handled before the crash
    await crashed.conn.close()

    restarted = await runs()
    assert await restarted.intake.resume() == 2
    await restarted.intake.accept(stored)  # never confirmed, so Telegram sends them again
    await until(lambda: len(restarted.handled.texts) == 2)
    await restarted.intake.drain(1.0)
    assert restarted.handled.texts == ["alice-1", "alice-2"]
    assert await restarted.pending_ids() == []


async def test_an_update_telegram_delivers_again_is_handled_once(
    runs: StartRun,
) -> None:
    first = await runs()
    update = text_update(1, ALICE, "/start")
    await first.intake.accept([update])
    await first.intake.accept([update])  # the confirmation was lost: the same batch again
    await until(lambda: first.handled.texts == ["/start"])
    await first.intake.drain(1.0)
    await first.intake.accept([update])
    await first.conn.close()

    second = await runs()  # a restart before Telegram got the next offset
    await second.intake.resume()
    await second.intake.accept([update, text_update(2, ALICE, "next")])
    await until(lambda: second.handled.texts == ["next"])
    await second.intake.drain(1.0)
    assert first.handled.texts == ["/start"]
    assert second.handled.texts == ["next"]


async def test_a_stop_leaves_what_it_could_not_finish_for_the_next_start(
    runs: StartRun,
) -> None:
    stopping = await runs()
    stopping.handled.gates["stuck"] = asyncio.Event()  # never set
    await stopping.intake.accept(
        [
            text_update(1, ALICE, "stuck"),
            text_update(2, ALICE, "behind"),
            text_update(3, BOB, "quick"),
        ]
    )
    await until(
        lambda: stopping.handled.texts == ["quick"] and "stuck" in stopping.handled.started
    )
    assert stopping.intake.in_flight() == 2
    await stopping.intake.drain(0.05)

    assert await stopping.pending_ids() == [1, 2]
    assert stopping.handled.texts == ["quick"]
    await stopping.conn.close()

    restarted = await runs()
    assert await restarted.intake.resume() == 2
    await until(lambda: len(restarted.handled.texts) == 2)
    await restarted.intake.drain(1.0)
    assert restarted.handled.texts == ["stuck", "behind"]
    assert await restarted.pending_ids() == []


async def test_done_marks_that_could_not_be_written_are_written_by_the_next_flush(
    runs: StartRun,
) -> None:
    run = await runs()
    failures = [OSError("disk I/O error")]
    mark_done = run.inbox.done

    async def failing_once(update_ids: Sequence[int]) -> None:
        if failures:
            raise failures.pop()
        await mark_done(update_ids)

    run.inbox.done = failing_once  # type: ignore[method-assign]
    await run.intake.accept([text_update(1, ALICE, "/start")])
    await until(lambda: run.handled.texts == ["/start"] and not failures)
    assert await run.pending_ids() == [1]  # the failed write: not done yet, nor forgotten
    await run.intake.accept([text_update(2, BOB, "/calc")])
    await until(lambda: len(run.handled.texts) == 2)
    await run.intake.drain(1.0)
    assert await run.pending_ids() == []


async def test_a_stop_during_a_flush_keeps_its_done_marks_for_the_last_one(
    runs: StartRun,
) -> None:
    run = await runs()
    writing = asyncio.Event()
    mark_done = run.inbox.done

    async def slow(update_ids: Sequence[int]) -> None:
        writing.set()
        await asyncio.sleep(10)  # the stop comes meanwhile and cancels this flush
        await mark_done(update_ids)

    run.inbox.done = slow  # type: ignore[method-assign]
    await run.intake.accept([text_update(1, ALICE, "/start")])
    await writing.wait()
    run.inbox.done = mark_done  # type: ignore[method-assign]
    await run.intake.drain(1.0)
    assert await run.pending_ids() == []
