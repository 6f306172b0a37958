"""Long work started from the main window: importing files, exporting a PDF or the comparison table,
backing the store up and writing a publication record, with the result shown when done."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.common.lazy_qt import Qt
from ui.main_window.menus import STORE_FILTER
from ui.main_window.part import WindowPart

translate = QCoreApplication.translate


class Exports(WindowPart):
    """Runs the core's import, export and backup functions on workers and reports their results."""

    export_done = Signal(object)  # the ExportResult, or the exception that stopped the export
    table_export_done = Signal(object)  # the workbook's Path, or the exception that stopped it
    backup_done = Signal(object)  # the backup's Path, or the exception that stopped it
    restore_done = Signal(object)  # the core's (Restored, Reidentified or None), or the exception that stopped it

    def __init__(self, window):
        super().__init__(window)
        self.last_export = None
        self.task = None  # the running (or last) worker task
        self.export_done.connect(window.export_done)
        self.table_export_done.connect(window.table_export_done)
        self.backup_done.connect(window.backup_done)

    def _issue_or_none(self, issue_id: int | None, title: str, *, modal: bool = False):
        """The issue to work on: ``issue_id``, the Issues view's selection, or the latest; None after a message."""
        from workbench.errors import WorkbenchError

        issues_page = self.window.issues_page
        if issue_id is None and issues_page is not None:
            issue_id = issues_page.current_issue_id()
        try:
            return self.session.store.issue(issue_id if issue_id is not None else "latest")
        except WorkbenchError as exc:
            if modal:
                from ui.common.i18n import for_ui

                QMessageBox.information(self.window, title, for_ui(exc.message))
            else:
                self.window.message_box(QMessageBox.Icon.Information, title, exc.message)
            return None

    # ------------------------------------------------------------------ import
    def import_files(self, paths: list[str] | None = None) -> None:
        w = self.window
        if self.session is None or w.refused_read_only(translate("MainWindow", "Import")):
            return
        try:
            from ui.dialogs.importing import ImportDialog
        except ImportError as exc:  # the import engine is missing from this build
            QMessageBox.warning(w, translate("MainWindow", "Import"),
                                translate("MainWindow", "Import is not available: %1").replace("%1", str(exc)))
            return
        dialog = ImportDialog(self.session, w, paths=paths)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self.on_import_dialog_imported)
        dialog.exec()

    def on_import_dialog_imported(self, summary: str) -> None:
        """The store changed: the views reload; the whole summary (every file, its ⚠ warnings, the
        total) is shown in a box the user closes, the status bar keeps its first line."""
        self.session.notify_reloaded()
        lines = summary.splitlines()
        self.window._show_message(lines[0] if lines else summary)
        warned = any(line.startswith(" ") for line in lines)  # a file's warnings are indented under it
        # a blank line between the files (and before the total): each file with its warnings reads as one block
        blocks = "\n".join(("\n" if n and not line.startswith(" ") else "") + line for n, line in enumerate(lines))
        box = self.window.message_box(QMessageBox.Icon.Warning if warned else QMessageBox.Icon.Information,
                                      translate("MainWindow", "Import"), translate("MainWindow", "Imported."),
                                      blocks)
        box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 560px; }")

    # ------------------------------------------------------------------ PDF
    def export_pdf(self, issue_id: int | None = None, out_path: str | None = None):
        """Export an issue as PDF on a worker thread; shows blockers and warnings when done.

        The lifecycle's ``export_issue`` decides what is written: a final issue's frozen PDF byte
        for byte, any other issue rendered now. Returns the running task, or None.
        """
        w = self.window
        if self.session is None:
            return None
        title = translate("MainWindow", "Export PDF")
        try:
            from workbench.drafting.lifecycle import export_issue
        except ImportError as exc:
            QMessageBox.warning(w, title,
                                translate("MainWindow", "PDF export is not available: %1").replace("%1", str(exc)))
            return None
        issue = self._issue_or_none(issue_id, title, modal=True)
        if issue is None or not w.save_open_editor(issue.id):  # the PDF prints what the editor shows
            return None
        if out_path is None:
            default = self.session.path.parent / f"{issue.series}_{issue.period_end.replace('-', '')}.pdf"
            out_path, _ = QFileDialog.getSaveFileName(w, title, str(default),
                                                      translate("MainWindow", "PDF document (*.pdf)"))
            if not out_path:
                return None
        issue_no, target, final = issue.id, str(out_path), issue.status == "final"
        from ui.services.workers import run_store_task

        self.task = run_store_task(
            w, translate("MainWindow", "Exporting PDF…"), self.session.path,
            lambda s, progress: export_issue(s, issue_no, target, progress=progress),
            on_finished=lambda result: self._on_export_finished(result, issue_no, final),
            on_failed=self._on_export_failed, cancel_text=translate("MainWindow", "Cancel"))
        return self.task

    def _on_export_finished(self, result, issue_id: int | None = None, final: bool = False) -> None:
        self.last_export = result
        self.show_export_result(result, self.window, issue_id=issue_id, final=final)
        self.export_done.emit(result)

    def _on_export_failed(self, exc: BaseException) -> None:
        self.last_export = exc
        self.show_export_result(exc, self.window)
        self.export_done.emit(exc)

    def show_export_result(self, result, parent: QWidget, *, issue_id: int | None = None,
                           final: bool = False) -> None:
        """Tell where an export went and its SHA-256 (status bar and a message box on ``parent``), or why it failed."""
        from workbench.errors import WorkbenchError
        from workbench.progress import Cancelled

        w = self.window
        title = translate("MainWindow", "Export PDF")
        if isinstance(result, Cancelled):
            w._show_message(translate("MainWindow", "Export cancelled"))
            return
        if isinstance(result, BaseException):
            if isinstance(result, WorkbenchError):
                from ui.common.i18n import for_ui

                box = QMessageBox(QMessageBox.Icon.Critical, title, for_ui(result.message),
                                  QMessageBox.StandardButton.Ok, parent)
                if getattr(result, "problems", None):
                    box.setInformativeText("\n".join(f"• {for_ui(p)}" for p in result.problems))
            else:
                box = QMessageBox(QMessageBox.Icon.Critical, title,
                                  translate("MainWindow", "The export failed: %1").replace("%1", str(result)),
                                  QMessageBox.StandardButton.Ok, parent)
                box.setDetailedText(getattr(result, "__traceback_text__", ""))
            w._show_message(translate("MainWindow", "The export failed: %1").replace(
                "%1", (getattr(result, "message", None) or str(result)).splitlines()[0]))
        else:
            sha = str(getattr(result, "sha256", "") or "")
            text = translate("MainWindow", "Exported %1 pages to %2") \
                .replace("%1", str(getattr(result, "pages", "?"))).replace("%2", str(getattr(result, "path", "")))
            from ui.common.i18n import for_ui

            warnings = list(getattr(result, "warnings", []) or [])
            w._show_message(f"{text} · SHA-256 {sha[:16]}…" if sha else text)
            box = QMessageBox(QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Information,
                              title, text, QMessageBox.StandardButton.Ok, parent)
            details = []
            if final:
                details.append(translate("MainWindow", "Issue #%1 is final: its published PDF was written unchanged.")
                               .replace("%1", str(issue_id)))
            if sha:
                details.append(f"SHA-256: {sha}")
            if warnings:
                details.append(translate("MainWindow", "Warnings:") + "\n"
                               + "\n".join(f"• {for_ui(str(x))}" for x in warnings))
            box.setInformativeText("\n\n".join(details))
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        w.last_message_box = box
        box.open()

    # ------------------------------------------------------------------ comparison table
    def export_table_xlsx(self, issue_id: int | None = None, out_path: str | None = None):
        """Write an issue's comparison table as an Excel workbook on a worker; returns the task or None.

        The core decides the numbers: a final issue's frozen snapshot, any other issue's live data.
        Without ``out_path`` a file dialog offers ``<series>_<period>_对比表.xlsx`` beside the store.
        """
        if self.session is None:
            return None
        title = translate("MainWindow", "Export Table to Excel")
        issue = self._issue_or_none(issue_id, title)
        if issue is None or not self.window.save_open_editor(issue.id):  # the editor's table settings
            return None
        if out_path is None:
            period = f"{issue.period_start.replace('-', '')}-{issue.period_end.replace('-', '')}"
            default = self.session.path.parent / f"{issue.series}_{period}_对比表.xlsx"
            out_path, _ = QFileDialog.getSaveFileName(self.window, title, str(default),
                                                      translate("MainWindow", "Excel workbook (*.xlsx)"))
            if not out_path:
                return None
        from ui.services.workers import run_store_task
        from workbench.report.table_xlsx import export_table_xlsx

        issue_no, target = issue.id, str(out_path)
        self.task = run_store_task(
            self.window, translate("MainWindow", "Exporting the comparison table…"), self.session.path,
            lambda s, progress: export_table_xlsx(s, issue_no, target, progress=progress),
            on_finished=lambda path: self._on_table_export_finished(path, issue_no),
            on_failed=self._on_table_export_failed, cancel_text=translate("MainWindow", "Cancel"))
        return self.task

    def _on_table_export_finished(self, path, issue_id: int) -> None:
        self.window._show_message(translate("MainWindow", "Comparison table of issue #%1 written to %2")
                                  .replace("%1", str(issue_id)).replace("%2", str(path)))
        self.table_export_done.emit(path)

    def _on_table_export_failed(self, exc: BaseException) -> None:
        self._report_failure(exc, translate("MainWindow", "Export Table to Excel"),
                             translate("MainWindow", "Export cancelled"),
                             translate("MainWindow", "The export failed: %1"))
        self.table_export_done.emit(exc)

    def _report_failure(self, exc: BaseException, title: str, cancelled: str, failed: str) -> None:
        """A cancelled task in the status bar; a failed one there and in a message box (with the traceback)."""
        from workbench.progress import Cancelled

        w = self.window
        if isinstance(exc, Cancelled):
            w._show_message(cancelled)
            return
        text = getattr(exc, "message", None) or str(exc)
        w._show_message(failed.replace("%1", text.splitlines()[0] if text else ""))
        box = w.message_box(QMessageBox.Icon.Critical, title, failed.replace("%1", text))
        if not hasattr(exc, "message"):
            box.setDetailedText(getattr(exc, "__traceback_text__", ""))

    # ------------------------------------------------------------------ backup
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
            target, _ = QFileDialog.getSaveFileName(
                self.window, translate("MainWindow", "Back up store"), str(default),
                translate("MainWindow", "Workbench store (%1)").replace("%1", STORE_FILTER))
            if not target:
                return None
            replace = True  # the dialog has asked about overwriting an existing file
        from ui.services.workers import run_store_task

        out = str(target)
        kept: list[Path] = []  # where the core kept the older backup it replaced (told from the worker)

        def backup(store, progress):
            # the dialog's title says what runs; the core's step text would only repeat it
            return store.backup(out, progress=lambda done, total, message="": progress(done, total, ""),
                                replace=replace, kept=kept.append)

        self.task = run_store_task(self.window, translate("MainWindow", "Backing up the store…"), self.session.path,
                                   backup, on_finished=lambda path: self._on_backup_finished(path, kept),
                                   on_failed=self._on_backup_failed, cancel_text=translate("MainWindow", "Cancel"))
        return self.task

    def _on_backup_finished(self, path, kept: list[Path] = ()) -> None:
        if kept:  # an older backup was replaced: say where it went
            text = translate("MainWindow", "Store backed up to %1; the older backup it replaced was kept as %2") \
                .replace("%1", str(path)).replace("%2", str(kept[-1]))
        else:
            text = translate("MainWindow", "Store backed up to %1").replace("%1", str(path))
        self.window._show_message(text)
        self.backup_done.emit(path)

    def _on_backup_failed(self, exc: BaseException) -> None:
        self._report_failure(exc, translate("MainWindow", "Back up store"),
                             translate("MainWindow", "Backup cancelled; no file was written"),
                             translate("MainWindow", "The backup failed: %1"))
        self.backup_done.emit(exc)

    # ------------------------------------------------------------------ restore
    def restore_store(self, backup: str | None = None):
        """File → 从备份恢复…: put a backup in place of the open store; returns the task (or the desk's
        queue it waits for), None when nothing was started.

        A file dialog asks for the backup, a confirmation names the store replaced and where it is
        kept; the store is closed, the core's restore runs on a worker with a progress dialog (it
        checks the backup, keeps the replaced store as ``<name>.before-restore-<time>.sqlite`` and
        renames the copy over it in one step), and the store is opened again, restored or, after a
        refusal, as it was.
        """
        w = self.window
        if self.session is None:
            return None
        path = Path(self.session.path)
        title = translate("MainWindow", "Restore from Backup")
        if backup is None:
            backup, _ = QFileDialog.getOpenFileName(
                w, title, str(path.parent), translate("MainWindow", "Workbench store (%1)").replace("%1", STORE_FILTER))
            if not backup:
                return None
        # before asking, and before anything is closed: the file itself, then the store's check on a worker
        refusal = _backup_refusal(backup, path) or _check_backup(self, backup)
        if self.session is None or Path(self.session.path) != path:  # the store changed while it was checked
            return None
        if refusal is not None:
            self._report_failure(refusal, title, translate("MainWindow", "Restore cancelled; the store is unchanged"),
                                 translate("MainWindow", "The restore failed; the store is unchanged: %1"))
            self.restore_done.emit(refusal)
            return None
        newer = _newer_work(self.session.store, backup)
        if not w.confirm(w, title, _restore_question(path, backup, newer)):
            return None
        if not w.close_editors():
            return None
        w._close_session()  # the file is replaced: nothing of this window may hold it open
        from ui.main_window import actions

        actions.update_enabled(w)

        def start():
            self.task = _run_file_task(w, translate("MainWindow", "Restoring the store…"),
                                       _restore_job(backup, path, newer or False),
                                       on_finished=lambda result: self._on_restore_finished(path, result),
                                       on_failed=lambda exc: self._on_restore_failed(path, exc))
            return self.task

        queue = w.desk.queue
        if queue.busy:  # a sync or a lease release still has the file open: the restore starts after it

            def when_idle():
                queue.idle.disconnect(when_idle)
                start()

            queue.idle.connect(when_idle)
            return queue
        return start()

    def _on_restore_finished(self, path: Path, result) -> None:
        w = self.window
        restored, again = result
        w.open_store(path)
        text = restored.summary() + (f"\n{again.summary()}" if again is not None else "")
        w._show_message(translate("MainWindow", "Store restored from %1").replace("%1", str(restored.backup)))
        w.message_box(QMessageBox.Icon.Information, translate("MainWindow", "Restore from Backup"), text)
        self.restore_done.emit(result)

    def _on_restore_failed(self, path: Path, exc: BaseException) -> None:
        self.window.open_store(path)  # refused or stopped: the store is as it was
        self._report_failure(exc, translate("MainWindow", "Restore from Backup"),
                             translate("MainWindow", "Restore cancelled; the store is unchanged"),
                             translate("MainWindow", "The restore failed; the store is unchanged: %1"))
        self.restore_done.emit(exc)

    # ------------------------------------------------------------------ publication record
    def export_record(self, issue_id: int | None = None, out_dir: str | None = None) -> Path | None:
        """Write an issue's publication record (the core's ``write_record``) into a folder; returns its path.

        The issue defaults to the one selected in the Issues view; without ``out_dir`` a folder dialog asks.
        An issue never published has no record: a message says so before any folder is asked for.
        """
        from workbench.errors import WorkbenchError

        w = self.window
        if self.session is None:
            return None
        store = self.session.store
        title = translate("MainWindow", "Export Publication Record")
        issue = self._issue_or_none(issue_id, title)
        if issue is None:
            return None
        if not store.versions(issue.id):
            w.message_box(QMessageBox.Icon.Information, title,
                          translate("MainWindow", "Issue #%1 has no published version yet. A publication record "
                                                  "holds the PDFs of an issue's final versions: finalise the issue "
                                                  "first.").replace("%1", str(issue.id)))
            return None
        if out_dir is None:
            out_dir = QFileDialog.getExistingDirectory(w, translate("MainWindow", "Folder for the publication record"),
                                                       str(self.session.path.parent))
            if not out_dir:
                return None
        from workbench.drafting.record import write_record

        try:
            folder = write_record(store, issue.id, out_dir)
        except WorkbenchError as exc:
            w._show_message(exc.message.splitlines()[0])
            w.message_box(QMessageBox.Icon.Critical, title, exc.message)
            return None
        except OSError as exc:
            text = translate("MainWindow", "Cannot write the record: %1").replace("%1", exc.strerror or str(exc))
            w._show_message(text)
            w.message_box(QMessageBox.Icon.Critical, title, text)
            return None
        text = translate("MainWindow", "Publication record of issue #%1 written to %2") \
            .replace("%1", str(issue.id)).replace("%2", str(folder))
        w._show_message(text)
        w.message_box(QMessageBox.Icon.Information, title, text,
                      translate("MainWindow", "Every published PDF with its data snapshot and text, the status log "
                                              "and MANIFEST.txt with each file's SHA-256. Keep the folder with the "
                                              "house's records."))
        return folder


