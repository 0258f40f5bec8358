"""The LTV calculator as an XLSX with live Excel formulas.

The formulas are those of :mod:`core.economics` (ECONOMICS.md), written so that
a spreadsheet gives the same figures as :func:`core.economics.compute` for the
same inputs — the same operations in the same order, so the results agree to
the last bits:

- ``h = MAX(1, ROUND(per_year·100, 0))`` purchases a year in hundredths
  (1200 for a subscription), ``T = 1200 / h`` months, ``c = churn / 100``;
- ``g = price·(margin / 100)``, an empty margin meaning 100 % (by revenue);
- ``N = 1 / c``, lifetime ``T / c``, ``LTV = g / c``, revenue ``price / c``;
- the cash horizon ``G(n(3))`` and ``G(n(12))``, before CAC, with ``n(t) = CEILING(t·h/1200)``
  as in the month table;
- LTV/CAC, or a text saying it is undefined when CAC is 0; break-even CAC ``LTV / 3``;
- payback payment: ``k = 1`` when CAC is 0, none when ``LTV ≤ CAC``, else the
  closed form ``k = CEILING(LN(1 − CAC·c/g) / LN(1 − c))`` (1 when c = 1),
  corrected by one payment either way by comparing ``G(k)`` and ``G(k − 1)``
  with CAC, exactly as core's loop does; the month is ``INT((k − 1)·1200/h) + 1``;
- a month table for 1..120: ``n(t) = CEILING(t·h/1200)``, ``G(n(t))``, CAC, and
  ``G(n(t))`` again in the payback month only (``NA()`` elsewhere) for the chart's marker.

Only functions the ``formulas`` package evaluates are used (IF, ISBLANK,
ISNUMBER, AND, MAX, ROUND, CEILING, INT, LN, POWER, NA), so the tests check the
workbook against ``compute``. Input cells are yellow and unlocked; every sheet
is protected without a password, so a user can unprotect it to edit formulas.
Every word lives in ``locales/ru/calculator.ftl``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.styles import Alignment, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.documents.xlsx import (
    BODY_FONT,
    BOLD_FONT,
    BORDER,
    INPUT_STYLE_FILL,
    LIGHT_FILL,
    NOTE_FONT,
    RESULT_STYLE_FILL,
    RIGHT_TOP,
    SECTION_FONT,
    SUBTITLE_FONT,
    TITLE_FONT,
    WRAP_TOP,
    estimated_lines,
    header_row,
    howto_sheet,
    workbook_bytes,
)
from core.economics import compute
from core.formatting import group
from core.models import (
    CAC_MAX,
    CHURN_MAX,
    CHURN_MIN,
    MARGIN_MAX,
    MARGIN_MIN,
    PER_YEAR_MAX,
    PER_YEAR_MIN,
    PRICE_MAX,
    PRICE_MIN,
    TARGET_RATIO,
    BusinessModel,
    Inputs,
)
from l10n import Texts

__all__ = [
    "CELLS",
    "DEFAULT_INPUTS",
    "INPUT_CELLS",
    "MARKER_COLUMN",
    "TABLE_FIRST_ROW",
    "TABLE_MONTHS",
    "calculator_xlsx",
]

DEFAULT_INPUTS: Final = Inputs(
    model=BusinessModel.PURCHASES,
    price=12_000,
    purchases_per_year=3,
    churn_percent=40,
    margin_percent=70,
    cac=9_000,
)
"""The example filled in when no inputs are given: a thin LTV/CAC, payback in month 5."""

TABLE_MONTHS: Final = 120
TABLE_FIRST_ROW: Final = 3
"""The month table (sheet 2) starts here: a note in row 1, headers in row 2."""
MARKER_COLUMN: Final = 6
"""The month table's payback column: its profit in the payback month, #N/A in the others."""

VALUE_COLUMN: Final = "B"


@dataclass(frozen=True, slots=True)
class _Row:
    name: str
    row: int
    text: str
    """The ``calculator-<text>`` key of the label; ``<text>-note`` is its note when present."""
    unit: str | None = None
    number_format: str = "General"


