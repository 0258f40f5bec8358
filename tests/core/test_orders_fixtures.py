"""Orders exports the tests generate, and the figures counted from them independently.

A fixture is a list of :class:`Order` (the truth: who paid what on which
day) written out the way a platform would write it: a GetCourse-like export
(custom columns in the middle, ``;``, decimal commas, cp1251 or UTF-8 with a
BOM, or XLSX), a Prodamus/Tilda-like table (``,``, UTF-8, no user id).
:func:`expected` counts the figures from the truth by brute force, with
fractions, without the engine's code, so a test can compare exactly.

The tests at the end check the fixtures themselves.
"""

from __future__ import annotations

import calendar
import csv
import io
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from openpyxl import Workbook

PAID = ("Завершен", "Оплачен")
PARTLY = ("Частично оплачен",)
UNPAID = ("Новый", "Ожидаем оплаты", "Отменен", "Ложный")


@dataclass(frozen=True)
class Person:
    """A buyer as the platform knows them; ``user_id`` None: orders made without an account."""

    user_id: int | None
    email: str | None
    phone: str | None
    name: str


@dataclass(frozen=True)
class Order:
    """One row of an export and what it means.

    ``paid_kopecks`` is the money actually paid («Оплачено»); ``email`` is how
    this row spells the buyer's e-mail (it may differ in case from another row).
    """

    number: int
    person: int
    created: datetime
    paid_at: datetime | None
    status: str
    price_kopecks: int
    paid_kopecks: int
    email: str | None = None
    title: str = "Курс «Продажи без выгорания»"

    @property
    def revenue(self) -> int:
        """Kopecks this order brings: the money paid, for a paid or partly paid status only."""
        return self.paid_kopecks if self.status in PAID + PARTLY else 0

    @property
    def day(self) -> date:
        return (self.paid_at or self.created).date()


def people(count: int, rng: random.Random) -> list[Person]:
    """``count`` buyers; the first is Анна, who has no account and two spellings of her e-mail."""
    found = [Person(None, "Anna.Petrova@Mail.ru", "+7 (916) 000-11-22", "Анна Петрова")]
    for number in range(1, count):
        found.append(
            Person(
                user_id=100_000 + number * 7,
                email=f"client{number}@example.ru",
                phone=f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{number:04d}"[:16],
                name=rng.choice(["Иван", "Мария", "Ольга", "Пётр"]) + f" Клиент{number}",
            )
        )
    return found


