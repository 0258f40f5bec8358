"""Settings, start-up refusals and the token mask."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.logging_setup import MaskingFormatter

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def settings(**values: str) -> Settings:
    """Settings from these values only (``model_validate`` reads no environment)."""
    return Settings.model_validate({"bot_token": TOKEN, **values})


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///data/ltv.db", Path("data/ltv.db")),
        ("sqlite:///relative.db", Path("relative.db")),
        ("sqlite:////var/lib/ltv/ltv.db", Path("/var/lib/ltv/ltv.db")),
    ],
)
def test_database_url_forms(url: str, path: Path) -> None:
    assert settings(database_url=url).database_path == path


@pytest.mark.parametrize("url", ["postgres://x", "sqlite:///", "ltv.db"])
def test_unsupported_database_url_is_refused(url: str) -> None:
    with pytest.raises(ValidationError):
        settings(database_url=url)


@pytest.mark.parametrize("token", ["", "not-a-token", "123:", "abc:defghijk"])
def test_malformed_token_is_refused(token: str) -> None:
    with pytest.raises(ValidationError):
        Settings.model_validate({"bot_token": token})


def test_token_is_a_secret_in_repr() -> None:
    assert TOKEN not in repr(settings())


@pytest.mark.parametrize("token", [None, "oops"])
def test_bot_without_a_valid_token_says_where_to_get_one(
    tmp_path: Path, token: str | None
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    if token is not None:
        env["BOT_TOKEN"] = token
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,  # no .env here
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "@BotFather" in lines[0]
    assert "Traceback" not in done.stderr


def test_masking_formatter_hides_the_token_in_messages_and_tracebacks() -> None:
    formatter = MaskingFormatter("%(message)s", TOKEN)
    try:
        raise RuntimeError(f"GET https://api.telegram.org/bot{TOKEN}/getUpdates failed")
    except RuntimeError:
        record = logging.LogRecord(
            "aiogram", logging.ERROR, __file__, 1, "url %s", (TOKEN,), sys.exc_info()
        )
    line = formatter.format(record)
    assert TOKEN not in line
    assert "123456789:***" in line
