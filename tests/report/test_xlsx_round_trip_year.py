"""The comparison .xlsx imports back as written, with no option: its title gives the 截至 date with its
year (科技重点公司对比（截至2024年12月29日）), so the 年初至今 column's year is known, and nothing in the
store changes. The PDF's table title keeps its short form.

Through the command line (``main``) on the demo store; the truth is the store's facts read with sqlite3
before and after, and the workbook's cells read with openpyxl."""

from __future__ import annotations

import sqlite3

import openpyxl

from workbench.cli import main


def _facts(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT ticker, metric, period, value FROM facts ORDER BY 1, 2, 3").fetchall()


def test_the_exported_table_imports_back_with_no_option(demo_path, tmp_path, capsys):
    db = str(demo_path)
    xlsx = tmp_path / "t.xlsx"
    assert main(["export", "1", "--db", db, "-o", str(xlsx)]) == 0
    title = openpyxl.load_workbook(xlsx).active["A1"].value
    with sqlite3.connect(db) as conn:
        as_of = conn.execute("SELECT json_extract(content, '$.table.as_of') FROM issues WHERE id = 1").fetchone()[0]
    year, month, day = (int(x) for x in as_of.split("-"))
    assert f"截至{year}年{month}月{day}日" in title, title
    before = _facts(db)
    capsys.readouterr()
    code = main(["import", str(xlsx), "--db", db])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert _facts(db) == before
