"""A value written into a store's file outside the workbench (raw SQL) keeps no import's provenance
on the desk: another workstation's trace says it was changed (or written) outside the workbench on
the workstation it came from, never the earlier import's file, sheet, row and column. Against a
real PostgreSQL desk."""

from __future__ import annotations

import sqlite3

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import Desk, long_workbook, trace_output

from workbench.cli import main
from workbench.desk.sync import sync
from workbench.domain.metrics import format_value, metric

T = "688608.SH"  # 恒玄科技 in the demo store



def _raw(path, sql, params=()):
    """A write into the store's file by another program (no workbench involved)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql, params)
    conn.close()


IMPORT_MARKS = ("weekly.xlsx", "盈利预测", "行 row", "列 column", "截至 as of 2025-01-03")


def test_a_raw_update_reaches_the_other_workstation_as_changed_outside(pair, tmp_path, capsys):
    desk, (a, ca), (b, cb) = pair
    book = long_workbook(tmp_path / "weekly.xlsx", [[T, "恒玄科技", "2031E", "revenue", 9000000000]])
    assert main(["import", str(book), "--db", str(a.path), "--as-of", "2025-01-03"]) == 0
    sync(a, ca)
    sync(b, cb)
    before = trace_output(capsys, b.path, T, "revenue", "2031E")[-1]
    assert all(m in before for m in IMPORT_MARKS), before  # the import's provenance travelled
    _raw(a.path, "UPDATE facts SET value = 7.5e9 WHERE ticker = ? AND metric = 'revenue' AND period = '2031E'", [T])
    assert a.fact(T, "revenue", "2031E") == 7.5e9
    assert sync(a, ca).pushed == 1
    assert sync(b, cb).pulled == 1
    assert b.fact(T, "revenue", "2031E") == 7.5e9
    last = trace_output(capsys, b.path, T, "revenue", "2031E")[-1]
    assert last.endswith("-> " + format_value(metric("revenue").kind, 7.5e9)), last  # the new value's line
    for mark in IMPORT_MARKS:
        assert mark not in last, (mark, last)
    assert "库外修改" in last and a.workstation_id() in last and ca.user in last, last
    # the desk itself holds no import cell for the value
    with psycopg.connect(desk.super_url) as conn:
        data = conn.execute("SELECT data FROM desk.current WHERE tbl = 'facts' AND key = %s",
                            [f"{T}|revenue|2031E"]).fetchone()[0]
    assert data["src_row"] is None and data["src_col"] is None and data["as_of"] is None
    assert "weekly.xlsx" not in (data["source"] or "")
    # an import after it is credited to its file again
    book2 = long_workbook(tmp_path / "weekly2.xlsx", [[T, "恒玄科技", "2031E", "revenue", 8000000000]])
    assert main(["import", str(book2), "--db", str(a.path), "--as-of", "2025-01-10"]) == 0
    sync(a, ca)
    sync(b, cb)
    last = trace_output(capsys, b.path, T, "revenue", "2031E")[-1]
    assert "weekly2.xlsx" in last and "库外修改" not in last, last


def test_a_raw_insert_pushed_at_join_is_written_outside(pg_cluster, desk_db, demo_path, tmp_path, capsys):
    desk = Desk(pg_cluster, desk_db)
    admin, analyst = desk.user("admin"), desk.user("analyst")
    # a forged row: claims to come from a workbook's cell
    _raw(demo_path, "INSERT INTO facts (ticker, metric, period, value, source, as_of, src_row, src_col) "
                    "VALUES (?, 'revenue', '2032E', 1.25e10, 'weekly.xlsx', '2025-01-03', 9, 'value')", [T])
    a = desk.join(demo_path, admin)
    b = desk.join(tmp_path / "b.sqlite", analyst)
    try:
        assert b.fact(T, "revenue", "2032E") == 1.25e10
        last = trace_output(capsys, b.path, T, "revenue", "2032E")[-1]
        for mark in ("weekly.xlsx", "行 row", "列 column"):
            assert mark not in last, (mark, last)
        assert "库外写入" in last and a.workstation_id() in last, last
        # a fact the workbench wrote keeps its own provenance
        other = trace_output(capsys, b.path, T, "revenue", "2023A")[-1]
        assert "库外" not in other, other
    finally:
        a.close()
        b.close()
