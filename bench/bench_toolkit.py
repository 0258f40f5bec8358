"""The LTV toolkit re-sent by file_id (target ≤ 100 ms of bot time after the first send).

The real bot (``python -m bot``) against the fake Bot API server of the end-to-end tests:
from a user's «LTV» to the arrival of the toolkit's third document. The first request,
which uploads the files (pre-rendered at start-up), is reported once for comparison. The
personal checklist's render time is in ``bench documents``.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.live_bot import live_bot
from bench.timing import report, summarize
from tests.e2e.fake_telegram import FakeTelegram

RESEND_RUNS = 50
TOOLKIT_FILES = 3  # the album; the closing message with «calculate» comes after


async def _toolkit_round_trip(telegram: FakeTelegram, user_id: int) -> float:
    """Seconds from «LTV» to the third document; waits for the rest of the reply too."""
    user = telegram.user(user_id)
    start = time.perf_counter()
    await user.send("LTV")
    await user.wait_messages(TOOLKIT_FILES, timeout=30.0)
    elapsed = time.perf_counter() - start
    await user.wait_message(timeout=30.0)
    return elapsed


async def _bench_resend(folder: Path) -> None:
    async with live_bot(folder) as (telegram, _):
        first = await _toolkit_round_trip(telegram, 1)
        uploads = telegram.uploads
        samples = [await _toolkit_round_trip(telegram, 2 + n) for n in range(RESEND_RUNS)]
        if telegram.uploads != uploads or telegram.errors:
            raise RuntimeError(f"the re-sends uploaded files or failed: {telegram.errors}")
    report("toolkit, first request (upload)", first, first)
    median, p99 = summarize(samples)
    report("toolkit re-sent by file_id, «LTV» → 3rd file", median, p99, "≤ 100 ms")


def run() -> None:
    """Time the toolkit's first send and its re-send by file_id (the PDF: bench documents)."""
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_bench_resend(Path(folder)))
