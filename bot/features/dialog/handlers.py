"""The calculation dialog's handlers: one question per message, back, hints, quick picks.

Handlers are thin: they read what was typed or tapped and call :mod:`.flow`.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, Filter, StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.features.dialog import flow
from bot.features.dialog.callbacks import StepAction, StepCb
from bot.features.dialog.charts_ahead import ChartsAhead
from bot.features.dialog.flow import (
    DIALOG_STATES,
    FIGURE_STATES,
    NUMBER_STATES,
    on_current_question,
)
from bot.features.dialog.states import Calc
from bot.features.dialog.steps import ESTIMATE_BY_STATE, ESTIMATES, order
from bot.features.result.callbacks import ResultAction, ResultCb
from bot.features.toolkit.filters import is_ltv_word
from bot.session import Chat
from bot.storage import EventKind, EventLog
from bot.ui.callbacks import MenuAction, MenuCb
from bot.ui.filters import Magic
from core.models import BusinessModel, Field, InvalidInput
from core.parsing import ParseError

ANSWERED_AFTER = {"callback_answer": {"pre": False}}
"""Handler flag: the tap is answered after the handler, which may set the answer's text."""


async def start(_: Message | CallbackQuery, chat: Chat, events: EventLog) -> None:
    """``/calc``, «Рассчитать», «Новый расчёт»."""
    await flow.start_dialog(chat)
    await events.record_event(chat.id, EventKind.CALCULATION_STARTED)


async def number_answer(message: Message, chat: Chat) -> None:
    """A typed number for the open question: accepted, or refused with an example."""
    step = await flow.current_step(chat.state)
    assert step is not None  # NUMBER_STATES are steps
    try:
        value = step.read(message.text or "")
    except (ParseError, InvalidInput) as refused:
        reason = chat.msg(f"error-{refused.code.value.replace('_', '-')}")
        await flow.refuse(chat, step, reason)
        return
    await flow.accept(chat, step.field, value)


async def not_an_answer(message: Message, chat: Chat) -> None:
    """A sticker, a photo, or text where buttons are expected."""
    reason = chat.msg("wrong-kind" if message.text is None else "use-buttons")
    await flow.ask_again(chat, prefix=reason)


async def model_chosen(_: CallbackQuery, callback_data: StepCb, chat: Chat) -> None:
    """«Подписка» or «Повторные покупки»."""
    if callback_data.value in tuple(BusinessModel):
        await flow.accept(chat, Field.MODEL, callback_data.value)


async def quick_pick(_: CallbackQuery, callback_data: StepCb, chat: Chat) -> None:
    """A quick-pick button: the same checks as a typed answer."""
    step = await flow.current_step(chat.state)
    assert step is not None  # NUMBER_STATES are steps
    try:
        value = step.read(callback_data.value)
    except (ParseError, InvalidInput):
        return  # a forged value
    await flow.accept(chat, step.field, value)


async def skip_margin(_: CallbackQuery, chat: Chat) -> None:
    """«Пропустить» the margin: figures by revenue."""
    await flow.accept(chat, Field.MARGIN, None)


async def hint(_: CallbackQuery, chat: Chat, callback_answer: CallbackAnswer) -> None:
    """«Не знаю»: the hint added to the question; a second tap is answered with a word."""
    step = await flow.current_step(chat.state)
    if step is not None and not await flow.hint(chat, step):
        callback_answer.text = chat.msg("hint-shown")


async def keep(_: CallbackQuery, chat: Chat) -> None:
    """«Оставить»: the answer given before, kept; the next question."""
    step = await flow.current_step(chat.state)
    if step is not None:
        await flow.keep(chat, step)


async def estimate(_: CallbackQuery, chat: Chat) -> None:
    """«Посчитать» under a question's hint: the first of two figures."""
    step = await flow.current_step(chat.state)
    if step is not None and step.field in ESTIMATES:
        await flow.start_estimate(chat, step.field)


