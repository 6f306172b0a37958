"""The app's 更正 reprints the published issue as of its date, as the command line's does.

Issue 1 is published; next week's PE refresh (dated 2025-01-06, after the table's 截至12月29日)
arrives; the editor opens a correction with the app's 更正, submits it and finalises it: the 定稿
confirmation names no figure as differing from v1, and v2's PDF prints v1's PE, not the refresh.
The truth: both PDFs read back with pypdf, the refreshed value from the store with sqlite3.
"""

from __future__ import annotations

import io
import sqlite3

import pypdf

RUNXIN = "300493.SZ"


class Confirm:
    def __init__(self):
        self.asked: list[str] = []

    def __call__(self, parent, title, text):
        self.asked.append(text)
        return True


def _row(pdf: bytes, ticker: str) -> list[str]:
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for line in page.extract_text().splitlines():
            if line.strip().startswith(ticker):
                return line.split()
    raise AssertionError(f"{ticker} not printed")


def _pdf(db, version: int) -> bytes:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT pdf FROM issue_versions WHERE issue_id = 1 AND version = ?", [version]).fetchone()[0]


def test_the_apps_correction_keeps_next_weeks_figures_out(make_editor, demo_path, tmp_path, qtbot):
    from workbench.cli import main

    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    refresh = tmp_path / "pe.csv"
    refresh.write_text(f"ticker,name,pe_2024e\n{RUNXIN},润欣科技,131.04\n", encoding="utf-8")
    assert main(["import", str(refresh), "--db", db, "--as-of", "2025-01-06"]) == 0
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = 'pe' AND period = '2024E'",
                              [RUNXIN]).fetchone()[0]
    published = _row(_pdf(db, 1), RUNXIN)
    assert f"{stored:.1f}" not in published

    confirm = Confirm()
    editor = make_editor(1, confirm=confirm, ask_text=lambda parent, title, label: "风险提示措辞更正")
    assert editor.correction()
    assert (editor.issue.status, editor.issue.version) == ("draft", 2)
    assert editor.submit_for_review()
    with qtbot.waitSignal(editor.status_changed, timeout=60000) as final:
        assert editor.finalise() is not None
    assert final.args == ["final"]
    assert not any("v1" in text and "润欣科技" in text for text in confirm.asked), confirm.asked
    assert _row(_pdf(db, 2), RUNXIN) == published
