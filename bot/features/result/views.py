"""Texts of a result: the summary, the verdict, the levers and the target.

Only numbers formatted by ``core.formatting`` and our own texts go into these messages.
"""

from __future__ import annotations

import math
from typing import Any

from bot.features.dialog.steps import SUB
from bot.features.dialog.views import answer_value, capital, label, months
from bot.features.result.variants import LEVER_FIELDS, TARGET_FIELDS
from core import formatting
from core.models import (
    BusinessModel,
    Field,
    Inputs,
    Lever,
    LeverKind,
    NoPaybackReason,
    Result,
    TargetChange,
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
    key = "payback-month" if result.inputs.model is SUB else "payback-month-purchases"
    text = texts.msg(key, month=result.payback_month, payment=result.payback_payment or 1)
    simple = result.simple_payback_months
    if simple is not None:
        # Months as in the headline: the month the payment covering CAC falls in (a
        # subscription's 4,3 payments are made in the 5th month); said when it differs.
        month = math.ceil(round(simple, 6)) if result.inputs.model is SUB else round(simple)
        if month != result.payback_month:
            text += texts.msg("payback-simple-month", month=month)
    return text


def _life(texts: Texts, result: Result) -> str:
    """How long a client stays and pays: months and payments of a subscription; for repeat
    purchases what the months are — the purchases, each covering one interval."""
    count = formatting.number(result.purchases)
    lifetime = months(texts, result.lifetime_months)
    if result.inputs.model is SUB:
        return texts.msg("life-subscription", lifetime=lifetime, count=count)
    cycle = months(texts, result.cycle_months)
    return texts.msg("life-purchases", count=count, cycle=cycle, lifetime=lifetime)


def horizon_months(texts: Texts, result: Result) -> str:
    """``за 3 мес. — 6 846 ₽, за 12 мес. — 22 063 ₽``: the cash horizon, before CAC."""
    return texts.msg(
        "cash-horizon-months",
        quarter=formatting.money(result.cash_3_months),
        year=formatting.money(result.cash_12_months),
    )


def _cash_horizon(texts: Texts, result: Result) -> str:
    basis = "cash-basis-revenue" if result.by_revenue else "cash-basis-profit"
    return texts.msg("cash-horizon", basis=texts.msg(basis), months=horizon_months(texts, result))


def _formula(texts: Texts, inputs: Inputs, ltv: float) -> str:
    common = {
        "price": formatting.money(inputs.price),
        "churn_label": label(texts, Field.CHURN, inputs.model),
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
    LeverKind.FREQUENCY_UP: formatting.number,
    LeverKind.MARGIN_UP: formatting.percent,
    LeverKind.CAC_DOWN: formatting.money,
}


def _lever_title(texts: Texts, lever: Lever, model: BusinessModel) -> str:
    shown = LEVER_UNITS[lever.kind]
    before, after = shown(lever.value_before), shown(lever.value_after)
    if lever.kind is LeverKind.CHURN_DOWN and model is not SUB:
        return texts.msg("lever-churn-down-purchases", before=before, after=after)
    return texts.msg(LEVER_KEYS[lever.kind], before=before, after=after)


def _ratio_moves(before: float, after: float) -> bool:
    """Whether LTV/CAC as shown changes («0,1× → 0,1×» says nothing: the lever is then told
    by what does change)."""
    return formatting.ratio(before) != formatting.ratio(after)


def _lever_effect(texts: Texts, lever: Lever) -> str:
    old, new = lever.before, lever.after
    if lever.kind is LeverKind.FREQUENCY_UP:
        effect = texts.msg(
            "effect-frequency",
            before=formatting.money(old.first_year_profit),
            after=formatting.money(new.first_year_profit),
        )
    elif (
        old.ltv_cac is not None
        and new.ltv_cac is not None
        and _ratio_moves(old.ltv_cac, new.ltv_cac)
    ):
        effect = texts.msg(
            "effect-ratio",
            before=formatting.ratio(old.ltv_cac),
            after=formatting.ratio(new.ltv_cac),
        )
    elif lever.kind is LeverKind.CAC_DOWN:  # LTV stays; what a client nets does not
        effect = texts.msg(
            "effect-net",
            before=formatting.money(old.ltv - lever.value_before),
            after=formatting.money(new.ltv - lever.value_after),
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
    return texts.msg(
        "result",
        basis=texts.msg("basis-revenue" if result.by_revenue else "basis-profit"),
        ltv=formatting.money(result.ltv),
        revenue=(
            ""  # by revenue, LTV is this very figure: said once
            if result.by_revenue
            else "\n"
            + texts.msg("revenue-line", revenue=formatting.money(result.revenue_per_client))
        ),
        horizon=_cash_horizon(texts, result),
        ratio=(
            formatting.ratio(result.ltv_cac)
            if result.ltv_cac is not None
            else texts.msg("ratio-undefined")
        ),
        verdict=texts.msg(VERDICT_KEYS[result.verdict]),
        payback=_payback(texts, result),
        life=_life(texts, result),
        net=formatting.money(result.net_value),
        breakeven=formatting.money_down(result.breakeven_cac),
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


# ------------------------------------------------------------------ variants


def lever_button(texts: Texts, number: int, lever: Lever, model: BusinessModel) -> str:
    """``2. цена месяца: 3 000 ₽ → 3 300 ₽``: the lever numbered as on the «Что если» screen."""
    shown = LEVER_UNITS[lever.kind]
    key = "btn-lever-per-year" if lever.kind is LeverKind.FREQUENCY_UP else "btn-lever"
    field = LEVER_FIELDS[lever.kind]
    return texts.msg(
        key,
        number=number,
        label=capital(label(texts, field, model)),
        before=shown(lever.value_before),
        after=shown(lever.value_after),
    )


def target_button(texts: Texts, change: TargetChange, model: BusinessModel) -> str:
    """``🎯 До 3×: отток 3,5 %``."""
    field = TARGET_FIELDS[change.kind]
    if change.kind is TargetKind.CHURN:
        shown = formatting.percent(change.value)
    else:
        shown = formatting.money(change.value)
    return texts.msg("btn-target", label=label(texts, field, model), value=shown)


def field_button(texts: Texts, field: Field, inputs: Inputs) -> str:
    """``цена месяца: 3 000 ₽ в месяц``: an answer to type a new value for."""
    answers = inputs.model_dump(mode="json")
    return texts.msg(
        "btn-own-field",
        label=capital(label(texts, field, inputs.model)),
        value=answer_value(texts, field, answers),
    )


def own_value_prompt(texts: Texts, field: Field, inputs: Inputs, example: str) -> str:
    """The request for a new value of one answer, with what it is now and an example."""
    answers = inputs.model_dump(mode="json")
    return texts.msg(
        "own-value-ask",
        label=label(texts, field, inputs.model),
        value=answer_value(texts, field, answers),
        example=example,
    )


def _variant_value(texts: Texts, field: Field, answers: dict[str, Any]) -> str:
    if field is Field.MARGIN and answers.get(field.value) is None:
        return texts.msg("variant-margin-skipped")
    return answer_value(texts, field, answers)


def _payback_word(texts: Texts, result: Result) -> str:
    if result.payback_month is None:
        return texts.msg("variant-payback-never")
    if result.inputs.cac <= 0:
        return texts.msg("variant-payback-now")
    return texts.msg("variant-payback-month", month=result.payback_month)


def _ratio_word(texts: Texts, result: Result) -> str:
    if result.ltv_cac is None:
        return texts.msg("ratio-undefined")
    return formatting.ratio(result.ltv_cac)


def _pair(texts: Texts, name: str, before: str, after: str) -> str:
    if before == after:
        return texts.msg("variant-line-same", label=name, value=after)
    return texts.msg("variant-line", label=name, before=before, after=after)


def variant_text(texts: Texts, original: Result, variant: Result, field: Field) -> str:
    """The caption of a variant's chart: which answer changed, and each figure before → after.

    Short enough for a caption (a photo's 1 024 characters).
    """
    model = original.inputs.model
    before = original.inputs.model_dump(mode="json")
    after = variant.inputs.model_dump(mode="json")
    change = texts.msg(
        "variant-change",
        label=label(texts, field, model),
        before=_variant_value(texts, field, before),
        after=_variant_value(texts, field, after),
    )
    money = formatting.money
    same_basis = original.by_revenue == variant.by_revenue
    basis = texts.msg("basis-revenue" if variant.by_revenue else "basis-profit")
    ltv_label = texts.msg("variant-ltv", basis=basis) if same_basis else "LTV"
    lines = [
        _pair(texts, ltv_label, money(original.ltv), money(variant.ltv)),
        _pair(
            texts,
            texts.msg("variant-ratio"),
            _ratio_word(texts, original),
            _ratio_word(texts, variant),
        ),
        texts.msg("variant-verdict", verdict=texts.msg(VERDICT_KEYS[variant.verdict])),
        _pair(
            texts,
            texts.msg("variant-payback"),
            _payback_word(texts, original),
            _payback_word(texts, variant),
        ),
    ]
    if field is Field.PER_YEAR:
        lines.append(
            _pair(
                texts,
                texts.msg(
                    "variant-first-year-revenue" if variant.by_revenue else "variant-first-year"
                ),
                money(original.cash_12_months),
                money(variant.cash_12_months),
            )
        )
    lines.append(
        _pair(
            texts,
            texts.msg("variant-breakeven"),
            formatting.money_down(original.breakeven_cac),
            formatting.money_down(variant.breakeven_cac),
        )
    )
    if not same_basis:
        lines.append(texts.msg("variant-basis-changed"))
    return texts.msg("variant", change=change, lines="\n".join(lines))
