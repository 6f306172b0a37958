"""Headlines and titles break at phrase boundaries in balanced lines, read back from the PDF as
poppler lays it out (pdftotext -bbox-layout), for several headlines of the house's kind."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from tests.workbench.test_report_layout import lines_of
from workbench.report import build_report_spec, render_pdf
from workbench.report.styles import MAIN_X
from workbench.report.typeset import (
    CJKParagraph,
    DisplayParagraph,
    balanced_spans,
    break_opportunities,
    split_units,
)

HEADLINE_SIZE = 16.5


@pytest.fixture(scope="module")
def demo_spec(tmp_path_factory, demo_store_template):
    import shutil

    from workbench.store import Store

    path = tmp_path_factory.mktemp("headline") / "demo.sqlite"
    shutil.copy(demo_store_template, path)
    with Store(path) as store:
        return build_report_spec(store, "latest")


def headline_lines(spec, headline: str, tmp_path) -> list[str]:
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(render_pdf(replace(spec, headline=headline, status="final")))
    lines = [ln for ln in lines_of(pdf) if ln.page == 1 and ln.x0 >= MAIN_X - 1
             and abs(ln.size - HEADLINE_SIZE) < 0.3]
    assert "".join(ln.text for ln in lines) == headline.replace(" ", "")  # the whole headline, in order
    return [ln.text for ln in lines], [ln.x1 - ln.x0 for ln in lines]


# (headline, lines expected, what the first line must end with, words that must stay on one line)
CASES = [
    ("周观点：小米加码万卡算力，端侧 AI 与硬件创新接力", 2, "，", ["硬件", "创新", "接力", "算力"]),
    ("AI终端创新持续，关注消费电子新接力，端侧大模型带动换机周期加速到来", 2, "，",
     ["消费电子", "新接力", "换机周期", "大模型"]),
    ("卫星组网提速，星链模式验证商业空间；低轨卫星产业链迎来订单兑现期", 2, "；",
     ["产业链", "订单", "商业空间"]),
    ("端侧大模型与AI眼镜新品密集发布关注消费电子产业链的新一轮接力机会", 2, "",
     ["消费电子", "产业链", "接力", "眼镜"]),
]


@pytest.mark.parametrize("headline,count,ends,words", CASES, ids=["demo", "two-commas", "semicolon", "no-punctuation"])
def test_a_headline_breaks_at_a_phrase_boundary_and_never_inside_a_word(demo_spec, tmp_path, headline, count,
                                                                       ends, words):
    texts, widths = headline_lines(demo_spec, headline, tmp_path)
    assert len(texts) == count, texts
    if ends:
        assert texts[0].endswith(ends), texts
    for a, b in zip(texts, texts[1:]):
        for w in words:  # no word has its first part ending one line and its rest starting the next
            for k in range(1, len(w)):
                assert not (a.endswith(w[:k]) and b.startswith(w[k:])), (w, texts)
    # balanced: no lone short tail (the last line at least 40 % of the longest)
    assert widths[-1] >= 0.4 * max(widths), texts


def test_a_headline_without_punctuation_breaks_before_the_recommendation(demo_spec, tmp_path):
    texts, _ = headline_lines(demo_spec, "端侧大模型与AI眼镜新品密集发布关注消费电子产业链的新一轮接力机会", tmp_path)
    assert texts[1].startswith("关注"), texts


def test_a_headline_that_fits_stays_on_one_line(demo_spec, tmp_path):
    texts, _ = headline_lines(demo_spec, "AI终端创新持续，关注消费电子新接力", tmp_path)
    assert texts == ["AI终端创新持续，关注消费电子新接力"]


def test_a_long_headline_keeps_the_fewest_lines_and_breaks_at_punctuation(demo_spec, tmp_path):
    # three clauses of 15-16 characters; at 16.5 pt a line of the main column holds about 20
    headline = "海外云厂商资本开支保持高位增长，算力基础设施建设仍处上行周期；端侧 AI 新品密集发布，关注光模块"
    texts, widths = headline_lines(demo_spec, headline, tmp_path)
    assert len(texts) == 3, texts
    for line in texts[:-1]:
        assert line[-1] in "，；、：", texts
    assert widths[-1] >= 0.4 * max(widths), texts


# ---------------------------------------------------------------------- the rule on its own
def _units(text: str, font: str, size: float):
    from reportlab.lib.styles import ParagraphStyle

    p = CJKParagraph(text, ParagraphStyle("t", fontName=font, fontSize=size, leading=size * 1.3, wordWrap="CJK"))
    from reportlab.platypus.paragraph import cjkU

    return [cjkU(ch, f, "utf8") for f in p.frags for ch in f.text]


def test_balanced_lines_are_as_few_as_greedy_ones_and_never_pass_the_measure():
    """Random display texts (hanzi, punctuation, Latin words, numbers): the balanced breaking sets
    exactly as many lines as the greedy fill, only at allowed breaks, none wider than the measure."""
    from workbench.report.fonts import font_set

    font = font_set({}).body
    rng = random.Random(11)
    pieces = ["消费电子", "端侧", "AI", "大模型", "，", "、", "算力", "2024Q3", "关注", "新接力", "：", "服务器电源",
              " GPU ", "（", "）", "光模块", "12.5%"]
    checked = 0
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(4, 30))).strip()
        units = _units(text, font, 12)
        joined = "".join(str(u) for u in units)
        allowed = break_opportunities(joined)
        measure = rng.choice([90.0, 140.0, 200.0])
        greedy = split_units(units, allowed, [measure], [False] * len(units), joined)
        if len(greedy) < 2 or not all(allowed[s] for s, _, _ in greedy[1:]):
            continue
        spans = balanced_spans(units, allowed, [measure], joined, len(greedy))
        assert spans is not None and len(spans) == len(greedy), joined
        assert spans[0][0] == 0 and spans[-1][1] == len(units)
        for (s, e, _), (s2, _, _) in zip(spans, spans[1:]):
            assert allowed[s2] or all(str(u) == " " for u in units[e:s2]), (joined, s2)
        for s, e, _ in spans:
            printed = "".join(str(u) for u in units[s:e]).rstrip(" ")
            width = sum(u.width for u in units[s:s + len(printed)])
            assert width <= measure + 1e-6, (joined, printed)
        checked += 1
    assert checked >= 60


def test_only_display_paragraphs_are_balanced():
    assert DisplayParagraph.balanced and not CJKParagraph.balanced


def test_figure_captions_break_at_phrase_boundaries_in_their_narrow_columns(demo_spec, tmp_path):
    """Three captions side by side (8.5 pt, a third of the page each): a long title wraps at its
    comma, not inside 资本开支 or 光模块, and the caption's lines stay balanced."""
    titles = ["海外云厂商资本开支同比高增，算力需求带动光模块出货",
              "全球智能手机出货量恢复增长，端侧AI换机周期开启",
              "国内晶圆代工产能利用率回升，先进封装订单饱满"]
    figures = [replace(f, title=t) for f, t in zip(demo_spec.figures, titles)]
    pdf = tmp_path / "captions.pdf"
    pdf.write_bytes(render_pdf(replace(demo_spec, figures=figures, status="final")))
    lines = [ln for ln in lines_of(pdf) if abs(ln.size - 8.5) < 0.3 and ln.page == 2]
    for number, title in enumerate(titles, 1):
        label = f"图{number}："
        col = [ln for ln in lines if ln.text.startswith(label)]
        assert len(col) == 1, [ln.text for ln in lines]
        first = col[0]
        rest = [ln for ln in lines if abs(ln.x0 - first.x0) < 1 and ln.y < first.y and first.y - ln.y < 14]
        texts = [first.text] + [ln.text for ln in rest]
        assert "".join(texts) == label + title.replace(" ", ""), texts
        assert len(texts) == 2 and texts[0].endswith("，"), texts