INPUT_ROWS: Final = (
    _Row("model", 5, "input-model"),
    _Row("price", 6, "input-price", "unit-rub", "money"),
    _Row("per_year", 7, "input-per-year"),
    _Row("churn", 8, "input-churn", "unit-percent"),
    _Row("margin", 9, "input-margin", "unit-percent"),
    _Row("cac", 10, "input-cac", "unit-rub", "money"),
)
RESULT_ROWS: Final = (
    _Row("per_year_used", 13, "result-per-year", None, "0.00"),
    _Row("cycle", 14, "result-cycle", "unit-months", "0.00"),
    _Row("margin_used", 15, "result-margin", "unit-percent"),
    _Row("profit", 16, "result-profit", "unit-rub", "money"),
    _Row("purchases", 17, "result-purchases", None, "0.0"),
    _Row("lifetime", 18, "result-lifetime", "unit-months", "0.0"),
    _Row("ltv", 19, "result-ltv", "unit-rub", "money"),
    _Row("cash_3", 20, "result-cash-3", "unit-rub", "money"),
    _Row("cash_12", 21, "result-cash-12", "unit-rub", "money"),
    _Row("revenue", 22, "result-revenue", "unit-rub", "money"),
    _Row("ratio", 23, "result-ratio", None, "ratio"),
    _Row("verdict", 24, "result-verdict"),
    _Row("net", 25, "result-net", "unit-rub", "money"),
    _Row("payment", 26, "result-payment", None, "0"),
    _Row("payback", 27, "result-payback", None, "0"),
    _Row("breakeven", 28, "result-breakeven", "unit-rub", "money"),
)
SERVICE_ROWS: Final = (
    _Row("c", 31, "service-churn", None, "0.0000"),
    _Row("h", 32, "service-hundredths", None, "0"),
    _Row("estimate", 33, "service-estimate", None, "0"),
    _Row("profit_k", 34, "service-profit-k", "unit-rub", "money"),
    _Row("profit_before", 35, "service-profit-before", "unit-rub", "money"),
)
SECTION_ROWS: Final = {"inputs": 4, "results": 12, "service": 30}

CELLS: Final[Mapping[str, str]] = {
    row.name: f"{VALUE_COLUMN}{row.row}" for row in INPUT_ROWS + RESULT_ROWS + SERVICE_ROWS
}
"""Where each input and figure lives on the calculator sheet (``"ltv"`` → ``"B19"``)."""
INPUT_CELLS: Final = tuple(CELLS[row.name] for row in INPUT_ROWS)

_RESULT_FORMULAS: Final = {
    "per_year_used": "=IF({model}={subscription},12,{h}/100)",
    "cycle": "=1200/{h}",
    "margin_used": "=IF(ISBLANK({margin}),100,{margin})",
    "profit": "={price}*({margin_used}/100)",
    "purchases": "=1/{c}",
    "lifetime": "={cycle}/{c}",
    "ltv": "={profit}/{c}",
    "cash_3": "={profit}*(1-POWER(1-{c},CEILING(3*{h}/1200,1)))/{c}",
    "cash_12": "={profit}*(1-POWER(1-{c},CEILING(12*{h}/1200,1)))/{c}",
    "revenue": "={price}/{c}",
    "ratio": "=IF({cac}<=0,{undefined},{ltv}/{cac})",
    "verdict": (
        "=IF({cac}<=0,{organic},IF({ltv}/{cac}<1,{loss},IF({ltv}/{cac}<{target},{thin},"
        "IF({ltv}/{cac}<=5,{healthy},{strong}))))"
    ),
    "net": "={ltv}-{cac}",
    "payment": (
        "=IF(ISNUMBER({estimate}),IF({profit_k}<{cac},{estimate}+1,"
        "IF(AND({estimate}>1,{profit_before}>={cac}),{estimate}-1,{estimate})),{never})"
    ),
    "payback": "=IF(ISNUMBER({payment}),INT(({payment}-1)*1200/{h})+1,{never})",
    "breakeven": "={ltv}/{target}",
    "c": "={churn}/100",
    "h": "=IF({model}={subscription},1200,MAX(1,ROUND({per_year}*100,0)))",
    "estimate": (
        "=IF({cac}<=0,1,IF({ltv}<={cac},{none},IF({c}>=1,1,"
        "MAX(1,CEILING(LN(1-{cac}*{c}/{profit})/LN(1-{c}),1)))))"
    ),
    "profit_k": "=IF(ISNUMBER({estimate}),{profit}*(1-POWER(1-{c},{estimate}))/{c},{none})",
    "profit_before": (
        "=IF(ISNUMBER({estimate}),IF({estimate}>1,"
        "{profit}*(1-POWER(1-{c},{estimate}-1))/{c},0),{none})"
    ),
}

_WORDS: Final = {
    "subscription": "calculator-model-subscription",
    "undefined": "calculator-ratio-undefined",
    "never": "calculator-never",
    "none": "calculator-service-none",
    "organic": "calculator-verdict-organic",
    "loss": "calculator-verdict-loss",
    "thin": "calculator-verdict-thin",
    "healthy": "calculator-verdict-healthy",
    "strong": "calculator-verdict-strong",
}

