"""Charts of the unit-economics model as PNG bytes.

matplotlib's object API only (``Figure`` + ``FigureCanvasAgg``), never pyplot:
pyplot keeps every figure in a global registry and leaks in a server. Nothing
here touches the global ``rcParams``: every size, colour and font is set on
the artist that uses it, so another module's style cannot change a chart and
a chart cannot change anyone else's. The PNG carries no ``Software`` metadata
(and no timestamp), so the same inputs always give the same bytes.

- :func:`result_chart` — the expected cumulative profit (or revenue when the
  margin was skipped) of one acquired client by month, from the origin,
  against the CAC line, the payback month marked and LTV as a dashed
  asymptote. A step line for repeat purchases, a smooth line with markers for
  a subscription.
- :func:`comparison_chart` — two scenarios on one chart, each curve with its
  own dashed CAC line and payback point, a legend with the scenario names.

Every word comes from ``locales/<locale>/charts.ftl``. User-typed scenario
names are drawn as plain text (no mathtext), cleaned of control characters and
of characters the font has no glyph for, and shortened with "…".

Layout is measured, not guessed: the axes are fitted between the title and
the figure's edges around their own tick and axis labels, then every label
inside the axes (LTV, CAC, payback, notes) is put at the first of its
preferred spots where it crosses no line, point or other label.

Both functions are top-level and their results and names pickle, so they can
run in a thread or process pool. A :class:`~l10n.Texts` does not pickle (its
Fluent bundle holds functions): in a process pool leave ``texts`` out and the
default locale is loaded once per process. matplotlib is not thread-safe, so
rendering is serialised by a lock within one process (it holds the GIL anyway).
"""

from __future__ import annotations

import io
import math
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from matplotlib import font_manager, ft2font
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.text import Annotation, Text
from matplotlib.ticker import Formatter, MaxNLocator, MultipleLocator
from matplotlib.transforms import Bbox, Transform

from core import formatting
from core.economics import cumulative_profit, payments_by_month
from core.models import BusinessModel, Result
from l10n import Texts

__all__ = ["DPI", "HEIGHT_PX", "NAME_MAX_CHARS", "WIDTH_PX", "comparison_chart", "result_chart"]

WIDTH_PX = 1200
HEIGHT_PX = 700
DPI = 100
NAME_MAX_CHARS = 30
"""Scenario names longer than this are cut and end with "…" in the legend."""

FONT = "DejaVu Sans"
ELLIPSIS = "\u2026"

# Font sizes in points; at 100 dpi one point is 1.39 px, so 15 pt is about 21 px.
SIZE_TITLE = 20
SIZE_SUBTITLE = 16
SIZE_AXIS = 17
SIZE_TICK = 15
SIZE_LABEL = 16
SIZE_LEGEND = 15

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
NO_PAYBACK_BG = "#fdecee"
ORGANIC_BG = "#e8f5f3"
SCENARIO_COLOURS = ("#1f5fa8", "#e07a1f")

DASH = 6.0
"""Dash and gap length (in line widths) of the comparison's CAC lines."""

SUBTITLE_PAD = 10.0
"""Points between the subtitle and the top of the axes."""

EDGE_PX = 14
"""Blank margin around the figure."""
GAP_PX = 12
"""Space between the title (or the legend) and the axes' decorations."""

HEADROOM = 1.16
"""The y axis reaches this far above the highest line: room for the labels."""

LABEL_PAD_PX = 7.0
"""Free space kept around a label (its rounded box plus a margin)."""

_RENDER_LOCK = threading.Lock()

HAlign = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom"]


def result_chart(result: Result, texts: Texts) -> bytes:
    """The payback chart of one result as a 1200×700 PNG."""
    with _RENDER_LOCK:
        return _png(_result_figure(result, texts))


