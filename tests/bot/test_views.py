"""The result and what-if texts for any valid inputs: valid Telegram HTML, within limits."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.features.dialog.steps import Field
from bot.features.dialog.views import accepted
from bot.features.result.views import result_text, what_if_text
from core.economics import compute
from core.models import (
    CAC_MAX,
    CHURN_MIN,
    PER_YEAR_MAX,
    PER_YEAR_MIN,
    PRICE_MAX,
    PRICE_MIN,
    BusinessModel,
    Inputs,
)
from l10n import Texts
from tests.builders import subscription
from tests.e2e.telegram_html import parse_html, utf16_len

TEXTS = Texts.load()
MESSAGE_LIMIT = 4096
MACHINE_NUMBERS = re.compile(r"inf|nan|\de[+-]?\d|-\d", re.IGNORECASE)


@st.composite
def inputs(draw: st.DrawFn) -> Inputs:
    model = draw(st.sampled_from(BusinessModel))
    return Inputs.checked(
        model=model,
        price=draw(st.floats(min_value=PRICE_MIN, max_value=PRICE_MAX)),
        churn_percent=draw(st.floats(min_value=CHURN_MIN, max_value=100)),
        margin_percent=draw(st.none() | st.floats(min_value=0, max_value=100)),
        cac=draw(st.sampled_from([0.0]) | st.floats(min_value=0, max_value=CAC_MAX)),
        purchases_per_year=(
            draw(st.floats(min_value=PER_YEAR_MIN, max_value=PER_YEAR_MAX))
            if model is BusinessModel.PURCHASES
            else None
        ),
    )


def assert_sendable(html: str) -> str:
    """Parse as Telegram would; the plain text must fit and read like a person wrote it."""
    plain = parse_html(html).text
    assert 1 <= utf16_len(plain) <= MESSAGE_LIMIT
    assert not MACHINE_NUMBERS.search(plain), plain
    return plain


@settings(max_examples=150)
@given(inputs())
def test_result_and_what_if_are_sendable_for_any_inputs(given_inputs: Inputs) -> None:
    result = compute(given_inputs)
    summary = assert_sendable(result_text(TEXTS, result))
    assert "LTV" in summary
    assert_sendable(what_if_text(TEXTS, result))


def test_edge_cases_are_said_in_words() -> None:
    organic = compute(subscription(price=1000, churn=10, cac=0))
    text = assert_sendable(result_text(TEXTS, organic))
    assert "не определено (CAC = 0)" in text
    assert "сразу, с первой оплаты" in text
    assert "по выручке" in text

    no_margin = compute(subscription(price=1000, churn=10, cac=500, margin=0))
    text = assert_sendable(result_text(TEXTS, no_margin))
    assert "при нулевой марже" in text

    loss = compute(subscription(price=1000, churn=50, cac=5000))
    text = assert_sendable(result_text(TEXTS, loss))
    assert "не окупается" in text
    assert "убыток" in text
    what_if = assert_sendable(what_if_text(TEXTS, loss))
    assert "Чтобы выйти на LTV/CAC 3×" in what_if


def test_answers_are_echoed_as_understood() -> None:
    answers = {"model": "purchases", "price": 15000.0, "purchases_per_year": 4.0}
    assert accepted(TEXTS, Field.PER_YEAR, answers) == (
        "✅ Принято: частота покупок — 4 раза в год"
    )
    answers["churn_percent"] = 70.0
    assert accepted(TEXTS, Field.CHURN, answers) == (
        "✅ Принято: не возвращаются — 70\u00a0% клиентов"
    )
    answers["margin_percent"] = None
    assert "по выручке" in accepted(TEXTS, Field.MARGIN, answers)
