"""The month axis and the money axis, and the lines drawn on them.

Both axes start at zero; the month axis ends on a labelled month (the line
runs to it), the money axis leaves :data:`HEADROOM` above the highest line for
the labels. Tick labels are Russian numbers (``20 000``, ``0,25``), no offset.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import Formatter, MaxNLocator, MultipleLocator

from core import formatting
from core.charts.canvas import (
    CURVE_WIDTH,
    FONT,
    GRID,
    INK,
    SIZE_AXIS,
    SIZE_TICK,
    SPINE,
    text_style,
)
from core.models import BusinessModel

DATA_WIDTH = 3.0
"""Line width of a measured curve (thinner than the model's)."""
HEADROOM = 1.16
"""The y axis reaches this far above the highest line: room for the labels."""


class GroupedFormatter(Formatter):
    """Tick labels through :func:`core.formatting.group`: ``20 000``, ``0,25``; no offset."""

    def __init__(self) -> None:
        self._decimals = 0

    def set_locs(self, locs: list[float]) -> None:
        super().set_locs(locs)
        self._decimals = decimals_for(locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        return formatting.group(x, self._decimals)


def decimals_for(locs: Sequence[float]) -> int:
    """The fewest decimals that show every tick value exactly (at most 6)."""
    finite = [value for value in locs if math.isfinite(value)]
    scale = max((abs(value) for value in finite), default=1.0) or 1.0
    for decimals in range(7):
        if all(abs(round(value, decimals) - value) <= scale * 1e-9 for value in finite):
            return decimals
    return 6


def top(values: Iterable[float], fallback: float) -> float:
    """The money axis' upper end: the highest value (or ``fallback``) with headroom."""
    highest = max(values, default=0.0)
    if highest <= 0:
        highest = fallback if fallback > 0 else 1.0
    return highest * HEADROOM


def whole_ticks(horizon: int) -> int:
    """``horizon`` months made up to the next tick, so the x axis ends on a labelled month
    and the line runs to it (not an axis ending at 29 under ticks every 3 months)."""
    step = month_step(horizon)
    return -(-horizon // step) * step


def month_step(horizon: int) -> int:
    """X tick step: every month up to a year, then 2, 3, 6 or 12 months."""
    for limit, step in ((12, 1), (24, 2), (36, 3), (72, 6)):
        if horizon <= limit:
            return step
    return 12


def style_axes(ax: Axes, horizon: int, top: float, x_label: str, y_label: str) -> None:
    """Months 0…``horizon`` across, money 0…``top`` up, light grid, two spines."""
    ax.set_facecolor("white")
    ax.set_xlim(0, horizon)
    ax.set_ylim(0, top)
    ax.xaxis.set_major_locator(MultipleLocator(month_step(horizon)))
    ax.xaxis.set_major_formatter(GroupedFormatter())
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], min_n_ticks=3))
    ax.yaxis.set_major_formatter(GroupedFormatter())
    ax.tick_params(
        labelsize=SIZE_TICK,
        labelfontfamily=FONT,
        labelcolor=INK,
        color=SPINE,
        length=6,
        width=1.2,
        pad=6,
    )
    ax.set_xlabel(x_label, labelpad=8, **text_style(SIZE_AXIS, INK))
    ax.set_ylabel(y_label, labelpad=10, **text_style(SIZE_AXIS, INK))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(SPINE)
        ax.spines[side].set_linewidth(1.4)
    ax.grid(True, axis="both", color=GRID, linewidth=1.2)
    ax.set_axisbelow(True)


def draw_curve(
    ax: Axes, months: Sequence[int], values: Sequence[float], model: BusinessModel, colour: str
) -> Line2D:
    """A step line for purchases (the value rises in the month the payment falls), else smooth.

    ``steps-pre`` holds the value of month ``t`` over ``(t − 1, t]``: the first
    payment shows from month 0 on, and the line starts at the origin.
    """
    shape: dict[str, Any]
    if model is BusinessModel.PURCHASES:
        shape = {"drawstyle": "steps-pre", "solid_joinstyle": "miter"}
    else:
        shape = {
            "marker": "o",
            "markersize": 8,
            "markevery": month_step(len(months) - 1),
            "solid_joinstyle": "round",
        }
    (line,) = ax.plot(
        months, values, color=colour, lw=CURVE_WIDTH, zorder=4, clip_on=False, **shape
    )
    return line


def draw_data(ax: Axes, values: Sequence[float], colour: str, width: float = DATA_WIDTH) -> Line2D:
    """A measured curve from month 0: a line with a dot at every month after it."""
    (line,) = ax.plot(
        range(len(values)),
        values,
        color=colour,
        lw=width,
        marker="o",
        markersize=7,
        markevery=list(range(1, len(values))),
        zorder=5,
        clip_on=False,
        solid_joinstyle="round",
    )
    return line


def payback_point(
    model: BusinessModel, month: int, values: Sequence[float]
) -> tuple[float, float]:
    """Where the payback month is marked: the end of month ``month`` on a smooth line; on
    a step line the middle of that month, on the step the payment made in it, so the dot
    of «the 7th month» sits between 6 and 7, just after the rise, not a month later."""
    if model is BusinessModel.PURCHASES:
        return month - 0.5, values[month]
    return float(month), values[month]


def draw_point(ax: Axes, point: tuple[float, float], colour: str, edge: str) -> None:
    """The payback point: a large dot with a contrasting ring."""
    ax.plot(
        [point[0]],
        [point[1]],
        marker="o",
        markersize=17,
        markerfacecolor=colour,
        markeredgecolor=edge,
        markeredgewidth=2.5,
        linestyle="none",
        zorder=6,
        clip_on=False,
    )
