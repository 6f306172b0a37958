"""An empty file (0 bytes: a store truncated by a crash, `touch x.sqlite`) is never turned into a
new empty store by opening it in the app: it is refused, named, and left at 0 bytes, the current
store kept. 文件 → 新建数据库… naming such a file makes a store in it, as `import --new-store` does."""

from __future__ import annotations

import sqlite3


def test_opening_an_empty_file_is_refused_and_leaves_it_empty(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a))
    empty = tmp_path / "周报.sqlite"
    empty.touch()
    before = window.session.path
    assert not window.open_store(empty)
    assert empty.stat().st_size == 0  # the evidence kept: no schema written into it
    assert window.session.path == before
    [(_, title, text)] = [a[:3] for a in shown]
    assert str(empty) in text and "0" in text and "新建数据库" in text, text
    assert "--new-store" not in text  # the app's own way, not the command line's


def test_new_store_naming_an_empty_file_makes_a_store_in_it(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    empty = tmp_path / "new.sqlite"
    empty.touch()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(empty), ""))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: told.append(a))
    window.new_store()
    assert not told  # nothing to ask: the file held nothing
    assert window.session.path == empty and empty.stat().st_size > 0
    with sqlite3.connect(empty) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'facts'").fetchone()[0] == 1
