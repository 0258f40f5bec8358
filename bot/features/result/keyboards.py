"""Keyboards under a result, its levers and its variants."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.features.result.callbacks import (
    InputCb,
    ResultAction,
    ResultCb,
    VariantAction,
    variant,
)
from bot.features.result.variants import (
    LEVER_FIELDS,
    TARGET_FIELDS,
    changeable,
    variant_inputs,
)
from bot.features.result.views import field_button, lever_button, target_button
from bot.ui.keyboards import button, markup
from core.models import Field, Result
from l10n import Texts


def result_keyboard(texts: Texts, ref: int) -> InlineKeyboardMarkup:
    """Buttons under the result ``ref``."""
    return markup(
        [
            [button(texts.msg("btn-save"), ResultCb(action=ResultAction.SAVE, ref=ref))],
            [button(texts.msg("btn-what-if"), ResultCb(action=ResultAction.WHAT_IF, ref=ref))],
            [
                button(
                    texts.msg("btn-checklist-personal"),
                    ResultCb(action=ResultAction.CHECKLIST, ref=ref),
                )
            ],
            _change_or_new(texts, ref),
        ]
    )


def what_if_keyboard(texts: Texts, result: Result, ref: int) -> InlineKeyboardMarkup:
    """Under the levers of the result ``ref``: each lever and each way to 3× as a button that
    applies it, «Своё значение», then change an answer or a new calculation."""
    inputs, model = result.inputs, result.inputs.model
    rows: list[list[InlineKeyboardButton]] = []
    offered = set()
    for number, lever in enumerate(result.levers, start=1):
        field = LEVER_FIELDS[lever.kind]
        if variant_inputs(inputs, field, lever.value_after) is not None:
            data = variant(VariantAction.SHOW, ref, field, lever.value_after)
            rows.append([button(lever_button(texts, number, lever, model), data)])
            offered.add(data.pack())
    for change in result.to_target:
        field = TARGET_FIELDS[change.kind]
        data = variant(VariantAction.SHOW, ref, field, change.value)
        applicable = variant_inputs(inputs, field, change.value) is not None
        if change.feasible and applicable and data.pack() not in offered:  # not a lever's
            rows.append([button(target_button(texts, change, model), data)])
    rows.append([button(texts.msg("btn-own-value"), ResultCb(action=ResultAction.OWN, ref=ref))])
    rows.append(_change_or_new(texts, ref))
    return markup(rows)


def fields_keyboard(texts: Texts, result: Result, ref: int) -> InlineKeyboardMarkup:
    """«Своё значение»: a button per answer that may change, and back to the levers."""
    rows = [
        [button(field_button(texts, field, result.inputs), InputCb(ref=ref, field=field))]
        for field in changeable(result.inputs)
    ]
    rows.append([_levers_back(texts, ref)])
    return markup(rows)


def back_to_levers(texts: Texts, ref: int) -> InlineKeyboardMarkup:
    """Under the request for a value: back to the levers."""
    return markup([[_levers_back(texts, ref)]])


def variant_keyboard(texts: Texts, ref: int, field: Field, value: float) -> InlineKeyboardMarkup:
    """Under a variant of the result ``ref``: save it, try another value or lever, or back."""
    return markup(
        [
            [
                button(
                    texts.msg("btn-save-variant"), variant(VariantAction.SAVE, ref, field, value)
                )
            ],
            [button(texts.msg("btn-own-value"), ResultCb(action=ResultAction.OWN, ref=ref))],
            [
                button(
                    texts.msg("btn-other-levers"), ResultCb(action=ResultAction.WHAT_IF, ref=ref)
                )
            ],
            [button(texts.msg("btn-show-original"), ResultCb(action=ResultAction.SHOW, ref=ref))],
        ]
    )


def _levers_back(texts: Texts, ref: int) -> InlineKeyboardButton:
    return button(texts.msg("btn-levers-back"), ResultCb(action=ResultAction.LEVERS, ref=ref))


def _change_or_new(texts: Texts, ref: int) -> list[InlineKeyboardButton]:
    return [
        button(texts.msg("btn-change"), ResultCb(action=ResultAction.EDIT, ref=ref)),
        button(texts.msg("btn-new"), ResultCb(action=ResultAction.NEW, ref=ref)),
    ]
