"""Charts: valid, reproducible PNGs; every word from Fluent; labels where a phone shows them.

Each render costs ~0.1–0.2 s, so PNGs are rendered once per case and shared.
"""

import ast
import importlib
import inspect
import pickle
import pkgutil
import re
import struct
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

import matplotlib
import numpy as np
import pytest
from fluent.syntax import FluentParser
from fluent.syntax.ast import Message
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from matplotlib import _pylab_helpers
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from core import charts
from core.charts import comparison_chart, result_chart
from core.charts.axes import month_step, whole_ticks
from core.charts.canvas import png as png_of
from core.charts.canvas import renderer
from core.charts.comparison import comparison_figure
from core.charts.names import clean_name, font_charmap
from core.charts.result import inputs_title, result_figure
from core.economics import compute
from core.formatting import NBSP
from core.models import BusinessModel, Inputs, Result
from l10n import LOCALES_DIR, Texts
from tests.builders import BUY, SUB, make_inputs
from tests.core.phone import READABLE_PT, smallest_type_on_phone

CASES: dict[str, dict[str, Any]] = {
    "subscription": {
        "model": SUB,
        "price": 3000,
        "churn_percent": 5,
        "margin_percent": 60,
        "cac": 5000,
    },
    "purchases": {
        "model": BUY,
        "price": 10_000,
        "churn_percent": 35,
        "cac": 5000,
        "purchases_per_year": 4,
    },
    "organic": {
        "model": BUY,
        "price": 10_000,
        "churn_percent": 35,
        "margin_percent": 70,
        "cac": 0,
        "purchases_per_year": 2.5,
    },
    "zero-margin": {
        "model": SUB,
        "price": 3000,
        "churn_percent": 5,
        "margin_percent": 0,
        "cac": 5000,
    },
    "zero-margin-organic": {
        "model": SUB,
        "price": 3000,
        "churn_percent": 5,
        "margin_percent": 0,
        "cac": 0,
    },
    "never-pays-back": {
        "model": SUB,
        "price": 1000,
        "churn_percent": 20,
        "margin_percent": 50,
        "cac": 5000,
    },
    "long-horizon": {
        "model": SUB,
        "price": 990,
        "churn_percent": 0.5,
        "margin_percent": 80,
        "cac": 150_000,
    },
    "huge": {"model": SUB, "price": 100_000_000, "churn_percent": 0.5, "cac": 100_000_000},
    "tiny": {"model": SUB, "price": 1, "churn_percent": 100, "margin_percent": 1, "cac": 0.005},
    "once-in-ten-years": {
        "model": BUY,
        "price": 50_000,
        "churn_percent": 10,
        "cac": 20_000,
        "purchases_per_year": 0.1,
    },
    "weekly": {
        "model": BUY,
        "price": 700,
        "churn_percent": 3,
        "margin_percent": 30,
        "cac": 900,
        "purchases_per_year": 52,
    },
}

HOSTILE_PAIRS = [
    ("$x^2$ \\frac{1}{2} _sub ^sup", "<b>Клуб & Курс</b>"),
    ("😀 emoji שלום", "Ж" * 64),
    ("_hidden 🦄\u200d🔥\nnew line\u202e", "   "),
]

NUMBER = re.compile(rf"^[0-9{NBSP},\u2212]*$")
SENTINEL = re.compile(r"^(⟦chart-[a-z-]+⟧)+$")


@cache
def texts() -> Texts:
    return Texts.load()


@cache
def result(case: str) -> Result:
    return compute(Inputs(**CASES[case]))


