"""The import summary says the as-of date each file's figures were stored under and where it came
from; a date taken from the file's modification time (nothing in the file dates it) is flagged."""

from __future__ import annotations

import os
from datetime import datetime

from workbench.imports import import_files

WIDE = ["证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 亿元"]
ROW = ["002045.SZ", "国光电器", "57.0"]


def _saved_on(path, day: str):
    t = datetime.fromisoformat(day + " 12:00").timestamp()
    os.utime(path, (t, t))
    return path


def test_an_undated_file_is_dated_by_its_modification_time_and_the_summary_says_so(store, write_csv):
    path = _saved_on(write_csv("hand.csv", [WIDE, ROW]), "2024-11-15")
    report = import_files(store, [path])
    (f,) = report.files
    assert (f.as_of, f.as_of_from) == ("2024-11-15", "modified")
    text = report.summary()
    assert "2024-11-15" in text and "修改时间" in text and "--as-of" in text
    assert any("修改时间" in w for w in f.warnings)
    assert store.fact_row("002045.SZ", "revenue", "2024Q1-Q3")["as_of"] == "2024-11-15"


def test_a_given_date_is_named_as_given(store, write_csv):
    path = _saved_on(write_csv("hand.csv", [WIDE, ROW]), "2024-11-15")
    report = import_files(store, [path], as_of="2024-12-27")
    (f,) = report.files
    assert (f.as_of, f.as_of_from) == ("2024-12-27", "given")
    assert "2024-12-27" in report.summary() and "修改时间" not in report.summary()
    assert f.warnings == []


def test_a_date_in_the_file_is_named_as_the_files(store, write_csv):
    path = _saved_on(write_csv("wind.csv", [["截止日期：2024-12-20"], WIDE, ROW]), "2024-12-30")
    report = import_files(store, [path])
    (f,) = report.files
    assert (f.as_of, f.as_of_from) == ("2024-12-20", "file")
    assert "2024-12-20" in report.summary() and "修改时间" not in report.summary()
