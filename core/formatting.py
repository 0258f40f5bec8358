"""Russian number display: grouped thousands, decimal comma, true minus sign.

Pure functions, no words (plural forms live with the texts).  Thousands are
grouped with a no-break space (:data:`NBSP`), the decimal mark is a comma,
the minus is U+2212 and a value that rounds to zero never shows a sign.
Rounding is half away from zero on the shortest decimal form of the float
(``repr``), so 0.15 rounds to 0.2 and 8571.425 to 8571.43, as a person reading
those numbers would expect.  The output never contains ``inf``, ``nan`` or an
exponent; a non-finite input raises :class:`ValueError`.  Days are shown as Moscow
sees them (:data:`MOSCOW`).
"""

import math
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Final

__all__ = [
    "MOSCOW",
    "NBSP",
    "day_month",
    "group",
    "money",
    "money_down",
    "number",
    "percent",
    "plural_count",
    "ratio",
    "rounded",
    "signed_percent_change",
    "whole_down",
]

NBSP: Final = "\u00a0"
MINUS: Final = "\u2212"
ROUBLE: Final = "₽"
TIMES: Final = "×"
PERCENT: Final = "%"
MOSCOW: Final = timezone(timedelta(hours=3))
"""Dates a person reads (a scenario's day, a document's) are Moscow time."""

# Enough precision for any finite float (up to 309 integer digits) plus decimals.
_CONTEXT: Final = Context(prec=400, rounding=ROUND_HALF_UP)
_QUANTUM: Final = tuple(Decimal(1).scaleb(-n) for n in range(16))


def group(value: float, decimals: int = 0) -> str:
    """Format ``value`` with ``decimals`` digits: ``21 333``, ``8 571,43``, ``−5``.

    Rounds half away from zero; never returns ``-0`` or ``−0``.
    """
    if not math.isfinite(value):
        raise ValueError(f"cannot format a non-finite number: {value!r}")
    if not 0 <= decimals < len(_QUANTUM):
        raise ValueError(f"decimals must be in 0..{len(_QUANTUM) - 1}, got {decimals}")
    rounded = Decimal(repr(float(value))).quantize(_QUANTUM[decimals], context=_CONTEXT)
    digits = f"{abs(rounded):f}"
    integer, _, fraction = digits.partition(".")
    text = f"{int(integer):,}".replace(",", NBSP)
    if fraction:
        text = f"{text},{fraction}"
    return f"{MINUS}{text}" if rounded < 0 else text


def number(value: float, decimals: int = 1) -> str:
    """A plain number to at most ``decimals`` digits, trailing zeros dropped — a count of
    months or purchases, percentage points: 12.5 -> ``12,5``, 20 -> ``20``;
    ``number(0.25, 2)`` -> ``0,25``."""
    text = group(value, decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text


def money(value: float) -> str:
    """Whole roubles: 21333 -> ``21 333 ₽``, 8571.43 -> ``8 571 ₽``."""
    return f"{group(value)}{NBSP}{ROUBLE}"


def money_down(value: float) -> str:
    """Whole roubles rounded down, for a ceiling (the most CAC may be): 8720.67 -> ``8 720 ₽``.

    Float noise beyond six decimals is shed first, so 7500.000000001 stays ``7 500 ₽``; the
    same figure as the CAC that ``to_target`` names.
    """
    return money(whole_down(value))


def whole_down(value: float) -> float:
    """``value`` rounded down to whole units as :func:`money_down` shows it, as a number."""
    if not math.isfinite(value):
        raise ValueError(f"cannot round a non-finite number: {value!r}")
    return float(math.floor(round(value, 6)))


def rounded(value: float, decimals: int = 0) -> float:
    """``value`` as it is shown with ``decimals`` digits (halves away from zero), as a number:
    differences are taken between the figures a person reads, so they add up on screen."""
    if not math.isfinite(value):
        raise ValueError(f"cannot round a non-finite number: {value!r}")
    return float(Decimal(repr(float(value))).quantize(_QUANTUM[decimals], context=_CONTEXT))


def ratio(value: float) -> str:
    """A ratio with one decimal: 2.125 -> ``2,1×``, 8 -> ``8,0×``."""
    return f"{group(value, 1)}{TIMES}"


def percent(value: float) -> str:
    """Percent units, up to one decimal: 35 -> ``35 %``, 8.5 -> ``8,5 %``."""
    return f"{number(value)}{NBSP}{PERCENT}"


def day_month(when: datetime) -> str:
    """The day of ``when`` in Moscow: ``22.11``."""
    return when.astimezone(MOSCOW).strftime("%d.%m")


def plural_count(shown: str) -> int | float:
    """The number a formatted value shows, for a plural selector (an int when whole):
    ``1,5`` -> 1.5, ``21`` -> 21, ``1 000`` -> 1000."""
    number = float(shown.replace(NBSP, "").replace(",", ".").replace(MINUS, "-"))
    return int(number) if number.is_integer() else number


def signed_percent_change(old: float, new: float) -> str | None:
    """Relative change from ``old`` to ``new``: ``+95 %``, ``−20 %``, ``0 %``.

    Returns ``None`` when ``old`` is zero or the change is too large to
    represent (the change is then undefined).
    """
    if not (math.isfinite(old) and math.isfinite(new)):
        raise ValueError(f"cannot format a non-finite change: {old!r} -> {new!r}")
    if old == 0:
        return None
    change = (new - old) / abs(old) * 100
    if not math.isfinite(change):
        return None
    text = number(change)
    sign = "" if text.startswith(MINUS) or text == "0" else "+"
    return f"{sign}{text}{NBSP}{PERCENT}"
