"""Imported figures are stored as the nearest double to the decimal the file wrote, in the store's unit.

A percentage divided by 100 in binary drifts (12.745 -> 0.12744999999999998, 2.8 ->
0.027999999999999997), so an unchanged figure imported again would count as an update. The truth
here is ``float(Decimal(written) * unit)``: decimal arithmetic on the text as written.
"""

from __future__ import annotations

import csv
from decimal import Decimal

import openpyxl
import pytest

from workbench.imports import import_files

TICKER, NAME = "300493.SZ", "润欣科技"
# header, figure as written, (metric, period), the unit's factor to the store's unit
WIDE = [
    ("营业收入(亿元)2023年报", "1771.85", ("revenue", "2023A"), Decimal(10) ** 8),
    ("营业收入(亿元)2024三季", "2319.15", ("revenue", "2024Q1-Q3"), Decimal(10) ** 8),
    ("营业收入同比(%)2023年报", "12.745", ("revenue_yoy", "2023A"), Decimal("0.01")),
    ("营业收入同比(%)2024三季", "2.8", ("revenue_yoy", "2024Q1-Q3"), Decimal("0.01")),
    ("归母净利润(万元)2023年报", "376543.21", ("net_profit", "2023A"), Decimal(10) ** 4),
    ("归母净利润同比(%)2023年报", "-21.79", ("net_profit_yoy", "2023A"), Decimal("0.01")),
    ("归母净利润同比(%)2024三季", "0.9", ("net_profit_yoy", "2024Q1-Q3"), Decimal("0.01")),
    ("年初至今涨跌幅(%)2025", "6.56", ("ytd_return", "2025YTD"), Decimal("0.01")),
    ("预测市盈率PE(倍)2024E", "17.25", ("pe", "2024E"), Decimal(1)),
]


