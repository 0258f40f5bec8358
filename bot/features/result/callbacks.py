"""Buttons under a result."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


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
