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

from bench.live_bot import live_bot
from bench.timing import report, summarize
from tests.e2e.fake_telegram import FakeUser, SentMessage
from tests.e2e.steps import open_dialog, press, say, subscription_review

CHART_RUNS = 20
BUSY_USERS = 8


async def _chart_latency(user: FakeUser, review: SentMessage) -> float:
    start = time.perf_counter()
    await user.press(review, review.button("Рассчитать"))
    chart = await user.wait_message(timeout=30)
    elapsed = time.perf_counter() - start
    assert chart.kind == "photo"
    await user.wait_message()  # the summary
    return elapsed


async def _measure(folder: Path) -> None:
    async with live_bot(folder) as (server, startup):
        await asyncio.sleep(3)  # let the render workers warm up, as they do after start
        user = server.user(1)
        samples = [
            await _chart_latency(user, await subscription_review(user, str(3000 + run)))
            for run in range(CHART_RUNS)
        ]
        busy = [server.user(100 + n) for n in range(BUSY_USERS)]
        reviews = [await subscription_review(u, str(4000 + n)) for n, u in enumerate(busy)]
        probe = server.user(2)
        idle_start = time.perf_counter()
        await press(probe, await open_dialog(probe), "Подписка")
        idle_step = (time.perf_counter() - idle_start) / 2
        charts = [
            asyncio.create_task(_chart_latency(u, r)) for u, r in zip(busy, reviews, strict=True)
        ]
        step_start = time.perf_counter()
        await say(probe, "3000")
        step = time.perf_counter() - step_start
        await asyncio.gather(*charts)
    print(f"{'bot start-up to first getUpdates':<48} {startup * 1e3:9.0f} ms")
    report("last answer → chart arrives", *summarize(samples))
    print(f"{'a dialog step, nothing else running':<48} {idle_step * 1e3:9.1f} ms")
    print(f"{f'a dialog step while {BUSY_USERS} charts render':<48} {step * 1e3:9.1f} ms")


def run() -> None:
    """Start the bot against the fake server and print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_measure(Path(folder)))
