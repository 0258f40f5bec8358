"""Two scenarios on one chart: each curve with its own dashed CAC line and payback point,
a legend with the scenario names (the user's own words, cleaned and shortened)."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from core import formatting
from core.charts.axes import draw_curve, draw_point, payback_point, style_axes, top, whole_ticks
from core.charts.canvas import (
    EDGE_PX,
    FONT,
    HEIGHT_PX,
    INK,
    LINE_WIDTH,
    SIZE_LEGEND,
    new_figure,
    render,
)
from core.charts.layout import fit_axes, fit_titles, titles
from core.charts.names import clean_name
from core.charts.result import extended_curve
from core.models import Result
from l10n import Texts

SCENARIO_COLOURS = ("#1f5fa8", "#e07a1f")

DASH = 6.0
"""Dash and gap length (in line widths) of the comparison's CAC lines."""


def comparison_chart(
    first: Result,
    second: Result,
    first_name: str,
    second_name: str,
    texts: Texts,
) -> bytes:
    """Two scenarios' cumulative curves, CAC lines and payback points as a 1200×700 PNG.

    The names are the user's own words: drawn as plain text, shortened to
    :data:`~core.charts.names.NAME_MAX_CHARS` characters with "…".
    """
    return render(lambda: comparison_figure((first, second), (first_name, second_name), texts))


def comparison_figure(
    results: tuple[Result, Result], names: tuple[str, str], texts: Texts
) -> Figure:
    """The figure of :func:`comparison_chart`, laid out, not yet drawn."""
    figure, ax = new_figure()
    horizon = whole_ticks(max(len(result.curve) for result in results))
    months = list(range(horizon + 1))
    series = [[0.0, *extended_curve(result, horizon)] for result in results]
    highest = top(
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
    title = titles(figure, ax, texts.msg("chart-compare-title"), subtitle)
    style_axes(ax, horizon, highest, texts.msg("chart-axis-month"), texts.msg("chart-axis-money"))

    handles: list[Line2D] = []
    labels: list[str] = []
    cac_handles: list[Line2D] = []
    cac_labels: list[str] = []
    for number, (result, name, values, colour) in enumerate(
        zip(results, names, series, SCENARIO_COLOURS, strict=True), start=1
    ):
        inputs = result.inputs
        shown = clean_name(name) or texts.msg("chart-compare-fallback-name", number=number)
        curve = draw_curve(ax, months, values, inputs.model, colour)
        if inputs.cac <= 0:
            label = texts.msg("chart-compare-organic", name=shown)
        elif result.payback_month is None:
            label = texts.msg("chart-compare-no-payback", name=shown)
        else:
            payback = result.payback_month
            label = texts.msg("chart-compare-payback", name=shown, month=formatting.group(payback))
            if payback <= horizon:
                draw_point(ax, payback_point(inputs.model, payback, values), colour, "white")
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
    fit_titles(figure, title, ax)
    fit_axes(figure, ax, title, legend)
    return figure
