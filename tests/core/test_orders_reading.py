"""Reading an export like a person would: columns by name, encodings, delimiters, cells."""

import io
import random
import zipfile
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.orders import (
    ColumnMapping,
    DoubtKind,
    Field,
    Status,
    TableKind,
    guess_mapping,
    open_table,
)
from core.orders.columns import SYNONYMS, normalise_header
from core.orders.values import (
    NegativeAmount,
    amount_of,
    classify_status,
    currency_code,
    day_of,
    email_key,
    excel_day,
    name_key,
    phone_key,
    user_id_key,
)
from tests.core.test_orders_fixtures import (
    GETCOURSE_HEADER,
    csv_bytes,
    getcourse_orders,
    getcourse_rows,
    people,
    xlsx_bytes,
)

ROWS = getcourse_rows(getcourse_orders(), people(40, random.Random(1)))
GETCOURSE_COLUMNS = {
    Field.USER_ID: 2,
    Field.EMAIL: 4,
    Field.PHONE: 5,
    Field.NAME: 3,
    Field.PAYMENT_DATE: 7,
    Field.CREATED_DATE: 6,
    Field.PAID_AMOUNT: 15,
    Field.PRICE: 14,
    Field.STATUS: 13,
    Field.CURRENCY: 18,
}

# --------------------------------------------------------------------------- columns


def test_getcourse_columns_found_by_name_past_the_custom_fields() -> None:
    mapping = guess_mapping(GETCOURSE_HEADER)
    assert mapping.as_dict() == GETCOURSE_COLUMNS
    assert not mapping.uncertain
    assert mapping.header(Field.PRICE) == "Стоимость, RUB"


def test_columns_found_wherever_they_are() -> None:
    shuffled = GETCOURSE_HEADER[::-1]
    mapping = guess_mapping(shuffled)
    assert {f: shuffled[i] for f, i in mapping.columns} == {
        f: GETCOURSE_HEADER[i] for f, i in GETCOURSE_COLUMNS.items()
    }


def test_synonyms_name_one_field_each() -> None:
    seen: dict[str, Field] = {}
    for field, names in SYNONYMS.items():
        for name in names:
            assert seen.setdefault(name, field) is field, name
            assert normalise_header(name)[0] == name, name


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Стоимость, RUB", ("стоимость", "RUB")),
        ("Оплачено, руб.", ("оплачено", "RUB")),
        ("Сумма (₽)", ("сумма", "RUB")),
        ("Amount, USD", ("amount", "USD")),
        ("  E-MAIL*: ", ("e-mail", None)),
        ("\ufeffДата оплаты", ("дата оплаты", None)),
        ("Статус, заказа", ("статус, заказа", None)),
        ("Ёмкость", ("емкость", None)),
    ],
)
def test_headers_are_normalised(header: str, expected: tuple[str, str | None]) -> None:
    assert normalise_header(header) == expected


def test_doubts_about_the_guess() -> None:
    partial = guess_mapping(["E-mail ученика", "Дата", "Сумма"])
    assert partial.as_dict() == {Field.EMAIL: 0, Field.CREATED_DATE: 1, Field.PAID_AMOUNT: 2}
    assert {(d.kind, d.field) for d in partial.doubts} == {
        (DoubtKind.PARTIAL_NAME, Field.EMAIL),
        (DoubtKind.NO_STATUS, None),
    }
    several = guess_mapping(["Email", "Email", "Дата", "Сумма", "Статус"])
    assert several.index(Field.EMAIL) == 0
    assert [(d.kind, d.field) for d in several.doubts] == [(DoubtKind.SEVERAL, Field.EMAIL)]
    listed = guess_mapping(["Клиент", "Дата", "Стоимость", "Статус"])
    assert {d.kind for d in listed.doubts} == {DoubtKind.LIST_PRICE, DoubtKind.NAME_ONLY}
    assert listed.uncertain


@pytest.mark.parametrize(
    "header",
    ["Телефон менеджера", "Дата рождения", "Email куратора", "Комиссия, руб", "Сумма скидки"],
)
def test_someone_elses_column_is_never_taken(header: str) -> None:
    assert guess_mapping(["x", header]).columns == ()


def test_a_column_corrected_by_hand() -> None:
    mapping = guess_mapping(["E-mail ученика", "Почта родителя", "Дата", "Сумма", "Статус"])
    assert mapping.index(Field.EMAIL) == 0 and mapping.uncertain
    fixed = mapping.with_column(Field.EMAIL, 1)
    assert fixed.index(Field.EMAIL) == 1 and not fixed.uncertain
    assert fixed.chosen == frozenset({Field.EMAIL})
    moved = fixed.with_column(Field.STATUS, 3)  # one column, one meaning
    assert moved.index(Field.STATUS) == 3 and moved.index(Field.PAID_AMOUNT) is None
    assert ColumnMapping.from_json(moved.to_json()) == moved
    assert moved.to_json()["chosen"] == {"email": 1, "status": 3}
    removed = mapping.with_column(Field.STATUS, None)
    assert removed.index(Field.STATUS) is None
    assert DoubtKind.NO_STATUS in {d.kind for d in removed.doubts}
    with pytest.raises(ValueError):
        mapping.with_column(Field.EMAIL, 5)


