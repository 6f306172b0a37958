"""The Financials grid's columns at open: the report's at once; every column, when the user asked
for them, read off the GUI thread and shown once listed (an answer overtaken by a newer choice is
dropped)."""

from __future__ import annotations

import sqlite3

from ui.models import FinancialsTableModel, report_fact_columns


def _every_column(path) -> set:
    conn = sqlite3.connect(path)
    try:
        return {tuple(r) for r in conn.execute("SELECT DISTINCT metric, period FROM facts")}
    finally:
        conn.close()


def _add_column(path):
    """One more column with facts than the report has: a company's EPS."""
    from workbench.store import Store

    with Store(path) as s:
        s.set_fact(s.companies()[0]["ticker"], "eps", "2023A", 1.25)


def test_every_column_is_read_off_the_gui_thread_and_shown_once_listed(qtbot, session, demo_path):
    _add_column(demo_path)
    model = FinancialsTableModel(session)
    model.reload()
    report = report_fact_columns(session.store)
    assert model.fact_columns() == report
    model.show_every_column()
    assert model.every_column_pending and model.fact_columns() == report  # still the report's until listed
    with qtbot.waitSignal(model.modelReset, timeout=20000):
        pass
    assert not model.every_column_pending
    assert set(model.fact_columns()) == _every_column(demo_path) and len(model.fact_columns()) == len(report) + 1


def test_an_answer_overtaken_by_a_newer_choice_is_dropped(qtbot, session, demo_path):
    from PySide6.QtCore import QThreadPool

    _add_column(demo_path)
    model = FinancialsTableModel(session)
    model.reload()
    model.show_every_column()
    model.set_fact_columns([("pe", "2024E")])  # the user chose again before the list was in
    assert QThreadPool.globalInstance().waitForDone(20000)
    qtbot.wait(50)
    assert model.fact_columns() == [("pe", "2024E")] and not model.every_column_pending


def test_the_window_opens_with_the_reports_columns_then_every_one(qtbot, demo_path, settings, confirmations):
    from ui.main_window import MainWindow

    _add_column(demo_path)
    settings.setValue("financials/all_columns", True)
    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.show()
    assert w.open_store(demo_path)
    model = w.financials_page.model
    assert model.every_column_pending
    qtbot.waitUntil(lambda: not model.every_column_pending, timeout=20000)
    assert set(model.fact_columns()) == _every_column(demo_path)
