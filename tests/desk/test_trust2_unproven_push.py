"""A figure resting on a change batch the workbench cannot have written (a raw write logged under an
invented "import" batch that no import recorded) reaches the desk labelled as changed outside the
workbench (库外修改), never with the forged import's file and cell: on a push after joining and on the
join's own push. Against a real PostgreSQL desk."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import psycopg

from desk_testing import Desk, trace_output

from workbench.desk.sync import sync
from workbench.store import Store
from workbench.store.sync_state import OUTSIDE_CHANGED

KEY = ("688608.SH", "revenue", "2023A")  # 恒玄科技 in the demo store
FORGED = 9.99e9
FORGED_MARKS = ("Wind_20241229.xlsx", "行 row", "列 column", "截至 as of 2024-12-29")


def forge_import_batch(path):
    """Another program writes a figure and points the change log at an invented import batch #9999
    naming a workbook and cell no import read."""
    conn = sqlite3.connect(path)
    conn.executescript(
        "INSERT INTO change_batches (id, at, by, origin, file, sha256, sheet, as_of, source, first_seq) "
        "VALUES (9999, '2024-12-30T09:00:00+00:00', '', 'import', 'Wind_20241229.xlsx', "
        "'ab' || hex(randomblob(31)), 'Sheet1', '2024-12-29', 'Wind_20241229.xlsx', "
        "(SELECT max(seq) FROM change_log));"
        "UPDATE change_context SET batch_id = 9999;"
        f"UPDATE facts SET value = {FORGED}, source = 'Wind_20241229.xlsx', as_of = '2024-12-29', src_row = 17, "
        f"src_col = '营业收入' WHERE ticker = '{KEY[0]}' AND metric = '{KEY[1]}' AND period = '{KEY[2]}';"
        "UPDATE change_context SET batch_id = NULL;")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert 9999 in store.unproven_batches()  # the store itself knows the batch is not its own


def desk_image(desk) -> dict:
    with psycopg.connect(desk.super_url) as conn:
        return conn.execute("SELECT data FROM desk.current WHERE tbl = 'facts' AND key = %s",
                            ["|".join(KEY)]).fetchone()[0]


def assert_reached_as_changed_outside(desk, a, b, capsys):
    assert b.fact(*KEY) == FORGED
    data = desk_image(desk)
    assert data["value"] == FORGED
    assert data["source"].startswith(OUTSIDE_CHANGED) and a.workstation_id() in data["source"]
    assert data["src_row"] is None and data["src_col"] is None and data["as_of"] is None
    last = trace_output(capsys, b.path, *KEY)[-1]
    assert "库外修改" in last, last
    for mark in FORGED_MARKS:
        assert mark not in last, (mark, last)


def test_a_push_after_joining_labels_a_figure_on_an_unproven_batch_changed_outside(pair, capsys):
    desk, (a, ca), (b, cb) = pair
    a.close()
    forge_import_batch(a.path)
    a = Store(a.path)
    try:
        assert a.fact(*KEY) == FORGED
        assert sync(a, ca).pushed >= 1
        sync(b, cb)
        assert_reached_as_changed_outside(desk, a, b, capsys)
    finally:
        a.close()


def test_the_joins_push_labels_a_figure_on_an_unproven_batch_changed_outside(pg_cluster, desk_db, demo_path,
                                                                              tmp_path, capsys):
    desk = Desk(pg_cluster, desk_db)
    admin, analyst = desk.user("admin"), desk.user("analyst")
    forge_import_batch(demo_path)
    a = desk.join(demo_path, admin)
    b = desk.join(tmp_path / "b.sqlite", analyst)
    try:
        assert_reached_as_changed_outside(desk, a, b, capsys)
        # a figure the workbench wrote keeps its own provenance
        assert "库外" not in trace_output(capsys, b.path, KEY[0], KEY[1], "2024Q1-Q3")[-1]
    finally:
        a.close()
        b.close()



def test_new_figures_of_a_back_dated_import_reach_the_desk_changed_outside(pair, tmp_path, capsys, monkeypatch):
    """New facts an import writes are held as one run of its batch, not one log entry each: a batch
    dated back against the log (a workstation clock set two hours back) still labels them."""
    from desk_testing import long_workbook

    from workbench.cli import main
    from workbench.store import store as store_module

    desk, (a, ca), (b, cb) = pair
    new = (KEY[0], "revenue", "2031E")
    book = long_workbook(tmp_path / "weekly.xlsx", [[new[0], "恒玄科技", new[2], new[1], 9000000000]])
    real_now = store_module.now_iso
    back = (datetime.now(timezone.utc) - timedelta(hours=2)).astimezone().isoformat(timespec="seconds")
    monkeypatch.setattr(store_module, "now_iso", lambda: back)
    assert main(["import", str(book), "--db", str(a.path), "--as-of", "2025-01-03"]) == 0
    monkeypatch.setattr(store_module, "now_iso", real_now)
    assert a.unproven_batches(), "the back-dated import's batch is one the store names"
    sync(a, ca)
    sync(b, cb)
    assert b.fact(*new) == 9e9
    with psycopg.connect(desk.super_url) as conn:
        data = conn.execute("SELECT data FROM desk.current WHERE tbl = 'facts' AND key = %s",
                            ["|".join(new)]).fetchone()[0]
    assert data["source"].startswith(OUTSIDE_CHANGED), data
    assert data["src_row"] is None and data["src_col"] is None and data["as_of"] is None
    last = trace_output(capsys, b.path, *new)[-1]
    assert "库外修改" in last and "weekly.xlsx" not in last and "行 row" not in last, last
