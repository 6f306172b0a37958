"""The conflicts view shows the desk's side as the desk held it (never this store's row under the
desk's writer), a record the desk never had as none there, the desk's reason in the UI's
language, every time in one format in the local zone, and a refused settle in the UI's own words
(the buttons, never the command line's flags)."""

from __future__ import annotations

import re
import time

import pytest

from ui.desk.conflicts_view import ConflictsView
from workbench.drafting.lifecycle import change_status
from workbench.store import sync_state as state


@pytest.fixture
def shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _record(store, server_id, tbl, key, mine, theirs, message=None):
    with store.transaction():
        state.record_conflicts(store, [{
            "id": server_id, "tbl": tbl, "key": key, "kind": "refused", "mine": mine, "theirs": theirs,
            "by": "zhang", "at": "2026-11-30 06:44:12.5+00", "theirs_by": "wang" if theirs else None,
            "theirs_at": "2026-11-30T06:41:40+00:00" if theirs else None, "message": message}])


def _cells(view, conflict_id):
    for row in range(view.table.rowCount()):
        if view.table.item(row, 0).text() == str(conflict_id):
            return [view.table.item(row, col).text() for col in range(view.COLUMNS)]
    raise AssertionError(conflict_id)


def test_a_refused_issue_shows_the_desks_row_its_writer_and_the_reason(qtbot, demo_store, shanghai):
    _, uid = state.issue_uid(demo_store, "latest")
    mine = state.current_image(demo_store, ("issues", uid))
    theirs = {**mine, "headline": "团队库的标题"}
    _record(demo_store, 1, "issues", uid, mine, theirs,
            "该期周报的租约由 wang 持有，至 2026-11-30 18:00:00 止 (the issue's lease is held by wang until 2026-11-30 "
            "18:00:00)")
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    _, _, kind, mine_cell, theirs_cell = _cells(view, view.conflicts[0]["id"])
    assert "团队库的标题" in theirs_cell and mine["headline"] not in theirs_cell
    # the desk's writer with the desk's time, in the local zone, as mine's: one format
    assert "wang 2026-11-30 14:41" in theirs_cell
    assert "zhang 2026-11-30 14:44" in mine_cell
    for cell in (mine_cell, theirs_cell):
        assert "+00" not in cell and "T06" not in cell
    assert "wang" in kind and "2026-11-30 18:00" in kind
    assert "(the issue's lease" not in kind  # the reason in the UI's language


def test_a_record_the_desk_never_had_is_shown_as_none_there(qtbot, demo_store, shanghai):
    issue_id, _ = state.issue_uid(demo_store, "latest")
    change_status(demo_store, issue_id, "review", by="zhang")
    [log_uid] = [r["uid"] for r in demo_store.rows("SELECT uid FROM issue_log")]
    mine = state.current_image(demo_store, ("issue_log", log_uid))
    _record(demo_store, 2, "issue_log", log_uid, mine, None)
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    _, _, _, mine_cell, theirs_cell = _cells(view, view.conflicts[0]["id"])
    assert theirs_cell.startswith(view.tr("(none on the desk)"))
    assert mine_cell.split("\n")[0] not in theirs_cell  # never mine repeated as the desk's
    assert "zhang" not in theirs_cell


def test_a_refused_settle_speaks_the_uis_words(qtbot, demo_store):
    _, uid = state.issue_uid(demo_store, "latest")
    mine = state.current_image(demo_store, ("issues", uid))
    _record(demo_store, 3, "issues", uid, mine, {**mine, "headline": "团队库的标题"})
    errors = iter([
        "你的团队库角色 analyst 不能定稿或发布 (your desk role, analyst, may not finalise or publish an issue: only an "
        "editor may); 请用 --keep theirs，或请编辑定稿 (settle it with --keep theirs, or ask an editor to finalise it)",
        "冲突 #1 已解决 (already settled): theirs"])
    view = ConflictsView(demo_store, lambda *_: next(errors))
    qtbot.addWidget(view)
    assert not view.settle("mine")
    text = view.error_label.text()
    assert "--keep" not in text and re.sub(r"\(&\w\)|&", "", view.theirs_button.text()) in text
    assert not view.settle("mine")
    text = view.error_label.text()
    assert "#1" in text and "theirs" not in text and "already settled" not in text


def test_a_desk_value_taken_since_the_conflict_is_shown_with_its_own_writer(qtbot, demo_store, shanghai):
    """The desk moved on since the conflict and this store took the newer value (a pull): the view
    shows that value under the desk user the pull logged it under, the conflict's below it."""
    _, uid = state.issue_uid(demo_store, "latest")
    mine = state.current_image(demo_store, ("issues", uid))
    _record(demo_store, 4, "issues", uid, mine, {**mine, "headline": "乙的标题"})
    issue = demo_store.issue("latest")
    issue.headline = "丙的标题"
    with demo_store.batch("sync", by="li", at="2026-11-30T06:45:00+00:00"):
        demo_store.save_issue(issue)
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    theirs_cell = _cells(view, view.conflicts[0]["id"])[4]
    first, rest = theirs_cell.split("\n", 1)
    assert "丙的标题" in first and rest.startswith("— li 2026-11-30 14:45")
    assert "乙的标题" in rest and "wang 2026-11-30 14:41" in rest  # what the conflict was about, by whom
