"""The workbench's own financials export imports back changing nothing: it writes each figure's
as-of date, and a long file's as-of column (as_of, 截至日期) dates each row."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.errors import ImportFailed
from workbench.imports import import_files
from workbench.tables import table_rows, write_table

OLD_PE = ("证券代码,证券简称,PE 2024E", "300493.SZ,润欣科技,130.1")


def _dates(store) -> dict:
    return {(f["ticker"], f["metric"], f["period"]): (f["value"], f["as_of"]) for f in store.facts()}


def _export(store, path):
    header, rows = table_rows(store, "financials")
    write_table(header, rows, path, "csv")
    return path


def test_the_export_names_each_figures_as_of_date(demo_store, write_text):
    import_files(demo_store, [write_text("pe.csv", *OLD_PE)], as_of="2024-06-28", allow_older=True)
    header, rows = table_rows(demo_store, "financials")
    assert header[-1] == "as_of"
    got = {(r[0], r[3], r[2]): r[-1] for r in rows}
    assert got == {k: v[1] for k, v in _dates(demo_store).items()}
    assert got[("300493.SZ", "pe", "2024E")] == "2024-06-28"


def test_a_round_trip_changes_no_figure_and_no_date(demo_store, write_text, tmp_path):
    import_files(demo_store, [write_text("pe.csv", *OLD_PE)], as_of="2024-06-28", allow_older=True)
    before = _dates(demo_store)
    result = import_files(demo_store, [_export(demo_store, tmp_path / "fin.csv")])
    assert (result.facts.added, result.facts.updated, result.facts.confirmed) == (0, 0, 0)
    assert result.facts.unchanged == len(before)
    assert _dates(demo_store) == before
    # the week's file, dated after the stale PE and the demo's figures, is not taken for older data
    import_files(demo_store, [write_text("w.csv", "证券代码,证券简称,营业收入(亿元)2023年报", "300493.SZ,润欣科技,21.7")],
                 as_of="2025-01-03")
    assert demo_store.fact("300493.SZ", "revenue", "2023A") == 21.7e8


@pytest.mark.parametrize("header", ["as_of", "截至日期"])
def test_a_long_files_as_of_column_dates_each_row(store, write_text, header):
    path = write_text("l.csv", f"代码,简称,报告期,指标,数值,{header}", "600519.SH,贵州茅台,2024E,pe,25.1,2024-06-28",
                      "600519.SH,贵州茅台,2025E,pe,22.3,2024-12-27")
    result = import_files(store, [path])
    assert _dates(store) == {("600519.SH", "pe", "2024E"): (25.1, "2024-06-28"),
                             ("600519.SH", "pe", "2025E"): (22.3, "2024-12-27")}
    (f,) = result.files
    assert f.as_of == "2024-12-27" and f.as_of_from == "rows" and "各行的截至日期" in f.summary()


def test_a_row_dated_after_a_newer_stored_figure_only_there_asks(store, write_text):
    """Each row is checked against the stored figure by its own date: the older one alone asks."""
    import_files(store, [write_text("a.csv", "代码,简称,报告期,指标,数值", "600519.SH,贵州茅台,2024E,pe,26")],
                 as_of="2024-09-30")
    path = write_text("l.csv", "代码,简称,报告期,指标,数值,as_of", "600519.SH,贵州茅台,2024E,pe,25.1,2024-06-28")
    with pytest.raises(ImportFailed) as info:
        import_files(store, [path])
    (p,) = info.value.problems
    assert (p.row, p.incoming_as_of, p.stored_as_of) == (2, "2024-06-28", "2024-09-30")


def test_a_row_dated_in_the_future_or_not_a_date_is_refused(store, write_text, dump):
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    path = write_text("l.csv", "代码,简称,报告期,指标,数值,as_of", f"600519.SH,贵州茅台,2024E,pe,25.1,{future}",
                      "600519.SH,贵州茅台,2025E,pe,22.3,next week")
    before = dump(store)
    with pytest.raises(ImportFailed) as info:
        import_files(store, [path])
    assert {(p.row, p.column) for p in info.value.problems} == {(2, "as_of"), (3, "as_of")}
    assert dump(store) == before
