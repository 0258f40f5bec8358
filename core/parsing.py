"""Parse numbers the way Russian users type them.

Three entry points share one engine: :func:`parse_money` (roubles),
:func:`parse_percent` (percent units) and :func:`parse_count` (e.g. purchases
per year).  Each returns a finite, non-negative ``float`` or raises
:class:`ParseError` whose ``code`` (:class:`ParseErrorCode`) the bot maps to a
Russian message.  Nothing else is ever raised, whatever the input string.
Range limits (maximum price and so on) are the caller's job, not the parser's.

Normalisation
    The text is stripped; empty text is ``EMPTY``; more than
    :data:`MAX_INPUT_LENGTH` characters is ``TOO_LONG`` (checked before any
    other work).  The rest is lower-cased, every run of Unicode whitespace
    (space, NBSP U+00A0, U+202F, thin space U+2009, ...) becomes one space,
    typographic apostrophes become ``'`` and dashes (U+2212, U+2013, U+2014,
    U+2010, U+2011) become ``-``.

Shape
    ``[approx] [sign] number [suffixes]``.  ``approx`` is ``≈``, ``~``,
    ``около`` or ``примерно`` and is ignored.  A leading ``-`` (any dash) in
    front of a valid number is ``NEGATIVE`` (``-0`` is simply 0); ``+`` is
    allowed.  Anything else (two signs, a trailing sign, exponent notation
    such as ``1e5``, ``nan``, ``inf``, letters, a second number) is
    ``NOT_A_NUMBER``.  The suffixes allowed depend on the entry point:

    * money: multiplier (``к``/``k``/``тыс``/``тысяч``: ×1 000;
      ``млн``/``миллионов``: ×1 000 000; ``млрд``: ×10⁹), then currency
      (``₽``, ``р.``, ``руб.``, ``рублей``, ...), then a *monthly* period
      (``/мес``, ``/месяц``, ``в месяц``, ``за месяц``, ``ежемесячно``), each
      optional, in that order.  A yearly period is rejected, so a yearly
      figure is never silently taken for a monthly one.
    * percent: ``%`` or ``проц.``/``процентов``, then a monthly period.
    * count: ``раз``/``раза``, then a *yearly* period (``в год``, ``/год``,
      ``за год``, ``ежегодно``).

    Every recognised word lives in :data:`INPUT_WORDS`.

Digits and separators (the number itself)
    Digit groups are separated by one of space, ``'``, ``,`` or ``.``.

    (a) A comma or dot followed by exactly three digits, in a money amount
        without a multiplier (``1,500``, ``1.500``, ``12,500``), is a
        thousands separator, because kopecks have at most two digits.  With a
        multiplier (``1,500 млн``), and in percents and counts, it is a
        decimal separator.  Several occurrences of the same mark
        (``1.500.000``, ``1,500,000``) are always thousands separators.
    (b) Percent only: a bare number without ``%`` (or a percent word) that
        lies strictly between 0 and 1 (``0,35``, ``0.5``) is a share and is
        multiplied by 100.  Everything else is already in percent: ``1`` is
        1 %, ``35`` is 35 %, ``0,5 %`` is 0.5 %.
    (c) Otherwise both ``,`` and ``.`` are decimal separators: ``1,5``,
        ``8 000,50``, ``1.5k``.
    (d) Mixed marks work: in ``1 000.50`` or ``1.000,50`` the last mark, which
        differs from the others, is the decimal separator.

    A thousands-grouped number has a first group of 1-3 digits not starting
    with ``0`` and further groups of exactly three digits, all separated by
    the same mark (``10 000``, ``10'000``, ``1.000.000``); anything else
    (``10 20``, ``1,2,3``, ``1.000,000.5``) is ``NOT_A_NUMBER``.  A money
    amount like ``0,500`` or ``1234,500``, whose digits before the mark cannot
    start a grouping, is read as a decimal (0.5 and 1234.5); ``1 000,500`` and
    ``1.000,500`` mix two thousands marks and are ``NOT_A_NUMBER``.

Speed
    All patterns and tables are built once at import; a parse is one
    ``translate``, one ``split``/``join``, one regex match and a little string
    work, a few microseconds.
"""

