"""Text as a person sees it: characters as drawn (grapheme clusters), and whether any show.

A name is counted, cut and judged by what is drawn: «👍🏽» is one character though it is
two code points, a family «👨‍👩‍👧» is one, a flag «🇷🇺» is one; a name made of a zero-width
space, a braille blank or a hangul filler shows nothing at all.

The clusters are Unicode's extended grapheme clusters (UAX #29, ``\\X`` of the ``regex``
package): combining marks, variation selectors, emoji modifiers and tags stay with what they
modify, a zero width joiner joins emoji, regional indicators pair up, a keycap «1️⃣» is one.
"""

from __future__ import annotations

from typing import Final

import regex

_CLUSTER: Final = regex.compile(r"\X")
_BLANKS: Final = (
    "\u115f\u1160\u3164\uffa0"  # hangul fillers
    "\u2800"  # braille pattern blank
    "\u180e"  # mongolian vowel separator
)
"""Characters drawn as nothing though Unicode does not call them space or format."""
_DRAWN: Final = regex.compile(
    rf"[^\s\p{{Z}}\p{{Cc}}\p{{Cf}}\p{{Cn}}\p{{Co}}\p{{Mn}}\p{{Me}}{_BLANKS}]"
)
"""A character that is drawn: by ``regex``'s Unicode tables, newer than Python 3.11's own
(which take 🪿 or 🫨 for unassigned)."""


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


def visible(text: str) -> bool:
    """Whether anything in ``text`` is drawn (not only spaces, joiners, marks, fillers)."""
    return _DRAWN.search(text) is not None
