"""The notes view on a store this user may not write: adding a note is off, and refused in words."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def type_text(widget, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def notes_in_file(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT id, date, author, text, tags, themes FROM notes"))
    finally:
        conn.close()


@pytest.fixture
def read_only_view(qtbot, demo_path, monkeypatch):
    import workbench.store.access as access
    from ui.views.notes import NotesView

    monkeypatch.setattr(access, "_writable", lambda path: False)  # as in a read-only folder
    v = NotesView(demo_path)
    qtbot.addWidget(v)
    assert v.store.read_only
    return v


def test_new_note_is_off_and_says_why(read_only_view, demo_path):
    view = read_only_view
    before = notes_in_file(demo_path)
    assert not view.new_button.isEnabled()
    assert "只读" in view.new_button.toolTip() and "read-only" not in view.new_button.toolTip()  # Chinese UI
    opened = []
    view.new_note_dialog = lambda v: opened.append(v)  # the dialog is never offered
    assert view.new_note() is None
    assert opened == [] and "只读" in view.last_refusal
    assert notes_in_file(demo_path) == before


def test_the_dialog_refuses_on_a_read_only_store_without_a_traceback(read_only_view, qtbot, demo_path):
    from ui.views.notes import NewNoteDialog

    before = notes_in_file(demo_path)
    dialog = NewNoteDialog(read_only_view.store, read_only_view, author="林思远", note_date="2024-12-28")
    qtbot.addWidget(dialog)
    type_text(dialog.text, "800G 光模块订单能见度延续至二季度。")
    dialog.accept()  # an exception in a slot would fail the test (pytest-qt)
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.note_id is None
    assert "只读" in dialog.error.text() and "read-only" not in dialog.error.text()  # Chinese UI
    assert notes_in_file(demo_path) == before


def test_a_store_that_turns_read_only_refuses_the_note_in_words(qtbot, demo_path):
    """The file became unwritable behind the view's back: SQLite's error is explained, nothing saved."""
    from ui.views.notes import NewNoteDialog, NotesView

    view = NotesView(demo_path)
    qtbot.addWidget(view)
    before = notes_in_file(demo_path)
    view.store.db.execute("PRAGMA query_only = ON")
    dialog = NewNoteDialog(view.store, view, author="林思远", note_date="2024-12-28")
    qtbot.addWidget(dialog)
    type_text(dialog.text, "800G 光模块订单能见度延续至二季度。")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.note_id is None
    assert "只读" in dialog.error.text()
    view.store.db.execute("PRAGMA query_only = OFF")
    assert notes_in_file(demo_path) == before


def test_a_writable_store_keeps_new_note_on(qtbot, demo_path):
    from ui.views.notes import NotesView

    view = NotesView(demo_path)
    qtbot.addWidget(view)
    assert view.new_button.isEnabled() and view.last_refusal == ""


def test_the_main_window_on_a_read_only_store_offers_no_new_note(qtbot, demo_path, settings, confirmations,
                                                                 monkeypatch):
    import workbench.store.access as access
    from ui.main_window import MainWindow

    monkeypatch.setattr(access, "_writable", lambda path: False)
    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.show()
    assert w.open_store(demo_path) and w.session.store.read_only
    before = notes_in_file(demo_path)
    ticker = w.session.store.companies()[0]["ticker"]
    assert w.show_notes(ticker) is not None  # reading and searching notes works
    assert not w.new_note_action.isEnabled()
    assert not w.notes_view.new_button.isEnabled()
    assert w.new_note_for_company(ticker) is None and "只读" in w.notes_view.last_refusal
    assert notes_in_file(demo_path) == before
