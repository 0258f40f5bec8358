"""Command line: ``python -m core --model subscription --price "3 000" --churn 5 --cac 5000``.

Prints one JSON object with every figure; on invalid input — a number, a missing or
unknown option — prints one Russian line to stderr and exits with code 2. Numbers
accept the same Russian forms as the bot (``10 000``, ``10к``, ``1,5 млн``, ``35 %``).
``--cac`` may be left out (published LTV examples give none): the figures that need it
(LTV/CAC, payback, net value, verdict, targets) are then ``null``.

The keys: ``model``, ``by_revenue`` (margin skipped: money figures are revenue, not
profit); ``ltv`` and ``revenue_per_client`` over a client's lifetime; the cash horizon
``cash_3_months`` and ``cash_12_months`` — what a client brings by the end of month 3
and 12 (profit, or revenue when ``by_revenue``; before CAC); ``purchases``,
``lifetime_months``; ``ltv_cac``, ``net_value`` (LTV − CAC), ``payback_payment``,
``payback_month``, ``no_payback_reason``, ``simple_payback_months`` (churn ignored),
``breakeven_cac`` (LTV / 3), ``verdict``; ``levers`` and ``to_target``. Money is in
roubles to the kopeck.

``python -m core import FILE [--as-of YYYY-MM-DD]`` reads an orders export
(CSV or XLSX) and prints its figures as one JSON object; a file that cannot
give them gets the bot's Russian explanation on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from core.economics import compute
from core.models import BusinessModel, Inputs, InvalidInput, Result
from core.parsing import ParseError, parse_count, parse_money, parse_percent
from l10n import Texts

OPTION_OF_FIELD = {
    "price": "--price",
    "churn_percent": "--churn",
    "margin_percent": "--margin",
    "cac": "--cac",
    "purchases_per_year": "--per-year",
}


class _Parser(argparse.ArgumentParser):
    """argparse whose refusals are one Russian line (its own are English), exit code 2."""

    def error(self, message: str) -> NoReturn:
        texts = Texts.load()
        if message.startswith("the following arguments are required: "):
            missing = message.removeprefix("the following arguments are required: ")
            line = texts.msg("cli-missing", options=missing, prog=self.prog)
        elif message.startswith("unrecognized arguments: "):
            unknown = message.removeprefix("unrecognized arguments: ")
            line = texts.msg("cli-unknown", options=unknown, prog=self.prog)
        elif (choice := _INVALID_CHOICE.match(message)) is not None:
            line = texts.msg("cli-choice", option=choice["option"], value=choice["value"])
        elif (value := _NEEDS_VALUE.match(message)) is not None:
            line = texts.msg("cli-no-value", option=value["option"])
        else:
            line = texts.msg("cli-usage", usage=self.format_usage().strip())
        self.exit(2, line + "\n")


_INVALID_CHOICE = re.compile(r"argument (?P<option>\S+): invalid choice: '(?P<value>[^']*)'")
_NEEDS_VALUE = re.compile(r"argument (?P<option>\S+): expected one argument")


class _Refused(Exception):
    def __init__(self, option: str, code: str) -> None:
        super().__init__(option, code)
        self.option = option
        self.code = code


def _arguments() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m core", description=__doc__)
    parser.add_argument("--model", choices=[m.value for m in BusinessModel], required=True)
    parser.add_argument("--price", required=True, help="price per month or average check, ₽")
    parser.add_argument("--churn", required=True, help="churn per cycle, percent")
    parser.add_argument("--margin", help="gross margin, percent (omit: figures by revenue)")
    parser.add_argument("--cac", help="cost of acquiring one client, ₽ (omit: LTV alone)")
    parser.add_argument("--per-year", help="purchases per year (repeat-purchase model)")
    return parser


def _parsed(option: str, text: str | None, parse: Callable[[str], float]) -> float | None:
    if text is None:
        return None
    try:
        return parse(text)
    except ParseError as error:
        raise _Refused(option, error.code.value) from None


def inputs_from_arguments(args: argparse.Namespace) -> Inputs:
    """Parse the options as Russian numbers and validate them; raise ``_Refused``."""
    try:
        return Inputs.checked(
            model=args.model,
            price=_parsed("--price", args.price, parse_money),
            churn_percent=_parsed("--churn", args.churn, parse_percent),
            margin_percent=_parsed("--margin", args.margin, parse_percent),
            cac=_parsed("--cac", args.cac, parse_money) or 0.0,
            purchases_per_year=_parsed("--per-year", args.per_year, parse_count),
        )
    except InvalidInput as error:
        raise _Refused(OPTION_OF_FIELD.get(error.field, error.field), error.code.value) from None


def summary(result: Result, *, with_cac: bool = True) -> dict[str, Any]:
    """The figures as JSON: money to the kopeck, other numbers to four decimals; without a
    CAC (``with_cac=False``) the figures that need one are ``None``."""
    figures = _figures(result)
    if not with_cac:
        for key in _NEED_CAC:
            figures[key] = None
        figures["to_target"] = []
        for lever in figures["levers"]:
            lever["ltv_cac"] = lever["payback_month"] = None
    return figures


_NEED_CAC = (
    "ltv_cac",
    "net_value",
    "payback_payment",
    "payback_month",
    "no_payback_reason",
    "simple_payback_months",
    "verdict",
)


def _figures(result: Result) -> dict[str, Any]:

    def money(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    def number(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {
        "model": result.inputs.model.value,
        "by_revenue": result.by_revenue,
        "ltv": money(result.ltv),
        "revenue_per_client": money(result.revenue_per_client),
        "cash_3_months": money(result.cash_3_months),
        "cash_12_months": money(result.cash_12_months),
        "purchases": number(result.purchases),
        "lifetime_months": number(result.lifetime_months),
        "ltv_cac": number(result.ltv_cac),
        "net_value": money(result.net_value),
        "payback_payment": result.payback_payment,
        "payback_month": result.payback_month,
        "no_payback_reason": result.no_payback_reason,
        "simple_payback_months": number(result.simple_payback_months),
        "breakeven_cac": money(result.breakeven_cac),
        "verdict": result.verdict.value,
        "levers": [
            {
                "kind": lever.kind.value,
                "ltv": money(lever.after.ltv),
                "ltv_cac": number(lever.after.ltv_cac),
                "payback_month": lever.after.payback_month,
            }
            for lever in result.levers
        ],
        "to_target": [
            {"kind": t.kind.value, "value": money(t.value), "feasible": t.feasible}
            for t in result.to_target
        ],
    }


def import_command(argv: Sequence[str]) -> int:
    """``import FILE``: the figures of an orders export as JSON; return the exit code."""
    from core.orders import MAX_BYTES, OrdersError, analysis_json, error_message, import_orders

    parser = _Parser(
        prog="python -m core import", description="figures of an orders export (CSV or XLSX)"
    )
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--as-of", type=date.fromisoformat, help="the export's day, YYYY-MM-DD (default: latest)"
    )
    args = parser.parse_args(argv)
    texts = Texts.load()
    try:
        with args.file.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError:
        print(texts.msg("orders-cli-unreadable", path=str(args.file)), file=sys.stderr)
        return 2
    try:
        analysis = import_orders(data, args.file.name, as_of=args.as_of)
    except OrdersError as error:
        print(error_message(error, texts), file=sys.stderr)
        return 2
    print(json.dumps(analysis_json(analysis), ensure_ascii=False))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["import"]:
        return import_command(arguments[1:])
    args = _arguments().parse_args(arguments)
    try:
        inputs = inputs_from_arguments(args)
    except _Refused as refused:
        texts = Texts.load()
        reason = texts.msg(f"error-{refused.code.replace('_', '-')}")
        print(texts.msg("cli-error", option=refused.option, reason=reason), file=sys.stderr)
        return 2
    figures = summary(compute(inputs), with_cac=args.cac is not None)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


def run() -> int:
    """:func:`main`, quiet when the reader of its output leaves early (``… | head``)."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # As Unix tools do: stop without a traceback, and keep Python's own flush at
        # exit from reporting the closed pipe again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


if __name__ == "__main__":
    raise SystemExit(run())
