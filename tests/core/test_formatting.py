"""Tests for core.formatting: Russian number display."""

import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.formatting import (
    NBSP,
    group,
    money,
    money_down,
    number,
    percent,
    plural_count,
    ratio,
    rounded,
    signed_percent_change,
)

MINUS = "\u2212"


def nb(text: str) -> str:
    """Write expectations with ordinary spaces; the output uses NBSP."""
    return text.replace(" ", NBSP)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (7, 0, "7"),
        (999, 0, "999"),
        (1000, 0, "1 000"),
        (21333, 0, "21 333"),
        (1_234_567, 0, "1 234 567"),
        (100_000_000, 0, "100 000 000"),
        (8571.43, 2, "8 571,43"),
        (8571.4, 2, "8 571,40"),
        (1234.5, 1, "1 234,5"),
        (0.5, 0, "1"),  # half away from zero
        (1.5, 0, "2"),
        (2.5, 0, "3"),  # not banker's rounding
        (-0.5, 0, "−1"),
        (-2.5, 0, "−3"),
        (0.15, 1, "0,2"),  # shortest decimal form, not binary 0.1499...
        (2.675, 2, "2,68"),
        (8571.425, 2, "8 571,43"),
        (-21333, 0, "−21 333"),
        (-1234.56, 1, "−1 234,6"),
        (-0.0, 0, "0"),
        (-0.4, 0, "0"),
        (-0.04, 1, "0,0"),
        (1e16, 0, "10 000 000 000 000 000"),
        (1e22, 0, "10 000 000 000 000 000 000 000"),
        (1e-7, 2, "0,00"),
        (5e-324, 0, "0"),
    ],
)
def test_group(value: float, decimals: int, expected: str) -> None:
    assert group(value, decimals) == nb(expected)


def test_group_uses_nbsp_and_true_minus() -> None:
    text = group(-1234567.891, 2)
    assert text == f"{MINUS}1{NBSP}234{NBSP}567,89"
    assert " " not in text
    assert "-" not in text


def test_group_huge_float_has_no_exponent() -> None:
    text = group(1.7976931348623157e308)
    assert text.replace(NBSP, "").isdigit()
    assert len(text.replace(NBSP, "")) == 309


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (21333, "21 333 ₽"),
        (8571.43, "8 571 ₽"),
        (8571.5, "8 572 ₽"),
        (0, "0 ₽"),
        (0.49, "0 ₽"),
        (-0.3, "0 ₽"),
        (-1500, "−1 500 ₽"),
        (100_000_000, "100 000 000 ₽"),
    ],
)
def test_money(value: float, expected: str) -> None:
    assert money(value) == nb(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.125, "2,1×"),
        (8, "8,0×"),
        (3.0, "3,0×"),
        (2.15, "2,2×"),
        (0.04, "0,0×"),
        (-0.04, "0,0×"),
        (-1.25, "−1,3×"),
        (1234.56, "1 234,6×"),
    ],
)
def test_ratio(value: float, expected: str) -> None:
    assert ratio(value) == nb(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (35, "35 %"),
        (8.5, "8,5 %"),
        (28.0000001, "28 %"),
        (27.96, "28 %"),
        (0.5, "0,5 %"),
        (0.04, "0 %"),
        (-0.04, "0 %"),
        (100, "100 %"),
        (-20, "−20 %"),
        (12.25, "12,3 %"),
        (1500, "1 500 %"),
    ],
)
def test_percent(value: float, expected: str) -> None:
    assert percent(value) == nb(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12.5, "12,5"),
        (20, "20"),
        (20.04, "20"),
        (19.96, "20"),
        (0.25, "0,3"),
        (1, "1"),
        (1200, "1 200"),
    ],
)
def test_a_number_has_up_to_one_decimal(value: float, expected: str) -> None:
    assert number(value) == nb(expected)


@pytest.mark.parametrize(
    ("value", "expected"), [(3, "3"), (1.5, "1,5"), (0.25, "0,25"), (12.004, "12"), (2.10, "2,1")]
)
def test_a_number_to_two_decimals_drops_trailing_zeros(value: float, expected: str) -> None:
    assert number(value, 2) == expected


