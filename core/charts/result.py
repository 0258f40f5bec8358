"""The payback chart of one result.

The expected cumulative profit (or revenue when the margin was skipped) of one
acquired client by month, from the origin, against the CAC line, the payback
month marked and LTV as a dashed asymptote. A step line for repeat purchases,
a smooth line with markers for a subscription. For a result calculated from an
orders export, the export's own cumulative curve beside it (a legend tells them apart).
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from core import formatting
from core.charts.axes import (
    draw_curve,
    draw_data,
    draw_point,
    payback_point,
    style_axes,
    top,
    whole_ticks,
)
from core.charts.canvas import (
    CAC_COLOUR,
    INK,
    LINE_WIDTH,
    LTV_COLOUR,
    NO_PAYBACK_BG,
    ORGANIC_BG,
    PAYBACK,
    PROFIT,
    REALIZED,
    new_figure,
    render,
)
from core.charts.layout import fit_axes, fit_titles, legend_below, titles
from core.charts.placement import Scene
from core.economics import cumulative_profit, payments_by_month
from core.models import BusinessModel, Result
from l10n import Texts


def result_chart(result: Result, texts: Texts, realized: Sequence[float] = ()) -> bytes:
    """The payback chart of one result as a 1080×1350 PNG.

    ``realized``: the revenue per buyer by the end of month 1, 2, … of the orders
    export the result was calculated from, drawn beside the model's line.
    """
    return render(lambda: result_figure(result, texts, realized))


def result_figure(result: Result, texts: Texts, realized: Sequence[float] = ()) -> Figure:
    """The figure of :func:`result_chart`, laid out and labelled, not yet drawn."""
    inputs = result.inputs
    figure, ax = new_figure()
    horizon = whole_ticks(max(len(result.curve), len(realized)))
    months = list(range(horizon + 1))
    values = [0.0, *extended_curve(result, horizon)]
    # On the model's basis: profit when the margin is known, else revenue.
    data = [0.0, *(value * inputs.margin for value in realized)]
    highest = top([result.ltv, inputs.cac, *values, *data], fallback=inputs.price)

    title = titles(
        figure,
        ax,
        inputs_title(result, texts),
        texts.msg("chart-curve-revenue" if result.by_revenue else "chart-curve-profit"),
    )
    shape = "subscription" if inputs.model is BusinessModel.SUBSCRIPTION else "purchases"
    style_axes(
        ax,
        horizon,
        highest,
        texts.msg(f"chart-axis-month-{shape}"),  # why smooth, why steps
        texts.msg("chart-axis-money"),
    )

    model = draw_curve(ax, months, values, inputs.model, PROFIT)
    legend = None
    if realized:
        line = draw_data(ax, data, REALIZED)
        legend = legend_below(
            figure, [model, line], [texts.msg("chart-model"), _data_label(result, texts)]
        )
    ax.axhline(
        result.ltv, color=LTV_COLOUR, lw=LINE_WIDTH, ls=(0, (6, 4)), zorder=2, clip_on=False
    )
    if inputs.cac > 0:
        ax.axhline(inputs.cac, color=CAC_COLOUR, lw=LINE_WIDTH, zorder=2)

    fit_titles(figure, title, ax)
    payback = result.payback_month if inputs.cac > 0 else None
    point: tuple[float, float] | None = None
    if payback is not None and payback <= horizon:
        point = payback_point(inputs.model, payback, values)
        draw_point(ax, point, PAYBACK, edge=INK)

    # Fit the axes first, then place the labels in the free space inside them.
    scene = Scene(ax, fit_axes(figure, ax, title, legend))
    scene.avoid_curve(months, values, steps=inputs.model is BusinessModel.PURCHASES)
    if realized:
        scene.avoid_curve(range(len(data)), data, steps=False)
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


def extended_curve(result: Result, horizon: int) -> list[float]:
    """The result's curve continued with the model's ``G(n(t))`` up to ``horizon`` months."""
    inputs = result.inputs
    values = list(result.curve)
    for month in range(len(values) + 1, horizon + 1):
        paid = payments_by_month(inputs.cycle, month)
        values.append(cumulative_profit(result.profit_per_cycle, inputs.churn, paid))
    return values


def inputs_title(result: Result, texts: Texts) -> str:
    """The chart's title: the key inputs of the calculation in one line."""
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
        value = formatting.number(inputs.purchases_per_year, 2)
        count = formatting.plural_count(value)
        frequency = texts.msg("chart-per-year", count=count, value=value)
        return texts.msg("chart-title-purchases", frequency=frequency, **common)
    return texts.msg("chart-title-subscription", **common)


def _data_label(result: Result, texts: Texts) -> str:
    """The legend of the realized curve: whose data, and on what basis beside the model's."""
    margin = result.inputs.margin_percent
    if margin is None:
        return texts.msg("chart-realized")
    return texts.msg("chart-realized-margin", margin=formatting.percent(margin))


def _no_payback_text(result: Result, texts: Texts) -> str:
    if result.profit_per_cycle <= 0:
        return texts.msg("chart-no-payback-zero-margin")
    return texts.msg(
        "chart-no-payback",
        ltv=formatting.money(result.ltv),
        cac=formatting.money(result.inputs.cac),
    )
