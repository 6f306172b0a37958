"""Cancelling an import's question (取消导入) is said as a cancel in neutral words and colour, never as a
red 导入失败, and the store is left as it was (read back with sqlite3)."""

from __future__ import annotations

import sqlite3

from ui.dialogs.importing import ImportDialog

GROWTH = "ticker,name,revenue_2023_yoy\n600584.SH,长电科技,25.3\n688608.SH,恒玄科技,40.1\n300493.SZ,润欣科技,12.5\n"


def _snapshot(path) -> tuple:
    con = sqlite3.connect(path)
    try:
        return (con.execute("SELECT ticker, metric, period, value FROM facts ORDER BY 1, 2, 3").fetchall(),
                con.execute("SELECT count(*) FROM change_log").fetchone()[0],
                con.execute("SELECT count(*) FROM change_batches").fetchone()[0])
    finally:
        con.close()


def test_cancelling_the_ratio_question_says_cancelled_not_failed(qtbot, session, tmp_path):
    path = tmp_path / "growth.csv"
    path.write_text(GROWTH, encoding="utf-8")
    before = _snapshot(session.path)
    asked = []
    dialog = ImportDialog(session, None, paths=[str(path)], ask_ratio=lambda parent, p: asked.append(p) or None)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.failed, timeout=30000):
        dialog.start_import()
    assert len(asked) == 1  # the question was asked, and cancelled
    shown = dialog.status.text()
    dialog.grab().save(str(tmp_path / "cancelled.png"))
    assert "cancelled" in shown.lower() or "取消" in shown, shown
    assert "failed" not in shown.lower() and "失败" not in shown, shown
    assert "#c62828" not in shown.lower() and "red" not in shown.lower(), shown  # not the failure's red
    assert _snapshot(session.path) == before
