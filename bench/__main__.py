"""Run the benchmarks: ``python -m bench [name ...]`` (names without the ``bench_`` prefix).

With no names, each ``bench/bench_*.py`` module runs in a fresh process, so one
benchmark's heap, threads and child processes never slow down the next one.
"""

import importlib
import pkgutil
import subprocess
import sys

import bench


def _names() -> list[str]:
    modules = pkgutil.iter_modules(bench.__path__)
    return sorted(m.name.removeprefix("bench_") for m in modules if m.name.startswith("bench_"))


def main() -> int:
    """Run the named benchmarks here, or every benchmark in its own process."""
    wanted = sys.argv[1:]
    if not wanted:
        for name in _names():
            subprocess.run([sys.executable, "-m", "bench", name], check=True)
        return 0
    for name in wanted:
        if name not in _names():
            print(f"no benchmark {name!r}; known: {', '.join(_names())}", file=sys.stderr)
            return 2
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.bench_{name}").run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
