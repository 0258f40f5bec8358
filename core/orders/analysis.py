"""An orders table to what its paid orders say: buyers, revenue, cohorts, realized LTV.

:func:`analyse` streams the rows of a :class:`~core.orders.table.Table` once
and keeps, per buyer, only the money paid on each day; what it returns holds
no e-mail, phone, name or id (numbers, dates of months, column and status
names only).

Which rows count
    A row is a paid order when its status says paid (the money paid, or the
    price when no money-paid column or cell says otherwise), partly paid (the
    money paid only: never the price) or is unknown but the money-paid cell
    holds more than zero. Without a status column every row with money counts.
    Not paid (new, awaiting payment, cancelled, false, refunded), free (zero),
    negative (refunds), and rows without a buyer, a date or an amount are left
    out and counted in :class:`RowCounts`.

Words used below
    A *buyer* is one person (user id, else e-mail, else phone; a name only
    when the table has nothing else). A *purchase* is what one buyer paid on
    one day: a course and its upsell paid the same day are one check, and
    "bought again" means paid on a later day. The *day* of an order is its
    payment date, else its creation date. ``as_of`` is the day the export
    describes: by default the day of the latest paid order (so that adding
    an unpaid order, whatever its date, changes nothing).
    A buyer's *month m* (m = 1, 2, …) is the m-th month from the first
    purchase: from the same day m − 1 calendar months later, up to (not
    including) the same day m months later (31 January + 1 month is 28/29
    February). The first ``k`` months are *complete* when the day before the
    same day ``k`` months later is on or before ``as_of``.

Figures (money is summed in kopecks, so every sum is exact and every ratio
is one correctly rounded division, whatever the order of the rows)
    - ``revenue`` — all money of paid orders; ``average_check`` — revenue per
      purchase; ``average_order`` — revenue per paid order;
    - ``repeat_share`` — the share of buyers with purchases on two or more days;
    - ``purchases_per_buyer``; ``median_days_between`` — the median of the
      days between one purchase and the buyer's next;
    - ``realized_ltv`` — revenue per buyer to date;
    - ``ltv_at`` — for 3, 6 and 12 months: over the buyers whose first h months
      are complete, the money they paid in those h months, per buyer;
    - ``curve`` — the same for every m = 1 … :data:`CURVE_MAX_MONTHS` while
      some buyer has m complete months (so ``curve[h − 1]`` is ``ltv_at`` h);
    - ``cohorts`` — buyers grouped by the calendar month of their first
      purchase; cell k is calendar month (first month + k): the share of the
      cohort who made a purchase other than the first in it, and the money
      the cohort paid in it per buyer of the cohort (the first purchase
      included). A cell whose calendar month has not ended by ``as_of`` is
      ``None``.

What the repeat-purchase model takes from it (:class:`ImportedInputs`)
    price = the average check; purchases per year = 365 / the median days
    between purchases (none when nobody bought twice); the share who do not
    come back = 1 − the repeat share among the buyers whose first purchase is
    at least :data:`MATURE_DAYS` before ``as_of`` (all buyers when fewer than
    :data:`MATURE_MIN_BUYERS` are that old), each kept within the model's
    limits and saying where it came from.
"""

from __future__ import annotations

import calendar
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Any, Final, TypeGuard

from pydantic import TypeAdapter

from core.models import (
    CHURN_MAX,
    CHURN_MIN,
    PER_YEAR_MAX,
    PER_YEAR_MIN,
    PRICE_MAX,
    PRICE_MIN,
    BusinessModel,
    Inputs,
)
from core.orders.columns import (
    AMOUNT_FIELDS,
    CUSTOMER_FIELDS,
    DATE_FIELDS,
    ColumnMapping,
    Doubt,
    Field,
    header_currency,
)
from core.orders.errors import OrdersError, OrdersErrorCode, quoted_list
from core.orders.table import Cell, Table, TableKind, open_table
from core.orders.values import (
    NegativeAmount,
    Status,
    amount_of,
    classify_status,
    currency_code,
    day_of,
    email_key,
    name_key,
    phone_key,
    user_id_key,
)

