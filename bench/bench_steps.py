"""The hot path: dialog steps under load, beside a bare aiogram echo bot in the same run.

Both bots poll the same kind of fake Bot API server (no flood control, and the LTV bot
unpaced: ``TELEGRAM_RATE`` and ``TELEGRAM_CHAT_RATE`` at the highest the settings take, so
that its budget's spacing of grants is no cap): the bots' own cost is measured, not
Telegram's limits, which would hold both to the same pace. 200 people each
send one message at once, wave after wave; a wave ends when everyone has a reply. The
echo bot echoes the text; the LTV bot, with every person on the price question, answers
a wrong answer (one short reply). Both bots run at once and take their waves in turn,
so a machine that gets slower or faster during the run bends both alike. Printed for each:

- updates a second over all waves, and the p50 / p99 of one reply's time;
- start-up: from the process start to its first ``getUpdates`` (the LTV bot on a new
  database), the median of :data:`STARTS` cold starts of each, taken in turn;
- CPU the bot's process spent per update over the waves (less bent by a busy machine
  than the rate: the fake server and the 200 clients share the other core);
- RSS of the whole process tree after start (the LTV bot: after one kit too).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.bench_spike import echo_bot, mib, percentile, tree_rss
from bench.live_bot import START_TIMEOUT
from bot.config import UNPACED
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram, FakeUser
from tests.e2e.steps import open_dialog, press

PEOPLE = 200
WAVES = 10
WRONG_ANSWER = "сколько-то"
STARTS = 5


async def _wave(users: list[FakeUser], text: str) -> list[float]:
    """Everyone sends ``text`` at once; each one's seconds until the bot's new message."""
    seen = {user.id: len(user.messages) for user in users}

    async def one(user: FakeUser) -> float:
        start = time.perf_counter()
        await user.send(text)
        while len(user.messages) <= seen[user.id]:
            await user.wait_message(timeout=60)
        return time.perf_counter() - start

    return list(await asyncio.gather(*(one(user) for user in users)))


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class _Tally:
    """One bot's waves so far: seconds, replies' latencies, CPU seconds, updates."""

    pid: int
    users: list[FakeUser]
    text: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    cpu: float = 0.0
    updates: int = 0

    async def wave(self) -> None:
        """One more wave, counted."""
        cpu, start = _cpu_seconds(self.pid), time.perf_counter()
        self.latencies += await _wave(self.users, self.text)
        self.seconds += time.perf_counter() - start
        self.cpu += _cpu_seconds(self.pid) - cpu
        self.updates += len(self.users)

    @property
    def rate(self) -> float:
        return self.updates / self.seconds

    @property
    def cpu_per_update(self) -> float:
        return self.cpu / self.updates


async def _to_price(user: FakeUser) -> None:
    """/calc, «Подписка»: the person is on the price question."""
    await press(user, await open_dialog(user), "Подписка")


@contextlib.asynccontextmanager
async def _ltv_bot(
    server: FakeTelegram, folder: Path, database: str = "ltv.db"
) -> AsyncIterator[tuple[int, float]]:
    env = {"TELEGRAM_RATE": str(UNPACED), "TELEGRAM_CHAT_RATE": str(UNPACED)}
    bot = BotProcess(server.url, folder / database, env, log_path=folder / "bot.log")
    start = time.perf_counter()
    await bot.start()
    try:
        await server.wait_polling(1, timeout=START_TIMEOUT)
        assert bot.pid is not None
        yield bot.pid, time.perf_counter() - start
    finally:
        await bot.stop()


def _line(name: str, tally: _Tally, start: float, rss: int) -> str:
    p50, p99 = (percentile(tally.latencies, share) * 1e3 for share in (0.5, 0.99))
    return (
        f"  {name:<10} {tally.rate:7.0f} updates/s   p50 {p50:6.0f} ms   p99 {p99:6.0f} ms"
        f"   CPU {tally.cpu_per_update * 1e3:4.2f} ms/update"
        f"   start {start * 1e3:5.0f} ms   RSS {mib(rss)}"
    )


async def _starts(folder: Path) -> tuple[float, float]:
    """Median seconds to the first ``getUpdates``: the echo's, the LTV bot's (in turn)."""
    echo: list[float] = []
    ltv: list[float] = []
    for round_ in range(STARTS):
        async with FakeTelegram() as server:
            start = time.perf_counter()
            async with echo_bot(server, folder / "echo.log"):
                echo.append(time.perf_counter() - start)
        async with (
            FakeTelegram() as server,
            _ltv_bot(server, folder, f"start-{round_}.db") as (_, seconds),
        ):
            ltv.append(seconds)
    return percentile(echo, 0.5), percentile(ltv, 0.5)


async def _measure(folder: Path) -> None:
    async with (
        FakeTelegram() as echo_server,
        echo_bot(echo_server, folder / "echo.log") as echo_pid,
        FakeTelegram() as ltv_server,
        _ltv_bot(ltv_server, folder) as (ltv_pid, _),
    ):
        await asyncio.sleep(1)
        echo_rss = tree_rss(echo_pid)
        kit = ltv_server.user(1)
        await kit.send("LTV")
        await kit.wait_messages(4, timeout=60)
        ltv_users = [ltv_server.user(20_000 + n) for n in range(PEOPLE)]
        await asyncio.gather(*(_to_price(user) for user in ltv_users))
        ltv_rss = tree_rss(ltv_pid)
        echo_users = [echo_server.user(10_000 + n) for n in range(PEOPLE)]
        echo = _Tally(echo_pid, echo_users, "привет")
        ltv = _Tally(ltv_pid, ltv_users, WRONG_ANSWER)
        for _ in range(WAVES):
            await echo.wave()
            await ltv.wave()
    echo_start, ltv_start = await _starts(folder)
    print(f"{PEOPLE} people answering at once, {WAVES} waves each, taken in turn, same run")
    print(_line("echo", echo, echo_start, echo_rss))
    print(_line("LTV bot", ltv, ltv_start, ltv_rss))
    p99 = percentile(ltv.latencies, 0.99) / percentile(echo.latencies, 0.99)
    print(
        f"  ratio      {ltv.rate / echo.rate:7.2f}× the echo's updates/s, p99 {p99:.2f}×, "
        f"CPU per update {ltv.cpu_per_update / echo.cpu_per_update:.2f}×, "
        f"RSS +{mib(ltv_rss - echo_rss)}, start {(ltv_start - echo_start) * 1e3:+.0f} ms"
    )


def run() -> None:
    """Both bots, in this process's event loop."""
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_measure(Path(folder)))
