"""Last week's last trading day, and the week's last day of quotes, are judged per market: an index
on another exchange's calendar (a Hong Kong index, .HK/.HI, trading while the A-share exchanges are
shut for a holiday) never moves the A-share indices' base day nor their 截至, and the review never
asks for a close on a day the index's exchange was closed. Within one market a missing Friday is
still named (较…收盘涨跌幅), with that market's last trading day.

Truth: decimal arithmetic on the closes the test writes (National Day 2024: the A-share exchanges
closed 10-01..10-07, Hong Kong open 10-02..10-04).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from workbench.analysis import review
from workbench.analysis.review import draft_market_review_result
from workbench.domain.issue import Issue
from workbench.report import preflight


def pct(close: str, base: str) -> str:
    """The change as the house prints it: half away from zero on the exact quotient of the closes."""
    q = ((Decimal(close) / Decimal(base) - 1) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{abs(q):.2f}%" if q == 0 else f"{q:+.2f}%"


def md(iso: str) -> str:
    _, m, d = iso.split("-")
    return f"{int(m)}月{int(d)}日"


CODES = {"上证指数": "000001.SH", "沪深300": "000300.SH", "深证成指": "399001.SZ",
         "恒生指数": "HSI.HI", "恒生科技指数": "HSTECH.HI"}


def make_issue(store, quotes, week, review_indices):
    ids = {}
    for name, *_ in quotes:
        if name not in ids:
            ids[name] = store.upsert_index(name, CODES[name], is_benchmark=(name == "沪深300"))
    store.write_quotes([(ids[n], d, float(c), None, "Wind") for n, d, c in quotes])
    start, end = week
    return Issue(series="周报", headline="周观点", period_start=start, period_end=end,
                 publish_date=end, review_indices=review_indices)


def codes(findings) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in findings:
        out.setdefault(f.code, []).append(f.message)
    return out


# the QA's reproduction: the week after National Day 2024
AFTER_HOLIDAY = ("2024-10-07", "2024-10-13")
QA_QUOTES = [
    ("上证指数", "2024-09-27", "3087.53"), ("上证指数", "2024-09-30", "3336.50"),
    ("上证指数", "2024-10-08", "3489.78"), ("上证指数", "2024-10-09", "3258.86"),
    ("上证指数", "2024-10-10", "3301.93"), ("上证指数", "2024-10-11", "3217.74"),
    ("沪深300", "2024-09-30", "4017.85"), ("沪深300", "2024-10-11", "3887.17"),
    ("恒生指数", "2024-09-30", "21133.68"), ("恒生指数", "2024-10-02", "22443.73"),
    ("恒生指数", "2024-10-03", "22113.51"), ("恒生指数", "2024-10-04", "22736.87"),
    ("恒生指数", "2024-10-11", "21251.98"),
]


def test_a_hong_kong_close_in_an_a_share_holiday_moves_no_a_share_base(store):
    issue = make_issue(store, QA_QUOTES, AFTER_HOLIDAY, ["上证指数", "恒生指数", "沪深300"])
    result = draft_market_review_result(store, issue)
    assert result.text == (f"本周上证指数报收 3217.74 点，周涨跌幅为{pct('3217.74', '3336.50')}；"
                           f"恒生指数报收 21251.98 点，周涨跌幅为{pct('21251.98', '22736.87')}；"
                           f"沪深300报收 3887.17 点，周涨跌幅为{pct('3887.17', '4017.85')}。")
    assert not any("2024-10-04" in n for n in result.notes), result.notes
    issue.market_review = result.text
    found = preflight(store, issue)
    assert [f for f in found.blockers if f.code.startswith("review") or f.code == "stale_review"] == []
    warned = codes(found.warnings)
    assert "review_base" not in warned and "review_midweek" not in warned, warned
    assert not any("2024-10-04" in f.message for f in [*found.warnings, *found.blockers])


def test_the_same_week_without_the_hong_kong_index_reads_the_same(store):
    # the A-share clauses do not depend on whether a Hong Kong index is stored
    quotes = [q for q in QA_QUOTES if q[0] != "恒生指数"]
    issue = make_issue(store, quotes, AFTER_HOLIDAY, ["上证指数", "沪深300"])
    assert draft_market_review_result(store, issue).text == (
        f"本周上证指数报收 3217.74 点，周涨跌幅为{pct('3217.74', '3336.50')}；"
        f"沪深300报收 3887.17 点，周涨跌幅为{pct('3887.17', '4017.85')}。")


def test_a_missing_a_share_friday_is_named_by_the_a_share_day_not_hong_kongs(store):
    # A-shares last traded on Thursday 12-19 (say), Hong Kong on Friday 12-20; 深证成指 lacks 12-19
    week = ("2024-12-23", "2024-12-29")
    issue = make_issue(store, [
        ("上证指数", "2024-12-19", "3370.03"), ("上证指数", "2024-12-27", "3400.14"),
        ("深证成指", "2024-12-18", "10500.00"), ("深证成指", "2024-12-27", "10659.98"),
        ("恒生指数", "2024-12-20", "19720.70"), ("恒生指数", "2024-12-27", "20090.46"),
    ], week, ["上证指数", "深证成指", "恒生指数"])
    result = draft_market_review_result(store, issue)
    assert result.text == (f"本周上证指数报收 3400.14 点，周涨跌幅为{pct('3400.14', '3370.03')}；"
                           f"深证成指报收 10659.98 点，较12月18日收盘涨跌幅为{pct('10659.98', '10500.00')}；"
                           f"恒生指数报收 20090.46 点，周涨跌幅为{pct('20090.46', '19720.70')}。")
    issue.market_review = result.text
    [message] = codes(review.review_warnings(store, issue))["review_base"]
    assert "深证成指" in message and "2024-12-18" in message and "2024-12-19" in message
    assert "2024-12-20" not in message and "恒生指数" not in message and "上证指数" not in message
    assert "同市场" in message  # the day is the A-share exchanges', not every index's
    # the move still called the week's is blocked, naming the A-share day
    issue.market_review = result.text.replace("较12月18日收盘涨跌幅", "周涨跌幅")
    [span] = [p for p in review.review_problems(store, issue) if p.kind == "span"]
    assert span.index == "深证成指" and "2024-12-19" in span.detail and "2024-12-20" not in span.detail


def test_a_hong_kong_index_missing_its_own_markets_day_is_named(store):
    # both Hong Kong indices are judged by Hong Kong's calendar: 恒生科技指数 lacks Friday 10-04
    issue = make_issue(store, [
        *QA_QUOTES,
        ("恒生科技指数", "2024-10-03", "5000.00"), ("恒生科技指数", "2024-10-11", "4800.00"),
    ], AFTER_HOLIDAY, ["上证指数", "恒生指数", "恒生科技指数"])
    result = draft_market_review_result(store, issue)
    assert f"恒生科技指数报收 4800.00 点，较10月3日收盘涨跌幅为{pct('4800.00', '5000.00')}" in result.text
    assert f"恒生指数报收 21251.98 点，周涨跌幅为{pct('21251.98', '22736.87')}" in result.text
    assert f"上证指数报收 3217.74 点，周涨跌幅为{pct('3217.74', '3336.50')}" in result.text
    issue.market_review = result.text
    [message] = codes(review.review_warnings(store, issue))["review_base"]
    assert "恒生科技指数" in message and "2024-10-03" in message and "2024-10-04" in message
    assert "上证指数" not in message


def test_a_hong_kong_week_running_past_the_a_share_holiday_puts_no_jiezhi_on_a_shares(store):
    # the week of National Day: A-shares closed after Monday 09-30, Hong Kong traded to Friday 10-04
    week = ("2024-09-30", "2024-10-06")
    issue = make_issue(store, [
        ("上证指数", "2024-09-27", "3087.53"), ("上证指数", "2024-09-30", "3336.50"),
        ("沪深300", "2024-09-27", "3703.68"), ("沪深300", "2024-09-30", "4017.85"),
        ("恒生指数", "2024-09-27", "20632.30"), ("恒生指数", "2024-09-30", "21133.68"),
        ("恒生指数", "2024-10-04", "22736.87"),
    ], week, ["上证指数", "沪深300", "恒生指数"])
    result = draft_market_review_result(store, issue)
    assert result.text == (f"本周上证指数报收 3336.50 点，周涨跌幅为{pct('3336.50', '3087.53')}；"
                           f"沪深300报收 4017.85 点，周涨跌幅为{pct('4017.85', '3703.68')}；"
                           f"恒生指数报收 22736.87 点，周涨跌幅为{pct('22736.87', '20632.30')}。")
    issue.market_review = result.text
    assert "review_midweek" not in codes(review.review_warnings(store, issue))


def test_an_a_share_index_stopping_before_the_other_a_shares_still_says_jiezhi(store):
    # Christmas 2024: Hong Kong closed after Tuesday 12-24; 深证成指 stops on Wednesday 12-25 while
    # 上证指数 has Friday 12-27: 深证成指 is 截至, 恒生指数 (its market's last day) is not
    week = ("2024-12-23", "2024-12-29")
    issue = make_issue(store, [
        ("上证指数", "2024-12-20", "3368.07"), ("上证指数", "2024-12-27", "3400.14"),
        ("深证成指", "2024-12-20", "10646.31"), ("深证成指", "2024-12-25", "10599.50"),
        ("恒生指数", "2024-12-20", "19720.70"), ("恒生指数", "2024-12-24", "20098.29"),
    ], week, ["上证指数", "深证成指", "恒生指数"])
    result = draft_market_review_result(store, issue)
    assert result.text == (f"本周上证指数报收 3400.14 点，周涨跌幅为{pct('3400.14', '3368.07')}；"
                           f"深证成指截至12月25日报收 10599.50 点，周涨跌幅为{pct('10599.50', '10646.31')}；"
                           f"恒生指数报收 20098.29 点，周涨跌幅为{pct('20098.29', '19720.70')}。")
    issue.market_review = result.text
    [message] = codes(review.review_warnings(store, issue))["review_midweek"]
    assert "深证成指" in message and "2024-12-25" in message and "2024-12-27" in message
    assert "恒生指数" not in message
