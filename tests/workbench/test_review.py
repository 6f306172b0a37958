"""The market review: the week's own quotes only, the house's benchmark, ties, and what is missing.

Every expected sentence is written out by hand from the quotes the test puts in the store.
"""

from __future__ import annotations

import pytest

from workbench.domain.issue import Issue
from workbench.analysis.review import draft_market_review, draft_market_review_result, stale_review_numbers
from workbench.errors import NotFound

DEMO_SENTENCE = (
    "本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；深证成指报收 10659.98 点，周涨跌幅为+0.13%；"
    "创业板指报收 2204.90 点，周涨跌幅为-0.22%；沪深300报收 3981.03 点，周涨跌幅为+1.36%；"
    "中证人工智能指数报收 1321.33 点，周涨跌幅为-0.57%，跑输大盘。")


def week_issue(**kw) -> Issue:
    base = dict(series="先进科技主题周报", headline="周观点", period_start="2024-12-23", period_end="2024-12-29",
                publish_date="2025-01-03", review_indices=["上证指数", "沪深300", "申万电子"],
                sector_index="申万电子")
    base.update(kw)
    return Issue(**base)


def put(store, name: str, code: str | None, quotes: list[tuple[str, float, float | None]], **kw) -> int:
    index_id = store.upsert_index(name, code, **kw)
    store.write_quotes([(index_id, d, close, change, "Wind") for d, close, change in quotes])
    return index_id


@pytest.fixture
def week(store):
    """Three indices quoted on Friday 2024-12-27 (with last week's Friday closes before them)."""
    put(store, "上证指数", "000001.SH", [("2024-12-20", 3368.07, None), ("2024-12-27", 3400.14, 0.0095)])
    put(store, "沪深300", "000300.SH", [("2024-12-20", 3927.61, None), ("2024-12-27", 3981.03, 0.0136)])
    return store


# ---------------------------------------------------------------------- the demo week
def test_demo_week_review_is_the_reference_sentence(demo_store):
    issue = demo_store.issue("latest")
    assert draft_market_review(demo_store, issue) == DEMO_SENTENCE
    assert issue.market_review == DEMO_SENTENCE
    result = draft_market_review_result(demo_store, issue)
    assert (result.text, result.missing, result.verdict) == (DEMO_SENTENCE, [], "跑输大盘")


def test_changed_quotes_make_the_review_stale(demo_store):
    issue = demo_store.issue("latest")
    assert stale_review_numbers(demo_store, issue) == []
    idx = demo_store.index("上证指数")
    demo_store.set_quote(idx["id"], "2024-12-27", 3390.00, 0.0065)
    stale = stale_review_numbers(demo_store, issue)
    assert "3400.14" in stale and "+0.95%" in stale


# ---------------------------------------------------------------------- the verdict
def test_sector_above_the_benchmark_outperforms(week):
    put(week, "申万电子", "801080.SI", [("2024-12-27", 4310.52, 0.0208)])
    assert draft_market_review(week, week_issue()) == (
        "本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；沪深300报收 3981.03 点，周涨跌幅为+1.36%；"
        "申万电子报收 4310.52 点，周涨跌幅为+2.08%，跑赢大盘。")


def test_sector_below_the_benchmark_underperforms(week):
    put(week, "申万电子", "801080.SI", [("2024-12-27", 4210.00, 0.0102)])
    assert draft_market_review(week, week_issue()) == (
        "本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；沪深300报收 3981.03 点，周涨跌幅为+1.36%；"
        "申万电子报收 4210.00 点，周涨跌幅为+1.02%，跑输大盘。")


def test_a_tie_to_the_printed_precision_is_neither(week):
    # +1.3604% and +1.36% both print as +1.36%: the reader sees equal changes
    put(week, "申万电子", "801080.SI", [("2024-12-27", 4300.00, 0.013604)])
    result = draft_market_review_result(week, week_issue())
    assert result.verdict == "与大盘持平"
    assert result.text.endswith("申万电子报收 4300.00 点，周涨跌幅为+1.36%，与大盘持平。")


def test_a_difference_that_shows_in_print_is_not_a_tie(week):
    # +1.3651% prints as +1.37%, one hundredth above the benchmark's +1.36%
    put(week, "申万电子", "801080.SI", [("2024-12-27", 4300.00, 0.013651)])
    assert draft_market_review(week, week_issue()).endswith("周涨跌幅为+1.37%，跑赢大盘。")


