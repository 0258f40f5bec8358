"""The toolkit and the checklist: the kit is a stored job, the checklist personal or general."""

from __future__ import annotations

import pytest
from aiogram.methods import SendChatAction, SendDocument, SendMediaGroup
from aiogram.types import BufferedInputFile

from bot.delivery import Job
from bot.features.toolkit.files import ToolkitDocument
from bot.features.toolkit.kit import KIT_JOB
from bot.storage import EventKind
from core.formatting import NBSP
from l10n import Texts
from tests.bot.harness import PDF, BotClient, Harness, calculate, open_dialog


async def run_kit(harness: Harness, job: Job) -> None:
    """Do what the bulk worker would do with ``job``: every step, in order."""
    for step in await harness.jobs.handlers[KIT_JOB](job):
        await step()


@pytest.mark.parametrize("words", ["LTV", "«лтв»!", "хочу LTV", "/toolkit", "/start ltv"])
async def test_asking_for_the_kit_stores_one_job_and_sends_no_message(
    harness: Harness, client: BotClient, words: str
) -> None:
    sent = await client.send(words)
    assert sent.names == ["sendChatAction"], "only «sending file…»: the job sends the files"
    assert sent.of(SendChatAction)[0].action == "upload_document"
    [job] = await harness.submitted_jobs()
    assert (job.kind, job.chat_id, job.payload, job.step) == (
        KIT_JOB,
        client.id,
        {"resume": False},
        0,
    )
    assert await harness.events.count_events(EventKind.TOOLKIT) == 1


async def test_the_menu_button_asks_for_the_kit_too(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await client.send("/help")
    sent = await client.press(client.last_message, texts.msg("btn-toolkit"))
    assert sent.names == ["answerCallbackQuery", "sendChatAction"]
    assert [job.payload for job in await harness.submitted_jobs()] == [{"resume": False}]


async def test_no_chat_action_once_telegram_has_the_files(
    harness: Harness, client: BotClient
) -> None:
    for number, document in enumerate(ToolkitDocument):
        harness.toolkit.remember(document, f"known-{number}")
    sent = await client.send("LTV")
    assert sent == [], "nothing to wait for: the job sends by file_id"
    assert len(await harness.submitted_jobs()) == 1


async def test_the_kit_in_the_middle_of_a_dialog_resumes_it(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    question = client.last_message
    sent = await client.send("LTV")
    assert sent.names == ["sendChatAction"]
    [job] = await harness.submitted_jobs()
    assert job.payload == {"resume": True}

    await run_kit(harness, job)
    album = [call for call in harness.session.requests if isinstance(call, SendMediaGroup)]
    assert len(album) == 1
    assert len(album[0].media) == len(ToolkitDocument)
    assert client.last_text == texts.msg("toolkit-ready-resume")
    assert client.last_buttons == [texts.msg("btn-resume"), texts.msg("btn-home")]

    sent = await client.press(client.last_message, texts.msg("btn-resume"))
    assert texts.msg("ask-price-subscription") in sent.text, "the open question, asked again"
    assert client.current(question).reply_markup is None, "its older copy retired"
    sent = await client.send("3000")
    assert "стоимость подписки — 3\u00a0000\u00a0₽" in sent.text


async def test_a_mention_of_ltv_in_a_dialog_is_an_answer_not_the_kit(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    sent = await client.send("хочу LTV")
    assert sent.text.startswith(texts.msg("error-not-a-number"))
    assert await harness.submitted_jobs() == []


async def test_the_kit_outside_a_dialog_offers_a_calculation(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await client.send("LTV")
    [job] = await harness.submitted_jobs()
    await run_kit(harness, job)
    assert client.last_text == texts.msg("toolkit-ready")
    sent = await client.press(client.last_message, texts.msg("btn-calc-own"))
    assert texts.msg("ask-model") in sent.text


async def test_resume_with_no_dialog_open_offers_a_calculation(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    await client.send("LTV")
    [job] = await harness.submitted_jobs()
    await run_kit(harness, job)
    closing = client.last_message
    await client.send("/cancel")
    sent = await client.press(closing, texts.msg("btn-resume"))
    assert sent.text == texts.msg("toolkit-outro")
    assert client.last_buttons == [texts.msg("btn-calc-own"), texts.msg("btn-home")]


async def test_the_general_checklist_before_any_calculation(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    sent = await client.send("/checklist")
    [document] = sent.of(SendDocument)
    assert isinstance(document.document, BufferedInputFile)
    assert document.document.data == PDF
    assert document.document.filename == texts.msg("toolkit-file-checklist")
    assert document.caption == texts.msg("toolkit-caption-checklist-general")
    assert client.last_buttons == [texts.msg("btn-calc-own"), texts.msg("btn-home")]
    uploaded = client.last_message.document
    assert uploaded is not None
    sent = await client.send("/checklist")
    assert sent.of(SendDocument)[0].document == uploaded.file_id
    assert harness.renderer.calls == ["checklist_pdf"], "rendered once, then sent by file_id"


async def test_the_personal_checklist_for_the_latest_result(
    harness: Harness, client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client)
    sent = await client.press(summary, texts.msg("btn-checklist-personal"))
    [document] = sent.of(SendDocument)
    assert document.caption == texts.msg("toolkit-caption-checklist-personal")
    assert harness.renderer.calls[-1] == "personal_checklist_pdf"
    assert sent.texts == [], "no dialog open: nothing to go back to"
    sent = await client.send("/checklist")
    assert sent.of(SendDocument)[0].caption == texts.msg("toolkit-caption-checklist-personal")


async def test_the_personal_checklist_says_which_section_comes_first_and_why(
    client: BotClient, texts: Texts
) -> None:
    summary = await calculate(client, cac="20 000")  # LTV / CAC 2,4×: acquisition first
    sent = await client.press(summary, texts.msg("btn-checklist-personal"))
    caption = sent.of(SendDocument)[0].caption or ""
    assert "Первым — раздел «Привлечение и CAC»" in caption
    assert f"CAC 20{NBSP}000{NBSP}₽ выше предельного 16{NBSP}000{NBSP}₽" in caption


async def test_the_checklist_in_a_dialog_returns_to_the_question(
    client: BotClient, texts: Texts
) -> None:
    await client.press(await open_dialog(client), "Подписка")
    sent = await client.send("/checklist")
    assert sent.of(SendDocument)[0].reply_markup is None, "no «calculate» button mid-dialog"
    assert sent.text.startswith(texts.msg("toolkit-resume"))
    assert texts.msg("ask-price-subscription") in sent.text
    assert "3\u00a0000" in (await client.send("3000")).text
