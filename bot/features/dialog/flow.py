"""The calculation dialog's moves: ask a question, accept an answer, show the review.

What the dialog keeps lives in the person's :class:`~bot.session.Session` (``answers``,
``editing``, the live ``question``); which question is open is the FSM state (:class:`Calc`).
"""

from __future__ import annotations

from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup

from bot.features.dialog.keyboards import estimate_keyboard, question_keyboard, review_keyboard
from bot.features.dialog.states import Calc
from bot.features.dialog.steps import (
    ESTIMATE_BY_STATE,
    ESTIMATES,
    STEP_BY_STATE,
    STEPS,
    Step,
    answered,
    first_missing,
    model_of,
    next_field,
    order,
    position,
    previous_field,
)
from bot.features.dialog.views import accepted, answer_value, label, review_text
from bot.session import Answer, Chat, Session
from bot.ui.keyboards import main_menu
from core import formatting
from core.models import BusinessModel, Field, InvalidInput, check_field, round_input
from core.parsing import ParseError, parse_count, parse_money
from l10n import Texts

HINT_KEYS = {
    (Field.MODEL, None): "hint-model",
    (Field.PRICE, BusinessModel.SUBSCRIPTION): "hint-price-subscription",
    (Field.PRICE, None): "hint-price-purchases",
    (Field.PER_YEAR, None): "hint-per-year",
    (Field.CHURN, BusinessModel.SUBSCRIPTION): "hint-churn-subscription",
    (Field.CHURN, None): "hint-churn-purchases",
    (Field.MARGIN, None): "hint-margin",
    (Field.CAC, None): "hint-cac",
}


QUESTION_KEYS = {
    (Field.MODEL, None): "ask-model",
    (Field.PRICE, BusinessModel.SUBSCRIPTION): "ask-price-subscription",
    (Field.PRICE, None): "ask-price-purchases",
    (Field.PER_YEAR, None): "ask-per-year",
    (Field.CHURN, BusinessModel.SUBSCRIPTION): "ask-churn-subscription",
    (Field.CHURN, None): "ask-churn-purchases",
    (Field.MARGIN, None): "ask-margin",
    (Field.CAC, None): "ask-cac",
}


EXAMPLE_KEYS = {
    (Field.PRICE, BusinessModel.SUBSCRIPTION): "example-price-subscription",
    (Field.PRICE, None): "example-price-purchases",
    (Field.PER_YEAR, None): "example-per-year",
    (Field.CHURN, BusinessModel.SUBSCRIPTION): "example-churn-subscription",
    (Field.CHURN, None): "example-churn-purchases",
    (Field.MARGIN, None): "example-margin",
    (Field.CAC, None): "example-cac",
}
DIALOG_STATES = StateFilter(*(step.state for step in STEPS.values()), Calc.review)


FIGURE_STATES = StateFilter(*(state for pair in ESTIMATES.values() for state in pair))


NUMBER_STATES = StateFilter(*(step.state for step in STEPS.values() if step.parse is not None))


def _phrase(keys: dict[tuple[Field, Any], str], field: Field, model: BusinessModel | None) -> str:
    return keys.get((field, model)) or keys[(field, None)]


def example(texts: Texts, field: Field, model: BusinessModel | None) -> str:
    """``Например: 3 000, 2 990 ₽, 5к``: how an answer to ``field`` may be typed."""
    return texts.msg(_phrase(EXAMPLE_KEYS, field, model))


def _question_text(chat: Chat, field: Field) -> str:
    """The progress mark and the question for ``field``."""
    answers = chat.session.answers
    if field is Field.MODEL:
        progress = chat.msg("progress-first")
    else:
        number, total = position(field, answers)
        progress = chat.msg("progress", number=number, total=total)
    question = chat.msg(_phrase(QUESTION_KEYS, field, model_of(answers)))
    text = f"{progress}\n\n{question}"
    if answered(field, answers):  # back here, or changing it: what it is now
        text += "\n\n" + chat.msg("current-answer", value=answer_value(chat.texts, field, answers))
    return text


def _keyboard(chat: Chat, step: Step, *, estimate: bool = False) -> InlineKeyboardMarkup:
    """The question's buttons, with «Оставить» when it has an answer already (and
    «Посчитать» with ``estimate``)."""
    answers = chat.session.answers
    keep = answered(step.field, answers)
    return question_keyboard(chat.texts, step, model_of(answers), keep=keep, estimate=estimate)


