"""The app's backup over an older backup of the store says where the replaced file went: the core
keeps it as ``NAME.before-backup-TIME.sqlite`` and the completion message names that file."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QFileDialog


def _run_backup(window, qtbot, monkeypatch, target):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    with qtbot.waitSignal(window.backup_done, timeout=20000) as done:
        window.backup_action.trigger()
    return done.args[0]


def test_a_replaced_older_backup_is_named_where_it_was_kept(window, qtbot, tmp_path, monkeypatch):
    from workbench.store import Store

    target = tmp_path / "weekly-backup.sqlite"
    shutil.copyfile(window.session.path, target)
    with Store(target) as old:  # the older backup: no quotes yet
        old.db.execute("DELETE FROM quotes")
    assert Path(_run_backup(window, qtbot, monkeypatch, target)) == target
    kept = list(tmp_path.glob("weekly-backup.before-backup-*.sqlite"))
    assert len(kept) == 1, sorted(p.name for p in tmp_path.iterdir())
    with Store(kept[0]) as old:  # the file kept is the old backup, untouched
        assert old.counts()["quotes"] == 0
    message = window.statusBar().currentMessage()
    assert str(target) in message
    assert str(kept[0]) in message  # where the old backup went
    assert "备份" in message and "保留" in message  # said in Chinese


def test_a_backup_to_a_new_file_names_no_kept_copy(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "fresh.sqlite"
    assert Path(_run_backup(window, qtbot, monkeypatch, target)) == target
    message = window.statusBar().currentMessage()
    assert str(target) in message
    assert "before-backup" not in message and "保留" not in message
    assert not list(tmp_path.glob("*.before-backup-*"))
