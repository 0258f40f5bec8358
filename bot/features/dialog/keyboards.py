"""Keyboards of the dialog: a question's quick picks, the review screen."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.features.dialog.callbacks import StepAction, StepCb
from bot.features.dialog.steps import Step
from bot.features.dialog.views import capital, label
from bot.ui.keyboards import button, markup
from core import formatting
from core.models import BusinessModel, Field
from l10n import Texts

PER_YEAR_PICK_KEYS = {
    12.0: "pick-per-year-12",
    4.0: "pick-per-year-4",
    2.0: "pick-per-year-2",
    1.0: "pick-per-year-1",
}


def _pick_label(texts: Texts, step: Step, value: float) -> str:
    if step.field is Field.PER_YEAR:
        return texts.msg(PER_YEAR_PICK_KEYS[value])
    return formatting.percent(value)


@lru_cache(maxsize=256)
def question_keyboard(
    texts: Texts,
    step: Step,
    model: BusinessModel | None,
    *,
    keep: bool = False,
    estimate: bool = False,
) -> InlineKeyboardMarkup:
    """Buttons under a question: «Оставить» (``keep``: it has an answer already), quick
    picks, skip, «Посчитать» (``estimate``: after «Не знаю»), «Не знаю», «Назад», «Отмена».

    Built once for each combination (a few dozen; a wrong answer sends them again), so
    the keyboard returned is shared: never change it."""
    rows: list[list[InlineKeyboardButton]] = []
    if keep:
        rows.append([button(texts.msg("btn-keep-answer"), StepCb(action=StepAction.KEEP))])
    if step.field is Field.MODEL:
        rows += [
            [button(texts.msg(f"btn-model-{m.value}"), StepCb(action=StepAction.MODEL, value=m))]
            for m in BusinessModel
        ]
    picks = [
        button(_pick_label(texts, step, v), StepCb(action=StepAction.PICK, value=f"{v:g}"))
        for v in step.quick_picks(model)
    ]
    if picks:
        rows += [picks[:2], picks[2:]] if step.field is Field.PER_YEAR else [picks]
    if step.skippable:
        rows.append([button(texts.msg("btn-skip"), StepCb(action=StepAction.SKIP))])
    if estimate:
        key = "btn-estimate-cac" if step.field is Field.CAC else "btn-estimate-price"
        rows.append([button(texts.msg(key), StepCb(action=StepAction.ESTIMATE))])
    rows.append([button(texts.msg("btn-hint"), StepCb(action=StepAction.HINT))])
    rows.append(_back_or_cancel(texts))
    return markup(rows)


def estimate_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """Under a figure asked to work an answer out: «Назад», «Отмена»."""
    return markup([_back_or_cancel(texts)])


def _back_or_cancel(texts: Texts) -> list[InlineKeyboardButton]:
    return [
        button(texts.msg("btn-back"), StepCb(action=StepAction.BACK)),
        button(texts.msg("btn-cancel"), StepCb(action=StepAction.CANCEL)),
    ]


def review_keyboard(
    texts: Texts, fields: Sequence[Field], model: BusinessModel | None
) -> InlineKeyboardMarkup:
    """A button per answer to change it, then «Рассчитать» and «Отмена»."""
    edits = [
        button(
            texts.msg("btn-edit", label=capital(label(texts, field, model))),
            StepCb(action=StepAction.EDIT, value=field.value),
        )
        for field in fields
    ]
    rows = [edits[i : i + 2] for i in range(0, len(edits), 2)]
    rows.append([button(texts.msg("btn-compute"), StepCb(action=StepAction.COMPUTE))])
    rows.append([button(texts.msg("btn-cancel"), StepCb(action=StepAction.CANCEL))])
    return markup(rows)
