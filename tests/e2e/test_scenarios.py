"""Saved scenarios end to end: save, list, page, open, change, rename, delete, compare, safety.

Each test starts the real bot once and checks several things with it; scenarios that only
need to exist are written straight into the bot's SQLite file before it starts.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.storage import SQLiteScenarioRepository, open_database
from core.formatting import MOSCOW
from core.models import BusinessModel, Inputs
from tests.e2e.bot_process import StartBot
from tests.e2e.fake_telegram import FakeTelegram, FakeUser, SentMessage
from tests.e2e.steps import calculate, press

NBSP = "\u00a0"
RUB = f"{NBSP}₽"
PCT = f"{NBSP}%"
HTML_NAME = "<b>Клуб & Курс</b> 🎓 שלום"


def money(value: str) -> str:
    """``"3 000"`` as the bot writes it: ``3 000 ₽`` with no-break spaces."""
    return value.replace(" ", NBSP) + RUB


async def open_list(user: FakeUser) -> SentMessage:
    await user.send("/scenarios")
    return await user.wait_message()


def labels(message: SentMessage) -> list[str]:
    return [text for text, _ in message.buttons()]


def scenario_labels(message: SentMessage) -> list[str]:
    """The buttons that open a scenario (the list shows one per scenario)."""
    return [text for text, data in message.buttons() if data and data.startswith("sc:oh:")]


async def test_save_list_open_change_rename_delete_and_compare(
    telegram: FakeTelegram, start_bot: StartBot
) -> None:
    await start_bot()
    user = telegram.user(2001)
    today = datetime.now(MOSCOW).strftime("%d.%m")
    suggested = f"Подписка {money('3 000')} · {today}"

    # Nothing saved yet: a short explanation and a way to calculate.
    empty = await open_list(user)
    assert "пока нет сохранённых сценариев" in empty.text
    assert empty.button("Рассчитать")

    # Save with the suggested name.
    _, summary = await calculate(user, "3 000")
    prompt = await press(user, summary, "Сохранить")
    assert "Как назвать сценарий" in prompt.text
    assert suggested in prompt.text
    saved = await press(user, prompt, "Оставить")
    assert f"Сохранил сценарий «{suggested}»" in saved.text

    # Save with a typed name: 65 characters are refused, not cut; HTML stays text.
    _, summary = await calculate(user, "6 000")
    prompt = await press(user, summary, "Сохранить")
    await user.send("я" * 65)
    refused = await user.wait_message()
    assert "слишком длинное: 65 символов" in refused.text
    assert "64" in refused.text
    await user.send(HTML_NAME)
    saved = await user.wait_message()
    assert f"«{HTML_NAME}»" in saved.text
    assert "&lt;b&gt;Клуб &amp; Курс&lt;/b&gt;" in saved.html

    # The same result again is not saved twice: said under which name it is.
    again = await press(user, summary, "Сохранить")
    assert f"уже сохранён как «{HTML_NAME}»" in again.text

    # /cancel while a name is typed saves nothing.
    _, summary = await calculate(user, "9 000")
    prompt = await press(user, summary, "Сохранить")
    await user.send("/cancel")
    cancelled = await user.wait_message()
    assert "не сохраняю" in cancelled.text
    # The prompt's buttons are gone; an old «Оставить» from elsewhere is just stale.
    await user.press(prompt, "sc:n:0:0:0", strict=False)
    assert "из старого сообщения" in (await user.wait_message()).text

    # The list: newest first, each with its LTV/CAC; the HTML name is shown as typed.
    listing = await open_list(user)
    assert "2 сценария" in listing.text
    first, second = scenario_labels(listing)
    assert first.startswith("🟢 19,2× · <b>Клуб & Курс") and first.endswith(f"… · {today}")
    assert second == f"🟢 9,6× · {suggested}", "the whole name, its day said once"

    # Open one: its chart with a short card as the caption, in place of the list.
    await user.press(listing, listing.button("<b>Клуб & Курс"))
    card = await user.wait_message()
    assert card.kind == "photo" and (card.photo or b"").startswith(b"\x89PNG")
    assert card.caption.startswith(f"📁 {HTML_NAME}")
    assert "Сохранён" in card.caption and f"96{NBSP}000{RUB}" in card.caption
    assert len(card.caption.splitlines()) <= 8
    assert "&lt;b&gt;" in card.html

    # Compare the first scenario with the second: every figure with its change, one chart.
    await user.press(card, card.button("К списку"))
    listing = await user.wait_message()
    assert listing.message_id > card.message_id
    for _ in range(100):  # the card is taken away just after the list is sent
        if card.deleted:
            break
        await asyncio.sleep(0.05)
    assert card.deleted, "the card gave its place back to the list"
    await user.press(listing, listing.button(suggested))
    card = await user.wait_message()
    picker = await press(user, card, "Сравнить")
    assert "С каким сценарием сравнить" in picker.text
    choices = [text for text, data in picker.buttons() if data and data.startswith("sc:c:")]
    assert len(choices) == 1 and "<b>Клуб & Курс" in choices[0]
    await user.press(picker, picker.button("<b>Клуб & Курс"))
    chart, table = await user.wait_messages(2)
    assert chart.kind == "photo" and (chart.photo or b"").startswith(b"\x89PNG")
    assert f"1️⃣ {suggested}" in table.text and f"2️⃣ {HTML_NAME}" in table.text
    assert f"LTV: {money('48 000')} → {money('96 000')} (+{money('48 000')}, +100{PCT})" in (
        table.text
    )
    assert f"стоимость подписки: {money('3 000')} в месяц → {money('6 000')} в месяц" in table.text
    assert f"CAC: {money('5 000')} — без изменений" in table.text
    assert "&lt;b&gt;" in table.html

    # Change an answer: the result becomes a new scenario, the old one stays as it was.
    listing = await open_list(user)
    await user.press(listing, listing.button(suggested))
    card = await user.wait_message()
    review = await press(user, card, "Изменить ответ")
    assert f"Меняем ответы сценария «{suggested}»" in review.text
    await press(user, review, "Стоимость подписки")
    await user.send("4 000")
    review = await user.wait_message()
    await user.press(review, review.button("Рассчитать"))
    _, summary, version = await user.wait_messages(3)
    assert f"LTV по прибыли: {money('64 000')}" in summary.text
    assert f"«{suggested} (2)»" in version.text and "не изменился" in version.text
    await user.press(version, version.button("Сравнить с исходным"))
    _, table = await user.wait_messages(2)
    assert f"{money('3 000')} в месяц → {money('4 000')} в месяц" in table.text
    assert f"+{money('1 000')}, +33,3{PCT}" in table.text

    listing = await open_list(user)
    assert "3 сценария" in listing.text
    assert scenario_labels(listing)[0] == f"🟢 12,8× · Подписка… (2) · {today}"
    await user.press(listing, listing.button(suggested))
    card = await user.wait_message()
    assert f"LTV по прибыли: {money('48 000')}" in card.caption
    assert f"{money('3 000')} в месяц" in card.caption

    # Rename: the same rules as a new name; white space is tidied.
    prompt = await press(user, card, "Переименовать")
    assert f"переименовать сценарий «{suggested}»" in prompt.text
    await user.send("б" * 65)
    assert "слишком длинное" in (await user.wait_message()).text
    await user.send("  Клуб\nпо   подписке  ")
    renamed = await user.wait_message()
    assert f"«{suggested}» теперь называется «Клуб по подписке»" in renamed.text

    # Delete: asks first; «Нет» keeps it, «Да» removes it.
    confirm = await press(user, card, "Удалить")
    assert "Удалить сценарий «Клуб по подписке»?" in confirm.text
    await user.press(confirm, confirm.button("Нет"))
    kept = await user.wait_edit(confirm.message_id)
    assert "остаётся" in kept.text
    confirm = await press(user, card, "Удалить")
    await user.press(confirm, confirm.button("Да"))
    deleted = await user.wait_edit(confirm.message_id)
    assert "«Клуб по подписке» удалён" in deleted.text
    listing = await user.wait_message()
    assert "2 сценария" in listing.text
    assert not any("Клуб по подписке" in label for label in scenario_labels(listing))
    # Its old card's buttons now find nothing.
    gone = await press(user, card, "Переименовать")
    assert "Такого сценария нет" in gone.text

    assert telegram.unanswered_callbacks() == []


async def _fill(
    db: Path,
    user_id: int,
    names: list[str],
    price: float = 3000,
    raw: dict[str, Any] | None = None,
) -> list[int]:
    """Save scenarios straight into the bot's database; return their ids, oldest first."""
    inputs = raw or Inputs(
        model=BusinessModel.SUBSCRIPTION, price=price, churn_percent=5, margin_percent=80, cac=5000
    ).model_dump(mode="json")
    conn = await open_database(db)
    try:
        repo = SQLiteScenarioRepository(conn)
        return [(await repo.save(user_id, name, inputs)).id for name in names]
    finally:
        await conn.close()