def comparison_chart(
    first: Result,
    second: Result,
    first_name: str,
    second_name: str,
    texts: Texts,
) -> bytes:
    """Two scenarios' cumulative curves, CAC lines and payback points as a 1200×700 PNG.

    The names are the user's own words: drawn as plain text, shortened to
    :data:`NAME_MAX_CHARS` characters with "…".
    """
    with _RENDER_LOCK:
        figure = _comparison_figure(
            (first, second),
            (first_name, second_name),
            texts,
        )
        return _png(figure)


# --------------------------------------------------------------------------- figures


def _result_figure(result: Result, texts: Texts) -> Figure:
    inputs = result.inputs
    figure, ax = _new_figure()
    horizon = _whole_ticks(len(result.curve))
    months = list(range(horizon + 1))
    values = [0.0, *_extended_curve(result, horizon)]
    top = _top([result.ltv, inputs.cac, *values], fallback=inputs.price)

    title = _titles(
        figure,
        ax,
        _inputs_title(result, texts),
        texts.msg("chart-curve-revenue" if result.by_revenue else "chart-curve-profit"),
    )
    _style_axes(ax, horizon, top, texts)
    shape = "subscription" if inputs.model is BusinessModel.SUBSCRIPTION else "purchases"
    ax.set_xlabel(texts.msg(f"chart-axis-month-{shape}"))  # why smooth, why steps

    _draw_curve(ax, months, values, inputs.model, PROFIT)
    ax.axhline(
        result.ltv, color=LTV_COLOUR, lw=LINE_WIDTH, ls=(0, (6, 4)), zorder=2, clip_on=False
    )
    if inputs.cac > 0:
        ax.axhline(inputs.cac, color=CAC_COLOUR, lw=LINE_WIDTH, zorder=2)

    _fit_titles(figure, title, ax)
    payback = result.payback_month if inputs.cac > 0 else None
    point: tuple[float, float] | None = None
    if payback is not None and payback <= horizon:
        point = _payback_point(inputs.model, payback, values)
        _draw_point(ax, point, PAYBACK, edge=INK)

    # Fit the axes first, then place the labels in the free space inside them.
    renderer = _layout(figure, ax, title)
    scene = _Scene(ax, renderer)
    scene.avoid_curve(months, values, steps=inputs.model is BusinessModel.PURCHASES)
    scene.avoid_level(result.ltv)
    if inputs.cac > 0:
        scene.avoid_level(inputs.cac)
    if point is not None:
        scene.avoid_point(point, radius_px=14)

    ltv_key = "chart-ltv-revenue" if result.by_revenue else "chart-ltv"
    scene.label_line(
        texts.msg(ltv_key, ltv=formatting.money(result.ltv)),
        result.ltv,
        LTV_COLOUR,
        prefer=("right", "center", "left"),
    )
    if inputs.cac > 0:
        scene.label_line(
            texts.msg("chart-cac", cac=formatting.money(inputs.cac)),
            inputs.cac,
            CAC_COLOUR,
            prefer=("left", "center", "right"),
        )
        if payback is None:
            scene.note(_no_payback_text(result, texts), NO_PAYBACK_BG, CAC_COLOUR)
        elif point is None:  # later than the curve's horizon
            month = formatting.group(payback)
            scene.note(texts.msg("chart-payback-later", month=month), "white", PAYBACK)
        else:
            scene.annotate_point(
                texts.msg("chart-payback", month=formatting.group(payback)), point
            )
    else:
        scene.note(texts.msg("chart-organic"), ORGANIC_BG, LTV_COLOUR)
    return figure