async def ask(chat: Chat, field: Field, prefix: str = "") -> None:
    """Send the question for ``field`` (after ``prefix``: an echo, an error or a reason)."""
    step = STEPS[field]
    text = "\n\n".join(part for part in (prefix, _question_text(chat, field)) if part)
    await chat.screen(text, _keyboard(chat, step))
    chat.session.hinted = None
    await chat.state.set_state(step.state)


async def refuse(chat: Chat, step: Step, reason: str) -> None:
    """A wrong answer: what is wrong and an example, under the question's buttons.

    One message, not the whole question again; its buttons become the live ones.
    """
    model = model_of(chat.session.answers)
    text = f"{reason}\n{example(chat.texts, step.field, model)}"
    sent = await chat.say(text, _keyboard(chat, step))
    chat.session.question = sent.message_id


async def hint(chat: Chat, step: Step) -> bool:
    """«Не знаю»: how to estimate the answer, added to the live question in place.

    Once: ``False`` when the live question shows its hint already. A question that can no
    longer be edited (deleted) is asked again, with the hint, as a new message.
    """
    live = chat.session.question
    if live is not None and chat.session.hinted == live:
        return False
    tip = chat.msg(_phrase(HINT_KEYS, step.field, model_of(chat.session.answers)))
    text = f"{_question_text(chat, step.field)}\n\n💡 {tip}"
    markup = _keyboard(chat, step, estimate=step.field in ESTIMATES)
    if live is None or not await edit_text(chat, live, text, markup):
        await chat.screen(text, markup)
    chat.session.hinted = chat.session.question
    return True


async def edit_text(chat: Chat, message_id: int, text: str, markup: InlineKeyboardMarkup) -> bool:
    """Edit message ``message_id`` in place; ``False`` when it cannot be (gone, not text).

    An edit that changes nothing («message is not modified») is done already.
    """
    try:
        await chat.bot.edit_message_text(
            text=text, chat_id=chat.id, message_id=message_id, reply_markup=markup
        )
    except TelegramBadRequest as error:
        return "message is not modified" in error.message
    return True


async def show_review(chat: Chat, prefix: str = "") -> None:
    """The screen with every answer, a button to change each, and «Рассчитать».

    An answer the model still needs (after a change of model) is asked first.
    """
    answers = chat.session.answers
    missing = first_missing(answers)
    if missing is not None:
        chat.session.editing = True
        await ask(chat, missing, prefix)
        return
    fields = order(answers)
    text = "\n\n".join(part for part in (prefix, review_text(chat.texts, fields, answers)) if part)
    chat.session.editing = False
    await chat.screen(text, review_keyboard(chat.texts, fields, model_of(answers)))
    await chat.state.set_state(Calc.review)


async def start_dialog(chat: Chat) -> None:
    """Begin a new calculation, keeping only the latest result."""
    chat.session.start_calculation()
    await ask(chat, Field.MODEL)


async def edit(chat: Chat, field: Field) -> None:
    """Change one answer from the review screen, then come back to it."""
    chat.session.editing = True
    await ask(chat, field)


async def back(chat: Chat, step: Step | None) -> None:
    """«Назад»: the previous question, the review screen, or out to the menu."""
    if step is None or chat.session.editing:
        await show_review(chat)
        return
    previous = previous_field(step.field, chat.session.answers)
    if previous is not None:
        await ask(chat, previous)
        return
    await chat.retire()
    await chat.state.set_state(None)
    await chat.say(chat.msg("menu-prompt"), main_menu(chat.texts))


async def in_dialog(state: FSMContext) -> bool:
    """Whether a calculation is running (a question or the review screen is open)."""
    current = await state.get_state()
    return current == Calc.review.state or current in STEP_BY_STATE or current in ESTIMATE_BY_STATE


async def ask_again(chat: Chat, prefix: str = "") -> bool:
    """Ask the open question (or show the review) again after ``prefix``; False if none."""
    step = await current_step(chat.state)
    if step is not None:
        await ask(chat, step.field, prefix=prefix)
        return True
    current = await chat.state.get_state()
    if current == Calc.review.state:
        await show_review(chat, prefix=prefix)
        return True
    if current in ESTIMATE_BY_STATE:
        field, stage = ESTIMATE_BY_STATE[current]
        await ask_figure(chat, field, stage, prefix)
        return True
    return False


async def on_current_question(query: CallbackQuery, session: Session) -> bool:
    """Filter: the button is under the question being asked now, not an older one.

    A double tap or a button of an answered question then reads as out of date
    instead of answering the next question.
    """
    return query.message is not None and query.message.message_id == session.question


