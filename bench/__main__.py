"""Run every ``bench/bench_*.py`` module's ``run()`` and print its figures."""

import importlib
import pkgutil
import sys

import bench


def main() -> int:
    """Import each benchmark module in name order and run it."""
    names = sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_")
    )
    only = set(sys.argv[1:])
    for name in names:
        if only and name.removeprefix("bench_") not in only:
            continue
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name.removeprefix('bench_')}")
        module.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
