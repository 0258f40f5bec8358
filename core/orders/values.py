"""One cell of an orders export to a value: money, a day, a status, a buyer's key, a currency.

Pure functions on the text (or the number) of one cell; each either returns
the value or raises :class:`ValueError` (``NegativeAmount`` for a refund).
They are called once per row on 100 000-row files, so the usual shapes take a
fast path and the results of the slow ones are cached per call site by the
reader (see :mod:`core.orders.analysis`).

Money
    Russian habits through :func:`core.parsing.parse_money` (``1 299,70``,
    ``300 руб.``, ``12 990 ₽``), plus a currency sign or code anywhere in the
    cell (``$300``, ``300 USD``, ``1 500 тенге``), which is reported so that
    mixed currencies are noticed. Amounts are kept as whole kopecks (cents), so
    sums are exact whatever the order of the rows.
Days
    ``2024-03-15``, ``2024-03-15 12:30:00``, ``2024-03-15T12:30:00+03:00``,
    ``15.03.2024``, ``15.03.24 12:30``, ``15/03/2024``, ``15-03-2024``,
    ``15 марта 2024 г.``, ``15 мар 2024``, ``March 15, 2024``; a spreadsheet's
    day number (``45366``), a Unix time in seconds or milliseconds. The time of
    day and any time zone are ignored: the day is the one written. A slash date
    is day first (``03/04/2024`` is 3 April) unless the second number cannot be
    a month (``03/15/2024``).
Buyers
    A user id as written (``123.0`` from a spreadsheet is ``123``); an e-mail
    lower-cased; a phone as its digits, a Russian ``8 9xx`` or bare ``9xx``
    number written as ``7 9xx``; a name lower-cased with single spaces.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Final

from core.parsing import ParseError, ParseErrorCode, parse_money

__all__ = [
    "MAX_AMOUNT_KOPECKS",
    "NegativeAmount",
    "Status",
    "amount_of",
    "classify_status",
    "currency_code",
    "day_of",
    "email_key",
    "excel_day",
    "name_key",
    "phone_key",
    "user_id_key",
]

MAX_AMOUNT_KOPECKS: Final = 100_000_000 * 100
"""One order of more than 100 000 000 (the model's price limit) is not believed."""

YEAR_MIN: Final = 1990
YEAR_MAX: Final = 2100

# --------------------------------------------------------------------------- currency

_CURRENCY_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "RUB": ("rub", "rur", "руб", "руб.", "рубль", "рубля", "рублей", "рубли", "р", "р.", "₽"),
    "USD": ("usd", "$", "us$", "доллар", "доллара", "долларов", "долл", "долл."),
    "EUR": ("eur", "€", "евро"),
    "KZT": ("kzt", "₸", "тенге", "тг", "тг."),
    "UAH": ("uah", "₴", "грн", "грн.", "гривна", "гривны", "гривен"),
    "BYN": ("byn", "byr", "бел. руб.", "бел.руб.", "бел руб"),
    "GBP": ("gbp", "£"),
    "CNY": ("cny", "¥", "юань", "юаней"),
    "UZS": ("uzs", "сум"),
    "KGS": ("kgs", "сом"),
    "AMD": ("amd", "֏", "драм"),
    "GEL": ("gel", "₾", "лари"),
    "TRY": ("try", "₺"),
    "AZN": ("azn", "₼"),
}
CURRENCY_OF: Final[dict[str, str]] = {
    alias: code for code, aliases in _CURRENCY_ALIASES.items() for alias in aliases
}
"""Every currency word or sign (lower case) and its ISO code."""

_SIGNS: Final = "".join(alias for alias in CURRENCY_OF if len(alias) == 1 and not alias.isalpha())
_WORDS: Final = sorted(
    (alias for alias in CURRENCY_OF if len(alias) > 1 or alias.isalpha()), key=len, reverse=True
)
_WORD_ALTERNATION: Final = "|".join(re.escape(word) for word in _WORDS)
_CURRENCY_IN_TEXT: Final = re.compile(
    rf"[{re.escape(_SIGNS)}]|(?<![^\W\d_])(?:{_WORD_ALTERNATION})(?![^\W\d_])", re.IGNORECASE
)


