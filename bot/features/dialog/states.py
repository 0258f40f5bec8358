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
    # «Посчитать» after «Не знаю»: two figures, one divided by the other.
    price_total = State()  # revenue of a period
    price_count = State()  # payments in it
    cac_total = State()  # a month's spend on acquisition
    cac_count = State()  # new paying clients that month
