"""Texts and keyboards of saved scenarios, and the side-by-side comparison of two.

Scenario names are the user's own text: every function that puts one into an
HTML message escapes it here; button labels are plain text and only shortened.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.features.dialog.steps import order
from bot.features.dialog.views import answer_value, label
from bot.features.result.views import VERDICT_KEYS, horizon_months
from bot.features.scenarios.callbacks import ScenarioAction, ScenarioCb
from bot.storage import Scenario
from bot.ui.callbacks import MenuAction, MenuCb
from bot.ui.keyboards import button, markup
from core import formatting
from core.comparison import Change, Compared, Figure, input_rows, result_rows
from core.formatting import MOSCOW
from core.graphemes import cut, length
from core.models import BusinessModel, Field, Inputs, Result, Verdict
from core.scenarios import ELLIPSIS, button_name
from l10n import Texts

PAGE_SIZE: Final = 10
BUTTON_NAME_CHARS: Final = 32
"""A name longer than this is shortened with "…" on a button (the stored name stays whole)."""
BUTTON_CHARS: Final = 34
"""A list button's whole label: about what a phone shows of a button before cutting it (its
digits, spaces and «·» are narrow: 34 of them take the width of about 30 letters)."""
MINUS: Final = "\u2212"

VERDICT_MARKS: Final = {
    Verdict.LOSS: "🔴",
    Verdict.THIN: "🟡",
    Verdict.HEALTHY: "🟢",
    Verdict.STRONG: "🟢",
    Verdict.ORGANIC: "🟢",
}

Row = list[InlineKeyboardButton]


def short(name: str, limit: int = BUTTON_NAME_CHARS) -> str:
    """``name`` cut to ``limit`` characters as a person counts them, with "…" (for button
    labels only); never half an emoji."""
    return cut(name, limit, ELLIPSIS)


def pages(count: int) -> int:
    """How many list pages ``count`` scenarios take (at least one)."""
    return max(1, math.ceil(count / PAGE_SIZE))


def _to_list(texts: Texts, page: int = 0) -> InlineKeyboardButton:
    """«К списку» in place of the message it is under (a card is replaced by the list)."""
    cb = ScenarioCb(action=ScenarioAction.LIST_HERE, page=page)
    return button(texts.msg("btn-to-list"), cb)


def _calc(texts: Texts) -> InlineKeyboardButton:
    return button(texts.msg("btn-calc"), MenuCb(action=MenuAction.CALC))


def _open(texts: Texts, scenario_id: int) -> InlineKeyboardButton:
    return button(
        texts.msg("btn-scenario-open"), ScenarioCb(action=ScenarioAction.OPEN, id=scenario_id)
    )


# ------------------------------------------------------------------ the list


def button_label(texts: Texts, scenario: Scenario, result: Result | None) -> str:
    """``🟢 3,2× · Клуб · 22.11``: LTV/CAC with its colour, the name and the day it was saved,
    at most :data:`BUTTON_CHARS` characters in all — only the name is cut, so the ratio and
    the day are never lost off a phone's button."""
    day = formatting.day_month(scenario.created_at)
    if result is None:
        key, values = "scenario-button-broken", {"date": day}
    else:
        ratio = (
            formatting.ratio(result.ltv_cac)
            if result.ltv_cac is not None
            else texts.msg("scenario-ratio-organic")
        )
        key, values = (
            "scenario-button",
            {"mark": VERDICT_MARKS[result.verdict], "ratio": ratio, "date": day},
        )
    room = BUTTON_CHARS - length(texts.msg(key, name="", **values))
    return texts.msg(key, name=button_name(scenario.name, day, room), **values)


@dataclass(frozen=True)
class ListPage:
    """A page of the user's scenarios: each with its result (``None``: broken), which page
    (from 0) and how many scenarios in all."""

    shown: Sequence[tuple[Scenario, Result | None]]
    number: int
    count: int


