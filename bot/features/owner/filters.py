"""The filter that lets owners, and only them, through to the owner's handlers.

Registered on the owner router as a whole (messages and button presses): anyone else's
``/stats``, ``/leads`` or ``/broadcast``, or a forged owner button, falls through to the
handlers that answer any unknown command or stale button, and learns nothing.
"""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from bot.config import Settings


def is_owner(user_id: int | None, settings: Settings) -> bool:
    """Whether ``user_id`` is one of ``OWNER_IDS``."""
    return user_id is not None and user_id in settings.owner_ids


class IsOwner(Filter):
    """Passes messages and button presses of the owners (``OWNER_IDS``)."""

    async def __call__(self, event: Message | CallbackQuery, settings: Settings) -> bool:
        user = event.from_user
        return is_owner(user.id if user is not None else None, settings)
