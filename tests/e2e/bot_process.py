"""The real bot, run as ``python -m bot`` in a subprocess against the fake Bot API server."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import tempfile
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import IO, Protocol

from tests.e2e.fake_telegram import BOT_TOKEN, FakeTelegram

REPO_ROOT = Path(__file__).resolve().parents[2]
STOP_TIMEOUT = 10.0
START_TIMEOUT = 60.0  # a loaded CI machine may take long to start a process
SCRIPTED_PACE = {"TELEGRAM_CHAT_RATE": "30"}
"""A scripted person taps many times a second, which no person does: the bot's own pace in
one chat (a burst of 4, then one message a second — right for Telegram) would stretch a
dialog test from seconds to a minute. So a bot behind a fake server *without* flood control
may answer one chat at 30 a second; with flood control on, the bot keeps its real pace and
the fake refuses (the test fails on) anything faster than Telegram allows."""


class BotProcess:
    """One bot process: start it, stop it gracefully (SIGTERM) or kill it like a crash.

    stdout and stderr go to ``log_path`` (a temporary file unless given); a process can be
    started again after it stopped, appending to the same log.
    """

    def __init__(
        self,
        api_url: str,
        db_path: Path,
        extra_env: Mapping[str, str] | None = None,
        *,
        token: str = BOT_TOKEN,
        log_path: Path | None = None,
    ) -> None:
        self.env = {
            **os.environ,
            "BOT_TOKEN": token,
            "TELEGRAM_API_URL": api_url,
            "DATABASE_URL": f"sqlite:///{db_path.resolve()}",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }
        if log_path is None:
            handle, name = tempfile.mkstemp(prefix="ltv-bot-", suffix=".log")
            os.close(handle)
            log_path = Path(name)
        self.log_path = log_path
        self._process: asyncio.subprocess.Process | None = None
        self._log: IO[bytes] | None = None

    @property
    def running(self) -> bool:
        """Whether the process was started and has not exited yet."""
        return self._process is not None and self._process.returncode is None

    @property
    def returncode(self) -> int | None:
        """The exit code, once the process has exited (negative: killed by that signal)."""
        return None if self._process is None else self._process.returncode

    @property
    def pid(self) -> int | None:
        """The process id, once started."""
        return None if self._process is None else self._process.pid

    async def start(self) -> None:
        """Start ``python -m bot`` from the repository root."""
        if self.running:
            raise RuntimeError("the bot is already running")
        self._log = self.log_path.open("ab")
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=REPO_ROOT,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self._log,
            stderr=asyncio.subprocess.STDOUT,
        )

    async def stop(self) -> int | None:
        """Ask the bot to stop (SIGTERM), kill it after 10 s; return its exit code."""
        return await self._end(signal.SIGTERM)

    async def kill(self) -> int | None:
        """Kill the bot at once (SIGKILL), as a crash would; return its exit code."""
        return await self._end(signal.SIGKILL)

    def log_text(self) -> str:
        """Everything the bot has printed so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def _end(self, how: signal.Signals) -> int | None:
        process = self._process
        if process is None:
            return None
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):  # it may have just exited
                process.send_signal(how)
            try:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
            except TimeoutError:
                process.kill()
                await process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None
        return process.returncode


class StartBot(Protocol):
    """The ``start_bot`` fixture: start one more bot process; it is stopped after the test."""

    async def __call__(self, extra_env: Mapping[str, str] | None = None) -> BotProcess: ...


def bot_env(telegram: FakeTelegram, extra_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings a test's bot process starts with (see :data:`SCRIPTED_PACE`)."""
    pace = {} if telegram.enforce_rate_limit else SCRIPTED_PACE
    return {**pace, **(extra_env or {})}


async def wait_until_polling(telegram: FakeTelegram, bot: BotProcess, polls: int) -> None:
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


def assert_clean_log(bot: BotProcess, telegram: FakeTelegram) -> None:
    """The bot's log holds no traceback and not the token's secret."""
    log = bot.log_text()
    assert "Traceback" not in log, f"{bot.log_path}:\n{log}"
    assert telegram.token.partition(":")[2] not in log, f"the bot logged its token: {bot.log_path}"


@contextlib.asynccontextmanager
async def bot_behind(telegram: FakeTelegram, folder: Path) -> AsyncIterator[BotProcess]:
    """One bot process polling ``telegram``, on a database and a log in ``folder``.

    It is stopped when the block ends; if the block went well, its log is then checked
    (:func:`assert_clean_log`).
    """
    env = bot_env(telegram)
    bot = BotProcess(telegram.url, folder / "ltv.db", env, log_path=folder / "bot.log")
    await bot.start()
    try:
        await wait_until_polling(telegram, bot, 1)
        yield bot
    finally:
        await bot.stop()
    assert_clean_log(bot, telegram)
