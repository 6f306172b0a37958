"""The market review's weekly figures are the week's: the last close in the week against the last
close before it, whatever the file's 涨跌幅 column says; a base that is not last week's and a
mid-week last quote are named in the text and warned of by the preflight.

Every expected figure is computed here from the closes the test puts in the store (the demo's
own input file gives the 2024-12-27 closes), never read back from the workbench's drafting.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest

from workbench.analysis import review
from workbench.analysis.review import draft_market_review_result
from workbench.demo import demo_file
from workbench.domain.issue import Issue
from workbench.imports import import_files
from workbench.report import preflight

HEADER = ["代码", "名称", "日期", "收盘价", "涨跌幅(%)"]
NAMES = ["上证指数", "深证成指", "创业板指", "沪深300", "中证人工智能指数"]
WEEK2 = ("2024-12-30", "2025-01-05")
WEEK3 = ("2025-01-06", "2025-01-12")

# iFinD's daily export: 涨跌幅 is each day's change, not the week's
DAILY = [
    ["000300.SH", "沪深300", "2024-12-30", "3970.66", "-0.26"],
    ["000300.SH", "沪深300", "2024-12-31", "3934.91", "-0.9"],
    ["000300.SH", "沪深300", "2025-01-02", "3820.56", "-2.91"],
    ["000300.SH", "沪深300", "2025-01-03", "3775.16", "-1.19"],
    ["000001.SH", "上证指数", "2025-01-03", "3211.43", "-1.57"],
    ["399001.SZ", "深证成指", "2025-01-03", "10064.1", "-1.86"],
    ["399006.SZ", "创业板指", "2025-01-03", "2037.8", "-2.16"],
    ["", "中证人工智能指数", "2025-01-03", "1210.33", "-2.4"],
]
# a weekly change typed as a fraction into a (%) column
FRACTION = [
    ["000001.SH", "上证指数", "2025-01-03", "3211.43", ""],
    ["399001.SZ", "深证成指", "2025-01-03", "10064.1", ""],
    ["399006.SZ", "创业板指", "2025-01-03", "2037.8", "-0.0758"],
    ["000300.SH", "沪深300", "2025-01-03", "3775.16", "-0.0517"],
    ["", "中证人工智能指数", "2025-01-03", "1210.33", ""],
]
# the week of 2025-01-10 imported while the week of 2025-01-03 never was
WEEK3_ONLY = [
    ["000001.SH", "上证指数", "2025-01-10", "3168.52", ""],
    ["399001.SZ", "深证成指", "2025-01-10", "9795.94", ""],
    ["399006.SZ", "创业板指", "2025-01-10", "1985.11", ""],
    ["000300.SH", "沪深300", "2025-01-10", "3732.48", ""],
    ["", "中证人工智能指数", "2025-01-10", "1190.2", ""],
]
# 上证指数's last quote of the week is Tuesday's; the others run to Friday
MID_WEEK = [
    ["000001.SH", "上证指数", "2024-12-31", "3351.76", ""],
    ["399001.SZ", "深证成指", "2025-01-03", "10064.1", ""],
    ["399006.SZ", "创业板指", "2025-01-03", "2037.8", "-7.58"],
    ["000300.SH", "沪深300", "2025-01-03", "3775.16", "-5.17"],
    ["", "中证人工智能指数", "2025-01-03", "1210.33", ""],
]


def demo_closes() -> dict[str, float]:
    """The demo's 2024-12-27 closes, from its input file."""
    with demo_file("index_quotes.csv").open(encoding="utf-8") as fh:
        return {r["index_name"]: float(r["close"]) for r in csv.DictReader(fh)}


def pct(close: float, base: float) -> str:
    """The weekly change as the house prints it, computed here from the two closes."""
    return f"{round((close / base - 1) * 100, 2) + 0.0:+.2f}%"


def last_rows(rows) -> dict[str, tuple[str, float]]:
    out: dict[str, tuple[str, float]] = {}
    for _, name, day, close, _ in rows:
        if name not in out or day > out[name][0]:
            out[name] = (day, float(close))
    return out


def import_rows(store, write_csv, rows, name="quotes.csv"):
    path = write_csv(name, [HEADER, *rows], encoding="gbk")
    import_files(store, [path])


