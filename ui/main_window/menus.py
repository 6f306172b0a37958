"""The main window's menu bar, toolbar and status bar, and the list of recent stores."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMenu

translate = QCoreApplication.translate

MAX_RECENT = 8
STORE_FILTER = "*.sqlite *.db"


def build_menus(w) -> None:
    """File, Edit, View and Help, from the window's actions (actions.py) and its desk's."""
    bar = w.menuBar()
    file_menu = bar.addMenu(translate("MainWindow", "&File"))
    file_menu.addAction(w.new_action)
    file_menu.addAction(w.open_action)
    w.recent_menu = file_menu.addMenu(translate("MainWindow", "Recent &Stores"))
    w.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(w))
    for action in (None, w.new_issue_action, w.first_issue_action, None, w.import_action, w.export_action, w.record_action, None,
                   w.backup_action, w.restore_action, None, w.desk.connect_action, w.desk.sync_action, None, w.quit_action):
        file_menu.addSeparator() if action is None else file_menu.addAction(action)
    edit_menu = bar.addMenu(translate("MainWindow", "&Edit"))
    for action in (w.undo_action, w.redo_action, None, w.cut_action, w.copy_action, w.copy_with_headers_action,
                   w.paste_action, w.delete_action, None, w.add_company_action, None, w.show_notes_action,
                   w.new_note_action, w.provenance_action, None, w.find_action, None, w.house_action,
                   w.settings_action):
        edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
    view_menu = bar.addMenu(translate("MainWindow", "&View"))
    for action in w.view_actions:
        view_menu.addAction(action)
    view_menu.addSeparator()
    view_menu.addAction(w.charts_action)
    w.toolbar_menu_slot = view_menu
    for action in (None, w.all_columns_action, w.report_order_action, None, w.reload_action,
                   w.desk.conflicts_action):
        view_menu.addSeparator() if action is None else view_menu.addAction(action)
    for action, key in ((w.desk.connect_action, "Ctrl+Alt+D"), (w.desk.conflicts_action, "Ctrl+Alt+C")):
        if action.shortcut().isEmpty():  # every menu command has a shortcut shown beside it
            action.setShortcuts([QKeySequence(key)])
    help_menu = bar.addMenu(translate("MainWindow", "&Help"))
    for action in (w.guide_action, w.show_welcome_action, None, w.about_action, w.about_qt_action):
        help_menu.addSeparator() if action is None else help_menu.addAction(action)
    # the desk's own menu: in the menu bar (before Help) only while the store belongs to a desk
    desk_menu = QMenu(translate("MainWindow", "&Desk Server"), w)
    desk_menu.addAction(w.desk.switch_user_action)
    w.desk.set_menu(desk_menu, before=help_menu.menuAction())
    fill_recent_menu(w)


def build_toolbar(w) -> None:
    """The main toolbar; its show/hide toggle goes into the View menu."""
    toolbar = w.addToolBar(translate("MainWindow", "Main toolbar"))
    toolbar.setObjectName("main_toolbar")
    toolbar.setIconSize(QSize(20, 20))
    toolbar.setMovable(False)
    for action in (w.open_action, w.import_action, w.export_action, w.new_issue_action, None,
                   w.undo_action, w.redo_action, None, w.copy_action, w.paste_action,
                   w.delete_action, w.add_company_action, None, w.show_notes_action, w.find_action,
                   w.charts_action):
        toolbar.addSeparator() if action is None else toolbar.addAction(action)
    for action in (w.copy_action, w.paste_action, w.delete_action, w.find_action):
        toolbar.widgetForAction(action).setObjectName("icon_only")
    w.toolbar = toolbar
    toggle = toolbar.toggleViewAction()
    toggle.setText(translate("MainWindow", "&Toolbar"))
    toggle.setShortcuts([QKeySequence("Ctrl+Alt+T")])
    w.toolbar_menu_slot.insertAction(w.all_columns_action, toggle)


class PathLabel(QLabel):
    """The store's path in the status bar, elided in the middle to a bounded width, so a store in a deep
    folder leaves the status bar's messages (已撤销：…, an import's result) their room; ``text()`` and
    the tooltip (set by the window) keep the whole path, the start and the file name stay in view."""

    MAX_CHARACTERS = 26  # wide (CJK) characters: about a third of a 1280-pixel window

    def __init__(self, parent=None):
        super().__init__(parent)
        self._full = ""

    def setText(self, text: str) -> None:
        self._full = text or ""
        self._elide()
        self.updateGeometry()

    def text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        """The path as drawn: elided in the middle when the label is narrower than the path."""
        return super().text()

    def _max_width(self) -> int:
        margins = self.contentsMargins()
        return self.fontMetrics().horizontalAdvance("中") * self.MAX_CHARACTERS + margins.left() + margins.right()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right() + 2
        return QSize(min(width, self._max_width()), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance("…" + self._full[-12:]) + margins.left() + margins.right()
        return QSize(min(width, self.sizeHint().width()), super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle,
                                              max(0, self.contentsRect().width()))
        if shown != super().text():
            super().setText(shown)


def build_status_bar(w) -> None:
    """The store's path, its counts, the save state, and the demo and read-only marks."""
    status = w.statusBar()
    w.path_label = PathLabel(w)
    w.counts_label = QLabel(w)
    w.saved_label = QLabel(w)
    for label in (w.path_label, w.counts_label, w.saved_label):
        label.setContentsMargins(8, 0, 8, 0)
        status.addPermanentWidget(label)
    w.path_label.setObjectName("store_path")
    w.demo_label = QLabel(translate("MainWindow", "Demo store"), w)
    w.demo_label.setToolTip(translate("MainWindow", "This store holds the demo issue and its data; import your own "
                                                    "data or open your store (File → Open Store)"))
    w.demo_label.setStyleSheet("background: #fff4dc; color: #8a5a00; border: 1px solid #f0c36d;"
                               "border-radius: 3px; padding: 0 6px; font-weight: bold;")
    w.demo_label.hide()
    status.insertPermanentWidget(0, w.demo_label)
    w.read_only_label = QLabel(translate("MainWindow", "Read-only"), w)
    w.read_only_label.setToolTip(translate("MainWindow", "The store's file or folder is not writable: you can read "
                                                         "and export, but not edit or import"))
    w.read_only_label.setStyleSheet("background: #eeeeee; color: #444444; border: 1px solid #aaaaaa;"
                                    "border-radius: 3px; padding: 0 6px; font-weight: bold;")
    w.read_only_label.hide()
    status.insertPermanentWidget(0, w.read_only_label)


# ---------------------------------------------------------------------- recent stores
def recent_stores(settings) -> list[str]:
    value = settings.value("recent_stores", [])
    if isinstance(value, str):
        value = [value]
    return [v for v in (value or []) if v]


def add_recent(settings, path: Path) -> None:
    items = [str(path)] + [p for p in recent_stores(settings) if p != str(path)]
    settings.setValue("recent_stores", items[:MAX_RECENT])


def fill_recent_menu(w) -> None:
    menu = w.recent_menu
    menu.clear()
    recent = recent_stores(w.settings)
    for p in recent:
        action = menu.addAction(p)
        action.triggered.connect(lambda checked=False, p=p: w.open_store(p))
        action.setEnabled(Path(p).exists())
    if not recent:
        menu.addAction(translate("MainWindow", "(none)")).setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction(translate("MainWindow", "Clear List"), lambda: w.settings.setValue("recent_stores", []))


__all__ = ["MAX_RECENT", "STORE_FILTER", "PathLabel", "add_recent", "build_menus", "build_status_bar", "build_toolbar",
           "fill_recent_menu", "recent_stores"]
