"""The toolkit documents: checklist PDF (generic and personal), funnel and calculator XLSX.

The calculator's live formulas are evaluated with the ``formulas`` package and
compared with :func:`core.economics.compute`; the workbook is loaded once and
recalculated for each set of inputs (loading takes seconds, a recalculation
well under one).
"""

from __future__ import annotations

import importlib
import io
import math
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fpdf.util import get_parsed_unicode_range
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from core.documents import (
    CELLS,
    DEFAULT_INPUTS,
    ITEMS,
    STAGE_DAYS,
    calculator_xlsx,
    checklist_pdf,
    funnel_xlsx,
)
from core.documents.calculator import (
    INPUT_CELLS,
    INPUT_ROWS,
    RESULT_ROWS,
    SERVICE_ROWS,
    TABLE_FIRST_ROW,
    TABLE_MONTHS,
)
from core.documents.fonts import UNICODE_RANGE
from core.documents.funnel import CLUB_STAGE_DAYS
from core.economics import compute
from core.formatting import NBSP, money, money_down, number, percent, ratio
from core.models import (
    CAC_MAX,
    CHURN_MIN,
    PER_YEAR_MAX,
    PER_YEAR_MIN,
    PRICE_MAX,
    BusinessModel,
    Inputs,
    LeverKind,
    Result,
)
from core.priorities import MARGIN_THIN, Reason, Section, personal_order, reason_text
from l10n import Texts
from tests.builders import SUB, make_inputs, purchases, subscription

ROOT = Path(__file__).resolve().parents[2]

slow = pytest.mark.slow


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


def flat(text: str) -> str:
    """Whitespace (no-break spaces and line breaks included) collapsed to single spaces."""
    return re.sub(r"\s+", " ", text.replace(NBSP, " ")).strip()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return flat(" ".join(page.extract_text() for page in reader.pages))


def section_title(texts: Texts, section: Section) -> str:
    return flat(texts.msg(f"checklist-section-{section}"))


# --- Checklist PDF ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generic_pdf(texts: Texts) -> bytes:
    return checklist_pdf(texts)


def test_generic_checklist_is_a_pdf_with_cyrillic_text(texts: Texts, generic_pdf: bytes) -> None:
    assert generic_pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(generic_pdf))
    assert len(reader.pages) >= 3
    assert reader.metadata is not None
    assert reader.metadata.title == texts.msg("checklist-title")
    text = pdf_text(generic_pdf)
    assert texts.msg("checklist-title") in text
    for position, section in enumerate(Section, start=1):
        assert f"{position}. {section_title(texts, section)}" in text
    for section, items in ITEMS.items():
        for item in items:
            assert flat(texts.msg(f"checklist-item-{section}-{item}-title")) in text
    assert flat(texts.msg("checklist-item-retention-onboarding-text")) in text
    assert texts.msg("checklist-figures-title") not in text
    total = len(reader.pages)
    assert flat(texts.msg("checklist-page", page=total, total=str(total))) in text


def test_every_item_has_an_empty_tick_box(generic_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(generic_pdf))
    stroked = 0
    for page in reader.pages:
        contents = page.get_contents()
        assert contents is not None
        stroked += contents.get_data().count(b" re S")
    assert stroked >= sum(len(items) for items in ITEMS.values())


def test_checklist_bytes_are_deterministic(texts: Texts, generic_pdf: bytes) -> None:
    assert checklist_pdf(texts) == generic_pdf
    result = compute(subscription(price=2990, churn=35, cac=5000))
    assert checklist_pdf(texts, result) == checklist_pdf(texts, result)


def test_personal_checklist_shows_the_users_figures(texts: Texts) -> None:
    result = compute(subscription(price=2990, churn=35, cac=5000))
    assert result.ltv_cac is not None
    assert result.payback_month is not None
    text = pdf_text(checklist_pdf(texts, result))
    assert texts.msg("checklist-figures-title") in text
    lifetime = number(result.lifetime_months)
    for shown in (
        texts.msg("checklist-model-subscription"),
        money(2990),
        percent(35),
        texts.msg("checklist-figure-margin-skipped"),
        money(5000),
        money(result.ltv),
        ratio(result.ltv_cac),
        texts.msg("checklist-figure-payback-month", month=str(result.payback_month)),
        texts.msg("months", count=float(lifetime.replace(",", ".")), value=lifetime),
    ):
        assert flat(shown) in text, shown


