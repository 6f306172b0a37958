"""A table that is right but stale never goes out silently.

The week after the demo's (2024-12-30..2025-01-05, a new calendar year) rebuilt with files made
here: a week whose company figures were not re-imported, a year boundary's 年初至今 column, a
revised level beside its old growth rate, last week's headline carried forward. Expected counts
and dates come from the files written here and from plain SQL over the store, never from the
preflight's own output.
"""

from __future__ import annotations

from datetime import date

import pytest

from workbench.domain.issue import TableColumn
from workbench.drafting.lifecycle import copy_forward
from workbench.imports import import_files
from workbench.report.preflight import STALE_DAYS, preflight
from workbench.report.spec import build_report_spec

QUOTES = ["代码", "名称", "日期", "收盘价", "涨跌幅"]
WEEK_QUOTES = [  # the week's closes; the weekly changes are computed from the demo's 2024-12-27 closes
    ("000001.SH", "上证指数", "2025-01-03", "3211.43", "-5.55%"),
    ("399001.SZ", "深证成指", "2025-01-03", "10064.10", "-5.59%"),
    ("399006.SZ", "创业板指", "2025-01-03", "2037.80", "-7.58%"),
    ("000300.SH", "沪深300", "2025-01-03", "3775.16", "-5.17%"),
    ("", "中证人工智能指数", "2025-01-03", "1210.33", "-8.40%"),
]
REV_Q3 = "营业收入\n[报告期] 2024三季\n[单位] 亿元"
REV_Q3_YOY = "营业收入同比增长率\n[报告期] 2024三季\n[单位] %"
PE = ["PE 2024E", "PE 2025E"]
YTD_2025 = "年初至今涨跌幅\n[交易日期] 2025-01-03\n[单位] %"


def found(result, code: str):
    return [f for f in result.warnings if f.code == code]


def one(result, code: str):
    hits = found(result, code)
    assert len(hits) == 1, [str(f) for f in result.warnings]
    return hits[0]


@pytest.fixture
def week_two(demo_store):
    """Last week's issue copied forward: 2024-12-30..2025-01-05, nothing else imported yet."""
    return copy_forward(demo_store, demo_store.issue("latest").id, by="编辑")


def import_quotes(store, write_csv):
    import_files(store, [write_csv("指数行情_20250103.csv", [QUOTES, *WEEK_QUOTES], encoding="gbk")],
                 as_of="2025-01-03")


def table_tickers(store, issue) -> list[str]:
    return [r.ticker for r in build_report_spec(store, issue).table.rows]


def count_older(store, tickers, metric: str, period: str, before: str) -> int:
    """Companies of the table whose (metric, period) figure is dated before ``before`` (plain SQL)."""
    marks = ",".join("?" * len(tickers))
    return store.scalar(f"SELECT count(DISTINCT ticker) FROM facts WHERE metric = ? AND period = ? "
                        f"AND value IS NOT NULL AND as_of < ? AND ticker IN ({marks})",
                        [metric, period, before, *tickers])


# ---------------------------------------------------------------------- item 1: a week without new data
def test_a_week_with_only_quotes_warns_that_the_price_figures_are_last_weeks(demo_store, week_two, write_csv):
    import_quotes(demo_store, write_csv)
    tickers = table_tickers(demo_store, week_two)
    stale_pe = count_older(demo_store, tickers, "pe", "2024E", week_two.period_start)
    assert stale_pe == len(tickers) > 5  # no company figure was imported this week
    warning = one(preflight(demo_store, week_two), "stale_facts")
    text = warning.message
    assert warning.field == "table"
    assert "PE 2024E" in text and "PE 2025E" in text
    assert f"{len(tickers)} 家" in text
    assert "2024-12-29" in text and week_two.period_start in text
    # a quarter's revenue does not change weekly: 2024-12-29 is within the rule's days, not named
    assert "营业收入" not in text and "归母净利润" not in text


def test_price_figures_imported_for_the_week_are_not_flagged(demo_store, week_two, write_csv):
    import_quotes(demo_store, write_csv)
    tickers = table_tickers(demo_store, week_two)
    names = {c["ticker"]: c["name"] for c in demo_store.companies()}
    rows = [[t, names[t], f"{20 + i * 0.5:.1f}", f"{15 + i * 0.5:.1f}", f"{-3 - i * 0.01:.2f}"]
            for i, t in enumerate(tickers)]
    import_files(demo_store, [write_csv("wind_20250103.csv", [["证券代码", "证券简称", *PE, YTD_2025], *rows],
                                        encoding="utf-8-sig")], as_of="2025-01-03")
    assert count_older(demo_store, tickers, "pe", "2025E", week_two.period_start) == 0
    assert found(preflight(demo_store, week_two), "stale_facts") == []