def test_the_verdict_follows_the_houses_benchmark(week):
    # the sector (+1.00%) beats 上证指数 (+0.95%) but trails 沪深300 (+1.36%)
    put(week, "申万电子", "801080.SI", [("2024-12-27", 4250.00, 0.0100)])
    issue = week_issue()
    assert draft_market_review(week, issue).endswith("周涨跌幅为+1.00%，跑输大盘。")
    week.set_benchmark(week.index("上证指数")["id"])
    assert draft_market_review(week, issue).endswith("周涨跌幅为+1.00%，跑赢大盘。")


def test_a_benchmark_outside_the_reviewed_indices_still_decides(week):
    put(week, "创业板指", "399006.SZ", [("2024-12-27", 2204.90, -0.0022)])
    put(week, "申万电子", "801080.SI", [("2024-12-27", 4250.00, 0.0100)])
    week.set_benchmark(week.index("创业板指")["id"])
    assert draft_market_review(week, week_issue()).endswith("周涨跌幅为+1.00%，跑赢大盘。")


# ---------------------------------------------------------------------- only the week's own quotes
def test_a_week_with_no_quotes_is_not_drafted(week):
    put(week, "申万电子", "801080.SI", [("2024-12-27", 4310.52, 0.0208)])
    next_week = week_issue(period_start="2024-12-30", period_end="2025-01-05", publish_date="2025-01-10")
    with pytest.raises(NotFound) as caught:
        draft_market_review(week, next_week)
    assert "2024-12-30" in str(caught.value) and "2025-01-05" in str(caught.value)


def test_one_index_without_a_quote_is_named_missing_not_borrowed(week):
    put(week, "创业板指", "399006.SZ", [("2024-12-13", 2150.00, 0.0100)])  # two weeks old
    put(week, "申万电子", "801080.SI", [("2024-12-27", 4310.52, 0.0208)])
    issue = week_issue(review_indices=["上证指数", "创业板指", "沪深300", "申万电子"])
    result = draft_market_review_result(week, issue)
    assert result.text == (
        "本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；创业板指本周无行情；沪深300报收 3981.03 点，"
        "周涨跌幅为+1.36%；申万电子报收 4310.52 点，周涨跌幅为+2.08%，跑赢大盘。")
    assert result.missing == ["创业板指"]
    assert "2150.00" not in result.text


def test_a_close_just_before_the_week_is_not_this_weeks(week):
    # 创业板指's last close is Friday 2024-12-20, the day before the week starts
    put(week, "创业板指", "399006.SZ", [("2024-12-20", 2209.80, 0.0150)])
    put(week, "申万电子", "801080.SI", [("2024-12-27", 4310.52, 0.0208)])
    issue = week_issue(review_indices=["创业板指", "沪深300", "申万电子"])
    result = draft_market_review_result(week, issue)
    assert result.text.startswith("本周创业板指本周无行情；沪深300报收 3981.03 点")
    assert "2209.80" not in result.text and "+1.50%" not in result.text
    assert result.missing == ["创业板指"]


def test_a_missing_sector_index_gives_no_verdict_and_says_why(week):
    put(week, "申万电子", "801080.SI", [("2024-12-20", 4222.00, 0.0100)])  # last week only
    result = draft_market_review_result(week, week_issue())
    assert result.verdict is None
    assert result.missing == ["申万电子"]
    assert result.text == ("本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；沪深300报收 3981.03 点，周涨跌幅为+1.36%；"
                           "申万电子本周无行情，无法判断跑赢或跑输大盘。")
    assert "跑赢大盘" not in result.text and "跑输大盘" not in result.text.replace("跑赢或跑输大盘", "")


def test_a_missing_benchmark_gives_no_verdict_and_says_why(store):
    put(store, "上证指数", "000001.SH", [("2024-12-27", 3400.14, 0.0095)])
    put(store, "沪深300", "000300.SH", [("2024-12-20", 3927.61, 0.0050)])  # benchmark: last week only
    put(store, "申万电子", "801080.SI", [("2024-12-27", 4310.52, 0.0208)])
    result = draft_market_review_result(store, week_issue(review_indices=["上证指数", "申万电子"]))
    assert result.verdict is None
    assert result.text == ("本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；申万电子报收 4310.52 点，周涨跌幅为+2.08%，"
                           "基准指数沪深300本周无行情，无法判断跑赢或跑输大盘。")
    assert result.missing == ["沪深300"]


