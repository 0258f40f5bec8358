"""Short builders of :class:`~core.models.Inputs` shared by the tests."""

from core.models import BusinessModel, Inputs

SUB = BusinessModel.SUBSCRIPTION
BUY = BusinessModel.PURCHASES


def make_inputs(
    model: BusinessModel,
    price: float,
    churn: float,
    cac: float,
    per_year: float | None = None,
    margin: float | None = None,
) -> Inputs:
    """Inputs of any model; a ``None`` margin is a skipped one (figures by revenue)."""
    return Inputs(
        model=model,
        price=price,
        churn_percent=churn,
        margin_percent=margin,
        cac=cac,
        purchases_per_year=per_year,
    )


def subscription(price: float, churn: float, cac: float, margin: float | None = None) -> Inputs:
    """A subscription: ``price`` and ``churn`` per month."""
    return make_inputs(SUB, price, churn, cac, margin=margin)


def purchases(
    price: float, churn: float, cac: float, per_year: float, margin: float | None = None
) -> Inputs:
    """Repeat purchases ``per_year`` times a year; ``churn`` per purchase."""
    return make_inputs(BUY, price, churn, cac, per_year, margin)
