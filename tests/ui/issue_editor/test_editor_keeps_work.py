"""The issue editor never loses an analyst's text: an autosave outlives a crash and any write made
elsewhere before the app reopens (it is offered, saying what changed since); a busy or full store is
said as the main window says it and never freezes typing; a write elsewhere in the same second is asked
about; and overwriting the text never moves the issue's status back."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from tests.disk_space import fill, small_disk

ROOT = Path(__file__).resolve().parents[3]
SHOTS = Path(os.environ.get("WORKBENCH_TEST_SHOTS", "")) if os.environ.get("WORKBENCH_TEST_SHOTS") else None


def type_text(widget, text: str) -> None:
    """Type ``text`` as an input method commits it (keyClicks cannot send Chinese)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


class Answers:
    """An injectable yes / no question that records what it was asked."""

    def __init__(self, answer=True):
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, parent, title, text):
        self.asked.append(text)
        return self.answer


def shot(widget, name: str) -> None:
    """Keep a picture of the editor for a person to look at (when WORKBENCH_TEST_SHOTS names a folder)."""
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def crash(editor) -> None:
    """The app dies (kill -9): nothing more of the editor runs, its connection is simply gone."""
    editor.autosave.stop()
    editor.store.close()
    editor.store = None


def open_store(path):
    from workbench.store import Store

    return Store(path)


def status_text(status: str) -> str:
    from ui.models import IssueListModel

    return IssueListModel.status_text(status)


def typed_autosave(make_editor, qtbot, headline: str):
    first = make_editor(autosave_ms=30)
    first.headline.selectAll()
    with qtbot.waitSignal(first.autosaved, timeout=3000):
        type_text(first.headline, headline)
    return first


# ---------------------------------------------------------------------- crash, then a write elsewhere
def test_an_autosave_made_before_a_status_change_elsewhere_is_offered_and_restored(make_editor, demo_path, qtbot):
    from workbench.drafting.lifecycle import change_status

    crash(typed_autosave(make_editor, qtbot, "周观点：崩溃前打的标题"))
    with open_store(demo_path) as s:  # a scheduled `workbench status 1 review --by colleague`
        change_status(s, 1, "review", by="colleague")
    answers = Answers(True)
    second = make_editor(1, confirm=answers)
    assert len(answers.asked) == 1
    asked = answers.asked[0]
    assert "colleague" in asked and status_text("review") in asked and status_text("draft") in asked
    assert second.headline.text() == "周观点：崩溃前打的标题" and second.has_unsaved_changes()
    assert status_text("review") in second.status_chip.text()
    assert second.save()
    with open_store(demo_path) as s:
        issue, log = s.issue(1), s.issue_log(1)
        assert (issue.headline, issue.status) == ("周观点：崩溃前打的标题", "review")
        assert log[-1]["to_status"] == issue.status  # the log and the issue agree
        assert s.autosaved(1) is None  # the editor that restored it saved it


