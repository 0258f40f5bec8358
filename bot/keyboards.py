"""Inline keyboards; every label comes from ``locales/`` and every payload from ``callbacks``."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import MenuAction, MenuCb, ResultAction, ResultCb, StepAction, StepCb
from bot.dialog import Field, Step
from bot.views import label
from core import formatting
from core.models import BusinessModel
from l10n import Texts

PER_YEAR_PICK_KEYS = {
    12.0: "pick-per-year-12",
    4.0: "pick-per-year-4",
    2.0: "pick-per-year-2",
    1.0: "pick-per-year-1",
}


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    """One callback button."""
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def markup(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    """A keyboard from rows of buttons; empty rows are left out."""
    return InlineKeyboardMarkup(inline_keyboard=[list(row) for row in rows if row])


def main_menu(texts: Texts) -> InlineKeyboardMarkup:
    """The main menu under the greeting."""
    return markup(
        [
            [button(texts.msg("btn-calc"), MenuCb(action=MenuAction.CALC))],
            [button(texts.msg("btn-scenarios"), MenuCb(action=MenuAction.SCENARIOS))],
            [button(texts.msg("btn-toolkit"), MenuCb(action=MenuAction.TOOLKIT))],
            [button(texts.msg("btn-checklist"), MenuCb(action=MenuAction.CHECKLIST))],
            [button(texts.msg("btn-help"), MenuCb(action=MenuAction.HELP))],
        ]
    )


def _pick_label(texts: Texts, step: Step, value: float) -> str:
    if step.field is Field.PER_YEAR:
        return texts.msg(PER_YEAR_PICK_KEYS[value])
    return formatting.percent(value)


def question(texts: Texts, step: Step, model: BusinessModel | None) -> InlineKeyboardMarkup:
    """Buttons under a question: quick picks, skip, «Не знаю», «Назад», «Отмена»."""
    rows: list[list[InlineKeyboardButton]] = []
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
    rows.append([button(texts.msg("btn-hint"), StepCb(action=StepAction.HINT))])
    rows.append(
        [
            button(texts.msg("btn-back"), StepCb(action=StepAction.BACK)),
            button(texts.msg("btn-cancel"), StepCb(action=StepAction.CANCEL)),
        ]
    )
    return markup(rows)


def review(
    texts: Texts, fields: Sequence[Field], model: BusinessModel | None
) -> InlineKeyboardMarkup:
    """A button per answer to change it, then «Рассчитать» and «Отмена»."""
    edits = [
        button(
            texts.msg("btn-edit", label=label(texts, field, model)),
            StepCb(action=StepAction.EDIT, value=field.value),
        )
        for field in fields
    ]
    rows = [edits[i : i + 2] for i in range(0, len(edits), 2)]
    rows.append([button(texts.msg("btn-compute"), StepCb(action=StepAction.COMPUTE))])
    rows.append([button(texts.msg("btn-cancel"), StepCb(action=StepAction.CANCEL))])
    return markup(rows)


def result(texts: Texts, ref: int) -> InlineKeyboardMarkup:
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


def what_if(texts: Texts, ref: int) -> InlineKeyboardMarkup:
    """Buttons under the levers screen of the result ``ref``."""
    return markup([_change_or_new(texts, ref)])


def _change_or_new(texts: Texts, ref: int) -> list[InlineKeyboardButton]:
    return [
        button(texts.msg("btn-change"), ResultCb(action=ResultAction.EDIT, ref=ref)),
        button(texts.msg("btn-new"), ResultCb(action=ResultAction.NEW, ref=ref)),
    ]