def _comparison_figure(
    results: tuple[Result, Result], names: tuple[str, str], texts: Texts
) -> Figure:
    figure, ax = _new_figure()
    horizon = _whole_ticks(max(len(result.curve) for result in results))
    months = list(range(horizon + 1))
    series = [[0.0, *_extended_curve(result, horizon)] for result in results]
    top = _top(
        [value for values in series for value in values]
        + [result.inputs.cac for result in results],
        fallback=max(result.inputs.price for result in results),
    )

    revenue = [result.by_revenue for result in results]
    mixed = any(revenue) and not all(revenue)
    if all(revenue):
        subtitle = texts.msg("chart-curve-revenue")
    elif mixed:
        subtitle = texts.msg("chart-curve-mixed")
    else:
        subtitle = texts.msg("chart-curve-profit")
    title = _titles(figure, ax, texts.msg("chart-compare-title"), subtitle)
    _style_axes(ax, horizon, top, texts)

    handles: list[Line2D] = []
    labels: list[str] = []
    cac_handles: list[Line2D] = []
    cac_labels: list[str] = []
    for number, (result, name, values, colour) in enumerate(
        zip(results, names, series, SCENARIO_COLOURS, strict=True), start=1
    ):
        inputs = result.inputs
        shown = _clean_name(name) or texts.msg("chart-compare-fallback-name", number=number)
        curve = _draw_curve(ax, months, values, inputs.model, colour)
        if inputs.cac <= 0:
            label = texts.msg("chart-compare-organic", name=shown)
        elif result.payback_month is None:
            label = texts.msg("chart-compare-no-payback", name=shown)
        else:
            payback = result.payback_month
            label = texts.msg("chart-compare-payback", name=shown, month=formatting.group(payback))
            if payback <= horizon:
                _draw_point(ax, _payback_point(inputs.model, payback, values), colour, "white")
        if mixed and result.by_revenue:
            label = texts.msg("chart-compare-by-revenue", label=label)
        handles.append(curve)
        labels.append(label)
        if inputs.cac > 0:
            # Equal CACs: the second line's dashes fill the first one's gaps, both colours show.
            same = number == 2 and results[0].inputs.cac == inputs.cac
            dashes = (DASH if same else 0.0, (DASH, DASH))
            ax.axhline(inputs.cac, color=colour, lw=LINE_WIDTH, ls=dashes, zorder=2)
            cac_handles.append(
                Line2D([], [], color=colour, lw=LINE_WIDTH, ls=(0, (DASH / 2, DASH / 3)))
            )
            cac_labels.append(texts.msg("chart-compare-cac", cac=formatting.money(inputs.cac)))

    # Curves in the first column, CAC lines in the second; labels passed explicitly
    # so a name starting with "_" is not dropped as "no legend".
    legend = figure.legend(
        handles + cac_handles,
        labels + cac_labels,
        loc="lower center",
        bbox_to_anchor=(0.5, EDGE_PX / HEIGHT_PX),
        ncols=2 if cac_handles else 1,
        frameon=False,
        prop={"family": FONT, "size": SIZE_LEGEND},
        handlelength=2.6,
        columnspacing=2.5,
        labelcolor=INK,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)
    _fit_titles(figure, title, ax)
    _layout(figure, ax, title, legend)
    return figure


# --------------------------------------------------------------------------- pieces


def _new_figure() -> tuple[Figure, Axes]:
    figure = Figure(
        figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI),
        dpi=DPI,
        facecolor="white",
    )
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    return figure, ax


def _text_style(size: float, colour: str, bold: bool = False) -> dict[str, Any]:
    """Keyword arguments of a plain-text (no mathtext) label in the chart font."""
    weight = {"fontweight": "bold"} if bold else {}
    return {"fontsize": size, **weight, "color": colour, "fontfamily": FONT, "parse_math": False}


def _box(pad: float, face: str, edge: str, **extra: float) -> dict[str, Any]:
    """The rounded frame of a label, ``pad`` font sizes around the text."""
    return {"boxstyle": f"round,pad={pad}", "facecolor": face, "edgecolor": edge, **extra}


