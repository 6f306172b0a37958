"""`backup --force` replaces only an older backup of the same store, and keeps what it replaces:
a store holding published issues this store lacks, another workbench's store, or any other SQLite
database is refused (naming it) and left as it was."""

from __future__ import annotations

import shutil
import sqlite3

from workbench.cli import main


def dump(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)  # leaves no -wal beside it
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def publish(path) -> None:
    assert main(["status", "latest", "review", "--by", "qa", "--db", str(path)]) == 0
    assert main(["status", "latest", "final", "--by", "qa", "--db", str(path)]) == 0


def test_backup_force_over_a_newer_copy_holding_published_issues_is_refused(demo_path, tmp_path, capsys):
    real = tmp_path / "real.sqlite"
    shutil.copy(demo_path, real)
    publish(real)  # the real store moved on: its issue is published; demo_path is the older copy
    before = dump(real)
    capsys.readouterr()
    assert main(["backup", "--db", str(demo_path), "-o", str(real), "--force"]) == 1
    err = capsys.readouterr().err
    assert str(real) in err and "Traceback" not in err
    assert "已发布" in err  # says why: it holds a published issue this store lacks
    assert dump(real) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("real")) == ["real.sqlite"]


def test_backup_force_over_another_stores_file_is_refused(demo_path, tmp_path, capsys):
    other = tmp_path / "other.sqlite"
    assert main(["demo", "--db", str(other)]) == 0  # a different store (its own identity)
    before = dump(other)
    capsys.readouterr()
    assert main(["backup", "--db", str(demo_path), "-o", str(other), "--force"]) == 1
    err = capsys.readouterr().err
    assert str(other) in err and "Traceback" not in err
    assert dump(other) == before


def test_backup_force_over_a_plain_sqlite_database_is_refused(demo_path, tmp_path, capsys):
    other = tmp_path / "app.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    assert main(["backup", "--db", str(demo_path), "-o", str(other), "--force"]) == 1
    assert str(other) in capsys.readouterr().err
    assert other.read_bytes() == before


def test_backup_force_over_an_older_backup_of_this_store_keeps_it(demo_path, tmp_path, capsys):
    old = tmp_path / "nightly.sqlite"
    assert main(["backup", "--db", str(demo_path), "-o", str(old)]) == 0
    old_bytes = old.read_bytes()
    publish(demo_path)  # the store moves on
    assert main(["backup", "--db", str(demo_path), "-o", str(old), "--force"]) == 0
    out = capsys.readouterr().out
    assert dump(old) == dump(demo_path)
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("nightly.before-backup-")]
    assert len(kept) == 1 and kept[0].read_bytes() == old_bytes
    assert kept[0].name in out  # the user is told where the replaced backup went


def test_backup_over_a_store_needs_force(demo_path, tmp_path):
    old = tmp_path / "nightly.sqlite"
    assert main(["backup", "--db", str(demo_path), "-o", str(old)]) == 0
    before = old.read_bytes()
    assert main(["backup", "--db", str(demo_path), "-o", str(old)]) == 1
    assert old.read_bytes() == before


def test_a_copy_that_published_by_itself_is_refused(demo_path, tmp_path, capsys):
    """A backup of this store that then published an issue holds a record this store lacks."""
    copy = tmp_path / "copy.sqlite"
    assert main(["backup", "--db", str(demo_path), "-o", str(copy)]) == 0
    publish(copy)
    before = dump(copy)
    assert main(["backup", "--db", str(demo_path), "-o", str(copy), "--force"]) == 1
    assert "#1 v1" in capsys.readouterr().err
    assert dump(copy) == before


def test_a_copy_changed_by_itself_is_replaced_and_kept(demo_path, tmp_path):
    """Drafts and figures a copy changed by itself are not lost: the file replaced is kept."""
    from workbench.store import Store

    copy = tmp_path / "copy.sqlite"
    assert main(["backup", "--db", str(demo_path), "-o", str(copy)]) == 0
    with Store(copy) as s, s.batch("edit"):
        s.db.execute("UPDATE facts SET value = value + 1 WHERE ticker = '300493.SZ' AND metric = 'revenue' "
                     "AND period = '2023A'")
    changed = dump(copy)
    assert main(["backup", "--db", str(demo_path), "-o", str(copy), "--force"]) == 0
    kept = list(tmp_path.glob("copy.before-backup-*.sqlite"))
    assert len(kept) == 1 and dump(kept[0]) == changed
