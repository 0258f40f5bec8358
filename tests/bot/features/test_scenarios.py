"""Saved scenarios: save, name, list, open, rename, delete, change, compare; someone else's."""

from __future__ import annotations

import html
from datetime import datetime

import pytest
from aiogram.methods import EditMessageText, SendPhoto

from bot.features.result.views import result_text
from bot.features.scenarios.callbacks import ScenarioAction, ScenarioCb
from bot.features.scenarios.filters import WITH_ID
from bot.features.scenarios.views import button_label, card_caption, compare_text
from bot.storage import Scenario
from core import formatting
from core.economics import compute
from core.formatting import MOSCOW
from core.graphemes import length
from core.models import Inputs
from l10n import Texts
from tests.bot.harness import BotClient, Harness, Sent, calculate, labels
from tests.builders import purchases, subscription

CLUB = subscription(price=3000, churn=5, cac=5000, margin=80)
COURSE = purchases(price=15_000, churn=70, cac=4000, per_year=2, margin=60)


async def saved(harness: Harness, user_id: int, name: str, inputs: Inputs = CLUB) -> Scenario:
    """A scenario written straight into the repository."""
    return await harness.repo.save(user_id, name, inputs.model_dump(mode="json"))


async def open_card(client: BotClient, name: str) -> Sent:
    """``/scenarios`` and the button of scenario ``name``: the chart and the card."""
    await client.send("/scenarios")
    return await client.press(client.last_message, name)


@pytest.mark.parametrize("harness", ["sqlite", "json"], indirect=True)
async def test_save_a_result_under_the_suggested_name(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client)
    sent = await client.press(summary, "Сохранить")
    suggested = texts.msg(
        "scenario-suggested-name",
        model=texts.msg("scenario-model-subscription"),
        price=formatting.money(3000),
        date=datetime.now(MOSCOW).strftime("%d.%m"),
    )
    assert sent.text == texts.msg("scenario-ask-name", max=64, name=html.escape(suggested))
    assert client.last_buttons == [
        texts.msg("btn-keep-name", name=suggested),
        texts.msg("btn-cancel-name"),
    ]
    prompt = client.last_message
    sent = await client.press(prompt, "Оставить")
    assert sent.names == [
        "answerCallbackQuery",
        "editMessageReplyMarkup",
        "sendMessage",
    ]
    assert sent.text == texts.msg("scenario-saved", name=html.escape(suggested))
    assert client.current(prompt).reply_markup is None
    [scenario] = await harness.repo.list_page(client.id, 0, 10)
    assert scenario.name == suggested
    assert Inputs.checked(**scenario.inputs) == CLUB

    again = await client.press(prompt, "Оставить")
    assert again.text == texts.msg("stale-menu-long"), "a double tap saves once"
    assert await harness.repo.count(client.id) == 1


async def test_saving_the_same_result_again_says_under_which_name_it_is_saved(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client)
    await client.press(summary, "Сохранить")
    await client.send("Клуб")
    sent = await client.press(summary, "Сохранить")
    assert sent.text == texts.msg("scenario-already-saved", name="Клуб")
    assert client.last_buttons[0] == texts.msg("btn-scenario-open")
    assert await harness.repo.count(client.id) == 1

    again = await calculate(client)  # the same answers, another calculation
    sent = await client.press(again, "Сохранить")
    assert sent.text == texts.msg("scenario-already-saved", name="Клуб")
    sent = await client.press(client.last_message, texts.msg("btn-scenario-open"))
    assert sent.of(SendPhoto), "the saved one opens"
    other = await calculate(client, price="4 000")
    sent = await client.press(other, "Сохранить")
    assert "Как назвать сценарий" in sent.text, "another result is saved as usual"
    assert await harness.repo.count(client.id) == 1


