"""Keyboards of the greeting: a returning person's menu, a calculation left open."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.features.result.callbacks import ResultAction, ResultCb
from bot.ui.callbacks import MenuAction, MenuCb
from bot.ui.keyboards import button, main_menu, markup
from l10n import Texts


def returning_menu(texts: Texts, ref: int | None) -> InlineKeyboardMarkup:
    """The main menu led by «Рассчитать заново» and, with a latest result ``ref``, a way to
    change one of its answers."""
    rows = [[button(texts.msg("btn-calc-again"), MenuCb(action=MenuAction.CALC))]]
    if ref is not None:
        rows.append(
            [button(texts.msg("btn-change-last"), ResultCb(action=ResultAction.EDIT, ref=ref))]
        )
    return main_menu(texts, lead=rows)


def resume_or_restart(texts: Texts) -> InlineKeyboardMarkup:
    """Under /start in the middle of a calculation: go on with it, or begin again."""
    return markup(
        [
            [button(texts.msg("btn-resume"), MenuCb(action=MenuAction.RESUME))],
            [button(texts.msg("btn-restart"), MenuCb(action=MenuAction.CALC))],
        ]
    )
