"""Settings from the environment or ``.env`` (pydantic-settings); secrets stay secrets.

One process polls Telegram by default (``BOT_MODE=polling``) on SQLite; several replicas
take updates by webhook (``BOT_MODE=webhook``) on PostgreSQL, with Redis for the dialog
state, each person's order and the sending budget (``REDIS_URL``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{5,}$")
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql", "postgres")
REDIS_SCHEMES = ("redis", "rediss", "unix")
WEBHOOK_INCOMPLETE = "webhook_incomplete"
"""The error type of a webhook mode without its URL or secret (see ``bot.cli``)."""


def _http_url(url: str, what: str) -> str:
    """``url`` if it is an absolute http(s) address with a host; ValueError otherwise.

    The message never repeats the URL: a proxy's may hold a password.
    """
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = None, False
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise ValueError(f"{what} must be an absolute http:// or https:// address")
    return url


UNPACED = 10_000
"""The highest rates the settings take: far beyond Telegram's, so that a benchmark against a
fake server without flood control measures the bot's own cost, not its pacing."""


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr
    telegram_api_url: str | None = None
    database_url: SecretStr = SecretStr("sqlite:///data/ltv.db")
    """``sqlite:///path`` (the default, one process) or ``postgresql://…`` (replicas)."""
    redis_url: SecretStr | None = None
    """Set: dialog state, each person's order and the sending budget live in Redis."""
    log_level: str = Field(default="INFO", pattern=r"^(?i:debug|info|warning|error|critical)$")
    telegram_rate: int = Field(default=25, ge=1, le=UNPACED)
    """Messages a second across all chats (an album counts each file); Telegram allows ~30."""
    telegram_chat_rate: float = Field(default=1.0, gt=0, le=UNPACED)
    """Messages a second in one chat over time (a burst of a few passes); Telegram: ~1."""
    render_workers: int = Field(default=1, ge=1, le=16)
    """Processes drawing charts and documents (each holds matplotlib: ~100 MB)."""
    shutdown_grace: float = Field(default=8.0, ge=0, le=120)
    """Seconds a stop (SIGTERM) gives updates in flight before storing them for the next run."""
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    """The address given to Telegram; its path is where updates are received."""
    webhook_secret: SecretStr | None = None
    """Sent by Telegram with every update (``X-Telegram-Bot-Api-Secret-Token``)."""
    webhook_host: str = Field(default="0.0.0.0", min_length=1)
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    owner_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    """Telegram user ids of the author(s): ``OWNER_IDS=123,456``. They alone see /stats,
    /leads and /broadcast; nobody else learns that these commands exist."""

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, token: SecretStr) -> SecretStr:
        if not TOKEN_PATTERN.fullmatch(token.get_secret_value().strip()):
            raise ValueError("malformed bot token")
        return SecretStr(token.get_secret_value().strip())

    @field_validator("bot_mode", mode="before")
    @classmethod
    def _mode_lower(cls, mode: object) -> object:
        return mode.strip().lower() if isinstance(mode, str) else mode

    @field_validator("telegram_api_url", "webhook_url", mode="before")
    @classmethod
    def _empty_is_unset(cls, url: object) -> object:
        return None if isinstance(url, str) and not url.strip() else url

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, url: str | None) -> str | None:
        # Without a scheme aiohttp would fail on the first request with the token in the URL.
        return None if url is None else _http_url(url.strip().rstrip("/"), "TELEGRAM_API_URL")

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, url: str | None) -> str | None:
        return None if url is None else _http_url(url.strip(), "WEBHOOK_URL")

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _empty_secret_is_unset(cls, secret: object) -> object:
        return None if isinstance(secret, str) and not secret else secret

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, secret: SecretStr | None) -> SecretStr | None:
        if secret is not None and not SECRET_PATTERN.fullmatch(secret.get_secret_value()):
            raise ValueError("WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -")
        return secret

    @field_validator("owner_ids", mode="before")
    @classmethod
    def _owner_list(cls, value: Any) -> Any:
        """``"123, 456"`` (as the environment gives it) → ``{123, 456}``; blanks ignored."""
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",")]
            return frozenset(int(part) for part in parts if part)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("owner_ids")
    @classmethod
    def _owner_ids_positive(cls, value: frozenset[int]) -> frozenset[int]:
        if any(owner <= 0 for owner in value):
            raise ValueError("OWNER_IDS must be Telegram user ids (positive numbers)")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, url: SecretStr) -> SecretStr:
        value = url.get_secret_value().strip()
        if value.startswith(SQLITE_PREFIX) and value != SQLITE_PREFIX:
            return SecretStr(value)
        try:
            parts = urlsplit(value)
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in POSTGRES_SCHEMES or not parts.path.strip("/"):
            raise ValueError(
                "DATABASE_URL must look like sqlite:///data/ltv.db or postgresql://user@host/db"
            )
        return SecretStr(value)

    @field_validator("redis_url", mode="before")
    @classmethod
    def _empty_redis_is_unset(cls, url: object) -> object:
        return None if isinstance(url, str) and not url.strip() else url

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, url: SecretStr | None) -> SecretStr | None:
        if url is None:
            return None
        value = url.get_secret_value().strip()
        try:
            parts = urlsplit(value)
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in REDIS_SCHEMES or not (parts.netloc or parts.path):
            raise ValueError("REDIS_URL must look like redis://host:6379/0")
        return SecretStr(value)

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.bot_mode != "webhook":
            return self
        needed = {"WEBHOOK_URL": self.webhook_url, "WEBHOOK_SECRET": self.webhook_secret}
        missing = [name for name, value in needed.items() if value is None]
        if missing:
            raise PydanticCustomError(
                WEBHOOK_INCOMPLETE,
                "BOT_MODE=webhook needs {missing}",
                {"missing": ", ".join(missing)},
            )
        return self

    @property
    def uses_postgres(self) -> bool:
        """Whether ``DATABASE_URL`` names a PostgreSQL database."""
        return not self.database_url.get_secret_value().startswith(SQLITE_PREFIX)

    @property
    def database_path(self) -> Path:
        """``sqlite:///relative.db`` → ``relative.db``; ``sqlite:////abs/x.db`` → ``/abs/x.db``."""
        if self.uses_postgres:
            raise ValueError("DATABASE_URL names a PostgreSQL database, not a file")
        return Path(self.database_url.get_secret_value().removeprefix(SQLITE_PREFIX))

    @property
    def postgres_dsn(self) -> str:
        """``DATABASE_URL`` as asyncpg takes it (``postgres://`` is an alias)."""
        return self.database_url.get_secret_value()

    @property
    def webhook_path(self) -> str:
        """The path of ``WEBHOOK_URL`` where updates are received (``/`` when it has none)."""
        return urlsplit(self.webhook_url or "").path or "/"


class StartupError(Exception):
    """The bot cannot start (or serve) with these settings.

    ``key`` names a ``startup-*`` text in ``locales/ru/startup.ftl``: one Russian line that
    names the setting to fix; ``args`` fill it in. Never a URL with a password or the token.
    """

    def __init__(self, key: str, **args: str | int) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args
