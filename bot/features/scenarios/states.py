"""States of naming a scenario."""

from __future__ import annotations

from aiogram.filters import StateFilter
from aiogram.fsm.state import State, StatesGroup


class ScenarioName(StatesGroup):
    """The user is typing a scenario's name."""

    saving = State()
    renaming = State()


NAMING = StateFilter(ScenarioName.saving, ScenarioName.renaming)
