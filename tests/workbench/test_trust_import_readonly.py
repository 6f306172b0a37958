"""Import on a store it may not write, or one another program holds: a dry run of a read-only store
works (it only reads the file); a real import is refused in the same words as every command that
writes; a locked store is said to be locked, not in SQLite's words; the store is unchanged."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.cli import main
from workbench.store import access


def dump(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def csv(tmp_path):
    path = tmp_path / "newer.csv"
    path.write_text("ticker,name,营业收入(亿元)2023年报\n600584.SH,长电科技,300.0\n", encoding="utf-8")
    return path


@pytest.fixture
def read_only(monkeypatch):
    monkeypatch.setattr(access, "_writable", lambda path: False)  # as a file or folder this user may not write


def test_a_dry_run_of_a_read_only_store_works(demo_path, csv, read_only, capsys):
    before = dump(demo_path)
    assert main(["import", "--dry-run", "--db", str(demo_path), "--as-of", "2024-12-30", "--older", str(csv)]) == 0
    assert "更新 updated 1" in capsys.readouterr().out
    assert dump(demo_path) == before


def test_an_import_into_a_read_only_store_says_so(demo_path, csv, read_only, capsys):
    before = dump(demo_path)
    assert main(["import", "--db", str(demo_path), "--as-of", "2024-12-30", "--older", str(csv)]) == 1
    err = capsys.readouterr().err
    assert "the store is read-only" in err and "attempt to write" not in err
    assert dump(demo_path) == before



def test_an_import_into_a_locked_store_says_it_is_locked(demo_path, csv, monkeypatch, capsys):
    monkeypatch.setenv("WORKBENCH_BUSY_TIMEOUT_MS", "200")
    holder = sqlite3.connect(demo_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing
    try:
        assert main(["import", "--db", str(demo_path), "--as-of", "2024-12-30", "--older", str(csv)]) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert "locked by another program" in err and "database is locked" not in err
