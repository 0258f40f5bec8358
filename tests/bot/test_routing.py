"""The way to a handler: it stays in the event loop (no filter or handler runs in a thread),
and a typed answer, the crowd's hot path, reaches the dialog past every other router
while commands and the word «LTV» typed in the middle of a question still reach theirs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Dispatcher, F, Router
from aiogram.dispatcher.event.handler import CallableObject
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Chat, Message

from bot.app import create_dispatcher
from bot.ui.filters import Magic
from l10n import Texts
from tests.bot.harness import BotClient, Harness, open_dialog


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


class _Passed:
    """The names of the routers an update passed, in order (the dispatcher's left out)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, dispatcher: Dispatcher) -> None:
        self.names: list[str] = []
        propagate = Router.propagate_event

        async def spy(router: Router, update_type: str, event: Any, **kwargs: Any) -> Any:
            if router is not dispatcher:
                self.names.append(router.name)
            return await propagate(router, update_type, event, **kwargs)

        monkeypatch.setattr(Router, "propagate_event", spy)


async def test_a_typed_answer_goes_to_the_dialog_past_every_other_router(
    monkeypatch: pytest.MonkeyPatch, harness: Harness, client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    passed = _Passed(monkeypatch, harness.dispatcher)

    refused = await client.send("сколько-то")
    accepted = await client.send("3 000")

    assert passed.names == ["dialog-answers", "dialog-answers"]
    assert refused.text.startswith(texts.msg("error-not-a-number"))
    assert texts.msg("progress", number=3, total=5) in accepted.text


async def test_a_typed_figure_goes_to_the_dialog_past_every_other_router(
    monkeypatch: pytest.MonkeyPatch, harness: Harness, client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Повторные покупки")
    await client.press(client.last_message, "Не знаю")
    await client.press(client.last_message, texts.msg("btn-estimate-price"))
    passed = _Passed(monkeypatch, harness.dispatcher)

    sent = await client.send("1,5 млн")

    assert passed.names == ["dialog-answers"]
    assert texts.msg("figure-payments") in sent.text


@pytest.mark.parametrize(
    ("text", "router"),
    [
        ("/cancel", "cancel"),
        ("/stop", "consent"),
        ("/help", "menu"),
        ("/start", "menu"),
        ("/import", "orders"),
        ("LTV", "toolkit"),
        ("«лтв»", "toolkit"),
        ("/toolkit", "toolkit"),
        ("/checklist", "toolkit"),
        ("/calc", "dialog"),
    ],
)
async def test_in_the_middle_of_a_question_a_command_or_the_word_reaches_its_feature(
    monkeypatch: pytest.MonkeyPatch, harness: Harness, client: BotClient, text: str, router: str
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    passed = _Passed(monkeypatch, harness.dispatcher)

    await client.send(text)

    assert passed.names[-1] == router, "handled by the last router the message passed"
