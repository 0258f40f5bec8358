"""``python -m core import FILE``: the figures as JSON, or the bot's Russian answer and exit 2."""

import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from core.__main__ import main
from tests.core.test_orders_fixtures import (
    csv_bytes,
    expected,
    getcourse_orders,
    getcourse_rows,
    people,
    xlsx_bytes,
)

ORDERS = getcourse_orders()
PERSONS = people(40, random.Random(1))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_prints_the_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "Заказы GetCourse.csv"
    path.write_bytes(csv_bytes(getcourse_rows(ORDERS, PERSONS)))
    code, out, err = run(capsys, "import", str(path))
    assert (code, err) == (0, "")
    figures = json.loads(out)
    truth = expected(ORDERS)
    assert figures["buyers"] == truth["buyers"]
    assert figures["revenue"] == truth["revenue"]
    assert figures["realized_ltv"] == truth["realized_ltv"]
    assert figures["as_of"] == "2024-06-30"
    assert figures["suggested"]["purchases_per_year"]["source"] == "median_gap"
    assert len(figures["cohorts"]) == len(truth["cohorts"])
    assert "client1@example.ru" not in out


def test_import_as_of_a_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "orders.xlsx"
    path.write_bytes(xlsx_bytes(getcourse_rows(ORDERS, PERSONS, typed=True)))
    code, out, _ = run(capsys, "import", str(path), "--as-of", "2023-12-31")
    assert code == 0
    figures = json.loads(out)
    assert figures["kind"] == "xlsx"
    assert figures["revenue"] == expected(ORDERS, as_of=date(2023, 12, 31))["revenue"]


def test_bad_file_gets_the_russian_answer_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes("Дата;Сумма;Статус\r\n01.01.2024;100;Оплачен\r\n".encode("cp1251"))
    code, out, err = run(capsys, "import", str(path))
    assert (code, out) == (2, "")
    assert "Не нашёл столбец с покупателем" in err
    assert "«Дата», «Сумма», «Статус»" in err
    assert "Traceback" not in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "import", str(tmp_path / "нет.csv"))
    assert (code, out) == (2, "")
    assert err.startswith("Не удалось открыть файл")


def test_the_calculator_options_still_work(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--model", "subscription", "--price", "100", "--churn", "5", "--cac", "0"
    )
    assert code == 0 and json.loads(out)["ltv"] == 2000


def test_import_runs_as_a_module(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(csv_bytes(getcourse_rows(ORDERS[:20], PERSONS), encoding="utf-8-sig"))
    done = subprocess.run(
        [sys.executable, "-m", "core", "import", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["paid_orders"] == expected(ORDERS[:20])["paid_orders"]


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    """``python -m core import FILE | head -c 10``: the figures stop quietly, as Unix tools do."""
    path = tmp_path / "orders.csv"
    path.write_bytes(csv_bytes(getcourse_rows(ORDERS[:20], PERSONS), encoding="utf-8-sig"))
    read, write = os.pipe()
    os.close(read)  # the reader is gone before a byte is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "core", "import", str(path)],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.close(write)
    assert done.returncode == 1
    assert done.stderr == ""
