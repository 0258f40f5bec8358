"""An orders export end to end: the real bot downloads the file from the fake Bot API server,
reads it in its import worker, draws both pictures and calculates from it; each kind of bad
file gets its answer and the dialog the person was in goes on."""

from __future__ import annotations

import random
from datetime import datetime

import pytest

from core import formatting
from core.economics import compute
from core.formatting import MOSCOW
from core.orders import OrdersError, error_message, import_orders
from l10n import Texts
from tests.core.test_orders_errors import BAD_FILES
from tests.core.test_orders_fixtures import csv_bytes, getcourse_orders, getcourse_rows, people
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.steps import open_dialog, press, say

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
    suggested = import_orders(data, NAME).suggested
    assert "Из файла взял" in question.text
    price = formatting.money(suggested.price.value or 0)
    assert f"средний чек — {price}: выручка 1\u00a0220\u00a0670\u00a0₽ на 128" in question.text
    assert "покупок в год — " in question.text and "(медиана по 90" in question.text
    churn = formatting.percent(suggested.churn_percent.value or 0)
    assert f"не возвращаются — {churn}: столько из 35 покупателей" in question.text
    assert "Осталось указать маржу и CAC" in question.text
    assert "Какая у вас маржа" in question.text, "the first question is the margin"
    question = await say(user, "60")
    assert "CAC" in question.text
    review = await say(user, "3000")
    assert "Проверьте ответы" in review.text, "nothing else is asked"
    await user.press(review, review.button("Рассчитать"))
    chart, summary = await user.wait_messages(2, timeout=30)
    assert chart.kind == "photo"
    result = compute(suggested.inputs(margin_percent=60, cac=3000))
    assert f"LTV по прибыли: {formatting.money(result.ltv)}" in summary.text

    name = f"Заказы GetCourse · {datetime.now(MOSCOW):%d.%m}"
    prompt = await press(user, summary, "Сохранить")
    assert name in prompt.text, "named after the file and the day"
    saved = await press(user, prompt, "Оставить")
    assert f"Сохранил сценарий «{name}»" in saved.text


REFUSED = ["png", "header-only", "over-20-mb", "no-paid-orders", "mixed-currencies"]
"""Bad files of :data:`~tests.core.test_orders_errors.BAD_FILES` answered with the reason."""
PICKED = {"no-customer": "user-id", "no-amount": "paid-amount"}
"""Bad files whose missing column the person is asked to pick: the field it is for."""


@pytest.mark.parametrize("case", [*REFUSED, *PICKED])
async def test_each_bad_file_gets_its_answer_and_the_dialog_goes_on(
    live: FakeTelegram, case: str
) -> None:
    user = live.user(1710 + sorted([*REFUSED, *PICKED]).index(case))
    texts = Texts.load()
    question = await press(user, await open_dialog(user), "Подписка")
    assert "месяц подписки" in question.text
    build, code, details = BAD_FILES[case]
    await user.send_document(build(), f"{case}.csv")
    answer, again = await user.wait_messages(2, timeout=30)
    if case in PICKED:
        assert answer.text.startswith(f"В «{case}.csv» не нашёл по названию столбец")
        assert texts.msg(f"orders-pick-{PICKED[case]}") in answer.text, "names what is missing"
        headers = details["columns"].strip("«»").split("», «")
        shown = {f"{n}. {header}" for n, header in enumerate(headers, 1)}
        assert shown <= {label for label, _ in answer.buttons()}, "the file's columns to pick"
    else:
        assert answer.text == error_message(OrdersError(code, **details), texts)
    assert "месяц подписки" in again.text, "the dialog is not lost"
    assert "стоимость подписки — 3\u00a0000\u00a0₽" in (await say(user, "3000")).text