def test_personal_checklist_puts_the_promoted_section_first(texts: Texts) -> None:
    result = compute(subscription(price=2990, churn=35, cac=5000))
    order = personal_order(result)
    first, reason = order[0]
    assert (first, reason) == (Section.RETENTION, Reason.HIGH_CHURN_MONTHLY)
    text = pdf_text(checklist_pdf(texts, result))
    assert f"1. {section_title(texts, first)}" in text
    positions = [text.index(section_title(texts, section)) for section, _ in order]
    assert positions == sorted(positions)
    assert flat(reason_text(texts, Reason.HIGH_CHURN_MONTHLY, result)) in text
    assert flat(texts.msg("checklist-important").upper()) in text
    # the generic order starts elsewhere
    assert f"1. {section_title(texts, Section.SEGMENTS)}" not in text


def test_personal_checklist_says_what_it_was_made_for_and_boxes_a_reason_once(
    texts: Texts,
) -> None:
    result = compute(subscription(price=2990, churn=35, cac=5000))
    order = personal_order(result)
    assert [s for s, r in order[:2]] == [Section.RETENTION, Section.CHURN]
    assert order[0][1] == order[1][1], "one reason promotes two sections"
    text = pdf_text(checklist_pdf(texts, result, date(2026, 12, 2)))
    assert "Составлен 02.12.2026 для вашего расчёта: подписка 2 990 ₽ в месяц" in text
    important = flat(texts.msg("checklist-important").upper())
    assert text.count(important) == len({r for _, r in promoted(order)}), "each reason once"
    assert "для вашего расчёта" not in pdf_text(checklist_pdf(texts)), "the general one: none"
    assert "Составлен" not in pdf_text(checklist_pdf(texts, result)), "no day given: none said"


def test_personal_checklist_words_for_no_payback_and_cac_zero(texts: Texts) -> None:
    never = compute(purchases(price=5000, churn=60, cac=9000, per_year=1.5, margin=30))
    assert never.payback_month is None
    text = pdf_text(checklist_pdf(texts, never))
    assert texts.msg("checklist-figure-payback-never") in text
    assert flat(texts.msg("checklist-model-purchases")) in text
    assert flat(percent(30)) in text

    organic = compute(subscription(price=2990, churn=8, cac=0, margin=80))
    text = pdf_text(checklist_pdf(texts, organic))
    assert flat(texts.msg("checklist-figure-ratio-undefined")) in text


# --- The personal ordering rule ----------------------------------------------------------------


def promoted(order: list[tuple[Section, Reason | None]]) -> list[tuple[Section, Reason]]:
    return [(section, reason) for section, reason in order if reason is not None]


def test_order_lists_every_section_once() -> None:
    order = personal_order(compute(subscription(price=2990, churn=35, cac=5000)))
    assert sorted(section for section, _ in order) == sorted(Section)


def test_high_subscription_churn_puts_retention_first() -> None:
    result = compute(subscription(price=2990, churn=35, cac=0, margin=80))
    assert promoted(personal_order(result))[:2] == [
        (Section.RETENTION, Reason.HIGH_CHURN_MONTHLY),
        (Section.CHURN, Reason.HIGH_CHURN_MONTHLY),
    ]


def test_high_repeat_purchase_churn_puts_retention_first() -> None:
    result = compute(purchases(price=5000, churn=50, cac=0, per_year=4, margin=80))
    assert result.purchases == pytest.approx(2)  # not a short lifetime yet
    assert personal_order(result)[0] == (Section.RETENTION, Reason.HIGH_CHURN_REPEAT)


def test_churn_as_the_top_lever_puts_retention_first(texts: Texts) -> None:
    result = compute(subscription(price=2990, churn=5, cac=0, margin=80))
    assert result.levers[0].kind is LeverKind.CHURN_DOWN
    assert personal_order(result)[0] == (Section.RETENTION, Reason.CHURN_TOP_LEVER)
    line = reason_text(texts, Reason.CHURN_TOP_LEVER, result)
    assert money(result.ltv) in line  # CAC 0: LTV before and after, not the ratio


