"""Saved scenarios, the parts shared by their handlers and the result: versions, saving.

- :func:`save_version`: a result computed after changing an answer of a saved
  scenario is saved as a new scenario under a derived name, the old one untouched;
- nothing is saved twice: a result whose inputs a scenario has already is said to be
  saved as that scenario (:func:`saved_as`).

How names are checked and suggested is :mod:`core.scenarios`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

from bot.features.scenarios import views as scenario_views
from bot.session import Chat
from bot.storage import Scenario, ScenarioLimitReached, ScenarioRepository
from bot.storage.scenarios import DEFAULT_MAX_PER_USER
from core.economics import compute
from core.models import Inputs, InvalidInput, Result
from core.scenarios import numbered, suggest_name

MAX_SCENARIOS: Final = DEFAULT_MAX_PER_USER
ALL_NAMES_LIMIT: Final = 1000
"""Enough to read every name a user keeps (the repository stops at 200)."""


def now() -> datetime:
    """The current time (UTC)."""
    return datetime.now(UTC)


def inputs_of(stored: Mapping[str, Any]) -> Inputs | None:
    """Stored inputs checked by today's rules; ``None`` when they no longer pass."""
    try:
        return Inputs.checked(**stored)
    except (InvalidInput, TypeError):
        return None


def result_of(scenario: Scenario) -> Result | None:
    """The scenario recomputed with today's engine; ``None`` when its inputs no longer pass."""
    inputs = inputs_of(scenario.inputs)
    return None if inputs is None else compute(inputs)


async def names_of(repo: ScenarioRepository, user_id: int) -> set[str]:
    """Every name the user keeps."""
    return {s.name for s in await repo.list_page(user_id, 0, ALL_NAMES_LIMIT)}


async def saved_as(repo: ScenarioRepository, user_id: int, inputs: Inputs) -> Scenario | None:
    """The user's newest scenario with these very inputs (as today's rules read them)."""
    kept = await repo.list_page(user_id, 0, ALL_NAMES_LIMIT)
    return next((s for s in kept if inputs_of(s.inputs) == inputs), None)


async def send_already_saved(chat: Chat, scenario: Scenario) -> None:
    """Say that this result is saved already, as ``scenario``: nothing is saved twice."""
    markup = scenario_views.saved_keyboard(chat.texts, scenario.id)
    await chat.say(chat.msg("scenario-already-saved", name=html.escape(scenario.name)), markup)


async def send_limit(chat: Chat, limit: int, count: int) -> None:
    """The refusal to save one scenario more than the limit, with a way to the oldest ones."""
    markup = scenario_views.limit_keyboard(chat.texts, count)
    await chat.say(chat.msg("scenario-limit", limit=limit), markup)


async def save(
    chat: Chat, repo: ScenarioRepository, name: str, inputs: Mapping[str, Any]
) -> Scenario | None:
    """Save ``inputs`` under ``name``; ``None`` after refusing when the person keeps the limit."""
    try:
        return await repo.save(chat.id, name, inputs)
    except ScenarioLimitReached as full:
        await send_limit(chat, full.limit, await repo.count(chat.id))
        return None


async def send_saved(chat: Chat, saved: Scenario) -> None:
    """Say that ``saved`` is saved, with ways to open it, the list and a new calculation."""
    markup = scenario_views.saved_keyboard(chat.texts, saved.id)
    await chat.say(chat.msg("scenario-saved", name=html.escape(saved.name)), markup)


async def save_version(
    chat: Chat, repo: ScenarioRepository, origin_id: int, inputs: Mapping[str, Any]
) -> Scenario | None:
    """Save a result computed from a changed scenario as a new scenario and say so.

    The new name continues the original's (``Клуб (2)``); when the original is gone
    meanwhile, a suggested name is used instead. The original is never changed.
    Returns the new scenario, ``None`` when nothing was saved.
    """
    checked = inputs_of(inputs)
    same = None if checked is None else await saved_as(repo, chat.id, checked)
    if same is not None:  # no answer really changed, or changed back to another scenario's
        await send_already_saved(chat, same)
        return None
    original = await repo.get(chat.id, origin_id)
    taken = await names_of(repo, chat.id)
    if original is not None:
        name = numbered(original.name, taken)
    elif checked is not None:
        name = suggest_name(chat.texts, checked, now(), taken)
    else:
        return None
    saved = await save(chat, repo, name, inputs)
    if saved is None:
        return None
    if original is None:
        await send_saved(chat, saved)
        return saved
    text = chat.msg(
        "scenario-version-saved", name=html.escape(saved.name), origin=html.escape(original.name)
    )
    await chat.say(text, scenario_views.version_keyboard(chat.texts, original.id, saved.id))
    return saved
