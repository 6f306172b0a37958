"""The app's conflicts view names an issue conflict's issue by its number and week, so two issues
of one headline (next week's copy keeps it) read apart, in the UI's language; the week is read
from the store with sqlite3 as the truth."""

from __future__ import annotations

import sqlite3
from datetime import date

from ui.desk.conflicts_view import ConflictsView, _lang
from workbench.drafting.lifecycle import copy_forward
from workbench.store import sync_state as state

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _week(path, issue_id, lang) -> str:
    with sqlite3.connect(path) as conn:
        start, end = conn.execute("SELECT period_start, period_end FROM issues WHERE id = ?", [issue_id]).fetchone()
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    if lang == state.ZH:
        return f"第 {issue_id} 期 · {a.month}月{a.day}日–{b.month}月{b.day}日"
    return f"issue {issue_id} · {MONTHS[a.month - 1]} {a.day}–{MONTHS[b.month - 1]} {b.day}"


def test_two_issues_of_one_headline_read_apart_by_their_week(qtbot, demo_store, demo_path):
    first = demo_store.issue("latest").id
    second = copy_forward(demo_store, first, by="林思远").id
    for n, issue_id in enumerate((first, second), start=1):
        _, uid = state.issue_uid(demo_store, issue_id)
        mine = state.current_image(demo_store, ("issues", uid))
        with demo_store.transaction():
            state.record_conflicts(demo_store, [{
                "id": n, "tbl": "issues", "key": uid, "kind": "conflict", "mine": mine,
                "theirs": {**mine, "advice": f"团队库的建议 {n}"}, "by": "zhang", "at": "2026-11-30T06:44:12+00:00",
                "theirs_by": "wang", "theirs_at": "2026-11-30T06:41:40+00:00", "message": None}])
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    shown = {c["key"]: view.what_text(c) for c in view.conflicts}
    assert len(set(shown.values())) == 2
    for issue_id in (first, second):
        _, uid = state.issue_uid(demo_store, issue_id)
        assert _week(demo_path, issue_id, _lang()) in shown[uid], shown[uid]
    cells = [view.table.item(row, 1).text() for row in range(view.table.rowCount())]
    assert sorted(cells) == sorted(shown.values())