def test_thin_margin_puts_pricing_first(texts: Texts) -> None:
    result = compute(subscription(price=2990, churn=5, cac=1000, margin=15))
    assert result.levers[0].kind is LeverKind.MARGIN_UP
    assert promoted(personal_order(result)) == [
        (Section.PRICING, Reason.THIN_MARGIN),
        (Section.UPSELL, Reason.THIN_MARGIN),
    ]
    assert percent(15) in reason_text(texts, Reason.THIN_MARGIN, result)


def test_zero_margin_puts_pricing_first() -> None:
    result = compute(subscription(price=2990, churn=5, cac=1000, margin=0))
    order = promoted(personal_order(result))
    assert order[0] == (Section.PRICING, Reason.ZERO_MARGIN)
    assert (Section.ACQUISITION, Reason.CAC_ABOVE_LTV) in order


def test_cac_above_breakeven_puts_acquisition_first(texts: Texts) -> None:
    result = compute(subscription(price=2990, churn=8, cac=15000, margin=80))
    assert result.inputs.cac > result.breakeven_cac
    assert result.levers[0].kind is LeverKind.CAC_DOWN
    assert promoted(personal_order(result)) == [(Section.ACQUISITION, Reason.CAC_ABOVE_BREAKEVEN)]
    line = reason_text(texts, Reason.CAC_ABOVE_BREAKEVEN, result)
    assert money(15000) in line
    assert money_down(result.breakeven_cac) in line, "the most CAC may be: rounded down"


def test_short_lifetime_puts_the_next_product_first(texts: Texts) -> None:
    result = compute(purchases(price=5000, churn=70, cac=1000, per_year=2, margin=60))
    assert result.purchases < 2
    order = promoted(personal_order(result))
    assert order[0] == (Section.UPSELL, Reason.SHORT_LIFETIME)
    assert (Section.RETENTION, Reason.HIGH_CHURN_REPEAT) in order
    assert number(result.purchases) in reason_text(texts, Reason.SHORT_LIFETIME, result)


def test_healthy_figures_keep_the_generic_order() -> None:
    result = compute(subscription(price=2990, churn=3, cac=12000, margin=80))
    assert result.levers[0].kind is LeverKind.CAC_DOWN
    assert personal_order(result) == [(section, None) for section in Section]


def test_every_reason_has_a_text(texts: Texts) -> None:
    cases = [
        subscription(price=2990, churn=35, cac=5000),
        purchases(price=5000, churn=70, cac=1000, per_year=2, margin=60),
        subscription(price=2990, churn=5, cac=0, margin=80),
        subscription(price=2990, churn=5, cac=100_000, margin=15),
        subscription(price=2990, churn=5, cac=1000, margin=0),
    ]
    seen = set()
    for inputs in cases:
        result = compute(inputs)
        for _, reason in promoted(personal_order(result)):
            seen.add(reason)
            line = reason_text(texts, reason, result)
            assert line and "{" not in line
    assert seen == set(Reason)


valid_inputs = st.builds(
    make_inputs,
    model=st.sampled_from(BusinessModel),
    price=st.floats(1, 1_000_000),
    churn=st.floats(CHURN_MIN, 100),
    margin=st.none() | st.floats(0, 100),
    cac=st.just(0.0) | st.floats(0, 1_000_000),
    per_year=st.floats(PER_YEAR_MIN, PER_YEAR_MAX),
)


@settings(max_examples=150, deadline=None)
@given(valid_inputs)
def test_order_follows_the_top_lever(inputs: Inputs) -> None:
    result = compute(inputs)
    order = personal_order(result)
    assert sorted(section for section, _ in order) == sorted(Section)
    reasons = [reason for _, reason in order]
    promoted_count = sum(reason is not None for reason in reasons)
    assert all(reason is not None for reason in reasons[:promoted_count])  # promoted first
    first, _ = order[0]
    top = result.levers[0].kind
    if top is LeverKind.CHURN_DOWN:
        assert first in {Section.RETENTION, Section.UPSELL}
    elif top is LeverKind.CAC_DOWN and inputs.cac > result.breakeven_cac:
        assert first is Section.ACQUISITION
    elif top is LeverKind.MARGIN_UP and (inputs.margin_percent or 100) < MARGIN_THIN:
        assert first is Section.PRICING


