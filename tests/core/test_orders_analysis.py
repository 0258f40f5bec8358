"""Orders exports to figures: compared exactly with an independent count of the truth."""

import json
import random
from datetime import date, datetime
from functools import cache
from typing import Any

import pytest

from core.economics import compute
from core.models import BusinessModel, InputErrorCode, InvalidInput
from core.orders import (
    MATURE_DAYS,
    Analysis,
    Field,
    InputSource,
    TableKind,
    analyse,
    analysis_json,
    import_orders,
    open_table,
)
from tests.core.test_orders_fixtures import (
    Order,
    Person,
    csv_bytes,
    expected,
    figures_of,
    getcourse_orders,
    getcourse_rows,
    people,
    prodamus_orders,
    prodamus_rows,
    xlsx_bytes,
)

PERSONS = people(40, random.Random(1))
ORDERS = getcourse_orders()


@cache
def getcourse_file(variant: str) -> bytes:
    if variant == "csv-cp1251":
        return csv_bytes(getcourse_rows(ORDERS, PERSONS), encoding="cp1251")
    if variant == "csv-utf8-bom":
        return csv_bytes(getcourse_rows(ORDERS, PERSONS), encoding="utf-8-sig")
    typed = getcourse_rows(ORDERS, PERSONS, typed=True)
    return xlsx_bytes(typed, write_only=variant == "xlsx-inline-strings")


VARIANTS = ["csv-cp1251", "csv-utf8-bom", "xlsx", "xlsx-inline-strings"]


@cache
def getcourse(variant: str = "csv-cp1251") -> Analysis:
    return import_orders(getcourse_file(variant))


def simple_csv(rows: list[list[Any]]) -> bytes:
    header = ["Email", "Дата оплаты", "Оплачено", "Статус"]
    return csv_bytes([header, *rows], encoding="utf-8")


@pytest.mark.parametrize("variant", VARIANTS)
def test_getcourse_export_gives_the_figures_counted_independently(variant: str) -> None:
    analysis = getcourse(variant)
    assert figures_of(analysis) == expected(ORDERS)
    assert analysis.kind is (TableKind.CSV if variant.startswith("csv") else TableKind.XLSX)
    assert analysis.currency == "RUB"
    assert analysis.doubts == ()
    assert dict(analysis.columns) == {
        Field.USER_ID: "ID пользователя",
        Field.EMAIL: "Email",
        Field.PHONE: "Телефон",
        Field.NAME: "Пользователь",
        Field.PAYMENT_DATE: "Дата оплаты",
        Field.CREATED_DATE: "Дата создания",
        Field.PAID_AMOUNT: "Оплачено",
        Field.PRICE: "Стоимость, RUB",
        Field.STATUS: "Статус",
        Field.CURRENCY: "Валюта",
    }


def test_every_variant_of_the_export_gives_the_same_analysis_but_its_kind() -> None:
    first = getcourse("csv-cp1251")
    for variant in VARIANTS[1:]:
        other = getcourse(variant)
        assert analysis_json(other) | {"kind": "csv"} == analysis_json(first)


def test_row_counts_of_the_getcourse_export() -> None:
    counts = getcourse().counts
    assert counts.rows == len(ORDERS)
    assert counts.paid == sum(1 for o in ORDERS if o.revenue > 0)
    assert counts.not_paid == sum(
        1 for o in ORDERS if o.status in ("Новый", "Ожидаем оплаты", "Отменен", "Ложный")
    )
    assert counts.paid + counts.not_paid == counts.rows


def test_anna_under_three_spellings_of_her_email_is_one_buyer() -> None:
    anna = [o for o in ORDERS if o.person == 0]
    truth = expected(anna)
    assert truth["buyers"] == 1 and truth["purchases"] == 3
    rows = getcourse_rows(anna, PERSONS)
    analysis = import_orders(csv_bytes(rows))
    assert (analysis.buyers, analysis.purchases, analysis.repeat_buyers) == (1, 3, 1)
    assert analysis.revenue == (4_990 + 12_990 + 990)


def test_course_and_upsell_paid_the_same_day_are_one_purchase() -> None:
    both = [o for o in ORDERS if o.number in (4, 5)]
    analysis = import_orders(csv_bytes(getcourse_rows(both, PERSONS)))
    assert (analysis.paid_orders, analysis.purchases, analysis.buyers) == (2, 1, 1)
    assert analysis.repeat_buyers == 0
    assert analysis.average_check == 29_900 + 1_299.70
    assert analysis.average_order == (29_900 + 1_299.70) / 2


def test_partly_paid_counts_the_money_paid_not_the_price() -> None:
    partly = [o for o in ORDERS if o.number == 7]
    analysis = import_orders(csv_bytes(getcourse_rows(partly, PERSONS)))
    assert analysis.revenue == 9_966


