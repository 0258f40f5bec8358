"""Who writes to the bot, for the author: an update middleware, and the owners' command menu.

:class:`Visits` records each person as they write: name and @username as they are now,
the first touch's source (a deep link's, else ``direct``), the last activity, and that
someone who writes can be reached again. The first time, it is a ``new`` event.

So as not to add a database write to every dialog step, a person is written at most once
every :data:`REFRESH` seconds, unless their name changed or the update carries a deep link;
last activity is therefore a few minutes coarse. :meth:`Visits.forget` drops a person
from that memory (the outgoing path calls it on a 403, so that the next message they send
marks them reachable at once). Telegram's word that a person blocked or unblocked the bot
(``my_chat_member``) is not a visit: the consent router's handlers record it, at once —
an unblocking person is reachable again even where another replica found the 403 and
this one remembers them as seen. A failed write is logged and never costs the reply.

:class:`OwnerMenu` gives each owner the command menu with the owner's commands, scoped to
their chat (nobody else's menu shows them). Telegram refuses a chat scope until the owner
has written to the bot, so an owner it could not be set for gets it on their next update.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Any, Final

from aiogram import BaseMiddleware, Bot
from aiogram.types import BotCommand, BotCommandScopeChat, TelegramObject, Update, User

from bot.features.owner.sources import source_of_message
from bot.storage.owner import Audience, Visit

log = logging.getLogger(__name__)

REFRESH: Final = 300.0
"""Seconds between two writes of a person who keeps writing (name unchanged)."""
REMEMBERED: Final = 50_000
"""People kept in memory; the least recent are forgotten first."""


class Visits(BaseMiddleware):
    """An outer update middleware: record the person (needs ``audience`` in the data)."""

    def __init__(
        self, refresh: float = REFRESH, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.refresh = refresh
        self._clock = clock
        self._seen: OrderedDict[int, tuple[str | None, str, float]] = OrderedDict()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        """Record the person who sent ``event``, then handle it."""
        user = data.get("event_from_user")
        audience = data.get("audience")
        membership = isinstance(event, Update) and event.my_chat_member is not None
        if isinstance(user, User) and not user.is_bot and audience is not None and not membership:
            await self._touch(audience, user, event)
        menu = data.get("owner_menu")
        if isinstance(user, User) and isinstance(menu, OwnerMenu):
            await menu.ensure(data["bot"], user.id)
        return await handler(event, data)

    def forget(self, user_id: int) -> None:
        """Write this person again on their next update."""
        self._seen.pop(user_id, None)

    async def _touch(self, audience: Audience, user: User, event: TelegramObject) -> None:
        message = event.message if isinstance(event, Update) else None
        source = source_of_message(message.text) if message is not None else None
        now, name = self._clock(), user.full_name
        seen = self._seen.get(user.id)
        unchanged = (
            seen is not None and seen[:2] == (user.username, name) and now - seen[2] < self.refresh
        )
        if unchanged and source is None:
            return
        visit = Visit(user.id, name, user.username, source)
        try:
            await audience.touch(visit)
        except Exception:
            log.warning("could not record that %d wrote", user.id, exc_info=True)
            return
        self._seen[user.id] = (user.username, name, now)
        self._seen.move_to_end(user.id)
        while len(self._seen) > REMEMBERED:
            self._seen.popitem(last=False)


class OwnerMenu:
    """The command menu of each owner: everyone's commands and the owner's own."""

    def __init__(self, owners: Collection[int], commands: Sequence[BotCommand]) -> None:
        self.owners = frozenset(owners)
        self.commands = list(commands)
        self._published: set[int] = set()

    async def publish(self, bot: Bot) -> None:
        """Set every owner's menu (those Telegram refuses now get it when they write)."""
        for owner in sorted(self.owners - self._published):
            await self._set(bot, owner)

    async def ensure(self, bot: Bot, user_id: int) -> None:
        """Set ``user_id``'s menu if they are an owner without one yet."""
        if user_id in self.owners and user_id not in self._published:
            await self._set(bot, user_id)

    async def _set(self, bot: Bot, owner: int) -> None:
        try:
            await bot.set_my_commands(self.commands, scope=BotCommandScopeChat(chat_id=owner))
        except Exception as error:
            log.warning(
                "owner %d: no owner's menu yet (%s); it is set once they write to the bot",
                owner,
                str(error).splitlines()[0] if str(error) else type(error).__name__,
            )
            return
        self._published.add(owner)
