"""Why an orders export could not be read: a code the bot turns into Russian text.

Every refusal is an :class:`OrdersError` carrying an :class:`OrdersErrorCode`
and ``details``, the values its message shows (already formatted strings, so
the text needs no formatting of its own). The Russian texts live in
``locales/ru/orders.ftl`` under ``orders-error-<code>``; :func:`error_message`
renders one. Details never hold a customer's data: only column names, counts,
status and currency names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Final

from l10n import Texts

__all__ = [
    "LIST_MAX_ITEMS",
    "NotTableKind",
    "OrdersError",
    "OrdersErrorCode",
    "TooLargeKind",
    "error_message",
    "quoted_list",
]

LIST_MAX_ITEMS: Final = 12
"""A list in a message (columns found, statuses) shows at most this many items, then "…"."""
NAME_MAX_CHARS: Final = 40
"""A column or status name in a message is cut to this many characters."""


class OrdersErrorCode(StrEnum):
    """What is wrong with the file; one Russian message per code in ``orders.ftl``."""

    NOT_A_TABLE = "not_a_table"
    """Not CSV or XLSX: a picture, a PDF, an old XLS, plain text. Details: ``kind``."""
    EMPTY = "empty"
    """No data rows under the header (or no bytes at all). Details: none."""
    TOO_LARGE = "too_large"
    """Over the size or row limit. Details: ``kind`` (:class:`TooLargeKind`), ``limit``."""
    NO_CUSTOMER_COLUMN = "no_customer_column"
    """No column with the buyer (user id, e-mail, phone, name). Details: ``columns``."""
    NO_DATE_COLUMN = "no_date_column"
    """No column with the order's date. Details: ``columns``."""
    NO_AMOUNT_COLUMN = "no_amount_column"
    """No column with the money paid. Details: ``columns``."""
    NO_PAID_ORDERS = "no_paid_orders"
    """Rows were read but none is a paid order. Details: ``rows``, ``statuses``."""
    MIXED_CURRENCIES = "mixed_currencies"
    """Paid orders in more than one currency. Details: ``currencies``."""


class NotTableKind(StrEnum):
    """What the file looked like instead of a table (selects the wording)."""

    XLS = "xls"
    """An old binary Excel workbook (.xls)."""
    ODS = "ods"
    """An OpenDocument spreadsheet."""
    BINARY = "binary"
    """Some other binary file: a picture, a PDF, an archive, a broken workbook."""
    TEXT = "text"
    """Text without columns (no delimiter splits it), or text that is no encoding we know."""


class TooLargeKind(StrEnum):
    """Which limit was crossed."""

    BYTES = "bytes"
    ROWS = "rows"


class OrdersError(ValueError):
    """The file cannot give the figures; see :attr:`code` and :attr:`details`."""

    def __init__(self, code: OrdersErrorCode, **details: str) -> None:
        super().__init__(code.value, details)
        self.code: OrdersErrorCode = code
        self.details: Mapping[str, str] = dict(details)

    def __repr__(self) -> str:
        return f"OrdersError({self.code.value!r}, {dict(self.details)!r})"


def quoted_list(names: Iterable[str], limit: int = LIST_MAX_ITEMS) -> str:
    """``«A», «B», «C»`` (names cut to 40 characters, at most ``limit`` of them, then "…")."""
    shown: list[str] = []
    more = False
    for name in names:
        if len(shown) == limit:
            more = True
            break
        text = " ".join(name.split())
        if len(text) > NAME_MAX_CHARS:
            text = text[: NAME_MAX_CHARS - 1].rstrip() + "…"
        shown.append(f"«{text}»")
    return ", ".join(shown) + (", …" if more else "")


def error_message(error: OrdersError, texts: Texts) -> str:
    """The Russian explanation of ``error``: what is missing and which columns are expected."""
    key = error.code.value.replace("_", "-")
    return texts.msg(f"orders-error-{key}", **error.details)
