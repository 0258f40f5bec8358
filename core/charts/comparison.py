"""Two scenarios on one chart: each curve with its own dashed CAC line and payback point,
a legend with the scenario names (the user's own words, cleaned and shortened)."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from core import formatting
from core.charts.axes import draw_curve, draw_point, payback_point, style_axes, top, whole_ticks
from core.charts.canvas import LINE_WIDTH, new_figure, render
from core.charts.layout import fit_axes, fit_titles, legend_below, titles
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
    """Two scenarios' cumulative curves, CAC lines and payback points as a 1080×1350 PNG.

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
    for number, (result, name, values, colour) in enumerate(
        zip(results, names, series, SCENARIO_COLOURS, strict=True), start=1
    ):
        inputs = result.inputs
        shown = clean_name(name) or texts.msg("chart-compare-fallback-name", number=number)
        handles.append(draw_curve(ax, months, values, inputs.model, colour))
        labels.append(_scenario_label(result, shown, mixed, texts))
        if result.payback_month is not None and inputs.cac > 0 and result.payback_month <= horizon:
            point = payback_point(inputs.model, result.payback_month, values)
            draw_point(ax, point, colour, "white")
        if inputs.cac > 0:
            # Equal CACs: the second line's dashes fill the first one's gaps, both colours show.
            same = number == 2 and results[0].inputs.cac == inputs.cac
            dashes = (DASH if same else 0.0, (DASH, DASH))
            ax.axhline(inputs.cac, color=colour, lw=LINE_WIDTH, ls=dashes, zorder=2)
            handles.append(
                Line2D([], [], color=colour, lw=LINE_WIDTH, ls=(0, (DASH / 2, DASH / 3)))
            )
            labels.append(texts.msg("chart-compare-cac", cac=formatting.money(inputs.cac)))

    legend = legend_below(figure, handles, labels)
    fit_titles(figure, title, ax)
    fit_axes(figure, ax, title, legend)
    return figure


def _scenario_label(result: Result, name: str, mixed: bool, texts: Texts) -> str:
    """A scenario's legend entry: its name and when it pays back."""
    if result.inputs.cac <= 0:
        label = texts.msg("chart-compare-organic", name=name)
    elif result.payback_month is None:
        label = texts.msg("chart-compare-no-payback", name=name)
    else:
        month = formatting.group(result.payback_month)
        label = texts.msg("chart-compare-payback", name=name, month=month)
    if mixed and result.by_revenue:
        return texts.msg("chart-compare-by-revenue", label=label)
    return label
