"""Two scenarios side by side: the rows they are compared on, and the change in each.

A change is that of the figures as a person reads them (each rounded as it is shown),
so it is what the reader computes: 2,9× → 1,3× is −1,6×, not the −1,7× of the exact
ratios. No change is given where there is nothing to subtract:

- between quantities of different models: a monthly fee and the check of a purchase,
  churn per month and the share who do not come back after a purchase;
- where a figure is missing on either side: purchases a year of a subscription, a
  skipped margin, LTV/CAC without CAC, a payback that never comes or needs no time.

A payback month changes by so many months; a relative change of it would say nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Generic, TypeVar

from core import formatting
from core.models import BusinessModel, Field, Inputs, Result


class Figure(StrEnum):
    """A figure of a result, named as in :class:`~core.models.Result`; the answers compared
    are :class:`~core.models.Field`."""

    LTV = "ltv"
    REVENUE = "revenue_per_client"
    RATIO = "ltv_cac"
    PAYBACK = "payback_month"
    LIFETIME = "lifetime_months"
    NET = "net_value"
    BREAKEVEN = "breakeven_cac"


INPUTS: Final = (Field.PRICE, Field.PER_YEAR, Field.CHURN, Field.MARGIN, Field.CAC)
"""The numeric answers, in the order of the dialog."""
RESULTS: Final = (
    Figure.LTV,
    Figure.REVENUE,
    Figure.RATIO,
    Figure.PAYBACK,
    Figure.LIFETIME,
    Figure.NET,
    Figure.BREAKEVEN,
)
_OF_THE_MODEL: Final = frozenset({Field.PRICE, Field.CHURN})
"""Answers that measure different things in the two models."""


def _tenths(value: float) -> float:
    return formatting.rounded(value, 1)


_SHOWN: Final[dict[Field | Figure, Callable[[float], float]]] = {
    Field.PRICE: formatting.rounded,
    Field.CAC: formatting.rounded,
    Figure.LTV: formatting.rounded,
    Figure.REVENUE: formatting.rounded,
    Figure.NET: formatting.rounded,
    Figure.BREAKEVEN: formatting.whole_down,
    Figure.PAYBACK: float,
}
"""How each figure is rounded where it is shown; the others show one decimal."""


@dataclass(frozen=True)
class Change:
    """From ``before`` to ``after``, both as shown."""

    before: float
    after: float
    relative: bool = True
    """Whether a change in percent means something (not for a payback month)."""

    @property
    def absolute(self) -> float:
        return self.after - self.before

    @property
    def same(self) -> bool:
        """Whether the two read the same."""
        return self.before == self.after


What = TypeVar("What", Field, Figure)
"""What a row compares: an answer or a figure of a result."""


@dataclass(frozen=True)
class Compared(Generic[What]):
    """One line of the comparison: ``change`` is ``None`` where there is none to give."""

    figure: What
    change: Change | None


def _change(figure: Field | Figure, before: float | None, after: float | None) -> Change | None:
    if before is None or after is None:
        return None
    shown = _SHOWN.get(figure, _tenths)
    return Change(shown(before), shown(after), relative=figure is not Figure.PAYBACK)


def input_rows(first: Inputs, second: Inputs) -> list[Compared[Field]]:
    """The model, then each numeric answer either scenario was asked."""
    same_model = first.model is second.model
    purchases = BusinessModel.PURCHASES in (first.model, second.model)
    rows = [Compared(Field.MODEL, None)]
    for figure in INPUTS:
        if figure is Field.PER_YEAR and not purchases:
            continue
        comparable = same_model or figure not in _OF_THE_MODEL
        before, after = getattr(first, figure.value), getattr(second, figure.value)
        rows.append(Compared(figure, _change(figure, before, after) if comparable else None))
    return rows


def _payback(result: Result) -> float | None:
    """The month it pays back in; ``None`` when never, or at once (no CAC to earn back)."""
    if result.payback_month is None or result.inputs.cac <= 0:
        return None
    return result.payback_month


def _figure(result: Result, figure: Figure) -> float | None:
    if figure is Figure.PAYBACK:
        return _payback(result)
    value: float | None = getattr(result, figure.value)
    return value


def result_rows(first: Result, second: Result) -> list[Compared[Figure]]:
    """Each figure of the two results, with its change where both have it."""
    return [
        Compared(figure, _change(figure, _figure(first, figure), _figure(second, figure)))
        for figure in RESULTS
    ]
