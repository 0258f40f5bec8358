"""Measured layout: the titles at the top, a legend at the bottom, the axes fitted
around their own labels between them; texts wrapped to the width, never shrunk.

One measured pass instead of a layout engine: the axes' decorations (tick
labels, axis labels, subtitle) are measured around a provisional position and
the axes are set so that they fill the rest of the figure exactly.
"""

from __future__ import annotations

import re

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Text

from core.charts.canvas import (
    DPI,
    EDGE_PX,
    FONT,
    GAP_PX,
    HEIGHT_PX,
    INK,
    MUTED,
    SIZE_LEGEND,
    SIZE_SUBTITLE,
    SIZE_TITLE,
    WIDTH_PX,
    renderer,
    text_style,
)
from core.charts.names import ELLIPSIS, clusters

SEPARATED = re.compile(r"(?<=·) ")
"""Where a line of parts («Чек 10 000 ₽ · 4 покупки в год · …») is best broken."""
HANDLE_LENGTH = 2.6
HANDLE_PAD = 0.8
LEGEND_PAD = 0.4
"""A legend's line samples, the gap after them and its margin, in font sizes."""
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
        wrap(ax.title, agg, room)
    return agg


def fit_titles(figure: Figure, title: Text, ax: Axes) -> None:
    """Wrap the title and the subtitle to the figure's width.

    The subtitle is centred over the axes, which the layout may shift right of
    the figure's centre (wide tick labels): :func:`fit_axes` checks again.
    """
    agg = renderer(figure)
    wrap(title, agg, WIDTH_PX * 0.96)
    wrap(ax.title, agg, WIDTH_PX * 0.9)


def wrap(text: Text, agg: RendererBase, width_px: float) -> None:
    """Break ``text`` into as few lines as fit ``width_px``; the type keeps its size.

    Two lines are balanced (see :func:`two_lines`); more are filled one after
    another, breaking after a "·" where one is, else between words. A line break
    already in the text stays; a single word wider than ``width_px`` is cut by drawn
    character and ends with "…".
    """

    def fits(line: str) -> bool:
        text.set_text(line)
        return text.get_window_extent(agg).width <= width_px

    def cut(word: str) -> str:
        drawn = clusters(word)
        while len(drawn) > 1 and not fits("".join(drawn) + ELLIPSIS):
            drawn.pop()
        return "".join(drawn).rstrip(ELLIPSIS) + ELLIPSIS

    lines: list[str] = []
    for paragraph in text.get_text().split("\n"):
        if fits(paragraph):
            lines.append(paragraph)
            continue
        halves = two_lines(paragraph).split("\n")
        if all(fits(half) for half in halves):
            lines.extend(halves)
            continue
        units = [
            piece if fits(piece) else cut(piece)
            for part in SEPARATED.split(paragraph)
            for piece in ([part] if fits(part) else part.split(" "))
        ]
        current = ""
        for unit in units:
            longer = f"{current} {unit}" if current else unit
            if current and not fits(longer):
                lines.append(current)
                current = unit
            else:
                current = longer
        lines.append(current)
    text.set_text("\n".join(lines))


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


def legend_below(figure: Figure, handles: list[Line2D], labels: list[str]) -> Legend:
    """A legend under the axes, one entry a row, as wide as the figure.

    The type keeps its size: an entry too long for the width wraps onto more lines.
    Labels are passed explicitly so a name starting with "_" is not dropped as "no legend".
    """
    legend = figure.legend(
        handles,
        labels,
        loc="lower left",
        bbox_to_anchor=(EDGE_PX / WIDTH_PX, EDGE_PX / HEIGHT_PX),
        ncols=1,
        frameon=False,
        prop={"family": FONT, "size": SIZE_LEGEND},
        borderpad=LEGEND_PAD,
        handlelength=HANDLE_LENGTH,
        handletextpad=HANDLE_PAD,
        labelcolor=INK,
    )
    samples = (2 * LEGEND_PAD + HANDLE_LENGTH + HANDLE_PAD) * SIZE_LEGEND * DPI / 72
    room = WIDTH_PX - 2 * EDGE_PX - samples
    agg = renderer(figure)
    for text in legend.get_texts():
        text.set_parse_math(False)
        wrap(text, agg, room)
    return legend
