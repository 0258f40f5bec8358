"""Saved scenarios: save, list, open, rename, delete, compare."""

from __future__ import annotations

import html
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.chat_action import ChatActionSender

from bot.features.dialog.flow import show_review
from bot.features.result.callbacks import ResultAction, ResultCb
from bot.features.result.flow import current_result, send_result
from bot.features.scenarios import flow
from bot.features.scenarios.callbacks import ScenarioAction, ScenarioCb
from bot.features.scenarios.filters import WITH_ID, OwnScenario
from bot.features.scenarios.states import NAMING, ScenarioName
from bot.features.scenarios.views import (
    PAGE_SIZE,
    ListPage,
    broken_keyboard,
    card_keyboard,
    card_title,
    compare_keyboard,
    compare_text,
    confirm_delete_keyboard,
    empty_keyboard,
    kept_keyboard,
    list_keyboard,
    list_text,
    name_keyboard,
    pages,
    pick_keyboard,
    pick_text,
    renamed_keyboard,
    to_list_keyboard,
)
from bot.rendering import Renderer
from bot.storage import Scenario, ScenarioRepository
from bot.storage.scenarios import MAX_NAME_LENGTH
from bot.ui.callbacks import MenuAction, MenuCb
from bot.ui.keyboards import main_menu
from bot.ui.screens import retire_buttons
from core.economics import compute
from core.models import Inputs, Result
from l10n import Texts

NAMING_KEYS = ("saving", "renaming", "question")


async def _send_or_edit(
    bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup, message_id: int | None
) -> None:
    """Edit message ``message_id`` in place when given and possible, else send a new one."""
    if message_id is not None:
        try:
            await bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
            return
        except TelegramBadRequest as error:
            if "message is not modified" in error.message:
                return
    await bot.send_message(chat_id, text, reply_markup=markup)


def _user(message: Message) -> int:
    """Who wrote: their private chat with the bot has the same id."""
    return message.from_user.id if message.from_user is not None else message.chat.id


def _message_id(query: CallbackQuery) -> int | None:
    return query.message.message_id if query.message is not None else None


async def _say_not_found(bot: Bot, chat_id: int, texts: Texts) -> None:
    """No such scenario (perhaps deleted already), with the way to the list."""
    await bot.send_message(
        chat_id, texts.msg("scenario-not-found-long"), reply_markup=to_list_keyboard(texts)
    )


async def _not_found(query: CallbackQuery, bot: Bot, texts: Texts) -> None:
    """The one answer to a missing, deleted or someone else's scenario: nothing about it."""
    await query.answer(texts.msg("scenario-not-found"))
    await _say_not_found(bot, query.from_user.id, texts)


async def _nothing_to_save(bot: Bot, chat_id: int, texts: Texts) -> None:
    """The result to save is no longer remembered: calculate again, with the main menu."""
    await bot.send_message(
        chat_id, texts.msg("scenario-nothing-to-save"), reply_markup=main_menu(texts)
    )


async def _broken(bot: Bot, chat_id: int, texts: Texts, scenario: Scenario) -> None:
    await bot.send_message(
        chat_id,
        texts.msg("scenario-broken", name=html.escape(scenario.name)),
        reply_markup=broken_keyboard(texts, scenario.id),
    )


async def _leave_naming(bot: Bot, chat_id: int, state: FSMContext) -> dict[str, Any]:
    """Stop waiting for a name (if we were): retire the prompt, drop its data keys."""
    data = await state.get_data()
    if await state.get_state() not in (ScenarioName.saving.state, ScenarioName.renaming.state):
        return data
    await retire_buttons(bot, chat_id, data.get("question"))
    await state.set_state(None)
    await state.set_data({k: v for k, v in data.items() if k not in NAMING_KEYS})
    return data


