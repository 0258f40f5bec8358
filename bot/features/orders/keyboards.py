"""Keyboards of an orders export: under its figures, and the columns to pick for a field."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Final

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.features.orders.callbacks import NO_COLUMN, OrdersAction, OrdersCb
from bot.features.orders.views import field_label
from bot.ui.keyboards import button, markup
from core.orders import Field, guess_mapping
from l10n import Texts

MAX_COLUMNS: Final = 24
"""Columns offered for one field at most: the fitting ones first, then the others."""
LABEL_CHARS: Final = 30


def figures_keyboard(texts: Texts, ref: int, fix: Sequence[Field]) -> InlineKeyboardMarkup:
    """«Рассчитать по этим данным», and a «✏️ …» per field whose column is in doubt."""
    fixes = [
        button(
            texts.msg("btn-orders-fix", field=field_label(texts, field)),
            OrdersCb(action=OrdersAction.FIELD, ref=ref, field=field.value),
        )
        for field in fix
    ]
    calculate = button(
        texts.msg("btn-orders-calc"), OrdersCb(action=OrdersAction.CALCULATE, ref=ref)
    )
    return markup([[calculate], *(fixes[i : i + 2] for i in range(0, len(fixes), 2))])


def column_choices(
    headers: Sequence[str], field: Field, now: int | None, taken: Collection[int] = ()
) -> list[int]:
    """Columns to offer for ``field``: those whose name fits it, then the others, those no
    other field is read from (not ``taken``) first; not ``now``."""
    fitting = guess_mapping(headers).candidates(field)
    others = [i for i, header in enumerate(headers) if header.strip() and i not in fitting]
    others.sort(key=lambda index: index in taken)
    return [i for i in (*fitting, *others) if i != now][:MAX_COLUMNS]


def _label(index: int, header: str) -> str:
    """``3. Email``: the column's place first, as two columns may share a name."""
    text = " ".join(header.split())
    text = text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"
    return f"{index + 1}. {text}"


def columns_keyboard(
    texts: Texts,
    ref: int,
    field: Field,
    headers: Sequence[str],
    choices: Sequence[int],
    now: int | None,
) -> InlineKeyboardMarkup:
    """A button per column of ``choices`` for ``field``, and «Не учитывать» when it has one."""
    picks = [
        button(
            _label(index, headers[index]),
            OrdersCb(action=OrdersAction.COLUMN, ref=ref, field=field.value, column=index),
        )
        for index in choices
    ]
    rows: list[list[InlineKeyboardButton]] = [picks[i : i + 2] for i in range(0, len(picks), 2)]
    if now is not None:
        none = OrdersCb(action=OrdersAction.COLUMN, ref=ref, field=field.value, column=NO_COLUMN)
        rows.append([button(texts.msg("btn-orders-no-column"), none)])
    return markup(rows)
