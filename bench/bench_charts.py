"""Benchmark: one ``result_chart`` PNG, figure to bytes (target ≤ 250 ms)."""

from functools import partial

from bench.timing import measure, report
from core.charts import result_chart
from core.economics import compute
from core.models import BusinessModel, Inputs
from l10n import Texts

RUNS = 30


def run() -> None:
    """Time ``result_chart`` on a typical subscription and a repeat-purchase result."""
    texts = Texts.load()
    results = {
        "subscription": compute(
            Inputs(
                model=BusinessModel.SUBSCRIPTION,
                price=3000,
                churn_percent=5,
                margin_percent=60,
                cac=5000,
            )
        ),
        "purchases": compute(
            Inputs(
                model=BusinessModel.PURCHASES,
                price=10_000,
                churn_percent=35,
                cac=5000,
                purchases_per_year=4,
            )
        ),
    }
    for name, result in results.items():
        result_chart(result, texts)  # warm the font and text-layout caches
        median, p99 = measure(partial(result_chart, result, texts), RUNS)
        report(f"result_chart, {name}, 1200×700 PNG", median, p99, target="≤ 250 ms")
