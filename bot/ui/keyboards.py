"""Keyboard building blocks shared by every feature, and the main menu."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.ui.callbacks import MenuAction, MenuCb
from l10n import Texts


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    """One callback button."""
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def markup(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    """A keyboard from rows of buttons; empty rows are left out."""
    return InlineKeyboardMarkup(inline_keyboard=[list(row) for row in rows if row])


def main_menu(
    texts: Texts, lead: Sequence[Sequence[InlineKeyboardButton]] | None = None
) -> InlineKeyboardMarkup:
    """The main menu under the greeting; ``lead`` rows instead of «Рассчитать LTV»."""
    first = lead or [[button(texts.msg("btn-calc"), MenuCb(action=MenuAction.CALC))]]
    return markup(
        [
            *first,
            [button(texts.msg("btn-scenarios"), MenuCb(action=MenuAction.SCENARIOS))],
            [button(texts.msg("btn-toolkit"), MenuCb(action=MenuAction.TOOLKIT))],
            [button(texts.msg("btn-checklist"), MenuCb(action=MenuAction.CHECKLIST))],
            [button(texts.msg("btn-help"), MenuCb(action=MenuAction.HELP))],
        ]
    )