def test_candidates_for_the_correction_buttons() -> None:
    mapping = guess_mapping(GETCOURSE_HEADER)
    assert mapping.candidates(Field.PAID_AMOUNT) == (15, 17, 11)  # Оплачено, Получено, Сумма…
    assert mapping.candidates(Field.EMAIL) == (4,)


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("delimiter", "encoding", "detected"),
    [
        (";", "cp1251", "cp1251"),
        (";", "utf-8-sig", "utf-8-sig"),
        (",", "utf-8", "utf-8"),
        ("\t", "utf-16", "utf-16"),
        ("|", "cp1251", "cp1251"),
    ],
)
def test_encoding_and_delimiter_are_found(delimiter: str, encoding: str, detected: str) -> None:
    table = open_table(csv_bytes(ROWS, delimiter=delimiter, encoding=encoding))
    assert (table.kind, table.delimiter, table.encoding) == (TableKind.CSV, delimiter, detected)
    assert table.headers == tuple(GETCOURSE_HEADER)
    assert table.mapping.as_dict() == GETCOURSE_COLUMNS
    rows = list(table.records([4, 15]))
    assert len(rows) == len(ROWS) - 1
    assert rows[0] == (ROWS[1][4], ROWS[1][15])


def test_header_below_a_title_and_an_excel_sep_line() -> None:
    text = (
        "sep=;\r\nВыгрузка заказов за 2024 год;;\r\n\r\n"
        "Email;Дата;Сумма\r\na@x.ru;01.02.2024;100\r\n"
    )
    table = open_table(text.encode("cp1251"))
    assert (table.header_row, table.headers, table.delimiter) == (
        4,
        ("Email", "Дата", "Сумма"),
        ";",
    )
    assert list(table.records([0, 2])) == [("a@x.ru", "100")]


def test_commas_inside_quoted_cells_do_not_fool_the_delimiter() -> None:
    text = 'Email,Дата,Сумма,Товар\n"a@x.ru","01.02.2024","1 299,70","Курс; тариф, «База»"\n'
    table = open_table(text.encode())
    assert table.delimiter == ","
    assert list(table.records([2, 3])) == [("1 299,70", "Курс; тариф, «База»")]


def test_short_rows_give_none() -> None:
    table = open_table("Email;Дата;Сумма\r\na@x.ru;01.02.2024\r\n".encode())
    assert list(table.records([0, 2])) == [("a@x.ru", None)]


@pytest.mark.parametrize("write_only", [False, True])
def test_xlsx_from_openpyxl(write_only: bool) -> None:
    rows: list[list[Any]] = [
        ["Отчёт по заказам"],
        [],
        ["Email", "Дата оплаты", "Оплачено", "Статус"],
        ["a@x.ru", datetime(2024, 2, 29, 13, 30), 1299.7, "Завершен"],
        ["b@x.ru", "01.03.2024", "1 299,70 ₽", "Новый"],
        [None, None, None, None],
        ["c@x.ru & d", date(2024, 3, 2), 5, "Оплачен"],
    ]
    table = open_table(xlsx_bytes(rows, write_only=write_only, title="Лист с заказами"))
    assert (table.kind, table.sheet, table.header_row) == (TableKind.XLSX, "Лист с заказами", 3)
    assert table.headers == ("Email", "Дата оплаты", "Оплачено", "Статус")
    got = list(table.records([0, 1, 2]))
    assert got[0][0] == "a@x.ru" and got[0][2] == 1299.7
    assert isinstance(got[0][1], float) and date.fromordinal(day_of(got[0][1])) == date(
        2024, 2, 29
    )
    assert got[1] == ("b@x.ru", "01.03.2024", "1 299,70 ₽")
    assert got[2][0] == "c@x.ru & d"
    assert len(got) == 3


