"""The diff names a side that is not final (read with the store's data now) and a table column that
changed period (a new year moves the YTD column: 2024YTD → 2025YTD) as a change, never as nothing."""

from __future__ import annotations

from workbench.drafting.diff import diff_snapshots

BASE = [{"metric": "revenue", "period": "2023A", "kind": "amount", "label": "2023", "group": "营业收入"}]
YTD = {"metric": "ytd_return", "kind": "ratio", "label": "年初至今", "group": "估值"}


def snapshot(issue_id, status, ytd_period, values=(21.6e8, 0.1)):
    columns = BASE + ([dict(YTD, period=ytd_period)] if ytd_period else [])
    return {"issue_id": issue_id, "series": "先进科技主题周报", "period_start": "2024-12-23",
            "period_end": "2024-12-29", "status": status, "headline": "周观点", "rating": "增持",
            "rating_action": "维持", "themes": [],
            "table": {"columns": columns,
                      "rows": [{"segment": "AIOT soc", "ticker": "300493.SZ", "name": "润欣科技",
                                "values": list(values[:len(columns)])}]}}


def test_a_ytd_column_that_changed_period_is_a_change():
    d = diff_snapshots(snapshot(1, "final", "2024YTD"), snapshot(2, "final", "2025YTD"))
    assert not d.is_empty()
    assert [(c.before, c.after) for c in d.column_changes] == [("估值 年初至今（2024YTD）", "估值 年初至今（2025YTD）")]
    text = d.to_text()
    assert "无变化" not in text
    line = next(line for line in text.splitlines() if "2024YTD" in line)
    assert "2025YTD" in line and "→" in line


def test_a_column_gained_or_lost_is_named():
    gained = diff_snapshots(snapshot(1, "final", None), snapshot(2, "final", "2025YTD"))
    lost = diff_snapshots(snapshot(1, "final", "2024YTD"), snapshot(2, "final", None))
    assert [(c.before, c.after) for c in gained.column_changes] == [("--", "估值 年初至今（2025YTD）")]
    assert [(c.before, c.after) for c in lost.column_changes] == [("估值 年初至今（2024YTD）", "--")]
    assert "2025YTD" in gained.to_text() and "2024YTD" in lost.to_text()


def test_identical_columns_are_no_column_change():
    d = diff_snapshots(snapshot(1, "final", "2024YTD"), snapshot(2, "final", "2024YTD"))
    assert d.column_changes == [] and d.is_empty()


def test_a_side_that_is_not_final_is_named_live():
    d = diff_snapshots(snapshot(1, "draft", "2024YTD"), snapshot(2, "final", "2024YTD"))
    assert d.live == [1]
    assert d.is_empty()  # no change, yet the reader is told the draft's figures are the store's now
    assert all("#1" in n and "未定稿" in n for n in d.live_notes())
    assert d.live_notes() and "未定稿" in d.to_text().splitlines()[0].split("→")[0]  # the command line's title
    final = diff_snapshots(snapshot(1, "final", "2024YTD"), snapshot(2, "final", "2024YTD"))
    assert final.live == [] and final.live_notes() == []