# --- Funnel XLSX -------------------------------------------------------------------------------


def test_funnel_has_the_eight_day_stages(texts: Texts) -> None:
    data = funnel_xlsx(texts)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook[texts.msg("funnel-sheet")]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:2] == [texts.msg("funnel-column-day"), texts.msg("funnel-column-stage")]
    assert texts.msg("funnel-column-own-text") in headers
    assert texts.msg("funnel-column-status") in headers
    days = [sheet.cell(row=row, column=1).value for row in range(2, 2 + len(STAGE_DAYS))]
    assert days == [0, 1, 3, 7, 14, 30, 60, 90]
    assert sheet.cell(row=2, column=2).value == texts.msg("funnel-stage-0-stage")
    assert sheet.cell(row=9, column=6).value == texts.msg("funnel-stage-90-message")
    channels = " ".join(str(sheet.cell(row=row, column=5).value) for row in range(2, 10))
    for channel in ("Telegram", "e-mail", "push"):
        assert channel.lower() in channels.lower()
    assert sheet.freeze_panes == "C2"
    assert sheet.cell(row=2, column=6).alignment.wrap_text
    assert sheet.data_validations.dataValidation  # the status dropdown
    assert texts.msg("funnel-howto-sheet") in workbook.sheetnames
    assert funnel_xlsx(texts) == data


def test_funnel_has_a_clubs_renewals_too(texts: Texts) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(funnel_xlsx(texts)))
    club = workbook[texts.msg("funnel-club-sheet")]
    days = [club.cell(row=row, column=1).value for row in range(2, 2 + len(CLUB_STAGE_DAYS))]
    assert days == list(CLUB_STAGE_DAYS)
    stages = " ".join(str(club.cell(row=row, column=2).value) for row in range(2, 10))
    assert "Продление" in stages and "Оплата не прошла" in stages, "renewals, not lessons"
    words = " ".join(str(cell.value) for row in club.iter_rows() for cell in row)
    assert "урок" not in words.lower()
    assert club.data_validations.dataValidation


# --- Calculator XLSX: structure ----------------------------------------------------------------


@pytest.fixture(scope="module")
def calculator_book(texts: Texts) -> Any:
    return openpyxl.load_workbook(io.BytesIO(calculator_xlsx(texts)))


def test_calculator_formula_cells_are_formulas(texts: Texts, calculator_book: Any) -> None:
    sheet = calculator_book[texts.msg("calculator-sheet")]
    for row in RESULT_ROWS + SERVICE_ROWS:
        value = sheet[CELLS[row.name]].value
        assert isinstance(value, str) and value.startswith("="), row.name
    table = calculator_book[texts.msg("calculator-table-sheet")]
    for month in (1, TABLE_MONTHS):
        line = TABLE_FIRST_ROW + month - 1
        assert table.cell(row=line, column=1).value == month
        for column in (2, 3, 4, 5):
            assert str(table.cell(row=line, column=column).value).startswith("=")


