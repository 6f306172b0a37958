"""IssueEditor: one weekly issue in tabs (pages), with the notes, preflight and preview beside them.

Everything the editor decides is decided by the core: it builds an ``Issue`` from its pages and
hands it to ``save_issue`` (its text; the status stays), ``preflight``, ``draft_market_review``, ``insert_note``,
``change_status`` and ``export_issue``. The editor opens its own Store (one per thread); long work
(finalising, exporting, the preview) runs on pool workers that open theirs.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from ui.common.companies import current_user
from ui.common.geometry import scroll_page
from ui.issue_editor import prompts
from ui.issue_editor.actions import EditorActions
from ui.issue_editor.autosave import DEFAULT_AUTOSAVE_MS, Autosave
from ui.issue_editor.header import EditorHeader
from ui.issue_editor.jump import jump_to_field
from ui.issue_editor.lifecycle import Lifecycle
from ui.issue_editor.pages.figures import FiguresPage
from ui.issue_editor.pages.house import HousePage
from ui.issue_editor.pages.meta import MetaPage
from ui.issue_editor.pages.rows import RelatedPage
from ui.issue_editor.pages.text import TextPage
from ui.issue_editor.pages.themes import ThemesPage, named_stock_field
from ui.issue_editor.side.panel import SidePanel
from workbench.domain.issue import Issue
from workbench.errors import ValidationError, WorkbenchError

# The parts' widgets the main window, the desk and the tests reach on the editor itself.
PART_WIDGETS = {
    "header": ("status_chip", "title_label", "subtitle_label", "autosave_label", "banner", "error_label"),
    "meta_page": ("headline", "series", "industry", "rating", "rating_action", "period_start", "period_end",
                  "publish_date", "analysts", "review_indices", "sector_index", "cover_index", "history"),
    "text_page": ("market_review_edit", "views_edit", "advice_edit", "risks_edit", "section_edits",
                  "draft_review_button", "bold_button", "review_note", "text_splitter"),
    "themes_page": ("themes_editor",),
    "figures_page": ("figures_editor", "table_editor"),
    "related_page": ("related_editor",),
    "house_page": ("house_view", "house_button"),
}


def store_changed(editor: "IssueEditor", changes=None) -> None:
    """The store changed outside the editor (an import, a figure or quote typed in the main window): the
    preview is marked out of date and rendered again after the quiet delay, as after an edit in the
    editor, and a preflight on screen is run again once the changes pause, on a worker (its side tab
    stays as it was; the window never waits for it). A final issue prints its frozen snapshot, which
    no store change alters."""
    if editor.store is None or editor.issue.status == "final":
        return
    editor.preview.mark_stale()
    if editor.preflight_panel.result is not None:
        editor.lifecycle.checks.recheck_later()


def finding_field(editor: "IssueEditor", field: str) -> str:
    """The field of the finding clicked in the Preflight panel, down to the stock a theme's finding names."""
    item = editor.preflight_panel.list.currentItem()
    if item is None or item.data(Qt.ItemDataRole.UserRole) != field:
        return field
    return named_stock_field(field, item.text(), editor.themes_editor.themes(), editor.store)


