"""Benchmark: the real bot process against the fake Bot API server.

- start-up: from process start to its first ``getUpdates`` call;
- chart: from pressing «Рассчитать» to the chart's arrival (median and p99);
- a dialog step of one user while eight others wait for their charts.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.timing import report, summarize
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram, FakeUser, SentMessage

CHART_RUNS = 20
BUSY_USERS = 8


async def _press(user: FakeUser, message: SentMessage, label: str) -> SentMessage:
    await user.press(message, message.button(label))
    return await user.wait_message()


async def _say(user: FakeUser, text: str) -> SentMessage:
    await user.send(text)
    return await user.wait_message()


async def _review(user: FakeUser, price: int) -> SentMessage:
    """Answer every question of a subscription; return the review screen."""
    question = await _say(user, "/calc")
    question = await _press(user, question, "Подписка")
    question = await _say(user, str(price))
    question = await _say(user, "5")
    question = await _say(user, "80")
    return await _say(user, "5000")


async def _chart_latency(user: FakeUser, review: SentMessage) -> float:
    start = time.perf_counter()
    await user.press(review, review.button("Рассчитать"))
    chart = await user.wait_message(timeout=30)
    elapsed = time.perf_counter() - start
    assert chart.kind == "photo"
    await user.wait_message()  # the summary
    return elapsed


async def _measure(folder: Path) -> None:
    async with FakeTelegram() as server:
        bot = BotProcess(server.url, folder / "ltv.db", log_path=folder / "bot.log")
        start = time.perf_counter()
        await bot.start()
        await server.wait_polling(1, timeout=60)
        startup = time.perf_counter() - start
        try:
            await asyncio.sleep(3)  # let the render workers warm up, as they do after start
            user = server.user(1)
            samples = [
                await _chart_latency(user, await _review(user, 3000 + run))
                for run in range(CHART_RUNS)
            ]
            chart_median, chart_p99 = summarize(samples)

            busy = [server.user(100 + n) for n in range(BUSY_USERS)]
            reviews = [await _review(u, 4000 + n) for n, u in enumerate(busy)]
            probe = server.user(2)
            question = await _say(probe, "/calc")
            question = await _press(probe, question, "Подписка")
            charts = [
                asyncio.create_task(_chart_latency(u, r))
                for u, r in zip(busy, reviews, strict=True)
            ]
            step_start = time.perf_counter()
            await _say(probe, "3000")
            step = time.perf_counter() - step_start
            await asyncio.gather(*charts)
        finally:
            await bot.stop()
    print(f"{'bot start-up to first getUpdates':<48} {startup * 1e3:9.0f} ms")
    report("last answer → chart arrives", chart_median, chart_p99)
    print(f"{f'a dialog step while {BUSY_USERS} charts render':<48} {step * 1e3:9.1f} ms")


def run() -> None:
    """Start the bot against the fake server and print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_measure(Path(folder)))
