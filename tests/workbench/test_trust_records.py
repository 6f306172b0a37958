"""No record certifies, and no restore brings back, a store that `verify` rejects: a published
snapshot forged after its protection trigger was dropped is refused with exit 1, naming the
trigger and the broken link, and nothing is written or replaced."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.cli import main


def dump(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def raw(path, *sql):
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.fixture
def published(demo_path):
    """The demo store with its issue published (final)."""
    assert main(["status", "latest", "review", "--by", "qa", "--db", str(demo_path)]) == 0
    assert main(["status", "latest", "final", "--by", "qa", "--db", str(demo_path)]) == 0
    return demo_path


def forge(path):
    """What a forger does: drop the trigger that refuses changes to published versions, alter one."""
    raw(path, "DROP TRIGGER issue_versions_no_update",
        "UPDATE issue_versions SET snapshot_json = replace(snapshot_json, '我们认为', '我们不认为')")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert "我们不认为" in conn.execute("SELECT snapshot_json FROM issue_versions").fetchone()[0]
    conn.close()


def test_record_of_a_forged_store_is_refused(published, tmp_path, capsys):
    forge(published)
    assert main(["verify", "--db", str(published)]) == 1
    out = tmp_path / "rec"
    out.mkdir()
    capsys.readouterr()
    assert main(["record", "latest", "--db", str(published), "-o", str(out)]) == 1
    assert list(out.iterdir()) == []  # no record folder, no half-written one
    err = capsys.readouterr().err
    assert "issue_versions_no_update" in err and "first broken link" in err and "Traceback" not in err


def test_a_removed_protection_alone_fails_verify_and_record(published, tmp_path, capsys):
    raw(published, "DROP TRIGGER issue_versions_no_update")
    capsys.readouterr()
    assert main(["verify", "--db", str(published)]) == 1
    assert "issue_versions_no_update" in capsys.readouterr().out
    out = tmp_path / "rec"
    out.mkdir()
    assert main(["record", "latest", "--db", str(published), "-o", str(out)]) == 1
    assert list(out.iterdir()) == []


def test_record_of_a_sound_store_is_written(published, tmp_path):
    out = tmp_path / "rec"
    out.mkdir()
    assert main(["record", "latest", "--db", str(published), "-o", str(out)]) == 0
    assert len(list(out.iterdir())) == 1


@pytest.fixture
def target(tmp_path, demo_store_template):
    """A store a backup would replace (its own content, to see it unchanged)."""
    import shutil

    path = tmp_path / "target.sqlite"
    shutil.copy(demo_store_template, path)
    raw(path, "PRAGMA journal_mode = DELETE")
    return path


@pytest.mark.parametrize("unverified", [[], ["--unverified"]])
def test_restore_of_a_forged_backup_is_refused_even_unverified(published, target, tmp_path, capsys, unverified):
    forge(published)
    backup_dump = dump(published)
    before = dump(target)
    capsys.readouterr()
    assert main(["backup", "--db", str(target), "--restore", str(published), *unverified]) == 1
    assert dump(target) == before
    assert dump(published) == backup_dump  # the backup is only read
    assert not list(tmp_path.glob("target.before-restore-*"))
    err = capsys.readouterr().err
    assert "issue_versions_no_update" in err and "nothing was restored" in err


def test_restore_of_a_backup_with_figures_changed_outside_needs_unverified(published, target, tmp_path, capsys):
    raw(published, "UPDATE facts SET value = 1.0e10 WHERE ticker = '600584.SH' AND metric = 'revenue' "
                   "AND period = '2023A'")
    before = dump(target)
    capsys.readouterr()
    assert main(["backup", "--db", str(target), "--restore", str(published)]) == 1
    assert dump(target) == before
    err = capsys.readouterr().err
    assert "--unverified" in err and "600584.SH revenue 2023A" in err
    assert main(["backup", "--db", str(target), "--restore", str(published), "--unverified"]) == 0
    assert "600584.SH revenue 2023A" in capsys.readouterr().err  # restored, and said why it is not verified