def week_issue(store, start: str, end: str):
    issue = store.issue("latest")
    issue.id, issue.status = None, "draft"
    issue.period_start, issue.period_end = start, end
    issue.publish_date = (date.fromisoformat(end)).isoformat()
    issue.related = []
    return issue


def drafted(store, start, end):
    issue = week_issue(store, start, end)
    result = draft_market_review_result(store, issue)
    issue.market_review = result.text
    return issue, result


def codes(findings) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in findings:
        out.setdefault(f.code, []).append(f.message)
    return out


def review_blockers(result) -> list:
    return [f for f in result.blockers if f.code in ("stale_review", "review_no_quote")]


# ---------------------------------------------------------------------- the week's move from the closes
def test_a_daily_change_column_is_not_printed_as_the_weeks(demo_store, write_csv):
    import_rows(demo_store, write_csv, DAILY)
    base, last = demo_closes(), last_rows(DAILY)
    issue, result = drafted(demo_store, *WEEK2)
    for name in NAMES:
        close = last[name][1]
        assert f"{name}报收 {close:.2f} 点，周涨跌幅为{pct(close, base[name])}" in result.text
    assert "-1.57%" not in result.text and "-2.40%" not in result.text and "-1.19%" not in result.text
    # 上证指数 fell 5.55% (3211.43 against 3400.14): the QA's figure, from the closes
    assert pct(3211.43, 3400.14) == "-5.55%" and "周涨跌幅为-5.55%" in result.text

    found = preflight(demo_store, issue)
    assert review_blockers(found) == []
    mismatch = " ".join(codes(found.warnings)["review_change_mismatch"])
    assert "上证指数" in mismatch and "-1.57%" in mismatch and "-5.55%" in mismatch
    assert "沪深300" in mismatch and "-1.19%" in mismatch and pct(3775.16, base["沪深300"]) in mismatch


def test_a_fraction_typed_into_a_percent_column_is_not_printed(demo_store, write_csv):
    import_rows(demo_store, write_csv, FRACTION)
    base = demo_closes()
    issue, result = drafted(demo_store, *WEEK2)
    assert f"创业板指报收 2037.80 点，周涨跌幅为{pct(2037.8, base['创业板指'])}" in result.text
    assert pct(2037.8, base["创业板指"]) == "-7.58%"
    assert "-0.08%" not in result.text and "-0.05%" not in result.text
    found = preflight(demo_store, issue)
    assert review_blockers(found) == []
    mismatch = " ".join(codes(found.warnings)["review_change_mismatch"])
    assert "创业板指" in mismatch and "-0.0758%" in mismatch and "-7.58%" in mismatch


def test_the_verdict_follows_the_printed_figures_not_the_files(store):
    # the file's daily changes say the sector (-0.80%) trails the benchmark (-0.50%);
    # the week's closes say it fell 1.00% against the benchmark's 2.00%: it outperformed
    bench = store.upsert_index("基准", "B.SH", is_benchmark=True)
    sector = store.upsert_index("板块", "S.SI")
    store.write_quotes([(bench, "2024-12-20", 100.0, None, "t"), (bench, "2024-12-27", 98.0, -0.005, "t"),
                        (sector, "2024-12-20", 100.0, None, "t"), (sector, "2024-12-27", 99.0, -0.008, "t")])
    issue = Issue(series="周报", headline="周观点", period_start="2024-12-23", period_end="2024-12-29",
                  publish_date="2024-12-30", review_indices=["基准", "板块"], sector_index="板块")
    result = draft_market_review_result(store, issue)
    sector_pct, bench_pct = pct(99.0, 100.0), pct(98.0, 100.0)
    expected = "跑赢大盘" if float(sector_pct[:-1]) > float(bench_pct[:-1]) else "跑输大盘"
    assert result.text == (f"本周基准报收 98.00 点，周涨跌幅为{bench_pct}；"
                           f"板块报收 99.00 点，周涨跌幅为{sector_pct}，{expected}。")
    assert result.verdict == expected == "跑赢大盘"