def _titles(figure: Figure, ax: Axes, title: str, subtitle: str) -> Text:
    """The bold title at the top of the figure, then the subtitle over the axes."""
    suptitle = figure.suptitle(
        title, y=1 - EDGE_PX / HEIGHT_PX, va="top", **_text_style(SIZE_TITLE, INK, bold=True)
    )
    ax.set_title(subtitle, pad=SUBTITLE_PAD, **_text_style(SIZE_SUBTITLE, MUTED))
    return suptitle


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _layout(figure: Figure, ax: Axes, title: Text, legend: Legend | None = None) -> RendererBase:
    """Fit the axes between the title and the figure's edges (and the legend, if any).

    One measured pass instead of a layout engine: the axes' own decorations
    (tick labels, axis labels, subtitle) are measured around a provisional
    position and the axes are set so that they fill the rest exactly. The tick
    positions do not depend on the axes' size, so one pass is enough; it runs
    again only when the subtitle, centred over the axes, had to be narrowed.
    """
    renderer = _renderer(figure)
    top = HEIGHT_PX - EDGE_PX - title.get_window_extent(renderer).height - GAP_PX
    bottom = float(EDGE_PX)
    if legend is not None:
        bottom += legend.get_window_extent(renderer).height + GAP_PX
    for _ in range(2):
        frame = ax.get_window_extent(renderer)
        ax.title.set_visible(False)  # centred on the axes: may overhang, checked below
        tight = ax.get_tightbbox(renderer)
        ax.title.set_visible(True)
        assert tight is not None
        subtitle = ax.title.get_window_extent(renderer).height + SUBTITLE_PAD * DPI / 72
        x0 = EDGE_PX + frame.x0 - tight.x0
        x1 = WIDTH_PX - EDGE_PX - (tight.x1 - frame.x1)
        y0 = bottom + frame.y0 - tight.y0
        y1 = top - max(subtitle, tight.y1 - frame.y1)
        ax.set_position(
            (x0 / WIDTH_PX, y0 / HEIGHT_PX, (x1 - x0) / WIDTH_PX, (y1 - y0) / HEIGHT_PX)
        )
        box = ax.title.get_window_extent(renderer)
        centre = (box.x0 + box.x1) / 2
        room = 2 * min(centre, WIDTH_PX - centre) - 2 * EDGE_PX
        if box.width <= room:
            break
        _fit_text(ax.title, renderer, room)
    return renderer


def _fit_titles(figure: Figure, title: Text, ax: Axes) -> None:
    """Shrink the title and subtitle to the width, wrapping onto two lines if needed.

    The subtitle is centred over the axes, which the layout may shift right of
    the figure's centre (wide tick labels): :func:`_layout` checks again.
    """
    renderer = _renderer(figure)
    _fit_text(title, renderer, WIDTH_PX * 0.96)
    _fit_text(ax.title, renderer, WIDTH_PX * 0.9)


def _renderer(figure: Figure) -> RendererBase:
    """The Agg renderer of ``figure``'s canvas (the one that will draw the PNG)."""
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    renderer: RendererBase = canvas.get_renderer()  # type: ignore[no-untyped-call]
    return renderer


def _fit_text(text: Text, renderer: RendererBase, width_px: float) -> None:
    """Reduce the font size by up to 4 pt; if still too wide, break the line and try again."""
    size = float(text.get_fontsize())
    for attempt in range(2):
        for step in range(5):
            text.set_fontsize(size - step)
            if text.get_window_extent(renderer).width <= width_px:
                return
        if attempt == 0:
            text.set_text(_two_lines(text.get_text()))
            text.set_multialignment("center")
    # Still too wide (cannot happen with the texts of charts.ftl): keep the smallest size.


def _two_lines(line: str) -> str:
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


def _top(values: Iterable[float], fallback: float) -> float:
    highest = max(values, default=0.0)
    if highest <= 0:
        highest = fallback if fallback > 0 else 1.0
    return highest * HEADROOM


