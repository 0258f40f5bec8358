"""The calculation dialog end to end: the real bot process against the fake Bot API server."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest

from core import formatting
from core.economics import compute
from tests.builders import purchases, subscription
from tests.e2e.bot_process import StartBot
from tests.e2e.fake_telegram import NOT_MODIFIED, FakeTelegram
from tests.e2e.steps import calculate, open_dialog, press, say, subscription_review

PCT = "\u00a0%"


def children(pid: int) -> set[int]:
    """Ids of the processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.add(int(stat.parent.name))
    return found


def alive(pids: set[int]) -> set[int]:
    """The ``pids`` that still run (zombies count as gone)."""
    running = set()
    for pid in pids:
        with contextlib.suppress(OSError):
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            if state != "Z":
                running.add(pid)
    return running


async def test_subscription_dialog_gives_the_figures_of_core(live: FakeTelegram) -> None:
    user = live.user(101)
    question = await open_dialog(user)
    labels = " ".join(label for label, _ in question.buttons())
    assert all(word in labels for word in ("Назад", "Отмена", "Не знаю"))

    question = await press(user, question, "Подписка")
    assert "Принято: модель — подписка" in question.text
    assert "Шаг 2 из 5" in question.text
    assert question.button("Назад") and question.button("Не знаю")

    question = await say(user, "3 000 ₽")
    assert "Принято: стоимость подписки — 3\u00a0000\u00a0₽ в месяц" in question.text
    assert "Шаг 3 из 5" in question.text

    question = await press(user, question, f"5{PCT}")
    assert f"отток — 5{PCT} в месяц" in question.text
    question = await say(user, "80%")
    assert f"маржа — 80{PCT}" in question.text
    review = await say(user, "5 000")
    assert "Проверьте ответы" in review.text
    for line in ("подписка", "3\u00a0000\u00a0₽ в месяц", f"5{PCT} в месяц", f"80{PCT}"):
        assert line in review.text

    await user.press(review, review.button("Рассчитать"))
    chart, summary = await user.wait_messages(2)
    assert chart.kind == "photo"
    assert chart.photo is not None
    assert chart.photo.startswith(b"\x89PNG")
    expected = compute(subscription(price=3000, churn=5, cac=5000, margin=80))
    assert expected.ltv_cac is not None
    assert f"LTV по прибыли: {formatting.money(expected.ltv)}" in summary.text
    assert (
        f"Прибыль с клиента за 3 мес. — {formatting.money(expected.cash_3_months)}, "
        f"за 12 мес. — {formatting.money(expected.cash_12_months)} (до вычета CAC)"
    ) in summary.text, "the cash horizon beside LTV"
    assert formatting.ratio(expected.ltv_cac) in summary.text
    assert f"на {expected.payback_month}-м месяце" in summary.text
    assert formatting.money(expected.breakeven_cac) in summary.text
    assert "Главные рычаги" in summary.text
    assert "Как считалось" in summary.text
    assert "upload_photo" in live.chat_actions[user.id]
    assert live.unanswered_callbacks() == []

    what_if = await press(user, summary, "Что если")
    assert what_if.text.count("LTV/CAC") >= 4  # every applicable lever, ranked
    assert "Снизить отток на 20" in what_if.text


async def test_repeat_purchases_with_quick_picks_and_skipped_margin(live: FakeTelegram) -> None:
    user = live.user(102)
    question = await open_dialog(user)
    question = await press(user, question, "Повторные покупки")
    assert "Шаг 2 из 6" in question.text
    question = await say(user, "10 000 руб.")
    assert "средний чек — 10\u00a0000\u00a0₽" in question.text
    question = await press(user, question, "раз в полгода")
    assert "2 раза в год" in question.text
    assert "НЕ покупает снова" in question.text
    question = await say(user, "70 %")
    question = await press(user, question, "Пропустить")
    assert "по выручке" in question.text
    review = await say(user, "7 тыс")
    await user.press(review, review.button("Рассчитать"))
    _, summary = await user.wait_messages(2)
    expected = compute(purchases(price=10_000, churn=70, cac=7000, per_year=2))
    assert f"LTV по выручке: {formatting.money(expected.ltv)}" in summary.text
    assert f"Выручка с клиента за 3 мес. — {formatting.money(10_000)}" in summary.text
    assert f"за 12 мес. — {formatting.money(13_000)}" in summary.text, "the second purchase"
    assert expected.ltv_cac is not None
    assert formatting.ratio(expected.ltv_cac) in summary.text
    assert "маржа не указана" in summary.text


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("abc", "Не получилось прочитать"),
        ("-5", "не может быть отрицательным"),
        ("1e400", "Не получилось прочитать"),
        ("x" * 5000, "Слишком длинный"),
        ("0", "не меньше 1"),
    ],
)
async def test_bad_price_is_explained_and_asked_again(
    live: FakeTelegram, bad: str, reason: str
) -> None:
    user = live.user(103)
    question = await open_dialog(user)
    question = await press(user, question, "Подписка")
    refused = await say(user, bad)
    assert reason in refused.text
    assert "Например: 3 000" in refused.text
    assert "Сколько стоит месяц подписки" not in refused.text, "one short reply, not the question"
    assert refused.buttons() == question.buttons()  # the question's buttons, live
    accepted = await say(user, "3000")
    assert "Шаг 3 из 5" in accepted.text


