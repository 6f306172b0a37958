"""The main window (``MainWindow``) and its parts, one module per concern.

- ``window``: the coordinator (layout, the open store, window state); ``status``: its status bar, title
  and messages (a mixin of the window)
- ``actions``: every QAction and the one function that enables them; ``menus``: menu bar, toolbar,
  status bar widgets, recent stores
- ``pages``: the tab pages; ``editing``: clipboard, find, companies, benchmark index;
  ``chart_sync``: the chart panel; ``exports``: import, PDF, Excel, backup, record;
  ``windows``: editors, the comparison window, the guide and dialogs
"""

from ui.common.icons import NEW_NOTE_PATHS, NEXT_WEEK_PATHS, NOTES_PATHS, icon, line_icon  # noqa: F401
from ui.main_window.menus import MAX_RECENT, STORE_FILTER  # noqa: F401
from ui.main_window.window import START_STYLE, MainWindow, app_settings  # noqa: F401

__all__ = ["MainWindow"]


def __getattr__(name: str):
    if name == "MIN_CHART_QUOTES":  # the old module's constant, without loading the charts' part at start-up
        from ui.main_window.chart_sync import MIN_CHART_QUOTES

        return MIN_CHART_QUOTES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
