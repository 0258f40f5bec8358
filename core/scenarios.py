"""Scenario names: what a typed name becomes, when it is refused, and the name suggested.

- a typed name is normalised (runs of white space become one space, control characters
  and bidi overrides removed, what shows nothing at either end dropped) and refused,
  never cut, when nothing in it shows, when it has more than :data:`MAX_NAME_LENGTH`
  characters as a person counts them (``👍🏽`` is one) or looks like a command;
- a name on a button (:func:`button_name`) is cut by drawn character, keeps its number
  and leaves out the day it ends with when the button shows that day beside it;
- a suggested name says what the scenario is — its model, price and day, or the orders
  file it was calculated from and the day — and is made unique among the person's
  names with `` (2)``, `` (3)``… (:func:`numbered`), never longer than the limit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from datetime import datetime
from typing import Final

from core import formatting
from core.graphemes import cut, graphemes, head, length, visible
from core.models import BusinessModel, Inputs
from l10n import Texts

MAX_NAME_LENGTH: Final = 64
"""Characters as a person counts them."""
MAX_NAME_UNITS: Final = 4 * MAX_NAME_LENGTH
"""UTF-16 code units, as Telegram counts a text: 64 emoji with a skin tone fit; one letter
stacked with hundreds of marks or fillers, which counts as one character, does not (it
would push a scenario's card past Telegram's limits)."""
FILE_STEM_CHARS: Final = 48
"""The orders file's part of a suggested name: room is left for the day."""
ELLIPSIS: Final = "\u2026"

_SPACE: Final = re.compile(r"[^\S\u00a0]+")
"""Runs of white space other than the no-break space (kept: ``3 000 ₽`` must not break)."""
_NUMBERED: Final = re.compile(r"^(?P<stem>.*\S) \((?P<number>\d{1,4})\)$")
_NUMBER: Final = re.compile(r"\d(?:[\d\u00a0 ,.]*\d)?")
"""A number as names write it: ``3 000``, ``2,5``, ``15.11``."""
_DAY_SEPARATORS: Final = " \u00a0\u00b7,-\u2013\u2014"
"""What may stand between a name and the day written at its end (``Клуб · 22.11``)."""
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_TABLE_EXTENSIONS: Final = frozenset({"csv", "xlsx", "xls", "txt", "tsv"})


def normalise_name(text: str) -> str:
    """The name as it will be kept: inner runs of space (line breaks, tabs) made one space,
    control characters and bidi overrides removed (they would reorder or hide the text
    around the name in lists and messages), nothing invisible left at either end."""
    kept = "".join(ch for ch in text if ch.isspace() or not _hidden_control(ch))
    clusters = graphemes(_SPACE.sub(" ", kept))
    start, end = 0, len(clusters)
    while start < end and not visible(clusters[start]):  # zero-width spaces, marks, fillers
        start += 1
    while end > start and not visible(clusters[end - 1]):
        end -= 1
    return "".join(clusters[start:end])


def _hidden_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS


def storable(name: str) -> bool:
    """Whether ``name`` may be kept at all: something in it shows, and it is within the limits."""
    return visible(name) and length(name) <= MAX_NAME_LENGTH and _units(name) <= MAX_NAME_UNITS


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def name_problem(texts: Texts, name: str) -> str | None:
    """Why ``name`` (already normalised) cannot be a scenario name, or ``None`` when it can."""
    if not name:
        return texts.msg("scenario-name-empty")
    if not visible(name):
        return texts.msg("scenario-name-invisible")
    if (shown := length(name)) > MAX_NAME_LENGTH:
        return texts.msg("scenario-name-too-long", length=shown, max=MAX_NAME_LENGTH)
    if _units(name) > MAX_NAME_UNITS:
        return texts.msg("scenario-name-too-heavy")
    if name.startswith("/"):
        return texts.msg("scenario-name-command")
    return None


def numbered(name: str, taken: Collection[str]) -> str:
    """``name`` if free, else ``name (2)``, ``name (3)``… (an existing number is continued).

    The stem is shortened with "…" when the suffix would make the name too long.
    """
    if name not in taken:
        return _fitted(name, "")
    stem, number = name, 2
    match = _NUMBERED.match(name)
    if match is not None:
        stem, number = match["stem"], int(match["number"]) + 1
    while True:
        suffix = f" ({number})"
        candidate = _fitted(stem, suffix)
        if candidate not in taken:
            return candidate
        number += 1


def _fitted(stem: str, suffix: str) -> str:
    """``stem`` cut with "…" so that followed by ``suffix`` it is within both limits."""
    room = MAX_NAME_LENGTH - length(suffix)
    candidate = cut(stem, room, ELLIPSIS) + suffix
    while _units(candidate) > MAX_NAME_UNITS and room > 1:
        room -= 1
        candidate = cut(stem, room, ELLIPSIS) + suffix
    return candidate


def button_name(name: str, day: str, limit: int) -> str:
    """``name`` for a button that shows ``day`` (the day it was saved) beside it: the day
    written at its end left out (``Покупки 15 000 ₽ · 22.11 (2)`` → ``Покупки 15 000 ₽ (2)``),
    cut by drawn character to ``limit`` with "…", its number `` (2)`` kept whole."""
    stem, suffix = name, ""
    match = _NUMBERED.match(name)
    if match is not None:
        stem, suffix = match["stem"], name[match.end("stem") :]
    before = stem.removesuffix(day)
    if before != stem and before.endswith(tuple(_DAY_SEPARATORS)):
        rest = before.rstrip(_DAY_SEPARATORS)
        if visible(rest):
            stem = rest
    room = limit - length(suffix)
    if room < 2:
        return _cut_whole_numbers(stem + suffix, limit)
    return _cut_whole_numbers(stem, room) + suffix


def _cut_whole_numbers(text: str, limit: int) -> str:
    """:func:`cut`, but a number is left out rather than cut: ``3…`` of ``3 000 ₽`` would
    read as another price."""
    shown = cut(text, limit, ELLIPSIS)
    if shown == text:
        return shown
    end = len(shown) - len(ELLIPSIS)
    for number in _NUMBER.finditer(text):
        if number.start() < end < number.end():
            before = head(text, number.start()).rstrip()
            if visible(before):
                return before + ELLIPSIS
    return shown


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
        date=formatting.day_month(now),
    )
    return numbered(normalise_name(name), taken)


def suggest_file_name(texts: Texts, file_name: str, now: datetime, taken: Collection[str]) -> str:
    """``orders_2024 · 22.11``: the orders file's name without its extension (cut to
    :data:`FILE_STEM_CHARS`) and the day, unique among ``taken``."""
    stem = normalise_name(file_name)
    base, dot, extension = stem.rpartition(".")
    if dot and normalise_name(base) and extension.lower() in _TABLE_EXTENSIONS:
        stem = normalise_name(base)
    day = formatting.day_month(now)
    name = texts.msg("orders-scenario-name", file=cut(stem, FILE_STEM_CHARS, ELLIPSIS), date=day)
    return numbered(normalise_name(name), taken)
