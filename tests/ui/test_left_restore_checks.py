"""从备份恢复… refuses before it asks, and before anything is closed, the two backups the core's restore
would refuse only later: an SQLite file that is no workbench store, and a backup a newer release wrote."""

from __future__ import annotations

import re
import sqlite3


def _refused_at_once(window, qtbot, backup, confirmations):
    from PySide6.QtWidgets import QMessageBox

    session = window.session
    with qtbot.waitSignal(window.exports.restore_done, timeout=30000) as done:
        assert window.restore_store(str(backup)) is None
    assert isinstance(done.args[0], Exception)
    assert confirmations.asked == []  # never asked to replace the store with a backup that cannot be restored
    assert window.session is session and window.session.store.counts()["companies"] > 0  # kept open as it was
    box = window.last_message_box
    assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Critical
    text = box.text() + "\n" + box.informativeText()
    assert str(backup) in text
    return box, text


def _no_english(text: str, *allowed: str) -> None:
    for word in allowed:
        text = text.replace(word, "")
    assert not re.findall(r"[A-Za-z]{3,}", text), text


def test_an_sqlite_file_that_is_no_store_is_refused_before_asking(window, qtbot, confirmations, tmp_path):
    other = tmp_path / "contacts.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()
    box, text = _refused_at_once(window, qtbot, other, confirmations)
    assert "不是工作台数据文件" in text
    _no_english(text, str(other))
    box.grab().save(str(tmp_path / "restore_not_a_store.png"))
    box.close()


def test_a_backup_a_newer_release_wrote_is_refused_before_asking(window, qtbot, confirmations, tmp_path):
    backup = tmp_path / "later.sqlite"
    window.session.store.backup(backup)
    with sqlite3.connect(backup) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "SELECT migration_set, 'm999_from_a_later_release', applied_at FROM _sqlite_migrations LIMIT 1")
    conn.close()
    box, text = _refused_at_once(window, qtbot, backup, confirmations)
    assert "更新版本" in text and "m999_from_a_later_release" in text
    _no_english(text, str(backup), "m999_from_a_later_release")
    box.grab().save(str(tmp_path / "restore_newer.png"))
    box.close()
