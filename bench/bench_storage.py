"""Scenario storage: a page of 10 and a single scenario for a user with 10 000 of them."""

import asyncio
import json
import random
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bench.timing import measure_async, report
from bot.storage.db import open_database
from bot.storage.scenarios import SQLiteScenarioRepository

USERS = 1_000
TOTAL = 100_000
HEAVY_USER = 1
HEAVY_COUNT = 10_000
PAGE = 10
RUNS = 2_000
TARGET = "p99 ≤ 5 ms"
INPUTS = json.dumps(
    {"model": "repeat", "check": 2500.0, "purchases_per_month": 1.5, "churn": 0.08, "cac": 3000}
)


async def _fill(conn: aiosqlite.Connection, rng: random.Random) -> list[int]:
    """Insert TOTAL scenarios in random user order; return the heavy user's ids."""
    others = TOTAL - HEAVY_COUNT
    owners = [HEAVY_USER] * HEAVY_COUNT + [2 + n % (USERS - 1) for n in range(others)]
    rng.shuffle(owners)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    await conn.execute("BEGIN")
    await conn.executemany(
        "INSERT INTO users (id, created_at) VALUES (?, ?)",
        [(user_id, now) for user_id in range(1, USERS + 1)],
    )
    await conn.executemany(
        "INSERT INTO scenarios (user_id, name, inputs, created_at) VALUES (?, ?, ?, ?)",
        [(user_id, f"Сценарий {n}", INPUTS, now) for n, user_id in enumerate(owners)],
    )
    await conn.execute("COMMIT")
    rows = await conn.execute_fetchall("SELECT id FROM scenarios WHERE user_id = ?", (HEAVY_USER,))
    return [row[0] for row in rows]


async def _bench(path: Path) -> None:
    rng = random.Random(20240601)
    conn = await open_database(path)
    try:
        heavy_ids = await _fill(conn, rng)
        repo = SQLiteScenarioRepository(conn)

        async def random_page() -> object:
            offset = rng.randrange(HEAVY_COUNT // PAGE) * PAGE
            return await repo.list_page(HEAVY_USER, offset, PAGE)

        async def last_page() -> object:
            return await repo.list_page(HEAVY_USER, HEAVY_COUNT - PAGE, PAGE)

        async def random_get() -> object:
            return await repo.get(HEAVY_USER, rng.choice(heavy_ids))

        for label, fn in [
            ("list_page(10), random page of 1 000", random_page),
            ("list_page(10), last page (offset 9 990)", last_page),
            ("get(random id)", random_get),
        ]:
            median, p99 = await measure_async(fn, RUNS)
            report(label, median, p99, TARGET)
    finally:
        await conn.close()


def run() -> None:
    """Build a 100 000-scenario database in a temp folder and time the reads."""
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_bench(Path(folder) / "bench.db"))
