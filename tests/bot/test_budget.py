"""LocalBudget: Telegram's global and per-chat limits kept, interactive before bulk, pauses.

Real time, small figures: the window is shortened from 1 s to :data:`WINDOW` so that a
test takes a fraction of a second (the same code runs with 1 s). Pacing is checked as
lower bounds (never faster than allowed) and as orders (who went first), not as speed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable

import pytest

from bot.delivery.budget import Lane, LocalBudget

WINDOW = 0.2
"""The window Telegram counts in, scaled down; the budget adds its guard on top."""
GUARD = 0.02
EPSILON = 0.005
"""Timer slack: a sleep may end this much before a time computed from another clock read."""


def fast_budget(rate: int, *, chat_burst: int = 100, chat_rate: float = 1000.0) -> LocalBudget:
    """A budget whose window is :data:`WINDOW` (+ guard) instead of a second."""
    budget = LocalBudget(rate, chat_burst=chat_burst, chat_rate=chat_rate, guard=GUARD)
    budget.window = WINDOW + GUARD
    return budget


async def within(awaitable: Awaitable[object], seconds: float = 10.0) -> None:
    """Await ``awaitable``; fail instead of hanging if it never completes."""
    await asyncio.wait_for(awaitable, seconds)


class Log:
    """When each named acquire returned, in the order they returned."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.at: dict[str, float] = {}

    async def acquire(
        self, budget: LocalBudget, name: str, chat_id: int | None, units: int, lane: Lane
    ) -> None:
        await budget.acquire(chat_id, units, lane)
        self.at[name] = time.monotonic()
        self.order.append(name)

    def start(
        self,
        budget: LocalBudget,
        name: str,
        chat_id: int | None = None,
        units: int = 1,
        lane: Lane = Lane.INTERACTIVE,
    ) -> asyncio.Task[None]:
        return asyncio.create_task(self.acquire(budget, name, chat_id, units, lane))


def busiest_window(grants: list[tuple[float, int]], window: float) -> int:
    """The most units granted in any ``window`` seconds (Telegram's sliding count)."""
    grants = sorted(grants)
    return max(sum(units for at, units in grants if end - window < at <= end) for end, _ in grants)


async def test_the_global_window_is_never_exceeded_albums_counting_each_file() -> None:
    rate = 6
    budget = fast_budget(rate)
    grants: list[tuple[float, int]] = []
    sizes = [1, 3, 1, 1, 3, 2, 1, 3, 1, 1, 1, 3, 1, 2] * 2

    async def send(chat_id: int, units: int, lane: Lane) -> None:
        await budget.acquire(chat_id, units, lane)
        grants.append((time.monotonic(), units))

    lanes = [Lane.INTERACTIVE, Lane.BULK]
    await within(
        asyncio.gather(*(send(n, units, lanes[n % 2]) for n, units in enumerate(sizes, start=1)))
    )

    assert len(grants) == len(sizes), "every send went out"
    assert busiest_window(grants, WINDOW) <= rate
    # Over the rate in all: it took more than one window, so the limit was really in play.
    assert sum(sizes) > 4 * rate


async def test_an_album_takes_as_many_units_as_files() -> None:
    budget = fast_budget(4)
    log = Log()
    await within(log.start(budget, "album of 3", units=3))
    started = time.monotonic()
    second, single = log.start(budget, "second album", units=3), log.start(budget, "single")
    await within(asyncio.gather(second, single))

    # 3 + 3 > 4: the second album waits for the first to leave the window; the single
    # message queued behind it keeps its turn (first come, first served in a lane).
    assert log.order == ["album of 3", "second album", "single"]
    assert log.at["second album"] - started >= WINDOW - EPSILON


async def test_a_chat_gets_its_burst_at_once_then_its_pace() -> None:
    pace = 0.1
    budget = fast_budget(100, chat_burst=4, chat_rate=1 / pace)
    log = Log()
    chat, other = 1, 2
    tasks = [log.start(budget, f"chat-{n}", chat) for n in range(1, 8)]
    tasks.append(log.start(budget, "other chat", other))
    await within(asyncio.gather(*tasks))

    # The burst of four went before the other chat's message that was asked after them
    # (a chat paced from its second message would have let the other one pass first),
    # and the fifth waited for the chat's pace.
    assert log.order == ["chat-1", "chat-2", "chat-3", "chat-4", "other chat"] + [
        f"chat-{n}" for n in range(5, 8)
    ]
    for n in range(5, 8):
        assert log.at[f"chat-{n}"] - log.at["chat-1"] >= (n - 4) * pace - EPSILON


