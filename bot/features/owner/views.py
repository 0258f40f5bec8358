"""Texts of the owner's screens: /stats, the leads file's caption, a broadcast's panel.

/stats reads on a phone: one monospace table (steps × today, 7 days, all time, about 35
characters wide), the funnel of one period as monospace bars with each step's share of the
step before, then each source in three short lines.
Every figure is a count of people, never anyone's name. Source names are escaped (they
are checked at the door, but a message is HTML).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta, timezone
from typing import Final

from bot.features.owner.callbacks import Period
from bot.storage.owner import DIRECT, FUNNEL, Outcome, SourceFunnel
from bot.storage.scenarios import EventKind
from core import formatting
from l10n import Texts

AUTHOR_ZONE: Final = timezone(timedelta(hours=3))
"""The author's clock (Moscow): «today» starts at their midnight, the leads file's times."""

PERIODS: Final = (Period.TODAY, Period.WEEK, Period.ALL)
"""The columns of /stats, in order; the last is all time."""

STEP_KEYS: Final = {
    EventKind.TOOLKIT: "stats-step-toolkit",
    EventKind.CALCULATION_STARTED: "stats-step-started",
    EventKind.CALCULATION: "stats-step-result",
    EventKind.SCENARIO_SAVED: "stats-step-saved",
    EventKind.PERSONAL_CHECKLIST: "stats-step-checklist",
    EventKind.BLOCKED: "stats-step-blocked",
}
PERIOD_KEYS: Final = {
    Period.TODAY: "stats-period-today",
    Period.WEEK: "stats-period-week",
    Period.ALL: "stats-period-all",
}
BAR_CELLS: Final = 8
"""Characters of the funnel's longest bar (everyone who came)."""
FULL_BLOCK: Final = "█"
EIGHTHS: Final = "▏▎▍▌▋▊▉"
"""A character's width filled by 1/8 … 7/8."""
MAX_TEXT: Final = 3900
"""Room for /stats in one message (Telegram's limit is 4096, after the tags are read)."""


def period_starts(now: datetime) -> list[datetime]:
    """When «today» and «7 days» begin for the author (UTC); all time needs none."""
    local = now.astimezone(AUTHOR_ZONE)
    midnight = datetime.combine(local.date(), time(), tzinfo=AUTHOR_ZONE)
    return [midnight.astimezone(UTC), (midnight - timedelta(days=6)).astimezone(UTC)]


def _share(part: int, whole: int) -> str:
    """``88 %`` of ``whole``; a dash when nobody was there to convert."""
    if whole <= 0:
        return "—"
    return formatting.percent(round(part * 100 / whole))


def _total(funnels: Sequence[SourceFunnel]) -> SourceFunnel:
    columns = len(funnels[0].came)

    def add(rows: Sequence[tuple[int, ...]]) -> tuple[int, ...]:
        return tuple(sum(row[n] for row in rows) for n in range(columns))

    steps = {kind: add([f.step(kind) for f in funnels]) for kind in FUNNEL}
    return SourceFunnel(None, add([f.came for f in funnels]), steps)


def _table(texts: Texts, total: SourceFunnel) -> str:
    labels = [texts.msg("stats-came"), *(texts.msg(STEP_KEYS[kind]) for kind in FUNNEL)]
    rows = [total.came, *(total.step(kind) for kind in FUNNEL)]
    headers = [texts.msg(PERIOD_KEYS[period]) for period in PERIODS]
    widths = [
        max(len(header), *(len(formatting.group(row[n])) for row in rows))
        for n, header in enumerate(headers)
    ]
    first = max(len(label) for label in labels)
    lines = [" " * first + "".join(f" {h:>{w}}" for h, w in zip(headers, widths, strict=True))]
    for label, row in zip(labels, rows, strict=True):
        cells = "".join(
            f" {formatting.group(value):>{w}}" for value, w in zip(row, widths, strict=True)
        )
        lines.append(f"{label:<{first}}{cells}")
    return "<pre>" + html.escape("\n".join(lines)) + "</pre>"


def bar(part: int, whole: int, cells: int = BAR_CELLS) -> str:
    """``part`` of ``whole`` as a bar of block characters, ``cells`` wide for the whole,
    drawn to an eighth of a character; anyone at all shows as a sliver."""
    if whole <= 0 or part <= 0:
        return ""
    eighths = max(1, min(round(part * cells * 8 / whole), cells * 8))
    full, rest = divmod(eighths, 8)
    return FULL_BLOCK * full + (EIGHTHS[rest - 1] if rest else "")


STEP_VARIABLES: Final = {
    EventKind.TOOLKIT: "toolkit",
    EventKind.CALCULATION_STARTED: "started",
    EventKind.CALCULATION: "result",
    EventKind.SCENARIO_SAVED: "saved",
    EventKind.PERSONAL_CHECKLIST: "checklist",
    EventKind.BLOCKED: "blocked",
}
"""Each step's name among a text's variables (``toolkit``, ``toolkit_share``)."""