__all__ = [
    "CURVE_MAX_MONTHS",
    "HORIZONS",
    "MATURE_DAYS",
    "MATURE_MIN_BUYERS",
    "Analysis",
    "CohortCell",
    "CohortRow",
    "CurvePoint",
    "HorizonLTV",
    "ImportedInputs",
    "InputSource",
    "RowCounts",
    "Suggestion",
    "analyse",
    "analysis_json",
    "import_orders",
]

HORIZONS: Final = (3, 6, 12)
"""Months after the first purchase for which the realized LTV is given."""
CURVE_MAX_MONTHS: Final = 60
MATURE_DAYS: Final = 180
"""A buyer whose first purchase is at least this old has had time to come back."""
MATURE_MIN_BUYERS: Final = 30
"""Fewer old buyers than this and the share who come back is taken over all buyers."""
DAYS_PER_YEAR: Final = 365
STATUSES_SHOWN: Final = 10
CACHE_LIMIT: Final = 100_000
"""Cells of one column whose reading is remembered (dates, amounts, statuses repeat)."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class RowCounts:
    """What became of the data rows (blank ones are not counted at all)."""

    rows: int
    """Data rows with something in the columns read."""
    paid: int
    """Paid or partly paid orders counted."""
    not_paid: int
    """The status says not paid: new, awaiting payment, cancelled, false, refunded."""
    unknown_status: int
    """A status not understood and no money paid: left out."""
    free: int
    """Paid but for nothing (zero)."""
    refunds: int
    """A negative amount."""
    no_customer: int
    no_date: int
    no_amount: int
    """No amount, or one that is not a number (or a partly paid order with no sum paid)."""
    after_as_of: int
    """Dated after the day the figures are taken on."""


@dataclass(frozen=True, slots=True)
class HorizonLTV:
    """Realized revenue per buyer in the first ``months`` months after the first purchase."""

    months: int
    value: float | None
    """``None`` when no buyer's first ``months`` months are complete."""
    buyers: int
    """The buyers it is averaged over: those whose first ``months`` months are complete."""


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """Cumulative revenue per buyer by the end of the buyer's month ``month``."""

    month: int
    revenue_per_buyer: float
    buyers: int
    """Buyers with ``month`` complete months, whom the point averages over."""


@dataclass(frozen=True, slots=True)
class CohortCell:
    """One calendar month of one cohort."""

    repeat_share: float
    """Share of the cohort's buyers with a purchase other than their first in this month."""
    revenue_per_buyer: float
    """Money the cohort paid in this month per buyer of the cohort."""


@dataclass(frozen=True, slots=True)
class CohortRow:
    """The buyers whose first purchase fell in ``month`` (its first day)."""

    month: date
    buyers: int
    cells: tuple[CohortCell | None, ...]
    """Month 0 (the first), 1, … up to ``as_of``'s month; ``None`` where not yet ended."""


class InputSource(StrEnum):
    """Where an input of the repeat-purchase model came from."""

    AVERAGE_CHECK = "average_check"
    """Revenue per purchase."""
    MEDIAN_GAP = "median_gap"
    """365 / the median days between purchases."""
    NO_REPEATS = "no_repeats"
    """Nobody bought twice: the frequency is not in the file (ask the person)."""
    MATURE_BUYERS = "mature_buyers"
    """Buyers whose first purchase is at least 180 days old who never bought again."""
    ALL_BUYERS = "all_buyers"
    """Too few old buyers: every buyer who has not bought again yet (an overestimate)."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One input taken from the file, in the units of :class:`~core.models.Inputs`."""

    value: float | None
    source: InputSource
    basis: int
    """How many purchases, intervals or buyers it is computed from."""
    clamped: bool
    """The figure was outside the model's limits and was brought to the nearest one."""


@dataclass(frozen=True, slots=True)
class ImportedInputs:
    """The repeat-purchase model's inputs the file gives; margin and CAC are asked for."""

    price: Suggestion
    purchases_per_year: Suggestion
    churn_percent: Suggestion

    @property
    def missing(self) -> tuple[str, ...]:
        """Inputs the file could not give (besides margin and CAC), as ``Inputs`` field names."""
        return tuple(
            name
            for name, suggestion in (
                ("price", self.price),
                ("purchases_per_year", self.purchases_per_year),
                ("churn_percent", self.churn_percent),
            )
            if suggestion.value is None
        )

    def inputs(
        self,
        margin_percent: float | None,
        cac: float,
        purchases_per_year: float | None = None,
    ) -> Inputs:
        """The model's inputs: these figures with the person's margin and CAC.

        ``purchases_per_year`` is needed only when the file has no repeat
        purchases. Raises :class:`~core.models.InvalidInput` like any input.
        """
        per_year = self.purchases_per_year.value
        return Inputs.checked(
            model=BusinessModel.PURCHASES,
            price=self.price.value,
            churn_percent=self.churn_percent.value,
            margin_percent=margin_percent,
            cac=cac,
            purchases_per_year=per_year if per_year is not None else purchases_per_year,
        )


