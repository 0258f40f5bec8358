"""Benchmark: one ``result_chart`` PNG, figure to bytes (target ≤ 250 ms)."""

from functools import partial

from bench.examples import REPEAT_PURCHASES, SUBSCRIPTION
from bench.timing import measure, report
from core.charts import result_chart
from core.economics import compute
from l10n import Texts

RUNS = 30


def run() -> None:
    """Time ``result_chart`` on a typical subscription and a repeat-purchase result."""
    texts = Texts.load()
    results = {"subscription": compute(SUBSCRIPTION), "purchases": compute(REPEAT_PURCHASES)}
    for name, result in results.items():
        result_chart(result, texts)  # warm the font and text-layout caches
        median, p99 = measure(partial(result_chart, result, texts), RUNS)
        report(f"result_chart, {name}, 1200×700 PNG", median, p99, target="≤ 250 ms")
