"""Tests for core.parsing: Russian number input."""

import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.formatting import money, percent
from core.parsing import (
    INPUT_WORDS,
    MAX_INPUT_LENGTH,
    ParseError,
    ParseErrorCode,
    parse_count,
    parse_money,
    parse_percent,
)

Parser = Callable[[str], float]

MONEY_CASES = [
    ("10 000", 10_000.0),
    ("10000", 10_000.0),
    ("10000₽", 10_000.0),
    ("10 000 ₽", 10_000.0),
    ("10 000 руб.", 10_000.0),
    ("10 000 руб", 10_000.0),
    ("10 000 р.", 10_000.0),
    ("10 000 р", 10_000.0),
    ("10 000 рублей", 10_000.0),
    ("10к", 10_000.0),
    ("10 К", 10_000.0),
    ("10k", 10_000.0),
    ("10K", 10_000.0),
    ("10 тыс", 10_000.0),
    ("10 тыс.", 10_000.0),
    ("10 тысяч", 10_000.0),
    ("10 ТЫС. РУБ.", 10_000.0),
    ("10к₽", 10_000.0),
    ("1,5 млн", 1_500_000.0),
    ("1.5 млн", 1_500_000.0),
    ("1,5 млн ₽", 1_500_000.0),
    ("2 млн", 2_000_000.0),
    ("1.5k", 1_500.0),
    ("1.1k", 1_100.0),
    ("2,5 тыс. руб.", 2_500.0),
    ("1 млрд", 1e9),
    ("8 000,50", 8_000.5),
    ("8 000,50 ₽", 8_000.5),
    ("8000,5", 8_000.5),
    ("99,99", 99.99),
    ("12 500 ₽/мес", 12_500.0),
    ("12 500 ₽ / мес.", 12_500.0),
    ("12 500 руб/месяц", 12_500.0),
    ("12 500 в месяц", 12_500.0),
    ("12 500 рублей в месяц", 12_500.0),
    ("12 500 за месяц", 12_500.0),
    ("12 500 ₽ ежемесячно", 12_500.0),
    ("10\u00a0000", 10_000.0),
    ("10\u202f000", 10_000.0),
    ("10\u2009000", 10_000.0),
    ("1\u00a0000\u00a0000\u00a0₽", 1_000_000.0),
    ("10'000", 10_000.0),
    ("10\u2019000", 10_000.0),
    ("1'000'000", 1_000_000.0),
    ("  10 000  ", 10_000.0),
    ("\t10  000\n", 10_000.0),
    ("≈ 5000", 5_000.0),
    ("≈5000", 5_000.0),
    ("~5000", 5_000.0),
    ("~ 5000", 5_000.0),
    ("около 5000", 5_000.0),
    ("примерно 5 000 ₽", 5_000.0),
    ("+5000", 5_000.0),
    ("0", 0.0),
    ("-0", 0.0),
    ("007", 7.0),
    # Rule (a): comma/dot + exactly three digits, no multiplier -> thousands.
    ("1,500", 1_500.0),
    ("1.500", 1_500.0),
    ("12,500", 12_500.0),
    ("12.500 ₽", 12_500.0),
    ("1.500.000", 1_500_000.0),
    ("1,500,000", 1_500_000.0),
    # ... but with a multiplier it is decimal.
    ("1,500 млн", 1_500_000.0),
    ("2.250к", 2_250.0),
    # ... and when the digits before cannot start a grouping, decimal too.
    ("0,500", 0.5),
    ("1234,500", 1_234.5),
    # Rule (d): mixed marks, the last one is decimal.
    ("1 000.50", 1_000.5),
    ("1.000,50", 1_000.5),
    ("1,000.5", 1_000.5),
    ("1.000.000,25", 1_000_000.25),
    ("1 000 000,5", 1_000_000.5),
    # Our own output parses back.
    ("21\u00a0333\u00a0₽", 21_333.0),
    ("8\u00a0571,43\u00a0₽", 8_571.43),
]


@pytest.mark.parametrize(("text", "expected"), MONEY_CASES)
def test_parse_money_forms(text: str, expected: float) -> None:
    assert parse_money(text) == expected


