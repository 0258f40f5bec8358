"""Settings from the environment or ``.env`` (pydantic-settings); the token stays a secret."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{5,}$")
SQLITE_PREFIX = "sqlite:///"


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr
    telegram_api_url: str | None = None
    database_url: str = "sqlite:///data/ltv.db"
    log_level: str = Field(default="INFO", pattern=r"^(?i:debug|info|warning|error|critical)$")
    telegram_rate: int = Field(default=25, ge=1, le=1000)
    """Messages a second across all chats (an album counts each file); Telegram allows ~30."""
    telegram_chat_rate: float = Field(default=1.0, gt=0, le=1000)
    """Messages a second in one chat over time (a burst of a few passes); Telegram: ~1."""
    render_workers: int = Field(default=1, ge=1, le=16)
    """Processes drawing charts and documents (each holds matplotlib: ~100 MB)."""
    shutdown_grace: float = Field(default=8.0, ge=0, le=120)
    """Seconds a stop (SIGTERM) gives updates in flight before storing them for the next run."""
    owner_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    """Telegram user ids of the author(s): ``OWNER_IDS=123,456``. They alone see /stats,
    /leads and /broadcast; nobody else learns that these commands exist."""

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, token: SecretStr) -> SecretStr:
        if not TOKEN_PATTERN.fullmatch(token.get_secret_value().strip()):
            raise ValueError("malformed bot token")
        return SecretStr(token.get_secret_value().strip())

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
    def _sqlite_only(cls, url: str) -> str:
        if not url.startswith(SQLITE_PREFIX) or url == SQLITE_PREFIX:
            raise ValueError("DATABASE_URL must look like sqlite:///data/ltv.db")
        return url

    @property
    def database_path(self) -> Path:
        """``sqlite:///relative.db`` → ``relative.db``; ``sqlite:////abs/x.db`` → ``/abs/x.db``."""
        return Path(self.database_url.removeprefix(SQLITE_PREFIX))
