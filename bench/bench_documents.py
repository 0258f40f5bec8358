"""Toolkit documents: the personal checklist PDF (target ≤ 300 ms), funnel and calculator XLSX."""

from bench.examples import BY_REVENUE
from bench.timing import measure, report
from core.documents import calculator_xlsx, checklist_pdf, funnel_xlsx
from core.economics import compute
from l10n import Texts

PDF_RUNS = 20


def run() -> None:
    """Time the personal checklist over 20 runs and each workbook once."""
    texts = Texts.load()
    result = compute(BY_REVENUE)
    checklist_pdf(texts, result)  # warm up: imports, font lookup
    median, p99 = measure(lambda: checklist_pdf(texts, result), PDF_RUNS)
    report(f"checklist_pdf, personal ({PDF_RUNS} runs)", median, p99, target="≤ 300 ms")
    median, p99 = measure(lambda: funnel_xlsx(texts), 1)
    report("funnel_xlsx (once)", median, p99)
    median, p99 = measure(lambda: calculator_xlsx(texts, BY_REVENUE), 1)
    report("calculator_xlsx (once)", median, p99)
