"""The calculation dialog's moves: ask a question, accept an answer, show the review.

FSM data (JSON-safe): ``answers`` (field → number or model), ``editing`` (came from the
review screen), ``question`` (id of the message whose buttons are live), ``last`` (inputs
of the latest result).
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from bot.features.dialog.keyboards import question_keyboard, review_keyboard
from bot.features.dialog.states import Calc
from bot.features.dialog.steps import (
    STEP_BY_STATE,
    STEPS,
    Field,
    Step,
    first_missing,
    model_of,
    next_field,
    order,
    position,
)
from bot.features.dialog.views import accepted, review_text
from bot.ui.screens import retire_buttons
from core.models import BusinessModel
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


NUMBER_STATES = StateFilter(*(step.state for step in STEPS.values() if step.parse is not None))


def _phrase(keys: dict[tuple[Field, Any], str], field: Field, model: BusinessModel | None) -> str:
    return keys.get((field, model)) or keys[(field, None)]


async def _send_screen(bot: Bot, chat_id: int, state: FSMContext, text: str, markup: Any) -> None:
    data = await state.get_data()
    await retire_buttons(bot, chat_id, data.get("question"))
    sent = await bot.send_message(chat_id, text, reply_markup=markup)
    await state.update_data(question=sent.message_id)


async def ask(
    bot: Bot, chat_id: int, state: FSMContext, texts: Texts, field: Field, prefix: str = ""
) -> None:
    """Send the question for ``field`` (after ``prefix``: an echo, an error or a hint)."""
    step = STEPS[field]
    data = await state.get_data()
    answers = data.get("answers", {})
    model = model_of(answers)
    if field is Field.MODEL:
        progress = texts.msg("progress-first")
    else:
        number, total = position(field, answers)
        progress = texts.msg("progress", number=number, total=total)
    question = texts.msg(_phrase(QUESTION_KEYS, field, model))
    text = "\n\n".join(part for part in (prefix, progress, question) if part)
    await state.set_state(step.state)
    await _send_screen(bot, chat_id, state, text, question_keyboard(texts, step, model))


async def refuse(
    bot: Bot, chat_id: int, state: FSMContext, texts: Texts, step: Step, reason: str
) -> None:
    """A wrong answer: what is wrong and an example, under the question's buttons.

    One message, not the whole question again; its buttons become the live ones.
    """
    model = model_of((await state.get_data()).get("answers", {}))
    text = f"{reason}\n{texts.msg(_phrase(EXAMPLE_KEYS, step.field, model))}"
    sent = await bot.send_message(
        chat_id, text, reply_markup=question_keyboard(texts, step, model)
    )
    await state.update_data(question=sent.message_id)


async def show_review(
    bot: Bot, chat_id: int, state: FSMContext, texts: Texts, prefix: str = ""
) -> None:
    """The screen with every answer, a button to change each, and «Рассчитать».

    An answer the model still needs (after a change of model) is asked first.
    """
    data = await state.get_data()
    answers = data.get("answers", {})
    missing = first_missing(answers)
    if missing is not None:
        await state.update_data(editing=True)
        await ask(bot, chat_id, state, texts, missing, prefix)
        return
    fields = order(answers)
    text = "\n\n".join(part for part in (prefix, review_text(texts, fields, answers)) if part)
    await state.set_state(Calc.review)
    await state.update_data(editing=False)
    markup = review_keyboard(texts, fields, model_of(answers))
    await _send_screen(bot, chat_id, state, text, markup)


async def start_dialog(bot: Bot, chat_id: int, state: FSMContext, texts: Texts) -> None:
    """Begin a new calculation, keeping only the latest result."""
    data = await state.get_data()
    await state.set_data(
        {
            "answers": {},
            "editing": False,
            "question": data.get("question"),
            "last": data.get("last"),
            "ref": data.get("ref"),
        }
    )
    await ask(bot, chat_id, state, texts, Field.MODEL)


async def in_dialog(state: FSMContext) -> bool:
    """Whether a calculation is running (a question or the review screen is open)."""
    current = await state.get_state()
    return current == Calc.review.state or current in STEP_BY_STATE


async def ask_again(
    bot: Bot, chat_id: int, state: FSMContext, texts: Texts, prefix: str = ""
) -> bool:
    """Ask the open question (or show the review) again after ``prefix``; False if none."""
    step = await _current_step(state)
    if step is not None:
        await ask(bot, chat_id, state, texts, step.field, prefix=prefix)
        return True
    if await state.get_state() == Calc.review.state:
        await show_review(bot, chat_id, state, texts, prefix=prefix)
        return True
    return False


async def on_current_question(query: CallbackQuery, state: FSMContext) -> bool:
    """Filter: the button is under the question being asked now, not an older one.

    A double tap or a button of an answered question then reads as out of date
    instead of answering the next question.
    """
    data = await state.get_data()
    return query.message is not None and query.message.message_id == data.get("question")


async def _current_step(state: FSMContext) -> Step | None:
    current = await state.get_state()
    return STEP_BY_STATE.get(current or "")


async def _accept(
    bot: Bot, chat_id: int, state: FSMContext, texts: Texts, field: Field, value: Any
) -> None:
    """Store an answer, echo it, and move to the next question or the review screen."""
    data = await state.get_data()
    previous = data.get("answers", {})
    answers = {**previous, field.value: value}
    if field is Field.MODEL and previous.get(field.value) not in (None, value):
        # A new model: churn means something else, and the frequency may not apply.
        answers.pop(Field.CHURN.value, None)
        answers.pop(Field.PER_YEAR.value, None)
    editing = bool(data.get("editing"))
    await state.update_data(answers=answers)
    echo = accepted(texts, field, answers)
    following = next_field(field, answers, editing)
    if following is None:
        await show_review(bot, chat_id, state, texts, prefix=echo)
    else:
        await ask(bot, chat_id, state, texts, following, prefix=echo)
