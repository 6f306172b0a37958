"""The desktop app (PySide6 + pyqtgraph): windows, dialogs, table models and chart widgets.

Everything here calls the Qt-free core in ``workbench``; no business rule lives in this package.
Importing the package itself loads no Qt, so ``ui.launcher`` can answer ``workbench --version``
without starting the binding.
"""
