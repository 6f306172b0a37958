"""A draft or review PDF says so on every page and in its metadata; only a final issue prints clean."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from workbench.report import build_report_spec, render_pdf


@pytest.fixture(scope="module")
def spec(tmp_path_factory, demo_store_template):
    import shutil

    from workbench.store import Store

    path = tmp_path_factory.mktemp("mark") / "demo.sqlite"
    shutil.copy(demo_store_template, path)
    with Store(path) as store:
        return build_report_spec(store, "latest")


def read(spec, status: str) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(replace(spec, status=status))))


def page_texts(reader: PdfReader) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in reader.pages]


def test_a_draft_is_marked_on_every_page(spec):
    texts = page_texts(read(spec, "draft"))
    assert len(texts) >= 4
    for text in texts:
        assert "草稿·未经审核，不得对外发布" in text


def test_a_review_copy_is_marked_on_every_page(spec):
    texts = page_texts(read(spec, "review"))
    for text in texts:
        assert "审阅稿·未经审核，不得对外发布" in text
        assert "草稿" not in text


def test_a_final_issue_prints_clean(spec):
    texts = page_texts(read(spec, "final"))
    for text in texts:
        assert "草稿" not in text and "审阅稿" not in text and "不得对外发布" not in text


def test_the_draft_metadata_says_draft(spec):
    meta = read(spec, "draft").metadata
    assert meta.title == "【草稿】周观点：小米加码万卡算力，端侧 AI 与硬件创新接力"
    assert meta.subject == "先进科技主题周报 20241223-20241229（草稿，不得对外发布 not for release）"
    assert meta["/ReportStatus"] == "draft"


def test_the_review_metadata_says_review(spec):
    meta = read(spec, "review").metadata
    assert meta.title == "【审阅稿】周观点：小米加码万卡算力，端侧 AI 与硬件创新接力"
    assert meta["/ReportStatus"] == "review"


def test_the_final_metadata_is_clean(spec):
    meta = read(spec, "final").metadata
    assert meta.title == "周观点：小米加码万卡算力，端侧 AI 与硬件创新接力"
    assert meta.subject == "先进科技主题周报 20241223-20241229"
    assert meta["/ReportStatus"] == "final"


def test_an_unknown_status_is_treated_as_a_draft(spec):
    reader = read(spec, "something-else")
    assert reader.metadata["/ReportStatus"] == "draft"
    assert all("草稿" in t for t in page_texts(reader))


def test_the_big_mark_is_drawn_on_every_page(spec):
    """The diagonal 草稿 is a rotated text drawn on each page, translucent."""
    reader = read(spec, "draft")
    for page in reader.pages:
        found = []

        def visit(text, cm, tm, font, size):
            if "草稿" in text and abs(cm[1]) > 0.1 and size * abs(cm[0]) > 50:  # large, rotated
                found.append(size)

        page.extract_text(visitor_text=visit)
        assert found, "no diagonal mark on a page"


def test_the_published_pdf_of_a_final_issue_is_clean(demo_store):
    from workbench.drafting.lifecycle import change_status

    issue = demo_store.issue("latest")
    change_status(demo_store, issue.id, "review", by="t")
    change_status(demo_store, issue.id, "final", by="t")
    pdf = demo_store.version_pdf(issue.id, demo_store.versions(issue.id)[-1]["version"])
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata["/ReportStatus"] == "final"
    assert reader.metadata.title == "周观点：小米加码万卡算力，端侧 AI 与硬件创新接力"
    assert all("草稿" not in t and "审阅稿" not in t for t in page_texts(reader))
