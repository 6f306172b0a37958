"""The provenance of facts is shared: after a sync, another workstation's trace of a figure shows
the file, sheet, row, column and as-of date it was imported from and the desk user who imported it.
Against a real PostgreSQL desk."""

from __future__ import annotations

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import long_workbook, trace_output
from workbench.cli import main
from workbench.desk.sync import sync
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store



def test_another_workstations_trace_shows_the_import_it_came_from(pair, tmp_path, capsys):
    desk, (a, ca), (b, cb) = pair
    book = long_workbook(tmp_path / "weekly.xlsx", [
        [T, "恒玄科技", "2023A", "revenue", 2234000000],   # changes a fact the desk has
        [T, "恒玄科技", "2031E", "revenue", 9000000000],   # a fact new to everyone
    ])
    assert main(["import", str(book), "--db", str(a.path), "--as-of", "2025-01-03"]) == 0
    assert sync(a, ca).pushed == 2
    assert sync(b, cb).pulled == 2
    for period, row in (("2023A", 2), ("2031E", 3)):  # Excel rows under the header
        mine = trace_output(capsys, a.path, T, "revenue", period)[-1]
        theirs = trace_output(capsys, b.path, T, "revenue", period)[-1]
        for part in ("文件 file weekly.xlsx", "工作表 sheet 盈利预测", f"行 row {row}", "列 column value",
                     "截至 as of 2025-01-03"):
            assert part in mine and part in theirs, (part, theirs)
        assert "导入 import" in mine
        assert "同步 sync" in theirs and f" {ca.user} " in theirs  # who imported it, by their desk name
    assert sync_state.pending(b).keys == {}  # what b recorded is never pushed back


def test_an_edit_is_traced_to_its_writer_on_the_other_workstation(pair, capsys):
    desk, (a, ca), (b, cb) = pair
    b.set_fact(T, "revenue", "2023A", 123.0)
    sync(b, cb)
    sync(a, ca)
    last = a.history(T, "revenue", "2023A")[-1]
    assert (last["origin"], last["by"], last["new"]) == ("sync", cb.user, 123.0)
    assert "edit" in (last["note"] or "")