async def figure(message: Message, chat: Chat) -> None:
    """A figure typed to work an answer out."""
    field, stage = ESTIMATE_BY_STATE[await chat.state.get_state() or ""]
    await flow.figure_typed(chat, field, stage, message.text or "")


async def figure_back(_: CallbackQuery, chat: Chat) -> None:
    """«Назад» from a figure."""
    field, stage = ESTIMATE_BY_STATE[await chat.state.get_state() or ""]
    await flow.figure_back(chat, field, stage)


async def back(_: CallbackQuery, chat: Chat) -> None:
    """«Назад»."""
    await flow.back(chat, await flow.current_step(chat.state))


async def edit_answer(_: CallbackQuery, callback_data: StepCb, chat: Chat) -> None:
    """«✏️ …» on the review screen."""
    if callback_data.value in {field.value for field in order(chat.session.answers)}:
        await flow.edit(chat, Field(callback_data.value))  # else a forged or foreign field


class TypedAnswer(Filter):
    """A text that is neither a command nor the word «LTV» (the kit's, in any state)."""

    async def __call__(self, message: Message) -> bool:
        text = message.text
        return text is not None and not text.startswith("/") and not is_ltv_word(text)


def build_answers_router() -> Router:
    """Answers typed to a question or a figure; registered before every other router.

    Such a text is the dialog's whatever the routers before it hold: they take commands,
    the word «LTV», a file, or texts in states of their own. So the hot path of a crowd
    answering skips them (seven routers, a dozen filter checks: a fifth of a wrong
    answer's cost). Everything else in those states takes the long way, to the same
    handlers in :func:`build_router`.
    """
    router = Router(name="dialog-answers")
    router.message.filter(StateFilter(*NUMBER_STATES.states, *FIGURE_STATES.states))
    router.message.filter(TypedAnswer())
    router.message.middleware(ChartsAhead())
    router.message.register(number_answer, NUMBER_STATES)
    router.message.register(figure, FIGURE_STATES)
    return router


def build_router() -> Router:
    """Handlers of the dialog; a fresh router for every dispatcher."""
    router = Router(name="dialog")
    router.message.middleware(ChartsAhead())
    router.callback_query.middleware(ChartsAhead())
    router.message.register(start, Command("calc"))
    router.callback_query.register(start, MenuCb.filter(F.action == MenuAction.CALC))
    router.callback_query.register(start, ResultCb.filter(F.action == ResultAction.NEW))
    router.message.register(number_answer, NUMBER_STATES, Magic(F.text))
    router.message.register(not_an_answer, DIALOG_STATES)
    router.message.register(figure, FIGURE_STATES, Magic(F.text))
    router.message.register(not_an_answer, FIGURE_STATES)
    live = on_current_question
    router.callback_query.register(
        model_chosen, StepCb.filter(F.action == StepAction.MODEL), StateFilter(Calc.model), live
    )
    router.callback_query.register(
        quick_pick, StepCb.filter(F.action == StepAction.PICK), NUMBER_STATES, live
    )
    router.callback_query.register(
        skip_margin, StepCb.filter(F.action == StepAction.SKIP), StateFilter(Calc.margin), live
    )
    router.callback_query.register(
        hint,
        StepCb.filter(F.action == StepAction.HINT),
        DIALOG_STATES,
        live,
        flags=ANSWERED_AFTER,
    )
    router.callback_query.register(
        keep, StepCb.filter(F.action == StepAction.KEEP), DIALOG_STATES, live
    )
    router.callback_query.register(
        estimate, StepCb.filter(F.action == StepAction.ESTIMATE), DIALOG_STATES, live
    )
    router.callback_query.register(
        figure_back, StepCb.filter(F.action == StepAction.BACK), FIGURE_STATES, live
    )
    router.callback_query.register(
        back, StepCb.filter(F.action == StepAction.BACK), DIALOG_STATES, live
    )
    router.callback_query.register(
        edit_answer, StepCb.filter(F.action == StepAction.EDIT), StateFilter(Calc.review), live
    )
    return router