async def _read_inputs(
    query: CallbackQuery, bot: Bot, state: FSMContext, texts: Texts, scenario: Scenario
) -> Inputs | None:
    """Answer a button that opens ``scenario``, stop waiting for a name; the scenario's inputs,
    or ``None`` after saying that today's rules refuse them."""
    await query.answer()
    await _leave_naming(bot, query.from_user.id, state)
    inputs = flow.inputs_of(scenario.inputs)
    if inputs is None:
        await _broken(bot, query.from_user.id, texts, scenario)
    return inputs


async def _page(repo: ScenarioRepository, user_id: int, count: int, number: int) -> ListPage:
    """Page ``number`` of the user's ``count`` scenarios, newest first (the last page if fewer)."""
    number = min(number, pages(count) - 1)
    shown = await repo.list_page(user_id, number * PAGE_SIZE, PAGE_SIZE)
    return ListPage([(s, flow.result_of(s)) for s in shown], number, count)


async def show_list(
    bot: Bot,
    user_id: int,
    texts: Texts,
    repo: ScenarioRepository,
    page: int = 0,
    edit: int | None = None,
) -> None:
    """The user's scenarios, newest first, ten a page (or how to get a first one)."""
    count = await repo.count(user_id)
    if count == 0:
        await _send_or_edit(bot, user_id, texts.msg("scenario-empty"), empty_keyboard(texts), edit)
        return
    listed = await _page(repo, user_id, count, page)
    markup = list_keyboard(texts, listed)
    await _send_or_edit(bot, user_id, list_text(texts, listed), markup, edit)


async def _show_picker(
    bot: Bot,
    user_id: int,
    texts: Texts,
    repo: ScenarioRepository,
    first: Scenario,
    page: int,
    edit: int | None,
) -> None:
    """The user's other scenarios to compare ``first`` with (or that there are none)."""
    count = await repo.count(user_id)
    if count < 2:
        await bot.send_message(
            user_id,
            texts.msg("scenario-compare-alone"),
            reply_markup=kept_keyboard(texts, first.id),
        )
        return
    listed = await _page(repo, user_id, count, page)
    markup = pick_keyboard(texts, first, listed)
    await _send_or_edit(bot, user_id, pick_text(texts, first, listed), markup, edit)


async def _ask_name(
    bot: Bot, chat_id: int, state: FSMContext, text: str, markup: InlineKeyboardMarkup
) -> None:
    """Send a request for a name; its buttons are the live ones until it is answered."""
    data = await state.get_data()
    await retire_buttons(bot, chat_id, data.get("question"))
    sent = await bot.send_message(chat_id, text, reply_markup=markup)
    await state.update_data(question=sent.message_id)


async def _save(
    bot: Bot, chat_id: int, texts: Texts, repo: ScenarioRepository, saving: object, name: str
) -> None:
    """Save the inputs in ``saving`` (FSM data) under ``name`` and say so."""
    if not isinstance(saving, dict) or not isinstance(saving.get("inputs"), dict):
        await _nothing_to_save(bot, chat_id, texts)
        return
    saved = await flow.save(bot, chat_id, texts, repo, name, saving["inputs"])
    if saved is not None:
        await flow.send_saved(bot, chat_id, texts, saved)


async def _rename(
    bot: Bot, chat_id: int, texts: Texts, repo: ScenarioRepository, scenario_id: object, name: str
) -> None:
    """Rename scenario ``scenario_id`` (FSM data) to ``name`` and say so."""
    scenario = await repo.get(chat_id, scenario_id) if isinstance(scenario_id, int) else None
    if scenario is None or not await repo.rename(chat_id, scenario.id, name):
        await _say_not_found(bot, chat_id, texts)
        return
    await bot.send_message(
        chat_id,
        texts.msg("scenario-renamed", old=html.escape(scenario.name), name=html.escape(name)),
        reply_markup=renamed_keyboard(texts, scenario.id),
    )


async def _use_name(
    bot: Bot, chat_id: int, state: FSMContext, texts: Texts, repo: ScenarioRepository, name: str
) -> None:
    """Save the result being named, or rename the scenario being renamed, as ``name``."""
    saving = await state.get_state() == ScenarioName.saving.state
    data = await _leave_naming(bot, chat_id, state)
    if saving:
        await _save(bot, chat_id, texts, repo, data.get("saving"), name)
    else:
        await _rename(bot, chat_id, texts, repo, data.get("renaming"), name)


