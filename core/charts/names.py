"""User-typed names made safe to draw: one line, glyphs the font has, shortened with "…".

Names are drawn as plain text (no mathtext): control characters become
spaces, format characters and characters without a glyph in the chart font
are dropped, right-to-left words are put in reading order.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from matplotlib import font_manager, ft2font

from core.charts.canvas import FONT

NAME_MAX_CHARS = 30
"""Scenario names longer than this are cut and end with "…" in the legend."""
ELLIPSIS = "\u2026"


@cache
def font_charmap() -> frozenset[int]:
    """Code points the chart font has a glyph for."""
    path = font_manager.findfont(
        font_manager.FontProperties(family=FONT), fallback_to_default=False
    )
    return frozenset(ft2font.FT2Font(path).get_charmap())


def clean_name(name: str, limit: int = NAME_MAX_CHARS) -> str:
    """A user-typed name made safe to draw: one line, glyphs the font has, at most ``limit``.

    Line breaks and other control characters become spaces; format characters
    (bidi overrides, zero-width joiners) and characters without a glyph are
    dropped; runs of spaces collapse. A name of more than ``limit`` characters as
    drawn (a letter with its accents is one) is cut and ends with "…".
    """
    charmap = font_charmap()
    kept: list[str] = []
    for char in unicodedata.normalize("NFC", name):
        category = unicodedata.category(char)
        if category in {"Cc", "Zl", "Zp"} or char.isspace():
            kept.append(" ")
        elif category not in {"Cf", "Cs", "Co", "Cn"} and ord(char) in charmap:
            kept.append(char)
    shown = clusters(" ".join("".join(kept).split()))
    if len(shown) > limit:
        shown = [*clusters("".join(shown[: limit - 1]).rstrip()), ELLIPSIS]
    return visual_order(shown)


def clusters(text: str) -> list[str]:
    """``text`` as drawn characters: each with the combining marks that follow it.

    Emoji sequences need no care here: the chart font has no glyph for emoji, and
    their joiners and selectors are format characters :func:`clean_name` drops.
    """
    drawn: list[str] = []
    for char in text:
        if drawn and unicodedata.category(char) in {"Mn", "Mc", "Me"}:
            drawn[-1] += char
        else:
            drawn.append(char)
    return drawn


def visual_order(drawn: list[str]) -> str:
    """Reverse runs of right-to-left words (Hebrew, Arabic) so they read right to left.

    matplotlib lays text out left to right only; this simple reordering (no
    full bidi algorithm, no Arabic shaping) makes a name like "שלום" readable.
    ``drawn`` comes as :func:`clusters`, so combining marks stay with their letter;
    spaces between RTL words join the run.
    """
    rtl = [unicodedata.bidirectional(cluster[0]) in {"R", "AL"} for cluster in drawn]
    for index in range(1, len(drawn) - 1):
        if drawn[index] == " " and rtl[index - 1] and rtl[index + 1]:
            rtl[index] = True
    ordered: list[str] = []
    run: list[str] = []
    for cluster, right_to_left in zip(drawn, rtl, strict=True):
        if right_to_left:
            run.append(cluster)
            continue
        ordered.extend(reversed(run))
        run = []
        ordered.append(cluster)
    ordered.extend(reversed(run))
    return "".join(ordered)
