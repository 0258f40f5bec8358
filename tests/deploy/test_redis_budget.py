"""RedisBudget on a real Redis: replicas share one budget per bot token.

Each "replica" here is a RedisBudget with a client of its own, as two processes would
have; grants are timed on this process's clock.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from bot.delivery import Lane
from bot.delivery.redis_budget import RedisBudget, budget_prefix

TOKEN = "123456:TEST-token-budget"


@pytest.fixture
async def clients(redis_url: str) -> AsyncIterator[list[Redis]]:
    made = [Redis.from_url(redis_url) for _ in range(3)]
    yield made
    for client in made:
        await client.aclose()


def most_in_a_second(stamps: list[float], units: list[int] | None = None) -> int:
    """The most units granted in any sliding second."""
    units = units or [1] * len(stamps)
    pairs = sorted(zip(stamps, units, strict=True))
    best = 0
    for start, _ in pairs:
        best = max(best, sum(u for t, u in pairs if start <= t < start + 1.0))
    return best


async def test_two_replicas_never_exceed_the_window_together(clients: list[Redis]) -> None:
    rate = 20
    one, two = (RedisBudget(c, TOKEN, rate, guard=0.02) for c in clients[:2])
    stamps: list[float] = []
    units: list[int] = []

    async def send(budget: RedisBudget, size: int) -> None:
        await budget.acquire(None, size, Lane.INTERACTIVE)
        stamps.append(time.monotonic())
        units.append(size)

    sizes = [1, 1, 3, 1, 2] * 8  # albums count each file
    started = time.monotonic()
    await asyncio.gather(*(send(one if n % 2 else two, size) for n, size in enumerate(sizes)))
    assert sum(units) == 64
    assert most_in_a_second(stamps, units) <= rate
    assert time.monotonic() - started >= (64 - rate) / rate * 1.0 - 0.1


async def test_a_budget_of_another_token_is_another_budget(clients: list[Redis]) -> None:
    mine = RedisBudget(clients[0], TOKEN, 5)
    theirs = RedisBudget(clients[1], "654321:OTHER-token", 5)
    for _ in range(5):
        await mine.acquire(None, 1, Lane.INTERACTIVE)
    started = time.monotonic()
    await asyncio.wait_for(theirs.acquire(None, 5, Lane.INTERACTIVE), 0.5)
    assert time.monotonic() - started < 0.2
    keys = [k.decode() if isinstance(k, bytes) else k for k in await clients[2].keys("*")]
    assert keys, "the budget lives in Redis"
    assert all(TOKEN not in key and "TEST-token" not in key for key in keys)
    assert any(key.startswith(budget_prefix(TOKEN)) for key in keys)


async def test_a_pause_is_seen_by_every_replica(clients: list[Redis]) -> None:
    one, two = (RedisBudget(c, TOKEN, 30) for c in clients[:2])
    await one.acquire(None, 1, Lane.INTERACTIVE)
    await one.pause(0.6)
    started = time.monotonic()
    await two.acquire(None, 1, Lane.INTERACTIVE)
    assert time.monotonic() - started >= 0.5
    await one.pause(0.1)  # a shorter pause does not cut a longer one short
    await two.pause(0.5)
    started = time.monotonic()
    await one.acquire(None, 1, Lane.BULK)
    assert time.monotonic() - started >= 0.4


async def test_one_chat_is_paced_across_replicas(clients: list[Redis]) -> None:
    one, two = (RedisBudget(c, TOKEN, 30, chat_burst=2, chat_rate=5.0) for c in clients[:2])
    stamps: list[float] = []
    started = time.monotonic()
    for n in range(6):
        await (one if n % 2 else two).acquire(42, 1, Lane.INTERACTIVE)
        stamps.append(time.monotonic() - started)
    assert stamps[1] < 0.1, "a burst of two goes at once"
    assert stamps[-1] >= (6 - 2) / 5.0 - 0.05
    other_chat = time.monotonic()
    await one.acquire(43, 1, Lane.INTERACTIVE)
    assert time.monotonic() - other_chat < 0.1


async def test_interactive_sends_go_before_bulk_ones_within_a_replica(
    clients: list[Redis],
) -> None:
    budget = RedisBudget(clients[0], TOKEN, 2, guard=0.0)
    await budget.acquire(None, 2, Lane.BULK)  # the window is full for a second
    order: list[str] = []

    async def send(name: str, lane: Lane) -> None:
        await budget.acquire(None, 1, lane)
        order.append(name)

    bulk = [asyncio.create_task(send(f"bulk{n}", Lane.BULK)) for n in range(2)]
    await asyncio.sleep(0.05)
    reply = asyncio.create_task(send("reply", Lane.INTERACTIVE))
    await asyncio.gather(*bulk, reply)
    assert order[0] == "reply"


async def test_grants_are_spaced_across_replicas(clients: list[Redis]) -> None:
    rate = 10
    one, two = (RedisBudget(c, TOKEN, rate, guard=0.0) for c in clients[:2])
    stamps: list[float] = []

    async def send(budget: RedisBudget) -> None:
        await budget.acquire(None, 1, Lane.INTERACTIVE)
        stamps.append(time.monotonic())

    await asyncio.gather(*(send(one if n % 2 else two) for n in range(6)))
    gaps = [later - earlier for earlier, later in itertools.pairwise(sorted(stamps))]
    assert min(gaps) >= 1.0 / rate * 0.9, gaps  # a crowd never clumps at a window's start
