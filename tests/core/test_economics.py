"""The unit-economics engine against published reference values and its own invariants."""

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.economics import (
    compute,
    cumulative_profit,
    month_of_payment,
    outcome,
    payments_by_month,
)
from core.models import (
    CAC_MAX,
    CHURN_MIN,
    PER_YEAR_MAX,
    PER_YEAR_MIN,
    PRICE_MAX,
    PRICE_MIN,
    BusinessModel,
    InputErrorCode,
    Inputs,
    InvalidInput,
    LeverKind,
    NoPaybackReason,
    TargetKind,
    Verdict,
    check_field,
    result_json,
    round_input,
)
from tests.builders import BUY, SUB, purchases, subscription

# --- Published reference values -------------------------------------------------------------


def test_chartmogul_arpa_100_churn_5_gives_ltv_2000_by_revenue() -> None:
    """ChartMogul, "LTV": ARPA $100 and 5 % monthly churn give LTV $2,000."""
    result = compute(subscription(price=100, churn=5, cac=0))
    assert result.ltv == pytest.approx(2000, abs=0.005)
    assert result.by_revenue is True
    assert result.revenue_per_client == pytest.approx(2000, abs=0.005)


def test_saascalchub_arpu_200_margin_80_churn_2() -> None:
    """saascalchub LTV:CAC example: ARPU 200, margin 80 %, churn 2 %, CAC 1 000 → LTV 8 000, 8×."""
    result = compute(subscription(price=200, churn=2, cac=1000, margin=80))
    assert result.ltv == pytest.approx(8000, abs=0.005)
    assert result.ltv_cac == pytest.approx(8.0)
    assert result.verdict is Verdict.STRONG
    assert result.by_revenue is False


def test_sensiblecalc_lifetime_20_months_ltv_1600_ratio_3_2() -> None:
    """sensiblecalc: CAC 500, ARPU 100, margin 80 %, churn 5 % → 20 months, LTV 1 600, 3,2×."""
    result = compute(subscription(price=100, churn=5, cac=500, margin=80))
    assert result.lifetime_months == pytest.approx(20)
    assert result.purchases == pytest.approx(20)
    assert result.ltv == pytest.approx(1600, abs=0.005)
    assert result.ltv_cac == pytest.approx(3.2)
    assert result.verdict is Verdict.HEALTHY


def test_showmath_simple_payback_12_5_months() -> None:
    """showmath CAC payback: CAC 1 000, 100 a month at 80 % margin → 12,5 months (no churn)."""
    result = compute(subscription(price=100, churn=2, cac=1000, margin=80))
    assert result.simple_payback_months == pytest.approx(12.5)


def test_repeat_probability_bridge_ltv_8571_43() -> None:
    """ECONOMICS.md bridge: check 10 000, margin 60 %, 30 % buy again (churn 70 %) → 8 571,43."""
    result = compute(purchases(price=10_000, churn=70, cac=3000, per_year=2, margin=60))
    assert round(result.ltv, 2) == 8571.43
    assert result.purchases == pytest.approx(1 / 0.7)
    assert result.lifetime_months == pytest.approx(6 / 0.7)


def test_klipfolio_style_customer_lifetime_is_inverse_churn() -> None:
    """Klipfolio, "Customer Lifetime": churn 2,5 % a month → 40 months of expected lifetime."""
    result = compute(subscription(price=1000, churn=2.5, cac=0))
    assert result.lifetime_months == pytest.approx(40)
    assert result.ltv == pytest.approx(40_000)


# --- Payback worked by hand -----------------------------------------------------------------


def test_churn_aware_payback_by_hand_subscription() -> None:
    """g = 2 400; G(1) = 2 400, G(2) = 4 680, G(3) = 6 846 ≥ 5 000 → third payment, month 3."""
    result = compute(subscription(price=3000, churn=5, cac=5000, margin=80))
    assert result.payback_payment == 3
    assert result.payback_month == 3
    assert result.curve[:3] == pytest.approx((2400, 4680, 6846))
    assert result.simple_payback_months == pytest.approx(5000 / 2400)


