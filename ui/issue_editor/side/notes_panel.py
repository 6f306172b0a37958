"""This week's notes beside the text, each insertable into a section in one step."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)


class NotesPanel(QWidget):
    """The week's notes beside the text, each insertable into a section in one step."""

    insert_requested = Signal(str, str)  # note text, section key

    def __init__(self, parent=None):
        super().__init__(parent)
        self.notes: list[dict] = []
        self.heading = QLabel(self)
        self.heading.setStyleSheet("color: #555;")
        self.heading.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.section = QComboBox(self)
        self.insert_button = QPushButton(self.tr("Insert into section"), self)
        self.insert_button.setToolTip(self.tr("Add the selected note to the chosen section"))
        for key, text in self.section_names().items():
            self.section.addItem(text, key)
            action = QAction(self.tr("Insert into “%1”").replace("%1", text), self.list)
            action.triggered.connect(lambda checked=False, key=key: self.insert_selected(key))
            self.list.addAction(action)
        self.section.setCurrentIndex(self.section.findData("views"))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Section"), self))
        row.addWidget(self.section, 1)
        row.addWidget(self.insert_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.insert_button.clicked.connect(lambda: self.insert_selected())
        self.list.itemDoubleClicked.connect(lambda item: self.insert_selected())
        self.list.currentRowChanged.connect(lambda row: self.insert_button.setEnabled(row >= 0))

    def section_names(self) -> dict[str, str]:
        return {"market_review": self.tr("Market review"), "views": self.tr("Industry views"),
                "advice": self.tr("Investment advice"), "risks": self.tr("Risks")}

    def set_notes(self, notes: list[dict], start: str, end: str, names: dict[str, str]) -> None:
        self.notes = list(notes)
        self.list.clear()
        self.heading.setText(self.tr("%1 notes dated %2 – %3").replace("%1", str(len(notes)))
                             .replace("%2", start).replace("%3", end))
        for note in notes:
            companies = "、".join(names.get(t, t) for t in (note.get("tickers") or "").split())
            meta = " · ".join(x for x in (note.get("date", "")[5:], note.get("author") or "", companies,
                                          "、".join(note.get("tags") or [])) if x)
            item = QListWidgetItem(f"{meta}\n{note.get('text') or ''}", self.list)
            item.setToolTip(note.get("text") or "")
            item.setData(Qt.ItemDataRole.UserRole, note.get("id"))
        if notes:
            self.list.setCurrentRow(0)
        else:
            QListWidgetItem(self.tr("No notes in this issue's week."), self.list).setFlags(Qt.ItemFlag.NoItemFlags)
        self.insert_button.setEnabled(bool(notes))

    def insert_selected(self, section: str | None = None) -> bool:
        row = self.list.currentRow()
        if not 0 <= row < len(self.notes):
            return False
        self.insert_requested.emit(self.notes[row].get("text") or "", section or self.section.currentData())
        return True
