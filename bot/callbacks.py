"""Every inline button's callback data, as typed factories with short prefixes.

Telegram allows 1–64 bytes of callback data; prefixes and values here stay short
and ASCII. Callbacks that carry an object id are checked against the user who
pressed them by the handler that receives them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field


class MenuAction(StrEnum):
    """Buttons of the main menu."""

    CALC = "calc"
    HELP = "help"
    HOME = "home"
    SCENARIOS = "scen"
    TOOLKIT = "kit"
    CHECKLIST = "check"
    RESUME = "resume"  # back to the open question after the kit


class MenuCb(CallbackData, prefix="m"):
    """A main-menu button."""

    action: MenuAction


class StepAction(StrEnum):
    """Buttons under a dialog question and the review screen."""

    MODEL = "model"  # value: BusinessModel
    PICK = "pick"  # value: a quick-pick number
    SKIP = "skip"
    HINT = "hint"
    BACK = "back"
    CANCEL = "cancel"
    EDIT = "edit"  # value: the field to change
    COMPUTE = "go"


class StepCb(CallbackData, prefix="s"):
    """A button of the calculation dialog."""

    action: StepAction
    value: str = ""


class ResultAction(StrEnum):
    """Buttons under a result."""

    SAVE = "save"
    WHAT_IF = "whatif"
    EDIT = "edit"
    NEW = "new"
    CHECKLIST = "check"


class ResultCb(CallbackData, prefix="r"):
    """A button under a result; ``ref`` names that result, so an older one's buttons are stale."""

    action: ResultAction
    ref: int = 0


class ScenarioAction(StrEnum):
    """Buttons of saved scenarios; ``id`` and ``other`` are scenario ids, ``page`` a list page."""

    LIST = "l"  # page: send the list
    PAGE = "lp"  # page: turn the page of the list in place
    OPEN = "o"  # id
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
