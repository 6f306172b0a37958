"""Workstation identity: a copied store (a backup restored elsewhere, a file copied to a second
laptop, an older backup put back in place) is told from the store its id was given to, and after
re-identifying syncs as a new workstation without losing or doubling a change."""

from __future__ import annotations

import argparse
import os
import shutil

import pytest

import psycopg  # noqa: F401,E402  (a dependency: never skipped)

from desk_testing import Desk, local_tables, normalised, server_tables  # noqa: E402

from workbench.desk import identity  # noqa: E402
from workbench.desk.connection import connect  # noqa: E402
from workbench.desk.sync import sync  # noqa: E402
from workbench.errors import WorkbenchError  # noqa: E402
from workbench.store import Store, sync_state  # noqa: E402

T = "688608.SH"


# ---------------------------------------------------------------- the file (no server)
def test_a_backup_is_a_copy_and_the_store_itself_is_not(store, tmp_path):
    identity.record(store)
    assert identity.copy_reason(store) is None
    target = store.backup(tmp_path / "backup.sqlite")
    with Store(target) as copy:
        assert copy.workstation_id() == store.workstation_id()  # the hazard: one id, two stores
        assert "copy or a restored backup" in identity.copy_reason(copy)
        done = identity.ensure(copy)
        assert done is not None and done.old == store.workstation_id() != done.new == copy.workstation_id()
        assert identity.copy_reason(copy) is None and identity.ensure(copy) is None
    assert identity.copy_reason(store) is None and identity.ensure(store) is None


def test_a_store_from_another_computer_is_a_copy(store, monkeypatch):
    identity.record(store)
    monkeypatch.setattr(identity, "machine_id", lambda: "machine-id:elsewhere")
    assert "another computer" in identity.copy_reason(store)


def test_a_moved_store_keeps_its_identity(tmp_path):
    path = tmp_path / "a" / "ws.sqlite"
    with Store(path) as s:
        identity.record(s)
        ws = s.workstation_id()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.makedirs(tmp_path / "b", exist_ok=True)
            os.rename(f"{path}{suffix}", f"{tmp_path / 'b' / 'moved.sqlite'}{suffix}")
    with Store(tmp_path / "b" / "moved.sqlite") as s:
        assert identity.copy_reason(s) is None
        assert identity.ensure(s) is None
        assert s.workstation_id() == ws
        assert identity.recorded(s)["path"] == str((tmp_path / "b" / "moved.sqlite").resolve())


def test_a_store_with_no_record_is_recorded_by_the_first_check(store):
    assert identity.recorded(store) is None and identity.copy_reason(store) is None
    assert identity.ensure(store) is None
    assert identity.recorded(store) == identity.fingerprint(store.path)


def _joined(store, url="postgresql://li@desk.example/desk"):
    """Mark the store as joined to a desk (what ``desk join`` records; no server is needed to re-identify)."""
    sync_state.set_settings(store, {sync_state.SETTING_URL: url})
    return store


def _settings(path):
    with Store(path) as s:
        return dict(s.db.execute("SELECT key, value FROM settings").fetchall())


def test_the_reidentify_command_refuses_a_store_that_never_joined_a_desk(store, tmp_path, capsys):
    identity.record(store)
    copy_path = store.backup(tmp_path / "copy.sqlite")
    before, before_bytes = _settings(copy_path), copy_path.read_bytes()
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="desk_command")
    identity.register(sub, lambda p: p.add_argument("--db", required=True))
    args = parser.parse_args(["reidentify", "--db", str(copy_path)])
    with pytest.raises(WorkbenchError, match="has not joined a desk"):
        args.handler(args)
    assert "re-identified" not in capsys.readouterr().out
    assert _settings(copy_path) == before
    assert copy_path.read_bytes() == before_bytes
    with Store(copy_path) as copy:
        assert copy.workstation_id() == store.workstation_id()


