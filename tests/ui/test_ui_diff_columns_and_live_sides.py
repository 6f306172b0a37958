"""比较周报 in the app says what the command line says: a side that is not final is read with the
store's data now, and a table column that changed period (2024YTD → 2025YTD) is a change, never
「两期之间没有变化。」."""

from __future__ import annotations

import pytest

from workbench.drafting.diff import diff_snapshots

COLUMNS = [{"metric": "revenue", "period": "2023A", "kind": "amount", "label": "2023", "group": "营业收入"}]


def snapshot(issue_id, status, ytd_period):
    columns = COLUMNS + [{"metric": "ytd_return", "period": ytd_period, "kind": "ratio", "label": "年初至今",
                          "group": "估值"}]
    return {"issue_id": issue_id, "series": "先进科技主题周报", "period_start": "2024-12-23",
            "period_end": "2024-12-29", "status": status, "headline": "周观点", "rating": "增持",
            "rating_action": "维持", "themes": [],
            "table": {"columns": columns, "rows": [{"segment": "AIOT soc", "ticker": "300493.SZ", "name": "润欣科技",
                                                     "values": [21.6e8, 0.1]}]}}


@pytest.fixture
def diff_view(qtbot, demo_path):
    from ui.diff_view import DiffView

    view = DiffView(demo_path)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    return view


def _tree_rows(tree):
    return [(top.child(i).text(0), top.child(i).text(1), top.child(i).text(2))
            for top in (tree.topLevelItem(k) for k in range(tree.topLevelItemCount()))
            for i in range(top.childCount())]


def test_a_ytd_column_that_changed_period_is_shown_as_a_change(diff_view):
    diff_view.show_diff(diff_snapshots(snapshot(1, "final", "2024YTD"), snapshot(2, "final", "2025YTD")))
    rows = _tree_rows(diff_view.changes_tree)
    assert any("2024YTD" in before and "2025YTD" in after for _what, before, after in rows)
    assert diff_view.summary.text() != diff_view.tr("No changes between the two issues.")


def test_a_draft_side_is_said_to_be_read_with_live_data(diff_view):
    diff = diff_snapshots(snapshot(1, "draft", "2024YTD"), snapshot(2, "final", "2024YTD"))
    assert diff.is_empty()
    diff_view.show_diff(diff)
    text = diff_view.summary.text()
    assert "#1" in text and "未定稿" in text  # as the command line's 未定稿，按当前数据
    assert "#2" not in text  # the final side is its frozen snapshot: nothing to say
