"""An older copy of a store put back over its own file (the same path and inode: the file cannot
tell) and worked on makes new changes under the same seqs as changes the desk already holds from
its workstation id. Those are not a push whose acknowledgement was lost: the desk holds other
changes under those seqs, so the store is a copy, re-identified before it pushes, and its new
change reaches the desk or is listed as a conflict, never replaced in silence by the desk's.
Against a real PostgreSQL desk."""

from __future__ import annotations

import os
import shutil

import psycopg
import pytest

from desk_testing import Desk

from workbench.desk import identity
from workbench.desk.connection import connect
from workbench.desk.errors import DeskOffline
from workbench.desk.sync import sync
from workbench.store import Store, sync_state

T = "688608.SH"
KEY = f"{T}|pe|2025E"


@pytest.fixture
def station(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    config = desk.user("analyst")
    original = desk.join(tmp_path / "original.sqlite", config)
    identity.record(original)  # as a sync records it
    yield desk, original, config
    original.close()


def _pe(store):
    return store.scalar("SELECT value FROM facts WHERE ticker = ? AND metric = 'pe' AND period = '2025E'", [T])


def _desk_pe(desk):
    with psycopg.connect(desk.super_url) as conn:
        return conn.execute("SELECT data->>'value' FROM desk.changes WHERE tbl = 'facts' AND key = %s "
                            "ORDER BY id DESC LIMIT 1", [KEY]).fetchone()


def _put_back(original, old):
    """Copy the older file back over the original's (same inode), as `cp old store` does."""
    path = original.path
    original.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.remove(f"{path}{suffix}")
    inode = os.stat(path).st_ino
    shutil.copyfile(old, path)
    assert os.stat(path).st_ino == inode
    return path


def _old_copy_back_with_a_new_value(original, config, tmp_path, value):
    """Copy the store; set P/E 77.7 and sync; put the copy back; set P/E to ``value`` (same seq)."""
    old = original.backup(tmp_path / "old.sqlite")
    original.set_fact(T, "pe", "2025E", 77.7)
    sync(original, config)
    path = _put_back(original, old)
    restored = Store(path)
    seq_before = restored.last_seq()
    restored.set_fact(T, "pe", "2025E", value)
    assert restored.last_seq() == seq_before + 1
    assert identity.copy_reason(restored) is None  # the file itself cannot tell
    return restored


def test_the_desk_tells_an_older_copy_whose_new_change_took_a_seq_the_desk_holds(station, tmp_path):
    desk, original, config = station
    ws = original.workstation_id()
    restored = _old_copy_back_with_a_new_value(original, config, tmp_path, 78.8)
    try:
        with connect(config.url, config.password) as conn:
            # the desk holds this workstation's change at the same seq, but it is another change
            held = conn.execute("SELECT max(seq) FROM desk.changes WHERE ws = %s", [ws]).fetchone()[0]
            assert held == restored.last_seq()
            reason = identity.desk_reason(restored, conn)
        assert reason is not None and "copy or a restored backup" in reason
    finally:
        restored.close()


def test_the_new_value_of_an_older_copy_put_back_is_never_dropped(station, tmp_path):
    desk, original, config = station
    ws = original.workstation_id()
    restored = _old_copy_back_with_a_new_value(original, config, tmp_path, 78.8)
    try:
        result = sync(restored, config)
        assert restored.workstation_id() != ws
        assert any("re-identified" in n for n in result.notes)
        # the new value went to the desk, or it is listed as a conflict beside the desk's value
        listed = [c for c in sync_state.conflicts(restored)
                  if c["key"] == KEY and (c["mine"] or {}).get("value") == 78.8]
        assert _pe(restored) == 78.8 or listed
        if _pe(restored) == 78.8:
            assert float(_desk_pe(desk)[0]) == 78.8
        else:
            assert listed[0]["theirs"]["value"] == 77.7
        sync(restored, config)  # and a second sync keeps it so
        assert _pe(restored) == 78.8 or [c for c in sync_state.conflicts(restored) if c["key"] == KEY]
    finally:
        restored.close()


def test_an_older_copy_that_made_the_same_change_again_loses_and_doubles_nothing(station, tmp_path):
    """The same value under the same seq: whichever way the desk takes it, the value stays, with no
    conflict and no second version of it from this store."""
    desk, original, config = station
    restored = _old_copy_back_with_a_new_value(original, config, tmp_path, 77.7)
    try:
        sync(restored, config)
        assert _pe(restored) == 77.7
        assert [c for c in sync_state.conflicts(restored) if c["key"] == KEY] == []
        assert float(_desk_pe(desk)[0]) == 77.7
        with psycopg.connect(desk.super_url) as conn:
            assert conn.execute("SELECT count(*) FROM desk.changes WHERE tbl = 'facts' AND key = %s "
                                "AND data->>'value' = '77.7'", [KEY]).fetchone()[0] == 1
    finally:
        restored.close()


def test_a_lost_acknowledgement_is_still_no_sign_of_a_copy_and_applies_once(station, monkeypatch):
    """The desk's changes under this workstation's seqs are the store's own (same rows, same data):
    the retry takes them as landed, re-identifies nothing and applies nothing twice."""
    from workbench.desk import sync as desk_sync

    desk, original, config = station
    ws = original.workstation_id()
    original.set_fact(T, "pe", "2025E", 77.7)
    original.add_note("确认丢失的笔记", tickers=[T])

    def lost(*a, **k):
        raise psycopg.OperationalError("connection lost after commit")

    monkeypatch.setattr(desk_sync, "_mark_pushed", lost)
    with pytest.raises(DeskOffline):
        sync(original, config)
    monkeypatch.undo()
    with connect(config.url, config.password) as conn:
        assert identity.desk_reason(original, conn) is None
    result = sync(original, config)
    assert original.workstation_id() == ws and not result.notes
    assert (result.pushed, result.conflicts) == (0, 0)
    assert sync_state.pending(original).keys == {}
    with psycopg.connect(desk.super_url) as conn:
        assert conn.execute("SELECT count(*) FROM desk.changes WHERE tbl = 'facts' AND key = %s AND ws = %s",
                            [KEY, ws]).fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM desk.rows WHERE tbl = 'notes' AND data->>'text' = %s",
                            ["确认丢失的笔记"]).fetchone()[0] == 1


