"""The editor's 定稿 confirmation of a correction names the figures that differ from the published
version it replaces (the published value and the one frozen), as it names those changed since
review; and the box fits a desk laptop's screen: the lists scroll inside it while the question and
是/否 stay on the screen (1366x768 and 1280x720).

The truth: the published value read back from v1's frozen PDF with pypdf, the refreshed value
from the store with sqlite3, the screen's geometry from Qt."""

from __future__ import annotations

import io
import sqlite3

import pypdf
import pytest
from PySide6.QtCore import QRect

RUNXIN = "300493.SZ"


class Confirm:
    def __init__(self, answer):
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, parent, title, text):
        self.asked.append(text)
        return self.answer


def _pdf_lines(pdf: bytes, needle: str) -> list[str]:
    return [line for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
            for line in page.extract_text().splitlines() if needle in line]


def _pe(db) -> float:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = 'pe' AND period = '2024E'",
                            [RUNXIN]).fetchone()[0]


def test_a_corrections_finalise_lists_figures_differing_from_the_published_version(make_editor, demo_path,
                                                                                   tmp_path, qtbot):
    from workbench.cli import main

    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    was = f"{_pe(db):.1f}"
    with sqlite3.connect(db) as conn:
        v1 = conn.execute("SELECT pdf FROM issue_versions WHERE issue_id = 1 AND version = 1").fetchone()[0]
    assert any(was in line for line in _pdf_lines(v1, "润欣科技"))  # the published value, as printed
    refresh = tmp_path / "pe.csv"
    refresh.write_text(f"ticker,name,pe_2024e\n{RUNXIN},润欣科技,131.04\n", encoding="utf-8")
    assert main(["import", str(refresh), "--db", db, "--as-of", "2024-12-29"]) == 0
    now = f"{_pe(db):.1f}"
    assert now != was
    assert main(["correct", "1", "--db", db, "--by", "编辑", "--reason", "风险提示措辞更正"]) == 0
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0

    editor = make_editor(1)
    editor.confirm = no = Confirm(False)
    assert editor.finalise() is None
    assert any("润欣科技" in line and was in line and now in line for line in no.asked[-1].splitlines())
    assert "v1" in no.asked[-1]

    editor.confirm = yes = Confirm(True)
    with qtbot.waitSignal(editor.status_changed, timeout=60000) as final:
        assert editor.finalise() is not None
    assert final.args == ["final"]
    assert "润欣科技" in yes.asked[-1]
    with sqlite3.connect(db) as conn:
        v2 = conn.execute("SELECT pdf FROM issue_versions WHERE issue_id = 1 AND version = 2").fetchone()[0]
    assert any(now in line for line in _pdf_lines(v2, "润欣科技"))
    page1 = "".join(pypdf.PdfReader(io.BytesIO(v2)).pages[0].extract_text().split())
    assert "对比表中1个数字按最新数据更新" in page1


_PROBE = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QLabel, QPlainTextEdit, QWidget

app = QApplication(["probe", "-platform", "offscreen:configfile=" + sys.argv[1]])
from ui.app import register_fonts
register_fonts(app)
from ui.common.prompts import ask_confirm_details

details = "\n".join(f"• 公司{i}（{300000 + i}.SZ）PE 2024E: {100 + i}.0 → {103 + i}.0（预测调整 forecast）"
                      for i in range(15))
details += "\n……另有 109 项\n\n发布前检查的警告：\n" + "\n".join(
    f"• [市场回顾] 第 {i} 条警告，" + "涨跌幅取自行情文件的涨跌幅列，库中没有本周前 14 天内的收盘，无法用收盘核对；" * 3
    for i in range(13))
found = {}

def measure():
    box = QApplication.activeModalWidget()
    if box is None:
        QTimer.singleShot(50, measure)
        return
    for _ in range(20):
        app.processEvents()
    g = box.frameGeometry()
    found["box"] = [g.x(), g.y(), g.width(), g.height()]
    s = box.screen().availableGeometry()
    found["screen"] = [s.x(), s.y(), s.width(), s.height()]
    buttons = [b for b in box.findChildren(QAbstractButton) if b.isVisible()]
    found["buttons"] = {b.text(): [b.mapToGlobal(b.rect().topLeft()).x(), b.mapToGlobal(b.rect().topLeft()).y(),
                                   b.width(), b.height()] for b in buttons}
    found["question_shown"] = any("确定将周报" in w.text() for w in box.findChildren(QLabel) if w.isVisible())
    found["details_shown"] = any("公司0" in w.toPlainText() for w in box.findChildren(QPlainTextEdit))
    [b for b in buttons if is_no(box, b)][0].click()


def is_no(box, button):
    return any(bb.standardButton(button) == QDialogButtonBox.StandardButton.No
               for bb in box.findChildren(QDialogButtonBox))


parent = QWidget()
parent.resize(1200, 700)
parent.show()
QTimer.singleShot(0, measure)
found["answer"] = ask_confirm_details(parent, "定稿", "确定将周报 #2 定稿？定稿后文本、数字和 PDF 作为发布记录冻结。", details)
print(json.dumps(found))
"""


@pytest.mark.parametrize("width, height", [(1366, 768), (1280, 720)])
def test_the_confirmation_with_long_lists_keeps_its_buttons_on_the_screen(tmp_path, width, height):
    """On a desk laptop's screen (its own offscreen screen of that size, in a fresh app), the box
    with 15 changes, a count and 13 long warnings fits; 是/否 and the question are on the screen."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"synchronousWindowSystemEvents": False, "windowFrameMargins": False, "screens": [
        {"name": "s", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "logicalBaseDpi": 96,
         "dpr": 1}]}), encoding="utf-8")
    probe = tmp_path / "probe.py"
    probe.write_text(_PROBE, encoding="utf-8")
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, str(probe), str(config)], capture_output=True, text=True, env=env,
                         timeout=120, cwd=root)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["answer"] is False
    assert found["screen"][2:] == [width, height]
    screen = QRect(*found["screen"])
    box = QRect(*found["box"])
    assert screen.contains(box), (box, screen)
    assert len(found["buttons"]) >= 2
    for text, r in found["buttons"].items():
        assert screen.contains(QRect(*r)), (text, r, screen)
    assert found["question_shown"] and found["details_shown"]


def test_the_editors_finalise_asks_with_the_lists_in_the_details_area(make_editor, demo_path, monkeypatch):
    """The stock confirmation of 定稿 goes to the box with a details area: the question alone above,
    the preflight's warnings (the core's own list) in the scrolling part."""
    from ui.common import prompts
    from workbench.report.preflight import preflight
    from workbench.store import Store

    asked = []
    monkeypatch.setattr(prompts, "ask_confirm_details",
                        lambda parent, title, text, details: asked.append((text, details)) or False)
    editor = make_editor(1, confirm=prompts.ask_confirm)
    assert editor.submit_for_review()
    with Store(demo_path) as s:
        warnings = preflight(s, s.issue(1)).warnings
    assert warnings
    assert editor.finalise() is None
    [(text, details)] = asked
    assert "#1" in text
    for f in warnings:
        assert f"[{f.label}]" in details and f"[{f.label}]" not in text
