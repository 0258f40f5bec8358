"""The real bot process polling the fake Bot API server, for benchmarks."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram

START_TIMEOUT = 60.0


@asynccontextmanager
async def live_bot(folder: Path) -> AsyncIterator[tuple[FakeTelegram, float]]:
    """Start the bot on a database in ``folder``; yield the server and the start-up seconds.

    Start-up is measured from the process start to its first ``getUpdates`` call.
    """
    async with FakeTelegram() as server:
        bot = BotProcess(server.url, folder / "ltv.db", log_path=folder / "bot.log")
        start = time.perf_counter()
        await bot.start()
        try:
            await server.wait_polling(1, timeout=START_TIMEOUT)
            yield server, time.perf_counter() - start
        finally:
            await bot.stop()
