"""The bot's features, one package each; ``build_routers()`` returns fresh routers."""

from aiogram import Router

from bot.features.dialog import handlers as dialog
from bot.features.menu import handlers as menu
from bot.features.orders import handlers as orders
from bot.features.owner import handlers as owner
from bot.features.result import handlers as result
from bot.features.scenarios import handlers as scenarios
from bot.features.toolkit import handlers as toolkit


def build_routers() -> list[Router]:
    """All routers in order: cancel first, fallbacks last."""
    return [
        dialog.build_answers_router(),  # typed answers: nobody before it wants them
        scenarios.build_naming_router(),  # a name being typed: before «LTV» and /cancel
        owner.build_router(),  # owners only; a broadcast being written: before /cancel, «LTV»
        owner.build_consent_router(),  # «Отписаться», /stop: in any state
        menu.build_cancel_router(),
        menu.build_router(),
        orders.build_router(),  # before the dialog: a file sent mid-calculation is read
        toolkit.build_router(),  # before the dialog: «LTV» reaches it in the middle of one
        dialog.build_router(),
        result.build_router(),
        scenarios.build_router(),
        menu.build_fallback_router(),
    ]
