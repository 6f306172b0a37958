"""数据来源… shows a change as the store's log holds it: old and new as written, every digit (a change
the report's rounding hides is not shown as 19.2 -> 19.2), the stored value beside the rounded current
one, and who made an import in the app, as ``workbench trace`` prints them. Truth: the log read with
sqlite3 and the figures recomputed from it with Decimal."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from ui.dialogs.importing import ImportDialog

KEY = ("300493.SZ", "revenue", "2024Q1-Q3")  # 润欣科技 营业收入 24Q1-Q3: 19.2 亿元 in the demo
NEW_YUAN = 1917903700  # 19.179037 亿元: prints 19.2 as before


def _yi(value) -> str:
    """A value in 元 as 亿元 with every digit it has (and at least the report's one decimal)."""
    d = (Decimal(repr(float(value))) / Decimal(100_000_000)).normalize()
    places = max(1, -d.as_tuple().exponent)
    return f"{d:.{places}f}"


def _log(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT l.old, l.new, b.origin, b.by FROM change_log l JOIN change_batches b ON b.id = l.batch_id "
            "WHERE l.entity = 'fact' AND l.key1 = ? AND l.key2 = ? AND l.key3 = ? ORDER BY l.seq", KEY).fetchall()
    finally:
        con.close()


@pytest.fixture
def imported(qtbot, window, tmp_path, monkeypatch):
    """The app imports a file changing the figure by less than the report's rounding shows, for a user
    named in the app while the environment names none (as on the machine QA drove)."""
    monkeypatch.delenv("USER", raising=False)
    monkeypatch.delenv("USERNAME", raising=False)
    window.session.user = "分析师甲"
    path = tmp_path / "wind_week.csv"
    path.write_text("ticker,name,period,metric,value\n"
                    f"{KEY[0]},润欣科技,{KEY[2]},revenue,{NEW_YUAN}\n", encoding="utf-8")
    dialog = ImportDialog(window.session, window, paths=[str(path)])
    qtbot.addWidget(dialog)
    dialog.as_of_check.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        dialog.start_import()
    return window


def test_the_import_row_shows_old_and_new_as_written_and_who(imported):
    window = imported
    log = _log(window.session.path)
    old, new, origin, by = log[-1]
    assert origin == "import" and new == NEW_YUAN
    assert by == "分析师甲"  # the app's user is who the import names (the environment named nobody)
    dialog = window.show_provenance(KEY)
    dialog.grab().save(str(window.session.path) + ".prov.png")
    table = dialog.table
    row = [table.item(0, c).text() for c in range(table.columnCount())]  # newest first: the import
    assert row[1] == "导入"
    assert row[2] == by
    assert (row[5], row[6]) == (_yi(old), _yi(new)) == ("19.2", "19.179037")
    # the demo's own row below: its new is the import's old, as written
    assert table.item(1, 6).text() == _yi(log[-2][1])


def test_the_current_value_names_the_stored_figure_rounding_hides(imported):
    window = imported
    dialog = window.show_provenance(KEY)
    current = dialog.current.text()
    assert "19.2" in current and _yi(NEW_YUAN) in current and "亿元" in current, current
    # in the app's words: the Chinese UI says 库中, with no English word left from trace's 库中 stored
    assert f"库中 {_yi(NEW_YUAN)} 亿元" in current and "stored" not in current, current


def test_the_current_value_is_the_stored_one_after_an_unlogged_write(window):
    """A figure another program changed in the file, with no log entry: 数据来源… names what the store
    holds now, not the value of the newest log entry."""
    outside = 1917903700.0  # 19.179037 亿元, written straight into the file
    con = sqlite3.connect(window.session.path)
    try:
        with con:  # (a program that also bypasses the store's logging trigger)
            con.execute("DROP TRIGGER facts_log_update")
            con.execute("UPDATE facts SET value = ? WHERE ticker = ? AND metric = ? AND period = ?", [outside, *KEY])
        logged = con.execute("SELECT new FROM change_log WHERE entity = 'fact' AND key1 = ? AND key2 = ? AND key3 = ? "
                             "ORDER BY seq DESC LIMIT 1", KEY).fetchone()
    finally:
        con.close()
    assert logged is None or logged[0] != outside  # the log does not account for it
    dialog = window.show_provenance(KEY)
    assert _yi(outside) in dialog.current.text(), dialog.current.text()