def getcourse_orders(seed: int = 17, persons: int = 40, orders: int = 180) -> list[Order]:
    """A school's orders over 2023-01 … 2024-06, with every case the reader must handle.

    Paid and partly paid orders, new, awaiting, cancelled (one with money on
    it) and false ones, a course and its upsell paid the same day, a paid order
    without a payment date, and Анна's orders under two spellings of her e-mail.
    """
    rng = random.Random(seed)
    start = datetime(2023, 1, 1, 9, 0)
    found: list[Order] = []
    for number in range(orders):
        person = rng.randrange(1, persons)
        created = start + timedelta(minutes=rng.randrange(0, 547 * 24 * 60))
        status = rng.choice(PAID * 4 + PARTLY + UNPAID)
        price = rng.choice([990_00, 4_990_00, 12_990_00, 29_900_00, 1_299_70])
        paid = price if status in PAID else (price // 3 if status in PARTLY else 0)
        paid_at = created + timedelta(hours=rng.randrange(0, 30)) if paid else None
        found.append(Order(1000 + number, person, created, paid_at, status, price, paid))
    # fmt: off
    special = [
        # Анна: no user id, her e-mail written two ways; three paid orders on three days.
        Order(1, 0, datetime(2023, 2, 3, 10), datetime(2023, 2, 3, 11), "Завершен", 4_990_00,
              4_990_00, email="Anna.Petrova@Mail.ru"),
        Order(2, 0, datetime(2023, 5, 20, 10), datetime(2023, 5, 21, 9), "Завершен", 12_990_00,
              12_990_00, email="anna.petrova@mail.ru"),
        Order(3, 0, datetime(2024, 1, 9, 10), datetime(2024, 1, 9, 12), "Оплачен", 990_00,
              990_00, email="ANNA.PETROVA@MAIL.RU"),
        # A course and its upsell paid the same day by person 1: one purchase.
        Order(4, 1, datetime(2023, 3, 1, 12), datetime(2023, 3, 1, 12, 5), "Завершен", 29_900_00,
              29_900_00),
        Order(5, 1, datetime(2023, 3, 1, 12), datetime(2023, 3, 1, 12, 9), "Завершен", 1_299_70,
              1_299_70),
        # Cancelled with money on it (refunded): not revenue.
        Order(6, 2, datetime(2023, 4, 4, 8), datetime(2023, 4, 4, 9), "Отменен", 12_990_00,
              12_990_00),
        # Partly paid: a third of the price is revenue, not the price.
        Order(7, 3, datetime(2023, 6, 6, 8), datetime(2023, 6, 6, 9), "Частично оплачен",
              29_900_00, 9_966_00),
        # Paid, but the payment date is empty: the creation date counts.
        Order(8, 4, datetime(2023, 7, 7, 7), None, "Завершен", 4_990_00, 4_990_00),
        # The latest paid order: 2024-06-30, so June 2024 is over.
        Order(9, 5, datetime(2024, 6, 30, 20), datetime(2024, 6, 30, 21), "Завершен", 990_00,
              990_00),
    ]
    # fmt: on
    return special + found


# --------------------------------------------------------------------------- writing


GETCOURSE_HEADER = [
    "Номер",
    "ID заказа",
    "ID пользователя",
    "Пользователь",
    "Email",
    "Телефон",
    "Дата создания",
    "Дата оплаты",
    "Название",
    # The school's custom fields, in the middle, some of them traps.
    "Дата рождения",
    "Email куратора",
    "Сумма бонусов",
    "Откуда узнали о школе",
    "Статус",
    "Стоимость, RUB",
    "Оплачено",
    "Комиссия платежной системы",
    "Получено",
    "Валюта",
    "Менеджер",
    "Телефон менеджера",
    "utm_source",
]
"""A GetCourse orders export's columns, the school's custom fields among them."""


def _russian_money(kopecks: int) -> str:
    """``1 299,70``: a no-break space between thousands, a decimal comma."""
    whole, rest = divmod(kopecks, 100)
    return f"{whole:,}".replace(",", "\u00a0") + f",{rest:02d}"


def _email(order: Order, person: Person) -> str | None:
    return order.email if order.email is not None else person.email


def getcourse_rows(
    orders: Sequence[Order], persons: Sequence[Person], typed: bool = False
) -> list[list[Any]]:
    """The export's rows, header first; ``typed`` gives numbers and datetimes for a workbook."""
    rows: list[list[Any]] = [list(GETCOURSE_HEADER)]
    for order in orders:
        person = persons[order.person]
        paid_at: Any = order.paid_at
        created: Any = order.created
        price: Any = order.price_kopecks / 100
        paid: Any = order.paid_kopecks / 100
        user: Any = person.user_id
        if not typed:
            created = created.strftime("%d.%m.%Y %H:%M")
            paid_at = paid_at.strftime("%d.%m.%Y %H:%M") if paid_at else ""
            price = _russian_money(order.price_kopecks)
            paid = _russian_money(order.paid_kopecks)
            user = "" if user is None else str(user)
        rows.append(
            [
                order.number,
                order.number * 10,
                user,
                person.name,
                _email(order, person),
                person.phone,
                created,
                paid_at,
                order.title,
                "12.03.1990",
                "curator@school.ru",
                "500",
                "Из Telegram-канала; по совету",
                order.status,
                price,
                paid,
                "1,5",
                paid,
                "RUB",
                "Мария",
                "+7 999 000-00-00",
                "telegram",
            ]
        )
    return rows


def csv_bytes(
    rows: Sequence[Sequence[Any]], delimiter: str = ";", encoding: str = "cp1251"
) -> bytes:
    """The rows as CSV text (Windows line ends, as Excel writes) in ``encoding``."""
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["" if cell is None else cell for cell in row] for row in rows]
    )
    return text.getvalue().encode(encoding)


def xlsx_bytes(
    rows: Sequence[Sequence[Any]], write_only: bool = False, title: str = "Заказы"
) -> bytes:
    """The rows as an openpyxl workbook (shared strings; inline strings if ``write_only``)."""
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet(title) if write_only else book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PRODAMUS_HEADER = [
    "Номер заказа",
    "Дата",
    "Покупатель",
    "Email",
    "Телефон",
    "Товар",
    "Сумма",
    "Статус оплаты",
]