@cache
def built(case: str) -> Figure:
    """The figure of a case, built once (tests only read it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return result_figure(result(case), texts())


@cache
def png(case: str) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return result_chart(result(case), texts())


def size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind, width, height = struct.unpack(">I4sII", data[8:24])
    assert (length, kind) == (13, b"IHDR")
    return width, height


def chart_texts(figure: Figure) -> Iterator[Text]:
    """Every visible, non-empty text of ``figure`` (tick labels included)."""
    for artist in figure.findobj(Text):
        assert isinstance(artist, Text)
        if artist.get_visible() and artist.get_text():
            yield artist


def labels_of(figure: Figure) -> list[Annotation]:
    return [artist for artist in figure.findobj(Annotation) if isinstance(artist, Annotation)]


def box_of(label: Annotation, figure: Figure) -> Bbox:
    agg = renderer(figure)
    label.update_positions(agg)
    label.update_bbox_position_size(agg)
    patch = label.get_bbox_patch()
    assert patch is not None
    return patch.get_window_extent(agg)


def assert_labels_inside_and_apart(figure: Figure) -> None:
    ax = figure.axes[0]
    frame = ax.get_window_extent(renderer(figure))
    boxes = [box_of(label, figure) for label in labels_of(figure)]
    for box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, (box, frame)
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, (box, frame)
    for index, box in enumerate(boxes):
        for other in boxes[index + 1 :]:
            assert not box.overlaps(other), (box, other)


# --------------------------------------------------------------------------- PNG


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_case_renders_a_clean_phone_sized_png(case: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no mathtext, glyph or layout warnings
        figure = built(case)
        ax = figure.axes[0]
        labels = [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
        assert labels and all(NUMBER.match(label) for label in labels), labels
        assert ax.yaxis.get_offset_text().get_text() == ""
        assert_labels_inside_and_apart(figure)
        width, height = size(png_of(figure))
    assert (width, height) == (charts.WIDTH_PX, charts.HEIGHT_PX) == (1080, 1350)
    assert width * 5 == height * 4, "portrait 4:5, the widest a phone chat shows"
    if case == "huge":
        assert f"20{NBSP}000{NBSP}000{NBSP}000" in labels


def test_same_inputs_same_bytes_and_different_inputs_different_bytes() -> None:
    again = result_chart(compute(Inputs(**CASES["subscription"])), texts())
    assert again == png("subscription")
    cheaper = compute(Inputs(**{**CASES["subscription"], "cac": 4000}))
    assert result_chart(cheaper, texts()) != png("subscription")
    assert png("purchases") != png("subscription")


def test_no_software_or_time_metadata() -> None:
    data = png("subscription")
    assert b"Software" not in data
    assert b"tIME" not in data
    assert b"matplotlib" not in data


def test_threads_give_the_same_bytes_as_one_after_another() -> None:
    cases = ["subscription", "purchases"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        rendered = list(pool.map(lambda case: result_chart(result(case), texts()), cases))
    assert rendered == [png(case) for case in cases]


def test_arguments_and_functions_pickle_for_a_process_pool() -> None:
    restored = pickle.loads(pickle.dumps((result_chart, comparison_chart, result("purchases"))))
    assert restored[0] is result_chart
    assert restored[2] == result("purchases")


def test_no_pyplot_no_figure_registry_no_global_style_change() -> None:
    modules = [
        importlib.import_module(f"{charts.__name__}.{module.name}")
        for module in pkgutil.iter_modules(charts.__path__)
    ]
    assert len(modules) >= 5
    imported = {
        alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
        for module in [charts, *modules]
        for node in ast.walk(ast.parse(inspect.getsource(module)))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any("pyplot" in name for name in imported)
    before = dict(matplotlib.rcParams)
    comparison_chart(result("organic"), result("zero-margin"), "A", "B", texts())
    assert dict(matplotlib.rcParams) == before
    assert _pylab_helpers.Gcf.get_num_fig_managers() == 0


# --------------------------------------------------------------------------- comparison


def test_comparison_with_hostile_names_renders_without_warnings() -> None:
    first, second = result("subscription"), result("purchases")
    outputs = set()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name_a, name_b in HOSTILE_PAIRS:
            data = comparison_chart(first, second, name_a, name_b, texts())
            assert size(data) == (1080, 1350)
            outputs.add(data)
    assert len(outputs) == len(HOSTILE_PAIRS)


def test_comparison_of_edge_cases_renders() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = comparison_chart(
            result("organic"), result("never-pays-back"), "Органика", "Убыток", texts()
        )
        assert size(data) == (1080, 1350)
        data = comparison_chart(result("zero-margin-organic"), result("huge"), "", "\n", texts())
        assert size(data) == (1080, 1350)


def test_comparison_legend_names_are_plain_shortened_text() -> None:
    figure = comparison_figure(
        (result("subscription"), result("purchases")), ("$x^2$", "Ж" * 64), texts()
    )
    legend = figure.legends[0]
    shown = [text.get_text().replace("\n", " ") for text in legend.get_texts()]
    assert shown[0] == texts().msg("chart-compare-payback", name="$x^2$", month="3")
    assert shown[1] == f"CAC 5{NBSP}000{NBSP}₽"  # each scenario's curve, then its CAC line
    cut = re.match("^(Ж+)… — ", shown[2])  # cut to the legend's width, never drawn smaller
    assert cut and 10 <= len(cut[1]) < charts.NAME_MAX_CHARS, shown[2]
    assert "(по выручке)" in shown[2]
    assert all(not text.get_parse_math() for text in legend.get_texts())


LONG_NAMES = (
    "Клуб «Сильные» — годовая подписка с куратором и чатом",
    "Курс по продажам для экспертов, поток весна 2026",
)


@pytest.mark.parametrize("names", [*HOSTILE_PAIRS, LONG_NAMES, ("W" * 30, "—" * 30)])
def test_comparison_legend_is_full_size_and_clear_of_the_curves(names: tuple[str, str]) -> None:
    figure = comparison_figure((result("long-horizon"), result("purchases")), names, texts())
    assert smallest_type_on_phone(figure) >= READABLE_PT
    agg = renderer(figure)
    legend = figure.legends[0]
    entries = [text.get_window_extent(agg) for text in legend.get_texts()]
    assert len(entries) == 4
    assert {text.get_fontsize() for text in legend.get_texts()} == {charts.canvas.SIZE_LEGEND}
    axes = figure.axes[0].get_tightbbox(agg)  # the curves, ticks and axis labels
    assert axes is not None
    page = Bbox.from_bounds(0, 0, charts.WIDTH_PX, charts.HEIGHT_PX)
    for index, entry in enumerate(entries):
        assert not entry.overlaps(axes), (entry, axes)
        assert page.contains(entry.x0, entry.y0) and page.contains(entry.x1, entry.y1), entry
        for other in entries[index + 1 :]:
            assert not entry.overlaps(other), (entry, other)


@pytest.mark.parametrize("case", sorted(CASES))
def test_result_chart_type_reads_at_least_12_pt_on_a_phone(case: str) -> None:
    assert smallest_type_on_phone(built(case)) >= READABLE_PT


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("$x^2$", "$x^2$"),
        ("<b>Клуб & Курс</b>", "<b>Клуб & Курс</b>"),
        ("Ж" * 64, "Ж" * 29 + "…"),
        ("шаг 1\nшаг 2\t!", "шаг 1 шаг 2 !"),
        ("שלום עולם", "םלוע םולש"),
        ("план שלום 2", "план םולש 2"),
        ("\u202eevil", "evil"),
        ("   ", ""),
    ],
)
def test_names_are_cleaned(name: str, expected: str) -> None:
    assert clean_name(name) == expected


def test_a_long_name_is_cut_by_drawn_character_not_inside_one() -> None:
    accented = "е\u0301"  # no precomposed form: two code points, one character as drawn
    shown = clean_name(accented * 40)
    assert shown == accented * (charts.NAME_MAX_CHARS - 1) + "…"


def test_name_without_a_glyph_loses_only_that_character() -> None:
    missing = next(chr(code) for code in range(0x1F900, 0x1FA00) if code not in font_charmap())
    assert clean_name(f"a{missing}b") == "ab"


# --------------------------------------------------------------------------- words


def sentinel_texts() -> Texts:
    """Every ``chart-*`` message replaced by its own key in brackets."""
    source = (LOCALES_DIR / "ru" / "charts.ftl").read_text(encoding="utf-8")
    keys = [
        entry.id.name for entry in FluentParser().parse(source).body if isinstance(entry, Message)
    ]
    assert keys and all(key.startswith("chart-") for key in keys)
    return Texts("ru", {"charts.ftl": "".join(f"{key} = ⟦{key}⟧\n" for key in keys)})


@pytest.mark.parametrize(
    ("case", "note"),
    [
        ("subscription", "chart-payback"),
        ("purchases", "chart-payback"),
        ("organic", "chart-organic"),
        ("never-pays-back", "chart-no-payback"),
        ("zero-margin", "chart-no-payback-zero-margin"),
        ("long-horizon", "chart-payback-later"),
    ],
)
def test_every_word_on_a_result_chart_comes_from_the_ftl(case: str, note: str) -> None:
    figure = result_figure(result(case), sentinel_texts())
    words = [t.get_text() for t in chart_texts(figure) if not NUMBER.match(t.get_text())]
    assert all(SENTINEL.match(word) for word in words), words
    assert f"⟦{note}⟧" in words
    assert ("⟦chart-cac⟧" in words) == (result(case).inputs.cac > 0)
    notes = {
        "⟦chart-payback⟧",
        "⟦chart-organic⟧",
        "⟦chart-no-payback⟧",
        "⟦chart-no-payback-zero-margin⟧",
        "⟦chart-payback-later⟧",
    }
    assert len(notes.intersection(words)) == 1


def test_every_word_on_a_comparison_comes_from_the_ftl() -> None:
    figure = comparison_figure(
        (result("organic"), result("never-pays-back")), ("", "Б"), sentinel_texts()
    )
    figure.draw_without_rendering()
    words = [t.get_text() for t in chart_texts(figure) if not NUMBER.match(t.get_text())]
    assert all(SENTINEL.match(word) for word in words), words


def test_result_chart_words_are_russian() -> None:
    words = {t.get_text().replace("\n", " ") for t in chart_texts(built("subscription"))}
    month = "Месяц жизни клиента (оплата каждый месяц)"  # why the line is smooth
    assert {month, "₽ на клиента", "Окупается на 3-м месяце"} <= words
    steps = {t.get_text().replace("\n", " ") for t in chart_texts(built("purchases"))}
    assert "Месяц жизни клиента (ступенька — покупка в этом месяце)" in steps
    assert f"LTV 36{NBSP}000{NBSP}₽" in words
    assert f"CAC 5{NBSP}000{NBSP}₽" in words
    title = f"Подписка 3{NBSP}000{NBSP}₽/мес · отток 5{NBSP}% в месяц · маржа 60{NBSP}% · CAC"
    assert any(word.replace("\n", " ").startswith(title) for word in words)


def test_by_revenue_labels_say_so() -> None:
    words = {t.get_text().replace("\n", " ") for t in chart_texts(built("purchases"))}
    assert any("по выручке" in word for word in words)  # the LTV line
    assert any("выручка" in word and "маржа не указана" in word for word in words)  # subtitle
    assert any("4 покупки в год" in word for word in words)


@pytest.mark.parametrize(
    ("per_year", "expected"),
    [
        (1, "1 покупка"),
        (2, "2 покупки"),
        (5, "5 покупок"),
        (1.5, "1,5 покупки"),
        (0.25, "0,25 покупки"),
        (21, "21 покупка"),
    ],
)
def test_frequency_in_the_title_has_russian_plurals(per_year: float, expected: str) -> None:
    inputs = Inputs(**{**CASES["purchases"], "purchases_per_year": per_year})
    assert f"{expected} в год" in inputs_title(compute(inputs), texts())


# --------------------------------------------------------------------------- layout


def test_curve_starts_at_the_origin_and_steps_for_purchases() -> None:
    for case, style in (("purchases", "steps-pre"), ("subscription", "default")):
        curve = built(case).axes[0].get_lines()[0]
        assert curve.get_drawstyle() == style
        xs, ys = np.asarray(curve.get_xdata()), np.asarray(curve.get_ydata())
        assert (xs[0], ys[0]) == (0, 0.0)
        horizon = whole_ticks(len(result(case).curve))
        assert len(xs) == horizon + 1, "the line runs to the axis' end"
        assert horizon >= len(result(case).curve)


@pytest.mark.parametrize("months", [12, 13, 23, 29, 35, 37, 60, 70, 73, 120])
def test_the_x_axis_ends_on_a_labelled_month(months: int) -> None:
    horizon = whole_ticks(months)
    assert months <= horizon < months + month_step(months)
    assert horizon % month_step(horizon) == 0


def test_a_steps_payback_dot_sits_in_its_month_just_after_the_rise() -> None:
    inputs = Inputs(
        model=BUY,
        price=15_000,
        churn_percent=40,
        margin_percent=70,
        cac=16_000,
        purchases_per_year=2,
    )
    computed = compute(inputs)
    assert computed.payback_month == 7  # the 2nd purchase, made in month 7
    lines = result_figure(computed, texts()).axes[0].get_lines()
    dots = [np.asarray(line.get_xdata()) for line in lines if line.get_marker() == "o"]
    [dot] = [xs for xs in dots if xs.size == 1]
    curve = np.asarray(lines[0].get_xdata())
    assert 7 in curve.tolist()  # the curve's month 7 value is held over (6, 7]
    assert 6 < float(dot[0]) < 7, "between the rise at 6 and the end of month 7"


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    model=st.sampled_from([SUB, BUY]),
    price=st.floats(1, 100_000_000),
    churn=st.floats(0.5, 100),
    margin=st.none() | st.floats(0, 100),
    cac=st.floats(0, 100_000_000),
    per_year=st.floats(0.1, 52),
)
# Found by this test: CAC just under LTV, the payback label's only spot free of lines lay
# over the CAC label, and overlapping a label weighed no more than an arrow across one.
@example(model=SUB, price=59_104_405.0, churn=42.0, margin=48.0, cac=63_882_367.0, per_year=1.0)
def test_labels_stay_inside_and_apart_for_any_inputs(
    model: BusinessModel,
    price: float,
    churn: float,
    margin: float | None,
    cac: float,
    per_year: float,
) -> None:
    inputs = make_inputs(model, price, churn, cac, per_year, margin)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = result_figure(compute(inputs), texts())
    assert_labels_inside_and_apart(figure)


# --------------------------------------------------------------------------- realized


REALIZED = (9000.0, 10_500.0, 13_900.0, 16_400.0, 18_100.0, 18_700.0, 21_600.0)
"""Revenue per buyer by the end of months 1…7 of an orders export."""


@pytest.mark.parametrize(
    ("margin", "entry"),
    [(60, f"по вашим данным (выручка × маржа 60{NBSP}%)"), (None, "по вашим данным")],
)
def test_a_result_from_orders_shows_their_curve_beside_the_models(
    margin: float | None, entry: str
) -> None:
    inputs = make_inputs(BUY, price=9500, churn=15, cac=3000, per_year=4, margin=margin)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert size(result_chart(compute(inputs), texts(), REALIZED)) == (1080, 1350)
        figure = result_figure(compute(inputs), texts(), REALIZED)
    [legend] = figure.legends
    shown = [text.get_text() for text in legend.get_texts()]
    assert shown == ["модель", entry]
    data = legend.legend_handles[1]
    assert isinstance(data, Line2D)
    drawn = [line for line in figure.axes[0].get_lines() if line.get_color() == data.get_color()]
    [line] = drawn
    share = 1.0 if margin is None else margin / 100
    assert np.asarray(line.get_ydata()).tolist() == [
        0.0,
        *(v * share for v in REALIZED),
    ]  # same basis
    assert smallest_type_on_phone(figure) >= READABLE_PT
    assert_labels_inside_and_apart(figure)


def test_a_typed_result_has_no_legend() -> None:
    assert built("purchases").legends == []


def test_every_word_beside_a_realized_curve_comes_from_the_ftl() -> None:
    figure = result_figure(result("subscription"), sentinel_texts(), REALIZED)
    words = [t.get_text() for t in chart_texts(figure) if not NUMBER.match(t.get_text())]
    assert all(SENTINEL.match(word) for word in words), words
    assert {"⟦chart-model⟧", "⟦chart-realized-margin⟧"} <= set(words)
