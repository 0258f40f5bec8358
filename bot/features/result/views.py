"""Texts of a result: the summary, the verdict, the levers and the target.

Only numbers formatted by ``core.formatting`` and our own texts go into these messages.
"""

from __future__ import annotations

from bot.features.dialog.steps import SUB
from bot.features.dialog.views import months
from core import formatting
from core.models import (
    BusinessModel,
    Inputs,
    Lever,
    LeverKind,
    NoPaybackReason,
    Result,
    TargetKind,
    Verdict,
)
from l10n import Texts

VERDICT_KEYS = {
    Verdict.LOSS: "verdict-loss",
    Verdict.THIN: "verdict-thin",
    Verdict.HEALTHY: "verdict-healthy",
    Verdict.STRONG: "verdict-strong",
    Verdict.ORGANIC: "verdict-organic",
}


LEVER_KEYS = {
    LeverKind.CHURN_DOWN: "lever-churn-down",
    LeverKind.PRICE_UP: "lever-price-up",
    LeverKind.FREQUENCY_UP: "lever-frequency-up",
    LeverKind.MARGIN_UP: "lever-margin-up",
    LeverKind.CAC_DOWN: "lever-cac-down",
}


TARGET_KEYS = {
    TargetKind.CHURN: "target-churn",
    TargetKind.PRICE: "target-price",
    TargetKind.CAC: "target-cac",
}


TOP_LEVERS = 2


def _payback(texts: Texts, result: Result) -> str:
    if result.payback_month is None:
        if result.no_payback_reason is NoPaybackReason.ZERO_MARGIN:
            return texts.msg("no-payback-zero-margin")
        return texts.msg(
            "no-payback-ltv-not-above-cac",
            ltv=formatting.money(result.ltv),
            cac=formatting.money(result.inputs.cac),
        )
    if result.inputs.cac <= 0:
        return texts.msg("payback-immediate")
    text = texts.msg(
        "payback-month", month=result.payback_month, payment=result.payback_payment or 1
    )
    simple = result.simple_payback_months
    if simple is not None and result.inputs.model is SUB:
        text += texts.msg("payback-simple", months=months(texts, simple))
    elif simple is not None:  # repeat purchases: the month of the payment that covers CAC
        text += texts.msg("payback-simple-month", month=round(simple))
    return text


def _formula(texts: Texts, inputs: Inputs, ltv: float) -> str:
    common = {
        "price": formatting.money(inputs.price),
        "churn": formatting.percent(inputs.churn_percent),
        "ltv": formatting.money(ltv),
    }
    if inputs.margin_percent is None:
        return texts.msg("formula-revenue", **common)
    return texts.msg("formula-profit", margin=formatting.percent(inputs.margin_percent), **common)


def _short_payback(texts: Texts, month: int | None) -> str:
    return texts.msg("payback-never") if month is None else texts.msg("payback-short", month=month)


LEVER_UNITS = {
    LeverKind.CHURN_DOWN: formatting.percent,
    LeverKind.PRICE_UP: formatting.money,
    LeverKind.FREQUENCY_UP: formatting.months,
    LeverKind.MARGIN_UP: formatting.percent,
    LeverKind.CAC_DOWN: formatting.money,
}


def _lever_title(texts: Texts, lever: Lever, model: BusinessModel) -> str:
    shown = LEVER_UNITS[lever.kind]
    before, after = shown(lever.value_before), shown(lever.value_after)
    if lever.kind is LeverKind.CHURN_DOWN and model is not SUB:
        return texts.msg("lever-churn-down-purchases", before=before, after=after)
    return texts.msg(LEVER_KEYS[lever.kind], before=before, after=after)


def _lever_effect(texts: Texts, lever: Lever) -> str:
    old, new = lever.before, lever.after
    if lever.kind is LeverKind.FREQUENCY_UP:
        effect = texts.msg(
            "effect-frequency",
            before=formatting.money(old.first_year_profit),
            after=formatting.money(new.first_year_profit),
        )
    elif old.ltv_cac is not None and new.ltv_cac is not None:
        effect = texts.msg(
            "effect-ratio",
            before=formatting.ratio(old.ltv_cac),
            after=formatting.ratio(new.ltv_cac),
        )
    else:
        effect = texts.msg(
            "effect-ltv", before=formatting.money(old.ltv), after=formatting.money(new.ltv)
        )
    if old.payback_month != new.payback_month:
        effect += texts.msg(
            "effect-payback",
            before=_short_payback(texts, old.payback_month),
            after=_short_payback(texts, new.payback_month),
        )
    return effect


def lever_lines(texts: Texts, result: Result, limit: int | None = None) -> str:
    """Numbered lever lines, best first."""
    chosen = result.levers if limit is None else result.levers[:limit]
    return "\n".join(
        texts.msg(
            "lever-line",
            number=number,
            title=_lever_title(texts, lever, result.inputs.model),
            effect=_lever_effect(texts, lever),
        )
        for number, lever in enumerate(chosen, start=1)
    )


def result_text(texts: Texts, result: Result) -> str:
    """The one-message summary of a calculation."""
    inputs = result.inputs
    count_key = "purchases-subscription" if inputs.model is SUB else "purchases-purchases"
    return texts.msg(
        "result",
        basis=texts.msg("basis-revenue" if result.by_revenue else "basis-profit"),
        ltv=formatting.money(result.ltv),
        revenue=formatting.money(result.revenue_per_client),
        ratio=(
            formatting.ratio(result.ltv_cac)
            if result.ltv_cac is not None
            else texts.msg("ratio-undefined")
        ),
        verdict=texts.msg(VERDICT_KEYS[result.verdict]),
        payback=_payback(texts, result),
        lifetime=months(texts, result.lifetime_months),
        purchases=texts.msg(count_key, count=formatting.months(result.purchases)),
        net=formatting.money(result.net_value),
        breakeven=formatting.money(result.breakeven_cac),
        levers=lever_lines(texts, result, TOP_LEVERS),
        formula=_formula(texts, inputs, result.ltv),
    )


def _target(texts: Texts, result: Result) -> str:
    if result.ltv_cac is None:
        return texts.msg("target-organic")
    if not result.to_target:
        return texts.msg("target-reached")
    options = []
    for change in result.to_target:
        if change.kind is TargetKind.CHURN:
            shown = formatting.percent(change.value)
        else:
            shown = formatting.money(change.value)
        key = TARGET_KEYS[change.kind]
        if change.kind is TargetKind.CHURN and result.inputs.model is not SUB:
            key = "target-churn-purchases"
        option = texts.msg(key, value=shown)
        if not change.feasible:
            option = texts.msg("target-unreachable", option=option)
        options.append(option)
    return texts.msg("target", options="\n".join(options))


def what_if_text(texts: Texts, result: Result) -> str:
    """Every lever's effect, ranked, and what single change brings the ratio to 3."""
    return texts.msg("what-if", levers=lever_lines(texts, result), target=_target(texts, result))


def result_line(texts: Texts, result: Result) -> str:
    """One line of a result: ``Подписка 3 000 ₽: LTV 48 000 ₽, LTV / CAC 9,6×``."""
    inputs = result.inputs
    model = "result-line-subscription" if inputs.model is SUB else "result-line-purchases"
    ratio = (
        formatting.ratio(result.ltv_cac)
        if result.ltv_cac is not None
        else texts.msg("result-line-organic")
    )
    return texts.msg(
        "result-line",
        model=texts.msg(model, price=formatting.money(inputs.price)),
        ltv=formatting.money(result.ltv),
        ratio=ratio,
    )
