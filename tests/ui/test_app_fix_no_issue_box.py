"""导出 PDF on a store without any issue: the box that offers 新建周报… is wide enough for its sentence on
one line, and its button reads as a button (no menu mnemonic "(U)" left over from the menu's text)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from workbench.store import Store


@pytest.fixture
def empty_window(qtbot, tmp_path, settings, confirmations):
    from ui.main_window import MainWindow

    path = tmp_path / "new.sqlite"
    Store(path).close()
    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    assert w.open_store(path)
    return w


def test_the_no_issue_box_is_sized_for_its_sentence_and_its_button_has_no_dead_mnemonic(
        empty_window, monkeypatch, tmp_path):
    w = empty_window
    monkeypatch.setattr(w.windows, "new_first_issue", lambda *a, **k: None)
    seen = {}

    def exec_(box):
        box.show()
        QApplication.processEvents()
        box.grab().save(str(tmp_path / "no_issue.png"))
        labels = {label.objectName(): label for label in box.findChildren(QLabel)}
        info = labels["qt_msgbox_informativelabel"]
        seen.update(size=box.size(), info=info.text(), info_width=info.contentsRect().width(),
                    info_height=info.heightForWidth(info.width()), one_line=info.heightForWidth(4000),
                    line=info.fontMetrics(), buttons={box.buttonRole(b): b.text() for b in box.buttons()})
        box.button(QMessageBox.StandardButton.Cancel).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    w.export_pdf()
    assert seen, "a message box says there is no issue"
    new = seen["buttons"][QMessageBox.ButtonRole.AcceptRole]
    assert "&" not in new and not re.search(r"[(（]\w[)）]", new), new  # no "(U)" that Alt+U would not press
    menu_words = re.sub(r"[(（]&\w[)）]", "", w.first_issue_action.text()).replace("&", "")
    assert new.rstrip("…") == menu_words.rstrip("…")  # the menu command's own words
    fm = seen["line"]
    assert seen["info"] and seen["info_width"] >= fm.horizontalAdvance(seen["info"])  # one line, not cut mid-phrase
    assert seen["info_height"] == seen["one_line"]  # as tall as the sentence on one unbounded line
    assert seen["size"].width() >= 320
