"""Keyboards under a result and its levers."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.features.result.callbacks import ResultAction, ResultCb
from bot.ui.keyboards import button, markup
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


def what_if_keyboard(texts: Texts, ref: int) -> InlineKeyboardMarkup:
    """Buttons under the levers screen of the result ``ref``."""
    return markup([_change_or_new(texts, ref)])


def _change_or_new(texts: Texts, ref: int) -> list[InlineKeyboardButton]:
    return [
        button(texts.msg("btn-change"), ResultCb(action=ResultAction.EDIT, ref=ref)),
        button(texts.msg("btn-new"), ResultCb(action=ResultAction.NEW, ref=ref)),
    ]