def test_churn_aware_payback_by_hand_repeat_purchases() -> None:
    """Two purchases a year (T = 6): G(1) = 6 000 < 7 000 ≤ G(2) = 7 800 → payment 2, month 7."""
    result = compute(purchases(price=10_000, churn=70, cac=7000, per_year=2, margin=60))
    assert result.payback_payment == 2
    assert result.payback_month == 7
    assert result.curve[5] == pytest.approx(6000)  # month 6: one payment so far
    assert result.curve[6] == pytest.approx(7800)  # month 7: the second arrives


def test_cash_horizon_by_hand_subscription() -> None:
    """g = 2 400, churn 5 %: 3 months bring G(3) = 2 400 + 2 280 + 2 166 = 6 846;
    12 months bring 2 400·(1 − 0,95¹²) / 0,05 = 22 062,72; lifetime 48 000."""
    result = compute(subscription(price=3000, churn=5, cac=5000, margin=80))
    assert result.cash_3_months == pytest.approx(6846)
    assert result.cash_12_months == pytest.approx(22_062.72, abs=0.005)
    assert result.ltv == pytest.approx(48_000)


def test_cash_horizon_by_hand_repeat_purchases() -> None:
    """Two purchases a year (T = 6), g = 6 000, 30 % come back: by month 3 only the first
    purchase (6 000), by month 12 the second too (6 000 + 0,3·6 000 = 7 800)."""
    result = compute(purchases(price=10_000, churn=70, cac=7000, per_year=2, margin=60))
    assert result.cash_3_months == pytest.approx(6000)
    assert result.cash_12_months == pytest.approx(7800)
    assert result.ltv == pytest.approx(8571.43, abs=0.005)


def test_cash_horizon_by_revenue_when_the_margin_is_skipped() -> None:
    """Margin skipped: revenue, 2 990·(1 + 0,65 + 0,65²) = 6 196,78 in 3 months."""
    result = compute(subscription(price=2990, churn=35, cac=5000))
    assert result.cash_3_months == pytest.approx(6196.775)
    assert result.cash_12_months == pytest.approx(2990 * (1 - 0.65**12) / 0.35)


def test_simple_payback_of_repeat_purchases_is_the_month_of_a_payment() -> None:
    """Reviewer's repro: check 10 000 once a year, margin 50 %, CAC 4 000: CAC/g = 0,8.

    The first payment (month 1) already covers CAC; the old ``CAC / g · T`` said 9,6 months.
    """
    result = compute(purchases(price=10_000, churn=60, cac=4000, per_year=1, margin=50))
    assert result.simple_payback_months == 1
    assert result.payback_month == 1
    assert result.simple_payback_months <= result.payback_month


def test_simple_payback_of_repeat_purchases_counts_whole_payments() -> None:
    """T = 6, g = 6 000, CAC 7 000: ceil(7/6) = 2 payments, the second in month 7."""
    result = compute(purchases(price=10_000, churn=70, cac=7000, per_year=2, margin=60))
    assert result.simple_payback_months == 7


def test_breakeven_cac_is_a_third_of_ltv() -> None:
    result = compute(subscription(price=100, churn=5, cac=500, margin=80))
    assert result.breakeven_cac == pytest.approx(1600 / 3)
    assert result.net_value == pytest.approx(1100)


def test_fractional_cycle_months_are_exact() -> None:
    """Five purchases a year: T = 2,4 months; payment 2 falls in month 3, payment 6 in month 13."""
    inputs = purchases(price=1000, churn=10, cac=0, per_year=5)
    assert inputs.cycle == (12, 5)
    assert month_of_payment(inputs.cycle, 2) == 3
    assert month_of_payment(inputs.cycle, 6) == 13
    assert payments_by_month(inputs.cycle, 12) == 5
    assert payments_by_month(inputs.cycle, 13) == 6


# --- Edge cases answered with flags, not errors ---------------------------------------------


def test_cac_zero_has_no_ratio_and_pays_back_at_once() -> None:
    result = compute(subscription(price=1000, churn=10, cac=0))
    assert result.ltv_cac is None
    assert result.verdict is Verdict.ORGANIC
    assert result.payback_month == 1
    assert result.simple_payback_months == 0
    assert all(lever.kind is not LeverKind.CAC_DOWN for lever in result.levers)
    assert result.to_target == ()