def prodamus_orders() -> tuple[list[Person], list[Order]]:
    """A Prodamus/Tilda-like table: no accounts; buyers by e-mail, else by phone."""
    persons = [
        Person(None, "Olga@Yandex.ru", None, "Петрова, Ольга"),
        Person(None, None, "8 (900) 111-22-33", "Сидоров Пётр"),
        Person(None, "ivan@mail.ru", "+7 900 555 44 33", "Иван"),
    ]
    paid, unpaid = "Оплачен", "Не оплачен"
    # fmt: off
    orders = [
        Order(1, 0, datetime(2024, 1, 10, 10), datetime(2024, 1, 10, 10), paid, 1_299_70, 1_299_70,
              email="Olga@Yandex.ru"),
        Order(2, 0, datetime(2024, 3, 2, 10), datetime(2024, 3, 2, 10), paid, 4_990_00, 4_990_00,
              email="olga@yandex.ru"),
        Order(3, 1, datetime(2024, 1, 15, 10), datetime(2024, 1, 15, 10), paid, 990_00, 990_00),
        Order(4, 1, datetime(2024, 2, 15, 10), datetime(2024, 2, 15, 10), paid, 990_00, 990_00),
        Order(5, 2, datetime(2024, 2, 1, 10), datetime(2024, 2, 1, 10), paid, 12_990_00,
              12_990_00),
        Order(6, 2, datetime(2024, 4, 30, 10), datetime(2024, 4, 30, 10), paid, 990_00, 990_00),
        Order(7, 2, datetime(2024, 5, 1, 10), None, unpaid, 4_990_00, 0),
    ]
    # fmt: on
    return persons, orders


def prodamus_rows(orders: Sequence[Order], persons: Sequence[Person]) -> list[list[Any]]:
    """Rows with ``,`` in mind: ISO dates, a decimal point, a phone written two ways."""
    rows: list[list[Any]] = [list(PRODAMUS_HEADER)]
    for order in orders:
        person = persons[order.person]
        phone = person.phone
        if phone is not None and order.number % 2 == 0:
            digits = "".join(ch for ch in phone if ch.isdigit())
            phone = f"+7 {digits[1:4]} {digits[4:7]} {digits[7:9]} {digits[9:]}"
        amount = order.paid_kopecks or order.price_kopecks
        rows.append(
            [
                order.number,
                order.created.strftime("%Y-%m-%d %H:%M:%S"),
                person.name,
                _email(order, person) or "",
                phone or "",
                "Курс, тариф «Базовый»",
                f"{amount // 100}.{amount % 100:02d}",
                order.status,
            ]
        )
    return rows


# --------------------------------------------------------------------------- counting


