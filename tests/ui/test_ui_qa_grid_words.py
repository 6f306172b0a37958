"""The grid says what it did: 剪切 is a cut (message and undo entry), Delete on a cell that cannot be
edited says why, a cleared value's undo entry says it was cleared, and a refusal bubble goes once a
later action succeeds."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from ui_testing import find_column

from ui.models.columns import metric_name


def select(view, row, col):
    proxy = view.model()
    view.setCurrentIndex(proxy.index(row, col))
    view.selectionModel().select(QItemSelection(proxy.index(row, col), proxy.index(row, col)),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)


def stored_revenue(window):
    page = window.financials_page
    col = find_column(page.model, ("revenue", "2023A"))
    row = next(r for r in range(page.model.rowCount())
               if window.session.store.fact(page.model.key_at(r), "revenue", "2023A") is not None)
    return page, row, col


def messages_of(view):
    said = []
    view.message.connect(said.append)
    return said


def test_cut_says_cut_not_copied_and_its_undo_entry_is_not_an_edit(window):
    page, row, col = stored_revenue(window)
    select(page.view, row, col)
    copied = messages_of(page.view)
    page.view.copy_selection()
    copy_message = copied[-1]
    said = messages_of(page.view)
    assert page.view.cut_selection()
    assert window.session.store.fact(page.model.key_at(row), "revenue", "2023A") is None
    assert said and said[-1] != copy_message
    undo_text = window.session.undo_stack.undoText()
    edit_text = page.model.edit_text_for(__import__("workbench.edits", fromlist=["SetFact"]).SetFact(
        page.model.key_at(row), "revenue", "2023A", 1.0))
    assert undo_text and undo_text != edit_text


def test_the_undo_entry_of_a_cleared_value_is_not_an_edit(window):
    page, row, col = stored_revenue(window)
    select(page.view, row, col)
    assert page.view.delete_selection()
    from workbench.edits import SetFact

    undo_text = window.session.undo_stack.undoText()
    assert metric_name("revenue") in undo_text
    assert undo_text != page.model.edit_text_for(SetFact(page.model.key_at(row), "revenue", "2023A", 1.0))


def test_delete_on_a_segment_cell_says_it_cannot_be_edited_here(window):
    page = window.financials_page
    model = page.model
    col = next(i for i, c in enumerate(model.columns) if c.key == "segment")
    select(page.view, 0, col)
    said = messages_of(page.view)
    assert not page.view.delete_selection()
    assert page.view.refusal_bubble.isVisibleTo(page.view)
    assert model.columns[col].title in page.view.last_refusal
    assert said[-1] == page.view.last_refusal


def test_a_refusal_bubble_goes_once_a_later_action_succeeds(window):
    page, row, col = stored_revenue(window)
    select(page.view, row, col)
    assert not page.view.paste_text("abc\r\n")
    assert page.view.refusal_bubble.isVisibleTo(page.view)
    assert page.view.delete_selection()  # the same cell: nothing moves the cursor
    assert not page.view.refusal_bubble.isVisibleTo(page.view)
    assert page.view.paste_text("12.5\r\n")
    assert not page.view.paste_text("abc\r\n")
    assert page.view.refusal_bubble.isVisibleTo(page.view)
    assert page.view.paste_text(page.view.copy_selection())  # what the cell shows: nothing to change
    assert not page.view.refusal_bubble.isVisibleTo(page.view)
