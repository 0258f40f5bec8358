"""Text as a person sees it: characters as drawn (grapheme clusters), and whether any show.

A name is counted, cut and judged by what is drawn: «👍🏽» is one character though it is
two code points, a family «👨‍👩‍👧» is one, a flag «🇷🇺» is one; a name made of a zero-width
space, a braille blank or a hangul filler shows nothing at all.

The clusters are Unicode's extended grapheme clusters (UAX #29, ``\\X`` of the ``regex``
package): combining marks, variation selectors, emoji modifiers and tags stay with what they
modify, a zero width joiner joins emoji, regional indicators pair up, a keycap «1️⃣» is one.
"""

from __future__ import annotations

import unicodedata
from typing import Final

import regex

_CLUSTER: Final = regex.compile(r"\X")
_BLANKS: Final = frozenset(
    "\u115f\u1160\u3164\uffa0"  # hangul fillers
    "\u2800"  # braille pattern blank
    "\u180e"  # mongolian vowel separator
    "\u2028\u2029"  # line and paragraph separators
)
"""Characters drawn as nothing though Unicode does not call them space or format."""


def graphemes(text: str) -> list[str]:
    """``text`` split into the characters a person sees."""
    return _CLUSTER.findall(text)


def length(text: str) -> int:
    """How many characters a person sees in ``text``."""
    return len(graphemes(text))


def cut(text: str, limit: int, ellipsis: str = "\u2026") -> str:
    """``text`` if it has at most ``limit`` characters, else its first ones and ``ellipsis``,
    ``limit`` in all; never half an emoji or a flag."""
    clusters = graphemes(text)
    if len(clusters) <= limit:
        return text
    return "".join(clusters[: limit - 1]).rstrip() + ellipsis


def head(text: str, end: int) -> str:
    """The longest start of ``text`` that ends by index ``end`` and cuts no drawn
    character in two (a mark stays with its letter, a joined emoji whole)."""
    taken = 0
    for cluster in graphemes(text):
        if taken + len(cluster) > end:
            break
        taken += len(cluster)
    return text[:taken]


def _shows(ch: str) -> bool:
    if ch in _BLANKS or ch.isspace():
        return False
    return unicodedata.category(ch) not in ("Cf", "Cc", "Mn", "Me", "Zs", "Zl", "Zp", "Cn", "Co")


def visible(text: str) -> bool:
    """Whether anything in ``text`` is drawn (not only spaces, joiners, marks, fillers)."""
    return any(_shows(ch) for ch in text)
