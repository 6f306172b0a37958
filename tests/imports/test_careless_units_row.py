"""A units-only second header row (``,,亿元,亿元`` under the header, as Choice and iFinD export it):
the columns' units, never a data row (no "代码为空" on row 2) and never ignored (read as 元).

Through the command line on a demo store, with the QA's file; the truth is the file's cells times
the unit the second row states, read back with sqlite3."""

from __future__ import annotations

from decimal import Decimal

from import_testing import dump_tables, stored_value, write_csv

from workbench.cli import main

YI = Decimal(100_000_000)


def test_a_units_row_under_the_header_is_the_columns_units(db, tmp_path, capsys):
    path = write_csv(tmp_path / "unitrow.csv", ["代码,简称,营业收入2023年报,归母净利润2023年报", ",,亿元,亿元",
                                                "300493.SZ,润欣科技,21.6,0.4", "688018.SH,乐鑫科技,14.3,1.4"], "utf-8")
    code = main(["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    for ticker, metric, cell in (("300493.SZ", "revenue", "21.6"), ("300493.SZ", "net_profit", "0.4"),
                                 ("688018.SH", "revenue", "14.3"), ("688018.SH", "net_profit", "1.4")):
        assert Decimal(repr(stored_value(db, ticker, metric, "2023A"))) == Decimal(cell) * YI


def test_a_units_row_of_percent_and_multiples(db, tmp_path, capsys):
    path = write_csv(tmp_path / "pct.csv", ["代码,简称,营业收入(亿元)2023年报,营收同比2023年报,PE 2024E", ",,,%,倍",
                                            "300493.SZ,润欣科技,21.6,12.5,30.1", "688018.SH,乐鑫科技,14.3,-3.25,45"],
                     "utf-8")
    code = main(["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert Decimal(repr(stored_value(db, "300493.SZ", "revenue_yoy", "2023A"))) == Decimal("0.125")
    assert Decimal(repr(stored_value(db, "688018.SH", "revenue_yoy", "2023A"))) == Decimal("-0.0325")
    assert stored_value(db, "688018.SH", "pe", "2024E") == 45


def test_a_units_row_disagreeing_with_the_header_is_refused(db, tmp_path, capsys):
    """营业收入(万元) over 亿元: neither unit is taken silently; the store is left as it was."""
    path = write_csv(tmp_path / "clash.csv", ["代码,简称,营业收入(万元)2023年报", ",,亿元", "300493.SZ,润欣科技,21.6",
                                              "688018.SH,乐鑫科技,14.3"], "utf-8")
    before = dump_tables(db)
    code = main(["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    capsys.readouterr()
    assert code != 0
    assert dump_tables(db) == before
