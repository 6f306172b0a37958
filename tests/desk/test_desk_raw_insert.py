"""A fact inserted into the file of a store that has joined a desk by another program (a raw INSERT,
no workbench involved) reaches the desk at the next sync, once, and the other workstation's trace
says it was written outside the workbench, on which workstation and by which pushing desk user,
never the file or cell the row claims. Against a real PostgreSQL desk."""

from __future__ import annotations

import sqlite3

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import local_tables, normalised, server_tables

from workbench.cli import main
from workbench.desk.sync import sync
from workbench.domain.metrics import format_value, metric
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store
KEY = (T, "revenue", "2033E")
CLAIMED = ("weekly.xlsx", "行 row", "列 column", "截至 as of 2025-01-03")


def _raw(path, sql, params=()):
    """A write into the store's file by another program."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql, params)
    conn.close()


def _raw_insert(path, value, verb="INSERT"):
    # a forged row: it claims to come from a workbook's cell
    _raw(path, f"{verb} INTO facts (ticker, metric, period, value, source, as_of, src_row, src_col) "
               "VALUES (?, ?, ?, ?, 'weekly.xlsx', '2025-01-03', 9, 'value')", [*KEY, value])


def _trace(capsys, db, *fact):
    capsys.readouterr()
    assert main(["trace", *fact, "--db", str(db)]) == 0
    return capsys.readouterr().out.splitlines()


def _desk_row(desk, key):
    with psycopg.connect(desk.super_url) as conn:
        row = conn.execute("SELECT data FROM desk.current WHERE tbl = 'facts' AND key = %s", ["|".join(key)]).fetchone()
    return row and row[0]


def test_a_raw_insert_after_joining_reaches_the_desk_once_as_written_outside(pair, capsys):
    desk, (a, ca), (b, cb) = pair
    assert _desk_row(desk, KEY) is None
    _raw_insert(a.path, 1.25e10)
    assert a.fact(*KEY) == 1.25e10
    assert sync_state.pending_count(a) == 1  # the status bar counts it before any sync
    assert sync(a, ca).pushed == 1
    data = _desk_row(desk, KEY)
    assert data["value"] == 1.25e10
    assert data["source"].startswith("库外写入") and a.workstation_id() in data["source"] and ca.user in data["source"]
    assert data["src_row"] is None and data["src_col"] is None and data["as_of"] is None
    assert sync(b, cb).pulled == 1
    assert b.fact(*KEY) == 1.25e10
    last = _trace(capsys, b.path, *KEY)[-1]
    assert last.endswith("-> " + format_value(metric("revenue").kind, 1.25e10)), last
    for mark in CLAIMED:
        assert mark not in last, (mark, last)
    assert "库外写入" in last and a.workstation_id() in last and ca.user in last, last
    # pushed once: nothing waits any more on either side
    assert sync(a, ca).pushed == 0 and sync_state.pending_count(a) == 0
    assert sync(b, cb).pulled == 0
    # the writing store's own check still names it written outside the workbench
    assert [(f["ticker"], f["metric"], f["period"]) for f in a.unlogged_facts()] == [KEY]
    assert a.externally_changed_facts() == []


def test_a_raw_insert_or_replace_over_a_synced_fact_reaches_the_desk(pair, capsys):
    desk, (a, ca), (b, cb) = pair
    fact = (T, "revenue", "2023A")
    before = a.fact(*fact)
    assert _desk_row(desk, fact)["value"] == before
    _raw(a.path, "INSERT OR REPLACE INTO facts (ticker, metric, period, value) VALUES (?, ?, ?, ?)",
         [*fact, before * 2])
    assert sync(a, ca).pushed == 1
    assert sync(b, cb).pulled == 1
    assert b.fact(*fact) == before * 2
    last = _trace(capsys, b.path, *fact)[-1]
    assert "库外写入" in last and a.workstation_id() in last, last


def test_a_dry_run_counts_a_raw_insert_and_writes_nothing(pair):
    desk, (a, ca), (b, cb) = pair
    _raw_insert(a.path, 3.5e9)
    seq = a.last_seq()
    before_local, before_server = normalised(local_tables(a)), server_tables(desk.super_url)
    assert sync(a, ca, dry_run=True).pushed == 1
    assert a.last_seq() == seq
    assert normalised(local_tables(a)) == before_local and server_tables(desk.super_url) == before_server
    assert a.scalar("SELECT count(*) FROM facts WHERE log_mark IS NULL") == 1
    assert sync(a, ca).pushed == 1


def test_a_raw_insert_is_not_overwritten_by_a_pull_of_the_same_fact(pair):
    """The other workstation wrote the same fact first: the pull does not silently replace the
    value written into this file; the two values are a conflict, listed like any other."""
    desk, (a, ca), (b, cb) = pair
    b.set_fact(*KEY, 2.0e9)
    sync(b, cb)
    _raw_insert(a.path, 1.0e9)
    result = sync(a, ca)
    assert result.conflicts == 1, result.summary()
    [c] = sync_state.conflicts(a)
    assert (c["tbl"], c["key"]) == ("facts", "|".join(KEY))
    assert c["mine"]["value"] == 1.0e9 and c["theirs"]["value"] == 2.0e9


def test_a_raw_insert_edited_in_the_workbench_before_the_sync_travels_as_the_edit(pair, capsys):
    desk, (a, ca), (b, cb) = pair
    _raw_insert(a.path, 1.0e9)
    a.set_fact(*KEY, 1.5e9)
    assert sync(a, ca).pushed == 1
    sync(b, cb)
    assert b.fact(*KEY) == 1.5e9
    last = _trace(capsys, b.path, *KEY)[-1]
    assert "库外" not in last and "手工录入" in last, last


def test_a_raw_insert_for_a_company_the_store_does_not_hold_does_not_stop_the_sync(pair):
    """Another program need not check the file's references: a fact of an unknown ticker reaches
    the desk like any other raw insert, and a workstation without that company refuses it as a
    local conflict, without stopping either sync."""
    desk, (a, ca), (b, cb) = pair
    ghost = ("999999.SZ", "revenue", "2033E")
    _raw(a.path, "INSERT INTO facts (ticker, metric, period, value) VALUES (?, ?, ?, 5.0e8)", ghost)
    _raw_insert(a.path, 1.25e10)
    assert sync(a, ca).pushed == 2
    assert _desk_row(desk, KEY)["value"] == 1.25e10 and _desk_row(desk, ghost)["source"].startswith("库外写入")
    result = sync(b, cb)
    assert (result.pulled, result.refused) == (1, 1), result.summary()
    assert b.fact(*KEY) == 1.25e10 and b.fact(*ghost) is None
    [c] = sync_state.conflicts(b)
    assert (c["key"], c["kind"]) == ("|".join(ghost), "local") and ghost[0] in c["message"]
    assert sync(a, ca).pushed == 0
