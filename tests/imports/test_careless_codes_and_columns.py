"""An index code keeps its leading zeros in a CSV as in an .xlsx (000905 is never index 905), and
refusals quote the code as the file writes it; two columns of one row giving one figure
differently are refused naming both cells by column letter and header.

Through the command line, on a demo store; the truth is the file's cells and the store read with
sqlite3."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest

from import_testing import dump_tables, write_csv

from workbench.cli import main


def _index_codes(path: Path) -> dict:
    con = sqlite3.connect(path)
    try:
        return dict(con.execute("SELECT name, code FROM indices"))
    finally:
        con.close()


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_csv_index_code_keeps_its_leading_zeros(db, tmp_path, encoding):
    path = write_csv(tmp_path / "idx.csv", ["指数代码,指数简称,交易日期,收盘价", "000905,中证500,2024-12-27,5620.1"],
                      encoding)
    assert main(["import", str(path), "--db", str(db)]) == 0
    assert _index_codes(db)["中证500"] == "000905"


def test_csv_and_xlsx_give_one_index(db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指数代码", "指数简称", "交易日期", "收盘价"])
    ws.append(["000905", "中证500", "2024-12-26", 5600.5])
    xlsx = tmp_path / "idx.xlsx"
    wb.save(xlsx)
    csv = write_csv(tmp_path / "idx.csv", ["指数代码,指数简称,交易日期,收盘价", "000905,中证500,2024-12-27,5620.1"],
                     "utf-8")
    assert main(["import", str(xlsx), "--db", str(db)]) == 0
    assert main(["import", str(csv), "--db", str(db)]) == 0
    con = sqlite3.connect(db)
    rows = con.execute("SELECT i.code, q.date FROM quotes q JOIN indices i ON i.id = q.index_id "
                       "WHERE i.name = '中证500' ORDER BY q.date").fetchall()
    con.close()
    assert rows == [("000905", "2024-12-26"), ("000905", "2024-12-27")]


def test_refusal_quotes_the_code_as_written(db, tmp_path, capsys):
    """上证指数 is stored as 000001.SH; a file writing 000001 is asked about with 000001, never 1."""
    stored = _index_codes(db)["上证指数"]
    path = write_csv(tmp_path / "idx1.csv", ["指数代码,指数简称,交易日期,收盘价", "000001,上证指数,2024-12-27,3400.14"],
                      "gbk")
    before = dump_tables(db)
    code = main(["import", str(path), "--db", str(db)])
    out = capsys.readouterr()
    text = out.out + out.err
    if code == 0:  # resolved to the stored index: nothing new, no index 1
        assert _index_codes(db)["上证指数"] == stored
    else:
        assert dump_tables(db) == before
        assert "000001" in text.replace(stored, "")  # the cell as written, beside the stored code
        assert "'1'" not in text and "文件中为 1 " not in text and "gives 1)" not in text


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_conflicting_columns_of_one_row_named_by_letter_and_header(db, tmp_path, capsys, encoding):
    header = ["证券代码", "证券简称", "营业收入(亿元)2024三季报", "归母净利润(亿元)2024三季报", "营业收入(亿元)2024三季报"]
    path = write_csv(tmp_path / "rep.csv", [",".join(header), "300493.SZ,润欣科技,20.5,0.4,21.5"], encoding)
    before = dump_tables(db)
    assert main(["import", str(path), "--db", str(db), "--as-of", "2024-12-30"]) != 0
    out = capsys.readouterr()
    text = out.out + out.err
    assert dump_tables(db) == before
    line = next(x for x in text.splitlines() if "20.5" in x and "21.5" in x)
    assert "rep.csv" in text
    assert f"C 列“{header[2]}”" in line and f"E 列“{header[4]}”" in line
    assert line.index("C 列") < line.index("20.5") < line.index("E 列") < line.index("21.5")