def plus_months(day: date, months: int) -> date:
    """The same day ``months`` months later, or the month's last day."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def exact(numerator: int, denominator: int) -> float:
    return float(Fraction(numerator, denominator))


def expected(orders: Sequence[Order], as_of: date | None = None) -> dict[str, Any]:
    """The figures of the paid orders, counted by brute force from the truth."""
    paid = [o for o in orders if o.revenue > 0 and (as_of is None or o.day <= as_of)]
    end = as_of or max(o.day for o in paid)
    by_person: dict[int, dict[date, int]] = {}
    for o in paid:
        days = by_person.setdefault(o.person, {})
        days[o.day] = days.get(o.day, 0) + o.revenue
    revenue = sum(o.revenue for o in paid)
    purchases = sum(len(days) for days in by_person.values())
    buyers = len(by_person)
    again = sum(1 for days in by_person.values() if len(days) > 1)
    gaps = [
        later - earlier
        for days in by_person.values()
        for earlier, later in zip(sorted(days), sorted(days)[1:], strict=False)
    ]
    first = {person: min(days) for person, days in by_person.items()}

    def window(months: int) -> tuple[int, int]:
        """(kopecks in the first ``months`` months, buyers) over buyers who have had them."""
        money = count = 0
        for person, days in by_person.items():
            if plus_months(first[person], months) - timedelta(days=1) <= end:
                count += 1
                ends = plus_months(first[person], months)
                money += sum(k for day, k in days.items() if day < ends)
        return money, count

    curve = []
    for month in range(1, 61):
        money, count = window(month)
        if count == 0:
            break
        curve.append((month, exact(money, 100 * count), count))
    ltv_at = []
    for months in (3, 6, 12):
        money, count = window(months)
        ltv_at.append((months, exact(money, 100 * count) if count else None, count))

    cohorts = []
    starts = sorted({(day.year, day.month) for day in first.values()})
    for year, month in starts:
        members = [p for p, day in first.items() if (day.year, day.month) == (year, month)]
        cells: list[tuple[float, float] | None] = []
        k = 0
        while True:
            start = plus_months(date(year, month, 1), k)
            if start > end:
                break
            last = plus_months(start, 1) - timedelta(days=1)
            if last > end:
                cells.append(None)
            else:
                came = sum(
                    1
                    for p in members
                    if any(start <= d <= last and d != first[p] for d in by_person[p])
                )
                money = sum(
                    k_ for p in members for d, k_ in by_person[p].items() if start <= d <= last
                )
                cells.append((exact(came, len(members)), exact(money, 100 * len(members))))
            k += 1
        cohorts.append((date(year, month, 1), len(members), cells))

    return {
        "as_of": end,
        "buyers": buyers,
        "paid_orders": len(paid),
        "purchases": purchases,
        "revenue": exact(revenue, 100),
        "average_check": exact(revenue, 100 * purchases),
        "average_order": exact(revenue, 100 * len(paid)),
        "repeat_buyers": again,
        "repeat_share": exact(again, buyers),
        "purchases_per_buyer": exact(purchases, buyers),
        "median_days_between": float(statistics.median(d.days for d in gaps)) if gaps else None,
        "realized_ltv": exact(revenue, 100 * buyers),
        "ltv_at": ltv_at,
        "curve": curve,
        "cohorts": cohorts,
        "first_purchase": min(first.values()),
        "last_purchase": max(o.day for o in paid),
    }


def figures_of(analysis: Any) -> dict[str, Any]:
    """The same figures read from an :class:`~core.orders.Analysis`, shaped as :func:`expected`."""
    return {
        "as_of": analysis.as_of,
        "buyers": analysis.buyers,
        "paid_orders": analysis.paid_orders,
        "purchases": analysis.purchases,
        "revenue": analysis.revenue,
        "average_check": analysis.average_check,
        "average_order": analysis.average_order,
        "repeat_buyers": analysis.repeat_buyers,
        "repeat_share": analysis.repeat_share,
        "purchases_per_buyer": analysis.purchases_per_buyer,
        "median_days_between": analysis.median_days_between,
        "realized_ltv": analysis.realized_ltv,
        "ltv_at": [(h.months, h.value, h.buyers) for h in analysis.ltv_at],
        "curve": [(p.month, p.revenue_per_buyer, p.buyers) for p in analysis.curve],
        "cohorts": [
            (
                row.month,
                row.buyers,
                [
                    None if cell is None else (cell.repeat_share, cell.revenue_per_buyer)
                    for cell in row.cells
                ],
            )
            for row in analysis.cohorts
        ],
        "first_purchase": analysis.first_purchase,
        "last_purchase": analysis.last_purchase,
    }


def with_status(order: Order, status: str) -> Order:
    return replace(order, status=status)


# --------------------------------------------------------------------------- fixtures' own tests


def test_getcourse_fixture_puts_custom_columns_between_the_known_ones() -> None:
    header = GETCOURSE_HEADER
    assert header.index("Дата рождения") < header.index("Статус") < header.index("Оплачено")
    assert header.index("Email куратора") > header.index("Email")


def test_fixture_has_every_case_it_promises() -> None:
    orders = getcourse_orders()
    statuses = {o.status for o in orders}
    assert set(PAID + PARTLY + UNPAID) <= statuses
    assert {o.email for o in orders if o.person == 0} == {
        "Anna.Petrova@Mail.ru",
        "anna.petrova@mail.ru",
        "ANNA.PETROVA@MAIL.RU",
    }
    assert any(o.status == "Отменен" and o.paid_kopecks > 0 for o in orders)
    assert any(o.paid_at is None and o.revenue > 0 for o in orders)


def test_encodings_differ_in_bytes_not_in_text() -> None:
    persons = people(40, random.Random(1))
    rows = getcourse_rows(getcourse_orders(), persons)
    cp1251, bom = csv_bytes(rows, encoding="cp1251"), csv_bytes(rows, encoding="utf-8-sig")
    assert cp1251 != bom
    assert cp1251.decode("cp1251") == bom.decode("utf-8-sig")
    assert "1\u00a0299,70" in bom.decode("utf-8-sig")
