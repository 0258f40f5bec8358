"""Which sections of the "how to double LTV" checklist matter most for one result, and why.

:func:`personal_order` puts the sections that matter most for one
:class:`~core.models.Result` first, each promoted section with the :class:`Reason` it
was promoted for (:func:`reason_text` says it with the person's own figure). Problems
it looks for:

- **high churn** — churn of a subscription ≥ 10 % a month, churn of repeat
  purchases ≥ 50 % a cycle, or churn −20 % is the top lever: retention and
  churn prevention first;
- **thin margin** — a given margin below 40 % (or 0 %, when nothing pays back):
  pricing and upsell first;
- **CAC above the break-even** — ``CAC > LTV / 3``, i.e. LTV/CAC below 3:
  acquisition first;
- **short lifetime** — repeat purchases and fewer than two expected purchases:
  the next product and upsell first.

When several apply they are ordered by the rank of their lever in
``result.levers`` (core's what-if ranking, best first), so the first section
belongs to the top lever whenever that lever points at one of the problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from core.formatting import money, money_down, number, percent, plural_count, ratio
from core.models import BusinessModel, LeverKind, NoPaybackReason, Result
from l10n import Texts


class Section(StrEnum):
    """A group of checklist items around one lever; the value names its texts."""

    SEGMENTS = "segments"
    RETENTION = "retention"
    UPSELL = "upsell"
    LOYALTY = "loyalty"
    CONTENT = "content"
    COMMUNITY = "community"
    CHURN = "churn"
    PRICING = "pricing"
    ACQUISITION = "acquisition"
    METRICS = "metrics"


class Reason(StrEnum):
    """Why a section was moved up for this user; ``checklist-reason-<value>`` is its text."""

    HIGH_CHURN_MONTHLY = "high-churn-monthly"
    HIGH_CHURN_REPEAT = "high-churn-repeat"
    CHURN_TOP_LEVER = "churn-top-lever"
    ZERO_MARGIN = "zero-margin"
    THIN_MARGIN = "thin-margin"
    CAC_ABOVE_LTV = "cac-above-ltv"
    CAC_ABOVE_BREAKEVEN = "cac-above-breakeven"
    SHORT_LIFETIME = "short-lifetime"


CHURN_HIGH_MONTHLY: Final = 10.0
"""Subscription churn, percent a month, from which retention comes first."""
CHURN_HIGH_REPEAT: Final = 50.0
"""Repeat-purchase churn, percent a cycle, from which retention comes first."""
MARGIN_THIN: Final = 40.0
"""A given margin below this (percent) puts pricing and upsell first."""
SHORT_LIFETIME_PURCHASES: Final = 2.0
"""Fewer expected purchases than this puts the next product first (repeat purchases)."""


@dataclass(frozen=True, slots=True)
class _Problem:
    reason: Reason
    sections: tuple[Section, ...]
    levers: tuple[LeverKind, ...]
    priority: int
    """Breaks a tie of lever ranks: the more specific diagnosis first."""


def _problems(result: Result) -> list[_Problem]:
    """Every problem of the module docstring that these figures show."""
    inputs = result.inputs
    found: list[_Problem] = []
    purchases_model = inputs.model is BusinessModel.PURCHASES
    if purchases_model and result.purchases < SHORT_LIFETIME_PURCHASES:
        # Few purchases in a repeat-purchase business: nothing to come back for.
        found.append(
            _Problem(
                Reason.SHORT_LIFETIME,
                (Section.UPSELL,),
                (LeverKind.CHURN_DOWN, LeverKind.FREQUENCY_UP, LeverKind.PRICE_UP),
                priority=0,
            )
        )
    churn_reason: Reason | None = None
    if not purchases_model and inputs.churn_percent >= CHURN_HIGH_MONTHLY:
        churn_reason = Reason.HIGH_CHURN_MONTHLY
    elif purchases_model and inputs.churn_percent >= CHURN_HIGH_REPEAT:
        churn_reason = Reason.HIGH_CHURN_REPEAT
    elif result.levers and result.levers[0].kind is LeverKind.CHURN_DOWN:
        churn_reason = Reason.CHURN_TOP_LEVER
    if churn_reason is not None:
        found.append(
            _Problem(churn_reason, (Section.RETENTION, Section.CHURN), (LeverKind.CHURN_DOWN,), 1)
        )
    margin = inputs.margin_percent
    margin_reason: Reason | None = None
    if result.no_payback_reason is NoPaybackReason.ZERO_MARGIN or margin == 0:
        margin_reason = Reason.ZERO_MARGIN
    elif margin is not None and margin < MARGIN_THIN:
        margin_reason = Reason.THIN_MARGIN
    if margin_reason is not None:
        found.append(
            _Problem(
                margin_reason,
                (Section.PRICING, Section.UPSELL),
                (LeverKind.MARGIN_UP, LeverKind.PRICE_UP),
                priority=2,
            )
        )
    if inputs.cac > 0 and inputs.cac > result.breakeven_cac:
        cac_reason = (
            Reason.CAC_ABOVE_LTV if result.ltv <= inputs.cac else Reason.CAC_ABOVE_BREAKEVEN
        )
        found.append(_Problem(cac_reason, (Section.ACQUISITION,), (LeverKind.CAC_DOWN,), 3))
    return found


def personal_order(result: Result) -> list[tuple[Section, Reason | None]]:
    """Every section once, those that matter most for ``result`` first with their reason.

    Promoted sections come in the order of their problem's best lever in
    ``result.levers`` (ties: short lifetime, churn, margin, CAC); the rest
    follow in the generic order with ``None``.
    """
    rank = {lever.kind: index for index, lever in enumerate(result.levers)}
    unranked = len(rank)

    def severity(problem: _Problem) -> tuple[int, int]:
        best = min(rank.get(kind, unranked) for kind in problem.levers)
        return best, problem.priority

    order: list[tuple[Section, Reason | None]] = []
    placed: set[Section] = set()
    for problem in sorted(_problems(result), key=severity):
        for section in problem.sections:
            if section not in placed:
                placed.add(section)
                order.append((section, problem.reason))
    order.extend((section, None) for section in Section if section not in placed)
    return order


def reason_text(texts: Texts, reason: Reason, result: Result) -> str:
    """The one-line explanation of ``reason`` with the user's own figure."""
    inputs = result.inputs
    suffix = ""
    args: dict[str, str] = {}
    if reason in (Reason.HIGH_CHURN_MONTHLY, Reason.HIGH_CHURN_REPEAT):
        args = {"churn": percent(inputs.churn_percent)}
    elif reason is Reason.CHURN_TOP_LEVER:
        lever = next(item for item in result.levers if item.kind is LeverKind.CHURN_DOWN)
        before, after = lever.before, lever.after
        if before.ltv_cac is not None and after.ltv_cac is not None:
            args = {"before": ratio(before.ltv_cac), "after": ratio(after.ltv_cac)}
        else:  # CAC 0: the ratio is undefined, LTV itself is compared
            suffix = "-organic"
            args = {"before": money(before.ltv), "after": money(after.ltv)}
    elif reason is Reason.THIN_MARGIN:
        args = {"margin": percent(inputs.margin_percent or 0.0)}
    elif reason is Reason.CAC_ABOVE_LTV:
        args = {"cac": money(inputs.cac), "ltv": money(result.ltv)}
    elif reason is Reason.CAC_ABOVE_BREAKEVEN:
        args = {
            "cac": money(inputs.cac),
            "breakeven": money_down(result.breakeven_cac),
            "ratio": ratio(result.ltv_cac or 0.0),
        }
    elif reason is Reason.SHORT_LIFETIME:
        shown = number(result.purchases)
        purchases = texts.msg("checklist-purchases", count=plural_count(shown), value=shown)
        args = {"purchases": purchases}
    return texts.msg(f"checklist-reason-{reason}{suffix}", **args)
