"""The settings of the scaled-out deployment: modes, webhook, database and Redis URLs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bot.config import WEBHOOK_INCOMPLETE, Settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
WEBHOOK = {
    "bot_mode": "webhook",
    "webhook_url": "https://bot.example.com/tg/x",
    "webhook_secret": "a-Z_9",
}


def settings(**values: Any) -> Settings:
    return Settings.model_validate({"bot_token": TOKEN, **values})


def test_defaults_are_one_polling_process_on_sqlite() -> None:
    default = settings()
    assert default.bot_mode == "polling"
    assert not default.uses_postgres
    assert default.database_path == Path("data/ltv.db")
    assert default.redis_url is None
    assert (default.webhook_host, default.webhook_port) == ("0.0.0.0", 8080)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://ltv:secret@postgres:5432/ltv",
        "postgres://ltv@localhost/ltv",
        "postgresql://ltv:p%40ss@10.0.0.5/ltv?sslmode=require",
    ],
)
def test_postgresql_urls(url: str) -> None:
    chosen = settings(database_url=url)
    assert chosen.uses_postgres
    assert chosen.postgres_dsn == url
    with pytest.raises(ValueError):
        _ = chosen.database_path


def test_database_and_redis_passwords_stay_secret() -> None:
    chosen = settings(
        database_url="postgresql://ltv:hunter2@db/ltv", redis_url="redis://:hunter3@redis:6379/0"
    )
    assert "hunter2" not in repr(chosen) and "hunter3" not in repr(chosen)
    assert chosen.redis_url is not None


@pytest.mark.parametrize(
    "url", ["postgresql://db", "postgresql:///", "mysql://db/ltv", "sqlite://ltv.db", ""]
)
def test_bad_database_urls(url: str) -> None:
    with pytest.raises(ValidationError):
        settings(database_url=url)


@pytest.mark.parametrize("url", ["redis://redis:6379/0", "rediss://h:6380", "unix:///run/r.sock"])
def test_redis_urls(url: str) -> None:
    assert settings(redis_url=url).redis_url is not None


def test_an_empty_redis_url_is_unset() -> None:
    assert settings(redis_url="").redis_url is None


@pytest.mark.parametrize("url", ["http://redis:6379", "redis", "localhost:6379"])
def test_bad_redis_urls(url: str) -> None:
    with pytest.raises(ValidationError):
        settings(redis_url=url)


def test_webhook_mode() -> None:
    chosen = settings(**WEBHOOK, webhook_port="8443")
    assert chosen.bot_mode == "webhook"
    assert chosen.webhook_path == "/tg/x"
    assert chosen.webhook_port == 8443
    assert chosen.webhook_secret is not None
    assert "a-Z_9" not in repr(chosen)
    assert settings(**{**WEBHOOK, "webhook_url": "https://bot.example.com"}).webhook_path == "/"
    assert settings(bot_mode="WEBHOOK", **{k: v for k, v in WEBHOOK.items() if k != "bot_mode"})


@pytest.mark.parametrize("missing", ["webhook_url", "webhook_secret"])
def test_webhook_mode_needs_url_and_secret(missing: str) -> None:
    with pytest.raises(ValidationError) as refused:
        settings(**{k: v for k, v in WEBHOOK.items() if k != missing})
    [problem] = refused.value.errors()
    assert problem["type"] == WEBHOOK_INCOMPLETE
    assert missing.upper() in str(problem["ctx"]["missing"])


@pytest.mark.parametrize("secret", ["x" * 257, "with space", "кириллица", "a/b", "a+b"])
def test_bad_webhook_secrets(secret: str) -> None:
    with pytest.raises(ValidationError):
        settings(**{**WEBHOOK, "webhook_secret": secret})


def test_the_longest_secret() -> None:
    assert settings(**{**WEBHOOK, "webhook_secret": "A-_z9" * 51 + "x"}).webhook_secret


@pytest.mark.parametrize(
    "url", ["127.0.0.1:8081", "localhost:8081", "ftp://h", "http://", "http://h:0", "http://h:x"]
)
def test_api_and_webhook_urls_need_a_scheme_and_host(url: str) -> None:
    with pytest.raises(ValidationError) as refused:
        settings(telegram_api_url=url)
    assert TOKEN.partition(":")[2] not in str(refused.value)
    with pytest.raises(ValidationError):
        settings(**{**WEBHOOK, "webhook_url": url})


def test_api_url_keeps_no_trailing_slash() -> None:
    assert settings(telegram_api_url="http://127.0.0.1:8081/").telegram_api_url == (
        "http://127.0.0.1:8081"
    )


@pytest.mark.parametrize(("field", "value"), [("webhook_port", "0"), ("bot_mode", "both")])
def test_bad_mode_and_port(field: str, value: str) -> None:
    with pytest.raises(ValidationError):
        settings(**{field: value})


def _example_lines() -> dict[str, str]:
    """``NAME=value`` lines of ``.env.example``, commented out or not."""
    path = Path(__file__).parents[2] / ".env.example"
    lines: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.removeprefix("# ").partition("=")
        if sep and name.isupper() and name.replace("_", "").isalnum():
            lines[name] = value
    return lines


def test_env_example_names_every_setting_with_its_default() -> None:
    """A newcomer reading ``.env.example`` learns every setting and what it is when unset."""
    example = _example_lines()
    assert set(example) == {name.upper() for name in Settings.model_fields}
    parsed = Settings.model_validate(
        {name.lower(): value for name, value in example.items() if name != "BOT_TOKEN"}
        | {"bot_token": TOKEN, "bot_mode": "polling"}
    )
    for name, field in Settings.model_fields.items():
        if name in ("bot_token", "webhook_url", "webhook_secret", "redis_url", "owner_ids"):
            continue  # no default: the example shows the shape of a value
        if name == "telegram_api_url":
            continue  # the default is Telegram itself; the example shows a local server
        shown = getattr(parsed, name)
        default = field.get_default(call_default_factory=True)
        if name == "database_url":
            shown, default = shown.get_secret_value(), default.get_secret_value()
        assert shown == default, name
