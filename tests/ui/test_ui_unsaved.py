"""The editor never parks work silently: Save / Discard / Cancel on close and quit, a truthful status bar,
and the autosave restore prompt defaulting to 恢复."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox


def type_text(widget, text: str) -> None:
    """Type ``text`` as an input method commits it (keyClicks cannot send Chinese)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


class SaveAnswers:
    """An injectable Save / Discard / Cancel prompt that records what it was asked."""

    def __init__(self, answer: str):
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, parent, title, text):
        self.asked.append(text)
        return self.answer


def stored(path, issue_id="latest"):
    from workbench.store import Store

    with Store(path) as s:
        return s.issue(issue_id)


def autosaved(path, issue_id):
    from workbench.store import Store

    with Store(path) as s:
        return s.autosaved(issue_id)


@pytest.fixture
def make_editor(qtbot, demo_path):
    from ui.issue_editor import IssueEditor

    def make(**kw):
        kw.setdefault("confirm", lambda *a: True)
        kw.setdefault("user", "tester")
        editor = IssueEditor(demo_path, "latest", **kw)
        qtbot.addWidget(editor)
        editor.resize(1200, 800)
        editor.show()
        return editor

    return make


HEADLINE = "周观点：还没保存的标题"


# ---------------------------------------------------------------------- closing the editor
def test_cancel_keeps_the_editor_and_its_text(make_editor, demo_path):
    ask = SaveAnswers("cancel")
    editor = make_editor(ask_save=ask)
    editor.headline.selectAll()
    type_text(editor.headline, HEADLINE)
    assert not editor.close()
    assert len(ask.asked) == 1 and "#1" in ask.asked[0]
    assert editor.isVisible() and editor.store is not None
    assert editor.headline.text() == HEADLINE and editor.has_unsaved_changes()
    assert stored(demo_path).headline != HEADLINE


def test_save_saves_then_closes(make_editor, demo_path):
    ask = SaveAnswers("save")
    editor = make_editor(ask_save=ask)
    editor.headline.selectAll()
    type_text(editor.headline, HEADLINE)
    assert editor.close()
    assert len(ask.asked) == 1
    assert stored(demo_path).headline == HEADLINE
    assert autosaved(demo_path, 1) is None


def test_discard_closes_without_saving_and_leaves_no_autosave(make_editor, demo_path):
    before = stored(demo_path).headline
    ask = SaveAnswers("discard")
    editor = make_editor(ask_save=ask)
    editor.headline.selectAll()
    type_text(editor.headline, HEADLINE)
    editor.autosave_now()
    assert autosaved(demo_path, 1) is not None
    assert editor.close()
    assert len(ask.asked) == 1
    assert stored(demo_path).headline == before
    assert autosaved(demo_path, 1) is None  # discarded means gone: the next editor offers nothing


def test_a_save_that_fails_keeps_the_editor_open(make_editor, demo_path):
    ask = SaveAnswers("save")
    editor = make_editor(ask_save=ask)
    editor.period_start.setDate(QDate(2025, 3, 1))  # after the period's end: refused on save
    assert editor.has_unsaved_changes()
    assert not editor.close()
    assert editor.isVisible() and editor.error_label.isVisible()
    assert stored(demo_path).period_start == "2024-12-23"


def test_no_question_without_changes(make_editor):
    ask = SaveAnswers("cancel")
    editor = make_editor(ask_save=ask)
    assert editor.close()
    assert ask.asked == []


def test_save_prompt_buttons_and_default(qtbot):
    from ui.issue_editor import save_changes_box

    box = save_changes_box(None, "周报 #1", "text")
    qtbot.addWidget(box)
    texts = {box.button(b).text() for b in (QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard,
                                            QMessageBox.StandardButton.Cancel)}
    assert texts == {"保存", "不保存", "取消"}
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Save)
    assert box.escapeButton() is box.button(QMessageBox.StandardButton.Cancel)


