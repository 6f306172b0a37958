"""``Store.check_backup``: the restore's own check of a backup, public so that a caller (the app) can refuse
a file before it asks anything: an SQLite file that is no workbench store, and a backup a newer release
wrote, are refused with the restore's words; the file is only read (no -wal/-shm left beside it)."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.errors import NotFound, ValidationError
from workbench.store import Store


def _files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _refusal(path) -> str:
    with pytest.raises(ValidationError) as caught:
        Store.check_backup(path)
    return caught.value.message


def test_an_sqlite_file_that_is_no_store_is_refused(tmp_path):
    other = tmp_path / "other" / "contacts.sqlite"
    other.parent.mkdir()
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()
    before = other.read_bytes()
    message = _refusal(other)
    assert message == f"不是工作台数据文件 (not a workbench store): {other}"  # no SQLite "no such table"
    assert other.read_bytes() == before and _files(other.parent) == ["contacts.sqlite"]


def test_a_backup_a_newer_release_wrote_is_refused(store, tmp_path):
    backup = tmp_path / "later" / "backup.sqlite"
    backup.parent.mkdir()
    store.backup(backup)
    with sqlite3.connect(backup) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "SELECT migration_set, 'm999_from_a_later_release', applied_at FROM _sqlite_migrations LIMIT 1")
    conn.close()
    message = _refusal(backup)
    assert "newer release" in message and "m999_from_a_later_release" in message
    assert _files(backup.parent) == ["backup.sqlite"]
    # the restore itself refuses it in the same words, and leaves the store as it was
    with pytest.raises(ValidationError) as caught:
        Store.restore(backup, tmp_path / "target.sqlite")
    assert caught.value.message == message


def test_a_good_backup_passes_and_a_missing_one_is_not_found(demo_store, tmp_path):
    backup = tmp_path / "good" / "backup.sqlite"
    backup.parent.mkdir()
    demo_store.backup(backup)
    assert Store.check_backup(backup) is None
    assert _files(backup.parent) == ["backup.sqlite"]
    with pytest.raises(NotFound):
        Store.check_backup(tmp_path / "missing.sqlite")


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("not a store", encoding="utf-8")
    assert "not a workbench store" in _refusal(text)