import math
import re
from enum import StrEnum
from typing import Final

__all__ = [
    "INPUT_WORDS",
    "MAX_INPUT_LENGTH",
    "ParseError",
    "ParseErrorCode",
    "parse_count",
    "parse_money",
    "parse_percent",
]

#: Longest accepted input, counted after stripping surrounding whitespace.
MAX_INPUT_LENGTH: Final = 64

#: Every word and symbol the parser recognises, by role.  This is input data
#: (what users type), not user-facing text; all entries are lower case.
INPUT_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "approx": ("≈", "~", "около", "примерно"),
    "thousand": ("k", "к", "тыс", "тыс.", "тысяча", "тысячи", "тысяч"),
    "million": ("млн", "млн.", "миллион", "миллиона", "миллионов"),
    "billion": ("млрд", "млрд.", "миллиард", "миллиарда", "миллиардов"),
    "rouble": ("₽", "р", "р.", "руб", "руб.", "рубль", "рубля", "рублей", "rub"),
    "percent": ("%", "проц", "проц.", "процент", "процента", "процентов"),
    "times": ("раз", "раза"),
    "per": ("в", "за"),
    "month": ("мес", "мес.", "месяц"),
    "monthly": ("ежемесячно",),
    "year": ("год",),
    "yearly": ("ежегодно",),
}

#: Power of ten for each multiplier word.
_MULTIPLIER_EXPONENT: Final[dict[str, int]] = {
    **dict.fromkeys(INPUT_WORDS["thousand"], 3),
    **dict.fromkeys(INPUT_WORDS["million"], 6),
    **dict.fromkeys(INPUT_WORDS["billion"], 9),
}


