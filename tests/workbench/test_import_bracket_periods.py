"""A report period written alone in brackets after the metric (归母净利润[2024三季报],
营业收入[2024-09-30]) is read as the column's period, as the tagged [报告期] form is."""

from __future__ import annotations

import pytest

from workbench.imports import import_files
from workbench.imports.headers import parse_header

YI = 1e8


@pytest.mark.parametrize("header, metric, period", [
    ("归母净利润[2024三季报]", "net_profit", "2024Q1-Q3"),
    ("归母净利润 [2024-09-30]", "net_profit", "2024Q1-Q3"),
    ("营业收入[2023年报][单位]亿元", "revenue", "2023A"),
    ("营业收入【2024中报】", "revenue", "2024H1"),
])
def test_a_period_alone_in_brackets_is_the_columns_period(header, metric, period):
    p = parse_header(header)
    assert (p.metric, p.period, p.errors) == (metric, period, ())


def test_a_unit_alone_in_brackets_stays_a_unit():
    p = parse_header("营业收入[亿元]")
    assert (p.metric, p.unit, p.period) == ("revenue", "亿元", None)


def test_a_wide_file_with_bracketed_periods_imports(store, write_csv):
    path = write_csv("w.csv", [["证券代码", "证券简称", "归母净利润[2024三季报][单位]亿元", "营业收入[2024-09-30][单位]亿元"],
                               ["002045.SZ", "国光电器", "3.2", "58.3"]])
    report = import_files(store, [path], as_of="2025-01-03")
    assert report.facts.added == 2
    assert store.fact("002045.SZ", "net_profit", "2024Q1-Q3") == 3.2 * YI
    assert store.fact("002045.SZ", "revenue", "2024Q1-Q3") == 58.3 * YI
