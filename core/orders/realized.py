"""The realized curve of an orders export: cumulative revenue per buyer by month since
the first purchase, as far as enough buyers have lived that long to average over."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

from core.orders.analysis import Analysis, CurvePoint

CURVE_MIN_SHARE: Final = 0.05
"""A curve point averaging fewer buyers than this share of the first point's is not shown."""


def reliable_points(curve: Sequence[CurvePoint]) -> list[CurvePoint]:
    """The points from month 1 on averaging enough buyers (:data:`CURVE_MIN_SHARE`)."""
    if not curve:
        return []
    least = max(1, math.ceil(curve[0].buyers * CURVE_MIN_SHARE))
    shown: list[CurvePoint] = []
    for point in curve:
        if point.buyers < least:
            break
        shown.append(point)
    return shown


def realized_curve(analysis: Analysis) -> tuple[float, ...]:
    """Revenue per buyer by the end of month 1, 2, … (its reliable points), to the kopeck.

    The few numbers a calculation from the file keeps to draw its data beside the model.
    """
    return tuple(round(point.revenue_per_buyer, 2) for point in reliable_points(analysis.curve))
