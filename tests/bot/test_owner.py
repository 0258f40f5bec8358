"""The author's side in process: owners only, sources, /stats, /leads, /broadcast, consent."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from aiogram.methods import (
    AnswerCallbackQuery,
    CopyMessage,
    EditMessageText,
    SendDocument,
    SendMessage,
    SetMyCommands,
)
from aiogram.types import BotCommandScopeChat, MessageEntity
from openpyxl import load_workbook

from bot.app import publish_profile
from bot.delivery import BulkWorker
from bot.features.owner.callbacks import (
    BroadcastAction,
    BroadcastCb,
    ConsentAction,
    ConsentCb,
    Period,
    StatsCb,
)
from bot.storage.owner import DIRECT
from bot.storage.scenarios import EventKind
from tests.bot.waiting import until
from tests.bot.world import OWNER, World

STRANGER = 5001


BACKENDS = pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
"""Run a test on a world on SQLite and on one on PostgreSQL."""


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> str | None:
    """A fresh PostgreSQL database when parametrized so (:data:`BACKENDS`); else None (SQLite).

    A sync fixture: it may start the server."""
    postgresql = getattr(request, "param", "sqlite") == "postgresql"
    return request.getfixturevalue("postgres_url") if postgresql else None


@pytest.fixture
async def world(tmp_path: Path, database_url: str | None) -> AsyncIterator[World]:
    world = await World.open(tmp_path, database_url=database_url)
    yield world
    await world.close()


async def rows(world: World, sql: str, *params: object) -> list[tuple[Any, ...]]:
    return await world.raw.fetch(sql, *params)


def replies(world: World, since: int) -> list[tuple[str, Any]]:
    """(method, what it showed) of every call made since call number ``since``."""
    shown: list[tuple[str, Any]] = []
    for call in world.recorder.calls[since:]:
        if isinstance(call, SendMessage):
            shown.append(("sendMessage", (call.text, call.reply_markup)))
        elif isinstance(call, AnswerCallbackQuery):
            shown.append(("answerCallbackQuery", call.text))
        else:
            shown.append((type(call).__name__, None))
    return shown


async def answer_to(world: World, act: Callable[[], Any]) -> list[tuple[str, Any]]:
    since = len(world.recorder.calls)
    await act()
    return replies(world, since)


# ---------------------------------------------------------------- owners only


async def test_a_stranger_gets_what_any_unknown_command_gets(world: World) -> None:
    await world.send(STRANGER, "/start")
    unknown = await answer_to(world, lambda: world.send(STRANGER, "/nosuchcommand"))
    assert unknown and unknown[0][0] == "sendMessage"
    for command in ("/stats", "/leads", "/broadcast"):
        assert await answer_to(world, partial(world.send, STRANGER, command)) == unknown
    # After /broadcast, a stranger's text is just a text, not a broadcast.
    assert await answer_to(world, lambda: world.send(STRANGER, "Всем привет")) == unknown

    stale = await answer_to(world, lambda: world.press(STRANGER, "zz:1"))
    forged = [BroadcastCb(action=action, id=1).pack() for action in BroadcastAction] + [
        StatsCb(period=period).pack() for period in Period
    ]
    for data in forged:
        assert await answer_to(world, partial(world.press, STRANGER, data)) == stale
    assert await rows(world, "SELECT count(*) FROM broadcasts") == [(0,)]
    assert world.recorder.of(SendDocument) == []


async def test_the_owners_commands_are_in_the_owners_menu_only(world: World) -> None:
    await publish_profile(world.bot, world.texts)
    await world.owner_menu.publish(world.bot)
    everyone, owner = world.recorder.of(SetMyCommands)
    assert everyone.scope is None
    assert {c.command for c in everyone.commands} >= {"start", "calc", "stop"}
    assert not {c.command for c in everyone.commands} & {"stats", "leads", "broadcast"}
    assert owner.scope == BotCommandScopeChat(chat_id=OWNER)
    assert {"stats", "leads", "broadcast", "start"} <= {c.command for c in owner.commands}
    await world.owner_menu.publish(world.bot)
    assert len(world.recorder.of(SetMyCommands)) == 2, "once"


# ---------------------------------------------------------------- sources


async def test_deep_links_and_the_word_record_the_first_touch(world: World) -> None:
    for user_id, text in [
        (1, "/start ltv_VK"),
        (2, "/start ltv"),
        (3, "/start promo-2024"),
        (4, "«LTV»"),
        (5, "/start"),
        (6, "/start bad payload!"),
        (7, "/start " + "x" * 65),
        (1, "/start ltv_tg"),
    ]:
        await world.send(user_id, text)

    assert await rows(world, "SELECT id, source FROM users ORDER BY id") == [
        (1, "vk"),
        (2, "ltv"),
        (3, "promo-2024"),
        (4, DIRECT),
        (5, DIRECT),
        (6, DIRECT),
        (7, DIRECT),
    ]
    kits = await rows(world, "SELECT chat_id FROM jobs WHERE kind = 'kit' ORDER BY id")
    assert kits == [(1,), (2,), (4,), (1,)]
    greeted = [
        call.chat_id for call in world.recorder.of(SendMessage) if "Здравствуйте" in str(call.text)
    ]
    assert greeted == [3, 5, 6, 7]
    new = await rows(world, "SELECT count(*) FROM events WHERE kind = 'new'")
    assert new == [(7,)]


async def test_a_person_is_written_once_in_a_while_not_at_every_step(world: World) -> None:
    statements: list[str] = []
    await world.conn.set_trace_callback(statements.append)
    for _ in range(5):
        await world.send(11, "/help", name="Ира", username="ira")
    writes = ("INSERT INTO users", "UPDATE users")
    assert len([s for s in statements if s.lstrip().startswith(writes)]) == 2, "new: 2"
    await world.send(11, "/help", name="Ирина", username="ira")  # a new name is written
    world.visits.forget(11)
    await world.send(11, "/help", name="Ирина", username="ira")
    await world.conn.set_trace_callback(None)  # type: ignore[arg-type]
    assert len([s for s in statements if s.lstrip().startswith(writes)]) == 4, "then 1 each"
    assert await rows(world, "SELECT first_name, username FROM users") == [("Ирина", "ira")]


# ---------------------------------------------------------------- /stats and /leads


@BACKENDS
async def test_stats_count_people_per_source_and_step(world: World) -> None:
    for user_id, text in [
        (1, "/start ltv_vk"),
        (2, "/start ltv_vk"),
        (3, "LTV"),
        (OWNER, "/start"),
    ]:
        await world.send(user_id, text)
    events = world.backend.events
    await events.record_event(1, EventKind.CALCULATION_STARTED)
    await events.record_event(1, EventKind.CALCULATION, 2.0)
    await events.record_event(1, EventKind.SCENARIO_SAVED)

    await world.send(OWNER, "/stats")
    text = str(world.recorder.of(SendMessage, OWNER)[-1].text)
    table = text.split("<pre>")[1].split("</pre>")[0]
    lines = {line.split()[0]: line.split()[-3:] for line in table.splitlines()[1:]}
    assert lines["Пришли"] == ["4", "4", "4"]
    assert lines["Взяли"] == ["3", "3", "3"]
    assert lines["Сохранили"] == ["1", "1", "1"]
    assert "<b>vk</b> — пришли 2" in text
    assert "набор 2 (100\xa0%) → расчёт 1 (50\xa0%) → итог 1 (100\xa0%)" in text
    assert "direct" in text
    assert max(len(line) for line in table.splitlines()) <= 36
    funnel = text.split("<pre>")[2].split("</pre>")[0].splitlines()
    assert [line.rstrip(" █▏▎▍▌▋▊▉") for line in funnel[:3]] == [
        "Пришли        4",
        "Взяли набор   3  75\xa0%",
        "Начали расчёт 1  33\xa0%",
    ]
    assert [line.count("█") for line in funnel[:3]] == [8, 6, 2]

    await world.press(OWNER, StatsCb(period=Period.TODAY).pack())
    edit = world.recorder.of(EditMessageText, OWNER)[-1]
    assert "По источникам</b> · Сегодня" in str(edit.text)


@BACKENDS
async def test_leads_open_in_a_spreadsheet_with_each_person_once(world: World) -> None:
    await world.send(1, "/start ltv_vk", name="=SUM(A1)", username="anna")
    await world.send(2, "LTV", name="Борис\x07")
    await world.send(1, "/help", name="=SUM(A1)", username="anna")
    await world.send(OWNER, "/leads")
    [document] = world.recorder.of(SendDocument, OWNER)
    assert "3 человека" in str(document.caption), "the owner wrote too"
    sheet = load_workbook(io.BytesIO(document.document.data)).active
    header, *people = list(sheet.iter_rows(values_only=True))
    assert header[:5] == ("ID в Telegram", "Username", "Имя", "Пришёл (МСК)", "Источник")
    assert [row[:3] for row in people] == [
        (1, "@anna", "=SUM(A1)"),
        (2, None, "Борис"),
        (OWNER, None, "Тест"),
    ]
    assert [row[4] for row in people] == ["vk", "direct", "direct"]
    assert sheet["C2"].data_type == "s", "a name is text, never a formula"


# ---------------------------------------------------------------- /broadcast


async def start_broadcast(world: World, text: str = "Новый урок") -> int:
    """The owner writes a broadcast; its id."""
    await world.send(OWNER, "/broadcast")
    bold = [MessageEntity(type="bold", offset=0, length=5)]
    await world.send(OWNER, text, entities=bold)
    [(broadcast_id,)] = await rows(world, "SELECT max(id) FROM broadcasts")
    return int(broadcast_id)


async def run_jobs(world: World) -> None:
    """Run a bulk worker until every job has ended (a stopped worker does not start again)."""
    worker = BulkWorker(world.jobs, world.worker.handlers)
    task = asyncio.create_task(worker.run())

    async def ended() -> bool:
        return await rows(world, "SELECT count(*) FROM jobs WHERE status = 'pending'") == [(0,)]

    try:
        await until(ended)
    finally:
        await worker.stop(1.0)
        await task


@BACKENDS
async def test_a_broadcast_is_previewed_tested_confirmed_and_reaches_everyone_once(
    world: World,
) -> None:
    for person in (1, 2, 3, 4):
        await world.send(person, "/start")
    world.recorder.blocked.add(3)
    await world.send(4, "/stop")
    broadcast_id = await start_broadcast(world)

    (preview,) = world.recorder.of(CopyMessage, OWNER)
    assert (preview.from_chat_id, preview.reply_markup.inline_keyboard[0][0].text) == (
        OWNER,
        "Отписаться",
    )
    panel = world.recorder.of(SendMessage, OWNER)[-1]
    assert "получат 4 человека" in str(panel.text), "1, 2, 3 and the owner; not 4"

    await world.press(OWNER, BroadcastCb(action=BroadcastAction.TEST, id=broadcast_id).pack())
    test = world.recorder.of(CopyMessage, OWNER)[-1]
    assert (
        test.reply_markup.inline_keyboard[0][0].callback_data
        == ConsentCb(action=ConsentAction.OFF).pack()
    )
    await world.press(OWNER, BroadcastCb(action=BroadcastAction.SEND, id=broadcast_id).pack())
    assert "Отправить рассылку 4 людям?" in str(world.recorder.of(EditMessageText)[-1].text)
    assert await rows(world, "SELECT count(*) FROM jobs WHERE kind = 'broadcast'") == [(0,)]
    confirm = BroadcastCb(action=BroadcastAction.CONFIRM, id=broadcast_id).pack()
    await world.press(OWNER, confirm, message_id=77)
    await world.press(OWNER, confirm, message_id=77)  # a double tap
    await run_jobs(world)

    copies = [c.chat_id for c in world.recorder.of(CopyMessage) if c.chat_id != OWNER]
    assert sorted(copies) == [1, 2, 3], "3 was tried once (403); 4 unsubscribed"
    assert len(world.recorder.of(CopyMessage, OWNER)) == 3, "preview, test, the broadcast"
    assert await rows(world, "SELECT unreachable_at IS NOT NULL FROM users WHERE id = 3") == [
        (True,)
    ]
    report = world.recorder.texts_to(OWNER)[-1]
    assert "Рассылка завершена" in report
    assert "Доставлено: 3" in report and "Заблокировали бота: 1" in report
    assert "Не доставлено: 0" in report
    panels = [c for c in world.recorder.of(EditMessageText, OWNER) if c.message_id == 77]
    assert "Рассылка идёт" in str(panels[-1].text) and panels[-1].reply_markup is None
    assert await rows(world, "SELECT status FROM broadcasts") == [("done",)]


async def test_unsubscribing_is_honoured_and_can_be_undone(world: World) -> None:
    for person in (1, 2):
        await world.send(person, "/start")
    await world.press(1, ConsentCb(action=ConsentAction.OFF).pack())
    assert "Вы отписались" in world.recorder.texts_to(1)[-1]
    await send_broadcast(world)
    assert copies_to(world, 1) == 0

    await world.press(1, ConsentCb(action=ConsentAction.ON).pack())
    assert "снова" in world.recorder.texts_to(1)[-1]
    await send_broadcast(world)
    assert copies_to(world, 1) == 1


async def send_broadcast(world: World) -> None:
    """The owner writes a broadcast and confirms it; it runs to its end."""
    broadcast_id = await start_broadcast(world)
    await world.press(OWNER, BroadcastCb(action=BroadcastAction.CONFIRM, id=broadcast_id).pack())
    await run_jobs(world)


def copies_to(world: World, user_id: int) -> int:
    """How many broadcasts were tried in ``user_id``'s chat (refused ones too)."""
    return len(world.recorder.of(CopyMessage, user_id))


