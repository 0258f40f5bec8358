"""The two pictures of an orders export, as PNG bytes made for a phone screen.

- :func:`cohort_chart` — the cohort triangle as a heatmap: one row per month
  of first purchase (the latest :data:`COHORT_ROWS`), one column per month
  since (the first :data:`COHORT_COLUMNS`); the colour is the share of the
  cohort who bought again that month, the cell shows that share and the money
  per buyer of the cohort. Months not yet over stay blank.
- :func:`curve_chart` — the cumulative revenue per buyer by month since the
  first purchase, the 3-, 6- and 12-month values marked.

Drawn with the pieces of :mod:`core.charts`: matplotlib's ``Figure`` API only (never
pyplot), the same font, colours and sizes, every word from
``locales/ru/orders.ftl`` through the :class:`~l10n.Texts` passed in, rendering
serialised by the same lock, no ``Software`` metadata in the PNG (same
analysis, same bytes).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import Colormap
from matplotlib.figure import Figure

from core import formatting
from core.charts.axes import HEADROOM, draw_data, draw_point, style_axes
from core.charts.canvas import (
    CURVE_WIDTH,
    EDGE_PX,
    FONT,
    GAP_PX,
    HEIGHT_PX,
    INK,
    MUTED,
    PAYBACK,
    PROFIT,
    SIZE_MIN,
    SIZE_SUBTITLE,
    SIZE_TICK,
    SIZE_TITLE,
    WIDTH_PX,
    new_figure,
    render,
    renderer,
    text_style,
)
from core.charts.layout import fit_axes, fit_titles, titles, wrap
from core.charts.placement import Scene
from core.orders.analysis import Analysis, CohortRow
from core.orders.realized import reliable_points
from l10n import Texts

__all__ = [
    "COHORT_COLUMNS",
    "COHORT_ROWS",
    "cohort_chart",
    "currency_sign",
    "curve_chart",
]

COHORT_ROWS: Final = 12
"""The latest cohorts shown: rows of cells a phone shows legibly."""
COHORT_COLUMNS: Final = 7
"""Months since the first purchase shown: 0 … 6 (wider cells hold both figures legibly)."""
EMPTY_CELL: Final = "#f4f4f4"
CELL_EDGE: Final = "white"
HEAT_MAP: Final = "Blues"
POINT: Final = PAYBACK
SIGNS: Final = {"RUB": "₽", "USD": "$", "EUR": "€", "KZT": "₸", "UAH": "₴", "GBP": "£"}


def currency_sign(code: str) -> str:
    """``₽`` for roubles and the usual signs; other currencies by their code."""
    return SIGNS.get(code, code)


def _money(value: float, code: str) -> str:
    return f"{formatting.group(value)}{formatting.NBSP}{currency_sign(code)}"


def cohort_chart(analysis: Analysis, texts: Texts) -> bytes:
    """The cohort triangle as a heatmap, a 1080×1350 PNG."""
    return render(lambda: _cohort_figure(analysis, texts))


def curve_chart(analysis: Analysis, texts: Texts) -> bytes:
    """The cumulative revenue per buyer by month since the first purchase, a 1080×1350 PNG."""
    return render(lambda: _curve_figure(analysis, texts))


# --------------------------------------------------------------------------- cohorts


def _cohort_figure(analysis: Analysis, texts: Texts) -> Figure:
    rows = analysis.cohorts[-COHORT_ROWS:]
    columns = max(1, min(COHORT_COLUMNS, max(len(row.cells) for row in rows)))
    figure, ax = new_figure()

    shares = np.full((len(rows), columns), np.nan)
    for i, row in enumerate(rows):
        for k, cell in enumerate(row.cells[:columns]):
            if cell is not None:
                shares[i, k] = cell.repeat_share
    top = float(np.nanmax(shares)) if not np.all(np.isnan(shares)) else 0.0
    colours: Colormap = colormaps[HEAT_MAP].with_extremes(bad=EMPTY_CELL)
    ax.imshow(
        np.ma.masked_invalid(shares),
        cmap=colours,
        vmin=0.0,
        vmax=max(top, 0.05) * 1.15,
        aspect="auto",
        interpolation="nearest",
    )
    for edge in range(columns + 1):
        ax.axvline(edge - 0.5, color=CELL_EDGE, lw=3)
    for edge in range(len(rows) + 1):
        ax.axhline(edge - 0.5, color=CELL_EDGE, lw=3)

    _cohort_axes(ax, rows, columns, texts)
    _cohort_cells(ax, rows, columns, colours, max(top, 0.05) * 1.15)
    if len(rows) < len(analysis.cohorts):
        ax.set_xlabel(
            texts.msg("orders-chart-cohorts-more", shown=len(rows), total=len(analysis.cohorts)),
            labelpad=10,
            **text_style(SIZE_TICK, MUTED),
        )
    _place_cohorts(figure, ax, analysis, texts)
    return figure


def _cohort_axes(ax: Axes, rows: Sequence[CohortRow], columns: int, texts: Texts) -> None:
    ax.xaxis.tick_top()
    ax.set_xticks(range(columns))
    ax.set_xticklabels([str(k) for k in range(columns)])
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(
        [
            texts.msg(
                "orders-chart-cohorts-row",
                month=texts.msg("orders-month-short", month=row.month.month),
                year=str(row.month.year),
                buyers=formatting.group(row.buyers),
            )
            for row in rows
        ]
    )
    ax.tick_params(
        labelsize=SIZE_TICK,
        labelfontfamily=FONT,
        labelcolor=INK,
        length=0,
        pad=8,
    )
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_parse_math(False)
    ax.set_title(
        texts.msg("orders-chart-cohorts-axis"),
        pad=8,
        **text_style(SIZE_TICK, MUTED),
    )
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xlim(-0.5, columns - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)


def _cohort_cells(
    ax: Axes, rows: Sequence[CohortRow], columns: int, colours: Colormap, top: float
) -> None:
    """Two lines per month that is over: the share who bought again, the money per buyer."""
    for i, row in enumerate(rows):
        for k, cell in enumerate(row.cells[:columns]):
            if cell is None:
                continue
            red, green, blue, _ = colours(cell.repeat_share / top)
            dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.55
            ink = "white" if dark else INK
            ax.text(
                k,
                i - 0.14,
                formatting.percent(round(cell.repeat_share * 100)),
                ha="center",
                va="center",
                **text_style(SIZE_MIN, ink, bold=True),
            )
            ax.text(
                k,
                i + 0.22,
                formatting.group(cell.revenue_per_buyer),
                ha="center",
                va="center",
                **text_style(SIZE_MIN, ink),
            )


def _place_cohorts(figure: Figure, ax: Axes, analysis: Analysis, texts: Texts) -> None:
    """The title and subtitle at the top, the heatmap filling the rest around its labels."""
    agg = renderer(figure)
    title = figure.suptitle(
        texts.msg("orders-chart-cohorts-title"),
        y=1 - EDGE_PX / HEIGHT_PX,
        va="top",
        **text_style(SIZE_TITLE, INK, bold=True),
    )
    wrap(title, agg, WIDTH_PX * 0.96)
    below_title = HEIGHT_PX - EDGE_PX - title.get_window_extent(agg).height - 6
    subtitle = figure.text(
        0.5,
        below_title / HEIGHT_PX,
        texts.msg("orders-chart-cohorts-subtitle", currency=currency_sign(analysis.currency)),
        ha="center",
        va="top",
        **text_style(SIZE_SUBTITLE, MUTED),
    )
    wrap(subtitle, agg, WIDTH_PX * 0.94)
    head = HEIGHT_PX - subtitle.get_window_extent(agg).y0 + GAP_PX
    frame = ax.get_window_extent(agg)
    tight = ax.get_tightbbox(agg)
    assert tight is not None
    left = EDGE_PX + frame.x0 - tight.x0
    right = WIDTH_PX - EDGE_PX - (tight.x1 - frame.x1)
    bottom = EDGE_PX + frame.y0 - tight.y0
    top = HEIGHT_PX - head - (tight.y1 - frame.y1)
    width, height = right - left, top - bottom
    ax.set_position((left / WIDTH_PX, bottom / HEIGHT_PX, width / WIDTH_PX, height / HEIGHT_PX))


# --------------------------------------------------------------------------- curve


def _curve_figure(analysis: Analysis, texts: Texts) -> Figure:
    figure, ax = new_figure()
    points = reliable_points(analysis.curve)
    months = [0, *(p.month for p in points)]
    values = [0.0, *(p.revenue_per_buyer for p in points)]
    horizon = max(months[-1], 3)
    top = max(values) * HEADROOM if values[-1] > 0 else 1.0
    sign = currency_sign(analysis.currency)

    title = titles(
        figure,
        ax,
        texts.msg("orders-chart-curve-title"),
        texts.msg(
            "orders-chart-curve-subtitle",
            buyers=formatting.group(analysis.buyers),
            count=analysis.buyers,
        ),
    )
    style_axes(
        ax,
        horizon,
        top,
        texts.msg("orders-chart-curve-axis-month"),
        texts.msg("orders-chart-curve-axis-money", currency=sign),
    )

    if len(points) > 0:
        draw_data(ax, values, PROFIT, width=CURVE_WIDTH)
    fit_titles(figure, title, ax)
    scene = Scene(ax, fit_axes(figure, ax, title))
    scene.avoid_curve(months, values, steps=False)
    marked = [p for p in points if p.month in (3, 6, 12)]
    for point in marked:
        scene.avoid_point((float(point.month), point.revenue_per_buyer), radius_px=14)
    for point in marked:
        spot = (float(point.month), point.revenue_per_buyer)
        draw_point(ax, spot, POINT, edge=INK)
        scene.annotate_point(
            texts.msg(
                "orders-chart-curve-point",
                months=point.month,
                value=_money(point.revenue_per_buyer, analysis.currency),
            ),
            spot,
        )
    if not points:
        scene.note(texts.msg("orders-chart-curve-empty"), "white", MUTED)
    return figure
