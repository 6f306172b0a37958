"""Old import path of ``ui.common.provenance`` (the words) and ``ui.dialogs.provenance`` (the dialog
and the preview's sources panel).

The words load with this module; the widgets only when one of their names is asked for, so the grid's
tooltips (which need only ``source_line``) never load the dialogs.
"""

from importlib import import_module

from ui.common.provenance import (HistoryFn, change_cells, metric_kind, origin_text, source_line,  # noqa: F401
                                  when_text, where_text)

_WIDGETS = ("FactHistoryDialog", "HistoryTable", "TableSourcesPanel")


def __getattr__(name: str):
    if name in _WIDGETS:
        return getattr(import_module("ui.dialogs.provenance"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
