"""The House texts tab: the declaration, licence, ratings and disclaimer every issue prints, read-only here."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ui.issue_editor.fields import ERROR_RED, HOUSE_RED, focus_widget, set_fields_read_only


class HousePage(QWidget):
    """The house profile's texts as the PDF prints them, and the button that edits them."""

    changed = Signal()  # never: the house is not part of the issue
    edit_requested = Signal()
    HEADS = ("house",)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.house_view = QTextBrowser(self)
        self.house_view.document().setDocumentMargin(12)
        self.house_button = QPushButton(QCoreApplication.translate("IssueEditor", "Edit house profile…"), self)
        self.house_button.clicked.connect(self.edit_requested)
        hint = QLabel(QCoreApplication.translate("IssueEditor", "The same on every issue; edited in the house "
                                                 "profile."), self)
        hint.setStyleSheet("color: #888;")
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(self.house_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.house_view, 1)
        self.show_house()

    def load(self, issue) -> None:
        pass

    def apply(self, issue) -> None:
        pass

    def set_read_only(self, read_only: bool) -> None:
        set_fields_read_only(self, read_only, keep=(self.house_button,))  # the house is edited elsewhere

    def focus_field(self, head: str, index: int | None, rest: str | None) -> bool:
        return focus_widget(self.house_button)

    def show_house(self) -> None:
        """Show the store's house profile."""
        h = self.store.house()
        ratings = h.get("ratings") or {}
        esc = html.escape

        missing = esc(QCoreApplication.translate("IssueEditor", "(missing)"))
        titles = {k: esc(v) for k, v in (
            ("declaration", QCoreApplication.translate("IssueEditor", "Analyst declaration")),
            ("licence", QCoreApplication.translate("IssueEditor", "Licence statement")),
            ("ratings", QCoreApplication.translate("IssueEditor", "Rating definitions")),
            ("stock", QCoreApplication.translate("IssueEditor", "Stock ratings")),
            ("industry", QCoreApplication.translate("IssueEditor", "Industry ratings")),
            ("benchmarks", QCoreApplication.translate("IssueEditor", "Benchmarks")),
            ("disclaimer", QCoreApplication.translate("IssueEditor", "Disclaimer")),
            ("footer", QCoreApplication.translate("IssueEditor", "Page footer")))}

        def paras(text: str | None) -> str:
            return "".join(f"<p>{esc(p)}</p>" for p in (text or "").split("\n") if p.strip()) or \
                f"<p style='color:{ERROR_RED}'>{missing}</p>"

        def table(rows: list, keys: tuple[str, str]) -> str:
            body = "".join(f"<tr><td style='padding-right:12px'><b>{esc(str(r.get(keys[0], '')))}</b></td>"
                           f"<td>{esc(str(r.get(keys[1], '')))}</td></tr>" for r in rows or [] if isinstance(r, dict))
            return f"<table cellpadding='3'>{body}</table>" if body else paras("")

        head = f"style='color:{HOUSE_RED}; margin-top:14px'"
        parts = [
            f"<div style='line-height:145%'><h2 style='color:{HOUSE_RED}'>{esc(h.get('name_zh') or '')} "
            f"<span style='color:#777; font-size:10pt'>{esc(h.get('name_en') or '')}</span></h2>",
            f"<h3 {head}>{titles['declaration']}</h3>{paras(h.get('declaration'))}",
            f"<h3 {head}>{titles['licence']}</h3>{paras(h.get('licence'))}",
            f"<h3 {head}>{titles['ratings']}</h3>",
            f"<p><b>{titles['stock']}</b> · {esc(ratings.get('horizon_stock') or '')}</p>",
            table(ratings.get("stock"), ("name", "rule")),
            f"<p><b>{titles['industry']}</b> · {esc(ratings.get('horizon_industry') or '')}</p>",
            table(ratings.get("industry"), ("name", "rule")),
            f"<p><b>{titles['benchmarks']}</b></p>", table(ratings.get("benchmarks"), ("market", "index")),
            paras(ratings.get("note")) if ratings.get("note") else "",
            f"<h3 {head}>{titles['disclaimer']}</h3>{paras(h.get('disclaimer'))}",
            f"<p style='color:#777'>{titles['footer']}: {esc(h.get('footer') or '')}</p></div>",
        ]
        self.house_view.setHtml("".join(parts))