def raw_xlsx(sheet: str, strings: list[str] | None = None, date1904: bool = False) -> bytes:
    """A workbook written by hand: one sheet's XML as given, shared strings, the date system."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    flag = '<workbookPr date1904="1"/>' if date1904 else ""
    workbook = (
        f'<workbook xmlns="{main}" xmlns:r="{rel}">{flag}'
        '<sheets><sheet name="Orders" sheetId="1" r:id="rId7"/></sheets></workbook>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId7" Type="{rel}/worksheet" Target="/xl/worksheets/data.xml"/>'
        f'<Relationship Id="rId8" Type="{rel}/sharedStrings" Target="strings.xml"/>'
        "</Relationships>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/worksheets/data.xml", sheet)
        if strings is not None:
            items = "".join(strings)
            archive.writestr("xl/strings.xml", f'<sst xmlns="{main}">{items}</sst>')
    return buffer.getvalue()


HEADER_STRINGS = ["<si><t>Email</t></si>", "<si><t>Дата</t></si>", "<si><t>Сумма</t></si>"]


def test_xlsx_with_prefixed_tags_rich_text_and_escapes() -> None:
    strings = [
        *HEADER_STRINGS,
        '<x:si><x:r><x:t>ann</x:t></x:r><x:r><x:t xml:space="preserve">@x.ru</x:t></x:r></x:si>',
        "<x:si/>",
        "<x:si><x:t>Tom &amp; Co_x000D_</x:t><x:rPh><x:t>ふりがな</x:t></x:rPh></x:si>",
    ]
    strings = [s.replace("<si>", "<x:si>").replace("</si>", "</x:si>") for s in strings]
    strings = [s.replace("<t>", "<x:t>").replace("</t>", "</x:t>") for s in strings]
    sheet = (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c>'
        '<x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>'
        '<x:row r="2"><x:c r="A2" t="s"><x:v>3</x:v></x:c><x:c r="B2" s="4"><x:v>45351</x:v>'
        '</x:c><x:c r="C2" t="str"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>'
        '<x:row r="4"><x:c r="A4" t="s"><x:v>5</x:v></x:c><x:c r="B4" t="inlineStr"><x:is>'
        '<x:t>02.03.2024</x:t></x:is></x:c><x:c r="C4" t="e"><x:v>#N/A</x:v></x:c></x:row>'
        '<x:row r="5"><x:c r="A5" t="s"><x:v>4</x:v></x:c><x:c r="C5"/></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    table = open_table(raw_xlsx(sheet, strings))
    assert table.headers == ("Email", "Дата", "Сумма")
    assert list(table.records([0, 1, 2])) == [
        ("ann@x.ru", 45351.0, "2"),
        ("Tom & Co\r", "02.03.2024", None),
        ("", None, None),
    ]


def test_xlsx_without_cell_references_and_with_the_1904_date_system() -> None:
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c>'
        '</row><row><c t="inlineStr"><is><t>a@x.ru</t></is></c><c><v>0</v></c><c><v>10</v>'
        '</c></row><row/><row><c s="1" r="B4"><v>1</v></c><c r="A4" t="inlineStr"><is>'
        "<t>b@x.ru</t></is></c></row></sheetData></worksheet>"
    )
    table = open_table(raw_xlsx(sheet, HEADER_STRINGS, date1904=True))
    assert table.date1904
    rows = list(table.records([0, 1, 2]))
    assert rows == [("a@x.ru", 0.0, 10.0), ("b@x.ru", 1.0, None)]
    in_1904 = date.fromordinal(day_of(43_000.0, date1904=True))
    assert in_1904 == date(1904, 1, 1) + timedelta(days=43_000)
    assert in_1904 - date.fromordinal(day_of(43_000.0)) == timedelta(days=1462)


def test_xlsx_picks_the_sheet_with_the_orders() -> None:
    buffer = io.BytesIO()
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Инструкция"
    book.active.append(["Эту выгрузку сделал GetCourse"])
    orders = book.create_sheet("Заказы")
    orders.append(["Email", "Дата", "Сумма", "Статус"])
    orders.append(["a@x.ru", "01.01.2024", 10, "Оплачен"])
    book.save(buffer)
    table = open_table(buffer.getvalue())
    assert table.sheet == "Заказы"
    assert list(table.records([0])) == [("a@x.ru",)]


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("cell", "kopecks", "currency"),
    [
        ("1 299,70", 129_970, None),
        ("1\u00a0299,70", 129_970, None),
        ("300 руб.", 30_000, "RUB"),
        ("12 990 ₽", 1_299_000, "RUB"),
        ("12990.5", 1_299_050, None),
        ("1,500", 150_000, None),
        ("1.299,70 RUB", 129_970, "RUB"),
        ("$300", 30_000, "USD"),
        ("300 USD", 30_000, "USD"),
        ("1 500 тенге", 150_000, "KZT"),
        ("€ 9,99", 999, "EUR"),
        ("0", 0, None),
        (1299.7, 129_970, None),
        (5.0, 500, None),
    ],
)
def test_russian_amounts(cell: str | float, kopecks: int, currency: str | None) -> None:
    assert amount_of(cell) == (kopecks, currency)


@pytest.mark.parametrize("cell", ["", "много", "1 2 3", "$300 ₽", "200000000", "1e5", "nan"])
def test_not_amounts(cell: str) -> None:
    with pytest.raises(ValueError):
        amount_of(cell)


@pytest.mark.parametrize("cell", ["-500", "−1 299,70 ₽"])
def test_negative_amounts_are_refunds(cell: str) -> None:
    with pytest.raises(NegativeAmount):
        amount_of(cell)


@given(st.integers(0, 100_000_000 * 100))
def test_any_amount_written_the_russian_way_reads_back(kopecks: int) -> None:
    whole, rest = divmod(kopecks, 100)
    grouped = f"{whole:,}".replace(",", " ")
    assert amount_of(f"{grouped},{rest:02d}")[0] == kopecks
    assert amount_of(f"{grouped},{rest:02d} руб.")[0] == kopecks
    assert amount_of(f"{whole}.{rest:02d}")[0] == kopecks


@pytest.mark.parametrize(
    "cell",
    [
        "2024-03-15",
        "2024-03-15 12:30:00",
        "2024-03-15T12:30:00+03:00",
        "15.03.2024",
        "15.03.2024 23:59",
        "15.03.24 12:30",
        "15/03/2024",
        "03/15/2024",
        "15-03-2024",
        "15 марта 2024 г.",
        "15 мар 2024, 10:00",
        "March 15, 2024",
        "15 Mar 2024",
        "45366",
        45366.99,
        "1710500000",
        "1710500000000",
    ],
)
def test_dates_in_usual_forms(cell: str | float) -> None:
    assert date.fromordinal(day_of(cell)) == date(2024, 3, 15)


@pytest.mark.parametrize("cell", ["", "вчера", "31.02.2024", "15.13.2024", "1.1.1900", "2024"])
def test_not_dates(cell: str) -> None:
    with pytest.raises(ValueError):
        day_of(cell)


def test_excel_day_numbers_of_the_1900_system() -> None:
    assert date.fromordinal(excel_day(1)) == date(1900, 1, 1)
    assert date.fromordinal(excel_day(59)) == date(1900, 2, 28)
    assert date.fromordinal(excel_day(61)) == date(1900, 3, 1)


@given(st.dates(date(1990, 1, 1), date(2100, 12, 31)), st.integers(0, 86_399))
def test_any_day_in_any_usual_form_reads_back(day: date, seconds: int) -> None:
    moment = datetime.combine(day, datetime.min.time()) + timedelta(seconds=seconds)
    for text in (
        moment.strftime("%Y-%m-%d %H:%M:%S"),
        moment.strftime("%d.%m.%Y %H:%M"),
        moment.strftime("%d.%m.%Y"),
        moment.isoformat(),
        moment.strftime("%d/%m/%Y"),
    ):
        assert day_of(text) == day.toordinal(), text


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("Завершен", Status.PAID),
        ("Завершён", Status.PAID),
        ("Оплачен", Status.PAID),
        ("payed", Status.PAID),
        ("PAID", Status.PAID),
        ("Заказ оплачен", Status.PAID),
        ("Частично оплачен", Status.PARTLY_PAID),
        ("part_payed", Status.PARTLY_PAID),
        ("Новый", Status.UNPAID),
        ("Ожидаем оплаты", Status.UNPAID),
        ("Отменен", Status.UNPAID),
        ("Отменён пользователем", Status.UNPAID),
        ("Ложный", Status.UNPAID),
        ("Не оплачен", Status.UNPAID),
        ("not_payed", Status.UNPAID),
        ("В работе", Status.UNKNOWN),
        ("", Status.UNKNOWN),
    ],
)
def test_statuses(cell: str, status: Status) -> None:
    assert classify_status(cell) is status


def test_one_buyer_is_one_person() -> None:
    assert email_key(" Anna.Petrova@Mail.RU ") == email_key("anna.petrova@mail.ru")
    assert email_key("нет") is None
    phones = ["+7 (900) 123-45-67", "8 900 123 45 67", "9001234567", "79001234567"]
    assert {phone_key(p) for p in phones} == {"79001234567"}
    assert phone_key(79001234567.0) == "79001234567"
    assert phone_key("123") is None
    assert user_id_key(123456.0) == user_id_key("123456.0") == user_id_key(" 123456 ") == "123456"
    assert user_id_key("0") is None
    assert user_id_key(" Anna@X.ru ") == user_id_key("anna@x.ru") == "anna@x.ru"
    assert name_key("  Пётр   ИВАНОВ ") == "петр иванов"
    assert currency_code("руб.") == currency_code("₽") == "RUB"
    assert currency_code("chf") == "CHF"
    assert currency_code("рублики") is None