COLUMN_WIDTHS: Final = {"A": 38, "B": 25, "C": 7, "D": 62}


def _text(value: str) -> str:
    """An Excel string literal."""
    return '"' + value.replace('"', '""') + '"'


def _sheet_ref(name: str) -> str:
    """A sheet name as a formula prefix: ``'Sheet name'!``."""
    return "'" + name.replace("'", "''") + "'!"


def _number(value: float) -> int | float:
    """Whole numbers as ``int`` so the cell shows ``12000``, not ``12000.0``."""
    return int(value) if float(value).is_integer() else value


def _limit(value: float) -> str:
    """A validation bound as Excel stores it (a dot decimal, no exponent)."""
    return f"{value:.10g}" if abs(value) < 1e10 else f"{value:.0f}"


def _formats(texts: Texts) -> dict[str, str]:
    rub = texts.msg("calculator-unit-rub")
    return {
        "money": f'#,##0" {rub}"',
        "ratio": '0.0"×"',
        "percent": 'General" %"',
    }


BARE_FORMATS: Final = {"money": "#,##0", "percent": "General"}
"""Formats of a value whose unit stands in the column beside it (not «2 990 ₽ ₽»)."""


def _input_values(texts: Texts, inputs: Inputs) -> dict[str, Any]:
    subscription = inputs.model is BusinessModel.SUBSCRIPTION
    model = texts.msg(f"calculator-model-{'subscription' if subscription else 'purchases'}")
    per_year = (
        12.0 if subscription or inputs.purchases_per_year is None else inputs.purchases_per_year
    )
    return {
        "model": model,
        "price": _number(inputs.price),
        "per_year": _number(per_year),
        "churn": _number(inputs.churn_percent),
        "margin": None if inputs.margin_percent is None else _number(inputs.margin_percent),
        "cac": _number(inputs.cac),
    }


def _validations(texts: Texts) -> list[tuple[str, DataValidation]]:
    subscription = texts.msg("calculator-model-subscription")
    purchases = texts.msg("calculator-model-purchases")
    title = texts.msg("calculator-error-title")
    found = [
        (
            CELLS["model"],
            DataValidation(
                type="list",
                formula1=_text(f"{subscription},{purchases}"),
                allow_blank=False,
                showErrorMessage=True,
                errorTitle=title,
                error=texts.msg("calculator-error-model"),
            ),
        )
    ]
    bounds = {
        "price": (PRICE_MIN, PRICE_MAX, False),
        "per_year": (PER_YEAR_MIN, PER_YEAR_MAX, True),
        "churn": (CHURN_MIN, CHURN_MAX, False),
        "margin": (MARGIN_MIN, MARGIN_MAX, True),
        "cac": (0.0, CAC_MAX, False),
    }
    for name, (low, high, blank) in bounds.items():
        message = texts.msg(
            f"calculator-error-{name.replace('_', '-')}",
            min=group(low, 1).removesuffix(",0"),
            max=group(high, 1).removesuffix(",0"),
        )
        validation = DataValidation(
            type="decimal",
            operator="between",
            formula1=_limit(low),
            formula2=_limit(high),
            allow_blank=blank,
            showErrorMessage=True,
            errorTitle=title,
            error=message,
        )
        found.append((CELLS[name], validation))
    return found


def _label_row(sheet: Any, texts: Texts, row: _Row, formats: Mapping[str, str]) -> Any:
    """Write the label, unit and note of ``row``; return its value cell."""
    label = sheet.cell(row=row.row, column=1, value=texts.msg(f"calculator-{row.text}"))
    label.font = BODY_FONT
    label.alignment = WRAP_TOP
    if row.unit is not None:
        unit = sheet.cell(row=row.row, column=3, value=texts.msg(f"calculator-{row.unit}"))
        unit.font = NOTE_FONT
        unit.alignment = WRAP_TOP
    note_key = f"calculator-{row.text}-note"
    if note_key in texts.keys:
        note_text = texts.msg(note_key)
        note = sheet.cell(row=row.row, column=4, value=note_text)
        note.font = NOTE_FONT
        note.alignment = WRAP_TOP
        lines = estimated_lines(note_text, COLUMN_WIDTHS["D"] * 1.1)
        if lines > 1:
            sheet.row_dimensions[row.row].height = lines * 12 + 3
    cell = sheet.cell(row=row.row, column=2)
    shown = BARE_FORMATS if row.unit is not None else formats
    cell.number_format = shown.get(row.number_format, row.number_format)
    cell.font = BOLD_FONT
    cell.border = BORDER
    cell.alignment = RIGHT_TOP
    return cell