def test_an_autosave_outlives_a_draft_review_run_before_the_app_reopens(make_editor, demo_path, qtbot):
    crash(typed_autosave(make_editor, qtbot, "周观点：崩溃前打的另一个标题"))
    done = subprocess.run([sys.executable, "-m", "workbench", "draft-review", "1", "--db", str(demo_path)],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "LANG": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    with open_store(demo_path) as s:
        assert s.autosaved(1) is not None  # the script's save left the editor's unsaved text alone
        drafted = s.issue(1).market_review
    answers = Answers(True)
    second = make_editor(1, confirm=answers)
    assert len(answers.asked) == 1 and "#1" in answers.asked[0]
    assert second.issue.updated_at[:19].replace("T", " ") in answers.asked[0]  # says when it was saved elsewhere
    assert second.headline.text() == "周观点：崩溃前打的另一个标题"
    assert second.issue.market_review == drafted  # the stored issue is untouched until the user saves


def test_declining_an_older_autosave_drops_it_and_keeps_the_stored_issue(make_editor, demo_path, qtbot):
    crash(typed_autosave(make_editor, qtbot, "周观点：不要了"))
    with open_store(demo_path) as s:
        other = s.issue(1)
        other.industry = "半导体"
        s.save_issue(other)
    no = Answers(False)
    second = make_editor(1, confirm=no)
    assert len(no.asked) == 1
    assert second.industry.text() == "半导体" and second.headline.text() != "周观点：不要了"
    assert second.store.autosaved(1) is None


def test_a_save_elsewhere_while_the_editor_is_open_keeps_its_autosave(make_editor, demo_path, qtbot):
    editor = typed_autosave(make_editor, qtbot, "周观点：还没保存")
    with open_store(demo_path) as s:
        other = s.issue(1)
        other.industry = "半导体"
        s.save_issue(other)
        assert s.autosaved(1).headline == "周观点：还没保存"
    crash(editor)


# ---------------------------------------------------------------------- busy and full store
def _hold_write_lock(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_save_on_a_busy_store_says_so_and_keeps_the_text(make_editor, demo_path, qtbot, monkeypatch):
    monkeypatch.setenv("WORKBENCH_BUSY_TIMEOUT_MS", "300")
    editor = make_editor(1)
    editor.industry.selectAll()
    type_text(editor.industry, "半导体设备")
    lock = _hold_write_lock(demo_path)
    try:
        editor.save_action.trigger()  # an exception escaping the slot fails the test (pytest-qt)
        assert editor.error_label.isVisibleTo(editor)
        assert "其他程序" in editor.error_label.text() and "(" not in editor.error_label.text()
        assert editor.has_unsaved_changes() and editor.industry.text() == "半导体设备"
        shot(editor, "save_locked")
    finally:
        lock.rollback()
        lock.close()
    assert editor.save()
    with open_store(demo_path) as s:
        assert s.issue(1).industry == "半导体设备"


def test_autosave_on_a_busy_store_does_not_wait_and_tries_again(make_editor, demo_path, qtbot, monkeypatch):
    import ui.issue_editor.autosave as autosave

    monkeypatch.setattr(autosave, "RETRY_MS", 200)
    editor = make_editor(1, autosave_ms=60_000)  # the store's own busy wait is the full 10 s here
    editor.headline.selectAll()
    type_text(editor.headline, "周观点：锁住时打的字")
    lock = _hold_write_lock(demo_path)
    try:
        started = time.monotonic()
        assert not editor.autosave_now()
        assert time.monotonic() - started < 1.0  # typing is never held up for the lock
        assert "another program" in editor.autosave_label.text() or "其他程序" in editor.autosave_label.text()
        assert "其他程序" in editor.autosave_label.toolTip()
        assert editor.autosave.retry.isActive()  # it tries again
        shot(editor, "autosave_locked")
    finally:
        lock.rollback()
        lock.close()
    with qtbot.waitSignal(editor.autosaved, timeout=3000):
        pass
    with open_store(demo_path) as s:
        assert s.autosaved(1).headline == "周观点：锁住时打的字"


@pytest.fixture
def tiny_disk(tmp_path):
    """A 4 MiB tmpfs mounted on a fresh folder, unmounted afterwards."""
    with small_disk(tmp_path / "tiny") as folder:
        yield folder


def test_save_and_autosave_on_a_full_disk_say_so_naming_the_folder(make_editor, demo_path, tiny_disk, qtbot):
    path = tiny_disk / "store.sqlite"
    shutil.copy(demo_path, path)
    from ui.issue_editor import IssueEditor

    editor = IssueEditor(path, 1, confirm=lambda *a: True, user="tester", autosave_ms=60_000)
    qtbot.addWidget(editor)
    editor.resize(1400, 900)
    with open_store(path) as s:
        before = s.issue(1).content_json()
    fill(tiny_disk)
    text = "端侧 AI 加速落地。" * 30_000  # far more than the full disk can take
    editor.tabs.setCurrentIndex(1)
    type_text(editor.market_review_edit, text)
    editor.save_action.trigger()
    error = editor.error_label.text()
    assert "磁盘已满" in error and str(tiny_disk) in error
    assert editor.has_unsaved_changes() and text in editor.market_review_edit.markup()
    shot(editor, "save_full")
    assert not editor.autosave_now()
    assert "disk is full" in editor.autosave_label.text() or "磁盘已满" in editor.autosave_label.text()
    assert "磁盘已满" in editor.autosave_label.toolTip() and str(tiny_disk) in editor.autosave_label.toolTip()
    shot(editor, "autosave_full")
    os.remove(tiny_disk / "filler.bin")
    editor.store.close()
    editor.store = None
    with open_store(path) as s:
        assert s.issue(1).content_json() == before  # nothing half-written


# ---------------------------------------------------------------------- two writers
def test_a_save_elsewhere_in_the_same_second_is_asked_about(make_editor, demo_path, qtbot, monkeypatch):
    import workbench.store.store as store_module

    monkeypatch.setattr(store_module, "now_iso", lambda: "2026-11-30T23:05:21+00:00")  # every write in one second
    no = Answers(False)
    editor = make_editor(1, ask_overwrite=no)
    editor.industry.selectAll()
    type_text(editor.industry, "半导体")
    assert editor.save()
    with open_store(demo_path) as s:  # `workbench draft-review 1` a moment later, in the same second
        other = s.issue(1)
        other.market_review = "本周别处起草的市场回顾"
        s.save_issue(other)
    type_text(editor.industry, "设备")
    assert not editor.save()
    assert len(no.asked) == 1 and "#1" in no.asked[0]
    assert editor.has_unsaved_changes()
    with open_store(demo_path) as s:
        assert s.issue(1).market_review == "本周别处起草的市场回顾"
    no.answer = True
    assert editor.save()
    with open_store(demo_path) as s:
        assert s.issue(1).industry == "半导体设备"


def test_overwriting_after_a_review_elsewhere_keeps_the_issue_in_review(make_editor, demo_path, qtbot):
    from workbench.drafting.lifecycle import change_status

    yes = Answers(True)
    editor = make_editor(1, ask_overwrite=yes)
    assert editor.issue.status == "draft"
    editor.industry.selectAll()
    type_text(editor.industry, "半导体")
    with open_store(demo_path) as s:
        change_status(s, 1, "review", by="reviewer")
    assert editor.save()
    assert len(yes.asked) == 1 and status_text("review") in yes.asked[0]
    with open_store(demo_path) as s:
        issue, log = s.issue(1), s.issue_log(1)
    assert (issue.status, issue.industry) == ("review", "半导体")
    assert log[-1]["to_status"] == issue.status
    assert editor.issue.status == "review" and status_text("review") in editor.status_chip.text()
    shot(editor, "overwrite_kept_review")


def test_the_default_restore_box_lets_the_user_compare_what_differs(make_editor, demo_path, qtbot, monkeypatch):
    import ui.issue_editor.prompts as prompts

    crash(typed_autosave(make_editor, qtbot, "周观点：崩溃前打的标题"))
    with open_store(demo_path) as s:
        other = s.issue(1)
        stored_headline = other.headline
        other.industry = "半导体"  # saved elsewhere after the autosave's text was loaded
        s.save_issue(other)
    shown = []
    monkeypatch.setattr(prompts, "ask_restore_changed",
                        lambda parent, title, text, details: shown.append((text, details)) or False)
    from ui.issue_editor import IssueEditor

    editor = IssueEditor(demo_path, 1, user="tester")  # the app's editor: no injected question
    qtbot.addWidget(editor)
    assert len(shown) == 1
    details = shown[0][1]
    assert f"-{stored_headline}" in details and "+周观点：崩溃前打的标题" in details
    assert "-半导体" in details and "+电子" in details  # the industry saved elsewhere would go back
    assert "投资评级" not in details  # a field both hold alike is not listed


def test_an_interval_set_on_the_autosave_timer_is_kept(make_editor, qtbot):
    editor = make_editor(1)  # the default 3 s
    editor.autosave_timer.setInterval(30)
    editor.headline.selectAll()
    with qtbot.waitSignal(editor.autosaved, timeout=1500):
        type_text(editor.headline, "周观点：很快自动保存")