def test_the_files_change_is_used_only_without_a_close_before_the_week_and_warned(demo_store):
    # the demo stores last week's close for 沪深300 only: the others print the file's own change
    with demo_file("index_quotes.csv").open(encoding="utf-8") as fh:
        rows = {r["index_name"]: r for r in csv.DictReader(fh)}
    issue = demo_store.issue("latest")
    result = draft_market_review_result(demo_store, issue)
    expected = "本周" + "；".join(
        f"{n}报收 {float(rows[n]['close']):.2f} 点，周涨跌幅为{float(rows[n]['weekly_change']) * 100:+.2f}%"
        for n in NAMES) + "，跑输大盘。"
    assert result.text == expected == issue.market_review  # the demo reads as it always has
    found = preflight(demo_store, issue)
    assert found.ok
    unchecked = codes(found.warnings)["review_change_unchecked"]
    assert len(unchecked) == 1
    for name in ("上证指数", "深证成指", "创业板指", "中证人工智能指数"):
        assert name in unchecked[0]
    assert "沪深300" not in unchecked[0]
    assert "review_change_mismatch" not in codes(found.warnings)


# ---------------------------------------------------------------------- a base that is not last week's
def test_a_missing_week_names_its_base_and_warns(demo_store, write_csv):
    import_rows(demo_store, write_csv, WEEK3_ONLY)
    base, last = demo_closes(), last_rows(WEEK3_ONLY)
    issue, result = drafted(demo_store, *WEEK3)
    for name in NAMES:
        close = last[name][1]
        assert f"{name}报收 {close:.2f} 点，较12月27日收盘涨跌幅为{pct(close, base[name])}" in result.text
    assert "周涨跌幅" not in result.text  # a two-week move is not called the week's
    assert pct(3168.52, 3400.14) == "-6.81%"
    found = preflight(demo_store, issue)
    assert review_blockers(found) == []
    warned = codes(found.warnings)["review_base"]
    assert len(warned) == 1  # the indices sharing the base date are named together
    assert "2024-12-27" in warned[0] and all(name in warned[0] for name in NAMES)
    assert all(f.code != "review_base" for f in found.blockers)


def test_a_holiday_week_names_its_base_and_warns(store):
    # Spring Festival 2024: no trading from 2024-02-09 to 2024-02-18; the week after measures
    # from Thursday 2024-02-08's close, two weeks back
    idx = store.upsert_index("上证指数", "000001.SH", is_benchmark=True)
    closes = [("2024-02-05", 2702.19), ("2024-02-08", 2865.90), ("2024-02-19", 2910.54), ("2024-02-23", 3004.88)]
    store.write_quotes([(idx, d, c, None, "t") for d, c in closes])
    issue = Issue(series="周报", headline="周观点", period_start="2024-02-19", period_end="2024-02-25",
                  publish_date="2024-02-26", review_indices=["上证指数"])
    result = draft_market_review_result(store, issue)
    assert result.text == f"本周上证指数报收 3004.88 点，较2月8日收盘涨跌幅为{pct(3004.88, 2865.90)}。"
    issue.market_review = result.text
    warned = codes(review.review_warnings(store, issue))
    assert list(warned) == ["review_base"]
    assert "2024-02-08" in warned["review_base"][0] and "上证指数" in warned["review_base"][0]


def test_last_weeks_close_is_not_named(store):
    idx = store.upsert_index("上证指数", "000001.SH")
    store.write_quotes([(idx, "2024-12-20", 3368.07, None, "t"), (idx, "2024-12-27", 3400.14, None, "t")])
    issue = Issue(series="周报", headline="周观点", period_start="2024-12-23", period_end="2024-12-29",
                  publish_date="2024-12-30", review_indices=["上证指数"])
    result = draft_market_review_result(store, issue)
    assert result.text == f"本周上证指数报收 3400.14 点，周涨跌幅为{pct(3400.14, 3368.07)}。"
    issue.market_review = result.text
    assert review.review_warnings(store, issue) == []


