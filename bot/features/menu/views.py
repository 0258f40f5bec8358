"""Texts of the greeting: a first visit, a returning person, a calculation left open."""

from __future__ import annotations

from bot.features.result.views import result_line
from core.models import Result
from l10n import Texts


def greeting(texts: Texts, name: str, last: Result | None, scenarios: int) -> str:
    """The first-time greeting, or, for a person who calculated or saved before, a short
    welcome back: their latest result in one line and how many scenarios they keep.

    ``name`` is already escaped.
    """
    if last is None and scenarios == 0:
        return texts.msg("greeting", name=name)
    parts = [texts.msg("greeting-returning", name=name)]
    if last is not None:
        parts.append(texts.msg("greeting-last", line=result_line(texts, last)))
    if scenarios:
        parts.append(texts.msg("greeting-scenarios", count=scenarios))
    parts.append(texts.msg("menu-prompt"))
    return "\n\n".join(parts)
