"""The Issue tab: the cover's fields, the signing analysts, the indices reviewed and the status history."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from ui.common.i18n import log_note_for_ui
from ui.common.times import minute_time
from ui.issue_editor.fields import date_edit, focus_widget, iso, qdate, set_fields_read_only
from workbench.domain.compliance import INDUSTRY_RATINGS, RATING_ACTIONS


class MetaPage(QWidget):
    """Headline, series, period, dates, industry and rating; analysts and indices as ticked, ordered lists."""

    changed = Signal()
    period_changed = Signal()  # the week moved: the notes beside the text follow it
    HEADS = ("headline", "series", "industry", "publish_date", "period_start", "period_end", "period", "rating",
             "rating_action", "review_indices", "sector_index", "cover_index", "analysts")

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.headline = QLineEdit(self)
        self.headline.setPlaceholderText(QCoreApplication.translate(
            "IssueEditor", "Required: the issue's headline, printed on the cover"))
        self.series = QComboBox(self)
        self.series.setEditable(True)
        self.series.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for s in store.house().get("series") or []:
            self.series.addItem(s)
        self.industry = QLineEdit(self)
        self.rating = QComboBox(self)
        self.rating.addItems(INDUSTRY_RATINGS)
        self.rating_action = QComboBox(self)
        self.rating_action.addItems(RATING_ACTIONS)
        self.period_start = date_edit(self)
        self.period_end = date_edit(self)
        self.publish_date = date_edit(self)
        self.analysts = QListWidget(self)
        self.analysts.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.analysts.setToolTip(QCoreApplication.translate(
            "IssueEditor", "Tick the signing analysts; drag to set the order they print in"))
        self.review_indices = QListWidget(self)
        self.review_indices.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.review_indices.setToolTip(QCoreApplication.translate(
            "IssueEditor", "Indices quoted in the market review, in this order"))
        self.sector_index = QComboBox(self)
        self.cover_index = QComboBox(self)
        names = [i["name"] for i in store.indices()]
        for combo in (self.sector_index, self.cover_index):
            combo.addItem(QCoreApplication.translate("IssueEditor", "(none)"), "")
            for n in names:
                combo.addItem(n, n)
        # an empty list says where its rows come from (a new store has no analysts or indices yet)
        self.analysts_hint = _hint(QCoreApplication.translate(
            "IssueEditor", "No analysts in the store yet. Add them in the main window under House Profile → "
                           "Analysts; they are listed here when this issue is opened again."), self)
        self.review_hint = _hint(QCoreApplication.translate(
            "IssueEditor", "No indices in the store yet. Import the week's index quotes in the main window "
                           "(Import…); they are listed here when this issue is opened again."), self)
        self.history = self._history_tree()
        self._lay_out()
        self._connect()

    def _history_tree(self) -> QTreeWidget:
        history = QTreeWidget(self)
        history.setHeaderLabels([QCoreApplication.translate("IssueEditor", "When"),
                                 QCoreApplication.translate("IssueEditor", "By"),
                                 QCoreApplication.translate("IssueEditor", "Status"),
                                 QCoreApplication.translate("IssueEditor", "Version"),
                                 QCoreApplication.translate("IssueEditor", "Reason")])
        history.setRootIsDecorated(False)
        history.setAlternatingRowColors(True)
        history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        history.setToolTip(QCoreApplication.translate("IssueEditor", "Every status change of this issue: who, when "
                                                      "and why"))
        for col, width in enumerate((140, 90, 150, 50)):
            history.header().resizeSection(col, width)
        history.header().setStretchLastSection(True)
        return history

    def _lay_out(self) -> None:
        rating_row = QHBoxLayout()
        rating_row.addWidget(self.rating)
        rating_row.addWidget(QLabel(QCoreApplication.translate("IssueEditor", "Action"), self))
        rating_row.addWidget(self.rating_action)
        rating_row.addStretch(1)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period_start)
        period_row.addWidget(QLabel("–", self))
        period_row.addWidget(self.period_end)
        period_row.addStretch(1)

        main = QGroupBox(QCoreApplication.translate("IssueEditor", "Cover"), self)
        form = QFormLayout(main)
        form.addRow(QCoreApplication.translate("IssueEditor", "Headline"), self.headline)
        form.addRow(QCoreApplication.translate("IssueEditor", "Series"), self.series)
        form.addRow(QCoreApplication.translate("IssueEditor", "Period"), period_row)
        form.addRow(QCoreApplication.translate("IssueEditor", "Publication date"), self.publish_date)
        form.addRow(QCoreApplication.translate("IssueEditor", "Industry"), self.industry)
        form.addRow(QCoreApplication.translate("IssueEditor", "Industry rating"), rating_row)
        people = QGroupBox(QCoreApplication.translate("IssueEditor", "Signing analysts"), self)
        pl = QVBoxLayout(people)
        pl.addWidget(self.analysts_hint)
        pl.addWidget(self.analysts)
        market = QGroupBox(QCoreApplication.translate("IssueEditor", "Market review and cover chart"), self)
        mform = QFormLayout(market)
        review = QVBoxLayout()
        review.setContentsMargins(0, 0, 0, 0)
        review.addWidget(self.review_hint)
        review.addWidget(self.review_indices)
        mform.addRow(QCoreApplication.translate("IssueEditor", "Indices reviewed"), review)
        mform.addRow(QCoreApplication.translate("IssueEditor", "Sector index"), self.sector_index)
        mform.addRow(QCoreApplication.translate("IssueEditor", "Cover chart index"), self.cover_index)
        history = QGroupBox(QCoreApplication.translate("IssueEditor", "Status history"), self)
        hl = QVBoxLayout(history)
        hl.addWidget(self.history)
        grid = QGridLayout(self)
        grid.addWidget(main, 0, 0, 1, 2)
        grid.addWidget(people, 1, 0)
        grid.addWidget(market, 1, 1)
        grid.addWidget(history, 2, 0, 1, 2)
        grid.setRowStretch(3, 1)  # spare height stays below the form, not inside half-empty lists
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        # Tab reads the form as laid out (the fields were made in another order): down the cover row by
        # row, then the signing analysts and the market review's fields
        chain = (self.headline, self.series, self.period_start, self.period_end, self.publish_date, self.industry,
                 self.rating, self.rating_action, self.analysts, self.review_indices, self.sector_index,
                 self.cover_index, self.history)
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        def changed(*args) -> None:
            self.changed.emit()

        for w in (self.headline, self.industry):
            w.textChanged.connect(changed)
        self.series.editTextChanged.connect(changed)
        for w in (self.rating, self.rating_action, self.sector_index, self.cover_index):
            w.currentIndexChanged.connect(changed)
        for w in (self.period_start, self.period_end, self.publish_date):
            w.dateChanged.connect(changed)
        self.period_start.dateChanged.connect(lambda *args: self.period_changed.emit())
        self.period_end.dateChanged.connect(lambda *args: self.period_changed.emit())
        for w in (self.analysts, self.review_indices):
            w.itemChanged.connect(changed)
            w.model().rowsMoved.connect(changed)

    # ------------------------------------------------------------------ the issue
    def load(self, issue) -> None:
        self.headline.setText(issue.headline)
        if self.series.findText(issue.series) < 0:
            self.series.addItem(issue.series)
        self.series.setCurrentText(issue.series)
        self.industry.setText(issue.industry)
        self._set_combo_text(self.rating, issue.rating)
        self._set_combo_text(self.rating_action, issue.rating_action)
        self.period_start.setDate(qdate(issue.period_start))
        self.period_end.setDate(qdate(issue.period_end))
        self.publish_date.setDate(qdate(issue.publish_date))
        self.fill_analysts(issue.analysts)
        self._fill_indices(issue.review_indices)
        self._fit_lists()
        for combo, value in ((self.sector_index, issue.sector_index), (self.cover_index, issue.cover_index)):
            if value and combo.findData(value) < 0:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(value or "")))

    def apply(self, issue) -> None:
        issue.headline = self.headline.text().strip()
        issue.series = self.series.currentText().strip()
        issue.industry = self.industry.text().strip()
        issue.rating = self.rating.currentText()
        issue.rating_action = self.rating_action.currentText()
        issue.period_start = iso(self.period_start)
        issue.period_end = iso(self.period_end)
        issue.publish_date = iso(self.publish_date)
        issue.analysts = self.checked_analysts()
        issue.review_indices = [self.review_indices.item(i).text() for i in range(self.review_indices.count())
                                if self.review_indices.item(i).checkState() == Qt.CheckState.Checked]
        issue.sector_index = self.sector_index.currentData() or ""
        issue.cover_index = self.cover_index.currentData() or ""

    def set_read_only(self, read_only: bool) -> None:
        set_fields_read_only(self, read_only)

    def focus_field(self, head: str, index: int | None, rest: str | None) -> bool:
        if head != "analysts":
            return focus_widget({"period": self.period_start}.get(head) or getattr(self, head))
        focus_widget(self.analysts)
        if index is not None:
            rows = [i for i in range(self.analysts.count())
                    if self.analysts.item(i).checkState() == Qt.CheckState.Checked]
            if index < len(rows):
                self.analysts.setCurrentRow(rows[index])
        return True

    def period_text(self) -> str:
        """The period as the subtitle prints it: 20250616-20250622."""
        return f"{iso(self.period_start).replace('-', '')}-{iso(self.period_end).replace('-', '')}"

    # ------------------------------------------------------------------ lists
    @staticmethod
    def _set_combo_text(combo: QComboBox, text: str) -> None:
        if combo.findText(text) < 0:
            combo.addItem(text)
        combo.setCurrentIndex(combo.findText(text))

    def fill_analysts(self, chosen: list[int]) -> None:
        """The store's analysts, the chosen ones ticked and first in their order."""
        self.analysts.clear()
        rows = {a["id"]: a for a in self.store.analysts()}
        order = [a for a in chosen if a in rows] + [a for a in rows if a not in chosen]
        for analyst_id in order:
            a = rows[analyst_id]
            item = QListWidgetItem(f"{a['name']}    {a['sac_no']}", self.analysts)
            item.setData(Qt.ItemDataRole.UserRole, analyst_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if analyst_id in chosen else Qt.CheckState.Unchecked)
        for missing in (a for a in chosen if a not in rows):  # preflight names it; keep it visible
            text = QCoreApplication.translate("IssueEditor", "Analyst #%1 (not in the store)")
            item = QListWidgetItem(text.replace("%1", str(missing)), self.analysts)
            item.setData(Qt.ItemDataRole.UserRole, missing)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.analysts_hint.setVisible(not self.analysts.count())

    def checked_analysts(self) -> list[int]:
        out = []
        for i in range(self.analysts.count()):
            item = self.analysts.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                value = item.data(Qt.ItemDataRole.UserRole)
                out.append(int(item.text() if value is None else value))
        return out

    def _fill_indices(self, chosen: list[str]) -> None:
        self.review_indices.clear()
        names = [i["name"] for i in self.store.indices()]
        for name in [n for n in chosen] + [n for n in names if n not in chosen]:
            item = QListWidgetItem(name, self.review_indices)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
        self.review_hint.setVisible(not self.review_indices.count())

    def _fit_lists(self) -> None:
        """The index list and the history as tall as their rows; the analyst list matches the index box."""
        row = max(self.review_indices.sizeHintForRow(0), self.review_indices.fontMetrics().height() + 4)
        rows = max(4, min(10, self.review_indices.count()))
        self.review_indices.setFixedHeight(rows * row + 2 * self.review_indices.frameWidth() + 6)
        header = self.history.header().sizeHint().height()
        self.history.setFixedHeight(header + 5 * (self.history.fontMetrics().height() + 8)
                                    + 2 * self.history.frameWidth())

    def show_history(self, issue_id: int) -> None:
        """The issue's status log, newest last (the core records each step with who, when and why)."""
        from ui.models import IssueListModel

        self.history.clear()
        # the steps that made this station's own final of a version whose desk publication it took
        # over its own: kept as the record of its unpublished rival, and said so
        rival = self.store.rival_log_ids(issue_id)
        rival_label = QCoreApplication.translate("IssueEditor", "this station's own final, not taken by the desk")
        for entry in self.store.issue_log(issue_id):
            before = entry.get("from_status")
            after = IssueListModel.status_text(entry["to_status"])
            change = f"{IssueListModel.status_text(before)} → {after}" if before else \
                QCoreApplication.translate("IssueEditor", "Created as %1").replace("%1", after)
            by = entry.get("by") or ""
            reason = log_note_for_ui(entry.get("reason") or "")  # the core's notes in the UI's language
            when = minute_time(entry.get("at"))  # this workstation's time zone
            if entry.get("id") in rival:
                reason = f"{rival_label}；{reason}" if reason else rival_label
            item = QTreeWidgetItem(self.history, [when, by, change, f"v{entry.get('version', '')}", reason])
            item.setToolTip(4, reason)
            if entry.get("id") in rival:
                for col in range(4):
                    item.setToolTip(col, rival_label)
                    item.setForeground(col, QColor("#888888"))
        if not self.history.topLevelItemCount():
            none = QCoreApplication.translate("IssueEditor", "No status change recorded yet")
            item = QTreeWidgetItem(self.history, ["", "", none, "", ""])
            item.setForeground(2, QColor("#888888"))


def _hint(text: str, parent) -> QLabel:
    """A grey, wrapped note over an empty list (hidden while the list has rows)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #666;")
    label.hide()
    return label
