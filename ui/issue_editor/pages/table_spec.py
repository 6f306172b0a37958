"""The comparison table's settings: title, as-of date, source line and the segments it shows."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QWidget)

from ui.issue_editor.fields import date_edit, iso, qdate


NAME_ROLE = Qt.ItemDataRole.UserRole  # a segment item's name (its text may carry the 新 mark)
NEW_COLOUR = "#B45309"


class TableSpecEditor(QWidget):
    """The comparison table: title, as-of date, source line and the segments it shows.

    A segment the table leaves out that is new since the editor last saw the list (``set_spec``'s
    ``new``: from ``workbench.report.freshness.segments_shown_as_new``) is marked 新 and named below
    the list, so it is not taken for one unticked on purpose.
    """

    changed = Signal()

    def __init__(self, segments: list[str], parent=None):
        super().__init__(parent)
        self.all_segments = segments
        self._spec = None
        self._loading = False
        self.title = QLineEdit(self)
        self.has_as_of = QCheckBox(self.tr("Data as of"), self)
        self.as_of = date_edit(self)
        self.source = QLineEdit(self)
        self.source.setPlaceholderText("资料来源：Wind，iFinD 一致预期，…")
        self.segments = QListWidget(self)
        self.segments.setFlow(QListWidget.Flow.LeftToRight)
        self.segments.setWrapping(True)
        self.segments.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.segments.setSpacing(3)
        self.segments.setMaximumHeight(96)
        self.segments.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)  # the table's segment order
        self.segments.setToolTip(self.tr("Tick the segments the table shows; drag them into the order it prints"))
        self.all_button = QPushButton(self.tr("All"), self)
        self.none_button = QPushButton(self.tr("None"), self)
        self.new_note = QLabel(self)
        self.new_note.setWordWrap(True)
        self.new_note.setStyleSheet(f"color: {NEW_COLOUR};")
        self.new_note.hide()
        self.columns = QLabel(self)
        self.columns.setWordWrap(True)
        self.columns.setStyleSheet("color: #555;")
        as_of_row = QHBoxLayout()
        as_of_row.addWidget(self.has_as_of)
        as_of_row.addWidget(self.as_of)
        as_of_row.addStretch(1)
        seg_buttons = QHBoxLayout()
        seg_buttons.addWidget(self.all_button)
        seg_buttons.addWidget(self.none_button)
        seg_buttons.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("Title"), self.title)
        form.addRow("", as_of_row)
        form.addRow(self.tr("Source line"), self.source)
        form.addRow(self.tr("Segments"), self.segments)
        form.addRow("", seg_buttons)
        form.addRow("", self.new_note)
        form.addRow(self.tr("Columns"), self.columns)
        for signal in (self.title.textChanged, self.source.textChanged, self.as_of.dateChanged,
                       self.has_as_of.toggled, self.segments.itemChanged, self.segments.model().rowsMoved):
            signal.connect(self._emit_changed)
        self.has_as_of.toggled.connect(self.as_of.setEnabled)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))

    def _emit_changed(self, *args) -> None:
        if not self._loading:
            self.changed.emit()

    def _check_all(self, on: bool) -> None:
        self._loading = True
        for i in range(self.segments.count()):
            self.segments.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self._loading = False
        self.changed.emit()

    def set_spec(self, spec, new=()) -> None:
        """Show a table spec; ``new`` names the segments to mark as new if the table leaves them out."""
        self._loading = True
        self._spec = copy.deepcopy(spec)
        self.title.setText(spec.title)
        self.has_as_of.setChecked(bool(spec.as_of))
        self.as_of.setEnabled(bool(spec.as_of))
        self.as_of.setDate(qdate(spec.as_of))
        self.source.setText(spec.source)
        self.segments.clear()
        chosen = spec.segments if spec.segments is not None else self.all_segments
        names = list(dict.fromkeys([*chosen, *self.all_segments]))  # the printed order first
        fresh = [name for name in names if name in set(new) and name not in chosen]
        for name in names:
            item = QListWidgetItem(name, self.segments)
            item.setData(NAME_ROLE, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            if name in fresh:
                item.setText(self.tr("%1 (new)").replace("%1", name))
                item.setForeground(QBrush(QColor(NEW_COLOUR)))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setToolTip(self.tr("A segment new since the last issue, not in the table yet: "
                                        "tick it to print its companies"))
        self.new_note.setText(self.tr("New segments not in the table (their companies are left out): %1")
                              .replace("%1", "、".join(fresh)))
        self.new_note.setVisible(bool(fresh))
        groups = list(dict.fromkeys(c.group for c in spec.columns if c.group))
        labels = "、".join(c.label or f"{c.metric} {c.period}" for c in spec.columns)
        self.columns.setText(self.tr("%1 columns under %2: %3").replace("%1", str(len(spec.columns)))
                             .replace("%2", " / ".join(groups) or "—").replace("%3", labels or "—"))
        self._loading = False

    @staticmethod
    def _name(item: QListWidgetItem) -> str:
        name = item.data(NAME_ROLE)
        return name if isinstance(name, str) else item.text()

    def spec(self):
        spec = copy.deepcopy(self._spec)
        spec.title = self.title.text().strip()
        spec.as_of = iso(self.as_of) if self.has_as_of.isChecked() else None
        spec.source = self.source.text().strip()
        chosen = [self._name(self.segments.item(i)) for i in range(self.segments.count())
                  if self.segments.item(i).checkState() == Qt.CheckState.Checked]
        # every segment in store order is what None means: keep None so new segments join automatically
        spec.segments = None if self._spec.segments is None and chosen == list(self.all_segments) else chosen
        return spec