def test_calculator_says_each_unit_once_and_prints_on_a4(
    texts: Texts, calculator_book: Any
) -> None:
    sheet = calculator_book[texts.msg("calculator-sheet")]
    rub, pct = texts.msg("calculator-unit-rub"), texts.msg("calculator-unit-percent")
    for row in INPUT_ROWS + RESULT_ROWS:
        unit = sheet.cell(row=row.row, column=3).value
        shown = sheet.cell(row=row.row, column=2).number_format
        if unit is not None:
            assert unit not in shown, (row.name, unit, shown)  # not «2 990 ₽ ₽», «70 % %»
    assert rub in {sheet.cell(row=r.row, column=3).value for r in INPUT_ROWS}
    assert pct in {sheet.cell(row=r.row, column=3).value for r in INPUT_ROWS}
    verdict = sheet[CELLS["verdict"]]
    assert verdict.alignment.wrap_text, "the verdict wraps in its cell"
    assert f"{CELLS['verdict']}:D{CELLS['verdict'][1:]}" in str(sheet.merged_cells)
    for name in (texts.msg("calculator-sheet"), texts.msg("calculator-table-sheet")):
        setup = calculator_book[name]
        assert str(setup.page_setup.paperSize) == setup.PAPERSIZE_A4
        assert setup.sheet_properties.pageSetUpPr.fitToPage
        assert setup.page_setup.fitToWidth == 1
    [chart] = sheet._charts
    assert "G(n" not in texts.msg("calculator-column-profit"), "the legend reads as words"
    months = len(compute(DEFAULT_INPUTS).curve)
    assert chart.series[0].val.numRef.f.endswith(f"${TABLE_FIRST_ROW + months - 1}")


def test_calculator_chart_marks_the_payback_month_from_the_formulas(
    texts: Texts, calculator_book: Any
) -> None:
    [chart] = calculator_book[texts.msg("calculator-sheet")]._charts
    profit, _, payback = chart.series
    last = TABLE_FIRST_ROW + len(compute(DEFAULT_INPUTS).curve) - 1
    table = f"'{texts.msg('calculator-table-sheet')}'!"
    assert payback.val.numRef.f == f"{table}$F${TABLE_FIRST_ROW}:$F${last}"
    assert payback.tx.strRef.f == f"{table}F{TABLE_FIRST_ROW - 1}", "named in the legend"
    assert payback.marker.symbol == "circle" and payback.graphicalProperties.line.noFill
    assert profit.val.numRef.f == f"{table}$C${TABLE_FIRST_ROW}:$C${last}"
    sheet = calculator_book[texts.msg("calculator-table-sheet")]
    address = CELLS["payback"]
    payback_cell = f"'{texts.msg('calculator-sheet')}'!${address[0]}${address[1:]}"
    row = TABLE_FIRST_ROW + 4
    assert sheet[f"F{row}"].value == f"=IF(A{row}={payback_cell},C{row},NA())"
    assert sheet.column_dimensions["F"].hidden, "a helper column: #N/A but in one month"
    assert chart.visible_cells_only is False, "drawn though its column is hidden"


def test_calculator_inputs_are_unlocked_and_everything_else_locked(
    texts: Texts, calculator_book: Any
) -> None:
    for sheet in calculator_book.worksheets:
        assert sheet.protection.sheet is True
        assert not sheet.protection.password
        for row in sheet.iter_rows():
            for cell in row:
                unlocked = sheet.title == texts.msg("calculator-sheet") and (
                    cell.coordinate in INPUT_CELLS
                )
                assert cell.protection.locked is not unlocked, (sheet.title, cell.coordinate)
    sheet = calculator_book[texts.msg("calculator-sheet")]
    assert {sheet[address].fill.fgColor.rgb for address in INPUT_CELLS} == {"00FFF2CC"}


def test_calculator_model_is_a_dropdown_of_the_two_models(
    texts: Texts, calculator_book: Any
) -> None:
    sheet = calculator_book[texts.msg("calculator-sheet")]
    lists = [
        validation
        for validation in sheet.data_validations.dataValidation
        if validation.type == "list"
    ]
    assert len(lists) == 1
    assert str(lists[0].sqref) == CELLS["model"]
    choices = lists[0].formula1.strip('"').split(",")
    assert choices == [
        texts.msg("calculator-model-subscription"),
        texts.msg("calculator-model-purchases"),
    ]


