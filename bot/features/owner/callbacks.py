"""Buttons of the owner's screens and the «Отписаться» under every broadcast."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field


class Period(StrEnum):
    """The period of the «by source» part of /stats."""

    TODAY = "d"
    WEEK = "w"
    ALL = "a"


class StatsCb(CallbackData, prefix="os"):
    """Show /stats by source for ``period`` (owners only)."""

    period: Period


class BroadcastAction(StrEnum):
    """Buttons of a broadcast's panel (owners only)."""

    TEST = "t"  # send the author a copy as people will get it
    SEND = "s"  # ask to confirm
    CONFIRM = "c"  # send to everyone
    BACK = "b"  # from the confirmation back to the draft
    DISCARD = "x"  # drop the draft
    STOP = "p"  # stop a broadcast being sent
    PREVIEW = "v"  # «Отписаться» under the preview: explains itself, does nothing


BroadcastId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class BroadcastCb(CallbackData, prefix="ob"):
    """A button about broadcast ``id``."""

    action: BroadcastAction
    id: BroadcastId


class ConsentAction(StrEnum):
    """A person's answer to broadcasts."""

    OFF = "off"  # «Отписаться» under a broadcast
    ON = "on"  # «Вернуть рассылки» after unsubscribing


class ConsentCb(CallbackData, prefix="u"):
    """Stop or take broadcasts again; acts on whoever presses it."""

    action: ConsentAction
