"""How the window opens a store: the first screen through the plain reader, the full Store in idle
time or with the first write (the only way anything is written), an older store upgraded first."""

from __future__ import annotations

import sqlite3

from ui_testing import find_column


def _value(path, ticker, metric, period):
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                           [ticker, metric, period]).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def test_the_first_screen_reads_and_the_first_edit_opens_the_store(window, demo_path):
    store = window.session.store
    assert not store.is_open  # tables, counts and title read through the reader
    assert window.financials_page.model.rowCount() == store.counts()["companies"] > 0
    model = window.financials_page.model
    row, column = model.row_of("300493.SZ"), find_column(model, ("revenue", "2023A"))
    before = _value(demo_path, "300493.SZ", "revenue", "2023A")
    assert before is not None and before != 25.5e8
    assert model.setData(model.index(row, column), "25.5")
    assert store.is_open
    assert _value(demo_path, "300493.SZ", "revenue", "2023A") == 25.5e8
    window.undo_action.trigger()
    assert _value(demo_path, "300493.SZ", "revenue", "2023A") == before


def test_the_store_opens_in_idle_time_and_the_desk_attaches_with_it(qtbot, window):
    session = window.session
    assert window._desk.session is None  # not attached yet: no desk address in the store
    qtbot.waitUntil(lambda: session.store.is_open, timeout=20000)
    assert window._desk.session is session
    assert window.financials_page.model is not None


def test_an_older_store_is_upgraded_before_the_window_reads_it(qtbot, tmp_path, settings, confirmations):
    from ui.main_window import MainWindow
    from workbench.store.access import Database
    from workbench.store.reader import MIGRATIONS
    from workbench.store.schema import migrations

    path = tmp_path / "old.sqlite"
    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before=sorted(MIGRATIONS)[-1])
    db.execute("INSERT INTO companies (ticker, name) VALUES ('600519.SH', '贵州茅台')")
    db.conn.commit()
    db.close()
    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.show()
    assert w.open_store(path)
    assert w.session.store.is_open  # opened as a Store at once: it upgraded the file
    conn = sqlite3.connect(path)
    applied = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    conn.close()
    assert MIGRATIONS <= applied
    model = w.companies_page.model
    assert model.rowCount() == 1 and model.value(0, model.NAME) == "贵州茅台"
