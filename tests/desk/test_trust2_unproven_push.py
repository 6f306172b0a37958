"""A figure resting on a change batch the workbench cannot have written (a raw write logged under an
invented "import" batch that no import recorded) reaches the desk labelled as changed outside the
workbench (库外修改), never with the forged import's file and cell: on a push after joining and on the
join's own push. Against a real PostgreSQL desk."""

from __future__ import annotations

import sqlite3

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

