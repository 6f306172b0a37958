"""The market review measures a weekly change from last week's last trading day, as the desk's
quotes show it (the latest day before the week on which any index has a close). An index whose
stored close before the week is older than that day (a missing Friday) has its change named by
its base (较12月18日收盘涨跌幅为…), never called 周涨跌幅; the preflight warns naming the index and
both dates, says which figure was printed and why, and blocks a review that still calls such a
move the week's. The verdict compares like spans only.

Truth: decimal arithmetic on the closes the test writes (and the demo's own input file for the
2024-12-27 closes), never a figure read back from the drafting.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal

from ui.common.i18n import strip_glosses
from workbench.analysis import review
from workbench.analysis.review import draft_market_review_result
from workbench.demo import demo_file
from workbench.domain.issue import Issue
from workbench.imports import import_files
from workbench.report import preflight

HEADER = ["代码", "名称", "日期", "收盘价"]
DEMO_WEEK = ("2024-12-23", "2024-12-29")


def pct(close: str, base: str) -> str:
    """The change as the house prints it: half away from zero on the exact quotient of the closes."""
    q = ((Decimal(close) / Decimal(base) - 1) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{abs(q):.2f}%" if q == 0 else f"{q:+.2f}%"


def demo_rows() -> dict[str, dict]:
    with demo_file("index_quotes.csv").open(encoding="utf-8") as fh:
        return {r["index_name"]: r for r in csv.DictReader(fh)}


def import_rows(store, write_csv, rows):
    import_files(store, [write_csv("prev.csv", [HEADER, *rows], encoding="gbk")])


def demo_issue(store):
    issue = store.issue("latest")
    assert (issue.period_start, issue.period_end) == DEMO_WEEK
    result = draft_market_review_result(store, issue)
    issue.market_review = result.text
    return issue, result


def by_code(findings) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in findings:
        out.setdefault(f.code, []).append(f.message)
    return out


def review_blockers(found) -> list:
    return [f for f in found.blockers if f.code in ("stale_review", "review_no_quote", "review_span")]


# the QA's reproduction: 深证成指's last stored close before the week is Wednesday 12-18, while
# 上证指数 (and the demo's 沪深300) have a close on Friday 12-20, last week's last trading day
QA_ROWS = [["399001.SZ", "深证成指", "2024-12-18", "10500.00"],
           ["000001.SH", "上证指数", "2024-12-20", "3368.07"]]


def test_a_mid_week_base_is_named_and_never_called_the_weeks_change(demo_store, write_csv):
    import_rows(demo_store, write_csv, QA_ROWS)
    rows = demo_rows()
    issue, result = demo_issue(demo_store)
    szse, sse = rows["深证成指"]["close"], rows["上证指数"]["close"]
    assert pct(szse, "10500.00") == "+1.52%"  # 10659.98 / 10500.00 - 1, seven trading days
    assert f"深证成指报收 {Decimal(szse):.2f} 点，较12月18日收盘涨跌幅为{pct(szse, '10500.00')}" in result.text
    assert "深证成指报收 10659.98 点，周涨跌幅" not in result.text
    # 上证指数's base is Friday's: its weekly change stays the week's
    assert f"上证指数报收 {Decimal(sse):.2f} 点，周涨跌幅为{pct(sse, '3368.07')}" in result.text

    found = preflight(demo_store, issue)
    assert review_blockers(found) == []
    warned = [m for m in by_code(found.warnings).get("review_base", []) if "深证成指" in m]
    assert len(warned) == 1, found.warnings
    message = warned[0]
    # the index, its base and last week's last trading day
    assert "2024-12-18" in message and "2024-12-20" in message
    # what was printed, and the file's own change (the seed's +0.13%), which could not be checked
    filed = f"{Decimal(rows['深证成指']['weekly_change']) * 100:+.2f}%"
    assert filed == "+0.13%" and filed in message and "较12月18日收盘" in message
    # the file is not blamed for a disagreement that comes from the older base
    assert not any("深证成指" in m for m in by_code(found.warnings).get("review_change_mismatch", []))
    assert "上证指数" not in message
    # the Chinese UI shows the Chinese part only
    shown = strip_glosses(message)
    assert "measured" not in shown and "cannot be checked" not in shown and "2024-12-20" in shown
    assert "cannot be checked" in message  # the English gloss says the file's change was not used
    assert shown == message[:message.index(" (the change of")]


def test_the_drafts_note_names_both_dates(demo_store, write_csv):
    import_rows(demo_store, write_csv, QA_ROWS)
    _, result = demo_issue(demo_store)
    assert any("深证成指" in n and "2024-12-18" in n and "2024-12-20" in n for n in result.notes), result.notes


def test_a_sector_index_from_a_mid_week_base_is_named_and_gets_no_verdict(demo_store, write_csv):
    import_rows(demo_store, write_csv, [*QA_ROWS, ["", "中证人工智能指数", "2024-12-18", "1300.00"]])
    close = demo_rows()["中证人工智能指数"]["close"]
    issue, result = demo_issue(demo_store)
    assert pct(close, "1300.00") == "+1.64%"
    assert f"中证人工智能指数报收 {Decimal(close):.2f} 点，较12月18日收盘涨跌幅为{pct(close, '1300.00')}" in result.text
    assert "周涨跌幅为+1.64%" not in result.text
    # 沪深300 is measured from Friday 12-20: a seven-day move against a five-day one is no comparison
    assert result.verdict is None
    assert result.text.endswith("与基准指数沪深300的涨跌幅区间不同，无法判断跑赢或跑输大盘。")
    found = preflight(demo_store, issue)
    assert review_blockers(found) == []
    base = " ".join(by_code(found.warnings)["review_base"])
    assert "中证人工智能指数" in base and "2024-12-18" in base and "2024-12-20" in base


def _store_week(store, quotes, *, review_indices, sector=None, bench=None):
    ids = {}
    for name, *_ in quotes:
        if name not in ids:
            ids[name] = store.upsert_index(name, f"{len(ids) + 1:06d}.SH", is_benchmark=(name == bench))
    store.write_quotes([(ids[n], d, float(c), v, "Wind") for n, d, c, v in quotes])
    return Issue(series="周报", headline="周观点", period_start=DEMO_WEEK[0], period_end=DEMO_WEEK[1],
                 publish_date="2024-12-30", review_indices=review_indices, sector_index=sector)


def test_like_spans_keep_the_verdict(store):
    # the sector and the benchmark both lack Friday's close; 上证指数 has it: both are named from
    # 12-18, and the verdict compares those two like spans
    issue = _store_week(store, [
        ("上证指数", "2024-12-20", "3368.07", None), ("上证指数", "2024-12-27", "3400.14", None),
        ("基准", "2024-12-18", "100.00", None), ("基准", "2024-12-27", "98.00", None),
        ("板块", "2024-12-18", "200.00", None), ("板块", "2024-12-27", "199.00", None),
    ], review_indices=["上证指数", "基准", "板块"], sector="板块", bench="基准")
    result = draft_market_review_result(store, issue)
    bench_pct, sector_pct = pct("98.00", "100.00"), pct("199.00", "200.00")
    expected = "跑赢大盘" if Decimal(sector_pct[:-1]) > Decimal(bench_pct[:-1]) else "跑输大盘"
    assert result.text == (f"本周上证指数报收 3400.14 点，周涨跌幅为{pct('3400.14', '3368.07')}；"
                           f"基准报收 98.00 点，较12月18日收盘涨跌幅为{bench_pct}；"
                           f"板块报收 199.00 点，较12月18日收盘涨跌幅为{sector_pct}，{expected}。")
    assert result.verdict == expected
    issue.market_review = result.text
    warned = by_code(review.review_warnings(store, issue))
    assert len(warned["review_base"]) == 1  # the two indices sharing the base in one warning
    assert all(w in warned["review_base"][0] for w in ("基准", "板块", "2024-12-18", "2024-12-20"))


def test_the_files_weekly_change_agreeing_with_the_older_base_is_the_weeks(store):
    # 恒生指数 did not trade on Friday 12-20 (a Hong Kong holiday) while 上证指数 did: its file's
    # weekly change equals the move from Thursday's close, so that move is the week's, said so
    close, base = "20090.46", "19720.70"
    weekly = (Decimal(close) / Decimal(base) - 1).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    issue = _store_week(store, [
        ("上证指数", "2024-12-20", "3368.07", None), ("上证指数", "2024-12-27", "3400.14", None),
        ("恒生指数", "2024-12-19", base, None), ("恒生指数", "2024-12-27", close, float(weekly)),
    ], review_indices=["上证指数", "恒生指数"])
    result = draft_market_review_result(store, issue)
    assert f"恒生指数报收 {close} 点，周涨跌幅为{pct(close, base)}" in result.text
    issue.market_review = result.text
    found = preflight(store, issue)
    assert review_blockers(found) == []
    [message] = [m for m in by_code(found.warnings)["review_base"] if "恒生指数" in m]
    assert "2024-12-19" in message and "2024-12-20" in message and f"{weekly * 100:+.2f}%" in message


def test_a_review_still_calling_a_mid_week_move_the_weeks_blocks(demo_store, write_csv):
    # a review drafted before the fix (or typed by hand) prints the seven-day move as 周涨跌幅
    import_rows(demo_store, write_csv, QA_ROWS)
    issue, result = demo_issue(demo_store)
    moved = pct(demo_rows()["深证成指"]["close"], "10500.00")
    issue.market_review = result.text.replace(f"较12月18日收盘涨跌幅为{moved}", f"周涨跌幅为{moved}")
    assert issue.market_review != result.text
    found = preflight(demo_store, issue)
    [message] = [f.message for f in found.blockers if f.code == "review_span"]
    assert "深证成指" in message and moved in message and "2024-12-18" in message and "2024-12-20" in message
    assert f"较12月18日收盘涨跌幅为{moved}" in message
    assert "the review calls" not in strip_glosses(message)
    # the drafted wording passes
    issue.market_review = result.text
    assert [f for f in preflight(demo_store, issue).blockers if f.code == "review_span"] == []


def test_a_current_week_stopping_before_another_indexs_last_close_says_so(store):
    # the reviewed indices stop on Wednesday 12-25; 恒生指数 (not reviewed) has Friday 12-27's close
    issue = _store_week(store, [
        ("上证指数", "2024-12-20", "3368.07", None), ("上证指数", "2024-12-25", "3393.35", None),
        ("深证成指", "2024-12-20", "10646.31", None), ("深证成指", "2024-12-25", "10599.50", None),
        ("恒生指数", "2024-12-20", "19720.70", None), ("恒生指数", "2024-12-27", "20090.46", None),
    ], review_indices=["上证指数", "深证成指"])
    result = draft_market_review_result(store, issue)
    assert result.text == (f"本周上证指数截至12月25日报收 3393.35 点，周涨跌幅为{pct('3393.35', '3368.07')}；"
                           f"深证成指截至12月25日报收 10599.50 点，周涨跌幅为{pct('10599.50', '10646.31')}。")
    issue.market_review = result.text
    warned = by_code(review.review_warnings(store, issue))
    assert "2024-12-25" in warned["review_midweek"][0] and "2024-12-27" in warned["review_midweek"][0]


def test_a_sample_series_does_not_set_the_desks_calendar_over_real_closes(demo_store, write_csv):
    # the demo's generated 沪深300 series has a close on Friday 12-20 (示意数据); a real close on
    # Thursday 12-19 for every other index is then last week's last trading day as the quotes show it
    rows = [[code, name, "2024-12-19", base] for code, name, base in (
        ("000001.SH", "上证指数", "3370.03"), ("399001.SZ", "深证成指", "10580.06"),
        ("399006.SZ", "创业板指", "2199.84"), ("", "中证人工智能指数", "1310.10"))]
    import_rows(demo_store, write_csv, rows)
    _, result = demo_issue(demo_store)
    closes = demo_rows()
    for _, name, _, base in rows:
        assert f"{name}报收 {Decimal(closes[name]['close']):.2f} 点，周涨跌幅为{pct(closes[name]['close'], base)}" \
            in result.text
    assert "较12月19日" not in result.text