@dataclass(frozen=True, slots=True)
class Analysis:
    """Every figure of one orders export; numbers, months and column names only."""

    kind: TableKind
    columns: tuple[tuple[Field, str], ...]
    """The header each field was read from."""
    doubts: tuple[Doubt, ...]
    as_of: date
    first_purchase: date
    last_purchase: date
    currency: str
    """ISO code of the money (``RUB`` when the file does not say)."""
    counts: RowCounts
    unknown_statuses: tuple[str, ...]
    """Status names not understood (the most frequent first), for the person to check."""
    buyers: int
    paid_orders: int
    purchases: int
    revenue: float
    average_check: float
    average_order: float
    repeat_buyers: int
    repeat_share: float
    purchases_per_buyer: float
    median_days_between: float | None
    realized_ltv: float
    ltv_at: tuple[HorizonLTV, ...]
    curve: tuple[CurvePoint, ...]
    cohorts: tuple[CohortRow, ...]
    suggested: ImportedInputs


_ANALYSIS_ADAPTER: TypeAdapter[Analysis] = TypeAdapter(Analysis)


def analysis_json(analysis: Analysis) -> dict[str, Any]:
    """The JSON-safe form (dates as ``YYYY-MM-DD``, enums as strings, tuples as lists)."""
    data: dict[str, Any] = _ANALYSIS_ADAPTER.dump_python(analysis, mode="json")
    data["columns"] = dict(data["columns"])
    return data


# --------------------------------------------------------------------------- months


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day if it is shorter)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _whole_months(first: date, later: date) -> int:
    """How many whole months from ``first`` have passed on ``later`` (``later ≥ first``).

    ``later`` is before ``_add_months(first, months)`` exactly when its day is
    smaller than both ``first``'s day and its own month's length (the clipped day).
    """
    months = (later.year - first.year) * 12 + later.month - first.month
    if (
        months > 0
        and later.day < first.day
        and later.day < calendar.monthrange(later.year, later.month)[1]
    ):
        months -= 1
    return months


def _month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(number: int) -> date:
    year, month = divmod(number, 12)
    return date(year, month + 1, 1)


# --------------------------------------------------------------------------- reading rows


