"""A spike: 1 000 people write «LTV» within one second, as after a post in a big channel.

The real bot against the fake Bot API server with Telegram's flood control on (30
messages a second across all chats, each file of an album counted), once with
``TELEGRAM_RATE`` 25 (the default) and once with 30 (Telegram's own figure). Printed:

- served: people who got all three files and the closing message;
- 429s the bot took, messages it sent (each file counted);
- wall time from the first «LTV» to the last file, against the floor that the rate
  allows (messages / TELEGRAM_RATE);
- a dialog step's reply while the crowd drains: 20 people answer a question wrongly
  every 2 s, each reply timed (p50, p95);
- peak RSS of the bot's process tree (the bot and its render workers), idle RSS before.

Then a bare aiogram echo bot (:mod:`bench.echo_bot`) for reference: its idle RSS, and
what a burst of 1 000 texts under the same flood control does to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from bench.live_bot import START_TIMEOUT
from tests.e2e.bot_process import REPO_ROOT, BotProcess
from tests.e2e.fake_telegram import FakeTelegram, FakeUser
from tests.e2e.steps import has_kit, open_dialog, press, until

PEOPLE = 1000
RATES = (25, 30)
TELEGRAM_GLOBAL_RATE = 30
PROBES = 20
PROBE_EVERY = 2.0
WRONG_ANSWER = "сколько-то"
SAMPLE_EVERY = 0.25
DRAIN_TIMEOUT = 900.0


# ---------------------------------------------------------------- memory


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc."""
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(stat.parent.name))
    return tree


def _rss_proc(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants, from /proc."""
    tree, total, stack = _children(), 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(tree.get(current, []))
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its descendants (psutil when installed, else /proc)."""
    try:
        psutil = importlib.import_module("psutil")
    except ImportError:
        return _rss_proc(pid)
    try:
        process = psutil.Process(pid)
        return int(sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]))
    except psutil.Error:
        return 0


class PeakRss:
    """Samples the RSS of a process tree in the background; keeps the highest."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._task: asyncio.Task[None] | None = None

    async def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, tree_rss(self.pid))
            await asyncio.sleep(SAMPLE_EVERY)

    def __enter__(self) -> PeakRss:
        self._task = asyncio.create_task(self._sample())
        return self

    def __exit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()
        self.peak = max(self.peak, tree_rss(self.pid))


def mib(size: int) -> str:
    return f"{size / 2**20:.0f} MiB"


# ---------------------------------------------------------------- the crowd


def last_file_at(telegram: FakeTelegram, user: FakeUser) -> float | None:
    """When the last file reached ``user`` (the server's clock)."""
    stamps = telegram.sent_at[user.id]
    files = [n for n, m in enumerate(user.messages) if m.kind == "document"]
    return stamps[files[-1]] if files else None


async def probe(users: list[FakeUser], done: asyncio.Event) -> list[float]:
    """Each user answers wrongly every 2 s, staggered; seconds to each reply, until ``done``."""
    samples: list[float] = []

    async def answer(user: FakeUser, offset: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), offset)
        while not done.is_set():
            start = time.monotonic()
            await user.send(WRONG_ANSWER)
            await user.wait_message(timeout=60)
            samples.append(time.monotonic() - start)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), start + PROBE_EVERY - time.monotonic())

    await asyncio.gather(
        *(answer(user, n * PROBE_EVERY / len(users)) for n, user in enumerate(users))
    )
    return samples


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Figures:
    rate: int
    served: int
    too_many_requests: int
    crowd_messages: int
    messages: int
    wall: float
    steps: list[float]
    idle_rss: int
    peak_rss: int

    def print(self) -> None:
        floor = self.messages / self.rate
        print(f"TELEGRAM_RATE={self.rate}, Telegram (fake) {TELEGRAM_GLOBAL_RATE}/s")
        print(f"  served                          {self.served}/{PEOPLE}")
        print(f"  429s taken                      {self.too_many_requests}")
        print(
            f"  messages sent (files counted)   {self.messages}"
            f"   ({self.crowd_messages} to the crowd, the rest dialog replies)"
        )
        print(f"  first «LTV» → last file         {self.wall:.1f} s")
        print(
            f"  floor = messages / rate         {floor:.1f} s"
            f"   (wall / floor = {self.wall / floor:.2f})"
        )
        print(
            f"  dialog step during the crowd    p50 {percentile(self.steps, 0.5) * 1e3:.0f} ms"
            f"   p95 {percentile(self.steps, 0.95) * 1e3:.0f} ms   ({len(self.steps)} replies)"
        )
        print(
            f"  bot process tree RSS            idle {mib(self.idle_rss)}, "
            f"peak {mib(self.peak_rss)}"
        )