async def test_a_scenario_changed_back_to_its_answers_is_not_saved_twice(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await saved(harness, client.id, "Клуб")
    await open_card(client, "Клуб")
    await client.press(client.last_message, texts.msg("btn-scenario-edit"))
    await client.press(client.last_message, "Стоимость")
    await client.send("3 000")  # what it was
    sent = await client.press(client.last_message, "Рассчитать")
    assert sent.texts[-1] == texts.msg("scenario-already-saved", name="Клуб")
    assert await harness.repo.count(client.id) == 1


async def test_a_typed_name_is_kept_as_typed_and_shown_escaped(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await client.press(await calculate(client), "Сохранить")
    sent = await client.send("  <b>Клуб</b>   & Co ")
    assert sent.text == texts.msg("scenario-saved", name="&lt;b&gt;Клуб&lt;/b&gt; &amp; Co")
    [scenario] = await harness.repo.list_page(client.id, 0, 10)
    assert scenario.name == "<b>Клуб</b> & Co"


async def test_a_refused_name_is_explained_and_asked_again(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await client.press(await calculate(client), "Сохранить")
    sent = await client.send("x" * 65)
    reason = texts.msg("scenario-name-too-long", length=65, max=64)
    assert sent.text.startswith(reason)
    assert texts.msg("btn-cancel-name") in client.last_buttons
    sent = await client.send_sticker()
    assert sent.text.startswith(texts.msg("scenario-name-not-text"))
    sent = await client.send(" /клуб")
    assert sent.text.startswith(texts.msg("scenario-name-command"))
    sent = await client.send("가" + "\u1160" * 1100 + "나")  # two characters, 1 102 units
    assert sent.text.startswith(texts.msg("scenario-name-too-heavy"))
    assert await harness.repo.count(client.id) == 0
    sent = await client.send("LTV")
    assert sent.text == texts.msg("scenario-saved", name="LTV"), "a name, not the toolkit"
    assert await harness.submitted_jobs() == []


async def test_cancel_while_naming(harness: Harness, client: BotClient, texts: Texts) -> None:
    await client.press(await calculate(client), "Сохранить")
    prompt = client.last_message
    sent = await client.send("/cancel")
    assert sent.text == texts.msg("scenario-save-cancelled")
    assert client.current(prompt).reply_markup is None
    assert (await client.send("Клуб")).text == texts.msg("outside-dialog")

    await saved(harness, client.id, "Клуб")
    await open_card(client, "Клуб")
    await client.press(client.last_message, "Переименовать")
    sent = await client.press(client.last_message, texts.msg("btn-cancel-name"))
    assert sent.text == texts.msg("scenario-rename-cancelled")
    assert [s.name for s in await harness.repo.list_page(client.id, 0, 10)] == ["Клуб"]


async def test_list_open_rename_and_delete(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    sent = await client.send("/scenarios")
    assert sent.text == texts.msg("scenario-empty")
    course = await saved(harness, client.id, "Курс", COURSE)
    club = await saved(harness, client.id, "Клуб")

    sent = await client.send("/scenarios")
    assert sent.text.startswith(texts.msg("scenario-list", count=2))
    assert client.last_buttons[:2] == [
        button_label(texts, club, compute(CLUB)),
        button_label(texts, course, compute(COURSE)),
    ], "newest first, each with its LTV/CAC"

    listing = client.last_message
    sent = await client.press(listing, "Клуб")
    assert sent.names == ["answerCallbackQuery", "sendPhoto", "deleteMessage"]
    [card] = sent.of(SendPhoto)
    assert card.caption == card_caption(texts, club, compute(CLUB)), "one message, short"
    assert client.session.message(client.id, listing.message_id) is None, "in the list's place"

    sent = await client.press(client.last_message, "Переименовать")
    assert sent.text == texts.msg("scenario-ask-rename", name="Клуб", max=64)
    sent = await client.send("<b>&")
    assert sent.text == texts.msg("scenario-renamed", old="Клуб", name="&lt;b&gt;&amp;")
    assert [s.name for s in await harness.repo.list_page(client.id, 0, 10)] == ["<b>&", "Курс"]

    sent = await client.press(client.last_message, texts.msg("btn-scenario-open"))
    assert sent.names == ["answerCallbackQuery", "sendPhoto"], "the reply stays"
    caption = sent.of(SendPhoto)[0].caption or ""
    assert caption.startswith("📁 <b>&lt;b&gt;&amp;</b>"), "the name escaped in the card"
    sent = await client.press(client.last_message, "Удалить")
    assert sent.text == texts.msg("scenario-confirm-delete", name="&lt;b&gt;&amp;")
    confirm = client.last_message
    sent = await client.press(confirm, "Да, удалить")
    assert sent.names == ["answerCallbackQuery", "editMessageText", "sendMessage"]
    assert client.current(confirm).text == texts.msg("scenario-deleted", name="&lt;b&gt;&amp;")
    assert client.current(confirm).reply_markup is None
    assert sent.text.startswith(texts.msg("scenario-list", count=1))
    assert await harness.repo.get(client.id, club.id) is None

    again = await client.press(confirm, "Да, удалить")
    assert [a.text for a in again.answers] == [texts.msg("scenario-not-found")]
    assert again.text == texts.msg("scenario-not-found-long")


async def test_a_long_name_leaves_the_ratio_and_the_day_on_its_button(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    course = await saved(harness, client.id, "Курс на весну", COURSE)
    named = "Повторные покупки 15 000 ₽ для клиентов из рассылки · 02.12"
    long = await saved(harness, client.id, named, COURSE)
    sent = await client.send("/scenarios")
    assert "🟢 от 3×" in sent.text and "🟡 1–3×" in sent.text and "🔴 меньше 1×" in sent.text
    day = formatting.day_month(long.created_at)
    ratio = formatting.ratio(compute(COURSE).ltv_cac or 0)
    first, second = labels(client.last_message)[:2]
    assert first.startswith(f"🟢 {ratio} · Повторные") and first.endswith(f"… · {day}")
    assert second == f"🟢 {ratio} · {course.name} · {day}", "a short name stays whole"
    assert max(length(first), length(second)) <= 34, "what a phone shows of a button"
    sent = await client.press(client.last_message, first)
    [card] = sent.of(SendPhoto)
    assert card.caption == card_caption(texts, long, compute(COURSE)), "the name whole on its card"


async def test_keep_a_scenario_instead_of_deleting_it(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await saved(harness, client.id, "Клуб")
    await open_card(client, "Клуб")
    await client.press(client.last_message, "Удалить")
    confirm = client.last_message
    sent = await client.press(confirm, "Нет, оставить")
    assert sent.names == ["answerCallbackQuery", "editMessageText"]
    assert client.current(confirm).text == texts.msg("scenario-kept", name="Клуб")
    assert await harness.repo.count(client.id) == 1


async def test_list_and_cards_take_each_others_place(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await saved(harness, client.id, "Курс", COURSE)
    await saved(harness, client.id, "Клуб")
    await client.send("/scenarios")
    await client.press(client.last_message, "Клуб")
    card = client.last_message
    sent = await client.press(card, texts.msg("btn-to-list"))
    assert sent.names == ["answerCallbackQuery", "sendMessage", "deleteMessage"]
    assert sent.text.startswith(texts.msg("scenario-list", count=2))
    assert [m.message_id for m in client.messages] == [client.last_message.message_id]
    await client.press(client.last_message, "Курс")
    await client.press(client.last_message, texts.msg("btn-to-list"))
    assert len(client.messages) == 1, "browsing leaves one message, not a trail"

    await client.press(client.last_message, "Клуб")
    await client.press(client.last_message, "Сравнить")
    picker = client.last_message
    sent = await client.press(picker, texts.msg("btn-to-list"))
    assert sent.names == ["answerCallbackQuery", "editMessageText"], "the picker becomes the list"
    assert (client.current(picker).text or "").startswith(texts.msg("scenario-list", count=2))


async def test_pages_of_the_list_turn_in_place(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    oldest = await saved(harness, client.id, "Вариант 1")
    for number in range(2, 12):
        await saved(harness, client.id, f"Вариант {number}")
    sent = await client.send("/scenarios")
    assert texts.msg("scenario-list-page", page=1, pages=2) in sent.text
    first_page = client.last_message
    assert sum("Вариант" in label for label in labels(first_page)) == 10
    sent = await client.press(first_page, texts.msg("btn-page-next"))
    assert sent.names == ["answerCallbackQuery", "editMessageText"]
    assert sent.of(EditMessageText)[0].message_id == first_page.message_id
    turned = client.current(first_page)
    assert texts.msg("scenario-list-page", page=2, pages=2) in (turned.text or "")
    assert [label for label in labels(turned) if "Вариант" in label] == [
        button_label(texts, oldest, compute(CLUB))
    ]


async def test_changing_a_saved_scenario_saves_a_new_version(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    club = await saved(harness, client.id, "Клуб")
    await open_card(client, "Клуб")
    sent = await client.press(client.last_message, texts.msg("btn-scenario-edit"))
    assert sent.text.startswith(texts.msg("scenario-edit-intro", name="Клуб"))
    assert "Проверьте ответы" in sent.text
    await client.press(client.last_message, "Стоимость")
    await client.send("4 000")
    sent = await client.press(client.last_message, "Рассчитать")
    changed = subscription(price=4000, churn=5, cac=5000, margin=80)
    assert sent.texts == [
        result_text(texts, compute(changed)),
        texts.msg("scenario-version-saved", name="Клуб (2)", origin="Клуб"),
    ]
    assert await harness.repo.get(client.id, club.id) == club, "the original is untouched"
    newest = (await harness.repo.list_page(client.id, 0, 1))[0]
    assert (newest.name, Inputs.checked(**newest.inputs)) == ("Клуб (2)", changed)

    sent = await client.press(client.last_message, "Сравнить с исходным")
    assert len(sent.of(SendPhoto)) == 1
    first, second = compute(CLUB), compute(changed)
    assert sent.text == compare_text(texts, first, second, "Клуб", "Клуб (2)")


async def test_compare_two_scenarios(harness: Harness, client: BotClient, texts: Texts) -> None:
    await saved(harness, client.id, "Курс", COURSE)
    sent = await open_card(client, "Курс")
    sent = await client.press(client.last_message, "Сравнить")
    assert sent.text == texts.msg("scenario-compare-alone")
    await saved(harness, client.id, "Клуб")
    await open_card(client, "Курс")
    sent = await client.press(client.last_message, "Сравнить")
    assert sent.text.startswith(texts.msg("scenario-pick-second", name="Курс"))
    sent = await client.press(client.last_message, "Клуб")
    assert sent.names[-2:] == ["sendPhoto", "sendMessage"]
    assert sent.text == compare_text(texts, compute(COURSE), compute(CLUB), "Курс", "Клуб")
    assert harness.renderer.calls[-1] == "comparison_chart"


async def test_another_persons_scenario_is_not_found_and_reveals_nothing(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    boris = harness.client(2002, "Борис")
    secret = await saved(harness, boris.id, "Секрет Бориса", COURSE)
    mine = await saved(harness, client.id, "Клуб")
    missing = secret.id + 100
    await client.send("/scenarios")
    under = client.last_message

    for action in sorted(WITH_ID):
        forged = ScenarioCb(action=action, id=secret.id, other=mine.id).pack()
        absent = ScenarioCb(action=action, id=missing, other=mine.id).pack()
        sent = await client.press_data(under, forged)
        assert sent.names == (await client.press_data(under, absent)).names, action
        assert [a.text for a in sent.answers] == [texts.msg("scenario-not-found")], action
        assert sent.text == texts.msg("scenario-not-found-long"), action
    pair = ScenarioCb(action=ScenarioAction.COMPARE, id=mine.id, other=secret.id).pack()
    sent = await client.press_data(under, pair)
    assert sent.text == texts.msg("scenario-not-found-long")

    everything = " ".join(str(call) for call in harness.session.requests)
    assert "Секрет" not in everything
    assert await harness.repo.get(boris.id, secret.id) == secret, "nothing changed for Boris"
    assert (await client.send("Новое имя")).text == texts.msg("outside-dialog")
    assert await harness.repo.get(boris.id, secret.id) == secret