async def reach_in_leads(world: World, user_id: int) -> str:
    """«Доступен ли» of ``user_id`` in the leads file the owner gets now."""
    await world.send(OWNER, "/leads")
    document = world.recorder.of(SendDocument, OWNER)[-1]
    header, *people = load_workbook(io.BytesIO(document.document.data)).active.iter_rows(
        values_only=True
    )
    [row] = [row for row in people if row[0] == user_id]
    return str(row[header.index("Доступен ли")])


@BACKENDS
async def test_someone_who_blocked_the_bot_and_writes_again_gets_broadcasts_again(
    world: World,
) -> None:
    for person in (1, 2):
        await world.send(person, "/start")
    world.recorder.blocked.add(2)
    await send_broadcast(world)  # finds out: 403
    await send_broadcast(world)  # not tried again
    assert copies_to(world, 2) == 1
    assert (await reach_in_leads(world, 2)).startswith("заблокировал бота")

    world.recorder.blocked.discard(2)
    await world.send(2, "/start")
    assert await reach_in_leads(world, 2) == "доступен"
    await send_broadcast(world)
    assert copies_to(world, 2) == 2 and copies_to(world, 1) == 3
    assert "Доставлено: 3" in world.recorder.texts_to(OWNER)[-1], "1, 2 and the owner"


