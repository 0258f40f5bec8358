"""The sending budget: Telegram's limits kept by the bot itself, interactive before bulk.

Telegram lets a bot send about 30 messages a second across all chats (each file of an
album counts) and about one a second in one chat, short bursts allowed; beyond that it
answers 429. :class:`LocalBudget` keeps a process under both by itself:

- **global**: at most ``rate`` units in any window of ``1 s + guard`` (a sliding log),
  and grants spaced ``units × window / rate`` apart, so that a crowd's sends never
  clump at the start of a window and leave a person's reply waiting for the next one.
  The guard absorbs the jitter between the moment a send is allowed here and the moment
  Telegram counts it, so that pacing at Telegram's own rate still takes no 429;
- **per chat**: a token bucket of ``chat_burst`` units refilled at ``chat_rate`` a second.
  A send reserves its units at once (the bucket may go below zero) and waits until its
  turn: sends to one chat keep their order without a lock;
- **lanes**: among the sends waiting for the global window, every interactive one (the
  reply to what a person just did) goes before any bulk one (the kit's files, broadcasts),
  first come first served within a lane;
- **pause**: a 429 that still happens (another program on the same token, a stricter
  Telegram) stops every sender for the ``retry_after`` asked, as it is one budget.

:class:`RateBudget` is the interface: a shared store (Redis) implements it so that
several replicas share one budget per bot token; :class:`LanedBudget` is what both
budgets share (the limits, the lanes and the scheduler that grants in their order).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Final, Protocol

DEFAULT_RATE: Final = 25
CHAT_BURST: Final = 4
CHAT_RATE: Final = 1.0
WINDOW: Final = 1.0
GUARD: Final = 0.08


class Lane(IntEnum):
    """Priority of a send; lower goes first."""

    INTERACTIVE = 0
    BULK = 1


_lane: ContextVar[Lane] = ContextVar("delivery_lane", default=Lane.INTERACTIVE)


def current_lane() -> Lane:
    """The lane of sends made in this context (interactive unless inside :func:`bulk`)."""
    return _lane.get()


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Sends made inside go in the bulk lane."""
    token = _lane.set(Lane.BULK)
    try:
        yield
    finally:
        _lane.reset(token)


class RateBudget(Protocol):
    """One budget per bot token: ``acquire`` before a message goes out."""

    async def acquire(self, chat_id: int | None, units: int, lane: Lane) -> None:
        """Return when ``units`` messages may go to ``chat_id`` (None: global budget only)."""
        ...

    async def pause(self, seconds: float) -> None:
        """Telegram said 429: nobody sends for ``seconds``."""
        ...


@dataclass
class _ChatBucket:
    tokens: float
    stamp: float


@dataclass(order=True)
class _Waiter:
    lane: Lane
    seq: int
    units: int = field(compare=False)
    granted: asyncio.Future[None] = field(compare=False)


