"""Keyboards of the owner's screens and the «Отписаться» button."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.features.owner.callbacks import (
    BroadcastAction,
    BroadcastCb,
    ConsentAction,
    ConsentCb,
    Period,
    StatsCb,
)
from bot.ui.keyboards import button, markup
from l10n import Texts

_PERIOD_BUTTONS = {
    Period.TODAY: "btn-stats-today",
    Period.WEEK: "btn-stats-week",
    Period.ALL: "btn-stats-all",
}


def stats_keyboard(texts: Texts, shown: Period) -> InlineKeyboardMarkup:
    """The periods of the «by source» part; the one shown is marked."""
    row = []
    for period, key in _PERIOD_BUTTONS.items():
        label = texts.msg(key)
        row.append(button(f"• {label} •" if period is shown else label, StatsCb(period=period)))
    return markup([row])


def draft_keyboard(texts: Texts, broadcast_id: int, audience: int) -> InlineKeyboardMarkup:
    """Under a draft: test, send (when there is anyone to send to), drop."""
    test = button(
        texts.msg("btn-broadcast-test"), BroadcastCb(action=BroadcastAction.TEST, id=broadcast_id)
    )
    send = button(
        texts.msg("btn-broadcast-send"), BroadcastCb(action=BroadcastAction.SEND, id=broadcast_id)
    )
    discard = button(
        texts.msg("btn-broadcast-discard"),
        BroadcastCb(action=BroadcastAction.DISCARD, id=broadcast_id),
    )
    return markup([[test, send] if audience else [test], [discard]])


def confirm_keyboard(texts: Texts, broadcast_id: int) -> InlineKeyboardMarkup:
    """Under the question before sending."""
    confirm = button(
        texts.msg("btn-broadcast-confirm"),
        BroadcastCb(action=BroadcastAction.CONFIRM, id=broadcast_id),
    )
    back = button(
        texts.msg("btn-broadcast-back"), BroadcastCb(action=BroadcastAction.BACK, id=broadcast_id)
    )
    return markup([[confirm], [back]])


def progress_keyboard(texts: Texts, broadcast_id: int) -> InlineKeyboardMarkup:
    """Under the progress of a broadcast being sent."""
    stop = button(
        texts.msg("btn-broadcast-stop"), BroadcastCb(action=BroadcastAction.STOP, id=broadcast_id)
    )
    return markup([[stop]])


def preview_keyboard(texts: Texts, broadcast_id: int) -> InlineKeyboardMarkup:
    """«Отписаться» under the author's preview: it looks the same, and only explains itself."""
    preview = BroadcastCb(action=BroadcastAction.PREVIEW, id=broadcast_id)
    return markup([[button(texts.msg("btn-unsubscribe"), preview)]])


def unsubscribe_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """«Отписаться» under every broadcast a person gets."""
    return markup([[button(texts.msg("btn-unsubscribe"), ConsentCb(action=ConsentAction.OFF))]])


def resubscribe_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """«Вернуть рассылки» after unsubscribing."""
    return markup([[button(texts.msg("btn-resubscribe"), ConsentCb(action=ConsentAction.ON))]])
