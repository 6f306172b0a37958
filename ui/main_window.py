"""The main window: Companies, Financials, Index quotes and Issues views, charts, menus, status bar."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QPointF, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import (QAction, QActionGroup, QColor, QIcon, QKeySequence, QPainter, QPainterPath, QPen, QPixmap,
                           QUndoGroup)
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QFileDialog, QLabel, QLineEdit, QMainWindow,
                               QMessageBox, QPlainTextEdit, QSplitter, QTabWidget, QTextEdit, QVBoxLayout, QWidget)

from shiboken6 import isValid

from workbench.paths import resource

MAX_RECENT = 8
MIN_CHART_QUOTES = 20  # an index needs more daily closes than this to carry the one-year cover chart
STORE_FILTER = "*.sqlite *.db"

# PySide builds its whole ``Qt`` enum namespace (about 12 ms) the first time Python touches a Qt
# enum. The window's first paint does not wait for it: the few enum-typed properties the start-up
# needs are set by name in this style sheet (applied in C++), and later code uses the lazy ``Qt``.
START_STYLE = """
QLabel#placeholder { color: #888888; qproperty-alignment: AlignCenter; }
QSplitter#main { qproperty-orientation: Vertical; }
QToolBar#main_toolbar { qproperty-toolButtonStyle: ToolButtonTextBesideIcon; }
QToolButton#icon_only { qproperty-toolButtonStyle: ToolButtonIconOnly; }
QLabel#store_path { qproperty-textInteractionFlags: TextSelectableByMouse; }
"""


class _LazyQt:
    """``PySide6.QtCore.Qt``, fetched when first used."""

    def __getattr__(self, name):
        from PySide6.QtCore import Qt as real

        return getattr(real, name)


Qt = _LazyQt()


def _placeholder(text: str, parent) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("placeholder")
    return label


def icon(name: str) -> QIcon:
    """A toolbar icon: PNG rendered from resources/icons/<name>.svg, with its @2x twin for HiDPI.

    (PNG needs no image plugin, which keeps the SVG engine off the start-up path.)
    """
    return QIcon(str(resource("icons", f"{name}.png")))


# Line drawings on a 24-unit grid, in the style of resources/icons/*.svg: lists of polylines.
NEXT_WEEK_PATHS = [[(6, 3), (14, 3), (18, 7), (18, 11)], [(18, 17), (18, 21), (6, 21), (6, 3)],
                   [(14, 3), (14, 7), (18, 7)], [(9, 14), (21, 14)], [(18, 11), (21, 14), (18, 17)]]
NOTES_PATHS = [[(6, 3), (18, 3), (18, 21), (6, 21), (6, 3)], [(9, 8), (15, 8)], [(9, 12), (15, 12)], [(9, 16), (13, 16)]]
NEW_NOTE_PATHS = [[(14, 21), (6, 21), (6, 3), (18, 3), (18, 13)], [(9, 8), (15, 8)], [(9, 12), (13, 12)],
                  [(18, 16), (18, 22)], [(15, 19), (21, 19)]]
LINE_COLOUR = "#37474F"


def line_icon(paths: list[list[tuple[float, float]]]) -> QIcon:
    """An icon drawn from polylines, at 1x and 2x (the bundled icons are drawn the same way in SVG)."""
    from PySide6.QtCore import Qt as real_qt

    result = QIcon()
    for size, ratio in ((20, 1.0), (40, 2.0)):
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(size / 24, size / 24)
        pen = QPen(QColor(LINE_COLOUR), 1.8)
        pen.setCapStyle(real_qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(real_qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for line in paths:
            path = QPainterPath(QPointF(*line[0]))
            for point in line[1:]:
                path.lineTo(QPointF(*point))
            painter.drawPath(path)
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        result.addPixmap(pixmap)
    return result


def _ask_confirm(parent, title: str, text: str) -> bool:
    from ui.table_view import ask_confirm

    return ask_confirm(parent, title, text)


def _choose_index(parent, title: str, label: str, choices: list[tuple[int, str]]) -> int | None:
    """The default index picker: a list of index names; None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    names = [name for _, name in choices]
    name, ok = QInputDialog.getItem(parent, title, label, names, 0, False)
    return dict((n, i) for i, n in choices).get(name) if ok else None


def app_settings() -> QSettings:
    from ui.common.settings import settings

    return settings()


