"""The Issues view: a list of weekly issues and a read-only rendering of the selected one."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QTextBrowser, QVBoxLayout, QWidget)

from ui.common.i18n import for_ui
from ui.widgets.table_view import TablePage

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


def rich(text: str) -> str:
    """User text as HTML: escaped, with the editor's **bold** kept."""
    return _BOLD.sub(r"<b>\1</b>", html.escape(text or "")).replace("\n", "<br>")


class IssuesPage(QWidget):
    """Issues newest first, searched in full text and filtered by status; the selected one read-only below."""

    edit_requested = Signal(int)  # open the issue in the editor
    compare_requested = Signal()  # pick any two issues
    compare_previous_requested = Signal(int, int)  # (last week's issue, this issue)
    new_issue_requested = Signal()  # copy the latest issue forward a week
    first_issue_requested = Signal()  # a draft for a chosen week (新建周报…)
    export_requested = Signal(int)
    export_table_requested = Signal(int)  # the comparison table as an Excel workbook
    record_requested = Signal(int)  # write the issue's publication record

    STATUSES = ("draft", "review", "final")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.store = None
        self.current_id = None
        self.list_page = TablePage("issues", self, filter_hint=self.tr("Search the text of every issue…"),
                                   text_filter=self._on_search_text_changed)
        self.list_page.filter_edit.setToolTip(
            self.tr("Finds issues by any words of their headline, review, views, advice, themes and risks"))
        self.view = self.list_page.view
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem(self.tr("All"), None)
        from ui.models import IssueListModel

        for status in self.STATUSES:
            self.status_combo.addItem(IssueListModel.status_text(status), status)
        self.status_combo.setToolTip(self.tr("Show only issues with this status"))
        self.status_label = QLabel(self.tr("Status"), self)
        self.list_page.add_to_bar(self.status_label)
        self.list_page.add_to_bar(self.status_combo)
        self.status_combo.currentIndexChanged.connect(self._on_status_combo_changed)

        self.reader = QTextBrowser(self)
        self.reader.setReadOnly(True)
        self.reader.setOpenExternalLinks(False)
        self.reader.document().setDocumentMargin(14)
        self.new_button = QPushButton(self.tr("New Issue from Last Week"), self)
        self.new_button.setToolTip(self.tr("Copy the latest issue forward a week as a new draft and open it"))
        self.first_button = QPushButton(self.tr("New Issue…"), self)
        self.first_button.setToolTip(self.tr("Draft an issue for a week you choose: the first issue of a new store "
                                             "or series"))
        self.first_button.clicked.connect(self.first_issue_requested)
        self.edit_button = QPushButton(self.tr("Edit Issue…"), self)
        self.edit_button.setToolTip(self.tr("Open the selected issue in the editor (or double-click it)"))
        self.compare_previous_button = QPushButton(self.tr("Compare with Previous Week…"), self)
        self.compare_previous_button.setToolTip(self.tr("See what changed since the week before the selected issue"))
        self.compare_button = QPushButton(self.tr("Compare Issues…"), self)
        self.compare_button.setToolTip(self.tr("See what changed between two issues"))
        self.export_button = QPushButton(self.tr("Export PDF…"), self)
        self.export_button.setToolTip(self.tr("Write the selected issue's PDF (a final issue: its published PDF)"))
        self.export_table_button = QPushButton(self.tr("Export Table to Excel…"), self)
        self.export_table_button.setToolTip(self.tr("Write the selected issue's comparison table as an Excel "
                                                    "workbook, as printed (a final issue: its published numbers)"))
        self.record_button = QPushButton(self.tr("Export Publication Record…"), self)
        self.new_button.clicked.connect(self.new_issue_requested)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.compare_previous_button.clicked.connect(self._on_compare_previous_button_clicked)
        self.compare_button.clicked.connect(self.compare_requested)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.export_table_button.clicked.connect(self._on_export_table_button_clicked)
        self.record_button.clicked.connect(self._on_record_button_clicked)
        # The same commands for the list's right-click menu.
        self.edit_action = QAction(self.tr("&Edit Issue…"), self)
        self.edit_action.triggered.connect(self._on_edit_button_clicked)
        self.compare_previous_action = QAction(self.tr("Compare with &Previous Week…"), self)
        self.compare_previous_action.triggered.connect(self._on_compare_previous_button_clicked)
        self.export_action = QAction(self.tr("E&xport PDF…"), self)
        self.export_action.triggered.connect(self._on_export_button_clicked)
        self.export_table_action = QAction(self.tr("Export &Table to Excel…"), self)
        self.export_table_action.triggered.connect(self._on_export_table_button_clicked)
        self.record_action = QAction(self.tr("Export Publication &Record…"), self)
        self.record_action.triggered.connect(self._on_record_button_clicked)
        self.new_action = QAction(self.tr("&New Issue from Last Week"), self)
        self.new_action.triggered.connect(self.new_issue_requested)
        self.list_page.context_actions = [self.edit_action, self.compare_previous_action, self.export_action,
                                          self.export_table_action, self.record_action, None, self.new_action]
        reader_box = QWidget(self)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(6, 0, 6, 0)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.first_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.compare_previous_button)
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.export_table_button)
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        box = QVBoxLayout(reader_box)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(4)
        box.addLayout(buttons)
        box.addWidget(self.reader, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.list_page)
        self.splitter.addWidget(reader_box)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([240, 460])
        self.splitter.setChildrenCollapsible(False)
        # the list keeps three rows in sight however large the scale; the reader gives way first
        rows = self.view.verticalHeader().defaultSectionSize()
        self.view.setMinimumHeight(self.view.horizontalHeader().sizeHint().height() + 3 * rows + rows // 2
                                   + self.view.horizontalScrollBar().sizeHint().height() + 2 * self.view.frameWidth())
        self.reader.setMinimumHeight(2 * rows)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.list_page.current_key_changed.connect(self.show_issue)
        self.view.activated.connect(self._on_edit_button_clicked)  # double-click, or Enter on the row
        self._update_buttons()

    def set_model(self, model, settings=None) -> None:
        self.store = model.session.store
        model.set_filter(self.list_page.filter_edit.text(), self.status_combo.currentData())
        self.list_page.set_model(model, settings)
        model.modelReset.connect(self._select_first)
        self._select_first()

    # ------------------------------------------------------------------ search and status filter
    def _on_search_text_changed(self, text: str) -> None:
        if self.list_page.model is not None:
            self.list_page.model.set_filter(text, self.status_combo.currentData())

    def _on_status_combo_changed(self, index: int) -> None:
        model = self.list_page.model
        if model is not None:
            model.set_filter(self.list_page.filter_edit.text(), self.status_combo.itemData(index))

    def set_status_filter(self, status: str | None) -> None:
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)) if status else 0)

    def clear_filters(self) -> None:
        """Show every issue (a new draft must not be hidden by the last search)."""
        self.status_combo.blockSignals(True)
        self.status_combo.setCurrentIndex(0)
        self.status_combo.blockSignals(False)
        self.list_page.filter_edit.clear()  # reloads through the search box
        if self.list_page.model is not None:
            self.list_page.model.set_filter("", None)

    def _select_first(self) -> None:
        model = self.list_page.model
        if model is not None and model.rowCount():
            current = self.current_id if self.current_id is not None and model.row_of(self.current_id) is not None \
                else model.key_at(self.list_page.proxy.mapToSource(self.list_page.proxy.index(0, 0)).row())
            self.list_page.select_key(current, 2)
            self.show_issue(current)
        else:
            self.current_id = None
            if model is not None and model.is_filtered():
                empty = self.tr("No issue matches the search or the status filter.")
            else:
                empty = self.tr("No issues in this store yet. Draft the first with New Issue… (here or in the "
                                "File menu) for the week you choose; later weeks are copied forward from it.")
            self.reader.setHtml(f"<p style='color:#777'>{html.escape(empty)}</p>")
        self._update_buttons()

    def current_issue_id(self) -> int | None:
        return self.list_page.current_key()

    def select_issue(self, issue_id: int) -> bool:
        if self.list_page.select_key(issue_id, 2):
            self.show_issue(issue_id)
            return True
        return False

    def previous_issue_id(self, issue_id: int | None = None) -> int | None:
        """Last week's issue for ``issue_id`` (default: the selected one), or None."""
        issue_id = self.current_issue_id() if issue_id is None else issue_id
        if self.store is None or issue_id is None:
            return None
        from workbench.drafting.lifecycle import previous_issue

        return previous_issue(self.store, issue_id)

    def _update_buttons(self) -> None:
        has = self.current_issue_id() is not None
        previous = self.previous_issue_id() if has else None
        for w in (self.edit_button, self.edit_action, self.export_button, self.export_action,
                  self.export_table_button, self.export_table_action):
            w.setEnabled(has)
        for w in (self.compare_previous_button, self.compare_previous_action):
            w.setEnabled(previous is not None)
        self.compare_previous_button.setToolTip(
            self.tr("Compare issue #%1 with issue #%2").replace("%1", str(self.current_issue_id()))
            .replace("%2", str(previous)) if previous is not None
            else self.tr("The selected issue has no earlier issue to compare with"))
        published = has and self.is_published(self.current_issue_id())
        for w in (self.record_button, self.record_action):
            w.setEnabled(published)
            w.setToolTip(self.tr("Write every published PDF of the selected issue, its data snapshots, text, status "
                                 "log and SHA-256 manifest into a folder") if published
                         else self.tr("The selected issue has no published (final) version yet"))
        enough = self.store is not None and len(self.store.issues()) >= 2
        self.compare_button.setEnabled(enough)
        self.new_button.setEnabled(self.store is not None and bool(self.list_page.model and
                                                                   self.list_page.model.total_count()))
        self.first_button.setEnabled(self.store is not None)

    def is_published(self, issue_id: int | None) -> bool:
        """Whether the issue has a frozen (published) version, the stuff of a publication record."""
        return self.store is not None and issue_id is not None and bool(self.store.versions(issue_id))

    def _on_edit_button_clicked(self, *args) -> None:
        issue_id = self.current_issue_id()
        if issue_id is not None:
            self.edit_requested.emit(issue_id)

    def _on_compare_previous_button_clicked(self, *args) -> None:
        issue_id = self.current_issue_id()
        previous = self.previous_issue_id(issue_id)
        if issue_id is not None and previous is not None:
            self.compare_previous_requested.emit(previous, issue_id)

    def _on_export_button_clicked(self, *args) -> None:
        issue_id = self.current_issue_id()
        if issue_id is not None:
            self.export_requested.emit(issue_id)

    def _on_export_table_button_clicked(self, *args) -> None:
        issue_id = self.current_issue_id()
        if issue_id is not None:
            self.export_table_requested.emit(issue_id)

    def _on_record_button_clicked(self, *args) -> None:
        issue_id = self.current_issue_id()
        if issue_id is not None:
            self.record_requested.emit(issue_id)

    def refresh(self) -> None:
        """Re-read the list and the shown issue (after the editor saved or an issue was added)."""
        model = self.list_page.model
        if model is None:
            return
        current = self.current_issue_id()
        model.reload()  # _select_first keeps the shown issue when it is still listed
        if current is not None:
            self.select_issue(current)
        self._update_buttons()

    def show_issue(self, issue_id) -> None:
        if self.store is None or issue_id is None:
            return
        from workbench.errors import WorkbenchError

        try:
            issue = self.store.issue(issue_id)
        except WorkbenchError as exc:
            self.reader.setPlainText(for_ui(exc.message))
            return
        self.current_id = issue_id
        self.reader.setHtml(self.issue_html(issue))
        self._update_buttons()

    def _names(self, tickers: list[str]) -> str:
        names = []
        for t in tickers:
            try:
                names.append(self.store.company(t)["name"])
            except Exception:  # a ticker no longer in the store: show the code
                names.append(t)
        return "、".join(names)

    def issue_html(self, issue) -> str:
        from ui.models import IssueListModel

        status = IssueListModel.status_text(issue.status)
        analysts = []
        for a in issue.analysts:
            try:
                row = self.store.analyst(a)
                analysts.append(f"{html.escape(row['name'])} ({html.escape(row['sac_no'])})")
            except Exception:
                analysts.append(str(a))
        span = f"{issue.period_start.replace('-', '')}-{issue.period_end.replace('-', '')}"
        analysts_label = self.tr("Analysts")
        meta = [
            (self.tr("Period"), f"{issue.period_start} – {issue.period_end}"),
            (self.tr("Published"), issue.publish_date),
            (self.tr("Industry"), issue.industry),
            (self.tr("Rating"), f"{issue.rating}（{issue.rating_action}）"),
            (self.tr("Status"), f"{status} · v{issue.version}"),
            (analysts_label, "、".join(analysts)),
        ]
        parts = [
            "<div style='font-size:10.5pt; line-height:150%'>",
            f"<h2 style='color:#8B1A1A; margin-bottom:2px'>{html.escape(issue.headline)}</h2>",
            f"<div style='color:#555'>——{html.escape(issue.series)} {span}</div>",
            "<table cellspacing='0' cellpadding='3' style='margin-top:8px; color:#333'>",
        ]
        for k, v in meta:
            parts.append(f"<tr><td style='color:#777; padding-right:14px'>{html.escape(k)}</td>"
                         f"<td>{html.escape(v) if k != analysts_label else v}</td></tr>")
        parts.append("</table>")

        def section(title: str, body: str) -> None:
            if body:
                parts.append(f"<h3 style='color:#8B1A1A; margin-top:14px'>{html.escape(title)}</h3>{body}")

        section(self.tr("Market review"), f"<p>{rich(issue.market_review)}</p>" if issue.market_review else "")
        section(self.tr("Industry views"), "<ul>" + "".join(f"<li>{rich(v)}</li>" for v in issue.views) + "</ul>"
                if issue.views else "")
        advice = f"<p>{rich(issue.advice)}</p>" if issue.advice else ""
        if issue.themes:
            advice += "<ol>" + "".join(
                f"<li><b>{html.escape(th.name)}</b>：{rich(th.rationale)}"
                + (f"【{html.escape(self._names(th.tickers))}】" if th.tickers else "") + "</li>"
                for th in issue.themes) + "</ol>"
        section(self.tr("Investment advice"), advice)
        section(self.tr("Risks"), f"<p>{html.escape('；'.join(issue.risks))}</p>" if issue.risks else "")
        if issue.figures:
            section(self.tr("Figures"), "<ol>" + "".join(f"<li>{html.escape(f.title)}"
                                                   f" <span style='color:#777'>{html.escape(f.source)}</span></li>"
                                                   for f in issue.figures) + "</ol>")
        if issue.table.columns:
            section(self.tr("Table"), f"<p>{html.escape(issue.table.title)} — "
                                + self.tr("%1 columns").replace("%1", str(len(issue.table.columns)))
                                + (f"<br><span style='color:#777'>{html.escape(issue.table.source)}</span>"
                                   if issue.table.source else "") + "</p>")
        if issue.related:
            section(self.tr("Related reports"), "<ul>" + "".join(
                f"<li>{html.escape(r.title)} <span style='color:#777'>{html.escape(r.date)}</span></li>"
                for r in issue.related) + "</ul>")
        parts.append("</div>")
        return "".join(parts)
