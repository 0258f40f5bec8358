"""The outgoing path and the durable intake end to end: crowds, crashes, refusals, faults.

The real bot process against the fake Bot API server. Crowds run under the fake's flood
control (30 messages a second, each file of an album counted), so a 429 the bot did not
avoid shows as ``too_many_requests``. Refusals the tests provoke on purpose (403, a 429
asked for) are checked, then cleared from ``errors``. Waiting for a crowd polls counts
rather than having hundreds of users wait on the server.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.delivery.jobs import CONCURRENCY
from l10n import Texts
from tests.e2e.bot_process import BotProcess, StartBot, bot_behind
from tests.e2e.fake_telegram import BLOCKED, NOT_MODIFIED, FakeTelegram, FakeUser
from tests.e2e.steps import (
    INTRO,
    TOOLKIT_FILES,
    calculate,
    has_kit,
    open_dialog,
    press,
    query,
    until,
)
from tests.e2e.telegram_html import parse_html, strip
from tests.e2e.test_toolkit import OUTRO_BUTTON, receive_toolkit

pytestmark = pytest.mark.slow  # starts bot processes

CROWD = 300
CRASH_CROWD = 150
RATE = {"TELEGRAM_RATE": "25"}
"""The default, under the fake's 30 a second: the bot's own pace keeps it from 429s, with
room for the jitter of a loaded machine between the bot's clock and the server's."""
PRICE_ACCEPTED = "Принято: стоимость подписки — 3\u00a0000\u00a0₽"


def database(folder: Path) -> Path:
    return folder / "ltv.db"


def kit_files(user: FakeUser) -> list[str]:
    return [m.file_name or "" for m in user.messages if m.kind == "document"]


def check_kit(user: FakeUser) -> None:
    """The kit exactly once, in order: the album of the three files, then the closing message."""
    *album, closing = user.messages[-4:]
    assert [m.file_name for m in album] == TOOLKIT_FILES, user.id
    assert len({m.media_group_id for m in album}) == 1, user.id
    assert INTRO in closing.text, user.id
    closing.button(OUTRO_BUTTON)


def take_errors(telegram: FakeTelegram) -> list[tuple[str, str]]:
    """The refusals so far, cleared (the fixtures fail a test on any left)."""
    errors = list(telegram.errors)
    telegram.errors.clear()
    return errors


@dataclass
class Shared:
    """One bot process for the tests that need no settings of their own."""

    telegram: FakeTelegram
    bot: BotProcess
    db: Path


@pytest.fixture(scope="module")
async def _shared(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Shared]:
    folder = tmp_path_factory.mktemp("delivery")
    async with FakeTelegram() as server, bot_behind(server, folder) as bot:
        yield Shared(server, bot, database(folder))


@pytest.fixture
async def shared(_shared: Shared) -> AsyncIterator[Shared]:
    """The module's bot; the test fails if the bot broke a rule the test did not provoke."""
    take_errors(_shared.telegram)
    yield _shared
    _shared.telegram.fail_every(0)
    assert take_errors(_shared.telegram) == []


# ---------------------------------------------------------------- one bot, several tests


async def test_a_person_who_blocked_the_bot_is_tried_once_and_remembered(shared: Shared) -> None:
    telegram = shared.telegram
    user = telegram.user(4001)
    telegram.block(user.id)
    await user.send("LTV")

    def ended() -> bool:
        return query(shared.db, "SELECT status FROM jobs WHERE chat_id = ?", user.id) == [
            ("unreachable",)
        ]

    await until(ended, 20, "the kit's job to end as unreachable")
    refused = [r for r in telegram.chat_requests[user.id] if r.status == 403]
    assert len(refused) == 1, "never retried"
    assert user.messages == []
    [(unreachable_at,)] = query(
        shared.db, "SELECT unreachable_at FROM users WHERE id = ?", user.id
    )
    assert unreachable_at is not None
    assert take_errors(telegram) == [("sendMediaGroup", BLOCKED)]


async def test_a_429_asked_by_telegram_is_waited_out_and_the_reply_arrives(
    shared: Shared,
) -> None:
    telegram = shared.telegram
    help_text = strip(parse_html(Texts.load().msg("help"))).text
    user = telegram.user(4002)
    telegram.flood_next(retry_after=3)
    await user.send("/help")
    reply = await user.wait_message(timeout=20)

    assert reply.text == help_text
    refused, answered = telegram.chat_requests[user.id][-2:]
    assert (refused.method, refused.status) == ("sendMessage", 429)
    assert (answered.method, answered.status) == ("sendMessage", 200)
    assert answered.at - refused.at >= 3, "sent again only after the time Telegram asked"
    assert [m.text for m in user.messages] == [help_text], "once"
    assert take_errors(telegram) == [("sendMessage", "Too Many Requests: retry after 3")]


async def test_with_every_third_request_failing_502_nothing_is_lost(shared: Shared) -> None:
    telegram = shared.telegram
    faults = telegram.injected_faults
    telegram.fail_every(3)
    user = telegram.user(4003)
    _, summary = await calculate(user)
    assert "LTV по прибыли" in summary.text
    await user.send("LTV")
    await receive_toolkit(user)
    telegram.fail_every(0)

    assert telegram.injected_faults - faults >= 5
    assert telegram.unanswered_callbacks() == []
    failed = strip(parse_html(Texts.load().msg("bot-error"))).text
    assert failed not in [m.text for m in user.messages]