class MainWindow(QMainWindow):
    """The workbench's window over one store file."""

    first_painted = Signal()  # once, after the window's first paint
    store_opened = Signal(str)
    charts_ready = Signal()
    export_done = Signal(object)  # the ExportResult, or the exception that stopped the export
    table_export_done = Signal(object)  # the workbook's Path, or the exception that stopped it
    issue_created = Signal(int)  # a draft copied forward from last week's issue
    backup_done = Signal(object)  # the backup's Path, or the exception that stopped it

    def __init__(self, *, settings: QSettings | None = None, confirm=None, ask_save=None):
        super().__init__()
        self.settings = settings or app_settings()
        self.confirm = confirm or _ask_confirm
        self.choose_index = _choose_index  # (parent, title, label, [(id, name)]) -> id or None; injectable
        self.ask_save = ask_save  # the editors' Save / Discard / Cancel question (None: the real box)
        self._saved_text = ""
        self.session = None
        self.charts = None
        self._charts_pending = False
        self._painted = False
        self.setWindowIcon(icon("workbench"))
        self.setStyleSheet(START_STYLE)
        self.undo_group = QUndoGroup(self)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # The views are built with the first store, after the window's first paint: their modules
        # (models, grid, issue reader) then load off the start-up path.
        self.companies_page = self.financials_page = self.quotes_page = self.issues_page = None
        for title in (self.tr("Companies"), self.tr("Financials"), self.tr("Index quotes"), self.tr("Issues"),
                      self.tr("Notes")):
            self.tabs.addTab(_placeholder(self.tr("Opening the store…"), self.tabs), title)
        self.notes_view = None  # built when its tab is first shown
        self._diff_view = None
        self._guide = None
        self.editors: dict[int, QWidget] = {}
        # The chart area under the views; pyqtgraph loads into it after the tables are filled.
        self.chart_area = QWidget(self)
        chart_box = QVBoxLayout(self.chart_area)
        chart_box.setContentsMargins(0, 0, 0, 0)
        chart_box.addWidget(_placeholder(self.tr("Loading charts…"), self.chart_area))
        self.splitter = QSplitter()  # parented by setCentralWidget; QSplitter(self) would touch Qt enums
        self.splitter.setObjectName("main")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.chart_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        central = QWidget(self)  # the welcome panel (ui/welcome.py) goes above the views
        self.central_box = QVBoxLayout(central)
        self.central_box.setContentsMargins(0, 0, 0, 0)
        self.central_box.setSpacing(4)
        self.central_box.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        from ui.desk.controller import DeskController

        self.desk = DeskController(self)  # the desk server: its actions and status show once a store joined one
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._build_welcome()
        self._charts_stale: set[str] = set()
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(0)
        self._counts_timer.timeout.connect(self._refresh_after_change)
        self.undo_group.cleanChanged.connect(self._on_undo_clean_changed)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._restore_window()
        self._update_title()
        self._update_actions()

    # ------------------------------------------------------------------ construction
    def _build_pages(self) -> None:
        """Create the four views in place of their placeholders (once)."""
        if self.companies_page is not None:
            return
        from ui.issues_view import IssuesPage
        from ui.table_view import TablePage

        current = self.tabs.currentIndex()
        self.companies_page = TablePage("companies", self, filter_hint=self.tr("Filter by ticker, name, segment…"))
        self.financials_page = TablePage("financials", self, grouped_header=True,
                                         filter_hint=self.tr("Filter by ticker, name, segment…"))
        self.quotes_page = TablePage("quotes", self, group_label=self.tr("All indices"),
                                     filter_hint=self.tr("Filter by index, code, date…"))
        self.issues_page = IssuesPage(self)
        self.tabs.blockSignals(True)
        for i, page in enumerate((self.companies_page, self.financials_page, self.quotes_page, self.issues_page)):
            title = self.tabs.tabText(i)
            old = self.tabs.widget(i)
            self.tabs.removeTab(i)
            self.tabs.insertTab(i, page, title)
            old.deleteLater()
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        for page in self.table_pages():
            page.view.confirm = lambda parent, title, text: self.confirm(parent, title, text)
            page.message.connect(self._show_message)
        for page in (self.companies_page, self.financials_page):
            page.current_key_changed.connect(self._on_company_selected)
        self.issues_page.edit_requested.connect(self.open_issue_editor)
        self.issues_page.compare_requested.connect(self.open_diff_view)
        self.issues_page.compare_previous_requested.connect(self.open_diff_view)
        self.issues_page.new_issue_requested.connect(self.new_issue_from_last_week)
        self.issues_page.export_requested.connect(self.export_pdf)
        self.issues_page.export_table_requested.connect(self.export_table_xlsx)
        self.issues_page.record_requested.connect(self.export_record)
        self.issues_page.export_action.setIcon(self.export_action.icon())
        for page in (self.companies_page, self.financials_page):
            page.current_key_changed.connect(self._update_company_actions)
            page.context_actions = [self.show_notes_action, self.new_note_action, None, self.copy_action,
                                    self.copy_with_headers_action, self.paste_action, self.delete_action]
        self.financials_page.context_actions = [self.provenance_action, None] + self.financials_page.context_actions
        self.quotes_page.context_actions = [self.set_benchmark_action, self.set_index_code_action,
                                            self.merge_index_action, None, self.copy_action,
                                            self.copy_with_headers_action, self.paste_action, self.delete_action]
        self.quotes_page.current_key_changed.connect(self._update_benchmark_action)
        self._set_drawn_icons()
        splitter = self.settings.value("issues/splitter")
        if splitter is not None:
            self.issues_page.splitter.restoreState(splitter)

    def table_pages(self) -> list:
        if self.companies_page is None:
            return []
        return [self.companies_page, self.financials_page, self.quotes_page, self.issues_page.list_page]

    def _action(self, text: str, slot, shortcut=None, icon_name: str | None = None, tip: str | None = None,
                icon_text: str | None = None) -> QAction:
        action = QAction(text, self)
        if icon_text:
            action.setIconText(icon_text)  # toolbar text without the menu's mnemonic
        if icon_name:
            action.setIcon(icon(icon_name))
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every platform binding of the standard key
        elif shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut)])  # (setShortcut() would build PySide's Qt enums)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.new_action = self._action(self.tr("&New Store…"), self.new_store, K.New, "new",
                                       self.tr("Create an empty store file"))
        self.open_action = self._action(self.tr("&Open Store…"), self.open_store_dialog, K.Open, "open",
                                        self.tr("Open a store file"), self.tr("Open"))
        self.import_action = self._action(self.tr("&Import…"), self.import_files, "Ctrl+I", "import",
                                          self.tr("Import Wind/iFinD/Excel/CSV files"), self.tr("Import"))
        self.export_action = self._action(self.tr("&Export PDF…"), self.export_pdf, "Ctrl+Shift+E", "export-pdf",
                                          self.tr("Export the selected (or latest) issue as PDF"),
                                          self.tr("Export PDF"))
        self.new_issue_action = self._action(
            self.tr("New Issue from Last &Week"), self.new_issue_from_last_week, "Ctrl+Alt+W",
            tip=self.tr("Copy the latest issue forward a week as a new draft and open it in the editor"),
            icon_text=self.tr("New Issue from Last Week"))
        self.record_action = self._action(
            self.tr("Export Publication &Record…"), self.export_record, "Ctrl+Shift+R",
            tip=self.tr("Write the selected issue's publication record (every published PDF, its data snapshot and "
                        "text, the status log, a SHA-256 manifest) into a folder"))
        self.backup_action = self._action(self.tr("&Back Up Store…"), self.backup_store, "Ctrl+Shift+B",
                                          tip=self.tr("Copy the whole store to another file while it stays open"))
        self.quit_action = self._action(self.tr("&Quit"), self.close, "Ctrl+Q")  # K.Quit is empty on Windows
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo_action = self.undo_group.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcuts(K.Undo)
        self.undo_action.setIcon(icon("undo"))
        self.undo_action.setIconText(self.tr("Undo"))
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts(K.Redo)
        self.redo_action.setIcon(icon("redo"))
        self.redo_action.setIconText(self.tr("Redo"))
        self.cut_action = self._action(self.tr("Cu&t"), self.cut, K.Cut, "cut")
        self.copy_action = self._action(self.tr("&Copy"), self.copy, K.Copy, "copy",
                                        self.tr("Copy the selected cells as tab-separated text, as Excel does"))
        self.copy_with_headers_action = self._action(
            self.tr("Copy with &Headers"), self.copy_with_headers, "Ctrl+Shift+C",
            tip=self.tr("Copy the selected cells with their column headers as the first row"))
        self.paste_action = self._action(self.tr("&Paste"), self.paste, K.Paste, "paste",
                                         self.tr("Paste tab-separated text from Excel or WPS over the selection"))
        self.delete_action = self._action(self.tr("&Delete"), self.delete, K.Delete, "delete",
                                          self.tr("Delete the selected companies, values or quotes"))
        self.add_company_action = self._action(self.tr("&Add Company…"), self.add_company_dialog, "Ctrl+Shift+N",
                                               "add-company", self.tr("Add a company to the store"),
                                               self.tr("Add Company"))
        self.provenance_action = self._action(
            self.tr("Where Is This &From…"), self.show_provenance, "Ctrl+Shift+Y",
            tip=self.tr("Where the selected figure came from: the file, sheet, row and column it was imported from, "
                        "or who edited it and when, with every earlier value"))
        self.find_action = self._action(self.tr("&Find"), self.find, K.Find, "find",
                                        self.tr("Filter the current table"))
        self.show_notes_action = self._action(
            self.tr("Show &Notes"), self.show_notes, "Ctrl+Shift+O",
            tip=self.tr("Show the notes about the selected company in the Notes tab"), icon_text=self.tr("Show Notes"))
        self.new_note_action = self._action(self.tr("New Note for This &Company…"), self.new_note_for_company,
                                            "Ctrl+Alt+N",
                                            tip=self.tr("Write a note about the selected company"))
        self.house_action = self._action(self.tr("&House Profile…"), self.show_house_profile, "Ctrl+Alt+H",
                                         tip=self.tr("The house's name, licence, ratings and report texts"))
        self.settings_action = self._action(self.tr("&Settings…"), self.show_settings, "Ctrl+,", "settings")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)

        self.view_group = QActionGroup(self)
        self.view_actions = []
        for i, name in enumerate((self.tr("&Companies"), self.tr("&Financials"), self.tr("Index &Quotes"),
                                  self.tr("&Issues"), self.tr("&Notes"))):
            action = self._action(name, lambda i=i: self.tabs.setCurrentIndex(i), f"Ctrl+{i + 1}")
            action.setCheckable(True)
            self.view_group.addAction(action)
            self.view_actions.append(action)
        self.view_actions[0].setChecked(True)
        self.charts_action = self._action(self.tr("C&harts"), self._on_charts_toggled, "Ctrl+Shift+H",
                                          tip=self.tr("Show or hide the charts"))
        self.charts_action.setCheckable(True)
        self.charts_action.setChecked(self.settings.value("window/charts", True, type=bool))
        self.charts_action.setText(self.tr("C&harts"))
        self.charts_action.setIconText(self.tr("Charts"))
        self.charts_action.setIcon(icon("chart"))
        self.all_columns_action = self._action(self.tr("All &Metric Columns"), self._on_all_columns_toggled,
                                               "Ctrl+Alt+M")
        self.all_columns_action.setCheckable(True)
        self.all_columns_action.setChecked(self.settings.value("financials/all_columns", False, type=bool))
        self.report_order_action = self._action(self.tr("&Report Order"), self.report_order, "Ctrl+0",
                                                tip=self.tr("Sort the table back into the report's order"))
        self.reload_action = self._action(self.tr("Re&load"), self.reload, K.Refresh, "reload",
                                          self.tr("Read everything again from the store"))
        self.set_benchmark_action = self._action(
            self.tr("Set as &Benchmark"), self.set_benchmark,
            tip=self.tr("Make this row's index the benchmark the cover chart and the market review compare with"))
        self.set_index_code_action = self._action(
            self.tr("Set Index &Code"), self.edit_index_code,
            tip=self.tr("Give this row's index its code (e.g. 000300.SH): the code, not the name, identifies an index"))
        self.merge_index_action = self._action(
            self.tr("&Merge Into Another Index…"), self.merge_index,
            tip=self.tr("Move this index's quotes to another index that is the same index under another name, "
                        "and remove it"))
        self.guide_action = self._action(self.tr("&User Guide"), self.show_user_guide, K.HelpContents,
                                         tip=self.tr("How the workbench produces the weekly report, step by step"))
        self.show_welcome_action = self._action(self.tr("&Welcome"), lambda: self.welcome_panel.show_again(),
                                                "Shift+F1", tip=self.tr("The weekly routine and where to start"))
        self.about_action = self._action(self.tr("&About Analyst Workbench"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_qt_action = self._action(self.tr("About &Qt"), QApplication.aboutQt)
        self.about_qt_action.setMenuRole(QAction.MenuRole.AboutQtRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(self.tr("Recent &Stores"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.new_issue_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.record_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.desk.connect_action)
        file_menu.addAction(self.desk.sync_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        for action in (self.undo_action, self.redo_action, None, self.cut_action, self.copy_action,
                       self.copy_with_headers_action, self.paste_action, self.delete_action, None, self.add_company_action, None,
                       self.show_notes_action, self.new_note_action, self.provenance_action, None,
                       self.find_action, None, self.house_action, self.settings_action):
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        view_menu = bar.addMenu(self.tr("&View"))
        for action in self.view_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.charts_action)
        self.toolbar_menu_slot = view_menu
        view_menu.addSeparator()
        view_menu.addAction(self.all_columns_action)
        view_menu.addAction(self.report_order_action)
        view_menu.addSeparator()
        view_menu.addAction(self.reload_action)
        view_menu.addAction(self.desk.conflicts_action)
        for action, key in ((self.desk.connect_action, "Ctrl+Alt+D"), (self.desk.conflicts_action, "Ctrl+Alt+C")):
            if action.shortcut().isEmpty():  # every menu command has a shortcut shown beside it
                action.setShortcuts([QKeySequence(key)])
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.show_welcome_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        help_menu.addAction(self.about_qt_action)
        self._fill_recent_menu()

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setIconSize(QSize(20, 20))

        toolbar.setMovable(False)
        for action in (self.open_action, self.import_action, self.export_action, self.new_issue_action, None,
                       self.undo_action, self.redo_action, None, self.copy_action, self.paste_action,
                       self.delete_action, self.add_company_action, None, self.show_notes_action, self.find_action,
                       self.charts_action):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)
        for action in (self.copy_action, self.paste_action, self.delete_action, self.find_action):
            toolbar.widgetForAction(action).setObjectName("icon_only")
        self.toolbar = toolbar
        toggle = toolbar.toggleViewAction()
        toggle.setText(self.tr("&Toolbar"))
        toggle.setShortcuts([QKeySequence("Ctrl+Alt+T")])
        self.toolbar_menu_slot.insertAction(self.all_columns_action, toggle)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.path_label = QLabel(self)
        self.counts_label = QLabel(self)
        self.saved_label = QLabel(self)
        for label in (self.path_label, self.counts_label, self.saved_label):
            label.setContentsMargins(8, 0, 8, 0)
            status.addPermanentWidget(label)
        self.path_label.setObjectName("store_path")
        self.demo_label = QLabel(self.tr("Demo store"), self)
        self.demo_label.setToolTip(self.tr("This store holds the demo issue and its data; import your own data "
                                           "or open your store (File → Open Store)"))
        self.demo_label.setStyleSheet("background: #fff4dc; color: #8a5a00; border: 1px solid #f0c36d;"
                                      "border-radius: 3px; padding: 0 6px; font-weight: bold;")
        self.demo_label.hide()
        status.insertPermanentWidget(0, self.demo_label)
        self.read_only_label = QLabel(self.tr("Read-only"), self)
        self.read_only_label.setToolTip(self.tr("The store's file or folder is not writable: you can read and "
                                                "export, but not edit or import"))
        self.read_only_label.setStyleSheet("background: #eeeeee; color: #444444; border: 1px solid #aaaaaa;"
                                           "border-radius: 3px; padding: 0 6px; font-weight: bold;")
        self.read_only_label.hide()
        status.insertPermanentWidget(0, self.read_only_label)

    def _build_welcome(self) -> None:
        from ui.welcome import WelcomePanel

        self.welcome_panel = WelcomePanel(self.guide_action, self.import_action, self.settings, self)
        self.central_box.insertWidget(0, self.welcome_panel)

    # ------------------------------------------------------------------ store
    def open_store(self, path: str | Path) -> bool:
        """Open (or create) the store at ``path`` and show it in every view."""
        path = Path(path)
        self.statusBar().showMessage(self.tr("Opening %1…").replace("%1", str(path)))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            from ui.models import (CompanyTableModel, FinancialsTableModel, IssueListModel, QuoteTableModel,
                                   all_fact_columns)

            from workbench.store import Store  # sqlite-utils is imported here, after the first paint

            from workbench.errors import WorkbenchError

            try:
                store = Store(path)
            except WorkbenchError as exc:
                QApplication.restoreOverrideCursor()
                QMessageBox.critical(self, self.tr("Cannot open store"), exc.message)
                self.statusBar().clearMessage()
                return False
            if not self.close_editors():
                QApplication.restoreOverrideCursor()
                store.close()
                self.statusBar().clearMessage()
                return False
            self._close_session()
            self._build_pages()
            from ui.session import StoreSession

            from ui.notes_view import current_user

            session = StoreSession(store, self, user=current_user(self.settings))
            self.session = session
            self.undo_group.addStack(session.undo_stack)
            self.undo_group.setActiveStack(session.undo_stack)
            session.changed.connect(self._on_session_changed)
            session.reloaded.connect(self._on_session_reloaded)
            session.saved.connect(self._on_session_saved)
            session.failed.connect(self._on_session_failed)

            all_columns = self.all_columns_action.isChecked()
            fin_columns = all_fact_columns(store.fact_columns()) if all_columns else None
            for page, model in ((self.companies_page, CompanyTableModel(session)),
                                (self.financials_page, FinancialsTableModel(session, fact_columns=fin_columns)),
                                (self.quotes_page, QuoteTableModel(session))):
                model.reload()
                page.set_model(model, self.settings)
            issues = IssueListModel(session)
            issues.reload()
            self.issues_page.set_model(issues, self.settings)
            self._add_recent(path)
            self.path_label.setText(str(path))
            self.path_label.setToolTip(str(path))
            self._set_saved_text(self.tr("All changes saved"))
            self._refresh_counts()
            self._update_title()
            self._update_actions()
            self.statusBar().showMessage(self.tr("Opened %1").replace("%1", path.name), 4000)
            if self.charts is not None:
                self._set_chart_store()
            elif not self._charts_pending:
                self._charts_pending = True
                QTimer.singleShot(0, self.ensure_charts)  # pyqtgraph loads after the tables show
        finally:
            if QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()
        if self.tabs.currentIndex() == self.NOTES_TAB:
            self._build_notes_view()
        self.desk.attach(session)  # a store that joined a desk syncs now, on a worker
        self.store_opened.emit(str(path))
        return True

    def _close_session(self) -> None:
        if self.session is None:
            return
        for editor in list(self.editors.values()):
            editor.close()
        self.desk.detach()
        if self._diff_view is not None and isValid(self._diff_view):
            self._diff_view.close()  # it reads the store being closed
        self._diff_view = None
        self._drop_notes_view()
        for page in self.table_pages():
            page.view.commit_pending_edit()  # a value still being typed lands in the store it was typed for
            page.save_columns(self.settings)
        self.undo_group.removeStack(self.session.undo_stack)
        self.session.close()
        self.session.deleteLater()
        self.session = None

    def new_store(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("New store"), str(Path.home() / "workbench.sqlite"),
                                              self.tr("Workbench store (%1)").replace("%1", STORE_FILTER))
        if not path:
            return
        if Path(path).exists():
            QMessageBox.information(self, self.tr("New store"),
                                    self.tr("%1 already exists; it is opened as it is.").replace("%1", path))
        self.open_store(path)

    def open_store_dialog(self) -> None:
        start = str(self.session.path.parent) if self.session else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open store"), start,
                                              self.tr("Workbench store (%1)").replace("%1", STORE_FILTER))
        if path:
            self.open_store(path)

    def recent_stores(self) -> list[str]:
        value = self.settings.value("recent_stores", [])
        if isinstance(value, str):
            value = [value]
        return [v for v in (value or []) if v]

    def _add_recent(self, path: Path) -> None:
        items = [str(path)] + [p for p in self.recent_stores() if p != str(path)]
        self.settings.setValue("recent_stores", items[:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_stores()
        for p in recent:
            action = self.recent_menu.addAction(p)
            action.triggered.connect(lambda checked=False, p=p: self.open_store(p))
            action.setEnabled(Path(p).exists())
        if not recent:
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear List"), lambda: self.settings.setValue("recent_stores", []))

    def reload(self) -> None:
        if self.session is not None:
            self.session.notify_reloaded(clear_undo=False)

    # ------------------------------------------------------------------ charts
    def ensure_charts(self) -> None:
        """Build the chart panel (imports pyqtgraph); called after the first paint."""
        self._charts_pending = False
        if self.charts is None:
            from ui.charts import ChartArea

            self.charts = ChartArea(self.chart_area)
            layout = self.chart_area.layout()
            while layout.count():
                item = layout.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()
            layout.addWidget(self.charts)
        if self.session is not None:
            self._set_chart_store()
        self.charts_ready.emit()

    def _set_chart_store(self) -> None:
        from workbench.errors import WorkbenchError

        store = self.session.store
        cover, end = None, None
        try:
            latest = store.issue("latest")
            cover, end = latest.cover_index or None, latest.period_end
        except WorkbenchError:
            pass
        if not cover:
            bench = store.benchmark()
            others = [i for i in store.indices() if not bench or i["id"] != bench["id"]]
            for index in others:
                quotes = store.quotes(index["id"])
                if len(quotes) > MIN_CHART_QUOTES:
                    cover, end = index["name"], quotes[-1]["date"]
                    break
        ticker = self.financials_page.current_key() or self.companies_page.current_key()
        if ticker is None and self.financials_page.model is not None and self.financials_page.model.rowCount():
            ticker = self.financials_page.model.key_at(0)
        self.charts.current_ticker = ticker
        self.charts.set_store(store, cover_index=cover, end=end)

    def _on_charts_toggled(self) -> None:
        self.chart_area.setVisible(self.charts_action.isChecked())

    def _on_company_selected(self, ticker) -> None:
        if self.charts is not None and ticker != self.charts.current_ticker:
            self.charts.show_company(ticker)

    # ------------------------------------------------------------------ edit actions
    def current_page(self):
        """The table view's page under the current tab (the Issues tab's list), or None."""
        widget = self.tabs.currentWidget()
        if widget is None or self.companies_page is None:
            return None
        if widget is self.issues_page:
            return self.issues_page.list_page
        return widget if widget in (self.companies_page, self.financials_page, self.quotes_page) else None

    @staticmethod
    def _text_focus():
        w = QApplication.focusWidget()
        return w if isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)) else None

    def copy(self) -> None:
        w = self._text_focus()
        if w is not None:
            w.copy()
        elif (page := self.current_page()) is not None and page.model is not None:
            page.view.copy_selection()

    def copy_with_headers(self) -> None:
        """Copy the selected cells of the current table with a header row (text fields copy as usual)."""
        w = self._text_focus()
        if w is not None:
            w.copy()
        elif (page := self.current_page()) is not None and page.model is not None:
            page.view.copy_selection(headers=True)

    def paste(self) -> None:
        w = self._text_focus()
        if w is not None and hasattr(w, "paste"):
            w.paste()
        elif self._editable_page() is not None:
            self._editable_page().view.paste_text()

    def cut(self) -> None:
        w = self._text_focus()
        if w is not None and hasattr(w, "cut"):
            w.cut()
        elif self._editable_page() is not None:
            self._editable_page().view.cut_selection()

    def delete(self) -> None:
        w = self._text_focus()
        if isinstance(w, QLineEdit):
            w.del_()
        elif self._editable_page() is not None:
            self._editable_page().view.delete_selection()

    def _editable_page(self):
        page = self.current_page()
        if page is None or page.model is None:
            return None
        if page is self.issues_page.list_page:
            self._show_message(self.tr("Issues are read-only here."))
            return None
        return page

    def find(self) -> None:
        page = self.current_page()
        if page is not None:
            page.focus_filter()
        elif self.notes_view is not None and self.tabs.currentWidget() is self.notes_view:
            self.notes_view.search.setFocus()
            self.notes_view.search.selectAll()

    def current_fact(self) -> tuple[str, str, str] | None:
        """(ticker, metric, period) of the Financials cell under the cursor, if it is a figure."""
        page = self.financials_page
        if page is None or page.model is None or self.tabs.currentWidget() is not page:
            return None
        index = page.view.currentIndex()
        if not index.isValid():
            return None
        source = page.proxy.mapToSource(index)
        key = page.model.columns[source.column()].key
        if not isinstance(key, tuple):
            return None
        return (page.model.key_at(source.row()), *key)

    def show_provenance(self, fact: tuple[str, str, str] | None = None):
        """数据来源: the history of the current Financials figure in a small dialog; returns the dialog."""
        fact = fact or self.current_fact()
        if fact is None or self.session is None:
            self._show_message(self.tr("Pick a figure in the Financials view first."))
            return None
        from ui.provenance import FactHistoryDialog, metric_kind

        ticker, metric, period = fact
        model = self.financials_page.model
        row, column = model.row_of(ticker), model.column_of((metric, period))
        store = self.session.store
        value = store.fact(ticker, metric, period)
        title = f"{store.company(ticker)['name']} {ticker} · {model.columns[column].title}" if column is not None \
            else f"{ticker} · {metric} {period}"
        text = model.cell_text(row, column) if row is not None and column is not None else str(value)
        dialog = FactHistoryDialog(title, text, store.history(ticker, metric, period), metric_kind(metric),
                                   model.number_style, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_provenance_dialog = dialog
        dialog.open()
        return dialog

    def add_company(self, ticker: str, name: str, segment: str | None = None) -> str | None:
        """Add a company as one undo step; returns the core's message when it refuses."""
        from workbench.errors import WorkbenchError

        if self.session is None:
            return self.tr("No store is open.")
        try:
            model = self.companies_page.model
            edit = model.add_edit(ticker, name, segment)
            self.session.apply(edit, model.edit_text_for(edit))
        except WorkbenchError as exc:
            return exc.message
        self.companies_page.select_key(edit.ticker, 1)
        self._show_message(self.tr("Added %1").replace("%1", f"{edit.name} {edit.ticker}"))
        return None

    def add_company_dialog(self) -> None:
        if self.session is None:
            return
        from ui.dialogs import AddCompanyDialog

        dialog = AddCompanyDialog(self.session.store.segments(), self)
        dialog.submit = self.add_company
        if dialog.exec():
            self.tabs.setCurrentWidget(self.companies_page)

    def report_order(self) -> None:
        page = self.current_page()
        if page is not None and page.model is not None:
            page.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            page.proxy.sort(-1)

    def _on_all_columns_toggled(self) -> None:
        checked = self.all_columns_action.isChecked()
        self.settings.setValue("financials/all_columns", checked)
        model = self.financials_page.model
        if model is not None:
            from ui.models import all_fact_columns

            self.financials_page.save_columns(self.settings)
            model.set_fact_columns(all_fact_columns(self.session.store.fact_columns()) if checked else None)
            self.financials_page.restore_columns(self.settings)

    # ------------------------------------------------------------------ long work
    def import_files(self, paths: list[str] | None = None) -> None:
        if self.session is None or self._refused_read_only(self.tr("Import")):
            return
        try:
            from ui.import_dialog import ImportDialog
        except ImportError as exc:  # the import engine is missing from this build
            QMessageBox.warning(self, self.tr("Import"), self.tr("Import is not available: %1").replace("%1", str(exc)))
            return
        dialog = ImportDialog(self.session, self, paths=paths)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._on_import_dialog_imported)
        dialog.exec()

    def _on_import_dialog_imported(self, summary: str) -> None:
        self.session.notify_reloaded()
        self._show_message(summary)

    def export_pdf(self, issue_id: int | None = None, out_path: str | None = None):
        """Export an issue as PDF on a worker thread; shows blockers and warnings when done.

        The lifecycle's ``export_issue`` decides what is written: a final issue's frozen PDF byte
        for byte, any other issue rendered now. Returns the running task, or None.
        """
        from workbench.errors import WorkbenchError

        if self.session is None:
            return None
        try:
            from workbench.drafting.lifecycle import export_issue
        except ImportError as exc:
            QMessageBox.warning(self, self.tr("Export PDF"),
                                self.tr("PDF export is not available: %1").replace("%1", str(exc)))
            return None
        store = self.session.store
        if issue_id is None and self.issues_page is not None:
            issue_id = self.issues_page.current_issue_id()
        try:
            issue = store.issue(issue_id if issue_id is not None else "latest")
        except WorkbenchError as exc:
            QMessageBox.information(self, self.tr("Export PDF"), exc.message)
            return None
        if out_path is None:
            default = self.session.path.parent / f"{issue.series}_{issue.period_end.replace('-', '')}.pdf"
            out_path, _ = QFileDialog.getSaveFileName(self, self.tr("Export PDF"), str(default),
                                                      self.tr("PDF document (*.pdf)"))
            if not out_path:
                return None
        issue_no, target, final = issue.id, str(out_path), issue.status == "final"
        from ui.workers import run_store_task

        self._export_task = run_store_task(
            self, self.tr("Exporting PDF…"), self.session.path,
            lambda s, progress: export_issue(s, issue_no, target, progress=progress),
            on_finished=lambda result: self._on_export_finished(result, issue_no, final),
            on_failed=self._on_export_failed, cancel_text=self.tr("Cancel"))
        return self._export_task

    def _on_export_finished(self, result, issue_id: int | None = None, final: bool = False) -> None:
        self.last_export = result
        self.show_export_result(result, self, issue_id=issue_id, final=final)
        self.export_done.emit(result)

    def _on_export_failed(self, exc: BaseException) -> None:
        self.last_export = exc
        self.show_export_result(exc, self)
        self.export_done.emit(exc)

    def show_export_result(self, result, parent: QWidget, *, issue_id: int | None = None,
                           final: bool = False) -> None:
        """Tell where an export went and its SHA-256 (status bar and a message box on ``parent``), or why it failed."""
        from workbench.errors import WorkbenchError
        from workbench.progress import Cancelled

        title = self.tr("Export PDF")
        if isinstance(result, Cancelled):
            self._show_message(self.tr("Export cancelled"))
            return
        if isinstance(result, BaseException):
            if isinstance(result, WorkbenchError):
                box = QMessageBox(QMessageBox.Icon.Critical, title, result.message, QMessageBox.StandardButton.Ok,
                                  parent)
                if getattr(result, "problems", None):
                    box.setInformativeText("\n".join(f"• {p}" for p in result.problems))
            else:
                box = QMessageBox(QMessageBox.Icon.Critical, title,
                                  self.tr("The export failed: %1").replace("%1", str(result)),
                                  QMessageBox.StandardButton.Ok, parent)
                box.setDetailedText(getattr(result, "__traceback_text__", ""))
            self._show_message(self.tr("The export failed: %1").replace(
                "%1", (getattr(result, "message", None) or str(result)).splitlines()[0]))
        else:
            sha = str(getattr(result, "sha256", "") or "")
            text = self.tr("Exported %1 pages to %2").replace("%1", str(getattr(result, "pages", "?"))) \
                .replace("%2", str(getattr(result, "path", "")))
            warnings = list(getattr(result, "warnings", []) or [])
            self._show_message(f"{text} · SHA-256 {sha[:16]}…" if sha else text)
            box = QMessageBox(QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Information,
                              title, text, QMessageBox.StandardButton.Ok, parent)
            details = []
            if final:
                details.append(self.tr("Issue #%1 is final: its published PDF was written unchanged.")
                               .replace("%1", str(issue_id)))
            if sha:
                details.append(f"SHA-256: {sha}")
            if warnings:
                details.append(self.tr("Warnings:") + "\n" + "\n".join(f"• {w}" for w in warnings))
            box.setInformativeText("\n\n".join(details))
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_message_box = box
        box.open()

    def export_table_xlsx(self, issue_id: int | None = None, out_path: str | None = None):
        """Write an issue's comparison table as an Excel workbook on a worker; returns the task or None.

        The core decides the numbers: a final issue's frozen snapshot, any other issue's live data.
        Without ``out_path`` a file dialog offers ``<series>_<period>_对比表.xlsx`` beside the store.
        """
        from workbench.errors import WorkbenchError

        if self.session is None:
            return None
        title = self.tr("Export Table to Excel")
        if issue_id is None and self.issues_page is not None:
            issue_id = self.issues_page.current_issue_id()
        try:
            issue = self.session.store.issue(issue_id if issue_id is not None else "latest")
        except WorkbenchError as exc:
            self._message_box(QMessageBox.Icon.Information, title, exc.message)
            return None
        if out_path is None:
            period = f"{issue.period_start.replace('-', '')}-{issue.period_end.replace('-', '')}"
            default = self.session.path.parent / f"{issue.series}_{period}_对比表.xlsx"
            out_path, _ = QFileDialog.getSaveFileName(self, title, str(default),
                                                      self.tr("Excel workbook (*.xlsx)"))
            if not out_path:
                return None
        from ui.workers import run_store_task
        from workbench.report.table_xlsx import export_table_xlsx

        issue_no, target = issue.id, str(out_path)
        self._table_export_task = run_store_task(
            self, self.tr("Exporting the comparison table…"), self.session.path,
            lambda s, progress: export_table_xlsx(s, issue_no, target, progress=progress),
            on_finished=lambda path: self._on_table_export_finished(path, issue_no),
            on_failed=self._on_table_export_failed, cancel_text=self.tr("Cancel"))
        return self._table_export_task

    def _on_table_export_finished(self, path, issue_id: int) -> None:
        self._show_message(self.tr("Comparison table of issue #%1 written to %2").replace("%1", str(issue_id))
                           .replace("%2", str(path)))
        self.table_export_done.emit(path)

    def _on_table_export_failed(self, exc: BaseException) -> None:
        from workbench.progress import Cancelled

        if isinstance(exc, Cancelled):
            self._show_message(self.tr("Export cancelled"))
        else:
            text = getattr(exc, "message", None) or str(exc)
            self._show_message(self.tr("The export failed: %1").replace("%1", text.splitlines()[0] if text else ""))
            box = self._message_box(QMessageBox.Icon.Critical, self.tr("Export Table to Excel"),
                                    self.tr("The export failed: %1").replace("%1", text))
            if not hasattr(exc, "message"):
                box.setDetailedText(getattr(exc, "__traceback_text__", ""))
        self.table_export_done.emit(exc)

    def backup_store(self, target: str | None = None, *, replace: bool = False):
        """Copy the open store to ``target`` on a worker (SQLite's online backup); returns the task or None.

        Without ``target`` a file dialog asks, offering ``<store>-backup-YYYYMMDD.sqlite`` beside the store;
        an existing file the dialog confirmed is replaced (``replace``), never the open store or a store
        in use, which the core refuses.
        """
        if self.session is None:
            return None
        if target is None:
            path = self.session.path
            default = path.parent / f"{path.stem}-backup-{datetime.now():%Y%m%d}.sqlite"
            target, _ = QFileDialog.getSaveFileName(self, self.tr("Back up store"), str(default),
                                                    self.tr("Workbench store (%1)").replace("%1", STORE_FILTER))
            if not target:
                return None
            replace = True  # the dialog has asked about overwriting an existing file
        from ui.workers import run_store_task

        out = str(target)

        def backup(store, progress):
            # the dialog's title says what runs; the core's step text would only repeat it
            return store.backup(out, progress=lambda done, total, message="": progress(done, total, ""),
                                replace=replace)

        self._backup_task = run_store_task(self, self.tr("Backing up the store…"), self.session.path, backup,
                                           on_finished=self._on_backup_finished, on_failed=self._on_backup_failed,
                                           cancel_text=self.tr("Cancel"))
        return self._backup_task

    def _on_backup_finished(self, path) -> None:
        self._show_message(self.tr("Store backed up to %1").replace("%1", str(path)))
        self.backup_done.emit(path)

    def _on_backup_failed(self, exc: BaseException) -> None:
        from workbench.progress import Cancelled

        if isinstance(exc, Cancelled):
            self._show_message(self.tr("Backup cancelled; no file was written"))
        else:
            text = getattr(exc, "message", None) or str(exc)
            self._show_message(self.tr("The backup failed: %1").replace("%1", text.splitlines()[0] if text else ""))
            box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Back up store"),
                              self.tr("The backup failed: %1").replace("%1", text), QMessageBox.StandardButton.Ok,
                              self)
            if not hasattr(exc, "message"):
                box.setDetailedText(getattr(exc, "__traceback_text__", ""))
            self.last_message_box = box
            box.open()
        self.backup_done.emit(exc)

    def export_record(self, issue_id: int | None = None, out_dir: str | None = None) -> Path | None:
        """Write an issue's publication record (the core's ``write_record``) into a folder; returns its path.

        The issue defaults to the one selected in the Issues view; without ``out_dir`` a folder dialog asks.
        An issue never published has no record: a message says so before any folder is asked for.
        """
        from workbench.errors import WorkbenchError

        if self.session is None:
            return None
        store = self.session.store
        title = self.tr("Export Publication Record")
        if issue_id is None and self.issues_page is not None:
            issue_id = self.issues_page.current_issue_id()
        try:
            issue = store.issue(issue_id if issue_id is not None else "latest")
        except WorkbenchError as exc:
            self._message_box(QMessageBox.Icon.Information, title, exc.message)
            return None
        if not store.versions(issue.id):
            self._message_box(QMessageBox.Icon.Information, title,
                              self.tr("Issue #%1 has no published version yet. A publication record holds the PDFs "
                                      "of an issue's final versions: finalise the issue first.")
                              .replace("%1", str(issue.id)))
            return None
        if out_dir is None:
            out_dir = QFileDialog.getExistingDirectory(self, self.tr("Folder for the publication record"),
                                                       str(self.session.path.parent))
            if not out_dir:
                return None
        from workbench.drafting.record import write_record

        try:
            folder = write_record(store, issue.id, out_dir)
        except WorkbenchError as exc:
            self._show_message(exc.message.splitlines()[0])
            self._message_box(QMessageBox.Icon.Critical, title, exc.message)
            return None
        except OSError as exc:
            text = self.tr("Cannot write the record: %1").replace("%1", exc.strerror or str(exc))
            self._show_message(text)
            self._message_box(QMessageBox.Icon.Critical, title, text)
            return None
        text = self.tr("Publication record of issue #%1 written to %2").replace("%1", str(issue.id)) \
            .replace("%2", str(folder))
        self._show_message(text)
        self._message_box(QMessageBox.Icon.Information, title, text,
                          self.tr("Every published PDF with its data snapshot and text, the status log and "
                                  "MANIFEST.txt with each file's SHA-256. Keep the folder with the house's records."))
        return folder

    def _message_box(self, icon, title: str, text: str, informative: str = "") -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        if informative:
            box.setInformativeText(informative)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_message_box = box
        box.open()
        return box

    def _refused_read_only(self, title: str) -> bool:
        """On a read-only store: say so in a message box (the core's words) and return True."""
        from workbench.errors import WorkbenchError

        try:
            self.session.check_writable()
        except WorkbenchError as exc:
            self._message_box(QMessageBox.Icon.Warning, title, exc.message)
            return True
        return False

    # ------------------------------------------------------------------ benchmark index
    def _current_quote_index(self) -> dict | None:
        """The index of the current row in the Index quotes view, or None."""
        page = self.quotes_page
        if page is None or page.model is None or self.session is None:
            return None
        idx = page.view.currentIndex()
        if not idx.isValid():
            return None
        index_id = page.model.index_id_at(page.proxy.mapToSource(idx).row())
        return next((i for i in self.session.store.indices() if i["id"] == index_id), None)

    def _update_benchmark_action(self, *args) -> None:
        index = self._current_quote_index()
        writable = self.session is not None and not self.session.read_only
        self.set_benchmark_action.setEnabled(index is not None and not index["is_benchmark"] and writable)
        self.merge_index_action.setEnabled(writable)

    def set_benchmark(self, index_id: int | None = None) -> bool:
        """Make an index (default: the current row's in Index quotes) the benchmark; the view marks it."""
        if self.session is None:
            return False
        store = self.session.store
        if index_id is None:
            index = self._current_quote_index()
        else:
            index = next((i for i in store.indices() if i["id"] == index_id), None)
        if index is None:
            self._show_message(self.tr("Select an index row in Index quotes first."))
            return False
        if index["is_benchmark"]:
            return True
        if self._refused_read_only(self.tr("Set as Benchmark")):
            return False
        count = len(store.quotes(index["id"]))
        if count <= MIN_CHART_QUOTES and not self.confirm(
                self, self.tr("Set as Benchmark"),
                self.tr("%1 has only %2 quotes in the store, and the cover chart compares the sector index with a "
                        "year of the benchmark's daily closes. Make it the benchmark anyway?")
                .replace("%1", index["name"]).replace("%2", str(count))):
            return False
        page = self.quotes_page
        current = page.current_key()
        from workbench.edits import SetBenchmark

        self.session.apply(SetBenchmark(index["id"]), self.tr("Set %1 as benchmark").replace("%1", index["name"]))
        if current is not None:
            page.select_key(current, page.model.INDEX)
        self._update_benchmark_action()
        self._charts_stale.add("all")  # the cover chart compares with the benchmark
        self._counts_timer.start()
        self._show_message(self.tr("%1 is now the benchmark index").replace("%1", index["name"]))
        return True

    def edit_index_code(self) -> bool:
        """Start editing the code cell of the current Index quotes row (an undoable edit when committed)."""
        page = self.quotes_page
        if page is None or page.model is None:
            return False
        index = page.view.currentIndex()
        if not index.isValid():
            self._show_message(self.tr("Select an index row in Index quotes first."))
            return False
        code = page.proxy.index(index.row(), page.model.CODE)
        page.view.setCurrentIndex(code)
        page.view.edit(code)
        return True

    def merge_index(self, drop_id: int | None = None, keep_id: int | None = None) -> bool:
        """Merge an index (default: the current row's) into another one the user picks, after confirming.

        The store moves the quotes in one transaction and refuses closes that differ on a date.
        Not an undo step: the undo history is cleared, as after an import.
        """
        from workbench.errors import WorkbenchError

        if self.session is None:
            return False
        store = self.session.store
        indices = store.indices()
        if drop_id is None:
            current = self._current_quote_index()
            drop_id = current["id"] if current else None
        drop = next((i for i in indices if i["id"] == drop_id), None)
        if drop is None:
            self._show_message(self.tr("Select an index row in Index quotes first."))
            return False
        title = self.tr("Merge Indices")
        if self._refused_read_only(title):
            return False
        if keep_id is None:
            choices = [(i["id"], f"{i['name']} {i['code'] or ''}".strip()) for i in indices if i["id"] != drop_id]
            keep_id = self.choose_index(self, title, self.tr("Merge “%1” into:").replace("%1", drop["name"]), choices)
        keep = next((i for i in indices if i["id"] == keep_id), None)
        if keep is None:
            return False
        count = len(store.quotes(drop_id))
        if not self.confirm(self, title, self.tr(
                "Move the %1 quotes of “%2” to “%3” and remove “%2”? They must be the same index. "
                "This cannot be undone; the undo history is cleared.")
                .replace("%1", str(count)).replace("%2", drop["name"]).replace("%3", keep["name"])):
            return False
        try:
            with store.batch("merge", by=self.session.user):
                moved = store.merge_indices(keep["id"], drop["id"])
        except WorkbenchError as exc:
            self._message_box(QMessageBox.Icon.Warning, title, exc.message)
            return False
        self.session.notify_reloaded()
        self._show_message(self.tr("Merged %1 quotes of “%2” into “%3”").replace("%1", str(moved))
                           .replace("%2", drop["name"]).replace("%3", keep["name"]))
        return True

    # ------------------------------------------------------------------ dialogs
    def show_settings(self) -> None:
        from ui.dialogs import SettingsDialog

        SettingsDialog(self.settings, self).exec()

    def show_about(self) -> None:
        from ui.dialogs import AboutDialog

        AboutDialog(self).exec()

    def show_user_guide(self):
        """The user guide in a window of its own (one), left open beside the work."""
        from ui.dialogs import UserGuideDialog

        if self._guide is None or not isValid(self._guide):
            self._guide = UserGuideDialog(self)
        self._guide.show()
        self._guide.raise_()
        self._guide.activateWindow()
        return self._guide

    # ------------------------------------------------------------------ status, title
    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _on_session_changed(self, changes) -> None:
        """After an edit: counts, and the charts whose data it touched (coalesced per event loop turn)."""
        ticker = self.charts.current_ticker if self.charts is not None else None
        if changes.quotes:
            self._charts_stale.add("market")
        if changes.rows or changes.renamed or ticker in changes.companies \
                or any(t == ticker for t, _, _ in changes.facts):
            self._charts_stale.add("company")
        self._counts_timer.start()

    def _on_session_reloaded(self) -> None:
        self._charts_stale.add("all")  # new indices or datasets may have arrived
        self._counts_timer.start()
        self._update_title()

    def _refresh_after_change(self) -> None:
        self._refresh_counts()
        stale, self._charts_stale = self._charts_stale, set()
        if self.charts is None or self.session is None:
            return
        if "all" in stale:
            self._set_chart_store()
            return
        if "market" in stale:
            self.charts.refresh_market()
        if "company" in stale:
            ticker = self.charts.current_ticker
            if ticker is not None and self.session.store.has_company(ticker):
                self.charts.show_company(ticker)
            else:
                self.charts.show_company(self.financials_page.current_key())

    def _on_session_saved(self, when: str) -> None:
        self._set_saved_text(self.tr("Saved %1").replace("%1", when))

    def _set_saved_text(self, text: str) -> None:
        self._saved_text = text
        self._update_saved_label()

    def unsaved_editors(self) -> list:
        return [e for e in self.editors.values() if isValid(e) and e.has_unsaved_changes()]

    def _update_saved_label(self, *args) -> None:
        """The status bar's save state; never "all saved" while an editor holds unsaved text."""
        dirty = self.unsaved_editors()
        if dirty:
            ids = "、".join(f"#{e.issue_id}" for e in dirty)
            self.saved_label.setText(self.tr("Unsaved changes in issue %1").replace("%1", ids))
            self.saved_label.setStyleSheet("color: #b26a00; font-weight: bold;")
        else:
            self.saved_label.setText(self._saved_text)
            self.saved_label.setStyleSheet("")

    def _on_editor_destroyed(self, issue_id: int) -> None:
        self.editors.pop(issue_id, None)
        if isValid(self) and isValid(self.saved_label):
            self._update_saved_label()

    def close_editors(self) -> bool:
        """Close every open editor, each asking about its unsaved changes; False when one was kept open."""
        for editor in list(self.editors.values()):
            if isValid(editor) and not editor.close():
                editor.raise_()
                editor.activateWindow()
                return False
        return True

    def _on_session_failed(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Undo"), message)

    def _refresh_counts(self) -> None:
        if self.session is None:
            self.counts_label.setText("")
            self.demo_label.hide()
            return
        c = self.session.store.counts()
        self.counts = c
        demo = self.session.store.is_demo()
        if demo != self.demo_label.isVisibleTo(self):
            self.demo_label.setVisible(demo)
            self._update_title()
        self.counts_label.setText(
            self.tr("%1 companies · %2 facts · %3 quotes · %4 issues")
            .replace("%1", f"{c['companies']:,}").replace("%2", f"{c['facts']:,}")
            .replace("%3", f"{c['quotes']:,}").replace("%4", f"{c['issues']:,}"))
        # copy-forward needs last week's issue and a store it may write
        self.new_issue_action.setEnabled(c["issues"] > 0 and not self.session.read_only)

    def _on_undo_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _update_title(self) -> None:
        app = self.tr("Analyst Workbench")
        if self.session is None:
            self.setWindowTitle(app)
        else:
            demo = self.tr(" (demo)") if self.demo_label.isVisibleTo(self) else ""
            demo += f" [{self.read_only_label.text()}]" if self.session.read_only else ""
            self.setWindowTitle(f"{self.session.path.name}[*]{demo} — {app}")
            self.setWindowModified(not self.session.undo_stack.isClean())

    def _update_actions(self) -> None:
        has = self.session is not None
        for action in (self.import_action, self.export_action, self.cut_action, self.copy_action,
                       self.copy_with_headers_action, self.paste_action,
                       self.delete_action, self.add_company_action, self.find_action, self.reload_action,
                       self.report_order_action, self.house_action, self.backup_action, self.record_action):
            action.setEnabled(has)
        read_only = has and self.session.read_only  # a store this user may not write: view and export
        self.read_only_label.setVisible(read_only)
        if read_only:
            for action in (self.import_action, self.cut_action, self.paste_action, self.delete_action,
                           self.add_company_action, self.report_order_action, self.house_action):
                action.setEnabled(False)
        if not has or read_only:
            self.new_issue_action.setEnabled(False)
        self._update_company_actions()
        self._update_benchmark_action()

    def _update_company_actions(self, *args) -> None:
        """Show notes / new note need a company row: the Companies or Financials tab with a current row."""
        on = self.current_company() is not None
        self.show_notes_action.setEnabled(on)
        self.new_note_action.setEnabled(on and not (self.session is not None and self.session.read_only))

    def _on_tabs_current_changed(self, index: int) -> None:
        if 0 <= index < len(self.view_actions):
            self.view_actions[index].setChecked(True)
        if index == self.NOTES_TAB and self.session is not None and self.notes_view is None:
            self._build_notes_view()
        self._update_company_actions()

    def _set_drawn_icons(self) -> None:
        """Icons for the drafting actions, drawn in the toolbar icons' line style (after the first paint)."""
        self.new_issue_action.setIcon(line_icon(NEXT_WEEK_PATHS))
        self.show_notes_action.setIcon(line_icon(NOTES_PATHS))
        self.new_note_action.setIcon(line_icon(NEW_NOTE_PATHS))
        if self.issues_page is not None:
            self.issues_page.new_action.setIcon(self.new_issue_action.icon())
            self.issues_page.new_button.setIcon(self.new_issue_action.icon())

    # ------------------------------------------------------------------ the issue editor, notes, diff, house
    NOTES_TAB = 4

    def _build_notes_view(self) -> None:
        try:
            from ui.notes_view import NotesView
        except ImportError as exc:
            self._show_message(self.tr("Notes are not available: %1").replace("%1", str(exc)))
            return
        self.notes_view = NotesView(self.session.path, self, settings=self.settings)
        self.notes_view.company_activated.connect(self._on_notes_company_activated)
        self.tabs.blockSignals(True)
        old = self.tabs.widget(self.NOTES_TAB)
        title = self.tabs.tabText(self.NOTES_TAB)
        self.tabs.removeTab(self.NOTES_TAB)
        self.tabs.insertTab(self.NOTES_TAB, self.notes_view, title)
        self.tabs.setCurrentIndex(self.NOTES_TAB)
        self.tabs.blockSignals(False)
        old.deleteLater()

    def _drop_notes_view(self) -> None:
        if self.notes_view is None:
            return
        self.tabs.blockSignals(True)
        current = self.tabs.currentIndex()
        self.tabs.removeTab(self.NOTES_TAB)
        self.tabs.insertTab(self.NOTES_TAB, _placeholder(self.tr("Opening the store…"), self.tabs), self.tr("Notes"))
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        self.notes_view.close_store()
        self.notes_view.deleteLater()
        self.notes_view = None

    def current_company(self) -> str | None:
        """The ticker of the current row in the Companies or Financials tab, or None."""
        if self.companies_page is None or self.session is None:
            return None
        page = self.tabs.currentWidget()
        if page not in (self.companies_page, self.financials_page):
            return None
        return page.current_key()

    def show_notes(self, ticker: str | None = None) -> int | None:
        """Switch to the Notes tab showing the notes about ``ticker`` (default: the current row's company)."""
        ticker = ticker or self.current_company()
        if self.session is None or ticker is None:
            self._show_message(self.tr("Select a company in Companies or Financials first."))
            return None
        self.tabs.setCurrentIndex(self.NOTES_TAB)  # builds the notes view the first time
        if self.notes_view is None:
            return None
        count = self.notes_view.show_company(ticker)
        name = ticker
        if self.session.store.has_company(ticker):
            name = f"{self.session.store.company(ticker)['name']}（{ticker}）"
        self._show_message(self.tr("%1 notes about %2").replace("%1", str(count)).replace("%2", name))
        return count

    def new_note_for_company(self, ticker: str | None = None) -> int | None:
        """Show the company's notes and ask for a new one about it; returns the note's id."""
        if self.show_notes(ticker) is None:
            return None
        return self.notes_view.new_note()

    def _on_notes_company_activated(self, ticker: str) -> None:
        self.tabs.setCurrentWidget(self.financials_page)
        self.financials_page.select_key(ticker, 2)

    def open_issue_editor(self, issue_id: int):
        """Open an issue in the editor, in a window of its own (one per issue)."""
        if self.session is None:
            return None
        editor = self.editors.get(issue_id)
        if editor is not None:
            editor.raise_()
            editor.activateWindow()
            return editor
        try:
            from ui.issue_editor import IssueEditor
        except ImportError as exc:
            self._show_message(self.tr("The issue editor is not available: %1").replace("%1", str(exc)))
            return None
        editor = IssueEditor(self.session.path, issue_id, None, settings=self.settings, ask_save=self.ask_save)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.setWindowIcon(self.windowIcon())
        editor.setWindowTitle(self.editor_window_title(editor.title_text()))
        editor.title_changed.connect(lambda text, e=editor: e.setWindowTitle(self.editor_window_title(text)))
        editor.saved.connect(self._on_editor_saved)
        editor.status_changed.connect(lambda status, e=editor: self._on_editor_status_changed(e, status))
        editor.lifecycle_failed.connect(lambda text, e=editor: self._on_editor_lifecycle_failed(e, text))
        editor.exported.connect(lambda result, e=editor: self._on_editor_exported(e, result))
        editor.message.connect(self._show_message)
        editor.modified.connect(self._update_saved_label)
        editor.destroyed.connect(lambda *_: self._on_editor_destroyed(issue_id))
        self.editors[issue_id] = editor
        self.desk.attach_editor(editor)  # with a desk: the draft's lease, or read-only while someone holds it
        self._update_saved_label()  # an editor may open with a restored autosave: unsaved at once
        from ui.geometry import remember_geometry

        remember_geometry(editor, "issue_editor", 1400, 900, self.settings)  # fits a laptop; reopens as left
        editor.show()
        return editor

    def editor_window_title(self, text: str) -> str:
        return f"{text} — {self.tr('Analyst Workbench')}"

    def _refresh_issue_views(self) -> None:
        """The Issues list and an open comparison window, after an issue was added, saved or moved on."""
        if self.issues_page is not None:
            self.issues_page.refresh()
        if self._diff_view is not None and isValid(self._diff_view):
            self._diff_view.reload_issues()

    def _on_editor_saved(self, issue_id: int) -> None:
        self._refresh_issue_views()
        self._set_saved_text(self.tr("Saved %1").replace("%1", datetime.now().strftime("%H:%M:%S")))

    def _on_editor_status_changed(self, editor, status: str) -> None:
        from ui.models import IssueListModel

        self._refresh_issue_views()
        self._show_message(self.tr("Issue #%1 is now %2").replace("%1", str(editor.issue_id))
                           .replace("%2", IssueListModel.status_text(status)))

    def _on_editor_lifecycle_failed(self, editor, text: str) -> None:
        """A refused review, final or correction step: a message box on the editor, and the status bar."""
        self._show_message(text.splitlines()[0] if text else "")
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Issue #%1").replace("%1", str(editor.issue_id)), text,
                          QMessageBox.StandardButton.Ok, editor)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_message_box = box
        box.open()

    def _on_editor_exported(self, editor, result) -> None:
        final = getattr(editor.issue, "status", "") == "final"
        self.show_export_result(result, editor, issue_id=editor.issue_id, final=final)

    def open_diff_view(self, before_id: int | None = None, after_id: int | None = None):
        """The comparison window (one), comparing ``before_id`` with ``after_id`` when both are given."""
        if self.session is None:
            return None
        view = self._diff_view if self._diff_view is not None and isValid(self._diff_view) else None
        if view is None:
            try:
                from ui.diff_view import DiffView
            except ImportError as exc:
                self._show_message(self.tr("Comparing issues is not available: %1").replace("%1", str(exc)))
                return None
            view = DiffView(self.session.path, None)
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            view.setWindowIcon(self.windowIcon())
            view.setWindowTitle(self.editor_window_title(self.tr("Compare issues")))
            view.company_activated.connect(self._on_notes_company_activated)
            from ui.geometry import remember_geometry

            remember_geometry(view, "diff_view", 1100, 700, self.settings)
            self._diff_view = view
        else:
            view.reload_issues()
        if before_id is not None and after_id is not None:
            view.compare(before_id, after_id)
        view.show()
        view.raise_()
        view.activateWindow()
        return view

    def new_issue_from_last_week(self) -> int | None:
        """Copy the latest issue forward a week (the core's copy_forward), list it, select it and open it."""
        if self.session is None:
            return None
        try:
            from ui.issue_editor import new_issue_from_last_week
        except ImportError as exc:
            self._show_message(self.tr("The issue editor is not available: %1").replace("%1", str(exc)))
            return None
        issue_id = new_issue_from_last_week(self.session.path, self)
        if issue_id is None:
            return None
        self.tabs.setCurrentWidget(self.issues_page)
        self.issues_page.clear_filters()  # the new draft must not be hidden by a search
        self._refresh_issue_views()
        self.issues_page.select_issue(issue_id)
        self._refresh_counts()
        issue = self.session.store.issue(issue_id)
        self._show_message(self.tr("Issue #%1 (%2 – %3) drafted from last week")
                           .replace("%1", str(issue_id)).replace("%2", issue.period_start)
                           .replace("%3", issue.period_end))
        self.issue_created.emit(issue_id)
        self.open_issue_editor(issue_id)
        return issue_id

    def show_house_profile(self) -> None:
        if self.session is None:
            return
        try:
            from ui.house_dialog import HouseDialog
        except ImportError as exc:
            self._show_message(self.tr("The house profile is not available: %1").replace("%1", str(exc)))
            return
        dialog = HouseDialog(self.session.store, self)
        # the grid prints numbers in the house's number style: show a changed style at once
        dialog.saved.connect(lambda: self.session.notify_reloaded(clear_undo=False))
        dialog.exec()

    # ------------------------------------------------------------------ window state
    def _restore_window(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            from ui.geometry import fit_to_screen

            fit_to_screen(self, 1400, 900)  # a 1280x720 laptop gets the whole screen, not more
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.value("window/splitter")
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([560, 330])
        self.chart_area.setVisible(self.charts_action.isChecked())
        self.tabs.setCurrentIndex(int(self.settings.value("window/tab", 1)))

    def save_window_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/charts", self.charts_action.isChecked())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        if self.issues_page is not None:
            self.settings.setValue("issues/splitter", self.issues_page.splitter.saveState())
        for page in self.table_pages():
            page.save_columns(self.settings)
        self.settings.sync()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)  # not from inside the paint

    def closeEvent(self, event) -> None:
        if not self.close_editors():  # 取消 on an editor's unsaved changes keeps everything open
            event.ignore()
            return
        self.save_window_state()
        self._close_session()
        self.desk.shutdown()  # leases of the closed editors are given back
        super().closeEvent(event)


__all__ = ["MainWindow"]
