"""Texts of an orders export: /import, its figures, the columns taken, the prefilled calculation.

File and column names are the person's own text: escaped here before they reach a message.
What the session keeps of a file (:func:`summary_of`, :func:`suggested_of`) is numbers only.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final

from bot.session import OrdersFile
from core import formatting
from core.orders import Analysis, ColumnMapping, DoubtKind, Field, InputSource
from l10n import Texts

NAME_MAX_CHARS: Final = 40
"""A file or column name is cut to this many characters in a message."""
DAY: Final = "%d.%m.%Y"
SIGNS: Final = {"RUB": "₽", "USD": "$", "EUR": "€", "KZT": "₸", "UAH": "₴", "GBP": "£"}
INPUTS: Final = ("price", "purchases_per_year", "churn_percent")
"""The repeat-purchase model's inputs a file gives, as ``core.models.Inputs`` names."""

SHAPE_DOUBTS: Final = {
    DoubtKind.NO_STATUS: Field.STATUS,
    DoubtKind.LIST_PRICE: Field.PAID_AMOUNT,
    DoubtKind.NAME_ONLY: Field.EMAIL,
}
"""A doubt about the table's shape, and the field whose column would settle it."""


def shown_name(name: str, limit: int = NAME_MAX_CHARS) -> str:
    """A file or column name (or a cell's value) fit for a message: one line, cut, escaped."""
    text = " ".join(name.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return html.escape(text)


def field_label(texts: Texts, field: Field) -> str:
    """``дата оплаты``: what a column holds, in words."""
    return texts.msg(f"orders-field-{field.value.replace('_', '-')}")


def money(value: float, currency: str) -> str:
    """``9 536 ₽``; another currency by its sign or code."""
    if currency == "RUB":
        return formatting.money(value)
    return f"{formatting.group(value)}{formatting.NBSP}{SIGNS.get(currency, currency)}"


def days(texts: Texts, value: float) -> str:
    """``90 дней``, ``21 день``, ``3,5 дня``."""
    shown = round(value, 1)
    return texts.msg("orders-days", count=shown, value=formatting.number(shown))


def _day(iso: date) -> str:
    return iso.strftime(DAY)


# --------------------------------------------------------------------------- kept in the session


def summary_of(analysis: Analysis) -> dict[str, Any]:
    """The few figures the session keeps of a file (JSON-safe, no customer data)."""
    return {
        "buyers": analysis.buyers,
        "purchases": analysis.purchases,
        "revenue": analysis.revenue,
        "currency": analysis.currency,
        "median_days": analysis.median_days_between,
        "as_of": analysis.as_of.isoformat(),
    }


def suggested_of(analysis: Analysis) -> dict[str, dict[str, Any]]:
    """The model's inputs the file gives: value, where it came from, over how many, clamped."""
    suggested = analysis.suggested
    return {
        name: {
            "value": item.value,
            "source": item.source.value,
            "basis": item.basis,
            "clamped": item.clamped,
        }
        for name, item in zip(
            INPUTS,
            (suggested.price, suggested.purchases_per_year, suggested.churn_percent),
            strict=True,
        )
    }


# --------------------------------------------------------------------------- the figures


def figures_text(texts: Texts, analysis: Analysis, file_name: str) -> str:
    """Every figure of a file, the columns taken when unsure, and what was kept of it."""
    cur = analysis.currency
    gap = analysis.median_days_between
    lines = [
        texts.msg("orders-title", file=shown_name(file_name)),
        texts.msg(
            "orders-period",
            first=_day(analysis.first_purchase),
            last=_day(analysis.last_purchase),
            paid=formatting.group(analysis.counts.paid),
            rows=formatting.group(analysis.counts.rows),
        ),
        "",
        texts.msg("orders-buyers", value=formatting.group(analysis.buyers)),
        texts.msg("orders-paid", value=formatting.group(analysis.paid_orders)),
        texts.msg("orders-revenue", value=money(analysis.revenue, cur)),
        texts.msg("orders-check", value=money(analysis.average_check, cur)),
        texts.msg("orders-repeat", value=formatting.percent(100 * analysis.repeat_share)),
        texts.msg("orders-per-buyer", value=formatting.group(analysis.purchases_per_buyer, 1)),
        (
            texts.msg("orders-gap-none")
            if gap is None
            else texts.msg("orders-gap", days=days(texts, gap))
        ),
        "",
        texts.msg("orders-ltv", value=money(analysis.realized_ltv, cur)),
    ]
    for horizon in analysis.ltv_at:
        if horizon.value is None:
            lines.append(texts.msg("orders-ltv-at-none", months=horizon.months))
        else:
            value = money(horizon.value, cur)
            lines.append(
                texts.msg(
                    "orders-ltv-at", months=horizon.months, value=value, buyers=horizon.buyers
                )
            )
    lines += ["", texts.msg("orders-pictures")]
    text = "\n".join(lines)
    if analysis.doubts:
        text += "\n\n" + mapping_text(texts, analysis)
    return f"{text}\n\n{texts.msg('orders-privacy')}"


def mapping_text(texts: Texts, analysis: Analysis) -> str:
    """The columns taken, the doubtful ones marked, and how to correct them."""
    why = {
        doubt.field: texts.msg(f"orders-doubt-{doubt.kind.value.replace('_', '-')}")
        for doubt in analysis.doubts
        if doubt.field is not None
    }
    lines = [texts.msg("orders-mapping-title")]
    for field, header in analysis.columns:
        label, shown = field_label(texts, field), shown_name(header)
        if field in why:
            lines.append(
                texts.msg("orders-mapping-doubt", field=label, header=shown, why=why[field])
            )
        else:
            lines.append(texts.msg("orders-mapping-line", field=label, header=shown))
    lines += [
        texts.msg(f"orders-doubt-{doubt.kind.value.replace('_', '-')}")
        for doubt in analysis.doubts
        if doubt.field is None
    ]
    lines.append(texts.msg("orders-mapping-fix"))
    return "\n".join(lines)


def fields_to_fix(mapping: ColumnMapping) -> list[Field]:
    """The fields the person may want to point at another column, in :class:`Field` order."""
    fields = {d.field if d.field is not None else SHAPE_DOUBTS[d.kind] for d in mapping.doubts}
    return [field for field in Field if field in fields]


def choose_column_text(texts: Texts, field: Field, headers: Sequence[str], now: int | None) -> str:
    """«Какой столбец — дата оплаты? Сейчас: «Дата оплаты»»."""
    shown = texts.msg("orders-choose-none") if now is None else f"«{shown_name(headers[now])}»"
    return texts.msg("orders-choose-column", field=field_label(texts, field), now=shown)


SAMPLE_CHARS: Final = 24
"""A sample value of a column is cut to this many characters."""


def missing_column_text(
    texts: Texts,
    file_name: str,
    field: Field,
    headers: Sequence[str],
    samples: Sequence[Sequence[str]],
    shown: Sequence[int],
) -> str:
    """What column was not found, and the columns ``shown`` as buttons, numbered as they
    are, each with a few of its values (the person's data: cut and escaped)."""
    lines = []
    for index in shown:
        values = samples[index] if index < len(samples) else ()
        lines.append(
            texts.msg(
                "orders-pick-sample",
                number=index + 1,
                header=shown_name(headers[index]),
                values=(
                    " · ".join(shown_name(value, SAMPLE_CHARS) for value in values)
                    if values
                    else texts.msg("orders-pick-sample-blank")
                ),
            )
        )
    return texts.msg(
        "orders-pick-column",
        what=texts.msg(f"orders-pick-{field.value.replace('_', '-')}"),
        file=shown_name(file_name),
        columns="\n".join(lines),
    )


# --------------------------------------------------------------------------- the calculation


def _source_line(
    texts: Texts, name: str, item: Mapping[str, Any], summary: Mapping[str, Any]
) -> str:
    value, basis = item.get("value"), int(item.get("basis", 0))
    if name == "purchases_per_year" and value is None:
        return texts.msg("orders-from-per-year-none")
    number = float(value or 0)
    if name == "price":
        line = texts.msg(
            "orders-from-price",
            value=formatting.money(number),
            revenue=money(float(summary.get("revenue", 0)), str(summary.get("currency", "RUB"))),
            basis=basis,
        )
    elif name == "purchases_per_year":
        gap = summary.get("median_days")
        line = texts.msg(
            "orders-from-per-year",
            value=formatting.number(number),
            days=days(texts, float(gap) if gap is not None else 365 / number),
            basis=basis,
        )
    else:
        key = (
            "orders-from-churn-mature"
            if item.get("source") == InputSource.MATURE_BUYERS.value
            else "orders-from-churn-all"
        )
        line = texts.msg(key, value=formatting.percent(number), basis=basis)
    if item.get("clamped"):
        line += " " + texts.msg("orders-clamped")
    return line


def calculation_intro(texts: Texts, orders: OrdersFile) -> str:
    """What the calculation takes from the file, each with where it came from; what is left."""
    lines = "\n".join(
        _source_line(texts, name, orders.suggested.get(name, {}), orders.summary)
        for name in INPUTS
    )
    parts = [texts.msg("orders-calc-intro", file=shown_name(orders.name), lines=lines)]
    currency = str(orders.summary.get("currency", "RUB"))
    if currency != "RUB":
        parts.append(texts.msg("orders-calc-currency", currency=html.escape(currency)))
    per_year = orders.suggested.get("purchases_per_year", {}).get("value")
    parts.append(
        texts.msg("orders-calc-rest" if per_year is not None else "orders-calc-rest-per-year")
    )
    return "\n\n".join(parts)


def prefilled_answers(orders: OrdersFile) -> dict[str, float | str | None]:
    """The dialog's answers the file gives: the model, the price, the frequency, the churn."""
    answers: dict[str, float | str | None] = {"model": "purchases"}
    for name in INPUTS:
        value = orders.suggested.get(name, {}).get("value")
        if value is not None:
            answers[name] = float(value)
    return answers
