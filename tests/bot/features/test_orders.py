"""An orders export sent to the bot: figures, pictures, corrections, the prefilled calculation.

The files are the generated exports of :mod:`tests.core.test_orders_fixtures`; the figures
shown are checked against the ones counted there by brute force, the refusals against the
engine's own messages, and the calculation's result against ``compute`` of the file's inputs.
"""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import datetime
from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import GetFile, SendChatAction, SendMediaGroup
from aiogram.types import InputMediaPhoto

from bot.features.orders.flow import too_large
from bot.features.result.views import result_text
from core import formatting
from core.economics import compute
from core.formatting import MOSCOW
from core.orders import MAX_BYTES, OrdersError, error_message, import_orders, realized_curve
from l10n import Texts
from tests.bot.harness import (
    BOT_ID,
    FILE_TOO_BIG,
    BotClient,
    Harness,
    labels,
    open_dialog,
    subscription_review,
)
from tests.core.test_orders_fixtures import (
    GETCOURSE_HEADER,
    csv_bytes,
    expected,
    getcourse_orders,
    getcourse_rows,
    people,
    xlsx_bytes,
)

NAME = "Заказы GetCourse.csv"


def getcourse_csv(encoding: str = "cp1251") -> bytes:
    return csv_bytes(
        getcourse_rows(getcourse_orders(), people(40, random.Random(1))), ";", encoding
    )


def getcourse_xlsx() -> bytes:
    return xlsx_bytes(getcourse_rows(getcourse_orders(), people(40, random.Random(1)), typed=True))


def refusal(texts: Texts, data: bytes, name: str) -> str:
    """What the engine says about a file that gives no figures."""
    with pytest.raises(OrdersError) as refused:
        import_orders(data, name)
    return error_message(refused.value, texts)


async def stored(harness: Harness, client: BotClient) -> dict[str, Any]:
    key = StorageKey(bot_id=BOT_ID, chat_id=client.id, user_id=client.id)
    return await harness.storage.get_data(key)


