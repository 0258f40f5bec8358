"""Which column holds what: found by the column's name, never by its position.

A GetCourse export puts the school's custom fields in the middle of the
table and other platforms name their columns differently, so every column is
recognised by its header through :data:`SYNONYMS`. A header is normalised
first (case, ``ё``, spaces, quotes, a trailing ``*`` or ``:``) and a currency
written after a comma or in brackets is set aside (``Стоимость, RUB`` is
``стоимость`` in roubles).

A header equal to a synonym is a sure match; one that only starts or ends
with a synonym (``E-mail покупателя``) is a partial match, taken only when no
column matches exactly and flagged as a :class:`Doubt`. Words that name
someone else (``Телефон менеджера``, ``Дата рождения``) never match partly.
When several columns match equally well the first is taken, with a doubt.

:class:`ColumnMapping` is what was taken, with its doubts; the person can
correct any field (:meth:`ColumnMapping.with_column`) and the bot can keep
those corrections as JSON (:meth:`ColumnMapping.to_json`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from core.orders.errors import OrdersError, OrdersErrorCode, quoted_list
from core.orders.values import currency_code

__all__ = [
    "AMOUNT_FIELDS",
    "CUSTOMER_FIELDS",
    "DATE_FIELDS",
    "REQUIRED",
    "SYNONYMS",
    "ColumnMapping",
    "Doubt",
    "DoubtKind",
    "Field",
    "guess_mapping",
    "header_currency",
    "normalise_header",
]


class Field(StrEnum):
    """What a column can hold; the order is the order of preference within each group."""

    USER_ID = "user_id"
    EMAIL = "email"
    PHONE = "phone"
    NAME = "name"
    PAYMENT_DATE = "payment_date"
    CREATED_DATE = "created_date"
    PAID_AMOUNT = "paid_amount"
    PRICE = "price"
    STATUS = "status"
    CURRENCY = "currency"


CUSTOMER_FIELDS: Final = (Field.USER_ID, Field.EMAIL, Field.PHONE, Field.NAME)
"""One buyer is one person: the user id, else the e-mail, else the phone, else the name."""
DATE_FIELDS: Final = (Field.PAYMENT_DATE, Field.CREATED_DATE)
"""The payment date, else the date the order was made."""
AMOUNT_FIELDS: Final = (Field.PAID_AMOUNT, Field.PRICE)
"""The money paid, else the price (which counts only for an order paid in full)."""
REQUIRED: Final = (
    (CUSTOMER_FIELDS, OrdersErrorCode.NO_CUSTOMER_COLUMN),
    (DATE_FIELDS, OrdersErrorCode.NO_DATE_COLUMN),
    (AMOUNT_FIELDS, OrdersErrorCode.NO_AMOUNT_COLUMN),
)
"""The groups a table must have a column of, and the refusal when one has none."""

SYNONYMS: Final[Mapping[Field, tuple[str, ...]]] = {
    Field.USER_ID: (
        "id пользователя",
        "id клиента",
        "id покупателя",
        "id ученика",
        "id контакта",
        "ид пользователя",
        "идентификатор пользователя",
        "идентификатор клиента",
        "user id",
        "user_id",
        "userid",
        "customer id",
        "customer_id",
        "client id",
        "client_id",
        "contact id",
    ),
    Field.EMAIL: (
        "email",
        "e-mail",
        "e mail",
        "емейл",
        "имейл",
        "эл. почта",
        "эл.почта",
        "электронная почта",
        "почта",
        "адрес электронной почты",
        "email пользователя",
        "email клиента",
        "email покупателя",
        "e-mail покупателя",
        "e-mail клиента",
        "mail",
        "customer email",
        "buyer email",
    ),
    Field.PHONE: (
        "телефон",
        "номер телефона",
        "телефон пользователя",
        "телефон клиента",
        "телефон покупателя",
        "мобильный телефон",
        "мобильный",
        "тел.",
        "тел",
        "phone",
        "phone number",
        "customer phone",
    ),
    Field.NAME: (
        "пользователь",
        "покупатель",
        "клиент",
        "фио",
        "имя",
        "имя пользователя",
        "имя клиента",
        "имя покупателя",
        "ученик",
        "контакт",
        "name",
        "customer",
        "customer name",
        "client",
        "buyer",
    ),
    Field.PAYMENT_DATE: (
        "дата оплаты",
        "дата и время оплаты",
        "дата платежа",
        "дата покупки",
        "время оплаты",
        "оплачен в",
        "paid at",
        "payment date",
        "date paid",
        "paid date",
    ),
    Field.CREATED_DATE: (
        "дата создания",
        "дата заказа",
        "дата создания заказа",
        "дата",
        "дата и время",
        "создан",
        "создано",
        "date",
        "created",
        "created at",
        "order date",
        "datetime",
    ),
    Field.PAID_AMOUNT: (
        "оплачено",
        "сумма оплаты",
        "оплаченная сумма",
        "сумма платежа",
        "оплата",
        "сумма",
        "итого",
        "итоговая сумма",
        "сумма заказа",
        "заработано",
        "получено",
        "выручка",
        "paid",
        "amount paid",
        "paid amount",
        "payment amount",
        "amount",
        "total",
        "sum",
        "revenue",
    ),
    Field.PRICE: (
        "стоимость",
        "цена",
        "стоимость заказа",
        "полная стоимость",
        "сумма к оплате",
        "price",
        "cost",
    ),
    Field.STATUS: (
        "статус",
        "статус заказа",
        "статус оплаты",
        "статус платежа",
        "состояние",
        "состояние оплаты",
        "status",
        "order status",
        "payment status",
    ),
    Field.CURRENCY: ("валюта", "валюта заказа", "валюта платежа", "currency"),
}
"""Normalised header names of each field, most likely first."""

FOREIGN_WORDS: Final = frozenset(
    {
        "менеджер",
        "менеджера",
        "партнер",
        "партнера",
        "куратор",
        "куратора",
        "рождения",
        "реферер",
        "реферала",
        "комиссия",
        "комиссии",
        "налог",
        "осталось",
        "возврат",
        "возврата",
        "скидка",
        "скидки",
        "промокод",
        "manager",
        "partner",
        "birth",
        "discount",
        "fee",
        "commission",
        "utm",
    }
)
"""Words that, in a partly matching header, name someone or something else."""

_EXACT: Final[dict[str, tuple[Field, int]]] = {
    synonym: (fld, rank)
    for fld, synonyms in SYNONYMS.items()
    for rank, synonym in enumerate(synonyms)
}
PARTIAL_MAX_CHARS: Final = 60
"""A longer header is not matched partly (it is some text, not a column name)."""
_PARTIAL_RANK: Final = 1000
"""Added to the rank of a partial match: any exact match is better."""

_CURRENCY_SUFFIX: Final = re.compile(r"^(.*?)\s*(?:,\s*|\(\s*|\[\s*)([^,()\[\]]+?)\s*[)\]]?$")
_NOISE: Final = str.maketrans({"ё": "е", "\u00a0": " ", "\ufeff": None, "\u200b": None})


def _clean(text: str) -> str:
    cleaned = text.lower().translate(_NOISE)
    return " ".join(cleaned.split()).strip(" \"'«»*:")


def normalise_header(header: str) -> tuple[str, str | None]:
    """``(name, currency)`` of a header: ``"Стоимость, RUB"`` -> ``("стоимость", "RUB")``."""
    text = _clean(header)
    match = _CURRENCY_SUFFIX.match(text)
    if match is not None:
        code = currency_code(match.group(2))
        if code is not None:
            return _clean(match.group(1)), code
    return text, None


def header_currency(header: str) -> str | None:
    """The currency named in a header (``Оплачено, RUB``), if any."""
    return normalise_header(header)[1]


def _match(header: str) -> tuple[Field, int] | None:
    """The field a header names and its rank (lower is surer), or ``None``."""
    name, _ = normalise_header(header)
    if not name:
        return None
    exact = _EXACT.get(name)
    if exact is not None:
        return exact
    if " " not in name or len(name) > PARTIAL_MAX_CHARS:
        return None  # a partial match is a synonym and another word (not an e-mail, not a text)
    words = set(re.split(r"[\s,.;:()\[\]/_-]+", name))
    if words & FOREIGN_WORDS:
        return None
    best: tuple[int, Field, int] | None = None
    for synonym, (fld, rank) in _EXACT.items():
        if len(synonym) < 4 and not synonym.isascii():
            continue  # «тел» would match too much
        if name.startswith(synonym + " ") or name.endswith(" " + synonym):
            candidate = (-len(synonym), fld, rank)
            if best is None or candidate[0] < best[0]:
                best = candidate
    if best is None:
        return None
    return best[1], _PARTIAL_RANK + best[2]


class DoubtKind(StrEnum):
    """Why the mapping the reader took may be wrong (the bot then shows it for correction)."""

    PARTIAL_NAME = "partial_name"
    """The field's column was found by a partial name (``E-mail покупателя``)."""
    SEVERAL = "several"
    """Several columns fit the field equally; the first was taken."""
    NO_STATUS = "no_status"
    """No status column: every row with money is counted as a paid order."""
    LIST_PRICE = "list_price"
    """No column of the money paid: the price counts, for orders paid in full only."""
    NAME_ONLY = "name_only"
    """Buyers are told apart by their names only (no user id, e-mail or phone)."""


