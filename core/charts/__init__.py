"""Charts of the unit-economics model as PNG bytes.

- :func:`result_chart` (:mod:`.result`) — one result's cumulative curve per
  client against CAC and LTV, the payback month marked.
- :func:`comparison_chart` (:mod:`.comparison`) — two scenarios on one chart.

The pieces they are made of, also used by the orders charts (:mod:`core.orders.charts`):
:mod:`.canvas` (size, type, colours, PNG output), :mod:`.axes` (the month and money
axes, curves and points), :mod:`.layout` (measured layout of titles and axes),
:mod:`.placement` (labels put where they cross nothing), :mod:`.names` (user-typed
names made safe to draw).

Every word comes from ``locales/<locale>/charts.ftl``. Both functions are
top-level and their arguments and results pickle, so they can run in a thread
or process pool (a :class:`~l10n.Texts` does not pickle: a worker process loads
its own). Rendering is serialised by a lock within one process.
"""

from core.charts.canvas import DPI, HEIGHT_PX, WIDTH_PX
from core.charts.comparison import comparison_chart
from core.charts.names import NAME_MAX_CHARS
from core.charts.result import result_chart

__all__ = ["DPI", "HEIGHT_PX", "NAME_MAX_CHARS", "WIDTH_PX", "comparison_chart", "result_chart"]
