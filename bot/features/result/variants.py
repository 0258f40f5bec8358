"""A variant of a result: one of its answers changed, all else equal.

What a lever, a target («до 3×») and «Своё значение» apply. A variant is named by the
result's ``ref``, the answer and the new value (:class:`~.callbacks.VariantCb`), so it is
computed again from the button itself, and nothing about it is kept between updates.
"""

from __future__ import annotations

from typing import Final

from bot.features.dialog.steps import order
from core.models import Field, Inputs, InvalidInput, LeverKind, TargetKind

LEVER_FIELDS: Final = {
    LeverKind.CHURN_DOWN: Field.CHURN,
    LeverKind.PRICE_UP: Field.PRICE,
    LeverKind.FREQUENCY_UP: Field.PER_YEAR,
    LeverKind.MARGIN_UP: Field.MARGIN,
    LeverKind.CAC_DOWN: Field.CAC,
}
"""The answer each lever changes."""

TARGET_FIELDS: Final = {
    TargetKind.CHURN: Field.CHURN,
    TargetKind.PRICE: Field.PRICE,
    TargetKind.CAC: Field.CAC,
}
"""The answer each way to LTV/CAC 3× changes."""


def changeable(inputs: Inputs) -> tuple[Field, ...]:
    """The answers a variant may change, in the dialog's order: all but the model."""
    return tuple(f for f in order(inputs.model_dump(mode="json")) if f is not Field.MODEL)


def variant_inputs(inputs: Inputs, field: Field, value: float) -> Inputs | None:
    """``inputs`` with ``field`` set to ``value``; ``None`` when that is no answer it may have."""
    if field not in changeable(inputs):
        return None
    try:
        return Inputs.checked(**{**inputs.model_dump(), field.value: value})
    except InvalidInput:
        return None