PERCENT_CASES = [
    ("35%", 35.0),
    ("35 %", 35.0),
    ("35\u00a0%", 35.0),
    ("35", 35.0),
    ("0,35", 35.0),
    ("0.35", 35.0),
    ("0,07", 7.0),
    ("0,5", 50.0),
    ("8,5 %", 8.5),
    ("8.5%", 8.5),
    ("8,5", 8.5),
    ("35 процентов", 35.0),
    ("35 проц.", 35.0),
    ("35 проц", 35.0),
    ("3 процента", 3.0),
    ("1 процент", 1.0),
    # Rule (b): only a bare share strictly between 0 and 1 is multiplied.
    ("1", 1.0),
    ("1,0", 1.0),
    ("0", 0.0),
    ("0,0", 0.0),
    ("0,5 %", 0.5),
    ("0,35 процентов", 0.35),
    ("100", 100.0),
    ("150 %", 150.0),
    ("12,500", 12.5),
    ("5 % в месяц", 5.0),
    ("5%/мес", 5.0),
    ("0,05 в месяц", 5.0),
    ("~ 30 %", 30.0),
    ("  35 %  ", 35.0),
]


@pytest.mark.parametrize(("text", "expected"), PERCENT_CASES)
def test_parse_percent_forms(text: str, expected: float) -> None:
    assert parse_percent(text) == expected


COUNT_CASES = [
    ("4", 4.0),
    ("4 раза", 4.0),
    ("5 раз", 5.0),
    ("2,5", 2.5),
    ("2.5", 2.5),
    ("12 в год", 12.0),
    ("12 раз в год", 12.0),
    ("4 раза в год", 4.0),
    ("4 раза за год", 4.0),
    ("4/год", 4.0),
    ("12 ежегодно", 12.0),
    ("≈ 3", 3.0),
    ("1,500", 1.5),
    ("1 000", 1_000.0),
]


@pytest.mark.parametrize(("text", "expected"), COUNT_CASES)
def test_parse_count_forms(text: str, expected: float) -> None:
    assert parse_count(text) == expected


NOT_A_NUMBER = [
    "abc",
    "десять тысяч",
    "😀",
    "10 😀",
    "10 000 000 000 000 000 apples",
    "1e400",
    "1e5",
    "1E5",
    "NaN",
    "nan",
    "inf",
    "Infinity",
    "∞",
    "--5",
    "−−5",
    "5-",
    "5 -",
    "+-5",
    "-+5",
    "1,2,3",
    "1.2.3",
    "10кк",
    "10 20",
    "10 0000",
    "1000 000",
    "0 500",
    "1 000,500",
    "1.000,500",
    "1.000,000.5",
    "1,500 000",
    "10 000,",
    "10.",
    ",5",
    ".5",
    "₽",
    "руб.",
    "%",
    "0x10",
    "1_000",
    "١٢",  # Arabic-Indic digits: not what users of a Russian bot type
    "１２",  # fullwidth digits
    "10 кг",
    "10 000 в год",  # a yearly figure is never taken as monthly money
    "10 ₽ к",  # multiplier after the currency
    "раз в месяц",
    "-abc",
]