__all__ = ["Exports"]


def _backup_refusal(backup, path: Path):
    """Why ``backup`` cannot replace the store at ``path`` (a WorkbenchError), or None, by what is quick
    to tell: the file is missing, is that store itself (by its path or through a link), or is no SQLite
    file. The store's check follows on a worker (``_check_job``); all before the user is asked and
    before anything is closed, and the restore checks again as it runs."""
    from workbench.errors import WorkbenchError
    from workbench.outputs import _same_file, is_sqlite_file

    backup = Path(backup)
    if not backup.is_file():
        return WorkbenchError(translate("MainWindow", "The backup file does not exist: %1").replace("%1", str(backup)))
    if backup.resolve() == Path(path).resolve() or _same_file(backup, Path(path)):
        return WorkbenchError(translate("MainWindow", "The backup is the store it would replace: %1. Choose a "
                                        "backup file.").replace("%1", str(backup)))
    if not is_sqlite_file(backup):
        return WorkbenchError(translate("MainWindow", "Not a workbench store: %1").replace("%1", str(backup)))
    return None


def _check_backup(exports, backup):
    """The store's check of ``backup`` (``Store.check_backup`` and ``workbench verify``, which may
    render every published version again) on a worker with a progress dialog (``exports.task``), the
    event loop running while it works: why it cannot be restored (an exception; ``Cancelled`` when
    the user cancelled), or None."""
    from PySide6.QtCore import QEventLoop

    from workbench.progress import Cancelled

    outcome: dict = {}
    loop = QEventLoop()

    def settle(value) -> None:
        outcome.setdefault("value", value)
        loop.quit()

    title = translate("MainWindow", "Checking the backup…")
    exports.task = task = _run_file_task(exports.window, title, _check_job(backup), on_finished=settle,
                                         on_failed=settle)
    task.dialog.setMinimumDuration(0)  # window-modal at once: the window takes no input while it checks

    def cancelled() -> None:  # nothing was restored or closed: stop waiting, the worker stops at its next step
        task.dialog.hide()
        settle(Cancelled(title))

    task.dialog.canceled.connect(cancelled)
    if "value" not in outcome:
        loop.exec()
    value = outcome["value"]
    if isinstance(value, BaseException):
        return value
    return _failing_check(backup, value)


