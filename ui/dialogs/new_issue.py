"""新建周报…: a first issue for a chosen week (the core's ``first_issue``), for a store or a series
that has no issue to copy forward yet. A week the series already has is refused with a way on:
open that issue, or make another one for the week anyway (the core's ``again``)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLayout, QPushButton, QVBoxLayout)

from ui.common.i18n import for_ui
from ui.dialogs.small import SubmittingDialog
from workbench.drafting.first import DEFAULT_SERIES, week_of


class NewIssueDialog(SubmittingDialog):
    """A day of the week to report on and the series; ``submit(day, series, again=False)`` returns an
    error or None. After a refusal for a taken week (``offer_taken``) the dialog offers to open that
    issue (it closes with ``open_id`` set) or to make another (``submit`` with ``again=True``)."""

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
        self.taken_id: int | None = None  # the issue already covering the week, after a refusal
        self.open_id: int | None = None  # the issue to open instead, when the user chose so
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.again_button = QPushButton(self.tr("Create another anyway"), self)
        self.again_button.setToolTip(self.tr("A second issue of the same series for this week, beside the first"))
        self.again_button.clicked.connect(self._on_again_button_clicked)
        offer = QHBoxLayout()
        offer.setContentsMargins(0, 0, 0, 0)
        offer.addWidget(self.open_button)
        offer.addWidget(self.again_button)
        offer.addStretch(1)
        self.open_button.hide()
        self.again_button.hide()
        form = QFormLayout()
        form.addRow(self.tr("A day of the week"), self.day)
        form.addRow("", self.week)
        form.addRow(self.tr("Series"), self.series)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # the dialog grows with a message of several lines rather than squashing the form to fit
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(offer)
        layout.addWidget(buttons)
        self.submit = None  # callable(day, series, again=False) -> error message or None
        self.day.dateChanged.connect(self._on_day_date_changed)
        self.series.currentTextChanged.connect(self._on_series_current_text_changed)
        self._on_day_date_changed()
        self.resize(460, self.sizeHint().height())

    def offer_taken(self, issue_id: int) -> None:
        """The week is taken by issue ``issue_id``: offer to open it, or to make another anyway."""
        self.taken_id = issue_id
        self.open_button.setText(self.tr("Open issue #%1").replace("%1", str(issue_id)))
        self.open_button.show()
        self.again_button.show()
        self.open_button.setDefault(True)
        self._fit()

    def _withdraw_offer(self) -> None:
        if self.taken_id is None and not self.error.text():
            return
        self.taken_id = None
        self.open_button.hide()
        self.again_button.hide()
        self.error.clear()
        self._fit()

    def _fit(self) -> None:
        """As tall as the form, the message (every line, at the dialog's width) and the offer need."""
        layout = self.layout()
        layout.activate()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
        if need > self.height():
            self.resize(self.width(), need)

    def accept(self) -> None:
        self._submit(again=False)

    def _submit(self, *, again: bool) -> None:
        if self.submit is not None:
            problem = self.submit(*self.values(), again=True) if again else self.submit(*self.values())
            if problem:
                self.error.setText(for_ui(problem))
                self._fit()
                return
        QDialog.accept(self)

    def _on_open_button_clicked(self) -> None:
        self.open_id = self.taken_id
        QDialog.accept(self)

    def _on_again_button_clicked(self) -> None:
        self._submit(again=True)

    def _on_series_current_text_changed(self, *args) -> None:
        self._withdraw_offer()  # another series may not have that week

    def values(self) -> tuple[str, str]:
        return self.day.date().toString("yyyy-MM-dd"), self.series.currentText().strip()

    def _on_day_date_changed(self, *args) -> None:
        self._withdraw_offer()  # another week: the refusal no longer applies
        start, end = week_of(self.values()[0])
        self.week.setText(self.tr("Report period: %1 to %2").replace("%1", start).replace("%2", end))
