"""The author's side end to end: sources, /stats, /leads, a broadcast under flood control, a crash.

The real bot process with ``OWNER_IDS`` against the fake Bot API server. People come by
different links and words; a stranger's owner commands get what any unknown command
gets; the owner's figures count each person once, by source; a broadcast reaches every
reachable person exactly once under Telegram's flood control, marks who blocked the bot,
honours «Отписаться», and survives a kill -9 with duplicates only in the crash window.
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.features.owner.broadcast import IN_FLIGHT
from tests.e2e.bot_process import StartBot
from tests.e2e.fake_telegram import BLOCKED, FakeTelegram
from tests.e2e.steps import (
    UNSUBSCRIBE,
    broadcasts,
    calculate,
    confirm,
    is_broadcast,
    press,
    query,
    say,
    table,
    until,
    write_broadcast,
)
from tests.e2e.test_toolkit import receive_toolkit

pytestmark = pytest.mark.slow  # starts bot processes

OWNER = 777_000
STRANGER = 777_001
SETTINGS = {"OWNER_IDS": str(OWNER)}
RATE = {"TELEGRAM_RATE": "28"}
"""Just under the fake's 30 a second: the bot's own pace is what keeps it from 429s."""


def take_errors(telegram: FakeTelegram) -> list[tuple[str, str]]:
    """The refusals so far, cleared (the fixtures fail a test on any left)."""
    errors = list(telegram.errors)
    telegram.errors.clear()
    return errors


async def test_sources_stats_and_leads_count_each_person_once_and_strangers_see_nothing(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    await start_bot(SETTINGS)
    # The owner had never written: Telegram refuses their menu until they do (the menu is
    # published in the background once polling runs: wait for that refusal).
    refusal = ("setMyCommands", "Bad Request: chat not found")
    await until(lambda: refusal in telegram.errors, 20, "the owner's menu to be tried")
    assert take_errors(telegram) == [refusal]

    anna = telegram.user(31, "Анна", username="anna")
    await anna.send("/start ltv_vk")
    await receive_toolkit(anna)
    for user_id, text in [(32, "/start ltv_vk"), (33, "/start ltv_TG"), (35, "LTV"), (36, "лтв")]:
        user = telegram.user(user_id)
        await user.send(text)
        await receive_toolkit(user)
    promo = telegram.user(34)
    assert "Здравствуйте" in (await say(promo, "/start promo-1")).text

    # Anna calculates, saves the result and takes her checklist; 32 only starts.
    _, summary = await calculate(anna)
    prompt = await press(anna, summary, "Сохранить")
    assert "Сохранил сценарий" in (await press(anna, prompt, "Оставить")).text
    await anna.press(summary, summary.button("Чек-лист для вас"))
    assert (await anna.wait_message()).kind == "document"
    await say(telegram.user(32), "/calc")

    # A stranger: the owner's commands are unknown commands, and not in their menu.
    stranger = telegram.user(STRANGER)
    unknown = await say(stranger, "/nosuchcommand")
    for command in ("/stats", "/leads", "/broadcast"):
        reply = await say(stranger, command)
        assert (reply.text, reply.buttons()) == (unknown.text, unknown.buttons()), command
    reply = await say(stranger, "Всем привет")  # after /broadcast: just a text
    assert (reply.text, reply.buttons()) == (unknown.text, unknown.buttons())
    assert all(m.kind == "text" for m in stranger.messages)
    assert not {"stats", "leads", "broadcast"} & set(telegram.commands_for(STRANGER))
    assert "stop" in telegram.commands_for(STRANGER)

    # The owner's first message brings their menu; /stats counts people per source.
    owner = telegram.user(OWNER, "Автор")
    stats = await say(owner, "/stats")
    assert {"stats", "leads", "broadcast", "start"} <= set(telegram.commands_for(OWNER))
    rows = table(stats)
    assert rows["Пришли"] == [8, 8, 8]  # 31–36, the stranger and the owner
    assert rows["Взяли набор"] == [5, 5, 5]
    assert rows["Начали расчёт"] == [2, 2, 2]
    assert rows["Получили итог"] == [1, 1, 1]
    assert rows["Сохранили"] == [1, 1, 1]
    assert rows["Чек-лист"] == [1, 1, 1]
    assert rows["Заблокировали"] == [0, 0, 0]
    text = stats.text
    assert "vk — пришли 2\nнабор 2 (100\xa0%) → расчёт 2 (100\xa0%) → итог 1 (50\xa0%)" in text
    assert "tg — пришли 1" in text and "promo-1 — пришли 1" in text
    assert "direct — написали без ссылки — пришли 4" in text
    assert "набор 2 (50\xa0%)" in text  # of the four direct people, 35 and 36 asked
    await owner.press(stats, stats.button("Сегодня"))
    assert "По источникам · Сегодня" in (await owner.wait_edit(stats.message_id)).text

    # /leads: a spreadsheet with each person once.
    leads = await say(owner, "/leads")
    assert leads.kind == "document" and (leads.file_name or "").endswith(".xlsx")
    assert leads.document is not None
    sheet = load_workbook(io.BytesIO(leads.document)).active
    header, *people = list(sheet.iter_rows(values_only=True))
    assert "Источник" in header and "Последний LTV/CAC" in header
    ids = [row[0] for row in people]
    assert sorted(ids) == [31, 32, 33, 34, 35, 36, OWNER, STRANGER]
    row = dict(zip(header, people[ids.index(31)], strict=True))
    assert (row["Username"], row["Имя"], row["Источник"]) == ("@anna", "Анна", "vk")
    assert row["Набор отправлен (МСК)"] is not None
    assert (row["Расчётов"], row["Сценариев"]) == (1, 1)
    assert row["Последний LTV/CAC"] == pytest.approx(9.6)  # 3 000 ₽ × 80 % / 5 % / 5 000 ₽
    assert (row["Доступен ли"], row["Рассылки"]) == ("доступен", "получает")
    assert dict(zip(header, people[ids.index(33)], strict=True))["Источник"] == "tg"
    assert query(tmp_path / "ltv.db", "SELECT count(*) FROM broadcasts") == [(0,)]


@pytest.mark.paced
async def test_a_broadcast_under_flood_control_reaches_everyone_reachable_once(
    telegram: FakeTelegram, start_bot: StartBot, tmp_path: Path
) -> None:
    telegram.enforce_rate_limit = True
    telegram.global_rate = 30
    owner = telegram.user(OWNER, "Автор")
    await start_bot({**SETTINGS, **RATE})
    crowd = [telegram.user(40_000 + n) for n in range(80)]
    for wave in range(0, len(crowd), 10):  # people who came over a while, not in one spike
        await asyncio.gather(*(user.send("/start") for user in crowd[wave : wave + 10]))
        await asyncio.sleep(0.5)
    for user in crowd:
        assert "Здравствуйте" in (await user.wait_message(timeout=30)).text
    blocked, leaving = crowd[0], crowd[1]
    telegram.block(blocked.id)
    assert "Вы отписались" in (await say(leaving, "/stop")).text

    preview, panel = await write_broadcast(owner)
    # All the crowd but who left (who blocked is not known yet), and the owner.
    assert "получат 80 человек" in panel.text
    await owner.press(preview, preview.button(UNSUBSCRIBE))  # only explains itself
    await owner.press(panel, panel.button("Тест себе"))
    test = await owner.wait_message()
    assert is_broadcast(test)
    await confirm(owner, panel)

    report = await owner.wait_message(60, lambda m: "Рассылка завершена" in m.text)
    assert "Доставлено: 79" in report.text
    assert "Заблокировали бота: 1" in report.text
    assert "Не доставлено: 0" in report.text
    for user in crowd[2:]:
        assert broadcasts(user) == 1, user.id
    assert broadcasts(owner) == 2  # the test, and the broadcast itself
    assert broadcasts(leaving) == 0 and broadcasts(blocked) == 0
    refused = [r for r in telegram.chat_requests[blocked.id] if r.status == 403]
    assert len(refused) == 1, "tried once"
    assert telegram.too_many_requests == 0
    assert panel.edits and "Рассылка идёт: 80 из 80" in panel.text, "the progress, edited"
    assert take_errors(telegram) == [("copyMessage", BLOCKED)]

    # «Отписаться» under the broadcast is honoured; /stats counts the one who blocked.
    person = crowd[2]
    copy = await person.wait_message(predicate=is_broadcast)
    await person.press(copy, copy.button(UNSUBSCRIBE))
    assert "Вы отписались" in (await person.wait_message()).text
    db = tmp_path / "ltv.db"
    assert query(db, "SELECT count(*) FROM users WHERE unsubscribed_at IS NOT NULL") == [(2,)]
    assert query(db, "SELECT unreachable_at IS NOT NULL FROM users WHERE id = ?", blocked.id) == [
        (1,)
    ]
    assert table(await say(owner, "/stats"))["Заблокировали"] == [1, 1, 1]


@pytest.mark.paced
async def test_a_crash_during_a_broadcast_delivers_it_once_outside_the_crash_window(
    telegram: FakeTelegram, start_bot: StartBot
) -> None:
    telegram.enforce_rate_limit = True
    telegram.global_rate = 30
    settings = {**SETTINGS, "TELEGRAM_RATE": "10"}  # slow enough to crash in the middle
    owner = telegram.user(OWNER, "Автор")
    bot = await start_bot(settings)
    crowd = [telegram.user(50_000 + n) for n in range(60)]
    await asyncio.gather(*(user.send("/start") for user in crowd))
    await until(lambda: all(user.messages for user in crowd), 30, "every greeting")

    _, panel = await write_broadcast(owner)
    await confirm(owner, panel)
    await until(lambda: sum(map(broadcasts, crowd)) >= 20, 30, "a third of the broadcast")
    await bot.kill()
    delivered_before = sum(map(broadcasts, crowd))
    assert delivered_before < len(crowd), "the crash came in the middle"
    await start_bot(settings)

    report = await owner.wait_message(
        60, lambda m: "Рассылка" in m.text and "Доставлено" in m.text
    )
    assert "Рассылка завершена" in report.text
    assert "Доставлено: 61" in report.text  # the crowd and the owner
    counts = [broadcasts(user) for user in crowd]
    assert min(counts) == 1, "everyone got it"
    assert max(counts) <= 2
    assert counts.count(2) <= IN_FLIGHT, "twice only in the crash window"
    assert telegram.too_many_requests == 0
    await asyncio.sleep(1)
    assert sum("Рассылка завершена" in m.text for m in owner.messages) == 1