def _section(sheet: Any, row: int, text: str) -> None:
    cell = sheet.cell(row=row, column=1, value=text)
    cell.font = SECTION_FONT
    sheet.row_dimensions[row].height = 20


def _calculator_sheet(sheet: Any, texts: Texts, inputs: Inputs) -> None:
    formats = _formats(texts)
    for column, width in COLUMN_WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet["A1"] = texts.msg("calculator-title")
    sheet["A1"].font = TITLE_FONT
    sheet.row_dimensions[1].height = 26
    sheet["A2"] = texts.msg("calculator-subtitle")
    sheet["A2"].font = SUBTITLE_FONT
    _section(sheet, SECTION_ROWS["inputs"], texts.msg("calculator-inputs"))
    _section(sheet, SECTION_ROWS["results"], texts.msg("calculator-results"))
    _section(sheet, SECTION_ROWS["service"], texts.msg("calculator-service"))

    values = _input_values(texts, inputs)
    for row in INPUT_ROWS:
        cell = _label_row(sheet, texts, row, formats)
        if row.name in ("churn", "margin"):
            cell.number_format = BARE_FORMATS["percent"]  # «%» is in the unit column
        cell.value = values[row.name]
        cell.fill = INPUT_STYLE_FILL
        cell.protection = Protection(locked=False)

    refs = {name: f"${VALUE_COLUMN}${address[1:]}" for name, address in CELLS.items()}
    words = {name: _text(texts.msg(key)) for name, key in _WORDS.items()}
    target = f"{TARGET_RATIO:g}"
    for row in RESULT_ROWS + SERVICE_ROWS:
        cell = _label_row(sheet, texts, row, formats)
        if row.name == "margin_used":
            cell.number_format = BARE_FORMATS["percent"]
        cell.value = _RESULT_FORMULAS[row.name].format(**refs, **words, target=target)
        if row in RESULT_ROWS:
            cell.fill = RESULT_STYLE_FILL
        else:
            cell.font = BODY_FONT
    for name in ("ltv", "ratio", "payback"):
        label = sheet.cell(row=int(CELLS[name][1:]), column=1)
        label.font = BOLD_FONT
    # The verdict is a sentence: merged over the unit and note cells, wrapped in two lines.
    verdict_row = int(CELLS["verdict"][1:])
    sheet.merge_cells(start_row=verdict_row, start_column=2, end_row=verdict_row, end_column=4)
    sheet[CELLS["verdict"]].alignment = Alignment(
        horizontal="left", vertical="top", wrap_text=True
    )
    sheet.row_dimensions[verdict_row].height = 30
    # The margin row's note says whether the figures are by revenue.
    margin_row = int(CELLS["margin_used"][1:])
    by_revenue = _text(texts.msg("calculator-result-by-revenue"))
    note = sheet.cell(
        row=margin_row, column=4, value=f'=IF(ISBLANK({refs["margin"]}),{by_revenue},"")'
    )
    note.font = NOTE_FONT
    for address, validation in _validations(texts):
        validation.add(address)
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "A3"
    sheet.protection.sheet = True
    sheet.sheet_view.zoomScale = 100
    _print_setup(sheet, landscape=True)


