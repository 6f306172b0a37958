"""Settling a desk conflict in the app keeps the undo history of the analyst's own earlier edits, as
a pull does: a step over a row the settlement did not touch still undoes; a step over the settled row
is refused with a message naming it, the settled value kept (never a stale value written back
silently). Against a real PostgreSQL (the desk tests' cluster), two workstations on one desk."""

from __future__ import annotations

import sqlite3

import psycopg  # noqa: F401  (a dependency of the workbench: a broken install fails here, never skips)
import pytest


from ui_testing import find_column
from workbench.desk.sync import sync
from workbench.domain.metrics import format_value
from workbench.store import sync_state

MINE = ("688018.SH", "revenue", "2023A")  # 乐鑫科技: changed here and by the colleague (the conflict)
OTHER = ("688608.SH", "revenue", "2023A")  # 恒玄科技: changed here only
THIRD = ("300493.SZ", "revenue", "2023A")  # 润欣科技: changed here only

pytestmark = pytest.mark.usefixtures("private_password_file")


def _open_window(qtbot, settings, path):
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        assert w.open_store(path)
    # the test says when the desk is asked: no notification, no periodic or delayed sync
    w.desk.stop_listener()
    w.desk.timer.stop()
    w.desk.push_timer.setInterval(3_600_000)
    return w


def _on_disk(path, key):
    """The figure as the store file holds it (read with sqlite3, not through the app)."""
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?", key).fetchone()
    return None if row is None else row[0]


def _type(model, key, amount_yi: float) -> None:
    assert model.setData(model.index(model.row_of(key[0]), find_column(model, key[1:])), f"{amount_yi:.1f}")


def _shown(model, key) -> str:
    return model.index(model.row_of(key[0]), find_column(model, key[1:])).data()


@pytest.fixture
def conflicted(qtbot, two_workstations, settings, monkeypatch):
    """The app's workstation with three edits of its own (OTHER, THIRD, then MINE) and one open
    conflict on MINE, which the colleague changed and pushed first."""
    from PySide6.QtWidgets import QMessageBox

    boxes = []  # the refusal's message box, answered here
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: boxes.append(text))
    (path_a, ca), (b, cb) = two_workstations
    w = _open_window(qtbot, settings, path_a)
    model = w.financials_page.model
    stack = w.session.undo_stack
    before = {k: _on_disk(path_a, k) for k in (MINE, OTHER, THIRD)}
    mine = round(before[MINE] / 1e8 + 0.7, 1)
    _type(model, OTHER, before[OTHER] / 1e8 + 0.5)
    _type(model, THIRD, before[THIRD] / 1e8 + 0.4)
    _type(model, MINE, mine)
    assert stack.count() == 3 and stack.index() == 3
    assert _on_disk(path_a, MINE) == pytest.approx(mine * 1e8)
    theirs = round(before[MINE] / 1e8 + 9.9, 1) * 1e8
    b.set_fact(*MINE, theirs)  # the colleague's change of the same figure reaches the desk first
    assert sync(b, cb).pushed == 1
    with qtbot.waitSignal(w.desk.synced, timeout=20000) as synced:
        w.desk.sync_now()
    assert synced.args[0][1].conflicts == 1
    assert _on_disk(path_a, MINE) == theirs  # the desk's value stays, mine is kept in the conflict
    assert stack.count() == 3  # the sync kept the history (a pull does)
    failures = []
    w.session.failed.connect(failures.append)
    return w, path_a, before, mine * 1e8, theirs, failures, boxes


def _settle(qtbot, w, keep: str):
    view = w.desk.show_conflicts()
    assert view.table.rowCount() == 1
    assert view.settle(keep)
    assert view.table.rowCount() == 0
    qtbot.waitUntil(lambda: not w.desk.queue.busy, timeout=20000)  # the sync settling starts


