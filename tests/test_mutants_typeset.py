"""A justified line never opens a gap before a closing mark, also where two marks meet (）、 】， ”。):
the spare width may go after the first mark, never between it and the next, or a PDF reader copies
and searches 恒玄科技（688608.SH） 、 with a space no one typed. Checked by reading the PDF back with
poppler's pdftotext at many widths."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

from workbench.report.fonts import font_set
from workbench.report.typeset import CJKParagraph

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")

PICKS = ("关注标的：恒玄科技（688608.SH）、乐鑫科技（688018.SH）、泰凌微（688591.SH）、中科蓝讯（688332.SH），"
         "另可关注【润欣科技】【全志科技】。风险提示：需求不及预期（消费电子）、竞争加剧（价格战）、"
         "新品进度不及预期（“端侧大模型”）；汇率波动（海外收入占比高）。")
WIDTHS = [140.0, 161.0, 177.0, 198.0, 223.0, 251.0, 289.0, 317.0, 352.0, 401.0]
PAGE_W, PAGE_H = 500.0, 800.0
CLOSING = "，。；：、！？）】」》”"


def pdf_of(text: str, size: float) -> bytes:
    fonts = font_set({})
    style = ParagraphStyle("b", fontName=fonts.body, fontSize=size, leading=size * 1.7, alignment=TA_JUSTIFY,
                           wordWrap="CJK")
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    doc.addPageTemplates([PageTemplate(f"w{k}", [Frame(20, 20, w, PAGE_H - 40, 0, 0, 0, 0)])
                          for k, w in enumerate(WIDTHS)])
    story = []
    for k in range(len(WIDTHS)):
        story.append(CJKParagraph(text, style))
        if k + 1 < len(WIDTHS):
            story += [NextPageTemplate(f"w{k + 1}"), PageBreak()]
    doc.build(story)
    return buf.getvalue()


@pytest.mark.parametrize("size", [9.5, 8.0])
def test_no_gap_opens_between_two_marks_of_a_justified_line(size):
    data = subprocess.run(["pdftotext", "-", "-"], input=pdf_of(PICKS, size), capture_output=True,
                          check=True).stdout.decode()
    pages = data.split("\f")[:len(WIDTHS)]
    assert len(pages) == len(WIDTHS)
    for width, page in zip(WIDTHS, pages):
        joined = page.replace("\n", "")  # a line wrap is not a space
        assert re.findall(f" [{CLOSING}]", joined) == [], (width, page)
        for phrase in ("688608.SH）、", "润欣科技】", "全志科技】。", "价格战）、", "端侧大模型”）；", "收入占比高）。"):
            assert phrase in joined, (width, phrase, page)
