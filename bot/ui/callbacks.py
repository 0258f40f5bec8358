"""The main menu's buttons: every feature offers a way back to it."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class MenuAction(StrEnum):
    """Buttons of the main menu."""

    CALC = "calc"
    HELP = "help"
    HOME = "home"
    SCENARIOS = "scen"
    TOOLKIT = "kit"
    CHECKLIST = "check"
    RESUME = "resume"  # back to the open question after the kit


class MenuCb(CallbackData, prefix="m"):
    """A main-menu button."""

    action: MenuAction
