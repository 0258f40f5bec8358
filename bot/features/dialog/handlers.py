"""The calculation dialog's handlers: one question per message, back, hints, quick picks."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.features.dialog.callbacks import StepAction, StepCb
from bot.features.dialog.flow import (
    DIALOG_STATES,
    HINT_KEYS,
    NUMBER_STATES,
    _accept,
    _current_step,
    _phrase,
    ask,
    ask_again,
    on_current_question,
    refuse,
    show_review,
    start_dialog,
)
from bot.features.dialog.states import Calc
from bot.features.dialog.steps import Field, model_of, order, previous_field
from bot.features.result.callbacks import ResultAction, ResultCb
from bot.ui.callbacks import MenuAction, MenuCb
from bot.ui.keyboards import main_menu
from bot.ui.screens import retire_buttons
from core.models import BusinessModel, InvalidInput
from core.parsing import ParseError
from l10n import Texts


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
            await refuse(bot, message.chat.id, state, texts, step, reason)
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
                reply_markup=main_menu(texts),
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
