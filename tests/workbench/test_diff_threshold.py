"""The week-over-week diff counts a figure as changed exactly when the report would print it differently.

Each case is a pair of stored values whose printed forms are worked out by hand here: 亿元 and PE
with one decimal, rates as % with two decimals, missing as --.
"""

from __future__ import annotations

import pytest

from workbench.drafting.diff import diff_issues, diff_snapshots

COLUMNS = [
    {"metric": "revenue", "period": "2023A", "kind": "amount", "label": "营业收入 2023", "group": ""},
    {"metric": "revenue_yoy", "period": "2023A", "kind": "ratio", "label": "2023 YoY", "group": ""},
    {"metric": "pe", "period": "2024E", "kind": "multiple", "label": "PE 2024E", "group": ""},
]


def snapshot(values, issue_id=1):
    """A minimal report snapshot: one company, the three columns above."""
    return {"issue_id": issue_id, "series": "先进科技主题周报", "period_start": "2024-12-23",
            "period_end": "2024-12-29", "status": "final", "headline": "周观点", "rating": "增持",
            "rating_action": "维持", "themes": [],
            "table": {"columns": COLUMNS,
                      "rows": [{"segment": "AIOT soc", "ticker": "300493.SZ", "name": "润欣科技",
                                "values": list(values)}]}}


def changed(before, after) -> list[tuple[str, float | None, float | None]]:
    d = diff_snapshots(snapshot(before), snapshot(after, issue_id=2))
    return [(c.metric, c.before, c.after) for c in d.changes]


BASE = (21.6e8, 0.028, 128.3)


def test_identical_weeks_have_no_changes():
    assert changed(BASE, BASE) == []
    assert diff_snapshots(snapshot(BASE), snapshot(BASE, 2)).is_empty()


@pytest.mark.parametrize("after", [
    (21.6e8 + 4e6, 0.028, 128.3),          # 21.64 亿元 still prints 21.6
    (21.6e8 - 4e6, 0.028, 128.3),          # 21.56 亿元 still prints 21.6
    (21.6e8, 0.02804, 128.3),              # 2.804% still prints 2.80%
    (21.6e8, 0.02796, 128.3),              # 2.796% still prints 2.80%
    (21.6e8, 0.028, 128.34),               # still prints 128.3
    (21.6e8 + 1e-6, 0.028 + 1e-15, 128.3 + 1e-12),  # float noise
])
def test_a_change_below_the_printed_rounding_is_not_a_change(after):
    assert changed(BASE, after) == []


def test_an_amount_that_prints_differently_is_a_change():
    assert changed(BASE, (21.66e8, 0.028, 128.3)) == [("revenue", 21.6e8, 21.66e8)]  # 21.6 -> 21.7
    assert changed(BASE, (21.54e8, 0.028, 128.3)) == [("revenue", 21.6e8, 21.54e8)]  # 21.6 -> 21.5


def test_a_rate_that_prints_differently_is_a_change():
    assert changed(BASE, (21.6e8, 0.02806, 128.3)) == [("revenue_yoy", 0.028, 0.02806)]  # 2.80% -> 2.81%
    assert changed(BASE, (21.6e8, -0.028, 128.3)) == [("revenue_yoy", 0.028, -0.028)]  # a sign flip


def test_a_forecast_that_prints_differently_is_a_forecast_change():
    # 128.3 -> 128.4, the store telling that the EPS under it was revised
    d = diff_snapshots(snapshot(BASE), snapshot((21.6e8, 0.028, 128.36), 2), lambda ticker, period: "forecast")
    assert [(c.metric, c.period) for c in d.forecast_changes] == [("pe", "2024E")]
    assert d.changes[0].describe() == "润欣科技（300493.SZ）PE 2024E: 128.3 → 128.4（预测调整 forecast）"


def test_a_figure_appearing_or_disappearing_is_a_change():
    assert changed(BASE, (None, 0.028, 128.3)) == [("revenue", 21.6e8, None)]
    assert changed((21.6e8, 0.028, None), BASE) == [("pe", None, 128.3)]
    assert changed((None, None, None), (None, None, None)) == []


def test_the_store_diff_uses_the_same_threshold(demo_store):
    """Through the store: a draft's live figures against the frozen final issue."""
    from workbench.drafting.lifecycle import change_status, copy_forward

    issue = demo_store.issue("latest")
    change_status(demo_store, issue.id, "review", by="analyst")
    change_status(demo_store, issue.id, "final", by="editor")
    draft = copy_forward(demo_store, issue.id, by="编辑")
    # 润欣科技: revenue 21.6 -> 21.64 亿元 (prints 21.6), PE 2024E 128.3 -> 128.36 (prints 128.4)
    demo_store.write_facts([("300493.SZ", "revenue", "2023A", 21.64e8), ("300493.SZ", "pe", "2024E", 128.36)],
                           source="Wind", as_of="2025-01-05")
    d = diff_issues(demo_store, issue.id, draft.id)
    assert [(c.ticker, c.metric, c.period, c.before, c.after) for c in d.changes] == [
        ("300493.SZ", "pe", "2024E", 128.3, 128.36)]


def test_a_forecast_withdrawn_in_the_store_is_reported(demo_store):
    """A PE forecast deleted this week (shown as --) is news, as is one that appears."""
    from workbench.drafting.lifecycle import change_status, copy_forward

    issue = demo_store.issue("latest")
    change_status(demo_store, issue.id, "review", by="analyst")
    change_status(demo_store, issue.id, "final", by="editor")
    draft = copy_forward(demo_store, issue.id, by="编辑")
    demo_store.set_fact("300493.SZ", "pe", "2025E", None)  # 润欣科技's 2025E PE of 91.9 withdrawn
    d = diff_issues(demo_store, issue.id, draft.id)
    assert [(c.ticker, c.metric, c.period, c.before, c.after) for c in d.changes] == [
        ("300493.SZ", "pe", "2025E", 91.9, None)]
    assert "润欣科技（300493.SZ）PE 2025E: 91.9 → --（预测调整 forecast）" in d.to_text()
