"""Undo in the app never wipes a later write by another process: a figure imported elsewhere after
the edit stays, the app says what changed it, and the grid shows the value the store holds."""

from __future__ import annotations

import sqlite3

from workbench.imports import import_files
from workbench.store import Store

KEY = ("600584.SH", "revenue", "2023A")


def dump(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_undo_after_an_import_elsewhere_keeps_the_import_and_says_so(window, demo_path, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(text))
    model = window.financials_page.model
    row, col = model._pos[KEY[0]], model.column_of(KEY[1:])
    assert model.setData(model.index(row, col), "290.0")
    assert window.session.undo_stack.count() == 1
    csv = tmp_path / "newer.csv"
    csv.write_text("ticker,name,营业收入(亿元)2023年报\n600584.SH,长电科技,300.0\n", encoding="utf-8")
    with Store(demo_path) as other:  # another process imports a newer value of the same figure
        import_files(other, [csv], as_of="2024-12-30", allow_older=True)
    before = dump(demo_path)
    failures = []
    window.session.failed.connect(failures.append)
    window.undo_action.trigger()
    assert dump(demo_path) == before  # the import is kept
    assert window.session.store.fact(*KEY) == 300.0e8
    assert failures and "newer.csv" in failures[0] and len(shown) == 1 and "newer.csv" in shown[0]
    assert model.cell_text(row, col) == "300.0"  # the grid shows what the store holds, not the edit
    # the refused step leaves the stack: no redo of an undo that never happened
    assert window.session.undo_stack.count() == 0 and not window.session.undo_stack.canRedo()
    assert "newer.csv" in window.statusBar().currentMessage()  # not "Undone"
