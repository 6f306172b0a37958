"""From a preflight finding's field (``views[1]``, ``themes[2].tickers``, ``table.source``…) to its widget."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QTabWidget

FIELD_RE = re.compile(r"^(?P<head>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<rest>.+))?$")


def jump_to_field(tabs: QTabWidget, pages: list, field: str) -> bool:
    """Show the tab of the page that owns ``field`` (``pages`` in tab order) and focus the field's widget."""
    m = FIELD_RE.match(field or "")
    if not m:
        return False
    head, rest = m.group("head"), m.group("rest")
    index = int(m.group("index")) if m.group("index") is not None else None
    for tab, page in enumerate(pages):
        if head in page.HEADS:
            tabs.setCurrentIndex(tab)
            return page.focus_field(head, index, rest)
    return False
