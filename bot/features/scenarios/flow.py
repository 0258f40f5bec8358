"""Saved scenarios, the parts shared by their handlers and the result: names and versions.

- names: a typed name is normalised (runs of white space become one space, what shows
  nothing at either end dropped) and refused, never cut, when nothing in it shows, when
  it is longer than 64 characters as a person counts them (``👍🏽`` is one) or looks
  like a command;
- the suggested name of a new scenario: model, price and the day, made unique
  among the user's names with a ``(2)``, ``(3)`` suffix;
- :func:`save_version`: a result computed after changing an answer of a saved
  scenario is saved as a new scenario under a derived name, the old one untouched;
- nothing is saved twice: a result whose inputs a scenario has already is said to be
  saved as that scenario (:func:`saved_as`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any, Final

from bot.features.scenarios import views as scenario_views
from bot.session import Chat
from bot.storage import Scenario, ScenarioLimitReached, ScenarioRepository
from bot.storage.scenarios import DEFAULT_MAX_PER_USER, MAX_NAME_LENGTH
from bot.ui.graphemes import cut, graphemes, length, visible
from core import formatting
from core.economics import compute
from core.models import BusinessModel, Inputs, InvalidInput, Result
from l10n import Texts

MAX_SCENARIOS: Final = DEFAULT_MAX_PER_USER
ALL_NAMES_LIMIT: Final = 1000
"""Enough to read every name a user keeps (the repository stops at 200)."""

_SPACE = re.compile(r"[^\S\u00a0]+")
"""Runs of white space other than the no-break space (kept: ``3 000 ₽`` must not break)."""
_NUMBERED = re.compile(r"^(?P<stem>.*\S) \((?P<number>\d{1,4})\)$")


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def normalise_name(text: str) -> str:
    """The name as it will be kept: inner runs of space (line breaks, tabs) made one space,
    surrounding space dropped, control characters and bidi overrides removed (they would
    reorder or hide the text around the name in lists and messages)."""
    kept = "".join(ch for ch in _SPACE.sub(" ", text) if not _invisible(ch))
    clusters = graphemes(kept)
    start, end = 0, len(clusters)
    while start < end and not visible(clusters[start]):  # zero-width spaces, marks, fillers
        start += 1
    while end > start and not visible(clusters[end - 1]):
        end -= 1
    return "".join(clusters[start:end])


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS


def name_problem(texts: Texts, name: str) -> str | None:
    """Why ``name`` (already normalised) cannot be a scenario name, or ``None`` when it can."""
    if not name:
        return texts.msg("scenario-name-empty")
    if not visible(name):
        return texts.msg("scenario-name-invisible")
    if (shown := length(name)) > MAX_NAME_LENGTH:
        return texts.msg("scenario-name-too-long", length=shown, max=MAX_NAME_LENGTH)
    if name.startswith("/"):
        return texts.msg("scenario-name-command")
    return None


def numbered(name: str, taken: Collection[str]) -> str:
    """``name`` if free, else ``name (2)``, ``name (3)``… (an existing number is continued).

    The stem is shortened with "…" when the suffix would make the name too long.
    """
    if name not in taken:
        return name
    stem, number = name, 2
    match = _NUMBERED.match(name)
    if match is not None:
        stem, number = match["stem"], int(match["number"]) + 1
    while True:
        suffix = f" ({number})"
        room = MAX_NAME_LENGTH - len(suffix)
        base = cut(stem, room, scenario_views.ELLIPSIS)
        candidate = base + suffix
        if candidate not in taken:
            return candidate
        number += 1


def suggest_name(texts: Texts, inputs: Inputs, now: datetime, taken: Collection[str]) -> str:
    """``Подписка 3 000 ₽ · 22.11``: model, price and the day, unique among ``taken``."""
    model_key = (
        "scenario-model-subscription"
        if inputs.model is BusinessModel.SUBSCRIPTION
        else "scenario-model-purchases"
    )
    name = texts.msg(
        "scenario-suggested-name",
        model=texts.msg(model_key),
        price=formatting.money(inputs.price),
        date=now.astimezone(scenario_views.MOSCOW).strftime("%d.%m"),
    )
    return numbered(normalise_name(name), taken)


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