# ---------------------------------------------------------------------- a mid-week last quote
def test_a_mid_week_last_quote_says_so_and_warns(demo_store, write_csv):
    import_rows(demo_store, write_csv, MID_WEEK)
    base = demo_closes()
    issue, result = drafted(demo_store, *WEEK2)
    assert f"上证指数截至12月31日报收 3351.76 点，周涨跌幅为{pct(3351.76, base['上证指数'])}" in result.text
    assert "深证成指报收 10064.10 点" in result.text and "深证成指截至" not in result.text
    found = preflight(demo_store, issue)
    assert review_blockers(found) == []
    warned = codes(found.warnings)["review_midweek"]
    assert len(warned) == 1
    assert "上证指数" in warned[0] and "2024-12-31" in warned[0] and "2025-01-03" in warned[0]


# ---------------------------------------------------------------------- the check uses the same figures
def test_a_review_printing_the_files_daily_change_blocks(demo_store, write_csv):
    import_rows(demo_store, write_csv, DAILY)
    issue, result = drafted(demo_store, *WEEK2)
    issue.market_review = result.text.replace("周涨跌幅为-5.55%", "周涨跌幅为-1.57%")
    assert issue.market_review != result.text
    found = preflight(demo_store, issue)
    message = " ".join(f.message for f in found.blockers if f.code == "stale_review")
    assert "上证指数的周涨跌幅 -1.57% 与本周行情 -5.55% 不符" in message


@pytest.mark.parametrize("rows", [DAILY, FRACTION, MID_WEEK, WEEK3_ONLY])
def test_every_drafted_review_passes_its_own_check(demo_store, write_csv, rows):
    import_rows(demo_store, write_csv, rows)
    issue, _ = drafted(demo_store, *(WEEK3 if rows is WEEK3_ONLY else WEEK2))
    assert review_blockers(preflight(demo_store, issue)) == []


def test_the_old_import_path_gives_the_warnings_too():
    import workbench.drafting.review as old

    assert old.review_warnings is review.review_warnings and old.ReviewWarning is review.ReviewWarning


@pytest.mark.parametrize("sector_quotes, why", [
    ([("2024-12-20", 100.0), ("2024-12-24", 99.0)], "mid-week"),        # to Tuesday against the benchmark's Friday
    ([("2024-12-13", 100.0), ("2024-12-27", 99.0)], "two weeks"),      # from 12-13 against the benchmark's 12-20
])
def test_no_verdict_when_the_sector_and_benchmark_cover_different_spans(store, sector_quotes, why):
    bench = store.upsert_index("基准", "B.SH", is_benchmark=True)
    sector = store.upsert_index("板块", "S.SI")
    store.write_quotes([(bench, "2024-12-20", 100.0, None, "t"), (bench, "2024-12-27", 98.0, None, "t")])
    store.write_quotes([(sector, d, c, None, "t") for d, c in sector_quotes])
    issue = Issue(series="周报", headline="周观点", period_start="2024-12-23", period_end="2024-12-29",
                  publish_date="2024-12-30", review_indices=["基准", "板块"], sector_index="板块")
    result = draft_market_review_result(store, issue)
    assert result.verdict is None, why
    assert "跑赢大盘" not in result.text and "跑输大盘" not in result.text.replace("跑赢或跑输大盘", "")
    assert result.text.endswith("与基准指数基准的涨跌幅区间不同，无法判断跑赢或跑输大盘。")
    issue.market_review = result.text.replace("无法判断跑赢或跑输大盘", "跑赢大盘").replace(
        "与基准指数基准的涨跌幅区间不同，", "")
    from workbench.analysis.review import review_problems
    assert [p.kind for p in review_problems(store, issue)] == ["verdict"]


def test_the_drafts_notes_say_what_its_text_shows_differently(demo_store, write_csv):
    # the demo's draft is complete: nothing to note (the preflight still warns of its unchecked changes)
    assert draft_market_review_result(demo_store, demo_store.issue("latest")).notes == []
    import_rows(demo_store, write_csv, DAILY)
    _, result = drafted(demo_store, *WEEK2)
    notes = " ".join(result.notes)
    assert "上证指数" in notes and "-1.57%" in notes and "-5.55%" in notes


def test_the_drafts_notes_name_a_base_older_than_last_weeks(demo_store, write_csv):
    import_rows(demo_store, write_csv, WEEK3_ONLY)
    _, result = drafted(demo_store, *WEEK3)
    assert any("2024-12-27" in n and "较12月27日收盘" in n for n in result.notes)