async def test_every_step_refuses_junk_and_non_text_and_keeps_its_place(
    live: FakeTelegram,
) -> None:
    user = live.user(104)
    question = await open_dialog(user)
    refused = await say(user, "подписка")
    assert "кнопкой" in refused.text
    await user.send_sticker()
    refused = await user.wait_message()
    assert "только текст и кнопки" in refused.text
    question = await press(user, refused, "Повторные покупки")
    steps = [
        ("15000", "Шаг 3 из 6", "😀"),
        ("4", "Шаг 4 из 6", "100 раз"),
        ("70", "Шаг 5 из 6", "0"),
        ("60", "Шаг 6 из 6", "150 %"),
    ]
    for good, next_mark, junk in steps:
        refused = await say(user, junk)
        assert "Например" in refused.text
        assert refused.buttons() == question.buttons()  # the same question's buttons
        await user.send_voice()
        refused = await user.wait_message()
        assert "только текст и кнопки" in refused.text
        question = await say(user, good)
        assert next_mark in question.text
    review = await say(user, "-1")
    assert "не может быть отрицательным" in review.text
    review = await say(user, "1 000")
    assert "Проверьте ответы" in review.text
    refused = await say(user, "42")
    assert "Проверьте ответы" in refused.text


async def test_back_cancel_and_change_an_answer(live: FakeTelegram) -> None:
    user = live.user(105)
    question = await open_dialog(user)
    question = await press(user, question, "Подписка")
    question = await say(user, "3000")
    assert "Шаг 3 из 5" in question.text
    question = await press(user, question, "Назад")
    assert "Шаг 2 из 5" in question.text
    assert "Сейчас: 3\u00a0000\u00a0₽ в месяц" in question.text  # the answer given
    assert question.button("Оставить")
    question = await say(user, "4000")
    assert "4\u00a0000\u00a0₽" in question.text

    await user.press(question, question.button("Не знаю"))
    hint = await user.wait_edit(question.message_id)  # the question itself, no new message
    assert "💡" in hint.text
    assert "Шаг 3 из 5" in hint.text
    assert hint.text.count("Какой у вас отток") == 1, "the hint adds no repeated question"
    query = await user.press(hint, hint.button("Не знаю"))
    assert "уже" in ((await user.wait_callback_answer(query)).text or "")

    cancelled = await press(user, hint, "Отмена")
    assert "отменён" in cancelled.text
    await user.send("5")
    outside = await user.wait_message()
    assert "Выберите, что сделать" in outside.text

    review = await subscription_review(user, cac="5к")
    changed = await press(user, review, "Отток")
    assert "Какой у вас отток" in changed.text
    assert f"Сейчас: 5{PCT} в месяц" in changed.text
    kept = await press(user, changed, "Оставить")
    assert "Проверьте ответы" in kept.text
    changed = await press(user, kept, "Отток")
    review = await say(user, "10 %")
    assert "Проверьте ответы" in review.text
    assert f"10{PCT} в месяц" in review.text

    changed = await press(user, review, "Модель")
    question = await press(user, changed, "Повторные покупки")
    assert "Как часто" in question.text  # the new model needs its frequency
    question = await press(user, question, "раз в квартал")
    assert "НЕ покупает снова" in question.text  # monthly churn means nothing here: asked again
    review = await say(user, "70")
    assert "Проверьте ответы" in review.text
    assert "4 раза в год" in review.text
    assert f"70{PCT} клиентов" in review.text

    await user.press(review, review.button("Рассчитать"))
    _, summary = await user.wait_messages(2)
    review = await press(user, summary, "Изменить ответ")
    assert "Проверьте ответы" in review.text
    assert "4 раза в год" in review.text

    await user.press(review, review.button("Модель"))
    question = await user.wait_message()
    question = await press(user, question, "Подписка")
    assert "Какой у вас отток" in question.text  # churn asked again, no frequency
    question = await say(user, "5")
    assert "Проверьте ответы" in question.text
    assert "частота" not in question.text
    await user.press(question, question.button("Рассчитать"))
    _, summary = await user.wait_messages(2)
    review = await press(user, summary, "Изменить ответ")
    question = await press(user, review, "Модель")
    question = await press(user, question, "Повторные покупки")
    assert "Как часто" in question.text  # the frequency dropped with the subscription
    back = await press(user, question, "Назад")  # «Назад» never leaves a half-done review
    assert "Как часто" in back.text

    await user.send("/cancel")
    await user.wait_message()
    await user.send("/cancel")
    nothing = await user.wait_message()
    assert "Отменять нечего" in nothing.text


