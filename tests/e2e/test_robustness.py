"""Flood control end to end: Telegram's 429s are waited out, and no reply is lost.

The fake server enforces the per-chat rate (a burst of 5, then 1 message a second). One
user asks for the toolkit twice and for help at once: 11 messages in a few seconds, so
some sends are refused with 429 and must be retried by the bot after ``retry_after``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n import Texts
from tests.e2e.bot_process import BotProcess
from tests.e2e.conftest import _wait_until_polling
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.telegram_html import parse_html, strip
from tests.e2e.test_toolkit import INTRO, OUTRO_BUTTON, TOOLKIT_FILES

pytestmark = pytest.mark.slow  # starts the bot process

REPLIES = 5 + 5 + 1  # two toolkits (intro, three files, «calculate») and the help


async def test_a_burst_over_the_rate_limit_loses_no_reply(tmp_path: Path) -> None:
    help_text = strip(parse_html(Texts.load().msg("help"))).text
    async with FakeTelegram(enforce_rate_limit=True) as server:
        bot = BotProcess(server.url, tmp_path / "ltv.db", log_path=tmp_path / "bot.log")
        await bot.start()
        try:
            await _wait_until_polling(server, bot, 1)
            user = server.user(3001)
            for text in ("LTV", "/toolkit", "/help"):
                await user.send(text)
            replies = await user.wait_messages(REPLIES, timeout=60)
        finally:
            await bot.stop()

    documents = [m.file_name or "" for m in replies if m.kind == "document"]
    assert sorted(documents) == sorted(TOOLKIT_FILES * 2)
    assert len([m for m in replies if INTRO in m.text]) == 2
    assert len([m for m in replies if OUTRO_BUTTON in str(m.buttons())]) == 2
    assert [m.text for m in replies if m.text == help_text] == [help_text]

    refusals = [description for _, description in server.errors]
    assert refusals, "the burst was expected to hit the rate limit at least once"
    assert all(d.startswith("Too Many Requests: retry after") for d in refusals), refusals
    server.errors.clear()

    log = bot.log_text()
    assert "Traceback" not in log, log
    assert "flood control" in log
    assert server.token.partition(":")[2] not in log, "the bot logged its token"