async def test_an_unreadable_update_is_skipped_once_and_the_others_answered(
    shared: Shared,
) -> None:
    telegram = shared.telegram
    help_text = strip(parse_html(Texts.load().msg("help"))).text
    first, second = telegram.user(4004), telegram.user(4005)
    await first.send("/help")
    poison = await telegram.enqueue_raw(
        {
            "message": {
                "message_id": "not a number",
                "date": int(time.time()),
                "chat": {"id": first.id, "type": "private", "first_name": "Тест"},
                "from": {"id": first.id, "is_bot": False, "first_name": "Тест"},
                "text": "/help",
            }
        }
    )
    await second.send("/help")
    await first.send("/help")

    assert [m.text for m in await first.wait_messages(2)] == [help_text] * 2
    assert (await second.wait_message()).text == help_text
    log = shared.bot.log_text()
    assert log.count(f"update {poison['update_id']} ") == 1, log
    assert "Traceback" not in log


# ---------------------------------------------------------------- a bot of their own


@pytest.mark.paced
async def test_a_crowd_gets_every_kit_without_a_429_and_a_dialog_step_goes_first(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    telegram.enforce_rate_limit = True
    telegram.global_rate = 30
    await start_bot(RATE)
    person = telegram.user(5000)
    question = await press(person, await open_dialog(person), "Подписка")
    assert "Шаг 2" in question.text

    crowd = [telegram.user(10_000 + n) for n in range(CROWD)]
    await asyncio.gather(*(user.send("LTV") for user in crowd))

    def queued() -> bool:
        return query(database(tmp_path), "SELECT count(*) FROM jobs") == [(CROWD,)]

    await until(queued, 30, f"{CROWD} kits to be queued")
    served_before = sum(has_kit(user) for user in crowd)
    await person.send("3 000")
    reply = await person.wait_message(timeout=30)
    assert PRICE_ACCEPTED in reply.text and "Шаг 3" in reply.text
    answered_at = telegram.sent_at[person.id][-1]

    await until(lambda: all(has_kit(u) for u in crowd), 120, "every kit of the crowd")
    for user in crowd:
        assert len(user.messages) == 4, user.id
        check_kit(user)
    assert telegram.too_many_requests == 0
    # The reply went before the kits that were queued ahead of it: most of the crowd
    # was still waiting for its closing message when it was sent.
    after_reply = sum(telegram.sent_at[user.id][-1] > answered_at for user in crowd)
    assert after_reply > (CROWD - served_before) // 2, (served_before, after_reply)


@pytest.mark.paced
async def test_a_crash_in_the_middle_of_a_crowd_loses_no_kit(
    telegram: FakeTelegram, start_bot: StartBot
) -> None:
    telegram.enforce_rate_limit = True
    telegram.global_rate = 30
    bot = await start_bot(RATE)
    crowd = [telegram.user(20_000 + n) for n in range(CRASH_CROWD)]
    await asyncio.gather(*(user.send("LTV") for user in crowd))

    def a_third() -> bool:
        return sum(has_kit(user) for user in crowd) >= CRASH_CROWD // 3

    await until(a_third, 60, "a third of the crowd to get the kit")
    await bot.kill()
    served_before = sum(has_kit(user) for user in crowd)
    assert served_before < CRASH_CROWD, "the crash came in the middle"
    await start_bot(RATE)

    await until(lambda: all(has_kit(u) for u in crowd), 90, "every kit after the restart")
    duplicated = 0
    for user in crowd:
        files = Counter(kit_files(user))
        assert set(files) == set(TOOLKIT_FILES), user.id
        assert max(files.values()) <= 2, user.id
        duplicated += max(files.values()) == 2 or len(user.messages) > 4
        assert INTRO in user.messages[-1].text, user.id
    assert duplicated <= CONCURRENCY, "only kits cut off by the crash are sent twice"
    assert telegram.too_many_requests == 0


async def test_a_stop_in_the_middle_of_a_step_answers_it_after_the_restart(
    telegram: FakeTelegram, start_bot: StartBot
) -> None:
    settings = {"SHUTDOWN_GRACE": "0.5"}
    bot = await start_bot(settings)
    user = telegram.user(6001)
    question = await press(user, await open_dialog(user), "Подписка")
    assert "Шаг 2" in question.text

    telegram.flood_next(retry_after=5)  # the reply waits 5 s; the stop gives it 0.5 s
    await user.send("3 000")
    await until(lambda: telegram.too_many_requests == 1, 10, "the reply's 429")
    assert await bot.stop() == 0
    assert user.last is question, "the reply did not go before the stop"
    assert "stored for the next start" in bot.log_text()

    await start_bot(settings)
    reply = await user.wait_message(timeout=20)
    await asyncio.sleep(1.0)  # anything else it would send
    errors = take_errors(telegram)
    assert PRICE_ACCEPTED in reply.text, reply.text
    assert "Шаг 3" in reply.text
    assert user.last is reply, "answered once"
    # Removing the buttons of a question already stripped is refused as «not modified»,
    # which the bot takes as done.
    errors = [error for error in errors if error[1] != NOT_MODIFIED]
    assert errors == [("sendMessage", "Too Many Requests: retry after 5")]
