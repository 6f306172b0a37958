"""The Issues view's model: weekly issues, newest first, narrowed by the store's full-text search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ui.models.base import StoreTableModel
from ui.models.columns import INT, Column, translate


class IssueListModel(StoreTableModel):
    """Weekly issues, newest first (read-only), narrowed by the store's full-text search and a status.

    The search goes to the store (``Store.issues(query=, status=)``, FTS5 over every issue's text),
    so an issue is found by words of its sections, not only by the columns shown.
    """

    ID, SERIES, HEADLINE, PERIOD, PUBLISHED, STATUS, VERSION, UPDATED = range(8)
    STATUS_BRUSHES = {"draft": QBrush(QColor("#2f4f7f")), "review": QBrush(QColor("#8a5a00")),
                      "final": QBrush(QColor("#1b5e20"))}

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.query = ""
        self.status: str | None = None
        self._status_of: dict[int, str] = {}  # issue id -> status code
        self._total = 0

    def _make_columns(self):
        return [
            Column("id", translate("IssueListModel", "No."), kind=INT, width=50),
            Column("series", translate("IssueListModel", "Series"), width=150, collate=True, searchable=True),
            Column("headline", translate("IssueListModel", "Headline"), width=380, collate=True, searchable=True,
                   stretch=True),
            Column("period", translate("IssueListModel", "Period"), width=190, searchable=True),
            Column("publish_date", translate("IssueListModel", "Published"), width=96, searchable=True),
            Column("status", translate("IssueListModel", "Status"), width=80, searchable=True),
            Column("version", translate("IssueListModel", "Version"), kind=INT, width=56),
            Column("updated_at", translate("IssueListModel", "Last changed"), width=150),
        ]

    @staticmethod
    def status_text(status: str) -> str:
        if status == "draft":
            return translate("IssueListModel", "Draft")
        if status == "review":
            return translate("IssueListModel", "In review")
        if status == "final":
            return translate("IssueListModel", "Final")
        return status

    def set_filter(self, query: str | None = None, status: str | None = None) -> None:
        """Show only issues whose text matches ``query`` (3+ characters: FTS5) and with ``status``."""
        query = (query or "").strip()
        if query == self.query and status == self.status:
            return
        self.query, self.status = query, status or None
        self.reload()

    def is_filtered(self) -> bool:
        return bool(self.query or self.status)

    def total_count(self) -> int:
        return self._total

    def status_at(self, row: int) -> str:
        return self._status_of.get(self._keys[row], "")

    def _load(self):
        store = self.session.store
        issues = store.issues(query=self.query or None, status=self.status)
        self._total = len(store.issues()) if self.is_filtered() else len(issues)
        keys = [i["id"] for i in issues]
        self._status_of = {i["id"]: i["status"] for i in issues}
        rows = [[i["id"], i["series"], i["headline"], f"{i['period_start']} – {i['period_end']}", i["publish_date"],
                 self.status_text(i["status"]), i["version"], (i["updated_at"] or "")[:19].replace("T", " ")]
                for i in issues]
        return keys, rows

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == self.STATUS \
                and index.row() < len(self._keys):
            return self.STATUS_BRUSHES.get(self.status_at(index.row()))
        return super().data(index, role)

    def _on_session_changed(self, changes) -> None:
        pass
