"""Start runs without the collector; what it made is then frozen out of the collector's way,
and garbage made later is still collected."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from collections.abc import Iterator

import pytest

from bot.heap import YOUNG_THRESHOLD, hold, settle
from tests.e2e.bot_process import REPO_ROOT


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


@pytest.fixture
def restored() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    gc.enable()


@pytest.mark.usefixtures("restored")
def test_settle_freezes_what_exists_and_still_collects_new_cycles() -> None:
    kept = _Node()
    settle()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    gc.collect()
    assert kept.me is kept
    later = weakref.ref(_Node())
    gc.collect()
    assert later() is None


@pytest.mark.usefixtures("restored")
def test_held_start_collects_nothing_until_it_settles() -> None:
    hold()
    assert not gc.isenabled()
    left = weakref.ref(_Node())
    # Enough allocations to trigger young collections many times over.
    kept: list[list[int]] = [[] for _ in range(20 * YOUNG_THRESHOLD)]
    assert left() is not None, "a collection ran during a held start"
    del kept
    settle()
    assert gc.isenabled()


def test_python_m_bot_holds_the_collector_before_anything_else() -> None:
    script = (
        "import gc, runpy, sys\n"
        "sys.argv = ['bot', 'no-such-command']\n"
        "try:\n"
        "    runpy.run_module('bot', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(gc.isenabled())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