async def test_paging_limit_and_other_users_scenarios(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    db = tmp_path / "ltv.db"
    alice, bob, mallory, lonely = 3001, 3002, 3003, 3004
    ids = await _fill(db, alice, [f"S{n}" for n in range(1, 12)])
    (secret,) = await _fill(db, alice, ["Секрет Алисы"], price=77_777)
    await _fill(db, bob, [f"B{n}" for n in range(200)])
    await _fill(db, lonely, ["Один"])
    # Inputs that today's rules refuse (a price below 1 ₽), as if the rules had changed.
    await _fill(
        db,
        lonely,
        ["Старый"],
        raw={"model": "subscription", "price": 0.5, "churn_percent": 5, "cac": 0},
    )
    await start_bot()

    # Ten a page, newest first, «›» to the rest and «‹» back; the page turns in place.
    user = telegram.user(alice)
    listing = await open_list(user)
    assert "12 сценариев" in listing.text and "Страница 1 из 2" in listing.text
    names = [label.split(" · ")[1] for label in scenario_labels(listing)]
    assert names == ["Секрет Алисы", *(f"S{n}" for n in range(11, 2, -1))]
    assert "‹" not in labels(listing)
    await user.press(listing, listing.button("›"))
    page = await user.wait_edit(listing.message_id)
    assert [label.split(" · ")[1] for label in scenario_labels(page)] == ["S2", "S1"]
    assert "Страница 2 из 2" in page.text and "›" not in labels(page)
    await user.press(page, page.button("‹"))
    page = await user.wait_edit(listing.message_id)
    assert "Страница 1 из 2" in page.text

    # Someone else's ids in forged or replayed callbacks: "not found", nothing revealed.
    intruder = telegram.user(mallory)
    await intruder.send("/start")
    menu = await intruder.wait_message()
    forged = [
        f"sc:{action}:{secret}:0:0" for action in ("o", "e", "r", "d", "dy", "k", "p", "pp")
    ] + [f"sc:c:{secret}:{ids[0]}:0", f"sc:c:{ids[0]}:{secret}:0"]
    for data in forged:
        query = await intruder.press(menu, data, strict=False)
        answer = await intruder.wait_callback_answer(query)
        assert answer.text == "Сценарий не найден", data
        reply = await intruder.wait_message()
        assert "Такого сценария нет" in reply.text
    # A renaming that never started: the next text is not taken as a name.
    await intruder.send("Моё название")
    assert "Я понимаю кнопки и команды" in (await intruder.wait_message()).text
    # An id beyond what SQLite keeps is refused before any handler runs.
    await intruder.press(menu, "sc:o:99999999999999999999999:0:0", strict=False)
    assert "из старого сообщения" in (await intruder.wait_message()).text
    # Nothing to save for someone who has not calculated.
    await intruder.press(menu, "r:save:0", strict=False)
    assert "нет в памяти" in (await intruder.wait_message()).text
    seen = " ".join(m.text + m.caption for m in intruder.messages)
    assert "Секрет" not in seen and "77" not in seen and "S1" not in seen

    # Alice's scenario is untouched.
    listing = await open_list(user)
    assert "12 сценариев" in listing.text
    await user.press(listing, listing.button("Секрет Алисы"))
    card = await user.wait_message()
    assert f"77{NBSP}777{RUB}" in card.caption

    # The 201st save is refused with a way to the oldest scenarios; the user list is whole.
    holder = telegram.user(bob)
    _, summary = await calculate(holder, "3 500")  # not one of the 200 already saved
    refusal = await press(holder, summary, "Сохранить")
    assert "уже 200 сценариев" in refusal.text and "Удалите старые" in refusal.text
    oldest = await press(holder, refusal, "К самым старым")
    assert "Страница 20 из 20" in oldest.text
    assert scenario_labels(oldest)[-1].split(" · ")[1] == "B0"

    # A scenario that can no longer be computed is marked, explained and can be deleted;
    # with a single scenario left there is nothing to compare it with.
    single = telegram.user(lonely)
    listing = await open_list(single)
    today = datetime.now(MOSCOW).strftime("%d.%m")
    assert scenario_labels(listing)[0] == f"⚠️ Старый · {today}"
    broken = await press(single, listing, "Старый")
    assert "больше не получается посчитать" in broken.text
    confirm = await press(single, broken, "Удалить")
    await single.press(confirm, confirm.button("Да"))
    await single.wait_edit(confirm.message_id)
    listing = await single.wait_message()
    assert "1 сценарий" in listing.text
    await single.press(listing, listing.button("Один"))
    card = await single.wait_message()
    alone = await press(single, card, "Сравнить")
    assert "Сравнивать пока не с чем" in alone.text
    # While a name is typed, «LTV» is a name, not a request for the toolkit.
    await press(single, card, "Переименовать")
    await single.send("LTV")
    assert "теперь называется «LTV»" in (await single.wait_message()).text

    assert telegram.unanswered_callbacks() == []
