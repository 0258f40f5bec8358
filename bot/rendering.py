"""Charts and documents rendered in worker processes, off the event loop.

A chart takes tens of milliseconds of pure CPU. Rendering it in a separate
process means no user's step waits for another user's chart (threads would
share the GIL with the event loop). Each worker loads the texts once, and holds
matplotlib (a warm worker is about 85 MB): one worker by default (``RENDER_WORKERS``),
enough for a small server, where a second one would double that memory. The worker is
started when a chart comes within reach — :meth:`Renderer.prepare_charts`, called when a
calculation reaches its last question, so its imports (a second or two) are done while
the person answers it and reads the review — or else by the first chart: a bot that has
drawn nothing since its start does not hold matplotlib. Documents rendered once at start
(the toolkit) are made by a :meth:`Renderer.temporary` worker that exits after, so the
long-lived worker does not also keep fpdf2 and openpyxl.

Orders exports are read by a worker of their own (:meth:`Renderer.read_orders`), started
at the first file: reading 100 000 orders takes a few seconds, and a person's chart must
not wait behind another person's file. That worker never imports matplotlib; the two
pictures of an export are drawn by the chart worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any, TypeVar

from core.formatting import MOSCOW
from core.leads import Lead
from core.models import Inputs, Result
from core.orders import Analysis, ColumnMapping, OrdersError, OrdersErrorCode
from l10n import Texts

T = TypeVar("T")
log = logging.getLogger(__name__)
PARENT_CHECK_SECONDS = 0.5

_worker_texts: Texts | None = None


def _init_worker(bot_pid: int) -> None:
    """Load the texts; watch the bot (its pid passed in, as it may die while we start)."""
    _texts()
    threading.Thread(target=_exit_with_parent, args=(bot_pid,), daemon=True).start()


def _exit_with_parent(bot_pid: int) -> None:
    """End this worker once the bot that started it is gone (killed, crashed)."""
    while os.getppid() == bot_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _texts() -> Texts:
    """This process's texts, loaded once (also when called in-process by tests)."""
    global _worker_texts
    if _worker_texts is None:
        _worker_texts = Texts.load()
    return _worker_texts


def _import_charts() -> bool:
    import core.charts  # noqa: F401  (matplotlib's import and font cache are the slow part)

    return True


def _result_chart(result: Result, realized: Sequence[float]) -> bytes:
    from core.charts import result_chart

    return result_chart(result, _texts(), realized)


def _comparison_chart(first: Result, second: Result, first_name: str, second_name: str) -> bytes:
    from core.charts import comparison_chart

    return comparison_chart(first, second, first_name, second_name, _texts())


def made_on() -> date:
    """Today, the day a personal document made now says it was made on."""
    return datetime.now(MOSCOW).date()


def _checklist_pdf(result: Result | None) -> bytes:
    from core.documents import checklist_pdf

    return checklist_pdf(_texts(), result, None if result is None else made_on())


def _funnel_xlsx() -> bytes:
    from core.documents import funnel_xlsx

    return funnel_xlsx(_texts())


def _leads_xlsx(leads: Sequence[Lead], zone: tzinfo) -> bytes:
    from core.documents.leads import leads_xlsx

    return leads_xlsx(_texts(), leads, zone)


def _calculator_xlsx(inputs: Inputs | None) -> bytes:
    from core.documents import calculator_xlsx

    return calculator_xlsx(_texts(), inputs)


@dataclass(frozen=True)
class OrdersReading:
    """What the import worker read in an orders file: numbers and column names only.

    ``analysis`` when the file gives the figures; otherwise the refusal's ``code`` and
    ``details`` (an :class:`~core.orders.OrdersError` itself does not cross processes).
    ``mapping`` is the columns read, once the table was found; when it lacks a buyer, a
    date or an amount column, ``samples`` holds a few values of each column (for the
    person to pick the column by hand: shown, never kept).
    """

    analysis: Analysis | None = None
    mapping: ColumnMapping | None = None
    code: OrdersErrorCode | None = None
    details: dict[str, str] = field(default_factory=dict)
    samples: tuple[tuple[str, ...], ...] = ()

    @property
    def error(self) -> OrdersError | None:
        """The refusal, or ``None`` when the file was read."""
        return None if self.code is None else OrdersError(self.code, **self.details)


def _read_orders(
    data: bytes, filename: str | None, chosen: dict[str, int | None]
) -> OrdersReading:
    """Read and analyse an orders file, with the columns the person ``chosen`` by hand.

    A choice that does not fit this file (an unknown field, a column it lacks) is ignored.
    """
    from core.orders import Field, analyse, open_table

    try:
        table = open_table(data, filename)
    except OrdersError as error:
        return OrdersReading(code=error.code, details=dict(error.details))
    mapping = table.mapping
    fields = {f.value for f in Field}
    for name, index in chosen.items():
        if name in fields and (index is None or 0 <= index < len(mapping.headers)):
            mapping = mapping.with_column(Field(name), index)
    try:
        return OrdersReading(analysis=analyse(table, mapping), mapping=mapping)
    except OrdersError as error:
        samples = table.samples() if mapping.missing() is not None else ()
        return OrdersReading(
            mapping=mapping, code=error.code, details=dict(error.details), samples=samples
        )


