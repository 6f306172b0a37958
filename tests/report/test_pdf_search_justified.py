"""Every justified line of the exported demo copies and searches as typed in poppler-based readers
(pdftotext, Evince, Okular, search indexers) as well as with pypdf: no space where none was typed,
not after a pause mark either (点，周涨跌幅 and 互联网：国内 searched as typed are found). poppler
starts a new word, and so reads a space, at a gap between two glyphs wider than a tenth of the
font size; a justified line must fill its measure without opening one.

The truth is the issue's own text as stored (read with plain sqlite3), the stock names of the
themes from the store's companies. Each line the reader gives must be a piece of that text with
its spaces as typed, and the lines in order must make up the whole of it."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys

import pytest
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

from workbench.report.fonts import font_set
from workbench.report.typeset import CJKParagraph, DisplayParagraph

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


def _key(s: str) -> str:
    return re.sub(r"\s", "", s)


def lines_of(lines: list[str], truth: str) -> list[str]:
    """The reader's lines that make up ``truth`` in order (other lines, such as the draft mark's
    letters or the next paragraph, are passed over); fails when they do not make up all of it."""
    t = _key(truth)
    found: list[str] = []
    at = 0
    for line in lines:
        k = _key(line)
        if not k or at >= len(t):
            continue
        if at == 0 and not (t.startswith(k) and len(k) >= min(len(t), 6)):
            continue
        if t.startswith(k, at):
            found.append(line.strip())
            at += len(k)
    assert at == len(t), (truth, found)
    return found


def check_as_typed(lines: list[str], truth: str) -> None:
    found = lines_of(lines, truth)
    assert len(found) >= 2 or len(truth) < 20, found  # a paragraph of several lines, not one
    stray = [line for line in found if line not in truth]
    assert stray == [], stray


def issue_texts(path) -> dict[str, list[str]]:
    """The market review, each theme and each view as they read on the page: the label and the
    stored text; for a theme its number, name, rationale and stocks to watch (short names from the
    store); a view without its bold marks (its bullet is drawn apart)."""
    db = sqlite3.connect(path)
    try:
        (content,) = db.execute("SELECT content FROM issues ORDER BY id DESC LIMIT 1").fetchone()
        issue = json.loads(content)
        names = dict(db.execute("SELECT ticker, name FROM companies"))
    finally:
        db.close()
    themes = []
    for i, theme in enumerate(issue["themes"], 1):
        watch = "".join(f"【{names[t]}】" for t in theme["tickers"])
        themes.append(f"{i}）{theme['name']}：{theme['rationale']}" + (f"关注标的：{watch}" if watch else ""))
    return {"review": ["【市场回顾】" + issue["market_review"]], "themes": themes,
            "views": [view.replace("**", "") for view in issue["views"] if view.strip()]}


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory):
    """The demo issue exported as a user does: ``workbench demo`` then ``workbench export latest``."""
    folder = tmp_path_factory.mktemp("justified")
    db, pdf = folder / "demo.sqlite", folder / "demo.pdf"
    for args in (["demo", "--db", db, "--force"], ["export", "latest", "--db", db, "-o", pdf]):
        done = subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], capture_output=True, text=True,
                              env={**os.environ, "LANG": "C.UTF-8"}, timeout=300)
        assert done.returncode == 0, done.stderr
    return db, pdf


def test_the_issue_text_is_read_from_the_store(demo_pdf):
    texts = issue_texts(demo_pdf[0])
    assert len(texts["themes"]) >= 4 and len(texts["views"]) >= 3
    assert "周涨跌幅" in texts["review"][0] and "卫星互联网" in texts["themes"][-1]


def test_poppler_reads_every_line_of_the_review_and_themes_as_typed(demo_pdf):
    from workbench.report.styles import MAIN_X, PAGE_H, PAGE_W

    db, pdf = demo_pdf
    # page 1's main column alone (its lines and the sidebar's would interleave), then page 2
    main = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-x", str(int(MAIN_X) - 2), "-y", "0",
                           "-W", str(int(PAGE_W - MAIN_X) + 4), "-H", str(int(PAGE_H)), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    rest = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = (main + rest).splitlines()
    texts = issue_texts(db)
    for truth in texts["review"] + texts["themes"] + texts["views"]:
        check_as_typed(lines, truth)
    joined = "".join(lines)
    for phrase in ("点，周涨跌幅", "互联网：国内", "提速，星链"):
        assert phrase in joined


def test_the_review_and_the_views_end_flush_at_the_column_edge(demo_pdf):
    """Every line of the market review and of the views but a paragraph's last ends at the main
    column's right edge (within 1 pt): the justification still fills the measure."""
    import xml.etree.ElementTree as ET

    from workbench.report.styles import MAIN_W, MAIN_X

    db, pdf = demo_pdf
    ns = "{http://www.w3.org/1999/xhtml}"
    layout = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    right = {}
    lines = []
    for line in ET.fromstring(layout).iter(f"{ns}line"):
        text = " ".join(w.text or "" for w in line.iter(f"{ns}word"))
        right.setdefault(text.strip(), float(line.get("xMax")))
        lines.append(text)
    texts = issue_texts(db)
    texts = texts["review"] + texts["views"]
    assert len(texts) >= 3
    checked = 0
    for truth in texts:
        found = lines_of(lines, truth)
        for text in found[:-1]:
            assert abs(right[text] - (MAIN_X + MAIN_W)) <= 1.0, (text, MAIN_X + MAIN_W - right[text])
            checked += 1
    assert checked >= 10


