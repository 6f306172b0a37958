"""`trace INDEX change` says what the market review prints: a change measured from a close older
than last week's last trading day (a missing Friday) is named by its base (较12月18日收盘涨跌幅), never
called 周涨跌幅, and its arithmetic names both closes.

Through the command line (``main``) on the demo store; the truth is the closes the test writes and the
demo's own quote file, with decimal arithmetic."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from workbench.cli import main

DEMO_QUOTES = Path(__file__).resolve().parents[2] / "resources" / "demo" / "index_quotes.csv"


def _demo_close(code: str, day: str) -> Decimal:
    with open(DEMO_QUOTES, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            values = list(row.values())
            if code in values and day in values:
                return Decimal(next(v for k, v in row.items() if "close" in k.lower() or "收盘" in k))
    raise AssertionError(f"{code} {day} not in the demo's quotes")


def test_a_change_from_a_midweek_base_is_traced_by_its_base(demo_path, tmp_path, capsys):
    db = str(demo_path)
    prev = tmp_path / "prev.csv"
    prev.write_text("代码,名称,日期,收盘价\n399001.SZ,深证成指,2024-12-18,10500.00\n"
                    "000001.SH,上证指数,2024-12-20,3368.07\n", encoding="utf-8")
    assert main(["import", str(prev), "--db", db]) == 0
    capsys.readouterr()
    assert main(["trace", "深证成指", "change", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    close = _demo_close("399001.SZ", "2024-12-27")
    expected = ((close / Decimal("10500.00") - 1) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert "较12月18日收盘涨跌幅" in lines[0] and "周涨跌幅" not in lines[0], lines[0]
    assert lines[0].rstrip().endswith(f"{expected:+}%"), (lines[0], expected)
    assert "(2024-12-18)" in lines[1] and "10500.00" in lines[1]


def test_a_change_from_last_weeks_last_day_is_still_the_weekly_change(demo_path, capsys):
    assert main(["trace", "上证指数", "change", "--db", str(demo_path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "周涨跌幅 (weekly change)" in first