def _paged_text(texts: Texts, parts: Sequence[str], page: ListPage) -> str:
    """``parts`` as paragraphs, then «Страница 2 из 3» when there is more than one page."""
    total = pages(page.count)
    if total > 1:
        parts = [*parts, texts.msg("scenario-list-page", page=page.number + 1, pages=total)]
    return "\n\n".join(parts)


def list_text(texts: Texts, page: ListPage) -> str:
    """The heading of the list: how many, what the buttons show, which page."""
    heading = [texts.msg("scenario-list", count=page.count), texts.msg("scenario-list-hint")]
    return _paged_text(texts, heading, page)


def _pager(texts: Texts, page: ListPage, make: Callable[[int], ScenarioCb]) -> Row:
    row: Row = []
    if page.number > 0:
        row.append(button(texts.msg("btn-page-previous"), make(page.number - 1)))
    if page.number + 1 < pages(page.count):
        row.append(button(texts.msg("btn-page-next"), make(page.number + 1)))
    return row


def _scenario_rows(
    texts: Texts,
    shown: Iterable[tuple[Scenario, Result | None]],
    make: Callable[[Scenario], ScenarioCb],
) -> list[Row]:
    """A button per scenario (see :func:`button_label`) that sends ``make(scenario)``."""
    return [[button(button_label(texts, s, result), make(s))] for s, result in shown]


def list_keyboard(texts: Texts, page: ListPage) -> InlineKeyboardMarkup:
    """One button per scenario, «‹» «›», then a new calculation and the menu."""
    rows = _scenario_rows(
        texts, page.shown, lambda s: ScenarioCb(action=ScenarioAction.OPEN_HERE, id=s.id)
    )
    rows.append(_pager(texts, page, lambda p: ScenarioCb(action=ScenarioAction.PAGE, page=p)))
    rows.append([_calc(texts), button(texts.msg("btn-home"), MenuCb(action=MenuAction.HOME))])
    return markup(rows)


def empty_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """Under "no scenarios yet": calculate."""
    return markup([[_calc(texts)]])


def limit_keyboard(texts: Texts, count: int) -> InlineKeyboardMarkup:
    """Under the refusal to save past the limit: the last page, where the oldest are."""
    return markup([[_to_list_oldest(texts, count)]])


def _to_list_oldest(texts: Texts, count: int) -> InlineKeyboardButton:
    last = pages(count) - 1
    return button(texts.msg("btn-oldest"), ScenarioCb(action=ScenarioAction.LIST, page=last))


def to_list_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """A single way back: the list."""
    return markup([[button(texts.msg("btn-scenarios"), ScenarioCb(action=ScenarioAction.LIST))]])


# ------------------------------------------------------------------ one scenario


def saved_at(texts: Texts, when: datetime) -> str:
    """``22.11.2026 в 14:05 (МСК)``."""
    local = when.astimezone(MOSCOW)
    return texts.msg(
        "scenario-saved-at", date=local.strftime("%d.%m.%Y"), time=local.strftime("%H:%M")
    )


def inputs_line(texts: Texts, inputs: Inputs) -> str:
    """``подписка · цена месяца: 3 000 ₽ в месяц · отток: 5 % в месяц · …``: every answer."""
    answers = inputs.model_dump(mode="json")
    model = inputs.model
    parts = [answer_value(texts, Field.MODEL, answers)]
    parts += [
        texts.msg(
            "scenario-card-input",
            label=label(texts, field, model),
            value=answer_value(texts, field, answers),
        )
        for field in order(answers)
        if field is not Field.MODEL
    ]
    return " · ".join(parts)


def _payback(texts: Texts, result: Result, month_key: str = "compare-payback-month") -> str:
    """``на 7-м месяце`` (card) or ``7-й мес.`` (comparison); never; at once (no CAC)."""
    if result.payback_month is None:
        return texts.msg("compare-payback-never")
    if result.inputs.cac <= 0:
        return texts.msg("compare-payback-now")
    return texts.msg(month_key, month=result.payback_month)


