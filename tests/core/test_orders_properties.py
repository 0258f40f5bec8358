"""Properties: the order of rows, unpaid rows and splitting a file change no figure."""

import dataclasses
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from core.orders import Analysis, OrdersError, OrdersErrorCode, RowCounts, import_orders
from tests.core.test_orders_fixtures import csv_bytes

START = date(2023, 1, 1)
STATUSES = ("Завершен", "Оплачен", "Частично оплачен", "Новый", "Отменен", "Ложный", "В работе")
HEADER = ["ID пользователя", "Email", "Дата оплаты", "Оплачено", "Статус"]

Row = tuple[int, int, int, str, bool]
"""(person, days after 2023-01-01, kopecks, status, e-mail in upper case)."""

rows_strategy = st.lists(
    st.tuples(
        st.integers(0, 6),
        st.integers(0, 700),
        st.integers(0, 5_000_000),
        st.sampled_from(STATUSES),
        st.booleans(),
    ),
    min_size=1,
    max_size=30,
)


def export(rows: list[Row]) -> bytes:
    """A small GetCourse-like file: persons 0–2 without an account, the rest with one."""
    lines = [HEADER]
    for person, days, kopecks, status, upper in rows:
        email = f"Person{person}@Mail.ru"
        lines.append(
            [
                "" if person < 3 else str(1000 + person),
                email.upper() if upper else email.lower(),
                (START + timedelta(days=days)).strftime("%d.%m.%Y 10:%M"),
                f"{kopecks // 100:,},{kopecks % 100:02d}".replace(",", " ", kopecks >= 100_000),
                status,
            ]
        )
    return csv_bytes(lines, encoding="utf-8-sig")


def analysed(rows: list[Row]) -> Analysis | OrdersErrorCode:
    try:
        return import_orders(export(rows))
    except OrdersError as error:
        return error.code


NO_COUNTS = RowCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)


def without_counts(result: Analysis | OrdersErrorCode) -> object:
    if isinstance(result, Analysis):
        return dataclasses.replace(result, counts=NO_COUNTS)
    return result


@settings(deadline=None)
@given(rows=rows_strategy, order=st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(rows: list[Row], order: object) -> None:
    shuffled = list(rows)
    order.shuffle(shuffled)  # type: ignore[attr-defined]
    assert analysed(shuffled) == analysed(rows)


@settings(deadline=None)
@given(
    rows=rows_strategy,
    cancelled=st.tuples(
        st.integers(0, 9),
        st.integers(0, 2000),
        st.integers(0, 5_000_000),
        st.sampled_from(["Отменен", "Новый", "Ложный", "Ожидаем оплаты"]),
        st.booleans(),
    ),
    where=st.integers(0, 30),
)
def test_adding_a_cancelled_order_changes_nothing(
    rows: list[Row], cancelled: Row, where: int
) -> None:
    before = analysed(rows)
    after = analysed([*rows[:where], cancelled, *rows[where:]])
    assert without_counts(after) == without_counts(before)
    if isinstance(before, Analysis):
        assert isinstance(after, Analysis)
        assert after.counts == dataclasses.replace(
            before.counts, rows=before.counts.rows + 1, not_paid=before.counts.not_paid + 1
        )


def kopecks(result: Analysis | OrdersErrorCode) -> int:
    return round(result.revenue * 100) if isinstance(result, Analysis) else 0


@settings(deadline=None)
@given(rows=rows_strategy, cut=st.integers(0, 30))
def test_splitting_a_file_in_two_adds_revenue_up(rows: list[Row], cut: int) -> None:
    whole, first, second = analysed(rows), analysed(rows[:cut]), analysed(rows[cut:])
    assert kopecks(first) + kopecks(second) == kopecks(whole)
    parts = [part for part in (first, second) if isinstance(part, Analysis)]
    if isinstance(whole, Analysis):
        assert sum(part.paid_orders for part in parts) == whole.paid_orders
        assert max(part.buyers for part in parts) <= whole.buyers
        assert whole.buyers <= sum(part.buyers for part in parts)
    else:
        assert whole is OrdersErrorCode.NO_PAID_ORDERS and not parts


@settings(deadline=None)
@given(rows=rows_strategy)
def test_revenue_is_the_money_of_paid_orders_exactly(rows: list[Row]) -> None:
    paid = [k for _, _, k, status, _ in rows if status in (*STATUSES[:3], "В работе")]
    result = analysed(rows)
    assert kopecks(result) == sum(paid)
    if isinstance(result, Analysis):
        assert result.paid_orders == sum(1 for k in paid if k > 0)
        assert result.realized_ltv == sum(paid) / (100 * result.buyers)
        buyers = {
            (p if p >= 3 else f"e{p}")
            for p, _, k, s, _ in rows
            if k and s in (*STATUSES[:3], "В работе")
        }
        assert result.buyers == len(buyers)
