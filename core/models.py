"""Validated inputs and computed results of the unit-economics model.

Inputs are frozen pydantic models that refuse what ECONOMICS.md calls invalid.
Each refusal carries a machine-readable :class:`InputErrorCode` (the pydantic
error ``type``) that the adapters turn into a Russian message. Results are
frozen dataclasses of numbers only, never text; :func:`result_json` makes them JSON-safe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

PRICE_MIN = 1.0
PRICE_MAX = 100_000_000.0
CAC_MAX = 100_000_000.0
CHURN_MIN = 0.5  # percent per cycle: a lifetime of at most 200 cycles
CHURN_MAX = 100.0
MARGIN_MIN = 0.0
MARGIN_MAX = 100.0
PER_YEAR_MIN = 0.1  # once in ten years
PER_YEAR_MAX = 52.0  # every week
TARGET_RATIO = 3.0
DECIMALS = 2  # every input is kept to a kopeck, a hundredth of a percent or of a purchase


class BusinessModel(StrEnum):
    """How the client pays: a monthly subscription or repeat purchases."""

    SUBSCRIPTION = "subscription"
    PURCHASES = "purchases"


class Field(StrEnum):
    """An answer the user gives: a field of :class:`Inputs`, named as there."""

    MODEL = "model"
    PRICE = "price"
    PER_YEAR = "purchases_per_year"
    CHURN = "churn_percent"
    MARGIN = "margin_percent"
    CAC = "cac"


class InputErrorCode(StrEnum):
    """Why an input value was refused; one Russian message per code in ``locales/``."""

    PRICE_TOO_LOW = "price_too_low"
    PRICE_TOO_HIGH = "price_too_high"
    CHURN_ZERO = "churn_zero"
    CHURN_TOO_LOW = "churn_too_low"
    CHURN_TOO_HIGH = "churn_too_high"
    MARGIN_OUT_OF_RANGE = "margin_out_of_range"
    CAC_NEGATIVE = "cac_negative"
    CAC_TOO_HIGH = "cac_too_high"
    PER_YEAR_OUT_OF_RANGE = "per_year_out_of_range"
    PER_YEAR_MISSING = "per_year_missing"
    NOT_FINITE = "not_finite"


class InvalidInput(ValueError):
    """A single input value outside its allowed range."""

    def __init__(self, field: str, code: InputErrorCode) -> None:
        super().__init__(f"{field}: {code.value}")
        self.field = field
        self.code = code

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> InvalidInput:
        """Return the first refusal of a pydantic ``ValidationError`` as an ``InvalidInput``."""
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "purchases_per_year"
        try:
            code = InputErrorCode(first["type"])
        except ValueError:
            code = InputErrorCode.NOT_FINITE
        return cls(field, code)


_SCALE: int = 10**DECIMALS
_QUANTUM = Decimal(1).scaleb(-DECIMALS)


def round_input(value: float) -> float:
    """Round to :data:`DECIMALS` places, halves away from zero (as Excel's ROUND does), on the
    shortest decimal form of the float: how every input is kept, and every lever's value.

    The same as ``Decimal(repr(value)).quantize(0.01, ROUND_HALF_UP)``, by float arithmetic
    unless the value lies next to a half, where the decimal way decides.
    """
    if value < 0:
        return -round_input(-value)
    scaled = value * _SCALE
    below = math.floor(scaled)
    if abs(scaled - below - 0.5) > 1e-6 + abs(scaled) * 1e-13:
        return (below + 1 if scaled - below > 0.5 else below) / _SCALE
    return float(Decimal(repr(value)).quantize(_QUANTUM, rounding=ROUND_HALF_UP))


def _refuse(code: InputErrorCode) -> PydanticCustomError:
    return PydanticCustomError(code.value, code.value)


def check_field(field: str, value: float) -> None:
    """Raise :class:`InvalidInput` when ``value`` is outside the range of ``field``.

    The dialog checks each answer as it arrives with this function; the
    :class:`Inputs` model applies the same checks to the whole set.
    """
    code = _field_problem(field, value)
    if code is not None:
        raise InvalidInput(field, code)


def _field_problem(field: str, value: float) -> InputErrorCode | None:
    """Return why ``value`` is refused for ``field``, or ``None`` when it is fine."""
    if not math.isfinite(value):
        return InputErrorCode.NOT_FINITE
    if field == "price":
        if value < PRICE_MIN:
            return InputErrorCode.PRICE_TOO_LOW
        if value > PRICE_MAX:
            return InputErrorCode.PRICE_TOO_HIGH
    elif field == "churn_percent":
        if value <= 0:
            return InputErrorCode.CHURN_ZERO
        if value < CHURN_MIN:
            return InputErrorCode.CHURN_TOO_LOW
        if value > CHURN_MAX:
            return InputErrorCode.CHURN_TOO_HIGH
    elif field == "margin_percent":
        if not MARGIN_MIN <= value <= MARGIN_MAX:
            return InputErrorCode.MARGIN_OUT_OF_RANGE
    elif field == "cac":
        if value < 0:
            return InputErrorCode.CAC_NEGATIVE
        if value > CAC_MAX:
            return InputErrorCode.CAC_TOO_HIGH
    elif field == "purchases_per_year" and not PER_YEAR_MIN <= value <= PER_YEAR_MAX:
        return InputErrorCode.PER_YEAR_OUT_OF_RANGE
    return None


def cycle_of(purchases_per_year: float | None) -> tuple[int, int]:
    """Cycle length T in months as an exact ratio ``(numerator, denominator)``.

    ``12 / purchases per year``, the frequency taken to a hundredth of a purchase
    a year; one month when there is no frequency (a subscription).
    """
    if purchases_per_year is None:
        return 1, 1
    hundredths = max(1, round(purchases_per_year * 100))
    divisor = math.gcd(1200, hundredths)
    return 1200 // divisor, hundredths // divisor


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Inputs(_Frozen):
    """What the user told us; percentages are in percent units (35.0 means 35 %).

    Values are rounded to two decimals (kopecks, hundredths of a percent), so no
    vanishing margin or CAC can turn a ratio or a payback time into infinity.

    ``margin_percent`` is ``None`` when the user skipped it: the model then uses
    100 % and every figure is *by revenue*. ``purchases_per_year`` is required
    for the repeat-purchase model and ignored (stored as ``None``) for a
    subscription, whose cycle is one month.
    """

    model: BusinessModel
    price: float
    churn_percent: float
    margin_percent: float | None = None
    cac: float
    purchases_per_year: float | None = None

    @field_validator("price", "churn_percent", "margin_percent", "cac", "purchases_per_year")
    @classmethod
    def _in_range(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is not None:
            code = _field_problem(str(info.field_name), value)
            if code is not None:
                raise _refuse(code)
            return round_input(value)
        return value

    @model_validator(mode="after")
    def _frequency_given(self) -> Self:
        if self.model is BusinessModel.PURCHASES and self.purchases_per_year is None:
            raise _refuse(InputErrorCode.PER_YEAR_MISSING)
        return self

    @model_validator(mode="before")
    @classmethod
    def _drop_frequency_of_subscription(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("model") == BusinessModel.SUBSCRIPTION:
            return {**data, "purchases_per_year": None}
        return data

    @classmethod
    def checked(cls, **values: Any) -> Inputs:
        """Build inputs, raising :class:`InvalidInput` (not pydantic's error) when refused."""
        try:
            return cls(**values)
        except ValidationError as error:
            raise InvalidInput.from_validation_error(error) from None

    @property
    def by_revenue(self) -> bool:
        """True when margin was skipped and figures are by revenue, not by profit."""
        return self.margin_percent is None

    @property
    def margin(self) -> float:
        """Gross margin as a share, 1.0 when skipped."""
        return 1.0 if self.margin_percent is None else self.margin_percent / 100

    @property
    def churn(self) -> float:
        """Churn per cycle as a share."""
        return self.churn_percent / 100

    @property
    def cycle(self) -> tuple[int, int]:
        """Cycle length T in months as an exact ratio: see :func:`cycle_of`."""
        if self.model is BusinessModel.SUBSCRIPTION:
            return 1, 1
        return cycle_of(self.purchases_per_year)

    @property
    def cycle_months(self) -> float:
        """Cycle length T in months."""
        numerator, denominator = self.cycle
        return numerator / denominator


class Verdict(StrEnum):
    """The LTV/CAC band of ECONOMICS.md; ``ORGANIC`` when CAC is 0 and the ratio undefined."""

    LOSS = "loss"
    THIN = "thin"
    HEALTHY = "healthy"
    STRONG = "strong"
    ORGANIC = "organic"


class NoPaybackReason(StrEnum):
    """Why acquisition never pays back."""

    ZERO_MARGIN = "zero_margin"
    LTV_NOT_ABOVE_CAC = "ltv_not_above_cac"


class LeverKind(StrEnum):
    """One input changed, all else equal."""

    CHURN_DOWN = "churn_down"
    PRICE_UP = "price_up"
    FREQUENCY_UP = "frequency_up"
    MARGIN_UP = "margin_up"
    CAC_DOWN = "cac_down"


class TargetKind(StrEnum):
    """The single input that, changed alone, brings LTV/CAC to the target."""

    CHURN = "churn"
    PRICE = "price"
    CAC = "cac"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The figures a lever is judged by (``ltv_cac`` exact, not rounded for display)."""

    ltv: float
    ltv_cac: float | None
    payback_payment: int | None
    payback_month: int | None
    first_year_profit: float


@dataclass(frozen=True, slots=True)
class Lever:
    """The effect of one lever: the changed input's value and the figures before and after.

    ``value_before``/``value_after`` are in the input's own units: churn or margin in
    percent, price or CAC in roubles, purchases per year.
    """

    kind: LeverKind
    value_before: float
    value_after: float
    before: Outcome
    after: Outcome
    ratio_gain: float | None
    """Change in LTV/CAC (``None`` when CAC is 0 and the ratio undefined)."""


@dataclass(frozen=True, slots=True)
class TargetChange:
    """What value of one input alone brings LTV/CAC to the target ratio."""

    kind: TargetKind
    value: float
    """Churn in percent per cycle (rounded down to 0,1 point), price (rounded up) or CAC
    (rounded down) in whole roubles: as displayed, the value really reaches the target."""
    feasible: bool
    """False when the rounded value is outside what the inputs allow (e.g. churn below 0.5 %)."""


@dataclass(frozen=True, slots=True)
class Result:
    """Every figure of ECONOMICS.md for one set of inputs, numbers only.

    A plain frozen dataclass rather than a pydantic model: it is built by
    :func:`core.economics.compute` from validated inputs (nothing to validate)
    and building pydantic models would triple the cost of ``compute``.
    :func:`result_json` gives its JSON-safe form.
    """

    inputs: Inputs
    by_revenue: bool
    cycle_months: float
    profit_per_cycle: float
    purchases: float
    lifetime_months: float
    ltv: float
    revenue_per_client: float
    ltv_cac: float | None
    net_value: float
    payback_payment: int | None
    payback_month: int | None
    no_payback_reason: NoPaybackReason | None
    simple_payback_months: float | None
    """Payback ignoring churn: ``CAC / g`` months (a fraction) for a subscription; for
    repeat purchases the whole month of payment number ``ceil(CAC / g)``. ``0`` when
    CAC is 0, ``None`` when ``g`` is 0. Never later than ``payback_month``."""
    breakeven_cac: float
    """``LTV / 3`` exactly (the CAC target of ``to_target`` is this rounded down)."""
    cash_3_months: float
    """The cash horizon: what an acquired client brings by the end of month 3, ``G(n(3))`` —
    profit (revenue when the margin was skipped), before CAC."""
    cash_12_months: float
    """The same by the end of month 12, ``G(n(12))``: the first year's profit."""
    verdict: Verdict
    """The band of LTV/CAC as shown, rounded half up to one decimal."""
    curve: tuple[float, ...]
    """Expected cumulative profit per acquired client at the end of months 1..horizon."""
    levers: tuple[Lever, ...]
    to_target: tuple[TargetChange, ...]


_RESULT_ADAPTER: TypeAdapter[Result] = TypeAdapter(Result)


def result_json(result: Result) -> dict[str, Any]:
    """The JSON-safe form of a result (enums as strings, tuples as lists)."""
    data: dict[str, Any] = _RESULT_ADAPTER.dump_python(result, mode="json")
    return data
