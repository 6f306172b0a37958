"""A correction's 采用较新的数据… lists the chart points it keeps as published (a dataset's forecast
year's point) beside the table's figures, named as the preflight names them (图 4「云厂商资本开支」资本开支
2025E) with the published value and the store's; ticking one prints the store's value. The truth:
the published point read back from v1's PDF with pypdf, the store's from the file with sqlite3."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from dataclasses import replace

import pypdf
import pytest

DATASET, TITLE, SERIES = "capex_guide", "云厂商资本开支", "资本开支"
TYPO, FIXED = 913.7, 931.7


def _printed_numbers(pdf: bytes) -> list[str]:
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        text = page.extract_text()
        if TITLE in text and "2025E" in text:
            return re.findall(r"\d+(?:\.\d+)?", text)
    raise AssertionError("the figure is not printed")


@pytest.fixture
def correction(make_editor, demo_path):
    from workbench.domain.issue import Figure
    from workbench.drafting.lifecycle import change_status
    from workbench.store import Store

    db = str(demo_path)
    with Store(db) as store:
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [200.0, TYPO]})
        issue = store.issue(1)
        store.save_issue(replace(issue, figures=[*issue.figures, Figure("dataset_bars", TITLE, "亿美元", "资料来源：公司公告",
                                                                        DATASET, SERIES)]), keep_status=True)
        change_status(store, 1, "review", by="审阅人")
        change_status(store, 1, "final", by="编辑")
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [200.0, FIXED]})
    editor = make_editor(1, ask_text=lambda parent, title, label: "更正资本开支预测")
    editor.show()
    assert editor.correction()
    result = editor.run_preflight()
    assert any(f.code == "figures_after_as_of" for f in result.warnings)
    with sqlite3.connect(db) as conn:
        v1 = conn.execute("SELECT pdf, snapshot_json FROM issue_versions WHERE issue_id = 1 AND version = 1").fetchone()
    assert str(TYPO) in _printed_numbers(v1[0])
    number = [f["title"] for f in json.loads(v1[1])["figures"]].index(TITLE) + 1
    return editor, db, number


def _drawn(store) -> float:
    from workbench.report import build_report_spec

    chart = next(f.chart for f in build_report_spec(store, 1).figures if f.title == TITLE)
    return dict(zip(chart.x, chart.series[0].values))["2025E"]


def test_a_kept_chart_point_is_offered_and_taken_when_ticked(correction, monkeypatch):
    from ui.issue_editor import lifecycle

    editor, db, number = correction
    assert _drawn(editor.store) == TYPO
    offered = []

    def choose(parent, title, text, choices):
        offered.extend(choices)
        return [key for label, key in choices if "2025E" in label]

    monkeypatch.setattr(lifecycle, "choose_figures", choose)
    editor.preflight_panel.take_newer_button.click()
    labels = [label for label, _ in offered]
    point = [label for label in labels if "2025E" in label]
    assert len(point) == 1, labels
    assert point[0].startswith(f"图 {number}「{TITLE}」{SERIES} 2025E"), point
    assert str(TYPO) in point[0] and str(FIXED) in point[0], point
    with sqlite3.connect(db) as conn:
        cats, series = (json.loads(t) for t in conn.execute(
            "SELECT categories, series FROM datasets WHERE name = ?", [DATASET]).fetchone())
        record = json.loads(conn.execute("SELECT correction FROM issues WHERE id = 1").fetchone()[0])
    assert [DATASET, SERIES, "2025E"] in record["points"], record
    assert _drawn(editor.store) == dict(zip(cats, series[SERIES]))["2025E"] == FIXED
    line = next((f.message for f in editor.run_preflight().warnings if f.code == "figures_after_as_of"), "")
    assert "保留发布时的数值" not in line, line  # nothing else changed: nothing kept as published


def test_a_point_not_ticked_stays_as_published(correction, monkeypatch):
    from ui.issue_editor import lifecycle

    editor, db, _ = correction
    monkeypatch.setattr(lifecycle, "choose_figures", lambda parent, title, text, choices: [])
    assert not lifecycle.take_newer(editor)
    assert _drawn(editor.store) == TYPO
