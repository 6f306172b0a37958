"""The main window's tab pages: the four views built with the first store, the Notes tab built when
first shown, and which page, company and figure are current."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLabel

from ui.main_window.part import WindowPart

translate = QCoreApplication.translate

NOTES_TAB = 4


def placeholder(text: str, parent) -> QLabel:
    """A grey centred label standing in for a view that is not built yet (styled by the window)."""
    label = QLabel(text, parent)
    label.setObjectName("placeholder")
    return label


class Pages(WindowPart):
    """Owns the views in the window's tabs; they report up through the window's public methods."""

    company_selected = Signal(object)  # the ticker of the new current row in Companies or Financials

    def __init__(self, window):
        super().__init__(window)
        self.companies_page = self.financials_page = self.quotes_page = self.issues_page = None
        self.notes_view = None  # built when its tab is first shown
        self.company_selected.connect(window.on_company_selected)

    def build(self) -> None:
        """Create the four views in place of their placeholders (once)."""
        if self.companies_page is not None:
            return
        from ui.views.issues import IssuesPage
        from ui.widgets.table_view import TablePage

        w, tabs = self.window, self.window.tabs
        hint = translate("MainWindow", "Filter by ticker, name, segment…")
        current = tabs.currentIndex()
        self.companies_page = TablePage("companies", w, filter_hint=hint)
        self.financials_page = TablePage("financials", w, grouped_header=True, filter_hint=hint)
        self.quotes_page = TablePage("quotes", w, group_label=translate("MainWindow", "All indices"),
                                     filter_hint=translate("MainWindow", "Filter by index, code, date…"))
        self.issues_page = IssuesPage(w)
        tabs.blockSignals(True)
        for i, page in enumerate((self.companies_page, self.financials_page, self.quotes_page, self.issues_page)):
            title = tabs.tabText(i)
            old = tabs.widget(i)
            tabs.removeTab(i)
            tabs.insertTab(i, page, title)
            old.deleteLater()
        tabs.setCurrentIndex(current)
        tabs.blockSignals(False)
        for page in self.table_pages():
            page.view.confirm = lambda parent, title, text: w.confirm(parent, title, text)
            page.message.connect(w._show_message)
        issues = self.issues_page
        issues.edit_requested.connect(w.open_issue_editor)
        issues.compare_requested.connect(w.open_diff_view)
        issues.compare_previous_requested.connect(w.open_diff_view)
        issues.new_issue_requested.connect(w.new_issue_from_last_week)
        issues.first_issue_requested.connect(w.first_issue_action.trigger)
        issues.export_requested.connect(w.export_pdf)
        issues.export_table_requested.connect(w.export_table_xlsx)
        issues.record_requested.connect(w.export_record)
        issues.export_action.setIcon(w.export_action.icon())
        for page in (self.companies_page, self.financials_page):
            page.current_key_changed.connect(self.company_selected)
            page.context_actions = [w.show_notes_action, w.new_note_action, None, w.copy_action,
                                    w.copy_with_headers_action, w.paste_action, w.delete_action]
        self.financials_page.context_actions = [w.provenance_action, None] + self.financials_page.context_actions
        self.quotes_page.context_actions = [w.set_benchmark_action, w.set_index_code_action, w.merge_index_action,
                                            None, w.copy_action, w.copy_with_headers_action, w.paste_action,
                                            w.delete_action]
        self.quotes_page.current_key_changed.connect(w.update_benchmark_actions)
        splitter = w.settings.value("issues/splitter")
        if splitter is not None:
            issues.splitter.restoreState(splitter)

    def table_pages(self) -> list:
        if self.companies_page is None:
            return []
        return [self.companies_page, self.financials_page, self.quotes_page, self.issues_page.list_page]

    def current_page(self):
        """The table view's page under the current tab (the Issues tab's list), or None."""
        widget = self.window.tabs.currentWidget()
        if widget is None or self.companies_page is None:
            return None
        if widget is self.issues_page:
            return self.issues_page.list_page
        return widget if widget in (self.companies_page, self.financials_page, self.quotes_page) else None

    def current_company(self) -> str | None:
        """The ticker of the current row in the Companies or Financials tab, or None."""
        if self.companies_page is None or self.session is None:
            return None
        page = self.window.tabs.currentWidget()
        if page not in (self.companies_page, self.financials_page):
            return None
        return page.current_key()

    def show_company_figures(self, ticker: str) -> None:
        """The company's row in the Financials view (a company picked in the notes or a comparison)."""
        self.window.tabs.setCurrentWidget(self.financials_page)
        self.financials_page.select_key(ticker, 2)

    def on_tabs_current_changed(self, index: int) -> None:
        if 0 <= index < len(self.window.view_actions):
            self.window.view_actions[index].setChecked(True)
        if index == NOTES_TAB and self.session is not None and self.notes_view is None:
            self.build_notes_view()
        self.window.update_company_actions()

    # ------------------------------------------------------------------ notes
    def build_notes_view(self) -> None:
        w, tabs = self.window, self.window.tabs
        try:
            from ui.views.notes import NotesView
        except ImportError as exc:
            w._show_message(translate("MainWindow", "Notes are not available: %1").replace("%1", str(exc)))
            return
        self.notes_view = NotesView(self.session.path, w, settings=w.settings)
        self.notes_view.company_activated.connect(self.show_company_figures)
        tabs.blockSignals(True)
        old = tabs.widget(NOTES_TAB)
        title = tabs.tabText(NOTES_TAB)
        tabs.removeTab(NOTES_TAB)
        tabs.insertTab(NOTES_TAB, self.notes_view, title)
        tabs.setCurrentIndex(NOTES_TAB)
        tabs.blockSignals(False)
        old.deleteLater()

    def drop_notes_view(self) -> None:
        if self.notes_view is None:
            return
        tabs = self.window.tabs
        tabs.blockSignals(True)
        current = tabs.currentIndex()
        tabs.removeTab(NOTES_TAB)
        tabs.insertTab(NOTES_TAB, placeholder(translate("MainWindow", "Opening the store…"), tabs),
                       translate("MainWindow", "Notes"))
        tabs.setCurrentIndex(current)
        tabs.blockSignals(False)
        self.notes_view.close_store()
        self.notes_view.deleteLater()
        self.notes_view = None

    def show_notes(self, ticker: str | None = None) -> int | None:
        """Switch to the Notes tab showing the notes about ``ticker`` (default: the current row's company)."""
        w = self.window
        ticker = ticker or self.current_company()
        if self.session is None or ticker is None:
            w._show_message(translate("MainWindow", "Select a company in Companies or Financials first."))
            return None
        w.tabs.setCurrentIndex(NOTES_TAB)  # builds the notes view the first time
        if self.notes_view is None:
            return None
        count = self.notes_view.show_company(ticker)
        name = ticker
        store = self.session.store
        if store.has_company(ticker):
            name = f"{store.company(ticker)['name']}（{ticker}）"
        w._show_message(translate("MainWindow", "%1 notes about %2").replace("%1", str(count)).replace("%2", name))
        return count

    def new_note_for_company(self, ticker: str | None = None) -> int | None:
        """Show the company's notes and ask for a new one about it; returns the note's id."""
        if self.show_notes(ticker) is None:
            return None
        return self.notes_view.new_note()


__all__ = ["NOTES_TAB", "Pages", "placeholder"]
