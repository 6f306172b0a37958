"""In the 指数行情 grid, Undo of a typed close or of a deleted quote puts the quote back exactly as
the import left it (source, file row and columns), and Redo puts the edit back as it was made.

The truth is the quote row read with plain sqlite3 before the edit, in a store whose quotes were
imported with `workbench import` of the reference issue's file."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel

SEED = Path(__file__).resolve().parents[2] / "resources" / "demo" / "index_quotes.csv"
CODE, DAY = "000001.SH", "2024-12-27"


def raw_quote(path) -> dict | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute("SELECT q.* FROM quotes q JOIN indices i ON i.id = q.index_id WHERE i.code = ? "
                           "AND q.date = ?", [CODE, DAY]).fetchone()
        return dict(row) if row is not None else None
    finally:
        conn.close()


@pytest.fixture
def imported_window(qtbot, demo_path, settings, confirmations):
    """The main window on a demo store into which the reference issue's quotes were imported."""
    from ui.main_window import MainWindow

    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    env.pop("WORKBENCH_DB", None)
    done = subprocess.run([sys.executable, "-m", "workbench", "import", str(SEED), "--db", str(demo_path)],
                          capture_output=True, text=True, env=env, cwd=demo_path.parent, timeout=180)
    assert done.returncode == 0, done.stderr
    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    assert w.open_store(demo_path)
    return w


def grid_row(model, index_id: int) -> int:
    return next(r for r in range(model.rowCount()) if model.key_at(r) == (index_id, DAY))


def test_undo_in_the_quotes_grid_puts_back_the_imported_quote(imported_window, demo_path):
    window = imported_window
    with SEED.open(encoding="utf-8") as fh:
        seed_row = next(n for n, r in enumerate(csv.DictReader(fh), start=2) if r["index_code"] == CODE)
    before = raw_quote(demo_path)
    assert (before["source"], before["src_row"], before["src_close_col"]) == (SEED.name, seed_row, "close")
    page = window.quotes_page
    window.tabs.setCurrentWidget(page)
    model, store = page.model, window.session.store
    index_id = store.index(CODE)["id"]

    assert model.setData(model.index(grid_row(model, index_id), model.CLOSE), "3401.00")
    edited = raw_quote(demo_path)
    assert edited["close"] == 3401.0 and edited["source"] == "手工录入"
    window.undo_action.trigger()
    assert raw_quote(demo_path) == before
    last = store.quote_history(store.index(CODE), DAY, "close")[-1]
    assert (last["origin"], last["source"], last["row"], last["col"]) == ("undo", SEED.name, seed_row, "close")
    window.redo_action.trigger()
    assert raw_quote(demo_path) == edited
    window.undo_action.trigger()
    assert raw_quote(demo_path) == before

    # Delete of the row, then Undo
    proxy = page.view.model()
    cell = proxy.mapFromSource(model.index(grid_row(model, index_id), model.CLOSE))
    page.view.setCurrentIndex(cell)
    page.view.selectionModel().select(QItemSelection(cell, cell), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    page.view.setFocus()
    window.delete_action.trigger()
    assert raw_quote(demo_path) is None
    window.undo_action.trigger()
    assert raw_quote(demo_path) == before
    assert model.value(grid_row(model, index_id), model.CLOSE) == before["close"]
