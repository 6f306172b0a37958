"""A full disk under the store: the disk is said to be full (naming the folder), not "disk I/O
error", and a failed open leaves no stray ``-shm`` / ``-wal`` of its own making behind.

The real case runs on a tiny tmpfs filled to the last byte (needs root to mount; skipped with the
reason otherwise); SQLite's own errors are also simulated, so the wording is checked everywhere.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections import namedtuple

import pytest

from workbench.store import Store
from workbench.store import access

from tests.disk_space import fill, small_disk

_Usage = namedtuple("_Usage", "total used free")


@pytest.fixture
def tiny_disk(tmp_path):
    """A 4 MiB tmpfs mounted on a fresh folder, unmounted afterwards."""
    with small_disk(tmp_path / "tiny") as folder:
        yield folder


def _wal_store_without_side_files(path):
    """A workbench store in WAL mode with its WAL checkpointed away and no -wal/-shm left."""
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.unlink()


def test_opening_a_store_on_a_full_disk_says_the_disk_is_full_and_leaves_no_side_files(tiny_disk):
    path = tiny_disk / "store.sqlite"
    _wal_store_without_side_files(path)
    before = path.read_bytes()
    fill(tiny_disk)

    with pytest.raises(access.StoreUnavailable) as caught:
        Store(path)

    message = str(caught.value)
    assert caught.value.reason == "full"
    assert "磁盘已满" in message and "disk" in message and "full" in message
    assert "I/O" not in message
    assert str(tiny_disk) in message
    # the failed open made these; nothing else may have been left next to the store
    assert not path.with_name("store.sqlite-shm").exists()
    assert not path.with_name("store.sqlite-wal").exists()
    assert path.read_bytes() == before


def test_side_files_that_were_there_before_a_failed_open_are_left_alone(tiny_disk):
    path = tiny_disk / "store.sqlite"
    _wal_store_without_side_files(path)
    shm = path.with_name("store.sqlite-shm")
    wal = path.with_name("store.sqlite-wal")
    shm.write_bytes(b"\0\0\0")
    wal.write_bytes(b"")
    fill(tiny_disk)

    with pytest.raises(access.StoreUnavailable) as caught:
        Store(path)

    assert caught.value.reason == "full"
    assert shm.exists() and wal.exists()  # not ours to remove: they were there before


def _error(text, code):
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode = code
    return exc


@pytest.mark.parametrize("code", [4874, 13])  # SQLITE_IOERR_SHMSIZE, SQLITE_FULL
def test_sqlite_codes_for_a_full_disk_are_said_as_a_full_disk(tmp_path, code):
    path = tmp_path / "store.sqlite"
    error = access.explain(_error("disk I/O error", code), path)
    assert error.reason == "full"
    assert "磁盘已满" in str(error)
    assert str(tmp_path) in str(error)
    assert "I/O" not in str(error)


def test_a_disk_io_error_with_under_a_mebibyte_free_is_a_full_disk(tmp_path, monkeypatch):
    asked = []

    def usage(folder):
        asked.append(os.fspath(folder))
        return _Usage(10 * 2**30, 10 * 2**30 - 2**19, 2**19)

    monkeypatch.setattr(shutil, "disk_usage", usage)
    error = access.explain(_error("disk I/O error", 10), tmp_path / "store.sqlite")  # SQLITE_IOERR
    assert error.reason == "full"
    assert "磁盘已满" in str(error) and str(tmp_path) in str(error)
    assert asked == [os.fspath(tmp_path)]


def test_a_disk_io_error_with_room_to_spare_stays_an_io_error(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "disk_usage",
                        lambda folder: _Usage(10 * 2**30, 2**30, 9 * 2**30))
    error = access.explain(_error("disk I/O error", 10), tmp_path / "store.sqlite")
    assert error.reason == "io"
    assert "磁盘已满" not in str(error)


def test_a_disk_io_error_whose_folder_cannot_be_measured_stays_an_io_error(tmp_path):
    error = access.explain(_error("disk I/O error", 10), tmp_path / "gone" / "store.sqlite")
    assert error.reason == "io"
