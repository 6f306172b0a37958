"""Justified text stays searchable: PDF readers (poppler's pdftotext, Evince, Okular) read a gap of
a tenth of the font size between two glyphs as a word space, so a justified line must not spread
its spare width that wide between hanzi (周 涨 跌 幅 would neither copy nor search as 周涨跌幅)."""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate

from workbench.report.fonts import font_set
from workbench.report.typeset import CJKParagraph

REVIEW = ("【市场回顾】本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；深证成指报收 10659.98 点，周涨跌幅为+0.13%；"
          "创业板指报收 2204.90 点，周涨跌幅为-0.22%；沪深300报收 3981.03 点，周涨跌幅为+1.36%；"
          "中证人工智能指数报收 1321.33 点，周涨跌幅为-0.57%，跑输大盘。")
NAMES = ("端侧大模型落地，AI 眼镜、耳机等新终端打开增量空间。关注标的：【恒玄科技】【思特威】【博士眼镜】"
         "【深圳市超长名称先进半导体与智能终端科技集团股份】【乐鑫科技】【泰凌微】【润欣科技】【中科蓝讯】"
         "【炬芯科技】【韦尔股份】【立讯精密】【歌尔股份】【华勤技术】")
LONG_NAME = "卫星互联网：国内星座组网提速。关注标的：【信维通信】【新材料有限公司】【深圳市超长名称先进半导体股份】"
PLAIN = ("在国产替代与海外需求共振之下，先进封装、高速铜缆连接、液冷散热与服务器电源等环节的产能扩张节奏明显加快，"
         "部分龙头公司的在手订单已覆盖至明年第三季度，行业集中度进一步提升。") * 2
WIDTHS = [150.0, 183.0, 215.0, 260.0, 333.0, 396.0, 437.0]
PAGE_W, PAGE_H, X0 = 500.0, 800.0, 20.0
NS = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def fonts():
    return font_set({})


def body(fonts, size: float = 9.5) -> ParagraphStyle:
    return ParagraphStyle("b", fontName=fonts.body, fontSize=size, leading=size * 1.7, alignment=TA_JUSTIFY,
                          wordWrap="CJK")


def pdf_of(text: str, style: ParagraphStyle) -> bytes:
    """``text`` justified at each of WIDTHS, one width a page."""
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
    templates = [PageTemplate(f"w{k}", [Frame(X0, 20, w, PAGE_H - 40, 0, 0, 0, 0)]) for k, w in enumerate(WIDTHS)]
    doc.addPageTemplates(templates)
    from reportlab.platypus.doctemplate import NextPageTemplate

    story = []
    for k in range(len(WIDTHS)):
        story += [CJKParagraph(text, style)]
        if k + 1 < len(WIDTHS):
            story += [NextPageTemplate(f"w{k + 1}"), PageBreak()]
    doc.build(story)
    return buf.getvalue()