class IssueEditor(QWidget):
    """Edit one weekly issue; embeddable in a tab or shown as a window.

    ``confirm(parent, title, text) -> bool`` and ``ask_text(parent, title, label) -> str | None`` are
    injectable (tests); ``autosave_ms`` is the delay between a change and its autosave; ``user`` is
    recorded with status changes (default: the settings' user name, else the OS user).
    ``ask_save(parent, title, text) -> "save" | "discard" | "cancel"`` is asked on closing with
    unsaved changes; ``ask_restore(parent, title, text) -> bool`` offers an autosave (default: the
    injected ``confirm``, else a box whose default button restores).
    """

    modified = Signal(bool)
    saved = Signal(int)
    autosaved = Signal()
    status_changed = Signal(str)  # the new status, after a lifecycle step succeeded
    lifecycle_failed = Signal(str)  # why a lifecycle step (review, final, correction) was refused
    title_changed = Signal(str)  # for the tab or window title
    exported = Signal(object)  # the ExportResult, or the exception that stopped the export
    table_exported = Signal(object)  # the comparison table workbook's Path, or the exception
    message = Signal(str)  # a line for the status bar

    def __init__(self, store_path: str | Path, issue_id: int | str, parent=None, *, confirm=None, ask_text=None,
                 autosave_ms: int = DEFAULT_AUTOSAVE_MS, user: str | None = None,
                 settings: QSettings | None = None, ask_save=None, ask_restore=None, ask_overwrite=None):
        super().__init__(parent)
        from workbench.store import Store

        self.store_path = Path(store_path)
        self.store = Store(self.store_path)
        self.confirm = confirm or prompts.ask_confirm
        self.ask_text = ask_text or prompts.ask_line
        self.ask_save = ask_save  # None: prompts.ask_save_changes, looked up when asked
        self.ask_restore = ask_restore or confirm  # None: prompts.ask_restore_autosave
        self.ask_overwrite = ask_overwrite  # None: prompts.ask_overwrite_changes
        self.user = self._recorded_name(user or current_user(settings))  # who status changes name
        self.settings = settings
        self.base_revision = self.store.issue_revision(self.store.issue(issue_id).id)  # read before the issue
        self.issue: Issue = self.store.issue(issue_id)
        self.companies = self.store.companies()
        self.names = {c["ticker"]: c["name"] for c in self.companies}
        self.read_only = False
        self.desk_read_only = False  # someone else holds the draft's lease on the desk (ui/desk/lease.py)
        self.restored_autosave = False
        self._loading = False
        self._dirty = False

        self.autosave = Autosave(self, autosave_ms)
        self.autosave_timer = self.autosave.timer
        self.lifecycle = Lifecycle(self)
        self.commands = EditorActions(self, {
            "save": self.save, "submit": self.submit_for_review, "back": self.back_to_draft,
            "finalise": self.finalise, "correction": self.correction, "preflight": self.run_preflight,
            "export": lambda: self.export_pdf(), "export_table": lambda: self.export_table_xlsx()})
        self.toolbar = self.commands.toolbar
        for name in ("save", "submit", "back", "finalise", "correction", "preflight", "export", "export_table"):
            setattr(self, f"{name}_action", getattr(self.commands, name))
        self.header = EditorHeader(self)
        self._build_pages()
        self._build_side()
        for part, names in PART_WIDGETS.items():
            for name in names:
                setattr(self, name, getattr(getattr(self, part), name))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([880, 480])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.toolbar)
        for row in self.header.rows():  # the title row, the final banner, the error line
            layout.addWidget(row)
        layout.addWidget(self.splitter, 1)

        for page in self.pages:
            page.changed.connect(self._on_changed)
        self.meta_page.period_changed.connect(self._on_period_changed)
        self.meta_page.headline.textChanged.connect(self._update_title)
        for key in ("Ctrl+W", "Esc"):  # close, through the Save / Discard / Cancel prompt
            QShortcut(QKeySequence(key), self, self.close, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.load(self.issue)
        self.autosave.offer()

    def _build_pages(self) -> None:
        self.tabs = QTabWidget(self)  # before the pages: its tab bar takes the focus first, as it always has
        self.tabs.setDocumentMode(True)
        self.meta_page = MetaPage(self.store, self)
        self.text_page = TextPage(self)
        self.text_page.draft_requested.connect(self.draft_market_review)
        self.themes_page = ThemesPage(self.store, self.companies, self)
        self.figures_page = FiguresPage(self.store, self.companies, self)
        self.related_page = RelatedPage(self)
        self.house_page = HousePage(self.store, self)
        self.house_page.edit_requested.connect(self.edit_house)
        self.pages = [self.meta_page, self.text_page, self.themes_page, self.figures_page, self.related_page,
                      self.house_page]
        # each page scrolls, so a 1280x720 laptop reaches every field (ui/geometry.py)
        for page, title in zip(self.pages, (self.tr("Issue"), self.tr("Text"), self.tr("Themes"),
                                            self.tr("Figures and table"), self.tr("Related reports"),
                                            self.tr("House texts"))):
            self.tabs.addTab(scroll_page(page, self.tabs), title)

    def _build_side(self) -> None:
        self.side = SidePanel(self.store_path, self.current_issue, self._fact_history, self)
        self.notes_panel, self.preflight_panel, self.preview = \
            self.side.notes_panel, self.side.preflight_panel, self.side.preview
        self.notes_panel.insert_requested.connect(self.insert_note)
        self.preflight_panel.run_requested.connect(self.run_preflight)
        self.preflight_panel.finding_activated.connect(lambda field: self.jump_to_field(finding_field(self, field)))

    # ------------------------------------------------------------------ issue in and out
    def load(self, issue: Issue) -> None:
        """Show ``issue`` in every field (no change is recorded)."""
        self._loading = True
        try:
            self.issue = issue
            for page in self.pages:
                page.load(issue)
        finally:
            self._loading = False
        self._refresh_notes()
        self.update_status_ui()
        self._update_title()
        if self.preview.images:  # reloaded (a status change, a correction): the pages shown may be old
            self.preview.mark_stale()

    def current_issue(self) -> Issue:
        """The issue as the fields show it now (not saved); id, status and version are the stored ones."""
        issue = copy.deepcopy(self.issue)
        for page in self.pages:
            page.apply(issue)
        return issue

    @property
    def issue_id(self) -> int:
        return self.issue.id

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def set_dirty(self, dirty: bool) -> None:
        """The fields hold changes not saved (or no longer do): tell the window, mark the title."""
        if dirty != self._dirty:
            self._dirty = dirty
            self.modified.emit(dirty)
            self._update_title()

    def _on_changed(self, *args) -> None:
        if self._loading or self.read_only:
            return
        self.header.clear_error()
        self.preview.mark_stale()  # re-rendered after a pause in typing
        self.set_dirty(True)
        self.autosave.changed()

    on_store_changed = store_changed  # the main window's imports and typed figures (ui/main_window/windows.py)

    def autosave_now(self) -> bool:
        """Write the current fields to the store's autosave slot (not the issue itself)."""
        return self.autosave.save_now()

    # ------------------------------------------------------------------ saving
    def save(self) -> bool:
        """Validate and save the fields as the issue's text (its stored status stays); errors show inline
        (saving.py: a write elsewhere since this editor loaded the issue is asked about first)."""
        from ui.issue_editor.saving import save

        return save(self)

    def show_error(self, text: str) -> None:
        self.header.show_error(text)

    def reload(self) -> None:
        """Read the issue again from the store (unsaved changes are dropped)."""
        self.autosave.forget()
        revision = self.store.issue_revision(self.issue.id)  # read before the issue: a write between is asked about
        self.load(self.store.issue(self.issue.id))
        self.base_revision = revision
        self.set_dirty(False)

    # ------------------------------------------------------------------ text, notes and the house
    def draft_market_review(self) -> bool:
        """Fill the market review from the week's quotes (the core's wording); one undoable step."""
        try:
            self.text_page.draft_review(self.store, self.current_issue())
        except (WorkbenchError, StopIteration) as exc:
            self.show_error(self.tr("Cannot draft the market review: %1").replace("%1", getattr(exc, "message", "")
                                                                                   or str(exc)))
            return False
        self.tabs.setCurrentIndex(1)
        return True

    def insert_note(self, text: str, section: str) -> bool:
        """Add a note's text to ``section`` (market_review, views, advice or risks) the way the core does."""
        if self.read_only:
            return False
        try:
            edit = self.text_page.insert_note(self.current_issue(), text, section)
        except ValidationError as exc:
            self.show_error(exc.message)
            return False
        self.tabs.setCurrentIndex(1)
        edit.moveCursor(edit.textCursor().MoveOperation.End)
        self.message.emit(self.tr("Note inserted into %1").replace("%1", self.notes_panel.section_names()[section]))
        return True

    def _refresh_notes(self) -> None:
        from workbench.drafting.notes import week_notes

        issue = self.current_issue() if not self._loading else self.issue
        self.notes_panel.set_notes(week_notes(self.store, issue), issue.period_start, issue.period_end, self.names)

    def _on_period_changed(self) -> None:
        if not self._loading:
            self._refresh_notes()

    def edit_house(self) -> bool:
        from ui.dialogs.house import HouseDialog

        dialog = HouseDialog(self.store, self)
        accepted = bool(dialog.exec())
        if accepted:
            self.house_page.show_house()
            was_loading, self._loading = self._loading, True
            try:  # analysts added or renamed in the dialog, with the current ticks kept
                self.meta_page.fill_analysts(self.meta_page.checked_analysts())
            finally:
                self._loading = was_loading
            self.message.emit(self.tr("House profile saved"))
        return accepted

    # ------------------------------------------------------------------ preflight and jumping
    def run_preflight(self):
        """Check the issue as the fields show it now, on a worker (the window keeps painting); the
        findings list in the Preflight panel."""
        result = self.lifecycle.checks.check()
        if result is None:
            return None
        self.side.show_preflight(result)
        return result

    def jump_to_field(self, field: str) -> bool:
        """Show and focus the widget of a preflight field (``views[1]``, ``themes[2].tickers``, ``table.source``…)."""
        return jump_to_field(self.tabs, self.pages, field)

    # ------------------------------------------------------------------ lifecycle (lifecycle.py)
    def submit_for_review(self) -> bool:
        return self.lifecycle.change_status("review")

    def back_to_draft(self) -> bool:
        return self.lifecycle.change_status("draft")

    def finalise(self):
        """Freeze the issue on a worker (preflight, PDF, snapshot); returns the running task or None."""
        return self.lifecycle.finalise()

    def correction(self) -> bool:
        """Reopen a final issue as a new draft version; asks for the reason."""
        return self.lifecycle.correction()

    def export_pdf(self, out_path: str | Path | None = None):
        """Export the saved issue (saving first) on a worker; returns the running task or None."""
        return self.lifecycle.export_pdf(out_path)

    def export_table_xlsx(self, out_path: str | Path | None = None):
        """Write the saved issue's comparison table (saving first) as .xlsx on a worker; returns the task or None."""
        return self.lifecycle.export_table_xlsx(out_path)

    # ------------------------------------------------------------------ status and read-only
    def update_status_ui(self) -> None:
        """Every part follows the issue's status: chip, banner, history, actions, preflight, read-only."""
        status = self.issue.status
        final = status == "final"
        self.header.show_status(self.issue, self.store.versions(self.issue.id) if final else [])
        held = self.desk_read_only or self.store.read_only  # a store this user may not write: view and export
        self.preflight_panel.follow_issue(status, self.issue.version)
        self.meta_page.show_history(self.issue.id)
        self.set_read_only(final or held)
        self.commands.update_enabled(status, held, may_finalise=self._may_finalise())

    def _recorded_name(self, name: str) -> str:
        """With a desk joined, the desk user (this name beside it); without one, this name."""
        if not self.store.get_setting("desk.url"):
            return name
        from workbench.desk.roles import recorded_name

        return recorded_name(self.store, name, name)

    def _may_finalise(self) -> bool:
        """Whether the team desk lets this user finalise (always without a desk)."""
        if not self.store.get_setting("desk.url"):
            return True
        from workbench.desk.roles import may_finalise

        return may_finalise(self.store)

    _update_status_ui = update_status_ui  # the desk's lease (ui/desk/lease.py) calls it by this name

    def set_read_only(self, read_only: bool) -> None:
        """A final issue: every field read-only (text stays selectable), editing buttons off."""
        self.read_only = read_only
        for page in self.pages:
            page.set_read_only(read_only)
        self.notes_panel.insert_button.setEnabled(not read_only and bool(self.notes_panel.notes))
        self.notes_panel.section.setEnabled(not read_only)
        if read_only:
            self.autosave.stop()

    def _update_title(self) -> None:
        headline = self.headline.text().strip() or self.issue.headline
        self.header.show_title(headline, f"——{self.series.currentText()} {self.meta_page.period_text()}  ·  "
                                         f"#{self.issue.id}")
        self.title_changed.emit(self.title_text())

    def title_text(self) -> str:
        """The window or tab title: the issue's number, the headline after its 周观点： lead, a * when unsaved."""
        headline = self.headline.text().strip() or self.issue.headline
        short = headline.split("：", 1)[-1]
        if len(short) > 24:
            short = short[:23] + "…"
        return f"#{self.issue.id} {short}{' *' if self._dirty else ''}"

    def _fact_history(self, ticker: str, metric: str, period: str) -> list[dict]:
        """The change log of one figure, for the preview's 数据来源 list."""
        return self.store.history(ticker, metric, period) if self.store is not None else []

    # ------------------------------------------------------------------ closing
    def close_store(self) -> None:
        """Keep unsaved work as an autosave, then close the editor's own store connection."""
        if self.store is None:
            return
        if self._dirty and not self.read_only:
            self.autosave.pending = True
            self.autosave.save_now(wait=True)  # the last chance to keep the text: worth the busy wait
        self.autosave.stop()
        self.text_page.stop_following_focus()
        self.store.close()
        self.store = None

    def confirm_close(self) -> bool:
        """Ask 保存 / 不保存 / 取消 when the fields hold unsaved changes; False keeps the editor open."""
        if self.store is None or not self._dirty or self.read_only:
            return True
        ask = self.ask_save or prompts.ask_save_changes
        answer = ask(self, self.tr("Issue #%1").replace("%1", str(self.issue.id)),
                     self.tr("Issue #%1 (%2) has changes that are not saved. Save them before closing?")
                     .replace("%1", str(self.issue.id)).replace("%2", self.title_text().split(" ", 1)[-1].rstrip(" *")))
        if answer == "save":
            return self.save()  # a refused save keeps the editor open, with the reason shown
        if answer == "discard":
            self.autosave.forget()
            self.autosave.discard_mine()  # the user's choice drops this editor's autosave, not another window's
            self.set_dirty(False)
            return True
        return False

    def closeEvent(self, event) -> None:
        if not self.confirm_close():
            event.ignore()
            return
        self.close_store()
        super().closeEvent(event)
