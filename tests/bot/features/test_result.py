"""The result: its buttons, «Что если», changing an answer, a new calculation, stale results."""

from __future__ import annotations

import pytest
from aiogram.methods import SendPhoto

from bot.features.result.callbacks import InputCb, ResultCb, VariantAction, VariantCb
from bot.features.result.variants import variant_inputs
from bot.features.result.views import (
    lever_button,
    result_text,
    target_button,
    variant_text,
    what_if_text,
)
from bot.storage import EventKind
from core.economics import compute
from core.models import Field, Inputs, TargetKind
from l10n import Texts
from tests.bot.harness import (
    BotClient,
    Harness,
    button_data,
    calculate,
    labels,
    menu_labels,
    subscription_review,
)
from tests.builders import purchases, subscription


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


async def test_what_if_ranks_every_lever_and_offers_each_as_a_button(
    client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client, cac="20 000")
    sent = await client.press(summary, "Что если")
    assert sent.names == ["answerCallbackQuery", "sendMessage"]
    expected = compute(subscription(price=3000, churn=5, cac=20_000, margin=80))
    assert sent.text == what_if_text(texts, expected)
    assert "Чтобы выйти на LTV/CAC 3×" in sent.text
    model = expected.inputs.model
    levers = [lever_button(texts, n, lever, model) for n, lever in enumerate(expected.levers, 1)]
    assert levers[:2] == [
        "1. CAC: 20\u00a0000\u00a0₽ → 16\u00a0000\u00a0₽",
        "2. Отток: 5\u00a0% → 4\u00a0%",
    ]
    price_target = next(c for c in expected.to_target if c.kind is TargetKind.PRICE)
    assert client.last_buttons == [
        *levers,
        target_button(texts, price_target, model),  # churn 4 % and CAC 16 000 ₽ are levers
        texts.msg("btn-own-value"),
        texts.msg("btn-change"),
        texts.msg("btn-new"),
    ]
    markup = client.last_message.reply_markup
    assert markup is not None
    assert all(
        len((b.callback_data or "").encode()) <= 64 for r in markup.inline_keyboard for b in r
    )
    sent = await client.press(summary, "Что если")
    assert sent.text == what_if_text(texts, expected), "the result's buttons stay usable"


async def test_a_lever_applied_gives_its_chart_and_figures_and_can_be_saved(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client, cac="20 000")
    await client.press(summary, "Что если")
    levers = client.last_message
    sent = await client.press(levers, "2. Отток")
    assert sent.names == ["answerCallbackQuery", "sendPhoto"], "one message: chart and figures"
    original = compute(subscription(price=3000, churn=5, cac=20_000, margin=80))
    variant = compute(subscription(price=3000, churn=4, cac=20_000, margin=80))
    photo = sent.of(SendPhoto)[0]
    assert photo.caption == variant_text(texts, original, variant, Field.CHURN)
    assert "LTV / CAC: 2,4× → <b>3,0×</b>" in (photo.caption or "")
    assert harness.renderer.calls[-1] == "result_chart"
    assert client.last_buttons == [
        texts.msg("btn-save-variant"),
        texts.msg("btn-own-value"),
        texts.msg("btn-other-levers"),
        texts.msg("btn-show-original"),
    ]
    card = client.last_message

    sent = await client.press(card, texts.msg("btn-save-variant"))
    assert "Как назвать сценарий" in sent.text
    await client.send("Клуб, отток 4 %")
    [scenario] = await harness.repo.list_page(client.id, 0, 10)
    assert (scenario.name, Inputs.checked(**scenario.inputs)) == (
        "Клуб, отток 4 %",
        variant.inputs,
    )
    again = await client.press(card, texts.msg("btn-save-variant"))
    assert again.text == texts.msg("scenario-already-saved", name="Клуб, отток 4 %")

    sent = await client.press(card, texts.msg("btn-show-original"))
    assert sent.names[-2:] == ["sendPhoto", "sendMessage"]
    assert sent.text == result_text(texts, original), "the way back: the result as it was"
    assert client.last_buttons == labels(summary)
    sent = await client.press(card, texts.msg("btn-other-levers"))
    assert sent.text == what_if_text(texts, original)
    sent = await client.press(levers, "До 3×: стоимость подписки")
    to_three = compute(subscription(price=3750, churn=5, cac=20_000, margin=80))
    assert sent.of(SendPhoto)[0].caption == variant_text(texts, original, to_three, Field.PRICE)
    assert "→ <b>3,0×</b>" in (sent.of(SendPhoto)[0].caption or "")


