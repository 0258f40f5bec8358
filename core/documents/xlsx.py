"""Shared look and deterministic saving of the XLSX documents.

openpyxl stamps the workbook with the current time and writes zip entries with
the current time; :func:`workbook_bytes` fixes both, so identical arguments
give identical bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.writer.excel import ExcelWriter

DOCUMENT_DATE: Final = datetime(2024, 1, 1)
"""Created and modified date written into every workbook (UTC, naive as openpyxl wants)."""
ZIP_DATE: Final = (2024, 1, 1, 0, 0, 0)

ACCENT: Final = "1F5A9E"
ACCENT_LIGHT: Final = "ECF2FA"
INPUT_FILL: Final = "FFF2CC"
RESULT_FILL: Final = "E2EFDA"
RULE: Final = "D6DBE2"
MUTED: Final = "767D86"

FONT_NAME: Final = "Calibri"

THIN: Final = Side(style="thin", color=RULE)
BORDER: Final = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FONT: Final = Font(name=FONT_NAME, bold=True, color="FFFFFF", size=11)
HEADER_FILL: Final = PatternFill("solid", fgColor=ACCENT)
TITLE_FONT: Final = Font(name=FONT_NAME, bold=True, size=16, color="212529")
SUBTITLE_FONT: Final = Font(name=FONT_NAME, size=10, italic=True, color=MUTED)
SECTION_FONT: Final = Font(name=FONT_NAME, bold=True, size=12, color=ACCENT)
BODY_FONT: Final = Font(name=FONT_NAME, size=10)
BOLD_FONT: Final = Font(name=FONT_NAME, size=10, bold=True)
NOTE_FONT: Final = Font(name=FONT_NAME, size=9, color=MUTED)
WRAP_TOP: Final = Alignment(wrap_text=True, vertical="top")
WRAP_CENTER: Final = Alignment(wrap_text=True, vertical="center")
INPUT_STYLE_FILL: Final = PatternFill("solid", fgColor=INPUT_FILL)
RESULT_STYLE_FILL: Final = PatternFill("solid", fgColor=RESULT_FILL)
LIGHT_FILL: Final = PatternFill("solid", fgColor=ACCENT_LIGHT)
RIGHT_TOP: Final = Alignment(horizontal="right", vertical="top")

LINE_HEIGHT: Final = 13.5
"""Points per line of wrapped 10 pt text."""
HOWTO_WIDTH: Final = 100
"""Characters per line of the how-to sheets' text column."""


def workbook_bytes(workbook: Any, title: str, author: str) -> bytes:
    """Serialize an openpyxl workbook with fixed metadata and zip timestamps."""
    properties = workbook.properties
    properties.title = title
    properties.creator = author
    properties.lastModifiedBy = author
    properties.created = DOCUMENT_DATE
    properties.modified = DOCUMENT_DATE
    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook() would stamp "modified" with now().
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(entry.filename))
    return fixed.getvalue()


def header_row(sheet: Any, row: int, columns: Sequence[tuple[str, float]], height: float) -> None:
    """Write a table's header ``row``: each (text, width) column in white on the accent colour."""
    for column, (text, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP_CENTER
        cell.border = BORDER
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.row_dimensions[row].height = height


def howto_sheet(sheet: Any, title: str, lines: Sequence[str]) -> None:
    """Fill a how-to sheet: ``title``, then ``lines`` numbered from 1, one row each."""
    sheet.column_dimensions["A"].width = 4
    sheet.column_dimensions["B"].width = HOWTO_WIDTH
    sheet["B1"] = title
    sheet["B1"].font = SECTION_FONT
    sheet.row_dimensions[1].height = 24
    for number, text in enumerate(lines, start=1):
        row = number + 2
        label = sheet.cell(row=row, column=1, value=number)
        label.font = BOLD_FONT
        label.alignment = RIGHT_TOP
        cell = sheet.cell(row=row, column=2, value=text)
        cell.font = BODY_FONT
        cell.alignment = WRAP_TOP
        sheet.row_dimensions[row].height = estimated_lines(text, HOWTO_WIDTH) * LINE_HEIGHT + 6


def estimated_lines(text: str, width: float) -> int:
    """Lines a wrapped ``text`` takes in a column ``width`` characters wide (a rough guess).

    Spreadsheet programs do not grow rows for wrapped text written by openpyxl,
    so rows get an explicit height from this estimate.
    """
    per_line = max(1, int(width * 1.15))
    lines = 0
    for paragraph in text.split("\n"):
        lines += max(1, -(-len(paragraph) // per_line))
    return lines
