"""Benchmark: one ``parse_money`` call on realistic user input (target ≤ 20 µs)."""

import itertools

from bench.timing import measure, report
from core.parsing import parse_money

RUNS = 20_000

INPUTS = (
    "10 000",
    "10000₽",
    "10 000 руб.",
    "10к",
    "1,5 млн",
    "8 000,50 ₽",
    "12 500 ₽/мес",
    "2\u00a0500",
    "≈ 5000",
    "1.500.000",
)


def run() -> None:
    """Time ``parse_money`` over the inputs in turn; report the per-call median and p99."""
    for text in INPUTS:
        parse_money(text)  # fail fast if an input stopped parsing
    texts = itertools.cycle(INPUTS)
    median, p99 = measure(lambda: parse_money(next(texts)), RUNS)
    report(f"parse_money, {len(INPUTS)} realistic inputs", median, p99, target="≤ 20 µs")
