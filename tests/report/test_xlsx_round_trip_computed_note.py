"""A YoY the comparison .xlsx holds because the table computed it from two stored levels carries a
note saying so in trace's words (the formula on the two levels, 由两期营业收入计算); a stored YoY and a
level carry none.

The truth: the workbook read with openpyxl, the growth recomputed here in decimal from the levels as
written in the imported file, and ``workbench trace``'s explanation of the same figure.
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl

from workbench.imports import import_files
from workbench.report.table_xlsx import export_table_xlsx
from workbench.trace import trace_lines

TICKER, NAME = "688999.SH", "测试科技"


def test_a_computed_yoy_cell_says_how_it_was_computed(demo_store, tmp_path):
    path = tmp_path / "newco.csv"
    path.write_text("证券代码,证券简称,细分板块,营业收入(亿元)2023年报,营业收入(亿元)2022年报\n"
                    f"{TICKER},{NAME},PCB,10.0165,10\n", encoding="utf-8")
    import_files(demo_store, [path], as_of="2024-12-29")
    ws = openpyxl.load_workbook(export_table_xlsx(demo_store, 1, tmp_path / "t.xlsx")).active
    rows = {ws.cell(r, 2).value: r for r in range(4, ws.max_row + 1)}
    yoy = next(c for c in range(4, ws.max_column + 1) if ws.cell(2, c).value == "营业收入")
    assert ws.cell(3, yoy + 1).value == "2023 YoY"
    cell = ws.cell(rows[TICKER], yoy + 1)
    assert Decimal(repr(cell.value)) == Decimal("10.0165") / Decimal("10") - 1
    assert cell.comment is not None
    note = cell.comment.text
    assert "= 10.0165 / 10 - 1" in note and "由两期营业收入计算" in note
    explained = [ln.strip() for ln in trace_lines(demo_store, TICKER, "revenue_yoy", "2023A") if "由两期" in ln]
    assert explained and explained[0] in note          # trace's own words
    # the level beside it, and a seed company's stored YoY, carry no note
    assert ws.cell(rows[TICKER], yoy).comment is None
    assert ws.cell(rows["300493.SZ"], yoy + 1).value is not None
    assert ws.cell(rows["300493.SZ"], yoy + 1).comment is None
    notes = [c.coordinate for row in ws.iter_rows() for c in row if c.comment is not None]
    assert notes == [cell.coordinate]
