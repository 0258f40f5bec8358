"""The LTV toolkit: the personal checklist's render time and the toolkit's re-send by file_id.

(a) ``checklist_pdf(texts, result)`` for a few users' results, in this process — what a
    render worker spends per «Чек-лист для вас» (target ≤ 300 ms);
(b) the real bot (``python -m bot``) against the fake Bot API server of the end-to-end
    tests: from a user's «LTV» to the arrival of the toolkit's third document, once the
    files were uploaded and go by file_id (target ≤ 100 ms). The first request, which
    renders and uploads the files, is reported once for comparison.
"""

from __future__ import annotations

import asyncio
import itertools
import tempfile
import time
from pathlib import Path

from bench.timing import measure, report, summarize
from core.documents import checklist_pdf
from core.economics import compute
from core.models import BusinessModel, Inputs, Result
from l10n import Texts
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram

PDF_RUNS = 40
RESEND_RUNS = 50
START_TIMEOUT = 60.0
TOOLKIT_MESSAGES = 4  # what is in it, then the three files; «calculate» comes after

RESULTS: list[Result] = [
    compute(inputs)
    for inputs in (
        Inputs(
            model=BusinessModel.SUBSCRIPTION,
            price=3000,
            churn_percent=5,
            margin_percent=80,
            cac=5000,
        ),
        Inputs(
            model=BusinessModel.SUBSCRIPTION,
            price=990,
            churn_percent=18,
            margin_percent=None,
            cac=4000,
        ),
        Inputs(
            model=BusinessModel.PURCHASES,
            price=10_000,
            churn_percent=40,
            margin_percent=30,
            cac=7000,
            purchases_per_year=2.4,
        ),
        Inputs(
            model=BusinessModel.PURCHASES,
            price=25_000,
            churn_percent=75,
            margin_percent=60,
            cac=30_000,
            purchases_per_year=1,
        ),
    )
]


def _bench_personal_checklist() -> None:
    texts = Texts.load()
    checklist_pdf(texts, RESULTS[0])  # fonts and imports are loaded once per worker
    results = itertools.cycle(RESULTS)
    median, p99 = measure(lambda: checklist_pdf(texts, next(results)), PDF_RUNS)
    report("personal checklist PDF, render", median, p99, "≤ 300 ms")


async def _toolkit_round_trip(telegram: FakeTelegram, user_id: int) -> float:
    """Seconds from «LTV» to the third document; waits for the rest of the reply too."""
    user = telegram.user(user_id)
    start = time.perf_counter()
    await user.send("LTV")
    await user.wait_messages(TOOLKIT_MESSAGES, timeout=30.0)
    elapsed = time.perf_counter() - start
    await user.wait_message(timeout=30.0)
    return elapsed


async def _bench_resend(folder: Path) -> None:
    async with FakeTelegram() as telegram:
        bot = BotProcess(telegram.url, folder / "bench.db", log_path=folder / "bot.log")
        await bot.start()
        try:
            await telegram.wait_polling(1, timeout=START_TIMEOUT)
            first = await _toolkit_round_trip(telegram, 1)
            uploads = telegram.uploads
            samples = [await _toolkit_round_trip(telegram, 2 + n) for n in range(RESEND_RUNS)]
            if telegram.uploads != uploads or telegram.errors:
                raise RuntimeError(f"the re-sends uploaded files or failed: {telegram.errors}")
        finally:
            await bot.stop()
    report("toolkit, first request (render + upload)", first, first)
    median, p99 = summarize(samples)
    report("toolkit re-sent by file_id, «LTV» → 3rd file", median, p99, "≤ 100 ms")


def run() -> None:
    """Time the personal checklist's rendering and the toolkit's re-send by file_id."""
    _bench_personal_checklist()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_bench_resend(Path(folder)))
