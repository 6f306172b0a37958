"""Importing the comparison .xlsx back keeps a YoY the table computed from two stored levels computed.

The export writes such a YoY as a number like any other; imported as a figure it would no longer move
when a level is corrected (silently stale growth) and ``trace`` would lose its formula. A cell that
repeats the computed growth (the store holds no YoY of its own) is left out and said so in the
summary; a cell the analyst changed is imported as the analyst's figure.

The truth: the store file read with sqlite3 before and after, the .xlsx cells read with openpyxl,
and the growth recomputed here in decimal from the levels as written in the files.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import openpyxl
import pytest

from workbench.imports import import_files
from workbench.report.table_xlsx import export_table_xlsx
from workbench.trace import trace_lines

TICKER, NAME = "688999.SH", "测试科技"
LEVELS = {"2023A": "10.0165", "2022A": "10"}  # 营业收入, 亿元 as written
LOSSES = {"2023A": "-1.5", "2022A": "-2"}      # 归母净利润, 亿元 as written: a negative base
AS_OF = "2024-12-29"


def growth(current: str, previous: str) -> Decimal:
    cur, prev = Decimal(current), Decimal(previous)
    return (cur - prev) / abs(prev)


def facts(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT * FROM facts ORDER BY ticker, metric, period").fetchall()
    finally:
        con.close()


def stored(path, metric: str, period: str):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                           [TICKER, metric, period]).fetchone()
    finally:
        con.close()


def yoy_cells(path) -> dict[str, object]:
    """The new company's two 2023 YoY cells of the exported sheet, by their group header."""
    ws = openpyxl.load_workbook(path).active
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == TICKER)
    out, group = {}, None
    for c in range(4, ws.max_column + 1):
        group = ws.cell(2, c).value or group
        if ws.cell(3, c).value == "2023 YoY":
            out[group] = ws.cell(row, c)
    return out


@pytest.fixture
def newco(demo_store, tmp_path):
    path = tmp_path / "newco.csv"
    path.write_text("证券代码,证券简称,细分板块,营业收入(亿元)2023年报,营业收入(亿元)2022年报,"
                    "归母净利润(亿元)2023年报,归母净利润(亿元)2022年报\n"
                    f"{TICKER},{NAME},PCB,{LEVELS['2023A']},{LEVELS['2022A']},{LOSSES['2023A']},{LOSSES['2022A']}\n",
                    encoding="utf-8")
    import_files(demo_store, [path], as_of=AS_OF)
    return demo_store


def test_the_unchanged_export_imports_back_changing_no_fact(newco, tmp_path):
    before = facts(newco.path)
    path = export_table_xlsx(newco, 1, tmp_path / "t.xlsx")
    cells = yoy_cells(path)
    # the export writes the computed growth as a number (positive base and negative base)
    assert Decimal(repr(cells["营业收入"].value)) == growth(LEVELS["2023A"], LEVELS["2022A"])
    assert Decimal(repr(cells["归母净利润"].value)) == growth(LOSSES["2023A"], LOSSES["2022A"])
    result = import_files(newco, [path], as_of=AS_OF)
    assert (result.facts.added, result.facts.updated) == (0, 0)
    assert facts(newco.path) == before
    assert stored(newco.path, "revenue_yoy", "2023A") is None
    assert stored(newco.path, "net_profit_yoy", "2023A") is None
    assert "2 个由两期数据计算的增速保持计算 (left computed)" in result.summary()
    # trace still gives the formula on the two levels
    assert any("由两期营业收入计算" in line for line in trace_lines(newco, TICKER, "revenue_yoy", "2023A"))


def test_a_base_corrected_after_the_round_trip_moves_the_growth(newco, tmp_path):
    import_files(newco, [export_table_xlsx(newco, 1, tmp_path / "t.xlsx")], as_of=AS_OF)
    fix = tmp_path / "fix.csv"
    fix.write_text(f"证券代码,证券简称,营业收入(亿元)2022年报\n{TICKER},{NAME},8\n", encoding="utf-8")
    import_files(newco, [fix], as_of="2024-12-30")
    cells = yoy_cells(export_table_xlsx(newco, 1, tmp_path / "t2.xlsx"))
    assert Decimal(repr(cells["营业收入"].value)) == growth(LEVELS["2023A"], "8")  # 25.21%, not the old 0.17%


def test_a_growth_the_analyst_changed_in_the_export_is_imported(newco, tmp_path):
    path = export_table_xlsx(newco, 1, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    cells = yoy_cells(path)
    wb.active[cells["营业收入"].coordinate].value = 0.05  # the house's own figure, typed over the computed one
    wb.save(path)
    result = import_files(newco, [path], as_of=AS_OF)
    assert result.facts.added == 1
    assert stored(newco.path, "revenue_yoy", "2023A") == (0.05,)
    assert stored(newco.path, "net_profit_yoy", "2023A") is None
    assert "1 个由两期数据计算的增速保持计算 (left computed)" in result.summary()


def test_a_level_changed_in_the_export_leaves_its_growth_computed(newco, tmp_path):
    """The exported growth is a number, not a formula: a level edited in Excel leaves it as it was
    written. Importing the sheet takes the new level and keeps the growth computed from it."""
    path = export_table_xlsx(newco, 1, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == TICKER)
    level = next(c for c in range(4, ws.max_column + 1) if ws.cell(2, c).value == "营业收入" and ws.cell(3, c).value == "2023")
    ws.cell(row, level).value = 12.0
    wb.save(path)
    import_files(newco, [path], as_of="2024-12-30")
    assert stored(newco.path, "revenue", "2023A") == (12e8,)
    assert stored(newco.path, "revenue_yoy", "2023A") is None
    cells = yoy_cells(export_table_xlsx(newco, 1, tmp_path / "t2.xlsx"))
    assert Decimal(repr(cells["营业收入"].value)) == growth("12", LEVELS["2022A"])


def test_a_stored_growth_is_imported_as_before(newco, tmp_path):
    """A YoY the store holds (the house's figure) is never taken for a computed one."""
    newco.set_fact(TICKER, "revenue_yoy", "2023A", 0.03, as_of=AS_OF)
    path = tmp_path / "yoy.csv"
    computed = growth(LEVELS["2023A"], LEVELS["2022A"]) * 100
    path.write_text(f"证券代码,证券简称,营业收入同比(%)2023年报\n{TICKER},{NAME},{computed}\n", encoding="utf-8")
    result = import_files(newco, [path], as_of="2024-12-30")
    assert result.facts.updated == 1 and "left computed" not in result.summary()
    assert Decimal(repr(stored(newco.path, "revenue_yoy", "2023A")[0])) == computed / 100


def test_the_importer_reckons_growth_as_the_table_does():
    """The import keeps its own copy of the table's growth rule (the layer it sits in may not import
    analysis): both must name the same levels and periods."""
    from workbench.analysis import growth as table
    from workbench.imports import importer

    assert importer.GROWTH_LEVELS == table.YOY_LEVELS
    assert importer.GROWTH_PERIOD_KINDS == table.COMPARABLE_KINDS
