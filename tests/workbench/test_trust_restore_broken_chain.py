"""`--unverified` restores a backup whose only problems are figures changed outside the workbench;
a backup whose published record fails verify (a broken chain: a version's record rewritten with
the protection put back, or a snapshot its PDF does not show) is never restored, the store left as
it was and the reason named. Such a file can still be opened as it is (--db) to look into it."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.cli import main


def dump(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def published(demo_path):
    assert main(["status", "latest", "review", "--by", "qa", "--db", str(demo_path)]) == 0
    assert main(["status", "latest", "final", "--by", "qa", "--db", str(demo_path)]) == 0
    return demo_path


@pytest.fixture
def target(tmp_path, demo_store_template):
    import shutil

    path = tmp_path / "target.sqlite"
    shutil.copy(demo_store_template, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return path


def break_chain(path):
    """A published version's text rewritten, its protection trigger put back as it was: the chain breaks."""
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'issue_versions_no_update'").fetchone()[0]
    conn.execute("DROP TRIGGER issue_versions_no_update")
    conn.execute("UPDATE issue_versions SET issue_json = replace(issue_json, '我们认为', '我们不认为')")
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_a_backup_with_a_broken_chain_is_not_restored_even_unverified(published, target, tmp_path, capsys):
    break_chain(published)
    capsys.readouterr()
    assert main(["verify", "--db", str(published)]) == 1
    assert "first broken link" in capsys.readouterr().out
    before = dump(target)
    assert main(["backup", "--db", str(target), "--restore", str(published), "--unverified"]) == 1
    err = capsys.readouterr().err
    assert "first broken link" in err and "Traceback" not in err
    assert dump(target) == before
    assert not list(tmp_path.glob("target.before-restore-*"))
