"""The analysts' notes: full-text search, filters by company, tag and week, and a new-note dialog.

The company helpers every picker shares live in ``ui.common.companies``.
"""

from __future__ import annotations

import html
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QSplitter, QTableView, QTextBrowser,
                               QVBoxLayout, QWidget)

from ui.common.companies import company_label, current_user, make_company_completer, resolve_company, ticker_of_label
from ui.common.geometry import remember_geometry
from ui.common.i18n import for_ui
from workbench.errors import WorkbenchError

_LIST_SEPARATORS = re.compile(r"[,，;；、\n]+")


def split_list(text: str) -> list[str]:
    """Tags or themes typed as a list: separated by commas, semicolons or 、."""
    return [part.strip() for part in _LIST_SEPARATORS.split(text or "") if part.strip()]


def week_of(iso: str) -> tuple[str, str]:
    """The Monday-to-Sunday week holding ``iso``."""
    d = date.fromisoformat(iso[:10])
    start = d - timedelta(days=d.weekday())
    return start.isoformat(), (start + timedelta(days=6)).isoformat()


# ---------------------------------------------------------------------- model
class NotesTableModel(QAbstractTableModel):
    """Notes as rows (date, author, companies, tags, themes, text); the store's note rows are the cache."""

    COLUMNS = ("date", "author", "companies", "tags", "themes", "text")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []
        self.names: dict[str, str] = {}

    def set_rows(self, rows: list[dict], names: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.names = dict(names)
        self.endResetModel()

    def note_at(self, row: int) -> dict | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def tickers(self, note: dict) -> list[str]:
        return (note.get("tickers") or "").split()

    def company_names(self, note: dict) -> str:
        return "、".join(self.names.get(t, t) for t in self.tickers(note))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return (self.tr("Date"), self.tr("Author"), self.tr("Companies"), self.tr("Tags"),
                    self.tr("Themes"), self.tr("Note"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        note = self.rows[index.row()]
        key = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            if key == "companies":
                return self.company_names(note)
            if key in ("tags", "themes"):
                return "、".join(note.get(key) or [])
            if key == "text":
                text = note.get("text") or ""
                return text.replace("\n", " ") if role == Qt.ItemDataRole.DisplayRole else text
            return note.get(key) or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "companies":
                return " ".join(self.tickers(note)) or None
            if key == "text":
                return note.get("text") or None
        return None


def read_only_refusal(store) -> str:
    """The core's words, in the UI's language, for a store opened read-only (notes cannot be added), or ''."""
    if not getattr(store, "read_only", False):
        return ""
    from workbench.store.access import explain

    return for_ui(explain(sqlite3.OperationalError("attempt to write a readonly database"), store.path).message)


# ---------------------------------------------------------------------- dialog
class NewNoteDialog(QDialog):
    """A new note: date, author, companies (picked by name or ticker), tags, themes and the text."""

    def __init__(self, store, parent=None, *, author: str = "", note_date: str | None = None,
                 tickers: list[str] | None = None):
        super().__init__(parent)
        self.store = store
        self.note_id: int | None = None
        self.setWindowTitle(self.tr("New note"))
        remember_geometry(self, "new_note", 620, 560)
        self._companies = store.companies()
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setDate(QDate.fromString(note_date, "yyyy-MM-dd") if note_date else QDate.currentDate())
        self.author = QLineEdit(author, self)
        self.company_edit = QLineEdit(self)
        self.company_edit.setPlaceholderText(self.tr("Type a name or ticker, e.g. 恒玄 or 688608"))
        self.company_edit.setCompleter(make_company_completer(self._companies, self.company_edit))
        self.company_edit.completer().activated.connect(self._on_company_completer_activated)
        self.company_edit.returnPressed.connect(self._on_company_edit_return_pressed)
        add = QPushButton(self.tr("Add"), self)
        add.setAutoDefault(False)
        add.clicked.connect(self._on_company_edit_return_pressed)
        self.company_list = QListWidget(self)
        self.company_list.setMaximumHeight(84)
        self.company_list.setToolTip(self.tr("Double-click a company to remove it"))
        self.company_list.itemDoubleClicked.connect(
            lambda item: self.company_list.takeItem(self.company_list.row(item)))
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText(self.tr("Separated by commas, e.g. 小米, 会议"))
        self.themes = QLineEdit(self)
        self.themes.setPlaceholderText(self.tr("Investment themes the note supports, separated by commas"))
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("What was learnt, from whom, and why it matters"))
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        for t in tickers or []:
            self.add_company(t)

        company_row = QHBoxLayout()
        company_row.addWidget(self.company_edit, 1)
        company_row.addWidget(add)
        form = QFormLayout()
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("Author"), self.author)
        form.addRow(self.tr("Companies"), company_row)
        form.addRow("", self.company_list)
        form.addRow(self.tr("Tags"), self.tags)
        form.addRow(self.tr("Themes"), self.themes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add note"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Note"), self))
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def tickers(self) -> list[str]:
        return [self.company_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.company_list.count())]

    def add_company(self, text: str) -> bool:
        """Add the company ``text`` names; shows why when it names none."""
        company = resolve_company(self.store, text, self._companies)
        if company is None:
            self.error.setText(self.tr("No single company matches “%1”.").replace("%1", text.strip()))
            return False
        if company["ticker"] not in self.tickers():
            item = QListWidgetItem(company_label(company), self.company_list)
            item.setData(Qt.ItemDataRole.UserRole, company["ticker"])
        self.error.clear()
        return True

    def _on_company_completer_activated(self, text: str) -> None:
        if self.add_company(text):
            self.company_edit.clear()

    def _on_company_edit_return_pressed(self) -> None:
        text = self.company_edit.text()
        if text.strip() and self.add_company(text):
            self.company_edit.clear()

    def _author(self) -> str:
        """The name typed; on a store that joined a desk, the desk user (the name typed beside it)."""
        typed = self.author.text().strip()
        from workbench.store import sync_state

        if not self.store.get_setting(sync_state.SETTING_URL):
            return typed
        from workbench.desk.roles import recorded_name

        return recorded_name(self.store, typed)

    def accept(self) -> None:
        refusal = read_only_refusal(self.store)
        if refusal:  # refused before anything is tried; the dialog stays open, nothing saved
            self.error.setText(refusal)
            return
        try:
            self.note_id = self.store.add_note(
                self.text.toPlainText(), date=self.date.date().toString("yyyy-MM-dd"),
                author=self._author(), tickers=self.tickers(), tags=split_list(self.tags.text()),
                themes=split_list(self.themes.text()))
        except WorkbenchError as exc:
            self.error.setText(for_ui(exc.message))
            return
        except sqlite3.Error as exc:  # locked, read-only or full behind the view's back: said in words
            from workbench.store.access import explain

            self.note_id = None
            self.error.setText(for_ui(explain(exc, self.store.path).message))
            return
        super().accept()


