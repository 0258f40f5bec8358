"""FSM states of a result: a new value being typed for one answer («Своё значение»)."""

from aiogram.fsm.state import State, StatesGroup


class WhatIf(StatesGroup):
    """A value typed for one answer of the latest result; the state names the answer."""

    price = State()
    purchases_per_year = State()
    churn_percent = State()
    margin_percent = State()
    cac = State()
