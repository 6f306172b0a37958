"""禁则 hold where a run cannot be broken at an opportunity: a run wider than the line (a long URL)
followed by a space and a full-width comma is cut inside the run, never before the comma, so no
line starts with closing punctuation, whatever the width; nothing passes the measure."""

from __future__ import annotations

import pytest
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from workbench.report.fonts import font_set
from workbench.report.typeset import CJKParagraph

NO_START = "。，、；：？！）】」》%”’,.;:!?)"
URL = "https://www.sse.com.cn/disclosure/listedinfo/announcement/c/new/2025-01-03/688999_20250103_ABCDEFGHIJKLMNOPQRSTUVWXYZ.pdf"
TEXTS = [f"详见公告链接 {URL} ，以及数据区间 20241209-20241215 与 20241216-20241222 的对比。",
         f"详见公告链接 {URL}，以及数据区间的对比。",
         f"详见公告链接 {URL} 。",
         f"详见【{'深圳市超长名称先进半导体与智能终端科技集团股份有限公司' * 2}】 ，以及对比。"]


@pytest.fixture(scope="module")
def style():
    fonts = font_set({})
    return ParagraphStyle("b", fontName=fonts.body, fontSize=9.5, leading=16, alignment=TA_JUSTIFY, wordWrap="CJK")


@pytest.mark.parametrize("text", TEXTS, ids=["url-space-comma", "url-comma", "url-space-stop", "name-space-comma"])
def test_no_line_starts_with_closing_punctuation_after_a_run_cut_to_fit(style, text):
    for width in range(120, 560, 4):
        p = CJKParagraph(text, style)
        p.wrap(width, 100_000)
        lines = ["".join(f.text for f in line.words) for line in p.blPara.lines]
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for k, line in enumerate(lines):
            assert line, (width, lines)
            if k:
                assert line.lstrip()[0] not in NO_START, (width, lines)
            assert stringWidth(line.rstrip(), style.fontName, style.fontSize) <= width + 1e-6, (width, line)
