"""`workbench table` prints the stored figures as numbers a reader can check (no binary noise such
as -0.051699999999999996 for -5.17%), still in stored units."""

from __future__ import annotations

import csv
import io

from workbench.imports import import_files
from workbench.tables import table_rows, to_csv

QUOTES = ["代码", "名称", "日期", "收盘价", "涨跌幅(%)"]
WIDE = ["证券代码", "证券简称", "营业收入同比\n[报告期] 2024三季\n[单位] %"]


def test_quotes_print_the_vendor_figures_without_binary_noise(store, write_csv):
    # -5.17 / 100 is -0.051699999999999996 in binary floating point
    assert -5.17 / 100 != -0.0517
    import_files(store, [write_csv("q.csv", [QUOTES, ["000001.SH", "上证指数", "2025-01-03", "3211.43", "-5.17"],
                                             ["000300.SH", "沪深300", "2025-01-03", "3775.16", "-5.59"]])])
    header, rows = table_rows(store, "quotes")
    by_code = {r[0]: r for r in rows}
    assert by_code["000001.SH"][3:] == [3211.43, -0.0517]
    assert by_code["000300.SH"][3:] == [3775.16, -0.0559]
    text = to_csv(header, rows)
    assert "0.05169999" not in text and "-0.0517" in text
    parsed = {r["index_code"]: r for r in csv.DictReader(io.StringIO(text))}
    assert parsed["000001.SH"]["change"] == "-0.0517" and parsed["000001.SH"]["close"] == "3211.43"


def test_financials_print_ratios_without_binary_noise(store, write_csv):
    import_files(store, [write_csv("w.csv", [WIDE, ["002045.SZ", "国光电器", "5.17"]])])
    header, rows = table_rows(store, "financials")
    assert [r[4] for r in rows] == [0.0517]


def test_cleaning_keeps_every_digit_a_figure_has(store, write_csv):
    """Fifteen significant digits: amounts to the fen and small ratios stay as given."""
    from workbench.tables import clean_number

    for value in (123456789012.34, 0.000123, -1e-7, 3400.14, 57.04e8, 1.0, 0.0):
        assert clean_number(value) == value
    assert clean_number(None) is None and clean_number("x") == "x"
