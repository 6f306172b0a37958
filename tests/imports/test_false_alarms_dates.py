"""A long file's as-of column with empty cells: those rows take the file's modification time, and
the import says so (as for a file nothing dates), never passing the clock off as the column's date."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from workbench.imports import import_files

LINES = ("证券代码,证券简称,报告期,指标,数值,截至日期", "300493.SZ,润欣科技,2023年报,营业收入(亿元),21.6,2024-12-27",
         "300493.SZ,润欣科技,2024三季,营业收入(亿元),19.2,", "688018.SH,乐鑫科技,2023年报,营业收入(亿元),14.3,2024-12-20")
SAVED = "2025-01-06"  # the file's modification time, set below


def test_empty_as_of_cells_are_flagged_as_the_modification_time(demo_store, write_text):
    path = write_text("long_asof.csv", *LINES)
    t = datetime.fromisoformat(SAVED + "T12:00:00").timestamp()
    os.utime(path, (t, t))
    result = import_files(demo_store, [path])
    (f,) = result.files
    assert f.as_of == "2024-12-27"  # the column's latest date, as the label says
    said = "\n".join(f.warnings)
    assert SAVED in said and "修改时间" in said and "modification time" in said
    assert "第 3 行" in said and "⚠" in said  # the empty row, flagged
    row = demo_store.fact_row("300493.SZ", "revenue", "2024Q1-Q3")
    assert row["value"] == pytest.approx(19.2e8) and row["as_of"] == SAVED


def test_a_full_as_of_column_says_nothing_of_the_clock(demo_store, write_text):
    lines = list(LINES)
    lines[2] += "2024-12-27"
    result = import_files(demo_store, [write_text("full.csv", *lines)])
    assert not any("修改时间" in w for w in result.files[0].warnings)
