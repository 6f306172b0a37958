"""A correction's PDF says it is one: 更正版 · 第 N 版 on every page, and on page 1 a 更正说明 with the
day and the reason the issue log holds. The published version before it keeps its bytes."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader

from workbench.drafting.lifecycle import change_status, export_issue, frozen_spec, open_correction
from workbench.report import render_pdf
from workbench.report.spec import ReportSpec
from workbench.report.styles import MAIN_X, MARGIN_X, PAGE_W

REASON = "表 1 中 300308.SZ 的 2024E 市盈率由 35.2 更正为 32.5；风险提示补充汇率波动风险。"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_texts(pdf: bytes) -> list[str]:
    return [squeeze(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def finalise(store, issue_id):
    change_status(store, issue_id, "review", by="林思远")
    return change_status(store, issue_id, "final", by="王编辑")


def opened_on(store, issue_id, version: int) -> str:
    """The day the issue log records the correction to ``version`` being opened."""
    rows = [r for r in store.issue_log(issue_id) if r["from_status"] == "final" and r["version"] == version]
    return rows[-1]["at"][:10]


@pytest.fixture
def corrected(demo_store):
    """The demo issue published, then corrected without editing its text and published again."""
    issue = finalise(demo_store, demo_store.issue("latest").id)
    v1 = demo_store.versions(issue.id)[0]
    v1_pdf = demo_store.version_pdf(issue.id, 1)
    open_correction(demo_store, issue.id, reason=REASON, by="王编辑")
    finalise(demo_store, issue.id)
    return {"store": demo_store, "id": issue.id, "v1": v1, "v1_pdf": v1_pdf,
            "v2_pdf": demo_store.version_pdf(issue.id, 2)}


def test_every_page_of_a_correction_is_marked_and_page_one_gives_the_reason(corrected):
    texts = page_texts(corrected["v2_pdf"])
    assert len(texts) >= 4
    for text in texts:
        assert "更正版·第2版" in text
    day = opened_on(corrected["store"], corrected["id"], 2)
    assert "更正说明" in texts[0]
    assert squeeze(f"{day} 更正：{REASON}") in texts[0]
    assert all("更正说明" not in t for t in texts[1:])


def test_the_published_first_version_is_unmarked_and_keeps_its_bytes(corrected):
    store, issue_id = corrected["store"], corrected["id"]
    assert store.version_pdf(issue_id, 1) == corrected["v1_pdf"]
    assert hashlib.sha256(corrected["v1_pdf"]).hexdigest() == corrected["v1"]["pdf_sha256"]
    for text in page_texts(corrected["v1_pdf"]):
        assert "更正版" not in text and "更正说明" not in text
    # the correction changed no text, yet a reader can tell the two apart
    assert corrected["v2_pdf"] != corrected["v1_pdf"]


def test_the_corrected_snapshot_carries_the_correction_and_renders_the_published_bytes(corrected):
    store, issue_id = corrected["store"], corrected["id"]
    snap = frozen_spec(store, issue_id)
    assert [(c.version, c.reason) for c in snap.corrections] == [(2, REASON)]
    assert snap.corrections[0].date == opened_on(store, issue_id, 2)
    assert render_pdf(snap) == corrected["v2_pdf"]
    # version 1's snapshot is written as before corrections existed
    v1_snapshot = frozen_spec(store, issue_id, 1)
    assert v1_snapshot.corrections == []
    assert "corrections" not in v1_snapshot.to_dict() and v1_snapshot.to_dict()["format"] == 1


def test_a_snapshot_with_corrections_is_a_newer_format(corrected):
    data = frozen_spec(corrected["store"], corrected["id"]).to_dict()
    assert data["format"] == 2
    assert ReportSpec.from_dict(data).corrections == frozen_spec(corrected["store"], corrected["id"]).corrections


def test_the_metadata_names_the_correction(corrected):
    meta = PdfReader(io.BytesIO(corrected["v2_pdf"])).metadata
    assert "更正版 · 第 2 版" in meta.subject
    assert meta["/ReportVersion"] == "2"
    assert "/ReportVersion" not in PdfReader(io.BytesIO(corrected["v1_pdf"])).metadata


def test_a_correction_draft_exported_through_the_plain_reader_is_marked_too(corrected, tmp_path):
    """The command line exports through the plain reader; a second correction's draft carries both."""
    from workbench.store.reader import open_reader

    store, issue_id = corrected["store"], corrected["id"]
    open_correction(store, issue_id, reason="补充<b>说明</b> & 致歉", by="王编辑")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    reader = open_reader(store.path)
    assert reader is not None
    try:
        result = export_issue(reader, issue_id, tmp_path / "v3.pdf")
    finally:
        reader.close()
    texts = page_texts((tmp_path / "v3.pdf").read_bytes())
    assert result.pages == len(texts)
    for text in texts:
        assert "更正版·第3版" in text and "草稿" in text
    first = texts[0]
    assert squeeze(f"更正（第 2 版）：{REASON}") in first
    assert squeeze("更正（第 3 版）：补充<b>说明</b> & 致歉") in first  # typed text prints as typed


# ---------------------------------------------------------------------- a long reason wraps in the column
NS = "{http://www.w3.org/1999/xhtml}"


def page_one_lines(pdf_path) -> list[tuple[str, float, float]]:
    """Page 1's text lines as poppler lays them out: (text, left, right) in points."""
    xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(pdf_path), "-"],
                         capture_output=True, check=True).stdout
    out = []
    for line in ET.fromstring(xml).iter(f"{NS}line"):
        text = "".join(w.text or "" for w in line.iter(f"{NS}word"))
        if text.strip():
            out.append((text, float(line.get("xMin")), float(line.get("xMax"))))
    return out


def test_a_long_reason_wraps_inside_the_main_column(demo_store, tmp_path):
    issue = finalise(demo_store, demo_store.issue("latest").id)
    reason = ("经复核，" + "表 1 中 300308.SZ、300502.SZ 与 002463.SZ 的 2024E/2025E 营业收入、归母净利润及"
              "市盈率（PE）按 2024-12-27 收盘价重新计算后更正，" * 6 + "其余内容不变。")
    open_correction(demo_store, issue.id, reason=reason, by="王编辑")
    finalise(demo_store, issue.id)
    pdf = tmp_path / "v2.pdf"
    export_issue(demo_store, issue.id, pdf)
    lines = page_one_lines(pdf)
    right = PAGE_W - MARGIN_X
    for text, x0, x1 in lines:
        assert MARGIN_X - 0.5 <= x0 and x1 <= right + 0.5, (text, x0, x1)
    note = [ln for ln in lines if ln[1] >= MAIN_X - 0.5]  # the main column, right of the sidebar
    joined = squeeze("".join(t for t, _, _ in note))
    assert squeeze(reason) in joined
    reason_lines = [ln for ln in note if "300308.SZ" in ln[0] or "更正，" in ln[0]]
    assert len(reason_lines) >= 6  # wrapped over many lines, every one inside the column
