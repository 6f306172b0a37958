"""保存 on a busy store never freezes the editor: the save does not sit out the store's busy wait (10 s by
default) on the window's thread, it says at once that another program is writing and keeps the text; the
line reads in the UI's punctuation (the path in brackets, a sentence break before 你的修改仍保留…), and the
restore question joins what changed since with a full-width ；."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from pathlib import Path

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

SHOTS = Path(os.environ["WORKBENCH_TEST_SHOTS"]) if os.environ.get("WORKBENCH_TEST_SHOTS") else None


def type_text(widget, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def shot(widget, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def test_save_on_a_busy_store_answers_at_once_and_keeps_the_text(make_editor, demo_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_BUSY_TIMEOUT_MS", "4000")  # the store's own wait: the save must not sit it out
    editor = make_editor(1)
    editor.show()
    editor.industry.selectAll()
    type_text(editor.industry, "半导体设备")
    lock = sqlite3.connect(demo_path, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        assert editor.save() is False
        took = time.monotonic() - started
        shot(editor, "save_busy")
        text = editor.error_label.text()
        assert took < 1.5, f"the save held the window for {took:.1f} s"
        assert editor.error_label.isVisibleTo(editor) and "其他程序" in text
        assert "4 秒" not in text and "等待" not in text  # it did not wait, and does not say it did
        assert editor.has_unsaved_changes() and editor.industry.text() == "半导体设备"
    finally:
        lock.rollback()
        lock.close()
    assert editor.save()  # once the other program is done, the same text saves


def test_the_not_saved_line_brackets_the_path_and_breaks_the_sentence(make_editor, demo_path, monkeypatch):
    editor = make_editor(1)
    editor.industry.selectAll()
    type_text(editor.industry, "半导体设备")
    lock = sqlite3.connect(demo_path, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    try:
        editor.save()
    finally:
        lock.rollback()
        lock.close()
    text = editor.error_label.text()
    path = str(Path(demo_path))
    assert path in text
    assert f": {path}" not in text and "; " not in text  # no ASCII colon before the path, no ASCII semicolon
    assert f"（{path}）。" in text  # the path in brackets, the sentence ended
    after = text.split(f"（{path}）。", 1)[1]
    assert after and not after.startswith(" ") and re.search(r"[\u4e00-\u9fff]", after)


def test_the_restore_question_joins_its_clauses_with_a_full_width_semicolon(make_editor, demo_path, qtbot):
    from workbench.drafting.lifecycle import change_status
    from workbench.store import Store

    with Store(demo_path) as s:  # an autosave made before a status change and a save elsewhere
        base = s.issue_revision(1)
        issue = s.issue(1)
        issue.headline = "周观点：自动保存的标题"
        s.autosave(issue, base_revision=base)
        other = s.issue(1)
        other.industry = "半导体"
        s.save_issue(other)
        change_status(s, 1, "review", by="李四")
    asked = []
    make_editor(1, ask_restore=lambda parent, title, text: asked.append(text) or False)
    assert len(asked) == 1
    clauses = asked[0]
    assert "李四" in clauses  # two clauses (the status, then the text), joined as Chinese joins them
    assert "; " not in clauses and "）；" in clauses


def test_a_full_disk_line_names_the_folder_then_the_file_in_brackets(make_editor, demo_path, monkeypatch):
    import sqlite3 as sq

    editor = make_editor(1)
    editor.industry.selectAll()
    type_text(editor.industry, "半导体设备")

    def full(*args, **kwargs):
        raise sq.OperationalError("database or disk is full")

    monkeypatch.setattr(editor.store, "save_issue", full)
    assert editor.save() is False
    text = editor.error_label.text()
    path = str(Path(demo_path))
    assert "磁盘已满" in text and str(Path(demo_path).parent) in text
    assert f": {path}" not in text and "; " not in text and f"（{path}）。" in text
    assert not text.split(f"（{path}）。", 1)[1].startswith(" ")
    assert editor.has_unsaved_changes() and editor.industry.text() == "半导体设备"
