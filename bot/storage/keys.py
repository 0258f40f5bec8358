"""One text per aiogram StorageKey, with every field in it, for storages keyed by text."""

from __future__ import annotations

import json
from typing import Literal

from aiogram.fsm.storage.base import KeyBuilder, StorageKey


def storage_key_text(key: StorageKey) -> str:
    """Every StorageKey field as a JSON array, so distinct keys never share a row.

    The same text as :class:`bot.storage.fsm.SQLiteStorage` writes, so that a key means
    the same row in every backend.
    """
    fields = (
        key.bot_id,
        key.chat_id,
        key.user_id,
        key.thread_id,
        key.business_connection_id,
        key.destiny,
    )
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


class FullKeyBuilder(KeyBuilder):
    """Redis keys ``<prefix>:<JSON of every key field>:<part>``: no two keys collide.

    aiogram's DefaultKeyBuilder leaves out empty fields (thread 0 and none, a business
    connection "" and none share a key) and joins with ``:``, which a field may contain.
    """

    def __init__(self, prefix: str = "ltv:fsm") -> None:
        self.prefix = prefix

    def build(self, key: StorageKey, part: Literal["data", "state", "lock"] | None = None) -> str:
        """The Redis key of ``part`` (``state``, ``data``, ``lock``) of ``key``."""
        return f"{self.prefix}:{storage_key_text(key)}:{part or ''}"
