"""Fixtures for end-to-end tests: the fake Telegram server and the real bot process."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path

import pytest

from tests.e2e.bot_process import BotProcess, StartBot
from tests.e2e.fake_telegram import FakeTelegram

START_TIMEOUT = 60.0  # a loaded CI machine may take long to start a process
SCRIPTED_PACE = {"TELEGRAM_CHAT_RATE": "30"}
"""A scripted person taps many times a second, which no person does: the bot's own pace in
one chat (a burst of 4, then one message a second — right for Telegram) would stretch a
dialog test from seconds to a minute. So a bot behind a fake server *without* flood control
may answer one chat at 30 a second; with flood control on, the bot keeps its real pace and
the fake refuses (the test fails on) anything faster than Telegram allows."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests under flood control (``paced``) run one after another on one xdist worker.

    Their verdict depends on timing (the fake server counts a second's messages on its own
    clock), and two paced crowds at once would make one another's pace. With
    ``--dist loadgroup`` the other workers meanwhile run the rest.
    """
    for item in items:
        if item.get_closest_marker("paced"):
            item.add_marker(pytest.mark.xdist_group("paced"))


def bot_env(telegram: FakeTelegram, extra_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings a test's bot process starts with (see :data:`SCRIPTED_PACE`)."""
    pace = {} if telegram.enforce_rate_limit else SCRIPTED_PACE
    return {**pace, **(extra_env or {})}


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
        await _wait_until_polling(telegram, bot, polls + 1)
        return bot

    yield start
    for bot in bots:
        await bot.stop()
    secret = telegram.token.partition(":")[2]
    for bot in bots:
        log = bot.log_text()
        assert "Traceback" not in log, f"{bot.log_path}:\n{log}"
        assert secret not in log, f"the bot logged its token: {bot.log_path}"


@pytest.fixture
async def bot_process(start_bot: StartBot) -> BotProcess:
    """The bot, started and polling the fake server."""
    return await start_bot()


@pytest.fixture(scope="module")
async def _module_bot(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[FakeTelegram]:
    """One fake server and one bot process shared by the tests of a module."""
    folder = tmp_path_factory.mktemp("shared-bot")
    async with FakeTelegram() as server:
        env = bot_env(server)
        bot = BotProcess(server.url, folder / "ltv.db", env, log_path=folder / "bot.log")
        await bot.start()
        try:
            await _wait_until_polling(server, bot, 1)
            yield server
        finally:
            await bot.stop()
    log = bot.log_text()
    assert "Traceback" not in log, log
    assert server.token.partition(":")[2] not in log, "the bot logged its token"


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


async def _wait_until_polling(telegram: FakeTelegram, bot: BotProcess, polls: int) -> None:
    """Wait for the ``polls``-th getUpdates call; fail at once if the process exits first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + START_TIMEOUT
    while True:
        try:
            await telegram.wait_polling(polls, timeout=0.2)
            return
        except TimeoutError:
            if not bot.running or loop.time() > deadline:
                raise AssertionError(
                    f"the bot is not polling (exit code {bot.returncode}); its log:\n"
                    + bot.log_text()
                ) from None
