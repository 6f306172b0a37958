"""新建周报…: a first issue for a chosen week (the core's ``first_issue``), for a store or a series
that has no issue to copy forward yet."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from ui.dialogs.small import SubmittingDialog
from workbench.drafting.first import DEFAULT_SERIES, week_of


class NewIssueDialog(SubmittingDialog):
    """A day of the week to report on and the series; ``submit(day, series)`` returns an error or None."""

    def __init__(self, series: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New Issue"))
        self.intro = QLabel(self.tr("A new draft for the week you choose, with the house's series and signing "
                                    "analysts. Later weeks are copied forward from it (New Issue from Last Week)."),
                            self)
        self.intro.setWordWrap(True)
        self.day = QDateEdit(QDate.currentDate(), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.week = QLabel(self)
        self.week.setStyleSheet("color: #666;")
        self.series = QComboBox(self)
        self.series.setEditable(True)
        self.series.addItems(series or [DEFAULT_SERIES])
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("A day of the week"), self.day)
        form.addRow("", self.week)
        form.addRow(self.tr("Series"), self.series)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.submit = None  # callable(day, series) -> error message or None
        self.day.dateChanged.connect(self._on_day_date_changed)
        self._on_day_date_changed()
        self.resize(460, self.sizeHint().height())

    def values(self) -> tuple[str, str]:
        return self.day.date().toString("yyyy-MM-dd"), self.series.currentText().strip()

    def _on_day_date_changed(self, *args) -> None:
        start, end = week_of(self.values()[0])
        self.week.setText(self.tr("Report period: %1 to %2").replace("%1", start).replace("%2", end))
