"""Buttons of the calculation dialog."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class StepAction(StrEnum):
    """Buttons under a dialog question and the review screen."""

    MODEL = "model"  # value: BusinessModel
    PICK = "pick"  # value: a quick-pick number
    SKIP = "skip"
    HINT = "hint"
    KEEP = "keep"  # the answer the question has already
    ESTIMATE = "est"  # work the answer out from two figures
    BACK = "back"
    CANCEL = "cancel"
    EDIT = "edit"  # value: the field to change
    COMPUTE = "go"


class StepCb(CallbackData, prefix="s"):
    """A button of the calculation dialog."""

    action: StepAction
    value: str = ""
