"""The sending budget shared by replicas: :class:`RedisBudget`, one per bot token, in Redis.

Telegram counts a bot's messages per token, whichever process sends them, so replicas
must share one budget. The rules are :class:`~bot.delivery.budget.LocalBudget`'s, kept
in Redis by Lua scripts that each check and record at once (atomically) on the server's
clock, so every replica sees the same numbers:

- **global**: at most ``rate`` units in any window of ``1 s + guard``, a sliding log (a
  sorted set of one member per unit sent), and grants spaced ``units × window / rate``
  apart across all replicas, so that a crowd's sends never clump at the start of a window.
  The script records a send that fits and answers 0, or answers how long until it would;
- **per chat**: a token bucket of ``chat_burst`` units refilled at ``chat_rate`` a second;
  a send reserves its units at once and waits its turn, as locally;
- **pause**: a 429 taken by any replica holds every replica until ``retry_after`` is over
  (one key with the moment it ends);
- **lanes**: within a replica, interactive sends ask for a place before any bulk one,
  first come first served within a lane (across replicas, the window is shared as it
  comes).

Keys live under ``ltv:budget:{<hash of the token>}`` — never the token itself; the braces
keep them in one slot of a Redis cluster. If Redis stops answering, sends wait and the
replica asks again every second (the FSM, in Redis too, would fail the update anyway).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import Final

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.delivery.budget import CHAT_BURST, CHAT_RATE, DEFAULT_RATE, GUARD, LanedBudget

log = logging.getLogger(__name__)

MICRO: Final = 1_000_000
RETRY: Final = 1.0
"""Seconds before asking Redis again after it failed to answer."""

# KEYS: window (sorted set), pause (string), sequence (counter), next grant (string).
# ARGV: rate, window in µs, units. Returns 0 (recorded) or µs to wait.
WINDOW_SCRIPT: Final = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return paused - now end
local spaced = tonumber(redis.call('GET', KEYS[4]) or '0')
if spaced > now then return spaced - now end
local rate, span, units = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
local excess = redis.call('ZCARD', KEYS[1]) + units - rate
if excess > 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], excess - 1, excess - 1, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + span - now)
end
local last = redis.call('INCRBY', KEYS[3], units)
for member = last - units + 1, last do
  redis.call('ZADD', KEYS[1], now, member)
end
redis.call('PEXPIRE', KEYS[1], math.ceil(span / 1000) + 1000)
local gap = units * span / rate
redis.call('SET', KEYS[4], string.format('%.0f', now + gap), 'PX', math.ceil(gap / 1000) + 1000)
return 0
"""

# KEYS: the chat's bucket (hash). ARGV: burst, rate per second, units.
# Takes the units (the bucket may go below zero); returns the µs to wait for them.
CHAT_SCRIPT: Final = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local burst, rate, units = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(state[1]) or burst
local stamp = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - stamp) * rate / 1000000) - units
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens),
  'stamp', string.format('%.0f', now))
local debt = math.max(0, -tokens)
redis.call('PEXPIRE', KEYS[1], math.ceil((burst + debt) / rate * 1000) + 1000)
if debt == 0 then return 0 end
return math.ceil(debt / rate * 1000000)
"""

# KEYS: pause. ARGV: µs. The longest pause asked wins.
PAUSE_SCRIPT: Final = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local wanted = now + tonumber(ARGV[1])
if wanted > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], string.format('%.0f', wanted),
    'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
end
return 0
"""


def budget_prefix(token: str) -> str:
    """The keys' prefix for the bot ``token``: a hash of it, never the token."""
    digest = hashlib.sha256(token.encode()).hexdigest()[:20]
    return f"ltv:budget:{{{digest}}}"


class RedisBudget(LanedBudget):
    """:class:`~bot.delivery.budget.RateBudget` shared through Redis (module docstring)."""

    def __init__(
        self,
        redis: Redis,
        token: str,
        rate: int = DEFAULT_RATE,
        *,
        chat_burst: int = CHAT_BURST,
        chat_rate: float = CHAT_RATE,
        guard: float = GUARD,
    ) -> None:
        super().__init__(rate, chat_burst=chat_burst, chat_rate=chat_rate, guard=guard)
        self.prefix = budget_prefix(token)
        self._redis = redis
        self._window_script = redis.register_script(WINDOW_SCRIPT)
        self._chat_script = redis.register_script(CHAT_SCRIPT)
        self._pause_script = redis.register_script(PAUSE_SCRIPT)
        self._failing = False

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    async def pause(self, seconds: float) -> None:
        """Hold every sender of every replica until ``seconds`` from now."""
        try:
            await self._pause_script(keys=[self._key("pause")], args=[round(seconds * MICRO)])
        except RedisError as error:
            log.warning("could not share a pause of %s s in Redis: %s", seconds, error)
            await asyncio.sleep(seconds)  # this replica at least keeps it
        self._wake()

    async def _reserve_chat(self, chat_id: int, units: int) -> float:
        try:
            wait = await self._chat_script(
                keys=[self._key(f"chat:{chat_id}")],
                args=[self.chat_burst, self.chat_rate, units],
            )
        except RedisError as error:
            log.warning("chat %d paced without Redis (%s)", chat_id, error)
            return 1.0 / self.chat_rate
        return int(wait) / MICRO

    async def _take(self, units: int) -> float:
        try:
            wait = await self._window_script(
                keys=[
                    self._key("window"),
                    self._key("pause"),
                    self._key("seq"),
                    self._key("next"),
                ],
                args=[self.rate, round(self.window * MICRO), units],
            )
        except RedisError as error:
            if not self._failing:
                log.error("the sending budget cannot reach Redis (%s); sends wait", error)
            self._failing = True
            return RETRY
        if self._failing:
            log.info("the sending budget reaches Redis again")
            self._failing = False
        return int(wait) / MICRO