def currency_code(text: str) -> str | None:
    """The ISO code of a currency cell or header suffix: ``руб.`` -> ``RUB``, ``$`` -> ``USD``.

    Three Latin letters not in the table are taken as a code as they are
    (``CHF``); anything else is ``None``.
    """
    word = " ".join(text.split()).lower()
    if not word:
        return None
    code = CURRENCY_OF.get(word)
    if code is None and len(word) == 3 and word.isascii() and word.isalpha():
        return word.upper()
    return code


# --------------------------------------------------------------------------- money


class NegativeAmount(ValueError):
    """The amount is below zero: a refund or a correction, not a payment."""


_PLAIN_AMOUNT: Final = re.compile(r"(\d{1,12})(?:[.,](\d{1,2}))?")


def amount_of(value: str | float) -> tuple[int, str | None]:
    """``(kopecks, currency or None)`` of a money cell; raise ``ValueError`` if not money.

    A negative amount raises :class:`NegativeAmount`; more than 100 000 000 or
    two different currencies in one cell raise ``ValueError``.
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        kopecks = round(value * 100)
        currency = None
    else:
        text = value.strip()
        plain = _PLAIN_AMOUNT.fullmatch(text)
        if plain is not None:
            whole, fraction = plain.groups()
            kopecks = int(whole) * 100 + (int(fraction.ljust(2, "0")) if fraction else 0)
            currency = None
        else:
            kopecks, currency = _amount_in_words(text)
    if kopecks < 0:
        raise NegativeAmount(value)
    if kopecks > MAX_AMOUNT_KOPECKS:
        raise ValueError("amount too large")
    return kopecks, currency


def _amount_in_words(text: str) -> tuple[int, str | None]:
    """The slow path: currency words or signs removed, the rest read by ``parse_money``."""
    codes = {CURRENCY_OF[m.group(0).lower()] for m in _CURRENCY_IN_TEXT.finditer(text)}
    if len(codes) > 1:
        raise ValueError("two currencies in one cell")
    number = _CURRENCY_IN_TEXT.sub(" ", text)
    try:
        amount = parse_money(number)
    except ParseError as error:
        if error.code is ParseErrorCode.NEGATIVE:
            raise NegativeAmount(text) from None
        raise ValueError(text) from None
    return round(amount * 100), (codes.pop() if codes else None)


# --------------------------------------------------------------------------- days

_EXCEL_EPOCH: Final = date(1899, 12, 30).toordinal()
_EXCEL_1904_EPOCH: Final = date(1904, 1, 1).toordinal()
_UNIX_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
MOSCOW: Final = timedelta(hours=3)
"""A Unix time is turned into a day of Moscow time, the time most Russian platforms show."""

_ISO: Final = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:$|[T\s,])")
_DAY_FIRST: Final = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4}|\d{2})(?:$|[T\s,])")
_DAY_WORD: Final = re.compile(r"(\d{1,2})\s*([^\W\d_]{3,})\.?,?\s+(\d{4})(?:$|[\s,г.])")
_WORD_DAY: Final = re.compile(r"([^\W\d_]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})(?:$|[\s,])")
_NUMBER: Final = re.compile(r"\d+(?:[.,]\d+)?")

_MONTH_OF_WORD: Final[dict[str, int]] = {
    **{stem: n for n, stem in enumerate(("янв", "фев", "мар", "апр"), start=1)},
    "мая": 5,
    "май": 5,
    **{stem: n for n, stem in enumerate(("июн", "июл", "авг", "сен", "окт", "ноя", "дек"), 6)},
    **{
        stem: n
        for n, stem in enumerate(
            ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
            start=1,
        )
    },
}


def excel_day(serial: float, date1904: bool = False) -> int:
    """The day (``date.toordinal()``) of a spreadsheet's day number; the time is dropped.

    In the 1900 system Excel counts a 29 February 1900 that never was, so day
    numbers up to 60 are one day later than the calendar's.
    """
    if not math.isfinite(serial) or not (0 if date1904 else 1) <= serial < 2_958_466:
        raise ValueError("not a day number")  # before day 1 (or 0), or after 9999-12-31
    whole = int(serial)
    if date1904:
        return _EXCEL_1904_EPOCH + whole
    return _EXCEL_EPOCH + whole + (1 if whole < 61 else 0)


def _checked(year: int, month: int, day: int) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError("year out of range")
    return date(year, month, day).toordinal()


def day_of(value: str | float, date1904: bool = False) -> int:
    """The day (``date.toordinal()``) written in a date cell; raise ``ValueError`` if none."""
    if isinstance(value, float):
        return _checked_ordinal(excel_day(value, date1904))
    text = value.strip()
    match = _ISO.match(text)
    if match is not None:
        year, month, day = match.groups()
        return _checked(int(year), int(month), int(day))
    match = _DAY_FIRST.match(text)
    if match is not None:
        first, second, year_text = match.groups()
        year = int(year_text)
        if len(year_text) == 2:
            year += 2000 if year < 70 else 1900
        day, month = int(first), int(second)
        if month > 12 >= day and match.group(0)[len(first)] == "/":
            day, month = month, day
        return _checked(year, month, day)
    lowered = text.lower()
    match = _DAY_WORD.match(lowered)
    if match is not None and match.group(2)[:3] in _MONTH_OF_WORD:
        day_text, word, year_text = match.groups()
        return _checked(int(year_text), _MONTH_OF_WORD[word[:3]], int(day_text))
    match = _WORD_DAY.match(lowered)
    if match is not None and match.group(1)[:3] in _MONTH_OF_WORD:
        word, day_text, year_text = match.groups()
        return _checked(int(year_text), _MONTH_OF_WORD[word[:3]], int(day_text))
    if _NUMBER.fullmatch(text):
        return _day_of_number(text, date1904)
    raise ValueError("not a date")


def _day_of_number(text: str, date1904: bool) -> int:
    """A number in a date column: a spreadsheet day number or a Unix time (s or ms)."""
    whole = text.replace(",", ".").partition(".")[0]
    if len(whole) in (10, 13) and "." not in text and "," not in text:
        seconds = int(whole) / (1000 if len(whole) == 13 else 1)
        moment = _UNIX_EPOCH + timedelta(seconds=seconds) + MOSCOW
        return _checked_ordinal(moment.date().toordinal())
    return _checked_ordinal(excel_day(float(text.replace(",", ".")), date1904))


def _checked_ordinal(ordinal: int) -> int:
    year = date.fromordinal(ordinal).year
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError("year out of range")
    return ordinal


# --------------------------------------------------------------------------- statuses


class Status(StrEnum):
    """What a status cell says about the money."""

    PAID = "paid"
    PARTLY_PAID = "partly_paid"
    UNPAID = "unpaid"
    UNKNOWN = "unknown"


def _status_words(*words: str) -> frozenset[str]:
    return frozenset(_status_text(word) for word in words)


def _status_text(text: str) -> str:
    cleaned = text.lower().replace("ё", "е").replace("_", " ").replace("-", " ")
    return " ".join(cleaned.strip(" .!\"'«»").split())


_PAID: Final = _status_words(
    "завершен",
    "завершено",
    "оплачен",
    "оплачено",
    "оплачена",
    "оплата получена",
    "оплачен полностью",
    "полностью оплачен",
    "выполнен",
    "исполнен",
    "успешно",
    "успешный",
    "успешная оплата",
    "платеж получен",
    "payed",
    "paid",
    "success",
    "succeeded",
    "successful",
    "completed",
    "complete",
    "confirmed",
    "captured",
)
_PARTLY: Final = _status_words(
    "частично оплачен",
    "частично оплачено",
    "оплачен частично",
    "частичная оплата",
    "в рассрочке",
    "partially paid",
    "part payed",
    "part paid",
    "partial",
    "partially payed",
)
_UNPAID: Final = _status_words(
    "новый",
    "новая",
    "создан",
    "ожидаем оплаты",
    "ожидает оплаты",
    "ожидание оплаты",
    "в ожидании оплаты",
    "не оплачен",
    "не оплачено",
    "неоплачен",
    "неоплачено",
    "не оплачена",
    "отменен",
    "отменено",
    "отменена",
    "отклонен",
    "отказ",
    "ложный",
    "ошибка",
    "ошибка оплаты",
    "просрочен",
    "истек",
    "черновик",
    "возврат",
    "возвращен",
    "оформлен возврат",
    "ожидаем возврата",
    "не подтвержден",
    "new",
    "pending",
    "waiting",
    "wait",
    "not paid",
    "not payed",
    "unpaid",
    "cancelled",
    "canceled",
    "cancel",
    "failed",
    "fail",
    "declined",
    "rejected",
    "refunded",
    "refund",
    "chargeback",
    "expired",
    "draft",
    "false",
)
_NOT_PAID_STEMS: Final = ("отмен", "возврат", "ожида", "cancel", "refund", "не оплач", "неоплач")
_PAID_STEMS: Final = ("оплачен", "завершен", "payed", "paid")


def classify_status(text: str) -> Status:
    """Paid, partly paid, not paid or unknown, from a status as platforms write it.

    Exact words first (``Завершен``, ``Оплачен``, ``payed``; ``Частично
    оплачен``; ``Новый``, ``Ожидаем оплаты``, ``Отменен``, ``Ложный``), then
    stems: anything with «частично» is partly paid, anything with «отмен»,
    «возврат», «ожида», «не оплач» is not paid, anything else with «оплачен»
    or «завершен» is paid. The rest is unknown.
    """
    word = _status_text(text)
    if word in _PAID:
        return Status.PAID
    if word in _PARTLY:
        return Status.PARTLY_PAID
    if word in _UNPAID:
        return Status.UNPAID
    if "частичн" in word or "partial" in word:
        return Status.PARTLY_PAID
    if any(stem in word for stem in _NOT_PAID_STEMS):
        return Status.UNPAID
    if any(stem in word for stem in _PAID_STEMS):
        return Status.PAID
    return Status.UNKNOWN


# --------------------------------------------------------------------------- buyers

_NOT_A_VALUE: Final = frozenset({"", "-", "—", "0", "none", "null", "nan", "нет", "n/a"})


def user_id_key(value: str | float) -> str | None:
    """A user id as written; a whole spreadsheet number without its ``.0``; an e-mail (a
    column picked by hand for the buyer may hold them) as :func:`email_key` reads it."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        text = str(int(value)) if value.is_integer() else repr(value)
    else:
        text = value.strip()
        if text.endswith(".0") and text[:-2].isdigit():
            text = text[:-2]
        elif "@" in text:
            return email_key(text) or text
    return None if text.lower() in _NOT_A_VALUE else text


def email_key(value: str | float) -> str | None:
    """An e-mail lower-cased, ``mailto:`` and spaces dropped; ``None`` without an ``@``."""
    if not isinstance(value, str):
        return None
    text = "".join(value.split()).lower().removeprefix("mailto:")
    local, at, domain = text.partition("@")
    return text if at and local and domain else None


_DIGITS: Final = re.compile(r"\D+")


def phone_key(value: str | float) -> str | None:
    """The digits of a phone; ``8 9xx…`` and a bare ``9xx…`` become ``7 9xx…``; too short: None."""
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return None
        digits = str(int(abs(value)))
    else:
        digits = _DIGITS.sub("", value)
    if len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    elif len(digits) == 10 and digits[0] == "9":
        digits = "7" + digits
    return digits if len(digits) >= 7 else None


def name_key(value: str | float) -> str | None:
    """A name lower-cased with single spaces (``ё`` as ``е``)."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.lower().replace("ё", "е").split())
    return None if text in _NOT_A_VALUE else text
