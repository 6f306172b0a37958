"""定稿 of a correction asks first, saying what the 更正说明 on page 1 will say the correction updated:
the same words the frozen PDF then prints (对比表中…、图 N 中 1 个数据点按最新数据更新), the chart points
included (the question said only "N figures", and N counted the table's). The truth: page 1 of the
frozen PDF read back with pypdf."""

from __future__ import annotations

import io
import re
import sqlite3
from dataclasses import replace

import pypdf

from workbench.cli import main

DATASET, TITLE, SERIES = "capex_guide", "云厂商资本开支", "资本开支"


def _note_printed(db) -> str:
    with sqlite3.connect(db) as conn:
        pdf = conn.execute("SELECT pdf FROM issue_versions WHERE issue_id = 1 AND version = 2").fetchone()[0]
    flat = re.sub(r"\s*\n\s*", "", pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    found = re.search(r"；([^；]*按最新数据更新)", flat)
    assert found, flat
    return found.group(1)


def test_the_final_question_quotes_the_correction_note(make_editor, demo_path, capsys):
    from ui.issue_editor.lifecycle import Lifecycle
    from workbench.domain.issue import Figure
    from workbench.drafting.lifecycle import final_check
    from workbench.store import Store

    db = str(demo_path)
    with Store(db) as store:
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [200.0, 913.7]})
        issue = store.issue(1)
        store.save_issue(replace(issue, figures=[*issue.figures, Figure("dataset_bars", TITLE, "亿美元", "资料来源：公司公告",
                                                                        DATASET, SERIES)]), keep_status=True)
    for status in ("review", "final"):
        assert main(["status", "1", status, "--db", db, "--by", "编辑"]) == 0
    with Store(db) as store:  # the typo fixed after publication, and taken by the correction
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [200.0, 931.7]})
    assert main(["correct", "1", "--db", db, "--by", "编辑", "--reason", "更正资本开支预测",
                 "--take-point", f"{TITLE}:{SERIES}:2025E"]) == 0
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    with Store(db) as store:
        check = final_check(store, store.issue(1))
    notes = Lifecycle._final_notes(check)
    assert main(["status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes"]) == 0
    printed = _note_printed(db)
    assert "数据点" in printed  # the chart point is in the printed note
    assert re.sub(r"\s+", "", printed) in re.sub(r"\s+", "", notes), (printed, notes)
