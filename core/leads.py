"""A lead: one person who wrote to the bot, as the author's list shows them (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Lead:
    """One person as the author sees them (times in UTC)."""

    user_id: int
    username: str | None
    first_name: str | None
    first_seen: datetime
    source: str | None
    """The first touch: a deep link's source, ``direct``; None when it was not recorded."""
    kit_sent_at: datetime | None
    calculations: int
    last_ltv_cac: float | None
    """LTV/CAC of the latest result; None without one, or when its CAC was 0."""
    scenarios: int
    last_active: datetime
    blocked_at: datetime | None
    unsubscribed_at: datetime | None