def test_the_reidentify_command(store, tmp_path, capsys):
    _joined(store)
    identity.record(store)
    copy_path = store.backup(tmp_path / "copy.sqlite")
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="desk_command")
    identity.register(sub, lambda p: p.add_argument("--db", required=True))
    args = parser.parse_args(["reidentify", "--db", str(copy_path)])
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert store.workstation_id() in out and "re-identified as a new workstation" in out
    with Store(copy_path) as copy:
        assert copy.workstation_id() != store.workstation_id()
    missing = parser.parse_args(["reidentify", "--db", str(tmp_path / "nope.sqlite")])
    with pytest.raises(WorkbenchError, match="store not found"):
        missing.handler(missing)
    assert not (tmp_path / "nope.sqlite").exists()


# ---------------------------------------------------------------- with the desk
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


def _fact(store, period):
    return store.scalar("SELECT value FROM facts WHERE ticker = ? AND metric = 'revenue' AND period = ?",
                        [T, period])


def _check(store, config):
    """What a sync does first (see identity.ensure): re-identify a copy."""
    with connect(config.url, config.password) as conn:
        return identity.ensure(store, conn)


def _copy_and_diverge(desk, original, config, tmp_path, reidentify: bool):
    original.set_fact(T, "revenue", "2030E", 1.0e9)  # not yet pushed when the copy is made
    copy = Store(original.backup(tmp_path / "copy.sqlite"))
    original.set_fact(T, "revenue", "2031E", 2.0e9)
    sync(original, config)
    copy.set_fact(T, "revenue", "2032E", 3.0e9)
    copy.add_note("副本上的笔记", date="2024-12-27", tickers=[T])
    if reidentify:
        assert "copy" in _check(copy, config).reason
    for _ in range(2):
        sync(copy, config)
        sync(original, config)
    return copy


def test_a_reidentified_copy_syncs_as_a_new_workstation(station, tmp_path):
    desk, original, config = station
    copy = _copy_and_diverge(desk, original, config, tmp_path, reidentify=True)
    server = normalised(server_tables(desk.super_url))
    for s in (original, copy):
        assert normalised(local_tables(s)) == server
        assert (_fact(s, "2030E"), _fact(s, "2031E"), _fact(s, "2032E")) == (1.0e9, 2.0e9, 3.0e9)
        assert s.scalar("SELECT count(*) FROM notes WHERE text = '副本上的笔记'") == 1
    # the change both carried went once, from the original, and was no conflict for the copy
    assert sync_state.conflicts(copy, open_only=False) == []
    with psycopg.connect(desk.super_url) as conn:
        assert conn.execute("SELECT count(*) FROM desk.changes WHERE tbl = 'facts' AND key = %s",
                            [f"{T}|revenue|2030E"]).fetchone()[0] == 1
        assert conn.execute("SELECT count(DISTINCT ws) FROM desk.workstations").fetchone()[0] >= 3
    copy.close()


def test_sync_itself_tells_a_copy_and_loses_nothing(station, tmp_path):
    """No one re-identifies by hand: the first sync of the copy does it."""
    desk, original, config = station
    copy = _copy_and_diverge(desk, original, config, tmp_path, reidentify=False)
    try:
        for s in (original, copy):
            assert (_fact(s, "2030E"), _fact(s, "2031E"), _fact(s, "2032E")) == (1.0e9, 2.0e9, 3.0e9)
            assert normalised(local_tables(s)) == normalised(server_tables(desk.super_url))
    finally:
        copy.close()


def _restore_older_backup_in_place(original, config, tmp_path):
    """The original pushes, is backed up, pushes more, and is lost; the backup is copied back over
    its file (the same inode: the file cannot tell). Returns the restored store's path."""
    path = original.path
    original.set_fact(T, "revenue", "2030E", 1.0e9)
    sync(original, config)
    backup = original.backup(tmp_path / "backup.sqlite")
    original.set_fact(T, "revenue", "2031E", 2.0e9)  # made after the backup, pushed under the same id
    sync(original, config)
    original.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.remove(f"{path}{suffix}")
    inode = os.stat(path).st_ino
    shutil.copyfile(backup, path)
    assert os.stat(path).st_ino == inode
    return path