def test_margin_zero_never_pays_back_and_says_why() -> None:
    result = compute(subscription(price=1000, churn=10, cac=500, margin=0))
    assert result.ltv == 0
    assert result.payback_month is None
    assert result.no_payback_reason is NoPaybackReason.ZERO_MARGIN
    assert result.simple_payback_months is None
    assert result.verdict is Verdict.LOSS
    # churn and price change nothing with no margin; CAC −20 % leaves the ratio 0 and no payback
    assert [lever.kind for lever in result.levers] == [LeverKind.MARGIN_UP]


def test_margin_zero_repeat_purchases_keep_only_the_margin_lever() -> None:
    result = compute(purchases(price=1000, churn=10, cac=500, per_year=4, margin=0))
    assert [lever.kind for lever in result.levers] == [LeverKind.MARGIN_UP]


def test_churn_100_percent_is_one_payment() -> None:
    result = compute(purchases(price=5000, churn=100, cac=1000, per_year=1))
    assert result.purchases == 1
    assert result.ltv == 5000
    assert result.payback_month == 1
    assert set(result.curve) == {5000}


def test_ltv_equal_to_cac_up_to_float_noise_does_not_pay_back() -> None:
    """Reviewer's repro: 42 212,69 / 0,0052 = 8 117 825 exactly, computed 8 117 825.000000001."""
    inputs = subscription(price=42_212.69, churn=0.52, cac=8_117_825)
    result = compute(inputs)
    assert result.ltv == pytest.approx(8_117_825, rel=1e-15)
    assert result.payback_payment is None
    assert result.payback_month is None
    assert result.no_payback_reason is NoPaybackReason.LTV_NOT_ABOVE_CAC


def test_ltv_equal_to_cac_does_not_pay_back() -> None:
    result = compute(purchases(price=5000, churn=100, cac=5000, per_year=1))
    assert result.payback_month is None
    assert result.no_payback_reason is NoPaybackReason.LTV_NOT_ABOVE_CAC


def test_loss_making_client_gets_verdict_and_targets() -> None:
    result = compute(subscription(price=1000, churn=50, cac=5000))
    assert result.verdict is Verdict.LOSS
    assert result.payback_month is None
    targets = {t.kind: t for t in result.to_target}
    assert targets[TargetKind.CHURN].value == 6.6  # 6,67 % rounded down to 0,1 point
    assert targets[TargetKind.PRICE].value == 7500  # exactly 7 500: float noise adds no rouble
    assert targets[TargetKind.CAC].value == 666  # 666,67 ₽ rounded down
    assert result.breakeven_cac == pytest.approx(2000 / 3)  # the break-even CAC stays exact
    assert all(t.feasible for t in result.to_target)


def test_ratio_shown_as_3_0_is_healthy_and_needs_no_target() -> None:
    """2 990 × 80 % / 5 % = 47 840; / 16 000 = 2,99, shown "3,0×": healthy, no targets."""
    result = compute(subscription(price=2990, churn=5, cac=16_000, margin=80))
    assert result.ltv_cac == pytest.approx(2.99)
    assert result.verdict is Verdict.HEALTHY
    assert result.to_target == ()


def test_verdict_bands_follow_the_shown_ratio() -> None:
    assert compute(subscription(price=96, churn=10, cac=1000)).verdict is Verdict.THIN  # 0,96
    assert compute(subscription(price=94, churn=10, cac=1000)).verdict is Verdict.LOSS  # 0,94
    assert compute(subscription(price=504, churn=10, cac=1000)).verdict is Verdict.HEALTHY
    assert compute(subscription(price=505, churn=10, cac=1000)).verdict is Verdict.STRONG


def test_churn_target_is_rounded_down_so_it_really_reaches_3() -> None:
    """g = 10 011, CAC 10 000: churn 33,37 % gives exactly 3×; reported 33,3 %."""
    inputs = subscription(price=10_011, churn=50, cac=10_000)
    churn_target = next(t for t in compute(inputs).to_target if t.kind is TargetKind.CHURN)
    assert churn_target.value == 33.3
    reached = compute(inputs.model_copy(update={"churn_percent": churn_target.value}))
    assert reached.ltv_cac is not None
    assert reached.ltv_cac >= 3