def test_keep_mine_keeps_the_undo_of_earlier_edits_and_refuses_the_settled_figure(qtbot, conflicted):
    w, path_a, before, mine, theirs, failures, boxes = conflicted
    model = w.financials_page.model
    stack = w.session.undo_stack

    _settle(qtbot, w, "mine")

    assert _on_disk(path_a, MINE) == pytest.approx(mine)  # the settlement wrote mine back
    assert stack.count() == 3 and w.undo_action.isEnabled()  # the history survived the settlement
    conflict_id = sync_state.conflicts(w.session.store, open_only=False)[0]["id"]
    stack.undo()  # MINE's step: the settlement rewrote that figure, so it is refused, by name
    assert _on_disk(path_a, MINE) == pytest.approx(mine)  # never the value from before the edit
    assert len(failures) == 1 and "乐鑫科技" in failures[0]
    assert f"#{conflict_id}" in failures[0] and format_value("amount", mine) in failures[0]
    assert stack.count() == 2  # the refused step is dropped
    assert len(boxes) == 1 and "乐鑫科技" in boxes[0]
    assert "nothing was undone" not in boxes[0]  # the Chinese UI's box reads Chinese only
    stack.undo()  # THIRD's step touches nothing the settlement changed: undone
    assert _on_disk(path_a, THIRD) == before[THIRD]
    stack.undo()  # and OTHER's
    assert _on_disk(path_a, OTHER) == before[OTHER]
    assert _shown(model, OTHER) == format_value("amount", before[OTHER])
    assert len(failures) == 1


def test_keep_theirs_keeps_the_undo_of_earlier_edits_and_never_writes_over_the_desks_value(qtbot, conflicted):
    w, path_a, before, mine, theirs, failures, boxes = conflicted
    stack = w.session.undo_stack

    _settle(qtbot, w, "theirs")

    assert _on_disk(path_a, MINE) == theirs
    assert stack.canUndo()
    stack.undo()  # MINE's step would put back the value from before the analyst's edit: refused
    assert _on_disk(path_a, MINE) == theirs
    assert len(failures) == 1 and "乐鑫科技" in failures[0]
    assert format_value("amount", theirs) in failures[0]  # the desk's value, named as it stands
    stack.undo()
    stack.undo()
    assert _on_disk(path_a, THIRD) == before[THIRD] and _on_disk(path_a, OTHER) == before[OTHER]


def test_a_settlement_made_while_a_cell_is_typed_in_keeps_the_editor_and_shows_after(qtbot, conflicted):
    """The controller's settle (what the view's buttons call) never closes a cell editor: the settled
    figure shows once it is closed, as after a pull. (Clicking the view's button itself makes the view
    the active window, and Qt commits the cell then.)"""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit

    w, path_a, before, mine, theirs, failures, boxes = conflicted
    [conflict] = sync_state.conflicts(w.session.store)
    w.tabs.setCurrentWidget(w.financials_page)
    page = w.financials_page
    grid = page.view
    model = page.model
    at = page.proxy.mapFromSource(model.index(model.row_of(THIRD[0]), find_column(model, THIRD[1:])))
    grid.setFocus()
    grid.setCurrentIndex(at)
    grid.edit(at)
    [editor] = [e for e in grid.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    typed = f"{before[THIRD] / 1e8 + 2.2:.1f}"
    qtbot.keyClicks(editor, typed)

    assert w.desk.resolve(conflict["id"], "mine") is None
    qtbot.wait(200)  # whatever settling does to the window happens in these turns of the event loop

    assert grid.state() == QAbstractItemView.State.EditingState
    assert editor.isVisible() and editor.text() == typed  # the typed value is not lost
    assert _on_disk(path_a, MINE) == pytest.approx(mine)
    assert _shown(model, MINE) == format_value("amount", theirs)  # not shown yet: the editor is open
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert _on_disk(path_a, THIRD) == pytest.approx(float(typed) * 1e8)
    # once the editor is closed the grid shows the settled figure
    qtbot.waitUntil(lambda: _shown(model, MINE) == format_value("amount", mine), timeout=5000)
    assert w.session.undo_stack.count() == 4  # the three edits and the one just typed
