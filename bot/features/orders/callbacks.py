"""Buttons under the figures of an orders export."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class OrdersAction(StrEnum):
    """What a button under an export's figures does."""

    CALCULATE = "calc"
    """«Рассчитать по этим данным»."""
    FIELD = "field"
    """«✏️ …»: which column holds this field?"""
    COLUMN = "col"
    """A column picked for ``field`` (``column`` −1: none)."""


NO_COLUMN = -1


class OrdersCb(CallbackData, prefix="o"):
    """A button of one reading of a file; ``ref`` names it, so an older one's are stale.

    At most ``o:col:<13 digits>:payment_date:999``: well under Telegram's 64 bytes.
    """

    action: OrdersAction
    ref: int
    field: str = ""
    column: int = NO_COLUMN