def test_partly_paid_without_a_paid_column_is_left_out() -> None:
    header = ["Email", "Дата", "Стоимость", "Статус"]
    rows = [
        ["a@x.ru", "01.02.2024", "1 000", "Частично оплачен"],
        ["b@x.ru", "02.02.2024", "2 000", "Завершен"],
    ]
    analysis = import_orders(csv_bytes([header, *rows], encoding="utf-8"))
    assert (analysis.revenue, analysis.counts.no_amount) == (2_000, 1)


def test_cancelled_with_money_on_it_is_not_revenue() -> None:
    refunded = [o for o in ORDERS if o.number in (6, 9)]
    analysis = import_orders(csv_bytes(getcourse_rows(refunded, PERSONS)))
    assert (analysis.revenue, analysis.counts.not_paid) == (990, 1)


def test_paid_without_a_payment_date_takes_the_creation_date() -> None:
    undated = [o for o in ORDERS if o.number == 8]
    analysis = import_orders(csv_bytes(getcourse_rows(undated, PERSONS)))
    assert analysis.first_purchase == date(2023, 7, 7)


def test_prodamus_tilda_table_with_commas() -> None:
    persons, orders = prodamus_orders()
    data = csv_bytes(prodamus_rows(orders, persons), delimiter=",", encoding="utf-8")
    table = open_table(data)
    assert (table.delimiter, table.encoding) == (",", "utf-8")
    analysis = analyse(table)
    assert figures_of(analysis) == expected(orders)
    assert analysis.buyers == 3  # Ольга by e-mail in two spellings, Пётр by phone in two forms
    assert analysis.repeat_buyers == 3
    assert analysis.revenue == 1_299.70 + 4_990 + 990 + 990 + 12_990 + 990


def test_as_of_leaves_later_orders_out_and_blanks_the_months_not_over() -> None:
    as_of = date(2023, 12, 15)
    analysis = import_orders(getcourse_file("csv-cp1251"), as_of=as_of)
    assert figures_of(analysis) == expected(ORDERS, as_of=as_of)
    assert analysis.counts.after_as_of == sum(1 for o in ORDERS if o.revenue > 0 and o.day > as_of)
    for row in analysis.cohorts:
        since = (2023 - row.month.year) * 12 + 12 - row.month.month
        assert len(row.cells) == since + 1  # up to December 2023
        assert row.cells[-1] is None  # December is not over on the 15th
        assert all(cell is not None for cell in row.cells[:-1])


def test_cohort_triangle_shape() -> None:
    analysis = getcourse()
    assert analysis.as_of == date(2024, 6, 30)  # the last day of a month: June is over
    months = [row.month for row in analysis.cohorts]
    assert months == sorted(months)
    for row in analysis.cohorts:
        since = (2024 - row.month.year) * 12 + 6 - row.month.month
        assert len(row.cells) == since + 1
        assert all(cell is not None for cell in row.cells)
        assert row.cells[0] is not None and row.cells[0].revenue_per_buyer > 0
    assert sum(row.buyers for row in analysis.cohorts) == analysis.buyers


def test_curve_reaches_the_horizon_figures() -> None:
    analysis = getcourse()
    by_month = {point.month: point for point in analysis.curve}
    for horizon in analysis.ltv_at:
        assert horizon.value == by_month[horizon.months].revenue_per_buyer
        assert horizon.buyers == by_month[horizon.months].buyers
    assert analysis.curve[0].buyers == analysis.buyers  # June 30: everyone has a month
    assert [p.month for p in analysis.curve] == list(range(1, len(analysis.curve) + 1))


def test_horizon_too_long_for_the_data_is_none() -> None:
    rows = [
        ["a@x.ru", "01.01.2024", "1000", "Оплачен"],
        ["a@x.ru", "01.02.2024", "500", "Оплачен"],
        ["b@x.ru", "10.03.2024", "2000", "Оплачен"],
    ]
    analysis = import_orders(simple_csv(rows))
    assert [(h.months, h.value, h.buyers) for h in analysis.ltv_at] == [
        (3, None, 0),
        (6, None, 0),
        (12, None, 0),
    ]
    assert [(p.month, p.revenue_per_buyer, p.buyers) for p in analysis.curve] == [
        (1, 1000.0, 1),
        (2, 1500.0, 1),
    ]
    assert analysis.median_days_between == 31.0


