"""Texts of the owner's screens: /stats, the leads file's caption, a broadcast's panel.

/stats reads on a phone: one monospace table (steps × today, 7 days, all time, about 35
characters wide), the conversions between steps, then each source in three short lines.
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


def _steps(funnel: SourceFunnel, column: int) -> dict[str, str]:
    """Each step's count and its conversion from the step before, for a text's variables."""

    def at(kind: EventKind) -> int:
        return funnel.step(kind)[column]

    came = funnel.came[column]
    toolkit, started = at(EventKind.TOOLKIT), at(EventKind.CALCULATION_STARTED)
    result, saved = at(EventKind.CALCULATION), at(EventKind.SCENARIO_SAVED)
    checklist, blocked = at(EventKind.PERSONAL_CHECKLIST), at(EventKind.BLOCKED)
    return {
        "came": formatting.group(came),
        "toolkit": formatting.group(toolkit),
        "started": formatting.group(started),
        "result": formatting.group(result),
        "saved": formatting.group(saved),
        "checklist": formatting.group(checklist),
        "blocked": formatting.group(blocked),
        "toolkit_share": _share(toolkit, came),
        "started_share": _share(started, toolkit),
        "result_share": _share(result, started),
        "saved_share": _share(saved, result),
        "checklist_share": _share(checklist, result),
        "blocked_share": _share(blocked, came),
    }


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
        texts.msg("stats-conversion", period=period_name, **_steps(total, column)),
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