def test_sync_itself_tells_an_older_backup_put_back(station, tmp_path):
    """Put back over its own file (the file cannot tell) and worked on: the sync asks the desk."""
    desk, original, config = station
    path = _restore_older_backup_in_place(original, config, tmp_path)
    with Store(path) as restored:
        restored.set_fact(T, "revenue", "2032E", 3.0e9)
        restored.set_fact(T, "revenue", "2033E", 4.0e9)
        sync(restored, config)
        sync(restored, config)
        assert (_fact(restored, "2030E"), _fact(restored, "2031E")) == (1.0e9, 2.0e9)
        facts = server_tables(desk.super_url)["facts"]
        assert facts[f"{T}|revenue|2032E"]["value"] == 3.0e9 and facts[f"{T}|revenue|2033E"]["value"] == 4.0e9
        assert normalised(local_tables(restored)) == normalised(server_tables(desk.super_url))


def test_a_change_the_desk_took_from_the_original_is_not_sent_again_by_a_copy(station, tmp_path):
    """The copy's change is the one the original pushed (the desk holds it under the old id at the
    same seq): the copy does not send it again, so the original's later value is taken, no conflict
    (before, the copy sent its old value again and listed it against the newer one)."""
    desk, original, config = station
    original.set_fact(T, "revenue", "2030E", 1.0e9)
    copy = Store(original.backup(tmp_path / "copy.sqlite"))
    sync(original, config)
    original.set_fact(T, "revenue", "2030E", 1.5e9)  # the original went on after the copy was made
    sync(original, config)
    assert _check(copy, config) is not None
    r = sync(copy, config)
    assert r.conflicts == 0 and not sync_state.conflicts(copy)
    assert _fact(copy, "2030E") == 1.5e9
    assert server_tables(desk.super_url)["facts"][f"{T}|revenue|2030E"]["value"] == 1.5e9
    copy.close()


def test_a_change_the_copy_made_itself_comes_back_as_a_listed_conflict(station, tmp_path):
    desk, original, config = station
    copy = Store(original.backup(tmp_path / "copy.sqlite"))
    copy.set_fact(T, "revenue", "2030E", 1.0e9)  # made on the copy only: the desk never had it
    original.set_fact(T, "revenue", "2030E", 1.5e9)
    sync(original, config)
    assert _check(copy, config) is not None
    r = sync(copy, config)
    assert r.conflicts == 1
    [c] = sync_state.conflicts(copy)
    assert (c["key"], c["mine"]["value"], c["theirs"]["value"]) == (f"{T}|revenue|2030E", 1.0e9, 1.5e9)
    assert _fact(copy, "2030E") == 1.5e9  # the desk's value stays; the copy's is listed, not lost
    copy.close()


@pytest.mark.parametrize("new_work", [0, 2])
def test_an_older_backup_put_back_in_place_is_told_by_the_desk(station, tmp_path, new_work):
    """Put back, it is behind the desk's mark of its id; or, having worked since, its changes are not
    the ones the desk holds under its id at the same seqs."""
    desk, original, config = station
    ws = original.workstation_id()
    path = _restore_older_backup_in_place(original, config, tmp_path)
    with Store(path) as restored:
        assert restored.workstation_id() == ws and identity.copy_reason(restored) is None
        assert _fact(restored, "2031E") is None
        for i in range(new_work):
            restored.set_fact(T, "revenue", f"204{i}E", 5.0e9 + i)
        done = _check(restored, config)
        assert done is not None and "copy or a restored backup" in done.reason
        assert ("desk has applied" in done.reason) == (new_work == 0)
        restored.set_fact(T, "revenue", "2032E", 3.0e9)
        sync(restored, config)
        for i in range(new_work):
            assert server_tables(desk.super_url)["facts"][f"{T}|revenue|204{i}E"]["value"] == 5.0e9 + i
        # what the lost original pushed under the old id comes back; the new work goes out
        assert (_fact(restored, "2030E"), _fact(restored, "2031E")) == (1.0e9, 2.0e9)
        assert normalised(local_tables(restored)) == normalised(server_tables(desk.super_url))
        assert server_tables(desk.super_url)["facts"][f"{T}|revenue|2032E"]["value"] == 3.0e9


