"""The preflight findings of the current draft; clicking one jumps to the field at fault."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from ui.common.i18n import for_ui
from ui.common.icons import dot_icon
from ui.common.icons import svg_icon as icon
from ui.issue_editor.fields import AMBER, ERROR_RED

OUTSIDE_CHANGE = "outside_change"  # the preflight's finding of table figures changed outside the workbench
KEPT_AS_PUBLISHED = "figures_after_as_of"  # a correction's finding of newer figures kept as published
# the command line's way to take one (``workbench correct N --take``), in both languages of the finding
_TAKE_COMMAND = re.compile(r"[；;]\s*(?:如需采用[^`]*`[^`]*`\s*指明|to take one on purpose:\s*`[^`]*`)")


class PreflightPanel(QWidget):
    """Blockers (red) and warnings (amber) of the current draft; clicking one jumps to the field at fault."""

    run_requested = Signal()
    finding_activated = Signal(str)  # Finding.field
    confirm_outside_requested = Signal()  # the editor checked the figures changed outside the workbench
    take_newer_requested = Signal()  # a correction's editor takes newer figures on purpose

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result = None
        self.run_button = QPushButton(self.tr("Run preflight"), self)
        self.run_button.setIcon(icon("find"))
        self.summary = QLabel(self.tr("Not checked yet"), self)
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setIconSize(QSize(12, 12))
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.run_button)
        head.addWidget(self.summary, 1)
        self.confirm_outside_button = QPushButton(self.tr("Confirm these values…"), self)
        self.confirm_outside_button.setToolTip(self.tr("Keep the table figures changed outside the workbench as "
                                                       "they are now (like workbench check --confirm-outside)"))
        self.confirm_outside_button.hide()  # only beside a finding of figures changed outside the workbench
        self.confirm_outside_button.clicked.connect(self.confirm_outside_requested)
        self.take_newer_button = QPushButton(self.tr("Take newer figures…"), self)
        self.take_newer_button.setToolTip(self.tr("Print figures of the store dated after the issue's date in this "
                                                  "correction (like workbench correct --take)"))
        self.take_newer_button.hide()  # only beside a correction's finding of newer figures kept as published
        self.take_newer_button.clicked.connect(self.take_newer_requested)
        hint = QLabel(self.tr("Click a finding to go to the field at fault."), self)
        hint.setStyleSheet("color: #888;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.confirm_outside_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.take_newer_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(hint)
        self.run_button.clicked.connect(self.run_requested)
        self.list.itemClicked.connect(self._on_list_item_activated)
        self.list.itemActivated.connect(self._on_list_item_activated)

    def set_result(self, result) -> None:
        self.result = result
        self.list.clear()
        red, amber = dot_icon(ERROR_RED), dot_icon("#f0a500")
        for finding, kind_icon, colour in [(f, red, ERROR_RED) for f in result.blockers] + \
                                          [(f, amber, AMBER) for f in result.warnings]:
            text = for_ui(finding.message)
            if finding.code == KEPT_AS_PUBLISHED:  # the app takes them with its button, not the command line
                text = _TAKE_COMMAND.sub("", text) + " " + self.tr("To print some of them anyway: %1").replace(
                    "%1", self.take_newer_button.text())
            item = QListWidgetItem(kind_icon, f"{text}\n↳ {finding.label}", self.list)
            item.setForeground(QColor(colour))
            item.setData(Qt.ItemDataRole.UserRole, finding.field)
            item.setToolTip(self.tr("Go to: %1").replace("%1", finding.label))
        if result.blockers:
            text = self.tr("%1 blockers, %2 warnings: not ready to publish")
            style = f"color: {ERROR_RED}; font-weight: bold;"
        elif result.warnings:
            text = self.tr("No blockers, %2 warnings")
            style = f"color: {AMBER}; font-weight: bold;"
        else:
            text = self.tr("No blockers, no warnings: ready to publish")
            style = "color: #1b7f3b; font-weight: bold;"
        self.summary.setText(text.replace("%1", str(len(result.blockers))).replace("%2", str(len(result.warnings))))
        self.summary.setStyleSheet(style)
        self.confirm_outside_button.setVisible(
            any(f.code == OUTSIDE_CHANGE for f in list(result.blockers) + list(result.warnings)))
        self.take_newer_button.setVisible(any(f.code == KEPT_AS_PUBLISHED for f in result.warnings))

    def follow_issue(self, status: str, version: int) -> None:
        """Drop a check made before the issue changed status or version; a final issue says it is final.

        A finding from before 定稿 or a correction no longer describes the issue, so it is not shown
        as if it did.
        """
        state = (status, version)
        if getattr(self, "_state", None) == state:
            return
        first = getattr(self, "_state", None) is None
        self._state = state
        if status == "final":
            text = self.tr("Final v%1: it passed preflight when it was finalised").replace("%1", str(version))
            style = "color: #1b7f3b; font-weight: bold;"
        elif first or self.result is None:
            return
        else:
            text = self.tr("The issue's status changed since the last check: run preflight again")
            style = "color: #888;"
        self.result = None
        self.list.clear()
        self.confirm_outside_button.hide()
        self.take_newer_button.hide()
        self.summary.setText(text)
        self.summary.setStyleSheet(style)

    def item_for_field(self, field: str) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == field:
                return self.list.item(i)
        return None

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        field = item.data(Qt.ItemDataRole.UserRole)
        if field:
            self.finding_activated.emit(field)