def card_caption(texts: Texts, scenario: Scenario, result: Result) -> str:
    """An opened scenario, short enough to be its chart's caption: the name, when it was
    saved, its answers in one line, and the four figures that decide with the cash horizon
    beside LTV (escaped here)."""
    ratio = (
        formatting.ratio(result.ltv_cac)
        if result.ltv_cac is not None
        else texts.msg("compare-ratio-undefined")
    )
    return texts.msg(
        "scenario-card",
        name=html.escape(scenario.name),
        saved=saved_at(texts, scenario.created_at),
        inputs=inputs_line(texts, result.inputs),
        basis=texts.msg("basis-revenue" if result.by_revenue else "basis-profit"),
        ltv=formatting.money(result.ltv),
        horizon=horizon_months(texts, result),
        ratio=ratio,
        verdict=texts.msg(VERDICT_KEYS[result.verdict]),
        payback=_payback(texts, result, "scenario-card-payback"),
        breakeven=formatting.money_down(result.breakeven_cac),
    )


def card_keyboard(texts: Texts, scenario_id: int) -> InlineKeyboardMarkup:
    """Under an opened scenario: compare, change an answer, rename, delete, back."""

    def cb(action: ScenarioAction) -> ScenarioCb:
        return ScenarioCb(action=action, id=scenario_id)

    return markup(
        [
            [button(texts.msg("btn-scenario-compare"), cb(ScenarioAction.PICK))],
            [
                button(texts.msg("btn-scenario-edit"), cb(ScenarioAction.EDIT)),
                button(texts.msg("btn-scenario-rename"), cb(ScenarioAction.RENAME)),
            ],
            [button(texts.msg("btn-scenario-delete"), cb(ScenarioAction.DELETE))],
            [_to_list(texts)],
        ]
    )


def broken_keyboard(texts: Texts, scenario_id: int) -> InlineKeyboardMarkup:
    """Under a scenario that cannot be computed any more: delete it, or back."""
    delete = ScenarioCb(action=ScenarioAction.DELETE, id=scenario_id)
    return markup([[button(texts.msg("btn-scenario-delete"), delete)], [_to_list(texts)]])


def confirm_delete_keyboard(texts: Texts, scenario_id: int) -> InlineKeyboardMarkup:
    """«Да, удалить» / «Нет, оставить»."""
    return markup(
        [
            [
                button(
                    texts.msg("btn-delete-yes"),
                    ScenarioCb(action=ScenarioAction.DELETE_YES, id=scenario_id),
                ),
                button(
                    texts.msg("btn-delete-no"),
                    ScenarioCb(action=ScenarioAction.KEEP, id=scenario_id),
                ),
            ]
        ]
    )


def kept_keyboard(texts: Texts, scenario_id: int) -> InlineKeyboardMarkup:
    """Under "kept": open it again, or back to the list."""
    return markup([[_open(texts, scenario_id)], [_to_list(texts)]])


# ------------------------------------------------------------------ names


def name_keyboard(texts: Texts, suggested: str | None) -> InlineKeyboardMarkup:
    """Under a request for a name: keep the suggested one (when saving), cancel."""
    rows: list[Row] = []
    if suggested is not None:
        keep = ScenarioCb(action=ScenarioAction.KEEP_NAME)
        rows.append([button(texts.msg("btn-keep-name", name=short(suggested, 48)), keep)])
    rows.append([button(texts.msg("btn-cancel-name"), ScenarioCb(action=ScenarioAction.CANCEL))])
    return markup(rows)


def saved_keyboard(texts: Texts, scenario_id: int) -> InlineKeyboardMarkup:
    """Under "saved": open it, the list, a new calculation."""
    return markup(
        [
            [_open(texts, scenario_id)],
            [button(texts.msg("btn-scenarios"), ScenarioCb(action=ScenarioAction.LIST))],
            [_calc(texts)],
        ]
    )


