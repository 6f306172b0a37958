"""A paragraph split across pages never leaves a single line alone on the next page, even when the
rest is set again at that page's (wider) width, and the page break never falls inside a word.

Page 1's main column is about 290 pt wide, the later pages' body 511 pt: a rest of two or three
narrow lines may fit on one wide line. The page is read back with poppler (pdftotext -bbox-layout);
the paragraph's text as typed is the truth its lines must make up, in order."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from reportlab.lib import colors
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate, Spacer

from workbench.report.fonts import font_set
from workbench.report.styles import BODY_BOTTOM, BODY_TOP, BODY_W, MAIN_W, MAIN_X, MARGIN_X, PAGE_H, PAGE_W, Styles
from workbench.report.typeset import CJKParagraph, NumberedParagraph

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")

NS = "{http://www.w3.org/1999/xhtml}"
LEADING = 16  # the body style's leading
RISKS = [f"风险{k}：" + ("下游需求不及预期" if k % 2 else "AI 商业化进展不及预期，海外 capex 下修") for k in range(1, 13)]
RISK_TEXT = "■ 风险提示：" + "；".join(RISKS) + "。"
PROSE = ("在国产替代与海外需求共振之下，先进封装、高速铜缆连接、液冷散热与服务器电源等环节的产能扩张节奏明显加快，"
         "部分龙头公司的在手订单已覆盖至明年第三季度，行业集中度进一步提升，AI 服务器出货量同比增长 45.6%。")
THEME = ("<b>AI 新消费场景</b>：CES 2025 临近，端侧大模型落地，AI 眼镜、耳机、PC 等新终端打开增量空间，SoC、CIS、"
         "光学和声学环节有望率先受益；上游的存储、射频与电池环节亦将随出货量提升而改善盈利，2025 年有望迎来量价齐升。")
MORE = "下游品牌商新品密集发布，供应链订单能见度提升，关注具备平台化能力的 SoC 厂商与光学模组厂商。"
WORDS = ["海外", "capex", "商业化", "不及预期", "需求", "45.6%", "AI", "CES", "2025"]


@pytest.fixture(scope="module")
def styles():
    return Styles(font_set({}), colors.HexColor("#B0272D"))


def printed(flowable, above: float) -> bytes:
    """``flowable`` at ``above`` points below the top of page 1's narrow main column, continuing in
    the full-width body of the next page, as the report sets it."""
    buf = io.BytesIO()
    h = BODY_TOP - BODY_BOTTOM
    doc = BaseDocTemplate(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageTemplates=[
        PageTemplate("first", [Frame(MAIN_X, BODY_BOTTOM, MAIN_W, h, 0, 0, 0, 0, id="main")]),
        PageTemplate("later", [Frame(MARGIN_X, BODY_BOTTOM, BODY_W, h, 0, 0, 0, 0, id="body")])])
    doc.build([NextPageTemplate("later"), Spacer(1, above), flowable])
    return buf.getvalue()


def pages_of(data: bytes) -> list[list[tuple[float, float, str]]]:
    """Each page's lines as (left, right, text), the words of a line joined as poppler reads them."""
    out = subprocess.run(["pdftotext", "-bbox-layout", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode()
    root = ET.fromstring(out)
    return [[(float(ln.get("xMin")), float(ln.get("xMax")), " ".join(w.text or "" for w in ln.iter(f"{NS}word")))
             for ln in page.iter(f"{NS}line")] for page in root.iter(f"{NS}page")]


def key(s: str) -> str:
    return re.sub(r"\s", "", s)


def plain(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)


def hanzi(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def check_break(first: str, second: str, text: str, phrase: bool = True) -> None:
    """The page break between the text of page 1 (``first``) and page 2 (``second``) falls inside none
    of the listed words and numbers, nor inside any Latin word or number; with ``phrase`` (text with a
    pause mark or a change of script near every line end) not between two hanzi either, nor between
    a hanzi and the number after it."""
    at = len(key(first))
    t = key(text)
    for w in WORDS + re.findall(r"[A-Za-z0-9.%]+", text):
        for m in re.finditer(re.escape(w), t):
            assert not m.start() < at < m.end(), (w, first[-8:], second[:8])
    if phrase:
        assert not (hanzi(t[at - 1]) and (hanzi(t[at]) or t[at].isdigit())), (first[-8:], second[:8])


def measure_lines(flowable, width: float) -> int:
    flowable.wrap(width, 1e6)
    return len(flowable.blPara.lines)


# (name, paragraph, its text, whether a phrase boundary lies within reach of every line end)
CASES = [("risks", lambda st: CJKParagraph(RISK_TEXT, st.body), RISK_TEXT, True),
         ("prose", lambda st: CJKParagraph(PROSE * 2, st.body), PROSE * 2, False),
         ("theme", lambda st: NumberedParagraph.numbered(1, THEME + MORE, st.theme), "1）" + plain(THEME + MORE), True)]


@pytest.mark.parametrize("name,make,text,phrase", CASES, ids=[c[0] for c in CASES])
def test_the_next_page_never_starts_with_a_single_line_of_a_continued_paragraph(styles, name, make, text, phrase):
    n = measure_lines(make(styles), MAIN_W)
    assert n >= 5, n  # long enough to be split with several lines on either page
    h = BODY_TOP - BODY_BOTTOM
    for k in range(2, n):  # room for k lines of the paragraph at the foot of page 1
        pages = pages_of(printed(make(styles), h - LEADING * k - 2))
        first = [t for _, _, t in pages[0]]
        second = [t for _, _, t in pages[1]] if len(pages) > 1 else []
        # the whole text, in order, on the two pages
        assert key("".join(first + second)) == key(text), (k, first, second)
        assert len(first) != 1 and len(second) != 1, (k, first, second)
        if first and second:
            check_break("".join(first), "".join(second), text, phrase)
            # page 1's lines, its last included, reach the column's right edge (justified)
            for _, right, line in pages[0]:
                assert right >= MAIN_X + MAIN_W - 1.0, (k, right, line)


def test_the_risk_list_with_room_for_five_or_six_narrow_lines_is_not_left_with_one_wide_line(styles):
    """The QA case: the risk list sets 7 lines in the narrow column; with room for 5 or 6 of them
    the rest (2 or 1 narrow lines) makes a single line at full width."""
    n = measure_lines(CJKParagraph(RISK_TEXT, styles.body), MAIN_W)
    assert n == 7
    h = BODY_TOP - BODY_BOTTOM
    for k in (5, 6):
        pages = pages_of(printed(CJKParagraph(RISK_TEXT, styles.body), h - LEADING * k - 2))
        first = [t for _, _, t in pages[0]]
        second = [t for _, _, t in pages[1]] if len(pages) > 1 else []
        assert key("".join(first + second)) == key(RISK_TEXT)
        assert second == [] or len(second) >= 2, (k, second)
        if second:
            check_break("".join(first), "".join(second), RISK_TEXT)


# ---------------------------------------------------------------------- the report, as QA found it
def report_lines(pdf) -> list[list[str]]:
    """Pages 1 and 2 of an exported report: page 1's main-column lines and page 2's body lines."""
    pages = pages_of(pdf.read_bytes())[:2]
    return [[t for left, _, t in pages[0] if left >= MAIN_X - 2], [t for _, _, t in pages[1]]]


def paragraph_pages(pages: list[list[str]], truth: str) -> list[tuple[int, str]]:
    """The lines of the paragraph ``truth`` (found in order on the pages) as (page 0 or 1, text)."""
    t = key(truth)
    at, found = 0, []
    for no, lines in enumerate(pages):
        for line in lines:
            k = key(line).lstrip("●")
            if not k or at >= len(t):
                continue
            if at == 0 and not (t.startswith(k) and len(k) >= 6):
                continue
            if t.startswith(k, at):
                found.append((no, k))
                at += len(k)
    assert at == len(t), (truth, at, found)
    return found


@pytest.mark.parametrize("filler", [9, 48, 51])
def test_the_report_never_leaves_a_single_line_of_a_paragraph_alone_on_page_two(demo_path, tmp_path, filler):
    """The demo issue with a 12-item risk list and view 3 lengthened (``filler`` phrases), so that the
    risk list (9) or view 3 (48, 51) runs from page 1's main column onto page 2. With 51 no phrase
    boundary is within reach of page 1's last line: lines go over, and the rest must go on on page 2,
    not in the lines they left free on page 1."""
    from workbench.report.export import export_pdf
    from workbench.store import Store

    with Store(demo_path) as st:
        issue = st.issue(1)
        issue.views[2] = issue.views[2] + "补充说明：" + "算力基础设施建设仍处上行周期，" * filler
        issue.risks = list(RISKS)
        st.save_issue(issue)
        view = issue.views[2].replace("**", "")
        export_pdf(st, 1, tmp_path / "r.pdf")
    pages = report_lines(tmp_path / "r.pdf")
    crossing = []
    for truth in (RISK_TEXT, view):
        found = paragraph_pages(pages, truth)
        first = [k for no, k in found if no == 0]
        second = [k for no, k in found if no == 1]
        assert len(first) != 1 and len(second) != 1, (truth[:12], first, second)
        if first and second:
            crossing.append(truth)
            check_break("".join(first), "".join(second), truth)
    # the case QA met: this paragraph runs on from page 1 (whole on either page is what it was not)
    assert crossing or filler == 9, crossing
