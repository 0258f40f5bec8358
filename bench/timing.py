"""Shared timing helpers for the benchmarks: median and p99 over many runs."""

import statistics
import time
from collections.abc import Awaitable, Callable


def summarize(samples: list[float]) -> tuple[float, float]:
    """Return (median, p99) of ``samples`` in seconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered), p99


def measure(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Time ``fn`` ``runs`` times; return (median, p99) in seconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return summarize(samples)


async def measure_async(fn: Callable[[], Awaitable[object]], runs: int) -> tuple[float, float]:
    """Time the coroutine factory ``fn`` ``runs`` times; return (median, p99) in seconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await fn()
        samples.append(time.perf_counter() - start)
    return summarize(samples)


def report(label: str, median: float, p99: float, target: str = "") -> None:
    """Print one benchmark line in microseconds or milliseconds."""
    unit, scale = ("µs", 1e6) if p99 < 1e-3 else ("ms", 1e3)
    suffix = f"  (target {target})" if target else ""
    print(
        f"{label:<48} median {median * scale:9.2f} {unit}   p99 {p99 * scale:9.2f} {unit}{suffix}"
    )
