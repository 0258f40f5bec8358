"""The one unit-economics model: ``compute(inputs) -> Result``.

Notation of ECONOMICS.md: ``P`` price per cycle, ``m`` margin share, ``c`` churn
share per cycle, ``T`` cycle length in months, ``g = P·m`` profit per cycle.

- expected payments ``N = 1 / c``; lifetime ``L = T·N`` months;
- ``LTV = g / c``; revenue per client ``P / c``;
- cumulative expected profit after ``k`` payments ``G(k) = g·(1 − (1 − c)^k) / c``;
- payback: the smallest ``k`` with ``G(k) ≥ CAC`` when ``LTV > CAC``; payment ``k``
  is made at time ``(k − 1)·T`` months, i.e. in month ``floor((k − 1)·T) + 1``;
- payments made by the end of month ``t``: ``n(t) = ceil(t / T)`` (the same as
  ``floor((t − 1) / T) + 1`` for a whole ``T``);
- break-even CAC for the target ratio 3: ``LTV / 3``;
- cash horizon: what an acquired client brings by the end of months 3 and 12,
  ``G(n(3))`` and ``G(n(12))`` — the chart's curve at those months, so never more than
  LTV. Profit when a margin is given, revenue when it was skipped (as LTV), and
  *before* CAC, like the LTV it stands beside: CAC is already set against the client
  by the payback and ``LTV − CAC``, net horizons beside a gross LTV would not compare,
  and they would mean something else when no CAC is given (the CLI);
- simple payback (churn ignored): ``CAC / g`` months for a subscription; for repeat
  purchases the month of payment number ``ceil(CAC / g)``, so it is never later
  than the churn-aware payback;
- the verdict and the "what brings LTV/CAC to 3" targets judge the ratio as it is
  shown, rounded half up to one decimal (2,96 is shown "3,0×" and is healthy).

Special cases answer with flags, never with ``inf``/``nan``: CAC 0 makes the
ratio undefined (``ltv_cac is None``, verdict ``ORGANIC``) and payback immediate;
margin 0 makes LTV 0 and payback impossible (``ZERO_MARGIN``).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from core.models import (
    CHURN_MIN,
    PRICE_MAX,
    TARGET_RATIO,
    BusinessModel,
    Inputs,
    Lever,
    LeverKind,
    NoPaybackReason,
    Outcome,
    Result,
    TargetChange,
    TargetKind,
    Verdict,
    cycle_of,
    round_input,
)

CURVE_MIN_MONTHS = 12
CURVE_MAX_MONTHS = 60
CURVE_HARD_CAP_MONTHS = 120
SHARE_OF_LTV_SHOWN = 0.95

LEVER_CHURN_FACTOR = 0.8
LEVER_PRICE_FACTOR = 1.1
LEVER_FREQUENCY_FACTOR = 1.2
LEVER_MARGIN_POINTS = 5.0
LEVER_CAC_FACTOR = 0.8

NO_PAYBACK_TOLERANCE = 1e-12
"""``1 − CAC·c/g`` at or below this counts as ``LTV ≤ CAC``: float noise is no payback."""
SIMPLE_PAYBACK_TOLERANCE = 1e-12
"""Relative slack of ``ceil(CAC / g)``, so float noise on a whole ratio adds no payment."""
TARGET_NOISE_DECIMALS = 6
"""Targets are first rounded to this many decimals to shed float noise (7500.000000000001)."""


def cumulative_profit(profit_per_cycle: float, churn: float, payments: int) -> float:
    """``G(k) = g·(1 − (1 − c)^k) / c``: expected profit of an acquired client after k payments."""
    if payments <= 0:
        return 0.0
    return profit_per_cycle * (1.0 - (1.0 - churn) ** payments) / churn


def payments_by_month(cycle: tuple[int, int], month: int) -> int:
    """``n(t) = ceil(t / T)``: payments a client has made by the end of month ``t`` (t ≥ 1).

    ``cycle`` is ``T`` as an exact ratio ``(numerator, denominator)``.
    """
    numerator, denominator = cycle
    return -(-month * denominator // numerator)


def month_of_payment(cycle: tuple[int, int], payment: int) -> int:
    """The month of the client's life in which payment number ``k`` falls: ``⌊(k−1)·T⌋ + 1``."""
    numerator, denominator = cycle
    return (payment - 1) * numerator // denominator + 1


