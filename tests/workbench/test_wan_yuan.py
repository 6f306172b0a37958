"""万元 at import: amounts given in 万元 (10,000 CNY) land in the store in yuan; rates and multiples do not scale.

Expected values are worked out by hand: 1 万元 = 10,000 元, 1 亿元 = 10,000 万元.
"""

from __future__ import annotations

import pytest

from workbench.errors import ImportFailed
from workbench.imports import import_files


def test_one_line_header_in_wan_yuan(store, write_csv):
    # 润欣科技 2023 revenue: 216,000 万元 = 21.6 亿元 = 2,160,000,000 元
    rows = [["代码", "简称", "营业收入(万元) 2023A"], ["300493", "润欣科技", "216000"]]
    import_files(store, [write_csv("w.csv", rows)])
    assert store.fact("300493.SZ", "revenue", "2023A") == 2_160_000_000.0


def test_wind_tagged_header_in_wan_yuan_xlsx(store, write_xlsx):
    rows = [["证券代码", "证券简称", "归母净利润\n[报告期] 2024三季\n[单位] 万元"],
            ["688608.SH", "恒玄科技", 29012.35],   # 2.901235 亿元
            ["688343.SH", "云天励飞", -43000]]     # a loss of 4.3 亿元
    import_files(store, [write_xlsx("wind.xlsx", rows)])
    assert store.fact("688608.SH", "net_profit", "2024Q1-Q3") == 290_123_500.0
    assert store.fact("688343.SH", "net_profit", "2024Q1-Q3") == -430_000_000.0


def test_grouped_digits_and_decimals_in_wan_yuan(store, write_csv):
    rows = [["代码", "简称", "营业收入(万元) 2023A"], ["002475", "立讯精密", "23,190,946.12"]]
    import_files(store, [write_csv("g.csv", rows)])
    assert store.fact("002475.SZ", "revenue", "2023A") == 231_909_461_200.0


def test_default_amount_unit_wan_yuan_scales_amounts_only(store, write_csv):
    # the headers name no unit; the user says amounts are in 万元: PE and % columns keep their value
    rows = [["代码", "简称", "营业收入 2023A", "营业收入同比(%) 2023A", "PE 2024E"],
            ["300493", "润欣科技", "216000", "2.80", "128.3"]]
    import_files(store, [write_csv("d.csv", rows)], default_amount_unit="万元")
    assert store.fact("300493.SZ", "revenue", "2023A") == 2_160_000_000.0
    assert store.fact("300493.SZ", "revenue_yoy", "2023A") == pytest.approx(0.028, abs=1e-12)
    assert store.fact("300493.SZ", "pe", "2024E") == 128.3


def test_a_unit_in_the_header_wins_over_the_default(store, write_csv):
    rows = [["代码", "简称", "营业收入(万元) 2023A", "归母净利润(亿元) 2023A"],
            ["300493", "润欣科技", "216000", "0.4"]]
    import_files(store, [write_csv("h.csv", rows)], default_amount_unit="元")
    assert store.fact("300493.SZ", "revenue", "2023A") == 2_160_000_000.0
    assert store.fact("300493.SZ", "net_profit", "2023A") == 40_000_000.0


def test_long_sheet_with_a_unit_column(store, write_csv):
    rows = [["ticker", "name", "period", "metric", "value", "unit"],
            ["300493.SZ", "润欣科技", "2023A", "revenue", "216000", "万元"],
            ["300493.SZ", "润欣科技", "2023A", "net_profit", "4000", "万元"],
            ["300493.SZ", "润欣科技", "2024E", "pe", "128.3", ""]]
    import_files(store, [write_csv("long.csv", rows)])
    assert store.fact("300493.SZ", "revenue", "2023A") == 2_160_000_000.0
    assert store.fact("300493.SZ", "net_profit", "2023A") == 40_000_000.0
    assert store.fact("300493.SZ", "pe", "2024E") == 128.3


def test_wan_yuan_on_a_rate_column_is_refused_and_nothing_lands(store, write_csv, snapshot):
    before = snapshot(store)
    rows = [["代码", "简称", "营业收入同比(万元) 2023A"], ["300493", "润欣科技", "2.8"]]
    with pytest.raises(ImportFailed):
        import_files(store, [write_csv("bad.csv", rows)])
    assert snapshot(store) == before
