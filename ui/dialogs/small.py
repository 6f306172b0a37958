"""Small dialogs: settings (language), about (version and licences), the user guide, add a company."""

from __future__ import annotations

import html
from importlib import metadata

from PySide6.QtCore import QSettings, Qt, qVersion
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QTextBrowser, QVBoxLayout)

from ui.common.geometry import remember_geometry
from ui.common.i18n import CHINESE, ENGLISH, SETTING_KEY, SYSTEM, for_ui
from workbench.paths import resource

FONT_LICENCE = ("fonts", "LICENSE-wqy-microhei.txt")
USER_GUIDE = ("docs", "guide_zh.md")
CODE_BACKGROUND = QColor("#f3efe8")  # the light band of the grouped tables
HEADING_COLOUR = QColor("#8B1A1A")  # the report's headings


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
        # wide enough for the note on one line (a word-wrapped label would otherwise squeeze it into a
        # 200 px box), within what a desk laptop's screen holds
        margins = layout.contentsMargins()
        text_width = note.fontMetrics().horizontalAdvance(note.text()) + margins.left() + margins.right() + 8
        self.setMinimumWidth(min(max(360, text_width), 640))

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
        remember_geometry(self, "about", 640, 560)
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


class UserGuideDialog(QDialog):
    """The desk's user guide (resources/docs/guide_zh.md), rendered from Markdown; stays open beside the work."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("User Guide"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setSizeGripEnabled(True)
        remember_geometry(self, "user_guide", 960, 820)
        browser = QTextBrowser(self)
        browser.setOpenLinks(False)  # the guide links nowhere: the app never goes online
        document = browser.document()
        document.setDefaultFont(QApplication.font())  # the bundled font (ui.app.register_fonts)
        document.setDocumentMargin(18)
        try:
            text = resource(*USER_GUIDE).read_text(encoding="utf-8")
        except OSError:
            text = self.tr("The user guide is missing from this installation.")
        browser.setMarkdown(text)
        self._bundled_code_font(document)
        self._space_headings(document)
        self.browser = browser
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)

    @staticmethod
    def _space_headings(document) -> None:
        """Headings in the house red, with room above them (Markdown import sets no heading margins)."""
        from PySide6.QtGui import QTextBlockFormat

        top = {1: 0, 2: 22, 3: 14}
        block = document.begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level:
                cursor = QTextCursor(block)
                spacing = QTextBlockFormat()
                spacing.setTopMargin(top.get(level, 10))
                spacing.setBottomMargin(6)
                cursor.mergeBlockFormat(spacing)
                if level <= 2:
                    cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
                    colour = QTextCharFormat()
                    colour.setForeground(HEADING_COLOUR)
                    cursor.mergeCharFormat(colour)
            block = block.next()

    @staticmethod
    def _bundled_code_font(document) -> None:
        """Code spans and blocks in the bundled font's monospaced face.

        Markdown asks for the system's "monospace", which may lack Chinese (file headers such as
        ``营业收入(亿元)2023年报`` are code in the guide); the bundled font has a Mono face.
        """
        family = QApplication.font().family()
        mono = f"{family} Mono"
        code_family = mono if mono in QFontDatabase.families() else family
        block = document.begin()
        while block.isValid():
            fragments = []
            it = block.begin()
            while not it.atEnd():
                fragments.append(it.fragment())
                it += 1
            for fragment in fragments:
                fmt = fragment.charFormat()
                if not (fmt.fontFixedPitch() or "monospace" in (fmt.fontFamilies() or [])):
                    continue
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position())
                cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                change = QTextCharFormat()
                change.setFontFamilies([code_family])
                if fmt.fontFixedPitch():  # inline code: a light band, as in the grouped tables
                    change.setBackground(CODE_BACKGROUND)
                cursor.mergeCharFormat(change)
            block = block.next()


def show_user_guide(current: UserGuideDialog | None, parent) -> UserGuideDialog:
    """The user guide in a window of its own beside ``parent``'s work: ``current`` (the window shown
    before) brought to the front while it is still open, else a new one. Returns the window shown."""
    from shiboken6 import isValid

    if current is None or not isValid(current):
        current = UserGuideDialog(parent)
    current.show()
    current.raise_()
    current.activateWindow()
    return current


class SubmittingDialog(QDialog):
    """A dialog whose OK hands its ``values()`` to ``submit`` (a callable returning an error message
    or None) and stays open, showing the message in its ``error`` label, when one comes back."""

    submit = None

    def values(self) -> tuple:
        raise NotImplementedError

    def accept(self) -> None:
        if self.submit is not None:
            problem = self.submit(*self.values())
            if problem:
                self.error.setText(for_ui(problem))
                return
        super().accept()


class AddCompanyDialog(SubmittingDialog):
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


__all__ = ["SettingsDialog", "AboutDialog", "UserGuideDialog", "AddCompanyDialog", "SubmittingDialog", "show_user_guide"]
