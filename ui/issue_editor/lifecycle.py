"""The issue's lifecycle from the editor: review, final (on a worker), correction, the exports, copy-forward.

Every step is the core's (``change_status``, ``open_correction``, ``export_issue``, ``export_table_xlsx``,
``copy_forward``); this module asks the questions, keeps the editor busy while a worker runs, and
reports through the editor's signals.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog, QLabel, QListWidget,
                               QListWidgetItem, QMessageBox, QVBoxLayout)

from workbench.errors import WorkbenchError

_LISTED = 200  # figures named in the 定稿 confirmation (its list scrolls); more are counted
RECHECK_MS = 400  # a preflight on screen is checked again once a burst of store changes pauses this long
_live_checks: set = set()  # checks running on the pool, kept until they report (their editor may close first)


def new_issue_from_last_week(store_path: str | Path, parent=None) -> int | None:
    """Copy the latest issue forward a week (the core's copy_forward); returns the new issue's id.

    When the core refuses (e.g. the store holds no issue yet) the reason is shown and None returned.
    """
    found = next_week_issue(store_path, parent)
    return found[0] if found is not None else None


def next_week_issue(store_path: str | Path, parent=None) -> tuple[int, bool] | None:
    """The issue for the week after the latest one: ``(id, True)`` when it was drafted now, or
    ``(id, False)`` when the series already had one for that week and the user chose to open it
    (the core never drafts a second one unasked). None when refused or declined."""
    from ui.common.companies import current_user
    from ui.common.i18n import for_ui
    from workbench.desk.roles import recorded_name
    from workbench.drafting.lifecycle import IssueExists, copy_forward
    from workbench.store import Store

    title = QApplication.translate("IssueEditor", "New issue from last week")
    try:
        with Store(store_path) as store:
            # on a store joined to a desk the desk user, as `workbench new-issue` records it
            return copy_forward(store, "latest", by=recorded_name(store, None, current_user())).id, True
    except IssueExists as exc:
        question = for_ui(exc.message) + "\n\n" + QApplication.translate("IssueEditor", "Open issue #%1?").replace(
            "%1", str(exc.issue_id))
        answer = QMessageBox.question(parent, title, question)
        return (exc.issue_id, False) if answer == QMessageBox.StandardButton.Yes else None
    except WorkbenchError as exc:
        QMessageBox.warning(parent, title, for_ui(exc.message))
        return None


class Checks(QObject):
    """The editor's preflight on pool workers, each with a Store of its own: the 运行检查 button and
    a status change wait for it with the window painting; after a store change a preflight on screen
    is checked again in the background."""

    def __init__(self, editor):
        super().__init__(editor)
        self.editor = editor
        self.check_task = None  # the worker checking the issue again after a store change, if any
        self._check_again = False
        self._waiting = False
        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(RECHECK_MS)
        self._recheck_timer.timeout.connect(self._recheck)

    def run_waiting(self, title: str, fn, *, cancellable: bool = True):
        """Run ``fn(store, progress)`` on a worker with its own Store while the window keeps painting
        (a progress dialog shows when it takes long); returns ``(result, error)``, both None when the
        user cancelled, or None when another such run is under way."""
        from ui.services.workers import run_store_task

        if self._waiting:
            return None
        self._waiting = True
        loop = QEventLoop(self)
        out: dict = {}

        def finished(value) -> None:
            out.setdefault("result", value)
            loop.quit()

        def failed(exc) -> None:
            out.setdefault("error", exc)
            loop.quit()

        try:
            task = run_store_task(self.editor, title, self.editor.store_path, fn, on_finished=finished,
                                  on_failed=failed, cancel_text=QCoreApplication.translate("IssueEditor", "Cancel"))
            if cancellable:
                task.dialog.canceled.connect(lambda: (out.setdefault("cancelled", True), loop.quit()))
            else:
                task.dialog.setCancelButton(None)
            if not out:
                loop.exec()
        finally:
            self._waiting = False
        if out.get("cancelled"):
            return None, None
        return out.get("result"), out.get("error")

    def check(self):
        """The preflight of the issue as the fields show it now, run on a worker: the window keeps
        painting on a store of thousands of companies. Returns the result, or None (refused, the
        reason shown, or cancelled)."""
        import copy

        # (a final's figures the store now holds otherwise are named too, as `workbench check` does)
        from workbench.drafting.printed import preflight_with_published

        editor = self.editor
        try:
            issue = copy.deepcopy(editor.current_issue())
        except WorkbenchError as exc:
            editor.show_error(exc.message)
            return None
        self._recheck_timer.stop()  # this check supersedes a pending one
        ran = self.run_waiting(QCoreApplication.translate("IssueEditor", "Checking the issue…"),
                               lambda s, progress: preflight_with_published(s, issue))
        if ran is None or editor.store is None:  # cancelled, or the editor closed meanwhile
            return None
        result, exc = ran
        if exc is not None:
            editor.show_error(getattr(exc, "message", None) or str(exc))
            return None
        return result

    def recheck_later(self) -> None:
        """Check a preflight on screen again once the store's changes pause (a burst of typed figures
        or an import checks once), on a worker."""
        self._recheck_timer.start()

    def _recheck(self) -> None:
        import copy

        from ui.services.workers import StoreTask
        from workbench.report import preflight

        editor = self.editor
        panel = editor.preflight_panel
        if self.check_task is not None:
            self._check_again = True
            return
        if editor.store is None or editor.issue.status == "final" or panel.result is None:
            return
        try:
            issue = copy.deepcopy(editor.current_issue())
        except WorkbenchError:
            return  # the issue as typed cannot be checked now: the next run of the check says why
        shown = panel.result
        task = StoreTask(editor.store_path, lambda s, progress: preflight(s, issue))
        task.signals.finished.connect(lambda result: self._rechecked(task, shown, result))
        task.signals.failed.connect(lambda exc: self._rechecked(task, shown, None))
        _live_checks.add(task)
        self.check_task = task
        panel.summary.setText(QCoreApplication.translate("IssueEditor", "Checking again…"))
        panel.summary.setStyleSheet("color: #888;")
        panel.run_button.setEnabled(False)
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().start(task)

    def _rechecked(self, task, shown, result) -> None:
        """A check after a store change is back: shown unless the panel moved on meanwhile (the status
        changed, the editor closed, a newer check ran); a check that failed leaves the last findings."""
        from shiboken6 import isValid

        _live_checks.discard(task)
        if task is not self.check_task or not isValid(self) or not isValid(self.editor.preflight_panel):
            return
        self.check_task = None
        editor = self.editor
        panel = editor.preflight_panel
        panel.run_button.setEnabled(True)
        if editor.store is not None and panel.result is not None:
            panel.set_result(result if result is not None and panel.result is shown else panel.result)
        if self._check_again:
            self._check_again = False
            self._recheck()


class Lifecycle(QObject):
    """Status changes and exports of the editor's issue; ``task`` is the worker running, if any."""

    def __init__(self, editor):
        super().__init__(editor)
        self.editor = editor
        self.task = None
        self.checks = Checks(editor)  # the preflight, on workers

    # ------------------------------------------------------------------ status
    def change_status(self, status: str, reason: str | None = None) -> bool:
        from workbench.drafting.lifecycle import change_status

        editor = self.editor
        if editor.has_unsaved_changes() and not editor.save():
            return False
        issue_id, user = editor.issue.id, editor.user
        self.set_busy(True)
        try:  # the preflight that review asks for runs on a worker: the window keeps painting
            ran = self.checks.run_waiting(
                QCoreApplication.translate("IssueEditor", "Changing the issue's status…"),
                lambda s, progress: change_status(s, issue_id, status, by=user, reason=reason), cancellable=False)
        finally:
            self.set_busy(False)
        if ran is None or editor.store is None:  # another check under way, or the editor closed meanwhile
            return False
        exc = ran[1]
        if exc is not None:
            message = getattr(exc, "message", None) or str(exc)
            editor.show_error(message)
            editor.lifecycle_failed.emit(message)
            return False
        editor.header.clear_error()  # an earlier refusal no longer stands
        editor.reload()
        editor.status_changed.emit(editor.issue.status)
        return True

    def finalise(self):
        """Freeze the issue on a worker (preflight, PDF, snapshot); returns the running task or None.

        On a store that joined a desk, the desk is asked first (on a worker: never the network in the
        window's thread) whether it holds changes this store has not pulled to what the issue prints;
        the confirmation names them, or warns with the last sync when the desk cannot be reached."""
        editor = self.editor
        if editor.issue.status != "review":
            editor.show_error(QCoreApplication.translate("IssueEditor", "Only an issue in review can be finalised; "
                                                         "submit it for review first."))
            return None
        if editor.has_unsaved_changes() and not editor.save():
            return None
        if self._joined():
            return self._ask_desk()
        return self._confirm_final(None)

    def _joined(self) -> bool:
        from workbench.store import sync_state

        try:
            return bool(self.editor.store.get_setting(sync_state.SETTING_URL))
        except WorkbenchError:
            return False

    def _ask_desk(self):
        """Ask the desk (briefly, on a worker) about newer data for the issue; the confirmation follows."""
        from ui.common.i18n import is_chinese
        from ui.services.workers import run_store_task
        from workbench.store import sync_state

        editor = self.editor
        issue_id = editor.issue.id
        lang = sync_state.ZH if is_chinese() else sync_state.EN

        def ask(s, progress):
            from workbench.desk import ahead

            return ahead.issue_check(s, issue_id, lang=lang)

        self.set_busy(True)
        self.task = run_store_task(
            editor, QCoreApplication.translate("IssueEditor", "Asking the desk server for newer data…"),
            editor.store_path, ask, on_finished=self._on_desk_answered, on_failed=self._on_desk_failed,
            cancel_text=QCoreApplication.translate("IssueEditor", "Cancel"), detached=True)
        return self.task

    def _on_desk_answered(self, found) -> None:
        self.task = None
        self.set_busy(False)
        self._confirm_final(found)

    def _on_desk_failed(self, exc) -> None:
        self.task = None
        self.set_busy(False)
        self.show_task_error(exc, QCoreApplication.translate("IssueEditor", "Finalising failed: %1"))
        self.editor.lifecycle_failed.emit(getattr(exc, "message", None) or str(exc))

    def _confirm_final(self, found):
        """Ask with what the freeze would carry (and what the desk said, ``found``), then freeze on a
        worker; returns the running task or None."""
        from ui.services.workers import run_store_task
        from workbench.drafting.lifecycle import change_status

        editor = self.editor
        check = self._final_check()
        question = QCoreApplication.translate(
            "IssueEditor", "Finalise issue #%1? Its text, numbers and PDF are frozen as the "
            "published record; later changes need a correction.").replace("%1", str(editor.issue.id))
        if found is not None and found.behind:
            question = QCoreApplication.translate(
                "IssueEditor", "The desk server holds changes this store has not fetched to what issue #%1 "
                "prints (listed below: the desk's value, then this store's). Sync first (File → Sync Now) and "
                "check the issue. Finalise anyway with this store's values?").replace("%1", str(editor.issue.id))
        if not self._ask_final(QCoreApplication.translate("IssueEditor", "Finalise issue"), question,
                               self._desk_notes(found) + self._final_notes(check)):
            return None
        issue_id, user = editor.issue.id, editor.user
        seen = (list(check.changes), list(check.published_changes)) if check is not None else ([], [])
        # what the desk said goes into the final's status-log entry: the changes finalised over, or offline
        desk_note = found.log_note() if found is not None else None

        def finalise(s, progress):
            from workbench.drafting.lifecycle import FiguresChanged

            def shown(found):  # only the changes the user was shown are accepted; any other refuses
                if (found.changes, found.published_changes) != seen:
                    raise FiguresChanged(issue_id, found.changes, found.published_changes, found.published_version)
            return change_status(s, issue_id, "final", by=user, progress=progress, accept_changes=True,
                                 shown=shown, desk_note=desk_note)

        self.set_busy(True)
        self.task = run_store_task(
            editor, QCoreApplication.translate("IssueEditor", "Finalising issue…"), editor.store_path,
            finalise, on_finished=self._on_finalise_finished, on_failed=self._on_finalise_failed,
            cancel_text=QCoreApplication.translate("IssueEditor", "Cancel"))
        return self.task

    @staticmethod
    def _desk_notes(found) -> str:
        """The confirmation's words about the desk: the changes it holds that this store has not
        fetched (the desk's value, then this store's), or that it could not be asked (the last sync)."""
        from workbench.store import sync_state
        from ui.common.i18n import is_chinese

        if found is None or not found.joined:
            return ""
        lang = sync_state.ZH if is_chinese() else sync_state.EN
        if not found.reached:
            return "\n\n" + QCoreApplication.translate("IssueEditor", "Desk server:") + "\n• " + found.warning(lang)
        if not found.behind:
            return ""
        return ("\n\n" + QCoreApplication.translate(
            "IssueEditor", "Changes on the desk server this store has not fetched (the desk's value, then this "
            "store's):") + "\n" + "\n".join(f"• {line}" for line in found.lines(lang)))

    def _ask_final(self, title: str, question: str, notes: str) -> bool:
        """The 定稿 confirmation: with the stock box, the lists scroll in a details area so the question
        and 是/否 stay on the screen however many figures and warnings there are; an injected
        ``confirm`` is asked with the whole text."""
        from ui.common import prompts

        editor = self.editor
        if editor.confirm is prompts.ask_confirm and notes.strip():
            return prompts.ask_confirm_details(editor, title, question, notes)
        return editor.confirm(editor, title, question + notes)

    def _final_check(self):
        """What going final would find now (the core's ``final_check``): the preflight's warnings
        and the figures changed since review; None when it cannot tell (the worker then says why)."""
        from workbench.drafting.lifecycle import final_check

        issue_id = self.editor.issue.id
        ran = self.checks.run_waiting(  # on a worker: the window keeps painting while a big table is checked
            QCoreApplication.translate("IssueEditor", "Checking the issue…"),
            lambda s, progress: final_check(s, s.issue(issue_id)), cancellable=False)
        return ran[0] if ran is not None and ran[1] is None else None

    @staticmethod
    def _final_notes(check) -> str:
        """The confirmation's list of what the freeze would carry: a correction's figures differing
        from the published version it replaces (the published value, then the one frozen), the
        figures changed since review (the value the reviewer saw, then the one frozen), then the
        preflight's warnings."""
        from ui.common.i18n import for_ui

        if check is None or check.preflight.blockers:
            return ""

        def listed(changes) -> str:
            shown = [f"• {for_ui(c.describe())}" for c in changes[:_LISTED]]
            if len(changes) > _LISTED:  # beyond a whole table re-imported: counted
                shown.append(QCoreApplication.translate("IssueEditor", "…and %1 more")
                             .replace("%1", str(len(changes) - _LISTED)))
            return "\n".join(shown)

        parts = []
        if check.published_changes:
            note = check.updated_note  # (the 更正说明's own words: the PDF is Chinese whatever the UI's language)
            parts.append((QCoreApplication.translate(
                "IssueEditor", "Figures that differ from the published version %1 (its value first, then the one "
                "frozen now; the correction note will say: %2):").replace("%2", note) if note else
                QCoreApplication.translate("IssueEditor", "Figures that differ from the published version %1 (its "
                                                          "value first, then the one frozen now):"))
                .replace("%1", f"v{check.published_version}") + "\n" + listed(check.published_changes))
        if check.changes:
            parts.append(QCoreApplication.translate(
                "IssueEditor", "Figures changed since the issue went to review (the reviewer saw the first "
                "value; the second is frozen):") + "\n" + listed(check.changes))
        if check.warnings:
            parts.append(QCoreApplication.translate("IssueEditor", "Preflight warnings:") + "\n"
                         + "\n".join(f"• [{f.label}] {for_ui(f.message)}" for f in check.warnings))
        return "".join("\n\n" + p for p in parts)

    def _on_finalise_finished(self, issue) -> None:
        editor = self.editor
        self.task = None
        self.set_busy(False)
        editor.header.clear_error()
        editor.reload()
        editor.message.emit(QCoreApplication.translate("IssueEditor", "Issue #%1 is final")
                            .replace("%1", str(editor.issue.id)))
        editor.status_changed.emit(editor.issue.status)

    def _on_finalise_failed(self, exc) -> None:
        self.task = None
        self.set_busy(False)
        self.show_task_error(exc, QCoreApplication.translate("IssueEditor", "Finalising failed: %1"))
        self.editor.lifecycle_failed.emit(getattr(exc, "message", None) or str(exc))

    def correction(self) -> bool:
        """Reopen a final issue as a new draft version; asks for the reason."""
        from workbench.drafting.lifecycle import open_correction

        editor = self.editor
        if editor.issue.status != "final":
            return False
        reason = editor.ask_text(editor, QCoreApplication.translate("IssueEditor", "Correction"),
                                 QCoreApplication.translate("IssueEditor", "Why is issue #%1 corrected? (kept in the "
                                                                           "issue's history)")
                                 .replace("%1", str(editor.issue.id)))
        if reason is None:
            return False
        try:
            open_correction(editor.store, editor.issue.id, reason=reason, by=editor.user)
        except WorkbenchError as exc:
            editor.show_error(exc.message)
            editor.lifecycle_failed.emit(exc.message)
            return False
        editor.header.clear_error()  # the refused attempt's message no longer stands
        editor.reload()
        editor.status_changed.emit(editor.issue.status)
        return True

    def confirm_outside(self) -> bool:
        """确认这些数值: keep the table figures changed outside the workbench as they are now, after a
        confirmation naming them (``workbench check ISSUE --confirm-outside``); the preflight runs again."""
        from workbench.domain.metrics import METRICS, format_value
        from workbench.report.freshness import column_name
        from workbench.report.preflight import confirm_outside_figures, outside_figures
        from workbench.report.spec import build_report_spec

        editor = self.editor
        if editor.has_unsaved_changes() and not editor.save():
            return False
        try:
            found = outside_figures(editor.store, editor.issue, build_report_spec(editor.store, editor.issue))
        except WorkbenchError as exc:
            editor.show_error(exc.message)
            return False
        if not found:
            editor.run_preflight()
            return False
        names = [f"{row.name}（{row.ticker}）{column_name(col)} "
                 f"{format_value(METRICS[col.metric].kind if col.metric in METRICS else 'price', value)}"
                 for row, col, value in found]
        title = QCoreApplication.translate("IssueEditor", "Confirm figures changed outside the workbench")
        text = QCoreApplication.translate(
            "IssueEditor", "No import or edit accounts for these %1 figures of the table: they were changed in the "
            "data file outside the workbench. Have you checked them, and keep them as they are now?\n\n%2\n\n"
            "A value changed again later is named again.").replace("%1", str(len(found))).replace(
            "%2", "\n".join(names))
        if not editor.confirm(editor, title, text):
            return False
        try:
            confirm_outside_figures(editor.store, editor.issue.id)
        except WorkbenchError as exc:
            editor.show_error(exc.message)
            return False
        editor.message.emit(QCoreApplication.translate("IssueEditor", "%1 figures confirmed").replace(
            "%1", str(len(found))))
        editor.run_preflight()
        return True

    def take_newer(self) -> bool:
        """采用较新的数据… of a correction (``take_newer``)."""
        return take_newer(self.editor)

    def show_task_error(self, exc, template: str) -> None:
        from workbench.progress import Cancelled
        from workbench.report import PreflightFailed

        editor = self.editor
        if isinstance(exc, Cancelled):
            editor.message.emit(QCoreApplication.translate("IssueEditor", "Cancelled"))
            return
        if isinstance(exc, PreflightFailed):
            editor.side.show_preflight(self._whole_result(exc.result))
            editor.show_error(QCoreApplication.translate("IssueEditor", "Preflight found blockers; fix them first "
                                                                        "(see Preflight)."))
            return
        text = getattr(exc, "message", None) or str(exc)
        editor.show_error(template.replace("%1", text))

    def _whole_result(self, result):
        """The refusal's blockers with the warnings as well: a refused 定稿 carries its blockers only,
        and a panel reading "0 warnings" beside them would hide what the issue still has to check."""
        from workbench.report import preflight
        from workbench.report.preflight import PreflightResult

        if result.warnings:
            return result
        try:
            whole = preflight(self.editor.store, self.editor.issue.id)
        except WorkbenchError:
            return result
        return PreflightResult(blockers=list(result.blockers), warnings=list(whole.warnings))

    def set_busy(self, busy: bool) -> None:
        """While a worker runs, the commands that change or export the issue wait; the autosave too."""
        editor = self.editor
        if busy:
            editor.commands.update_enabled(editor.issue.status, held=True, busy=True)
            editor.autosave.stop()
        else:
            editor.update_status_ui()

    # ------------------------------------------------------------------ export
    def export_pdf(self, out_path: str | Path | None = None):
        """Export the saved issue (saving first) on a worker; returns the running task or None."""
        from workbench.drafting.lifecycle import export_issue

        issue = self.editor.issue
        default = f"{issue.series}_{issue.period_end.replace('-', '')}.pdf"
        return self._export(
            out_path, default, QCoreApplication.translate("IssueEditor", "Export PDF"),
            QCoreApplication.translate("IssueEditor", "PDF document (*.pdf)"),
            QCoreApplication.translate("IssueEditor", "Exporting PDF…"), export_issue,
            lambda result: QCoreApplication.translate("IssueEditor", "Exported %1 pages to %2")
            .replace("%1", str(getattr(result, "pages", "?"))).replace("%2", str(getattr(result, "path", ""))),
            self.editor.exported)

    def export_table_xlsx(self, out_path: str | Path | None = None):
        """Write the saved issue's comparison table (saving first) as .xlsx on a worker; returns the task or None."""
        from workbench.report.table_xlsx import export_table_xlsx

        issue = self.editor.issue
        period = f"{issue.period_start.replace('-', '')}-{issue.period_end.replace('-', '')}"
        return self._export(
            out_path, f"{issue.series}_{period}_对比表.xlsx",
            QCoreApplication.translate("IssueEditor", "Export Table to Excel"),
            QCoreApplication.translate("IssueEditor", "Excel workbook (*.xlsx)"),
            QCoreApplication.translate("IssueEditor", "Exporting the comparison table…"), export_table_xlsx,
            lambda path: QCoreApplication.translate("IssueEditor", "Comparison table written to %1")
            .replace("%1", str(path)),
            self.editor.table_exported)

    def _export(self, out_path, default_name: str, dialog_title: str, file_filter: str, busy_text: str,
                job, done_text, signal):
        """Save, ask for the target (unless given), run ``job(store, issue_id, target, progress=...)``
        on a worker; report to the status line and ``signal`` (the result, or the exception)."""
        from ui.services.workers import run_store_task

        editor = self.editor
        if editor.has_unsaved_changes() and not editor.save():
            return None
        if out_path is None:
            out_path, _ = QFileDialog.getSaveFileName(editor, dialog_title,
                                                      str(editor.store_path.parent / default_name), file_filter)
            if not out_path:
                return None
        issue_id, target = editor.issue.id, str(out_path)

        def finished(result) -> None:
            self.task = None
            self.set_busy(False)
            text = done_text(result)
            editor.header.show_note(text)
            editor.message.emit(text)
            signal.emit(result)

        def failed(exc) -> None:
            self.task = None
            self.set_busy(False)
            self.show_task_error(exc, QCoreApplication.translate("IssueEditor", "The export failed: %1"))
            signal.emit(exc)

        self.set_busy(True)
        self.task = run_store_task(
            editor, busy_text, editor.store_path,
            lambda s, progress: job(s, issue_id, target, progress=progress),
            on_finished=finished, on_failed=failed, cancel_text=QCoreApplication.translate("IssueEditor", "Cancel"))
        return self.task


