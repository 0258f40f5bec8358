"""Whether a button about an export is under the latest reading (or the file awaiting a column)."""

from __future__ import annotations

from aiogram.types import CallbackQuery

from bot.features.orders.callbacks import OrdersCb
from bot.session import OrdersFile, Session


def _by_ref(ref: int, *files: OrdersFile | None) -> dict[str, OrdersFile] | bool:
    for orders in files:
        if orders is not None and orders.ref == ref:
            return {"orders": orders}
    return False


async def current_orders(
    _: CallbackQuery, callback_data: OrdersCb, session: Session
) -> dict[str, OrdersFile] | bool:
    """Filter: the button is under the latest file read (same ``ref``); passes it as ``orders``.

    Buttons of an older reading fall through to the «out of date» answer.
    """
    return _by_ref(callback_data.ref, session.orders)


async def correctable_orders(
    _: CallbackQuery, callback_data: OrdersCb, session: Session
) -> dict[str, OrdersFile] | bool:
    """Filter: a column button of the latest file read or of the file whose missing column
    is being picked; passes that file as ``orders``."""
    return _by_ref(callback_data.ref, session.orders, session.unread)