def test_calculator_is_filled_with_the_example_or_the_inputs(
    texts: Texts, calculator_book: Any
) -> None:
    sheet = calculator_book[texts.msg("calculator-sheet")]
    assert sheet[CELLS["model"]].value == texts.msg("calculator-model-purchases")
    assert sheet[CELLS["price"]].value == DEFAULT_INPUTS.price
    assert sheet[CELLS["cac"]].value == DEFAULT_INPUTS.cac

    own = calculator_xlsx(texts, subscription(price=2990, churn=35, cac=5000))
    sheet = openpyxl.load_workbook(io.BytesIO(own))[texts.msg("calculator-sheet")]
    values = {row.name: sheet[CELLS[row.name]].value for row in INPUT_ROWS}
    assert values == {
        "model": texts.msg("calculator-model-subscription"),
        "price": 2990,
        "per_year": 12,
        "churn": 35,
        "margin": None,
        "cac": 5000,
    }
    assert own == calculator_xlsx(texts, subscription(price=2990, churn=35, cac=5000))


# --- Calculator XLSX: the formulas give core's figures -----------------------------------------

FORMULA_CASES = [
    DEFAULT_INPUTS,
    subscription(price=2990, churn=35, cac=5000),  # by revenue (margin skipped)
    subscription(price=2990, churn=8, cac=0, margin=80),  # CAC 0: ratio undefined
    subscription(price=990, churn=3, cac=25_000, margin=90),  # long payback
    subscription(price=PRICE_MAX, churn=CHURN_MIN, cac=CAC_MAX, margin=100),
    purchases(price=5000, churn=100, cac=1000, per_year=2, margin=50),  # churn 100 %
    purchases(price=5000, churn=60, cac=9000, per_year=1.5, margin=30),  # never pays back
    purchases(price=15_000, churn=0.5, cac=1000, per_year=7, margin=0),  # zero margin
    purchases(price=49_000, churn=45, cac=30_000, per_year=0.1),  # one purchase in 10 years
    purchases(price=3500, churn=20, cac=7000, per_year=52, margin=85),  # weekly
    purchases(price=7777.77, churn=33.3, cac=12_345.67, per_year=2.35, margin=61.5),
    purchases(price=12_000, churn=40, cac=21_000, per_year=3, margin=70),  # LTV = CAC
]


class Evaluator:
    """A calculator workbook loaded into ``formulas`` once, recalculated per inputs."""

    def __init__(self, texts: Texts, path: Path) -> None:
        import formulas  # imported here: it takes a while and only these tests need it

        self.texts = texts
        self.empty = importlib.import_module("schedula").EMPTY  # what formulas calls a blank cell
        self.model = formulas.ExcelModel().loads(str(path)).finish()
        book = f"[{path.name}]"
        self.sheet = f"'{book}{texts.msg('calculator-sheet').upper()}'!"
        self.table = f"'{book}{texts.msg('calculator-table-sheet').upper()}'!"

    def calculate(self, inputs: Inputs | None = None) -> dict[str, Any]:
        overrides: dict[str, Any] = {}
        if inputs is not None:
            kind = "subscription" if inputs.model is SUB else "purchases"
            values: dict[str, Any] = {
                "model": self.texts.msg(f"calculator-model-{kind}"),
                "price": inputs.price,
                "per_year": inputs.purchases_per_year or 12,
                "churn": inputs.churn_percent,
                "margin": (
                    [[self.empty]] if inputs.margin_percent is None else inputs.margin_percent
                ),
                "cac": inputs.cac,
            }
            overrides = {self.sheet + CELLS[name]: value for name, value in values.items()}
        solution = self.model.calculate(inputs=overrides)
        figures = {
            name: solution[self.sheet + address].value[0, 0] for name, address in CELLS.items()
        }
        figures["curve"] = [
            solution[f"{self.table}C{TABLE_FIRST_ROW + month}"].value[0, 0]
            for month in range(TABLE_MONTHS)
        ]
        figures["marker"] = {
            month: value
            for month in range(1, TABLE_MONTHS + 1)
            if isinstance(
                value := solution[f"{self.table}F{TABLE_FIRST_ROW + month - 1}"].value[0, 0],
                int | float,
            )
        }
        return figures


@pytest.fixture(scope="module")
def evaluator(texts: Texts, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Evaluator]:
    path = tmp_path_factory.mktemp("calculator") / "calculator.xlsx"
    path.write_bytes(calculator_xlsx(texts))
    yield Evaluator(texts, path)


def close(actual: Any, expected: float) -> bool:
    return isinstance(actual, int | float) and math.isclose(
        actual, expected, rel_tol=1e-6, abs_tol=1e-9
    )


