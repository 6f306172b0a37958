"""A quotes file naming an index by its bare code (000905) lands on the stored index whose code is
that number with an exchange suffix (000905.SH, 中证500) when exactly one stored index has that
number and the file's name, if any, is the stored name or one of its known spellings; two stored
indices with that number are refused naming both, nothing changed. The same for a quotes .xlsx
(000905 as text, or typed as a number that Excel shows as 905).

Through the command line, on a demo store holding the seed's quotes; the truth is the file's cells
and the store read with sqlite3."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest

from import_testing import dump_tables

from workbench.cli import main

SEED = Path(__file__).resolve().parents[2] / "resources" / "demo" / "index_quotes.csv"  # the reference issue's quotes


def _sql(path: Path, sql: str, params=()) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _csv(path: Path, *lines: str) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


@pytest.fixture
def db(tmp_path):
    """The demo store with the seed's quotes and 中证500 stored as 000905.SH (one week)."""
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--force"]) == 0
    assert main(["import", str(SEED), "--db", str(path)]) == 0
    first = _csv(tmp_path / "csi500.csv", "指数代码,指数简称,交易日期,收盘价", "000905.SH,中证500,2024-12-20,5600.5")
    assert main(["import", str(first), "--db", str(path)]) == 0
    assert _sql(path, "SELECT code, name FROM indices WHERE code LIKE '000905%'") == [("000905.SH", "中证500")]
    return path


def _csi500_quotes(path: Path) -> list[tuple]:
    return _sql(path, "SELECT i.code, i.name, q.date, q.close FROM quotes q JOIN indices i ON i.id = q.index_id "
                      "WHERE i.code LIKE '000905%' OR i.name LIKE '%500%' ORDER BY q.date")


@pytest.mark.parametrize("name", ["中证500", "中证500指数", "CSI500", "CSI 500 Index"])
def test_bare_code_with_the_stored_name_or_a_known_spelling_lands_on_the_suffixed_index(db, tmp_path, name):
    count = _sql(db, "SELECT count(*) FROM indices")
    path = _csv(tmp_path / "idx.csv", "指数代码,指数简称,交易日期,收盘价", f"000905,{name},2024-12-27,5620.1")
    assert main(["import", str(path), "--db", str(db)]) == 0
    assert _sql(db, "SELECT count(*) FROM indices") == count
    assert _csi500_quotes(db) == [("000905.SH", "中证500", "2024-12-20", 5600.5),
                                  ("000905.SH", "中证500", "2024-12-27", 5620.1)]


def test_bare_code_without_a_name_lands_on_the_suffixed_index(db, tmp_path):
    path = _csv(tmp_path / "idx.csv", "指数代码,交易日期,收盘价", "000905,2024-12-27,5620.1")
    assert main(["import", str(path), "--db", str(db)]) == 0
    assert _csi500_quotes(db) == [("000905.SH", "中证500", "2024-12-20", 5600.5),
                                  ("000905.SH", "中证500", "2024-12-27", 5620.1)]


@pytest.mark.parametrize("cell", ["000905", 905])
def test_xlsx_index_code_resolves_as_a_csv_does(db, tmp_path, cell):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指数代码", "指数简称", "交易日期", "收盘价"])
    ws.append([cell, "中证500", "2024-12-27", 5620.1])
    path = tmp_path / "idx.xlsx"
    wb.save(path)
    assert main(["import", str(path), "--db", str(db)]) == 0
    assert _csi500_quotes(db) == [("000905.SH", "中证500", "2024-12-20", 5600.5),
                                  ("000905.SH", "中证500", "2024-12-27", 5620.1)]


