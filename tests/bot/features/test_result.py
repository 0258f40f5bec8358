"""The result: its buttons, «Что если», changing an answer, a new calculation, stale results."""

from __future__ import annotations

from aiogram.methods import SendPhoto

from bot.features.result.views import result_text, what_if_text
from bot.storage import EventKind
from core.economics import compute
from l10n import Texts
from tests.bot.harness import (
    BotClient,
    Harness,
    calculate,
    labels,
    menu_labels,
    subscription_review,
)
from tests.builders import subscription


async def test_the_result_offers_save_levers_checklist_change_and_new(
    client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client)
    assert labels(summary) == [
        texts.msg("btn-save"),
        texts.msg("btn-what-if"),
        texts.msg("btn-checklist-personal"),
        texts.msg("btn-change"),
        texts.msg("btn-new"),
    ]


async def test_what_if_ranks_every_lever_and_names_the_target(
    client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client, cac="20 000")
    sent = await client.press(summary, "Что если")
    assert sent.names == ["answerCallbackQuery", "sendMessage"]
    expected = compute(subscription(price=3000, churn=5, cac=20_000, margin=80))
    assert sent.text == what_if_text(texts, expected)
    assert "Чтобы выйти на LTV/CAC 3×" in sent.text
    assert client.last_buttons == [texts.msg("btn-change"), texts.msg("btn-new")]
    sent = await client.press(summary, "Что если")
    assert sent.text == what_if_text(texts, expected), "the result's buttons stay usable"


async def test_change_an_answer_of_the_result_and_calculate_again(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client)
    sent = await client.press(summary, texts.msg("btn-change"))
    assert "Проверьте ответы" in sent.text
    assert "3\u00a0000\u00a0₽ в месяц" in sent.text
    await client.press(client.last_message, "цена")
    await client.send("4000")
    sent = await client.press(client.last_message, "Рассчитать")
    expected = compute(subscription(price=4000, churn=5, cac=5000, margin=80))
    assert sent.text == result_text(texts, expected)
    assert await harness.events.count_events(EventKind.CALCULATION) == 2

    stale = await client.press(summary, "Что если")
    assert [a.text for a in stale.answers] == [texts.msg("stale-menu")]
    assert stale.text == texts.msg("result-out-of-date"), "the first result is not the latest"
    assert client.last_buttons == menu_labels(texts)


async def test_a_new_calculation_from_the_result_keeps_the_result_usable(
    client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client)
    sent = await client.press(summary, texts.msg("btn-new"))
    assert texts.msg("ask-model") in sent.text
    question = client.last_message
    sent = await client.press(summary, "Что если")
    assert sent.names == ["answerCallbackQuery", "sendMessage"]
    assert "Что если" in sent.text, "no new result yet: the latest one still answers"
    sent = await client.press(question, "Подписка")
    assert texts.msg("ask-price-subscription") in sent.text, "and the dialog goes on"


async def test_a_double_tap_on_calculate_calculates_once(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    review = await subscription_review(client)
    first = await client.press(review, "Рассчитать")
    second = await client.press(review, "Рассчитать")
    assert len(first.of(SendPhoto)) == 1
    assert second.names == ["answerCallbackQuery", "sendMessage"]
    assert second.text == texts.msg("stale-menu-long")
    assert await harness.events.count_events(EventKind.CALCULATION) == 1
    assert harness.renderer.calls == ["result_chart"]


async def test_the_latest_result_outlives_cancel_and_start(
    client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client)
    await client.send("/calc")
    await client.send("/cancel")
    await client.send("/start")
    sent = await client.press(summary, "Что если")
    expected = compute(subscription(price=3000, churn=5, cac=5000, margin=80))
    assert sent.text == what_if_text(texts, expected)
