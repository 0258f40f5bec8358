"""The LTV toolkit and the checklist, end to end through the fake Bot API server.

Each test starts the bot once and checks several things with several users, since a
start takes a second or two.
"""

from __future__ import annotations

import asyncio
import io
import sqlite3
from pathlib import Path

from pypdf import PdfReader

from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram, FakeUser, SentMessage
from tests.e2e.steps import CHECKLIST, INTRO, TOOLKIT_FILES, press, say

PERSONAL = "Чек-лист — как удвоить LTV (ваши цифры).pdf"
OUTRO_BUTTON = "Рассчитать свой LTV"
RESUMED = "Продолжим расчёт с того же места"


RESUME_BUTTON = "Продолжить расчёт"


async def receive_toolkit(user: FakeUser) -> list[SentMessage]:
    """The kit in four messages: an album of the three files, then «calculate»; the files."""
    *documents, outro = await user.wait_messages(4)
    assert [d.kind for d in documents] == ["document"] * 3
    assert len({d.media_group_id for d in documents}) == 1 and documents[0].media_group_id
    assert all(d.caption for d in documents)
    assert [d.file_name for d in documents] == TOOLKIT_FILES
    assert documents[0].document is not None and documents[0].document.startswith(b"%PDF")
    assert all(d.document is not None and d.document.startswith(b"PK") for d in documents[1:])
    assert outro.kind == "text"
    assert INTRO in outro.text
    outro.button(OUTRO_BUTTON)  # the button to calculate one's own LTV is there
    return documents


def pdf_text(message: SentMessage) -> str:
    """The text of a PDF the bot sent, spaces normalized (thin and no-break spaces too)."""
    assert message.kind == "document" and message.document is not None
    assert message.document.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(message.document)).pages)
    for space in ("\u00a0", "\u202f", "\u2009"):
        text = text.replace(space, " ")
    return text


def toolkit_events(database: Path) -> int:
    """How many toolkit requests the bot recorded for the owner."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT count(*) FROM events WHERE kind = 'toolkit'").fetchone()
    return int(row[0])


async def test_every_way_of_asking_sends_the_toolkit_uploaded_once(
    telegram: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    # Two first requests at once: the files are rendered and uploaded once, not twice.
    first, second = telegram.user(2001), telegram.user(2002)
    await asyncio.gather(first.send("«LTV»"), second.send("лтв"))
    sent = await asyncio.gather(receive_toolkit(first), receive_toolkit(second))
    assert telegram.uploads == 3
    assert "upload_document" in telegram.chat_actions[first.id] + telegram.chat_actions[second.id]
    file_ids = [d.file_id for d in sent[0]]
    assert [d.file_id for d in sent[1]] == file_ids

    # Every other way of asking: the same files again, by file_id, nothing uploaded.
    asked = 2
    for user_id, text in enumerate(
        ["«ЛТВ!»", "'ltv.'", '"Ltv"', "LTV", "/toolkit", "/start ltv", "хочу LTV, пожалуйста"],
        start=2003,
    ):
        user = telegram.user(user_id)
        await user.send(text)
        documents = await receive_toolkit(user)
        assert [d.file_id for d in documents] == file_ids, text
        assert telegram.chat_actions[user.id] == [], f"{text}: nothing to wait for"
        asked += 1

    # The main-menu button.
    user = telegram.user(2100)
    await user.send("/start")
    menu = await user.wait_message()
    await user.press(menu, menu.button("Набор инструментов"))
    assert [d.file_id for d in await receive_toolkit(user)] == file_ids
    asked += 1

    # The checklist button of the menu, without a result: the general one, by file_id.
    await user.press(menu, menu.button("Чек-лист"))
    general = await user.wait_message()
    assert general.kind == "document"
    assert general.file_name == CHECKLIST
    assert general.file_id == file_ids[0]
    assert "Посчитайте свой LTV" in general.caption
    general.button(OUTRO_BUTTON)

    # Neither a plain /start, nor a word that only looks like it, sends the toolkit.
    other = telegram.user(2101)
    await other.send("/start")
    assert "Здравствуйте" in (await other.wait_message()).text
    await other.send("CLTV")
    assert INTRO not in (await other.wait_message()).text

    assert telegram.uploads == 3
    assert telegram.resends == 3 * asked - 3 + 1
    assert toolkit_events(tmp_path / "ltv.db") == asked


async def answer_until_review(user: FakeUser) -> SentMessage:
    """From the price question of a subscription to the review screen."""
    churn = await say(user, "3 000")
    assert "Шаг 3" in churn.text
    await press(user, churn, "5\xa0%")
    await say(user, "80%")
    return await say(user, "5000")


async def test_the_word_during_a_dialog_and_the_personal_checklist(
    telegram: FakeTelegram, bot_process: BotProcess
) -> None:
    user = telegram.user(3001)

    # /checklist before any calculation: the general checklist and «calculate».
    await user.send("/checklist")
    general = await user.wait_message()
    assert general.file_name == CHECKLIST
    assert "Ваши цифры" not in pdf_text(general)
    assert "upload_document" in telegram.chat_actions[user.id]

    await user.press(general, general.button(OUTRO_BUTTON))
    model = await user.wait_message()
    await user.press(model, model.button("Подписка"))
    price = await user.wait_message()
    assert "Шаг 2" in price.text

    # The bare word in the middle of the dialog: the toolkit, then «continue» asks the same
    # question again.
    await user.send("ЛТВ!")
    *documents, resumed = await user.wait_messages(4)
    assert [d.file_name for d in documents] == TOOLKIT_FILES
    assert RESUMED in resumed.text
    await user.press(resumed, resumed.button(RESUME_BUTTON))
    resumed = await user.wait_message()
    assert "Шаг 2" in resumed.text
    resumed.button("Отмена")  # the question's buttons are live again

    # A sentence that mentions LTV is an answer to the question, not a toolkit request.
    await user.send("LTV у меня около 3000")
    reasked = await user.wait_message()
    assert INTRO not in reasked.text
    assert "Не получилось прочитать" in reasked.text

    review = await answer_until_review(user)

    # The bare word on the review screen: the toolkit, then the review screen again.
    await user.send("ltv")
    *_, resumed = await user.wait_messages(4)
    await user.press(resumed, resumed.button(RESUME_BUTTON))
    review = await user.wait_message()
    await user.press(review, review.button("Рассчитать"))
    chart, result = await user.wait_messages(2)
    assert chart.kind == "photo"

    # «Чек-лист для вас»: the PDF with the user's own figures.
    actions = len(telegram.chat_actions[user.id])
    await user.press(result, result.button("Чек-лист для вас"))
    personal = await user.wait_message()
    assert personal.file_name == PERSONAL
    assert "upload_document" in telegram.chat_actions[user.id][actions:]
    text = pdf_text(personal)
    for figure in ("Ваши цифры", "3 000", "5 %", "80 %", "5 000", "48 000"):
        assert figure in text, f"{figure!r} not in the personal checklist"

    # /checklist now sends the personal one (the same inputs: the same file, by file_id).
    uploads = telegram.uploads
    await user.send("/checklist")
    again = await user.wait_message()
    assert again.file_name == PERSONAL
    assert again.file_id == personal.file_id
    assert telegram.uploads == uploads
    assert telegram.unanswered_callbacks() == []
