"""The app's conflicts view: the desk's value as it is now (with the one at the conflict when it
moved on since), a published version in the store's words (never base64 or JSON), and keep theirs on
a row this store refuses answered with the reason. Against a real PostgreSQL desk."""

from __future__ import annotations

import base64

from workbench.desk.errors import DeskError
from workbench.desk.sync import resolve, sync
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store


def _view(qtbot, store):
    from ui.desk.conflicts_view import ConflictsView

    def settle(conflict_id, keep):
        try:
            resolve(store, conflict_id, keep)
        except DeskError as exc:
            return str(exc)
        return None

    view = ConflictsView(store, settle)
    qtbot.addWidget(view)
    return view


def test_the_view_shows_the_desks_current_value_and_the_one_at_the_conflict(qtbot, pair):
    desk, (a, ca), (b, cb) = pair
    a.set_company_field(T, "industry", "芯片设计")
    b.set_company_field(T, "industry", "半导体")
    sync(a, ca)
    sync(b, cb)
    a.set_company_field(T, "industry", "模拟芯片")
    sync(a, ca)
    sync(b, cb)
    view = _view(qtbot, b)
    assert view.table.rowCount() == 1
    mine, theirs = view.table.item(0, 3).text(), view.table.item(0, 4).text()
    assert mine.startswith("行业：半导体")  # the field in the UI's words
    assert theirs.startswith("行业：模拟芯片") and "芯片设计" in theirs.splitlines()[-1]
    assert not view.settle("mine")  # stale: refused with the current value
    assert "模拟芯片" in view.error_label.text() and view.table.rowCount() == 1


def test_a_published_version_reads_as_its_version_and_size(qtbot, demo_store):
    issue = demo_store.scalar("SELECT uid FROM issues ORDER BY id LIMIT 1")
    pdf = base64.b64encode(bytes(139 * 1024)).decode("ascii")
    image = {"issue": issue, "version": 9, "pdf": {"$b64": pdf}, "snapshot_json": '{"x": 1}', "frozen_by": "li",
             "issue_json": '{"y": 2}', "frozen_at": "2024-12-27T10:00:00"}
    with demo_store.transaction():
        sync_state.record_local_refusals(demo_store, [sync_state.Refusal("issue_versions", f"{issue}|9", image,
                                                                         "发布记录不可修改或删除")])
    view = _view(qtbot, demo_store)
    theirs = view.table.item(0, 4).text()
    assert theirs.startswith("发布版本 v9 (PDF 139 KB)")
    assert pdf[:40] not in theirs and "{" not in theirs


def test_keep_theirs_on_a_row_this_store_refuses_shows_the_reason(qtbot, demo_store):
    image = {"value": 1.0, "source": "x.csv"}
    with demo_store.transaction():
        sync_state.record_local_refusals(demo_store, [sync_state.Refusal("facts", "NOPE.SH|revenue|2023A", image,
                                                                         "没有该公司 (no company): NOPE.SH")])
    view = _view(qtbot, demo_store)
    assert not view.settle("theirs")
    assert "NOPE.SH" in view.error_label.text() and view.table.rowCount() == 1
    assert view.settle("mine") and view.table.rowCount() == 0