def test_pypdf_reads_every_line_of_the_review_and_themes_as_typed(demo_pdf):
    from pypdf import PdfReader

    db, pdf = demo_pdf
    reader = PdfReader(str(pdf))
    # (pypdf gives a view's bullet on its first line: ● 小米…)
    lines = [re.sub(r"^● ", "", line) for page in reader.pages[:2] for line in page.extract_text().splitlines()]
    texts = issue_texts(db)
    for truth in texts["review"] + texts["themes"] + texts["views"]:
        check_as_typed(lines, truth)


# ---------------------------------------------------------------- the same at many measures
REVIEW = ("【市场回顾】本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；深证成指报收 10659.98 点，周涨跌幅为+0.13%；"
          "创业板指报收 2204.90 点，周涨跌幅为-0.22%；沪深300报收 3981.03 点，周涨跌幅为+1.36%；"
          "中证人工智能指数报收 1321.33 点，周涨跌幅为-0.57%，跑输大盘。")
THEME = "卫星互联网：国内星座组网提速，星链模式验证商业空间。关注标的：【信维通信】【海格通信】【中国卫通】"
PICKS = ("关注标的：恒玄科技（688608.SH）、乐鑫科技（688018.SH）、泰凌微（688591.SH）、中科蓝讯（688332.SH），"
         "另可关注【润欣科技】【全志科技】。风险提示：需求不及预期（消费电子）、竞争加剧（价格战）、"
         "新品进度不及预期（“端侧大模型”）；汇率波动（海外收入占比高）。")
WIDTHS = [150.0, 168.0, 183.0, 199.0, 215.0, 237.0, 260.0, 291.0, 333.0, 361.0, 396.0, 437.0]
PAGE_SIZE = (500.0, 800.0)


def pdf_of(text: str, size: float) -> bytes:
    fonts = font_set({})
    style = ParagraphStyle("b", fontName=fonts.body, fontSize=size, leading=size * 1.7, alignment=TA_JUSTIFY,
                           wordWrap="CJK")
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=PAGE_SIZE, invariant=1)
    doc.addPageTemplates([PageTemplate(f"w{k}", [Frame(20, 20, w, PAGE_SIZE[1] - 40, 0, 0, 0, 0)])
                          for k, w in enumerate(WIDTHS)])
    story = []
    for k in range(len(WIDTHS)):
        story.append(CJKParagraph(text, style))
        if k + 1 < len(WIDTHS):
            story += [NextPageTemplate(f"w{k + 1}"), PageBreak()]
    doc.build(story)
    return buf.getvalue()


@pytest.mark.parametrize("text", [REVIEW, THEME, PICKS], ids=["review", "theme", "picks"])
@pytest.mark.parametrize("size", [9.5, 8.0])
def test_a_justified_paragraph_reads_as_typed_at_any_measure(text, size):
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf_of(text, size), capture_output=True,
                         check=True).stdout.decode()
    pages = out.split("\f")[:len(WIDTHS)]
    assert len(pages) == len(WIDTHS)
    for width, page in zip(WIDTHS, pages):
        lines = page.splitlines()
        found = lines_of(lines, text)
        assert [line for line in found if line not in text] == [], (width, page)


# ---------------------------------------------------------------- a company's share-class suffix
CAPTIONS = ["图 2：中芯国际集成电路制造-U（688900.SH）营业收入与归母净利润",
            "图 3：九号公司-WD（689009.SH）营业收入与归母净利润",
            "图 1：奥比中光-UW（688322.SH）营业收入与归母净利润"]


@pytest.mark.parametrize("caption", CAPTIONS)
@pytest.mark.parametrize("width", [110.0, 125.0, 140.0, 150.0, 160.0, 170.0, 185.0])
def test_a_caption_never_splits_a_share_class_suffix_from_the_name(caption, width):
    fonts = font_set({})
    style = ParagraphStyle("c", fontName=fonts.body, fontSize=9, leading=13, wordWrap="CJK")
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=PAGE_SIZE, invariant=1)
    doc.addPageTemplates([PageTemplate("p", [Frame(20, 20, width, PAGE_SIZE[1] - 40, 0, 0, 0, 0)])])
    doc.build([DisplayParagraph(caption, style)])
    out = subprocess.run(["pdftotext", "-", "-"], input=buf.getvalue(), capture_output=True,
                         check=True).stdout.decode()
    lines = [line for line in out.split("\f")[0].splitlines() if line.strip()]
    assert len(lines) >= 2, lines  # narrow enough to break somewhere
    # (poppler drops a hyphen that ends a line and joins the word: 制造- / U reads 制造U)
    assert _key("".join(lines)) == _key(caption), lines
    suffix = re.search(r"-[A-Z]+", caption).group()
    whole = caption[caption.index(suffix) - 1:caption.index(suffix) + len(suffix)]  # 造-U
    assert any(whole in line for line in lines), lines