def _answer_modal_with(key, fired: list) -> QTimer:
    """Press ``key`` on the modal box about to open; a box still open after 3 s is rejected rather than hang.

    A timer object the test holds and stops (not a free single-shot), so nothing fires after the test.
    """
    import time

    timer = QTimer()
    timer.setInterval(20)
    deadline = time.monotonic() + 3

    def poll():
        box = QApplication.activeModalWidget()
        if box is not None and not fired:
            fired.append(box)
            QTest.keyClick(box, key)
        elif box is not None and time.monotonic() > deadline:
            box.reject()
        elif box is None and fired:
            timer.stop()

    timer.timeout.connect(poll)
    timer.start()
    return timer


def test_the_real_prompt_cancels_on_escape(make_editor, demo_path, real_prompts):
    editor = make_editor()  # the real Save / Discard / Cancel box
    editor.headline.selectAll()
    type_text(editor.headline, HEADLINE)
    fired: list = []
    timer = _answer_modal_with(Qt.Key.Key_Escape, fired)
    assert not editor.close()
    timer.stop()
    assert len(fired) == 1 and isinstance(fired[0], QMessageBox)
    assert editor.isVisible() and editor.headline.text() == HEADLINE
    editor.ask_save = SaveAnswers("discard")  # the test's teardown closes the editor: no box nobody answers


# ---------------------------------------------------------------------- the autosave restore prompt
def test_restore_prompt_defaults_to_restore(qtbot):
    from ui.issue_editor import restore_autosave_box

    box = restore_autosave_box(None, "title", "text")
    qtbot.addWidget(box)
    assert box.defaultButton().text() == "恢复"


def test_enter_on_the_real_restore_prompt_restores(make_editor, demo_path, qtbot, real_prompts):
    first = make_editor(autosave_ms=30, ask_save=SaveAnswers("discard"))
    first.headline.selectAll()
    with qtbot.waitSignal(first.autosaved, timeout=3000):
        type_text(first.headline, HEADLINE)
    first.store.close()  # as after a crash: the editor never closed
    first.store = None
    from ui.issue_editor import IssueEditor

    fired: list = []
    timer = _answer_modal_with(Qt.Key.Key_Return, fired)
    second = IssueEditor(demo_path, "latest", user="tester", ask_save=SaveAnswers("discard"))  # real restore box
    timer.stop()
    qtbot.addWidget(second)
    assert len(fired) == 1
    assert second.restored_autosave and second.headline.text() == HEADLINE


# ---------------------------------------------------------------------- the main window
@pytest.fixture
def window_with_editor(window):
    ask = SaveAnswers("cancel")
    window.ask_save = ask
    editor = window.open_issue_editor(1)
    editor.headline.selectAll()
    type_text(editor.headline, HEADLINE)
    return window, editor, ask


def test_status_bar_never_says_all_saved_while_an_editor_holds_unsaved_text(window_with_editor):
    window, editor, _ = window_with_editor
    label = window.saved_label.text()
    assert "已保存" not in label and "#1" in label and "未保存" in label
    # a table edit saved to the store does not make the editor's text saved
    page = window.financials_page
    from ui_testing import find_column

    col = find_column(page.model, ("pe", "2024E"))
    assert page.proxy.setData(page.proxy.index(0, col), "42")
    assert "未保存" in window.saved_label.text() and "#1" in window.saved_label.text()
    assert editor.save()
    assert "未保存" not in window.saved_label.text() and "已保存" in window.saved_label.text()


def test_quitting_with_unsaved_text_asks_and_cancel_keeps_everything(window_with_editor, demo_path):
    window, editor, ask = window_with_editor
    assert not window.close()
    assert len(ask.asked) == 1
    assert window.isVisible() and editor.isVisible() and window.session is not None
    assert editor.headline.text() == HEADLINE
    assert stored(demo_path).headline != HEADLINE


def test_quitting_and_saving_saves_the_issue(window_with_editor, demo_path):
    window, editor, ask = window_with_editor
    ask.answer = "save"
    assert window.close()
    assert stored(demo_path).headline == HEADLINE


