"""A colleague's change pulled from the desk never takes the user's work away: the cell being typed
in (its editor, its text), the current cell and the selection, the undo history (only a figure the
pull changed is refused, by name), and the note being read. The app's own edits are logged under
the desk user, as the other workstations see them. Against a real PostgreSQL (the desk tests' cluster)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import psycopg  # noqa: F401  (a dependency of the workbench: a broken install fails here, never skips)
import pytest


from ui_testing import find_column
from workbench.desk.sync import sync
from workbench.domain.metrics import format_value

MINE = ("688018.SH", "revenue", "2023A")  # 乐鑫科技: the cell the analyst types in
THEIRS = ("300493.SZ", "revenue", "2023A")  # 润欣科技: the colleague's change
OTHER = ("688608.SH", "revenue", "2023A")  # 恒玄科技
SHOTS = Path(os.environ.get("WORKBENCH_SHOTS", "/tmp/workbench-desk-shots"))

pytestmark = pytest.mark.usefixtures("private_password_file")


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def _open_window(qtbot, settings, path):
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        assert w.open_store(path)
    # here the test says when the desk is asked: no notification, no periodic or delayed sync
    w.desk.stop_listener()
    w.desk.timer.stop()
    w.desk.push_timer.setInterval(3_600_000)
    return w


def _fact_on_disk(path, key):
    """The figure as the store file holds it (read with sqlite3, not through the app)."""
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?", key).fetchone()
    return None if row is None else row[0]


def _shown(amount: float) -> str:
    return format_value("amount", amount)  # the grid shows 亿元 as the report prints them


def _proxy_index(page, key):
    model = page.model
    return page.proxy.mapFromSource(model.index(model.row_of(key[0]), find_column(model, key[1:])))


def _key_of(page, proxy_index):
    model = page.model
    source = page.proxy.mapToSource(proxy_index)
    return model.key_at(source.row()), model.columns[source.column()].key


def _pull(qtbot, w, b, cb, key, amount):
    """The colleague changes ``key`` and pushes; the app syncs and pulls it."""
    b.set_fact(*key, amount)
    assert sync(b, cb).pushed == 1
    with qtbot.waitSignal(w.desk.synced, timeout=20000) as synced:
        w.desk.sync_now()
    assert synced.args[0][1].pulled >= 1


def _open_editor(page):
    from PySide6.QtWidgets import QLineEdit

    view = page.view
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    return editors[0] if editors else None


# ---------------------------------------------------------------- the cell being typed in
def test_a_pull_while_typing_keeps_the_editor_its_text_and_the_cell(qtbot, two_workstations, settings):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView

    (path_a, ca), (b, cb) = two_workstations
    w = _open_window(qtbot, settings, path_a)
    w.tabs.setCurrentWidget(w.financials_page)
    page = w.financials_page
    view = page.view
    before_mine = _fact_on_disk(path_a, MINE)
    typed_amount = round(before_mine / 1e8 + 1.1, 1)
    typed = f"{typed_amount:.1f}"
    at = _proxy_index(page, MINE)
    view.setFocus()
    view.setCurrentIndex(at)
    view.edit(at)
    editor = _open_editor(page)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, typed)
    theirs = round(_fact_on_disk(path_a, THEIRS) / 1e8 + 3.3, 1) * 1e8

    _pull(qtbot, w, b, cb, THEIRS, theirs)
    qtbot.wait(200)  # whatever the pull does to the window happens in these turns of the event loop

    assert view.state() == QAbstractItemView.State.EditingState
    still = _open_editor(page)
    assert still is editor and still.text() == typed
    assert _key_of(page, view.currentIndex()) == (MINE[0], MINE[1:])
    assert _fact_on_disk(path_a, THEIRS) == theirs  # the pull itself landed in the store
    _shot(w, "pull_while_typing")

    model = page.model
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        qtbot.keyClick(still, Qt.Key.Key_Return)
    assert _fact_on_disk(path_a, MINE) == pytest.approx(typed_amount * 1e8)
    # once the editor is closed the grid shows the colleague's figure, and the cell is still where it was
    qtbot.waitUntil(lambda: page.proxy.data(_proxy_index(page, THEIRS)) == _shown(theirs), timeout=5000)
    current = view.currentIndex()
    assert current.isValid() and _key_of(page, current)[1] == MINE[1:]
    assert page.proxy.data(_proxy_index(page, MINE)) == _shown(typed_amount * 1e8)
    _shot(w, "pull_after_commit")


def test_a_pull_keeps_the_current_cell_the_selection_and_shows_the_change(qtbot, two_workstations, settings):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    (path_a, ca), (b, cb) = two_workstations
    w = _open_window(qtbot, settings, path_a)
    w.tabs.setCurrentWidget(w.financials_page)
    page = w.financials_page
    view = page.view
    at = _proxy_index(page, MINE)
    below = page.proxy.index(at.row() + 1, at.column())
    view.setCurrentIndex(at)
    view.selectionModel().select(QItemSelection(at, below), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    picked = sorted(_key_of(page, i) for i in view.selectionModel().selectedIndexes())
    assert len(picked) == 2
    theirs = round(_fact_on_disk(path_a, THEIRS) / 1e8 + 2.2, 1) * 1e8

    _pull(qtbot, w, b, cb, THEIRS, theirs)
    qtbot.waitUntil(lambda: page.proxy.data(_proxy_index(page, THEIRS)) == _shown(theirs), timeout=5000)

    assert _key_of(page, view.currentIndex()) == (MINE[0], MINE[1:])
    assert sorted(_key_of(page, i) for i in view.selectionModel().selectedIndexes()) == picked
    charts = w.chart_sync.charts  # the 所选公司 chart stays on the current company
    assert charts is None or charts.current_ticker in (None, MINE[0])


# ---------------------------------------------------------------- undo across a pull
def test_a_pull_keeps_undo_and_refuses_only_the_figure_it_changed(qtbot, two_workstations, settings, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []  # the refusal's message box, answered here
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(text))
    (path_a, ca), (b, cb) = two_workstations
    w = _open_window(qtbot, settings, path_a)
    page = w.financials_page
    model = page.model
    stack = w.session.undo_stack
    mine_before, other_before = _fact_on_disk(path_a, MINE), _fact_on_disk(path_a, OTHER)
    assert model.setData(model.index(model.row_of(OTHER[0]), find_column(model, OTHER[1:])),
                         f"{other_before / 1e8 + 0.5:.1f}")
    assert model.setData(model.index(model.row_of(MINE[0]), find_column(model, MINE[1:])),
                         f"{mine_before / 1e8 + 0.7:.1f}")
    assert stack.count() == 2 and stack.canUndo()
    with qtbot.waitSignal(w.desk.synced, timeout=20000) as pushed:
        w.desk.sync_now()
    assert pushed.args[0][1].pushed == 2
    assert sync(b, cb).pulled >= 2
    theirs = round(mine_before / 1e8 + 9.9, 1) * 1e8

    _pull(qtbot, w, b, cb, MINE, theirs)  # the colleague changes the figure of the analyst's last edit
    qtbot.waitUntil(lambda: model.index(model.row_of(MINE[0]), find_column(model, MINE[1:])).data()
                    == _shown(theirs), timeout=5000)

    assert stack.count() == 2 and stack.canUndo()  # the history survived the pull
    assert w.undo_action.isEnabled()
    failures = []
    w.session.failed.connect(failures.append)
    stack.undo()  # the colleague's figure is not wiped: refused, naming the figure and its value now
    assert _fact_on_disk(path_a, MINE) == theirs
    assert len(failures) == 1
    assert "乐鑫科技" in failures[0] and _shown(theirs) in failures[0] and cb.user in failures[0]
    assert len(shown) == 1 and "乐鑫科技" in shown[0]
    stack.undo()  # the untouched figure is undone
    assert _fact_on_disk(path_a, OTHER) == other_before
    assert model.index(model.row_of(OTHER[0]), find_column(model, OTHER[1:])).data() == _shown(other_before)


# ---------------------------------------------------------------- who the change log names
def test_the_apps_edits_on_a_desk_are_logged_under_the_desk_user(qtbot, two_workstations, settings):
    (path_a, ca), (b, cb) = two_workstations
    w = _open_window(qtbot, settings, path_a)
    model = w.financials_page.model
    before = _fact_on_disk(path_a, OTHER)
    assert model.setData(model.index(model.row_of(OTHER[0]), find_column(model, OTHER[1:])),
                         f"{before / 1e8 + 0.3:.1f}")
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        w.desk.sync_now()
    assert sync(b, cb).pulled >= 1
    # the colleague's workstation names the analyst's desk user for the change
    assert b.history(*OTHER)[-1]["by"] == ca.user
    w.session.undo_stack.undo()
    assert _fact_on_disk(path_a, OTHER) == before
    with sqlite3.connect(path_a) as conn:
        logged = conn.execute(
            "SELECT b.origin, b.by FROM change_log l JOIN change_batches b ON b.id = l.batch_id "
            "WHERE l.entity = 'fact' AND l.key1 = ? AND l.key2 = ? AND l.key3 = ? AND b.origin IN ('edit', 'undo') "
            "ORDER BY l.seq", OTHER).fetchall()
    assert logged == [("edit", ca.user), ("undo", ca.user)]  # and so does this one's own log


# ---------------------------------------------------------------- the note being read
def test_a_pull_keeps_the_note_being_read(qtbot, two_workstations, settings):
    from ui.main_window.pages import NOTES_TAB

    (path_a, ca), (b, cb) = two_workstations
    w = _open_window(qtbot, settings, path_a)
    w.tabs.setCurrentIndex(NOTES_TAB)
    notes = w.notes_view
    assert notes is not None and notes.model.rowCount() >= 3
    notes.table.selectRow(2)
    reading = notes.model.note_at(2)["id"]
    shown = notes.detail.toPlainText()

    _pull(qtbot, w, b, cb, THEIRS, 33.3e8)
    qtbot.wait(200)

    rows = notes.table.selectionModel().selectedRows()
    assert [notes.model.note_at(r.row())["id"] for r in rows] == [reading]
    assert notes.detail.toPlainText() == shown
    _shot(w, "pull_keeps_note")


# ---------------------------------------------------------------- pulls that re-read a whole table
def test_a_company_added_elsewhere_appears_and_the_cell_and_selection_stay(qtbot, two_workstations, settings):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    from workbench.edits import AddCompany, apply_edit

    (path_a, ca), (b, cb) = two_workstations
    w = _open_window(qtbot, settings, path_a)
    w.tabs.setCurrentWidget(w.financials_page)
    page = w.financials_page
    view = page.view
    rows_before = page.model.rowCount()
    at = _proxy_index(page, MINE)
    right = page.proxy.index(at.row(), at.column() + 1)
    view.setCurrentIndex(at)
    view.selectionModel().select(QItemSelection(at, right), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    picked = sorted(_key_of(page, i) for i in view.selectionModel().selectedIndexes())

    apply_edit(b, AddCompany("688981.SH", "中芯国际", segment="AIOT soc"))
    assert sync(b, cb).pushed >= 1
    with qtbot.waitSignal(w.desk.pulled, timeout=20000):
        w.desk.sync_now()

    with sqlite3.connect(path_a) as conn:
        companies = conn.execute("SELECT count(*) FROM companies").fetchone()[0]
    assert companies == rows_before + 1 and page.model.rowCount() == companies
    assert page.model.row_of("688981.SH") is not None
    assert _key_of(page, view.currentIndex()) == (MINE[0], MINE[1:])
    assert sorted(_key_of(page, i) for i in view.selectionModel().selectedIndexes()) == picked


def test_a_quote_changed_elsewhere_keeps_the_quotes_grids_cell(qtbot, two_workstations, settings):
    (path_a, ca), (b, cb) = two_workstations
    w = _open_window(qtbot, settings, path_a)
    w.tabs.setCurrentWidget(w.quotes_page)
    page = w.quotes_page
    model = page.model
    view = page.view
    close_column = model.CLOSE
    mine = page.proxy.index(3, close_column)
    view.setCurrentIndex(mine)
    kept = _key_of(page, mine)
    theirs_row = page.proxy.mapToSource(page.proxy.index(0, close_column)).row()
    index_id, day = model.key_at(theirs_row)
    old = model.value(theirs_row, close_column)
    b.set_quote(index_id, day, round(old + 12.34, 2), b.quotes(index_id, start=day, end=day)[0]["change"])
    assert sync(b, cb).pushed >= 1
    with qtbot.waitSignal(w.desk.pulled, timeout=20000):
        w.desk.sync_now()

    with sqlite3.connect(path_a) as conn:
        stored = conn.execute("SELECT close FROM quotes WHERE index_id = ? AND date = ?", [index_id, day]).fetchone()[0]
    assert stored == pytest.approx(old + 12.34)
    assert model.value(model.row_of((index_id, day)), close_column) == stored
    assert _key_of(page, view.currentIndex()) == kept
