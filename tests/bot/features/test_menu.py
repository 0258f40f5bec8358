"""Start, help, cancel, the main menu, the fallbacks, and chats the bot does not serve."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendMessage
from aiogram.types import Chat, Message, Update

from bot.ui.callbacks import MenuAction, MenuCb
from l10n import Texts
from tests.bot.harness import BotClient, Harness, menu_labels, open_dialog


async def test_start_greets_by_name_escaped_with_the_menu(harness: Harness, texts: Texts) -> None:
    client = harness.client(3003, "<Ann & Co>")
    sent = await client.send("/start")
    assert sent.names == ["sendMessage"]
    assert sent.text == texts.msg("greeting", name="&lt;Ann &amp; Co&gt;")
    assert client.last_buttons == menu_labels(texts)


async def test_start_in_the_middle_of_a_dialog_leaves_it(client: BotClient, texts: Texts) -> None:
    await client.press(await open_dialog(client), "Подписка")
    question = client.last_message
    sent = await client.send("/start")
    assert sent.names == ["editMessageReplyMarkup", "sendMessage"]
    assert client.current(question).reply_markup is None
    assert (await client.send("3000")).text == texts.msg("outside-dialog")


async def test_help_by_command_and_by_button(client: BotClient, texts: Texts) -> None:
    sent = await client.send("/help")
    assert sent.text == texts.msg("help")
    assert client.last_buttons == menu_labels(texts)
    sent = await client.press(client.last_message, texts.msg("btn-help"))
    assert sent.names == ["answerCallbackQuery", "sendMessage"]
    assert sent.text == texts.msg("help")


async def test_cancel_with_and_without_a_dialog(client: BotClient, texts: Texts) -> None:
    sent = await client.send("/cancel")
    assert sent.names == ["sendMessage"]
    assert sent.text == texts.msg("nothing-to-cancel")
    await client.press(await open_dialog(client), "Подписка")
    question = client.last_message
    sent = await client.send("/cancel")
    assert sent.names == ["editMessageReplyMarkup", "sendMessage"]
    assert sent.text == texts.msg("cancelled")
    assert client.current(question).reply_markup is None
    assert client.last_buttons == menu_labels(texts)
    assert (await client.send("/cancel")).text == texts.msg("nothing-to-cancel")


async def test_anything_else_outside_a_dialog_gets_the_menu(
    client: BotClient, texts: Texts
) -> None:
    for sent in (
        await client.send("привет"),
        await client.send("/unknown"),
        await client.send("3000"),
        await client.send_sticker(),
    ):
        assert sent.names == ["sendMessage"]
        assert sent.text == texts.msg("outside-dialog")
        assert client.last_buttons == menu_labels(texts)


async def test_a_button_no_handler_knows_is_answered_as_stale(
    client: BotClient, texts: Texts
) -> None:
    await client.send("/help")
    menu = client.last_message
    for data in ("zzz", "s:nonsense", "sc:o:notanumber", f"sc:o:{2**64}"):
        sent = await client.press_data(menu, data)
        assert [a.text for a in sent.answers] == [texts.msg("stale-menu")], data
        assert sent.text == texts.msg("stale-menu-long"), data


async def test_the_home_button_shows_the_menu(client: BotClient, texts: Texts) -> None:
    await client.send("/scenarios")
    sent = await client.press_data(client.last_message, MenuCb(action=MenuAction.HOME).pack())
    assert sent.names == ["answerCallbackQuery", "sendMessage"]
    assert sent.text == texts.msg("menu-prompt")
    assert client.last_buttons == menu_labels(texts)


async def test_a_group_chat_is_not_served(harness: Harness, client: BotClient) -> None:
    group = Chat(id=-100123, type="group", title="Группа")
    message = Message(
        message_id=1, date=datetime.now(UTC), chat=group, from_user=client.user, text="/start"
    )
    sent = await client.feed(Update(update_id=1, message=message))
    assert sent == []
    assert await harness.submitted_jobs() == []


async def test_a_person_who_blocked_the_bot_breaks_nothing(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    blocked = "Forbidden: bot was blocked by the user"
    harness.session.fail(SendMessage, TelegramForbiddenError, blocked, times=2)
    sent = await client.send("/start")
    assert sent.names == ["sendMessage", "sendMessage"], "the greeting, then the error notice"
    assert harness.session.failed == list(sent)
    assert (await client.send("/help")).text == texts.msg("help"), "unblocked: served again"