@dataclass(frozen=True, slots=True)
class Doubt:
    """One reason to show the mapping to the person; ``field`` when it is about one field."""

    kind: DoubtKind
    field: Field | None = None


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """The column (0-based index into ``headers``) of each field found, with the doubts.

    ``chosen`` are the fields the person set by hand: no doubt is raised about
    them. Build one with :func:`guess_mapping`, correct it with
    :meth:`with_column`.
    """

    headers: tuple[str, ...]
    columns: tuple[tuple[Field, int], ...]
    doubts: tuple[Doubt, ...] = ()
    chosen: frozenset[Field] = field(default_factory=frozenset)

    @property
    def uncertain(self) -> bool:
        """True when the person should see the mapping and may want to correct it."""
        return bool(self.doubts)

    def as_dict(self) -> dict[Field, int]:
        """Field -> column index, for the fields found."""
        return dict(self.columns)

    def index(self, fld: Field) -> int | None:
        """The column of ``fld``, or ``None``."""
        return self.as_dict().get(fld)

    def header(self, fld: Field) -> str | None:
        """The header of ``fld``'s column as written in the file, or ``None``."""
        index = self.index(fld)
        return None if index is None else self.headers[index]

    def with_column(self, fld: Field, index: int | None) -> ColumnMapping:
        """The same mapping with ``fld`` read from column ``index`` (``None``: not read at all).

        The column stops serving any other field (one column, one meaning).
        """
        if index is not None and not 0 <= index < len(self.headers):
            raise ValueError(f"no column {index} among {len(self.headers)}")
        columns = {f: i for f, i in self.columns if f is not fld and i != index}
        if index is not None:
            columns[fld] = index
        kept = tuple(
            doubt
            for doubt in self.doubts
            if doubt.field is not None and doubt.field is not fld and doubt.field in columns
        )
        return _mapping(self.headers, columns, kept, self.chosen | {fld})

    def candidates(self, fld: Field) -> tuple[int, ...]:
        """Columns whose name fits ``fld`` at all, surest first (for the correction buttons)."""
        ranked = []
        for index, header in enumerate(self.headers):
            match = _match(header)
            if match is not None and match[0] is fld:
                ranked.append((match[1], index))
        return tuple(index for _, index in sorted(ranked))

    def missing(self) -> Field | None:
        """The field to pick a column for when a buyer, a date or an amount column was not
        found (the first such group), or ``None``.

        It is the first field of its group: a column picked for the buyer is read as a
        user id (as written), for the date as the payment date, for the amount as the
        money paid.
        """
        found = self.as_dict()
        for group, _ in REQUIRED:
            if not any(f in found for f in group):
                return group[0]
        return None

    def check(self) -> None:
        """Raise :class:`OrdersError` when a buyer, a date or an amount column is missing."""
        missing = self.missing()
        if missing is not None:
            [code] = [code for group, code in REQUIRED if missing in group]
            columns = quoted_list(h for h in self.headers if h.strip())
            raise OrdersError(code, columns=columns or "—")

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe form: the headers and the person's own choices."""
        found = self.as_dict()
        return {
            "headers": list(self.headers),
            "chosen": {f.value: found.get(f) for f in Field if f in self.chosen},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ColumnMapping:
        """The mapping :meth:`to_json` saved: guessed again, then the choices applied."""
        mapping = guess_mapping([str(h) for h in data["headers"]])
        for name, index in dict(data.get("chosen", {})).items():
            mapping = mapping.with_column(Field(name), None if index is None else int(index))
        return mapping


def _mapping(
    headers: tuple[str, ...],
    columns: Mapping[Field, int],
    doubts: tuple[Doubt, ...],
    chosen: frozenset[Field],
) -> ColumnMapping:
    """A mapping with its fields in :class:`Field` order and the doubts about its shape."""
    ordered = tuple((f, columns[f]) for f in Field if f in columns)
    shape: list[Doubt] = []
    if Field.STATUS not in columns:
        shape.append(Doubt(DoubtKind.NO_STATUS))
    if Field.PRICE in columns and Field.PAID_AMOUNT not in columns:
        shape.append(Doubt(DoubtKind.LIST_PRICE))
    if Field.NAME in columns and not any(f in columns for f in CUSTOMER_FIELDS[:3]):
        shape.append(Doubt(DoubtKind.NAME_ONLY))
    kept = tuple(d for d in doubts if d.field is None or d.field not in chosen)
    found = tuple(d for d in kept if d.field is not None)
    return ColumnMapping(headers, ordered, (*found, *shape), chosen)


def guess_mapping(headers: Sequence[str]) -> ColumnMapping:
    """The columns of each field, by name, with the doubts about the guess."""
    best: dict[Field, list[tuple[int, int]]] = {}
    for index, header in enumerate(headers):
        match = _match(header)
        if match is not None:
            best.setdefault(match[0], []).append((match[1], index))
    columns: dict[Field, int] = {}
    doubts: list[Doubt] = []
    for fld in Field:
        ranked = sorted(best.get(fld, []))
        if not ranked:
            continue
        rank, index = ranked[0]
        columns[fld] = index
        if rank >= _PARTIAL_RANK:
            doubts.append(Doubt(DoubtKind.PARTIAL_NAME, fld))
        if len(ranked) > 1 and ranked[1][0] == rank:
            doubts.append(Doubt(DoubtKind.SEVERAL, fld))
    return _mapping(tuple(headers), columns, tuple(doubts), frozenset())


def recognised(headers: Sequence[str]) -> int:
    """How many different fields these headers name (to find the header row)."""
    return len({m[0] for m in map(_match, headers) if m is not None})
