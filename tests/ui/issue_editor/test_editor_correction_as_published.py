"""The app's 更正 reprints the published issue as of its date, as the command line's does.

Issue 1 is published; next week's PE refresh (dated 2025-01-06, after the table's 截至12月29日)
arrives; the editor opens a correction with the app's 更正, submits it and finalises it: the 定稿
confirmation names no figure as differing from v1, and v2's PDF prints v1's PE, not the refresh.
The truth: both PDFs read back with pypdf, the refreshed value from the store with sqlite3.
"""

from __future__ import annotations

import io
import sqlite3
from decimal import ROUND_HALF_UP, Decimal

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


def test_the_apps_take_newer_figures_prints_the_one_named(make_editor, demo_path, tmp_path, qtbot, monkeypatch):
    """Beside the preflight's line of newer figures kept as published, 采用较新的数据… asks which to
    print (listing them) and the correction then prints that one; the others stay as published."""
    from workbench.cli import main

    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    refresh = tmp_path / "pe.csv"
    refresh.write_text(f"ticker,name,pe_2024e,pe_2025e\n{RUNXIN},润欣科技,131.04,95.55\n", encoding="utf-8")
    assert main(["import", str(refresh), "--db", db, "--as-of", "2025-01-06"]) == 0
    published = _row(_pdf(db, 1), RUNXIN)

    from ui.issue_editor import lifecycle

    asked = []

    def choose(parent, title, text, choices):  # the figures listed with boxes to tick: PE 2024E ticked
        asked.extend(label for label, _ in choices)
        return [key for label, key in choices if "PE 2024E" in label]

    monkeypatch.setattr(lifecycle, "choose_figures", choose)
    editor = make_editor(1, confirm=Confirm(), ask_text=lambda parent, title, label: "correction reason")
    editor.show()
    assert editor.correction()
    panel = editor.preflight_panel
    assert panel.take_newer_button.isHidden()
    result = editor.run_preflight()
    assert any(f.code == "figures_after_as_of" for f in result.warnings)
    assert not panel.take_newer_button.isHidden()
    shown = [panel.list.item(i).text() for i in range(panel.list.count()) if "较新的数据" in panel.list.item(i).text()]
    assert len(shown) == 1 and "2 项" in shown[0] and "kept as published" not in shown[0], shown  # the finding in Chinese only
    assert "workbench correct" not in shown[0] and panel.take_newer_button.text() in shown[0]  # the app's button
    editor.grab().save(str(tmp_path / "take_newer.png"))
    panel.take_newer_button.click()
    pe24, pe25 = (str(Decimal(v).quantize(Decimal("0.1"), ROUND_HALF_UP)) for v in ("131.04", "95.55"))
    assert len(asked) == 2 and all("润欣科技" in a for a in asked), asked
    assert pe24 in "".join(asked) and pe25 in "".join(asked), asked
    assert editor.submit_for_review()
    with qtbot.waitSignal(editor.status_changed, timeout=60000):
        assert editor.finalise() is not None
    row = _row(_pdf(db, 2), RUNXIN)
    assert row[10] == pe24 != published[10]  # PE 2024E taken
    assert row[11] == published[11]  # PE 2025E stays as published
    assert row[:10] + row[12:] == published[:10] + published[12:]