@pytest.mark.parametrize("text", NOT_A_NUMBER)
def test_parse_money_junk(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_money(text)
    assert info.value.code is ParseErrorCode.NOT_A_NUMBER


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_percent, "10к"),
        (parse_percent, "35 ₽"),
        (parse_percent, "35 % в год"),
        (parse_percent, "% 35"),
        (parse_percent, "35 %%"),
        (parse_percent, "1e2"),
        (parse_percent, "nan %"),
        (parse_count, "4 ₽"),
        (parse_count, "4 %"),
        (parse_count, "4 раза в месяц"),
        (parse_count, "раз в год"),
        (parse_count, "1к"),
        (parse_money, "35 %"),
        (parse_money, "4 раза"),
    ],
)
def test_suffix_belongs_to_another_kind(parse: Parser, text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.code is ParseErrorCode.NOT_A_NUMBER


PARSERS = [parse_money, parse_percent, parse_count]


@pytest.mark.parametrize("text", ["-5", "−5", "–5", "—5", "- 5", "≈ -5", "-2,5", "-1 000"])
@pytest.mark.parametrize("parse", PARSERS)
def test_negative(parse: Parser, text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.code is ParseErrorCode.NEGATIVE


@pytest.mark.parametrize("text", ["-10 000 ₽", "−1,5 млн", "-10к", "-500 ₽/мес"])
def test_negative_money(text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_money(text)
    assert info.value.code is ParseErrorCode.NEGATIVE


def test_negative_percent_with_sign() -> None:
    with pytest.raises(ParseError) as info:
        parse_percent("−5 %")
    assert info.value.code is ParseErrorCode.NEGATIVE


@pytest.mark.parametrize("text", ["", " ", "\u00a0\u202f\u2009", "\n\t  "])
@pytest.mark.parametrize("parse", PARSERS)
def test_empty(parse: Parser, text: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.code is ParseErrorCode.EMPTY


@pytest.mark.parametrize("parse", PARSERS)
def test_too_long(parse: Parser) -> None:
    limit_ok = "1" + " " * (MAX_INPUT_LENGTH - 2) + "2"
    assert len(limit_ok) == MAX_INPUT_LENGTH
    with pytest.raises(ParseError) as info:
        parse(limit_ok)  # 64 characters: not too long, just not a number
    assert info.value.code is ParseErrorCode.NOT_A_NUMBER
    for text in ["1" * (MAX_INPUT_LENGTH + 1), "a" * 5000, "1 000 " * 1000]:
        with pytest.raises(ParseError) as info:
            parse(text)
        assert info.value.code is ParseErrorCode.TOO_LONG


def test_long_padding_is_stripped_before_the_length_check() -> None:
    assert parse_money(" " * 5000 + "10 000" + "\u00a0" * 5000) == 10_000.0


def test_too_long_is_cheap() -> None:
    huge = "9" * 1_000_000
    start = time.perf_counter()
    for _ in range(100):
        with pytest.raises(ParseError):
            parse_money(huge)
    # 100 rejections of a million characters: generous bound, but a regex or
    # float() over the whole text would take far longer.
    assert time.perf_counter() - start < 1.0


def test_parse_error_is_value_error_with_code() -> None:
    with pytest.raises(ValueError, match="not_a_number") as info:
        parse_money("abc")
    assert isinstance(info.value, ParseError)
    assert info.value.code == "not_a_number"


def test_input_words_are_lower_case_and_unique_per_role() -> None:
    for role, words in INPUT_WORDS.items():
        assert words, role
        assert all(w == w.lower().strip() for w in words), role
        assert len(set(words)) == len(words), role


def test_large_grouped_number_is_exact() -> None:
    assert parse_money("10 000 000 000 000 000") == 1e16
    assert parse_money("10 000 000 000 000 000 000 000") == 1e22


def _half_up(value: float, decimals: int) -> float:
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


@given(st.floats(min_value=0, max_value=100_000_000, allow_nan=False))
def test_money_round_trip(value: float) -> None:
    assert parse_money(money(value)) == _half_up(value, 0)


@given(st.floats(min_value=0, max_value=100_000_000, allow_nan=False))
def test_integer_round_trip_all_kinds(value: float) -> None:
    whole = _half_up(value, 0)
    text = f"{int(whole):,}".replace(",", "\u00a0")
    assert parse_money(text) == whole
    assert parse_count(text) == whole
    assert parse_percent(text + " %") == whole


@given(st.floats(min_value=0.1, max_value=100, allow_nan=False))
def test_percent_round_trip(value: float) -> None:
    assert parse_percent(percent(value)) == _half_up(value, 1)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_money_with_kopecks(roubles: int, kopecks: int) -> None:
    grouped = f"{roubles:,}".replace(",", " ")
    text = f"{grouped},{kopecks:02d} ₽"
    assert parse_money(text) == float(f"{roubles}.{kopecks:02d}")


_ALPHABET = st.sampled_from(
    list("0123456789 ,.'-+−–%₽кkКKрубмлнтысячвгодазе/≈~\u00a0\u202f\u2009eE")
)


@given(st.one_of(st.text(), st.text(alphabet=_ALPHABET, max_size=20)))
def test_never_raises_anything_but_parse_error(text: str) -> None:
    for parse in (parse_money, parse_percent, parse_count):
        try:
            value = parse(text)
        except ParseError as error:
            assert isinstance(error.code, ParseErrorCode)
        else:
            assert value >= 0
            assert value == value  # not NaN
            assert value != float("inf")