class LanedBudget(ABC):
    """What every budget shares: the limits, and the sends waiting for the global window,
    granted one at a time in lane order by one scheduler task.

    A budget says how long a chat's send must wait (:meth:`_reserve_chat`) and takes a
    place in its global window (:meth:`_take`); :meth:`_wake` the scheduler when a pause
    changes what it waits for.
    """

    def __init__(
        self,
        rate: int = DEFAULT_RATE,
        *,
        chat_burst: int = CHAT_BURST,
        chat_rate: float = CHAT_RATE,
        guard: float = GUARD,
    ) -> None:
        if rate < 1 or chat_burst < 1 or chat_rate <= 0:
            raise ValueError("rates and burst must be positive")
        self.rate = rate
        self.window = WINDOW + guard
        self.chat_burst = chat_burst
        self.chat_rate = chat_rate
        self._waiting: list[_Waiter] = []
        self._seq = itertools.count()
        self._wakeup = asyncio.Event()
        self._scheduler: asyncio.Task[None] | None = None

    @abstractmethod
    async def _reserve_chat(self, chat_id: int, units: int) -> float:
        """Take ``units`` from the chat's bucket; the seconds to wait for them."""

    @abstractmethod
    async def _take(self, units: int) -> float:
        """Record ``units`` in the global window if they may go now: 0, else seconds to wait."""

    async def acquire(self, chat_id: int | None, units: int, lane: Lane) -> None:
        """Wait for the chat's pace, then for a place in the global window in ``lane``."""
        units = max(1, min(units, self.rate))
        if chat_id is not None and (delay := await self._reserve_chat(chat_id, units)) > 0:
            await asyncio.sleep(delay)
        granted = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, _Waiter(lane, next(self._seq), units, granted))
        if self._scheduler is None or self._scheduler.done():
            self._scheduler = asyncio.get_running_loop().create_task(self._schedule())
        self._wake()
        await granted

    def waiting(self) -> int:
        """How many sends wait for the global window now."""
        return len(self._waiting)

    def _wake(self) -> None:
        """Make the scheduler look again before its wait is up."""
        self._wakeup.set()

    async def _schedule(self) -> None:
        """Grant waiting sends in priority order as the window and pauses allow."""
        while self._waiting:
            self._wakeup.clear()
            head = self._waiting[0]
            if head.granted.done():  # its sender was cancelled
                heapq.heappop(self._waiting)
                continue
            wait = await self._take(head.units)
            if wait <= 0:
                if self._waiting[0] is head:
                    heapq.heappop(self._waiting)
                else:  # a send of a higher lane came while ``_take`` awaited
                    self._waiting.remove(head)
                    heapq.heapify(self._waiting)
                if not head.granted.done():
                    head.granted.set_result(None)
                continue
            # A higher-priority arrival or a pause wakes us before the time is up. (A timer
            # that sets the event: ``wait_for`` made a task per wait, twice per send.)
            timer = asyncio.get_running_loop().call_later(wait, self._wakeup.set)
            try:
                await self._wakeup.wait()
            finally:
                timer.cancel()


class LocalBudget(LanedBudget):
    """The budget of one process (see the module docstring); ``clock`` is injectable."""

    def __init__(
        self,
        rate: int = DEFAULT_RATE,
        *,
        chat_burst: int = CHAT_BURST,
        chat_rate: float = CHAT_RATE,
        guard: float = GUARD,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(rate, chat_burst=chat_burst, chat_rate=chat_rate, guard=guard)
        self._clock = clock
        self._sent: deque[tuple[float, int]] = deque()  # (time, units) within the window
        self._in_window = 0
        self._chats: dict[int, _ChatBucket] = {}
        self._paused_until = 0.0
        self._next_grant = 0.0  # grants are spaced: none before this time

    async def pause(self, seconds: float) -> None:
        """Hold every sender until ``seconds`` from now (the longest pause asked wins)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)
        self._wake()

    async def _reserve_chat(self, chat_id: int, units: int) -> float:
        now = self._clock()
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if len(self._chats) > 10_000:
                self._forget_idle_chats(now)
            bucket = self._chats[chat_id] = _ChatBucket(self.chat_burst, now)
        bucket.tokens = min(self.chat_burst, bucket.tokens + (now - bucket.stamp) * self.chat_rate)
        bucket.stamp = now
        bucket.tokens -= units
        return max(0.0, -bucket.tokens / self.chat_rate)

    def _forget_idle_chats(self, now: float) -> None:
        full_after = self.chat_burst / self.chat_rate
        for chat_id, bucket in list(self._chats.items()):
            if now - bucket.stamp > full_after and bucket.tokens >= 0:
                del self._chats[chat_id]

    def _window_wait(self, units: int, now: float) -> float:
        """Seconds until ``units`` more fit in the window (0: they fit now)."""
        while self._sent and self._sent[0][0] <= now - self.window:
            self._in_window -= self._sent.popleft()[1]
        excess = self._in_window + units - self.rate
        if excess <= 0:
            return 0.0
        for stamp, sent in self._sent:
            excess -= sent
            if excess <= 0:
                return stamp + self.window - now
        raise AssertionError("units never exceed the rate")  # pragma: no cover

    async def _take(self, units: int) -> float:
        now = self._clock()
        wait = max(
            self._paused_until - now,
            self._next_grant - now,
            self._window_wait(units, now),
        )
        if wait > 0:
            return wait
        self._sent.append((now, units))
        self._in_window += units
        # On the ideal timeline, not the late one: event-loop lag must not add up
        # (at most one interval is caught up; the window still bounds any burst).
        interval = self.window / self.rate
        start = max(self._next_grant, now - interval)
        self._next_grant = start + units * interval
        return 0.0
