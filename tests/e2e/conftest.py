"""Fixtures for end-to-end tests: the fake Telegram server and the real bot process."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path

import pytest

from tests.e2e.bot_process import (
    BotProcess,
    StartBot,
    assert_clean_log,
    bot_behind,
    bot_env,
    wait_until_polling,
)
from tests.e2e.fake_telegram import FakeTelegram


@pytest.fixture(autouse=True)
def _no_collector_pauses() -> Iterator[None]:
    """The collector runs between tests, not during them.

    The fake server runs in this process and counts a second's messages on its own clock.
    A full collection of this process's heap took 110–170 ms on a small VM: requests
    waited meanwhile and were then counted at once, a burst the bot never sent (a paced
    crowd got a 429 about once in a dozen runs). Real Telegram's clock does not stop.
    """
    gc.disable()
    yield
    gc.enable()
    gc.collect()


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    """A started fake Bot API server; the test fails if any request broke Telegram's rules.

    A test that provokes refusals on purpose checks ``telegram.errors`` and clears it.
    """
    async with FakeTelegram() as server:
        yield server
    assert server.errors == [], f"Telegram would have refused: {server.errors}"


@pytest.fixture
async def start_bot(telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[StartBot]:
    """Start bot processes against ``telegram`` (all on one database in ``tmp_path``).

    Each start returns once a new getUpdates call arrives, so stop (or kill) the previous
    process first: two pollers end each other's requests with 409 Conflict, an error here.
    After the test every process is stopped, and its log must hold no traceback and not the
    token's secret.
    """
    bots: list[BotProcess] = []

    async def start(extra_env: Mapping[str, str] | None = None) -> BotProcess:
        log_path = tmp_path / f"bot-{len(bots) + 1}.log"
        env = bot_env(telegram, extra_env)
        bot = BotProcess(telegram.url, tmp_path / "ltv.db", env, log_path=log_path)
        bots.append(bot)
        polls = telegram.get_updates_calls
        await bot.start()
        await wait_until_polling(telegram, bot, polls + 1)
        return bot

    yield start
    for bot in bots:
        await bot.stop()
    for bot in bots:
        assert_clean_log(bot, telegram)


@pytest.fixture
async def bot_process(start_bot: StartBot) -> BotProcess:
    """The bot, started and polling the fake server."""
    return await start_bot()


@pytest.fixture(scope="module")
async def _module_bot(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[FakeTelegram]:
    """One fake server and one bot process shared by the tests of a module."""
    folder = tmp_path_factory.mktemp("shared-bot")
    async with FakeTelegram() as server, bot_behind(server, folder):
        yield server


@pytest.fixture
async def live(_module_bot: FakeTelegram) -> AsyncIterator[FakeTelegram]:
    """The module's running bot behind its fake server; use a user id of your own per test.

    Starting a bot process costs seconds, so tests that do not restart the bot share one.
    The test fails if the bot broke any of Telegram's rules while it ran.
    """
    _module_bot.errors.clear()
    yield _module_bot
    errors = list(_module_bot.errors)
    _module_bot.errors.clear()
    assert errors == [], f"Telegram would have refused: {errors}"
