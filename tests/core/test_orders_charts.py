"""The two pictures of an orders export: phone-sized, reproducible PNGs, every word from Fluent."""

import ast
import inspect
import random
import re
import struct
import warnings
from collections.abc import Iterator
from functools import cache

import matplotlib
import pytest
from fluent.syntax import FluentParser
from fluent.syntax.ast import Message
from matplotlib import _pylab_helpers
from matplotlib.figure import Figure
from matplotlib.text import Text

from core.formatting import NBSP
from core.orders import Analysis, cohort_chart, curve_chart, import_orders
from core.orders import charts as order_charts
from l10n import LOCALES_DIR, Texts
from tests.core.phone import READABLE_PT, smallest_type_on_phone
from tests.core.test_orders_fixtures import (
    csv_bytes,
    getcourse_orders,
    getcourse_rows,
    people,
)

NUMBER = re.compile(rf"^[0-9{NBSP},\u2212]*$")
SENTINEL = re.compile(r"^(⟦orders-[a-z-]+⟧[ ·]*)+$")


@cache
def texts() -> Texts:
    return Texts.load()


@cache
def analysis(case: str = "getcourse") -> Analysis:
    if case == "getcourse":
        rows = getcourse_rows(getcourse_orders(), people(40, random.Random(1)))
        return import_orders(csv_bytes(rows))
    if case == "long":  # five years of orders: more cohorts than a phone shows
        header = ["Email", "Дата оплаты", "Оплачено", "Статус"]
        lines = [
            [
                f"p{n}@x.ru",
                f"{1 + n % 28:02d}.{1 + month % 12:02d}.{2019 + month // 12}",
                "990",
                "Оплачен",
            ]
            for n in range(60)
            for month in range(n, 60, 7)
        ]
        return import_orders(csv_bytes([header, *lines], encoding="utf-8"))
    header = ["Email", "Дата", "Сумма", "Валюта"]
    one = [["a@x.ru", "10.03.2024", "99,90", "USD"], ["b@x.ru", "12.03.2024", "10", "USD"]]
    return import_orders(csv_bytes([header, *one], encoding="utf-8"))


CASES = ["getcourse", "long", "fresh"]


def size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind, width, height = struct.unpack(">I4sII", data[8:24])
    assert (length, kind) == (13, b"IHDR")
    return width, height


def words(figure: Figure) -> Iterator[str]:
    """Every visible, non-empty text of ``figure`` (tick labels included)."""
    figure.draw_without_rendering()
    for artist in figure.findobj(Text):
        assert isinstance(artist, Text)
        if artist.get_visible() and artist.get_text():
            yield artist.get_text()


@pytest.mark.parametrize("case", CASES)
def test_both_charts_are_clean_phone_sized_pngs(case: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        heatmap = cohort_chart(analysis(case), texts())
        curve = curve_chart(analysis(case), texts())
    assert size(heatmap) == size(curve) == (1080, 1350)  # portrait 4:5, as a phone shows
    for data in (heatmap, curve):
        assert b"Software" not in data and b"tIME" not in data and b"matplotlib" not in data


@pytest.mark.parametrize("case", CASES)
def test_both_charts_type_reads_at_least_12_pt_on_a_phone(case: str) -> None:
    for build in (order_charts._cohort_figure, order_charts._curve_figure):
        assert smallest_type_on_phone(build(analysis(case), texts())) >= READABLE_PT


def test_same_analysis_same_bytes() -> None:
    assert cohort_chart(analysis(), texts()) == cohort_chart(analysis(), texts())
    assert curve_chart(analysis(), texts()) == curve_chart(analysis(), texts())
    assert cohort_chart(analysis("long"), texts()) != cohort_chart(analysis(), texts())


def sentinel_texts() -> Texts:
    """Every ``orders-*`` message replaced by its own key in brackets."""
    source = (LOCALES_DIR / "ru" / "orders.ftl").read_text(encoding="utf-8")
    keys = [
        entry.id.name for entry in FluentParser().parse(source).body if isinstance(entry, Message)
    ]
    assert keys and all(key.startswith("orders-") for key in keys)
    return Texts("ru", {"orders.ftl": "".join(f"{key} = ⟦{key}⟧\n" for key in keys)})


@pytest.mark.parametrize("case", CASES)
def test_every_word_on_both_charts_comes_from_the_ftl(case: str) -> None:
    for build in (order_charts._cohort_figure, order_charts._curve_figure):
        shown = [w for w in words(build(analysis(case), sentinel_texts())) if not NUMBER.match(w)]
        percent = re.compile(rf"^[0-9,]+{NBSP}%$")
        assert all(SENTINEL.match(w) or percent.match(w) for w in shown), shown


def test_heatmap_words_are_russian_and_recent_months_are_blank() -> None:
    shown = list(words(order_charts._cohort_figure(analysis(), texts())))
    assert "Когорты: кто покупает снова" in shown
    assert "Месяцев после первой покупки" in shown
    assert any(w.startswith("янв 2023 · ") for w in shown)
    data = analysis()
    rows = data.cohorts[-order_charts.COHORT_ROWS :]
    filled = sum(
        1 for row in rows for cell in row.cells[: order_charts.COHORT_COLUMNS] if cell is not None
    )
    percents = [w for w in shown if w.endswith(f"{NBSP}%")]
    assert len(percents) == filled


def test_heatmap_of_many_cohorts_shows_the_latest_and_says_so() -> None:
    data = analysis("long")
    assert len(data.cohorts) > order_charts.COHORT_ROWS
    figure = order_charts._cohort_figure(data, texts())
    shown = list(words(figure))
    total = len(data.cohorts)
    assert f"Показаны последние 12 когорт из {total}" in shown
    assert not any(w.startswith("янв 2019") for w in shown)
    columns = [label.get_text() for label in figure.axes[0].get_xticklabels()]
    assert columns == [str(month) for month in range(7)]  # months 0…6: cells wide enough


def test_curve_marks_3_6_and_12_months() -> None:
    data = analysis()
    shown = [w.replace("\n", " ") for w in words(order_charts._curve_figure(data, texts()))]
    for horizon in data.ltv_at:
        assert horizon.value is not None
        value = f"{horizon.value:,.0f}".replace(",", NBSP)
        assert f"За {horizon.months} мес.: {value}{NBSP}₽" in shown


def test_too_fresh_for_a_curve_says_so_in_words() -> None:
    data = analysis("fresh")
    assert data.curve == () and data.currency == "USD"
    shown = list(words(order_charts._curve_figure(data, texts())))
    assert texts().msg("orders-chart-curve-empty") in [w.replace("\n", " ") for w in shown]
    assert "$ на покупателя" in shown


def test_no_pyplot_no_figure_registry_no_global_style_change() -> None:
    tree = ast.parse(inspect.getsource(order_charts))
    imported = {
        alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any("pyplot" in name for name in imported)
    before = dict(matplotlib.rcParams)
    cohort_chart(analysis(), texts())
    curve_chart(analysis(), texts())
    assert dict(matplotlib.rcParams) == before
    assert _pylab_helpers.Gcf.get_num_fig_managers() == 0
