"""`workbench backup --restore FILE --db STORE`: a checked backup replaces the store in one step, the
replaced store is kept beside it, and anything that is not a sound workbench store (or the store
itself, or a store in use, or one a newer release wrote) is refused with the store unchanged."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from workbench.cli import main
from workbench.progress import Cancelled
from workbench.store import Store

T = "688608.SH"


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _value(path):
    with Store(path) as s:
        return s.fact(T, "revenue", "2023A")


def _kept(folder):
    return sorted(folder.glob("*.before-restore-*.sqlite"))


@pytest.fixture
def backed_up(demo_path, tmp_path, capsys):
    """The demo store backed up, then changed: (store path, backup path, value at backup, value now)."""
    backup = tmp_path / "saved.sqlite"
    assert main(["backup", "-o", str(backup), "--db", str(demo_path)]) == 0
    then = _value(demo_path)
    with Store(demo_path) as s:
        s.set_fact(T, "revenue", "2023A", 4.2e9)
        s.add_note("备份之后的笔记")
    capsys.readouterr()
    return demo_path, backup, then, 4.2e9


def test_restore_puts_the_backup_back_and_keeps_the_replaced_store(backed_up, capsys):
    store, backup, then, now = backed_up
    assert then != now
    with Store(store) as s:
        notes_now = s.scalar("SELECT count(*) FROM notes")
    assert main(["backup", "--restore", str(backup), "--db", str(store)]) == 0
    out = capsys.readouterr().out
    assert _value(store) == then
    [kept] = _kept(store.parent)
    assert kept.name.startswith(f"{store.stem}.before-restore-")
    assert str(kept) in out
    # the replaced store is whole, with what was written after the backup
    assert _value(kept) == now
    with Store(kept) as k, Store(store) as s:
        assert k.scalar("SELECT count(*) FROM notes") == notes_now
        assert s.scalar("SELECT count(*) FROM notes") == notes_now - 1
    # the backup file itself is untouched and no temporary file is left
    assert not [p for p in store.parent.iterdir() if p.name.endswith(".part")]


def test_restore_into_a_new_path_needs_nothing_to_keep(backed_up, tmp_path):
    store, backup, then, _ = backed_up
    fresh = tmp_path / "elsewhere" / "restored.sqlite"
    fresh.parent.mkdir()
    assert main(["backup", "--restore", str(backup), "--db", str(fresh)]) == 0
    assert _value(fresh) == then
    assert _kept(fresh.parent) == []


def _refused(capsys, argv, store, *, exact: bool = True) -> str:
    before = _digest(store) if exact else None
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if exact:
        assert _digest(store) == before
    assert _kept(store.parent) == []
    return err


def test_a_file_that_is_no_store_is_refused(backed_up, tmp_path, capsys):
    store, _, _, _ = backed_up
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database", encoding="utf-8")
    err = _refused(capsys, ["backup", "--restore", str(text), "--db", str(store)], store)
    assert "不是工作台数据文件" in err and "not a workbench store" in err
    other = tmp_path / "other.sqlite"  # a SQLite database, but no workbench store
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    err = _refused(capsys, ["backup", "--restore", str(other), "--db", str(store)], store)
    assert "not a workbench store" in err


def test_a_damaged_backup_is_refused(backed_up, capsys):
    store, backup, _, _ = backed_up
    data = bytearray(backup.read_bytes())
    page = 4096
    for i in range(page * 3, len(data) - page, page):  # scribble over the tables' pages, keep the header
        data[i + 100:i + 400] = b"\xff" * 300
    backup.write_bytes(bytes(data))
    err = _refused(capsys, ["backup", "--restore", str(backup), "--db", str(store)], store)
    assert "integrity check" in err or "not a workbench store" in err, err


def test_a_backup_from_a_newer_release_is_refused(backed_up, capsys):
    store, backup, _, _ = backed_up
    conn = sqlite3.connect(backup)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('workbench', 'm999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    err = _refused(capsys, ["backup", "--restore", str(backup), "--db", str(store)], store)
    assert "newer release" in err and "m999_from_the_future" in err


def test_the_store_is_not_its_own_backup(backed_up, capsys):
    store, _, _, _ = backed_up
    err = _refused(capsys, ["backup", "--restore", str(store), "--db", str(store)], store)
    assert "the backup is the store it would replace" in err


def test_a_store_in_use_is_not_replaced(backed_up, capsys):
    store, backup, _, _ = backed_up
    with Store(store) as s:  # open elsewhere, with its write-ahead log
        s.set_fact(T, "revenue", "2023A", 5.5e9)
        counts = s.counts()
        # (its log may be folded into the file meanwhile, as SQLite does itself: the content is what counts)
        err = _refused(capsys, ["backup", "--restore", str(backup), "--db", str(store)], store, exact=False)
        assert s.fact(T, "revenue", "2023A") == 5.5e9 and s.counts() == counts
    assert "in use" in err
    assert _value(store) == 5.5e9


def test_restore_needs_a_backup_or_an_output(demo_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["backup", "--db", str(demo_path)])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["backup", "-o", "x.sqlite", "--restore", "y.sqlite", "--db", str(demo_path)])
    assert exit_.value.code == 2


def test_a_cancelled_restore_leaves_the_store_as_it_was(backed_up):
    store, backup, _, now = backed_up
    before = _digest(store)
    with pytest.raises(Cancelled):
        Store.restore(backup, store, progress=lambda done, total, message="": False)
    assert _digest(store) == before and _value(store) == now
    assert _kept(store.parent) == []
    assert not [p for p in store.parent.iterdir() if p.name.endswith(".part")]


def test_an_older_stores_log_left_behind_is_kept_with_it(backed_up, capsys):
    """A store whose program was killed leaves its write-ahead log: the kept store holds it."""
    store, backup, then, _ = backed_up
    s = Store(store)
    s.set_fact(T, "revenue", "2023A", 6.6e9)
    # simulate the kill: copy the file and its log as they are while it is open
    import shutil

    crashed = store.with_name("crashed.sqlite")
    shutil.copy(store, crashed)
    shutil.copy(str(store) + "-wal", str(crashed) + "-wal")
    s.close()
    assert main(["backup", "--restore", str(backup), "--db", str(crashed)]) == 0
    [kept] = _kept(store.parent)
    assert _value(kept) == 6.6e9
    assert _value(crashed) == then  # the restored store, no stale log replayed over it


@pytest.mark.parametrize("cut", [True, False])
def test_checking_a_backup_leaves_nothing_beside_it(backed_up, capsys, cut):
    """The backup is only read: no -wal or -shm appears next to it, refused or restored."""
    store, backup, _, _ = backed_up
    if cut:
        backup.write_bytes(backup.read_bytes()[:50_000])
    before = sorted(p.name for p in backup.parent.iterdir() if p.name.startswith(backup.name))
    code = main(["backup", "--restore", str(backup), "--db", str(store)])
    assert code == (1 if cut else 0)
    assert sorted(p.name for p in backup.parent.iterdir() if p.name.startswith(backup.name)) == before
