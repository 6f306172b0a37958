"""Tab in the editor's 封面 form follows the form as it is laid out, row by row: 标题, 系列, 报告期 (start,
end), 发布日期, 行业, 行业评级, 评级变动, then on to the signing analysts below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFormLayout, QGroupBox, QLayout


def fields_in_layout_order(form: QFormLayout) -> list:
    """The input widgets of ``form`` as they read on screen: row by row, left to right within a row."""
    out = []

    def walk(item):
        if item is None:
            return
        if item.widget() is not None:
            if item.widget().focusPolicy() & Qt.FocusPolicy.TabFocus:
                out.append(item.widget())
        elif isinstance(item.layout(), QLayout):
            for i in range(item.layout().count()):
                walk(item.layout().itemAt(i))

    for row in range(form.rowCount()):
        walk(form.itemAt(row, QFormLayout.ItemRole.FieldRole))
    return out


def which(widget, fields) -> object:
    """The field ``widget`` belongs to (an editable combo box's line edit is its combo box)."""
    return next((f for f in fields if widget is f or f.isAncestorOf(widget)), widget)


def test_tab_follows_the_cover_form_as_laid_out(make_editor):
    editor = make_editor()
    editor.show()
    editor.activateWindow()
    page = editor.meta_page
    cover = next(g for g in page.findChildren(QGroupBox) if page.headline in g.findChildren(type(page.headline)))
    expected = fields_in_layout_order(cover.layout())
    # the layout reads 标题, 系列, 报告期 start and end, 发布日期, 行业, 评级 and its change
    assert expected[:2] == [page.headline, page.series] and expected[-1] is page.rating_action
    assert len(expected) == 8

    page.headline.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    reached = [which(QApplication.focusWidget(), expected)]
    for _ in range(20):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        QApplication.processEvents()
        field = which(QApplication.focusWidget(), expected)
        if field is not reached[-1]:
            reached.append(field)
        if len(reached) > len(expected):
            break
    assert reached[:len(expected)] == expected
    after = reached[len(expected)]
    assert after is page.analysts  # then down to the signing analysts, not back up the form


def test_shift_tab_walks_the_cover_form_backwards(make_editor):
    editor = make_editor()
    editor.show()
    editor.activateWindow()
    page = editor.meta_page
    order = [page.headline, page.series, page.period_start, page.period_end, page.publish_date, page.industry,
             page.rating, page.rating_action]
    page.rating_action.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    reached = [which(QApplication.focusWidget(), order)]
    while len(reached) < len(order):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        QApplication.processEvents()
        field = which(QApplication.focusWidget(), order)
        if field is not reached[-1]:
            reached.append(field)
    assert reached == order[::-1]
