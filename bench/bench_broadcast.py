"""A broadcast to 10 000 people under Telegram's flood control (30 messages a second).

The real bot against the fake Bot API server with flood control on; the people are
written into the bot's database before it starts (as if they had written to it before),
each with a chat on the fake server. The owner writes a broadcast and confirms it;
meanwhile a few people in the middle of a calculation answer a question every 2 s.
Printed:

- delivered, 429s taken, copies sent twice (none expected without a crash);
- wall time from «Да, отправить» to the last copy, against the floor the rate allows
  (recipients / TELEGRAM_RATE, and every message sent in that time / TELEGRAM_RATE);
- a dialog step's reply time while it runs (p50, p95);
- the progress message's edits.

Run at ``TELEGRAM_RATE`` 25 (the default) and 30 (Telegram's own figure), as the spike is.
``BENCH_BROADCAST_PEOPLE`` sets the number of people (10 000 by default, about 7 minutes a
rate; 1 000 runs in a minute), ``BENCH_BROADCAST_RATES`` the rates (``25,30``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bench.bench_spike import percentile, probe
from bench.live_bot import START_TIMEOUT
from bot.features.owner.callbacks import ConsentAction, ConsentCb
from bot.storage.db import open_database
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram, SentMessage
from tests.e2e.steps import open_dialog, press, until

PEOPLE = int(os.environ.get("BENCH_BROADCAST_PEOPLE", "10000"))
RATES = tuple(int(r) for r in os.environ.get("BENCH_BROADCAST_RATES", "25,30").split(","))
TELEGRAM_GLOBAL_RATE = 30
PROBES = 5
OWNER = 999_999_001
FIRST = 200_000
TEXT = "Новый разбор: как поднять LTV в два раза"
ENTITIES = [{"type": "bold", "offset": 0, "length": 12}]
UNSUBSCRIBE = ConsentCb(action=ConsentAction.OFF).pack()
DRAIN_TIMEOUT = 3600.0


def is_broadcast(message: SentMessage) -> bool:
    return message.text == TEXT and [data for _, data in message.buttons()] == [UNSUBSCRIBE]


async def seed(database: Path, people: range) -> None:
    """People who wrote to the bot before: rows in its database."""
    conn = await open_database(database)
    try:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        await conn.execute("BEGIN")
        await conn.executemany(
            "INSERT INTO users (id, created_at, first_name, source, last_seen_at)"
            " VALUES (?, ?, 'Читатель', 'direct', ?)",
            [(person, now, now) for person in people],
        )
        await conn.execute("COMMIT")
    finally:
        await conn.close()


async def _broadcast(folder: Path, rate: int) -> None:
    people = range(FIRST, FIRST + PEOPLE)
    database = folder / f"ltv-{rate}.db"
    await seed(database, people)
    async with FakeTelegram(enforce_rate_limit=True, global_rate=TELEGRAM_GLOBAL_RATE) as server:
        crowd = [server.user(person) for person in people]
        owner = server.user(OWNER, "Автор")
        bot = BotProcess(
            server.url,
            database,
            {"TELEGRAM_RATE": str(rate), "OWNER_IDS": str(OWNER)},
            log_path=folder / f"bot-{rate}.log",
        )
        await bot.start()
        try:
            await server.wait_polling(1, timeout=START_TIMEOUT)
            probes = [server.user(900_000 + n) for n in range(PROBES)]
            for user in probes:  # each at the price question
                await press(user, await open_dialog(user), "Подписка")
            await owner.send("/broadcast")
            await owner.wait_message()
            await owner.send(TEXT, entities=ENTITIES)
            _, panel = await owner.wait_messages(2)
            await owner.press(panel, panel.button("Отправить"))
            question = await owner.wait_edit(panel.message_id)
            sent_before = sum(len(stamps) for stamps in server.sent_at.values())
            started = time.monotonic()
            await owner.press(question, question.button("Да, отправить"))
            done = asyncio.Event()
            probing = asyncio.create_task(probe(probes, done))
            try:

                def delivered() -> bool:
                    return all(any(map(is_broadcast, u.messages)) for u in crowd)

                await until(delivered, DRAIN_TIMEOUT, "the broadcast to reach everyone")
            finally:
                done.set()
            steps = await probing
            last = max(
                server.sent_at[u.id][n]
                for u in crowd
                for n, m in enumerate(u.messages)
                if is_broadcast(m)
            )
            wall = last - started
            in_window = sum(
                started <= at <= last for stamps in server.sent_at.values() for at in stamps
            )
            report = await owner.wait_message(60, lambda m: "Доставлено" in m.text)
            copies = Counter(sum(map(is_broadcast, u.messages)) for u in crowd)
        finally:
            await bot.stop()
        edits = len(panel.edits)
        total = sum(len(stamps) for stamps in server.sent_at.values()) - sent_before
    floor = PEOPLE / rate
    print(
        f"broadcast to {PEOPLE} people, TELEGRAM_RATE={rate},"
        f" Telegram (fake) {TELEGRAM_GLOBAL_RATE}/s"
    )
    print(f"  delivered                       {copies[1] + copies[2]}/{PEOPLE}")
    print(f"  sent twice                      {copies[2]}")
    print(f"  429s taken                      {server.too_many_requests}")
    print(f"  «Да, отправить» → last copy     {wall:.1f} s")
    print(f"  floor = recipients / rate       {floor:.1f} s   (wall / floor = {wall / floor:.2f})")
    print(
        f"  every message in that time      {in_window}, floor {in_window / rate:.1f} s"
        f"   (wall / floor = {wall / (in_window / rate):.2f})"
    )
    print(
        f"  dialog step meanwhile           p50 {percentile(steps, 0.5) * 1e3:.0f} ms"
        f"   p95 {percentile(steps, 0.95) * 1e3:.0f} ms   ({len(steps)} replies,"
        f" {PROBES} people every 2 s)"
    )
    print(f"  progress message edits          {edits}; messages sent in all {total}")
    print("  report: " + " · ".join(report.text.splitlines()[1:4]))


def run() -> None:
    """One broadcast at each rate, its figures printed."""
    logging.getLogger("tests.e2e.fake_telegram").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as name, contextlib.suppress(KeyboardInterrupt):
        for rate in RATES:
            asyncio.run(_broadcast(Path(name), rate))
