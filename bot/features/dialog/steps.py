"""The calculation dialog as data: which questions, in which order, parsed how.

Handlers stay generic: they look the current step up here, parse the answer
with core's parser, check it with core's validation, and move on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from aiogram.fsm.state import State

from bot.features.dialog.states import Calc
from core.models import BusinessModel, Field, check_field
from core.parsing import parse_count, parse_money, parse_percent

SUB = BusinessModel.SUBSCRIPTION
BUY = BusinessModel.PURCHASES


@dataclass(frozen=True, eq=False)
class Step:
    """One question: its state, parser and quick-pick values per business model.

    One instance per question (:data:`STEPS`): compared and hashed as itself."""

    field: Field
    state: State
    parse: Callable[[str], float] | None = None
    picks: Mapping[BusinessModel, tuple[float, ...]] | None = None
    skippable: bool = False

    def quick_picks(self, model: BusinessModel | None) -> tuple[float, ...]:
        """The quick-pick values offered for this model (none when unknown)."""
        if self.picks is None or model is None:
            return ()
        return self.picks.get(model, ())

    def read(self, text: str) -> float:
        """Parse and validate a typed answer; raise ``ParseError`` or ``InvalidInput``."""
        if self.parse is None:
            raise TypeError(f"{self.field} is answered with buttons")
        value = self.parse(text)
        check_field(self.field.value, value)
        return value


STEPS: dict[Field, Step] = {
    Field.MODEL: Step(Field.MODEL, Calc.model),
    Field.PRICE: Step(Field.PRICE, Calc.price, parse_money),
    Field.PER_YEAR: Step(
        Field.PER_YEAR, Calc.per_year, parse_count, picks={BUY: (12.0, 4.0, 2.0, 1.0)}
    ),
    Field.CHURN: Step(
        Field.CHURN,
        Calc.churn,
        parse_percent,
        picks={SUB: (3.0, 5.0, 10.0, 15.0), BUY: (50.0, 70.0, 80.0, 90.0)},
    ),
    Field.MARGIN: Step(
        Field.MARGIN,
        Calc.margin,
        parse_percent,
        picks={SUB: (30.0, 50.0, 70.0, 90.0), BUY: (30.0, 50.0, 70.0, 90.0)},
        skippable=True,
    ),
    Field.CAC: Step(Field.CAC, Calc.cac, parse_money),
}
STEP_BY_STATE: dict[str, Step] = {str(step.state.state): step for step in STEPS.values()}

ORDER: dict[BusinessModel, tuple[Field, ...]] = {
    SUB: (Field.MODEL, Field.PRICE, Field.CHURN, Field.MARGIN, Field.CAC),
    BUY: (Field.MODEL, Field.PRICE, Field.PER_YEAR, Field.CHURN, Field.MARGIN, Field.CAC),
}


ESTIMATES: dict[Field, tuple[State, State]] = {
    Field.PRICE: (Calc.price_total, Calc.price_count),
    Field.CAC: (Calc.cac_total, Calc.cac_count),
}
"""Answers that «Не знаю» offers to work out from two figures: a total, then a count
(revenue ÷ payments for the price, a month's spend ÷ new paying clients for CAC)."""
ESTIMATE_BY_STATE: dict[str, tuple[Field, int]] = {
    str(state.state): (field, stage)
    for field, states in ESTIMATES.items()
    for stage, state in enumerate(states)
}
"""An estimate's state → the answer it works out and which figure (0: the total)."""


_MODELS: Final = {model.value: model for model in BusinessModel}
_MODEL_KEY: Final = Field.MODEL.value


def model_of(answers: Mapping[str, Any]) -> BusinessModel | None:
    """The business model chosen so far, if any (asked several times per update: a lookup)."""
    value = answers.get(_MODEL_KEY)
    return _MODELS.get(value) if isinstance(value, str) else None


def answered(field: Field, answers: Mapping[str, Any]) -> bool:
    """Whether ``field`` has an answer; a skipped margin (``None``) counts as answered."""
    if field is Field.MARGIN:
        return field.value in answers
    return answers.get(field.value) is not None


def order(answers: Mapping[str, Any]) -> tuple[Field, ...]:
    """The questions for the chosen model (the longer list while it is unknown)."""
    return ORDER[model_of(answers) or BUY]


def position(field: Field, answers: Mapping[str, Any]) -> tuple[int, int]:
    """``(number, total)`` of a question for the progress mark ("Шаг 3 из 6")."""
    fields = order(answers)
    return fields.index(field) + 1, len(fields)


def next_field(field: Field, answers: Mapping[str, Any], editing: bool) -> Field | None:
    """The question after ``field``; ``None`` means the review screen.

    When an answer is being changed from the review screen, the dialog returns
    there at once, unless a newly chosen model still lacks an answer it needs.
    """
    if editing:
        return first_missing(answers)
    fields = order(answers)
    index = fields.index(field) + 1
    return fields[index] if index < len(fields) else None


def first_missing(answers: Mapping[str, Any]) -> Field | None:
    """The first question of the chosen model that has no answer yet."""
    return next((f for f in order(answers) if not answered(f, answers)), None)


def previous_field(field: Field, answers: Mapping[str, Any]) -> Field | None:
    """The question before ``field``; ``None`` before the first one."""
    fields = order(answers)
    index = fields.index(field)
    return fields[index - 1] if index > 0 else None


def inputs_data(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers as keyword arguments of ``core.models.Inputs``."""
    fields = order(answers)
    return {f.value: answers.get(f.value) for f in fields}
