"""A header over two rows: a group cell (营业收入(亿元)) merged over its columns with the periods in the
row below (2023年报, 2024三季报), as iFinD sheets and the workbench's own comparison .xlsx write it.
Each column is read as its group and its period; a second header row that cannot be combined is
named as such, with how to fix it, the store unchanged.

Through the command line on a demo store; the truth is the file's cells and the store read with
sqlite3."""

from __future__ import annotations

import sqlite3
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from import_testing import dump_tables

from workbench.cli import main

YI = Decimal(100_000_000)


def _facts(path: Path) -> dict:
    con = sqlite3.connect(path)
    try:
        return {(t, m, p): v for t, m, p, v in con.execute("SELECT ticker, metric, period, value FROM facts")}
    finally:
        con.close()


def _run(capsys, argv) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


def _merged(path: Path, rows: list[list], merges: list[str], second: list) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["证券代码", "证券简称", "营业收入(亿元)", None, "归母净利润(亿元)", None])
    ws.append(second)
    for r in merges:
        ws.merge_cells(r)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


ROWS = [["300493.SZ", "润欣科技", 21.7, 19.3, 0.5, 0.4], ["688018.SH", "乐鑫科技", 14.4, 14.7, 1.5, 2.6]]
PERIODS = {2: ("revenue", "2023A"), 3: ("revenue", "2024Q1-Q3"), 4: ("net_profit", "2023A"),
           5: ("net_profit", "2024Q1-Q3")}


@pytest.mark.parametrize("second", [
    [None, None, "2023年报", "2024三季报", "2023年报", "2024三季报"],
    [None, None, "2023A", "24Q1-Q3", "2023A", "24Q1-Q3"],
    [None, None, 2023, "24Q1-Q3", 2023, "2024三季报"],   # a year typed as a number
])
def test_a_merged_group_header_over_periods_imports(db, tmp_path, capsys, second):
    path = _merged(tmp_path / "merged2.xlsx", ROWS, ["A1:A2", "B1:B2", "C1:D1", "E1:F1"], second)
    code, text = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    assert code == 0, text
    facts = _facts(db)
    for row in ROWS:
        for col, (metric, period) in PERIODS.items():
            assert Decimal(repr(facts[(row[0], metric, period)])) == Decimal(repr(row[col])) * YI
    con = sqlite3.connect(db)
    cols = {c for (c,) in con.execute("SELECT src_col FROM facts WHERE ticker = '300493.SZ' AND metric = 'revenue' "
                                      "AND period = '2024Q1-Q3'")}
    rows = {r for (r,) in con.execute("SELECT src_row FROM facts WHERE ticker = '688018.SH' AND metric = 'revenue' "
                                      "AND period = '2024Q1-Q3'")}
    con.close()
    (col,) = cols
    assert col.startswith("营业收入(亿元)") and col.endswith(str(second[3]))  # both rows of the header
    assert rows == {4}  # the Excel row of the cell


def test_a_two_row_header_in_a_csv_imports(db, tmp_path, capsys):
    path = tmp_path / "merged2.csv"
    path.write_bytes("\r\n".join(["证券代码,证券简称,营业收入(亿元),,归母净利润(亿元),",
                                  ",,2023年报,2024三季报,2023年报,2024三季报",
                                  *(",".join(map(str, r)) for r in ROWS)]).encode("utf-8"))
    code, text = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    assert code == 0, text
    facts = _facts(db)
    for row in ROWS:
        for col, (metric, period) in PERIODS.items():
            assert Decimal(repr(facts[(row[0], metric, period)])) == Decimal(str(row[col])) * YI


def test_a_second_header_row_that_names_no_period_says_so(db, tmp_path, capsys):
    path = _merged(tmp_path / "bad2.xlsx", ROWS, ["C1:D1", "E1:F1"], [None, None, "本期", "上期", "本期", "上期"])
    before = dump_tables(db)
    code, text = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    assert code == 1
    assert "bad2.xlsx" in text and "两行" in text and "spans two rows" in text and "第 2 行" in text
    assert dump_tables(db) == before


def test_a_data_row_with_an_empty_ticker_is_not_taken_for_a_header(db, tmp_path, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["证券代码", "证券简称", "营业收入(亿元)2023年报"])
    ws.append([None, "润欣科技", 2023])
    ws.append(["688018.SH", "乐鑫科技", 14.4])
    wb.save(tmp_path / "gap.xlsx")
    before = dump_tables(db)
    code, text = _run(capsys, ["import", str(tmp_path / "gap.xlsx"), "--db", str(db), "--as-of", "2024-12-30"])
    assert code == 1 and "第 2 行" in text and "代码为空" in text
    assert dump_tables(db) == before


def _export(db: Path, tmp_path: Path) -> Path:
    out = tmp_path / "table.xlsx"
    assert main(["export", "1", "--db", str(db), "-o", str(out)]) == 0
    return out


def _printed(kind_cell) -> Decimal:
    return Decimal(repr(kind_cell))


def test_the_comparison_xlsx_headers_are_read_as_its_figures(db, tmp_path, capsys):
    """Every figure column of the workbench's own comparison .xlsx is named by its group and period:
    no "no period" problem is left, and its unit line at the bottom is no row of data."""
    path = _export(db, tmp_path)
    capsys.readouterr()
    code, text = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30", "--amount-unit", "亿元",
                               "--dry-run"])
    assert "没有报告期" not in text and "no period" not in text
    assert "第 3 行" not in text  # the row of periods is a header row, not a company without a ticker
    assert "代码为空" not in text  # nor is the line 单位：亿元 at the bottom


def test_the_comparison_xlsx_round_trips(db, tmp_path, capsys):
    path = _export(db, tmp_path)
    ws = openpyxl.load_workbook(path).active
    before = _facts(db)
    capsys.readouterr()
    code, text = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30", "--amount-unit", "亿元"])
    assert code == 0, text
    after = _facts(db)
    # every printed amount read back is the stored figure at the sheet's precision
    for r in ws.iter_rows(min_row=4, values_only=True):
        if r[1] and isinstance(r[3], (int, float)):
            stored = Decimal(repr(before[(r[1], "revenue", "2023A")])) / YI
            assert Decimal(repr(after[(r[1], "revenue", "2023A")])) / YI == _printed(r[3])
            assert stored.quantize(Decimal("0.1"), ROUND_HALF_UP) == _printed(r[3])
