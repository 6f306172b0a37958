"""The editor's head: status chip, headline and period, the autosave line, the final banner, the error line."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from ui.common.i18n import for_ui
from ui.common.times import minute_time
from ui.issue_editor.fields import ERROR_RED, HOUSE_RED

STATUS_COLOURS = {"draft": ("#e8eef7", "#2f4f7f"), "review": ("#fff4dc", "#8a5a00"), "final": ("#e6f2e6", "#1b5e20")}


class EditorHeader(QWidget):
    """What the issue is and where it stands; the banner and the error line show only when they have news.

    The title row is this widget; the banner and the error line are rows of their own in the editor's
    layout (``rows()``), so others can add a line beside the banner (the desk's lease banner does).
    """

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.status_chip = QLabel(self)
        self.status_chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_chip.setMinimumWidth(64)
        self.title_label = QLabel(self)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setStyleSheet(f"color: {HOUSE_RED};")
        self.subtitle_label = QLabel(self)
        self.subtitle_label.setStyleSheet("color: #666;")
        for label in (self.title_label, self.subtitle_label):  # a long headline never widens the window
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(80)
        self.autosave_label = QLabel(self)
        self.autosave_label.setStyleSheet("color: #888;")
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 2, 2, 2)
        row.setSpacing(4)  # as the editor's own layout
        row.addWidget(self.status_chip)
        row.addSpacing(6)
        row.addWidget(self.title_label)
        row.addSpacing(8)
        row.addWidget(self.subtitle_label)
        row.addStretch(1)
        row.addWidget(self.autosave_label)
        self.banner = QLabel(parent)
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setStyleSheet("background: #eef6ee; border: 1px solid #9cc79c; color: #1b5e20;"
                                  "padding: 6px 10px; border-radius: 3px;")
        self.banner.hide()
        self.error_label = QLabel(parent)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet(f"background: #fdecea; border: 1px solid #f2b8b5; color: {ERROR_RED};"
                                       "padding: 6px 10px; border-radius: 3px;")
        self.error_label.hide()

    def rows(self) -> tuple[QWidget, QWidget, QWidget]:
        """The title row, the banner and the error line, top to bottom."""
        return self, self.banner, self.error_label

    def show_status(self, issue, versions: list[dict]) -> None:
        """The chip (status and version, in the status's colours); a final issue's banner names the
        published PDF (``versions``: the issue's frozen versions, oldest first)."""
        from ui.models import IssueListModel

        back, fore = STATUS_COLOURS.get(issue.status, ("#eee", "#333"))
        self.status_chip.setText(f"{IssueListModel.status_text(issue.status)} · v{issue.version}")
        self.status_chip.setStyleSheet(f"background: {back}; color: {fore}; border-radius: 9px; padding: 2px 10px;"
                                       "font-weight: bold;")
        if issue.status != "final":
            self.banner.hide()
            return
        v = versions[-1] if versions else {}
        sha = (v.get("pdf_sha256") or "")
        self.banner.setText(QCoreApplication.translate(
            "IssueEditor", "Final v%1 · SHA-256 %2 · frozen %3 by %4 · read-only; changes need a correction.")
            .replace("%1", str(v.get("version", issue.version)))
            .replace("%2", f"{sha[:16]}…" if sha else "—")
            .replace("%3", minute_time(v.get("frozen_at")))
            .replace("%4", v.get("frozen_by") or "—"))
        self.banner.setToolTip(sha)
        self.banner.show()

    def show_title(self, headline: str, subtitle: str) -> None:
        self.title_label.setText(headline)
        self.title_label.setToolTip(headline)  # the label may be cut short on a narrow window
        self.subtitle_label.setText(subtitle)

    def show_error(self, text: str) -> None:
        self.error_label.setText(for_ui(text))
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.hide()

    def show_note(self, text: str) -> None:
        """The line at the right: autosaved, saved, exported…"""
        self.autosave_label.setText(for_ui(text))
