"""Window sizes that suit desk laptops: a default that fits the screen, and the user's geometry remembered.

Each window or dialog calls ``remember_geometry`` once with its settings key and preferred size. The
first time it opens at that size, shrunk to the screen's available area (1280x720 and 1366x768
laptops included); afterwards it reopens where the user left it (QSettings ``geometry/<key>``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QStyle, QWidget

SETTINGS_GROUP = "geometry"


# Room for a window's frame before it is shown (when Qt cannot know it yet): a Windows 10/11 title
# bar is about 31 px and its resize borders 7-8 px; other desktops' frames are no larger.
TITLE_BAR_ALLOWANCE = 32
BORDER_ALLOWANCE = 8


def available_area(widget: QWidget) -> QRect | None:
    """The available area (less taskbars and docks) of the screen ``widget`` is on, or the primary's."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def frame_margins(widget: QWidget) -> QMargins:
    """The room a top-level window's frame takes around its client area: the real frame once shown,
    and never less than the allowance for a title bar and borders (unknown before showing)."""
    geometry, frame = widget.geometry(), widget.frameGeometry()
    title = max(TITLE_BAR_ALLOWANCE, widget.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight))
    return QMargins(max(BORDER_ALLOWANCE, geometry.left() - frame.left()),
                    max(title, geometry.top() - frame.top()),
                    max(BORDER_ALLOWANCE, frame.right() - geometry.right()),
                    max(BORDER_ALLOWANCE, frame.bottom() - geometry.bottom()))


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` x ``height``, or smaller when that with its frame (title bar and
    borders) would not fit the screen's available area: its bottom buttons never hide under a taskbar
    or past the screen's edge. A minimum size still wins."""
    area = available_area(widget)
    if area is not None:
        margins = frame_margins(widget)
        width = min(width, area.width() - margins.left() - margins.right())
        height = min(height, area.height() - margins.top() - margins.bottom())
    widget.resize(max(width, widget.minimumWidth()), max(height, widget.minimumHeight()))


class _GeometryKeeper(QObject):
    """Saves its window's geometry whenever the window is hidden (closed, accepted or rejected)."""

    def __init__(self, widget: QWidget, key: str, settings: QSettings | None):
        super().__init__(widget)
        self.key = key
        self.settings = settings

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Hide and isinstance(watched, QWidget) and watched.isWindow():
            settings = self.settings if self.settings is not None else QSettings()
            settings.setValue(f"{SETTINGS_GROUP}/{self.key}", watched.saveGeometry())
        return False


def remember_geometry(widget: QWidget, key: str, width: int, height: int,
                      settings: QSettings | None = None) -> bool:
    """Restore ``widget``'s saved geometry (True) or fit the default size to the screen (False); save it on hide.

    ``settings`` defaults to the application's own QSettings (organisation and application names).
    """
    store = settings if settings is not None else QSettings()
    saved = store.value(f"{SETTINGS_GROUP}/{key}")
    restored = bool(saved) and widget.restoreGeometry(saved)
    if not restored:
        fit_to_screen(widget, width, height)
    keeper = _GeometryKeeper(widget, key, settings)
    widget.installEventFilter(keeper)
    widget._geometry_keeper = keeper  # lives as long as the widget
    return restored


def scroll_page(page: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """``page`` inside a frameless, resizable scroll area, so a short screen scrolls instead of cutting it off."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(page)
    return area


def reveal(widget: QWidget) -> None:
    """Scroll every scroll area holding ``widget`` so that it is in view."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and parent.widget().isAncestorOf(widget):
            parent.ensureWidgetVisible(widget, 20, 20)
        parent = parent.parentWidget()