def _whole_ticks(horizon: int) -> int:
    """``horizon`` months made up to the next tick, so the x axis ends on a labelled month
    and the line runs to it (not an axis ending at 29 under ticks every 3 months)."""
    step = _month_step(horizon)
    return -(-horizon // step) * step


def _month_step(horizon: int) -> int:
    """X tick step: every month up to a year, then 2, 3, 6 or 12 months."""
    for limit, step in ((12, 1), (24, 2), (36, 3), (72, 6)):
        if horizon <= limit:
            return step
    return 12


def _style_axes(ax: Axes, horizon: int, top: float, texts: Texts) -> None:
    ax.set_facecolor("white")
    ax.set_xlim(0, horizon)
    ax.set_ylim(0, top)
    ax.xaxis.set_major_locator(MultipleLocator(_month_step(horizon)))
    ax.xaxis.set_major_formatter(_GroupedFormatter())
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], min_n_ticks=3))
    ax.yaxis.set_major_formatter(_GroupedFormatter())
    ax.tick_params(
        labelsize=SIZE_TICK,
        labelfontfamily=FONT,
        labelcolor=INK,
        color=SPINE,
        length=6,
        width=1.2,
        pad=6,
    )
    ax.set_xlabel(texts.msg("chart-axis-month"), labelpad=8, **_text_style(SIZE_AXIS, INK))
    ax.set_ylabel(texts.msg("chart-axis-money"), labelpad=10, **_text_style(SIZE_AXIS, INK))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(SPINE)
        ax.spines[side].set_linewidth(1.4)
    ax.grid(True, axis="both", color=GRID, linewidth=1.2)
    ax.set_axisbelow(True)


def _draw_curve(
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
            "markevery": _month_step(len(months) - 1),
            "solid_joinstyle": "round",
        }
    (line,) = ax.plot(
        months, values, color=colour, lw=CURVE_WIDTH, zorder=4, clip_on=False, **shape
    )
    return line


def _payback_point(
    model: BusinessModel, month: int, values: Sequence[float]
) -> tuple[float, float]:
    """Where the payback month is marked: the end of month ``month`` on a smooth line; on
    a step line the middle of that month, on the step the payment made in it, so the dot
    of «the 7th month» sits between 6 and 7, just after the rise, not a month later."""
    if model is BusinessModel.PURCHASES:
        return month - 0.5, values[month]
    return float(month), values[month]


def _draw_point(ax: Axes, point: tuple[float, float], colour: str, edge: str) -> None:
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


def _extended_curve(result: Result, horizon: int) -> list[float]:
    """The result's curve continued with the model's ``G(n(t))`` up to ``horizon`` months."""
    inputs = result.inputs
    values = list(result.curve)
    for month in range(len(values) + 1, horizon + 1):
        paid = payments_by_month(inputs.cycle, month)
        values.append(cumulative_profit(result.profit_per_cycle, inputs.churn, paid))
    return values


def _inputs_title(result: Result, texts: Texts) -> str:
    inputs = result.inputs
    if inputs.margin_percent is None:
        margin = texts.msg("chart-margin-skipped")
    else:
        margin = texts.msg("chart-margin", margin=formatting.percent(inputs.margin_percent))
    common = {
        "price": formatting.money(inputs.price),
        "churn": formatting.percent(inputs.churn_percent),
        "margin": margin,
        "cac": formatting.money(inputs.cac),
    }
    if inputs.model is BusinessModel.PURCHASES and inputs.purchases_per_year is not None:
        value = _plain_number(inputs.purchases_per_year)
        frequency = texts.msg("chart-per-year", count=_plural_count(value), value=value)
        return texts.msg("chart-title-purchases", frequency=frequency, **common)
    return texts.msg("chart-title-subscription", **common)