def brought_by_month(
    profit_per_cycle: float, churn: float, cycle: tuple[int, int], month: int
) -> float:
    """``G(n(t))``: what an acquired client has brought by the end of month ``t``, before CAC."""
    return cumulative_profit(profit_per_cycle, churn, payments_by_month(cycle, month))


def payback_payment(profit_per_cycle: float, churn: float, cac: float) -> int | None:
    """The smallest ``k`` with ``G(k) ≥ CAC``; ``None`` when ``LTV ≤ CAC`` (never pays back).

    With CAC 0 the first payment already covers it: ``k = 1``.
    """
    if cac <= 0:
        return 1
    if profit_per_cycle <= 0:
        return None
    remaining = 1.0 - cac * churn / profit_per_cycle  # (1 − c)^k must fall to this
    if remaining <= NO_PAYBACK_TOLERANCE:  # LTV ≤ CAC: G(k) < LTV ≤ CAC for every k
        return None
    if churn >= 1.0:
        return 1
    k = max(1, math.ceil(math.log(remaining) / math.log1p(-churn)))
    while cumulative_profit(profit_per_cycle, churn, k) < cac:
        k += 1
    while k > 1 and cumulative_profit(profit_per_cycle, churn, k - 1) >= cac:
        k -= 1
    return k


def simple_payback_months(
    profit_per_cycle: float, cac: float, model: BusinessModel, cycle: tuple[int, int]
) -> float | None:
    """Payback ignoring churn; ``0`` when CAC is 0, ``None`` when ``g`` is 0.

    Subscription (``T = 1``): ``CAC / g`` months, a fraction (CAC 1 000, g 80 → 12,5).
    Repeat purchases: the month of payment number ``ceil(CAC / g)``, a whole month
    (:func:`month_of_payment`). Payments come at the start of each cycle, so
    ``CAC / g · T`` would count months no payment falls in, and could come later
    than the churn-aware payback; this never does.
    """
    if cac <= 0:
        return 0.0
    if profit_per_cycle <= 0:
        return None
    cycles = cac / profit_per_cycle
    if model is BusinessModel.SUBSCRIPTION:
        return cycles
    payments = max(1, math.ceil(cycles * (1 - SIMPLE_PAYBACK_TOLERANCE)))
    return float(month_of_payment(cycle, payments))


