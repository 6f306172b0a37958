"""The windows the main window opens: one editor per issue, one comparison window, one user guide,
and the house profile, settings and about dialogs."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QMessageBox
from shiboken6 import isValid

from ui.common.lazy_qt import Qt
from ui.main_window.part import WindowPart

# a menu's access key: 新建周报(&U)… in Chinese (the whole "(&U)" goes), &New Issue… in English
_ACCESS_KEY = re.compile(r"\s*[(（]&\w[)）]|&(?=[^&])")


def _button_words(menu_text: str) -> str:
    """A menu command's words on a message box's button: without its access key, which the box would
    not honour (a bare "(U)" would be left in Chinese)."""
    return _ACCESS_KEY.sub("", menu_text)


def _fit_sentences(box: QMessageBox) -> None:
    """Widen ``box`` so each of its short sentences stays on one line: QMessageBox sizes to the smallest
    width its labels allow, and Chinese text may break after any character (可先为所选的一周新 / 建…)."""
    from PySide6.QtWidgets import QLabel

    for label in box.findChildren(QLabel):
        if label.objectName() in ("qt_msgbox_label", "qt_msgbox_informativelabel") and label.text():
            width = label.fontMetrics().horizontalAdvance(label.text()) + 4
            label.setMinimumWidth(max(280, min(width, 520)))  # a longer sentence wraps within 520 px


translate = QCoreApplication.translate


class Windows(WindowPart):
    """Opens and tracks the windows beside the main one; reports saves and status changes up."""

    issue_created = Signal(int)  # a draft copied forward from last week's issue
    company_activated = Signal(str)  # a company picked in the comparison window

    def __init__(self, window):
        super().__init__(window)
        self.editors: dict = {}
        self.diff_view = None
        self.guide = None
        self.new_issue_dialog = None  # 新建周报…, while it is open
        self.issue_created.connect(window.issue_created)
        self.company_activated.connect(window.show_company_figures)

    def close_all(self) -> None:
        """Before the store closes: the editors and the comparison window read it."""
        for editor in list(self.editors.values()):
            editor.close()
        if self.diff_view is not None and isValid(self.diff_view):
            self.diff_view.close()
        self.diff_view = None

    # ------------------------------------------------------------------ issue editors
    def open_issue_editor(self, issue_id: int):
        """Open an issue in the editor, in a window of its own (one per issue)."""
        w = self.window
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
            w._show_message(translate("MainWindow", "The issue editor is not available: %1").replace("%1", str(exc)))
            return None
        editor = IssueEditor(self.session.path, issue_id, None, settings=w.settings, ask_save=w.ask_save)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.setWindowIcon(w.windowIcon())
        editor.setWindowTitle(self.editor_window_title(editor.title_text()))
        editor.title_changed.connect(lambda text, e=editor: e.setWindowTitle(self.editor_window_title(text)))
        editor.saved.connect(self._on_editor_saved)
        editor.status_changed.connect(lambda status, e=editor: self._on_editor_status_changed(e, status))
        editor.lifecycle_failed.connect(lambda text, e=editor: self._on_editor_lifecycle_failed(e, text))
        editor.exported.connect(lambda result, e=editor: self._on_editor_exported(e, result))
        editor.message.connect(w._show_message)
        editor.modified.connect(w.update_saved_label)
        editor.destroyed.connect(lambda *_: self._on_editor_destroyed(issue_id))
        # an import or a figure typed here changes what the editor's preview and preflight show
        self.session.reloaded.connect(editor.on_store_changed)
        self.session.changed.connect(editor.on_store_changed)
        self.editors[issue_id] = editor
        w.desk.attach_editor(editor)  # with a desk: the draft's lease, or read-only while someone holds it
        w.update_saved_label()  # an editor may open with a restored autosave: unsaved at once
        from ui.common.geometry import remember_geometry

        remember_geometry(editor, "issue_editor", 1400, 900, w.settings)  # fits a laptop; reopens as left
        editor.show()
        return editor

    @staticmethod
    def editor_window_title(text: str) -> str:
        return f"{text} — {translate('MainWindow', 'Analyst Workbench')}"

    def unsaved_editors(self) -> list:
        return [e for e in self.editors.values() if isValid(e) and e.has_unsaved_changes()]

    def save_open_editor(self, issue_id: int) -> bool:
        """Before ``issue_id`` is exported or copied forward from the main window: its open editor's
        unsaved changes are saved first, as the editor's own export does, so the file or the copy has
        what was typed. False when the save was refused (the editor is raised and says why)."""
        for editor in self.unsaved_editors():
            if editor.issue_id == issue_id and not editor.save():
                editor.raise_()
                editor.activateWindow()
                return False
        return True

    def close_editors(self) -> bool:
        """Close every open editor, each asking about its unsaved changes; False when one was kept open."""
        for editor in list(self.editors.values()):
            if isValid(editor) and not editor.close():
                editor.raise_()
                editor.activateWindow()
                return False
        return True

    def _on_editor_destroyed(self, issue_id: int) -> None:
        self.editors.pop(issue_id, None)
        w = self.window
        if isValid(w) and isValid(w.saved_label):
            w.update_saved_label()

    def refresh_issue_views(self) -> None:
        """The Issues list and an open comparison window, after an issue was added, saved or moved on."""
        if self.window.issues_page is not None:
            self.window.issues_page.refresh()
        if self.diff_view is not None and isValid(self.diff_view):
            self.diff_view.reload_issues()

    def _on_editor_saved(self, issue_id: int) -> None:
        self.refresh_issue_views()
        when = datetime.now().strftime("%H:%M:%S")
        self.window.set_saved_text(translate("MainWindow", "Saved %1").replace("%1", when))

    def _on_editor_status_changed(self, editor, status: str) -> None:
        from ui.models import IssueListModel

        self.refresh_issue_views()
        self.window._show_message(translate("MainWindow", "Issue #%1 is now %2").replace("%1", str(editor.issue_id))
                                  .replace("%2", IssueListModel.status_text(status)))

    def _on_editor_lifecycle_failed(self, editor, text: str) -> None:
        """A refused review, final or correction step: a message box on the editor, and the status bar."""
        self.window._show_message(text.splitlines()[0] if text else "")
        self.window.message_box(QMessageBox.Icon.Warning,
                                translate("MainWindow", "Issue #%1").replace("%1", str(editor.issue_id)), text,
                                parent=editor)

    def _on_editor_exported(self, editor, result) -> None:
        final = getattr(editor.issue, "status", "") == "final"
        self.window.show_export_result(result, editor, issue_id=editor.issue_id, final=final)

    def new_issue_from_last_week(self) -> int | None:
        """Copy the latest issue forward a week (the core's copy_forward), list it, select it and open it."""
        w = self.window
        if self.session is None:
            return None
        try:
            from ui.issue_editor.lifecycle import next_week_issue
        except ImportError as exc:
            w._show_message(translate("MainWindow", "The issue editor is not available: %1").replace("%1", str(exc)))
            return None
        from workbench.errors import WorkbenchError

        try:  # the issue copied forward takes the text typed in its open editor
            latest = self.session.store.issue("latest").id
        except WorkbenchError:  # no issue yet: the core says so below
            latest = None
        if latest is not None and not self.save_open_editor(latest):
            return None
        found = next_week_issue(self.session.path, w)
        if found is None:
            return None
        issue_id, created = found
        if created:
            self.follow_latest_table()
        w.tabs.setCurrentWidget(w.issues_page)
        w.issues_page.clear_filters()  # the new draft must not be hidden by a search
        self.refresh_issue_views()
        w.issues_page.select_issue(issue_id)
        w.refresh_counts()
        issue = self.session.store.issue(issue_id)
        text = (translate("MainWindow", "Issue #%1 (%2 – %3) drafted from last week") if created
                else translate("MainWindow", "Issue #%1 (%2 – %3) already covers that week: opened"))
        w._show_message(text.replace("%1", str(issue_id)).replace("%2", issue.period_start)
                        .replace("%3", issue.period_end))
        if not created:
            self.open_issue_editor(issue_id)
            return issue_id
        self.issue_created.emit(issue_id)
        self.open_issue_editor(issue_id)
        return issue_id

    def follow_latest_table(self) -> None:
        """The Financials grid showing the report's columns moves to the latest issue's table (a new week's
        YTD column is the new year's): an issue made here is never pulled from the desk, whose sync
        is what checks this otherwise."""
        page = getattr(self.window, "financials_page", None)
        model = getattr(page, "model", None)
        if model is not None and model.default_columns_moved():
            model.reload()

    def new_first_issue(self, day: str | None = None, series: str | None = None) -> int | None:
        """新建周报…: a draft for a chosen week (the core's first_issue), listed, selected and opened.

        Asks for the day and the series unless ``day`` is given; a refusal (a week the series already
        has) is said in the dialog, which offers to open that issue or to make another one anyway, or
        returned as None with the message in the status bar."""
        w = self.window
        if self.session is None or self.session.read_only:
            return None
        from ui.common.companies import current_user
        from workbench.desk.roles import recorded_name
        from workbench.drafting.first import first_issue
        from workbench.drafting.lifecycle import IssueExists
        from workbench.errors import WorkbenchError

        made: list[int] = []
        dialog = None

        def submit(day: str, series: str, again: bool = False) -> str | None:
            try:
                store = self.session.store
                by = recorded_name(store, None, current_user())  # on a desk the desk user, as `new-issue` records
                made.append(first_issue(store, day, by=by, series=series or None, again=again).id)
            except IssueExists as exc:
                if dialog is not None:
                    dialog.offer_taken(exc.issue_id)
                return exc.message
            except WorkbenchError as exc:
                return exc.message
            return None

        if day is not None:
            problem = submit(day, series or "")
            if problem:
                w._show_message(problem)
                return None
        else:
            from ui.dialogs.new_issue import NewIssueDialog

            dialog = NewIssueDialog(self.session.store.house().get("series") or [], w)
            dialog.submit = submit
            self.new_issue_dialog = dialog
            if not dialog.exec():
                return None
            if dialog.open_id is not None:  # the week's issue, opened rather than made again
                return self._open_listed_issue(dialog.open_id)
        issue_id = made[0]
        self.follow_latest_table()
        self._list_issue(issue_id)
        issue = self.session.store.issue(issue_id)
        w._show_message(translate("MainWindow", "Issue #%1 (%2 – %3) drafted").replace("%1", str(issue_id))
                        .replace("%2", issue.period_start).replace("%3", issue.period_end))
        self.issue_created.emit(issue_id)
        self.open_issue_editor(issue_id)
        return issue_id

    def set_empty_states(self) -> None:
        """What the empty tables of a new store say to do, with the actions that do it."""
        w = self.window
        w.companies_page.set_empty_state(
            translate("MainWindow", "No companies yet. Import the week's data from Wind, iFinD, Choice or Excel, "
                                    "or add a company by hand."), [w.import_action, w.add_company_action])
        w.financials_page.set_empty_state(
            translate("MainWindow", "No financial figures yet. Import the week's financials (the companies come "
                                    "with them), or add a company and type its figures here."),
            [w.import_action, w.add_company_action])
        w.quotes_page.set_empty_state(
            translate("MainWindow", "No index quotes yet. Import the week's index quotes to see them here and draw "
                                    "the charts."), [w.import_action])

    def no_issue_yet(self, title: str) -> bool:
        """True when the store has no issue at all: said, with 新建周报… offered (an export of "the
        latest issue" has nothing to export, and the way on is a first issue)."""
        from ui.common.i18n import for_ui
        from workbench.errors import NotFound

        if self.session is None:
            return False
        try:
            self.session.store.issue("latest")
            return False
        except NotFound as exc:
            text = for_ui(exc.message)
        w = self.window
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, w)
        new = None
        if not self.session.read_only:
            box.setInformativeText(translate("MainWindow", "Start with a first issue for a week you choose."))
            new = box.addButton(_button_words(w.first_issue_action.text()), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(new)
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
        _fit_sentences(box)
        self.no_issue_box = box
        box.exec()
        if new is not None and box.clickedButton() is new:
            self.new_first_issue()
        return True

    def _list_issue(self, issue_id: int) -> None:
        """The Issues list shown, unfiltered, with ``issue_id`` selected."""
        w = self.window
        w.tabs.setCurrentWidget(w.issues_page)
        w.issues_page.clear_filters()  # the issue must not be hidden by a search
        self.refresh_issue_views()
        w.issues_page.select_issue(issue_id)
        w.refresh_counts()

    def _open_listed_issue(self, issue_id: int) -> int:
        """An existing issue selected in the list and opened in its editor."""
        self._list_issue(issue_id)
        issue = self.session.store.issue(issue_id)
        self.window._show_message(translate("MainWindow", "Issue #%1 (%2 – %3) already covers that week: opened")
                                  .replace("%1", str(issue_id)).replace("%2", issue.period_start)
                                  .replace("%3", issue.period_end))
        self.open_issue_editor(issue_id)
        return issue_id

    # ------------------------------------------------------------------ comparison, guide, dialogs
    def open_diff_view(self, before_id: int | None = None, after_id: int | None = None):
        """The comparison window (one), comparing ``before_id`` with ``after_id`` when both are given."""
        w = self.window
        if self.session is None:
            return None
        view = self.diff_view if self.diff_view is not None and isValid(self.diff_view) else None
        if view is None:
            try:
                from ui.views.diff import DiffView
            except ImportError as exc:
                w._show_message(translate("MainWindow", "Comparing issues is not available: %1")
                                .replace("%1", str(exc)))
                return None
            view = DiffView(self.session.path, None)
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            view.setWindowIcon(w.windowIcon())
            view.setWindowTitle(self.editor_window_title(translate("MainWindow", "Compare issues")))
            view.company_activated.connect(self.company_activated)
            from ui.common.geometry import remember_geometry

            remember_geometry(view, "diff_view", 1100, 700, w.settings)
            self.diff_view = view
        else:
            view.reload_issues()
        if before_id is not None and after_id is not None:
            view.compare(before_id, after_id)
        view.show()
        view.raise_()
        view.activateWindow()
        return view

    def show_user_guide(self):
        """The user guide in a window of its own (one), left open beside the work."""
        from ui.dialogs.small import show_user_guide

        self.guide = show_user_guide(self.guide, self.window)
        return self.guide

    def show_house_profile(self) -> None:
        if self.session is None:
            return
        try:
            from ui.dialogs.house import HouseDialog
        except ImportError as exc:
            self.window._show_message(translate("MainWindow", "The house profile is not available: %1")
                                      .replace("%1", str(exc)))
            return
        dialog = HouseDialog(self.session.store, self.window)
        # the grid prints numbers in the house's number style: show a changed style at once
        dialog.saved.connect(lambda: self.session.notify_reloaded(clear_undo=False))
        dialog.exec()

    def show_settings(self) -> None:
        from ui.dialogs import SettingsDialog

        SettingsDialog(self.window.settings, self.window).exec()

    def show_about(self) -> None:
        from ui.dialogs import AboutDialog

        AboutDialog(self.window).exec()


__all__ = ["Windows"]
