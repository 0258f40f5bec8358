"""Buttons under a result, its levers and its variants.

Every one carries the ``ref`` of the result it sits under: a button of an older result
(or a forged one) passes no handler's filter and is answered as out of date.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field as Bounds

from core.models import Field, round_input


class ResultAction(StrEnum):
    """Buttons under a result."""

    SAVE = "save"
    WHAT_IF = "whatif"  # the levers, as a new message
    LEVERS = "levers"  # the levers again, in place of the message the button is under
    OWN = "own"  # «Своё значение»: which answer to change
    SHOW = "show"  # the result again (its chart and summary)
    EDIT = "edit"
    NEW = "new"
    CHECKLIST = "check"


class ResultCb(CallbackData, prefix="r"):
    """A button under a result; ``ref`` names that result, so an older one's buttons are stale."""

    action: ResultAction
    ref: int = 0


class VariantAction(StrEnum):
    """Buttons that act on a variant of a result."""

    SHOW = "s"  # its chart and figures beside the result's
    SAVE = "v"  # save it as a scenario


Value = Annotated[float, Bounds(ge=0, le=1e9, allow_inf_nan=False)]


class VariantCb(CallbackData, prefix="rv"):
    """A variant of the result ``ref``: its answer ``field`` set to ``value``, all else equal.

    At most 49 bytes: ``rv:s:<13 digits>:purchases_per_year:100000000.0``.
    """

    action: VariantAction
    ref: int
    field: Field
    value: Value


class InputCb(CallbackData, prefix="ri"):
    """«Своё значение»: the answer ``field`` of the result ``ref``, to type a new value for."""

    ref: int
    field: Field


def variant(action: VariantAction, ref: int, field: Field, value: float) -> VariantCb:
    """The button data of a variant; the value to a hundredth, as inputs are kept."""
    return VariantCb(action=action, ref=ref, field=field, value=round_input(value))