# ---------------------------------------------------------------------- view
class NotesView(QWidget):
    """Notes newest first, searched in full text and filtered by company, tag and week."""

    note_added = Signal(int)
    company_activated = Signal(str)  # a company named in a note was clicked (its ticker)

    def __init__(self, store_path: str | Path, parent=None, *, settings: QSettings | None = None, new_note=None):
        super().__init__(parent)
        from workbench.store import Store

        self.store = Store(store_path)
        self.settings = settings
        self.new_note_dialog = new_note  # injectable: callable(view) -> note id or None
        self._companies = self.store.companies()
        self.model = NotesTableModel(self)

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search notes (full text)…"))
        QShortcut(QKeySequence("Esc"), self.search, self.search.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)  # Esc clears the search
        self.company = QComboBox(self)
        self.company.setEditable(True)
        self.company.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.company.addItem(self.tr("All companies"), None)
        for c in self._companies:
            self.company.addItem(company_label(c), c["ticker"])
        self.company.setCompleter(make_company_completer(self._companies, self.company))
        self.company.setMinimumContentsLength(14)
        self.company.lineEdit().setClearButtonEnabled(True)
        self.tag = QComboBox(self)
        self.tag.setMinimumContentsLength(8)
        self.week = QComboBox(self)
        self.week.setMinimumContentsLength(16)
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet("color: #666;")
        self.new_button = QPushButton(self.tr("New note…"), self)
        self.last_refusal = read_only_refusal(self.store)  # why notes cannot be added here, or ''
        if self.last_refusal:  # a read-only store: view and search only
            self.new_button.setEnabled(False)
            self.new_button.setToolTip(self.last_refusal)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in enumerate((92, 72, 170, 130, 130)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.detail = QTextBrowser(self)
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(lambda url: self.company_activated.emit(url.toString()))
        self.detail.document().setDocumentMargin(10)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.search, 3)
        bar.addWidget(QLabel(self.tr("Company"), self))
        bar.addWidget(self.company, 2)
        bar.addWidget(QLabel(self.tr("Tag"), self))
        bar.addWidget(self.tag, 1)
        bar.addWidget(QLabel(self.tr("Week"), self))
        bar.addWidget(self.week, 2)
        bar.addWidget(self.count_label)
        bar.addWidget(self.new_button)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self._fill_filters()
        self.search.textChanged.connect(self.refresh)
        self.company.currentIndexChanged.connect(self.refresh)
        self.company.lineEdit().editingFinished.connect(self._on_company_edited)
        self.company.completer().activated.connect(self._on_company_completer_activated)
        self.tag.currentIndexChanged.connect(self.refresh)
        self.week.currentIndexChanged.connect(self.refresh)
        self.new_button.clicked.connect(self.new_note)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.refresh()

    # ------------------------------------------------------------------ filters
    def _fill_filters(self) -> None:
        """Tags and weeks offered are those the notes have."""
        notes = self.store.notes()
        tags = sorted({t for n in notes for t in (n.get("tags") or [])})
        weeks = sorted({week_of(n["date"]) for n in notes if n.get("date")}, reverse=True)
        for combo, items in ((self.tag, [(t, t) for t in tags]),
                             (self.week, [(f"{a} – {b[5:]}", a) for a, b in weeks])):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("All tags") if combo is self.tag else self.tr("All weeks"), None)
            for text, data in items:
                combo.addItem(text, data)
            i = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(i, 0))
            combo.blockSignals(False)

    def set_week(self, day: str | None) -> bool:
        """Show the notes of the week holding ``day`` (None: every week); False when no note is that week."""
        i = self.week.findData(week_of(day)[0]) if day else 0
        if i >= 0:
            self.week.setCurrentIndex(i)
        return i >= 0

    def current_ticker(self) -> str | None:
        data = self.company.currentData()
        if data and self.company.currentText() == self.company.itemText(self.company.currentIndex()):
            return data
        return None

    def _on_company_edited(self) -> None:
        text = self.company.currentText().strip()
        if not text:
            self.company.setCurrentIndex(0)
            self.refresh()
            return
        found = resolve_company(self.store, text, self._companies)
        if found is not None:
            self.company.setCurrentIndex(self.company.findData(found["ticker"]))
            self.refresh()

    def _on_company_completer_activated(self, text: str) -> None:
        ticker = ticker_of_label(text)
        if ticker:
            self.company.setCurrentIndex(self.company.findData(ticker))

    def refresh(self) -> None:
        """Query the store with the current search text and filters."""
        week = week_of(self.week.currentData()) if self.week.currentData() else None
        try:
            rows = self.store.notes(query=self.search.text().strip() or None, ticker=self.current_ticker(),
                                    tag=self.tag.currentData(), start=week[0] if week else None,
                                    end=week[1] if week else None)
        except WorkbenchError as exc:
            rows = []
            self.count_label.setText(for_ui(exc.message))
        names = {c["ticker"]: c["name"] for c in self._companies}
        reading = self.model.note_at(self.table.currentIndex().row()) if self.table.currentIndex().isValid() else None
        scroll = self.table.verticalScrollBar().value()
        self.model.set_rows(rows, names)
        total = self.store.note_count()
        self.count_label.setText(self.tr("%1 of %2 notes").replace("%1", str(len(rows))).replace("%2", str(total)))
        # the note being read stays selected (a colleague's change refreshes the list); else the newest
        row = next((i for i, note in enumerate(rows) if reading is not None and note.get("id") == reading.get("id")),
                   None)
        if row is not None:
            self.table.selectRow(row)
            self.table.verticalScrollBar().setValue(scroll)
        elif rows:
            self.table.selectRow(0)
        else:
            none = html.escape(self.tr("No notes match."))
            self.detail.setHtml(f"<p style='color:#777'>{none}</p>")

    def show_company(self, ticker: str) -> int:
        """Show every note about the company ``ticker`` (other filters cleared); returns how many."""
        from workbench.domain.tickers import normalize_ticker

        try:
            ticker = normalize_ticker(ticker)
        except WorkbenchError:
            return 0
        for w in (self.search, self.company, self.tag, self.week):
            w.blockSignals(True)
        self.search.clear()
        self.tag.setCurrentIndex(0)
        self.week.setCurrentIndex(0)
        i = self.company.findData(ticker)
        if i < 0:  # a company added since the view opened
            self._companies = self.store.companies()
            found = next((c for c in self._companies if c["ticker"] == ticker), None)
            if found is not None:
                self.company.addItem(company_label(found), ticker)
                i = self.company.count() - 1
        self.company.setCurrentIndex(max(i, 0))
        for w in (self.search, self.company, self.tag, self.week):
            w.blockSignals(False)
        self.refresh()
        return self.model.rowCount()

    # ------------------------------------------------------------------ detail and new note
    def _on_table_current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        note = self.model.note_at(current.row()) if current.isValid() else None
        if note is None:
            self.detail.clear()
            return
        companies = " ".join(
            f"<a href='{html.escape(t)}' style='color:#8B1A1A'>{html.escape(self.model.names.get(t, t))}"
            f"（{html.escape(t)}）</a>" for t in self.model.tickers(note))
        meta = " · ".join(html.escape(x) for x in (note.get("date") or "", note.get("author") or "") if x)
        tags = "、".join(note.get("tags") or [])
        extra = []
        label_companies, label_tags, label_themes = (html.escape(self.tr("Companies")), html.escape(self.tr("Tags")),
                                                     html.escape(self.tr("Themes")))
        if companies:
            extra.append(f"{label_companies}：{companies}")
        if tags:
            extra.append(f"{label_tags}：{html.escape(tags)}")
        if note.get("themes"):
            extra.append(f"{label_themes}：{html.escape('、'.join(note['themes']))}")
        self.detail.setHtml(
            f"<div style='color:#777'>{meta}</div>"
            f"<p style='font-size:11pt; line-height:150%'>{html.escape(note.get('text') or '')}</p>"
            + "".join(f"<div style='color:#555'>{x}</div>" for x in extra))

    def current_note(self) -> dict | None:
        idx = self.table.currentIndex()
        return self.model.note_at(idx.row()) if idx.isValid() else None

    def new_note(self) -> int | None:
        """Ask for a new note (prefilled with the company filter); returns its id.

        On a read-only store nothing is asked: None, with the reason in ``last_refusal``."""
        refusal = read_only_refusal(self.store)
        if refusal:
            self.last_refusal = refusal
            return None
        if self.new_note_dialog is not None:
            note_id = self.new_note_dialog(self)
        else:
            ticker = self.current_ticker()
            dialog = NewNoteDialog(self.store, self, author=current_user(self.settings),
                                   tickers=[ticker] if ticker else [])
            note_id = dialog.note_id if dialog.exec() else None
        if note_id:
            self._fill_filters()
            self.refresh()
            self.select_note(int(note_id))
            self.note_added.emit(int(note_id))
        return note_id

    def select_note(self, note_id: int) -> bool:
        """Select the note ``note_id`` when the list shows it; False when it does not."""
        row = next((i for i, note in enumerate(self.model.rows) if note.get("id") == note_id), None)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def close_store(self) -> None:
        self.store.close()

    def closeEvent(self, event) -> None:
        self.close_store()
        super().closeEvent(event)


__all__ = ["NewNoteDialog", "NotesTableModel", "NotesView", "read_only_refusal", "split_list", "week_of"]
