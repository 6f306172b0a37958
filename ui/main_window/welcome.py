"""The first-start welcome: the weekly routine in a few lines, the guide, and importing one's own data.

Shown above the views until the user closes it (remembered in QSettings ``welcome/dismissed``);
Help → Welcome shows it again.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout

SETTING_KEY = "welcome/dismissed"
# Set by name in a style sheet (applied in C++): the panel is part of the first paint, which does not
# wait for PySide's Qt enum namespace (see ui.common.lazy_qt).
STYLE = """
#welcome { background: #f3f7fc; border: 1px solid #c8d6e8; border-radius: 4px; }
QLabel#welcome_text { qproperty-textInteractionFlags: TextSelectableByMouse; }
QToolButton#welcome_guide { qproperty-toolButtonStyle: ToolButtonTextOnly; }
QToolButton#welcome_import { qproperty-toolButtonStyle: ToolButtonTextBesideIcon; }
"""


class WelcomePanel(QFrame):
    """A short, dismissible panel: what a week in the workbench looks like and where to start."""

    dismissed = Signal()

    def __init__(self, guide_action: QAction, import_action: QAction, settings: QSettings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("welcome")
        self.setStyleSheet(STYLE)
        title = QLabel(self.tr("Welcome to Analyst Workbench"), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.text_label = QLabel(self.tr(
            "Each week: 1. import the week's data (Wind, iFinD, Choice or Excel) · 2. check the numbers in "
            "Financials · 3. copy last week's issue forward (File → New Issue from Last Week) · 4. write the views "
            "and draft the market review · 5. run preflight, submit for review, finalise · 6. export the PDF. "
            "A store marked Demo holds the demo issue: try everything on it, then import your own data."), self)
        self.text_label.setWordWrap(True)
        self.text_label.setObjectName("welcome_text")
        self.guide_button = QToolButton(self)
        self.guide_button.setDefaultAction(guide_action)
        self.guide_button.setObjectName("welcome_guide")
        self.import_button = QToolButton(self)
        self.import_button.setDefaultAction(import_action)
        self.import_button.setObjectName("welcome_import")
        self.close_button = QToolButton(self)
        self.close_button.setText(self.tr("Got it"))
        self.close_button.setToolTip(self.tr("Hide this panel (Help → Welcome shows it again)"))
        self.close_button.clicked.connect(self.dismiss)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.guide_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        layout.addWidget(title)
        layout.addWidget(self.text_label)
        layout.addLayout(buttons)
        self.setVisible(not settings.value(SETTING_KEY, False, type=bool))

    def dismiss(self) -> None:
        """Hide the panel for good (until Help → Welcome)."""
        self.hide()
        self.settings.setValue(SETTING_KEY, True)
        self.dismissed.emit()

    def show_again(self) -> None:
        self.settings.setValue(SETTING_KEY, False)
        self.show()


__all__ = ["WelcomePanel"]
