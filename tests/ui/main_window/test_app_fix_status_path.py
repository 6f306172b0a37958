"""A store in a deep folder leaves the status bar's messages room: the path is elided in the middle to a
bounded width (the whole path in its tooltip and its text), and the line an undo leaves (已撤销：…) is
drawn in full beside it on a 1280-pixel window."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QApplication, QSizeGrip
from ui_testing import find_column

DEEP = ("研究所共享资料", "2024年度", "电子行业周报", "先进科技主题周报工作目录", "备份与归档")


@pytest.fixture
def long_path(tmp_path, demo_path):
    folder = tmp_path.joinpath(*DEEP)
    folder.mkdir(parents=True)
    path = folder / "先进科技主题周报_工作数据库.sqlite"
    shutil.copy(demo_path, path)
    return path


@pytest.fixture
def narrow_window(qtbot, long_path, settings, confirmations):
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    assert w.open_store(long_path)
    QApplication.processEvents()
    return w


def message_room(bar) -> int:
    """The width QStatusBar leaves its message: from its left margin to the first permanent widget shown."""
    shown = [c for c in bar.children() if hasattr(c, "isVisible") and c.isWidgetType() and c.isVisible()
             and not isinstance(c, QSizeGrip) and c.parent() is bar]
    left_edge = min((c.x() for c in shown), default=bar.width())
    return left_edge - 2 - 6


def test_the_path_is_elided_in_the_middle_with_the_whole_path_in_its_tooltip(narrow_window, long_path):
    w = narrow_window
    label = w.path_label
    full = str(long_path)
    assert label.text() == full and label.toolTip() == full
    fm = label.fontMetrics()
    assert fm.horizontalAdvance(full) > label.width()  # the whole path would not fit: it is elided
    assert label.width() <= w.width() // 3
    shown = label.shown_text()
    assert "…" in shown
    head, tail = shown.split("…", 1)
    assert head and tail and full.startswith(head) and full.endswith(tail)  # the start and the file name's end
    assert long_path.name[-8:] in tail
    assert fm.horizontalAdvance(shown) <= label.contentsRect().width()


def test_the_undo_line_is_drawn_beside_a_long_path(narrow_window, qtbot, tmp_path):
    w = narrow_window
    page = w.financials_page
    w.tabs.setCurrentWidget(page)
    model = page.model
    col = find_column(model, ("pe", "2025E"))
    assert model.setData(model.index(0, col), "30.5")
    w.undo_action.trigger()
    QApplication.processEvents()
    bar = w.statusBar()
    message = bar.currentMessage()
    assert message  # the undo says what it took back
    assert w.saved_label.text() and w.counts_label.isVisible()
    needed = bar.fontMetrics().horizontalAdvance(message)
    assert message_room(bar) >= needed, (message_room(bar), needed)
    # and it is really on screen: the strip where the message is drawn changes when it goes
    shot = bar.grab()
    w.grab().save(str(tmp_path / "status_undo.png"))
    bar.clearMessage()
    QApplication.processEvents()
    cleared = bar.grab()
    strip = range(6, 6 + needed)
    differ = sum(shot.toImage().pixel(x, y) != cleared.toImage().pixel(x, y)
                 for x in strip for y in range(0, shot.height(), 2))
    assert differ > needed // 4
