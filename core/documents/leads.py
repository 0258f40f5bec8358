"""The author's list of leads as an XLSX that opens in Excel, LibreOffice and Google Sheets.

One row per person who ever wrote to the bot, oldest first: id, @username, name, when
they came and from which source, whether the kit reached them, how many calculations and
the last LTV/CAC, saved scenarios, last activity, whether the bot can reach them and
whether they take broadcasts. Every word of the sheet lives in ``locales/ru/owner.ftl``
(``leads-*``).

What people typed (names, usernames) is written as text, never as a formula: a name such
as ``=HYPERLINK(…)`` stays the characters it is, and characters a spreadsheet file cannot
hold (control characters) are dropped. Times are written as spreadsheet dates in the
``zone`` given (the author's), so that they sort and filter as dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.documents.xlsx import BODY_FONT, header_row, workbook_bytes
from core.leads import Lead
from l10n import Texts

__all__ = ["COLUMNS", "leads_xlsx"]


COLUMNS: Final[tuple[tuple[str, float], ...]] = (
    ("id", 14),
    ("username", 20),
    ("name", 22),
    ("first-seen", 17),
    ("source", 16),
    ("kit", 17),
    ("calculations", 11),
    ("ratio", 11),
    ("scenarios", 11),
    ("last-active", 17),
    ("reach", 24),
    ("consent", 24),
)
"""Column text ids (``leads-column-<id>``) and widths in characters."""

DATE_FORMAT: Final = "DD.MM.YYYY HH:MM"
RATIO_FORMAT: Final = "0.0"
MAX_CELL: Final = 32_767
"""Characters a spreadsheet cell can hold."""


def _text(value: str) -> str:
    """What a person typed, as a cell can hold it."""
    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("", value)
    return cleaned[:MAX_CELL]


def _local(moment: datetime, zone: tzinfo) -> datetime:
    """A naive local time: spreadsheets know no time zones."""
    return moment.astimezone(zone).replace(tzinfo=None)


def _put(sheet: Any, row: int, column: int, value: object, number_format: str = "") -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever it starts with
    if number_format:
        cell.number_format = number_format
    cell.font = BODY_FONT


def _values(texts: Texts, lead: Lead, zone: tzinfo) -> list[tuple[object, str]]:
    def when(moment: datetime | None) -> tuple[object, str]:
        return (_local(moment, zone), DATE_FORMAT) if moment is not None else ("", "")

    reach = (
        texts.msg("leads-blocked", date=_local(lead.blocked_at, zone).strftime("%d.%m.%Y"))
        if lead.blocked_at is not None
        else texts.msg("leads-reachable")
    )
    consent = (
        texts.msg(
            "leads-unsubscribed", date=_local(lead.unsubscribed_at, zone).strftime("%d.%m.%Y")
        )
        if lead.unsubscribed_at is not None
        else texts.msg("leads-subscribed")
    )
    ratio: tuple[object, str] = ("", "")
    if lead.last_ltv_cac is not None:
        ratio = (round(lead.last_ltv_cac, 2), RATIO_FORMAT)
    elif lead.calculations:
        ratio = (texts.msg("leads-ratio-undefined"), "")
    return [
        (lead.user_id, "0"),
        (_text(f"@{lead.username}") if lead.username else "", ""),
        (_text(lead.first_name or ""), ""),
        when(lead.first_seen),
        (_text(lead.source) if lead.source else texts.msg("leads-source-unknown"), ""),
        when(lead.kit_sent_at),
        (lead.calculations, "0"),
        ratio,
        (lead.scenarios, "0"),
        when(lead.last_active),
        (reach, ""),
        (consent, ""),
    ]


def leads_xlsx(texts: Texts, leads: Sequence[Lead], zone: tzinfo) -> bytes:
    """The list of ``leads`` as XLSX bytes (identical arguments, identical bytes)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = texts.msg("leads-sheet")
    columns = [(texts.msg(f"leads-column-{name}"), width) for name, width in COLUMNS]
    header_row(sheet, 1, columns, 30)
    for row, lead in enumerate(leads, start=2):
        for column, (value, number_format) in enumerate(_values(texts, lead, zone), start=1):
            _put(sheet, row, column, value, number_format)
    sheet.freeze_panes = "A2"
    last = sheet.cell(row=max(1, len(leads) + 1), column=len(COLUMNS)).coordinate
    sheet.auto_filter.ref = f"A1:{last}"
    return workbook_bytes(workbook, texts.msg("leads-title"), texts.msg("leads-author"))
