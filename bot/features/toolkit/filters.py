"""Message filters: the word «LTV» and the deep link that ask for the toolkit.

Posts in the "инфобизнес" world end with "напишите «LTV» в личные сообщения",
and people write it back in every shape: ``LTV``, ``ltv``, ``«LTV»``,
``"лтв"``, ``ЛТВ!``, ``'ltv.'``. :func:`is_ltv_word` accepts the word alone
in any of those shapes; :func:`mentions_ltv` accepts a message where it is one
word among others ("хочу LTV"), for use outside the calculation dialog only.
The deep link ``t.me/<bot>?start=ltv`` arrives as ``/start ltv``: :data:`TOOLKIT_LINK`;
so does ``?start=ltv_<source>``, the same link marked with where it was posted.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from aiogram import F
from aiogram.filters import Filter
from aiogram.types import Message

WORDS: Final = frozenset({"ltv", "лтв"})
"""The word in Latin and in Cyrillic, case-folded."""

QUOTES: Final = "\"'`«»„“”‟‘’‚‛‹›"
"""Quotes that may surround the word (straight, typographic, French and German ones)."""

_SPACE: Final = " \t\r\n\u00a0\u2009\u200b\ufeff"
_LEADING: Final = QUOTES + _SPACE
_TRAILING: Final = QUOTES + _SPACE + "!.…"

_LOOKALIKES: Final = str.maketrans({"т": "t"})
"""Cyrillic letters that look like the Latin ones of "LTV" (a mixed-keyboard «LТV»)."""

_MENTION: Final = re.compile(r"(?<!\w)(?:l[tт]v|лтв)(?!\w)")

TOOLKIT_PAYLOAD: Final = "ltv"
"""The payload of the toolkit's deep link ``t.me/<bot>?start=ltv``."""

SOURCE_SEPARATOR: Final = "_"
"""``ltv_<source>``: the toolkit's link marked with a source (``ltv_vk``, ``ltv_webinar-3``)."""

PAYLOAD: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""What Telegram allows in a deep link's payload; anything else was typed by hand."""


def _normal(text: str) -> str:
    """Compatibility forms folded (full-width «ＬＴＶ», «！»), then case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def _is_word(candidate: str) -> bool:
    return candidate in WORDS or candidate.translate(_LOOKALIKES) in WORDS


def is_ltv_word(text: str | None) -> bool:
    """Whether ``text`` is the word «LTV» alone.

    Any case, Latin or Cyrillic («лтв»), in quotes or not, followed by any number of
    ``!``, ``.`` or ``…``. Anything else next to the word — another word, a question
    mark, a number — makes it not the bare word.
    """
    if not text:
        return False
    word = _normal(text).lstrip(_LEADING).rstrip(_TRAILING)
    return _is_word(word)


def mentions_ltv(text: str | None) -> bool:
    """Whether ``text`` has «LTV» (or «лтв») as a separate word somewhere ("хочу LTV")."""
    if not text:
        return False
    return _MENTION.search(_normal(text)) is not None


def valid_payload(payload: str | None) -> str | None:
    """The payload of a ``/start``, if it is one Telegram could have sent (else None)."""
    text = (payload or "").strip()
    return text if PAYLOAD.fullmatch(text) else None


def is_toolkit_payload(payload: str | None) -> bool:
    """Whether a ``/start`` payload is the toolkit's deep link: ``ltv`` or ``ltv_<source>``.

    Any case; a payload Telegram would not send (spaces, other characters, too long) is not.
    """
    text = (valid_payload(payload) or "").casefold()
    return text == TOOLKIT_PAYLOAD or text.startswith(TOOLKIT_PAYLOAD + SOURCE_SEPARATOR)


TOOLKIT_LINK: Final = F.args.func(is_toolkit_payload)
"""``CommandStart(magic=TOOLKIT_LINK)`` passes ``/start ltv``; ``~TOOLKIT_LINK`` any other."""


class LtvWord(Filter):
    """Passes a text message that is the word «LTV» alone (``mention=True``: that has it)."""

    def __init__(self, *, mention: bool = False) -> None:
        self.mention = mention

    async def __call__(self, message: Message) -> bool:
        if self.mention:
            return mentions_ltv(message.text)
        return is_ltv_word(message.text)