@pytest.fixture
def wired(monkeypatch):
    """The workbench command line with ``identity.register`` wired into ``desk`` (as
    workbench/desk/cli.py's add_commands does once it calls it)."""
    import workbench.cli as top
    import workbench.desk.cli as desk_cli

    real = desk_cli.add_commands

    def add(sub, db_arg):
        real(sub, db_arg)
        desk = next(a for a in sub.choices["desk"]._actions if isinstance(a, argparse._SubParsersAction))
        if "reidentify" not in desk.choices:
            identity.register(desk, db_arg)

    monkeypatch.setattr(desk_cli, "add_commands", add)
    return top.main


def test_the_commands_on_the_workbench_command_line(wired, store, tmp_path, capsys):
    identity.record(store)
    local = store.backup(tmp_path / "local.sqlite")
    before = _settings(local)
    assert wired(["desk", "reidentify", "--db", str(local)]) == 1
    err = capsys.readouterr().err
    assert "has not joined a desk" in err and "Traceback" not in err
    assert _settings(local) == before
    _joined(store)
    copy_path = store.backup(tmp_path / "copy.sqlite")
    assert wired(["desk", "reidentify", "--db", str(copy_path)]) == 0
    assert "re-identified as a new workstation" in capsys.readouterr().out
    assert wired(["desk", "reidentify", "--db", str(tmp_path / "nope.sqlite")]) == 1
    err = capsys.readouterr().err
    assert "store not found" in err and "Traceback" not in err
    assert wired(["desk", "switch-user", "postgresql://li@desk/desk", "--db", str(local)]) == 1
    err = capsys.readouterr().err
    assert "has not joined a desk" in err and "Traceback" not in err


def test_a_store_that_imported_new_facts_is_not_taken_for_a_copy(station):
    """New facts reserve their seqs without a log row each: the desk's mark of this workstation is
    then above the log's last row, and that is no sign of a copy."""
    desk, original, config = station
    ws = original.workstation_id()
    rows = [(T, "eps", f"20{p:02d}E", 1.0 + p) for p in range(40)]
    original.write_facts(rows, source="big.xlsx", origin="import")
    sync(original, config)
    with connect(config.url, config.password) as conn:
        hw = conn.execute("SELECT last_seq FROM desk.workstations WHERE ws = %s", [ws]).fetchone()[0]
        assert hw > original.scalar("SELECT max(seq) FROM change_log")  # the case at hand
        assert identity.desk_reason(original, conn) is None
        assert identity.ensure(original, conn) is None
    assert original.workstation_id() == ws


def test_a_push_whose_acknowledgement_was_lost_is_no_sign_of_a_copy(station, monkeypatch):
    """The desk holds changes past this store's push mark that are this store's own: the same
    store, not a copy."""
    from workbench.desk import sync as desk_sync
    from workbench.desk.errors import DeskOffline

    desk, original, config = station
    ws = original.workstation_id()
    original.set_fact(T, "revenue", "2030E", 1.0e9)
    original.set_fact(T, "revenue", "2031E", 2.0e9)

    def lost(*a, **k):
        raise psycopg.OperationalError("connection lost after commit")

    monkeypatch.setattr(desk_sync, "_mark_pushed", lost)
    with pytest.raises(DeskOffline):
        sync(original, config)
    monkeypatch.undo()
    with connect(config.url, config.password) as conn:
        assert conn.execute("SELECT count(*) FROM desk.changes WHERE ws = %s AND tbl = 'facts'",
                            [ws]).fetchone()[0] == 2  # the push landed
        assert identity.desk_reason(original, conn) is None
    original.set_fact(T, "revenue", "2031E", 2.5e9)  # and changed again since: still its own
    with connect(config.url, config.password) as conn:
        assert identity.desk_reason(original, conn) is None
    sync(original, config)
    assert original.workstation_id() == ws
    assert server_tables(desk.super_url)["facts"][f"{T}|revenue|2031E"]["value"] == 2.5e9
