"""The desk restored from a pg_dump (README "Back up the desk") has gone back in time: its change feed
ids are given again to other entries, the workstations' marks are older. Every workstation finds
this at its next sync, sends again what it made that the desk lost, takes what it missed, and
nothing is lost or doubled: every store ends equal to the desk, table by table. Against a real
PostgreSQL desk, dumped and restored with PostgreSQL's own tools."""

from __future__ import annotations

import subprocess

import psycopg
from desk_testing import pg_bin as _pg_bin
from desk_testing import local_tables, normalised, server_tables

from workbench.desk.sync import sync
from workbench.store import sync_state

T = "688608.SH"


def _dump(desk, path) -> None:
    done = subprocess.run([str(_pg_bin() / "pg_dump"), "--format=custom", f"--file={path}", desk.super_url],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _restore(desk, path) -> None:
    done = subprocess.run([str(_pg_bin() / "pg_restore"), "--clean", "--if-exists", f"--dbname={desk.super_url}",
                           str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _feed_top(desk) -> int:
    with psycopg.connect(desk.super_url) as conn:
        return conn.execute("SELECT coalesce(max(id), 0) FROM desk.changes").fetchone()[0]


def _equal_to_desk(desk, *stores) -> None:
    server = normalised(server_tables(desk.super_url))
    for s in stores:
        assert normalised(local_tables(s)) == server
        assert sync_state.pending(s).keys == {}


def test_a_restored_desk_gets_back_what_each_store_sent_after_the_dump_and_they_pull_what_came_since(pair, tmp_path):
    desk, (a, ca), (b, cb) = pair
    a.set_fact(T, "revenue", "2023A", 3.1e9)
    sync(a, ca)
    sync(b, cb)
    dump = tmp_path / "dumps" / "desk.dump"
    dump.parent.mkdir()
    _dump(desk, dump)
    at_dump = _feed_top(desk)

    # after the dump: b sends a figure; a takes it, writes a note and a figure of its own, sends them
    b.set_fact(T, "pe", "2026E", 22.0)
    sync(b, cb)
    sync(a, ca)
    assert a.fact(T, "pe", "2026E") == 22.0
    a.set_fact(T, "revenue", "2024A", 4.4e9)
    a.add_note("备份之后：渠道调研纪要", tickers=[T])
    sync(a, ca)
    sync(b, cb)

    _restore(desk, dump)
    assert _feed_top(desk) == at_dump  # the desk went back: the next ids are given again

    # after the restore b works on: its new figure takes ids a has already pulled once
    b.set_fact(T, "pe", "2027E", 13.0)
    first = sync(b, cb)
    assert any("备份" in n and "restored" in n for n in first.notes), first.notes
    for s, c in ((a, ca), (b, cb), (a, ca), (b, cb)):
        result = sync(s, c)
        assert result.conflicts == 0 and result.refused == 0
    for s in (a, b):
        assert s.fact(T, "pe", "2026E") == 22.0  # b's figure the restore lost: sent again by b
        assert s.fact(T, "pe", "2027E") == 13.0  # sent after the restore: pulled by a
        assert s.fact(T, "revenue", "2024A") == 4.4e9  # a's, lost by the restore: sent again by a
        assert s.scalar("SELECT count(*) FROM notes WHERE text = '备份之后：渠道调研纪要'") == 1
        assert not sync_state.conflicts(s)
    _equal_to_desk(desk, a, b)
    with psycopg.connect(desk.super_url) as conn:
        notes = conn.execute("SELECT count(*) FROM desk.rows WHERE tbl = 'notes' AND data->>'text' = %s",
                             ["备份之后：渠道调研纪要"]).fetchone()[0]
    assert notes == 1


def test_a_change_lost_by_the_restore_that_meets_a_newer_one_is_a_conflict_listed_never_dropped(pair, tmp_path):
    desk, (a, ca), (b, cb) = pair
    key = (T, "pe", "2025E")
    sync(b, cb)
    dump = tmp_path / "dumps" / "desk.dump"
    dump.parent.mkdir()
    _dump(desk, dump)
    b.set_fact(*key, 31.0)  # lost by the restore
    sync(b, cb)
    _restore(desk, dump)
    a.set_fact(*key, 41.0)  # on the restored desk, made without knowing b's
    sync(a, ca)
    sync(b, cb)
    sync(a, ca)
    open_b = [c for c in sync_state.conflicts(b) if c["key"] == "|".join(key)]
    assert len(open_b) == 1 and open_b[0]["mine"]["value"] == 31.0  # b's value kept, listed with the desk's
    assert open_b[0]["theirs"]["value"] == 41.0
    assert a.fact(*key) == b.fact(*key) == 41.0  # the desk's value stands until b settles it
    assert sync_state.pending(b).keys == {}


def test_a_store_that_never_synced_after_the_dump_has_nothing_to_send_again(pair, tmp_path):
    desk, (a, ca), (b, cb) = pair
    sync(b, cb)
    dump = tmp_path / "dumps" / "desk.dump"
    dump.parent.mkdir()
    _dump(desk, dump)
    _restore(desk, dump)
    result = sync(b, cb)
    assert result.pushed == 0 and result.pulled == 0 and not result.notes


def test_a_store_with_no_marks_kept_finds_the_restore_by_its_pull_mark_and_pulls_everything_again(pair, tmp_path):
    """(A store last synced by a release that kept no fingerprints of the feed.)"""
    from workbench.desk import identity

    desk, (a, ca), (b, cb) = pair
    sync(b, cb)
    dump = tmp_path / "dumps" / "desk.dump"
    dump.parent.mkdir()
    _dump(desk, dump)
    b.set_fact(T, "pe", "2026E", 22.0)  # lost by the restore
    sync(b, cb)
    sync_state.set_settings(b, {identity.SETTING_DESK_SEEN: None})
    _restore(desk, dump)
    result = sync(b, cb)
    assert any("restored" in n for n in result.notes), result.notes
    sync(a, ca)
    assert a.fact(T, "pe", "2026E") == 22.0
    assert not sync_state.conflicts(a) and not sync_state.conflicts(b)
    _equal_to_desk(desk, a, b)
