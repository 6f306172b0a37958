"""定稿 in the editor asks first with what the freeze would carry: each figure changed since the
issue went to review (the reviewer's value and the one frozen) and the preflight's warnings;
No freezes nothing, Yes freezes the new value. The truth: the store read with sqlite3, the
frozen PDF read back with pypdf, the warnings from the core's preflight."""

from __future__ import annotations

import io
import sqlite3

import pypdf

RUNXIN = "300493.SZ"


class Confirm:
    def __init__(self, answer):
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, parent, title, text):
        self.asked.append(text)
        return self.answer


def _revenue(db) -> float:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = 'revenue' AND period = "
                            "'2024Q1-Q3'", [RUNXIN]).fetchone()[0] / 1e8


def _versions(db) -> list:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT version, pdf FROM issue_versions WHERE issue_id = 1").fetchall()


def test_finalise_lists_changes_since_review_and_warnings_before_freezing(make_editor, demo_path, tmp_path, qtbot):
    from workbench.cli import main
    from workbench.report.preflight import preflight
    from workbench.store import Store

    editor = make_editor(1)
    assert editor.submit_for_review()
    before = _revenue(demo_path)
    late = tmp_path / "late.csv"
    late.write_text(f"证券代码,证券简称,营业收入(亿元)2024三季报\n{RUNXIN},润欣科技,29.55\n", encoding="utf-8")
    assert main(["import", str(late), "--db", str(demo_path), "--as-of", "2025-01-04"]) == 0
    after = _revenue(demo_path)
    with Store(demo_path) as s:
        warnings = preflight(s, s.issue(1)).warnings
    assert warnings

    editor.confirm = no = Confirm(False)
    assert editor.finalise() is None
    text = no.asked[-1]
    assert any("润欣科技" in line and f"{before:.1f}" in line and f"{after:.1f}" in line for line in text.splitlines())
    for f in warnings:
        assert f"[{f.label}]" in text
    assert _versions(demo_path) == []

    editor.confirm = yes = Confirm(True)
    with qtbot.waitSignal(editor.status_changed, timeout=60000) as final:
        assert editor.finalise() is not None
    assert final.args == ["final"]
    [(version, pdf)] = _versions(demo_path)
    lines = [line for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
             for line in page.extract_text().splitlines() if "润欣科技" in line]
    assert any(f"{after:.1f}" in line for line in lines)
    assert "润欣科技" in yes.asked[-1]
    with sqlite3.connect(demo_path) as conn:  # the record says the editor accepted the change
        reason = conn.execute("SELECT reason FROM issue_log WHERE issue_id = 1 ORDER BY id DESC").fetchone()[0]
    assert "润欣科技" in reason and f"{before:.1f}" in reason and f"{after:.1f}" in reason


def test_finalise_unchanged_since_review_lists_no_changes(make_editor, demo_path, qtbot):
    editor = make_editor(1)
    assert editor.submit_for_review()
    editor.confirm = yes = Confirm(True)
    with qtbot.waitSignal(editor.status_changed, timeout=60000):
        assert editor.finalise() is not None
    assert "提交审核之后有变化的数字" not in yes.asked[-1] and "→" not in yes.asked[-1]
    assert "发布前检查的警告" in yes.asked[-1]  # (the Chinese UI's words for them)
    assert len(_versions(demo_path)) == 1
