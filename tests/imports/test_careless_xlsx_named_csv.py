"""An Excel workbook saved under a .csv (or .txt) name is read as the workbook it is, its cells
imported, and the summary says it was read as an Excel workbook; a damaged one is still refused,
the store unchanged.

Through the command line, on a demo store; the truth is the workbook's cells, read with
sqlite3 from the store."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from import_testing import dump_tables, stored_value

from workbench.cli import main

YI = Decimal(100_000_000)


ROWS = [["300493.SZ", "润欣科技", 19.35, 0.45], ["688018.SH", "乐鑫科技", 14.75, 2.65],
        ["002475.SZ", "立讯精密", 1771.95, 95.05]]


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["证券代码", "证券简称", "营业收入(亿元)2024三季报", "归母净利润(亿元)2024三季报"])
    for r in ROWS:
        ws.append(r)
    wb.save(path)
    return path


@pytest.mark.parametrize("name", ["week.csv", "week.txt", "WEEK.CSV"])
def test_an_xlsx_named_csv_is_read_as_a_workbook(db, tmp_path, capsys, name):
    path = _workbook(tmp_path / name)
    assert path.read_bytes()[:4] == b"PK\x03\x04"
    capsys.readouterr()
    code = main(["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 0, text
    for ticker, _name, revenue, profit in ROWS:
        assert Decimal(repr(stored_value(db, ticker, "revenue", "2024Q1-Q3"))) == Decimal(repr(revenue)) * YI
        assert Decimal(repr(stored_value(db, ticker, "net_profit", "2024Q1-Q3"))) == Decimal(repr(profit)) * YI
    line = next(x for x in text.splitlines() if "Excel" in x)
    assert name in line and "工作簿" in line and "workbook" in line


def test_an_xlsx_named_csv_previews_as_a_workbook(db, tmp_path, capsys):
    """--dry-run reads the same cells and writes nothing."""
    path = _workbook(tmp_path / "week.csv")
    before = dump_tables(db)
    capsys.readouterr()
    code = main(["import", str(path), "--db", str(db), "--as-of", "2024-12-30", "--dry-run"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert "Excel" in out.out + out.err
    assert dump_tables(db) == before


def test_a_damaged_workbook_named_csv_is_refused(db, tmp_path, capsys):
    good = _workbook(tmp_path / "good.xlsx").read_bytes()
    path = tmp_path / "cut.csv"
    path.write_bytes(good[: len(good) // 2])  # a zip cut in half: no central directory
    before = dump_tables(db)
    capsys.readouterr()
    code = main(["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    out = capsys.readouterr()
    assert code != 0
    text = out.out + out.err
    assert "cut.csv" in text and "Excel" in text
    assert dump_tables(db) == before
