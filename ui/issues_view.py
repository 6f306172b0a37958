"""The Issues view: a list of weekly issues and a read-only rendering of the selected one."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from ui.table_view import TablePage

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


def rich(text: str) -> str:
    """User text as HTML: escaped, with the editor's **bold** kept."""
    return _BOLD.sub(r"<b>\1</b>", html.escape(text or "")).replace("\n", "<br>")


class IssuesPage(QWidget):
    """Issues newest first; the selected issue's headline, period, status and sections, read-only."""

    edit_requested = Signal(int)  # open the issue in the editor
    compare_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.store = None
        self.current_id = None
        self.list_page = TablePage("issues", self, group_label=self.tr("All issues"),
                                   filter_hint=self.tr("Filter issues…"))
        self.view = self.list_page.view
        self.reader = QTextBrowser(self)
        self.reader.setReadOnly(True)
        self.reader.setOpenExternalLinks(False)
        self.reader.document().setDocumentMargin(14)
        self.edit_button = QPushButton(self.tr("Edit Issue…"), self)
        self.edit_button.setToolTip(self.tr("Open the selected issue in the editor (or double-click it)"))
        self.compare_button = QPushButton(self.tr("Compare Issues…"), self)
        self.compare_button.setToolTip(self.tr("See what changed between two issues"))
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.compare_button.clicked.connect(self.compare_requested)
        reader_box = QWidget(self)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(6, 0, 6, 0)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        box = QVBoxLayout(reader_box)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(4)
        box.addLayout(buttons)
        box.addWidget(self.reader, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.list_page)
        self.splitter.addWidget(reader_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([140, 560])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.list_page.current_key_changed.connect(self.show_issue)
        self.view.doubleClicked.connect(self._on_edit_button_clicked)

    def set_model(self, model, settings=None) -> None:
        self.store = model.session.store
        self.list_page.set_model(model, settings)
        model.modelReset.connect(self._select_first)
        self._select_first()

    def _select_first(self) -> None:
        model = self.list_page.model
        if model is not None and model.rowCount():
            self.list_page.view.setCurrentIndex(self.list_page.proxy.index(0, 1))
            self.show_issue(model.key_at(self.list_page.proxy.mapToSource(self.list_page.proxy.index(0, 0)).row()))
        else:
            empty = self.tr("No issues in this store yet.")
            self.reader.setHtml(f"<p style='color:#777'>{html.escape(empty)}</p>")

    def current_issue_id(self) -> int | None:
        return self.list_page.current_key()

    def _on_edit_button_clicked(self, *args) -> None:
        issue_id = self.current_issue_id()
        if issue_id is not None:
            self.edit_requested.emit(issue_id)

    def refresh(self) -> None:
        """Re-read the list and the shown issue (after the editor saved)."""
        model = self.list_page.model
        if model is None:
            return
        current = self.current_issue_id()
        model.reload()
        if current is not None and self.list_page.select_key(current, 1):
            self.show_issue(current)

    def show_issue(self, issue_id) -> None:
        if self.store is None or issue_id is None:
            return
        from workbench.errors import WorkbenchError

        try:
            issue = self.store.issue(issue_id)
        except WorkbenchError as exc:
            self.reader.setPlainText(exc.message)
            return
        self.current_id = issue_id
        self.reader.setHtml(self.issue_html(issue))

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
