"""Buttons of saved scenarios; those carrying an id are checked against the person."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field


class ScenarioAction(StrEnum):
    """Buttons of saved scenarios; ``id`` and ``other`` are scenario ids, ``page`` a list page."""

    LIST = "l"  # page: send the list
    LIST_HERE = "lh"  # page: the list in place of the message the button is under
    PAGE = "lp"  # page: turn the page of the list in place
    OPEN = "o"  # id
    OPEN_HERE = "oh"  # id: the scenario's card in place of the list
    EDIT = "e"  # id: change an answer, the result becomes a new scenario
    RENAME = "r"  # id
    DELETE = "d"  # id: ask to confirm
    DELETE_YES = "dy"  # id
    KEEP = "k"  # id: do not delete
    PICK = "p"  # id, page: choose the scenario to compare ``id`` with
    PICK_PAGE = "pp"  # id, page: turn the page of that choice in place
    COMPARE = "c"  # id, other
    KEEP_NAME = "n"  # save under the suggested name
    CANCEL = "x"  # stop typing a name


ScenarioId = Annotated[int, Field(ge=0, le=2**63 - 1)]


"""A scenario id as SQLite keeps it: a forged larger number is refused before any handler."""


class ScenarioCb(CallbackData, prefix="sc"):
    """A button about the user's saved scenarios; every id is checked against who pressed it."""

    action: ScenarioAction
    id: ScenarioId = 0
    other: ScenarioId = 0
    page: Annotated[int, Field(ge=0, le=1000)] = 0
