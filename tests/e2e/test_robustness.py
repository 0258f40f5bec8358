"""Flood control end to end: the bot keeps Telegram's pace by itself, and no reply is lost.

The fake server enforces the per-chat rate (a burst of 5, then 1 message a second). One
user asks for the toolkit twice and for help at once: 9 messages at once, more than the
burst, so the bot must spread them out itself instead of taking 429s.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n import Texts
from tests.e2e.bot_process import bot_behind
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.steps import INTRO, TOOLKIT_FILES
from tests.e2e.telegram_html import parse_html, strip
from tests.e2e.test_toolkit import OUTRO_BUTTON

pytestmark = pytest.mark.slow  # starts the bot process

REPLIES = 4 + 4 + 1  # two toolkits (an album of three files, «calculate») and the help


@pytest.mark.paced
async def test_a_burst_over_the_chat_rate_is_paced_and_loses_no_reply(tmp_path: Path) -> None:
    help_text = strip(parse_html(Texts.load().msg("help"))).text
    async with FakeTelegram(enforce_rate_limit=True) as server, bot_behind(server, tmp_path):
        user = server.user(3001)
        for text in ("LTV", "/toolkit", "/help"):
            await user.send(text)
        replies = await user.wait_messages(REPLIES, timeout=60)

    documents = [m.file_name or "" for m in replies if m.kind == "document"]
    assert sorted(documents) == sorted(TOOLKIT_FILES * 2)
    assert len([m for m in replies if INTRO in m.text]) == 2
    assert replies[-1].text != help_text, "the help (interactive) went before the last kit"
    assert len([m for m in replies if OUTRO_BUTTON in str(m.buttons())]) == 2
    assert [m.text for m in replies if m.text == help_text] == [help_text]

    assert server.errors == [], "the bot should have kept the pace without any 429"
    sent = server.sent_at[user.id]
    assert sent[-1] - sent[0] >= REPLIES - 5 - 1, "more than the burst went out at once"