def _check_job(backup):
    """The store's check of ``backup``, run on a worker: ``Store.check_backup`` (no workbench store, or a
    newer release's: refused in the restore's words) and ``workbench verify`` (``verify_backup``: None
    when it is no store this release opens, the restore says why), its progress over the versions it
    renders again."""
    def job(store, progress):
        from workbench.drafting.record import verify_backup
        from workbench.store import Store

        Store.check_backup(backup)
        return verify_backup(backup, progress=lambda done, total, message="": progress(done, total, ""))
    return job


def _failing_check(backup, report):
    """The refusal of a backup whose ``workbench verify`` ``report`` fails (a WorkbenchError), or None."""
    from ui.common.i18n import for_ui
    from workbench.errors import WorkbenchError

    if report is not None and not report.ok:  # the app restores only a backup that passes the check
        return WorkbenchError(translate("MainWindow", "The backup fails the store's check; nothing was restored: "
                                        "%1").replace("%1", str(backup)) + "\n"
                              + "\n".join(f"  - {for_ui(p)}" for p in report.problems))
    return None


def _newer_work(store, backup):
    """What the open ``store`` holds that ``backup`` (and, joined, the desk) lacks: the core's ``Newer``
    (empty when it cannot be told: the restore asks the core again as it runs)."""
    from workbench.desk.identity import Newer, newer_than_backup

    try:
        return newer_than_backup(store, backup)
    except Exception:  # (a backup the check let through but this reading cannot: the restore decides)
        return Newer()