async def test_old_buttons_are_answered_and_replaced_by_a_fresh_menu(live: FakeTelegram) -> None:
    user = live.user(106)
    question = await open_dialog(user)
    question = await press(user, question, "Подписка")
    await user.send("/cancel")
    await user.wait_message()
    assert question.buttons() == []  # the answered question lost its buttons
    query = await user.press(question, "s:back:", strict=False)  # a stale press still arrives
    answer_ = await user.wait_callback_answer(query)
    assert answer_.text and "устарело" in answer_.text
    fresh = await user.wait_message()
    assert fresh.button("Рассчитать")
    query = await user.press(fresh, "r:whatif", strict=False)
    await user.wait_callback_answer(query)
    fresh = await user.wait_message()
    assert fresh.button("Рассчитать")
    assert live.unanswered_callbacks() == []


async def test_start_help_and_profile(live: FakeTelegram) -> None:
    user = live.user(107, first_name="<Аня & Co>")
    await user.send("/start unknown_payload")
    greeting = await user.wait_message()
    assert "<Аня & Co>" in greeting.text  # shown literally, escaped in HTML
    assert greeting.button("Рассчитать")
    await user.send("/help")
    help_ = await user.wait_message()
    assert "LTV" in help_.text
    assert "отток" in help_.text
    commands = {command for command, _ in live.commands[""]}
    assert {"start", "calc", "help", "cancel"} <= commands
    assert live.description
    assert live.short_description


async def test_start_midway_offers_to_go_on_and_a_returning_person_is_greeted_back(
    live: FakeTelegram,
) -> None:
    user = live.user(111)
    question = await press(user, await open_dialog(user), "Подписка")
    question = await say(user, "3 000")
    offer = await say(user, "/start")
    assert "не закончен расчёт" in offer.text
    assert offer.button("Продолжить расчёт") and offer.button("Начать заново")
    question = await press(user, offer, "Продолжить расчёт")
    assert "Шаг 3 из 5" in question.text  # the same question, the price kept
    for answer in ("5", "80", "5000"):
        question = await say(user, answer)
    assert "3\u00a0000\u00a0₽ в месяц" in question.text
    await user.press(question, question.button("Рассчитать"))
    await user.wait_messages(2)

    greeting = await say(user, "/start")
    assert "С возвращением" in greeting.text
    assert "Последний расчёт: подписка 3\u00a0000\u00a0₽ в месяц" in greeting.text
    assert "LTV 48\u00a0000\u00a0₽" in greeting.text
    review = await press(user, greeting, "Изменить последний расчёт")
    assert "Проверьте ответы" in review.text
    assert greeting.button("Рассчитать заново")
    assert live.unanswered_callbacks() == []


async def test_a_lever_applied_gives_its_chart_and_a_typed_value_too(live: FakeTelegram) -> None:
    user = live.user(112)
    _, summary = await calculate(user, "3 000", cac="20 000")
    levers = await press(user, summary, "Что если")
    card = await press(user, levers, "2. Отток")
    assert card.kind == "photo"
    assert (card.photo or b"").startswith(b"\x89PNG")
    assert f"Если отток: 5{PCT} в месяц → 4{PCT} в месяц" in card.caption
    assert "LTV / CAC: 2,4× → 3,0×" in card.caption
    prompt = await press(user, card, "Сохранить как сценарий")
    saved = await press(user, prompt, "Оставить")
    assert "Сохранил сценарий" in saved.text
    await user.press(card, card.button("Исходный расчёт"))
    chart, again = await user.wait_messages(2)
    assert chart.kind == "photo"
    assert again.text == summary.text

    await user.press(levers, levers.button("Своё значение"))
    choice = await user.wait_edit(levers.message_id)  # in place of the levers
    assert "Какую цифру изменить" in choice.text
    await user.press(choice, choice.button("Стоимость подписки"))
    prompt = await user.wait_edit(levers.message_id)
    assert "Напишите новое значение" in prompt.text
    card = await say(user, "4 500")
    assert card.kind == "photo"
    changed = "стоимость подписки: 3\u00a0000\u00a0₽ в месяц → 4\u00a0500\u00a0₽ в месяц"
    assert changed in card.caption
    assert live.unanswered_callbacks() == []


