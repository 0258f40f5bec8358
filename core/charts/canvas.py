"""The canvas every chart is drawn on: its size, type, colours and PNG output.

matplotlib's object API only (``Figure`` + ``FigureCanvasAgg``), never pyplot:
pyplot keeps every figure in a global registry and leaks in a server. Nothing
here touches the global ``rcParams``: every size, colour and font is set on
the artist that uses it. The PNG carries no ``Software`` metadata (and no
timestamp), so the same figure always gives the same bytes. matplotlib is not
thread-safe: rendering is serialised by :data:`RENDER_LOCK` within one process.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

WIDTH_PX = 1080
HEIGHT_PX = 1350
"""A portrait 4:5 canvas: what a phone shows widest in a chat."""
DPI = 100

FONT = "DejaVu Sans"

# Font sizes in points of the canvas. A phone's chat shows the picture 390 pt wide, so one
# canvas point reads as 100/72 × 390/1080 ≈ 0.5 pt: the smallest, SIZE_MIN = 24, as 12 pt.
SIZE_MIN = 24
SIZE_TITLE = 30
SIZE_SUBTITLE = 24
SIZE_AXIS = 24
SIZE_TICK = 24
SIZE_LABEL = 26
SIZE_LEGEND = 24

CURVE_WIDTH = 4.5
LINE_WIDTH = 3.0

INK = "#222222"
MUTED = "#555555"
GRID = "#e2e2e2"
SPINE = "#888888"
PROFIT = "#1f5fa8"
CAC_COLOUR = "#d1495b"
LTV_COLOUR = "#2a9d8f"
PAYBACK = "#f4a261"
REALIZED = "#7b3fa0"
"""The curve of a person's own orders, beside the model's."""
NO_PAYBACK_BG = "#fdecee"
ORGANIC_BG = "#e8f5f3"

EDGE_PX = 14
"""Blank margin around the figure."""
GAP_PX = 12
"""Space between the title (or the legend) and the axes' decorations."""

RENDER_LOCK = threading.Lock()


def new_figure() -> tuple[Figure, Axes]:
    """A white figure of the chart size on an Agg canvas, with one axes."""
    figure = Figure(
        figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI),
        dpi=DPI,
        facecolor="white",
    )
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    return figure, ax


def text_style(size: float, colour: str, bold: bool = False) -> dict[str, Any]:
    """Keyword arguments of a plain-text (no mathtext) label in the chart font."""
    weight = {"fontweight": "bold"} if bold else {}
    return {"fontsize": size, **weight, "color": colour, "fontfamily": FONT, "parse_math": False}


def rounded_box(pad: float, face: str, edge: str, **extra: float) -> dict[str, Any]:
    """The rounded frame of a label, ``pad`` font sizes around the text."""
    return {"boxstyle": f"round,pad={pad}", "facecolor": face, "edgecolor": edge, **extra}


def renderer(figure: Figure) -> RendererBase:
    """The Agg renderer of ``figure``'s canvas (the one that will draw the PNG)."""
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    agg: RendererBase = canvas.get_renderer()  # type: ignore[no-untyped-call]
    return agg


def png(figure: Figure) -> bytes:
    """``figure`` as PNG bytes without metadata that would change between runs."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def render(build: Callable[[], Figure]) -> bytes:
    """The PNG of the figure ``build`` makes, built and drawn under :data:`RENDER_LOCK`."""
    with RENDER_LOCK:
        return png(build())
