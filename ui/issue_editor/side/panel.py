"""The editor's side: this week's notes, the preflight findings and the live preview, as tabs."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTabWidget

from ui.issue_editor.side.notes_panel import NotesPanel
from ui.issue_editor.side.preflight_panel import PreflightPanel


class SidePanel(QTabWidget):
    """Notes, Preflight and Preview beside the pages; the preview renders ``issue_provider()``."""

    def __init__(self, store_path: str | Path, issue_provider: Callable, history: Callable, parent=None):
        super().__init__(parent)
        from ui.issue_editor.side.preview import PreviewPane

        self.setDocumentMode(True)
        self.notes_panel = NotesPanel(self)
        self.preflight_panel = PreflightPanel(self)
        self.preview = PreviewPane(store_path, issue_provider, self, history=history)
        self.addTab(self.notes_panel, QCoreApplication.translate("IssueEditor", "This week's notes"))
        self.addTab(self.preflight_panel, QCoreApplication.translate("IssueEditor", "Preflight"))
        self.addTab(self.preview, QCoreApplication.translate("IssueEditor", "Preview"))
        lifecycle = getattr(parent, "lifecycle", None)  # the editor's: it confirms, then checks again
        if lifecycle is not None:
            self.preflight_panel.confirm_outside_requested.connect(lifecycle.confirm_outside)
            self.preflight_panel.take_newer_requested.connect(lifecycle.take_newer)

    def show_preflight(self, result) -> None:
        """Show a preflight's findings, the Preflight tab in front."""
        self.preflight_panel.set_result(result)
        self.setCurrentWidget(self.preflight_panel)
