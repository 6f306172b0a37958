"""Where a figure came from, in words: the store's change log (``Store.history``) as text.

The Financials cell's tooltip (its source line), the 数据来源… dialog and the preview's list of the
printed table's figures (``ui.dialogs.provenance``) all read the same history: imported from which
file, sheet, row and column at which as-of date, or edited, pasted, undone by whom and when; old ->
new in the units the report prints.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication

from ui.common.i18n import for_ui
from ui.common.times import local_time
from workbench.domain.import_notes import unit_applied
from workbench.domain.metrics import METRICS, NumberStyle, format_value
from workbench.outputs import display_text

translate = QCoreApplication.translate

HistoryFn = Callable[[str, str, str], list]  # (ticker, metric, period) -> Store.history rows


def origin_text(origin: str | None) -> str:
    """How a change was made, in the UI language."""
    words = {
        "import": translate("Provenance", "Imported"),
        "edit": translate("Provenance", "Edited by hand"),
        "paste": translate("Provenance", "Pasted"),
        "delete": translate("Provenance", "Deleted"),
        "undo": translate("Provenance", "Undone"),
        "redo": translate("Provenance", "Redone"),
        "demo": translate("Provenance", "Demo data"),
        "sync": translate("Provenance", "Synchronised"),
        "merge": translate("Provenance", "Merged"),
        "system": translate("Provenance", "Stored before the change log"),
        "external": translate("Provenance", "Written outside the workbench"),
    }
    return words.get(origin or "", origin or "")


def metric_kind(metric: str) -> str:
    m = METRICS.get(metric)
    return m.kind if m else "price"


def when_text(at: str | None) -> str:
    """When a change was made, in this workstation's time zone."""
    return local_time(at)


def where_text(entry: dict, kind: str | None = None) -> str:
    """The file, sheet, row and column a value was read from (empty for edits). A value written without
    an import (the demo's, another program's) names its recorded source instead, as ``workbench trace``
    does (index_quotes.csv · row 5 · column close). For a figure of ``kind`` (amount, ratio) read from a
    column whose header stated no unit, the unit its import applied follows the column, as trace names it
    (金额单位 万元（导入时指定 …: --amount-unit 万元）). Each is shown with its control characters escaped
    (a file name holding a line break must not print what looks like a line of its own)."""
    parts = []
    if entry.get("file"):
        parts.append(display_text(entry["file"]))
    elif entry.get("source"):
        parts.append(display_text(entry["source"]))
    if entry.get("sheet"):
        parts.append(translate("Provenance", "sheet %1").replace("%1", display_text(entry["sheet"])))
    if entry.get("row") not in (None, ""):
        parts.append(translate("Provenance", "row %1").replace("%1", display_text(entry["row"])))
    if entry.get("col") not in (None, ""):
        parts.append(translate("Provenance", "column %1").replace("%1", display_text(entry["col"])))
        applied = unit_applied(entry.get("note"), entry["col"], kind)
        if applied:  # the batch's own record of it, in the UI's language (the gloss rule)
            parts.append(for_ui(display_text(applied)))
    return " · ".join(parts)


def synced_text(entry: dict) -> str:
    """When this store took a change made on another workstation (from the desk), else empty."""
    if entry.get("origin") != "sync":
        return ""
    from workbench.store.store import synced_at  # loaded already: the history came from a store

    taken = synced_at(entry.get("note"))
    return translate("Provenance", "synced %1").replace("%1", when_text(taken)) if taken else ""


def source_line(entry: dict, kind: str) -> str:
    """One line for a tooltip: how the current value got there, from where, by whom, when."""
    parts = [origin_text(entry.get("origin"))]
    where = where_text(entry, kind)
    if where:
        parts.append(where)
    if entry.get("as_of"):
        parts.append(translate("Provenance", "as of %1").replace("%1", display_text(entry["as_of"])))
    if entry.get("by"):
        parts.append(display_text(entry["by"]))
    if entry.get("at"):
        parts.append(when_text(entry["at"]))
    synced = synced_text(entry)  # made at "at" on its workstation, taken into this store then
    if synced:
        parts.append(synced)
    return " · ".join(parts)


def change_cells(entry: dict, kind: str, style: NumberStyle | None = None) -> list[str]:
    """A history row as the table's cells: when, how, who, from where, as of, before, after."""
    how = origin_text(entry.get("origin"))
    if entry.get("op") == "update" and entry.get("old") == entry.get("new"):  # re-imported unchanged, later as-of
        how = translate("Provenance", "Confirmed (unchanged)")
    synced = synced_text(entry)  # the first cell is when it was made on its workstation
    if synced:
        how += " · " + synced
    return [when_text(entry.get("at")), how, display_text(entry.get("by") or ""),
            where_text(entry, kind) or display_text(entry.get("source") or ""), display_text(entry.get("as_of") or ""),
            format_value(kind, entry.get("old"), style=style), format_value(kind, entry.get("new"), style=style)]


__all__ = ["HistoryFn", "change_cells", "metric_kind", "origin_text", "source_line", "synced_text", "when_text",
           "where_text"]