def test_one_companys_price_figure_left_behind_is_named(demo_store, week_two, write_csv):
    import_quotes(demo_store, write_csv)
    tickers = table_tickers(demo_store, week_two)
    for t in tickers:  # every price figure of the week by hand, as of the week's Friday
        demo_store.set_fact(t, "pe", "2024E", 30.0, as_of="2025-01-03")
        demo_store.set_fact(t, "pe", "2025E", 25.0, as_of="2025-01-03")
        demo_store.set_fact(t, "ytd_return", "2025YTD", -0.03, as_of="2025-01-03")
    demo_store.set_fact("688608.SH", "pe", "2025E", 25.0, as_of="2024-12-27")
    text = one(preflight(demo_store, week_two), "stale_facts").message
    assert "恒玄科技" in text and "688608.SH" in text and "1 家" in text and "2024-12-27" in text
    assert "PE 2025E" in text and "PE 2024E" not in text and "年初至今" not in text


def test_report_period_figures_are_flagged_only_past_the_rule(demo_store):
    issue = demo_store.issue("latest")  # 2024-12-23..2024-12-29
    start = date.fromisoformat(issue.period_start)
    just_inside = start.toordinal() - STALE_DAYS  # the rule's last day: not older than it
    demo_store.set_fact("002045.SZ", "revenue", "2023A", 40e8, as_of=date.fromordinal(just_inside).isoformat())
    assert found(preflight(demo_store, issue), "stale_facts") == []
    too_old = date.fromordinal(just_inside - 1).isoformat()
    demo_store.set_fact("002045.SZ", "revenue", "2023A", 40e8, as_of=too_old)
    text = one(preflight(demo_store, issue), "stale_facts").message
    assert "营业收入 2023" in text and "国光电器" in text and too_old in text and "1 家" in text
    assert "PE" not in text


def test_a_price_figure_dated_the_day_before_the_week_is_flagged(demo_store):
    issue = demo_store.issue("latest")
    day_before = date.fromordinal(date.fromisoformat(issue.period_start).toordinal() - 1).isoformat()
    demo_store.set_fact("300493.SZ", "ytd_return", "2024YTD", 2.0, as_of=day_before)
    text = one(preflight(demo_store, issue), "stale_facts").message
    assert "年初至今" in text and "润欣科技" in text and day_before in text


def test_the_demo_issue_has_no_freshness_warnings(demo_store):
    result = preflight(demo_store, "latest")
    codes = {f.code for f in result.warnings}
    assert not codes & {"stale_facts", "ytd_year", "empty_column", "growth_as_of", "same_as_last_week"}, codes


# ---------------------------------------------------------------------- item 6: the year boundary
def ytd_columns(issue) -> list[TableColumn]:
    return [c for c in issue.table.columns if c.metric == "ytd_return"]


def test_copy_forward_into_a_new_year_moves_the_ytd_column(demo_store, week_two):
    src = demo_store.issue(1)
    new_year = date.fromisoformat(week_two.period_end).year
    assert new_year == date.fromisoformat(src.period_end).year + 1
    assert [c.period for c in ytd_columns(week_two)] == [f"{new_year}YTD"]
    assert [c.period for c in ytd_columns(demo_store.issue(week_two.id))] == [f"{new_year}YTD"]
    others = [c for c in week_two.table.columns if c.metric != "ytd_return"]
    assert others == [c for c in src.table.columns if c.metric != "ytd_return"]  # reports and forecasts stay


def test_copy_forward_moves_a_ytd_header_naming_its_year(demo_store):
    src = demo_store.issue("latest")
    src.table.columns = [*src.table.columns[:-1], TableColumn("ytd_return", "2024YTD", "2024年行情", "2024YTD")]
    demo_store.save_issue(src)
    new = copy_forward(demo_store, src.id, by="编辑")
    assert ytd_columns(new) == [TableColumn("ytd_return", "2025YTD", "2025年行情", "2025YTD")]


