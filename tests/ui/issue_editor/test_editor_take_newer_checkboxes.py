"""A correction's 采用较新的数据… lists the newer figures as the table names them (润欣科技 PE 2024E:
published 128.3, in the store 131.0), to be ticked, not raw ids to type; the preflight's line points
at that button, not at the command line. The truth: the published figure read back from v1's PDF
with pypdf, the store's with sqlite3."""

from __future__ import annotations

import io
import sqlite3
from decimal import ROUND_HALF_UP, Decimal

import pypdf
import pytest

RUNXIN = "300493.SZ"


def _row(pdf: bytes, ticker: str) -> list[str]:
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for line in page.extract_text().splitlines():
            if line.strip().startswith(ticker):
                return line.split()
    raise AssertionError(f"{ticker} not printed")


def _one_decimal(value) -> str:
    return str(Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP))


@pytest.fixture
def correction(make_editor, demo_path, tmp_path):
    from workbench.cli import main

    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    refresh = tmp_path / "pe.csv"
    refresh.write_text(f"ticker,name,pe_2024e,pe_2025e\n{RUNXIN},润欣科技,131.04,95.55\n", encoding="utf-8")
    assert main(["import", str(refresh), "--db", db, "--as-of", "2025-01-06"]) == 0
    editor = make_editor(1, ask_text=lambda parent, title, label: "更正原因")
    editor.show()
    assert editor.correction()
    result = editor.run_preflight()
    assert any(f.code == "figures_after_as_of" for f in result.warnings)
    with sqlite3.connect(db) as conn:
        v1 = conn.execute("SELECT pdf FROM issue_versions WHERE issue_id = 1 AND version = 1").fetchone()[0]
    return editor, _row(v1, RUNXIN)


def test_the_preflight_line_points_at_the_button_not_the_command_line(correction):
    editor, _ = correction
    panel = editor.preflight_panel
    line = next(panel.list.item(i).text() for i in range(panel.list.count())
                if "较新的数据" in panel.list.item(i).text())
    assert "workbench correct" not in line and "--take" not in line
    assert panel.take_newer_button.text() in line and not panel.take_newer_button.isHidden()


def test_the_figures_are_listed_as_the_table_names_them_and_ticked(correction, monkeypatch):
    from ui.issue_editor import lifecycle

    editor, published = correction
    offered = []

    def choose(parent, title, text, choices):
        offered.extend(choices)
        return [key for label, key in choices if "PE 2024E" in label]

    monkeypatch.setattr(lifecycle, "choose_figures", choose)
    editor.preflight_panel.take_newer_button.click()
    labels = [label for label, _ in offered]
    assert labels and not any(f"{RUNXIN}:" in label or ":pe:" in label for label in labels), labels
    pe24 = next(label for label in labels if "PE 2024E" in label)
    # published as v1 printed it (column 10 of its row: PE 2024E), in the store as imported
    assert pe24.startswith("润欣科技 PE 2024E") and published[10] in pe24 and _one_decimal("131.04") in pe24
    from workbench.report.spec import correction_table

    kept = correction_table(editor.store, editor.issue).kept  # what the correction still keeps as published
    assert [(k.ticker, k.column.metric, k.column.period) for k in kept] == [(RUNXIN, "pe", "2025E")]


def test_cancel_takes_nothing(correction, monkeypatch):
    from ui.issue_editor import lifecycle

    editor, _ = correction
    monkeypatch.setattr(lifecycle, "choose_figures", lambda parent, title, text, choices: None)
    before = editor.run_preflight()
    assert not lifecycle.take_newer(editor)
    after = editor.run_preflight()
    assert [f.message for f in after.warnings] == [f.message for f in before.warnings]


def test_the_dialog_returns_the_ticked_figures(qtbot):
    from PySide6.QtCore import Qt

    from ui.issue_editor.lifecycle import TakeNewerDialog

    dialog = TakeNewerDialog(None, "采用较新的数据", "说明", [("润欣科技 PE 2024E", "a:pe:2024E"),
                                                             ("润欣科技 PE 2025E", "a:pe:2025E")])
    qtbot.addWidget(dialog)
    assert dialog.checked() == []
    dialog.list.item(1).setCheckState(Qt.CheckState.Checked)
    assert dialog.checked() == ["a:pe:2025E"]
