"""Benchmark: one ``compute`` call for each business model (target ≤ 50 µs)."""

from bench.timing import measure, report
from core.economics import compute
from core.models import BusinessModel, Inputs

RUNS = 20_000

CASES = {
    "subscription": Inputs(
        model=BusinessModel.SUBSCRIPTION, price=3000, churn_percent=5, margin_percent=80, cac=5000
    ),
    "repeat purchases": Inputs(
        model=BusinessModel.PURCHASES,
        price=10_000,
        churn_percent=40,
        margin_percent=60,
        cac=7000,
        purchases_per_year=2.4,
    ),
}


def run() -> None:
    """Time ``compute`` for each case; report median and p99."""
    for label, inputs in CASES.items():
        median, p99 = measure(lambda inputs=inputs: compute(inputs), RUNS)  # type: ignore[misc]
        report(f"compute, {label}", median, p99, target="≤ 50 µs")
