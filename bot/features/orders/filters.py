"""Whether a button under an export's figures is under the latest reading."""

from __future__ import annotations

from aiogram.types import CallbackQuery

from bot.features.orders.callbacks import OrdersCb
from bot.session import OrdersFile, Session


async def current_orders(
    _: CallbackQuery, callback_data: OrdersCb, session: Session
) -> dict[str, OrdersFile] | bool:
    """Filter: the button is under the latest file read (same ``ref``); passes it as ``orders``.

    Buttons of an older reading fall through to the «out of date» answer.
    """
    orders = session.orders
    if orders is None or callback_data.ref != orders.ref:
        return False
    return {"orders": orders}
