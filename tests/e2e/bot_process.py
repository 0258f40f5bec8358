"""The real bot, run as ``python -m bot`` in a subprocess against the fake Bot API server."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Protocol

from tests.e2e.fake_telegram import BOT_TOKEN

REPO_ROOT = Path(__file__).resolve().parents[2]
STOP_TIMEOUT = 10.0


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