def _restore_question(path: Path, backup, newer) -> str:
    """The restore's confirmation: where the replaced store is kept; when it holds published versions
    or unsynced changes the restore would drop (``newer``), each named (the caller's default is No)."""
    kept = f"{path.stem}.before-restore-<…>.sqlite"
    if not newer:
        return (translate("MainWindow", "Replace the open store %1 with the backup %2?\n\nThe store open now "
                                        "is kept in the same folder as %3, so nothing of it is lost. A store "
                                        "that belongs to a desk syncs as a new workstation afterwards.")
                .replace("%1", str(path)).replace("%2", str(backup)).replace("%3", kept))
    from ui.common.i18n import for_ui

    head = (translate("MainWindow", "The open store %1 holds what neither the backup %2 nor the desk "
                                    "holds:") if newer.joined else
            translate("MainWindow", "The open store %1 holds what the backup %2 lacks:"))
    return (head.replace("%1", str(path)).replace("%2", str(backup)) + "\n\n"
            + "\n".join(f"• {for_ui(line)}" for line in newer.items()) + "\n\n"
            + translate("MainWindow", "A restore drops them from the store; they are kept only in %1. "
                                      "Restore anyway and drop them?").replace("%1", kept))


def _restore_job(backup, path, discard_newer=False):
    """The core's restore on a worker; ``discard_newer``: what the user agreed to drop (the core
    refuses should the store hold more by the time it runs)."""
    def job(store, progress):
        from workbench.desk.identity import restore

        # the dialog's title says what runs; the core's step text would only repeat it
        return restore(backup, path, progress=lambda done, total, message="": progress(done, total, ""),
                       discard_newer=discard_newer)
    return job


