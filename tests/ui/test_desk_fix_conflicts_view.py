"""The conflicts view names a note by what a reader knows it by (its companies, date and opening
words), never by its UUID alone, and a row this store refused and never had reads none here, not
deleted."""

from __future__ import annotations

from ui.desk.conflicts_view import ConflictsView
from workbench.store import sync_state as state

NOTE_UID = "0b6e7f1c-3d2a-4c55-9a8e-1f2e3d4c5b6a"


def _cells(view, conflict_id):
    for row in range(view.table.rowCount()):
        if view.table.item(row, 0).text() == str(conflict_id):
            return [view.table.item(row, col).text() for col in range(view.COLUMNS)]
    raise AssertionError(conflict_id)


def _note(tickers):
    return {"uid": NOTE_UID, "date": "2024-12-27", "author": "zhang", "text": "渠道调研：TWS 耳机主控芯片订单饱满，"
            "新品放量。", "tags": "", "themes": "", "created_at": "2026-11-30T06:41:40+00:00", "tickers": tickers}


def test_a_note_is_named_by_its_company_date_and_words_and_none_here(qtbot, demo_store):
    name = demo_store.scalar("SELECT name FROM companies WHERE ticker = '688608.SH'")
    with demo_store.transaction():
        demo_store.db.execute(
            "INSERT INTO sync_conflicts (server_id, tbl, key, kind, mine, theirs, by, at, theirs_by, theirs_at, "
            "resolution, message) VALUES (NULL, 'notes', ?, 'local', NULL, ?, 'li', '2026-11-30T06:44:12+00:00', "
            "'zhang', NULL, NULL, '本数据文件没有该笔记提及的公司 (this store does not have companies the note names): "
            "688608.SH')", [NOTE_UID, state._dump(_note(["688608.SH"]))])
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    _, what, _, mine, _ = _cells(view, view.conflicts[0]["id"])
    assert NOTE_UID not in what
    assert name in what and "2024-12-27" in what and "渠道调研" in what
    assert mine.startswith(view.tr("(none here)")) and view.tr("(deleted)") not in mine


def test_a_note_of_a_company_this_store_lacks_is_named_by_its_code(demo_store):
    view = ConflictsView(demo_store, lambda *_: None)
    text = view.what_text({"tbl": "notes", "key": NOTE_UID, "mine": None, "theirs": _note("300999.SZ")})
    assert "300999.SZ" in text and NOTE_UID not in text
    view.deleteLater()