def _plain_number(value: float) -> str:
    """Up to two decimals, trailing zeros dropped: ``4``, ``1,5``, ``0,25``."""
    text = formatting.group(value, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _plural_count(shown: str) -> int | float:
    """The number a formatted value shows, for a plural selector (an int when whole)."""
    number = float(shown.replace(formatting.NBSP, "").replace(",", ".").replace("\u2212", "-"))
    return int(number) if number.is_integer() else number


def _no_payback_text(result: Result, texts: Texts) -> str:
    if result.profit_per_cycle <= 0:
        return texts.msg("chart-no-payback-zero-margin")
    return texts.msg(
        "chart-no-payback",
        ltv=formatting.money(result.ltv),
        cac=formatting.money(result.inputs.cac),
    )


# --------------------------------------------------------------------------- names


@cache
def _font_charmap() -> frozenset[int]:
    """Code points the chart font has a glyph for."""
    path = font_manager.findfont(
        font_manager.FontProperties(family=FONT), fallback_to_default=False
    )
    return frozenset(ft2font.FT2Font(path).get_charmap())


def _clean_name(name: str, limit: int = NAME_MAX_CHARS) -> str:
    """A user-typed name made safe to draw: one line, glyphs the font has, at most ``limit``.

    Line breaks and other control characters become spaces; format characters
    (bidi overrides, zero-width joiners) and characters without a glyph are
    dropped; runs of spaces collapse. A longer name is cut and ends with "…".
    """
    charmap = _font_charmap()
    kept: list[str] = []
    for char in unicodedata.normalize("NFC", name):
        category = unicodedata.category(char)
        if category in {"Cc", "Zl", "Zp"} or char.isspace():
            kept.append(" ")
        elif category not in {"Cf", "Cs", "Co", "Cn"} and ord(char) in charmap:
            kept.append(char)
    text = " ".join("".join(kept).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + ELLIPSIS
    return _visual_order(text)


def _visual_order(text: str) -> str:
    """Reverse runs of right-to-left words (Hebrew, Arabic) so they read right to left.

    matplotlib lays text out left to right only; this simple reordering (no
    full bidi algorithm, no Arabic shaping) makes a name like "שלום" readable.
    Combining marks stay with their letter; spaces between RTL words join the run.
    """
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    rtl = [unicodedata.bidirectional(cluster[0]) in {"R", "AL"} for cluster in clusters]
    for index in range(1, len(clusters) - 1):
        if clusters[index] == " " and rtl[index - 1] and rtl[index + 1]:
            rtl[index] = True
    ordered: list[str] = []
    run: list[str] = []
    for cluster, right_to_left in zip(clusters, rtl, strict=True):
        if right_to_left:
            run.append(cluster)
            continue
        ordered.extend(reversed(run))
        run = []
        ordered.append(cluster)
    ordered.extend(reversed(run))
    return "".join(ordered)


# --------------------------------------------------------------------------- ticks


class _GroupedFormatter(Formatter):
    """Tick labels through :func:`core.formatting.group`: ``20 000``, ``0,25``; no offset."""

    def __init__(self) -> None:
        self._decimals = 0

    def set_locs(self, locs: list[float]) -> None:
        super().set_locs(locs)
        self._decimals = _decimals_for(locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        return formatting.group(x, self._decimals)


def _decimals_for(locs: Sequence[float]) -> int:
    """The fewest decimals that show every tick value exactly (at most 6)."""
    finite = [value for value in locs if math.isfinite(value)]
    scale = max((abs(value) for value in finite), default=1.0) or 1.0
    for decimals in range(7):
        if all(abs(round(value, decimals) - value) <= scale * 1e-9 for value in finite):
            return decimals
    return 6


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True, slots=True)
class _Spot:
    """One place to try for a label: anchor ``xy``, text offset in points, alignment."""

    xy: tuple[float, float]
    offset: tuple[float, float]
    ha: HAlign
    va: VAlign


def _box_at(spot: _Spot, coords: Transform, width: float, height: float, pad: float) -> Bbox:
    """Where a label's framed box lands, in pixels, when its anchor is at ``spot``."""
    x, y = coords.transform(spot.xy)
    x += spot.offset[0] * DPI / 72
    y += spot.offset[1] * DPI / 72
    x0 = {"left": x, "center": x - width / 2, "right": x - width}[spot.ha]
    y0 = {"bottom": y, "center": y - height / 2, "top": y - height}[spot.va]
    return Bbox.from_extents(x0 - pad, y0 - pad, x0 + width + pad, y0 + height + pad)


class _Scene:
    """Places labels inside the axes where they cross no line, point or other label.

    Works in display pixels once the layout is frozen: each label tries its
    spots in order of preference and takes the first free one (or the least
    crowded when none is free). Deterministic: same inputs, same places.
    """

    def __init__(self, ax: Axes, renderer: RendererBase) -> None:
        self.ax = ax
        self.renderer = renderer
        self.frame = ax.get_window_extent(renderer)
        self.paths: list[Path] = []
        self.taken: list[Bbox] = []

    def avoid_curve(self, months: Sequence[int], values: Sequence[float], steps: bool) -> None:
        """Keep labels off a curve as drawn (``steps``: the ``steps-pre`` corners included)."""
        points = [(float(months[0]), values[0])]
        for month, value in zip(months[1:], values[1:], strict=True):
            if steps:
                points.append((points[-1][0], value))
            points.append((float(month), value))
        self.paths.append(Path(self.ax.transData.transform(points)))

    def avoid_level(self, y: float) -> None:
        """Keep labels off a horizontal line across the axes at ``y``."""
        _, level = self.ax.transData.transform((0.0, y))
        frame = self.frame
        self.paths.append(Path([(frame.x0, level), (frame.x1, level)]))

    def avoid_point(self, point: tuple[float, float], radius_px: float) -> None:
        x, y = self.ax.transData.transform(point)
        self.taken.append(
            Bbox.from_extents(x - radius_px, y - radius_px, x + radius_px, y + radius_px)
        )

    def label_line(
        self,
        text: str,
        y: float,
        colour: str,
        prefer: Sequence[Literal["left", "center", "right"]],
    ) -> None:
        """A label right above (or below) the horizontal line at ``y``, at one of its ends."""
        anchor_x = {"left": 0.012, "center": 0.5, "right": 0.988}
        spots = [
            _Spot((anchor_x[where], y), (0.0, dy), where, "bottom" if dy > 0 else "top")
            for where in prefer
            for dy in (6.0, -6.0)
        ]
        coords = self.ax.get_yaxis_transform()
        box = _box(0.2, "white", "none", alpha=0.85)
        self._place(self._annotate(text, spots, coords, SIZE_LABEL, colour, box), spots, coords)

    def annotate_point(self, text: str, point: tuple[float, float]) -> None:
        """A label near ``point`` with an arrow to it, preferring below and to the right."""
        offsets = [
            (dx, dy)
            for dy in (-45.0, -80.0, -120.0, -170.0, 45.0, 80.0, 120.0, 170.0)
            for dx in (40.0, 90.0, 150.0, -40.0, -90.0, -150.0)
        ]
        offsets.sort(
            key=lambda o: (
                math.hypot(o[0], o[1] * 1.4) + (0 if o[0] > 0 else 60) + (0 if o[1] < 0 else 25)
            )
        )
        spots = [
            _Spot(
                point,
                offset,
                "left" if offset[0] > 0 else "right",
                "top" if offset[1] < 0 else "bottom",
            )
            for offset in offsets
        ]
        box = _box(0.35, "white", PAYBACK, linewidth=2.0)
        arrow = {
            "arrowstyle": "-|>",
            "color": INK,
            "lw": 2.0,
            "shrinkA": 2,
            "shrinkB": 11,
            "mutation_scale": 22,
        }
        label = self._annotate(text, spots, "data", SIZE_LABEL + 1, INK, box, arrow)
        self._place(label, spots, self.ax.transData, target=point)

    def note(self, text: str, background: str, edge: str) -> None:
        """A boxed message somewhere free inside the axes, preferring the centre and corners."""
        places: list[tuple[float, float, HAlign, VAlign]] = [
            (0.5, 0.5, "center", "center"),
            (0.97, 0.05, "right", "bottom"),
            (0.03, 0.95, "left", "top"),
            (0.5, 0.95, "center", "top"),
            (0.97, 0.95, "right", "top"),
            (0.5, 0.05, "center", "bottom"),
        ]
        for fy in (0.35, 0.65, 0.2, 0.8):
            places.extend(
                [
                    (0.5, fy, "center", "center"),
                    (0.97, fy, "right", "center"),
                    (0.03, fy, "left", "center"),
                ]
            )
        spots = [_Spot((x, y), (0.0, 0.0), ha, va) for x, y, ha, va in places]
        box = _box(0.5, background, edge, linewidth=2.0)
        label = self._annotate(text, spots, self.ax.transAxes, SIZE_LABEL, INK, box)
        self._place(label, spots, self.ax.transAxes)

    def _annotate(
        self,
        text: str,
        spots: Sequence[_Spot],
        xycoords: str | Transform,
        size: float,
        colour: str,
        box: dict[str, Any],
        arrow: dict[str, Any] | None = None,
    ) -> Annotation:
        """A bold label in a ``box`` at the first of ``spots``, for :meth:`_place` to move."""
        return self.ax.annotate(
            text,
            xy=spots[0].xy,
            xycoords=xycoords,
            xytext=spots[0].offset,
            textcoords="offset points",
            arrowprops=arrow,
            zorder=7,
            bbox=box,
            **_text_style(size, colour, bold=True),
        )

    def _place(
        self,
        label: Annotation,
        spots: Sequence[_Spot],
        coords: Transform,
        target: tuple[float, float] | None = None,
    ) -> None:
        """Move ``label`` to the first free spot; ``target`` is the data point its arrow shows.

        The label is measured once; its box at each spot follows from the
        anchor (``spot.xy`` in ``coords``), the offset and the alignment.
        """
        label.set_in_layout(False)
        self._fit(label, spots[0])
        frame = self._extent(label)
        inner = Text.get_window_extent(label, self.renderer)
        pad = inner.x0 - frame.x0
        best: tuple[int, int] | None = None
        for index, spot in enumerate(spots):
            box = _box_at(spot, coords, inner.width, inner.height, pad)
            clashes = self._clashes(box)
            if target is not None:
                clashes += self._arrow_clashes(box, target)
            if clashes == 0:
                best = (0, index)
                break
            if best is None or clashes < best[0]:
                best = (clashes, index)
        assert best is not None
        spot = spots[best[1]]
        self._move(label, spot)
        self.taken.append(self._extent(label))

    def _fit(self, label: Annotation, spot: _Spot) -> None:
        """Wrap a label wider than the axes onto two lines, then make it smaller if need be."""
        self._move(label, spot)
        room = self.frame.width * 0.94
        if self._extent(label).width > room:
            label.set_text(_two_lines(label.get_text()))
            label.set_multialignment("center")
        size = float(label.get_fontsize())
        while self._extent(label).width > room and size > SIZE_TICK - 3:
            size -= 1
            label.set_fontsize(size)

    @staticmethod
    def _move(label: Annotation, spot: _Spot) -> None:
        label.xy = spot.xy
        label.xyann = spot.offset
        label.set_horizontalalignment(spot.ha)
        label.set_verticalalignment(spot.va)

    def _extent(self, label: Annotation) -> Bbox:
        """The label's box as drawn (text plus its rounded frame), in pixels."""
        label.update_positions(self.renderer)
        label.update_bbox_position_size(self.renderer)
        patch = label.get_bbox_patch()
        if patch is None:
            return Text.get_window_extent(label, self.renderer)
        return patch.get_window_extent(self.renderer)

    def _arrow_clashes(self, box: Bbox, target: tuple[float, float]) -> int:
        """Labels crossed by the arrow from ``box`` to the data point ``target``."""
        x, y = self.ax.transData.transform(target)
        arrow = Path([((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2), (x, y)])
        return 2 * sum(
            bool(arrow.intersects_bbox(other, filled=False))
            for other in self.taken
            if not other.contains(x, y)
        )

    def _clashes(self, box: Bbox) -> int:
        """How badly ``box`` is placed: outside the axes, across a line, over a label."""
        clashes = 0
        frame = self.frame
        if box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1:
            clashes += 3
        room = box.padded(LABEL_PAD_PX)
        clashes += sum(bool(path.intersects_bbox(room, filled=False)) for path in self.paths)
        clashes += sum(room.overlaps(other) for other in self.taken) * 2
        return clashes
