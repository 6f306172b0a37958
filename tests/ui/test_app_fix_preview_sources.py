"""The preview's 数据来源 pane on a 1366x768 laptop: the comparison table and the market review each show
several whole rows, every header shows whole (its full text in a tooltip too), and before any figure is
picked the history says to pick one (not "no recorded changes")."""

from __future__ import annotations

import pytest

# an editor window on a 1366x768 screen with a taskbar, less its title bar
SIZE = (1366, 690)
ROWS = 3


@pytest.fixture
def sources(make_editor, qtbot):
    editor = make_editor()
    editor.resize(*SIZE)
    editor.show()
    qtbot.waitExposed(editor)
    editor.side.setCurrentWidget(editor.preview)
    with qtbot.waitSignal(editor.preview.rendered, timeout=60000):
        panel = editor.preview.show_sources()
    qtbot.wait(50)
    return editor, panel


def whole_rows(table) -> int:
    """How many rows the table shows whole, as the user sees it."""
    height = table.viewport().height()
    return sum(1 for r in range(table.rowCount())
               if table.rowViewportPosition(r) >= 0 and table.rowViewportPosition(r) + table.rowHeight(r) <= height)


def test_both_tables_show_several_rows(sources, tmp_path):
    editor, panel = sources
    editor.grab().save(str(tmp_path / "sources.png"))
    assert panel.figures.rowCount() >= ROWS and panel.review.rowCount() >= ROWS  # the demo issue's
    assert whole_rows(panel.figures) >= ROWS
    assert whole_rows(panel.review) >= ROWS
    assert editor.preview.scroll.height() >= 150  # the pages keep room too


def test_a_header_is_shown_whole_and_in_a_tooltip(sources):
    _, panel = sources
    table = panel.figures
    header = table.horizontalHeader()
    for column, spec in enumerate(panel._table.columns, start=2):
        item = table.horizontalHeaderItem(column)
        full = f"{spec.group} {spec.label}".strip()
        assert item.toolTip().replace("\n", " ") == full
        shown = header.fontMetrics().horizontalAdvance
        assert len(item.text().splitlines()) == 2  # group over label, as printed
        assert all(shown(line) < header.sectionSize(column) for line in item.text().splitlines())
    for column in range(panel.review.columnCount()):
        item = panel.review.horizontalHeaderItem(column)
        assert item.toolTip() == item.text()
        assert panel.review.horizontalHeader().fontMetrics().horizontalAdvance(item.text()) < \
            panel.review.horizontalHeader().sectionSize(column)


def test_the_history_asks_for_a_figure_before_one_is_picked(sources):
    _, panel = sources
    before = panel.changes.item(0, 0).text()
    assert before != panel.changes.empty_text  # not "no recorded changes": nothing was asked yet
    assert before
    row = next(r for r, entry in enumerate(panel._table.rows) if entry.ticker)
    panel.figures.setCurrentCell(row, 2)
    assert panel.changes.item(0, 0).text() != before
