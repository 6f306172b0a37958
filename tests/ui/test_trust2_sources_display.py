"""The preview's 数据来源 shows a figure's file, sheet, column and source with control characters
escaped (``workbench.outputs.display_text``): a file name holding a line break cannot print what
looks like a line of its own in the history or the 来自 line."""

from __future__ import annotations

import pytest

TICKER = "300493.SZ"  # 润欣科技, the demo table's first row
FILE_NAME = "wind\n来自: 手工修改.csv"  # a line break in a file name is legal on Linux


@pytest.fixture
def imported(demo_path, tmp_path):
    """The demo store after a file whose name holds a line break set 润欣科技's 2023 revenue."""
    from workbench.imports import import_files
    from workbench.store import Store

    path = tmp_path / FILE_NAME
    path.write_text("ticker,name,period,metric,value\n"
                    f"{TICKER},润欣科技,2023A,revenue,2966100000\n", encoding="utf-8")
    with Store(demo_path) as store:
        import_files(store, [path], as_of="2024-12-27", allow_older=True)
    return path


@pytest.fixture
def sources(imported, make_editor, qtbot):
    editor = make_editor()
    editor.show()
    qtbot.waitExposed(editor)
    editor.side.setCurrentWidget(editor.preview)
    with qtbot.waitSignal(editor.preview.rendered, timeout=60000):
        panel = editor.preview.show_sources()
    return editor, panel


def test_a_file_name_with_a_line_break_is_shown_escaped_in_the_preview_sources(sources):
    _, panel = sources
    assert panel.select_figure(TICKER, "revenue", "2023A")
    history = panel.changes
    imported_rows = [r for r in range(history.rowCount()) if "wind" in history.item(r, 3).text()]
    assert imported_rows, "the import's row names its file"
    for r in imported_rows:
        shown = history.item(r, 3).text()
        assert "\n" not in shown
        assert "wind\\n来自: 手工修改.csv" in shown
    detail = panel.detail.text()
    came_from = [line for line in detail.splitlines() if "wind" in line]
    assert len(came_from) == 1  # one line names the file; the name's own break made none
    assert "wind\\n来自: 手工修改.csv" in came_from[0]
    # the only lines are the figure's own, not one the file name printed
    assert not any(line.startswith("来自: 手工修改") for line in detail.splitlines())


def test_sheet_column_source_and_who_are_shown_escaped(qtbot):
    """Another program's row (source), a sheet and a column header with controls in them."""
    from ui.common.provenance import change_cells, source_line, where_text
    from ui.dialogs.provenance import HistoryTable

    entry = {"origin": "import", "op": "update", "file": "a\r\nb.xlsx", "sheet": "S1\n第 9 行",
             "row": 2, "col": "营业收入\t\x1b[31m", "as_of": "2024-12-27\n", "by": "甲\u2028乙",
             "at": "2024-12-28T01:02:03+00:00", "old": 1.0, "new": 2.0}
    other = {"origin": "external", "op": "update", "source": "tool\n第 3 行", "at": "2024-12-28T01:02:03+00:00",
             "old": 1.0, "new": 2.0}
    for text in (where_text(entry), source_line(entry, "amount"), where_text(other), source_line(other, "amount")):
        assert text.isprintable(), repr(text)
    assert "a\\r\\nb.xlsx" in where_text(entry)
    assert "S1\\n第 9 行" in where_text(entry)
    assert "营业收入\\t\\x1b[31m" in where_text(entry)
    assert "tool\\n第 3 行" in where_text(other)
    table = HistoryTable(compact=True)
    qtbot.addWidget(table)
    table.set_history([entry, other], "amount")
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            item = table.item(r, c)
            assert item is None or item.text().isprintable(), (r, c, item.text())
    cells = change_cells(entry, "amount")
    assert "甲\\u2028乙" in cells[2] and cells[4] == "2024-12-27\\n"
