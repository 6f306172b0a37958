"""从备份恢复… over a store that published a version the backup lacks: the question names the version
(issue, version, time) and says the restore drops it; answered No (the default), nothing is closed or
replaced; answered Yes, the backup is restored and the side file keeps the publication. The truth
is the files read with sqlite3."""

from __future__ import annotations

import sqlite3
from contextlib import closing


def _versions(path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT issue_id, version, pdf_sha256 FROM issue_versions ORDER BY 1, 2").fetchall()


def _published_since_backup(window, tmp_path):
    from workbench.drafting.lifecycle import change_status

    store = window.session.store
    backup = tmp_path / "monday.sqlite"
    store.backup(backup)
    issue = store.issue("latest")
    change_status(store, issue.id, "review", by="ed")
    change_status(store, issue.id, "final", by="ed")
    return backup, issue.id


def test_the_question_names_the_publication_and_no_keeps_the_store(window, qtbot, confirmations, tmp_path):
    backup, issue = _published_since_backup(window, tmp_path)
    path, session = window.session.path, window.session
    versions = _versions(path)
    assert len(versions) == len(_versions(backup)) + 1
    confirmations.answer = False  # the dialog's default button
    assert window.restore_store(str(backup)) is None
    [question] = confirmations.asked
    assert f"issue {issue} v1" in question or f"第 {issue} 期 v1" in question
    assert f"{path.stem}.before-restore-" in question
    assert window.session is session  # nothing was closed
    assert _versions(path) == versions and not list(path.parent.glob("*.before-restore-*"))


def test_yes_restores_and_the_side_file_keeps_the_publication(window, qtbot, confirmations, tmp_path):
    backup, issue = _published_since_backup(window, tmp_path)
    path = window.session.path
    versions = _versions(path)
    with qtbot.waitSignal(window.exports.restore_done, timeout=60000) as done:
        assert window.restore_store(str(backup)) is not None
    assert not isinstance(done.args[0], Exception), done.args[0]
    assert _versions(path) == _versions(backup)
    [kept] = path.parent.glob(f"{path.stem}.before-restore-*.sqlite")
    assert _versions(kept) == versions
    box = window.last_message_box
    assert str(kept) in box.text() + box.informativeText()
    box.grab().save(str(tmp_path / "restore_dropped.png"))
    box.close()


def test_the_question_in_chinese_shows_the_chinese_only(window, qtbot, confirmations, tmp_path, monkeypatch):
    monkeypatch.setattr("ui.common.i18n.is_chinese", lambda: True)
    backup, issue = _published_since_backup(window, tmp_path)
    confirmations.answer = False
    window.restore_store(str(backup))
    [question] = confirmations.asked
    assert f"第 {issue} 期 v1" in question and "PDF 可能已发出" in question
    assert "its PDF may already be with readers" not in question
