"""A paragraph split across pages: the part on the next page is the rest of the text as written,
set afresh at that page's width (page 1's main column is narrower than the later pages' body).

Every glyph stays inside its frame (read back with pdftotext -bbox), and nothing of page 1's
lines comes along: no space where a page-1 line ended, no spacing of page 1's justification."""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from reportlab.lib import colors
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate, Spacer

from workbench.report.fonts import font_set
from workbench.report.styles import BODY_BOTTOM, BODY_TOP, BODY_W, MAIN_W, MAIN_X, MARGIN_X, PAGE_H, PAGE_W, Styles
from workbench.report.typeset import CJKParagraph, NumberedParagraph

NS = "{http://www.w3.org/1999/xhtml}"
THEME = ("<b>AI 新消费场景：AI 眼镜、AI 耳机、AI PC 与端侧大模型硬件全面开花</b>：CES 2025 临近，端侧大模型落地，"
         "AI 眼镜、耳机、PC 等新终端打开增量空间，SoC、CIS、光学和声学环节有望率先受益；上游的存储、射频与电池"
         "环节亦将随出货量提升而改善盈利，2025 年有望迎来量价齐升。关注标的："
         "【恒玄科技】【思特威】【博士眼镜】【乐鑫科技】【润欣科技】【泰凌微】【韦尔股份】【中科蓝讯】【炬芯科技】"
         "【立讯精密】【歌尔股份】【华勤技术】【中芯国际集成电路制造有限公司（港股同步上市）】")
PLAIN = ("在国产替代与海外需求共振之下，先进封装、高速铜缆连接、液冷散热与服务器电源等环节的产能扩张节奏明显加快，"
         "部分龙头公司的在手订单已覆盖至明年第三季度，行业集中度进一步提升。") * 3


@pytest.fixture(scope="module")
def styles():
    return Styles(font_set({}), colors.HexColor("#B0272D"))


def printed(flowable, above: float) -> bytes:
    """``flowable`` at ``above`` points below the top of a narrow first-page column (the report's main
    column), continuing in the full-width body of the next page, as the report sets it."""
    buf = io.BytesIO()
    h = BODY_TOP - BODY_BOTTOM
    doc = BaseDocTemplate(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageTemplates=[
        PageTemplate("first", [Frame(MAIN_X, BODY_BOTTOM, MAIN_W, h, 0, 0, 0, 0, id="main")]),
        PageTemplate("later", [Frame(MARGIN_X, BODY_BOTTOM, BODY_W, h, 0, 0, 0, 0, id="body")])])
    doc.build([NextPageTemplate("later"), Spacer(1, above), flowable])
    return buf.getvalue()


def lines_by_page(data: bytes) -> list[list[tuple[float, float, str]]]:
    """Each page's lines as (left, right, text), the words of a line joined as poppler reads them."""
    out = subprocess.run(["pdftotext", "-bbox-layout", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode()
    root = ET.fromstring(out)
    return [[(float(ln.get("xMin")), float(ln.get("xMax")), " ".join(w.text or "" for w in ln.iter(f"{NS}word")))
             for ln in page.iter(f"{NS}line")] for page in root.iter(f"{NS}page")]


def plain(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)


# the split falls after each of the first page's possible line counts of the paragraph
ABOVE = [h - 16 * k - 2 for h in [BODY_TOP - BODY_BOTTOM] for k in range(2, 6)]


@pytest.mark.parametrize("above", ABOVE)
@pytest.mark.parametrize("kind", ["numbered", "plain"])
def test_a_paragraph_continued_on_a_wider_page_stays_inside_its_frame(styles, kind, above):
    if kind == "numbered":
        flow, text = NumberedParagraph.numbered(1, THEME, styles.theme), plain(THEME)
    else:
        flow, text = CJKParagraph(PLAIN, styles.body), PLAIN
    pages = lines_by_page(printed(flow, above))
    assert len(pages) == 2 and pages[0] and pages[1], pages
    for k, (right_margin, lines) in enumerate(zip((MAIN_X + MAIN_W, MARGIN_X + BODY_W), pages)):
        for left, right, line in lines:
            assert right <= right_margin + 0.5, (k + 1, right - right_margin, line)
    # the second page sets the rest of the text as written: no space where a page-1 line ended, and
    # its lines take the full width (plain text: filled, but for the last)
    second = pages[1]
    joined = "".join(line for *_, line in pages[0] + second)
    hanzi = re.findall("[\u4e00-\u9fff]{2,}", text)
    assert [run for run in hanzi if run not in joined] == []
    for left, right, line in second[:-1] if kind == "plain" else []:
        assert right >= MARGIN_X + BODY_W - 1.0, (right, line)


def test_the_continued_part_holds_the_rest_of_the_text_without_page_one_s_line_ends(styles):
    p = NumberedParagraph.numbered(2, THEME, styles.theme)
    p.wrap(MAIN_W, 10_000)
    first_lines = len(p.blPara.lines)
    p = NumberedParagraph.numbered(2, THEME, styles.theme)
    parts = p.split(MAIN_W, 16 * 3 + 1)
    assert len(parts) == 2 and first_lines > 3
    one, two = parts
    lines_one = ["".join(f.text for f in line.words) for line in one.blPara.lines]
    text_one = "".join(f.text for f in one.frags)
    text_two = "".join(f.text for f in two.frags)
    assert text_one + text_two == plain(THEME)
    # the part on this page is its lines, as set (a space at a line end is not printed)
    assert text_one.replace(" ", "") == "".join(lines_one).replace(" ", "")
    assert not [f for f in two.frags if hasattr(f, "cbDefn")]  # no spacing of page 1's lines
    assert two.label == "" and one.label == "2）"
