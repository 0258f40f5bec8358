"""Comparing two scenarios: the rows, which have a change, and changes of the figures shown."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core import formatting
from core.comparison import (
    INPUTS,
    RESULTS,
    Change,
    Compared,
    Figure,
    What,
    input_rows,
    result_rows,
)
from core.economics import compute
from core.models import Field, Inputs
from tests.builders import BUY, SUB, make_inputs, purchases, subscription


def changes(rows: list[Compared[What]]) -> dict[What, Change | None]:
    return {row.figure: row.change for row in rows}


def test_two_subscriptions_are_compared_on_every_answer_but_purchases_a_year() -> None:
    rows = input_rows(subscription(3000, 5, 5000, 80), subscription(3300, 4.5, 5000, 80))
    assert [row.figure for row in rows] == [
        Field.MODEL,
        Field.PRICE,
        Field.CHURN,
        Field.MARGIN,
        Field.CAC,
    ]
    found = changes(rows)
    assert found[Field.MODEL] is None
    assert found[Field.PRICE] == Change(3000, 3300)
    assert found[Field.CHURN] == Change(5, 4.5)
    assert found[Field.CAC] == Change(5000, 5000) and Change(5000, 5000).same


def test_a_fee_and_a_check_are_not_subtracted() -> None:
    club, course = subscription(2990, 5, 5000, 80), purchases(15000, 60, 5000, 2, 80)
    found = changes(input_rows(club, course))
    assert list(found) == [Field.MODEL, *INPUTS], "purchases a year shown for the course"
    assert found[Field.PRICE] is None, "a monthly fee and a purchase's check"
    assert found[Field.CHURN] is None, "churn a month and those who do not come back"
    assert found[Field.PER_YEAR] is None, "a subscription has no purchases a year"
    assert found[Field.MARGIN] == Change(80, 80)
    assert found[Field.CAC] == Change(5000, 5000)


def test_a_skipped_margin_has_no_change() -> None:
    found = changes(input_rows(subscription(3000, 5, 5000), subscription(3000, 5, 5000, 80)))
    assert found[Field.MARGIN] is None


def test_a_change_is_that_of_the_figures_shown() -> None:
    first, second = (
        compute(subscription(3000, 5, 16_327, 80)),
        compute(subscription(3000, 5, 38_095, 80)),
    )
    assert first.ltv_cac is not None and second.ltv_cac is not None
    assert round(second.ltv_cac - first.ltv_cac, 2) == -1.68, "the exact ratios"
    ratio = changes(result_rows(first, second))[Figure.RATIO]
    assert ratio == Change(2.9, 1.3)
    assert ratio is not None and round(ratio.absolute, 6) == -1.6, "what the reader computes"


def test_the_ceiling_of_cac_changes_by_the_roubles_shown_rounded_down() -> None:
    first, second = (
        compute(subscription(2990, 35, 5000, 70)),
        compute(subscription(2990, 30, 5000, 70)),
    )
    breakeven = changes(result_rows(first, second))[Figure.BREAKEVEN]
    assert breakeven == Change(
        formatting.whole_down(first.breakeven_cac), formatting.whole_down(second.breakeven_cac)
    )
    assert formatting.money_down(first.breakeven_cac) == formatting.money(breakeven.before)


def test_a_payback_changes_by_months_and_only_when_both_pay_back() -> None:
    slow, fast = compute(subscription(3000, 5, 9000, 80)), compute(subscription(3000, 5, 3000, 80))
    payback = changes(result_rows(slow, fast))[Figure.PAYBACK]
    assert payback is not None and not payback.relative
    assert payback.absolute < 0
    free = compute(subscription(3000, 5, 0, 80))
    found = changes(result_rows(slow, free))
    assert found[Figure.PAYBACK] is None, "at once: nothing to subtract"
    assert found[Figure.RATIO] is None, "no LTV/CAC without CAC"
    never = compute(subscription(1000, 50, 50_000, 10))
    assert changes(result_rows(never, slow))[Figure.PAYBACK] is None


inputs = st.builds(
    make_inputs,
    st.sampled_from([SUB, BUY]),
    st.floats(min_value=1, max_value=1e6),
    st.floats(min_value=0.5, max_value=99),
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=0.5, max_value=52),
    st.one_of(st.none(), st.floats(min_value=1, max_value=100)),
)


@given(inputs, inputs)
def test_rows_compare_like_with_like_from_the_figures_shown(first: Inputs, second: Inputs) -> None:
    if first.model is SUB:
        first = first.model_copy(update={"purchases_per_year": None})
    if second.model is SUB:
        second = second.model_copy(update={"purchases_per_year": None})
    found = changes(input_rows(first, second))
    for figure in (Field.PRICE, Field.CHURN):
        assert (found[figure] is not None) == (first.model is second.model)
    assert (Field.PER_YEAR in found) == (BUY in (first.model, second.model))
    price = found[Field.PRICE]
    if price is not None:
        assert price.before == formatting.rounded(first.price)
        assert price.absolute == price.after - price.before
    results = result_rows(compute(first), compute(second))
    assert [row.figure for row in results] == list(RESULTS)
    for row in results:
        if row.change is not None:
            assert row.change.relative == (row.figure is not Figure.PAYBACK)
