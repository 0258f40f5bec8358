"""The calculation dialog: one question per message, back, hints, quick picks, review.

FSM data (JSON-safe, kept in SQLite so a restart resumes the dialog):
``answers`` (field → number or model), ``editing`` (came from the review screen),
``question`` (id of the message whose buttons are live), ``last`` (inputs of the
latest result).
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot import keyboards, views
from bot.callbacks import MenuAction, MenuCb, ResultAction, ResultCb, StepAction, StepCb
from bot.dialog import (
    STEP_BY_STATE,
    STEPS,
    Field,
    Step,
    first_missing,
    model_of,
    next_field,
    order,
    position,
    previous_field,
)
from bot.states import Calc
from core.models import BusinessModel, InvalidInput
from core.parsing import ParseError
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
DIALOG_STATES = StateFilter(*(step.state for step in STEPS.values()), Calc.review)
NUMBER_STATES = StateFilter(*(step.state for step in STEPS.values() if step.parse is not None))


def _phrase(keys: dict[tuple[Field, Any], str], field: Field, model: BusinessModel | None) -> str:
    return keys.get((field, model)) or keys[(field, None)]


async def retire_buttons(bot: Bot, chat_id: int, message_id: int | None) -> None:
    """Remove the buttons of a question that has been answered (ignore if already gone)."""
    if message_id is None:
        return
    with suppress(TelegramBadRequest):
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)


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
    await _send_screen(bot, chat_id, state, text, keyboards.question(texts, step, model))


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
    text = "\n\n".join(part for part in (prefix, views.review(texts, fields, answers)) if part)
    await state.set_state(Calc.review)
    await state.update_data(editing=False)
    markup = keyboards.review(texts, fields, model_of(answers))
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
    echo = views.accepted(texts, field, answers)
    following = next_field(field, answers, editing)
    if following is None:
        await show_review(bot, chat_id, state, texts, prefix=echo)
    else:
        await ask(bot, chat_id, state, texts, following, prefix=echo)


def build_router() -> Router:
    """Handlers of the dialog; a fresh router for every dispatcher."""
    router = Router(name="calc")

    @router.message(Command("calc"))
    async def calc_command(message: Message, bot: Bot, state: FSMContext, texts: Texts) -> None:
        await start_dialog(bot, message.chat.id, state, texts)

    @router.callback_query(MenuCb.filter(F.action == MenuAction.CALC))
    @router.callback_query(ResultCb.filter(F.action == ResultAction.NEW))
    async def calc_button(query: CallbackQuery, bot: Bot, state: FSMContext, texts: Texts) -> None:
        await query.answer()
        await start_dialog(bot, query.from_user.id, state, texts)

    @router.message(NUMBER_STATES, F.text)
    async def number_answer(message: Message, bot: Bot, state: FSMContext, texts: Texts) -> None:
        step = await _current_step(state)
        assert step is not None  # NUMBER_STATES are steps
        try:
            value = step.read(message.text or "")
        except (ParseError, InvalidInput) as refused:
            reason = texts.msg(f"error-{refused.code.value.replace('_', '-')}")
            await ask(bot, message.chat.id, state, texts, step.field, prefix=reason)
            return
        await _accept(bot, message.chat.id, state, texts, step.field, value)

    @router.message(DIALOG_STATES)
    async def not_an_answer(message: Message, bot: Bot, state: FSMContext, texts: Texts) -> None:
        reason = texts.msg("wrong-kind" if message.text is None else "use-buttons")
        await ask_again(bot, message.chat.id, state, texts, prefix=reason)

    @router.callback_query(
        StepCb.filter(F.action == StepAction.MODEL), Calc.model, on_current_question
    )
    async def model_chosen(
        query: CallbackQuery, callback_data: StepCb, bot: Bot, state: FSMContext, texts: Texts
    ) -> None:
        await query.answer()
        if callback_data.value not in tuple(BusinessModel):
            return
        await _accept(bot, query.from_user.id, state, texts, Field.MODEL, callback_data.value)

    @router.callback_query(
        StepCb.filter(F.action == StepAction.PICK), NUMBER_STATES, on_current_question
    )
    async def quick_pick(
        query: CallbackQuery, callback_data: StepCb, bot: Bot, state: FSMContext, texts: Texts
    ) -> None:
        step = await _current_step(state)
        await query.answer()
        assert step is not None
        try:
            value = step.read(callback_data.value)
        except (ParseError, InvalidInput):
            return
        await _accept(bot, query.from_user.id, state, texts, step.field, value)

    @router.callback_query(
        StepCb.filter(F.action == StepAction.SKIP), Calc.margin, on_current_question
    )
    async def skip_margin(query: CallbackQuery, bot: Bot, state: FSMContext, texts: Texts) -> None:
        await query.answer()
        await _accept(bot, query.from_user.id, state, texts, Field.MARGIN, None)

    @router.callback_query(
        StepCb.filter(F.action == StepAction.HINT), DIALOG_STATES, on_current_question
    )
    async def hint(query: CallbackQuery, bot: Bot, state: FSMContext, texts: Texts) -> None:
        await query.answer()
        step = await _current_step(state)
        if step is None:
            return
        answers = (await state.get_data()).get("answers", {})
        text = texts.msg(_phrase(HINT_KEYS, step.field, model_of(answers)))
        await ask(bot, query.from_user.id, state, texts, step.field, prefix=f"💡 {text}")

    @router.callback_query(
        StepCb.filter(F.action == StepAction.BACK), DIALOG_STATES, on_current_question
    )
    async def back(query: CallbackQuery, bot: Bot, state: FSMContext, texts: Texts) -> None:
        await query.answer()
        step = await _current_step(state)
        data = await state.get_data()
        if step is None or data.get("editing"):
            await show_review(bot, query.from_user.id, state, texts)
            return
        previous = previous_field(step.field, data.get("answers", {}))
        if previous is None:
            await retire_buttons(bot, query.from_user.id, data.get("question"))
            await state.set_state(None)
            await bot.send_message(
                query.from_user.id,
                texts.msg("menu-prompt"),
                reply_markup=keyboards.main_menu(texts),
            )
            return
        await ask(bot, query.from_user.id, state, texts, previous)

    @router.callback_query(
        StepCb.filter(F.action == StepAction.EDIT), Calc.review, on_current_question
    )
    async def edit_answer(
        query: CallbackQuery, callback_data: StepCb, bot: Bot, state: FSMContext, texts: Texts
    ) -> None:
        await query.answer()
        answers = (await state.get_data()).get("answers", {})
        if callback_data.value not in {field.value for field in order(answers)}:
            return  # a forged field, or one this model does not ask
        await state.update_data(editing=True)
        await ask(bot, query.from_user.id, state, texts, Field(callback_data.value))

    return router