def shown_ratio(ratio: float) -> float:
    """The ratio as displayed: one decimal, halves up, on its shortest form (2,95 → 3,0)."""
    return float(Decimal(repr(ratio)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _down(value: float, per_unit: int = 1) -> float:
    """``value`` rounded down to ``1 / per_unit``, float noise (beyond 6 decimals) shed first."""
    return math.floor(round(value * per_unit, TARGET_NOISE_DECIMALS)) / per_unit


def _up(value: float) -> float:
    """``value`` rounded up to a whole unit, float noise (beyond 6 decimals) shed first."""
    return float(math.ceil(round(value, TARGET_NOISE_DECIMALS)))


def verdict(ltv: float, cac: float) -> Verdict:
    """The band of LTV/CAC as shown: <1 loss, 1–3 thin, 3–5 healthy, >5 strong.

    The ratio is judged as :func:`shown_ratio` displays it: 2,96 is shown "3,0×" and
    is healthy, not thin. CAC 0 is organic.
    """
    if cac <= 0:
        return Verdict.ORGANIC
    ratio = shown_ratio(ltv / cac)
    if ratio < 1:
        return Verdict.LOSS
    if ratio < TARGET_RATIO:
        return Verdict.THIN
    if ratio <= 5:
        return Verdict.HEALTHY
    return Verdict.STRONG


def outcome(inputs: Inputs) -> Outcome:
    """LTV, LTV/CAC, payback and first-year profit: what a lever is judged by."""
    return _outcome(inputs.price, inputs.margin, inputs.churn, inputs.cac, inputs.cycle)


def _outcome(
    price: float, margin: float, churn: float, cac: float, cycle: tuple[int, int]
) -> Outcome:
    """:func:`outcome` on plain numbers (shares, not percent), so levers need no new Inputs."""
    g = price * margin
    ltv = g / churn
    k = payback_payment(g, churn, cac)
    return Outcome(
        ltv=ltv,
        ltv_cac=ltv / cac if cac > 0 else None,
        payback_payment=k,
        payback_month=None if k is None else month_of_payment(cycle, k),
        first_year_profit=brought_by_month(g, churn, cycle, 12),
    )


def compute(inputs: Inputs) -> Result:
    """Every figure of the model for validated ``inputs``."""
    price, cac, c = inputs.price, inputs.cac, inputs.churn
    cycle = inputs.cycle
    months_per_cycle = cycle[0] / cycle[1]
    g = price * inputs.margin
    ltv = g / c
    base = outcome(inputs)
    k, payback_month = base.payback_payment, base.payback_month
    no_payback: NoPaybackReason | None = None
    if k is None:
        no_payback = NoPaybackReason.ZERO_MARGIN if g <= 0 else NoPaybackReason.LTV_NOT_ABOVE_CAC
    return Result(
        inputs=inputs,
        by_revenue=inputs.by_revenue,
        cycle_months=months_per_cycle,
        profit_per_cycle=g,
        purchases=1 / c,
        lifetime_months=months_per_cycle / c,
        ltv=ltv,
        revenue_per_client=price / c,
        ltv_cac=base.ltv_cac,
        net_value=ltv - cac,
        payback_payment=k,
        payback_month=payback_month,
        no_payback_reason=no_payback,
        simple_payback_months=simple_payback_months(g, cac, inputs.model, cycle),
        breakeven_cac=ltv / TARGET_RATIO,
        cash_3_months=brought_by_month(g, c, cycle, 3),
        cash_12_months=base.first_year_profit,
        verdict=verdict(ltv, cac),
        curve=_curve(g, c, cycle, _horizon(c, cycle, payback_month)),
        levers=levers(inputs, base),
        to_target=to_target(inputs),
    )


def _horizon(churn: float, cycle: tuple[int, int], payback_month: int | None) -> int:
    """Months to draw: until 95 % of LTV is earned (12–60), stretched to show payback."""
    if churn >= 1.0:
        cycles = 1
    else:
        cycles = math.ceil(math.log(1 - SHARE_OF_LTV_SHOWN) / math.log1p(-churn))
    cycle_months = -(-cycle[0] // cycle[1])
    months = min(CURVE_MAX_MONTHS, max(CURVE_MIN_MONTHS, -(-cycles * cycle[0] // cycle[1])))
    if payback_month is not None and payback_month + 2 > months:
        months = min(CURVE_HARD_CAP_MONTHS, payback_month + max(2, cycle_months))
    return months


def _curve(g: float, churn: float, cycle: tuple[int, int], horizon: int) -> tuple[float, ...]:
    """``G(n(t))`` for months ``t = 1..horizon``: a step line when a cycle is longer than a month.

    Each point is ``cumulative_profit(g, churn, n(t))`` written out with the same
    arithmetic (equal to the last bit), each distinct ``n`` computed once.
    """
    numerator, denominator = cycle
    stay = 1.0 - churn
    if numerator == denominator:  # one payment a month: n(t) = t
        return tuple([g * (1.0 - stay**n) / churn for n in range(1, horizon + 1)])
    paid = [-(-month * denominator // numerator) for month in range(1, horizon + 1)]
    by_payments = {n: g * (1.0 - stay**n) / churn for n in range(paid[0], paid[-1] + 1)}
    return tuple([by_payments[n] for n in paid])


def _variants(inputs: Inputs) -> list[tuple[LeverKind, float, float, Outcome]]:
    """Each applicable lever: its kind, the input's value before and after, the outcome.

    The value after is kept as inputs are (:func:`~core.models.round_input`), so a lever's
    figures are exactly those of the inputs with that one answer changed.
    """
    price, margin, churn, cac, cycle = (
        inputs.price,
        inputs.margin,
        inputs.churn,
        inputs.cac,
        inputs.cycle,
    )
    churn_after = round_input(inputs.churn_percent * LEVER_CHURN_FACTOR)
    price_after = round_input(price * LEVER_PRICE_FACTOR)
    found = [
        (
            LeverKind.CHURN_DOWN,
            inputs.churn_percent,
            churn_after,
            _outcome(price, margin, churn_after / 100, cac, cycle),
        ),
        (LeverKind.PRICE_UP, price, price_after, _outcome(price_after, margin, churn, cac, cycle)),
    ]
    per_year = inputs.purchases_per_year
    if inputs.model is BusinessModel.PURCHASES and per_year is not None:
        faster = round_input(per_year * LEVER_FREQUENCY_FACTOR)
        changed = _outcome(price, margin, churn, cac, cycle_of(faster))
        found.append((LeverKind.FREQUENCY_UP, per_year, faster, changed))
    if inputs.margin_percent is not None and inputs.margin_percent < 100:
        wider = min(100.0, round_input(inputs.margin_percent + LEVER_MARGIN_POINTS))
        changed = _outcome(price, wider / 100, churn, cac, cycle)
        found.append((LeverKind.MARGIN_UP, inputs.margin_percent, wider, changed))
    if cac > 0:
        cheaper = round_input(cac * LEVER_CAC_FACTOR)
        changed = _outcome(price, margin, churn, cheaper, cycle)
        found.append((LeverKind.CAC_DOWN, cac, cheaper, changed))
    return found


def levers(inputs: Inputs, before: Outcome) -> tuple[Lever, ...]:
    """Each applicable lever's effect, best first; a lever that changes nothing is dropped.

    A lever changes nothing when LTV, LTV/CAC, payback month and first-year profit
    all stay as they were (with margin 0 the churn and price levers, for one).
    Ranked by the gain in LTV/CAC (by the relative gain in LTV when CAC is 0),
    then by the earlier payback, then by the larger first-year profit. The
    frequency lever leaves LTV unchanged in this model and shows its effect on
    payback and first-year profit only.
    """
    found = []
    for kind, value_before, value_after, after in _variants(inputs):
        if after == before:  # a real no-op computes the very same floats
            continue
        gain = None
        if before.ltv_cac is not None and after.ltv_cac is not None:
            gain = after.ltv_cac - before.ltv_cac
        found.append(Lever(kind, value_before, value_after, before, after, gain))
    return tuple(sorted(found, key=_lever_rank, reverse=True))


def _lever_rank(lever: Lever) -> tuple[float, float, float]:
    """Sort key: the gain (to 9 decimals, so equal gains tie), payback, profit.

    Churn −20 % and CAC −20 % both multiply LTV/CAC by exactly 1 / 0.8; without the
    rounding, floating-point noise rather than the tie-breakers would order them.
    """
    before, after = lever.before, lever.after
    if lever.ratio_gain is not None:
        gain = lever.ratio_gain
    else:
        gain = (after.ltv - before.ltv) / before.ltv if before.ltv > 0 else after.ltv
    gain = round(gain, 9)
    payback = -(after.payback_month if after.payback_month is not None else math.inf)
    return gain, payback, after.first_year_profit


def to_target(inputs: Inputs) -> tuple[TargetChange, ...]:
    """The churn, price or CAC that alone brings LTV/CAC to 3, when the shown ratio is below 3.

    Each value is rounded so that, as displayed, it really reaches 3×: churn down to
    0,1 percentage point, price up to a whole rouble, CAC down to a whole rouble;
    ``feasible`` judges the rounded value. (``Result.breakeven_cac`` stays exact.)
    """
    cac = inputs.cac
    g = inputs.price * inputs.margin
    ltv = g / inputs.churn
    if cac <= 0 or shown_ratio(ltv / cac) >= TARGET_RATIO:
        return ()
    changes = []
    if g > 0:
        churn = _down(100 * g / (TARGET_RATIO * cac), per_unit=10)
        changes.append(TargetChange(TargetKind.CHURN, churn, feasible=churn >= CHURN_MIN))
    if inputs.margin > 0:
        exact_price = TARGET_RATIO * cac * inputs.churn / inputs.margin
        price = _up(exact_price)
        changes.append(TargetChange(TargetKind.PRICE, price, feasible=price <= PRICE_MAX))
    breakeven = _down(ltv / TARGET_RATIO)
    changes.append(TargetChange(TargetKind.CAC, breakeven, feasible=breakeven > 0))
    return tuple(changes)