def _print_setup(sheet: Any, *, landscape: bool) -> None:
    """A4, as wide as the page (as many pages tall as it takes)."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _table_sheet(sheet: Any, texts: Texts, calculator_name: str) -> None:
    formats = _formats(texts)
    source = _sheet_ref(calculator_name)
    refs = {name: f"{source}${VALUE_COLUMN}${address[1:]}" for name, address in CELLS.items()}
    sheet["A1"] = texts.msg("calculator-table-note")
    sheet["A1"].font = NOTE_FONT
    columns = (
        ("month", 10),
        ("payments", 16),
        ("profit", 20),
        ("cac", 14),
        ("net", 18),
        ("payback", 16),
    )
    headers = [(texts.msg(f"calculator-column-{key}"), width) for key, width in columns]
    header_row(sheet, TABLE_FIRST_ROW - 1, headers, 45)
    for month in range(1, TABLE_MONTHS + 1):
        row = TABLE_FIRST_ROW + month - 1
        cells = (
            month,
            f"=CEILING(A{row}*{refs['h']}/1200,1)",
            f"={refs['profit']}*(1-POWER(1-{refs['c']},B{row}))/{refs['c']}",
            f"={refs['cac']}",
            f"=C{row}-D{row}",
            f"=IF(A{row}={refs['payback']},C{row},NA())",
        )
        for column, value in enumerate(cells, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.font = BODY_FONT
            cell.border = BORDER
            cell.number_format = "0" if column <= 2 else formats["money"]
            if month % 2 == 0:
                cell.fill = LIGHT_FILL
    # The payback column only feeds the chart's marker (#N/A, not drawn, in other months).
    sheet.column_dimensions[get_column_letter(MARKER_COLUMN)].hidden = True
    sheet.freeze_panes = f"A{TABLE_FIRST_ROW}"
    sheet.protection.sheet = True
    _print_setup(sheet, landscape=False)
    sheet.print_title_rows = f"{TABLE_FIRST_ROW - 1}:{TABLE_FIRST_ROW - 1}"


def _chart(texts: Texts, table: Any, months: int) -> LineChart:
    """The month table's profit and CAC columns over ``months`` (the bot's chart's span for
    the inputs written in, not all 120: the payback is not squeezed at the left), and the
    payback month as a marker on the profit line: a series of the hidden payback column,
    empty (#N/A) but in the month the payback cell names, so it moves with the inputs."""
    last = TABLE_FIRST_ROW + min(months, TABLE_MONTHS) - 1
    header = TABLE_FIRST_ROW - 1
    chart = LineChart()
    chart.title = texts.msg("calculator-chart-title")
    chart.x_axis.title = texts.msg("calculator-chart-x")
    chart.y_axis.title = texts.msg("calculator-chart-y")
    chart.add_data(
        Reference(table, min_col=3, max_col=4, min_row=header, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(table, min_col=1, min_row=TABLE_FIRST_ROW, max_row=last))
    step = 12 if months > 36 else 6 if months > 12 else 1
    chart.x_axis.tickLblSkip = step
    chart.x_axis.tickMarkSkip = step
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.number_format = "#,##0"
    chart.y_axis.majorGridlines = None
    chart.add_data(
        Reference(table, min_col=MARKER_COLUMN, min_row=header, max_row=last),
        titles_from_data=True,
    )
    chart.visible_cells_only = False  # the payback column is hidden
    for series in chart.series:
        series.smooth = False
        series.marker.symbol = "none"
    payback = chart.series[2]
    payback.marker.symbol = "circle"
    payback.marker.size = 10
    payback.marker.graphicalProperties = GraphicalProperties(solidFill="C62828")
    payback.marker.graphicalProperties.line.solidFill = "FFFFFF"
    payback.graphicalProperties.line.noFill = True
    chart.series[0].graphicalProperties.line.solidFill = "1F5A9E"
    chart.series[0].graphicalProperties.line.width = 28_000
    chart.series[1].graphicalProperties.line.solidFill = "C46210"
    chart.series[1].graphicalProperties.line.dashStyle = "dash"
    chart.legend.position = "b"
    chart.width = 18
    chart.height = 9
    return chart


def _howto_sheet(sheet: Any, texts: Texts) -> None:
    """How to use the calculator, one numbered line per step; the sheet is protected."""
    keys = ("inputs", "margin", "ltv", "payback", "table", "what-if", "protect")
    lines = [texts.msg(f"calculator-howto-{key}") for key in keys]
    howto_sheet(sheet, texts.msg("calculator-howto-title"), lines)
    sheet.protection.sheet = True


def calculator_xlsx(texts: Texts, inputs: Inputs | None = None) -> bytes:
    """The calculator as XLSX bytes, filled with ``inputs`` (or :data:`DEFAULT_INPUTS`).

    Sheets: the calculator (inputs, results, intermediate values, chart), the
    month table 1..120 and how to use it. Deterministic for equal arguments.
    """
    workbook = Workbook()
    calculator = workbook.active
    calculator.title = texts.msg("calculator-sheet")
    table = workbook.create_sheet(texts.msg("calculator-table-sheet"))
    howto = workbook.create_sheet(texts.msg("calculator-howto-sheet"))
    _calculator_sheet(calculator, texts, inputs or DEFAULT_INPUTS)
    _table_sheet(table, texts, calculator.title)
    months = len(compute(inputs or DEFAULT_INPUTS).curve)
    calculator.add_chart(_chart(texts, table, months), "F4")
    _howto_sheet(howto, texts)
    return workbook_bytes(workbook, texts.msg("calculator-title"), texts.msg("calculator-author"))
