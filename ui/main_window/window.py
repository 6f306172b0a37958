"""The main window: Companies, Financials, Index quotes, Issues and Notes tabs over one store, the
charts under them, menus, toolbar and status bar.

The window is the coordinator: it owns the session and the layout and hands each concern to a part
(pages, editing, chart_sync, exports, windows; actions and menus are declared in their own modules;
the status bar, the title and the window's messages are a mixin, ``status.StatusMixin``).
Only Qt and these light modules load with it; the views, the store and the charts load after the
first paint. The first screen reads the store through a plain sqlite3 reader (``LazyStore``); the
full Store (sqlite-utils) opens in the idle time after it, or at once when something writes first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ui.common.i18n import for_ui
from ui.common.icons import icon
from ui.common.lazy_qt import Qt
from ui.main_window import actions, menus
from ui.main_window.menus import STORE_FILTER
from ui.main_window.pages import NOTES_TAB, placeholder
from ui.main_window.part import LazyPart, delegate, part_attribute
from ui.main_window.status import StatusMixin

# ``workbench.store.sync_state.SETTING_URL``: a store with a desk address syncs (and so opens its full
# Store) as soon as it is opened; sync_state itself loads the Store, so it is not imported for the look.
DESK_URL_SETTING = "desk.url"

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


# the exports of an issue (the part's method, the title of its messages): on a store without any issue
# they offer 新建周报… instead
EXPORTS_OF_AN_ISSUE = (("export_pdf", "Export PDF"), ("export_table_xlsx", "Export Table to Excel"),
                       ("export_record", "Export Publication Record"))


def unless_no_issue(name: str, title: str):
    """An export of the window (``self.exports.<name>``) that, asked for the latest issue of a store
    without any, says so and offers 新建周报… (``title``: the export's, in the MainWindow context)."""
    def method(self, issue_id: int | None = None, *args, **kwargs):
        if issue_id is None and self.windows.no_issue_yet(QApplication.translate("MainWindow", title)):
            return None
        return getattr(self.exports, name)(issue_id, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"``self.exports.{name}``, or 新建周报… offered on a store without any issue."
    return method


def app_settings() -> QSettings:
    from ui.common.settings import settings

    return settings()


def _ask_confirm(parent, title: str, text: str) -> bool:
    from ui.common.prompts import ask_confirm

    return ask_confirm(parent, title, text)


# the plain Yes/No box: a question whose buttons say what they do (taking a draft over) asks with its own
_ask_confirm.plain_box = True


def _choose_index(parent, title: str, label: str, choices: list[tuple[int, str]]) -> int | None:
    from ui.common.prompts import choose_index

    return choose_index(parent, title, label, choices)


def open_full_store_when_idle(window, session) -> None:
    """Open the session's full Store (sqlite-utils) after the first screen: once the charts are drawn
    the first time, else at the next idle turn of the event loop; the desk attaches with it, and the
    tables then compute the keys of a first sort (``StoreTableModel.prepare_sort_keys``)."""
    def full_store() -> None:
        if window.session is not session:
            return
        import sqlite3

        from workbench.errors import WorkbenchError

        try:
            session.store.full()
        except (WorkbenchError, sqlite3.Error, OSError):
            return  # the first write opens it again and says what is wrong, in the core's words
        window.desk  # noqa: B018 (the desk attaches now that the Store is open)
        for page in window.table_pages():  # then the keys of a first sort, still in idle time
            if page.model is not None:
                page.model.prepare_sort_keys()

    if window.chart_sync.charts is None:
        def after_charts() -> None:
            window.charts_ready.disconnect(after_charts)
            QTimer.singleShot(0, full_store)

        window.charts_ready.connect(after_charts)
    else:
        QTimer.singleShot(0, full_store)


class MainWindow(StatusMixin, QMainWindow):
    """The workbench's window over one store file."""

    first_painted = Signal()  # once, after the window's first paint
    store_opened = Signal(str)
    charts_ready = Signal()
    export_done = Signal(object)  # the ExportResult, or the exception that stopped the export
    table_export_done = Signal(object)  # the workbook's Path, or the exception that stopped it
    issue_created = Signal(int)  # a draft copied forward from last week's issue
    backup_done = Signal(object)  # the backup's Path, or the exception that stopped it

    NOTES_TAB = NOTES_TAB

    def __init__(self, *, settings: QSettings | None = None, confirm=None, ask_save=None):
        super().__init__()
        self.settings = settings or app_settings()
        self.confirm = confirm or _ask_confirm
        self.choose_index = _choose_index  # (parent, title, label, [(id, name)]) -> id or None; injectable
        self.ask_save = ask_save  # the editors' Save / Discard / Cancel question (None: the real box)
        self._saved_text = ""
        self.session = None
        self.counts: dict = {}  # the status bar's latest counts of the open store
        self.last_message_box = None
        self._painted = False
        self.setWindowIcon(icon("workbench"))
        self.setStyleSheet(START_STYLE)
        self.undo_group = QUndoGroup(self)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # The views are built with the first store, after the window's first paint: their modules
        # (models, grid, issue reader) then load off the start-up path.
        for title in (self.tr("Companies"), self.tr("Financials"), self.tr("Index quotes"), self.tr("Issues"),
                      self.tr("Notes")):
            self.tabs.addTab(placeholder(self.tr("Opening the store…"), self.tabs), title)
        # The chart area under the views; pyqtgraph loads into it after the tables are filled.
        self.chart_area = QWidget(self)
        chart_box = QVBoxLayout(self.chart_area)
        chart_box.setContentsMargins(0, 0, 0, 0)
        chart_box.addWidget(placeholder(self.tr("Loading charts…"), self.chart_area))
        self.splitter = QSplitter()  # parented by setCentralWidget; QSplitter(self) would touch Qt enums
        self.splitter.setObjectName("main")
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.chart_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        central = QWidget(self)  # the welcome panel (welcome.py) goes above the views
        self.central_box = QVBoxLayout(central)
        self.central_box.setContentsMargins(0, 0, 0, 0)
        self.central_box.setSpacing(4)
        self.central_box.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        from ui.desk.controller import DeskController

        self._desk = DeskController(self)  # the desk server: its actions and status show once a store joined one
        self._desk_waiting = None  # the session the desk attaches to once its Store is open (or on first use)
        actions.create_actions(self)
        menus.build_menus(self)
        menus.build_toolbar(self)
        menus.build_status_bar(self)
        from ui.main_window.welcome import WelcomePanel

        self.welcome_panel = WelcomePanel(self.guide_action, self.import_action, self.settings, self)
        self.central_box.insertWidget(0, self.welcome_panel)
        self.undo_group.cleanChanged.connect(self._on_undo_clean_changed)
        self.tabs.currentChanged.connect(self.pages.on_tabs_current_changed)
        self._restore_window()
        self._update_title()
        actions.update_enabled(self)

    # ------------------------------------------------------------------ the parts, and the names kept on the window
    pages = LazyPart("pages", "Pages")
    editing = LazyPart("editing", "Editing")
    chart_sync = LazyPart("chart_sync", "ChartSync")
    exports = LazyPart("exports", "Exports")
    windows = LazyPart("windows", "Windows")
    companies_page = part_attribute("pages", "companies_page")
    financials_page = part_attribute("pages", "financials_page")
    quotes_page = part_attribute("pages", "quotes_page")
    issues_page = part_attribute("pages", "issues_page")
    notes_view = part_attribute("pages", "notes_view")
    table_pages = delegate("pages", "table_pages")
    current_page = delegate("pages", "current_page")
    current_company = delegate("pages", "current_company")
    show_notes = delegate("pages", "show_notes")
    show_company_figures = delegate("pages", "show_company_figures")
    new_note_for_company = delegate("pages", "new_note_for_company")
    copy, copy_with_headers, paste, cut, delete, find = (
        delegate("editing", n) for n in ("copy", "copy_with_headers", "paste", "cut", "delete", "find"))
    current_fact = delegate("editing", "current_fact")
    show_provenance = delegate("editing", "show_provenance")
    add_company = delegate("editing", "add_company")
    add_company_dialog = delegate("editing", "add_company_dialog")
    report_order = delegate("editing", "report_order")
    set_benchmark = delegate("editing", "set_benchmark")
    edit_index_code = delegate("editing", "edit_index_code")
    merge_index = delegate("editing", "merge_index")
    _current_quote_index = delegate("editing", "current_quote_index")
    on_all_columns_toggled = delegate("editing", "on_all_columns_toggled")
    charts = part_attribute("chart_sync", "charts")
    ensure_charts = delegate("chart_sync", "ensure_charts")
    on_charts_toggled = delegate("chart_sync", "on_charts_toggled")
    show_company_chart = delegate("chart_sync", "on_company_selected")
    mark_charts_stale = delegate("chart_sync", "mark_stale")
    import_files = delegate("exports", "import_files")
    _on_import_dialog_imported = delegate("exports", "on_import_dialog_imported")
    show_export_result, backup_store, restore_store = (
        delegate("exports", n) for n in ("show_export_result", "backup_store", "restore_store"))
    export_pdf, export_table_xlsx, export_record = (unless_no_issue(n, title) for n, title in EXPORTS_OF_AN_ISSUE)
    last_export = part_attribute("exports", "last_export")
    editors = part_attribute("windows", "editors")
    _diff_view = part_attribute("windows", "diff_view")
    _guide = part_attribute("windows", "guide")
    open_issue_editor, editor_window_title = (delegate("windows", n) for n in ("open_issue_editor",
                                                                             "editor_window_title"))
    _refresh_issue_views, open_diff_view, new_issue_from_last_week = (
        delegate("windows", n) for n in ("refresh_issue_views", "open_diff_view", "new_issue_from_last_week"))
    show_house_profile, show_user_guide, show_settings, show_about, unsaved_editors, close_editors = (
        delegate("windows", n) for n in ("show_house_profile", "show_user_guide", "show_settings", "show_about",
                                         "unsaved_editors", "close_editors"))
    save_open_editor = delegate("windows", "save_open_editor")

    @property
    def desk(self):
        """The desk controller, attached to the open session first if that was left for later."""
        if self._desk_waiting is not None:
            session, self._desk_waiting = self._desk_waiting, None
            self._desk.attach(session)
        return self._desk

    def update_company_actions(self, *args) -> None:
        actions.update_company_actions(self)

    def on_company_selected(self, ticker) -> None:
        """A new current company in Companies or Financials: its chart, and the actions that need one."""
        self.show_company_chart(ticker)
        actions.update_company_actions(self)

    def update_benchmark_actions(self, *args) -> None:
        actions.update_benchmark_actions(self)

    def recent_stores(self) -> list[str]:
        return menus.recent_stores(self.settings)

    # ------------------------------------------------------------------ store
    def open_store(self, path: str | Path, *, new: bool = False) -> bool:
        """Open the store at ``path`` (or create it: a path that does not exist, or ``new``, 新建数据文件
        naming an empty file) and show it in every view. An empty file (0 bytes: a store truncated by
        a crash) is refused and left as it is: opening it would make a new empty store of it."""
        path = Path(path)
        self.statusBar().showMessage(self.tr("Opening %1…").replace("%1", str(path)))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            from PySide6.QtWidgets import QMessageBox  # (PySide builds a class's enums on its first import)

            from ui.models import CompanyTableModel, FinancialsTableModel, IssueListModel, QuoteTableModel

            from workbench.errors import WorkbenchError
            from workbench.errors import StoreUnavailable
            from workbench.store.reader import LazyStore, check_store_path  # plain sqlite3: sqlite-utils loads once the tables show

            try:
                check_store_path(path, new_store=new)
                store = LazyStore.open(path)
            except StoreUnavailable as exc:
                QApplication.restoreOverrideCursor()
                message = (self.tr("%1 is empty (0 bytes): it holds no store and was left as it is. To make a new "
                                   "store in it, use File → New Store….").replace("%1", str(path))
                           if exc.reason == "empty" else for_ui(exc.message))
                QMessageBox.critical(self, self.tr("Cannot open store"), message)
                self.statusBar().clearMessage()
                return False  # a store needing an upgrade (or a new file) opens as a Store now
            except WorkbenchError as exc:
                QApplication.restoreOverrideCursor()
                QMessageBox.critical(self, self.tr("Cannot open store"), for_ui(exc.message))
                self.statusBar().clearMessage()
                return False
            if not self.close_editors():
                QApplication.restoreOverrideCursor()
                store.close()
                self.statusBar().clearMessage()
                return False
            self._close_session()
            if self.companies_page is None:
                self.pages.build()
                actions.set_drawn_icons(self)
                self.windows.set_empty_states()
            from ui.common.companies import current_user
            from ui.services.session import StoreSession

            session = StoreSession(store, self, user=current_user(self.settings))
            self.session = session
            self.undo_group.addStack(session.undo_stack)
            self.undo_group.setActiveStack(session.undo_stack)
            self._undo_place = (session.undo_stack.index(), None, session.undo_stack.count())
            session.undo_stack.indexChanged.connect(lambda index, stack=session.undo_stack: self._on_undo_index(stack))
            session.changed.connect(self.chart_sync.on_session_changed)
            session.reloaded.connect(self._on_session_reloaded)
            session.saved.connect(lambda when: self.set_saved_text(self.tr("Saved %1").replace("%1", when)))
            session.failed.connect(self._on_session_failed)

            financials = FinancialsTableModel(session)
            for page, model in ((self.companies_page, CompanyTableModel(session)),
                                (self.financials_page, financials), (self.quotes_page, QuoteTableModel(session))):
                model.reload()
                page.set_model(model, self.settings)
            if self.all_columns_action.isChecked():  # the report's columns first; every one once listed
                financials.show_every_column()
            issues = IssueListModel(session)
            issues.reload()
            self.issues_page.set_model(issues, self.settings)
            menus.add_recent(self.settings, path)
            self.path_label.setText(str(path))
            self.path_label.setToolTip(str(path))
            self.set_saved_text(self.tr("All changes saved"))
            self.refresh_counts()
            self._update_title()
            actions.update_enabled(self)
            self.statusBar().showMessage(self.tr("Opened %1").replace("%1", path.name), 4000)
            self.chart_sync.store_opened()
        finally:
            if QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()
        if self.tabs.currentIndex() == NOTES_TAB:
            self.pages.build_notes_view()
        if session.store.is_open or session.store.get_setting(DESK_URL_SETTING):
            self.desk.attach(session)  # a store that joined a desk syncs now, on a worker
        else:
            self._desk_waiting = session  # attached with the full Store, or when the desk is first used
        open_full_store_when_idle(self, session)
        self.store_opened.emit(str(path))
        return True

    def _close_session(self) -> None:
        if self.session is None:
            return
        self.windows.close_all()  # the editors and the comparison window read the store being closed
        self._desk_waiting = None
        self._desk.detach()
        self.pages.drop_notes_view()
        for page in self.table_pages():
            page.view.commit_pending_edit()  # a value still being typed lands in the store it was typed for
            page.save_columns(self.settings)
        self.undo_group.removeStack(self.session.undo_stack)
        self.session.close()
        self.session.deleteLater()
        self.session = None
        self.counts: dict = {}  # the status bar's latest counts of the open store

    def new_store(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        path, _ = QFileDialog.getSaveFileName(self, self.tr("New store"), str(Path.home() / "workbench.sqlite"),
                                              self.tr("Workbench store (%1)").replace("%1", STORE_FILTER))
        if not path:
            return
        if Path(path).exists() and Path(path).stat().st_size:
            QMessageBox.information(self, self.tr("New store"),
                                    self.tr("%1 already exists; it is opened as it is.").replace("%1", path))
        self.open_store(path, new=True)

    def open_store_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.session.path.parent) if self.session else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open store"), start,
                                              self.tr("Workbench store (%1)").replace("%1", STORE_FILTER))
        if path:
            self.open_store(path)

    def reload(self) -> None:
        if self.session is not None:
            self.session.notify_reloaded(clear_undo=False)

    def _on_session_reloaded(self) -> None:
        self.mark_charts_stale("all")  # new indices or datasets may have arrived
        self._update_title()

    # ------------------------------------------------------------------ window state
    def _restore_window(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            from ui.common.geometry import fit_to_screen

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
        self._desk.shutdown()  # leases of the closed editors are given back
        super().closeEvent(event)


__all__ = ["MainWindow", "app_settings"]
