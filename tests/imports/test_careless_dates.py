"""A close dated after the import's as-of date, or after today, is refused naming the file, row and
column: never the index's latest close."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.errors import ImportFailed
from workbench.imports import import_files

HEADER = "index_code,index_name,week_end,close,weekly_change"


def test_a_close_dated_after_the_given_as_of_date_is_refused(demo_store, write_text, dump):
    path = write_text("r13.csv", HEADER, "000300.SH,沪深300,2052-01-03,3900.1,-0.02")
    before = dump(demo_store)
    with pytest.raises(ImportFailed) as info:
        import_files(demo_store, [path], as_of="2025-01-03")
    (p,) = info.value.problems
    assert (p.file, p.row, p.column, p.value) == ("r13.csv", 2, "week_end", "2052-01-03")
    assert "2025-01-03" in p.message
    assert dump(demo_store) == before


def test_a_close_a_week_after_the_given_date_is_refused_too(demo_store, write_text):
    path = write_text("q.csv", HEADER, "000300.SH,沪深300,2025-01-03,3775.16,-0.0517",
                      "000300.SH,沪深300,2025-01-10,3730.8,-0.0118")
    with pytest.raises(ImportFailed) as info:
        import_files(demo_store, [path], as_of="2025-01-03")
    assert [(p.row, p.column) for p in info.value.problems] == [(3, "week_end")]


def test_a_close_dated_after_today_is_refused_by_row(store, write_text):
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    path = write_text("q.csv", HEADER, "000300.SH,沪深300,2025-01-03,3775.16,-0.0517",
                      f"000300.SH,沪深300,{future},3900.1,-0.02")
    with pytest.raises(ImportFailed) as info:
        import_files(store, [path])
    rows = [(p.row, p.column) for p in info.value.problems]
    assert (3, "week_end") in rows
    assert all(r == (3, "week_end") or r[0] is None for r in rows)


def test_closes_up_to_the_as_of_date_import(store, write_text):
    path = write_text("q.csv", HEADER, "000300.SH,沪深300,2024-12-27,3981.03,0.0136",
                      "000300.SH,沪深300,2025-01-03,3775.16,-0.0517")
    result = import_files(store, [path], as_of="2025-01-03")
    assert result.quotes.added == 2
