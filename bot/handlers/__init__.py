"""Routers, one per feature; ``build_routers()`` returns fresh ones for each dispatcher."""

from aiogram import Router

from bot.handlers import calc, menu, result, scenarios, toolkit


def build_routers() -> list[Router]:
    """All routers in order: cancel first, fallbacks last."""
    return [
        scenarios.build_naming_router(),  # a name being typed: before «LTV» and /cancel
        menu.build_cancel_router(),
        menu.build_router(),
        toolkit.build_router(),  # before calc: «LTV» reaches it in the middle of a dialog
        calc.build_router(),
        result.build_router(),
        scenarios.build_router(),
        menu.build_fallback_router(),
    ]
