"""The cover chart never stops before the report's week without saying so.

The chart plots the sector index against the benchmark on the dates both have a close. When the
sector index has no close for the week's last days the chart stops early: its title then says
截至<date>, the preflight names the index and its last close, and the date agrees with the one the
drafted market review gives. The week's quotes are files written here; the last close of each
index is read with plain SQL over the store, and the PDF is read back with pdftotext.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from workbench.analysis.review import draft_market_review_result
from workbench.drafting.lifecycle import copy_forward
from workbench.imports import import_files
from workbench.report.preflight import preflight
from workbench.report.spec import build_report_spec

QUOTES = ["代码", "名称", "日期", "收盘价", "涨跌幅"]
THURSDAY, FRIDAY = "2025-01-02", "2025-01-03"
OTHERS = [("000001.SH", "上证指数", "3211.43", "-5.55%"), ("399001.SZ", "深证成指", "10064.10", "-5.59%"),
          ("399006.SZ", "创业板指", "2037.80", "-7.58%"), ("", "中证人工智能指数", "1210.33", "-8.40%")]
BENCH = [("000300.SH", "沪深300", THURSDAY, "3820.11", "-4.05%"), ("000300.SH", "沪深300", FRIDAY, "3775.16", "-5.17%")]
SECTOR = "申万电子"


def found(result, code: str):
    return [f for f in result.warnings + result.blockers if f.code == code]


def last_close(store, name: str, end: str) -> str | None:
    return store.scalar("SELECT max(q.date) FROM quotes q JOIN indices i ON i.id = q.index_id "
                        "WHERE i.name = ? AND q.date <= ? AND q.close IS NOT NULL", [name, end])


def month_day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.month}月{d.day}日"


@pytest.fixture
def week_two(demo_store):
    src = demo_store.issue("latest")
    assert src.cover_index == SECTOR  # the chart the tests below look at
    return copy_forward(demo_store, src.id, by="编辑")


def import_week(store, write_csv, sector_rows) -> None:
    rows = [[code, name, FRIDAY, close, change] for code, name, close, change in OTHERS]
    rows += [list(r) for r in BENCH] + [list(r) for r in sector_rows]
    import_files(store, [write_csv("指数行情_20250103.csv", [QUOTES, *rows], encoding="gbk")], as_of=FRIDAY)


def test_the_demo_cover_chart_ends_with_its_week_and_says_nothing(demo_store):
    issue = demo_store.issue("latest")
    chart = build_report_spec(demo_store, issue).cover_chart
    assert chart.x[-1] == last_close(demo_store, SECTOR, issue.period_end)
    assert chart.x[-1] == last_close(demo_store, "沪深300", issue.period_end)
    assert "截至" not in chart.title
    assert not found(preflight(demo_store, issue), "chart_cutoff")


def test_a_sector_index_without_fridays_close_dates_the_chart_and_is_named(demo_store, week_two, write_csv):
    import_week(demo_store, write_csv, [("801080.SI", SECTOR, THURSDAY, "4101.20", "-4.85%")])
    issue = demo_store.issue(week_two.id)
    sector_last = last_close(demo_store, SECTOR, issue.period_end)
    bench_last = last_close(demo_store, "沪深300", issue.period_end)
    assert (sector_last, bench_last) == (THURSDAY, FRIDAY)
    chart = build_report_spec(demo_store, issue).cover_chart
    assert chart.x[-1] == sector_last
    assert chart.title.endswith(f"（截至{month_day(sector_last)}）")
    hits = found(preflight(demo_store, issue), "chart_cutoff")
    assert len(hits) == 1 and hits[0].field == "cover_index" and hits[0].label == "首页走势图"
    assert f"{SECTOR}的行情只到 {sector_last}" in hits[0].message and bench_last in hits[0].message
    # a review that names the chart's index gives its close as of the same day the chart stops
    issue.review_indices.append(SECTOR)
    demo_store.save_issue(issue)
    review = draft_market_review_result(demo_store, issue).text
    m = re.search(rf"{SECTOR}截至(\d+)月(\d+)日报收 ([\d.]+) 点", review)
    assert m, review
    shown = date.fromisoformat(chart.x[-1])
    assert (int(m.group(1)), int(m.group(2))) == (shown.month, shown.day)
    close = demo_store.scalar("SELECT q.close FROM quotes q JOIN indices i ON i.id = q.index_id "
                              "WHERE i.name = ? AND q.date = ?", [SECTOR, chart.x[-1]])
    assert m.group(3) == f"{close:.2f}"


def test_a_sector_index_with_no_close_in_the_week_dates_the_chart_with_its_year(demo_store, week_two, write_csv):
    import_week(demo_store, write_csv, [])
    issue = demo_store.issue(week_two.id)
    sector_last = last_close(demo_store, SECTOR, issue.period_end)
    assert sector_last < issue.period_start
    chart = build_report_spec(demo_store, issue).cover_chart
    d = date.fromisoformat(sector_last)
    assert chart.x[-1] == sector_last and chart.title.endswith(f"（截至{d.year}年{d.month}月{d.day}日）")
    hits = found(preflight(demo_store, issue), "chart_cutoff")
    assert len(hits) == 1 and f"{SECTOR}的行情只到 {sector_last}" in hits[0].message


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_pdfs_first_page_says_where_the_chart_stops(demo_store, week_two, write_csv, tmp_path):
    from workbench.report import export_pdf

    import_week(demo_store, write_csv, [("801080.SI", SECTOR, THURSDAY, "4101.20", "-4.85%")])
    issue = demo_store.issue(week_two.id)
    out = tmp_path / "week2.pdf"
    export_pdf(demo_store, issue, out)
    page1 = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert f"截至{month_day(last_close(demo_store, SECTOR, issue.period_end))}" in "".join(page1.split())