async def test_dialog_survives_a_restart(telegram: FakeTelegram, start_bot: StartBot) -> None:
    first = await start_bot()
    user = telegram.user(108)
    question = await open_dialog(user)
    question = await press(user, question, "Повторные покупки")
    question = await say(user, "12 000")
    question = await press(user, question, "раз в год")
    assert "Шаг 4 из 6" in question.text
    await asyncio.sleep(0.5)  # the user pauses before the crash; the bot has saved the step
    assert first.pid is not None
    workers = children(first.pid)
    assert workers, "the chart workers run beside the bot"
    await first.kill()
    second = await start_bot()
    question = await say(user, "60")
    assert "Шаг 5 из 6" in question.text
    assert "Принято" in question.text
    question = await say(user, "50")
    review = await say(user, "3000")
    assert "Проверьте ответы" in review.text
    assert "12\u00a0000\u00a0₽" in review.text
    assert "1 раз в год" in review.text
    for _ in range(150):  # the killed bot's chart workers notice and exit within seconds
        if not alive(workers):
            break
        await asyncio.sleep(0.1)
    assert alive(workers) == set()
    assert "is ready" in second.log_text()
    assert await second.stop() == 0  # SIGTERM stops it cleanly


async def test_a_crash_right_after_an_answer_never_takes_it_for_the_next_question(
    telegram: FakeTelegram, start_bot: StartBot
) -> None:
    first = await start_bot()
    user = telegram.user(110)
    await press(user, await open_dialog(user), "Подписка")
    await asyncio.sleep(0.5)  # the step before is written and marked done
    accepted = await say(user, "3 000")
    assert "Принято" in accepted.text and "Шаг 3" in accepted.text
    seen = len(user.messages)
    await asyncio.sleep(0.05)  # its update is over, not yet marked done (every 200 ms)
    await first.kill()
    await start_bot()
    await user.send("5")
    churn_taken = await user.wait_message(predicate=lambda m: "Шаг 4" in m.text)
    assert "Принято" in churn_taken.text
    # Not marked done before the crash (the next flush was ~150 ms away), it is handled
    # again after the restart from the price question, as before the crash: the same reply
    # twice — never «3 000» refused as churn, which the state written alone gave. (On a
    # machine so loaded that the kill came after the flush, nothing is repeated.)
    between = [message.text for message in user.messages[seen : user.messages.index(churn_taken)]]
    assert between in ([accepted.text], []), between
    # Handled again, it removes the buttons of a question already stripped: «not modified»,
    # which the bot takes as done
    assert set(telegram.errors) <= {("editMessageReplyMarkup", NOT_MODIFIED)}
    telegram.errors.clear()


async def test_double_taps_and_old_buttons_never_answer_the_wrong_question(
    live: FakeTelegram,
) -> None:
    user = live.user(109)
    question = await press(user, await open_dialog(user), "Повторные покупки")
    question = await say(user, "10 000")
    pick = question.button("раз в месяц")
    first = await user.press(question, pick)
    second = await user.press(question, pick, strict=False)  # the same tap again, at once
    churn = await user.wait_message()
    assert "Шаг 4 из 6" in churn.text
    assert (await user.wait_callback_answer(first)).text is None
    assert "устарело" in ((await user.wait_callback_answer(second)).text or "")
    await user.wait_message()  # the fresh menu that goes with «устарело»
    await user.press(question, "s:pick:1", strict=False)  # «раз в год» of the old question
    await user.wait_message()
    margin = await say(user, "70")
    assert "Принято: не возвращаются — 70" in margin.text  # not «1 %» from the old button

    forged = await user.press(margin, "s:edit:purchases_per_year", strict=False)
    await user.wait_callback_answer(forged)
    assert live.unanswered_callbacks() == []


async def test_buttons_under_an_older_result_do_not_act_on_a_newer_one(
    live: FakeTelegram,
) -> None:
    user = live.user(110)
    _, older = await calculate(user, "3 000")
    _, newer = await calculate(user, "9 000")
    query = await user.press(older, older.button("Что если"))
    assert "устарело" in ((await user.wait_callback_answer(query)).text or "")
    note = await user.wait_message()
    assert "9\u00a0000" not in note.text
    what_if = await press(user, newer, "Что если")
    assert "9\u00a0000\u00a0₽ → 9\u00a0900\u00a0₽" in what_if.text

    review = await subscription_review(user)
    await user.press(review, review.button("Рассчитать"))
    await user.press(review, review.button("Рассчитать"), strict=False)  # a double tap
    chart, summary, stale = await user.wait_messages(3)
    assert chart.kind == "photo"
    assert "LTV" in summary.text
    assert "Рассчитать" in " ".join(
        label for label, _ in stale.buttons()
    )  # the menu, not a result
