"""Example inputs shared by the benchmarks: typical users of each business model."""

from core.models import BusinessModel, Inputs

SUB = BusinessModel.SUBSCRIPTION
BUY = BusinessModel.PURCHASES

SUBSCRIPTION = Inputs(model=SUB, price=3000, churn_percent=5, margin_percent=80, cac=5000)
"""A subscription with a strong LTV/CAC (9.6), paying back in month 3."""
REPEAT_PURCHASES = Inputs(
    model=BUY, price=10_000, churn_percent=40, margin_percent=60, cac=7000, purchases_per_year=2.4
)
"""Repeat purchases 2.4 times a year, a thin LTV/CAC (2.1)."""
BY_REVENUE = Inputs(model=SUB, price=2990, churn_percent=35, margin_percent=None, cac=5000)
"""A subscription with high churn and the margin skipped (figures by revenue)."""