def test_suggested_inputs_say_where_they_came_from() -> None:
    analysis = getcourse()
    truth = expected(ORDERS)
    suggested = analysis.suggested
    assert suggested.price.value == round(truth["average_check"], 2)
    assert suggested.price.source is InputSource.AVERAGE_CHECK
    assert suggested.price.basis == truth["purchases"]
    assert suggested.purchases_per_year.value == round(365 / truth["median_days_between"], 2)
    assert suggested.purchases_per_year.source is InputSource.MEDIAN_GAP
    mature = [
        days
        for days in _days_by_person(ORDERS).values()
        if (truth["as_of"] - min(days)).days >= MATURE_DAYS
    ]
    assert suggested.churn_percent.source is InputSource.MATURE_BUYERS
    assert suggested.churn_percent.basis == len(mature)
    gone = sum(1 for days in mature if len(days) == 1)
    assert suggested.churn_percent.value == round(100 * gone / len(mature), 2)
    assert suggested.missing == ()


def _days_by_person(orders: list[Order]) -> dict[int, set[date]]:
    found: dict[int, set[date]] = {}
    for order in orders:
        if order.revenue > 0:
            found.setdefault(order.person, set()).add(order.day)
    return found


def test_suggested_inputs_open_the_repeat_purchase_model() -> None:
    suggested = getcourse().suggested
    inputs = suggested.inputs(margin_percent=60, cac=3_000)
    assert inputs.model is BusinessModel.PURCHASES
    assert inputs.price == suggested.price.value
    assert inputs.churn_percent == suggested.churn_percent.value
    assert inputs.purchases_per_year == suggested.purchases_per_year.value
    result = compute(inputs)
    assert result.ltv > 0


def test_nobody_bought_twice_leaves_the_frequency_to_ask() -> None:
    rows = [[f"p{n}@x.ru", f"0{n}.03.2024", "1 000", "Оплачен"] for n in range(1, 6)]
    suggested = import_orders(simple_csv(rows)).suggested
    assert suggested.purchases_per_year.value is None
    assert suggested.purchases_per_year.source is InputSource.NO_REPEATS
    assert suggested.missing == ("purchases_per_year",)
    assert suggested.churn_percent.value == 100.0
    assert suggested.churn_percent.source is InputSource.ALL_BUYERS
    with pytest.raises(InvalidInput) as refused:
        suggested.inputs(None, 1000)
    assert refused.value.code is InputErrorCode.PER_YEAR_MISSING
    assert suggested.inputs(None, 1000, purchases_per_year=2).purchases_per_year == 2


def test_everyone_came_back_is_clamped_to_the_lowest_churn() -> None:
    rows = [
        ["a@x.ru", "01.01.2024", "1000", "Оплачен"],
        ["a@x.ru", "02.01.2024", "1000", "Оплачен"],
        ["b@x.ru", "01.01.2024", "1000", "Оплачен"],
        ["b@x.ru", "02.01.2024", "1000", "Оплачен"],
    ]
    suggested = import_orders(simple_csv(rows)).suggested
    assert suggested.churn_percent.value == 0.5 and suggested.churn_percent.clamped
    assert suggested.purchases_per_year.value == 52 and suggested.purchases_per_year.clamped


def test_no_status_column_counts_every_row_with_money() -> None:
    header = ["Телефон", "Дата", "Сумма"]
    rows = [
        ["8 900 123-45-67", "2024-01-05", "300 руб."],
        ["+7 (900) 123 45 67", "2024-02-05", "0"],
    ]
    analysis = import_orders(csv_bytes([header, *rows], delimiter="\t", encoding="utf-8"))
    assert (analysis.buyers, analysis.revenue, analysis.counts.free) == (1, 300.0, 1)
    assert [d.kind.value for d in analysis.doubts] == ["no_status"]


def test_unknown_status_counts_only_with_money_paid_and_is_named() -> None:
    rows = [
        ["a@x.ru", "01.01.2024", "1000", "В работе"],
        ["b@x.ru", "01.01.2024", "0", "В работе"],
        ["c@x.ru", "01.01.2024", "500", "Завершен"],
        ["d@x.ru", "01.01.2024", "500", "d@x.ru"],
    ]
    analysis = import_orders(simple_csv(rows))
    assert (analysis.buyers, analysis.revenue) == (3, 2000.0)
    assert analysis.counts.unknown_status == 1
    assert analysis.unknown_statuses == ("В работе",)  # never a customer's data


def test_foreign_currency_is_reported() -> None:
    rows = [["a@x.ru", "01.01.2024", "$300", "Оплачен"], ["b@x.ru", "02.01.2024", "10", "Оплачен"]]
    assert import_orders(simple_csv(rows)).currency == "USD"


