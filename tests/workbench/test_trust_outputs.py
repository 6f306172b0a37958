"""Output paths: a legal long file name is written (its temporary file stays short), a symbolic link
is written through to the file it points to, temporary files a killed backup left are cleaned (only
stale ones of this program, for that target), and a full disk names the target, not the store."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from workbench.cli import main


def long_name(suffix: str, total: int = 250) -> str:
    return "报" * 20 + "a" * (total - 60 - len(suffix)) + suffix  # 20 hanzi are 60 bytes of UTF-8


@pytest.mark.parametrize("total", [242, 250, 255])
def test_table_and_backup_to_a_long_legal_name(demo_path, tmp_path, total):
    csv = tmp_path / long_name(".csv", total)
    assert len(csv.name.encode("utf-8")) == total
    assert main(["table", "companies", "--db", str(demo_path), "-o", str(csv)]) == 0
    assert "600584.SH" in csv.read_text(encoding="utf-8-sig")
    backup = tmp_path / long_name(".sqlite", total)
    assert main(["backup", "--db", str(demo_path), "-o", str(backup)]) == 0
    short = tmp_path / "copy.sqlite"  # SQLite itself cannot open a 255-byte name (its -wal name is longer)
    short.write_bytes(backup.read_bytes())
    conn = sqlite3.connect(f"file:{short}?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_export_pdf_to_a_long_name(demo_path, tmp_path):
    pdf = tmp_path / long_name(".pdf", 250)
    assert main(["export", "latest", "--db", str(demo_path), "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_export_through_a_symlink_writes_the_file_it_points_to(demo_path, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    week = shared / "week.pdf"
    week.write_bytes(b"old")
    link = tmp_path / "current.pdf"
    link.symlink_to(week)
    assert main(["export", "latest", "--db", str(demo_path), "-o", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(week)
    assert week.read_bytes().startswith(b"%PDF")
    assert not [p for p in tmp_path.rglob("*.part")]


def test_table_through_a_relative_symlink(demo_path, tmp_path):
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "companies.csv"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(os.path.join("data", "companies.csv"))
    assert main(["table", "companies", "--db", str(demo_path), "-o", str(link)]) == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8-sig") != "old"


def test_a_dangling_symlink_into_a_missing_folder_is_refused(demo_path, tmp_path, capsys):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "nowhere" / "x.csv")
    assert main(["table", "companies", "--db", str(demo_path), "-o", str(link)]) == 1
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()
    assert "nowhere" in capsys.readouterr().err


def test_a_killed_backups_temporary_files_are_cleaned_safely(demo_path, tmp_path):
    fcntl = pytest.importorskip("fcntl")
    old = time.time() - 3600

    def part(name, age=old):
        p = tmp_path / name
        p.write_bytes(b"x" * 10)
        os.utime(p, (age, age))
        return p

    stale = part(".b.sqlite.0123abcd.part")
    fresh = part(".b.sqlite.89abcdef.part", time.time())  # a write may still be under way
    held = part(".b.sqlite.fedcba98.part")
    other = part(".c.sqlite.0123abcd.part")  # another target's
    foreign = part(".b.sqlite.tmp.part")  # not this program's pattern
    fd = os.open(held, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a running backup holds it
    try:
        assert main(["backup", "--db", str(demo_path), "-o", str(tmp_path / "b.sqlite")]) == 0
    finally:
        os.close(fd)
    assert not stale.exists()
    assert fresh.exists() and held.exists() and other.exists() and foreign.exists()


def test_a_full_disk_during_a_backup_names_the_target(demo_store, tmp_path):
    from workbench.errors import WorkbenchError

    target = tmp_path / "b.sqlite"

    def full(done, total, what):
        raise sqlite3.OperationalError("database or disk is full")

    with pytest.raises(WorkbenchError) as err:
        demo_store.backup(target, progress=full)
    assert str(target) in str(err.value) and str(demo_store.path) not in str(err.value)
    assert not target.exists() and not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_killed_restores_temporary_file_is_cleaned(demo_path, demo_store_template, tmp_path):
    import shutil

    target = tmp_path / "target.sqlite"
    shutil.copy(demo_store_template, target)
    old = time.time() - 3600
    stale = tmp_path / ".target.sqlite.0123abcd.part"
    stale.write_bytes(b"half a store")
    os.utime(stale, (old, old))
    assert main(["backup", "--db", str(target), "--restore", str(demo_path)]) == 0
    assert not stale.exists()