@pytest.mark.parametrize(
    ("shown", "count"), [("1,5", 1.5), ("21", 21), (f"1{NBSP}000", 1000), ("0,25", 0.25)]
)
def test_a_plural_counts_the_number_shown(shown: str, count: float) -> None:
    assert plural_count(shown) == count
    assert isinstance(plural_count(shown), int) == float(count).is_integer()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (100, 195, "+95 %"),
        (100, 80, "−20 %"),
        (100, 100, "0 %"),
        (100, 100.01, "0 %"),  # rounds to zero: no sign
        (100, 99.99, "0 %"),
        (200, 205, "+2,5 %"),
        (3, 4, "+33,3 %"),
        (-100, -50, "+50 %"),  # relative to |old|: up is plus
        (-100, -150, "−50 %"),
        (10, 0, "−100 %"),
        (1, 1001, "+100 000 %"),
    ],
)
def test_signed_percent_change(old: float, new: float, expected: str) -> None:
    assert signed_percent_change(old, new) == nb(expected)


@pytest.mark.parametrize("new", [0.0, 5.0, -5.0])
def test_signed_percent_change_from_zero_is_none(new: float) -> None:
    assert signed_percent_change(0, new) is None
    assert signed_percent_change(-0.0, new) is None


def test_signed_percent_change_overflow_is_none() -> None:
    assert signed_percent_change(5e-324, 1e308) is None
    assert signed_percent_change(-1e308, 1e308) is None


Formatter = Callable[[float], str]
FORMATTERS: list[Formatter] = [money, ratio, percent, number, group]


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
@pytest.mark.parametrize("fmt", FORMATTERS)
def test_non_finite_input_raises(fmt: Formatter, bad: float) -> None:
    with pytest.raises(ValueError):
        fmt(bad)


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_signed_percent_change_non_finite_raises(bad: float) -> None:
    with pytest.raises(ValueError):
        signed_percent_change(bad, 1.0)
    with pytest.raises(ValueError):
        signed_percent_change(1.0, bad)


@pytest.mark.parametrize("decimals", [-1, 16])
def test_group_rejects_bad_decimals(decimals: int) -> None:
    with pytest.raises(ValueError):
        group(1.0, decimals)


FORBIDDEN = ("inf", "nan", "e+", "e-", "-0", "E+", "E-", "-")


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_output_never_has_inf_nan_exponent_or_ascii_minus(value: float) -> None:
    for fmt in FORMATTERS:
        text = fmt(value)
        lowered = text.lower()
        for bad in FORBIDDEN:
            assert bad.lower() not in lowered, (fmt.__name__, value, text)
        assert not text.startswith(f"{MINUS}0") or any(c in "123456789" for c in text)


@given(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False, allow_infinity=False),
)
def test_signed_percent_change_is_clean(old: float, new: float) -> None:
    text = signed_percent_change(old, new)
    if old == 0:
        assert text is None
        return
    if text is None:
        return  # only when the change overflows
    assert text.endswith(f"{NBSP}%")
    assert text[0] in f"+{MINUS}0"
    for bad in ("inf", "nan", "e+", "e-", "-"):
        assert bad not in text.lower()
    if text[0] == "+":
        assert new > old
    elif text[0] == MINUS:
        assert new < old


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False))
def test_group_digits_round_trip(value: float) -> None:
    text = group(value, 2)
    plain = text.replace(NBSP, "").replace(",", ".").replace(MINUS, "-")
    assert abs(float(plain) - value) <= 0.005 + abs(value) * 1e-15
    integer_part = text.removeprefix(MINUS).split(",")[0].split(NBSP)
    assert 1 <= len(integer_part[0]) <= 3
    assert all(len(g) == 3 for g in integer_part[1:])


def test_a_ceiling_is_rounded_down_and_a_figure_as_shown() -> None:
    assert money_down(8720.83) == "8\u00a0720\u00a0₽"
    assert money_down(7500.000000001) == "7\u00a0500\u00a0₽"
    assert money_down(0.99) == "0\u00a0₽"
    assert rounded(2.94, 1) == 2.9
    assert rounded(1.25, 1) == 1.3
    assert rounded(8571.5) == 8572
    with pytest.raises(ValueError):
        money_down(math.inf)
