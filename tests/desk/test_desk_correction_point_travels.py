"""A chart point a correction takes on purpose (``--take-point`` / 采用较新的数据…) travels with the
issue: the editor opens the correction on one workstation and takes a dataset's forecast point fixed
since publication; the supervisor finalises it on another, whose final prints the fixed point, as the
editor's preview does. Against a real PostgreSQL desk.

Truth: the values the test put in the dataset; the chart's value labels read back from both PDFs with
pypdf; the issue's record read from the desk's row."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace

import psycopg
from pypdf import PdfReader

from workbench.desk.sync import sync
from workbench.domain.issue import Figure
from workbench.drafting.lifecycle import change_status, export_issue, open_correction

DATASET, TITLE, SERIES = "capex_guide", "云厂商资本开支", "资本开支"
TYPO, FIXED = 913.7, 931.7


def _numbers(pdf: bytes) -> list[str]:
    for page in PdfReader(io.BytesIO(pdf)).pages:
        text = page.extract_text()
        if TITLE in text and "2025E" in text:
            return re.findall(r"\d+(?:\.\d+)?", text)
    raise AssertionError("the figure is not printed")


def test_a_chart_point_taken_prints_on_the_supervisors_final(editor_and_supervisor, tmp_path):
    desk, (a, ca), (b, cb) = editor_and_supervisor
    issue_id = a.issue("latest").id
    a.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [200.0, TYPO]})
    issue = a.issue(issue_id)
    a.save_issue(replace(issue, figures=[*issue.figures, Figure("dataset_bars", TITLE, "亿美元", "资料来源：公司公告",
                                                                DATASET, SERIES)]), keep_status=True)
    change_status(a, issue_id, "review", by="编辑甲")
    change_status(a, issue_id, "final", by="编辑甲")
    a.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [200.0, FIXED]})
    sync(a, ca)
    sync(b, cb)
    assert str(TYPO) in _numbers(b.version_pdf(issue_id, 1))

    open_correction(a, issue_id, reason="更正资本开支预测", by="编辑甲", points=[f"{TITLE}:{SERIES}:2025E"])
    change_status(a, issue_id, "review", by="编辑甲")
    preview = tmp_path / "a_preview.pdf"
    export_issue(a, issue_id, preview)
    sync(a, ca)
    assert sync(b, cb).refused == 0
    change_status(b, issue_id, "final", by="审核乙", accept_changes=True)

    for pdf in (preview.read_bytes(), b.version_pdf(issue_id, 2)):
        numbers = _numbers(pdf)
        assert str(FIXED) in numbers and str(TYPO) not in numbers, numbers
    with psycopg.connect(desk.super_url) as su:
        data = su.execute("SELECT data FROM desk.rows WHERE tbl = 'issues' AND key = %s",
                          [a.scalar("SELECT uid FROM issues WHERE id = ?", [issue_id])]).fetchone()[0]
    assert json.loads(data["correction"])["points"] == [[DATASET, SERIES, "2025E"]]
