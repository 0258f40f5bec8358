"""Texts of the dialog: labels, echoed answers, the review screen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.features.dialog.steps import model_of
from core import formatting
from core.models import (
    BusinessModel,
    Field,
)
from l10n import Texts

SUB = BusinessModel.SUBSCRIPTION


LABEL_KEYS = {
    (Field.MODEL, None): "label-model",
    (Field.PRICE, SUB): "label-price-subscription",
    (Field.PRICE, None): "label-price-purchases",
    (Field.PER_YEAR, None): "label-per-year",
    (Field.CHURN, SUB): "label-churn-subscription",
    (Field.CHURN, None): "label-churn-purchases",
    (Field.MARGIN, None): "label-margin",
    (Field.CAC, None): "label-cac",
}


def months(texts: Texts, value: float) -> str:
    """``12,5 месяца``, ``21 месяц``: a number of months with its plural form."""
    shown = round(value, 1)
    return texts.msg("months", count=shown, value=formatting.number(shown))


def capital(text: str) -> str:
    """``Отток`` for ``отток``: a button's label starts with a capital letter."""
    return text[:1].upper() + text[1:]


def label(texts: Texts, field: Field, model: BusinessModel | None) -> str:
    """The short name of an answer, phrased for the business model."""
    key = LABEL_KEYS.get((field, model)) or LABEL_KEYS[(field, None)]
    return texts.msg(key)


def answer_value(texts: Texts, field: Field, answers: Mapping[str, Any]) -> str:
    """An answer as understood: ``3 000 ₽ в месяц``, ``70 % клиентов``, ``раз в квартал``."""
    model = model_of(answers)
    value = answers.get(field.value)
    if field is Field.MODEL:
        key = "value-model-subscription" if model is SUB else "value-model-purchases"
        return texts.msg(key)
    if field is Field.MARGIN and value is None:
        return texts.msg("value-margin-skipped")
    number = float(value) if value is not None else 0.0
    if field is Field.PRICE:
        shown = formatting.money(number)
        return texts.msg("value-price-subscription", value=shown) if model is SUB else shown
    if field is Field.PER_YEAR:
        shown = formatting.number(number)
        return texts.msg("value-per-year", count=round(number, 1), value=shown)
    if field is Field.CHURN:
        key = "value-churn-subscription" if model is SUB else "value-churn-purchases"
        return texts.msg(key, value=formatting.percent(number))
    if field is Field.MARGIN:
        return formatting.percent(number)
    return formatting.money(number)


def accepted(texts: Texts, field: Field, answers: Mapping[str, Any]) -> str:
    """The echo of an accepted answer: ``✅ Принято: отток — 5 % в месяц``."""
    if field is Field.MARGIN and answers.get(field.value) is None:
        return texts.msg("margin-skipped")
    model = model_of(answers)
    return texts.msg(
        "accepted",
        label=label(texts, field, model),
        value=answer_value(texts, field, answers),
    )


def review_text(texts: Texts, fields: tuple[Field, ...], answers: Mapping[str, Any]) -> str:
    """The screen listing every answer before the result."""
    model = model_of(answers)
    lines = "\n".join(
        texts.msg(
            "review-line",
            label=label(texts, field, model),
            value=answer_value(texts, field, answers),
        )
        for field in fields
    )
    return texts.msg("review", lines=lines)