async def test_an_interactive_send_goes_before_bulk_sends_queued_earlier() -> None:
    budget = fast_budget(1)
    log = Log()
    await within(log.start(budget, "first"))  # the window is now full
    bulk = [log.start(budget, f"bulk-{n}", lane=Lane.BULK) for n in range(1, 4)]
    await asyncio.sleep(0.01)
    assert budget.waiting() == 3
    reply = log.start(budget, "reply", lane=Lane.INTERACTIVE)
    await within(asyncio.gather(reply, *bulk))

    assert log.order == ["first", "reply", "bulk-1", "bulk-2", "bulk-3"]


async def test_under_a_stream_of_bulk_sends_a_reply_waits_one_place_at_most() -> None:
    rate = 10
    budget = fast_budget(rate)
    slot = budget.window / rate
    stop = asyncio.Event()

    async def stream(worker: int) -> None:  # a broadcast: sends waiting at all times
        chat = 1000 * worker
        while not stop.is_set():
            chat += 1
            await budget.acquire(chat, 1, Lane.BULK)

    streams = [asyncio.create_task(stream(n)) for n in range(1, 9)]
    await asyncio.sleep(3 * budget.window)
    waits = []
    for n in range(12):
        asked = time.monotonic()
        await within(budget.acquire(n, 1, Lane.INTERACTIVE))
        waits.append(time.monotonic() - asked)
        await asyncio.sleep(budget.window / 3.7)  # at every phase of the window
    stop.set()
    await within(asyncio.gather(*streams))

    assert max(waits) <= slot + 0.02, waits


async def test_a_pause_holds_every_lane_and_the_longest_pause_wins() -> None:
    budget = fast_budget(100)
    log = Log()
    started = time.monotonic()
    await budget.pause(0.3)
    tasks = [
        log.start(budget, "reply", 1, lane=Lane.INTERACTIVE),
        log.start(budget, "kit", 2, units=3, lane=Lane.BULK),
        log.start(budget, "edit", None),
    ]
    await asyncio.sleep(0.05)
    await budget.pause(0.1)  # a shorter pause asked meanwhile does not shorten it
    await within(asyncio.gather(*tasks))

    assert set(log.order) == {"reply", "kit", "edit"}
    assert log.order[-1] == "kit", "bulk after interactive once the pause ends"
    assert min(log.at.values()) - started >= 0.3 - EPSILON


async def test_a_pause_asked_while_sends_wait_extends_their_wait() -> None:
    budget = fast_budget(100)
    log = Log()
    await budget.pause(0.1)
    tasks = [log.start(budget, f"send-{n}", n) for n in range(3)]
    await asyncio.sleep(0.05)
    await budget.pause(0.3)  # another 429 while they wait
    extended = time.monotonic()
    await within(asyncio.gather(*tasks))

    assert len(log.order) == 3
    assert min(log.at.values()) - extended >= 0.3 - EPSILON


async def test_a_cancelled_waiter_does_not_hold_up_the_others() -> None:
    budget = fast_budget(1)
    log = Log()
    await within(log.start(budget, "first"))
    cancelled = log.start(budget, "cancelled", lane=Lane.INTERACTIVE)
    queued = log.start(budget, "queued", lane=Lane.BULK)
    await asyncio.sleep(0.01)
    cancelled.cancel()
    later = log.start(budget, "later", lane=Lane.BULK)
    await within(asyncio.gather(queued, later))

    with pytest.raises(asyncio.CancelledError):
        await cancelled
    assert log.order == ["first", "queued", "later"]
    assert budget.waiting() == 0


def test_nonsense_settings_are_refused() -> None:
    for rate, burst, chat_rate in ((0, 4, 1.0), (25, 0, 1.0), (25, 4, 0.0)):
        with pytest.raises(ValueError, match="positive"):
            LocalBudget(rate, chat_burst=burst, chat_rate=chat_rate)
