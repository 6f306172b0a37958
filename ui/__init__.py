"""The desktop app (PySide6 + pyqtgraph): windows, dialogs, table models and chart widgets.

Everything here calls the Qt-free core in ``workbench``; no business rule lives in this package.
Every module imports ``ui.qt_fixes`` first, which works around known bugs of the Qt binding.
"""

from ui import qt_fixes  # noqa: F401