async def _ask_again(bot: Bot, chat_id: int, state: FSMContext, texts: Texts, reason: str) -> None:
    """Explain why the name was refused and ask for it again."""
    saving = (await state.get_data()).get("saving")
    suggested = saving.get("name") if isinstance(saving, dict) else None
    if await state.get_state() == ScenarioName.saving.state and isinstance(suggested, str):
        again = texts.msg(
            "scenario-ask-name-again", max=MAX_NAME_LENGTH, name=html.escape(suggested)
        )
        markup = name_keyboard(texts, suggested)
    else:
        again = texts.msg("scenario-ask-rename-again", max=MAX_NAME_LENGTH)
        markup = name_keyboard(texts, None)
    await _ask_name(bot, chat_id, state, f"{reason}\n\n{again}", markup)


async def _cancel_naming(bot: Bot, chat_id: int, state: FSMContext, texts: Texts) -> None:
    renaming = await state.get_state() == ScenarioName.renaming.state
    data = await _leave_naming(bot, chat_id, state)
    scenario_id = data.get("renaming")
    if renaming and isinstance(scenario_id, int):
        await bot.send_message(
            chat_id,
            texts.msg("scenario-rename-cancelled"),
            reply_markup=renamed_keyboard(texts, scenario_id),
        )
        return
    await bot.send_message(
        chat_id, texts.msg("scenario-save-cancelled"), reply_markup=main_menu(texts)
    )


def build_naming_router() -> Router:
    """While a name is typed: the name itself, /cancel and «Отмена».

    Registered first, so that a name such as «LTV» is taken as a name, and /cancel
    says what was cancelled. Other commands pass through to their own handlers.
    """
    router = Router(name="scenario-naming")

    @router.message(Command("cancel"), NAMING)
    async def cancel_command(message: Message, bot: Bot, state: FSMContext, texts: Texts) -> None:
        await _cancel_naming(bot, _user(message), state, texts)

    @router.callback_query(ScenarioCb.filter(F.action == ScenarioAction.CANCEL), NAMING)
    async def cancel_button(
        query: CallbackQuery, bot: Bot, state: FSMContext, texts: Texts
    ) -> None:
        await query.answer()
        await _cancel_naming(bot, query.from_user.id, state, texts)

    @router.callback_query(
        ScenarioCb.filter(F.action == ScenarioAction.KEEP_NAME), ScenarioName.saving
    )
    async def keep_suggested(
        query: CallbackQuery,
        bot: Bot,
        state: FSMContext,
        texts: Texts,
        repo: ScenarioRepository,
    ) -> None:
        await query.answer()
        saving = (await state.get_data()).get("saving")
        name = saving.get("name") if isinstance(saving, dict) else None
        if not isinstance(name, str) or flow.name_problem(texts, name) is not None:
            await _leave_naming(bot, query.from_user.id, state)
            await _nothing_to_save(bot, query.from_user.id, texts)
            return
        await _use_name(bot, query.from_user.id, state, texts, repo, name)

    @router.message(NAMING, F.text, ~F.text.startswith("/"))
    async def name_typed(
        message: Message,
        bot: Bot,
        state: FSMContext,
        texts: Texts,
        repo: ScenarioRepository,
    ) -> None:
        name = flow.normalise_name(message.text or "")
        problem = flow.name_problem(texts, name)
        if problem is None:
            await _use_name(bot, _user(message), state, texts, repo, name)
        else:
            await _ask_again(bot, _user(message), state, texts, problem)

    @router.message(NAMING, ~F.text)
    async def not_a_name(message: Message, bot: Bot, state: FSMContext, texts: Texts) -> None:
        reason = texts.msg("scenario-name-not-text")
        await _ask_again(bot, _user(message), state, texts, reason)

    return router