def _shares(funnel: SourceFunnel, column: int) -> dict[EventKind, tuple[int, str]]:
    """Each step's people and their share of the step it follows from: the kit of those
    who came, saving and the checklist of those who got a result, blocking of those who came."""

    def at(kind: EventKind) -> int:
        return funnel.step(kind)[column]

    came, result = funnel.came[column], at(EventKind.CALCULATION)
    base = {
        EventKind.TOOLKIT: came,
        EventKind.CALCULATION_STARTED: at(EventKind.TOOLKIT),
        EventKind.CALCULATION: at(EventKind.CALCULATION_STARTED),
        EventKind.SCENARIO_SAVED: result,
        EventKind.PERSONAL_CHECKLIST: result,
        EventKind.BLOCKED: came,
    }
    return {kind: (at(kind), _share(at(kind), base[kind])) for kind in FUNNEL}


def _funnel(texts: Texts, funnel: SourceFunnel, column: int) -> str:
    """The funnel of one period, monospace: each step's people, their share of the step it
    follows from, and a bar of their share of everyone who came (numbers before bars: a
    font drawing blocks at another width shifts nothing)."""
    came = funnel.came[column]
    rows = [(texts.msg("stats-came"), came, "")]
    rows += [
        (texts.msg(STEP_KEYS[kind]), *shown) for kind, shown in _shares(funnel, column).items()
    ]
    label = max(len(name) for name, _, _ in rows)
    count = max(len(formatting.group(people)) for _, people, _ in rows)
    share = max(len(text) for _, _, text in rows)
    lines = [
        f"{name:<{label}} {formatting.group(people):>{count}} {text:>{share}} "
        f"{bar(people, came)}".rstrip()
        for name, people, text in rows
    ]
    return "<pre>" + html.escape("\n".join(lines)) + "</pre>"


def _steps(funnel: SourceFunnel, column: int) -> dict[str, str]:
    """Each step's count and its share of the step before, for a text's variables."""
    values = {"came": formatting.group(funnel.came[column])}
    for kind, (people, share) in _shares(funnel, column).items():
        values[STEP_VARIABLES[kind]] = formatting.group(people)
        values[f"{STEP_VARIABLES[kind]}_share"] = share
    return values


def source_name(texts: Texts, source: str | None) -> str:
    """How a source is shown: its name, «direct» explained, or «before sources»."""
    if source is None:
        return texts.msg("stats-source-unknown")
    if source == DIRECT:
        return texts.msg("stats-source-direct")
    return html.escape(source)


def stats_text(texts: Texts, funnels: Sequence[SourceFunnel], period: Period = Period.ALL) -> str:
    """The whole /stats message; ``period`` chooses the column of the conversions and sources."""
    if not funnels:
        return texts.msg("stats-empty")
    column = PERIODS.index(period)
    period_name = texts.msg(PERIOD_KEYS[period])
    total = _total(funnels)
    parts = [
        texts.msg("stats-title"),
        _table(texts, total),
        texts.msg("stats-funnel", period=period_name),
        _funnel(texts, total, column),
        texts.msg("stats-sources", period=period_name),
    ]
    shown = [f for f in funnels if f.came[column] or any(f.step(k)[column] for k in FUNNEL)]
    length = sum(len(part) + 2 for part in parts)
    for number, funnel in enumerate(shown):
        block = texts.msg(
            "stats-source", source=source_name(texts, funnel.source), **_steps(funnel, column)
        )
        rest = shown[number:]
        if length + len(block) + 200 > MAX_TEXT and len(rest) > 1:
            came = formatting.group(sum(f.came[column] for f in rest))
            parts.append(texts.msg("stats-sources-more", count=len(rest), came=came))
            break
        parts.append(block)
        length += len(block) + 2
    if not shown:
        parts.append(texts.msg("stats-sources-none"))
    return "\n\n".join(parts)


def leads_caption(texts: Texts, people: int, blocked: int, unsubscribed: int) -> str:
    """Under the leads file: how many people, how many cannot be reached or written to."""
    return texts.msg("leads-caption", count=people, blocked=blocked, unsubscribed=unsubscribed)


def draft_text(texts: Texts, audience: int) -> str:
    """The panel under a broadcast's preview: who would get it, what comes next."""
    if audience == 0:
        return texts.msg("broadcast-draft-nobody")
    return texts.msg("broadcast-draft", count=audience)


def confirm_text(texts: Texts, audience: int) -> str:
    """The question before sending."""
    return texts.msg("broadcast-confirm", count=audience)


def progress_text(texts: Texts, tally: dict[Outcome, int]) -> str:
    """The panel while a broadcast is being sent."""
    total = sum(tally.values())
    return texts.msg(
        "broadcast-progress",
        done=total - tally[Outcome.PENDING],
        total=total,
        sent=tally[Outcome.SENT],
        blocked=tally[Outcome.BLOCKED],
        failed=tally[Outcome.FAILED],
    )


def report_text(texts: Texts, tally: dict[Outcome, int], *, stopped: bool) -> str:
    """The final report: delivered, blocked, failed (and what was left when stopped)."""
    return texts.msg(
        "broadcast-stopped" if stopped else "broadcast-done",
        sent=tally[Outcome.SENT],
        blocked=tally[Outcome.BLOCKED],
        failed=tally[Outcome.FAILED],
        skipped=tally[Outcome.SKIPPED],
        left=tally[Outcome.PENDING],
    )