def test_an_older_copy_that_changed_the_value_twice_since_is_told(station, tmp_path):
    """The copy's change under the desk's seq was changed again since: its logged value at that seq
    is not the desk's, so it is a copy all the same."""
    desk, original, config = station
    restored = _old_copy_back_with_a_new_value(original, config, tmp_path, 78.8)
    try:
        restored.set_fact(T, "pe", "2025E", 79.9)
        with connect(config.url, config.password) as conn:
            reason = identity.desk_reason(restored, conn)
        assert reason is not None and "copy or a restored backup" in reason
        sync(restored, config)
        assert _pe(restored) == 79.9 or [c for c in sync_state.conflicts(restored)
                                         if c["key"] == KEY and (c["mine"] or {}).get("value") == 79.9]
    finally:
        restored.close()


def test_a_lost_acknowledgement_of_a_merged_push_is_no_sign_of_a_copy(pair, monkeypatch):
    """The push merged another workstation's field into the row: the desk holds more than this
    store's image, and the fields this store set are its own; no re-identification."""
    from workbench.desk import sync as desk_sync

    desk, (a, ca), (b, cb) = pair
    company = "688608.SH"
    a.set_company_field(company, "full_name", "恒玄科技（上海）股份有限公司·甲")
    sync(a, ca)
    ws = b.workstation_id()
    b.set_company_field(company, "industry", "半导体·乙")

    def lost(*args, **kw):
        raise psycopg.OperationalError("connection lost after commit")

    monkeypatch.setattr(desk_sync, "_mark_pushed", lost)
    with pytest.raises(DeskOffline):
        sync(b, cb)
    monkeypatch.undo()
    with connect(cb.url, cb.password) as conn:
        data = conn.execute("SELECT data FROM desk.changes WHERE tbl = 'companies' AND key = %s AND ws = %s",
                            [company, ws]).fetchone()[0]
        assert (data["full_name"], data["industry"]) == ("恒玄科技（上海）股份有限公司·甲", "半导体·乙")  # merged
        assert identity.desk_reason(b, conn) is None
    result = sync(b, cb)
    assert b.workstation_id() == ws and not result.notes and result.conflicts == 0
    c = b.company(company)
    assert (c["full_name"], c["industry"]) == ("恒玄科技（上海）股份有限公司·甲", "半导体·乙")


def test_an_older_copy_whose_change_at_the_desks_seq_is_of_another_row_is_told(station, tmp_path):
    """The desk holds a company change under this id at seq s; the copy's change s is of a figure,
    and it changed the company only later: the company is waiting, but not from that change."""
    desk, original, config = station
    old = original.backup(tmp_path / "old.sqlite")
    original.set_company_field(T, "industry", "半导体·原件")
    sync(original, config)
    restored = Store(_put_back(original, old))
    try:
        restored.set_fact(T, "pe", "2025E", 78.8)  # the seq the desk holds the company change under
        restored.set_company_field(T, "industry", "半导体·副本")
        with connect(config.url, config.password) as conn:
            reason = identity.desk_reason(restored, conn)
        assert reason is not None and "copy or a restored backup" in reason
    finally:
        restored.close()


def test_a_lost_acknowledgement_of_a_figure_sent_again_unchanged_then_changed_is_no_copy(station, monkeypatch):
    """A figure logged to go again as it is (an entry naming it, with no value) was pushed, the
    acknowledgement lost, and the figure changed since: the store's own change, not a copy."""
    from workbench.desk import sync as desk_sync

    desk, original, config = station
    ws = original.workstation_id()
    original.set_fact(T, "pe", "2025E", 77.7)
    sync(original, config)
    with original.transaction(), original.batch("edit", note="sent again") as batch:
        sync_state.log_for_push(original, batch, [("facts", KEY)])

    def lost(*a, **k):
        raise psycopg.OperationalError("connection lost after commit")

    monkeypatch.setattr(desk_sync, "_mark_pushed", lost)
    with pytest.raises(DeskOffline):
        sync(original, config)
    monkeypatch.undo()
    original.set_fact(T, "pe", "2025E", 80.0)
    with connect(config.url, config.password) as conn:
        assert conn.execute("SELECT count(*) FROM desk.changes WHERE ws = %s AND seq > %s", [
            ws, sync_state.setting_int(original, sync_state.SETTING_PUSHED)]).fetchone()[0] >= 1
        assert identity.desk_reason(original, conn) is None
    sync(original, config)
    assert original.workstation_id() == ws and _pe(original) == 80.0
    assert float(_desk_pe(desk)[0]) == 80.0
