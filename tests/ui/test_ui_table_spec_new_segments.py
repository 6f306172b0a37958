"""The table settings page shows a segment new since the last issue as new, not silently unticked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.domain.issue import TableSpec

pytestmark = pytest.mark.usefixtures("workbench_qapp")

NEW_SEGMENT = "卫星互联网地面设备"


def items(editor) -> dict[str, object]:
    return {editor.segments.item(i).data(Qt.ItemDataRole.UserRole): editor.segments.item(i)
            for i in range(editor.segments.count())}


@pytest.fixture
def editor(qtbot):
    from ui.issue_editor.pages.table_spec import TableSpecEditor

    w = TableSpecEditor(["PCB", "光模块", "IDC", NEW_SEGMENT])
    qtbot.addWidget(w)
    return w


def test_a_new_segment_is_marked_and_named_below_the_list(editor):
    editor.set_spec(TableSpec(segments=["PCB", "光模块"]), new=[NEW_SEGMENT])
    shown = items(editor)
    fresh, old = shown[NEW_SEGMENT], shown["IDC"]
    assert fresh.checkState() == Qt.CheckState.Unchecked and old.checkState() == Qt.CheckState.Unchecked
    assert fresh.font().bold() and not old.font().bold()
    assert fresh.text() != NEW_SEGMENT and NEW_SEGMENT in fresh.text()  # the mark is visible in the list
    assert fresh.toolTip() and fresh.foreground().color() != old.foreground().color()
    assert not editor.new_note.isHidden() and NEW_SEGMENT in editor.new_note.text()
    assert "IDC" not in editor.new_note.text()
    assert editor.spec().segments == ["PCB", "光模块"]  # the mark changes nothing the issue stores


def test_ticking_the_new_segment_stores_its_plain_name(editor, qtbot):
    editor.set_spec(TableSpec(segments=["PCB", "光模块"]), new=[NEW_SEGMENT])
    with qtbot.waitSignal(editor.changed):
        items(editor)[NEW_SEGMENT].setCheckState(Qt.CheckState.Checked)
    assert editor.spec().segments == ["PCB", "光模块", NEW_SEGMENT]


def test_nothing_is_marked_when_no_segment_is_new_or_the_new_one_is_listed(editor):
    editor.set_spec(TableSpec(segments=["PCB"]))
    assert editor.new_note.isHidden() and not any(i.font().bold() for i in items(editor).values())
    editor.set_spec(TableSpec(segments=["PCB", NEW_SEGMENT]), new=[NEW_SEGMENT])
    assert editor.new_note.isHidden() and items(editor)[NEW_SEGMENT].text() == NEW_SEGMENT
