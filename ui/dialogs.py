"""Small dialogs: settings (language), about (version and licences), add a company."""

from __future__ import annotations

import html
from importlib import metadata

from PySide6.QtCore import QSettings, qVersion
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QTextBrowser,
                               QVBoxLayout)

from ui.i18n import CHINESE, ENGLISH, SETTING_KEY, SYSTEM
from workbench.paths import resource

FONT_LICENCE = ("fonts", "LICENSE-wqy-microhei.txt")


class SettingsDialog(QDialog):
    """Preferences: the UI language (takes effect when the app is started again)."""

    def __init__(self, settings: QSettings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox(self)
        self.language.addItem("中文（简体）", CHINESE)
        self.language.addItem("English", ENGLISH)
        self.language.addItem(self.tr("Follow the system"), SYSTEM)
        current = settings.value(SETTING_KEY, CHINESE)
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        note = QLabel(self.tr("The language changes the next time the workbench starts."), self)
        note.setStyleSheet("color: #666;")
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.settings.setValue(SETTING_KEY, self.language.currentData())
        self.settings.sync()
        super().accept()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


class AboutDialog(QDialog):
    """Version, the libraries the app is built on and their licences, and the bundled font's licence."""

    def __init__(self, parent=None):
        super().__init__(parent)
        from workbench import __version__

        self.setWindowTitle(self.tr("About Analyst Workbench"))
        self.resize(640, 560)
        browser = QTextBrowser(self)
        browser.setOpenExternalLinks(True)
        try:
            font_licence = resource(*FONT_LICENCE).read_text(encoding="utf-8")
        except OSError:
            font_licence = self.tr("(licence file missing)")
        libraries = [
            ("Qt / PySide6", f"{qVersion()} / {_version('PySide6-Essentials')}", "LGPL-3.0"),
            ("pyqtgraph", _version("pyqtgraph"), "MIT"),
            ("NumPy", _version("numpy"), "BSD-3-Clause"),
            ("pandas", _version("pandas"), "BSD-3-Clause"),
            ("sqlite-utils", _version("sqlite-utils"), "Apache-2.0"),
            ("ReportLab", _version("reportlab"), "BSD"),
            ("openpyxl", _version("openpyxl"), "MIT"),
            (self.tr("WenQuanYi Micro Hei font"), "0.2.0-beta", "Apache-2.0 / GPL-3+ with font exception"),
        ]
        rows = "".join(f"<tr><td>{html.escape(n)}</td><td>{html.escape(v)}</td><td>{html.escape(lic)}</td></tr>"
                       for n, v, lic in libraries)
        title = self.tr("Analyst Workbench")
        version = self.tr("Version %1").replace("%1", __version__)
        blurb = self.tr("An offline desk tool for a broker’s weekly sector report.")
        heads = (self.tr("Licences"), self.tr("Component"), self.tr("Version"), self.tr("Licence"),
                 self.tr("Bundled font licence"))
        h = [html.escape(x) for x in heads]
        browser.setHtml(
            f"<h2 style='color:#8B1A1A'>{html.escape(title)}</h2>"
            f"<p>{html.escape(version)}</p><p>{html.escape(blurb)}</p>"
            f"<h3>{h[0]}</h3><table cellpadding='3'><tr><th align='left'>{h[1]}</th>"
            f"<th align='left'>{h[2]}</th><th align='left'>{h[3]}</th></tr>{rows}</table>"
            f"<h3>{h[4]}</h3><pre style='font-size:8pt'>{html.escape(font_licence)}</pre>")
        self.browser = browser
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)


class AddCompanyDialog(QDialog):
    """Ticker, short name and segment of a new company; the core validates on OK."""

    def __init__(self, segments: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add company"))
        self.ticker = QLineEdit(self)
        self.ticker.setPlaceholderText("600519 / 600519.SH")
        self.name = QLineEdit(self)
        self.segment = QComboBox(self)
        self.segment.setEditable(True)
        self.segment.addItem("")
        self.segment.addItems(segments)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Ticker"), self.ticker)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Segment"), self.segment)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.submit = None  # callable(ticker, name, segment) -> error message or None

    def values(self) -> tuple[str, str, str]:
        return self.ticker.text(), self.name.text(), self.segment.currentText()

    def accept(self) -> None:
        if self.submit is not None:
            problem = self.submit(*self.values())
            if problem:
                self.error.setText(problem)
                return
        super().accept()


__all__ = ["SettingsDialog", "AboutDialog", "AddCompanyDialog"]
