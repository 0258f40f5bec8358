"""Measured layout: the titles at the top, the axes fitted around their own labels.

One measured pass instead of a layout engine: the axes' decorations (tick
labels, axis labels, subtitle) are measured around a provisional position and
the axes are set so that they fill the rest of the figure exactly.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

from core.charts.canvas import (
    DPI,
    EDGE_PX,
    GAP_PX,
    HEIGHT_PX,
    INK,
    MUTED,
    SIZE_SUBTITLE,
    SIZE_TITLE,
    WIDTH_PX,
    renderer,
    text_style,
)

SUBTITLE_PAD = 10.0
"""Points between the subtitle and the top of the axes."""


def titles(figure: Figure, ax: Axes, title: str, subtitle: str) -> Text:
    """The bold title at the top of the figure, then the subtitle over the axes."""
    suptitle = figure.suptitle(
        title, y=1 - EDGE_PX / HEIGHT_PX, va="top", **text_style(SIZE_TITLE, INK, bold=True)
    )
    ax.set_title(subtitle, pad=SUBTITLE_PAD, **text_style(SIZE_SUBTITLE, MUTED))
    return suptitle


def fit_axes(figure: Figure, ax: Axes, title: Text, legend: Legend | None = None) -> RendererBase:
    """Fit the axes between the title and the figure's edges (and the legend, if any).

    The tick positions do not depend on the axes' size, so one pass is enough;
    it runs again only when the subtitle, centred over the axes, had to be narrowed.
    """
    agg = renderer(figure)
    top = HEIGHT_PX - EDGE_PX - title.get_window_extent(agg).height - GAP_PX
    bottom = float(EDGE_PX)
    if legend is not None:
        bottom += legend.get_window_extent(agg).height + GAP_PX
    for _ in range(2):
        frame = ax.get_window_extent(agg)
        ax.title.set_visible(False)  # centred on the axes: may overhang, checked below
        tight = ax.get_tightbbox(agg)
        ax.title.set_visible(True)
        assert tight is not None
        subtitle = ax.title.get_window_extent(agg).height + SUBTITLE_PAD * DPI / 72
        x0 = EDGE_PX + frame.x0 - tight.x0
        x1 = WIDTH_PX - EDGE_PX - (tight.x1 - frame.x1)
        y0 = bottom + frame.y0 - tight.y0
        y1 = top - max(subtitle, tight.y1 - frame.y1)
        ax.set_position(
            (x0 / WIDTH_PX, y0 / HEIGHT_PX, (x1 - x0) / WIDTH_PX, (y1 - y0) / HEIGHT_PX)
        )
        box = ax.title.get_window_extent(agg)
        centre = (box.x0 + box.x1) / 2
        room = 2 * min(centre, WIDTH_PX - centre) - 2 * EDGE_PX
        if box.width <= room:
            break
        fit_text(ax.title, agg, room)
    return agg


def fit_titles(figure: Figure, title: Text, ax: Axes) -> None:
    """Shrink the title and subtitle to the width, wrapping onto two lines if needed.

    The subtitle is centred over the axes, which the layout may shift right of
    the figure's centre (wide tick labels): :func:`fit_axes` checks again.
    """
    agg = renderer(figure)
    fit_text(title, agg, WIDTH_PX * 0.96)
    fit_text(ax.title, agg, WIDTH_PX * 0.9)


def fit_text(text: Text, agg: RendererBase, width_px: float) -> None:
    """Reduce the font size by up to 4 pt; if still too wide, break the line and try again."""
    size = float(text.get_fontsize())
    for attempt in range(2):
        for step in range(5):
            text.set_fontsize(size - step)
            if text.get_window_extent(agg).width <= width_px:
                return
        if attempt == 0:
            text.set_text(two_lines(text.get_text()))
            text.set_multialignment("center")
    # Still too wide (cannot happen with the texts of charts.ftl): keep the smallest size.


def two_lines(line: str) -> str:
    """Break ``line`` at the space nearest its middle, preferring one after "·" or "—"."""
    spaces = [index for index, char in enumerate(line) if char == " "]
    if not spaces:
        return line
    middle = len(line) / 2

    def cost(index: int) -> float:
        separator = index > 0 and line[index - 1] in "·—"
        return abs(index - middle) - (len(line) / 4 if separator else 0)

    index = min(spaces, key=cost)
    return f"{line[:index]}\n{line[index + 1 :]}"
