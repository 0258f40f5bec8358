"""The retention and upsell funnel template as an editable XLSX.

One row per touch with the client, from the first purchase (day 0) to the
repeat purchase and upsell (day 90): stage, goal, trigger, channel, what to
send, which metric to watch, and two empty columns for the user's own text
and the stage's status. A second sheet does the same for a club (a monthly
subscription): from the first payment through each renewal, a failed payment and
winning back who left. Every word lives in ``locales/ru/funnel.ftl``
(``funnel-stage-<day>-<field>``, ``funnel-club-stage-<day>-<field>``). The sheets
are not protected: they are a template to edit.
"""

from __future__ import annotations

from typing import Any, Final

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.documents.xlsx import (
    BODY_FONT,
    BOLD_FONT,
    BORDER,
    INPUT_STYLE_FILL,
    LIGHT_FILL,
    LINE_HEIGHT,
    WRAP_TOP,
    estimated_lines,
    header_row,
    howto_sheet,
    workbook_bytes,
)
from l10n import Texts

__all__ = ["CLUB_STAGE_DAYS", "COLUMNS", "HOWTO", "STAGE_DAYS", "funnel_xlsx"]

STAGE_DAYS: Final = (0, 1, 3, 7, 14, 30, 60, 90)
"""Days after the first purchase, one funnel stage each."""
CLUB_STAGE_DAYS: Final = (0, 3, 14, 25, 30, 31, 60, 75)
"""Days after a club's first payment, one stage each: renewals, a failed payment, win-back."""

STAGE_FIELDS: Final = ("stage", "goal", "trigger", "channel", "message", "metric")
"""The texts of a stage, in column order after the day."""

COLUMNS: Final[tuple[tuple[str, float], ...]] = (
    ("day", 7),
    ("stage", 20),
    ("goal", 26),
    ("trigger", 24),
    ("channel", 16),
    ("message", 52),
    ("metric", 26),
    ("own-text", 44),
    ("status", 13),
)
"""Column text ids (``funnel-column-<id>``) and widths in characters."""

HOWTO: Final = ("rows", "own-text", "channels", "trigger", "status", "extend")
"""The lines of the how-to sheet (``funnel-howto-<id>``)."""


def funnel_xlsx(texts: Texts) -> bytes:
    """The funnel template as XLSX bytes (deterministic for the same texts): courses and
    products, a club's renewals, how to use them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = texts.msg("funnel-sheet")
    _stages(sheet, texts, STAGE_DAYS, club=False)
    _stages(
        workbook.create_sheet(texts.msg("funnel-club-sheet")), texts, CLUB_STAGE_DAYS, club=True
    )
    howto_sheet(
        workbook.create_sheet(texts.msg("funnel-howto-sheet")),
        texts.msg("funnel-howto-title"),
        [texts.msg(f"funnel-howto-{key}") for key in HOWTO],
    )
    return workbook_bytes(workbook, texts.msg("funnel-title"), texts.msg("funnel-author"))


def _stage_text(texts: Texts, day: int, field: str, *, club: bool) -> str:
    if club:
        return texts.msg(f"funnel-club-stage-{day}-{field}")
    return texts.msg(f"funnel-stage-{day}-{field}")


def _stages(sheet: Any, texts: Texts, days: tuple[int, ...], *, club: bool) -> None:
    """One row per stage of a course's (or a ``club``'s) funnel, the own-text and status
    columns."""
    widths = [width for _, width in COLUMNS]
    headers = [(texts.msg(f"funnel-column-{name}"), width) for name, width in COLUMNS]
    header_row(sheet, 1, headers, 30)
    own_text_column = len(STAGE_FIELDS) + 2
    status_column = own_text_column + 1
    for row, day in enumerate(days, start=2):
        values: list[str | int] = [day]
        values += [_stage_text(texts, day, field, club=club) for field in STAGE_FIELDS]
        values += ["", ""]
        lines = 1
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value if value != "" else None)
            cell.font = BOLD_FONT if column in (1, 2) else BODY_FONT
            cell.alignment = WRAP_TOP
            cell.border = BORDER
            if column in (own_text_column, status_column):
                cell.fill = INPUT_STYLE_FILL
            elif row % 2 == 1:
                cell.fill = LIGHT_FILL
            if isinstance(value, str):
                lines = max(lines, estimated_lines(value, widths[column - 1]))
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center", vertical="top")
        sheet.row_dimensions[row].height = max(3, lines) * LINE_HEIGHT + 4
    last_row = len(days) + 1
    statuses = texts.msg("funnel-statuses")
    validation = DataValidation(
        type="list",
        formula1=f'"{statuses}"',
        allow_blank=True,
        showDropDown=False,  # openpyxl's inverted flag: False shows the in-cell arrow
        promptTitle=texts.msg("funnel-status-title"),
        prompt=texts.msg("funnel-status-prompt"),
        showInputMessage=True,
    )
    status_letter = get_column_letter(status_column)
    validation.add(f"{status_letter}2:{status_letter}{last_row}")
    sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
