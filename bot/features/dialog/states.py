"""FSM states of the calculation dialog (one per question, then the review screen)."""

from aiogram.fsm.state import State, StatesGroup


class Calc(StatesGroup):
    """The calculation dialog."""

    model = State()
    price = State()
    per_year = State()
    churn = State()
    margin = State()
    cac = State()
    review = State()