async def test_a_getcourse_export_gives_the_figures_two_pictures_and_the_button(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    sent = await client.send_document(getcourse_csv(), NAME)
    assert sent.names == ["sendChatAction", "getFile", "sendMediaGroup", "sendMessage"]
    assert sent.of(SendChatAction)[0].action == "upload_document"
    [album] = sent.of(SendMediaGroup)
    assert [type(item) for item in album.media] == [InputMediaPhoto, InputMediaPhoto]
    assert harness.renderer.calls == ["read_orders", "orders_charts"]

    truth = expected(getcourse_orders())
    text = sent.text
    for line in (
        texts.msg("orders-buyers", value=formatting.group(truth["buyers"])),
        texts.msg("orders-paid", value=formatting.group(truth["paid_orders"])),
        texts.msg("orders-revenue", value=formatting.money(truth["revenue"])),
        texts.msg("orders-check", value=formatting.money(truth["average_check"])),
        texts.msg("orders-repeat", value=formatting.percent(100 * truth["repeat_share"])),
        texts.msg("orders-per-buyer", value=formatting.group(truth["purchases_per_buyer"], 1)),
        texts.msg("orders-gap", days=f"{formatting.number(truth['median_days_between'])} дней"),
        texts.msg("orders-ltv", value=formatting.money(truth["realized_ltv"])),
        texts.msg("orders-privacy"),
    ):
        assert line in text
    for months, value, buyers in truth["ltv_at"]:
        line = texts.msg(
            "orders-ltv-at", months=months, value=formatting.money(value), buyers=buyers
        )
        assert line in text
    assert "Проверьте, те ли столбцы" not in text, "the columns are certain"
    assert client.last_buttons == [texts.msg("btn-orders-calc")]


@pytest.mark.parametrize("harness", ["sqlite", "json"], indirect=True)
@pytest.mark.parametrize("kind", ["utf-8-sig", "xlsx"])
async def test_only_figures_are_kept_never_a_customer(
    harness: Harness, client: BotClient, texts: Texts, kind: str
) -> None:
    data = getcourse_xlsx() if kind == "xlsx" else getcourse_csv(kind)
    await client.send_document(data, "orders.xlsx" if kind == "xlsx" else "orders.csv")
    assert texts.msg("orders-buyers", value="38") in client.last_text
    kept = str(await stored(harness, client))
    assert "@" not in kept
    assert "Анна" not in kept and "Петрова" not in kept
    assert "0001122" not in kept and "000-11-22" not in kept, "no phone"  # +7 (916) 000-11-22
    fetched = [call.file_id for call in harness.session.requests if isinstance(call, GetFile)]
    assert harness.session.downloads == fetched, "downloaded once, as Telegram described it"


async def test_the_prefilled_calculation_asks_only_margin_and_cac(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    data = getcourse_csv()
    await client.send_document(data, NAME)
    sent = await client.press(client.last_message, texts.msg("btn-orders-calc"))
    suggested = import_orders(data, NAME).suggested
    intro = sent.text
    assert f"средний чек — <b>{formatting.money(suggested.price.value or 0)}</b>" in intro
    assert "выручка 1\u00a0220\u00a0670\u00a0₽ на 128 покупок" in intro
    assert (
        f"покупок в год — <b>{formatting.number(suggested.purchases_per_year.value or 0)}" in intro
    )
    assert "медиана по 90 повторным покупкам" in intro
    percent = formatting.percent(suggested.churn_percent.value or 0)
    assert f"не возвращаются — <b>{percent}</b>: столько из 35 покупателей" in intro
    assert texts.msg("orders-calc-rest") in intro
    assert texts.msg("ask-margin") in intro, "the first question is the margin"

    sent = await client.send("60")
    assert texts.msg("ask-cac") in sent.text, "then CAC"
    sent = await client.send("3 000")
    assert "Проверьте ответы" in sent.text, "and nothing else"
    sent = await client.press(client.last_message, "Рассчитать")
    imported = suggested.inputs(margin_percent=60, cac=3000)
    assert sent.texts[-1] == result_text(texts, compute(imported))
    assert (await stored(harness, client))["last"] == imported.model_dump(mode="json")

    prompt = await client.press(client.last_message, texts.msg("btn-save"))
    today = datetime.now(MOSCOW).strftime("%d.%m")
    assert f"Заказы GetCourse · {today}" in prompt.text, "named after the file and the day"
    await client.press(client.last_message, "Оставить")
    [scenario] = await harness.repo.list_page(client.id, 0, 10)
    assert scenario.name == f"Заказы GetCourse · {today}"

    await client.send("/calc")
    await client.press(client.last_message, "Подписка")
    for answer in ("3000", "5", "80", "5000"):
        await client.send(answer)
    await client.press(client.last_message, "Рассчитать")
    prompt = await client.press(client.last_message, texts.msg("btn-save"))
    assert "Подписка" in prompt.text, "a typed calculation is not named after the file"


async def test_a_result_from_the_file_is_drawn_beside_the_files_own_curve(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    data = getcourse_csv()
    await client.send_document(data, NAME)
    await client.press(client.last_message, texts.msg("btn-orders-calc"))
    for answer in ("60", "3 000"):
        await client.send(answer)
    await client.press(client.last_message, "Рассчитать")
    realized = realized_curve(import_orders(data, NAME))
    assert len(realized) >= 12
    assert harness.renderer.realized == [realized], "the chart carries the file's curve"
    kept = (await stored(harness, client))["realized"]
    assert kept == list(realized), "a short list of numbers, nothing else of the file"

    await client.send("/calc")
    await client.press(client.last_message, "Подписка")
    for answer in ("3000", "5", "80", "5000"):
        await client.send(answer)
    await client.press(client.last_message, "Рассчитать")
    assert harness.renderer.realized[-1] == (), "a typed calculation has no data of its own"


async def test_without_repeat_purchases_the_frequency_is_asked_too(
    client: BotClient, texts: Texts
) -> None:
    rows = [["Email", "Дата оплаты", "Оплачено", "Статус"]]
    rows += [[f"b{n}@x.ru", f"0{n % 9 + 1}.03.2024", "1000", "Оплачен"] for n in range(20)]
    await client.send_document(csv_bytes(rows), "once.csv")
    assert texts.msg("orders-gap-none") in client.last_text
    sent = await client.press(client.last_message, texts.msg("btn-orders-calc"))
    assert texts.msg("orders-from-per-year-none") in sent.text
    assert texts.msg("orders-calc-rest-per-year") in sent.text
    assert texts.msg("ask-per-year") in sent.text
    assert texts.msg("ask-margin") in (await client.send("2")).text
    assert texts.msg("ask-cac") in (await client.send("50")).text
    assert "Проверьте ответы" in (await client.send("500")).text


def _bad_files() -> dict[str, tuple[bytes, str]]:
    header = ";".join(GETCOURSE_HEADER)
    unpaid = getcourse_rows(
        [o for o in getcourse_orders() if o.status == "Новый"], people(40, random.Random(1))
    )
    currencies = [["Email", "Дата", "Сумма", "Валюта"]]
    currencies += [["a@x.ru", "01.02.2024", "100", "RUB"], ["b@x.ru", "02.02.2024", "5", "USD"]]
    return {
        "picture": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "photo.png"),
        "prose": ("Привет! Это просто письмо, а не таблица.\nСпасибо.".encode(), "note.txt"),
        "old excel": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "orders.xls"),
        "empty": (header.encode("cp1251") + b"\r\n", "empty.csv"),
        "no paid orders": (csv_bytes(unpaid), "unpaid.csv"),
        "mixed currencies": (csv_bytes(currencies), "money.csv"),
    }


@pytest.mark.parametrize("case", list(_bad_files()))
async def test_a_bad_file_is_explained_and_the_question_asked_again(
    client: BotClient, texts: Texts, case: str
) -> None:
    data, name = _bad_files()[case]
    await client.press(await open_dialog(client), "Подписка")
    question = client.last_message
    sent = await client.send_document(data, name)
    assert sent.texts[0] == refusal(texts, data, name)
    assert texts.msg("ask-price-subscription") in sent.texts[1], "the open question again"
    assert client.current(question).reply_markup is None, "its older copy retired"
    sent = await client.send("3000")
    assert "стоимость подписки — 3\u00a0000\u00a0₽" in sent.text, "the dialog goes on"


async def test_a_file_over_the_limit_is_refused_without_downloading_it(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    review = await subscription_review(client)
    sent = await client.send_document(b"x", "huge.csv", file_size=MAX_BYTES + 1)
    assert sent.of(GetFile) == [] and harness.session.downloads == []
    assert sent.texts[0] == error_message(too_large(), texts)
    assert "20 МБ" in sent.texts[0]
    assert "Проверьте ответы" in sent.texts[1], "the review again"
    assert labels(client.last_message) == labels(review)


async def test_a_file_telegram_will_not_give_is_explained(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    harness.session.fail(GetFile, message=FILE_TOO_BIG)
    sent = await client.send_document(getcourse_csv(), NAME)
    assert sent.text == error_message(too_large(), texts)
    harness.session.fail(GetFile, message="Bad Request: wrong file_id")
    sent = await client.send_document(getcourse_csv(), NAME)
    assert sent.text == texts.msg("orders-error-download")
    assert harness.renderer.calls == []


async def test_a_file_in_the_middle_of_a_calculation_keeps_it(
    client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    await client.send("3000")
    sent = await client.send_document(getcourse_csv(), NAME)
    assert sent.names[-3:] == ["sendMessage", "sendMessage", "editMessageReplyMarkup"]
    figures, question = sent.texts
    assert texts.msg("orders-privacy") in figures
    assert texts.msg("ask-churn-subscription") in question
    assert "отток — 5\u00a0% в месяц" in (await client.send("5")).text


async def test_import_explains_where_to_get_the_export(client: BotClient, texts: Texts) -> None:
    sent = await client.send("/import")
    assert sent.text == texts.msg("orders-import-help")
    assert "Продажи → Заказы → Экспорт" in sent.text
    await client.press(await open_dialog(client), "Подписка")
    sent = await client.send("/import")
    assert sent.texts[0] == texts.msg("orders-import-help")
    assert texts.msg("ask-price-subscription") in sent.texts[1]


def _two_emails() -> bytes:
    """The manager's e-mail in the first «Email» column, the buyer's in the second."""
    rows = [["Номер", "Email", "Email", "Дата оплаты", "Оплачено", "Статус"]]
    for n in range(12):
        day = f"{n % 28 + 1:02d}.{n % 6 + 1:02d}.2024"
        rows.append([str(n), "manager@school.ru", f"buyer{n % 4}@x.ru", day, "1000", "Оплачен"])
    return csv_bytes(rows)


async def test_an_uncertain_column_is_shown_and_correcting_it_reads_the_file_again(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    sent = await client.send_document(_two_emails(), "two.csv")
    figures = client.last_message
    assert texts.msg("orders-buyers", value="1") in sent.text, "everyone is the manager"
    assert texts.msg("orders-mapping-title") in sent.text
    label = texts.msg("orders-field-email")
    why = texts.msg("orders-doubt-several")
    assert texts.msg("orders-mapping-doubt", field=label, header="Email", why=why) in sent.text
    fix = texts.msg("btn-orders-fix", field=label)
    assert labels(figures) == [texts.msg("btn-orders-calc"), fix]

    sent = await client.press(figures, fix)
    assert sent.text == texts.msg("orders-choose-column", field=label, now="«Email»")
    assert labels(client.last_message)[0] == "3. Email", "the other «Email» first"
    assert "2. Email" not in labels(client.last_message), "not the one taken"
    assert labels(client.last_message)[-1] == texts.msg("btn-orders-no-column")

    sent = await client.press(client.last_message, "3. Email")
    assert sent.names[-3:] == ["getFile", "sendMediaGroup", "sendMessage"]
    assert texts.msg("orders-buyers", value="4") in sent.text, "read again with the buyers"
    assert texts.msg("orders-mapping-title") not in sent.text, "the person's choice is sure"
    assert client.last_buttons == [texts.msg("btn-orders-calc")]
    assert len(harness.session.downloads) == 2, "the file fetched again, not kept"

    stale = await client.press(figures, texts.msg("btn-orders-calc"))
    assert stale.answers[0].text == texts.msg("stale-menu"), "the older reading's buttons"


async def test_a_column_taken_away_asks_for_one_and_keeps_the_reading(
    client: BotClient, texts: Texts
) -> None:
    await client.send_document(_two_emails(), "two.csv")
    figures = client.last_message
    await client.press(figures, texts.msg("btn-orders-fix", field=texts.msg("orders-field-email")))
    sent = await client.press(client.last_message, texts.msg("btn-orders-no-column"))
    assert texts.msg("orders-pick-user-id") in sent.text
    assert "3. Email" in client.last_buttons, "the buyers' column to pick"
    sent = await client.press(figures, texts.msg("btn-orders-calc"))
    assert texts.msg("ask-margin") in sent.text, "the last reading still works"


def _unnamed(*columns: int) -> bytes:
    """Orders whose buyer (0), date (1) or amount (2) ``columns`` have names no synonym fits;
    the first buyer's e-mail has markup in it, one buyer's is written twice in capitals."""
    header = ["Email", "Дата оплаты", "Оплачено", "Статус"]
    for column in columns:
        header[column] = ("Кто купил", "Когда", "Сколько")[column]
    rows = [header]
    spelled = {0: "<b>a&b</b>@x.ru", 5: "BUYER1@X.RU", 9: "Buyer1@x.ru"}
    for n in range(12):
        buyer = spelled.get(n, f"buyer{n % 4}@x.ru")
        rows.append([buyer, f"{n % 28 + 1:02d}.{n % 6 + 1:02d}.2024", "1000", "Оплачен"])
    return csv_bytes(rows)


async def test_a_missing_column_is_picked_from_the_files_columns_and_the_file_read(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    sent = await client.send_document(_unnamed(0), "<orders>.csv")
    picker, question = sent.texts
    assert picker.startswith("В «&lt;orders&gt;.csv» не нашёл по названию столбец")
    assert texts.msg("orders-pick-user-id") in picker
    assert "1. «Кто купил»: &lt;b&gt;a&amp;b&lt;/b&gt;@x.ru · buyer1@x.ru · buyer2@x.ru" in picker
    assert "2. «Дата оплаты»: 01.01.2024 · 02.02.2024 · 03.03.2024" in picker
    assert "3. «Оплачено»: 1000\n" in picker
    assert texts.msg("orders-privacy") in picker
    assert texts.msg("ask-price-subscription") in question, "the calculation goes on"
    columns = client.messages[-2]
    assert labels(columns) == ["1. Кто купил", "2. Дата оплаты", "3. Оплачено", "4. Статус"]
    assert "@" not in str(await stored(harness, client)), "the values shown are not kept"

    sent = await client.press(columns, "1. Кто купил")
    assert {"getFile", "sendMediaGroup"} <= set(sent.names)
    figures, question = sent.texts
    assert texts.msg("orders-buyers", value="5") in figures, "one buyer however spelled"
    assert texts.msg("ask-price-subscription") in question
    assert len(harness.session.downloads) == 2, "the file fetched again, not kept"
    figures_message = client.messages[-2]
    stale = await client.press(columns, "2. Дата оплаты")
    assert stale.answers[0].text == texts.msg("stale-menu"), "picked once"
    sent = await client.press(figures_message, texts.msg("btn-orders-calc"))
    assert texts.msg("ask-margin") in sent.text, "the file's calculation"


@pytest.mark.parametrize(
    ("column", "field"), [(0, "user-id"), (1, "payment-date"), (2, "paid-amount")]
)
async def test_each_missing_column_is_asked_for(
    client: BotClient, texts: Texts, column: int, field: str
) -> None:
    sent = await client.send_document(_unnamed(column), "orders.csv")
    assert texts.msg(f"orders-pick-{field}") in sent.text
    unnamed = ("Кто купил", "Когда", "Сколько")[column]
    assert client.last_buttons[0] == f"{column + 1}. {unnamed}", "the one no field is read from"
    sent = await client.press(client.last_message, f"{column + 1}. {unnamed}")
    assert texts.msg("orders-buyers", value="5") in sent.text


async def test_two_missing_columns_are_asked_for_one_after_the_other(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    sent = await client.send_document(_unnamed(0, 2), "orders.csv")
    assert texts.msg("orders-pick-user-id") in sent.text
    sent = await client.press(client.last_message, "1. Кто купил")
    assert texts.msg("orders-pick-paid-amount") in sent.text, "the next one, the first kept"
    assert client.last_buttons[0] == "3. Сколько", "the columns not taken first"
    sent = await client.press(client.last_message, "3. Сколько")
    assert texts.msg("orders-buyers", value="5") in sent.text
    assert texts.msg("orders-revenue", value=formatting.money(12_000)) in sent.text
    assert len(harness.session.downloads) == 3


def test_reading_a_file_does_not_load_matplotlib_in_the_bot() -> None:
    code = (
        "import sys, bot.app, bot.features.orders.handlers, bot.rendering, core.orders; "
        "from bot.rendering import _read_orders; "
        "_read_orders('Email;Дата;Сумма\\na@x.ru;01.02.2024;100\\n'.encode(), 'a.csv', {}); "
        "assert 'matplotlib' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
