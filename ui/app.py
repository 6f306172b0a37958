"""Start the desktop app: QApplication, bundled font, translations, main window.

Only Qt is imported up front; the store (sqlite-utils) opens after the window's first paint and
the charts (pyqtgraph) after that, so the window shows about as fast as a bare Qt window.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from ui.common.i18n import SETTING_KEY, install_translations, resolve_language
from ui.common.settings import APPLICATION, ORGANISATION, settings
from workbench.paths import resource

FONT_FILE = ("fonts", "wqy-microhei.ttc")
FONT_POINT_SIZE = 10


def register_fonts(app: QApplication) -> str | None:
    """Register the bundled Chinese font and make it the app font; returns its family.

    Must run after the QApplication exists (before, Qt crashes). Labels and charts then do
    not depend on the fonts installed on the machine.
    """
    if getattr(app, "_workbench_font_family", None):
        return app._workbench_font_family
    font_id = QFontDatabase.addApplicationFont(str(resource(*FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    font = QFont(families[0])
    font.setPointSize(FONT_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    app._workbench_font_family = families[0]
    return families[0]


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the workbench's names, font, translations and icon."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    from workbench import __version__

    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    register_fonts(app)
    install_translations(app, resolve_language(settings().value(SETTING_KEY)))
    app.setWindowIcon(QIcon(str(resource("icons", "workbench.png"))))
    return app


def show_main_window(db_path: Path | None = None):
    """Show the main window now and open ``db_path`` right after its first paint.

    The store (and with it sqlite-utils) opens once the window is on screen; the charts
    (pyqtgraph) are built after the tables are filled.
    """
    from ui.main_window import MainWindow

    window = MainWindow()
    if db_path is not None:
        def open_once() -> None:
            window.first_painted.disconnect(open_once)
            window.open_store(db_path)

        window.first_painted.connect(open_once)
    window.show()
    return window


SMOKE_QUIT_ENV = "WORKBENCH_SMOKE_QUIT_MS"


def run(db_path: Path) -> int:
    """Open the app on the store at ``db_path``; returns the exit code.

    With ``WORKBENCH_SMOKE_QUIT_MS`` set (the installer's smoke test), the app prints what its
    window shows after that many milliseconds and quits.
    """
    app = create_application()
    window = show_main_window(Path(db_path))
    app._workbench_window = window  # keep the window alive for the event loop
    quit_ms = os.environ.get(SMOKE_QUIT_ENV, "").strip()
    if quit_ms.isdigit():
        from PySide6.QtCore import QTimer

        def report_and_quit() -> None:
            counts = window.session.store.counts() if getattr(window, "session", None) else {}
            print(f"smoke: window '{window.windowTitle()}' visible={window.isVisible()} "
                  f"companies={counts.get('companies', 0)} issues={counts.get('issues', 0)}", flush=True)
            app.quit()

        QTimer.singleShot(int(quit_ms), report_and_quit)
    return app.exec()