def assert_same_as_core(texts: Texts, figures: dict[str, Any], result: Result) -> None:
    assert close(figures["ltv"], result.ltv), (figures["ltv"], result.ltv)
    assert close(figures["cash_3"], result.cash_3_months), (figures["cash_3"], result)
    assert close(figures["cash_12"], result.cash_12_months), (figures["cash_12"], result)
    assert close(figures["revenue"], result.revenue_per_client)
    assert close(figures["purchases"], result.purchases)
    assert close(figures["lifetime"], result.lifetime_months)
    assert close(figures["cycle"], result.cycle_months)
    assert close(figures["profit"], result.profit_per_cycle)
    assert close(figures["breakeven"], result.breakeven_cac)
    assert close(figures["net"], result.net_value)
    if result.ltv_cac is None:
        assert figures["ratio"] == texts.msg("calculator-ratio-undefined")
    else:
        assert close(figures["ratio"], result.ltv_cac), (figures["ratio"], result.ltv_cac)
    if result.payback_month is None:
        assert figures["payback"] == texts.msg("calculator-never")
        assert figures["payment"] == texts.msg("calculator-never")
    else:
        assert figures["payback"] == result.payback_month
        assert figures["payment"] == result.payback_payment
    assert figures["verdict"] == texts.msg(f"calculator-verdict-{result.verdict}")
    for month, point in enumerate(result.curve[:TABLE_MONTHS]):
        assert close(figures["curve"][month], point), (month + 1, figures["curve"][month], point)
    if result.payback_month is None:
        assert figures["marker"] == {}, "no payback, no marker"
    else:  # the marker sits on the profit line in the payback month, and only there
        [(month, value)] = figures["marker"].items()
        assert month == result.payback_month
        assert close(value, result.curve[month - 1])


def case_id(inputs: Inputs) -> str:
    margin = "revenue" if inputs.margin_percent is None else f"m{inputs.margin_percent:g}"
    per_year = "" if inputs.purchases_per_year is None else f"-{inputs.purchases_per_year:g}py"
    figures = f"p{inputs.price:g}-c{inputs.churn_percent:g}-{margin}-cac{inputs.cac:g}"
    return f"{inputs.model}{per_year}-{figures}"


@slow
@pytest.mark.parametrize("inputs", FORMULA_CASES, ids=case_id)
def test_calculator_formulas_equal_core(
    texts: Texts, evaluator: Evaluator, inputs: Inputs
) -> None:
    assert_same_as_core(texts, evaluator.calculate(inputs), compute(inputs))


@slow
def test_calculator_default_example_evaluates_as_written(
    texts: Texts, evaluator: Evaluator
) -> None:
    assert_same_as_core(texts, evaluator.calculate(), compute(DEFAULT_INPUTS))


@slow
def test_calculator_written_with_inputs_evaluates_to_core(texts: Texts, tmp_path: Path) -> None:
    inputs = purchases(price=4900, churn=55, cac=2500, per_year=4)  # margin skipped
    path = tmp_path / "own.xlsx"
    path.write_bytes(calculator_xlsx(texts, inputs))
    figures = Evaluator(texts, path).calculate()
    assert_same_as_core(texts, figures, compute(inputs))
    assert figures["margin_used"] == 100


# --- Source rules ------------------------------------------------------------------------------


def test_documents_source_has_no_russian_text() -> None:
    for path in (ROOT / "core" / "documents").glob("*.py"):
        assert not re.search("[А-Яа-яЁё]", path.read_text(encoding="utf-8")), path.name


def test_the_pdf_font_range_covers_every_character_of_the_checklist_texts() -> None:
    allowed = set(get_parsed_unicode_range(UNICODE_RANGE))
    used = set()
    for name in ("checklist.ftl", "common.ftl"):
        used |= set((ROOT / "locales" / "ru" / name).read_text(encoding="utf-8"))
    used |= set(money(-1234.5) + ratio(2.5) + percent(8.5) + number(12.5))
    missing = {char for char in used - {"\n"} if ord(char) not in allowed}
    assert missing == set()
