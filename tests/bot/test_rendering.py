"""The render workers: a worker that dies is replaced, and the render still succeeds."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from bot.rendering import Renderer

pytestmark = pytest.mark.slow  # starts worker processes


@pytest.fixture
def renderer() -> Iterator[Renderer]:
    renderer = Renderer(workers=1)
    yield renderer
    renderer.close()


async def test_a_render_after_a_worker_was_killed_succeeds(renderer: Renderer) -> None:
    worker = await renderer._run(os.getpid)
    os.kill(worker, signal.SIGKILL)

    assert (await renderer.funnel_xlsx()).startswith(b"PK")
    assert await renderer._run(os.getpid) != worker


async def test_jobs_running_when_the_worker_dies_are_retried(renderer: Renderer) -> None:
    worker = await renderer._run(os.getpid)
    job = asyncio.ensure_future(renderer._run(pow, 2, 10))
    os.kill(worker, signal.SIGKILL)
    others = [renderer._run(pow, 3, n) for n in range(3)]
    assert await job == 1024
    assert await asyncio.gather(*others) == [1, 3, 9]


async def test_a_job_that_kills_every_worker_fails_after_one_retry(renderer: Renderer) -> None:
    from concurrent.futures.process import BrokenProcessPool

    with pytest.raises(BrokenProcessPool):
        await renderer._run(os._exit, 1)
    assert await renderer._run(pow, 2, 3) == 8  # and the renderer still works afterwards


async def test_charts_are_prepared_once_in_the_background(renderer: Renderer) -> None:
    renderer.prepare_charts()
    preparing = renderer._preparing
    renderer.prepare_charts()
    assert preparing is not None and renderer._preparing is preparing
    await preparing
    assert preparing.exception() is None


def test_a_worker_whose_bot_died_before_it_started_exits_at_once() -> None:
    """The bot's pid is handed to the worker: one whose bot died while it started still ends."""
    code = "import time; from bot.rendering import _init_worker; _init_worker(2**22 + 7); "
    gone = subprocess.run([sys.executable, "-c", code + "time.sleep(60)"], timeout=30)
    assert gone.returncode == 0  # ended by the watchdog, long before its sleep was over


async def test_an_orders_file_is_read_by_its_own_worker_and_drawn_by_the_chart_worker(
    renderer: Renderer,
) -> None:
    from core.orders import OrdersErrorCode

    chart_worker = await renderer._run(os.getpid)
    data = "Email;Дата;Сумма\na@x.ru;01.02.2024;100\na@x.ru;01.04.2024;50\n".encode()
    reading = await renderer.read_orders(data, "a.csv", {})
    assert reading.analysis is not None and reading.error is None
    assert (reading.analysis.buyers, reading.analysis.revenue) == (1, 150.0)
    import_worker = await renderer._imports.run(os.getpid)
    assert import_worker not in (chart_worker, os.getpid()), "a person's chart never waits"
    cohorts, curve = await renderer.orders_charts(reading.analysis)
    assert cohorts.startswith(b"\x89PNG") and curve.startswith(b"\x89PNG")

    refused = await renderer.read_orders(b"", "empty.csv", {"email": 0})
    assert refused.analysis is None and refused.code is OrdersErrorCode.EMPTY
    assert refused.error is not None and refused.error.code is OrdersErrorCode.EMPTY
