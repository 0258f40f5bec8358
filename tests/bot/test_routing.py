"""The way to a handler stays in the event loop: no filter or handler runs in a thread."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import F
from aiogram.dispatcher.event.handler import CallableObject
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Chat, Message

from bot.app import create_dispatcher
from bot.ui.filters import Magic
from l10n import Texts


def _in_threads() -> list[str]:
    """Filters and handlers of the app's dispatcher that aiogram would run in a thread."""
    found: list[str] = []
    for router in create_dispatcher(MemoryStorage(), Texts.load()).chain_tail:
        for name, observer in router.observers.items():
            root = observer._handler.filters or []  # the router's own filters
            checks: list[CallableObject] = [*root]
            for handler in observer.handlers:
                checks += [handler, *(handler.filters or [])]
            found += [f"{router.name} {name}: {c.callback!r}" for c in checks if not c.awaitable]
    return found


def test_no_filter_or_handler_of_the_app_runs_in_a_thread() -> None:
    assert _in_threads() == []


async def test_magic_gives_what_the_magic_filter_gives() -> None:
    message = Message(
        message_id=1, date=datetime.now(UTC), chat=Chat(id=1, type="private"), text="3 000"
    )
    assert await Magic(F.text)(message) == "3 000"
    assert await Magic(F.document)(message) is None
    assert await Magic(~F.text.startswith("/"))(message) is True
