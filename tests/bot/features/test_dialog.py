"""The calculation dialog: questions, answers, refusals, stale taps, back, edit, failures."""

from __future__ import annotations

import pytest
from aiogram.methods import EditMessageReplyMarkup, EditMessageText, SendMessage, SendPhoto
from aiogram.types import BufferedInputFile

from bot.features.dialog.callbacks import StepAction, StepCb
from bot.features.result.views import result_text
from bot.storage import EventKind
from core import formatting
from core.economics import compute
from l10n import Texts
from tests.bot.harness import (
    EDIT_NOT_FOUND,
    PNG,
    BotClient,
    Harness,
    labels,
    menu_labels,
    open_dialog,
    subscription_review,
)
from tests.builders import purchases, subscription

BOTH_STORAGES = pytest.mark.parametrize("harness", ["sqlite", "json"], indirect=True)


def step(texts: Texts, number: int, total: int) -> str:
    """The progress mark of a question."""
    return texts.msg("progress", number=number, total=total)


@BOTH_STORAGES
async def test_subscription_calculation_gives_the_figures_of_core(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    sent = await client.send("/calc")
    assert sent.names == ["sendMessage"]
    assert texts.msg("progress-first") in sent.text
    assert texts.msg("ask-model") in sent.text
    assert client.last_buttons == [
        texts.msg("btn-model-subscription"),
        texts.msg("btn-model-purchases"),
        texts.msg("btn-hint"),
        texts.msg("btn-back"),
        texts.msg("btn-cancel"),
    ]

    question = client.last_message
    sent = await client.press(question, "Подписка")
    assert sent.names == ["answerCallbackQuery", "sendMessage", "editMessageReplyMarkup"]
    assert client.current(question).reply_markup is None, "an answered question keeps no buttons"
    assert sent.text.startswith(
        texts.msg("accepted", label="модель", value=texts.msg("value-model-subscription"))
    )
    assert step(texts, 2, 5) in sent.text
    assert texts.msg("ask-price-subscription") in sent.text

    sent = await client.send("3 000 ₽")
    assert "3\u00a0000\u00a0₽ в месяц" in sent.text
    assert step(texts, 3, 5) in sent.text
    sent = await client.press(client.last_message, "5\u00a0%")
    assert "отток — 5\u00a0% в месяц" in sent.text
    sent = await client.send("80%")
    assert "маржа — 80\u00a0%" in sent.text
    sent = await client.send("5 000")
    assert sent.text.startswith(texts.msg("accepted", label="CAC", value=formatting.money(5000)))
    assert "Проверьте ответы" in sent.text
    assert client.last_buttons[-2:] == [texts.msg("btn-compute"), texts.msg("btn-cancel")]

    review = client.last_message
    sent = await client.press(review, "Рассчитать")
    assert sent.names == [
        "answerCallbackQuery",
        "editMessageReplyMarkup",
        "sendPhoto",
        "sendMessage",
    ]
    photo = sent.of(SendPhoto)[0].photo
    assert isinstance(photo, BufferedInputFile)
    assert photo.data == PNG
    expected = compute(subscription(price=3000, churn=5, cac=5000, margin=80))
    assert expected.ltv_cac is not None
    assert sent.text == result_text(texts, expected)
    assert f"LTV по прибыли: {formatting.money(expected.ltv)}" in sent.text
    assert formatting.ratio(expected.ltv_cac) in sent.text
    assert formatting.money(expected.breakeven_cac) in sent.text
    assert client.current(review).reply_markup is None
    assert await harness.events.count_events(EventKind.CALCULATION) == 1
    assert harness.renderer.calls == ["result_chart"]


@BOTH_STORAGES
async def test_repeat_purchases_with_quick_picks_and_a_skipped_margin(
    client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Повторные покупки")
    assert step(texts, 2, 6) in client.last_text
    await client.send("10 000 руб.")
    assert client.last_buttons[:4] == [
        texts.msg("pick-per-year-12"),
        texts.msg("pick-per-year-4"),
        texts.msg("pick-per-year-2"),
        texts.msg("pick-per-year-1"),
    ]
    await client.press(client.last_message, texts.msg("pick-per-year-2"))
    assert "2 раза в год" in client.last_text
    await client.send("70 %")
    assert texts.msg("btn-skip") in client.last_buttons
    sent = await client.press(client.last_message, texts.msg("btn-skip"))
    assert sent.text.startswith(texts.msg("margin-skipped"))
    await client.send("7 тыс")
    sent = await client.press(client.last_message, "Рассчитать")
    expected = compute(purchases(price=10_000, churn=70, cac=7000, per_year=2))
    assert sent.text == result_text(texts, expected)
    assert f"LTV по выручке: {formatting.money(expected.ltv)}" in sent.text


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("abc", "error-not-a-number"),
        ("-5", "error-negative"),
        ("1e400", "error-not-a-number"),
        ("x" * 5000, "error-too-long"),
        ("0", "error-price-too-low"),
    ],
)
async def test_a_wrong_answer_is_one_short_reply_and_the_question_stays(
    client: BotClient, texts: Texts, bad: str, reason: str
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    question = client.last_message
    sent = await client.send(bad)
    assert sent.names == ["sendMessage"], "one call: no re-sent question, no edit"
    assert sent.text == f"{texts.msg(reason)}\n{texts.msg('example-price-subscription')}"
    assert client.last_buttons == labels(question)
    sent = await client.send("3000")
    assert step(texts, 3, 5) in sent.text
    assert "стоимость подписки — 3\u00a0000\u00a0₽" in sent.text


async def test_the_refusals_buttons_are_the_live_ones(client: BotClient, texts: Texts) -> None:
    await client.press(await open_dialog(client), "Подписка")
    await client.send("3000")
    await client.send("много")
    refusal = client.last_message
    sent = await client.press(refusal, "10\u00a0%")
    assert "отток — 10\u00a0% в месяц" in sent.text
    assert step(texts, 4, 5) in sent.text


async def test_a_sticker_or_a_typed_model_is_asked_again(client: BotClient, texts: Texts) -> None:
    await open_dialog(client)
    sent = await client.send_sticker()
    assert sent.text.startswith(texts.msg("wrong-kind"))
    assert texts.msg("ask-model") in sent.text
    sent = await client.send("подписка")
    assert sent.text.startswith(texts.msg("use-buttons"))
    assert sent.names == ["sendMessage", "editMessageReplyMarkup"], "the older copy retires"
    await client.press(client.last_message, "Подписка")
    sent = await client.send_sticker()
    assert sent.text.startswith(texts.msg("wrong-kind"))
    assert texts.msg("ask-price-subscription") in sent.text


async def test_a_double_tap_is_stale_and_does_not_answer_the_next_question(
    client: BotClient, texts: Texts
) -> None:
    first = await open_dialog(client)
    await client.press(first, "Подписка")
    await client.send("3000")
    churn = client.last_message
    await client.press(churn, "5\u00a0%")
    margin_question = client.last_text

    for old, label in ((churn, "5\u00a0%"), (churn, "10\u00a0%"), (first, "Повторные покупки")):
        sent = await client.press(old, label)  # the copy the person still had on screen
        assert [a.text for a in sent.answers] == [texts.msg("stale-menu")]
        assert sent.text == texts.msg("stale-menu-long")
        assert client.last_buttons == menu_labels(texts)
    sent = await client.send("80")
    assert "маржа — 80\u00a0%" in sent.text, "the margin question is still the open one"
    assert step(texts, 5, 5) in sent.text
    assert step(texts, 4, 5) in margin_question


async def test_back_goes_to_the_previous_question_and_from_the_first_to_the_menu(
    client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    await client.send("3000")
    sent = await client.press(client.last_message, "Назад")
    assert step(texts, 2, 5) in sent.text
    assert texts.msg("ask-price-subscription") in sent.text
    sent = await client.send("4000")
    assert "4\u00a0000\u00a0₽" in sent.text
    assert step(texts, 3, 5) in sent.text

    await client.press(client.last_message, "Назад")
    sent = await client.press(client.last_message, "Назад")
    assert texts.msg("ask-model") in sent.text
    question = client.last_message
    sent = await client.press(question, "Назад")
    assert sent.names == ["answerCallbackQuery", "editMessageReplyMarkup", "sendMessage"]
    assert sent.text == texts.msg("menu-prompt")
    assert client.current(question).reply_markup is None
    sent = await client.send("5")
    assert sent.text == texts.msg("outside-dialog"), "the dialog was left"


async def test_back_shows_the_answer_given_with_a_button_to_keep_it(
    client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    assert texts.msg("btn-keep-answer") not in client.last_buttons, "nothing to keep yet"
    assert "Сейчас:" not in client.last_text
    await client.send("3000")
    sent = await client.press(client.last_message, "Назад")
    now = texts.msg("current-answer", value="3\u00a0000\u00a0₽ в месяц")
    assert sent.text.endswith(f"{texts.msg('ask-price-subscription')}\n\n{now}")
    assert client.last_buttons[0] == texts.msg("btn-keep-answer")

    sent = await client.press(client.last_message, texts.msg("btn-keep-answer"))
    assert "стоимость подписки — 3\u00a0000\u00a0₽ в месяц" in sent.text
    assert step(texts, 3, 5) in sent.text
    await client.send("5")
    await client.press(client.last_message, "Назад")
    await client.press(client.last_message, "Назад")
    sent = await client.send("4000")
    assert sent.text.endswith(texts.msg("current-answer", value="5\u00a0% в месяц")), (
        "the next question, answered before, shows its answer too"
    )
    await client.press(client.last_message, texts.msg("btn-keep-answer"))
    await client.press(client.last_message, texts.msg("btn-skip"))
    sent = await client.press(client.last_message, "Назад")
    assert texts.msg("current-answer", value=texts.msg("value-margin-skipped")) in sent.text
    sent = await client.press(client.last_message, texts.msg("btn-keep-answer"))
    assert sent.text.startswith(texts.msg("margin-skipped")), "a skipped margin stays skipped"
    await client.send("5000")
    sent = await client.press(client.last_message, "Рассчитать")
    expected = compute(subscription(price=4000, churn=5, cac=5000))
    assert sent.text == result_text(texts, expected)


async def test_changing_an_answer_shows_it_and_keeping_it_returns_to_the_review(
    client: BotClient, texts: Texts
) -> None:
    review = await subscription_review(client)
    sent = await client.press(review, "CAC")
    assert texts.msg("current-answer", value="5\u00a0000\u00a0₽") in sent.text
    sent = await client.press(client.last_message, texts.msg("btn-keep-answer"))
    assert "Проверьте ответы" in sent.text
    await client.press(client.last_message, "Модель")
    assert texts.msg("current-answer", value="подписка") in client.last_text
    sent = await client.press(client.last_message, texts.msg("btn-keep-answer"))
    assert "Проверьте ответы" in sent.text, "the same model: nothing else to ask"
    forged = await client.press_data(review, StepCb(action=StepAction.KEEP).pack())
    assert forged.text == texts.msg("stale-menu-long"), "an old screen keeps nothing"


async def test_hint_is_added_to_the_question_in_place_once(
    client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    await client.send("3000")
    question = client.last_message
    count = len(client.messages)
    sent = await client.press(question, "Не знаю")
    assert sent.names == ["editMessageText", "answerCallbackQuery"], "no new message"
    assert [a.text for a in sent.answers] == [None]
    edited = client.current(question)
    assert edited.text == (
        f"{step(texts, 3, 5)}\n\n{texts.msg('ask-churn-subscription')}"
        f"\n\n💡 {texts.msg('hint-churn-subscription')}"
    ), "the question once, then the hint"
    assert labels(edited) == labels(question), "the same buttons"
    assert len(client.messages) == count

    again = await client.press(question, "Не знаю")
    assert again.names == ["answerCallbackQuery"], "nothing new in the chat"
    assert [a.text for a in again.answers] == [texts.msg("hint-shown")]
    assert client.current(question).text == edited.text

    sent = await client.press(edited, "10\u00a0%")
    assert "отток — 10\u00a0% в месяц" in sent.text
    assert client.current(question).reply_markup is None, "the hinted question retires"


async def test_hint_under_a_refusal_turns_it_into_the_question(
    client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    await client.send("много")
    refusal = client.last_message
    sent = await client.press(refusal, "Не знаю")
    assert sent.names == ["editMessageText", "answerCallbackQuery"]
    text = client.current(refusal).text or ""
    assert texts.msg("ask-price-subscription") in text
    assert text.endswith(f"💡 {texts.msg('hint-price-subscription')}")
    await client.send("3000")
    sent = await client.press(client.last_message, "Не знаю")
    assert sent.names == ["editMessageText", "answerCallbackQuery"], "each question has its own"


async def test_hint_of_a_deleted_question_is_sent_anew(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    question = await open_dialog(client)
    harness.session.fail(EditMessageText, message=EDIT_NOT_FOUND)
    sent = await client.press(question, "Не знаю")
    assert sent.names[:2] == ["editMessageText", "sendMessage"]
    assert sent.text.endswith(f"💡 {texts.msg('hint-model')}")
    again = await client.press(client.last_message, "Не знаю")
    assert [a.text for a in again.answers] == [texts.msg("hint-shown")]


async def test_cac_is_worked_out_from_a_months_spend_and_new_clients(
    client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    for answer in ("3000", "5", "80"):
        await client.send(answer)
    question = client.last_message
    assert texts.msg("btn-estimate-cac") not in labels(question), "offered with the hint"
    await client.press(question, "Не знаю")
    assert texts.msg("btn-estimate-cac") in labels(client.current(question))
    sent = await client.press(client.current(question), texts.msg("btn-estimate-cac"))
    progress = texts.msg("figure-progress", label="CAC", number=1)
    assert sent.text == f"{progress}\n\n{texts.msg('figure-spend')}"
    assert client.last_buttons == [texts.msg("btn-back"), texts.msg("btn-cancel")]
    sent = await client.send("100 000")
    assert sent.text.startswith(texts.msg("figure-accepted", value="100\u00a0000\u00a0₽"))
    assert texts.msg("figure-new-clients") in sent.text
    sent = await client.send("0")
    assert sent.names == ["sendMessage"], "one short reply"
    assert sent.text == f"{texts.msg('figure-count-zero')}\n{texts.msg('figure-example-count')}"
    sent = await client.send("40")
    worked_out = texts.msg(
        "figure-result", total="100\u00a0000\u00a0₽", count="40", value="2\u00a0500\u00a0₽"
    )
    echo = texts.msg("accepted", label="CAC", value=formatting.money(2500))
    assert sent.text.startswith(f"{worked_out}\n{echo}")
    assert "Проверьте ответы" in sent.text
    sent = await client.press(client.last_message, "Рассчитать")
    expected = compute(subscription(price=3000, churn=5, cac=2500, margin=80))
    assert sent.text == result_text(texts, expected)


async def test_price_is_worked_out_from_revenue_and_payments(
    client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Повторные покупки")
    await client.press(client.last_message, "Не знаю")
    await client.press(client.last_message, texts.msg("btn-estimate-price"))
    assert texts.msg("figure-revenue-period") in client.last_text
    assert texts.msg("figure-progress", label="средний чек", number=1) in client.last_text
    await client.send("0")
    sent = await client.send("10")
    assert sent.text.startswith(texts.msg("error-price-too-low")), "0 ₽ a payment is no price"
    assert texts.msg("figure-revenue-period") in sent.text, "asked again from the first figure"
    sent = await client.send("много")
    assert sent.text.startswith(texts.msg("error-not-a-number"))
    await client.send("1,5 млн")
    sent = await client.press(client.last_message, "Назад")
    assert texts.msg("figure-revenue-period") in sent.text
    await client.send("1,5 млн")
    sent = await client.send_sticker()
    assert sent.text.startswith(texts.msg("wrong-kind"))
    assert texts.msg("figure-payments") in sent.text
    sent = await client.send("/start")
    sent = await client.press(client.last_message, texts.msg("btn-resume"))
    assert texts.msg("figure-payments") in sent.text, "/start midway goes on with the figure"
    sent = await client.send("120")
    assert "средний чек — 12\u00a0500\u00a0₽" in sent.text
    assert texts.msg("ask-per-year") in sent.text, "on to the next question"

    sent = await client.press(client.last_message, "Назад")
    assert texts.msg("current-answer", value="12\u00a0500\u00a0₽") in sent.text
    await client.press(client.last_message, "Не знаю")
    await client.press(client.last_message, texts.msg("btn-estimate-price"))
    sent = await client.press(client.last_message, "Назад")
    assert texts.msg("ask-price-purchases") in sent.text, "back from the first figure"


async def test_cancel_leaves_the_dialog_and_forgets_the_answers(
    client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    question = client.last_message
    sent = await client.press(question, "Отмена")
    assert sent.names == ["answerCallbackQuery", "editMessageReplyMarkup", "sendMessage"]
    assert sent.text == texts.msg("cancelled")
    assert client.last_buttons == menu_labels(texts)
    assert client.current(question).reply_markup is None
    assert (await client.send("3000")).text == texts.msg("outside-dialog")
    sent = await client.press(client.last_message, texts.msg("btn-calc"))
    assert texts.msg("ask-model") in sent.text, "a new calculation starts from the first question"


@BOTH_STORAGES
async def test_change_answers_from_the_review(client: BotClient, texts: Texts) -> None:
    review = await subscription_review(client)
    sent = await client.press(review, "Отток")
    assert texts.msg("ask-churn-subscription") in sent.text
    sent = await client.send("10 %")
    assert "Проверьте ответы" in sent.text, "back to the review at once"
    assert "10\u00a0% в месяц" in sent.text

    await client.press(client.last_message, "CAC")
    sent = await client.press(client.last_message, "Назад")
    assert "Проверьте ответы" in sent.text, "«Назад» while changing returns to the review"

    await client.press(client.last_message, "Модель")
    sent = await client.press(client.last_message, "Повторные покупки")
    assert texts.msg("ask-per-year") in sent.text, "the new model needs its frequency"
    sent = await client.send("4")
    assert texts.msg("ask-churn-purchases") in sent.text, "and its own kind of churn"
    sent = await client.send("70")
    assert "Проверьте ответы" in sent.text
    sent = await client.press(client.last_message, "Рассчитать")
    expected = compute(purchases(price=3000, churn=70, cac=5000, per_year=4, margin=80))
    assert sent.text == result_text(texts, expected)


async def test_a_failed_send_leaves_the_dialog_on_the_same_question(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    harness.session.fail(SendMessage)
    sent = await client.send("3000")
    assert harness.session.failed == sent.of(SendMessage)[:1], "the next question was not sent"
    assert sent.texts[-1] == texts.msg("bot-error")

    sent = await client.send("3500")
    assert "стоимость подписки — 3\u00a0500\u00a0₽" in sent.text, "the same question answered"
    assert step(texts, 3, 5) in sent.text
    sent = await client.send("5")
    assert "отток — 5\u00a0% в месяц" in sent.text


async def test_a_failed_step_after_a_button_answers_it_once_and_keeps_the_question(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    await client.send("3000")
    harness.session.fail(SendMessage)
    sent = await client.press(client.last_message, "5\u00a0%")  # checks: answered once
    assert sent.answers[0] not in harness.session.failed, "the button stopped spinning"
    assert sent.texts[-1] == texts.msg("bot-error")
    sent = await client.send("6")
    assert "отток — 6\u00a0% в месяц" in sent.text
    assert step(texts, 4, 5) in sent.text


async def test_a_failed_send_keeps_the_open_questions_buttons(
    harness: Harness, client: BotClient
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    await client.send("3000")
    question = client.last_message
    harness.session.fail(SendMessage)
    await client.send("5")
    assert client.current(question).reply_markup == question.reply_markup


async def test_forged_dialog_buttons_are_answered_and_change_nothing(
    client: BotClient, texts: Texts
) -> None:
    question = await open_dialog(client)
    sent = await client.press_data(question, StepCb(action=StepAction.MODEL, value="x").pack())
    assert sent.names == ["answerCallbackQuery"]
    review = await subscription_review(client)
    forged = StepCb(action=StepAction.EDIT, value="purchases_per_year").pack()
    sent = await client.press_data(review, forged)
    assert sent.names == ["answerCallbackQuery"], "a subscription has no frequency to change"
    sent = await client.press(review, "Рассчитать")
    assert sent.of(SendPhoto)


async def test_a_new_calculation_retires_the_open_question(client: BotClient) -> None:
    question = await open_dialog(client)
    await client.press(question, "Подписка")
    open_question = client.last_message
    sent = await client.send("/calc")
    retired = sent.of(EditMessageReplyMarkup)
    assert [call.message_id for call in retired] == [open_question.message_id]
    assert client.current(open_question).reply_markup is None


async def test_the_last_question_gets_the_chart_worker_ready(
    harness: Harness, client: BotClient
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    for answer in ("3 000", "5"):
        await client.send(answer)
    assert harness.renderer.charts_prepared == 0, "two answers to go: no chart is near yet"
    await client.send("80")  # the margin: CAC, the last question, is asked
    assert harness.renderer.charts_prepared > 0