class ParseErrorCode(StrEnum):
    """Why a text is not an acceptable number (machine-readable)."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    NOT_FINITE = "not_finite"


class ParseError(ValueError):
    """The text is not an acceptable number; see :attr:`code`."""

    def __init__(self, code: ParseErrorCode) -> None:
        super().__init__(code.value)
        self.code: ParseErrorCode = code


_NORMALISE: Final = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2019": "'",  # right single quotation mark
        "\u02bc": "'",  # modifier letter apostrophe
        "\u00b4": "'",  # acute accent
        "`": "'",
    }
)


def _alternation(*roles: str) -> str:
    """Regex alternation of every word in ``roles``, longest first."""
    words = sorted({w for role in roles for w in INPUT_WORDS[role]}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


def _period(unit_role: str, adverb_role: str) -> str:
    """Regex for ``/мес``, ``в месяц``, ``ежемесячно`` and the like."""
    per = _alternation("per")
    unit = _alternation(unit_role)
    return f"(?:(?:/ ?|(?:{per}) )(?:{unit})|{_alternation(adverb_role)})"


_HEAD: Final = rf"(?:(?:{_alternation('approx')}) ?)?(?:(?P<sign>[-+]) ?)?"
_NUMBER: Final = r"(?P<num>[0-9]+(?:[ ',.][0-9]+)*)"
_MONTHLY: Final = _period("month", "monthly")
_YEARLY: Final = _period("year", "yearly")

_MONEY_RE: Final = re.compile(
    rf"{_HEAD}{_NUMBER}"
    rf"(?: ?(?P<mult>{_alternation('thousand', 'million', 'billion')}))?"
    rf"(?: ?(?:{_alternation('rouble')}))?"
    rf"(?: ?{_MONTHLY})?"
)
_PERCENT_RE: Final = re.compile(
    rf"{_HEAD}{_NUMBER}(?: ?(?P<pct>{_alternation('percent')}))?(?: ?{_MONTHLY})?"
)
_COUNT_RE: Final = re.compile(
    rf"{_HEAD}{_NUMBER}(?: ?(?:{_alternation('times')}))?(?: ?{_YEARLY})?"
)
_SEPARATOR_RE: Final = re.compile(r"([ ',.])")


def _match(text: str, pattern: re.Pattern[str]) -> re.Match[str]:
    """Normalise ``text`` and match it fully against ``pattern``."""
    stripped = text.strip()
    if len(stripped) > MAX_INPUT_LENGTH:
        raise ParseError(ParseErrorCode.TOO_LONG)
    if not stripped:
        raise ParseError(ParseErrorCode.EMPTY)
    normal = " ".join(stripped.translate(_NORMALISE).lower().split())
    match = pattern.fullmatch(normal)
    if match is None:
        raise ParseError(ParseErrorCode.NOT_A_NUMBER)
    return match


def _is_grouping(groups: list[str], seps: list[str]) -> bool:
    """True if ``groups`` joined by ``seps`` is a valid thousands grouping."""
    first = groups[0]
    return (
        len(first) <= 3
        and first[0] != "0"
        and all(len(g) == 3 for g in groups[1:])
        and all(s == seps[0] for s in seps)
    )


def _split_number(num: str, comma_three_is_thousands: bool) -> tuple[str, str]:
    """Return (integer digits, fraction digits) of a matched number, rules (a), (c), (d)."""
    parts = _SEPARATOR_RE.split(num)
    if len(parts) == 1:
        return num, ""
    groups = parts[0::2]
    seps = parts[1::2]
    last = seps[-1]
    if last not in ",." or seps.count(last) > 1:
        decimal = False  # 10 000, 10'000, 1.500.000: only thousands separators
    elif comma_three_is_thousands and len(groups[-1]) == 3:
        # Rule (a): a thousands separator, unless the digits before it cannot
        # start a grouping at all (0,500 or 1234,500), then it is decimal.
        decimal = len(seps) == 1 and not _is_grouping(groups, seps)
    else:
        decimal = True  # rules (c) and (d): 1,5 / 8 000,50 / 1.000,50
    if decimal:
        int_groups, int_seps, fraction = groups[:-1], seps[:-1], groups[-1]
    else:
        int_groups, int_seps, fraction = groups, seps, ""
    if int_seps and not _is_grouping(int_groups, int_seps):
        raise ParseError(ParseErrorCode.NOT_A_NUMBER)
    return "".join(int_groups), fraction


def _finish(match: re.Match[str], integer: str, fraction: str, exponent: int) -> float:
    """Build the value as ``integer.fraction × 10**exponent`` and apply the sign."""
    # float() of a decimal string is correctly rounded, so 1.1k is exactly 1100.0
    # and a share 0,07 is exactly 7.0 (unlike 0.07 * 100).
    value = float(f"{integer}.{fraction or '0'}e{exponent}")
    if not math.isfinite(value):
        raise ParseError(ParseErrorCode.NOT_FINITE)
    if match.group("sign") == "-" and value != 0.0:
        raise ParseError(ParseErrorCode.NEGATIVE)
    return value


def parse_money(text: str) -> float:
    """Parse an amount in roubles: ``10 000``, ``10к``, ``1,5 млн``, ``12 500 ₽/мес``."""
    match = _match(text, _MONEY_RE)
    mult = match.group("mult")
    integer, fraction = _split_number(match.group("num"), comma_three_is_thousands=not mult)
    exponent = _MULTIPLIER_EXPONENT[mult] if mult else 0
    return _finish(match, integer, fraction, exponent)


def parse_percent(text: str) -> float:
    """Parse a percentage into percent units: ``35 %`` -> 35.0, ``0,35`` -> 35.0 (rule b)."""
    match = _match(text, _PERCENT_RE)
    integer, fraction = _split_number(match.group("num"), comma_three_is_thousands=False)
    is_share = (
        match.group("pct") is None and integer.strip("0") == "" and fraction.strip("0") != ""
    )
    return _finish(match, integer, fraction, 2 if is_share else 0)


def parse_count(text: str) -> float:
    """Parse a count such as purchases per year: ``4``, ``4 раза``, ``2,5``, ``12 в год``."""
    match = _match(text, _COUNT_RE)
    integer, fraction = _split_number(match.group("num"), comma_three_is_thousands=False)
    return _finish(match, integer, fraction, 0)