def version_keyboard(texts: Texts, origin_id: int, new_id: int) -> InlineKeyboardMarkup:
    """Under "saved as a new scenario": compare it with the original, open it, the list."""
    compare = ScenarioCb(action=ScenarioAction.COMPARE, id=origin_id, other=new_id)
    return markup(
        [
            [button(texts.msg("btn-compare-with-origin"), compare)],
            [_open(texts, new_id)],
            [button(texts.msg("btn-scenarios"), ScenarioCb(action=ScenarioAction.LIST))],
        ]
    )


def renamed_keyboard(texts: Texts, scenario_id: int) -> InlineKeyboardMarkup:
    """Under "renamed": open it, or the list."""
    return markup([[_open(texts, scenario_id)], [_to_list(texts)]])


# ------------------------------------------------------------------ comparison


def pick_text(texts: Texts, first: Scenario, page: ListPage) -> str:
    """The request to choose what to compare ``first`` with, and which page."""
    heading = texts.msg("scenario-pick-second", name=html.escape(first.name))
    return _paged_text(texts, [heading], page)


def pick_keyboard(texts: Texts, first: Scenario, page: ListPage) -> InlineKeyboardMarkup:
    """The user's other scenarios to compare ``first`` with, paged like the list."""

    def compare(second: Scenario) -> ScenarioCb:
        return ScenarioCb(action=ScenarioAction.COMPARE, id=first.id, other=second.id)

    def turn(number: int) -> ScenarioCb:
        return ScenarioCb(action=ScenarioAction.PICK_PAGE, id=first.id, page=number)

    others = ((s, result) for s, result in page.shown if s.id != first.id)
    rows = _scenario_rows(texts, others, compare)
    rows.append(_pager(texts, page, turn))
    rows.append([_open(texts, first.id), _to_list(texts)])
    return markup(rows)


def compare_keyboard(texts: Texts, first: Scenario, second: Scenario) -> InlineKeyboardMarkup:
    """Under a comparison: open either scenario, or the list."""
    return markup(
        [
            [
                button(
                    f"1️⃣ {short(first.name)}", ScenarioCb(action=ScenarioAction.OPEN, id=first.id)
                )
            ],
            [
                button(
                    f"2️⃣ {short(second.name)}", ScenarioCb(action=ScenarioAction.OPEN, id=second.id)
                )
            ],
            [button(texts.msg("btn-to-list"), ScenarioCb(action=ScenarioAction.LIST))],
        ]
    )


def _signed(text: str) -> str:
    """A formatted difference with its sign: ``+300 ₽``, ``−1 п. п.``."""
    return text if text.startswith(MINUS) else f"+{text}"


def _line(texts: Texts, label_text: str, before: str, after: str, change: str | None) -> str:
    if before == after:
        return texts.msg("compare-line-same", label=label_text, value=before)
    if change is None:
        return texts.msg("compare-line-plain", label=label_text, before=before, after=after)
    return texts.msg("compare-line", label=label_text, before=before, after=after, change=change)


def _change_text(texts: Texts, change: Change, difference: Callable[[float], str]) -> str:
    """``+5 900 ₽, +95 %``; just the absolute change when the relative one is undefined."""
    absolute = _signed(difference(change.absolute))
    if not change.relative:
        return absolute
    percent = formatting.signed_percent_change(change.before, change.after)
    if percent is None:
        return absolute
    return texts.msg("compare-change", absolute=absolute, percent=percent)


def _row_line(
    texts: Texts,
    label_text: str,
    row: Compared[Field] | Compared[Figure],
    shown: tuple[str, str],
    difference: Callable[[float], str],
) -> str:
    """``• LTV: 5 800 ₽ → 11 700 ₽ (+5 900 ₽, +101,7 %)``: the two figures ``shown``, and
    the change of ``row`` written by ``difference`` where it has one."""
    change = None if row.change is None else _change_text(texts, row.change, difference)
    return _line(texts, label_text, *shown, change)


def _input_label(texts: Texts, field: Field, first: Inputs, second: Inputs) -> str:
    if first.model is second.model:
        return label(texts, field, first.model)
    if field is Field.PRICE:
        return texts.msg("compare-price-mixed")
    if field is Field.CHURN:
        return texts.msg("compare-churn-mixed")
    return label(texts, field, None)