def pdftotext(data: bytes, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def hanzi_runs(text: str) -> list[str]:
    """The source's runs of two or more hanzi: a reader must find each as typed."""
    return re.findall("[\u4e00-\u9fff]{2,}", text)


@pytest.mark.parametrize("text", [REVIEW, NAMES, LONG_NAME, PLAIN], ids=["review", "names", "long-name", "plain"])
@pytest.mark.parametrize("size", [9.5, 8.0])
def test_pdftotext_finds_every_phrase_of_a_justified_paragraph(fonts, text, size):
    pages = pdftotext(pdf_of(text, body(fonts, size))).split("\f")[:len(WIDTHS)]
    assert len(pages) == len(WIDTHS)
    for width, page in zip(WIDTHS, pages):
        joined = page.replace("\n", "")  # a line wrap is not a space
        lost = [run for run in hanzi_runs(text) if run not in joined]
        assert lost == [], (width, lost, page)


def lines_of(data: bytes) -> list[list[tuple[float, str]]]:
    """Each page's lines as (right edge, text), in reading order."""
    root = ET.fromstring(pdftotext(data, "-bbox-layout"))
    return [[(float(ln.get("xMax")), "".join(w.text or "" for w in ln.iter(f"{NS}word")))
             for ln in page.iter(f"{NS}line")] for page in root.iter(f"{NS}page")]


def test_plain_chinese_lines_still_end_at_the_measure(fonts):
    """Between hanzi a line's spare width is well under the cap: every line but the last is flush."""
    for width, lines in zip(WIDTHS, lines_of(pdf_of(PLAIN, body(fonts)))):
        assert len(lines) >= 2
        for right, text in lines[:-1]:
            assert abs(right - (X0 + width)) <= 1.0, (width, text, X0 + width - right)


@pytest.mark.parametrize("text", [REVIEW, NAMES, LONG_NAME])
def test_no_line_passes_the_margin(fonts, text):
    for width, lines in zip(WIDTHS, lines_of(pdf_of(text, body(fonts)))):
        for right, line in lines:
            assert right <= X0 + width + 0.5, (width, line)


def test_the_demo_reads_back_with_every_phrase_of_its_text(demo_store_template, tmp_path):
    """The demo issue's market review, views, advice, themes and risks: pdftotext finds each run of
    hanzi as typed (the first page once found 周涨跌幅 three times of five: 周 涨 跌 幅)."""
    import shutil
    from dataclasses import replace

    from workbench.report import build_report_spec, render_pdf
    from workbench.store import Store

    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_store_template, path)
    with Store(path) as store:
        spec = build_report_spec(store, "latest")
    data = render_pdf(replace(spec, status="final"))
    from workbench.report.styles import MAIN_X, PAGE_H, PAGE_W

    # page 1's main column alone (its lines and the sidebar's would interleave), then the rest
    main = pdftotext(data, "-f", "1", "-l", "1", "-x", str(int(MAIN_X) - 2), "-y", "0",
                     "-W", str(int(PAGE_W - MAIN_X) + 4), "-H", str(int(PAGE_H)))
    joined = (main + pdftotext(data, "-f", "2")).replace("\n", "")
    source = [spec.market_review, *spec.views, spec.advice, *spec.risks,
              *(f"{t.name}：{t.rationale}" + "".join(f"【{n}】" for n in t.names) for t in spec.themes)]
    runs = [run for text in source for run in hanzi_runs(re.sub(r"\*\*|<[^>]+>", "", text))]
    assert len(runs) > 60
    assert [run for run in runs if run not in joined] == []
    assert joined.count("周涨跌幅") == spec.market_review.count("周涨跌幅") == 5


def wide_words(data: bytes) -> list[tuple[str, float]]:
    """Every word poppler reads that is all full-width characters (hanzi, Chinese punctuation, each
    one em wide in the bundled face), two or more, with its box width."""
    import unicodedata

    root = ET.fromstring(pdftotext(data, "-bbox"))
    return [(w.text, float(w.get("xMax")) - float(w.get("xMin"))) for w in root.iter(f"{NS}word")
            if w.text and len(w.text) >= 2 and all(unicodedata.east_asian_width(c) in "WF" for c in w.text)]


@pytest.mark.parametrize("text", [REVIEW, NAMES, LONG_NAME, PLAIN], ids=["review", "names", "long-name", "plain"])
def test_no_line_is_letter_spaced_past_a_tenth_of_the_font_size(fonts, text):
    """A run of n full-width characters that poppler reads as one word spans n em plus what the
    justification put after each: on average under a tenth of an em (a line spaced out evenly
    still reads as one word to poppler, so the search test alone cannot see it)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = 9.5
    assert stringWidth("周涨跌幅，【】。", fonts.body, size) == pytest.approx(8 * size)
    words = wide_words(pdf_of(text, body(fonts, size)))
    assert len(words) >= 2 * len(WIDTHS)
    for word, width in words:
        assert (width - len(word) * size) / len(word) < 0.1 * size, (word, width)
