"""What a user does in the bot, as steps shared by end-to-end tests and benchmarks."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.features.owner.callbacks import ConsentAction, ConsentCb
from tests.e2e.fake_telegram import FakeUser, SentMessage

CHECKLIST = "Чек-лист — как удвоить LTV.pdf"
FUNNEL = "Воронка удержания и допродаж — шаблон.xlsx"
CALCULATOR = "Калькулятор LTV.xlsx"
TOOLKIT_FILES = [CHECKLIST, FUNNEL, CALCULATOR]
INTRO = "Набор инструментов LTV"
"""The kit's closing message starts with this."""


async def say(user: FakeUser, text: str) -> SentMessage:
    """Send ``text``; return the bot's next new message."""
    await user.send(text)
    return await user.wait_message()


async def press(user: FakeUser, message: SentMessage, label: str) -> SentMessage:
    """Press the button labelled ``label`` (or the one containing it); return the next message."""
    await user.press(message, message.button(label))
    return await user.wait_message()


async def open_dialog(user: FakeUser) -> SentMessage:
    """``/calc``: return the first question (the business model)."""
    question = await say(user, "/calc")
    assert "Шаг 1" in question.text
    return question


async def subscription_review(
    user: FakeUser, price: str = "3 000", cac: str = "5000"
) -> SentMessage:
    """A subscription at ``price``, churn 5 %, margin 80 %, ``cac``: the review screen."""
    question = await press(user, await open_dialog(user), "Подписка")
    for answer in (price, "5", "80", cac):
        question = await say(user, answer)
    assert "Проверьте ответы" in question.text
    return question


async def calculate(
    user: FakeUser, price: str = "3 000", cac: str = "5000"
) -> tuple[SentMessage, SentMessage]:
    """The whole subscription dialog and «Рассчитать»: the chart and the summary."""
    review = await subscription_review(user, price, cac)
    await user.press(review, review.button("Рассчитать"))
    chart, summary = await user.wait_messages(2, timeout=30)
    assert chart.kind == "photo"
    return chart, summary


async def until(check: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll ``check`` every 0.1 s; TimeoutError saying ``what`` was awaited."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"after {seconds} s, still waiting for {what}")
        await asyncio.sleep(0.1)


def query(db: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """Rows from the bot's database, opened read-only as the bot runs."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql, params).fetchall()


def has_kit(user: FakeUser) -> bool:
    """All three files of the kit, and the closing message after them."""
    messages = user.messages
    closing = [n for n, m in enumerate(messages) if INTRO in m.text]
    if not closing:
        return False
    files = {m.file_name for m in messages[: closing[-1]] if m.kind == "document"}
    return set(TOOLKIT_FILES) <= files


# ---------------------------------------------------------------- the author's


BROADCAST_TEXT = "Новый разбор: как поднять LTV в два раза"
BROADCAST_ENTITIES = [
    {"type": "bold", "offset": 0, "length": 12},
    {"type": "text_link", "offset": 14, "length": 12, "url": "https://example.com/ltv"},
]
UNSUBSCRIBE = "Отписаться"


def is_broadcast(message: SentMessage) -> bool:
    """The broadcast as people get it: the author's text and formatting, «Отписаться»."""
    return (
        message.text == BROADCAST_TEXT
        and message.entities == BROADCAST_ENTITIES
        and message.buttons() == [(UNSUBSCRIBE, ConsentCb(action=ConsentAction.OFF).pack())]
    )


def broadcasts(user: FakeUser) -> int:
    return sum(is_broadcast(message) for message in user.messages)


def table(stats: SentMessage) -> dict[str, list[int]]:
    """/stats' table: each row's label → (today, 7 days, all time)."""
    rows = {}
    for line in stats.text.splitlines():
        words = line.split()
        if len(words) >= 4 and all(word.isdigit() for word in words[-3:]):
            rows[" ".join(words[:-3])] = [int(word) for word in words[-3:]]
    return rows


async def write_broadcast(owner: FakeUser) -> tuple[SentMessage, SentMessage]:
    """/broadcast and the message: the preview and the panel under it."""
    ask = await say(owner, "/broadcast")
    assert "Рассылка" in ask.text
    await owner.send(BROADCAST_TEXT, entities=BROADCAST_ENTITIES)
    preview, panel = await owner.wait_messages(2)
    assert preview.text == BROADCAST_TEXT and preview.entities == BROADCAST_ENTITIES
    assert [label for label, _ in preview.buttons()] == [UNSUBSCRIBE]
    assert not is_broadcast(preview), "its button only explains itself"
    return preview, panel


async def confirm(owner: FakeUser, panel: SentMessage) -> None:
    """«Отправить», then «Да, отправить»."""
    await owner.press(panel, panel.button("Отправить"))
    question = await owner.wait_edit(panel.message_id)
    assert "Отправить рассылку" in question.text
    await owner.press(question, question.button("Да, отправить"))
