"""The result and what-if texts for any valid inputs: valid Telegram HTML, within limits."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.features.dialog.views import accepted
from bot.features.result.views import lever_lines, result_text, what_if_text
from core.economics import compute
from core.models import (
    CAC_MAX,
    CHURN_MIN,
    PER_YEAR_MAX,
    PER_YEAR_MIN,
    PRICE_MAX,
    PRICE_MIN,
    BusinessModel,
    Field,
    Inputs,
)
from l10n import Texts
from tests.builders import purchases, subscription
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


def test_special_cases_say_each_thing_once() -> None:
    by_revenue = assert_sendable(result_text(TEXTS, compute(subscription(1000, 10, 500))))
    assert "за всё время" not in by_revenue, "by revenue, LTV is that very figure"
    with_margin = assert_sendable(result_text(TEXTS, compute(subscription(1000, 10, 500, 80))))
    assert "Выручка с клиента за всё время: 10\u00a0000\u00a0₽" in with_margin

    first_month = assert_sendable(result_text(TEXTS, compute(subscription(1000, 10, 500))))
    assert "на 1-м месяце" in first_month
    assert "без учёта оттока" not in first_month, "the same month is not said twice"
    later = compute(subscription(price=3000, churn=5, cac=20_000, margin=80))
    text = assert_sendable(result_text(TEXTS, later))
    assert f"на {later.payback_month}-м месяце" in text
    assert "без учёта оттока — на 9-м месяце" in text, "8,3 payments: in the 9th month"

    organic = assert_sendable(result_text(TEXTS, compute(subscription(1000, 10, 0))))
    assert organic.count("не определено") == 1
    loss = assert_sendable(result_text(TEXTS, compute(subscription(1000, 50, 5000))))
    assert "не окупается:" not in loss

    course = compute(purchases(price=15_000, churn=60, cac=4000, per_year=2, margin=60))
    text = assert_sendable(result_text(TEXTS, course))
    assert "-я покупка)" in text and "оплата" not in text
    assert "/ не возвращаются 60\u00a0%" in text
    assert "отток" not in text
    assert "Средняя жизнь клиента" not in text, "a course's clients do not «live» 10 months"
    assert "Покупок на клиента в среднем: 1,7 — по одной на 6 месяцев, всего 10 месяцев" in text
    assert "Вернуть больше клиентов (не возвращаются 60\u00a0% → 48\u00a0%)" in text


def test_a_lever_never_shows_a_figure_that_does_not_move() -> None:
    deep_loss = compute(subscription(price=1000, churn=50, cac=10_000, margin=50))
    text = assert_sendable(lever_lines(TEXTS, deep_loss))
    assert "0,1× → 0,1×" not in text, "LTV/CAC 0,1 → 0,125 looks the same"
    assert "(50\u00a0% → 40\u00a0%): LTV 1\u00a0000\u00a0₽ → 1\u00a0250\u00a0₽" in text
    assert "LTV − CAC −9\u00a0000\u00a0₽ → −7\u00a0000\u00a0₽" in text, "CAC leaves LTV as is"
    healthy = compute(subscription(price=3000, churn=5, cac=5000, margin=80))
    assert "LTV/CAC 9,6× → 12,0×" in assert_sendable(lever_lines(TEXTS, healthy))


def test_the_result_says_what_a_client_brings_in_3_and_12_months() -> None:
    club = assert_sendable(result_text(TEXTS, compute(subscription(3000, 5, 5000, 80))))
    assert (
        "Прибыль с клиента за 3 мес. — 6\u00a0846\u00a0₽, за 12 мес. — 22\u00a0063\u00a0₽"
        " (до вычета CAC)"
    ) in club
    course = compute(purchases(price=15_000, churn=60, cac=4000, per_year=2))
    text = assert_sendable(result_text(TEXTS, course))
    assert (
        "Выручка с клиента за 3 мес. — 15\u00a0000\u00a0₽, за 12 мес. — 21\u00a0000\u00a0₽"
    ) in text, "margin skipped: revenue; the second purchase comes in month 7"


def test_the_most_cac_may_be_is_one_figure_on_every_screen() -> None:
    result = compute(subscription(price=2990, churn=8, cac=10_000, margin=70))
    assert result.breakeven_cac == pytest.approx(8720.83, abs=0.01)
    summary = assert_sendable(result_text(TEXTS, result))
    what_if = assert_sendable(what_if_text(TEXTS, result))
    assert "Предельный CAC (для LTV/CAC = 3×): 8\u00a0720\u00a0₽" in summary
    assert "CAC до 8\u00a0720\u00a0₽" in what_if
    assert "8\u00a0721" not in summary + what_if


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
