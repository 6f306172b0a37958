"""The conflicts view shows the store as it is now: a conflict settled meanwhile (another window)
leaves the list when a settle is refused, and an issue held back here is labelled so, not as a
refusal by the desk."""

from __future__ import annotations

import pytest

from ui.desk.conflicts_view import ConflictsView
from workbench.store import Store
from workbench.store import sync_state as state


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "ws.sqlite")
    yield s
    s.close()


def _fact_conflict(store, server_id, value_mine, value_theirs):
    with store.transaction():
        state.record_conflicts(store, [{
            "id": server_id, "tbl": "facts", "key": "600584.SH|revenue|2023A", "kind": "conflict",
            "mine": {"value": value_mine}, "theirs": {"value": value_theirs}, "by": "li",
            "at": "2024-12-27T09:00:00+00:00", "theirs_by": "wang", "theirs_at": "2024-12-27T10:00:00+00:00"}])
    return store.db.execute("SELECT id FROM sync_conflicts WHERE server_id = ?", [server_id]).fetchone()[0]


def test_a_settle_refused_because_another_window_settled_it_shows_the_list_as_it_is_now(qtbot, store):
    first = _fact_conflict(store, 7, 1.0e10, 2.0e10)
    second = _fact_conflict(store, 8, 3.0e10, 4.0e10)

    def elsewhere_first(conflict_id, keep):  # another window settled it between the listing and the click
        with store.transaction():
            state.mark_resolved(store, conflict_id, "theirs")
        return f"冲突 #{conflict_id} 已解决 (already settled): theirs"

    view = ConflictsView(store, elsewhere_first)
    qtbot.addWidget(view)
    assert [c["id"] for c in view.conflicts] == [first, second]
    assert view.select_conflict(first)
    assert not view.settle("mine")
    assert [c["id"] for c in view.conflicts] == [second]  # the settled one is gone from the list
    assert view.table.rowCount() == 1
    assert view.error_label.isVisibleTo(view) and "已解决" in view.error_label.text()
    assert "(already settled)" not in view.error_label.text()


def test_an_issue_held_back_here_is_labelled_held_not_refused_by_the_desk(qtbot, store):
    with store.transaction():
        state.hold_issue(store, "issue-uid-1", None, "署名的分析师不在团队库 (analysts the desk lacks): 张三")
    _fact_conflict(store, 9, 1.0, 2.0)
    view = ConflictsView(store, lambda *_: None)
    qtbot.addWidget(view)
    kinds = [view.table.item(row, 2).text() for row in range(view.table.rowCount())]
    held = [k for k in kinds if "张三" in k]
    assert len(held) == 1 and held[0].startswith("暂缓推送")
    assert view.kind_text("refused") not in held[0]
    assert not any(k.startswith("暂缓推送") for k in kinds if "张三" not in k)
