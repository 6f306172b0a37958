"""The main window on a joined store and the editor of a draft this workstation holds, in the Chinese UI
on a 1366x768 laptop and a 1920x1080 screen: the desk's part of the status bar shows whole (state, last
sync, changes to push, conflicts) beside the store's, every toolbar command is on the bar (none pushed
into its overflow), the lease banner shows all its lines, and a sync the user starts says so in the
status bar without pushing anything out of it. Screenshots go to $WORKBENCH_SHOTS/screens for a person
to look at; the tests check geometry and texts, never pixels. Against a real PostgreSQL."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import psycopg  # noqa: F401  (a dependency of the workbench: a broken install fails here, never skips)
import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QToolBar, QToolButton


SHOTS = Path(os.environ.get("WORKBENCH_SHOTS", "/tmp/workbench-desk-shots")) / "screens"
SCREENS = {"1366x768": QRect(0, 0, 1366, 728), "1920x1080": QRect(0, 0, 1920, 1040)}  # less a taskbar

pytestmark = pytest.mark.usefixtures("private_password_file")


def _shot(widget, size: str, name: str) -> None:
    folder = SHOTS / size
    folder.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(folder / f"{name}.png"))


@pytest.fixture(params=sorted(SCREENS))
def screen(request, monkeypatch):
    import ui.common.geometry as geometry

    area = SCREENS[request.param]
    monkeypatch.setattr(geometry, "available_area", lambda widget: QRect(area))
    return request.param, area


def _inside(child, window) -> bool:
    """The child is shown and lies wholly inside the window's visible area."""
    if not child.isVisibleTo(window):
        return False
    top_left = child.mapTo(window, child.rect().topLeft())
    return window.rect().contains(QRect(top_left, child.size()))


def _whole(label) -> bool:
    text = re.sub("<[^>]+>", "", label.text())
    return label.fontMetrics().horizontalAdvance(text) <= label.contentsRect().width() + 1


def _status_whole(w, chinese: bool = True) -> None:
    widget = w.desk.status_widget
    assert _inside(widget, w)
    for part in (widget.state_label, widget.pending_label, widget.conflicts_button):
        assert _inside(part, w), part
    assert _whole(widget.state_label) and _whole(widget.pending_label)
    assert widget.conflicts_button.width() >= widget.conflicts_button.sizeHint().width()
    assert widget.sync_label.text() == widget.sync_label.whole_text()  # the last sync whole, not cut
    if chinese:
        assert not re.search(r"[A-Za-z]{3,}", widget.text()), widget.text()


def _toolbar_whole(window) -> None:
    for bar in window.findChildren(QToolBar):
        if not bar.isVisibleTo(window):
            continue
        for action in bar.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            button = bar.widgetForAction(action)
            assert button is not None and button.isVisibleTo(bar), action.text()  # not in the overflow
            assert QRect(0, 0, bar.width(), bar.height()).contains(button.geometry()), action.text()
            if isinstance(button, QToolButton):
                assert button.width() >= button.sizeHint().width() - 1, action.text()


def test_the_main_window_on_a_joined_store_shows_the_desk_status_whole(qtbot, settings, two_workstations, screen,
                                                                       monkeypatch):
    import ui.desk.controller as controller
    from ui.main_window import MainWindow

    size, area = screen
    (path_a, ca), (b, cb) = two_workstations
    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.resize(area.width(), area.height())
    w.show()
    with qtbot.waitSignal(w.desk.synced, timeout=30000):
        assert w.open_store(path_a)
    w.desk.stop_listener()
    w.desk.timer.stop()
    qtbot.wait(100)
    assert w.width() <= area.width() and w.height() <= area.height()
    _shot(w, size, "main_window_joined")
    assert w.desk.status_widget.state == "online"
    _status_whole(w)
    _toolbar_whole(w)

    # a sync the user starts: said at once, and the status bar keeps every part whole meanwhile
    real, gate = controller._sync_job, threading.Event()
    monkeypatch.setattr(controller, "_sync_job", lambda store, progress: (gate.wait(30), real(store, progress))[1])
    try:
        w.desk.sync_action.trigger()
        qtbot.wait(50)
        assert w.desk.status_widget.state == "syncing"
        _shot(w, size, "main_window_syncing")
        _status_whole(w, chinese=False)  # (正在同步…: the new words' translation is the translators')
    finally:
        with qtbot.waitSignal(w.desk.synced, timeout=30000):
            gate.set()


def test_the_editor_of_a_draft_held_here_shows_its_banner_and_commands_whole(qtbot, settings, two_workstations,
                                                                             screen):
    from ui.main_window import MainWindow

    size, area = screen
    (path_a, ca), (b, cb) = two_workstations
    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.resize(area.width(), area.height())
    w.show()
    with qtbot.waitSignal(w.desk.synced, timeout=30000):
        assert w.open_store(path_a)
    w.desk.stop_listener()
    w.desk.timer.stop()
    issue_id = w.session.store.issue("latest").id
    editor = w.open_issue_editor(issue_id)
    lease = w.desk.leases[issue_id]
    qtbot.waitUntil(lambda: lease.state == "mine", timeout=20000)
    top = editor.window()
    qtbot.wait(100)
    assert top.width() <= area.width() and top.height() <= area.height()
    _shot(top, size, "editor_lease_mine")
    assert not editor.read_only and editor.save_action.isEnabled()
    banner = lease.banner
    assert _inside(banner, top)
    assert banner.height() >= banner.heightForWidth(banner.width())  # every line of it shown
    assert not re.search(r"[A-Za-z]{3,}", banner.text()), banner.text()
    _toolbar_whole(top)
