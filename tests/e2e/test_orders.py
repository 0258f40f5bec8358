"""An orders export end to end: the real bot downloads the file from the fake Bot API server,
reads it in its import worker, draws both pictures and calculates from it."""

from __future__ import annotations

import random

import pytest

from core import formatting
from core.economics import compute
from core.orders import import_orders
from tests.core.test_orders_fixtures import csv_bytes, getcourse_orders, getcourse_rows, people
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.steps import press, say

pytestmark = pytest.mark.slow  # starts the bot process and its workers

NAME = "Заказы GetCourse.csv"


async def test_a_getcourse_export_gives_figures_pictures_and_the_calculation(
    live: FakeTelegram,
) -> None:
    user = live.user(1701)
    data = csv_bytes(getcourse_rows(getcourse_orders(), people(40, random.Random(1))))
    await user.send_document(data, NAME)
    first, second, figures = await user.wait_messages(3, timeout=60)
    assert (first.kind, second.kind) == ("photo", "photo"), "both pictures"
    assert first.media_group_id is not None and first.media_group_id == second.media_group_id
    assert first.photo != second.photo
    assert "upload_document" in live.chat_actions[user.id]
    assert "Покупателей: 38" in figures.text
    assert "Выручка: 1\u00a0220\u00a0670\u00a0₽" in figures.text
    assert "Файл я читаю в памяти и не сохраняю" in figures.text
    assert figures.button("Рассчитать по этим данным")

    question = await press(user, figures, "Рассчитать по этим данным")
    assert "Из файла взял" in question.text
    assert "Какая у вас маржа" in question.text, "the first question is the margin"
    question = await say(user, "60")
    assert "CAC" in question.text
    review = await say(user, "3000")
    assert "Проверьте ответы" in review.text
    await user.press(review, review.button("Рассчитать"))
    chart, summary = await user.wait_messages(2, timeout=30)
    assert chart.kind == "photo"
    result = compute(import_orders(data, NAME).suggested.inputs(margin_percent=60, cac=3000))
    assert f"LTV по прибыли: {formatting.money(result.ltv)}" in summary.text


async def test_a_bad_file_is_explained_and_the_question_asked_again(live: FakeTelegram) -> None:
    user = live.user(1702)
    question = await press(user, await say(user, "/calc"), "Подписка")
    assert "месяц подписки" in question.text
    await user.send_document(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "orders.csv")
    refusal, again = await user.wait_messages(2, timeout=30)
    assert "Это не таблица" in refusal.text
    assert "месяц подписки" in again.text, "the dialog is not lost"
    assert "стоимость подписки — 3\u00a0000\u00a0₽" in (await say(user, "3000")).text
