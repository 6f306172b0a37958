"""Two issues of one headline (next week's draft copied from this week's keeps it): `desk conflicts`
names each issue conflict's issue by its number here and its week, so the two read apart; the week
is read from the store with sqlite3 as the truth. A figure's conflict is named as before."""

from __future__ import annotations

import sqlite3
from datetime import date

from workbench.cli import main
from workbench.drafting.lifecycle import copy_forward
from workbench.store import Store, sync_state as state


def _record(store, server_id, tbl, key, mine, theirs):
    with store.transaction():
        state.record_conflicts(store, [{
            "id": server_id, "tbl": tbl, "key": key, "kind": "conflict", "mine": mine, "theirs": theirs,
            "by": "zhang", "at": "2026-11-30T06:44:12+00:00", "theirs_by": "wang",
            "theirs_at": "2026-11-30T06:41:40+00:00", "message": None}])


def _week(path, issue_id) -> str:
    with sqlite3.connect(path) as conn:
        start, end = conn.execute("SELECT period_start, period_end FROM issues WHERE id = ?", [issue_id]).fetchone()
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    return f"{a.month}月{a.day}日–{b.month}月{b.day}日"


def issues_in_conflict(demo_path):
    with Store(demo_path) as store:
        first = store.issue("latest").id
        second = copy_forward(store, first, by="林思远").id
        assert store.issue(second).headline == store.issue(first).headline  # the copy keeps it
        for n, issue_id in enumerate((first, second), start=1):
            _, uid = state.issue_uid(store, issue_id)
            mine = state.current_image(store, ("issues", uid))
            _record(store, n, "issues", uid, mine, {**mine, "advice": f"团队库的建议 {n}"})
    return first, second


def test_desk_conflicts_names_each_issues_number_and_week(demo_path, capsys):
    first, second = issues_in_conflict(demo_path)
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(demo_path)]) == 0
    heads = [line for line in capsys.readouterr().out.splitlines() if line.startswith("#")]
    assert len(heads) == 2, heads
    for line, issue_id in zip(heads, (first, second)):
        assert f"第 {issue_id} 期" in line and _week(demo_path, issue_id) in line, line
    assert _week(demo_path, first) != _week(demo_path, second)
