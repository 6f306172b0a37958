"""The auto-drafted market review rounds its changes half away from zero on the exact quotient of
the closes as written, as the table does; the preflight prints a file's change with two decimals.

Truth: decimal arithmetic on the closes as written (2003.30 / 2000.00 - 1 = 0.165% exactly).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from workbench.analysis.metrics import outperformance, printed_percent, weekly_change, yoy
from workbench.analysis.review import draft_market_review, week_warnings, IndexWeek
from workbench.domain.issue import Issue


def pct(close: str, base: str) -> str:
    change = (Decimal(close) / Decimal(base) - 1) * 100
    q = change.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{abs(q):.2f}%" if q == 0 else f"{q:+.2f}%"


@pytest.mark.parametrize("close,base", [("2003.30", "2000.00"), ("2002.10", "2000.00"), ("1996.70", "2000.00"),
                                        ("2000.10", "2000.00"), ("1999.90", "2000.00"), ("4006.60", "4000.00")])
def test_a_weekly_change_on_a_half_way_quotient_rounds_half_up(store, close, base):
    idx = store.upsert_index("沪深300", "000300.SH")
    store.write_quotes([(idx, "2024-12-20", float(base), None, "Wind"), (idx, "2024-12-27", float(close), None, "Wind")])
    issue = Issue(series="周报", headline="h", period_start="2024-12-23", period_end="2024-12-29",
                  publish_date="2024-12-30", review_indices=["沪深300"])
    text = draft_market_review(store, issue)
    assert text == f"本周沪深300报收 {Decimal(close):.2f} 点，周涨跌幅为{pct(close, base)}。"


def test_the_verdict_compares_the_changes_as_printed():
    # +0.165% prints +0.17%, +0.1649% prints +0.16%: not a tie
    sector, bench = weekly_change(2003.30, 2000.00), 0.001649
    assert printed_percent(sector) == float(Decimal("0.17"))
    assert outperformance(sector, bench) == "跑赢大盘"
    assert printed_percent(-0.00004) == 0.0 and str(printed_percent(-0.00004)) == "0.0"


def test_a_yoy_on_written_figures_is_the_exact_quotient():
    # 34.5 亿元 against 30 亿元: +15% exactly; 1.0165 against 1 (a half-way 1.65%)
    assert yoy(34.5e8, 30e8) == float(Decimal("0.15"))
    assert yoy(101.65, 100.0) == float(Decimal("0.0165"))
    assert yoy(-2.0, -4.0) == float(Decimal("0.5"))


@pytest.mark.parametrize("vendor,shown", [(0.0, "0.00%"), (-0.012, "-1.20%"), (-0.000758, "-0.0758%"),
                                          (0.0157, "+1.57%"), (0.00125, "+0.125%")])
def test_the_files_change_prints_with_at_least_two_decimals(vendor, shown):
    w = IndexWeek("深证成指", "2025-01-03", 10088.06, weekly_change(10088.06, 10659.98), "computed",
                  "2024-12-27", 10659.98, vendor)
    (warning,) = [x for x in week_warnings([w], "2024-12-30") if x.code == "review_change_mismatch"]
    assert f"行情文件涨跌幅为 {shown}，" in warning.message
    assert f"the file's change {shown} disagrees" in warning.message