async def _spike(folder: Path, rate: int) -> Figures:
    async with FakeTelegram(enforce_rate_limit=True, global_rate=TELEGRAM_GLOBAL_RATE) as server:
        bot = BotProcess(
            server.url,
            folder / f"ltv-{rate}.db",
            {"TELEGRAM_RATE": str(rate)},
            log_path=folder / f"bot-{rate}.log",
        )
        await bot.start()
        try:
            await server.wait_polling(1, timeout=START_TIMEOUT)
            assert bot.pid is not None
            probes = [server.user(900_000 + n) for n in range(PROBES)]
            for user in probes:  # each at the price question
                await press(user, await open_dialog(user), "Подписка")
            await asyncio.sleep(3)  # the toolkit is rendered at start; let it finish
            idle_rss = tree_rss(bot.pid)
            crowd = [server.user(100_000 + n) for n in range(PEOPLE)]
            done = asyncio.Event()
            with PeakRss(bot.pid) as peak:
                started = time.monotonic()
                await asyncio.gather(*(user.send("LTV") for user in crowd))
                probing = asyncio.create_task(probe(probes, done))
                try:
                    await until(lambda: all(has_kit(u) for u in crowd), DRAIN_TIMEOUT, "kits")
                finally:
                    done.set()
                steps = await probing
            last_file = max(t for u in crowd if (t := last_file_at(server, u)) is not None)
            in_spike = [
                at
                for stamps in server.sent_at.values()
                for at in stamps
                if started <= at <= last_file
            ]
            return Figures(
                rate=rate,
                served=sum(has_kit(u) for u in crowd),
                too_many_requests=server.too_many_requests,
                crowd_messages=sum(len(server.sent_at[u.id]) for u in crowd),
                messages=len(in_spike),
                wall=last_file - started,
                steps=steps,
                idle_rss=idle_rss,
                peak_rss=peak.peak,
            )
        finally:
            await bot.stop()


# ---------------------------------------------------------------- the echo bot


@contextlib.asynccontextmanager
async def echo_bot(server: FakeTelegram, log: Path) -> AsyncIterator[int]:
    """Run :mod:`bench.echo_bot` against ``server``; yield its pid once it polls."""
    env = {**os.environ, "BOT_TOKEN": server.token, "TELEGRAM_API_URL": server.url}
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.echo_bot",
            cwd=REPO_ROOT,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=output,
            stderr=asyncio.subprocess.STDOUT,
        )
        try:
            await server.wait_polling(1, timeout=START_TIMEOUT)
            yield process.pid
        finally:
            if process.returncode is None:
                process.terminate()
                try:
                    await asyncio.wait_for(process.wait(), 10)
                except TimeoutError:
                    process.kill()
                    await process.wait()


async def _echo(folder: Path) -> None:
    async with FakeTelegram(enforce_rate_limit=True, global_rate=TELEGRAM_GLOBAL_RATE) as server:
        async with echo_bot(server, folder / "echo.log") as pid:
            await asyncio.sleep(1)
            idle_rss = tree_rss(pid)
            crowd = [server.user(100_000 + n) for n in range(PEOPLE)]
            with PeakRss(pid) as peak:
                await asyncio.gather(*(user.send("LTV") for user in crowd))

                def tried() -> bool:  # one attempt each: there are no retries
                    return all(server.chat_requests[u.id] for u in crowd)

                await until(tried, 120, "the echo bot's attempts")
                await asyncio.sleep(1)
        served = sum(bool(u.messages) for u in crowd)
    print("bare aiogram echo bot (start_polling, no pacing, no retries), same flood control")
    print(f"  {PEOPLE} texts at once: answered {served}/{PEOPLE}, 429s {server.too_many_requests}")
    print(f"  process RSS                     idle {mib(idle_rss)}, peak {mib(peak.peak)}")


def run() -> None:
    """The spike at each rate, then the echo bot's figures."""
    logging.getLogger("tests.e2e.fake_telegram").setLevel(logging.ERROR)  # 429s are counted
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for rate in RATES:
            asyncio.run(_spike(folder, rate)).print()
        asyncio.run(_echo(folder))
