"""从备份恢复… checks the backup before it asks and before it closes anything: the open store itself
(by its path or through a link), a file that is no store, a backup failing the store's check are
refused at once, the window keeps its store and its open editors, and nothing is asked."""

from __future__ import annotations

import os
import sqlite3

import pytest

FACT = ("688608.SH", "revenue", "2023A")


def _refused_at_once(window, qtbot, backup, confirmations):
    from PySide6.QtWidgets import QMessageBox

    session = window.session
    closed = []
    monkey_close = window.close_editors
    window.close_editors = lambda *a, **k: closed.append(True) or monkey_close(*a, **k)
    with qtbot.waitSignal(window.exports.restore_done, timeout=30000) as done:
        assert window.restore_store(str(backup)) is None
    assert isinstance(done.args[0], Exception)
    assert confirmations.asked == []  # never asked to replace the store with a backup that cannot be restored
    assert closed == [] and window.session is session  # nothing was closed
    box = window.last_message_box
    assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Critical
    return box


def test_the_open_store_itself_is_refused_before_asking(window, qtbot, confirmations, tmp_path):
    box = _refused_at_once(window, qtbot, window.session.path, confirmations)
    assert str(window.session.path) in box.text() + box.informativeText()
    box.grab().save(str(tmp_path / "restore_itself.png"))
    box.close()
    assert not list(window.session.path.parent.glob("*.before-restore-*"))


def test_a_link_to_the_open_store_is_refused_before_asking(window, qtbot, confirmations, tmp_path):
    link = tmp_path / "link.sqlite"
    try:
        os.symlink(window.session.path, link)
    except OSError:
        pytest.skip("no symbolic links here")
    _refused_at_once(window, qtbot, link, confirmations).close()


def test_a_file_that_is_no_store_is_refused_before_asking(window, qtbot, confirmations, tmp_path):
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a store", encoding="utf-8")
    box = _refused_at_once(window, qtbot, bogus, confirmations)
    assert str(bogus) in box.text() + box.informativeText()
    box.close()


def test_a_backup_failing_the_check_is_refused_before_asking(window, qtbot, confirmations, tmp_path):
    backup = tmp_path / "tampered.sqlite"
    window.session.store.backup(backup)
    with sqlite3.connect(backup) as conn:
        conn.execute("DROP TRIGGER issue_versions_no_update")
    conn.close()
    box = _refused_at_once(window, qtbot, backup, confirmations)
    assert "issue_versions_no_update" in box.text() + box.informativeText()
    assert "--" not in box.text() + box.informativeText()  # no command-line option in the app
    box.close()


def test_a_good_backup_is_still_asked_about_and_restored(window, qtbot, confirmations, tmp_path):
    backup = tmp_path / "saved.sqlite"
    window.session.store.backup(backup)
    then = window.session.store.fact(*FACT)
    window.session.store.set_fact(*FACT, 9.9e9)
    with qtbot.waitSignal(window.exports.restore_done, timeout=30000) as done:
        assert window.restore_store(str(backup)) is not None
    assert len(confirmations.asked) == 1 and not isinstance(done.args[0], Exception)
    assert window.session.store.fact(*FACT) == then
    window.last_message_box.close()
