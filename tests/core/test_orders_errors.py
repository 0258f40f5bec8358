"""Every kind of bad file gets its code, and every code a Russian answer naming what is missing."""

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from openpyxl import Workbook

import core.orders.table
from core.orders import (
    MAX_BYTES,
    Field,
    NotTableKind,
    OrdersError,
    OrdersErrorCode,
    TooLargeKind,
    error_message,
    import_orders,
    open_table,
)
from l10n import Texts
from tests.core.test_orders_fixtures import csv_bytes, xlsx_bytes

Code = OrdersErrorCode


def zipped(**files: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name.replace("__", "/").replace("_dot_", "."), text)
    return buffer.getvalue()


def empty_workbook() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def table(*rows: list[str]) -> bytes:
    return csv_bytes(list(rows), encoding="utf-8")


ORDER = ["a@x.ru", "01.02.2024", "1 000", "Завершен"]
HEADER = ["Email", "Дата оплаты", "Оплачено", "Статус"]

BAD_FILES: dict[str, tuple[Callable[[], bytes], Code, dict[str, str]]] = {
    "png": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), Code.NOT_A_TABLE, {"kind": "binary"}),
    "pdf": (lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", Code.NOT_A_TABLE, {"kind": "binary"}),
    "xls": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        Code.NOT_A_TABLE,
        {"kind": "xls"},
    ),
    "ods": (
        lambda: zipped(
            mimetype="application/vnd.oasis.opendocument.spreadsheet", content_dot_xml="<x/>"
        ),
        Code.NOT_A_TABLE,
        {"kind": "ods"},
    ),
    "zip": (lambda: zipped(a_dot_txt="hello"), Code.NOT_A_TABLE, {"kind": "binary"}),
    "broken-xlsx": (
        lambda: b"PK\x03\x04" + b"\x00garbage" * 10,
        Code.NOT_A_TABLE,
        {"kind": "binary"},
    ),
    "text": (
        lambda: "Привет! Вот мои продажи за год, посчитайте.\nСпасибо".encode(),
        Code.NOT_A_TABLE,
        {"kind": "text"},
    ),
    "html": (
        lambda: b"<html><body><table><tr><td>Email</td></tr></table></body></html>",
        Code.NOT_A_TABLE,
        {"kind": "text"},
    ),
    "nothing": (lambda: b"", Code.EMPTY, {}),
    "spaces": (lambda: b" \r\n\t\n", Code.EMPTY, {}),
    "header-only": (lambda: table(HEADER), Code.EMPTY, {}),
    "blank-rows-only": (lambda: table(HEADER, ["", "", "", ""]), Code.EMPTY, {}),
    "xlsx-header-only": (lambda: xlsx_bytes([HEADER]), Code.EMPTY, {}),
    "xlsx-blank": (empty_workbook, Code.EMPTY, {}),
    "over-20-mb": (
        lambda: b"a;b\n" * (MAX_BYTES // 4 + 1),
        Code.TOO_LARGE,
        {"kind": "bytes", "limit": "20 МБ"},
    ),
    "no-customer": (
        lambda: table(["Дата", "Сумма", "Статус"], ORDER[1:]),
        Code.NO_CUSTOMER_COLUMN,
        {"columns": "«Дата», «Сумма», «Статус»"},
    ),
    "no-date": (
        lambda: table(["Email", "Сумма"], ["a@x.ru", "100"]),
        Code.NO_DATE_COLUMN,
        {"columns": "«Email», «Сумма»"},
    ),
    "no-amount": (
        lambda: table(
            ["Email", "Дата", "Статус", "Комментарий"], ["a@x.ru", "01.01.2024", "Новый", ""]
        ),
        Code.NO_AMOUNT_COLUMN,
        {"columns": "«Email», «Дата», «Статус», «Комментарий»"},
    ),
    "no-paid-orders": (
        lambda: table(
            HEADER,
            ["a@x.ru", "01.02.2024", "0", "Новый"],
            ["b@x.ru", "01.02.2024", "500", "Отменен"],
            ["c@x.ru", "01.02.2024", "500", "Новый"],
            ["d@x.ru", "01.02.2024", "0", "c@x.ru"],
        ),
        Code.NO_PAID_ORDERS,
        {"rows": "4", "statuses": "«Новый», «Отменен»"},
    ),
    "mixed-currencies": (
        lambda: table(
            [*HEADER, "Валюта"], [*ORDER, "RUB"], ["b@x.ru", "02.02.2024", "10", "Оплачен", "USD"]
        ),
        Code.MIXED_CURRENCIES,
        {"currencies": "RUB, USD"},
    ),
    "mixed-currency-signs": (
        lambda: table(
            HEADER,
            ["a@x.ru", "01.02.2024", "300 ₽", "Оплачен"],
            ["b@x.ru", "01.02.2024", "€30", "Оплачен"],
        ),
        Code.MIXED_CURRENCIES,
        {"currencies": "EUR, RUB"},
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_every_bad_file_gets_its_code(name: str) -> None:
    build, code, details = BAD_FILES[name]
    with pytest.raises(OrdersError) as refused:
        import_orders(build(), filename=f"{name}.csv")
    assert refused.value.code is code
    assert dict(refused.value.details) == details
    message = error_message(refused.value, Texts.load())
    assert re.search("[а-яА-Я]", message)
    assert "{" not in message and "$" not in message
    for name, value in details.items():
        if name not in ("kind", "limit"):
            assert value in message


def test_every_code_is_covered_by_a_bad_file() -> None:
    assert {code for _, code, _ in BAD_FILES.values()} | {Code.TOO_LARGE} == set(Code)


@pytest.mark.parametrize(
    ("column", "field", "code"),
    [
        (0, Field.USER_ID, Code.NO_CUSTOMER_COLUMN),
        (1, Field.PAYMENT_DATE, Code.NO_DATE_COLUMN),
        (2, Field.PAID_AMOUNT, Code.NO_AMOUNT_COLUMN),
    ],
)
def test_a_missing_column_names_the_field_to_pick_it_for(
    column: int, field: Field, code: Code
) -> None:
    """A column not named as expected: the first field of its group is asked for; picked,
    the mapping is complete."""
    header = [*HEADER[:column], "Прочее", *HEADER[column + 1 :]]
    mapping = open_table(table(header, ORDER)).mapping
    assert mapping.missing() is field
    with pytest.raises(OrdersError) as refused:
        mapping.check()
    assert refused.value.code is code
    picked = mapping.with_column(field, column)
    assert picked.missing() is None
    picked.check()


def test_the_first_missing_group_is_asked_first_then_the_next() -> None:
    mapping = open_table(table(["Кто", "Когда", "Сколько"], ["a@x.ru", "01.02.2024", "5"])).mapping
    assert mapping.missing() is Field.USER_ID
    assert mapping.with_column(Field.USER_ID, 0).missing() is Field.PAYMENT_DATE
    mapping = mapping.with_column(Field.USER_ID, 0).with_column(Field.PAYMENT_DATE, 1)
    assert mapping.missing() is Field.PAID_AMOUNT
    assert open_table(table(HEADER, ORDER)).mapping.missing() is None


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_samples_are_a_few_different_values_of_each_column(kind: str) -> None:
    rows = [["Кто", "Дата оплаты", "Оплачено", "Пусто"]]
    rows += [[f"b{n % 2}@x.ru", f"0{n + 1}.02.2024", "1 000", ""] for n in range(6)]
    data = xlsx_bytes(rows) if kind == "xlsx" else table(*rows)
    assert open_table(data).samples() == (
        ("b0@x.ru", "b1@x.ru"),
        ("01.02.2024", "02.02.2024", "03.02.2024"),
        ("1 000",),
        (),
    )


def test_too_many_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core.orders.table, "MAX_ROWS", 3)
    data = table(HEADER, *[ORDER] * 4)
    found = open_table(data)  # the size shows only while reading
    with pytest.raises(OrdersError) as refused:
        import_orders(data)
    assert refused.value.code is Code.TOO_LARGE
    assert refused.value.details["kind"] == TooLargeKind.ROWS.value
    assert "строк" in error_message(refused.value, Texts.load())
    assert found.headers == tuple(HEADER)


def test_old_xls_is_named_even_when_it_is_only_by_its_name() -> None:
    with pytest.raises(OrdersError) as refused:
        open_table(b"\x01\x02\x03" * 100, filename="Заказы.XLS")
    assert refused.value.details == {"kind": NotTableKind.XLS.value}


@pytest.mark.parametrize(
    ("code", "details", "expected"),
    [
        (Code.NOT_A_TABLE, {"kind": "xls"}, ["XLSX", "CSV", "«ID пользователя»", "«Оплачено»"]),
        (Code.NOT_A_TABLE, {"kind": "ods"}, ["XLSX", "CSV"]),
        (Code.NOT_A_TABLE, {"kind": "binary"}, ["Это не таблица", "«Статус»"]),
        (Code.NOT_A_TABLE, {"kind": "text"}, ["текст", "«Дата оплаты»"]),
        (Code.EMPTY, {}, ["нет ни одного заказа", "«Email»"]),
        (Code.TOO_LARGE, {"kind": "bytes", "limit": "20 МБ"}, ["больше 20 МБ"]),
        (Code.TOO_LARGE, {"kind": "rows", "limit": "1 000 000 строк"}, ["больше 1 000 000 строк"]),
        (Code.NO_CUSTOMER_COLUMN, {"columns": "«Сумма»"}, ["покупател", "«Email»", "«Сумма»"]),
        (Code.NO_DATE_COLUMN, {"columns": "«Email»"}, ["дат", "«Дата оплаты»", "«Email»"]),
        (Code.NO_AMOUNT_COLUMN, {"columns": "«Email»"}, ["сумм", "«Оплачено»", "«Email»"]),
        (
            Code.NO_PAID_ORDERS,
            {"rows": "7", "statuses": "«Новый»"},
            ["7", "«Новый»", "«Завершен»"],
        ),
        (Code.MIXED_CURRENCIES, {"currencies": "RUB, USD"}, ["RUB, USD", "валют"]),
    ],
)
def test_every_code_has_a_russian_answer_naming_what_is_missing(
    code: OrdersErrorCode, details: dict[str, str], expected: list[str]
) -> None:
    message = error_message(OrdersError(code, **details), Texts.load())
    for part in expected:
        assert part in message, (part, message)


def test_found_columns_are_listed_shortened() -> None:
    header = [f"Поле {n} " + "очень длинное название " * 3 for n in range(20)]
    with pytest.raises(OrdersError) as refused:
        import_orders(table(header, ["x"] * 20))
    columns = refused.value.details["columns"]
    assert columns.endswith(", …") and columns.count("«") == 12
    assert all(len(name) <= 42 for name in columns.removesuffix(", …").split(", "))
