"""Where a person came from: the source a deep link carries, recorded at the first touch.

- ``t.me/<bot>?start=ltv`` → the kit, source ``ltv`` (the toolkit's own link);
- ``t.me/<bot>?start=ltv_<source>`` → the kit, source ``<source>`` (``ltv_vk`` → ``vk``);
- ``t.me/<bot>?start=<anything else>`` → the greeting, source ``<anything else>``;
- no link at all (the word «LTV», a plain /start): ``direct``, given by the storage.

Sources are case-folded (``VK`` and ``vk`` are one post). A payload Telegram could not
have sent (typed by hand: spaces, other characters, longer than 64) records nothing.
"""

from __future__ import annotations

import re
from typing import Final

from bot.features.toolkit.filters import (
    SOURCE_SEPARATOR,
    TOOLKIT_PAYLOAD,
    is_toolkit_payload,
    valid_payload,
)

_START: Final = re.compile(r"/start(?:@\w+)?(?:\s+(?P<payload>.*))?", re.DOTALL)


def start_payload(text: str | None) -> str | None:
    """The payload of a ``/start <payload>`` message, if the text is one."""
    match = _START.fullmatch((text or "").strip())
    return match["payload"] if match is not None else None


def source_of(payload: str | None) -> str | None:
    """The source a ``/start`` payload records, None when it records none."""
    valid = valid_payload(payload)
    if valid is None:
        return None
    folded = valid.casefold()
    if is_toolkit_payload(folded):
        return folded.removeprefix(TOOLKIT_PAYLOAD + SOURCE_SEPARATOR) or TOOLKIT_PAYLOAD
    return folded


def source_of_message(text: str | None) -> str | None:
    """The source recorded by a message's text (a ``/start`` with a valid payload)."""
    return source_of(start_payload(text))
