"""Reading an orders export (CSV or XLSX) into cohorts and realized LTV: a pure engine.

The bot's path through it::

    table = open_table(data, filename)      # OrdersError: not a table, empty, too large
    table.mapping                            # the columns taken; .uncertain -> show them
    mapping = table.mapping.with_column(Field.EMAIL, 4)   # the person's correction
    analysis = analyse(table, mapping)       # OrdersError: a column missing, no paid orders…
    cohort_chart(analysis, texts), curve_chart(analysis, texts)   # PNG bytes
    analysis.suggested.inputs(margin_percent=60, cac=3000)        # core.models.Inputs
    realized_curve(analysis)     # revenue per buyer by month: drawn beside the model's

:func:`import_orders` does the first and third steps at once;
:func:`error_message` turns an :class:`OrdersError` into Russian text.
Nothing here keeps a customer's data: an :class:`Analysis` holds numbers,
months, column names and status names only.

The charts are imported on first use (``core.orders.cohort_chart``): reading a file
does not load matplotlib, so the bot's process and its import worker stay small.
"""

from typing import TYPE_CHECKING, Any

from core.orders.analysis import (
    CURVE_MAX_MONTHS,
    HORIZONS,
    MATURE_DAYS,
    MATURE_MIN_BUYERS,
    Analysis,
    CohortCell,
    CohortRow,
    CurvePoint,
    HorizonLTV,
    ImportedInputs,
    InputSource,
    RowCounts,
    Suggestion,
    analyse,
    analysis_json,
    import_orders,
)
from core.orders.columns import ColumnMapping, Doubt, DoubtKind, Field, guess_mapping
from core.orders.errors import (
    NotTableKind,
    OrdersError,
    OrdersErrorCode,
    TooLargeKind,
    error_message,
)
from core.orders.realized import CURVE_MIN_SHARE, realized_curve
from core.orders.table import MAX_BYTES, MAX_ROWS, Table, TableKind, open_table
from core.orders.values import Status, classify_status

if TYPE_CHECKING:
    from core.orders.charts import cohort_chart, curve_chart

_LAZY = frozenset({"cohort_chart", "curve_chart"})


def __getattr__(name: str) -> Any:
    """The charts, imported when first asked for (they bring matplotlib)."""
    if name in _LAZY:
        from core.orders import charts

        return getattr(charts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CURVE_MAX_MONTHS",
    "CURVE_MIN_SHARE",
    "HORIZONS",
    "MATURE_DAYS",
    "MATURE_MIN_BUYERS",
    "MAX_BYTES",
    "MAX_ROWS",
    "Analysis",
    "CohortCell",
    "CohortRow",
    "ColumnMapping",
    "CurvePoint",
    "Doubt",
    "DoubtKind",
    "Field",
    "HorizonLTV",
    "ImportedInputs",
    "InputSource",
    "NotTableKind",
    "OrdersError",
    "OrdersErrorCode",
    "RowCounts",
    "Status",
    "Suggestion",
    "Table",
    "TableKind",
    "TooLargeKind",
    "analyse",
    "analysis_json",
    "classify_status",
    "cohort_chart",
    "curve_chart",
    "error_message",
    "guess_mapping",
    "import_orders",
    "open_table",
    "realized_curve",
]
