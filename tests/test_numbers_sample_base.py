"""A weekly change computed against a base close that is sample data (the demo's generated cover-chart
series, source 示意数据) is flagged by the preflight, naming the index and the base day; the demo's PDF
still exports."""

from __future__ import annotations

from workbench.analysis.review import SAMPLE_SOURCE, index_week
from workbench.demo import SAMPLE_SOURCE as DEMO_SAMPLE_SOURCE
from workbench.report.preflight import preflight


def base_sample_warnings(store, issue):
    return [w for w in preflight(store, issue).warnings if w.code == "review_base_sample"]


def test_the_demo_s_csi_300_change_rests_on_a_generated_close(demo_store):
    issue = demo_store.issue("latest")
    assert SAMPLE_SOURCE == DEMO_SAMPLE_SOURCE
    week = index_week(demo_store, "沪深300", issue.period_start, issue.period_end)
    idx = demo_store.index("沪深300")
    # the truth, from the store itself: the base day's close is a generated one
    assert demo_store.has_quotes_from(DEMO_SAMPLE_SOURCE, [idx["id"]], week.base_date, week.base_date)
    (w,) = base_sample_warnings(demo_store, issue)
    assert "沪深300" in w.message and week.base_date in w.message and "示意数据" in w.message
    assert "sample data" in w.message
    result = preflight(demo_store, issue)
    assert result.ok  # a warning, not a block: the demo's PDF exports


def test_a_real_base_close_is_not_flagged(demo_store):
    issue = demo_store.issue("latest")
    idx = demo_store.index("沪深300")
    week = index_week(demo_store, "沪深300", issue.period_start, issue.period_end)
    demo_store.write_quotes([(idx["id"], week.base_date, 3927.00, None, "Wind")])  # the real close imported
    assert not demo_store.has_quotes_from(DEMO_SAMPLE_SOURCE, [idx["id"]], week.base_date, week.base_date)
    assert base_sample_warnings(demo_store, issue) == []
