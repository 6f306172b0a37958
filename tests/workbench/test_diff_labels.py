"""The week-over-week diff names the metric of a changed figure as the grid's group header does:
columns grouped under 营业收入 / 归母净利润 are both labelled "2023" on their own."""

from __future__ import annotations

from workbench.drafting.diff import diff_snapshots

COLUMNS = [
    {"metric": "revenue", "period": "2023A", "kind": "amount", "label": "2023", "group": "营业收入"},
    {"metric": "net_profit", "period": "2023A", "kind": "amount", "label": "2023", "group": "归母净利润"},
    {"metric": "pe", "period": "2024E", "kind": "multiple", "label": "PE 2024E", "group": ""},
    {"metric": "pe", "period": "2025E", "kind": "multiple", "label": "", "group": ""},
]


def snapshot(values, issue_id):
    return {"issue_id": issue_id, "series": "先进科技主题周报", "period_start": "2024-12-23",
            "period_end": "2024-12-29", "status": "final", "headline": "周观点", "rating": "增持",
            "rating_action": "维持", "themes": [],
            "table": {"columns": COLUMNS,
                      "rows": [{"segment": "AIOT soc", "ticker": "300493.SZ", "name": "润欣科技",
                                "values": list(values)}]}}


def test_a_changed_figure_is_named_by_its_group_and_label():
    d = diff_snapshots(snapshot((21.6e8, 5.6e8, 76.4, 50.0), 1), snapshot((25.0e8, 7.0e8, 60.5, 40.0), 2))
    # a label naming its metric stays; a column with neither group nor label is named by metric and period
    assert [c.label for c in d.changes] == ["营业收入 2023", "归母净利润 2023", "PE 2024E", "市盈率 2025E"]
    text = d.to_text()
    assert "润欣科技（300493.SZ）营业收入 2023: 21.6 → 25.0" in text
    assert "润欣科技（300493.SZ）归母净利润 2023: 5.6 → 7.0" in text


def test_a_label_that_already_names_its_group_is_not_doubled():
    columns = [{"metric": "revenue", "period": "2023A", "kind": "amount", "label": "营业收入 2023",
                "group": "营业收入"}]
    a, b = snapshot((21.6e8,), 1), snapshot((25.0e8,), 2)
    a["table"]["columns"] = b["table"]["columns"] = columns
    assert [c.label for c in diff_snapshots(a, b).changes] == ["营业收入 2023"]


def test_a_column_without_a_group_is_named_by_its_metric():
    columns = [{"metric": "net_profit", "period": "2023A", "kind": "amount", "label": "2023", "group": ""},
               {"metric": "ytd_return", "period": "2024YTD", "kind": "ratio", "label": "年初至今", "group": "估值"}]
    a, b = snapshot((5.6e8, 0.1), 1), snapshot((7.0e8, 0.2), 2)
    a["table"]["columns"] = b["table"]["columns"] = columns
    assert [c.label for c in diff_snapshots(a, b).changes] == ["归母净利润 2023", "估值 年初至今"]