def test_opening_another_store_asks_first(window_with_editor, demo_path, tmp_path):
    window, editor, ask = window_with_editor
    assert not window.open_store(tmp_path / "other.sqlite")
    assert len(ask.asked) == 1
    assert window.session.path == demo_path and editor.isVisible()


def test_an_editor_opening_with_a_restored_autosave_is_unsaved_at_once(window, demo_path):
    from workbench.store import Store

    with Store(demo_path) as store:  # as after a crash: an autosave newer than the issue
        issue = store.issue(1)
        issue.headline = HEADLINE
        store.autosave(issue)
    window.ask_save = SaveAnswers("discard")
    editor = window.open_issue_editor(1)  # the conftest's prompt restores it
    assert editor.restored_autosave and editor.headline.text() == HEADLINE
    assert "未保存" in window.saved_label.text() and "#1" in window.saved_label.text()


def test_discarding_on_close_brings_back_the_saved_state(window_with_editor):
    window, editor, ask = window_with_editor
    ask.answer = "discard"
    assert editor.close()
    assert window.editors == {} or all(not e.has_unsaved_changes() for e in window.editors.values())
    assert "未保存" not in window.saved_label.text()
    assert window.saved_label.text() == "所有修改已保存"


# ---------------------------------------------------------------------- two writers
def saved_elsewhere(path, headline):
    """Another window or app instance saves the same issue meanwhile."""
    from workbench.drafting.lifecycle import update_issue
    from workbench.store import Store

    with Store(path) as s:
        issue = s.issue(1)
        issue.headline = headline
        update_issue(s, issue)


def test_saving_over_a_version_saved_elsewhere_asks_and_no_keeps_both(make_editor, demo_path):
    asked = []
    editor = make_editor(ask_overwrite=lambda parent, title, text: asked.append(text) or False)
    editor.industry.selectAll()
    type_text(editor.industry, "半导体")
    saved_elsewhere(demo_path, "周观点：另一个窗口保存的标题")
    assert not editor.save()
    assert len(asked) == 1 and "#1" in asked[0]
    assert stored(demo_path).headline == "周观点：另一个窗口保存的标题"  # the other version is not overwritten
    assert stored(demo_path).industry == "电子"
    assert editor.has_unsaved_changes() and editor.industry.text() == "半导体"  # nor is this one lost
    assert editor.error_label.isVisible()
    editor.ask_save = SaveAnswers("discard")


def test_saving_over_a_version_saved_elsewhere_yes_overwrites(make_editor, demo_path):
    asked = []
    editor = make_editor(ask_overwrite=lambda parent, title, text: asked.append(text) or True)
    editor.industry.selectAll()
    type_text(editor.industry, "半导体")
    saved_elsewhere(demo_path, "周观点：另一个窗口保存的标题")
    assert editor.save()
    assert len(asked) == 1
    assert stored(demo_path).industry == "半导体"
    # the editor's fields are what was saved, the other window's headline included only if the editor had it
    assert stored(demo_path).headline == editor.headline.text()
    assert not editor.has_unsaved_changes()
    type_text(editor.industry, "x")
    assert editor.save() and len(asked) == 1  # saving again over its own save asks nothing


def test_no_question_when_nobody_else_saved(make_editor, demo_path):
    asked = []
    editor = make_editor(ask_overwrite=lambda parent, title, text: asked.append(text) or False)
    type_text(editor.industry, "x")
    assert editor.save() and editor.save()
    assert asked == []


def test_a_reload_drops_the_unsaved_mark_from_the_title(make_editor, qtbot):
    """Reloading over unsaved text (the desk hands the draft to its holder) leaves the title without its *."""
    editor = make_editor()
    titles: list[str] = []
    editor.title_changed.connect(titles.append)
    type_text(editor.industry, "半导体")
    assert editor.has_unsaved_changes() and titles[-1].endswith(" *")
    editor.reload()
    assert not editor.has_unsaved_changes()
    assert editor.industry.text() != "半导体"
    assert titles[-1] == editor.title_text() and not titles[-1].endswith("*")  # what the window shows
