"""F1 in the issue editor's window opens the user guide, as it does in the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def test_f1_in_the_issue_editor_opens_the_user_guide(make_editor, qtbot):
    editor = make_editor()
    with qtbot.waitActive(editor):
        editor.show()
    editor.headline.setFocus()
    qtbot.keyClick(QApplication.focusWidget() or editor, Qt.Key.Key_F1)
    from ui.dialogs import UserGuideDialog

    guides = [w for w in QApplication.topLevelWidgets() if isinstance(w, UserGuideDialog) and w.isVisible()]
    assert len(guides) == 1
    assert "周报" in guides[0].browser.toPlainText()  # the guide itself, not an empty window
    qtbot.keyClick(editor.headline, Qt.Key.Key_F1)  # again: the same window, not a second one
    assert len([w for w in QApplication.topLevelWidgets() if isinstance(w, UserGuideDialog) and w.isVisible()]) == 1