@pytest.mark.parametrize("with_name", [True, False])
def test_two_stored_indices_with_the_number_are_refused_naming_both(db, tmp_path, capsys, with_name):
    other = _csv(tmp_path / "other.csv", "指数代码,指数简称,交易日期,收盘价", "000001.SZ,深证某样本指数,2024-12-20,1000.5")
    assert main(["import", str(other), "--db", str(db)]) == 0
    assert sorted(_sql(db, "SELECT code FROM indices WHERE code LIKE '000001.%'")) == [("000001.SH",), ("000001.SZ",)]
    before = dump_tables(db)
    lines = (["指数代码,指数简称,交易日期,收盘价", "000001,上证指数,2024-12-27,3400.14"] if with_name
             else ["指数代码,交易日期,收盘价", "000001,2024-12-27,3400.14"])
    path = _csv(tmp_path / "idx.csv", *lines)
    capsys.readouterr()
    assert main(["import", str(path), "--db", str(db)]) != 0
    out = capsys.readouterr()
    text = out.out + out.err
    assert dump_tables(db) == before
    line = next(x for x in text.splitlines() if "000001.SH" in x)
    assert "000001.SZ" in line and "上证指数" in line and "深证某样本指数" in line


def test_bare_code_named_as_another_stored_index_is_refused(db, tmp_path, capsys):
    """000905 with the name 创业板指 (stored as 399006.SZ): a code or a name typed wrong, asked."""
    before = dump_tables(db)
    path = _csv(tmp_path / "idx.csv", "指数代码,指数简称,交易日期,收盘价", "000905,创业板指,2024-12-27,5620.1")
    assert main(["import", str(path), "--db", str(db)]) != 0
    out = capsys.readouterr()
    assert dump_tables(db) == before
    text = out.out + out.err
    assert "000905" in text and "创业板指" in text and "中证500" in text


def test_bare_code_with_an_unknown_name_asks_and_the_answers_work(db, tmp_path, capsys):
    """000905 named 中证小盘500 (no stored index has that name): the import stops naming 000905.SH;
    --same-index puts the quotes on 中证500, --new-index creates the index as written."""
    before = dump_tables(db)
    path = _csv(tmp_path / "idx.csv", "指数代码,指数简称,交易日期,收盘价", "000905,中证小盘500,2024-12-27,5620.1")
    assert main(["import", str(path), "--db", str(db)]) != 0
    out = capsys.readouterr()
    assert dump_tables(db) == before
    text = out.out + out.err
    assert "000905.SH" in text and "中证小盘500" in text and "中证500" in text
    assert main(["import", str(path), "--db", str(db), "--same-index", "中证小盘500=000905"]) == 0
    assert _csi500_quotes(db) == [("000905.SH", "中证500", "2024-12-20", 5600.5),
                                  ("000905.SH", "中证500", "2024-12-27", 5620.1)]


def test_bare_code_with_an_unknown_name_confirmed_new_is_kept_as_written(db, tmp_path):
    path = _csv(tmp_path / "idx.csv", "指数代码,指数简称,交易日期,收盘价", "000905,中证小盘500,2024-12-27,5620.1")
    assert main(["import", str(path), "--db", str(db), "--new-index", "中证小盘500"]) == 0
    assert sorted(_sql(db, "SELECT code, name FROM indices WHERE code LIKE '000905%'")) == [
        ("000905", "中证小盘500"), ("000905.SH", "中证500")]


def test_bare_code_without_a_suffixed_twin_is_kept_as_written(db, tmp_path):
    path = _csv(tmp_path / "idx.csv", "指数代码,指数简称,交易日期,收盘价", "000852,中证1000,2024-12-27,6010.2")
    assert main(["import", str(path), "--db", str(db)]) == 0
    assert _sql(db, "SELECT code, name FROM indices WHERE name = '中证1000'") == [("000852", "中证1000")]


def test_index_merge_names_an_index_by_its_bare_code(db, tmp_path, capsys):
    """`workbench index` takes 000905 for the one stored 000905.SH."""
    path = _csv(tmp_path / "idx.csv", "指数代码,指数简称,交易日期,收盘价", "000905,中证小盘500,2024-12-27,5620.1")
    assert main(["import", str(path), "--db", str(db), "--new-index", "中证小盘500"]) == 0
    # the bare code now names a stored index exactly: that one, not the suffixed one
    assert main(["index", "code", "000905", "000906.SH", "--db", str(db)]) == 0
    assert _sql(db, "SELECT code FROM indices WHERE name = '中证小盘500'") == [("000906.SH",)]
    assert main(["index", "merge", "000905", "000906", "--db", str(db)]) == 0
    assert _csi500_quotes(db) == [("000905.SH", "中证500", "2024-12-20", 5600.5),
                                  ("000905.SH", "中证500", "2024-12-27", 5620.1)]
