"""Restoring an older backup over a store that published something since: the restore names the
published version the backup lacks (issue, version, time) and refuses unless told to drop it
(`--discard-newer`); told so, it restores and names what only the side file keeps. The truth is
the files themselves, read with sqlite3."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing

import pytest

from workbench.cli import main
from workbench.desk import identity
from workbench.domain.times import local_time
from workbench.drafting.lifecycle import change_status
from workbench.store import Store


def _versions(path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT issue_id, version, frozen_at, pdf_sha256 FROM issue_versions "
                            "ORDER BY issue_id, version").fetchall()


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _publish(path) -> tuple[int, int, str, str]:
    """Finalise the newest issue of the store at ``path``; its (issue, version, frozen_at, frozen_by)."""
    with Store(path) as s:
        issue = s.issue("latest")
        assert issue.status != "final"
        change_status(s, issue.id, "review", by="ed")
        change_status(s, issue.id, "final", by="ed")
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT issue_id, version, frozen_at, frozen_by FROM issue_versions "
                            "ORDER BY frozen_at DESC LIMIT 1").fetchone()


@pytest.fixture
def published_since(demo_path, tmp_path):
    """A backup of the demo store, then a version published in the store: (store, backup, the version)."""
    backup = tmp_path / "monday.sqlite"
    with Store(demo_path) as s:
        s.backup(backup)
    before = _versions(backup)
    version = _publish(demo_path)
    assert len(_versions(demo_path)) == len(before) + 1  # the store holds a version the backup lacks
    return demo_path, backup, version


def test_a_restore_that_would_drop_a_publication_is_refused_naming_it(published_since):
    store, backup, (issue, version, frozen_at, _) = published_since
    digest, versions = _digest(store), _versions(store)
    with pytest.raises(identity.RestoreDrops) as refused:
        identity.restore(backup, store)
    text = str(refused.value)
    assert f"第 {issue} 期 v{version}" in text and f"issue {issue} v{version}" in text
    assert local_time(frozen_at) in text
    assert "--discard-newer" in text and f"{store.stem}.before-restore-" in text
    # nothing moved: the same bytes, no side file
    assert _digest(store) == digest and _versions(store) == versions
    assert not list(store.parent.glob("*.before-restore-*.sqlite"))


def test_told_to_discard_the_restore_names_what_only_the_side_file_keeps(published_since):
    store, backup, (issue, version, _, _) = published_since
    versions = _versions(store)
    restored, again = identity.restore(backup, store, discard_newer=True)
    assert again is None  # (no desk)
    assert _versions(store) == _versions(backup)
    [kept] = store.parent.glob("*.before-restore-*.sqlite")
    assert _versions(kept) == versions  # the publication is in the side file
    text = restored.summary()
    assert str(kept) in text and f"第 {issue} 期 v{version}" in text


def test_a_backup_holding_the_same_publication_is_restored_without_a_word(demo_path, tmp_path):
    _publish(demo_path)
    backup = tmp_path / "after.sqlite"
    with Store(demo_path) as s:
        s.backup(backup)
        s.set_fact("688608.SH", "revenue", "2023A", 4.2e9)  # work after the backup: a restore's point
    restored, _ = identity.restore(backup, demo_path)
    assert restored.dropped == []
    assert _versions(demo_path) == _versions(backup)


def test_what_the_user_was_shown_and_agreed_to_drop_is_restored_over(published_since):
    store, backup, _ = published_since
    with Store(store) as s:
        shown = identity.newer_than_backup(s, backup)
    assert len(shown.versions) == 1 and not shown.joined
    restored, _ = identity.restore(backup, store, discard_newer=shown)
    assert _versions(store) == _versions(backup)
    assert len(restored.dropped) == 1


def test_agreeing_to_less_than_the_store_holds_is_refused(published_since):
    store, backup, _ = published_since
    nothing = identity.Newer()
    digest = _digest(store)
    with pytest.raises(identity.RestoreDrops):
        identity.restore(backup, store, discard_newer=nothing)
    assert _digest(store) == digest


def test_the_command_refuses_and_restores_with_discard_newer(published_since, capsys):
    store, backup, (issue, version, _, _) = published_since
    digest = _digest(store)
    assert main(["backup", "--restore", str(backup), "--db", str(store)]) == 1
    err = capsys.readouterr().err
    assert f"第 {issue} 期 v{version}" in err and "--discard-newer" in err
    assert _digest(store) == digest
    assert main(["backup", "--restore", str(backup), "--db", str(store), "--discard-newer"]) == 0
    out = capsys.readouterr().out
    [kept] = store.parent.glob("*.before-restore-*.sqlite")
    assert f"第 {issue} 期 v{version}" in out and str(kept) in out
    assert _versions(store) == _versions(backup)
