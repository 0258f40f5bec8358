"""Benchmark: 100 000 orders of a GetCourse-like export read and analysed (target ≤ 3 s).

The export is generated here, the same every run: 30 000 buyers, two years of
orders, a third of them not paid, 25 columns with the school's custom fields
in the middle (a CSV of about 19 MB: what still fits Telegram's 20 MB for a
bot), as a cp1251 CSV with ``;`` and decimal commas, and as an XLSX
with shared strings and real day numbers (as Excel writes it). Each file is
timed through :func:`core.orders.import_orders` (bytes to figures), then once
more under ``tracemalloc`` for the peak of memory it allocates.
"""

from __future__ import annotations

import csv
import io
import random
import tracemalloc
import zipfile
from datetime import datetime, timedelta
from functools import partial
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from bench.timing import measure, report
from core.orders import import_orders

ORDERS = 100_000
BUYERS = 30_000
RUNS = 3
HEADER = [
    "Номер",
    "ID заказа",
    "ID пользователя",
    "Пользователь",
    "Email",
    "Телефон",
    "Дата создания",
    "Дата оплаты",
    "Название",
    "Дата рождения",
    "Email куратора",
    "Откуда узнали о школе",
    "Город",
    "Статус",
    "Стоимость, RUB",
    "Оплачено",
    "Комиссия платежной системы",
    "Получено",
    "Валюта",
    "Менеджер",
    "utm_source",
]
STATUSES = ["Завершен"] * 12 + ["Частично оплачен"] + ["Новый", "Отменен", "Ожидаем оплаты"] * 2
STATUSES += ["Ложный"]
PRICES = [990, 2_990, 4_990, 12_990, 29_900, 1_299.7]
START = datetime(2023, 1, 1, 9, 0)
Cell = str | int | float | datetime | None
EXCEL_EPOCH = datetime(1899, 12, 30)


def orders(count: int = ORDERS) -> list[list[Cell]]:
    """The export's rows (header first), dates as ``datetime``, amounts as numbers."""
    rng = random.Random(2024)
    rows: list[list[Cell]] = [list(HEADER)]
    for number in range(count):
        buyer = rng.randrange(BUYERS)
        created = START + timedelta(minutes=rng.randrange(0, 730 * 24 * 60))
        status = rng.choice(STATUSES)
        price = rng.choice(PRICES)
        paid = price if status == "Завершен" else price / 2 if status.startswith("Част") else 0
        rows.append(
            [
                number + 1,
                5_000_000 + number,
                1_000_000 + buyer,
                f"Клиент {buyer}",
                f"buyer{buyer}@example.ru",
                f"+7 9{buyer % 100:02d} {buyer % 1000:03d}-{buyer % 10000:04d}",
                created,
                created + timedelta(minutes=7) if paid else None,
                "Курс «Старт»",
                "12.03.1990",
                "cur@school.ru",
                "TG",
                "Москва",
                status,
                float(price),
                float(paid),
                round(paid * 0.035, 2),
                round(paid * 0.965, 2),
                "RUB",
                "Мария",
                "telegram",
            ]
        )
    return rows


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, datetime):
        return cell.strftime("%d.%m.%Y %H:%M")
    if isinstance(cell, float):
        whole, kopecks = divmod(round(cell * 100), 100)
        return f"{whole:,}".replace(",", "\u00a0") + (f",{kopecks:02d}" if kopecks else "")
    return cell


def csv_export(rows: list[list[Cell]]) -> bytes:
    """A cp1251 CSV with ``;``, decimal commas and ``dd.mm.yyyy hh:mm`` dates."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_text(cell) for cell in row])
    return text.getvalue().encode("cp1251")


def xlsx_export(rows: list[list[Cell]]) -> bytes:
    """An XLSX as Excel writes one: shared strings, numbers, day numbers with a date style."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strings: dict[str, int] = {}
    sheet = io.StringIO()
    sheet.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{main}"><sheetData>')
    letters = [get_column_letter(i) for i in range(1, len(HEADER) + 1)]
    for number, row in enumerate(rows, start=1):
        sheet.write(f'<row r="{number}" spans="1:{len(row)}">')
        for letter, cell in zip(letters, row, strict=True):
            ref = f"{letter}{number}"
            if cell is None:
                continue
            if isinstance(cell, datetime):
                day = (cell - EXCEL_EPOCH) / timedelta(days=1)
                sheet.write(f'<c r="{ref}" s="1"><v>{day!r}</v></c>')
            elif isinstance(cell, int | float):
                sheet.write(f'<c r="{ref}"><v>{cell!r}</v></c>')
            else:
                index = strings.setdefault(cell, len(strings))
                sheet.write(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        sheet.write("</row>")
    sheet.write("</sheetData></worksheet>")
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{relationships}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{relationships}"><sheets>'
            '<sheet name="Заказы" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{relationships}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{relationships}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet.getvalue(),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            f"{shared}</sst>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _peak_mb(data: bytes) -> float:
    """Megabytes allocated at the peak of one ``import_orders`` (the file's bytes not counted)."""
    tracemalloc.start()
    try:
        import_orders(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def run() -> None:
    """Time ``import_orders`` on the CSV and the XLSX; report the median, p99 and peak memory."""
    rows = orders()
    for name, data in (("CSV cp1251 ;", csv_export(rows)), ("XLSX", xlsx_export(rows))):
        analysis = import_orders(data)  # fail fast if the export stopped being read
        assert analysis.counts.rows == ORDERS
        median, p99 = measure(partial(import_orders, data), RUNS)
        size = len(data) / 1e6
        report(f"import_orders, 100 000 orders, {name}, {size:.1f} MB", median, p99, "≤ 3 s")
        print(f"{'':<48} peak memory {_peak_mb(data):6.1f} MB, {analysis.buyers} buyers")
