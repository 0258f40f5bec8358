"""Benchmark: dialog steps per second, one process on SQLite against two replicas.

The setups one after the other in the same run, each against a fake Bot API server:

- **one process, SQLite**: the default deployment, long polling; then the same process
  taking updates by webhook (the fake POSTs them one at a time, each after the previous
  one was answered, which caps what a webhook can take);
- **two replicas, PostgreSQL + Redis**: webhook mode behind a round-robin proxy (as Caddy
  in compose.yaml's ``scale`` profile), dialog state and per-person locks in Redis, the
  sending budget shared in Redis; PostgreSQL and Redis are throwaway servers started here
  as the tests start them (``tests/services.py``).

``PEOPLE`` people at once each take four dialog steps (/calc, the model, the price, the
churn): a step is a message or a press and the bot's next question. Four steps stay
within the per-chat burst and the bots run with ``TELEGRAM_RATE=1000``, so that the figure
is the bot's own speed, not Telegram's limits. Everything shares this machine's CPUs: the
fake server, the proxy and the people simulated here too.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from pathlib import Path

import asyncpg

from bench.timing import report, summarize
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram, FakeUser, SentMessage
from tests.e2e.steps import press, say
from tests.e2e.test_replicas import round_robin
from tests.e2e.test_webhook import free_port, wait_ready, webhook_env
from tests.services import (
    HOST,
    INITDB_OPTIONS,
    POSTGRES_READY,
    POSTGRES_USER,
    REDIS_READY,
    _binary,
    _running,
    _unprivileged,
)

PEOPLE = 40
STEPS = 4
ROUNDS = 3
START_TIMEOUT = 60.0
FAST = {"TELEGRAM_RATE": "1000", "LOG_LEVEL": "WARNING"}


@contextlib.contextmanager
def _postgres(folder: Path) -> Iterator[str]:
    prefix = _unprivileged(folder)
    initdb = _binary("initdb")
    data, port = folder / "data", free_port()
    subprocess.run(
        [*prefix, str(initdb), "-D", str(data), *INITDB_OPTIONS], check=True, capture_output=True
    )
    settings = {"listen_addresses": HOST, "port": str(port), "unix_socket_directories": ""}
    options = [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]
    command = [*prefix, str(initdb.resolve().parent / "postgres"), "-D", str(data), *options]
    with _running("PostgreSQL", command, folder / "postgres.log", POSTGRES_READY):
        yield f"postgresql://{POSTGRES_USER}@{HOST}:{port}"


@contextlib.contextmanager
def _redis(folder: Path) -> Iterator[str]:
    port = free_port()
    command = [*_unprivileged(folder), str(_binary("redis-server")), "--bind", HOST]
    command += ["--port", str(port), "--dir", str(folder), "--save", "", "--appendonly", "no"]
    with _running("Redis", command, folder / "redis.log", REDIS_READY):
        yield f"redis://{HOST}:{port}/0"


async def _person(user: FakeUser, latencies: list[float]) -> None:
    async def step(action: Awaitable[SentMessage]) -> SentMessage:
        start = time.perf_counter()
        answer = await action
        latencies.append(time.perf_counter() - start)
        return answer

    question = await step(say(user, "/calc"))
    await step(press(user, question, "Подписка"))
    await step(say(user, "3 000"))
    await step(say(user, "5"))


async def _rounds(server: FakeTelegram, first_id: int) -> tuple[float, list[float]]:
    """Warm up with one round, then measure ROUNDS: steps a second and each step's time."""
    rate = 0.0
    latencies: list[float] = []
    for number in range(ROUNDS + 1):
        users = [server.user(first_id + number * 1000 + n) for n in range(PEOPLE)]
        measured: list[float] = []
        start = time.perf_counter()
        await asyncio.gather(*(_person(user, measured) for user in users))
        elapsed = time.perf_counter() - start
        if number:  # the first round warms up connections, workers and caches
            rate += PEOPLE * STEPS / elapsed / ROUNDS
            latencies += measured
    assert server.errors == [], server.errors
    return rate, latencies


@contextlib.asynccontextmanager
async def _one_process(folder: Path) -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        bot = BotProcess(server.url, folder / "ltv.db", FAST, log_path=folder / "single.log")
        await bot.start()
        try:
            await server.wait_polling(1, timeout=START_TIMEOUT)
            yield server
        finally:
            await bot.stop()


@contextlib.asynccontextmanager
async def _one_webhook(folder: Path) -> AsyncIterator[FakeTelegram]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    async with FakeTelegram() as server:
        env = FAST | webhook_env(port, url)
        bot = BotProcess(server.url, folder / "hook.db", env, log_path=folder / "hook.log")
        await bot.start()
        try:
            await wait_ready(bot, port, server, url, START_TIMEOUT)
            yield server
        finally:
            await bot.stop()


@contextlib.asynccontextmanager
async def _two_replicas(folder: Path, postgres: str, redis: str) -> AsyncIterator[FakeTelegram]:
    admin = await asyncpg.connect(f"{postgres}/postgres")
    try:
        await admin.execute("CREATE DATABASE bench")
    finally:
        await admin.close()
    ports = [free_port() for _ in range(2)]
    env = {**FAST, "DATABASE_URL": f"{postgres}/bench", "REDIS_URL": redis}
    async with round_robin(ports) as (_, url), FakeTelegram() as server:
        bots = [
            BotProcess(
                server.url,
                folder / "x.db",
                env | webhook_env(port, url),
                log_path=folder / f"replica-{port}.log",
            )
            for port in ports
        ]
        await asyncio.gather(*(bot.start() for bot in bots))
        try:
            await asyncio.gather(
                *(
                    wait_ready(bot, port, server, url, START_TIMEOUT)
                    for bot, port in zip(bots, ports, strict=True)
                )
            )
            yield server
        finally:
            await asyncio.gather(*(bot.stop() for bot in bots))


async def _measure(folder: Path, postgres: str, redis: str) -> None:
    async with _one_process(folder) as server:
        await asyncio.sleep(2)  # render workers warm up, as after any start
        single, single_steps = await _rounds(server, 10_000)
    async with _one_webhook(folder) as server:
        await asyncio.sleep(2)
        hooked, hooked_steps = await _rounds(server, 30_000)
    async with _two_replicas(folder, postgres, redis) as server:
        await asyncio.sleep(2)
        double, double_steps = await _rounds(server, 20_000)
    print(
        f"{PEOPLE} people at once, {STEPS} dialog steps each, {ROUNDS} rounds; "
        f"{os.cpu_count()} CPUs shared by everything"
    )
    print(f"{'one process, SQLite (polling)':<48} {single:9.1f} steps/s")
    report("  a step", *summarize(single_steps))
    print(f"{'one process, SQLite (webhook)':<48} {hooked:9.1f} steps/s")
    report("  a step", *summarize(hooked_steps))
    print(f"{'two replicas, PostgreSQL + Redis (webhook)':<48} {double:9.1f} steps/s")
    report("  a step", *summarize(double_steps))
    print(f"{'two replicas / one process polling':<48} {double / single:9.2f}×")
    print(f"{'two replicas / one process by webhook':<48} {double / hooked:9.2f}×")


def run() -> None:
    """Start PostgreSQL and Redis, then both setups one after the other; print the figures."""
    folders = [
        Path(tempfile.mkdtemp(prefix=f"ltv-bench-{name}-")) for name in ("bot", "pg", "redis")
    ]
    try:
        with _postgres(folders[1]) as postgres, _redis(folders[2]) as redis:
            asyncio.run(_measure(folders[0], postgres, redis))
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