def _run_file_task(parent, title: str, fn, *, on_finished, on_failed):
    """Run ``fn(None, progress)`` on the thread pool with a window-modal progress dialog that can cancel
    it: work on store files while no store is open (a restore replaces the store's file)."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QProgressDialog

    from ui.services.workers import StoreTask

    class FileTask(StoreTask):
        def run(self) -> None:
            try:
                result = self.fn(None, self.progress)
            except BaseException as exc:  # reported to the UI thread, never raised in the pool
                import traceback

                exc.__traceback_text__ = traceback.format_exc()
                self.signals.failed.emit(exc)
                return
            self.signals.finished.emit(result)

    task = FileTask(".", fn)
    dialog = QProgressDialog(title, translate("MainWindow", "Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    task.dialog = dialog
    # a window-modal dialog's setValue processes events: the task may finish in it, or a later report
    # arrive and set it again inside it; the dialog goes once, when no setValue uses it any more
    state = {"done": False, "setting": 0, "deleted": False}

    def drop() -> None:
        if not state["deleted"]:
            state["deleted"] = True
            dialog.deleteLater()

    def on_progress(done: int, total: int, message: str) -> None:
        if state["done"]:
            return
        if total > 0 and dialog.maximum() != total:
            dialog.setMaximum(total)
        state["setting"] += 1
        try:
            dialog.setValue(min(done, total) if total > 0 else 0)
        finally:
            state["setting"] -= 1
        if state["done"] and not state["setting"]:  # it finished meanwhile
            drop()

    def finish(callback, value) -> None:
        if state["done"]:
            return
        state["done"] = True
        task.signals.progress.disconnect(on_progress)
        dialog.reset()
        dialog.hide()
        if not state["setting"]:
            drop()
        callback(value)

    dialog.canceled.connect(task.cancel)
    task.signals.progress.connect(on_progress)
    task.signals.finished.connect(lambda result: finish(on_finished, result))
    task.signals.failed.connect(lambda exc: finish(on_failed, exc))
    QThreadPool.globalInstance().start(task)
    return task