def build_router() -> Router:
    """The list and every button about a saved scenario; a fresh router per dispatcher."""
    router = Router(name="scenarios")

    @router.message(Command("scenarios"))
    async def scenarios_command(
        message: Message, bot: Bot, state: FSMContext, texts: Texts, repo: ScenarioRepository
    ) -> None:
        await _leave_naming(bot, _user(message), state)
        await show_list(bot, _user(message), texts, repo)

    @router.callback_query(MenuCb.filter(F.action == MenuAction.SCENARIOS))
    @router.callback_query(ScenarioCb.filter(F.action == ScenarioAction.LIST))
    async def list_button(
        query: CallbackQuery,
        bot: Bot,
        state: FSMContext,
        texts: Texts,
        repo: ScenarioRepository,
        callback_data: MenuCb | ScenarioCb,
    ) -> None:
        await query.answer()
        await _leave_naming(bot, query.from_user.id, state)
        page = callback_data.page if isinstance(callback_data, ScenarioCb) else 0
        await show_list(bot, query.from_user.id, texts, repo, page)

    @router.callback_query(ScenarioCb.filter(F.action == ScenarioAction.PAGE))
    async def turn_page(
        query: CallbackQuery,
        callback_data: ScenarioCb,
        bot: Bot,
        texts: Texts,
        repo: ScenarioRepository,
    ) -> None:
        await query.answer()
        await show_list(
            bot, query.from_user.id, texts, repo, callback_data.page, _message_id(query)
        )

    @router.callback_query(ResultCb.filter(F.action == ResultAction.SAVE), current_result)
    async def save_button(
        query: CallbackQuery,
        result: Result,
        bot: Bot,
        state: FSMContext,
        texts: Texts,
        repo: ScenarioRepository,
    ) -> None:
        user_id = query.from_user.id
        inputs = result.inputs
        await query.answer()
        count = await repo.count(user_id)
        if count >= flow.MAX_SCENARIOS:
            await flow.send_limit(bot, user_id, texts, flow.MAX_SCENARIOS, count)
            return
        taken = await flow.names_of(repo, user_id)
        suggested = flow.suggest_name(texts, inputs, flow.now(), taken)
        await state.set_state(ScenarioName.saving)
        await state.update_data(
            saving={"inputs": inputs.model_dump(mode="json"), "name": suggested}, renaming=None
        )
        text = texts.msg("scenario-ask-name", max=MAX_NAME_LENGTH, name=html.escape(suggested))
        await _ask_name(bot, user_id, state, text, name_keyboard(texts, suggested))

    @router.callback_query(ScenarioCb.filter(F.action == ScenarioAction.OPEN), OwnScenario())
    async def open_scenario(
        query: CallbackQuery,
        scenario: Scenario,
        bot: Bot,
        state: FSMContext,
        texts: Texts,
        renderer: Renderer,
    ) -> None:
        inputs = await _read_inputs(query, bot, state, texts, scenario)
        if inputs is None:
            return
        await send_result(
            bot,
            query.from_user.id,
            texts,
            renderer,
            compute(inputs),
            card_keyboard(texts, scenario.id),
            title=card_title(texts, scenario, inputs),
        )

    @router.callback_query(ScenarioCb.filter(F.action == ScenarioAction.EDIT), OwnScenario())
    async def change_answer(
        query: CallbackQuery, scenario: Scenario, bot: Bot, state: FSMContext, texts: Texts
    ) -> None:
        inputs = await _read_inputs(query, bot, state, texts, scenario)
        if inputs is None:
            return
        answers = inputs.model_dump(mode="json")
        await state.update_data(answers=answers, editing=False, origin=scenario.id)
        intro = texts.msg("scenario-edit-intro", name=html.escape(scenario.name))
        await show_review(bot, query.from_user.id, state, texts, prefix=intro)

    @router.callback_query(ScenarioCb.filter(F.action == ScenarioAction.RENAME), OwnScenario())
    async def rename_button(
        query: CallbackQuery, scenario: Scenario, bot: Bot, state: FSMContext, texts: Texts
    ) -> None:
        await query.answer()
        await state.set_state(ScenarioName.renaming)
        await state.update_data(renaming=scenario.id, saving=None)
        text = texts.msg(
            "scenario-ask-rename", name=html.escape(scenario.name), max=MAX_NAME_LENGTH
        )
        await _ask_name(bot, query.from_user.id, state, text, name_keyboard(texts, None))

    @router.callback_query(ScenarioCb.filter(F.action == ScenarioAction.DELETE), OwnScenario())
    async def delete_button(
        query: CallbackQuery, scenario: Scenario, bot: Bot, texts: Texts
    ) -> None:
        await query.answer()
        await bot.send_message(
            query.from_user.id,
            texts.msg("scenario-confirm-delete", name=html.escape(scenario.name)),
            reply_markup=confirm_delete_keyboard(texts, scenario.id),
        )

    @router.callback_query(ScenarioCb.filter(F.action == ScenarioAction.DELETE_YES), OwnScenario())
    async def delete_confirmed(
        query: CallbackQuery,
        scenario: Scenario,
        bot: Bot,
        texts: Texts,
        repo: ScenarioRepository,
    ) -> None:
        user_id = query.from_user.id
        if not await repo.delete(user_id, scenario.id):  # deleted meanwhile by a second press
            await _not_found(query, bot, texts)
            return
        await query.answer()
        text = texts.msg("scenario-deleted", name=html.escape(scenario.name))
        await _send_or_edit(
            bot, user_id, text, InlineKeyboardMarkup(inline_keyboard=[]), _message_id(query)
        )
        await show_list(bot, user_id, texts, repo)

    @router.callback_query(ScenarioCb.filter(F.action == ScenarioAction.KEEP), OwnScenario())
    async def delete_refused(
        query: CallbackQuery, scenario: Scenario, bot: Bot, texts: Texts
    ) -> None:
        await query.answer()
        text = texts.msg("scenario-kept", name=html.escape(scenario.name))
        markup = kept_keyboard(texts, scenario.id)
        await _send_or_edit(bot, query.from_user.id, text, markup, _message_id(query))

    @router.callback_query(
        ScenarioCb.filter(F.action.in_({ScenarioAction.PICK, ScenarioAction.PICK_PAGE})),
        OwnScenario(),
    )
    async def pick_second(
        query: CallbackQuery,
        callback_data: ScenarioCb,
        scenario: Scenario,
        bot: Bot,
        texts: Texts,
        repo: ScenarioRepository,
    ) -> None:
        await query.answer()
        in_place = callback_data.action is ScenarioAction.PICK_PAGE
        edit = _message_id(query) if in_place else None
        user_id = query.from_user.id
        await _show_picker(bot, user_id, texts, repo, scenario, callback_data.page, edit)

    @router.callback_query(
        ScenarioCb.filter(F.action == ScenarioAction.COMPARE), OwnScenario(pair=True)
    )
    async def compare(
        query: CallbackQuery,
        scenario: Scenario,
        other: Scenario,
        bot: Bot,
        texts: Texts,
        renderer: Renderer,
    ) -> None:
        await query.answer()
        user_id = query.from_user.id
        one, two = flow.result_of(scenario), flow.result_of(other)
        if one is None or two is None:
            await _broken(bot, user_id, texts, scenario if one is None else other)
            return
        async with ChatActionSender.upload_photo(bot=bot, chat_id=user_id):
            png = await renderer.comparison_chart(one, two, scenario.name, other.name)
            await bot.send_photo(user_id, BufferedInputFile(png, filename="compare.png"))
        await bot.send_message(
            user_id,
            compare_text(texts, one, two, scenario.name, other.name),
            reply_markup=compare_keyboard(texts, scenario, other),
        )

    # Last: a scenario button that no handler above let through (missing or not the user's).
    router.callback_query.register(_not_found, ScenarioCb.filter(F.action.in_(WITH_ID)))
    return router
