"""A read-only issue (a draft a colleague holds the lease of, a store this user may not write, a final)
looks read-only in every field, as the greyed lists and menus beside them do, and is read-only:
typing, pasting, deleting and stepping a date change nothing. Given back, every field looks and is
editable again. The truth is the rendered pixels of each field (its most common interior colour,
compared with a disabled field's and an editable one's) and the issue's values before and after."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextBrowser,
                               QTextEdit, QWidget)


def type_text(widget, text: str) -> None:
    """Type ``text`` as an input method commits it (keyClicks cannot send Chinese): as the platform's input
    method does, only into a widget that accepts input-method text (``ImEnabled``)."""
    widget.setFocus()
    if not widget.inputMethodQuery(Qt.InputMethodQuery.ImEnabled):
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def background(widget) -> QColor:
    """The most common colour inside the widget's frame as it renders (its background, not its text)."""
    image = widget.grab().toImage()
    counts: Counter = Counter()
    w, h = image.width(), image.height()
    for y in range(4, h - 4, 2):
        for x in range(4, w - 4, 2):
            counts[image.pixel(x, y)] += 1
    return QColor.fromRgb(counts.most_common(1)[0][0])


def darkest(widget) -> int:
    """The lightness of the darkest pixel inside the widget's frame: its text, or a date's arrow."""
    image = widget.grab().toImage()
    return min(QColor.fromRgb(image.pixel(x, y)).lightness() for y in range(3, image.height() - 3)
               for x in range(3, image.width() - 3))


def near(a: QColor, b: QColor, tolerance: int = 6) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))


def text_fields(editor) -> list:
    """Every field of the editor's pages a user types into (a combo's own line edit is the combo's)."""
    out = []
    for page in editor.pages:
        for w in page.findChildren(QWidget):
            if not isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)):
                continue
            if isinstance(w, QTextBrowser) or isinstance(w.parent(), QComboBox) or isinstance(w.parent(),
                                                                                                QAbstractSpinBox):
                continue
            out.append(w)
    return out


def value(w):
    if isinstance(w, QAbstractSpinBox):
        return w.text()
    if isinstance(w, QLineEdit):
        return w.text()
    return w.toPlainText()


def hold(editor, held: bool) -> None:
    """As the desk's lease does (ui/desk/lease.py ``_lock``) for a draft a colleague holds."""
    editor.desk_read_only = held
    editor._update_status_ui()


@pytest.fixture
def editor(make_editor, qtbot):
    e = make_editor()
    e.show()
    return e


def _shown(editor, qtbot, widget) -> None:
    """Bring the widget's page to the front and scroll it into view, so it renders as a user sees it."""
    for i, page in enumerate(editor.pages):
        if page.isAncestorOf(widget):
            editor.tabs.setCurrentIndex(i)
    from ui.common.geometry import reveal

    reveal(widget)
    qtbot.wait(10)


def test_every_field_of_a_held_draft_looks_read_only_like_the_greyed_ones(editor, qtbot):
    hold(editor, True)
    assert editor.read_only
    editor.tabs.setCurrentIndex(0)
    qtbot.wait(20)
    greyed = background(editor.series)  # a disabled combo: what "read-only" looks like beside the fields
    palette = editor.palette()
    window_grey = palette.color(palette.ColorGroup.Active, palette.ColorRole.Window)
    fields = [w for w in text_fields(editor)]
    assert editor.headline in fields and editor.industry in fields and editor.publish_date in fields
    wrong = []
    for w in fields:
        _shown(editor, qtbot, w)
        if not w.isVisible() or w.width() < 12 or w.height() < 12:
            continue
        if not near(background(w), greyed):
            wrong.append((w.objectName() or type(w).__name__, background(w).name(), greyed.name()))
    assert not wrong, wrong
    # the text and a date's arrow drawn as light as the greyed combo's, not black
    ink = darkest(editor.series)
    for w in (editor.headline, editor.industry, editor.publish_date, editor.period_start):
        assert darkest(w) >= ink - 8, (w, darkest(w), ink)
    assert near(greyed, window_grey, 12)  # (the greyed look: the window's grey, not a field's white)


def test_a_field_given_back_looks_editable_again(editor, qtbot):
    editor.tabs.setCurrentIndex(0)
    qtbot.wait(20)
    before = {id(w): background(w) for w in (editor.headline, editor.industry, editor.publish_date)}
    hold(editor, True)
    qtbot.wait(20)
    assert all(not near(background(w), before[id(w)]) for w in (editor.headline, editor.industry, editor.publish_date))
    hold(editor, False)
    qtbot.wait(20)
    assert not editor.read_only
    assert all(near(background(w), before[id(w)]) for w in (editor.headline, editor.industry, editor.publish_date))
    editor.headline.selectAll()
    type_text(editor.headline, "周观点：新标题")
    assert editor.headline.text() == "周观点：新标题" and editor.has_unsaved_changes()


def test_typing_pasting_deleting_and_stepping_change_nothing_in_a_held_draft(editor, qtbot, demo_path):
    from workbench.store import Store

    hold(editor, True)
    fields = text_fields(editor)
    before = [value(w) for w in fields]
    QGuiApplication.clipboard().setText("粘贴的文字")
    for w in fields:
        _shown(editor, qtbot, w)
        w.setFocus()
        type_text(w, "改写")
        qtbot.keyClicks(w, "x9")
        for key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp):
            qtbot.keyClick(w, key)
        qtbot.keyClick(w, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(w, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
        if isinstance(w, QAbstractSpinBox):  # the wheel and the calendar's arrow
            qtbot.mouseClick(w, Qt.MouseButton.LeftButton, pos=QPoint(w.width() - 6, w.height() // 2))
            popup = QApplication.activePopupWidget()
            if popup is not None:
                popup.close()
                pytest.fail(f"a read-only date opened its calendar: {value(w)}")
    assert [value(w) for w in fields] == before
    assert not editor.has_unsaved_changes()
    issue = editor.current_issue()
    with Store(demo_path) as s:
        stored = s.issue(issue.id)
    assert (issue.headline, issue.industry, issue.publish_date, issue.period_start, issue.views, issue.risks) == \
        (stored.headline, stored.industry, stored.publish_date, stored.period_start, stored.views, stored.risks)


def test_a_final_issue_looks_read_only_in_every_field_too(make_editor, qtbot, demo_path):
    from workbench.drafting.lifecycle import change_status
    from workbench.store import Store

    with Store(demo_path) as s:
        issue_id = s.issue("latest").id
        change_status(s, issue_id, "review", by="tester")
        change_status(s, issue_id, "final", by="tester")
    editor = make_editor(issue_id)
    editor.show()
    editor.tabs.setCurrentIndex(0)
    qtbot.wait(20)
    assert editor.read_only
    greyed = background(editor.series)
    for w in (editor.headline, editor.industry, editor.publish_date, editor.period_start):
        assert near(background(w), greyed), w
