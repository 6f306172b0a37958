"""The conflicts window reads like the product: a row the desk lacks by the fields that name it (never
a wall of every field, never JSON), each cell a few lines with the whole in its tooltip, no writer and
time for the desk's side it does not have; Keep mine disabled, saying why, for a row this desk role
may not write; the role and the house profile in the app's words, Chinese punctuation in Chinese."""

from __future__ import annotations

import pytest

from ui.desk.conflicts_view import ConflictsView
from workbench.desk import roles
from workbench.store import Store
from workbench.store import sync_state as state

from tests.desk.test_desk_conflict_words_plain import HOUSE, ISSUE, OLD_ROLE_REASON

MAX_CELL_LINES = 6  # a cell reads in a few lines; the whole is in its tooltip


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "ws.sqlite")
    yield s
    s.close()


def _record(store, **c):
    row = {"kind": "refused", "theirs": None, "by": "zhang_wei", "at": "2024-12-27T09:00:00+00:00",
           "theirs_by": None, "theirs_at": None, **c}
    with store.transaction():
        state.record_conflicts(store, [row])


def _fact(store, server_id=9):
    _record(store, id=server_id, tbl="facts", key="600584.SH|revenue|2023A", kind="conflict",
            mine={"value": 3.57e9}, theirs={"value": 3.42e9}, theirs_by="wang", theirs_at="2024-12-27T10:00:00+00:00")


def _view(qtbot, store):
    view = ConflictsView(store, lambda *_: None)
    qtbot.addWidget(view)
    view.resize(1229, 655)
    view.show()
    qtbot.waitExposed(view)
    return view


def _row(view, tbl):
    return next(i for i, c in enumerate(view.conflicts) if c["tbl"] == tbl)


def test_a_row_the_desk_lacks_is_named_in_a_few_lines_never_every_field_nor_json(qtbot, store):
    _record(store, id=4, tbl="house", key="house", mine=HOUSE, message=OLD_ROLE_REASON)
    _record(store, id=5, tbl="issues", key="issue-uid", mine=ISSUE, message="团队库拒绝 (refused)")
    view = _view(qtbot, store)
    house, issue = _row(view, "house"), _row(view, "issues")
    mine = view.table.item(house, 3).text()
    assert "机构名称：星海证券" in mine and "及其他 8 项" in mine
    assert not any(ch in mine for ch in "{[\"") and "免责声明" not in mine
    assert "标题：周观点" in view.table.item(issue, 3).text() and "状态：草稿" in view.table.item(issue, 3).text()
    assert "发布日期" not in view.table.item(issue, 3).text() and "及其他" in view.table.item(issue, 3).text()
    for row in (house, issue):
        for col in range(view.table.columnCount()):
            assert view.table.item(row, col).text().count("\n") < MAX_CELL_LINES
    # the desk has none: said once, no writer and time of nothing
    theirs = view.table.item(house, 4).text()
    assert "团队库没有此项" in theirs and "不详" not in theirs
    # the whole row is in the tooltip, in words
    tip = view.table.item(house, 3).toolTip()
    assert "免责声明：" in tip and "先进科技主题周报、半导体周报" in tip and "股票 5 级" in tip and "{" not in tip


def test_a_long_cell_is_cut_to_a_few_lines_with_the_whole_in_its_tooltip(qtbot, store):
    reason = "；".join(f"第 {n} 条原因 (reason {n})" for n in range(16))
    _record(store, id=6, tbl="analysts", key="a-uid", mine={"name": "林思远", "sac_no": "S1", "contact": "x"},
            message=reason)
    view = _view(qtbot, store)
    kind = view.table.item(0, 2)
    assert len(kind.text()) < len(kind.toolTip()) and "第 15 条原因" in kind.toolTip()
    assert kind.text().endswith("…")


def test_the_selected_conflicts_cut_cells_are_shown_whole_below_the_table(qtbot, store):
    reason = "；".join(f"第 {n} 条原因 (reason {n})" for n in range(16))
    _record(store, id=6, tbl="analysts", key="a-uid", mine={"name": "林思远", "sac_no": "S1", "contact": "x"},
            message=reason)
    _fact(store)
    view = _view(qtbot, store)
    view.table.selectRow(_row(view, "analysts"))
    detail = view.detail.toPlainText()
    assert view.detail.isVisible() and "第 15 条原因" in detail and "第 15 条原因" not in view.table.item(
        _row(view, "analysts"), 2).text()
    assert "类型" in detail  # under its column's name
    # a conflict whose cells all show whole has nothing more to say below the table
    view.table.selectRow(_row(view, "facts"))
    assert not view.detail.isVisible() and "第 15 条原因" not in view.detail.toPlainText()


def test_keep_mine_is_disabled_saying_why_for_a_row_the_role_may_not_write(qtbot, store):
    _record(store, id=4, tbl="house", key="house", mine=HOUSE, message=OLD_ROLE_REASON)
    _fact(store)
    state.set_settings(store, {roles.SETTING_ROLE: "editor"})
    view = _view(qtbot, store)
    view.table.selectRow(_row(view, "house"))
    assert not view.mine_button.isEnabled() and view.theirs_button.isEnabled()
    tip = view.mine_button.toolTip()
    assert "编辑" in tip and "机构信息" in tip and "“保留团队库的”" in tip and "--keep" not in tip and "editor" not in tip
    view.table.selectRow(_row(view, "facts"))
    assert view.mine_button.isEnabled() and "编辑" not in view.mine_button.toolTip()


def test_keep_mine_stays_enabled_when_the_role_may_write_or_is_not_known(qtbot, store):
    _record(store, id=4, tbl="house", key="house", mine=HOUSE, message=OLD_ROLE_REASON)
    view = _view(qtbot, store)  # no role known yet: the desk decides
    assert view.mine_button.isEnabled()
    state.set_settings(store, {roles.SETTING_ROLE: "admin"})
    view.reload()
    assert view.mine_button.isEnabled()


def test_the_words_are_the_apps_role_house_profile_and_chinese_punctuation(qtbot, store):
    _record(store, id=4, tbl="house", key="house", mine=HOUSE, message=OLD_ROLE_REASON)
    _fact(store)
    view = _view(qtbot, store)
    kind = view.table.item(_row(view, "house"), 2).text()
    assert "编辑" in kind and "editor" not in kind and "机构信息" in kind and "公司资料" not in kind
    fact = _row(view, "facts")
    assert view.table.item(fact, 1).text().startswith("财务数据：")
    assert "数值：" in view.table.item(fact, 3).text() and "数值：" in view.table.item(fact, 4).text()
    for row in range(view.table.rowCount()):
        for col in range(1, view.table.columnCount()):
            assert ": " not in view.table.item(row, col).text() and "; " not in view.table.item(row, col).text()
    intro = view.intro.text()
    assert "团队库拒绝" in intro and "暂缓推送" in intro
