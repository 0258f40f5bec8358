"""Documents of the LTV toolkit as bytes: checklist PDF, funnel XLSX, calculator XLSX.

Pure functions of the texts and (optionally) the user's inputs or result: no
aiogram, no database, no network, no clock. Identical arguments give identical
bytes, so a document can be cached and compared in tests. Every word comes from
``locales/ru/checklist.ftl``, ``funnel.ftl`` and ``calculator.ftl``.

- :func:`checklist_pdf` — the "how to double LTV" checklist, generic or, with a
  :class:`~core.models.Result`, with the user's figures and the sections in
  :func:`core.priorities.personal_order` (each promoted one with its reason);
- :func:`funnel_xlsx` — the retention and upsell funnel template (days 0–90);
- :func:`calculator_xlsx` — the LTV calculator with live Excel formulas that
  give the same figures as :func:`core.economics.compute`;
- :func:`leads_xlsx` — the author's list of leads (:class:`~core.leads.Lead`).
"""

from core.documents.calculator import CELLS, DEFAULT_INPUTS, calculator_xlsx
from core.documents.checklist import ITEMS, checklist_pdf
from core.documents.funnel import STAGE_DAYS, funnel_xlsx
from core.documents.leads import leads_xlsx

__all__ = [
    "CELLS",
    "DEFAULT_INPUTS",
    "ITEMS",
    "STAGE_DAYS",
    "calculator_xlsx",
    "checklist_pdf",
    "funnel_xlsx",
    "leads_xlsx",
]