def _orders_charts(analysis: Analysis) -> tuple[bytes, bytes]:
    from core.orders.charts import cohort_chart, curve_chart

    return cohort_chart(analysis, _texts()), curve_chart(analysis, _texts())


class _Workers:
    """A process pool that replaces itself when a worker dies, started at its first job."""

    def __init__(self, workers: int, name: str) -> None:
        self._workers = workers
        self._name = name
        self._closed = False
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(
            self._workers, mp_context=context, initializer=_init_worker, initargs=(os.getpid(),)
        )

    def start(self) -> None:
        """Start the pool now (its processes come with the first job)."""
        if self._pool is None and not self._closed:
            self._pool = self._new_pool()

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function`` in a worker; if a worker died, start a fresh pool and retry once.

        A pool whose worker died (killed, out of memory) refuses every later job with
        ``BrokenProcessPool``; the jobs it held fail with it too, and each is retried once.
        """
        loop = asyncio.get_running_loop()
        self.start()
        pool = self._pool
        if pool is None:
            raise BrokenProcessPool(f"the {self._name} workers are stopped")
        try:
            return await loop.run_in_executor(pool, function, *args)
        except BrokenProcessPool:
            if self._closed:
                raise
            log.warning("a %s worker died; starting fresh workers and retrying once", self._name)
            if self._pool is pool:  # the first job to notice replaces it, the others reuse
                self._pool = self._new_pool()
                pool.shutdown(wait=False, cancel_futures=True)
            return await loop.run_in_executor(self._pool, function, *args)

    def close(self) -> None:
        """Stop the workers, dropping queued work."""
        self._closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


class Renderer:
    """A small process pool for CPU-bound rendering, awaited from handlers."""

    def __init__(self, workers: int = 1, import_workers: int = 1) -> None:
        self._charts = _Workers(workers, "render")
        self._imports = _Workers(import_workers, "import")
        self._preparing: asyncio.Task[None] | None = None

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function`` in a chart worker (retried once if the worker died)."""
        return await self._charts.run(function, *args)

    @classmethod
    @contextlib.asynccontextmanager
    async def temporary(cls) -> AsyncIterator[Renderer]:
        """A one-worker renderer for one-off work, its process gone once the block ends."""
        renderer = cls(1)
        try:
            yield renderer
        finally:
            renderer.close()

    def prepare_charts(self) -> None:
        """Start the chart worker and its imports in the background, once: a chart is near."""
        if self._preparing is None:
            self._preparing = asyncio.get_running_loop().create_task(self._import_charts())

    async def _import_charts(self) -> None:
        try:
            await self._run(_import_charts)
        except Exception as error:  # the first chart starts a worker again
            log.warning("could not prepare the chart worker: %s", error)

    async def result_chart(self, result: Result, realized: Sequence[float] = ()) -> bytes:
        """The PNG chart of one result (with the realized curve of its orders file, if any)."""
        return await self._run(_result_chart, result, tuple(realized))

    async def comparison_chart(
        self, first: Result, second: Result, first_name: str, second_name: str
    ) -> bytes:
        """The PNG chart of two saved scenarios, both curves on one chart."""
        return await self._run(_comparison_chart, first, second, first_name, second_name)

    async def checklist_pdf(self, result: Result | None = None) -> bytes:
        """The checklist PDF: general, or with the user's figures and order for ``result``."""
        return await self._run(_checklist_pdf, result)

    async def funnel_xlsx(self) -> bytes:
        """The retention and upsell funnel template (XLSX)."""
        return await self._run(_funnel_xlsx)

    async def calculator_xlsx(self, inputs: Inputs | None = None) -> bytes:
        """The LTV calculator (XLSX), filled with ``inputs`` or with an example."""
        return await self._run(_calculator_xlsx, inputs)

    async def read_orders(
        self, data: bytes, filename: str | None, chosen: dict[str, int | None]
    ) -> OrdersReading:
        """An orders export's figures (or why not), read in the import worker."""
        return await self._imports.run(_read_orders, data, filename, chosen)

    async def orders_charts(self, analysis: Analysis) -> tuple[bytes, bytes]:
        """The cohort triangle and the revenue-per-buyer curve of an export, as PNGs."""
        return await self._run(_orders_charts, analysis)

    async def leads_xlsx(self, leads: Sequence[Lead], zone: tzinfo) -> bytes:
        """The author's list of leads (XLSX), times in ``zone``: a document an owner asks
        for now and then, made in the import worker so the chart worker never holds openpyxl."""
        return await self._imports.run(_leads_xlsx, leads, zone)

    def close(self) -> None:
        """Stop the workers, dropping queued work."""
        self._charts.close()
        self._imports.close()