def _cached(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``read`` remembering up to :data:`CACHE_LIMIT` answers (a refusal by its type)."""
    memory: dict[Any, tuple[bool, Any]] = {}

    def cached(cell: Any) -> Any:
        known = memory.get(cell)
        if known is None:
            try:
                known = (True, read(cell))
            except ValueError as error:
                known = (False, type(error))
            if len(memory) < CACHE_LIMIT:
                memory[cell] = known
        ok, value = known
        if ok:
            return value
        raise value()

    return cached


_DATE_HEAD: Final = re.compile(r"\d{4}-\d\d-\d\d|\d\d\.\d\d\.\d{4}")


def _day_reader(date1904: bool) -> Callable[[str | float], int]:
    """:func:`day_of` cached on the date part of the usual shapes (the time varies).

    A spreadsheet's day number is cached on its whole part, a text on its first
    ten characters when they are ``YYYY-MM-DD`` or ``DD.MM.YYYY`` and a time follows.
    """
    whole = _cached(lambda cell: day_of(cell, date1904))
    head = _cached(lambda cell: day_of(cell, date1904))
    fullmatch = _DATE_HEAD.fullmatch

    def read(cell: str | float) -> int:
        if isinstance(cell, float):
            return int(head(float(math.floor(cell)))) if math.isfinite(cell) else int(whole(cell))
        if len(cell) > 10 and cell[10] in " T" and fullmatch(cell[:10]):
            return int(head(cell[:10]))
        return int(whole(cell))

    return read


def _present(cell: Cell) -> TypeGuard[str | float]:
    """A cell with something in it (a cell of spaces is empty)."""
    return cell is not None and cell != "" and (not isinstance(cell, str) or not cell.isspace())


def _shown_statuses(cells: Counter[Cell], limit: int | None = None) -> list[str]:
    """Status names fit to show, the most frequent first.

    A status column set by hand to the wrong column must not leak a customer's
    data: a cell with an ``@`` or five digits is not shown, nor is one longer
    than 40 characters.
    """
    shown: Counter[str] = Counter()
    for cell, rows in cells.items():
        if isinstance(cell, str):
            text = " ".join(cell.split())
            if text and "@" not in text and sum(c.isdigit() for c in text) < 5 and len(text) <= 40:
                shown[text] += rows
    ranked = sorted(shown.items(), key=lambda item: (-item[1], item[0]))
    return [name for name, _ in ranked[:limit]]


_Verdict = str | tuple[str, int, int, str | None] | None
"""A reason to leave a row out, a paid order (buyer key, day, kopecks, currency), or ``None``."""


@dataclass(slots=True)
class _Tally:
    """What the single pass over the rows gathers."""

    purchases: dict[int, dict[int, int]]
    """Buyer number -> day -> kopecks paid that day."""
    paid_orders: int
    currencies: set[str]
    latest_day: int | None
    counts: Counter[str]
    statuses: Counter[Cell]
    """Rows by the status cell as written (to name the statuses when none is paid)."""
    unknown: Counter[Cell]
    """Rows by a status cell not understood."""


def _gather(table: Table, mapping: ColumnMapping, as_of: date | None) -> _Tally:
    """Read every row once; keep per buyer the kopecks paid per day, count the rest.

    The first column of each role (buyer, date, amount) is read for every row;
    the other columns of a role (the e-mail behind the user id, the creation
    date behind the payment date, the price behind the money paid) only for the
    few rows whose first column is empty or unreadable, in a second pass. A
    workbook is then scanned for half the cells.
    """
    found = mapping.as_dict()
    customers = [f for f in CUSTOMER_FIELDS if f in found]
    if len(customers) > 1 and Field.NAME in customers:
        customers.remove(Field.NAME)  # a name only when nothing else tells buyers apart
    dates = [f for f in DATE_FIELDS if f in found]
    amounts = [f for f in AMOUNT_FIELDS if f in found]
    extras = [f for f in (Field.STATUS, Field.CURRENCY) if f in found]
    primary = [customers[0], dates[0], amounts[0], *extras]
    fallback = [*customers[1:], *dates[1:], *amounts[1:]]
    position = {fld: number for number, fld in enumerate([*primary, *fallback])}
    padding: tuple[Cell, ...] = (None,) * len(fallback)

    key_of = {
        Field.USER_ID: ("u", user_id_key),
        Field.EMAIL: ("e", email_key),
        Field.PHONE: ("p", phone_key),
        Field.NAME: ("n", name_key),
    }
    customer_readers = [(position[f], *key_of[f]) for f in customers]
    date_positions = [position[f] for f in dates]
    paid_at = position.get(Field.PAID_AMOUNT)
    price_at = position.get(Field.PRICE)
    status_at = position.get(Field.STATUS)
    currency_at = position.get(Field.CURRENCY)
    header_currencies = {
        fld: header_currency(mapping.headers[found[fld]]) for fld in AMOUNT_FIELDS if fld in found
    }
    more_customers = len(customers) > 1
    more_dates = len(dates) > 1
    more_amounts = len(amounts) > 1

    read_day = _day_reader(table.date1904)
    read_amount = _cached(amount_of)
    read_status = _cached(classify_status)
    read_currency = _cached(currency_code)
    last_day = as_of.toordinal() if as_of is not None else None

    def judge(row: tuple[Cell, ...], final: bool) -> tuple[_Verdict, Status]:
        """What the row is: a paid order, a reason to leave it out, or ``None``: look further."""
        status = Status.PAID
        if status_at is not None:
            cell = row[status_at]
            status = read_status(cell) if isinstance(cell, str) else Status.UNKNOWN
            if status is Status.UNPAID:
                return "not_paid", status

        # The money paid when the file has it; the price only for an order paid in full.
        cell, fld = None, Field.PAID_AMOUNT
        if paid_at is not None and _present(row[paid_at]):
            cell = row[paid_at]
        elif status is Status.PAID and price_at is not None and _present(row[price_at]):
            cell, fld = row[price_at], Field.PRICE
        if cell is None:
            if more_amounts and not final:
                return None, status
            return ("unknown_status" if status is Status.UNKNOWN else "no_amount"), status
        try:
            amount, currency = read_amount(cell)
        except NegativeAmount:
            return "refunds", status
        except ValueError:
            return "no_amount", status
        if amount == 0:
            return ("unknown_status" if status is Status.UNKNOWN else "free"), status
        currency = currency or header_currencies[fld]

        day = None
        for at in date_positions:
            cell = row[at]
            if _present(cell):
                try:
                    day = read_day(cell)
                    break
                except ValueError:
                    continue
        if day is None:
            return (None if more_dates and not final else "no_date"), status
        if last_day is not None and day > last_day:
            return "after_as_of", status

        key = None
        for at, prefix, read_key in customer_readers:
            cell = row[at]
            if _present(cell):
                value = read_key(cell)
                if value is not None:
                    key = prefix + value
                    break
        if key is None:
            return (None if more_customers and not final else "no_customer"), status

        if currency_at is not None and _present(row[currency_at]):
            currency = read_currency(str(row[currency_at]).strip()) or currency
        return (key, day, amount, currency), status

    numbers: dict[str, int] = {}
    purchases: dict[int, dict[int, int]] = {}
    counts: Counter[str] = Counter()
    statuses: Counter[Cell] = Counter()
    unknown: Counter[Cell] = Counter()
    currencies: set[str] = set()
    paid_orders = 0
    latest: int | None = None

    def take(row: tuple[Cell, ...], final: bool) -> bool:
        """Count the row, or keep the order it is; ``False``: its other columns are needed."""
        nonlocal paid_orders, latest
        verdict, status = judge(row, final)
        if verdict is None:
            return False
        counts["rows"] += 1
        if status_at is not None:
            statuses[row[status_at]] += 1
            if status is Status.UNKNOWN:
                unknown[row[status_at]] += 1
        if isinstance(verdict, str):
            counts[verdict] += 1
            return True
        key, day, amount, currency = verdict
        if currency is not None:
            currencies.add(currency)
        number = numbers.setdefault(key, len(numbers))
        days = purchases.get(number)
        if days is None:
            purchases[number] = {day: amount}
        else:
            days[day] = days.get(day, 0) + amount
        paid_orders += 1
        if latest is None or day > latest:
            latest = day
        return True

    deferred: dict[int, tuple[Cell, ...]] = {}
    final = not fallback
    for number, row in table.numbered([found[f] for f in primary]):
        if any(row) and not take(row + padding, final):
            deferred[number] = row  # a blank row (nothing where the fields are) is skipped
    if deferred:
        for number, more in table.numbered([found[f] for f in fallback], only=deferred):
            take(deferred.pop(number) + more, True)
        for row in deferred.values():  # nothing in the other columns either
            take(row + padding, True)

    return _Tally(purchases, paid_orders, currencies, latest, counts, statuses, unknown)


# --------------------------------------------------------------------------- figures


def _ratio(numerator: int, denominator: int) -> float:
    """One correctly rounded division of two whole numbers."""
    return numerator / denominator


def _money(kopecks: int, per: int = 1) -> float:
    """Kopecks per ``per`` as roubles, one correctly rounded division."""
    return kopecks / (100 * per)


def _clamped(value: float, low: float, high: float) -> tuple[float, bool]:
    bounded = min(max(value, low), high)
    return bounded, bounded != value


def analyse(
    table: Table, mapping: ColumnMapping | None = None, as_of: date | None = None
) -> Analysis:
    """Every figure of the paid orders in ``table`` (read with ``mapping``, the guess by default).

    ``as_of`` is the day the export describes (orders after it are left out);
    by default the day of the latest paid order. Raises :class:`OrdersError`: a
    missing column, ``EMPTY``, ``NO_PAID_ORDERS``, ``MIXED_CURRENCIES``, and
    ``TOO_LARGE`` past the row limit.
    """
    mapping = table.mapping if mapping is None else mapping
    mapping.check()
    tally = _gather(table, mapping, as_of)
    counts = tally.counts
    if counts["rows"] == 0:
        raise OrdersError(OrdersErrorCode.EMPTY)
    if not tally.purchases:
        statuses = quoted_list(_shown_statuses(tally.statuses))
        raise OrdersError(
            OrdersErrorCode.NO_PAID_ORDERS,
            rows=str(counts["rows"]),
            statuses=statuses or "—",
        )
    if len(tally.currencies) > 1:
        raise OrdersError(
            OrdersErrorCode.MIXED_CURRENCIES, currencies=", ".join(sorted(tally.currencies))
        )
    assert tally.latest_day is not None  # a paid order has a day
    end = as_of if as_of is not None else date.fromordinal(tally.latest_day)
    figures = _figures(tally.purchases, end)
    found = mapping.as_dict()
    return Analysis(
        kind=table.kind,
        columns=tuple((fld, mapping.headers[index]) for fld, index in found.items()),
        doubts=mapping.doubts,
        as_of=end,
        currency=next(iter(tally.currencies), "RUB"),
        counts=RowCounts(
            rows=counts["rows"],
            paid=tally.paid_orders,
            not_paid=counts["not_paid"],
            unknown_status=counts["unknown_status"],
            free=counts["free"],
            refunds=counts["refunds"],
            no_customer=counts["no_customer"],
            no_date=counts["no_date"],
            no_amount=counts["no_amount"],
            after_as_of=counts["after_as_of"],
        ),
        unknown_statuses=tuple(_shown_statuses(tally.unknown, STATUSES_SHOWN)),
        paid_orders=tally.paid_orders,
        average_order=_money(figures.revenue, tally.paid_orders),
        **figures.fields(),
    )


@dataclass(slots=True)
class _Figures:
    """The figures that depend on the purchases only."""

    revenue: int
    buyers: int
    purchases: int
    repeat_buyers: int
    first: date
    last: date
    gaps: list[int]
    horizons: tuple[HorizonLTV, ...]
    curve: tuple[CurvePoint, ...]
    cohorts: tuple[CohortRow, ...]
    suggested: ImportedInputs

    def fields(self) -> dict[str, Any]:
        median = statistics.median(self.gaps) if self.gaps else None
        return {
            "first_purchase": self.first,
            "last_purchase": self.last,
            "buyers": self.buyers,
            "purchases": self.purchases,
            "revenue": _money(self.revenue),
            "average_check": _money(self.revenue, self.purchases),
            "repeat_buyers": self.repeat_buyers,
            "repeat_share": _ratio(self.repeat_buyers, self.buyers),
            "purchases_per_buyer": _ratio(self.purchases, self.buyers),
            "median_days_between": None if median is None else float(median),
            "realized_ltv": _money(self.revenue, self.buyers),
            "ltv_at": self.horizons,
            "curve": self.curve,
            "cohorts": self.cohorts,
            "suggested": self.suggested,
        }


def _figures(purchases: dict[int, dict[int, int]], as_of: date) -> _Figures:
    """Buyers, purchases, intervals, realized LTV by month, the cohort triangle, the inputs."""
    day_after = as_of + timedelta(days=1)
    as_of_month = _month_number(as_of)
    last_complete_month = as_of_month if day_after.day == 1 else as_of_month - 1
    mature_before = as_of.toordinal() - MATURE_DAYS

    revenue = buyers = purchase_count = repeat_buyers = 0
    mature = mature_repeat = 0
    first_day = last_day = None
    gaps: list[int] = []
    # Realized revenue by months since the first purchase, as difference arrays over m.
    horizon = CURVE_MAX_MONTHS + 2
    money_steps = [0] * horizon
    buyer_steps = [0] * horizon
    longest = 0
    # Cohorts: month number -> buyers; (month, k) -> kopecks, buyers who came back.
    cohort_buyers: Counter[int] = Counter()
    cohort_money: Counter[tuple[int, int]] = Counter()
    cohort_back: Counter[tuple[int, int]] = Counter()

    for by_day in purchases.values():
        days = sorted(by_day)
        first = date.fromordinal(days[0])
        buyers += 1
        purchase_count += len(days)
        first_day = days[0] if first_day is None else min(first_day, days[0])
        last_day = days[-1] if last_day is None else max(last_day, days[-1])
        again = len(days) > 1
        repeat_buyers += again
        if days[0] <= mature_before:
            mature += 1
            mature_repeat += again
        gaps.extend(later - earlier for earlier, later in pairwise(days))

        complete = min(_whole_months(first, day_after), CURVE_MAX_MONTHS)
        longest = max(longest, complete)
        if complete >= 1:
            buyer_steps[1] += 1
            buyer_steps[complete + 1] -= 1
        cohort = _month_number(first)
        cohort_buyers[cohort] += 1
        came_back: set[int] = set()
        for day in days:
            kopecks = by_day[day]
            revenue += kopecks
            moment = date.fromordinal(day)
            since = _whole_months(first, moment)
            if since + 1 <= complete:
                money_steps[since + 1] += kopecks
                money_steps[complete + 1] -= kopecks
            k = _month_number(moment) - cohort
            cohort_money[cohort, k] += kopecks
            if day != days[0]:
                came_back.add(k)
        for k in came_back:
            cohort_back[cohort, k] += 1

    assert first_day is not None and last_day is not None
    curve: list[CurvePoint] = []
    money = count = 0
    for month in range(1, longest + 1):
        money += money_steps[month]
        count += buyer_steps[month]
        curve.append(CurvePoint(month, _money(money, count), count))
    horizons = tuple(
        HorizonLTV(h, curve[h - 1].revenue_per_buyer, curve[h - 1].buyers)
        if h <= len(curve)
        else HorizonLTV(h, None, 0)
        for h in HORIZONS
    )

    cohorts = []
    for cohort in sorted(cohort_buyers):
        size = cohort_buyers[cohort]
        cells: list[CohortCell | None] = []
        for k in range(as_of_month - cohort + 1):
            if cohort + k > last_complete_month:
                cells.append(None)
                continue
            cells.append(
                CohortCell(
                    repeat_share=_ratio(cohort_back[cohort, k], size),
                    revenue_per_buyer=_money(cohort_money[cohort, k], size),
                )
            )
        cohorts.append(CohortRow(_month_start(cohort), size, tuple(cells)))

    return _Figures(
        revenue=revenue,
        buyers=buyers,
        purchases=purchase_count,
        repeat_buyers=repeat_buyers,
        first=date.fromordinal(first_day),
        last=date.fromordinal(last_day),
        gaps=gaps,
        horizons=horizons,
        curve=tuple(curve),
        cohorts=tuple(cohorts),
        suggested=_suggested(
            revenue, purchase_count, gaps, (mature, mature_repeat), (buyers, repeat_buyers)
        ),
    )


def _suggested(
    revenue: int,
    purchases: int,
    gaps: Iterable[int],
    mature: tuple[int, int],
    everyone: tuple[int, int],
) -> ImportedInputs:
    """The repeat-purchase model's price, frequency and churn from the figures."""
    price, price_clamped = _clamped(_money(revenue, purchases), PRICE_MIN, PRICE_MAX)
    intervals = sorted(gaps)
    if intervals:
        median = statistics.median(intervals)
        per_year, per_year_clamped = _clamped(DAYS_PER_YEAR / median, PER_YEAR_MIN, PER_YEAR_MAX)
        frequency = Suggestion(
            round(per_year, 2), InputSource.MEDIAN_GAP, len(intervals), per_year_clamped
        )
    else:
        frequency = Suggestion(None, InputSource.NO_REPEATS, 0, False)
    if mature[0] >= MATURE_MIN_BUYERS:
        (group, back), source = mature, InputSource.MATURE_BUYERS
    else:
        (group, back), source = everyone, InputSource.ALL_BUYERS
    churn, churn_clamped = _clamped(100 * _ratio(group - back, group), CHURN_MIN, CHURN_MAX)
    return ImportedInputs(
        price=Suggestion(round(price, 2), InputSource.AVERAGE_CHECK, purchases, price_clamped),
        purchases_per_year=frequency,
        churn_percent=Suggestion(round(churn, 2), source, group, churn_clamped),
    )


def import_orders(
    data: bytes,
    filename: str | None = None,
    mapping: ColumnMapping | None = None,
    as_of: date | None = None,
) -> Analysis:
    """:func:`open_table` then :func:`analyse`: a file's bytes to its figures."""
    return analyse(open_table(data, filename), mapping, as_of)
