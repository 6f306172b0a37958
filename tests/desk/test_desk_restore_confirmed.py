"""Restoring an older backup of a joined store: the changes the backup still held as unpushed, which
the replaced store pushed before it was replaced, are on the desk already (under the workstation id
both had). The first sync after the restore asks the desk which it applied and does not send them
again, so a value a colleague corrected since never comes back as a conflict. What the replaced
store published or changed that neither the backup nor the desk holds stops the restore, naming it.
Against a real PostgreSQL desk; the truth is the store read with sqlite3 and the desk's rows."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import psycopg
import pytest

from desk_testing import local_tables, normalised, server_tables

from workbench.desk import identity
from workbench.desk.sync import sync
from workbench.drafting.lifecycle import change_status
from workbench.store import Store, sync_state

T = "688608.SH"
KEY = f"{T}|revenue|2023A"


def _value(path):
    with closing(sqlite3.connect(path)) as conn:
        row = conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = 'revenue' AND period = '2023A'",
                           [T]).fetchone()
    return row[0] if row else None


def _desk_changes(desk, ws):
    """The desk's feed entries of the fact under workstation ``ws``: [(value, by)]."""
    with psycopg.connect(desk.super_url) as conn:
        return conn.execute("SELECT data->>'value', by FROM desk.changes WHERE tbl = 'facts' AND key = %s "
                            "AND ws = %s ORDER BY id", [KEY, ws]).fetchall()


def _desk_value(desk):
    with psycopg.connect(desk.super_url) as conn:
        return float(conn.execute("SELECT data->>'value' FROM desk.changes WHERE tbl = 'facts' AND key = %s "
                                  "ORDER BY id DESC LIMIT 1", [KEY]).fetchone()[0])


@pytest.fixture
def corrected_since(pair, tmp_path):
    """a imports 61 (not pushed) and is backed up; a syncs (the desk takes 61); b corrects it to 63.
    Yields (desk, a's path and config, b and config, the backup, a's workstation id)."""
    desk, (a, ca), (b, cb) = pair
    a.set_fact(T, "revenue", "2023A", 6.1e9)
    backup = tmp_path / "old.sqlite"
    a.backup(backup)
    sync(a, ca)
    sync(b, cb)
    b.set_fact(T, "revenue", "2023A", 6.3e9)
    sync(b, cb)
    ws = a.workstation_id()
    assert _desk_changes(desk, ws)[-1] == (str(6.1e9), ca.user)  # the desk took 61 from a
    path = a.path
    a.close()
    return desk, (path, ca), (b, cb), backup, ws


def test_a_restored_store_does_not_send_again_what_the_desk_took_before_the_restore(corrected_since):
    desk, (path, ca), (b, cb), backup, old_ws = corrected_since
    restored, again = identity.restore(backup, path)
    assert again is not None and again.old == old_ws
    assert _value(path) == 6.1e9  # the backup's value, not yet pushed there
    with Store(path) as s:
        result = sync(s, ca)
        new_ws = s.workstation_id()
        assert result.conflicts == 0
        assert sync_state.conflicts(s) == []
        assert any("not sent again" in n for n in result.notes)
        assert sync_state.pending(s).keys == {}
        server = normalised(server_tables(desk.super_url))
        assert normalised(local_tables(s)) == server
    assert _value(path) == 6.3e9  # the colleague's correction stands here
    assert _desk_value(desk) == 6.3e9  # and on the desk
    assert _desk_changes(desk, new_ws) == []  # the superseded 61 was never sent again
    sync(b, cb)
    assert b.fact(T, "revenue", "2023A") == 6.3e9


def test_work_done_after_the_restore_is_still_sent(corrected_since):
    desk, (path, ca), (b, cb), backup, _ = corrected_since
    identity.restore(backup, path)
    with Store(path) as s:
        s.set_fact(T, "revenue", "2024A", 7.7e9)  # new work before the first sync
        result = sync(s, ca)
        assert result.conflicts == 0 and result.pushed >= 1
        new_ws = s.workstation_id()
    with psycopg.connect(desk.super_url) as conn:
        sent = conn.execute("SELECT key, data->>'value' FROM desk.changes WHERE ws = %s AND tbl = 'facts'",
                            [new_ws]).fetchall()
    assert sent == [(f"{T}|revenue|2024A", str(7.7e9))]
    sync(b, cb)
    assert b.fact(T, "revenue", "2024A") == 7.7e9 and b.fact(T, "revenue", "2023A") == 6.3e9


def test_a_dry_run_after_a_restore_says_so_and_writes_nothing(corrected_since):
    desk, (path, ca), _, backup, _ = corrected_since
    identity.restore(backup, path)
    with Store(path) as s:
        former = identity.former(s)
        result = sync(s, ca, dry_run=True)
        assert any("would not send them again" in n for n in result.notes)
        assert identity.former(s) == former  # asked again at the real sync
        assert sync_state.setting_int(s, sync_state.SETTING_PUSHED) == former["pushed"]
    assert _value(path) == 6.1e9