def test_price_target_is_rounded_up_and_cac_target_down() -> None:
    """Price 100 at 70 %, churn 10 %, CAC 1 000: LTV 700, 0,7×.

    Price 3 000 · 0,1 / 0,7 = 428,57 → 429 ₽; CAC 700 / 3 = 233,33 → 233 ₽; churn 2,33 → 2,3 %.
    """
    result = compute(subscription(price=100, churn=10, cac=1000, margin=70))
    targets = {t.kind: t.value for t in result.to_target}
    assert targets == {TargetKind.CHURN: 2.3, TargetKind.PRICE: 429, TargetKind.CAC: 233}
    assert result.breakeven_cac == pytest.approx(700 / 3)


def test_target_is_infeasible_when_needed_churn_is_below_the_minimum() -> None:
    result = compute(subscription(price=100, churn=50, cac=100_000))
    churn_target = next(t for t in result.to_target if t.kind is TargetKind.CHURN)
    assert churn_target.value < CHURN_MIN
    assert churn_target.feasible is False


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("churn_percent", 0, InputErrorCode.CHURN_ZERO),
        ("churn_percent", 0.1, InputErrorCode.CHURN_TOO_LOW),
        ("churn_percent", 101, InputErrorCode.CHURN_TOO_HIGH),
        ("price", 0, InputErrorCode.PRICE_TOO_LOW),
        ("price", 100_000_001, InputErrorCode.PRICE_TOO_HIGH),
        ("margin_percent", 120, InputErrorCode.MARGIN_OUT_OF_RANGE),
        ("cac", -1, InputErrorCode.CAC_NEGATIVE),
        ("cac", 1e9, InputErrorCode.CAC_TOO_HIGH),
        ("purchases_per_year", 0, InputErrorCode.PER_YEAR_OUT_OF_RANGE),
        ("price", math.inf, InputErrorCode.NOT_FINITE),
        ("cac", math.nan, InputErrorCode.NOT_FINITE),
    ],
)
def test_invalid_values_are_refused_with_a_code(
    field: str, value: float, code: InputErrorCode
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_field(field, value)
    assert refused.value.code is code
    values: dict[str, Any] = {
        "model": BUY,
        "price": 1000,
        "churn_percent": 10,
        "cac": 100,
        "purchases_per_year": 2,
    }
    with pytest.raises(InvalidInput) as whole:
        Inputs.checked(**{**values, field: value})
    assert whole.value.code is code
    assert whole.value.field == field


def test_repeat_purchases_need_a_frequency() -> None:
    with pytest.raises(InvalidInput) as refused:
        Inputs.checked(model=BUY, price=1000, churn_percent=10, cac=100)
    assert refused.value.code is InputErrorCode.PER_YEAR_MISSING


def test_subscription_ignores_a_frequency() -> None:
    inputs = Inputs.checked(model=SUB, price=1000, churn_percent=10, cac=0, purchases_per_year=4)
    assert inputs.purchases_per_year is None
    assert inputs.cycle_months == 1


def test_frequency_lever_keeps_ltv_and_brings_payback_earlier() -> None:
    result = compute(purchases(price=10_000, churn=40, cac=14_000, per_year=2, margin=70))
    lever = next(lv for lv in result.levers if lv.kind is LeverKind.FREQUENCY_UP)
    assert lever.after.ltv == pytest.approx(lever.before.ltv)
    assert lever.before.payback_month is not None
    assert lever.after.payback_month is not None
    assert lever.after.payback_month < lever.before.payback_month
    assert lever.after.first_year_profit > lever.before.first_year_profit


def test_levers_are_ranked_by_gain_in_ratio() -> None:
    result = compute(subscription(price=3000, churn=35, cac=2000, margin=50))
    gains = [round(lever.ratio_gain or 0, 9) for lever in result.levers]
    assert all(lever.ratio_gain is not None for lever in result.levers)
    assert gains == sorted(gains, reverse=True)
    churn_lever = next(lv for lv in result.levers if lv.kind is LeverKind.CHURN_DOWN)
    assert churn_lever.value_before == 35
    assert churn_lever.value_after == pytest.approx(28)
    assert churn_lever.after.ltv_cac == pytest.approx(1500 / 0.28 / 2000)


def test_margin_lever_is_capped_at_100_and_absent_when_skipped() -> None:
    capped = compute(subscription(price=1000, churn=10, cac=100, margin=98))
    margin_lever = next(lv for lv in capped.levers if lv.kind is LeverKind.MARGIN_UP)
    assert margin_lever.value_after == 100
    skipped = compute(subscription(price=1000, churn=10, cac=100))
    assert all(lv.kind is not LeverKind.MARGIN_UP for lv in skipped.levers)


# --- Properties -----------------------------------------------------------------------------

prices = st.floats(min_value=PRICE_MIN, max_value=PRICE_MAX)
churns = st.floats(min_value=CHURN_MIN, max_value=100)
margins = st.none() | st.floats(min_value=0, max_value=100)
cacs = st.floats(min_value=0, max_value=CAC_MAX)
per_years = st.floats(min_value=PER_YEAR_MIN, max_value=PER_YEAR_MAX)


@st.composite
def valid_inputs(draw: st.DrawFn) -> Inputs:
    model = draw(st.sampled_from(BusinessModel))
    return Inputs.checked(
        model=model,
        price=draw(prices),
        churn_percent=draw(churns),
        margin_percent=draw(margins),
        cac=draw(cacs),
        purchases_per_year=draw(per_years) if model is BUY else None,
    )


def _assert_all_finite(value: object) -> None:
    if isinstance(value, float):
        assert math.isfinite(value)
    elif isinstance(value, dict):
        for item in value.values():
            _assert_all_finite(item)
    elif isinstance(value, list):
        for item in value:
            _assert_all_finite(item)


@given(valid_inputs())
def test_every_valid_input_gives_finite_figures(inputs: Inputs) -> None:
    _assert_all_finite(result_json(compute(inputs)))


@given(valid_inputs(), st.floats(min_value=1.01, max_value=10))
def test_ltv_rises_with_price(inputs: Inputs, factor: float) -> None:
    higher = inputs.model_copy(update={"price": inputs.price * factor})
    before, after = compute(inputs).ltv, compute(higher).ltv
    assert after > before or before == after == 0


@given(valid_inputs(), st.floats(min_value=1, max_value=50))
def test_ltv_rises_with_margin(inputs: Inputs, points: float) -> None:
    margin = inputs.margin_percent if inputs.margin_percent is not None else 40.0
    lower = inputs.model_copy(update={"margin_percent": margin})
    higher = inputs.model_copy(update={"margin_percent": min(100.0, margin + points)})
    if higher.margin_percent == lower.margin_percent:
        return
    assert compute(higher).ltv > compute(lower).ltv


@given(valid_inputs(), st.floats(min_value=0.1, max_value=0.99))
def test_ltv_falls_with_churn(inputs: Inputs, factor: float) -> None:
    lower_churn = inputs.model_copy(update={"churn_percent": inputs.churn_percent * factor})
    before, after = compute(inputs).ltv, compute(lower_churn).ltv
    assert after > before or before == after == 0


@given(valid_inputs())
def test_payback_month_is_the_first_month_the_curve_reaches_cac(inputs: Inputs) -> None:
    result = compute(inputs)
    curve, cac = result.curve, inputs.cac
    if result.payback_month is None:
        assert cac > 0
        assert result.ltv <= cac * (1 + 1e-9)
        assert all(point < cac or point == pytest.approx(result.ltv) for point in curve)
        return
    month = result.payback_month
    if month <= len(curve):
        assert curve[month - 1] >= cac
        assert month == 1 or curve[month - 2] < cac
    else:
        assert all(point < cac for point in curve)


@given(valid_inputs())
def test_simple_payback_is_never_later_than_the_churn_aware_one(inputs: Inputs) -> None:
    result = compute(inputs)
    simple, payment, month = (
        result.simple_payback_months,
        result.payback_payment,
        result.payback_month,
    )
    if simple is None or payment is None or month is None:
        return
    if inputs.model is SUB:
        assert math.ceil(simple * (1 - 1e-12)) <= payment
    else:
        assert simple == int(simple)
        assert simple <= month


@given(valid_inputs())
def test_each_target_as_reported_reaches_a_shown_3(inputs: Inputs) -> None:
    """Applied alone, every feasible target gives a healthy verdict (LTV/CAC shown ≥ 3,0)."""
    fields = {TargetKind.CHURN: "churn_percent", TargetKind.PRICE: "price", TargetKind.CAC: "cac"}
    for target in compute(inputs).to_target:
        if not target.feasible:
            continue
        changed = compute(inputs.model_copy(update={fields[target.kind]: target.value}))
        assert changed.verdict in (Verdict.HEALTHY, Verdict.STRONG)
        assert changed.ltv_cac is not None
        assert changed.ltv_cac >= 3 * (1 - 1e-9)


@given(valid_inputs())
def test_curve_rises_towards_ltv_and_its_limit_is_ltv(inputs: Inputs) -> None:
    result = compute(inputs)
    assert all(a <= b for a, b in zip(result.curve, result.curve[1:], strict=False))
    assert all(point <= result.ltv * (1 + 1e-12) for point in result.curve)
    g, c = result.profit_per_cycle, inputs.churn
    far = cumulative_profit(g, c, 20_000)
    assert far == pytest.approx(result.ltv, rel=1e-9, abs=1e-9)


@given(valid_inputs())
def test_cash_horizon_is_the_curve_at_3_and_12_months_within_ltv(inputs: Inputs) -> None:
    """3 months ≤ 12 months ≤ lifetime LTV; each is G(n(t)), the chart's point at t."""
    result = compute(inputs)
    assert result.cash_3_months <= result.cash_12_months <= result.ltv
    g, c, cycle = result.profit_per_cycle, inputs.churn, inputs.cycle
    assert result.cash_3_months == cumulative_profit(g, c, payments_by_month(cycle, 3))
    assert result.cash_12_months == cumulative_profit(g, c, payments_by_month(cycle, 12))
    assert (result.cash_3_months, result.cash_12_months) == (result.curve[2], result.curve[11])


LEVER_FIELDS = {
    LeverKind.CHURN_DOWN: "churn_percent",
    LeverKind.PRICE_UP: "price",
    LeverKind.FREQUENCY_UP: "purchases_per_year",
    LeverKind.MARGIN_UP: "margin_percent",
    LeverKind.CAC_DOWN: "cac",
}


@given(valid_inputs())
def test_each_lever_is_the_outcome_of_one_changed_input(inputs: Inputs) -> None:
    """A lever's figures equal those of the inputs with only that one value changed."""
    for lever in compute(inputs).levers:
        field = LEVER_FIELDS[lever.kind]
        assert lever.value_before == getattr(inputs, field)
        assert lever.value_after != lever.value_before
        changed = inputs.model_copy(update={field: lever.value_after})
        expected = outcome(changed)
        assert lever.after.ltv == pytest.approx(expected.ltv, rel=1e-12)
        assert lever.after.payback_month == expected.payback_month
        assert lever.after.first_year_profit == pytest.approx(expected.first_year_profit)


@given(valid_inputs())
def test_a_lever_gives_the_very_figures_of_its_inputs_computed(inputs: Inputs) -> None:
    """Applied (the one answer changed, kept to two decimals as every input), a lever's
    inputs compute to exactly the figures the lever shows: one figure on every screen."""
    for lever in compute(inputs).levers:
        field = LEVER_FIELDS[lever.kind]
        try:
            changed = Inputs.checked(**{**inputs.model_dump(), field: lever.value_after})
        except InvalidInput:  # e.g. churn below what an answer may be
            continue
        assert getattr(changed, field) == lever.value_after
        result = compute(changed)
        assert (result.ltv, result.ltv_cac) == (lever.after.ltv, lever.after.ltv_cac)
        assert result.payback_month == lever.after.payback_month
        assert result.cash_12_months == lever.after.first_year_profit


@given(st.floats(min_value=0, max_value=2e8, allow_nan=False))
def test_inputs_are_rounded_as_decimals_would_be(value: float) -> None:
    exact = Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert round_input(value) == float(exact)
    assert round_input(-value) == -float(exact)


def test_equal_gains_are_ordered_by_payback_not_by_rounding_noise() -> None:
    """Churn −20 % and CAC −20 % both give ×1,25; the one that pays back sooner ranks first."""
    result = compute(subscription(price=3000, churn=5, cac=5000, margin=80))
    kinds = [lever.kind for lever in result.levers[:2]]
    assert kinds == [LeverKind.CAC_DOWN, LeverKind.CHURN_DOWN]
    first, second = result.levers[:2]
    assert first.ratio_gain == pytest.approx(second.ratio_gain)


def test_inputs_round_halves_away_from_zero_like_excel() -> None:
    inputs = purchases(price=100.005, churn=12.345, cac=0.125, per_year=0.125)
    assert inputs.price == 100.01
    assert inputs.churn_percent == 12.35
    assert inputs.cac == 0.13
    assert inputs.purchases_per_year == 0.13