def test_a_benchmark_quoted_only_after_the_week_gives_no_verdict(store):
    put(store, "沪深300", "000300.SH", [("2024-12-30", 3934.91, -0.0116)])  # next Monday only
    put(store, "申万电子", "801080.SI", [("2024-12-27", 4310.52, 0.0208)])
    result = draft_market_review_result(store, week_issue(review_indices=["申万电子"]))
    assert result.text == ("本周申万电子报收 4310.52 点，周涨跌幅为+2.08%，"
                           "基准指数沪深300本周无行情，无法判断跑赢或跑输大盘。")
    assert (result.verdict, result.missing) == (None, ["沪深300"])


def test_quotes_after_the_week_are_not_used(week):
    put(week, "申万电子", "801080.SI", [("2024-12-27", 4310.52, 0.0208), ("2024-12-30", 4400.00, 0.0400)])
    put(week, "上证指数", "000001.SH", [("2024-12-31", 3351.76, -0.0142)])
    text = draft_market_review(week, week_issue())
    assert "上证指数报收 3400.14 点，周涨跌幅为+0.95%" in text and "4310.52" in text
    assert "4400.00" not in text and "3351.76" not in text


# ---------------------------------------------------------------------- the weekly change
def test_the_weekly_change_is_the_closes_not_the_files(store):
    # the file says +1.50%; last Friday's close gives +2.00%: the closes' figure is printed
    put(store, "沪深300", "000300.SH", [("2024-12-20", 100.00, None), ("2024-12-27", 102.00, 0.0150)])
    issue = week_issue(review_indices=["沪深300"], sector_index="")
    assert draft_market_review(store, issue) == "本周沪深300报收 102.00 点，周涨跌幅为+2.00%。"


def test_the_files_change_is_used_when_no_close_before_the_week_is_stored(store):
    put(store, "沪深300", "000300.SH", [("2024-12-27", 102.00, 0.0150)])
    issue = week_issue(review_indices=["沪深300"], sector_index="")
    assert draft_market_review(store, issue) == "本周沪深300报收 102.00 点，周涨跌幅为+1.50%。"


def test_without_a_stored_change_it_is_computed_from_the_last_close_before_the_week(store):
    put(store, "沪深300", "000300.SH", [("2024-12-18", 90.00, None), ("2024-12-20", 100.00, None),
                                       ("2024-12-24", 101.00, None), ("2024-12-27", 97.00, None)])
    issue = week_issue(review_indices=["沪深300"], sector_index="")
    assert draft_market_review(store, issue) == "本周沪深300报收 97.00 点，周涨跌幅为-3.00%。"


def test_no_change_without_a_stored_one_or_a_close_before_the_week(store):
    put(store, "沪深300", "000300.SH", [("2024-12-27", 97.00, None)])
    put(store, "申万电子", "801080.SI", [("2024-12-27", 4310.52, 0.0208)])
    result = draft_market_review_result(store, week_issue(review_indices=["沪深300", "申万电子"]))
    assert result.text == ("本周沪深300报收 97.00 点，周涨跌幅暂缺；申万电子报收 4310.52 点，周涨跌幅为+2.08%，"
                           "基准指数沪深300本周涨跌幅暂缺，无法判断跑赢或跑输大盘。")
    assert result.verdict is None and result.missing == []


def test_the_old_import_path_still_gives_the_same_functions():
    """The review moved below drafting and the report; callers of workbench.drafting.review keep working."""
    import workbench.analysis.review as home
    import workbench.drafting.review as old

    for name in ("draft_market_review", "draft_market_review_result", "review_problems", "stale_review_numbers",
                 "index_week"):
        assert getattr(old, name) is getattr(home, name)


def test_a_week_with_no_quotes_says_no_index_has_one(week):
    next_week = week_issue(period_start="2024-12-30", period_end="2025-01-05", publish_date="2025-01-10")
    with pytest.raises(NotFound) as caught:
        draft_market_review(week, next_week)
    assert "没有任何指数行情" in str(caught.value)


def test_a_week_quoted_only_for_indices_not_reviewed_says_so(week):
    put(week, "创业板指", "399006.SZ", [("2025-01-03", 2031.15, -0.0788)])  # quoted, but not reviewed
    next_week = week_issue(period_start="2024-12-30", period_end="2025-01-05", publish_date="2025-01-10")
    with pytest.raises(NotFound) as caught:
        draft_market_review(week, next_week)
    message = str(caught.value)
    assert "没有任何指数行情" not in message
    assert "回顾的指数在本周都没有行情" in message
    assert "none of the reviewed indices has a quote dated in this week" in message
