"""Handlers of an orders export: /import, a file sent, the buttons under its figures."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.features.orders import flow
from bot.features.orders.callbacks import OrdersAction, OrdersCb
from bot.features.orders.filters import correctable_orders, current_orders
from bot.features.scenarios.states import ScenarioName
from bot.rendering import Renderer
from bot.session import Chat, OrdersFile
from bot.storage import EventKind, EventLog
from bot.ui.filters import Magic
from core.orders import Field

FIELDS = frozenset(field.value for field in Field)


async def import_help(_: Message, chat: Chat) -> None:
    """/import: where to get the export; a name being typed is left."""
    if await chat.state.get_state() in (ScenarioName.saving.state, ScenarioName.renaming.state):
        await chat.retire()
        await chat.state.set_state(None)
        chat.session.saving = chat.session.renaming = None
    await flow.explain(chat)


async def file_sent(message: Message, chat: Chat, renderer: Renderer) -> None:
    """A document: read as an orders export (a calculation in progress goes on after)."""
    document = message.document
    assert document is not None  # F.document
    upload = flow.Upload(document.file_id, document.file_name or "", document.file_size)
    await flow.read_file(chat, renderer, upload, {})


async def calculate(_: CallbackQuery, orders: OrdersFile, chat: Chat, events: EventLog) -> None:
    """«Рассчитать по этим данным»."""
    await flow.calculate(chat, orders)
    await events.record_event(chat.id, EventKind.CALCULATION_STARTED)


async def choose_column(
    _: CallbackQuery, callback_data: OrdersCb, orders: OrdersFile, chat: Chat
) -> None:
    """«✏️ …» under the figures."""
    if callback_data.field in FIELDS:
        await flow.choose_column(chat, orders, Field(callback_data.field))


async def column_chosen(
    _: CallbackQuery, callback_data: OrdersCb, orders: OrdersFile, chat: Chat, renderer: Renderer
) -> None:
    """A column picked for a field (a doubtful or a missing one): the file read again."""
    if callback_data.field in FIELDS:
        field = Field(callback_data.field)
        await flow.column_chosen(chat, renderer, orders, field, callback_data.column)


def build_router() -> Router:
    """Handlers of an orders export; a fresh router for every dispatcher.

    Registered before the dialog's, so that a file sent in the middle of a calculation is
    read (and the question asked again) rather than refused as not an answer; after the
    naming router, so that a file sent for a scenario's name is refused as not a name.
    """
    router = Router(name="orders")
    router.message.register(import_help, Command("import"))
    router.message.register(file_sent, Magic(F.document))
    on = router.callback_query.register
    on(calculate, OrdersCb.filter(F.action == OrdersAction.CALCULATE), current_orders)
    on(choose_column, OrdersCb.filter(F.action == OrdersAction.FIELD), current_orders)
    on(column_chosen, OrdersCb.filter(F.action == OrdersAction.COLUMN), correctable_orders)
    return router