class TakeNewerDialog(QDialog):
    """The figures a correction may print although newer than its issue, each with a box to tick."""

    def __init__(self, parent, title: str, text: str, choices: list[tuple[str, str]]):
        super().__init__(parent)
        self.setWindowTitle(title)
        label = QLabel(text, self)
        label.setWordWrap(True)
        self.list = QListWidget(self)
        for shown, key in choices:
            item = QListWidgetItem(shown, self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(shown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            QCoreApplication.translate("IssueEditor", "Print the ticked figures"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def checked(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


def choose_figures(parent, title: str, text: str, choices: list[tuple[str, str]]) -> list[str] | None:
    """Ask which of ``choices`` (shown text, key) to take: the keys ticked, or None when cancelled."""
    dialog = TakeNewerDialog(parent, title, text, choices)
    return dialog.checked() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _kept_dataset_points(issue, charted) -> dict[str, tuple[str, str, tuple[str, str, str]]]:
    """The datasets' chart points a correction keeps as published (``correction_figures``), each by a
    key of its own: (shown: 图 N「caption」series category: published …, in the store …; its name; the
    point as ``take_newer_figures`` takes it: dataset, series, category)."""
    if charted is None:
        return {}
    entries, kept = charted
    number = {entry.title: i + 1 for i, entry in reversed(list(enumerate(entries)))}
    dataset = {entry.title: f.dataset for entry, f in zip(entries, issue.figures) if f.kind == "dataset_bars"}
    out = {}
    for p in kept:
        if dataset.get(p.figure) is None:  # a company's bars: its figures are the table's to take
            continue
        name = f"图 {number.get(p.figure, '?')}「{p.figure}」"  # as the preflight names it
        shown = (QCoreApplication.translate("IssueEditor", "%1 %2: published %3, in the store %4")
                 .replace("%1", f"{name}{p.series}").replace("%2", p.category)
                 .replace("%3", _point_value(p.published)).replace("%4", _point_value(p.now)))
        out[f"chart-point#{len(out)}"] = (shown, f"{name}{p.series} {p.category}",
                                          (dataset[p.figure], p.series, p.category))
    return out


def _point_value(value) -> str:
    """A chart point's value as its label prints it, every digit kept (913.7, 1000)."""
    return "--" if value is None else (f"{value:.6f}".rstrip("0").rstrip(".") or "0")


def take_newer(editor) -> bool:
    """采用较新的数据: a correction prints the figures ticked although dated after the issue's date (as
    ``workbench correct ISSUE --take`` does), each listed as the table names it with its published value
    and the store's, and the datasets' chart points kept as published (``--take-point``), each named as
    the preflight names it (图 4「caption」series category); the preflight runs again."""
    from workbench.domain.metrics import format_value
    from workbench.drafting.lifecycle import take_newer_figures
    from workbench.report.freshness import column_name
    from workbench.report.spec import correction_figures, correction_table

    if editor.has_unsaved_changes() and not editor.save():
        return False
    try:
        corrected = correction_table(editor.store, editor.issue)
    except WorkbenchError as exc:
        editor.show_error(exc.message)
        return False
    try:
        charted = correction_figures(editor.store, editor.issue)
    except WorkbenchError:  # a figure the store cannot draw: the preflight names it
        charted = None
    kept = corrected.kept if corrected is not None else []
    choices, named = [], {}  # (shown, key to take); a key as the table names it
    for k in kept:
        shown = (QCoreApplication.translate("IssueEditor", "%1 %2: published %3, in the store %4")
                 .replace("%1", k.name).replace("%2", column_name(k.column))
                 .replace("%3", format_value(k.column.kind, k.published))
                 .replace("%4", format_value(k.column.kind, k.now)))
        if k.as_of:
            shown += QCoreApplication.translate("IssueEditor", " (as of %1)").replace("%1", k.as_of)
        key = f"{k.ticker}:{k.column.metric}:{k.column.period}"
        choices.append((shown, key))
        named[key] = f"{k.name} {column_name(k.column)}"
    for ticker, name in (corrected.left_out if corrected is not None else []):
        added = QCoreApplication.translate("IssueEditor", "%1: added to the store after publication")
        choices.append((added.replace("%1", name), ticker))
        named[ticker] = name
    points = _kept_dataset_points(editor.issue, charted)
    for key, (shown, name, _) in points.items():
        choices.append((shown, key))
        named[key] = name
    if not choices:
        return False
    text = (QCoreApplication.translate(
        "IssueEditor", "This correction prints issue #%1 as of its date and keeps these newer figures as "
                       "published (%2 in all). Tick those to print anyway:")
            .replace("%1", str(editor.issue.id)).replace("%2", str(len(kept) + len(points))))
    picked = choose_figures(editor, QCoreApplication.translate("IssueEditor", "Take newer figures"), text, choices)
    take = list(picked or [])
    if not take:
        return False
    try:
        take_newer_figures(editor.store, editor.issue.id, [key for key in take if key not in points],
                           points=[points[key][2] for key in take if key in points])
    except WorkbenchError as exc:
        editor.show_error(exc.message)
        editor.lifecycle_failed.emit(exc.message)
        return False
    editor.header.clear_error()
    editor.message.emit(QCoreApplication.translate("IssueEditor", "The correction takes %1").replace(
        "%1", "、".join(named.get(key, key) for key in take)))
    editor.reload()
    editor.run_preflight()
    return True