@BACKENDS
async def test_telegrams_word_that_someone_blocked_or_unblocked_the_bot_counts_at_once(
    world: World,
) -> None:
    assert "my_chat_member" in world.dispatcher.resolve_used_update_types(), "asked of Telegram"
    for person in (1, 2):
        await world.send(person, "/start")
    await world.block(2)
    await world.send(OWNER, "/stats")
    assert "заблокировали 1" in str(world.recorder.of(SendMessage, OWNER)[-1].text)
    await send_broadcast(world)
    assert copies_to(world, 2) == 0, "known blocked: never tried"

    # 2 wrote a moment ago (this replica writes them again only minutes later), and
    # unblocks: reachable at once, though they say nothing yet.
    await world.unblock(2)
    assert await reach_in_leads(world, 2) == "доступен"
    await send_broadcast(world)
    assert copies_to(world, 2) == 1


async def test_only_a_text_or_one_photo_can_be_a_broadcast(world: World) -> None:
    await world.send(OWNER, "/broadcast")
    for part in ("g1", "g1", "g1"):
        await world.send(OWNER, "подпись", photo=True, media_group_id=part)
    assert sum("Альбом" in text for text in world.recorder.texts_to(OWNER)) == 1
    await world.send(OWNER, None)  # neither a text nor a photo (a sticker, say)
    assert "текст с оформлением или одно фото" in world.recorder.texts_to(OWNER)[-1]
    await world.send(OWNER, "/cancel")
    assert world.recorder.texts_to(OWNER)[-1] == world.texts.msg("broadcast-cancelled")
    await world.send(OWNER, "Просто текст")
    assert await rows(world, "SELECT count(*) FROM broadcasts") == [(0,)]

    await world.send(OWNER, "/broadcast")
    await world.send(OWNER, "Фото дня", photo=True)
    assert await rows(world, "SELECT kind FROM broadcasts") == [("photo",)]


async def test_a_draft_can_be_dropped_and_then_is_stale(world: World) -> None:
    await world.send(1, "/start")
    broadcast_id = await start_broadcast(world)
    await world.press(OWNER, BroadcastCb(action=BroadcastAction.DISCARD, id=broadcast_id).pack())
    assert "удалён" in world.recorder.texts_to(OWNER)[-1]
    await world.press(OWNER, BroadcastCb(action=BroadcastAction.CONFIRM, id=broadcast_id).pack())
    answer = world.recorder.of(AnswerCallbackQuery)[-1]
    assert answer.text == world.texts.msg("broadcast-stale")
    assert await rows(world, "SELECT count(*) FROM jobs WHERE kind = 'broadcast'") == [(0,)]