async def current_step(state: FSMContext) -> Step | None:
    """The question open now, if any."""
    return STEP_BY_STATE.get(await state.get_state() or "")


async def keep(chat: Chat, step: Step) -> None:
    """«Оставить»: the answer the question has already, accepted again; the next question."""
    answers = chat.session.answers
    if answered(step.field, answers):  # else a forged tap
        await accept(chat, step.field, answers.get(step.field.value))


async def accept(chat: Chat, field: Field, value: Answer, note: str = "") -> None:
    """Store an answer, echo it (after ``note``), and move to the next question or the review."""
    previous = chat.session.answers
    answers = {**previous, field.value: value}
    if field is Field.MODEL and previous.get(field.value) not in (None, value):
        # A new model: churn means something else, and the frequency may not apply.
        answers.pop(Field.CHURN.value, None)
        answers.pop(Field.PER_YEAR.value, None)
    chat.session.answers = answers
    echo = "\n".join(part for part in (note, accepted(chat.texts, field, answers)) if part)
    following = next_field(field, answers, chat.session.editing)
    if following is None:
        await show_review(chat, prefix=echo)
    else:
        await ask(chat, following, prefix=echo)


# ------------------------------------------------------------------ «Посчитать»: two figures


FIGURE_KEYS = {
    (Field.PRICE, BusinessModel.SUBSCRIPTION): ("figure-revenue-month", "figure-subscribers"),
    (Field.PRICE, BusinessModel.PURCHASES): ("figure-revenue-period", "figure-payments"),
    (Field.CAC, None): ("figure-spend", "figure-new-clients"),
}


async def start_estimate(chat: Chat, field: Field) -> None:
    """«Посчитать» after «Не знаю»: the first of the two figures the answer is worked out from."""
    chat.session.total = None
    await ask_figure(chat, field, 0)


async def ask_figure(chat: Chat, field: Field, stage: int, prefix: str = "") -> None:
    """Ask figure ``stage`` (0: the total, 1: the count) of the answer ``field``."""
    model = model_of(chat.session.answers) if field is Field.PRICE else None
    progress = chat.msg("figure-progress", label=label(chat.texts, field, model), number=stage + 1)
    question = chat.msg(FIGURE_KEYS[(field, model)][stage])
    text = "\n\n".join(part for part in (prefix, progress, question) if part)
    await chat.screen(text, estimate_keyboard(chat.texts))
    await chat.state.set_state(ESTIMATES[field][stage])


async def figure_typed(chat: Chat, field: Field, stage: int, text: str) -> None:
    """A figure typed: the count asked next, or the answer worked out, checked and accepted.

    A figure that cannot be read is refused with an example, in one short reply; an answer
    out of its range is explained and the figures asked again from the first.
    """
    try:
        figure = parse_money(text) if stage == 0 else parse_count(text)
    except ParseError as refused:
        await refuse_figure(chat, chat.msg(f"error-{refused.code.value.replace('_', '-')}"), stage)
        return
    if stage == 0:
        chat.session.total = figure
        echo = chat.msg("figure-accepted", value=formatting.money(figure))
        await ask_figure(chat, field, 1, prefix=echo)
        return
    total = chat.session.total
    if total is None:  # the first figure is gone (an old session): ask it again
        await ask_figure(chat, field, 0)
        return
    if figure <= 0:
        await refuse_figure(chat, chat.msg("figure-count-zero"), stage)
        return
    value = round_input(total / figure)
    try:
        check_field(field.value, value)
    except InvalidInput as refused:
        reason = chat.msg(f"error-{refused.code.value.replace('_', '-')}")
        await ask_figure(chat, field, 0, prefix=reason)
        return
    chat.session.total = None
    note = chat.msg(
        "figure-result",
        total=formatting.money(total),
        count=formatting.number(figure),
        value=formatting.money(value),
    )
    await accept(chat, field, value, note=note)


async def refuse_figure(chat: Chat, reason: str, stage: int) -> None:
    """A figure refused: why and an example, one message under «Назад» and «Отмена»."""
    example_key = "figure-example-money" if stage == 0 else "figure-example-count"
    sent = await chat.say(f"{reason}\n{chat.msg(example_key)}", estimate_keyboard(chat.texts))
    chat.session.question = sent.message_id


async def figure_back(chat: Chat, field: Field, stage: int) -> None:
    """«Назад» from a figure: the first figure, or the question itself."""
    if stage == 1:
        await ask_figure(chat, field, 0)
    else:
        await ask(chat, field)
