"""How an import's problems read: in the file's order (file, row, column), each value said once,
and a number too large to be finite named as such rather than as text that is not a number."""

from __future__ import annotations

import pytest

from workbench.errors import ImportFailed
from workbench.imports import import_files
from workbench.imports.headers import ColumnInfo
from workbench.imports.layouts import ProblemList

LONG = ["ticker", "name", "period", "metric", "value"]


def failed(store, paths, snapshot) -> ImportFailed:
    before = snapshot(store)
    with pytest.raises(ImportFailed) as info:
        import_files(store, paths, dry_run=True)
    assert snapshot(store) == before
    with pytest.raises(ImportFailed) as again:
        import_files(store, paths)
    assert snapshot(store) == before
    assert [str(p) for p in again.value.problems] == [str(p) for p in info.value.problems]
    return info.value


def test_problems_are_listed_in_row_order(store, write_csv, snapshot):
    bad = write_csv("bad.csv", [LONG,
                                ["300493.SZ", "润欣科技", "2023A", "revenue", "1e999"],
                                ["300493.SZ", "润欣科技", "2023A", "pe", "abc"],
                                ["999999.XX", "某公司", "2023A", "revenue", "100"],
                                ["300493.SZ", "润欣科技", "2023A", "revenue", "5"]])
    err = failed(store, [bad], snapshot)
    assert [(p.file, p.row, p.column) for p in err.problems] == [
        ("bad.csv", 2, "value"), ("bad.csv", 3, "value"), ("bad.csv", 4, "ticker")]


def test_files_keep_their_order_and_each_is_in_row_order(store, write_csv, snapshot):
    second = write_csv("b.csv", [LONG, ["300493.SZ", "润欣科技", "2023A", "pe", "x"],
                                 ["999999.XX", "某公司", "2023A", "revenue", "100"]])
    first = write_csv("z.csv", [LONG, ["300493.SZ", "润欣科技", "2023A", "pe", "y"],
                                ["888888.XX", "某公司", "2023A", "revenue", "100"]])
    err = failed(store, [first, second], snapshot)
    assert [(p.file, p.row) for p in err.problems] == [("z.csv", 2), ("z.csv", 3), ("b.csv", 2), ("b.csv", 3)]


def test_an_invalid_ticker_names_its_value_once(store, write_csv, snapshot):
    bad = write_csv("t.csv", [LONG, ["999999.XX", "某公司", "2023A", "revenue", "100"]])
    (p,) = failed(store, [bad], snapshot).problems
    assert "invalid ticker" in p.message
    assert p.value == "999999.XX"
    assert str(p).count("999999.XX") == 1, str(p)


@pytest.mark.parametrize("raw", ["1e999", "-1e999", "inf", "1,0e999"])
def test_a_number_beyond_any_finite_value_is_not_finite_rather_than_not_a_number(store, write_csv,
                                                                               snapshot, raw):
    bad = write_csv("f.csv", [LONG, ["300493.SZ", "润欣科技", "2023A", "revenue", raw],
                              ["300493.SZ", "润欣科技", "2023A", "pe", "abc"]])
    finite, text = failed(store, [bad], snapshot).problems
    assert (finite.row, finite.value) == (2, raw)
    assert "not a finite number" in finite.message and "not a number" not in finite.message
    assert (text.row, text.value) == (3, "abc")
    assert "not a number" in text.message and "finite" not in text.message


def test_a_wide_column_and_an_index_close_say_not_finite_too(store, write_csv, snapshot):
    wide = write_csv("w.csv", [["证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 亿元"],
                               ["600519.SH", "贵州茅台", "1e999"]])
    quotes = write_csv("q.csv", [["代码", "名称", "日期", "收盘价", "涨跌幅"],
                                 ["000300.SH", "沪深300", "2024-12-27", "1e999", "1%"]])
    problems = failed(store, [wide, quotes], snapshot).problems
    assert [(p.file, p.row) for p in problems] == [("w.csv", 2), ("q.csv", 2)]
    assert all("not a finite number" in p.message for p in problems), [str(p) for p in problems]


def test_within_a_row_problems_follow_the_columns_and_file_level_ones_come_first():
    problems = ProblemList("x.csv")
    problems.add("late column", row=5, column="B")
    problems.add("row 3", row=3, column="C")
    problems.add("early column", row=5, column="A")
    problems.add("no column", row=5)
    problems.add("whole file")
    columns = [ColumnInfo("A", "ticker", position=0), ColumnInfo("B", "value", position=1),
               ColumnInfo("C", "value", position=2)]
    assert [p.message for p in problems.as_list(columns)] == [
        "whole file", "row 3", "early column", "late column", "no column"]
