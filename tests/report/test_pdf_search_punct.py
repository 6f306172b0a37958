"""Justified text stays searchable with its punctuation and numbers: the spare width of a line is
spread over every gap under the width PDF readers (poppler's pdftotext, Evince, Okular) read as a
space, the rest only beside a typed space, never before a closing mark (点 ，), nor between hanzi
and a number (为 +0.13%), where a search for 卫星互联网： or 周涨跌幅为+0.13% would fail."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

from workbench.report.fonts import font_set
from workbench.report.typeset import CJKParagraph

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")

REVIEW = ("本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；深证成指报收 10659.98 点，周涨跌幅为+0.13%；"
          "创业板指报收 2204.90 点，周涨跌幅为-0.22%；沪深300报收 3981.03 点，周涨跌幅为+1.36%；"
          "中证人工智能指数报收 1321.33 点，周涨跌幅为-0.57%，跑输大盘。")
THEMES = ("卫星互联网：国内星座组网提速，星链模式验证商业空间。关注标的：【信维通信】【海格通信】"
          "光模块：下游算力军备竞赛持续，行业竞争格局良好（海外订单能见度高）。关注标的：【新易盛】【中际旭创】【天孚通信】"
          "半导体设备：先进制程与存储扩产带动刻蚀、薄膜沉积、CMP 设备需求。")
WIDTHS = [150.0, 183.0, 215.0, 260.0, 333.0, 396.0, 437.0]
PAGE_W, PAGE_H = 500.0, 800.0
CLOSING = "，。；：、！？）】」》"


def phrases(text: str) -> list[str]:
    """What a reader searches for as typed: a run of hanzi with the mark after it (卫星互联网：) and a
    run of hanzi with the number after it (周涨跌幅为+0.13%)."""
    text = re.sub(r"\*\*|<[^>]+>", "", text)
    marks = re.findall(f"[\u4e00-\u9fff]{{2,}}[{CLOSING}]", text)
    numbers = re.findall(r"[\u4e00-\u9fff]{2,}[+\-]?\d[\d.,]*%?", text)
    return marks + numbers


def pdftotext(data: bytes, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


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


@pytest.mark.parametrize("text", [REVIEW, THEMES], ids=["review", "themes"])
@pytest.mark.parametrize("size", [9.5, 8.0])
def test_a_justified_paragraph_reads_back_with_its_marks_and_numbers_as_typed(text, size):
    pages = pdftotext(pdf_of(text, size)).split("\f")[:len(WIDTHS)]
    wanted = phrases(text)
    assert "卫星互联网：" in wanted or "周涨跌幅为+0.13%" in wanted
    for width, page in zip(WIDTHS, pages):
        joined = page.replace("\n", "")  # a line wrap is not a space
        assert [p for p in wanted if p not in joined] == [], (width, page)
        assert re.findall(f" [{CLOSING}]", joined) == [], (width, page)


def test_the_demo_reads_back_with_its_marks_and_numbers_as_typed(demo_store_template, tmp_path):
    from workbench.report import build_report_spec, render_pdf
    from workbench.report.styles import MAIN_X
    from workbench.report.styles import PAGE_H as H
    from workbench.report.styles import PAGE_W as W
    from workbench.store import Store

    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_store_template, path)
    with Store(path) as store:
        spec = build_report_spec(store, "latest")
    data = render_pdf(replace(spec, status="final"))
    # page 1's main column alone (its lines and the sidebar's would interleave), then the rest
    main = pdftotext(data, "-f", "1", "-l", "1", "-x", str(int(MAIN_X) - 2), "-y", "0",
                     "-W", str(int(W - MAIN_X) + 4), "-H", str(int(H)))
    joined = (main + pdftotext(data, "-f", "2")).replace("\n", "")
    source = [spec.market_review, *spec.views, spec.advice, *spec.risks,
              *(f"{t.name}：{t.rationale}" + "".join(f"【{n}】" for n in t.names) for t in spec.themes)]
    wanted = [p for text in source for p in phrases(text)]
    assert len(wanted) > 40 and "周涨跌幅为+0.13%" in wanted
    assert [p for p in wanted if p not in joined] == []
    assert re.findall(f"\\S [{CLOSING}]", joined) == []
