"""Start, help, cancel, the main menu, the fallbacks, and chats the bot does not serve."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendMessage, SendPhoto
from aiogram.types import Chat, Message, Update

from bot.app import command_menu
from bot.features.result.views import result_line
from bot.ui.callbacks import MenuAction, MenuCb
from core.economics import compute
from l10n import Texts
from tests.bot.harness import (
    BotClient,
    Harness,
    calculate,
    menu_labels,
    open_dialog,
    subscription_review,
)
from tests.builders import subscription


async def test_start_greets_by_name_escaped_with_the_menu(harness: Harness, texts: Texts) -> None:
    client = harness.client(3003, "<Ann & Co>")
    sent = await client.send("/start")
    assert sent.names == ["sendMessage"]
    assert sent.text == texts.msg("greeting", name="&lt;Ann &amp; Co&gt;")
    assert client.last_buttons == menu_labels(texts)


async def test_start_in_the_middle_of_a_calculation_asks_to_go_on_or_begin_again(
    client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    await client.send("3000")
    question = client.last_message
    sent = await client.send("/start")
    assert sent.names == ["sendMessage", "editMessageReplyMarkup"]
    assert sent.text == texts.msg("start-mid-calculation")
    assert client.last_buttons == [texts.msg("btn-resume"), texts.msg("btn-restart")]
    assert client.current(question).reply_markup is None, "one set of live buttons"

    sent = await client.press(client.last_message, texts.msg("btn-resume"))
    assert "Шаг 3 из 5" in sent.text
    assert texts.msg("ask-churn-subscription") in sent.text, "the same question, answers kept"
    sent = await client.send("5")
    assert "отток — 5\u00a0% в месяц" in sent.text

    await client.send("/start")
    sent = await client.press(client.last_message, texts.msg("btn-restart"))
    assert texts.msg("ask-model") in sent.text
    sent = await client.press(client.last_message, "Подписка")
    assert "Шаг 2 из 5" in sent.text
    assert "3\u00a0000" not in sent.text, "the answers of the calculation left are gone"


async def test_start_during_the_review_offers_to_go_on_with_it(
    client: BotClient, texts: Texts
) -> None:
    await subscription_review(client)
    sent = await client.send("/start")
    assert sent.text == texts.msg("start-mid-calculation")
    sent = await client.press(client.last_message, texts.msg("btn-resume"))
    assert "Проверьте ответы" in sent.text
    sent = await client.press(client.last_message, "Рассчитать")
    assert sent.of(SendPhoto)


async def test_a_returning_person_sees_their_last_result_and_scenarios(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await calculate(client, cac="5 000")
    sent = await client.send("/start")
    expected = compute(subscription(price=3000, churn=5, cac=5000, margin=80))
    assert sent.text.startswith(texts.msg("greeting-returning", name="Анна"))
    assert texts.msg("greeting-last", line=result_line(texts, expected)) in sent.text
    assert "LTV <b>48\u00a0000\u00a0₽</b>" in sent.text
    assert texts.msg("greeting-scenarios", count=0) not in sent.text, "none saved: not said"
    assert client.last_buttons[:2] == [texts.msg("btn-calc-again"), texts.msg("btn-change-last")]
    assert client.last_buttons[2:] == menu_labels(texts)[1:]

    sent = await client.press(client.last_message, texts.msg("btn-change-last"))
    assert "Проверьте ответы" in sent.text
    assert "3\u00a0000\u00a0₽ в месяц" in sent.text
    await client.send("/cancel")

    await harness.repo.save(client.id, "Клуб", expected.inputs.model_dump(mode="json"))
    await harness.repo.save(client.id, "Курс", expected.inputs.model_dump(mode="json"))
    sent = await client.send("/start")
    assert texts.msg("greeting-scenarios", count=2) in sent.text
    sent = await client.press(client.last_message, texts.msg("btn-calc-again"))
    assert texts.msg("ask-model") in sent.text


async def test_a_person_with_scenarios_only_is_greeted_as_returning(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    inputs = subscription(price=3000, churn=5, cac=5000, margin=80)
    await harness.repo.save(client.id, "Клуб", inputs.model_dump(mode="json"))
    sent = await client.send("/start")
    assert sent.text.startswith(texts.msg("greeting-returning", name="Анна"))
    assert texts.msg("greeting-scenarios", count=1) in sent.text
    assert "Последний расчёт" not in sent.text
    assert texts.msg("btn-change-last") not in client.last_buttons
    assert client.last_buttons[0] == texts.msg("btn-calc-again")


async def test_help_by_command_and_by_button(client: BotClient, texts: Texts) -> None:
    sent = await client.send("/help")
    assert sent.text == texts.msg("help")
    assert client.last_buttons == menu_labels(texts)
    sent = await client.press(client.last_message, texts.msg("btn-help"))
    assert sent.names == ["answerCallbackQuery", "sendMessage"]
    assert sent.text == texts.msg("help")


async def test_help_lists_every_command_of_the_menu(client: BotClient, texts: Texts) -> None:
    shown = (await client.send("/help")).text
    menu = [command.command for command in command_menu(texts)]
    assert "import" in menu, "an orders export is one command away"
    for command in menu:
        if command != "start":  # /start is how a person got here
            assert f"/{command} — " in shown, command
    assert "/import — посчитать по выгрузке заказов" in shown


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
