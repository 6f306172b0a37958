"""A window's first size leaves room for its frame: on a 1366x768 laptop with a taskbar, the title bar
and the window's bottom edge (its buttons) both stay on the screen's available area."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QStyle, QWidget

import ui.common.geometry as geometry

AVAILABLE = QRect(0, 0, 1366, 728)  # 1366x768 less a 40 px taskbar


@pytest.fixture
def small_screen(monkeypatch):
    monkeypatch.setattr(geometry, "available_area", lambda widget: QRect(AVAILABLE))
    return AVAILABLE


def test_a_big_window_fits_with_its_title_bar(qtbot, small_screen):
    w = QWidget()
    qtbot.addWidget(w)
    geometry.fit_to_screen(w, 1400, 900)
    title = QApplication.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
    assert w.height() + title <= small_screen.height()
    assert w.width() < small_screen.width()
    margins = geometry.frame_margins(w)
    assert w.height() + margins.top() + margins.bottom() <= small_screen.height()
    assert w.width() + margins.left() + margins.right() <= small_screen.width()


def test_a_shown_window_s_real_frame_counts(qtbot, small_screen):
    w = QWidget()
    qtbot.addWidget(w)
    w.resize(300, 200)
    w.show()
    qtbot.waitExposed(w)
    real = w.frameGeometry().height() - w.geometry().height()
    margins = geometry.frame_margins(w)
    assert margins.top() + margins.bottom() >= real
    geometry.fit_to_screen(w, 2000, 2000)
    assert w.frameGeometry().height() <= small_screen.height()


def test_a_small_window_keeps_its_size(qtbot, small_screen):
    w = QWidget()
    qtbot.addWidget(w)
    geometry.fit_to_screen(w, 640, 480)
    assert (w.width(), w.height()) == (640, 480)


def test_a_minimum_size_still_wins(qtbot, small_screen):
    w = QWidget()
    qtbot.addWidget(w)
    w.setMinimumSize(200, 720)  # a window that cannot be smaller is not made smaller
    geometry.fit_to_screen(w, 1400, 900)
    assert w.height() == 720
