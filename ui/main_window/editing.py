"""Editing from the main window: the clipboard and find, a figure's provenance, adding a company,
the report's order, the Financials columns, and the Index quotes' benchmark, codes and merges."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QMessageBox, QPlainTextEdit, QTextEdit

from ui.common.lazy_qt import Qt
from ui.main_window.chart_sync import MIN_CHART_QUOTES
from ui.main_window.part import WindowPart

translate = QCoreApplication.translate


class Editing(WindowPart):
    """Edit commands over the window's current page; store edits go through the session (undoable)."""

    charts_stale = Signal(str)  # what the charts must redraw after an edit ("all" for the benchmark)

    def __init__(self, window):
        super().__init__(window)
        self.charts_stale.connect(window.mark_charts_stale)

    @staticmethod
    def text_focus():
        w = QApplication.focusWidget()
        return w if isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)) else None

    def copy(self) -> None:
        w = self.text_focus()
        if w is not None:
            w.copy()
        elif (page := self.window.current_page()) is not None and page.model is not None:
            page.view.copy_selection()

    def copy_with_headers(self) -> None:
        """Copy the selected cells of the current table with a header row (text fields copy as usual)."""
        w = self.text_focus()
        if w is not None:
            w.copy()
        elif (page := self.window.current_page()) is not None and page.model is not None:
            page.view.copy_selection(headers=True)

    def paste(self) -> None:
        w = self.text_focus()
        if w is not None and hasattr(w, "paste"):
            w.paste()
        elif self.editable_page() is not None:
            self.editable_page().view.paste_text()

    def cut(self) -> None:
        w = self.text_focus()
        if w is not None and hasattr(w, "cut"):
            w.cut()
        elif self.editable_page() is not None:
            self.editable_page().view.cut_selection()

    def delete(self) -> None:
        w = self.text_focus()
        if isinstance(w, QLineEdit):
            w.del_()
        elif self.editable_page() is not None:
            self.editable_page().view.delete_selection()

    def editable_page(self):
        page = self.window.current_page()
        if page is None or page.model is None:
            return None
        if page is self.window.issues_page.list_page:
            self.window._show_message(translate("MainWindow", "Issues are read-only here."))
            return None
        return page

    def find(self) -> None:
        page = self.window.current_page()
        notes = self.window.notes_view
        if page is not None:
            page.focus_filter()
        elif notes is not None and self.window.tabs.currentWidget() is notes:
            notes.search.setFocus()
            notes.search.selectAll()

    def current_fact(self) -> tuple[str, str, str] | None:
        """(ticker, metric, period) of the Financials cell under the cursor, if it is a figure."""
        page = self.window.financials_page
        if page is None or page.model is None or self.window.tabs.currentWidget() is not page:
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
            self.window._show_message(translate("MainWindow", "Pick a figure in the Financials view first."))
            return None
        from ui.common.provenance import metric_kind
        from ui.dialogs.provenance import FactHistoryDialog

        ticker, metric, period = fact
        model = self.window.financials_page.model
        row, column = model.row_of(ticker), model.column_of((metric, period))
        store = self.session.store
        value = store.fact(ticker, metric, period)
        title = f"{store.company(ticker)['name']} {ticker} · {model.columns[column].title}" if column is not None \
            else f"{ticker} · {metric} {period}"
        text = model.cell_text(row, column) if row is not None and column is not None else str(value)
        # (the stored figure, not the newest log entry's: another program may have changed it unlogged)
        dialog = FactHistoryDialog(title, text, store.history(ticker, metric, period), metric_kind(metric),
                                   model.number_style, self.window, stored=value)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window.last_provenance_dialog = dialog
        dialog.open()
        return dialog

    def add_company(self, ticker: str, name: str, segment: str | None = None) -> str | None:
        """Add a company as one undo step; returns the core's message when it refuses."""
        from workbench.errors import WorkbenchError

        if self.session is None:
            return translate("MainWindow", "No store is open.")
        page = self.window.companies_page
        try:
            model = page.model
            edit = model.add_edit(ticker, name, segment)
            self.session.apply(edit, model.edit_text_for(edit))
        except WorkbenchError as exc:
            return exc.message
        page.select_key(edit.ticker, 1)
        self.window._show_message(translate("MainWindow", "Added %1").replace("%1", f"{edit.name} {edit.ticker}"))
        return None

    def add_company_dialog(self) -> None:
        if self.session is None:
            return
        from ui.dialogs import AddCompanyDialog

        dialog = AddCompanyDialog(self.session.store.segments(), self.window)
        dialog.submit = self.window.add_company
        if dialog.exec():
            self.window.tabs.setCurrentWidget(self.window.companies_page)

    def report_order(self) -> None:
        page = self.window.current_page()
        if page is not None and page.model is not None:
            page.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            page.proxy.sort(-1)

    def on_all_columns_toggled(self) -> None:
        w = self.window
        checked = w.all_columns_action.isChecked()
        w.settings.setValue("financials/all_columns", checked)
        page = w.financials_page
        model = page.model if page is not None else None
        if model is None:
            return
        page.save_columns(w.settings)
        if not checked:
            model.set_fact_columns(None)
            page.restore_columns(w.settings)
            return
        # every column's list is a scan of every fact: read off the GUI thread, shown when it is in
        model.show_every_column()
        if not model.every_column_pending:
            page.restore_columns(w.settings)
            return

        def columns_in() -> None:
            model.modelReset.disconnect(columns_in)
            page.restore_columns(w.settings)

        model.modelReset.connect(columns_in)

    # ------------------------------------------------------------------ benchmark index
    def current_quote_index(self) -> dict | None:
        """The index of the current row in the Index quotes view, or None."""
        page = self.window.quotes_page
        if page is None or page.model is None or self.session is None:
            return None
        idx = page.view.currentIndex()
        if not idx.isValid():
            return None
        index_id = page.model.index_id_at(page.proxy.mapToSource(idx).row())
        return next((i for i in self.session.store.indices() if i["id"] == index_id), None)

    def set_benchmark(self, index_id: int | None = None) -> bool:
        """Make an index (default: the current row's in Index quotes) the benchmark; the view marks it."""
        w = self.window
        if self.session is None:
            return False
        store = self.session.store
        if index_id is None:
            index = self.current_quote_index()
        else:
            index = next((i for i in store.indices() if i["id"] == index_id), None)
        if index is None:
            w._show_message(translate("MainWindow", "Select an index row in Index quotes first."))
            return False
        if index["is_benchmark"]:
            return True
        title = translate("MainWindow", "Set as Benchmark")
        if w.refused_read_only(title):
            return False
        from workbench.desk.roles import benchmark_refusal  # (the house's, set by a desk administrator)

        why = benchmark_refusal(store)
        if why:
            from PySide6.QtWidgets import QMessageBox

            w.message_box(QMessageBox.Icon.Warning, title, why)
            return False
        count = len(store.quotes(index["id"]))
        if count <= MIN_CHART_QUOTES and not w.confirm(
                w, title,
                translate("MainWindow", "%1 has only %2 quotes in the store, and the cover chart compares the sector "
                                        "index with a year of the benchmark's daily closes. Make it the benchmark "
                                        "anyway?")
                .replace("%1", index["name"]).replace("%2", str(count))):
            return False
        page = w.quotes_page
        current = page.current_key()
        from workbench.edits import SetBenchmark

        self.session.apply(SetBenchmark(index["id"]),
                           translate("MainWindow", "Set %1 as benchmark").replace("%1", index["name"]))
        if current is not None:
            page.select_key(current, page.model.INDEX)
        w.update_benchmark_actions()
        self.charts_stale.emit("all")  # the cover chart compares with the benchmark
        w._show_message(translate("MainWindow", "%1 is now the benchmark index").replace("%1", index["name"]))
        return True

    def edit_index_code(self) -> bool:
        """Start editing the code cell of the current Index quotes row (an undoable edit when committed)."""
        page = self.window.quotes_page
        if page is None or page.model is None:
            return False
        index = page.view.currentIndex()
        if not index.isValid():
            self.window._show_message(translate("MainWindow", "Select an index row in Index quotes first."))
            return False
        code = page.proxy.index(index.row(), page.model.CODE)
        page.view.setCurrentIndex(code)
        page.view.edit(code)
        return True

    def merge_index(self, drop_id: int | None = None, keep_id: int | None = None) -> bool:
        """Merge an index (default: the current row's) into another one the user picks, after confirming.

        The store moves the quotes in one transaction and refuses closes that differ on a date.
        One undo step: undoing it brings the removed index back with exactly the quotes that came from it.
        """
        from workbench.edits import MergeIndices
        from workbench.errors import WorkbenchError
        from workbench.index_ops import RepointIssues, issues_naming

        w = self.window
        if self.session is None:
            return False
        store = self.session.store
        indices = store.indices()
        if drop_id is None:
            current = self.current_quote_index()
            drop_id = current["id"] if current else None
        drop = next((i for i in indices if i["id"] == drop_id), None)
        if drop is None:
            w._show_message(translate("MainWindow", "Select an index row in Index quotes first."))
            return False
        title = translate("MainWindow", "Merge Indices")
        if w.refused_read_only(title):
            return False
        from workbench.desk.roles import merge_refusal, unmerge_refusal  # (the benchmark is the house's, on a desk)

        why = merge_refusal(store, drop)  # (whichever index is kept, the benchmark would move)
        if keep_id is None and not why:
            choices = [(i["id"], f"{i['name']} {i['code'] or ''}".strip()) for i in indices if i["id"] != drop_id]
            label = translate("MainWindow", "Merge “%1” into:").replace("%1", drop["name"])
            keep_id = w.choose_index(w, title, label, choices)
        keep = next((i for i in indices if i["id"] == keep_id), None)
        if why:  # refused before asking which index to keep
            w.message_box(QMessageBox.Icon.Warning, title, merge_refusal(store, drop, keep) if keep else why)
            return False
        if keep is None:
            return False
        count = len(store.quotes(drop_id))
        question = translate("MainWindow", "Move the %1 quotes of “%2” to “%3” and remove “%2”? They must be "
                                           "the same index. Undo brings it back.")
        if not w.confirm(w, title, question.replace("%1", str(count)).replace("%2", drop["name"])
                         .replace("%3", keep["name"])):
            return False
        edit = MergeIndices(keep["id"], drop["id"], refuse_undo=unmerge_refusal)  # (the role may change by then)
        # the drafts naming the removed index name the kept one, in the same undo step (undo puts back
        # what nobody changed since)
        repoint = RepointIssues(drop["name"], keep["name"]) if issues_naming(store, drop["name"]) else None
        try:
            if repoint is None:
                self.session.apply(edit, title, origin="merge")
            else:
                self.session.apply_many([edit, repoint], title, origin="merge")
        except WorkbenchError as exc:
            w.message_box(QMessageBox.Icon.Warning, title, exc.message)
            return False
        moved = edit.moved
        said = translate("MainWindow", "Merged %1 quotes of “%2” into “%3”").replace("%1", str(moved)) \
            .replace("%2", drop["name"]).replace("%3", keep["name"])
        w._show_message(said)
        if repoint is not None and repoint.done:  # the drafts changed: said in a box, in the core's words for each
            w.message_box(QMessageBox.Icon.Information, title, said, "\n".join(d["message"] for d in repoint.done))
        return True


__all__ = ["Editing"]
