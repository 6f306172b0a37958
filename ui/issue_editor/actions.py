"""The editor's toolbar commands, each with a shortcut, and the one place that decides which are on."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QToolBar, QWidget

from ui.common.icons import svg_icon as icon


class EditorActions(QObject):
    """Save, the lifecycle steps, preflight and the exports, as actions on ``parent`` and its toolbar.

    ``slots`` maps each action's name (``save``, ``submit``, ``back``, ``finalise``, ``correction``,
    ``preflight``, ``export``, ``export_table``) to what it runs. F1 opens the user guide (``guide``).
    """

    def __init__(self, parent: QWidget, slots: dict[str, Callable]):
        super().__init__(parent)
        style = parent.style()
        sp = QStyle.StandardPixmap

        def action(key: str, text: str, tip: str, std=None, name: str | None = None, shortcut: str = "") -> QAction:
            a = QAction(text, parent)
            if shortcut:  # every command has a shortcut, named in its tooltip
                a.setShortcuts([QKeySequence(shortcut)])
                shown = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
                tip = tip if shown in tip else f"{tip} ({shown})"
            a.setToolTip(tip)
            a.setStatusTip(tip)
            if name:
                a.setIcon(icon(name))
            elif std is not None:
                a.setIcon(style.standardIcon(std))
            slot = slots[key]
            a.triggered.connect(lambda checked=False: slot())
            return a

        self.save = action(
            "save", QCoreApplication.translate("IssueEditor", "Save"),
            QCoreApplication.translate("IssueEditor", "Save the issue (Ctrl+S)"), sp.SP_DialogSaveButton,
            shortcut="Ctrl+S")
        self.submit = action(
            "submit", QCoreApplication.translate("IssueEditor", "Submit for review"),
            QCoreApplication.translate("IssueEditor", "Save and hand the issue to review"), sp.SP_ArrowForward,
            shortcut="Ctrl+Shift+R")
        self.back = action(
            "back", QCoreApplication.translate("IssueEditor", "Back to draft"),
            QCoreApplication.translate("IssueEditor", "Return the issue to its authors"), sp.SP_ArrowBack,
            shortcut="Ctrl+Shift+D")
        self.finalise = action(
            "finalise", QCoreApplication.translate("IssueEditor", "Finalise…"),
            QCoreApplication.translate("IssueEditor", "Freeze the issue: its text, numbers and PDF become the "
                                                      "published record"),
            sp.SP_DialogApplyButton, shortcut="Ctrl+Shift+F")
        self._finalise_tip = self.finalise.toolTip()
        self._finalise_refused_tip = QCoreApplication.translate(
            "IssueEditor", "Only an editor of the team desk can finalise an issue")
        self.correction = action(
            "correction", QCoreApplication.translate("IssueEditor", "Correction…"),
            QCoreApplication.translate("IssueEditor", "Reopen a final issue as a new version, giving a reason"),
            sp.SP_BrowserReload, shortcut="Ctrl+Shift+K")
        self.preflight = action(
            "preflight", QCoreApplication.translate("IssueEditor", "Preflight"),
            QCoreApplication.translate("IssueEditor", "Check the issue against the publishing rules"), name="find",
            shortcut="F7")
        self.export = action(
            "export", QCoreApplication.translate("IssueEditor", "Export PDF…"),
            QCoreApplication.translate("IssueEditor", "Write the issue's PDF"), name="export-pdf",
            shortcut="Ctrl+Shift+E")
        self.export_table = action(
            "export_table", QCoreApplication.translate("IssueEditor", "Export Table to Excel…"),
            QCoreApplication.translate("IssueEditor", "Write the issue's comparison table as an Excel workbook, "
                                                      "as printed"),
            shortcut="Ctrl+Shift+X")
        self.parent_widget = parent
        self.guide_window = None
        slots = {**slots, "guide": self.show_user_guide}
        # the main window's Help command and words (its translations), F1 anywhere in the editor's window
        self.guide = action(
            "guide", QCoreApplication.translate("UserGuideDialog", "User Guide"),
            QCoreApplication.translate("MainWindow", "How the workbench produces the weekly report, step by step"),
            shortcut="F1")
        parent.addAction(self.guide)
        self.toolbar = QToolBar(parent)
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for a in (self.save, None, self.submit, self.back, self.finalise, self.correction, None, self.preflight,
                  self.export, self.export_table):
            self.toolbar.addSeparator() if a is None else self.toolbar.addAction(a)

    def show_user_guide(self):
        """The user guide in a window of its own (one per editor), left open beside the issue."""
        from ui.dialogs.small import show_user_guide

        self.guide_window = show_user_guide(self.guide_window, self.parent_widget)
        return self.guide_window

    def update_enabled(self, status: str, held: bool, busy: bool = False, may_finalise: bool = True) -> None:
        """On or off by the issue's status; ``held``: a store or lease this user may not write; ``busy``: a
        finalise or export is running (everything but preflight waits); ``may_finalise``: the team desk
        lets this user finalise (an analyst's final would be refused there)."""
        if busy:
            for a in (self.save, self.submit, self.back, self.finalise, self.correction, self.export,
                      self.export_table):
                a.setEnabled(False)
            return
        final = status == "final"
        self.save.setEnabled(not final and not held)
        self.submit.setEnabled(status == "draft" and not held)
        self.back.setEnabled(status == "review" and not held)
        self.finalise.setEnabled(status == "review" and not held and may_finalise)
        tip = self._finalise_tip if may_finalise else self._finalise_refused_tip
        self.finalise.setToolTip(tip)
        self.finalise.setStatusTip(tip)
        self.correction.setEnabled(final and may_finalise)  # a correction is a final's new version: the same roles
        self.export.setEnabled(True)
        self.export_table.setEnabled(True)
