"""The one outgoing path: every Bot API call the bot makes passes through :class:`Delivery`.

It is a request middleware of the bot's session, so handlers simply call ``bot.send_…``
or ``message.answer(…)`` and get pacing, priority and retries without knowing it:

- **Pacing.** A call that creates messages (``send*``, ``copy*``, ``forward*``; an album
  counts each file) waits for the :class:`~bot.delivery.budget.RateBudget`, globally and
  for its chat, in the lane of the current context (interactive, or bulk inside
  :func:`~bot.delivery.budget.bulk`). An edit counts against the global budget only.
  Callback answers, chat actions and everything else are not messages and never wait.
- **429** (``TelegramRetryAfter``): the whole budget pauses for the ``retry_after``
  Telegram asked, then the call is made again, however long the crowd lasts.
- **5xx, network errors and undecodable answers** (a proxy's plain-text 502 surfaces as
  ``ClientDecodeError``): backoff 0.5, 1, 2 … up to 30 s, and again, without limit.
  A timed-out call may have reached Telegram; it is made again all the same: a message
  or file twice is better than none (a kit's file is worth a duplicate).
- **403 and «chat not found»**: the person cannot be reached. ``on_unreachable`` records
  it (for the author's figures) and :class:`Unreachable` is raised; never retried.
- Anything else (a 400) is raised at once: it is a bug, and retrying would not fix it.

``getUpdates`` is passed through untouched (the intake's loop has its own backoff). Log
lines name the method and the error, never the request URL (which holds the token).

Each method's answer type (aiogram's ``Response[T]``, a pydantic generic class) is kept
here: pydantic caches such classes weakly, so after every full garbage collection the
next call built it again (~4 ms); under a crowd that was dozens of times a minute.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Final

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import SendChatAction, SendMediaGroup, TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.delivery.budget import RateBudget, current_lane

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

BACKOFF: Final = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
MESSAGE_PREFIXES: Final = ("send", "copy", "forward")
NOT_MESSAGES: Final = frozenset({"sendChatAction", "sendChatJoinRequestWebApp"})
UNREACHABLE_400: Final = ("chat not found", "user not found", "peer_id_invalid")

OnUnreachable = Callable[[int], Awaitable[None]]


class Unreachable(Exception):
    """The person blocked the bot, deleted their account, or the chat does not exist."""

    def __init__(self, chat_id: int, reason: str) -> None:
        super().__init__(f"chat {chat_id} cannot be reached: {reason}")
        self.chat_id = chat_id
        self.reason = reason


def _chat_id(method: TelegramMethod[Any]) -> int | None:
    chat_id = getattr(method, "chat_id", None)
    return chat_id if isinstance(chat_id, int) else None


def cost(method: TelegramMethod[Any]) -> tuple[int, bool]:
    """``(units, per_chat)``: how much of the budget a call takes (0: not a message)."""
    name = method.__api_method__
    if isinstance(method, SendMediaGroup):
        return len(method.media), True
    if name in NOT_MESSAGES or isinstance(method, SendChatAction):
        return 0, False
    if name.startswith(MESSAGE_PREFIXES):
        many = getattr(method, "message_ids", None)
        return (len(many) if isinstance(many, list) else 1), True
    if name.startswith("editMessage"):
        return 1, False
    return 0, False


_ANSWER_TYPES: Final[dict[type[TelegramMethod[Any]], type[Response[Any]]]] = {}


def _keep_answer_type(method: TelegramMethod[Any]) -> None:
    """Hold ``Response[T]`` for ``method``'s class (see the module docstring)."""
    kind = type(method)
    if kind not in _ANSWER_TYPES:
        _ANSWER_TYPES[kind] = Response[method.__returning__]  # type: ignore[name-defined]


def _unreachable(error: TelegramForbiddenError | TelegramBadRequest) -> bool:
    if isinstance(error, TelegramForbiddenError):
        return True
    return any(marker in error.message.lower() for marker in UNREACHABLE_400)


class Delivery(BaseRequestMiddleware):
    """Paces, prioritises and retries Bot API calls (see the module docstring)."""

    def __init__(
        self,
        budget: RateBudget,
        *,
        on_unreachable: OnUnreachable | None = None,
        backoff: tuple[float, ...] = BACKOFF,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if not backoff:
            raise ValueError("backoff must not be empty")
        self.budget = budget
        self.on_unreachable = on_unreachable
        self.backoff = backoff
        self._sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        """Make the call as described in the module docstring."""
        _keep_answer_type(method)
        if method.__api_method__ == "getUpdates":
            return await make_request(bot, method)
        units, per_chat = cost(method)
        chat_id = _chat_id(method)
        lane = current_lane()
        name = type(method).__name__
        failures = 0
        while True:
            if units:
                await self.budget.acquire(chat_id if per_chat else None, units, lane)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                log.warning("%s: flood control, everyone waits %s s", name, error.retry_after)
                await self.budget.pause(error.retry_after)
                if not units:  # not paced by the budget: wait here
                    await self._sleep(error.retry_after)
            except (TelegramForbiddenError, TelegramBadRequest) as error:
                if chat_id is None or not _unreachable(error):
                    raise
                log.info("%s: chat %d cannot be reached: %s", name, chat_id, error.message)
                if self.on_unreachable is not None:
                    await self.on_unreachable(chat_id)
                raise Unreachable(chat_id, error.message) from error
            except (TelegramNetworkError, TelegramServerError, ClientDecodeError) as error:
                delay = self.backoff[min(failures, len(self.backoff) - 1)]
                failures += 1
                reason = getattr(error, "message", type(error).__name__)
                log.warning(
                    "%s: %s: %s, attempt %d failed, again in %s s",
                    name,
                    type(error).__name__,
                    str(reason).splitlines()[0].replace(bot.token, "***"),
                    failures,
                    delay,
                )
                await self._sleep(delay)
