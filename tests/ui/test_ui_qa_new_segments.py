"""The issue editor's table settings mark a segment that got its first company after the issue was saved."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from workbench.drafting.lifecycle import copy_forward
from workbench.imports import import_files
from workbench.store import Store

pytestmark = pytest.mark.usefixtures("workbench_qapp")

NEW_COMPANY = ("688999.SH", "新材料有限公司")


def test_the_editor_marks_a_segment_new_since_the_issue_was_saved(make_editor, demo_path, tmp_path, monkeypatch):
    with Store(demo_path) as store:
        issue = copy_forward(store, store.issue("latest").id, by="编辑")
        later = (datetime.fromisoformat(issue.updated_at) + timedelta(hours=1)).isoformat(timespec="seconds")
        monkeypatch.setattr("workbench.store.store.now_iso", lambda: later)
        path = tmp_path / "公司.csv"
        path.write_text("ticker,name,segment,revenue_2023\n688999.SH,新材料有限公司,卫星互联网地面设备,8.8\n",
                        encoding="utf-8")
        import_files(store, [path], default_amount_unit="亿元", new_companies=[NEW_COMPANY[0]])
        monkeypatch.undo()
        segment = store.rows("SELECT s.name FROM companies c JOIN segments s ON s.id = c.segment_id "
                             "WHERE c.ticker = ?", [NEW_COMPANY[0]])[0]["name"]
        issue_id = issue.id
    editor = make_editor(issue_id)
    segments = editor.figures_page.table_editor.segments
    shown = {segments.item(i).data(Qt.ItemDataRole.UserRole): segments.item(i) for i in range(segments.count())}
    assert segment in shown
    assert shown[segment].font().bold() and shown[segment].text() != segment
    assert not any(item.font().bold() for name, item in shown.items() if name != segment)
    assert segment in editor.figures_page.table_editor.new_note.text()
