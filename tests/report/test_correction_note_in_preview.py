"""A correction's reviewer reads, in the preview and in an export of the correction in review, the
更正说明 that will be published: what the correction updated (对比表中 N 个数字、图 K 中 M 个数据点按最新
数据更新) after its reason, as the final then prints it (it used to appear only in the final's PDF, so
nobody reviewed that sentence). The truth: page 1 of the review's export and of the final's PDF, read
back with pypdf; a first version's preview has no such note."""

from __future__ import annotations

import io
import re
import sqlite3
from dataclasses import replace

import pypdf

from workbench.cli import main

DATASET, TITLE, SERIES = "capex_guide", "云厂商资本开支", "资本开支"
REASON = "更正资本开支预测"


def _page1(pdf: bytes) -> str:
    return re.sub(r"\s*\n\s*", "", pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text())


def _note(text: str) -> str | None:
    found = re.search(r"更正：(.*?按最新数据更新)", text)
    return found.group(1) if found else None


def test_the_review_export_says_what_the_final_will(demo_path, tmp_path):
    from workbench.domain.issue import Figure
    from workbench.store import Store

    db = str(demo_path)
    with Store(db) as store:
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [200.0, 913.7]})
        issue = store.issue(1)
        store.save_issue(replace(issue, figures=[*issue.figures, Figure("dataset_bars", TITLE, "亿美元", "资料来源：公司公告",
                                                                        DATASET, SERIES)]), keep_status=True)
    draft = tmp_path / "v1_draft.pdf"
    assert main(["export", "1", "--db", db, "-o", str(draft)]) == 0
    assert _note(_page1(draft.read_bytes())) is None  # a first version: no 更正说明
    for status in ("review", "final"):
        assert main(["status", "1", status, "--db", db, "--by", "编辑"]) == 0
    with Store(db) as store:
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [200.0, 931.7]})
        store.set_fact("688018.SH", "pe", "2024E", 77.7)  # typed after publication
    assert main(["correct", "1", "--db", db, "--by", "编辑", "--reason", REASON,
                 "--take-point", f"{TITLE}:{SERIES}:2025E"]) == 0
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    review = tmp_path / "v2_review.pdf"
    assert main(["export", "1", "--db", db, "-o", str(review)]) == 0
    seen = _note(_page1(review.read_bytes()))
    assert seen is not None and seen.startswith(REASON) and "数据点" in seen, _page1(review.read_bytes())
    assert main(["status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes"]) == 0
    with sqlite3.connect(db) as conn:
        final = conn.execute("SELECT pdf FROM issue_versions WHERE issue_id = 1 AND version = 2").fetchone()[0]
    assert _note(_page1(final)) == seen


def test_the_review_export_with_a_typed_forecast_figure(demo_path, tmp_path, capsys):
    """A PE typed in the correction (its cause read from the figure's history) exports from the
    command line, whose reads go through the store's fast reader, and says 对比表中 1 个数字…."""
    from workbench.store import Store

    db = str(demo_path)
    for status in ("review", "final"):
        assert main(["status", "1", status, "--db", db, "--by", "编辑"]) == 0
    assert main(["correct", "1", "--db", db, "--by", "编辑", "--reason", "乐鑫科技 PE 更正"]) == 0
    with Store(db) as store:
        store.set_fact("688018.SH", "pe", "2024E", 78.8)  # typed in the correction
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    review = tmp_path / "v2_review.pdf"
    capsys.readouterr()
    code = main(["export", "1", "--db", db, "-o", str(review)])
    assert code == 0, capsys.readouterr()
    assert _note(_page1(review.read_bytes())) == "乐鑫科技 PE 更正；对比表中 1 个数字按最新数据更新"