def test_rows_with_missing_pieces_are_counted_not_fatal() -> None:
    rows = [
        ["", "01.01.2024", "1000", "Оплачен"],
        ["a@x.ru", "вчера", "1000", "Оплачен"],
        ["a@x.ru", "01.01.2024", "сколько-то", "Оплачен"],
        ["a@x.ru", "01.01.2024", "-500", "Оплачен"],
        ["a@x.ru", "01.01.2024", "", "Оплачен"],
        ["a@x.ru", "01.01.2024", "700", "Оплачен"],
        ["", "", "", ""],
    ]
    counts = import_orders(simple_csv(rows)).counts
    assert (counts.rows, counts.paid) == (6, 1)
    assert (counts.no_customer, counts.no_date, counts.no_amount, counts.refunds) == (1, 1, 2, 1)


def test_nothing_personal_in_the_result() -> None:
    text = json.dumps(analysis_json(getcourse("xlsx")), ensure_ascii=False).lower()
    for person in PERSONS:
        for secret in (person.email, person.phone, person.name):
            assert secret is None or secret.lower() not in text
        assert person.user_id is None or f"{person.user_id}" not in text
    assert "anna" not in text and "curator" not in text


def test_analysis_json_is_plain_json() -> None:
    data = analysis_json(getcourse())
    assert json.loads(json.dumps(data)) == data
    assert data["as_of"] == "2024-06-30"
    assert data["columns"]["email"] == "Email"
    assert data["suggested"]["price"]["source"] == "average_check"
    assert data["cohorts"][0]["month"] == "2023-01-01"


def test_a_mapping_corrected_by_hand_is_used() -> None:
    table = open_table(getcourse_file("csv-cp1251"))
    by_email = table.mapping.with_column(Field.USER_ID, None)
    analysis = analyse(table, by_email)
    truth = expected(ORDERS)
    assert analysis.revenue == truth["revenue"]
    assert analysis.buyers == truth["buyers"]  # e-mails tell the same people apart
    assert Field.USER_ID not in dict(analysis.columns)
    price_only = table.mapping.with_column(Field.PAID_AMOUNT, None)
    listed = analyse(table, price_only)
    cancelled_with_money = 12_990
    assert listed.revenue != truth["revenue"]
    assert listed.revenue - cancelled_with_money != truth["revenue"]


def test_month_arithmetic_at_month_ends() -> None:
    # Bought on 31 January: month 1 ends on 28 February (the month is shorter).
    rows = [
        ["a@x.ru", "31.01.2023", "100", "Оплачен"],
        ["a@x.ru", "28.02.2023", "10", "Оплачен"],
        ["a@x.ru", "01.03.2023", "1", "Оплачен"],
        ["b@x.ru", "30.04.2023", "1", "Оплачен"],
    ]
    analysis = import_orders(simple_csv(rows))
    assert [(p.month, p.revenue_per_buyer) for p in analysis.curve[:2]] == [(1, 100.0), (2, 111.0)]
    orders = [
        Order(n, person, datetime.combine(day, datetime.min.time()), None, "Оплачен", k, k)
        for n, (person, day, k) in enumerate(
            [
                (0, date(2023, 1, 31), 100_00),
                (0, date(2023, 2, 28), 10_00),
                (0, date(2023, 3, 1), 1_00),
                (1, date(2023, 4, 30), 1_00),
            ]
        )
    ]
    assert figures_of(analysis) == expected(orders)


def test_person_fixture_is_not_in_the_package() -> None:
    assert Person.__module__.startswith("tests.")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_other_columns_of_a_role_fill_in_for_an_empty_first_one(kind: str) -> None:
    header = ["ID пользователя", "Email", "Дата оплаты", "Дата создания", "Оплачено"]
    header += ["Стоимость", "Статус"]
    rows: list[list[Any]] = [
        ["7", "a@x.ru", "01.02.2024", "01.02.2024", "100", "100", "Завершен"],
        ["7", "a@x.ru", "", "05.02.2024", "", "500", "Завершен"],  # date, price filled in
        ["", "A@X.RU", "01.03.2024", "", "10", "10", "Оплачен"],  # the e-mail: another buyer
        ["", "", "01.03.2024", "", "20", "20", "Оплачен"],  # no buyer at all
        ["8", "b@x.ru", "02.03.2024", "", "", "700", "Частично оплачен"],  # no sum paid
        ["9", "c@x.ru", "", "", "30", "30", "Завершен"],  # no date at all
    ]
    data = csv_bytes([header, *rows]) if kind == "csv" else xlsx_bytes([header, *rows])
    analysis = import_orders(data)
    assert (analysis.revenue, analysis.paid_orders, analysis.buyers) == (610.0, 3, 2)
    assert analysis.purchases == 3 and analysis.first_purchase == date(2024, 2, 1)
    counts = analysis.counts
    assert (counts.rows, counts.no_customer, counts.no_amount, counts.no_date) == (6, 1, 1, 1)