def _input_value(texts: Texts, field: Field, inputs: Inputs) -> str:
    answers: dict[str, Any] = inputs.model_dump(mode="json")
    if field is Field.PER_YEAR and inputs.model is BusinessModel.SUBSCRIPTION:
        return texts.msg("compare-per-year-subscription")
    if field is Field.MARGIN and inputs.margin_percent is None:
        return texts.msg("compare-margin-skipped")
    return answer_value(texts, field, answers)


def _input_difference(texts: Texts, field: Field) -> Callable[[float], str]:
    """How the difference of two answers is written: roubles, points, a count."""
    if field in (Field.PRICE, Field.CAC):
        return formatting.money
    if field is Field.PER_YEAR:
        return formatting.number
    return lambda value: texts.msg("compare-points", value=formatting.number(value))


def _input_lines(texts: Texts, first: Inputs, second: Inputs) -> list[str]:
    lines = []
    for row in input_rows(first, second):
        field = row.figure
        name = _input_label(texts, field, first, second)
        shown = (_input_value(texts, field, first), _input_value(texts, field, second))
        lines.append(_row_line(texts, name, row, shown, _input_difference(texts, field)))
    return lines


def _ratio(texts: Texts, result: Result) -> str:
    if result.ltv_cac is None:
        return texts.msg("compare-ratio-undefined")
    return formatting.ratio(result.ltv_cac)


def _months(texts: Texts) -> Callable[[float], str]:
    return lambda value: texts.msg("compare-months", value=formatting.number(value))


@dataclass(frozen=True)
class _ResultFigure:
    """How a figure of a result is labelled, shown, and its change written."""

    label: str
    show: Callable[[Result], str]
    difference: Callable[[float], str]


def _result_figures(texts: Texts) -> dict[Figure, _ResultFigure]:
    money = formatting.money
    months = _months(texts)
    return {
        Figure.LTV: _ResultFigure(texts.msg("compare-ltv"), lambda r: money(r.ltv), money),
        Figure.REVENUE: _ResultFigure(
            texts.msg("compare-revenue"), lambda r: money(r.revenue_per_client), money
        ),
        Figure.RATIO: _ResultFigure(
            texts.msg("compare-ratio"), lambda r: _ratio(texts, r), formatting.ratio
        ),
        Figure.PAYBACK: _ResultFigure(
            texts.msg("compare-payback"), lambda r: _payback(texts, r), months
        ),
        Figure.LIFETIME: _ResultFigure(
            texts.msg("compare-lifetime"), lambda r: months(r.lifetime_months), months
        ),
        Figure.NET: _ResultFigure(texts.msg("compare-net"), lambda r: money(r.net_value), money),
        Figure.BREAKEVEN: _ResultFigure(
            texts.msg("compare-breakeven"), lambda r: formatting.money_down(r.breakeven_cac), money
        ),
    }


def _result_lines(texts: Texts, first: Result, second: Result) -> list[str]:
    figures = _result_figures(texts)
    lines = []
    for row in result_rows(first, second):
        figure = figures[row.figure]
        shown = (figure.show(first), figure.show(second))
        lines.append(_row_line(texts, figure.label, row, shown, figure.difference))
    return lines


def compare_text(
    texts: Texts, first: Result, second: Result, first_name: str, second_name: str
) -> str:
    """Every answer and figure of two scenarios side by side, with the change in each.

    One line per row (``• LTV: 5 800 ₽ → 11 700 ₽ (+5 900 ₽, +101,7 %)``) so that it reads
    on a phone; the names are escaped here.
    """
    text = texts.msg(
        "compare",
        first=html.escape(first_name),
        second=html.escape(second_name),
        inputs="\n".join(_input_lines(texts, first.inputs, second.inputs)),
        results="\n".join(_result_lines(texts, first, second)),
    )
    if first.by_revenue or second.by_revenue:
        text += "\n\n" + texts.msg("compare-revenue-note")
    return text
