"""Each signing analyst's name, SAC number and contact are compliance items: page 1's sidebar prints
them in full, wrapping within the sidebar (never cut with "…", never a label alone on its line), the
preflight claims no cut, and the closing 分析师声明 names every signing analyst with the number.

The analysts are added to the demo store as `workbench analyst add` does; what the PDF must show is
read from the store, and the PDF is read back with pdftotext (the sidebar's own strip of page 1)
and pypdf (the last page)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from workbench.report.preflight import preflight
from workbench.report.styles import MARGIN_X, PAGE_H, SIDEBAR_W

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")

LONG_NAME = "Alexander Christopherson"  # 24 characters
LONGER_NAME = "Anna-Katharina Schwarzenberg-Montgomery"  # 39: more than a sidebar line
LONG_CONTACT = "ouyang.zhugemingyuan.research.department@xinghai-securities-research.example"  # 76


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def signed(demo_store):
    """The demo issue signed by its two analysts and two more: one with a long Latin name, one with
    a contact far longer than a sidebar line."""
    issue = demo_store.issue("latest")
    issue.analysts = [*issue.analysts,
                      demo_store.add_analyst(LONG_NAME, "S0990524010004", "alex@xinghai-sec.example"),
                      demo_store.add_analyst(LONGER_NAME, "S0990524010005", "anna@xinghai-sec.example"),
                      demo_store.add_analyst("欧阳诸葛明远", "S0990524010003", LONG_CONTACT)]
    demo_store.save_issue(issue)
    return demo_store.issue(issue.id)


@pytest.fixture
def pdf(demo_store, signed, tmp_path):
    from workbench.report import export_pdf

    out = tmp_path / "signed.pdf"
    export_pdf(demo_store, signed, out)
    return out


def sidebar_lines(pdf) -> list[str]:
    """Page 1's sidebar strip as pdftotext reads it (points: pdftotext's default 72 dpi)."""
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-x", str(int(MARGIN_X)), "-y", "0",
                           "-W", str(int(SIDEBAR_W)), "-H", str(int(PAGE_H)), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_sidebar_prints_every_name_and_contact_in_full(demo_store, signed, pdf):
    # the whole text with pypdf (pdftotext joins a word hyphenated at a line end: securities-|research)
    page1 = squash(PdfReader(str(pdf)).pages[0].extract_text())
    lines = sidebar_lines(pdf)
    assert "…" not in squash("".join(lines))
    for analyst_id in signed.analysts:
        a = demo_store.analyst(analyst_id)
        assert f"分析师：{squash(a['name'])}" in page1
        assert f"执业证书编号：{a['sac_no']}" in page1
        assert f"邮箱：{squash(a['contact'])}" in page1
    # a label never ends its line alone: the text it labels starts beside it
    assert not [line for line in lines if line in ("分析师：", "邮箱：", "执业证书编号：")]
    assert any(line.startswith("邮箱：ouyang") for line in lines)
    assert any(line.startswith("分析师：Anna") for line in lines)


def test_a_wrapped_name_stays_inside_the_sidebar(pdf):
    """The name's words are drawn inside the sidebar's strip (none run under the main column)."""
    reader = PdfReader(str(pdf))
    right = MARGIN_X + SIDEBAR_W
    seen: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            seen.append((text, tm[4] * cm[0] + cm[4]))

    reader.pages[0].extract_text(visitor_text=visit)
    words = [(t, x) for t, x in seen if any(w in t for w in ("Christopherson", "Schwarzenberg", "Montgomery"))]
    assert len(words) >= 2 and all(MARGIN_X <= x < right for _, x in words)


def test_the_preflight_claims_no_cut_of_a_name_or_contact(demo_store, signed):
    found = preflight(demo_store, signed).warnings
    claims = [f for f in found if f.field.startswith("analysts[") and ("截断" in f.message or f.code == "text_cut")]
    assert claims == []


def test_the_declaration_names_every_signing_analyst_with_the_sac_number(demo_store, signed, pdf):
    text = squash("".join(page.extract_text() for page in PdfReader(str(pdf)).pages))
    assert text.count("分析师声明") == 1 and "公司业务资格说明" in text
    declaration = text.split("分析师声明", 1)[1].split("公司业务资格说明", 1)[0]
    for analyst_id in signed.analysts:
        a = demo_store.analyst(analyst_id)
        assert f"{squash(a['name'])}（执业证书编号：{a['sac_no']}）" in declaration
    # the house's own declaration is printed whole after the names
    assert squash(demo_store.house()["declaration"]) in declaration


def test_no_signing_analyst_is_split_across_the_declarations_lines(demo_store, signed, pdf):
    """Five analysts take more than one line; each name with its number stays on one line."""
    lines = [squash(line) for page in PdfReader(str(pdf)).pages for line in page.extract_text().splitlines()]
    start = next(k for k, line in enumerate(lines) if line == "分析师声明")
    block = lines[start + 1:start + 8]
    for analyst_id in signed.analysts:
        a = demo_store.analyst(analyst_id)
        item = f"{squash(a['name'])}（执业证书编号：{a['sac_no']}）"
        assert any(item in line for line in block), (item, block)