async def test_own_value_typed_gives_the_variant(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client)
    await client.press(summary, "Что если")
    levers = client.last_message
    sent = await client.press(levers, texts.msg("btn-own-value"))
    assert sent.names == ["answerCallbackQuery", "editMessageText"], "in place of the levers"
    choice = client.current(levers)
    assert choice.text == texts.msg("own-value-pick")
    assert labels(choice) == [
        "Стоимость подписки: 3\u00a0000\u00a0₽ в месяц",
        "Отток: 5\u00a0% в месяц",
        "Маржа: 80\u00a0%",
        "CAC: 5\u00a0000\u00a0₽",
        texts.msg("btn-levers-back"),
    ]
    sent = await client.press(choice, "Стоимость подписки")
    assert sent.names == ["answerCallbackQuery", "editMessageText"]
    prompt = client.current(levers)
    assert "Напишите новое значение: <b>стоимость подписки</b>" in (prompt.text or "")
    sent = await client.send("LTV")
    assert len(await harness.submitted_jobs()) == 1, "«LTV» is the toolkit, not a value"
    sent = await client.send("дорого")
    assert sent.names == ["sendMessage", "editMessageReplyMarkup"]
    assert sent.text.startswith(texts.msg("error-not-a-number"))
    assert client.last_buttons == [texts.msg("btn-levers-back")]
    sent = await client.send("3 500")
    assert sent.of(SendPhoto)
    original = compute(subscription(price=3000, churn=5, cac=5000, margin=80))
    variant = compute(subscription(price=3500, churn=5, cac=5000, margin=80))
    assert sent.of(SendPhoto)[0].caption == variant_text(texts, original, variant, Field.PRICE)
    assert (await client.send("4000")).text == texts.msg("outside-dialog"), "one value typed"

    await client.press(summary, "Что если")
    await client.press(client.last_message, texts.msg("btn-own-value"))
    await client.press(client.last_message, texts.msg("btn-levers-back"))
    assert client.last_text == what_if_text(texts, original), "back to the levers, in place"


async def test_variant_buttons_of_an_older_result_are_out_of_date(
    client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client)
    await client.press(summary, "Что если")
    levers = client.last_message
    await client.press(levers, "1.")
    card = client.last_message
    newer = await calculate(client, price="4 000")
    for message, label in ((levers, "2."), (card, texts.msg("btn-save-variant"))):
        sent = await client.press(message, label)
        assert [a.text for a in sent.answers] == [texts.msg("stale-menu")]
        assert sent.text == texts.msg("result-out-of-date")
    newest = ResultCb.unpack(button_data(newer, "Что если")).ref
    for forged in (
        VariantCb(action=VariantAction.SHOW, ref=newest, field=Field.MODEL, value=1),
        VariantCb(action=VariantAction.SHOW, ref=newest, field=Field.PER_YEAR, value=4),
        VariantCb(action=VariantAction.SHOW, ref=newest, field=Field.CHURN, value=0),
        InputCb(ref=newest, field=Field.MODEL),
    ):
        sent = await client.press_data(client.last_message, forged.pack())
        assert sent.text == texts.msg("result-out-of-date"), forged


def test_variant_data_fits_telegrams_64_bytes() -> None:
    longest = VariantCb(
        action=VariantAction.SAVE, ref=10**13 - 1, field=Field.PER_YEAR, value=99_999_999.99
    )
    assert len(longest.pack().encode()) <= 64
    assert len(InputCb(ref=10**13 - 1, field=Field.PER_YEAR).pack().encode()) <= 64


@pytest.mark.parametrize("field", [Field.PER_YEAR, Field.MARGIN, Field.PRICE])
def test_a_variants_caption_fits_a_photo(texts: Texts, field: Field) -> None:
    inputs = purchases(price=99_999_999, churn=99.99, cac=99_999_999, per_year=0.13)
    value = {Field.PER_YEAR: 51.99, Field.MARGIN: 0.01, Field.PRICE: 1.01}[field]
    changed = variant_inputs(inputs, field, value)
    assert changed is not None
    caption = variant_text(texts, compute(inputs), compute(changed), field)
    assert len(caption) <= 1024


async def test_change_an_answer_of_the_result_and_calculate_again(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client)
    sent = await client.press(summary, texts.msg("btn-change"))
    assert "Проверьте ответы" in sent.text
    assert "3\u00a0000\u00a0₽ в месяц" in sent.text
    await client.press(client.last_message, "Стоимость")
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


async def test_change_an_answer_from_the_levers_makes_no_refused_call(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client)
    for _ in range(2):
        await client.press(summary, "Что если")
        sent = await client.press(client.last_message, texts.msg("btn-change"))
        assert "Проверьте ответы" in sent.text
        await client.press(client.last_message, "Рассчитать")
        summary = client.last_message
    assert harness.session.failed == [], "no «message is not modified» or other refusal"
