"""Amounts whose header names no unit, checked against the store's own figures: a 万元 file read
as 元 (or given a wrong --amount-unit) is 10^4 off every stored figure of the same ticker, metric
and period, and stops the import naming the file, the column and two stored-vs-file examples,
the store unchanged; a unit stated in a title row above the header (单位：万元) is the column's
unit. A real 10x growth, a new period and new companies ask nothing.

Through the command line, on a demo store; the truth is the file's cells and the store's prior
values read with sqlite3."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from import_testing import dump_tables, stored_value, write_csv

from workbench.cli import main

SEED = Path(__file__).resolve().parents[2] / "resources" / "demo" / "companies.csv"
YI = Decimal(100_000_000)
WAN = Decimal(10_000)


def _wan(db: Path, ticker: str) -> str:
    """The store's 24Q1-Q3 revenue of ``ticker`` written in 万元, as a 万元 file writes it."""
    return format((Decimal(repr(stored_value(db, ticker, "revenue", "2024Q1-Q3"))) / WAN).normalize(), "f")


def _refused(capsys, argv, db) -> str:
    before = dump_tables(db)
    code = main(argv)
    captured = capsys.readouterr()
    assert code != 0
    assert dump_tables(db) == before  # nothing written
    return captured.out + captured.err


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_wan_file_without_unit_over_stored_figures_asks(db, tmp_path, capsys, encoding):
    """The QA's file: 立讯精密's 1771.8 亿元 would become 0.2 亿元; the largest figure passes the
    old threshold, the store's figures do not."""
    lx, rx = _wan(db, "002475.SZ"), _wan(db, "300493.SZ")
    assert Decimal(lx) * WAN > Decimal(1_000_000)  # read as 元 above the threshold: only evidence catches it
    path = write_csv(tmp_path / "un.csv", ["证券代码,证券简称,营业收入2024三季报", f"300493.SZ,润欣科技,{rx}",
                                            f"002475.SZ,立讯精密,{lx}"], encoding)
    out = _refused(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"], db)
    assert "un.csv" in out and "营业收入2024三季报" in out
    assert "10^4" in out or "10000" in out or "1 万倍" in out
    assert "万元" in out  # the unit the evidence points to
    # the evidence: a stored figure and the file's figure as read
    stored_yi = Decimal(repr(stored_value(db, "002475.SZ", "revenue", "2024Q1-Q3"))) / YI
    assert f"{stored_yi:.1f}" in out and lx in out


def test_wan_xlsx_without_unit_asks(db, tmp_path, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["证券代码", "证券简称", "营业收入2024三季报"])
    for t, n in (("300493.SZ", "润欣科技"), ("002475.SZ", "立讯精密"), ("688018.SH", "乐鑫科技")):
        ws.append([t, n, float(_wan(db, t))])
    path = tmp_path / "un.xlsx"
    wb.save(path)
    out = _refused(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"], db)
    assert "un.xlsx" in out and "营业收入2024三季报" in out and "万元" in out


def test_wrong_amount_unit_option_disagrees_with_the_store(db, tmp_path, capsys):
    """A 万元 file given --amount-unit 亿元: 19.2 亿元 would become 192,000 亿元."""
    path = write_csv(tmp_path / "v.csv", ["证券代码,证券简称,营业收入2024三季报",
                                           f"300493.SZ,润欣科技,{_wan(db, '300493.SZ')}",
                                           f"688018.SH,乐鑫科技,{_wan(db, '688018.SH')}"], "gbk")
    out = _refused(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30",
                            "--amount-unit", "亿元"], db)
    assert "v.csv" in out and "营业收入2024三季报" in out and "--amount-unit 亿元" in out
    assert "10^4" in out


@pytest.mark.parametrize("title", ["科技重点公司对比（单位：万元）", "科技重点公司对比(单位:万元)", "单位：万元"])
def test_unit_in_title_row_is_the_column_unit(db, tmp_path, capsys, title):
    """The title row states 万元: the figures land as the file means them (changed ones updated)."""
    lx = str(Decimal(_wan(db, "002475.SZ")) + 1)  # a revised figure, 1 万元 more
    rx = _wan(db, "300493.SZ")
    path = write_csv(tmp_path / "t.csv", [f"{title},,", "证券代码,证券简称,营业收入2024三季报",
                                           f"300493.SZ,润欣科技,{rx}", f"002475.SZ,立讯精密,{lx}"], "gbk")
    assert main(["import", str(path), "--db", str(db), "--as-of", "2024-12-30"]) == 0
    assert Decimal(repr(stored_value(db, "002475.SZ", "revenue", "2024Q1-Q3"))) == Decimal(lx) * WAN
    assert Decimal(repr(stored_value(db, "300493.SZ", "revenue", "2024Q1-Q3"))) == Decimal(rx) * WAN


def test_header_unit_wins_over_the_title_row(db, tmp_path):
    yi = str(Decimal(repr(stored_value(db, "300493.SZ", "revenue", "2024Q1-Q3"))) / YI + Decimal("0.1"))
    path = write_csv(tmp_path / "h.csv", ["对比表（单位：万元）,,", "证券代码,证券简称,营业收入(亿元)2024三季报",
                                           f"300493.SZ,润欣科技,{yi}"], "utf-8")
    assert main(["import", str(path), "--db", str(db), "--as-of", "2024-12-30"]) == 0
    assert Decimal(repr(stored_value(db, "300493.SZ", "revenue", "2024Q1-Q3"))) == Decimal(yi) * YI


# ---------------------------------------------------------------------------- no false alarms

def test_seed_reimported_asks_nothing(db, capsys):
    before = dump_tables(db)["facts"]
    assert main(["import", str(SEED), "--db", str(db), "--amount-unit", "亿元", "--as-of", "2024-12-29"]) == 0
    assert dump_tables(db)["facts"] == before


def test_real_tenfold_growth_is_no_unit_question(db, tmp_path):
    """A company whose revised figure is 10 times the stored one (a real jump or a typo the user
    owns) is not 10^4 off: imported."""
    stored = Decimal(repr(stored_value(db, "300493.SZ", "revenue", "2024Q1-Q3")))
    others = [f"{t},{n},{Decimal(repr(stored_value(db, t, 'revenue', '2024Q1-Q3'))) / YI}"
              for t, n in (("688018.SH", "乐鑫科技"), ("002475.SZ", "立讯精密"))]
    path = write_csv(tmp_path / "g.csv", ["证券代码,证券简称,营业收入(亿元)2024三季报",
                                           f"300493.SZ,润欣科技,{stored * 10 / YI}", *others], "utf-8")
    assert main(["import", str(path), "--db", str(db), "--as-of", "2024-12-30"]) == 0
    path = write_csv(tmp_path / "g2.csv", ["证券代码,证券简称,营业收入2024三季报",
                                            f"300493.SZ,润欣科技,{stored * 100}"], "utf-8")
    assert main(["import", str(path), "--db", str(db), "--as-of", "2024-12-31"]) == 0
    assert Decimal(repr(stored_value(db, "300493.SZ", "revenue", "2024Q1-Q3"))) == stored * 100


def test_new_companies_and_new_periods_ask_nothing(db, tmp_path):
    path = write_csv(tmp_path / "n.csv", ["证券代码,证券简称,细分板块,营业收入2022年报,营业收入2024三季报",
                                           "688111.SH,测试芯片,AIOT soc,1000000000,1200000000",
                                           "300493.SZ,润欣科技,AIOT soc,2000000000,"], "utf-8")
    assert main(["import", str(path), "--db", str(db), "--as-of", "2024-12-30",
                 "--new-company", "688111.SH"]) == 0
    assert stored_value(db, "688111.SH", "revenue", "2024Q1-Q3") == 1200000000
    assert stored_value(db, "300493.SZ", "revenue", "2022A") == 2000000000


def test_long_file_without_unit_over_stored_figures_asks(db, tmp_path, capsys):
    """A long file (a row per fact) whose 营业收入 rows state no unit, in 万元: asked the same."""
    lines = ["证券代码,证券简称,报告期,指标,数值"]
    written = {}
    for t, n in (("300493.SZ", "润欣科技"), ("002475.SZ", "立讯精密"), ("688018.SH", "乐鑫科技")):
        written[t] = _wan(db, t)
        lines.append(f"{t},{n},2024三季报,营业收入,{written[t]}")
    path = write_csv(tmp_path / "long.csv", lines, "gbk")
    out = _refused(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"], db)
    assert "long.csv" in out and "“数值”" in out and "10^4" in out and "--amount-unit 万元" in out
    # the same file with the unit given imports unchanged figures
    assert main(["import", str(path), "--db", str(db), "--as-of", "2024-12-30", "--amount-unit", "万元"]) == 0
    for t, cell in written.items():
        assert Decimal(repr(stored_value(db, t, "revenue", "2024Q1-Q3"))) == Decimal(cell) * WAN
