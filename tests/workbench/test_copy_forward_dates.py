"""Copy-forward carries no stale dates: the week's dated phrases move, the rest is flagged by field."""

from __future__ import annotations

from datetime import date

from workbench.domain.dates import find_dates, move_dates
from workbench.domain.issue import RelatedReport
from workbench.drafting.lifecycle import copy_forward
from workbench.report.preflight import preflight

WEEK = (date(2024, 12, 23), date(2024, 12, 29))
NEXT = (date(2024, 12, 30), date(2025, 1, 5))


def stale(result) -> dict[str, str]:
    return {f.field: f.message for f in result.warnings if f.code == "stale_date"}


# ---------------------------------------------------------------------- reading dates
def test_a_month_day_is_read_in_the_year_closest_to_the_issue():
    [a] = find_dates("据 12 月 26 日报道", near=date(2025, 1, 5))
    assert (a.first, a.text) == (date(2024, 12, 26), "12 月 26 日")
    [b] = find_dates("1月3日发布", near=date(2024, 12, 29))
    assert b.first == date(2025, 1, 3)


def test_ranges_in_every_style_are_read_and_numbers_are_not_dates():
    text = "12月23日-12月29日、20241223-20241229、2024-12-23至2024-12-29、12月23日-29日；600519.SH，3400.14 点，13 亿参数"
    found = [(m.text, m.first, m.last) for m in find_dates(text, near=date(2024, 12, 29))]
    assert found == [("12月23日-12月29日", *WEEK), ("20241223-20241229", *WEEK),
                     ("2024-12-23至2024-12-29", *WEEK), ("12月23日-29日", *WEEK)]


def test_the_weeks_range_moves_in_its_own_style():
    text = "周报 12月23日-12月29日；20241223-20241229；2024-12-23至2024-12-29；12 月 23 日-29 日；本周市场回暖"
    moved = move_dates(text, {WEEK: NEXT}, {}, near=date(2024, 12, 29))
    assert moved == ("周报 12月30日-1月5日；20241230-20250105；2024-12-30至2025-01-05；12 月 30 日-1 月 5 日；"
                     "本周市场回暖")


def test_only_the_weeks_own_range_and_as_of_dates_move():
    text = "截至12月29日；12月16日-12月22日；据12月26日报道；截至12月27日"
    moved = move_dates(text, {WEEK: NEXT}, {date(2024, 12, 29): date(2025, 1, 5)}, near=date(2024, 12, 29))
    assert moved == "截至1月5日；12月16日-12月22日；据12月26日报道；截至12月27日"


# ---------------------------------------------------------------------- copy-forward
def test_copy_forward_moves_the_table_titles_as_of_date(demo_store):
    src = demo_store.issue("latest")
    assert src.table.title == "科技重点公司对比（截至12月29日）"
    new = copy_forward(demo_store, src.id, by="编辑")
    assert new.table.title == "科技重点公司对比（截至1月5日）"
    assert demo_store.issue(new.id).table.title == "科技重点公司对比（截至1月5日）"


def test_copy_forward_moves_the_weeks_range_in_views_and_keeps_this_week_phrases(demo_store):
    src = demo_store.issue("latest")
    src.views.append("本周（12月23日-12月29日）电子板块震荡；周报区间 20241223-20241229。")
    src.advice = "我们认为 2024-12-23至2024-12-29 期间调整充分，本周建议关注："
    demo_store.save_issue(src)
    new = copy_forward(demo_store, src.id, by="编辑")
    assert new.views[-1] == "本周（12月30日-1月5日）电子板块震荡；周报区间 20241230-20250105。"
    assert new.advice == "我们认为 2024-12-30至2025-01-05 期间调整充分，本周建议关注："


def test_copy_forward_cites_last_weeks_issue_with_its_date(demo_store):
    src = demo_store.issue("latest")
    new = copy_forward(demo_store, src.id, by="编辑")
    assert (new.related[0].title, new.related[0].date, new.related[0].issue_id) == (
        "周观点：小米加码万卡算力，端侧 AI 与硬件创新接力——先进科技主题周报 20241223-20241229", "2025-01-03", src.id)
    assert [r.date for r in new.related] == ["2025-01-03", "2024-12-24", "2024-12-17"]


def test_copy_forward_does_not_cite_last_week_twice(demo_store):
    src = demo_store.issue("latest")
    title = "周观点：小米加码万卡算力，端侧 AI 与硬件创新接力——先进科技主题周报 20241223-20241229"
    src.related = [RelatedReport(title, "2025-01-03"), *src.related[:2]]  # entered by hand, no id
    demo_store.save_issue(src)
    new = copy_forward(demo_store, src.id, by="编辑")
    assert [r.title for r in new.related].count(title) == 1


# ---------------------------------------------------------------------- what cannot move is flagged
def test_the_demo_issue_has_no_stale_dates(demo_store):
    assert stale(preflight(demo_store, "latest")) == {}


def test_a_copied_event_date_is_flagged_by_field(demo_store):
    new = copy_forward(demo_store, demo_store.issue("latest").id, by="编辑")
    assert "12 月 26 日" in new.views[0] and "12 月 27 日" in new.views[1]  # facts of last week: never moved
    found = stale(preflight(demo_store, new))
    assert set(found) == {"views[0]", "views[1]"}
    assert "行业观点 1" in found["views[0]"] and "12 月 26 日" in found["views[0]"]
    assert "行业观点 2" in found["views[1]"] and "12 月 27 日" in found["views[1]"]


def test_a_table_title_as_of_another_date_is_flagged(demo_store):
    issue = demo_store.issue("latest")
    issue.table.title = "科技重点公司对比（截至12月27日）"  # the table's data is as of 2024-12-29
    found = stale(preflight(demo_store, issue))
    assert list(found) == ["table.title"]
    assert "表格标题" in found["table.title"] and "12月27日" in found["table.title"]
    assert "2024-12-29" in found["table.title"]


def test_a_last_week_date_written_into_the_review_is_flagged(demo_store):
    new = copy_forward(demo_store, demo_store.issue("latest").id, by="编辑")
    new.views = []
    new.market_review = "12月27日两市震荡，本周市场回暖。"
    found = stale(preflight(demo_store, new))
    assert list(found) == ["market_review"]
    assert "市场回顾" in found["market_review"] and "12月27日" in found["market_review"]


def test_a_related_report_dated_after_this_issue_is_flagged(demo_store):
    issue = demo_store.issue("latest")
    issue.related[0] = RelatedReport("周观点：端侧 AI 新品密集发布——先进科技主题周报 20241216-20241222", "2025-01-10")
    found = stale(preflight(demo_store, issue))
    assert list(found) == ["related[0].date"]
    assert "相关报告 1" in found["related[0].date"] and "2025-01-10" in found["related[0].date"]


def test_a_related_report_citing_this_weeks_period_is_flagged(demo_store):
    issue = demo_store.issue("latest")
    issue.related[1] = RelatedReport("周观点：小米加码万卡算力——先进科技主题周报 20241223-20241229", "2024-12-24")
    found = stale(preflight(demo_store, issue))
    assert list(found) == ["related[1].title"]
    assert "相关报告 2" in found["related[1].title"] and "20241223-20241229" in found["related[1].title"]