def truth(written: str, factor: Decimal) -> float:
    return float(Decimal(written) * factor)


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def write_xlsx(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(rows[0])
    for row in rows[1:]:
        ws.append([float(v) if k >= 2 else v for k, v in enumerate(row)])  # numbers as Excel holds them
    wb.save(path)
    return path


def wide_rows(figures=WIDE):
    return [["证券代码", "证券简称", *[h for h, *_ in figures]], [TICKER, NAME, *[w for _, w, *_ in figures]]]


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_a_wide_file_stores_the_decimal_written(store, tmp_path, writer):
    path = writer(tmp_path / ("wide" + (".csv" if writer is write_csv else ".xlsx")), wide_rows())
    import_files(store, [path], as_of="2024-12-29")
    for _, written, (metric, period), factor in WIDE:
        assert store.fact(TICKER, metric, period) == truth(written, factor), (metric, written)


def test_a_long_file_stores_the_decimal_written(store, tmp_path):
    rows = [["代码", "简称", "报告期", "指标", "数值", "单位"],
            [TICKER, NAME, "2023年报", "营业收入", "1771.85", "亿元"],
            [TICKER, NAME, "2023年报", "营业收入同比", "12.745", "%"],
            [TICKER, NAME, "2024三季", "营业收入同比", "2.8", "%"],
            [TICKER, NAME, "2024三季", "归母净利润", "376543.21", "万元"]]
    import_files(store, [write_csv(tmp_path / "long.csv", rows)], as_of="2024-12-29")
    assert store.fact(TICKER, "revenue", "2023A") == truth("1771.85", Decimal(10) ** 8)
    assert store.fact(TICKER, "revenue_yoy", "2023A") == truth("12.745", Decimal("0.01"))
    assert store.fact(TICKER, "revenue_yoy", "2024Q1-Q3") == truth("2.8", Decimal("0.01"))
    assert store.fact(TICKER, "net_profit", "2024Q1-Q3") == truth("376543.21", Decimal(10) ** 4)


def test_a_percent_cell_written_as_text_stores_the_decimal_written(store, tmp_path):
    rows = [["证券代码", "证券简称", "营业收入同比2023年报", "年初至今涨跌幅2025"], [TICKER, NAME, "12.745%", "-2.8%"]]
    import_files(store, [write_csv(tmp_path / "pct.csv", rows)], as_of="2024-12-29")
    assert store.fact(TICKER, "revenue_yoy", "2023A") == truth("12.745", Decimal("0.01"))
    assert store.fact(TICKER, "ytd_return", "2025YTD") == truth("-2.8", Decimal("0.01"))


def test_quotes_store_the_change_written(store, tmp_path):
    rows = [["指数代码", "指数名称", "交易日期", "收盘价", "涨跌幅(%)"],
            ["000001.SH", "上证指数", "2024-12-30", "3407.33", "0.21"],
            ["000001.SH", "上证指数", "2024-12-31", "3351.76", "-1.63"],
            ["000001.SH", "上证指数", "2025-01-02", "3262.56", "-2.66"]]
    import_files(store, [write_csv(tmp_path / "q.csv", rows)])
    quotes = store.quotes(store.index("上证指数")["id"])
    assert [q["change"] for q in quotes] == [truth(w, Decimal("0.01")) for w in ("0.21", "-1.63", "-2.66")]


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_an_unchanged_file_imported_again_changes_nothing_and_keeps_its_first_source(store, tmp_path, writer):
    ext = ".csv" if writer is write_csv else ".xlsx"
    first = writer(tmp_path / ("first" + ext), wide_rows())
    again = writer(tmp_path / ("again" + ext), wide_rows())
    import_files(store, [first], as_of="2024-12-27")
    result = import_files(store, [again], as_of="2024-12-29")
    counts = result.facts
    assert (counts.added, counts.updated, counts.unchanged, counts.confirmed) == (0, 0, len(WIDE), len(WIDE))
    for _, _, (metric, period), _ in WIDE:
        row = store.fact_row(TICKER, metric, period)
        assert (row["source"], row["as_of"]) == (first.name, "2024-12-29"), metric


def test_csv_and_xlsx_of_one_figure_store_one_value(store, tmp_path):
    import_files(store, [write_csv(tmp_path / "a.csv", wide_rows())], as_of="2024-12-27")
    result = import_files(store, [write_xlsx(tmp_path / "a.xlsx", wide_rows())], as_of="2024-12-29")
    assert result.facts.updated == 0 and result.facts.unchanged == len(WIDE)


def test_a_value_stored_with_binary_drift_is_the_same_figure(store, tmp_path):
    """A store written before keeps working: 0.027999999999999997 (2.8 / 100 in binary) is the figure
    2.8% read again, at the 15 significant digits a double holds; the first source stays."""
    store.upsert_companies([{"ticker": TICKER, "name": NAME}])
    drift = [("revenue_yoy", "2024Q1-Q3", 2.8 / 100.0), ("revenue_yoy", "2023A", 12.745 / 100.0),
             ("revenue", "2023A", 1771.85 * 1e8 - 0.0001)]
    assert [v for *_, v in drift] != [truth("2.8", Decimal("0.01")), truth("12.745", Decimal("0.01")),
                                      truth("1771.85", Decimal(10) ** 8)]  # the drift is real
    store.write_facts([(TICKER, m, p, v, "old.xlsx", "2024-12-20") for m, p, v in drift])
    figures = [f for f in WIDE if f[2] in {(m, p) for m, p, _ in drift}]
    result = import_files(store, [write_csv(tmp_path / "new.csv", wide_rows(figures))], as_of="2024-12-29")
    assert (result.facts.updated, result.facts.unchanged, result.facts.confirmed) == (0, 3, 3)
    for m, p, v in drift:
        assert store.fact_row(TICKER, m, p)["source"] == "old.xlsx"
        assert store.fact(TICKER, m, p) == v  # the stored double stays: no update is logged
    # a real change at the 15th digit is still a change
    store.write_facts([(TICKER, "pe", "2024E", 17.2500000000001, "old.xlsx", "2024-12-20")])
    result = import_files(store, [write_csv(tmp_path / "pe.csv", wide_rows([WIDE[-1]]))], as_of="2024-12-29")
    assert result.facts.updated == 1 and store.fact(TICKER, "pe", "2024E") == 17.25


def test_a_percentage_file_confirms_the_fraction_stored_from_a_fraction(store, tmp_path):
    """The demo's seed stores 2.80% as the fraction 0.028; a Wind file writing 2.8 (%) is the same figure."""
    store.upsert_companies([{"ticker": TICKER, "name": NAME}])
    store.write_facts([(TICKER, m, p, truth(w, f), "companies.csv", "2024-12-20") for _, w, (m, p), f in WIDE])
    result = import_files(store, [write_csv(tmp_path / "same.csv", wide_rows())], as_of="2024-12-29")
    assert (result.facts.updated, result.facts.unchanged, result.facts.confirmed) == (0, len(WIDE), len(WIDE))
    assert {store.fact_row(TICKER, m, p)["source"] for _, _, (m, p), _ in WIDE} == {"companies.csv"}


def test_quotes_stored_with_binary_drift_are_the_same_figures(store, tmp_path):
    idx = store.upsert_index("上证指数", "000001.SH")
    store.write_quotes([(idx, "2025-01-02", 3262.56, -2.66 / 100.0, "old.csv")])  # -0.026600000000000002
    assert -2.66 / 100.0 != truth("-2.66", Decimal("0.01"))
    rows = [["指数代码", "指数名称", "交易日期", "收盘价", "涨跌幅(%)"], ["000001.SH", "上证指数", "2025-01-02", "3262.56", "-2.66"]]
    result = import_files(store, [write_csv(tmp_path / "q.csv", rows)])
    assert (result.quotes.updated, result.quotes.unchanged) == (0, 1)
    assert store.quotes(idx)[0]["change"] == -2.66 / 100.0
