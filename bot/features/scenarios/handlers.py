"""Saved scenarios: save, list, open, rename, delete, compare.

Every button carrying a scenario id passes :class:`OwnScenario` first: another person's
scenario, a deleted one and a forged id all get the same «not found», revealing nothing.
"""

from __future__ import annotations

import html
from contextlib import suppress

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.chat_action import ChatActionSender

from bot.features.dialog.flow import show_review
from bot.features.result.callbacks import ResultAction, ResultCb, VariantAction, VariantCb
from bot.features.result.flow import current_result, current_variant
from bot.features.scenarios import flow
from bot.features.scenarios.callbacks import ScenarioAction, ScenarioCb
from bot.features.scenarios.filters import WITH_ID, OwnScenario
from bot.features.scenarios.states import NAMING, ScenarioName
from bot.features.scenarios.views import (
    PAGE_SIZE,
    ListPage,
    broken_keyboard,
    card_caption,
    card_keyboard,
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
from bot.session import Chat, Saving
from bot.storage import EventKind, EventLog, Scenario, ScenarioRepository
from bot.ui.callbacks import MenuAction, MenuCb
from bot.ui.filters import Magic
from bot.ui.keyboards import main_menu
from core import scenarios as naming
from core.economics import compute
from core.models import Inputs, Result

ANSWERS_ITSELF = {"callback_answer": {"disabled": True}}
"""Handler flag: the handler answers the tap itself, with a text."""


async def _send_or_edit(
    chat: Chat, text: str, markup: InlineKeyboardMarkup, message_id: int | None
) -> None:
    """Edit message ``message_id`` in place when given and possible, else send a new one."""
    if message_id is not None:
        try:
            await chat.bot.edit_message_text(
                text=text, chat_id=chat.id, message_id=message_id, reply_markup=markup
            )
            return
        except TelegramBadRequest as error:
            if "message is not modified" in error.message:
                return
    await chat.say(text, markup)


def _message_id(query: CallbackQuery) -> int | None:
    return query.message.message_id if query.message is not None else None


async def _say_not_found(chat: Chat) -> None:
    """No such scenario (perhaps deleted already), with the way to the list."""
    await chat.say(chat.msg("scenario-not-found-long"), to_list_keyboard(chat.texts))


async def not_found(query: CallbackQuery, chat: Chat) -> None:
    """The one answer to a missing, deleted or someone else's scenario: nothing about it."""
    await query.answer(chat.msg("scenario-not-found"))
    await _say_not_found(chat)


async def _nothing_to_save(chat: Chat) -> None:
    """The result to save is no longer remembered: calculate again, with the main menu."""
    await chat.say(chat.msg("scenario-nothing-to-save"), main_menu(chat.texts))


async def _broken(chat: Chat, scenario: Scenario) -> None:
    text = chat.msg("scenario-broken", name=html.escape(scenario.name))
    await chat.say(text, broken_keyboard(chat.texts, scenario.id))


async def _naming(chat: Chat) -> State | None:
    """What a typed name would be for now: saving, renaming, or nothing."""
    current = await chat.state.get_state()
    return next(
        (s for s in (ScenarioName.saving, ScenarioName.renaming) if s.state == current), None
    )


async def _leave_naming(chat: Chat) -> None:
    """Stop waiting for a name (if we were): retire the prompt, forget what it was for."""
    if await _naming(chat) is None:
        return
    await chat.retire()
    await chat.state.set_state(None)
    chat.session.saving = chat.session.renaming = None


async def _read_inputs(chat: Chat, scenario: Scenario) -> Inputs | None:
    """Stop waiting for a name; the scenario's inputs, or ``None`` after saying that today's
    rules refuse them."""
    await _leave_naming(chat)
    inputs = flow.inputs_of(scenario.inputs)
    if inputs is None:
        await _broken(chat, scenario)
    return inputs


async def _page(repo: ScenarioRepository, user_id: int, count: int, number: int) -> ListPage:
    """Page ``number`` of the user's ``count`` scenarios, newest first (the last page if fewer)."""
    number = min(number, pages(count) - 1)
    shown = await repo.list_page(user_id, number * PAGE_SIZE, PAGE_SIZE)
    return ListPage([(s, flow.result_of(s)) for s in shown], number, count)


async def show_list(
    chat: Chat, repo: ScenarioRepository, page: int = 0, edit: int | None = None
) -> None:
    """The person's scenarios, newest first, ten a page (or how to get a first one)."""
    count = await repo.count(chat.id)
    if count == 0:
        await _send_or_edit(chat, chat.msg("scenario-empty"), empty_keyboard(chat.texts), edit)
        return
    listed = await _page(repo, chat.id, count, page)
    markup = list_keyboard(chat.texts, listed)
    await _send_or_edit(chat, list_text(chat.texts, listed), markup, edit)


async def _show_picker(
    chat: Chat, repo: ScenarioRepository, first: Scenario, page: int, edit: int | None
) -> None:
    """The person's other scenarios to compare ``first`` with (or that there are none)."""
    count = await repo.count(chat.id)
    if count < 2:
        await chat.say(chat.msg("scenario-compare-alone"), kept_keyboard(chat.texts, first.id))
        return
    listed = await _page(repo, chat.id, count, page)
    markup = pick_keyboard(chat.texts, first, listed)
    await _send_or_edit(chat, pick_text(chat.texts, first, listed), markup, edit)


async def _save(
    chat: Chat, repo: ScenarioRepository, saving: Saving | None, name: str
) -> Scenario | None:
    """Save the result being named under ``name`` and say so; the new scenario."""
    if saving is None:
        await _nothing_to_save(chat)
        return None
    saved = await flow.save(chat, repo, name, saving.inputs)
    if saved is not None:
        await flow.send_saved(chat, saved)
    return saved


async def _rename(
    chat: Chat, repo: ScenarioRepository, scenario_id: int | None, name: str
) -> None:
    """Rename scenario ``scenario_id`` to ``name`` and say so."""
    scenario = None if scenario_id is None else await repo.get(chat.id, scenario_id)
    if scenario is None or not await repo.rename(chat.id, scenario.id, name):
        await _say_not_found(chat)
        return
    text = chat.msg("scenario-renamed", old=html.escape(scenario.name), name=html.escape(name))
    await chat.say(text, renamed_keyboard(chat.texts, scenario.id))


async def _use_name(chat: Chat, repo: ScenarioRepository, events: EventLog, name: str) -> None:
    """Save the result being named, or rename the scenario being renamed, as ``name``."""
    naming = await _naming(chat)
    saving, renaming = chat.session.saving, chat.session.renaming
    await _leave_naming(chat)
    if naming is not ScenarioName.saving:
        await _rename(chat, repo, renaming, name)
    elif await _save(chat, repo, saving, name) is not None:
        await events.record_event(chat.id, EventKind.SCENARIO_SAVED)


async def _ask_again(chat: Chat, reason: str) -> None:
    """Explain why the name was refused and ask for it again."""
    saving = chat.session.saving
    if await _naming(chat) is ScenarioName.saving and saving is not None and saving.name:
        name = html.escape(saving.name)
        again = chat.msg("scenario-ask-name-again", max=naming.MAX_NAME_LENGTH, name=name)
        markup = name_keyboard(chat.texts, saving.name)
    else:
        again = chat.msg("scenario-ask-rename-again", max=naming.MAX_NAME_LENGTH)
        markup = name_keyboard(chat.texts, None)
    await chat.screen(f"{reason}\n\n{again}", markup)


async def cancel_naming(_: Message | CallbackQuery, chat: Chat) -> None:
    """/cancel or «Отмена» while a name is typed: say what was cancelled."""
    renaming = await _naming(chat) is ScenarioName.renaming
    scenario_id = chat.session.renaming
    await _leave_naming(chat)
    if renaming and scenario_id is not None:
        await chat.say(
            chat.msg("scenario-rename-cancelled"), renamed_keyboard(chat.texts, scenario_id)
        )
        return
    await chat.say(chat.msg("scenario-save-cancelled"), main_menu(chat.texts))


async def keep_suggested(
    _: CallbackQuery, chat: Chat, repo: ScenarioRepository, events: EventLog
) -> None:
    """«Оставить это название»."""
    saving = chat.session.saving
    name = None if saving is None else saving.name
    if name is None or naming.name_problem(chat.texts, name) is not None:
        await _leave_naming(chat)
        await _nothing_to_save(chat)
        return
    await _use_name(chat, repo, events, name)


async def name_typed(
    message: Message, chat: Chat, repo: ScenarioRepository, events: EventLog
) -> None:
    """A name typed for the result being saved or the scenario being renamed."""
    name = naming.normalise_name(message.text or "")
    problem = naming.name_problem(chat.texts, name)
    if problem is None:
        await _use_name(chat, repo, events, name)
    else:
        await _ask_again(chat, problem)


async def not_a_name(_: Message, chat: Chat) -> None:
    """A sticker or a photo where a name is expected."""
    await _ask_again(chat, chat.msg("scenario-name-not-text"))


async def list_command(_: Message | CallbackQuery, chat: Chat, repo: ScenarioRepository) -> None:
    """/scenarios and «Мои сценарии»."""
    await _leave_naming(chat)
    await show_list(chat, repo)


async def list_button(
    _: CallbackQuery, callback_data: ScenarioCb, chat: Chat, repo: ScenarioRepository
) -> None:
    """«К списку» (at a page)."""
    await _leave_naming(chat)
    await show_list(chat, repo, callback_data.page)


async def list_here(
    query: CallbackQuery, callback_data: ScenarioCb, chat: Chat, repo: ScenarioRepository
) -> None:
    """«К списку» under a card, the picker or a short reply: the list in its place."""
    await _leave_naming(chat)
    message = query.message
    if isinstance(message, Message) and message.photo:  # a card: replaced by the list
        await show_list(chat, repo, callback_data.page)
        await _delete(chat, message.message_id)
        return
    await show_list(chat, repo, callback_data.page, _message_id(query))


async def _delete(chat: Chat, message_id: int) -> None:
    """Take a screen away that another one replaced (it may be gone already)."""
    with suppress(TelegramBadRequest):
        await chat.bot.delete_message(chat.id, message_id)


async def turn_page(
    query: CallbackQuery, callback_data: ScenarioCb, chat: Chat, repo: ScenarioRepository
) -> None:
    """A page of the list, in place."""
    await show_list(chat, repo, callback_data.page, _message_id(query))


async def save_button(
    _: CallbackQuery, result: Result, chat: Chat, repo: ScenarioRepository
) -> None:
    """«Сохранить»: ask for a name, suggesting one; a result saved already is not saved twice."""
    same = await flow.saved_as(repo, chat.id, result.inputs)
    if same is not None:
        await _leave_naming(chat)
        await flow.send_already_saved(chat, same)
        return
    count = await repo.count(chat.id)
    if count >= flow.MAX_SCENARIOS:
        await flow.send_limit(chat, flow.MAX_SCENARIOS, count)
        return
    taken = await flow.names_of(repo, chat.id)
    source = chat.session.source  # the orders file the result was calculated from
    suggested = (
        naming.suggest_file_name(chat.texts, source, flow.now(), taken)
        if source
        else naming.suggest_name(chat.texts, result.inputs, flow.now(), taken)
    )
    await chat.state.set_state(ScenarioName.saving)
    chat.session.saving = Saving(inputs=result.inputs.model_dump(mode="json"), name=suggested)
    chat.session.renaming = None
    text = chat.msg("scenario-ask-name", max=naming.MAX_NAME_LENGTH, name=html.escape(suggested))
    await chat.screen(text, name_keyboard(chat.texts, suggested))


async def open_scenario(
    query: CallbackQuery,
    callback_data: ScenarioCb,
    scenario: Scenario,
    chat: Chat,
    renderer: Renderer,
) -> None:
    """A scenario's card: its chart with the figures as the caption, one message; opened from
    the list, it takes the list's place («К списку» brings the list back in its own)."""
    inputs = await _read_inputs(chat, scenario)
    if inputs is None:
        return
    result = compute(inputs)
    async with ChatActionSender.upload_photo(bot=chat.bot, chat_id=chat.id):
        png = await renderer.result_chart(result)
        await chat.bot.send_photo(
            chat.id,
            BufferedInputFile(png, filename="ltv.png"),
            caption=card_caption(chat.texts, scenario, result),
            reply_markup=card_keyboard(chat.texts, scenario.id),
        )
    listed = _message_id(query)
    if callback_data.action is ScenarioAction.OPEN_HERE and listed is not None:
        await _delete(chat, listed)


async def change_answer(_: CallbackQuery, scenario: Scenario, chat: Chat) -> None:
    """«Изменить» a scenario: its answers on the review screen; the result is a new version."""
    inputs = await _read_inputs(chat, scenario)
    if inputs is None:
        return
    chat.session.answers = inputs.model_dump(mode="json")
    chat.session.editing, chat.session.origin = False, scenario.id
    intro = chat.msg("scenario-edit-intro", name=html.escape(scenario.name))
    await show_review(chat, prefix=intro)


async def rename_button(_: CallbackQuery, scenario: Scenario, chat: Chat) -> None:
    """«Переименовать»: ask for the new name."""
    await chat.state.set_state(ScenarioName.renaming)
    chat.session.renaming, chat.session.saving = scenario.id, None
    text = chat.msg(
        "scenario-ask-rename", name=html.escape(scenario.name), max=naming.MAX_NAME_LENGTH
    )
    await chat.screen(text, name_keyboard(chat.texts, None))


async def delete_button(_: CallbackQuery, scenario: Scenario, chat: Chat) -> None:
    """«Удалить»: ask to confirm."""
    text = chat.msg("scenario-confirm-delete", name=html.escape(scenario.name))
    await chat.say(text, confirm_delete_keyboard(chat.texts, scenario.id))


async def delete_confirmed(
    query: CallbackQuery,
    scenario: Scenario,
    chat: Chat,
    repo: ScenarioRepository,
) -> None:
    """«Да, удалить»: deleted, then the list."""
    if not await repo.delete(chat.id, scenario.id):  # deleted meanwhile by a second press
        await not_found(query, chat)
        return
    await query.answer()
    text = chat.msg("scenario-deleted", name=html.escape(scenario.name))
    await _send_or_edit(chat, text, InlineKeyboardMarkup(inline_keyboard=[]), _message_id(query))
    await show_list(chat, repo)


async def delete_refused(query: CallbackQuery, scenario: Scenario, chat: Chat) -> None:
    """«Нет, оставить»."""
    text = chat.msg("scenario-kept", name=html.escape(scenario.name))
    await _send_or_edit(chat, text, kept_keyboard(chat.texts, scenario.id), _message_id(query))


async def pick_second(
    query: CallbackQuery,
    callback_data: ScenarioCb,
    scenario: Scenario,
    chat: Chat,
    repo: ScenarioRepository,
) -> None:
    """«Сравнить»: which scenario to compare with (a page of them)."""
    in_place = callback_data.action is ScenarioAction.PICK_PAGE
    edit = _message_id(query) if in_place else None
    await _show_picker(chat, repo, scenario, callback_data.page, edit)


async def compare(
    _: CallbackQuery, scenario: Scenario, other: Scenario, chat: Chat, renderer: Renderer
) -> None:
    """Two scenarios on one chart, and what differs between them."""
    one, two = flow.result_of(scenario), flow.result_of(other)
    if one is None or two is None:
        await _broken(chat, scenario if one is None else other)
        return
    async with ChatActionSender.upload_photo(bot=chat.bot, chat_id=chat.id):
        png = await renderer.comparison_chart(one, two, scenario.name, other.name)
        await chat.bot.send_photo(chat.id, BufferedInputFile(png, filename="compare.png"))
    text = compare_text(chat.texts, one, two, scenario.name, other.name)
    await chat.say(text, compare_keyboard(chat.texts, scenario, other))


def build_naming_router() -> Router:
    """While a name is typed: the name itself, /cancel and «Отмена».

    Registered first, so that a name such as «LTV» is taken as a name, and /cancel
    says what was cancelled. Other commands pass through to their own handlers.
    """
    router = Router(name="scenario-naming")
    router.message.filter(NAMING)  # one check for everyone else's messages
    router.message.register(cancel_naming, Command("cancel"))
    router.callback_query.register(
        cancel_naming, ScenarioCb.filter(F.action == ScenarioAction.CANCEL), NAMING
    )
    router.callback_query.register(
        keep_suggested,
        ScenarioCb.filter(F.action == ScenarioAction.KEEP_NAME),
        StateFilter(ScenarioName.saving),
    )
    router.message.register(name_typed, Magic(F.text), Magic(~F.text.startswith("/")))
    router.message.register(not_a_name, Magic(~F.text))
    return router


def build_router() -> Router:
    """The list and every button about a saved scenario; a fresh router per dispatcher."""
    router = Router(name="scenarios")
    on = router.callback_query.register
    router.message.register(list_command, Command("scenarios"))
    on(list_command, MenuCb.filter(F.action == MenuAction.SCENARIOS))
    on(list_button, ScenarioCb.filter(F.action == ScenarioAction.LIST))
    on(list_here, ScenarioCb.filter(F.action == ScenarioAction.LIST_HERE))
    on(turn_page, ScenarioCb.filter(F.action == ScenarioAction.PAGE))
    on(save_button, ResultCb.filter(F.action == ResultAction.SAVE), current_result)
    on(save_button, VariantCb.filter(F.action == VariantAction.SAVE), current_variant)
    own = OwnScenario()
    opening = {ScenarioAction.OPEN, ScenarioAction.OPEN_HERE}
    on(open_scenario, ScenarioCb.filter(F.action.in_(opening)), own)
    on(change_answer, ScenarioCb.filter(F.action == ScenarioAction.EDIT), own)
    on(rename_button, ScenarioCb.filter(F.action == ScenarioAction.RENAME), own)
    on(delete_button, ScenarioCb.filter(F.action == ScenarioAction.DELETE), own)
    on(
        delete_confirmed,
        ScenarioCb.filter(F.action == ScenarioAction.DELETE_YES),
        own,
        flags=ANSWERS_ITSELF,
    )
    on(delete_refused, ScenarioCb.filter(F.action == ScenarioAction.KEEP), own)
    picking = {ScenarioAction.PICK, ScenarioAction.PICK_PAGE}
    on(pick_second, ScenarioCb.filter(F.action.in_(picking)), own)
    on(compare, ScenarioCb.filter(F.action == ScenarioAction.COMPARE), OwnScenario(pair=True))
    # Last: a scenario button that no handler above let through (missing or not the user's).
    on(not_found, ScenarioCb.filter(F.action.in_(WITH_ID)), flags=ANSWERS_ITSELF)
    return router
