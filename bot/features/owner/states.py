"""The owner's dialog state: writing a broadcast."""

from aiogram.fsm.state import State, StatesGroup


class Broadcasting(StatesGroup):
    """/broadcast asked for the message; the next one is the broadcast."""

    message = State()
