"""The notes view: full-text search (FTS and the short-query path), filters, company jump, new notes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def type_text(widget, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def view(qtbot, demo_path):
    from ui.views.notes import NotesView

    v = NotesView(demo_path)
    qtbot.addWidget(v)
    v.resize(1200, 700)
    return v


def texts(view) -> list[str]:
    return [view.model.note_at(r)["text"] for r in range(view.model.rowCount())]


def test_lists_every_note_newest_first(view, qtmodeltester):
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 3
    assert [view.model.note_at(r)["date"] for r in range(3)] == ["2024-12-27", "2024-12-26", "2024-12-24"]
    idx = view.model.index(2, 2)
    assert view.model.data(idx) == "东山精密、鹏鼎控股"  # companies by name
    assert view.model.data(idx, Qt.ItemDataRole.ToolTipRole) == "002384.SZ 002938.SZ"
    assert "小米“人车家全生态”合作伙伴大会" in view.detail.toPlainText()  # the newest note is shown


def test_search_finds_a_note_by_a_two_character_phrase(view):
    type_text(view.search, "万卡")  # shorter than a trigram: the LIKE path
    assert texts(view) == [t for t in texts(view) if "万卡" in t]
    assert len(texts(view)) == 1 and texts(view)[0].startswith("媒体报道小米正在搭建万卡 GPU 集群")


def test_search_finds_a_note_by_a_longer_phrase(view):
    type_text(view.search, "合作伙伴大会")  # the FTS5 trigram path
    assert len(texts(view)) == 1 and "合作伙伴大会" in texts(view)[0]
    view.search.clear()
    type_text(view.search, "没有这句话的笔记")
    assert texts(view) == []
    assert "0" in view.count_label.text()


def test_filters_by_company_tag_and_week(view):
    assert view.show_company("688608") == 1
    assert view.company.currentText() == "恒玄科技 688608.SH"
    assert "人车家全生态" in texts(view)[0]
    view.company.setCurrentIndex(0)
    view.tag.setCurrentIndex(view.tag.findData("PCB"))
    assert len(texts(view)) == 1 and texts(view)[0].startswith("渠道调研")
    view.tag.setCurrentIndex(0)
    assert not view.set_week("2024-12-31")  # no note that week yet
    view.new_note_dialog = lambda v: v.store.add_note("元旦前调研：服务器电源", date="2024-12-31", author="周雨桐")
    view.new_note()
    assert view.set_week("2024-12-26")
    assert view.week.currentText() == "2024-12-23 – 12-29"
    assert len(texts(view)) == 3
    assert view.set_week("2025-01-02")
    assert texts(view) == ["元旦前调研：服务器电源"]


def test_company_typed_by_name_filters_the_notes(view, qtbot):
    view.company.lineEdit().selectAll()
    type_text(view.company.lineEdit(), "鹏鼎")
    view.company.lineEdit().editingFinished.emit()
    assert view.current_ticker() == "002938.SZ"
    assert len(texts(view)) == 1


def test_show_company_clears_other_filters(view):
    type_text(view.search, "合作伙伴大会")
    assert view.show_company("002384.SZ") == 1
    assert view.search.text() == ""


def test_new_note_dialog_adds_a_note(view, qtbot):
    from ui.views.notes import NewNoteDialog

    dialog = NewNoteDialog(view.store, view, author="林思远", note_date="2024-12-28")
    qtbot.addWidget(dialog)
    type_text(dialog.company_edit, "中际")
    qtbot.keyClick(dialog.company_edit, Qt.Key.Key_Return)
    assert dialog.add_company("300502") and dialog.tickers() == ["300308.SZ", "300502.SZ"]
    assert not dialog.add_company("不存在")
    type_text(dialog.tags, "光模块，调研")
    type_text(dialog.text, "800G 光模块订单能见度延续至二季度。")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.note_id
    rows = view.store.notes(query="800G")
    assert len(rows) == 1
    assert rows[0]["tickers"].split() == ["300308.SZ", "300502.SZ"]
    assert rows[0]["tags"] == ["光模块", "调研"] and rows[0]["date"] == "2024-12-28"


def test_new_note_dialog_starts_with_the_filtered_company(view, qtbot):
    from ui.views.notes import NewNoteDialog

    view.show_company("688608.SH")
    dialog = NewNoteDialog(view.store, view, author="周雨桐", tickers=[view.current_ticker()])
    qtbot.addWidget(dialog)
    assert dialog.tickers() == ["688608.SH"]
    assert dialog.company_list.item(0).text() == "恒玄科技 688608.SH"
    assert dialog.error.text() == ""


def test_an_empty_note_is_refused_and_nothing_is_written(view, qtbot):
    from ui.views.notes import NewNoteDialog

    dialog = NewNoteDialog(view.store, view)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert "笔记内容为空" in dialog.error.text()
    assert dialog.note_id is None
    assert len(view.store.notes()) == 3


def test_new_note_refreshes_the_view(view, qtbot):
    def add(v):
        return v.store.add_note("新增笔记：服务器电源", date="2024-12-27", author="周雨桐", tags=["电源"])

    view.new_note_dialog = add
    with qtbot.waitSignal(view.note_added):
        view.new_note()
    assert view.model.rowCount() == 4
    assert view.tag.findData("电源") >= 0


def test_company_links_in_a_note_are_signalled(view, qtbot):
    from PySide6.QtCore import QUrl

    with qtbot.waitSignal(view.company_activated) as got:
        view.detail.anchorClicked.emit(QUrl("688608.SH"))
    assert got.args == ["688608.SH"]


@pytest.mark.parametrize("typed, recorded", [("林思远", "li (林思远)"), ("li", "li"), ("", "li")])
def test_a_note_on_a_desk_store_is_written_by_the_desk_user(view, qtbot, typed, recorded):
    from ui.views.notes import NewNoteDialog
    from workbench.store import sync_state

    view.store.set_setting(sync_state.SETTING_URL, "postgresql://li@desk.example/desk")  # joined as li
    dialog = NewNoteDialog(view.store, view, author=typed, note_date="2024-12-28")
    qtbot.addWidget(dialog)
    type_text(dialog.text, "台积电先进封装扩产。")
    dialog.accept()
    assert dialog.note_id
    assert [n["author"] for n in view.store.notes(query="先进封装")] == [recorded]


def test_without_a_desk_a_note_keeps_the_name_typed(view, qtbot):
    from ui.views.notes import NewNoteDialog

    dialog = NewNoteDialog(view.store, view, author="林思远", note_date="2024-12-28")
    qtbot.addWidget(dialog)
    type_text(dialog.text, "台积电先进封装扩产。")
    dialog.accept()
    assert [n["author"] for n in view.store.notes(query="先进封装")] == ["林思远"]
