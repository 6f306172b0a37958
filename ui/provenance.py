"""Old import path of ``ui.common.provenance`` (the words) and ``ui.dialogs.provenance`` (the dialog
and the preview's sources panel)."""

from ui.common.provenance import (HistoryFn, change_cells, metric_kind, origin_text, source_line,  # noqa: F401
                                  when_text, where_text)
from ui.dialogs.provenance import FactHistoryDialog, HistoryTable, TableSourcesPanel  # noqa: F401