def test_a_publication_the_desk_never_received_stops_the_restore(pair, tmp_path):
    desk, (a, ca), (b, cb) = pair
    backup = tmp_path / "monday.sqlite"
    a.backup(backup)
    issue = a.issue("latest")
    change_status(a, issue.id, "review", by="ed")
    change_status(a, issue.id, "final", by="ed")  # published here, not yet synced
    path = a.path
    a.close()
    with closing(sqlite3.connect(path)) as conn:
        versions = conn.execute("SELECT issue_id, version, pdf_sha256 FROM issue_versions").fetchall()
    with pytest.raises(identity.RestoreDrops) as refused:
        identity.restore(backup, path)
    text = str(refused.value)
    assert f"第 {issue.id} 期 v1" in text and "never confirmed by the desk" in text
    assert "changes not yet pushed" in text
    # once the desk has it, the restore drops nothing: the restored store takes it back from the desk
    with Store(path) as s:
        sync(s, ca)
    restored, _ = identity.restore(backup, path)
    assert restored.dropped == []
    with Store(path) as s:
        sync(s, ca)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT issue_id, version, pdf_sha256 FROM issue_versions").fetchall() == versions


def test_changes_the_desk_never_received_stop_the_restore(pair, tmp_path):
    desk, (a, ca), _ = pair
    backup = tmp_path / "monday.sqlite"
    a.backup(backup)
    a.set_fact(T, "revenue", "2023A", 6.6e9)
    a.set_fact(T, "revenue", "2024A", 7.6e9)
    path = a.path
    a.close()
    with pytest.raises(identity.RestoreDrops) as refused:
        identity.restore(backup, path)
    assert "2 项修改尚未推送" in str(refused.value)
    restored, again = identity.restore(backup, path, discard_newer=True)
    assert any("2 项修改尚未推送" in line for line in restored.dropped)
    assert _value(path) != 6.6e9 and _value(restored.kept) == 6.6e9


def test_an_older_file_copied_back_after_more_pushes_sends_nothing_twice_either(pair, tmp_path):
    """The same question when the file is copied back by hand (``cp``) and the replaced store had
    pushed more since: the desk tells the copy, and what it already took is not sent again."""
    import os
    import shutil

    desk, (a, ca), (b, cb) = pair
    a.set_fact(T, "revenue", "2023A", 6.1e9)
    old = a.backup(tmp_path / "old.sqlite")
    sync(a, ca)
    a.set_fact(T, "revenue", "2024A", 7.1e9)  # more work after the copy, pushed
    sync(a, ca)
    sync(b, cb)
    b.set_fact(T, "revenue", "2023A", 6.3e9)
    sync(b, cb)
    ws, path = a.workstation_id(), a.path
    a.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.remove(f"{path}{suffix}")
    inode = os.stat(path).st_ino
    shutil.copyfile(old, path)  # as `cp old.sqlite store.sqlite` does: the same file
    assert os.stat(path).st_ino == inode
    with Store(path) as s:
        result = sync(s, ca)
        assert s.workstation_id() != ws  # told a copy by the desk
        assert result.conflicts == 0 and sync_state.conflicts(s) == []
        assert _desk_changes(desk, s.workstation_id()) == []
        assert s.fact(T, "revenue", "2024A") == 7.1e9
    assert _value(path) == 6.3e9 and _desk_value(desk) == 6.3e9


def test_a_backup_of_a_restored_store_taken_before_its_first_sync_sends_nothing_twice(pair, tmp_path):
    """The backup carries two former ids (the one it was restored from, and the one it had until the
    restore of that backup): the desk is asked about both, in order."""
    desk, (a, ca), (b, cb) = pair
    a.set_fact(T, "revenue", "2023A", 6.1e9)
    first = tmp_path / "first.sqlite"
    a.backup(first)
    sync(a, ca)
    path = a.path
    a.close()
    identity.restore(first, path)
    with Store(path) as s:
        s.set_fact(T, "revenue", "2024A", 7.2e9)  # work on the restored store, not yet synced
        second = s.backup(tmp_path / "second.sqlite")
        assert sync(s, ca).conflicts == 0  # the desk takes 2024A under the id the restore gave
        middle_ws = s.workstation_id()
    assert _desk_changes(desk, middle_ws) == []  # (2023A was not sent again)
    sync(b, cb)
    b.set_fact(T, "revenue", "2023A", 6.3e9)
    b.set_fact(T, "revenue", "2024A", 7.3e9)
    sync(b, cb)
    identity.restore(second, path)
    with Store(path) as s:
        assert [w["ws"] for w in identity.formers(s)][-1] == middle_ws
        result = sync(s, ca)
        assert result.conflicts == 0 and sync_state.conflicts(s) == []
        last_ws = s.workstation_id()
        assert s.fact(T, "revenue", "2024A") == 7.3e9
    assert _value(path) == 6.3e9
    with psycopg.connect(desk.super_url) as conn:
        assert conn.execute("SELECT count(*) FROM desk.changes WHERE ws = %s", [last_ws]).fetchone()[0] == 0