def test_copy_forward_within_a_year_keeps_the_ytd_column(demo_store):
    src = demo_store.issue("latest")
    src.period_start, src.period_end, src.publish_date = "2024-12-16", "2024-12-22", "2024-12-24"
    src.table.as_of = "2024-12-22"
    demo_store.save_issue(src)
    new = copy_forward(demo_store, src.id, by="编辑")
    assert new.period_end == "2024-12-29"
    assert [c.period for c in ytd_columns(new)] == ["2024YTD"]


def test_the_new_years_ytd_prints_after_copy_forward(demo_store, write_csv):
    # this week's YTD exported without a year in its header: the import dates it by --as-of
    ytd = {"300493.SZ": ("润欣科技", "-3.21"), "002045.SZ": ("国光电器", "-4.50")}
    import_files(demo_store, [write_csv("wind_ytd.csv", [["证券代码", "证券简称", "年初至今涨跌幅\n[单位] %"],
                                                          *[[t, n, v] for t, (n, v) in ytd.items()]],
                                        encoding="utf-8-sig")], as_of="2025-01-03")
    new = copy_forward(demo_store, demo_store.issue("latest").id, by="编辑")
    spec = build_report_spec(demo_store, new)
    j = next(i for i, c in enumerate(spec.table.columns) if c.metric == "ytd_return")
    printed = {r.ticker: r.values[j] for r in spec.table.rows}
    for ticker, (_, value) in ytd.items():
        assert printed[ticker] == pytest.approx(float(value) / 100)


def test_a_ytd_column_of_another_year_is_flagged(demo_store, week_two):
    week_two.table.columns = [*week_two.table.columns[:-1],
                              TableColumn("ytd_return", "2024YTD", "估值", "年初至今")]  # as last year
    text = one(preflight(demo_store, week_two), "ytd_year").message
    assert "2024YTD" in text and "2025" in text and week_two.period_end in text


def test_a_newer_ytd_in_the_store_is_flagged(demo_store, week_two):
    week_two.table.columns = [*week_two.table.columns[:-1], TableColumn("ytd_return", "2024YTD", "估值", "年初至今")]
    for t in ("300493.SZ", "002045.SZ", "688608.SH"):
        demo_store.set_fact(t, "ytd_return", "2025YTD", -0.03, as_of="2025-01-03")
    text = one(preflight(demo_store, week_two), "ytd_year").message
    assert "2025YTD" in text and "3 家" in text and "2024YTD" in text


def test_a_ytd_of_a_year_after_the_issues_own_is_never_asked_for(demo_store):
    issue = demo_store.issue("latest")  # 2024: its 2024YTD is the right year
    assert issue.period_end.startswith("2024-")
    assert one_or_none(preflight(demo_store, issue), "ytd_year") is None
    # next week's 2025YTD is in the store: a December 2024 issue still prints 2024YTD, unasked
    demo_store.set_fact("300493.SZ", "ytd_return", "2025YTD", -0.03, as_of="2025-01-03")
    assert one_or_none(preflight(demo_store, issue), "ytd_year") is None


def one_or_none(result, code):
    hits = found(result, code)
    return hits[0] if hits else None


def test_a_ytd_column_with_no_data_is_flagged(demo_store, week_two):
    tickers = table_tickers(demo_store, week_two)
    marks = ",".join("?" * len(tickers))
    assert demo_store.scalar(f"SELECT count(*) FROM facts WHERE metric = 'ytd_return' AND period = '2025YTD' "
                             f"AND ticker IN ({marks})", tickers) == 0
    warning = one(preflight(demo_store, week_two), "empty_column")
    assert "年初至今" in warning.message and "2025YTD" in warning.message and "--" in warning.message


# ---------------------------------------------------------------------- item 7: a level beside an old growth rate
def test_a_revised_level_beside_its_old_growth_is_flagged(demo_store, week_two, write_csv):
    # 国光电器's 24Q1-Q3 revenue revised 57.0 -> 58.3 亿元; 润欣科技's re-exported unchanged (in 万元)
    before = demo_store.fact("300493.SZ", "revenue", "2024Q1-Q3")
    import_files(demo_store, [write_csv("revision.csv", [["证券代码", "证券简称", REV_Q3.replace("亿元", "万元")],
                                                         ["002045.SZ", "国光电器", "583000"],
                                                         ["300493.SZ", "润欣科技", f"{before / 1e4:.0f}"]],
                                        encoding="utf-8-sig")], as_of="2025-01-03")
    rows = {r["metric"]: r for r in demo_store.rows(
        "SELECT metric, as_of FROM facts WHERE ticker = '002045.SZ' AND period = '2024Q1-Q3' "
        "AND metric IN ('revenue', 'revenue_yoy')")}
    level_as_of, growth_as_of = rows["revenue"]["as_of"], rows["revenue_yoy"]["as_of"]
    assert (level_as_of, growth_as_of) == ("2025-01-03", "2024-12-29")
    warning = one(preflight(demo_store, week_two), "growth_as_of")
    text = warning.message
    assert "国光电器" in text and "002045.SZ" in text and level_as_of in text and growth_as_of in text
    assert "营业收入" in text and "同比" in text and "24Q1-Q3" in text
    assert "归母净利润" not in text and "润欣科技" not in text  # an unchanged level is no revision


