"""The word «LTV» that asks for the toolkit: what is the bare word, what merely mentions it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiogram.types import Chat, Message

from bot.features.toolkit.filters import LtvWord, is_ltv_word, mentions_ltv

BARE = [
    "LTV",
    "ltv",
    "Ltv",
    "lTv",
    "лтв",
    "ЛТВ",
    "Лтв",
    "«LTV»",
    "«лтв»",
    '"LTV"',
    '"лтв"',
    "'ltv'",
    "“LTV”",
    "„ЛТВ“",
    "ЛТВ!",
    "LTV!!!",
    "«LTV»!",
    "«LTV!»",
    "'ltv.'",
    "ltv.",
    "LTV...",
    "LTV…",
    "  LTV  ",
    "\nLTV\n",
    "« LTV »",
    "ＬＴＶ",  # full-width letters
    "LTV！",  # full-width exclamation mark
    "LТV",  # Cyrillic Т typed among Latin letters
]

NOT_BARE = [
    "",
    None,
    "LTV?",
    "LTV CAC",
    "хочу LTV",
    "LTV пожалуйста",
    "как посчитать LTV",
    "LTV/CAC",
    "LTV2",
    "ltvs",
    "L T V",
    "LT",
    "лт",
    "ltv ltv",
    "/toolkit",
    "!LTV",
    ".LTV",
    "LTV,",
    "3000",
    "лтвш",
    "CLTV",
    "«LTV» и CAC",
]

MENTIONS = [
    "хочу LTV",
    "Пришлите «лтв», пожалуйста",
    "LTV пожалуйста",
    "как посчитать LTV/CAC?",
    "LTV",
    "ЛТВ!",
    "дайте ltv-набор",
]

NO_MENTION = [
    "",
    None,
    "привет",
    "CLTV",
    "ltvs",
    "мой лтвшник",
    "3000 ₽",
    "LT V",
]


@pytest.mark.parametrize("text", BARE)
def test_the_bare_word_in_any_shape(text: str) -> None:
    assert is_ltv_word(text)


@pytest.mark.parametrize("text", NOT_BARE)
def test_anything_more_is_not_the_bare_word(text: str | None) -> None:
    assert not is_ltv_word(text)


@pytest.mark.parametrize("text", MENTIONS)
def test_a_sentence_can_mention_the_word(text: str) -> None:
    assert mentions_ltv(text)


@pytest.mark.parametrize("text", NO_MENTION)
def test_other_words_do_not_mention_it(text: str | None) -> None:
    assert not mentions_ltv(text)


@pytest.mark.parametrize("text", BARE)
def test_the_bare_word_is_also_a_mention(text: str) -> None:
    assert mentions_ltv(text)


def _message(text: str | None) -> Message:
    chat = Chat(id=1, type="private")
    return Message(message_id=1, date=datetime.now(UTC), chat=chat, text=text)


async def test_the_filter_checks_the_message_text() -> None:
    bare, mention = LtvWord(), LtvWord(mention=True)
    assert await bare(_message("«ЛТВ»!"))
    assert not await bare(_message("хочу LTV"))
    assert await mention(_message("хочу LTV"))
    assert not await bare(_message(None))
    assert not await mention(_message(None))
