"""``python -m core``: one JSON object for valid input, one Russian line and exit 2 otherwise."""

import json
import subprocess
import sys

import pytest

from core.__main__ import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_repeat_purchases_in_russian_number_forms(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        *("--model", "purchases", "--price", "10 000 ₽", "--churn", "70 %"),
        *("--margin", "0,6", "--cac", "7 тыс", "--per-year", "2"),
    )
    assert code == 0
    figures = json.loads(out)
    assert figures["ltv"] == 8571.43
    assert figures["payback_payment"] == 2
    assert figures["payback_month"] == 7
    assert figures["by_revenue"] is False
    assert figures["verdict"] == "thin"
    assert figures["simple_payback_months"] == 7.0  # ceil(7 000 / 6 000) = payment 2, month 7
    assert figures["cash_3_months"] == 6000  # the first purchase only (one every 6 months)
    assert figures["cash_12_months"] == 7800  # and the 30 % who buy a second time
    for key in (
        "revenue_per_client",
        "purchases",
        "lifetime_months",
        "ltv_cac",
        "net_value",
        "simple_payback_months",
        "breakeven_cac",
    ):
        assert isinstance(figures[key], float)


def test_ltv_alone_without_cac(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--model", "subscription", "--price", "100", "--churn", "5")
    figures = json.loads(out)
    assert code == 0
    assert figures["ltv"] == 2000, "ChartMogul's example gives no CAC"
    assert figures["cash_3_months"] == 285.25, "100 + 95 + 90,25: needs no CAC"
    for key in ("ltv_cac", "net_value", "payback_month", "verdict", "simple_payback_months"):
        assert figures[key] is None, key
    assert figures["to_target"] == []
    assert all(lever["ltv_cac"] is None for lever in figures["levers"])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--price", "100"], "Не хватает параметров: --model, --churn"),
        (["--model", "club", "--price", "1", "--churn", "5"], "Ошибка в --model: «club»"),
        (["--model", "subscription", "--price", "1", "--churn", "5", "--x", "1"], "--x 1"),
        (["--model", "subscription", "--price"], "Ошибка в --price"),
        (["import"], "Не хватает параметров: file"),
    ],
)
def test_wrong_options_are_one_russian_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    with pytest.raises(SystemExit) as refused:
        main(argv)
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [err.strip()], "one line"
    assert expected in err
    assert "error" not in err and "usage" not in err, "not argparse's English"


def test_skipped_margin_and_zero_cac(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--model", "subscription", "--price", "100", "--churn", "5", "--cac", "0"
    )
    figures = json.loads(out)
    assert code == 0
    assert figures["ltv"] == 2000
    assert figures["by_revenue"] is True
    assert figures["ltv_cac"] is None
    assert figures["payback_month"] == 1


def test_never_pays_back_gives_null(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--model", "subscription", "--price", "1000", "--churn", "50", "--cac", "5к"
    )
    figures = json.loads(out)
    assert code == 0
    assert figures["payback_month"] is None
    assert figures["payback_payment"] is None
    assert figures["verdict"] == "loss"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--price", "абв", "--churn", "5", "--cac", "1"], "--price"),
        (["--price", "100", "--churn", "0", "--cac", "1"], "--churn"),
        (["--price", "100", "--churn", "5", "--cac", "-1"], "--cac"),
        (["--price", "1e400", "--churn", "5", "--cac", "1"], "--price"),
    ],
)
def test_invalid_input_is_one_russian_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, out, err = run(capsys, "--model", "subscription", *argv)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert expected in lines[0]
    assert any("а" <= ch <= "я" for ch in lines[0].lower())
    assert "Traceback" not in err


def test_repeat_purchases_without_frequency_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        capsys, "--model", "purchases", "--price", "100", "--churn", "5", "--cac", "1"
    )
    assert code == 2
    assert "--per-year" in err


def test_runs_as_a_module() -> None:
    argv = ["--model", "subscription", "--price", "200", "--churn", "2", "--margin", "80"]
    done = subprocess.run(
        [sys.executable, "-m", "core", *argv, "--cac", "1000"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["ltv_cac"] == 8.0
