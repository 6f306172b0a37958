"""The editor's "−" buttons ask before a whole theme, figure or related report goes: the question names
what goes (the theme and how many stocks it watches, the figure's title, the report's title), Cancel is
the default and Escape cancels; only an accepted question removes the row."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox


def answer_next_box(answer, seen: list, shot=None):
    """When the next modal box opens: note its texts and buttons (``shot``: save a picture of it), then
    ``answer(box)`` closes it."""
    def handle():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):  # not open yet: look again on the next turn of the loop
            QTimer.singleShot(20, handle)
            return
        seen.append({"text": box.text() + "\n" + box.informativeText(),
                     "default_role": box.buttonRole(box.defaultButton()) if box.defaultButton() else None,
                     "buttons": {box.buttonRole(b): b.text() for b in box.buttons()},
                     "size": box.size()})
        if shot is not None:
            box.grab().save(str(shot))
        answer(box)

    QTimer.singleShot(0, handle)


def press_escape(box):
    QTest.keyClick(box, Qt.Key.Key_Escape)


def click_remove(box):
    button = next(b for b in box.buttons() if box.buttonRole(b) in (QMessageBox.ButtonRole.DestructiveRole,
                                                                    QMessageBox.ButtonRole.AcceptRole,
                                                                    QMessageBox.ButtonRole.YesRole))
    button.click()


def test_removing_a_theme_asks_first_naming_it_and_its_stocks(make_editor, qtbot, tmp_path):
    editor = make_editor(confirm=None)  # the real question, not an injected answer
    editor.show()
    editor.tabs.setCurrentWidget(editor.tabs.widget(2))
    themes = editor.themes_page.themes_editor
    before = themes.themes()
    assert len(before) >= 2 and before[0].tickers
    themes.list.setCurrentRow(0)
    seen: list = []

    answer_next_box(press_escape, seen, tmp_path / "remove_theme.png")
    qtbot.mouseClick(themes.remove_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    asked = seen[0]
    assert before[0].name in asked["text"] and str(len(before[0].tickers)) in asked["text"]
    assert asked["default_role"] in (QMessageBox.ButtonRole.RejectRole, QMessageBox.ButtonRole.NoRole)
    assert asked["size"].width() >= 300  # a box to read, not a cramped one
    assert [t.name for t in themes.themes()] == [t.name for t in before]  # Escape kept the theme
    assert not editor.has_unsaved_changes()

    answer_next_box(click_remove, seen)
    qtbot.mouseClick(themes.remove_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 2
    assert [t.name for t in themes.themes()] == [t.name for t in before[1:]]
    assert editor.has_unsaved_changes()


def test_a_cancelled_theme_removal_writes_nothing_on_save(make_editor, demo_path):
    asked = []
    editor = make_editor(confirm=lambda parent, title, text: asked.append(text) or False)
    themes = editor.themes_page.themes_editor
    names = [t.name for t in themes.themes()]
    themes.list.setCurrentRow(1)
    themes.remove_button.click()
    assert asked and names[1] in asked[0]
    assert [t.name for t in themes.themes()] == names
    from workbench.store import Store

    with Store(demo_path) as s:
        assert [t.name for t in s.issue(editor.issue_id).themes] == names


def test_removing_a_figure_or_a_related_report_names_its_title(make_editor):
    asked = []
    answers = iter([False, True, False, True])
    editor = make_editor(confirm=lambda parent, title, text: asked.append(text) or next(answers))
    figures = editor.figures_page.figures_editor
    shown = figures.values()
    assert shown, "the demo issue draws figures"
    figures.table.setCurrentCell(0, figures.TITLE)
    figures.remove_button.click()
    assert shown[0].title in asked[-1] and len(figures.values()) == len(shown)
    figures.remove_button.click()
    assert [f.title for f in figures.values()] == [f.title for f in shown[1:]]

    related = editor.related_page.related_editor
    rows = related.values()
    assert rows, "the demo issue lists related reports"
    related.table.setCurrentCell(0, 0)
    related.remove_button.click()
    assert rows[0].title in asked[-1] and len(related.values()) == len(rows)
    related.remove_button.click()
    assert [r.title for r in related.values()] == [r.title for r in rows[1:]]
    assert len(asked) == 4


def test_an_empty_new_row_goes_without_a_question(make_editor):
    """A row just added and still blank holds nothing to lose: "−" takes it back at once."""
    asked = []
    editor = make_editor(confirm=lambda parent, title, text: asked.append(text) or False)
    related = editor.related_page.related_editor
    count = len(related.values())
    related.add_button.click()
    assert len(related.values()) == count + 1
    related.remove_button.click()
    assert len(related.values()) == count and asked == []
    themes = editor.themes_page.themes_editor
    names = [t.name for t in themes.themes()]
    themes.add_button.click()
    assert len(themes.themes()) == len(names) + 1
    themes.remove_button.click()
    assert [t.name for t in themes.themes()] == names and asked == []