def test_a_level_and_growth_imported_together_are_not_flagged(demo_store, week_two, write_csv):
    import_files(demo_store, [write_csv("revision.csv", [["证券代码", "证券简称", REV_Q3, REV_Q3_YOY],
                                                         ["002045.SZ", "国光电器", "58.3", "34.79"]],
                                        encoding="utf-8-sig")], as_of="2025-01-03")
    assert found(preflight(demo_store, week_two), "growth_as_of") == []


def test_a_level_confirmed_unchanged_on_a_later_day_is_not_flagged(demo_store):
    issue = demo_store.issue("latest")
    # the level re-confirmed as of a later day with the same value (no revision in the change log)
    demo_store.db.execute("UPDATE facts SET as_of = '2025-01-03' WHERE ticker = '002045.SZ' "
                          "AND metric = 'revenue' AND period = '2024Q1-Q3'")
    assert demo_store.fact_row("002045.SZ", "revenue", "2024Q1-Q3")["as_of"] == "2025-01-03"
    assert found(preflight(demo_store, issue), "growth_as_of") == []


def test_a_level_revised_by_hand_is_flagged_with_its_growth(demo_store):
    issue = demo_store.issue("latest")
    assert demo_store.fact("300493.SZ", "net_profit", "2023A") != pytest.approx(0.9e8)
    demo_store.set_fact("300493.SZ", "net_profit", "2023A", 0.9e8, as_of="2024-12-30")
    text = one(preflight(demo_store, issue), "growth_as_of").message
    assert "润欣科技" in text and "归母净利润" in text and "2024-12-30" in text and "2024-12-29" in text


def test_a_growth_revised_after_its_level_is_flagged(demo_store):
    issue = demo_store.issue("latest")
    assert demo_store.fact("300493.SZ", "revenue_yoy", "2023A") != pytest.approx(0.5)
    demo_store.set_fact("300493.SZ", "revenue_yoy", "2023A", 0.5, as_of="2024-12-30")
    text = one(preflight(demo_store, issue), "growth_as_of").message
    assert "润欣科技" in text and "营业收入" in text and "2024-12-30" in text and "2024-12-29" in text


# ---------------------------------------------------------------------- item 9: last week's headline
def test_last_weeks_headline_carried_forward_is_flagged(demo_store, week_two):
    src = demo_store.issue(1)
    assert week_two.headline == src.headline
    warning = next(f for f in found(preflight(demo_store, week_two), "same_as_last_week") if f.field == "headline")
    assert "第 1 期" in warning.message and src.headline in warning.message
    week_two.headline = "周观点：年初市场回调，关注 AI 硬件龙头估值修复"
    assert [f.field for f in found(preflight(demo_store, week_two), "same_as_last_week")
            if f.field == "headline"] == []


def test_a_sections_first_line_carried_forward_is_flagged(demo_store, week_two):
    src = demo_store.issue(1)
    assert week_two.advice == src.advice and week_two.advice
    fields = {f.field for f in found(preflight(demo_store, week_two), "same_as_last_week")}
    assert {"headline", "advice", "views[0]"} <= fields
    week_two.advice = "我们认为，年初市场回调后 AI 硬件估值更具吸引力。"
    week_two.views[0] = "**市场回调，电子板块领跌。**本周 A 股震荡下行。"
    fields = {f.field for f in found(preflight(demo_store, week_two), "same_as_last_week")}
    assert fields == {"headline"}


def test_the_previous_issue_is_found_without_a_related_link(demo_store, week_two):
    week_two.related = []  # the citation removed by hand: the series' previous week is still known
    fields = {f.field for f in found(preflight(demo_store, week_two), "same_as_last_week")}
    assert "headline" in fields

