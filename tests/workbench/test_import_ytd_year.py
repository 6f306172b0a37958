"""The year of an undated 年初至今 (YTD) figure comes from the data: the as-of date given or found
in the file, a date column, or the dates of the quotes imported with it; never from the file's
modification date (the machine's clock). Without any, the import asks for the date."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from workbench.errors import ImportFailed
from workbench.imports import import_files, preview

WIDE = ["证券代码", "证券简称", "年初至今涨跌幅"]
QUOTES = ["指数名称", "日期", "收盘价", "涨跌幅"]
# a file written (or copied) long after the week it describes: its modification time is not its date
MODIFIED = datetime(2026, 6, 15, 12, 0).timestamp()


def _aged(path):
    os.utime(path, (MODIFIED, MODIFIED))
    return path


@pytest.fixture
def wide(write_csv):
    return _aged(write_csv("c2.csv", [WIDE, ["688608.SH", "恒玄科技", "1.1649"]]))


def ytd_periods(store) -> list[str]:
    return sorted(f["period"] for f in store.facts() if f["metric"] == "ytd_return")


def test_an_undated_ytd_column_is_refused_not_dated_by_the_file_time(store, wide, snapshot):
    before = snapshot(store)
    with pytest.raises(ImportFailed) as info:
        import_files(store, [wide])
    assert snapshot(store) == before
    (p,) = info.value.problems
    assert (p.file, p.column) == ("c2.csv", "年初至今涨跌幅")
    assert "年初至今" in p.message and "--as-of" in p.message
    assert "2026" not in p.message


def test_the_as_of_date_given_sets_the_year(store, wide):
    import_files(store, [wide], as_of="2025-01-03")
    assert ytd_periods(store) == ["2025YTD"]


def test_a_date_in_the_title_rows_sets_the_year(store, write_csv):
    path = _aged(write_csv("t.csv", [["数据截至 2025-01-03"], WIDE, ["688608.SH", "恒玄科技", "1.1649"]]))
    import_files(store, [path])
    assert ytd_periods(store) == ["2025YTD"]


def test_a_date_column_sets_the_year(store, write_csv):
    path = _aged(write_csv("d.csv", [WIDE + ["交易日期"], ["688608.SH", "恒玄科技", "1.1649", "2025-01-03"],
                                     ["688018.SH", "乐鑫科技", "2.1963", "2025-01-03"]]))
    import_files(store, [path])
    assert ytd_periods(store) == ["2025YTD", "2025YTD"]


def test_the_quotes_imported_with_it_set_the_year(store, wide, write_csv):
    quotes = _aged(write_csv("q2.csv", [QUOTES, ["上证指数", "2024-12-27", "3400.14", "0.0095"],
                                        ["上证指数", "2025-01-03", "3211.43", "-0.0555"]]))
    report = import_files(store, [wide, quotes])
    assert ytd_periods(store) == ["2025YTD"]  # the latest quote's year
    assert "2025-01-03" in report.files[0].summary()  # says where the year came from


def test_a_long_file_saying_ytd_without_a_date_is_refused_then_dated_by_its_quotes(store, write_csv, snapshot):
    rows = [["代码", "简称", "指标", "报告期", "数值"], ["688608.SH", "恒玄科技", "年初至今涨跌幅", "年初至今", "1.1649"]]
    long = _aged(write_csv("long.csv", rows))
    before = snapshot(store)
    with pytest.raises(ImportFailed) as info:
        import_files(store, [long])
    assert snapshot(store) == before
    (p,) = info.value.problems
    assert (p.file, p.row, p.column) == ("long.csv", 2, "报告期") and "--as-of" in p.message
    quotes = _aged(write_csv("q.csv", [QUOTES, ["上证指数", "2025-01-03", "3211.43", "-0.0555"]]))
    import_files(store, [long, quotes])
    assert ytd_periods(store) == ["2025YTD"]


def test_the_preview_asks_and_takes_the_dialogs_date(wide):
    assert any("年初至今" in p.message for p in preview(wide).problems)
    pv = preview(wide, as_of="2025-01-03")
    assert not pv.problems
    assert [c.period for c in pv.columns if c.metric == "ytd_return"] == ["2025YTD"]
