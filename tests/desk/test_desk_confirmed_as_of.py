"""A value confirmed by a later import (the same value, a newer as-of date) reaches the other
workstations: their copy of the fact is dated as the confirmation is. Against a real PostgreSQL desk."""

from __future__ import annotations

import openpyxl

from workbench.cli import main
from workbench.desk.sync import sync

T = "688608.SH"  # 恒玄科技 in the demo store


def _workbook(path, value):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ticker", "name", "period", "metric", "value"])
    ws.append([T, "恒玄科技", "2031E", "revenue", value])
    wb.save(path)
    return path


def test_a_confirmation_is_pushed_and_dates_the_fact_on_the_other_workstation(pair, tmp_path):
    desk, (a, ca), (b, cb) = pair
    assert main(["import", str(_workbook(tmp_path / "w1.xlsx", 9e9)), "--db", str(a.path), "--as-of",
                 "2025-01-03"]) == 0
    sync(a, ca)
    sync(b, cb)
    assert b.fact_row(T, "revenue", "2031E")["as_of"] == "2025-01-03"
    assert main(["import", str(_workbook(tmp_path / "w2.xlsx", 9e9)), "--db", str(a.path), "--as-of",
                 "2025-01-10"]) == 0
    assert a.fact_row(T, "revenue", "2031E")["as_of"] == "2025-01-10"
    assert sync(a, ca).pushed == 1
    assert sync(b, cb).pulled == 1
    row = b.fact_row(T, "revenue", "2031E")
    assert (row["value"], row["as_of"]) == (9e9, "2025-01-10")
    assert b.unlogged_facts() == []
