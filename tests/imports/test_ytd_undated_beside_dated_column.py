"""A wide file whose close column carries its date in brackets (`收盘价(元)[2025-01-03]`, as the QA's
valuation_20250103.xlsx) is dated by it, as a [交易日期] tag dates one: the closes are that day's, not
the file's modification time's, and the 年初至今 column beside it is that year's; it was refused with
"文件中没有数据日期" though the file states its date. A year-end date in such a bracket names the close's
day, never the report period 2024A. Through the command line; the truth is the file's cells and the
store read with sqlite3."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

from workbench.cli import main

YTD = "年初至今涨跌幅(%)"
ROWS = [("300493.SZ", "润欣科技", 124.4, 88.78, -3.39), ("688018.SH", "乐鑫科技", 170.74, 54.78, -5.39)]
MODIFIED = datetime(2025, 3, 14, 12, 0).timestamp()  # copied long after the week it describes


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.sqlite"
    assert main(["demo", "--db", str(path), "--force"]) == 0
    return path


def _valuation(tmp_path, day: str):
    path = tmp_path / f"valuation_{day.replace('-', '')}.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["证券代码", "证券简称", f"收盘价(元)[{day}]", "PE 2025E", YTD])
    for row in ROWS:
        ws.append(list(row))
    wb.save(path)
    os.utime(path, (MODIFIED, MODIFIED))
    return path


def _stored(db, ticker):
    con = sqlite3.connect(db)
    try:
        return {(m, p): (v, a) for m, p, v, a in con.execute(
            "SELECT metric, period, value, as_of FROM facts WHERE ticker = ? AND metric IN ('close', 'ytd_return')",
            [ticker])}
    finally:
        con.close()


@pytest.mark.parametrize("day", ["2025-01-03", "2024-12-31"])
def test_the_bracketed_date_dates_the_closes_and_the_years_ytd(db, tmp_path, capsys, day):
    path = _valuation(tmp_path, day)
    capsys.readouterr()
    assert main(["import", str(path), "--db", str(db)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert f"截至 as of {day}" in out and "修改时间" not in out  # dated by the file, not by its time
    for ticker, _, close, _, ytd in ROWS:
        stored = _stored(db, ticker)
        assert stored[("close", day)] == (close, day)
        assert stored[("ytd_return", f"{day[:4]}YTD")] == (float(Decimal(str(ytd)) / 100), day)
        assert not any(p == f"{day[:4]}A" for _, p in stored)


def test_a_date_only_in_the_file_name_is_offered_as_the_as_of_to_give(db, tmp_path, capsys):
    """Nothing inside the file dates it, its name does (valuation_20250103.xlsx): the refusal says the
    name's date is not taken, and gives the --as-of that would take it; that --as-of imports it."""
    path = tmp_path / "valuation_20250103.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["证券代码", "证券简称", "PE 2025E", YTD])
    for ticker, name, _, pe, ytd in ROWS:
        wb.active.append([ticker, name, pe, ytd])
    wb.save(path)
    os.utime(path, (MODIFIED, MODIFIED))
    capsys.readouterr()
    assert main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "文件名中的日期 2025-01-03" in err and "--as-of 2025-01-03" in err and "2025-03-14" not in err
    assert main(["import", str(path), "--as-of", "2025-01-03", "--db", str(db)]) == 0
    for ticker, _, _, _, ytd in ROWS:
        assert _stored(db, ticker)[("ytd_return", "2025YTD")] == (float(Decimal(str(ytd)) / 100), "2025-01-03")
