"""Saved scenarios without Telegram: the comparison table, names, button labels, callback data."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.features.scenarios.callbacks import ScenarioAction, ScenarioCb
from bot.features.scenarios.views import (
    BUTTON_CHARS,
    BUTTON_NAME_CHARS,
    button_label,
    card_caption,
    compare_text,
    short,
)
from bot.storage import Scenario
from core.economics import compute
from core.graphemes import length
from core.models import BusinessModel, Inputs, Result
from core.scenarios import MAX_NAME_LENGTH, suggest_name
from l10n import Texts
from tests.e2e.telegram_html import parse_html, utf16_len

NBSP = "\u00a0"
SUB = BusinessModel.SUBSCRIPTION
BUY = BusinessModel.PURCHASES


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


def result(**changes: Any) -> Result:
    values: dict[str, Any] = {
        "model": SUB,
        "price": 3000,
        "churn_percent": 5,
        "margin_percent": 80,
        "cac": 5000,
    }
    return compute(Inputs(**(values | changes)))


def plain(html_text: str) -> str:
    """What the user reads; also proves that Telegram would accept the HTML."""
    return parse_html(html_text, strict=True).text


def test_every_row_shows_both_values_and_the_change(texts: Texts) -> None:
    text = plain(compare_text(texts, result(), result(price=6000, churn_percent=4), "A", "B"))
    assert f"LTV: 48{NBSP}000{NBSP}₽ → 120{NBSP}000{NBSP}₽ (+72{NBSP}000{NBSP}₽, +150{NBSP}%)" in (
        text
    )
    assert f"(+3{NBSP}000{NBSP}₽, +100{NBSP}%)" in text  # price
    assert f"(−1 п. п., −20{NBSP}%)" in text  # churn, in percentage points
    assert f"CAC: 5{NBSP}000{NBSP}₽ — без изменений" in text
    assert f"маржа: 80{NBSP}% — без изменений" in text
    assert "окупаемость: 3-й мес. → 2-й мес. (−1 мес.)" in text
    assert "LTV / CAC: 9,6× → 24,0× (+14,4×, +150" in text
    assert "жизнь клиента: 20 мес. → 25 мес. (+5 мес., +25" in text
    assert "частота" not in text  # subscriptions only: no purchase frequency row
    assert "по выручке" not in text


def test_undefined_ratio_skipped_margin_and_mixed_models(texts: Texts) -> None:
    other = result(
        model=BUY, price=15000, churn_percent=70, margin_percent=None, cac=0, purchases_per_year=2
    )
    text = plain(compare_text(texts, result(), other, "A", "B"))
    assert "модель: подписка → повторные покупки" in text
    assert "цена / средний чек:" in text
    assert "частота покупок: каждый месяц (подписка) → 2 раза в год" in text
    # Churn per month and per purchase cycle are different measures: no change shown.
    assert f"отток за цикл: 5{NBSP}% в месяц → 70{NBSP}% клиентов\n" in text
    assert f"маржа: 80{NBSP}% → не указана\n" in text
    assert f"CAC: 5{NBSP}000{NBSP}₽ → 0{NBSP}₽ (−5{NBSP}000{NBSP}₽, −100{NBSP}%)" in text
    assert "LTV / CAC: 9,6× → не определено (CAC = 0)\n" in text
    assert "окупаемость: 3-й мес. → сразу" in text
    assert "посчитаны по выручке" in text
    # From a zero CAC the relative change is undefined: only the absolute one.
    back = plain(compare_text(texts, other, result(), "B", "A"))
    assert f"CAC: 0{NBSP}₽ → 5{NBSP}000{NBSP}₽ (+5{NBSP}000{NBSP}₽)" in back


def test_names_are_escaped_and_the_longest_table_fits_a_message(texts: Texts) -> None:
    nasty = "<b>Клуб & Курс</b>"
    html_text = compare_text(texts, result(), result(price=3300), nasty, "&" * MAX_NAME_LENGTH)
    assert "&lt;b&gt;Клуб &amp; Курс&lt;/b&gt;" in html_text
    assert f"1️⃣ {nasty}" in plain(html_text)
    longest = compare_text(
        texts,
        result(
            model=BUY,
            price=99_999_999,
            churn_percent=99.99,
            margin_percent=None,
            cac=99_999_999,
            purchases_per_year=0.13,
        ),
        result(price=1, churn_percent=0.51, margin_percent=0.01, cac=12_345_678.9),
        "Щ" * MAX_NAME_LENGTH,
        "Ж" * MAX_NAME_LENGTH,
    )
    assert utf16_len(plain(longest)) < 4096


def test_a_card_is_short_with_the_name_escaped(texts: Texts) -> None:
    computed = result()
    scenario = Scenario(
        1,
        7,
        "a < b & c",
        computed.inputs.model_dump(mode="json"),
        datetime(2026, 11, 22, 21, 30, tzinfo=UTC),
    )
    text = plain(card_caption(texts, scenario, computed))
    assert text.startswith("📁 a < b & c\nСохранён 23.11.2026 в 00:30 (МСК)\n")
    answers = f"подписка · стоимость подписки: 3{NBSP}000{NBSP}₽ в месяц · отток: 5{NBSP}% в месяц"
    assert answers in text
    assert (
        f"LTV по прибыли: 48{NBSP}000{NBSP}₽; "
        f"за 3 мес. — 6{NBSP}846{NBSP}₽, за 12 мес. — 22{NBSP}063{NBSP}₽"
    ) in text, "the cash horizon beside LTV"
    assert len(text.splitlines()) <= 8, "a caption, not a page"


def test_the_longest_card_fits_a_caption(texts: Texts) -> None:
    computed = result(
        model=BUY,
        price=99_999_999.99,
        churn_percent=99.99,
        margin_percent=None,
        cac=99_999_999,
        purchases_per_year=0.13,
    )
    name = "Щ" * MAX_NAME_LENGTH
    scenario = Scenario(1, 7, name, computed.inputs.model_dump(mode="json"), datetime.now(UTC))
    assert utf16_len(plain(card_caption(texts, scenario, computed))) <= 1024


def test_button_labels_are_short_but_names_stay_whole(texts: Texts) -> None:
    name = "Очень длинное название сценария, которое не влезет на кнопку целиком"
    scenario = Scenario(1, 7, name, {}, datetime(2026, 12, 2, 9, tzinfo=UTC))
    label = button_label(texts, scenario, result())
    assert label.startswith("🟢 9,6× · Очень длинное") and "…" in label
    assert label.endswith("· 02.12"), "the day it was saved is never cut off"
    assert length(label) <= BUTTON_CHARS
    assert len(short(name)) == BUTTON_NAME_CHARS
    broken = button_label(texts, scenario, None)
    assert broken.startswith("⚠️ Очень") and broken.endswith("· 02.12")
    assert length(broken) <= BUTTON_CHARS
    assert "🔴" in button_label(texts, scenario, result(cac=100_000))
    assert "CAC 0" in button_label(texts, scenario, result(cac=0))


def test_callback_data_fits_64_bytes_and_refuses_forged_numbers() -> None:
    biggest = ScenarioCb(
        action=ScenarioAction.DELETE_YES, id=2**63 - 1, other=2**63 - 1, page=1000
    )
    assert len(biggest.pack().encode()) <= 64
    for forged in ("sc:o:-1:0:0", "sc:o:99999999999999999999:0:0", "sc:o:x:0:0", "sc:zz:1:0:0"):
        with pytest.raises(ValueError):
            ScenarioCb.unpack(forged)


def test_labels_are_cut_as_a_person_sees_them(texts: Texts) -> None:
    family = "👨\u200d👩\u200d👧"
    assert short(family * 40) == family * (BUTTON_NAME_CHARS - 1) + "…", "whole families"
    assert short("🇷🇺" * 40).endswith("🇷🇺…"), "whole flags"
    purchases = result(model=BUY, purchases_per_year=2, price=15000).inputs
    suggested = suggest_name(texts, purchases, datetime(2026, 11, 22, tzinfo=UTC), set())
    assert short(suggested) == suggested, "the date of a suggested name is not cut off in the list"
    scenario = Scenario(1, 7, suggested, {}, datetime(2026, 11, 22, tzinfo=UTC))
    label = button_label(texts, scenario, compute(purchases))
    assert label == f"🟢 48,0× · Покупки 15{NBSP}000{NBSP}₽ · 22.11", "whole name, the day once"


def test_a_change_is_that_of_the_figures_shown(texts: Texts) -> None:
    first, second = result(cac=16_327), result(cac=38_095)
    assert first.ltv_cac is not None and second.ltv_cac is not None
    assert round(first.ltv_cac - second.ltv_cac, 2) == 1.68
    text = plain(compare_text(texts, first, second, "A", "B"))
    assert f"LTV / CAC: 2,9× → 1,3× (−1,6×, −55,2{NBSP}%)" in text, "what the reader computes"


def test_prices_of_different_models_are_not_subtracted(texts: Texts) -> None:
    club = result()
    course = result(model=BUY, price=15_000, churn_percent=60, purchases_per_year=2)
    text = plain(compare_text(texts, club, course, "Клуб", "Курс"))
    [line] = [line for line in text.splitlines() if "средний чек" in line]
    assert line == f"• цена / средний чек: 3{NBSP}000{NBSP}₽ в месяц → 15{NBSP}000{NBSP}₽"
