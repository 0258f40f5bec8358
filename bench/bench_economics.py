"""Benchmark: one ``compute`` call for each business model (target ≤ 50 µs)."""

from bench.examples import REPEAT_PURCHASES, SUBSCRIPTION
from bench.timing import measure, report
from core.economics import compute

RUNS = 20_000

CASES = {"subscription": SUBSCRIPTION, "repeat purchases": REPEAT_PURCHASES}


def run() -> None:
    """Time ``compute`` for each case; report median and p99."""
    for label, inputs in CASES.items():
        median, p99 = measure(lambda inputs=inputs: compute(inputs), RUNS)  # type: ignore[misc]
        report(f"compute, {label}", median, p99, target="≤ 50 µs")
