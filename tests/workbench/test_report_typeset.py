"""Chinese line breaking: UAX #14 break opportunities with the report's rules on top, widows, justification."""

from __future__ import annotations

import re

import pytest
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from workbench.report.fonts import font_set
from workbench.report.typeset import CJKParagraph, NumberedParagraph, break_opportunities


def breaks(text: str) -> list[str]:
    """``text`` cut at every break opportunity."""
    allowed = break_opportunities(text)
    out, start = [], 0
    for i in range(1, len(text)):
        if allowed[i]:
            out.append(text[start:i])
            start = i
    return out + [text[start:]]


@pytest.fixture(scope="module")
def fonts():
    return font_set({})


def style(fonts, align=TA_JUSTIFY, size=10.0):
    return ParagraphStyle("t", fontName=fonts.body, fontSize=size, leading=size * 1.6, alignment=align,
                          wordWrap="CJK")


def lines_of(p: CJKParagraph) -> list[str]:
    return ["".join(f.text for f in line.words) for line in p.blPara.lines]


# ---------------------------------------------------------------------- break opportunities
def test_a_date_range_is_one_unit():
    assert "20241209-20241215" in breaks("本期20241209-20241215周报")
    assert "24Q1-Q3" in breaks("营收24Q1-Q3同比")


def test_digit_runs_and_numbers_with_their_sign_and_percent_stay_whole():
    assert breaks("跌幅为-0.57%。") == ["跌", "幅", "为", "-0.57%。"]  # a minus may start a line, as + may
    assert breaks("涨幅为+0.95%。") == ["涨", "幅", "为", "+0.95%。"]
    assert "6,500 张" in "|".join(breaks("约6,500 张GPU"))
    assert any(p.startswith("3400.14 点") for p in breaks("报收 3400.14 点，"))


def test_a_stock_name_in_brackets_is_never_split_and_may_start_a_line():
    assert breaks("关注【东山精密】【鹏鼎控股】") == ["关", "注", "【东山精密】", "【鹏鼎控股】"]


def test_closing_punctuation_never_starts_a_line():
    for text in ("上涨。下跌", "算力，端侧", "（维持）增持", "他说：好", "是吗？是", "好！好", "《书名》后", "「引」后"):
        for part in breaks(text)[1:]:
            assert part[0] not in "。，、；：？！）】」》", (text, breaks(text))


def test_opening_punctuation_never_ends_a_line():
    for text in ("增持（维持）", "关注【东山精密】", "书《名》", "说「是」"):
        for part in breaks(text)[:-1]:
            assert part[-1] not in "（【「《", (text, breaks(text))


def test_latin_words_and_tickers_stay_whole():
    assert "AIoT " in breaks("拉动AIoT 芯片")
    assert "600519.SH" in breaks("茅台600519.SH上涨")
    assert "CY2024Q3 " in breaks("厂商CY2024Q3 资本")


# ---------------------------------------------------------------------- lines
def test_no_line_starts_with_closing_punctuation_at_any_width(fonts):
    text = "本周上证指数报收3400.14点，周涨跌幅为+0.95%；深证成指报收10659.98点，周涨跌幅为+0.13%；关注【东山精密】【鹏鼎控股】。"
    for width in range(80, 300, 7):
        p = CJKParagraph(text, style(fonts))
        p.wrap(width, 10_000)
        got = lines_of(p)
        assert "".join(got) == text  # nothing lost or added
        for line in got[1:]:
            assert line[0] not in "。，、；：？！）】」》%", (width, got)
        for line in got:  # every 【 closes on its own line
            assert line.count("【") == line.count("】"), (width, got)


def test_a_run_wider_than_the_line_is_cut_without_breaking_the_rules(fonts):
    p = CJKParagraph("关注【鹏鼎控股】。", style(fonts))  # the name and its 。 take 70 pt
    p.wrap(60, 10_000)
    got = lines_of(p)
    assert "".join(got) == "关注【鹏鼎控股】。"
    assert all(line[0] not in "。】" and line[-1] != "【" for line in got), got


def test_no_character_passes_the_measure(fonts):
    text = "下游算力军备竞赛持续，行业竞争格局良好。关注标的：【新易盛】【中际旭创】【天孚通信】）"
    for width in range(80, 260, 5):
        p = CJKParagraph(text, style(fonts))
        p.wrap(width, 10_000)
        for line in p.blPara.lines:
            assert line.currentWidth <= width + 1e-6, (width, lines_of(p))


def test_a_lone_short_tail_is_pulled_into_a_fuller_last_line(fonts):
    text = "周观点：小米加码万卡算力，端侧 AI 与硬件创新接力"
    st = style(fonts, TA_LEFT, 16.5)
    p = CJKParagraph(text, st)
    p.wrap(330, 10_000)
    got = lines_of(p)
    assert len(got) == 2
    assert got[-1] != "新接力" and len(got[-1]) >= 4, got


def test_a_tail_is_left_alone_when_the_line_above_would_become_too_short(fonts):
    # one long unbreakable run above: pulling the tail down would leave that line nearly empty
    p = CJKParagraph("甲" * 18 + "乙丙", style(fonts, TA_LEFT))
    p.wrap(185, 10_000)
    got = lines_of(p)
    assert [len(x) for x in got] == [16, 4]  # pulled two more down: 16 of 18 still fill 86 % of the line
    p = CJKParagraph("【" + "甲" * 16 + "】乙", style(fonts, TA_LEFT))
    p.wrap(185, 10_000)
    assert lines_of(p) == ["【" + "甲" * 16 + "】", "乙"]


def test_justified_lines_carry_their_spare_width_to_spread(fonts):
    text = "小米大模型团队成立之初即拥有约6,500张GPU，其13亿参数的端侧模型在部分场景下的效果已接近60亿参数的云端模型。"
    p = CJKParagraph(text, style(fonts))
    p.wrap(200, 10_000)
    lines = p.blPara.lines
    assert len(lines) >= 3
    for line in lines[:-1]:
        assert line.extraSpace >= 0 and line.currentWidth + line.extraSpace == pytest.approx(200)
        printed = "".join(f.text for f in line.words)
        tight = sum(len(r) - 1 for r in re.findall(r"[!-~]{2,}", printed))  # 6,500 and GPU stay tight
        assert line.wordCount - 1 == len(printed) - 1 - tight  # spread over the gaps between characters


def test_a_numbered_item_hangs_its_number(fonts):
    p = NumberedParagraph.numbered(3, "光模块：下游算力军备竞赛持续，行业竞争格局良好。", style(fonts))
    assert p.label == "3）"
    assert 9 < p.style.leftIndent < 12  # "3" and a tightened "）" at 10 pt, not 15.6 for both glyphs
    p.wrap(150, 10_000)
    assert len(p.blPara.lines) >= 2  # every line, not only the first, starts at the indent
    assert p.style.firstLineIndent == 0


def test_justification_never_letter_spaces_a_number_or_a_word(fonts):
    from workbench.report.typeset import TIGHT_CB

    text = "本周上证指数报收3400.14点，周涨跌幅为+0.95%；深证成指报收10659.98点，周涨跌幅为+0.13%。"
    p = CJKParagraph(text, style(fonts))
    p.wrap(150, 10_000)
    first = p.blPara.lines[0]
    marks = [f.cbDefn.label for f in first.words if hasattr(f, "cbDefn") and f.cbDefn.name == TIGHT_CB]
    assert marks and marks == ["off", "on"] * (len(marks) // 2)
    printed = "".join(f.text for f in first.words)
    run_gaps = sum(len(r) - 1 for r in re.findall(r"[!-~]{2,}", printed))
    assert first.wordCount == len(printed) - 1 - run_gaps + 1  # only the gaps outside the runs stretch


def test_the_numbers_paren_hugs_its_number_by_the_fonts_own_glyph_box(fonts):
    from workbench.report.typeset import glyph_extent

    left, right = glyph_extent(fonts.body, "）")
    assert (left, right) == (544 / 2048, 1264 / 2048)  # WenQuanYi Micro Hei centres its full-width ）
    p = NumberedParagraph.numbered(1, "光模块", style(fonts))
    assert p.paren_shift == pytest.approx(544 / 2048 - 0.05)
    assert glyph_extent("Helvetica", ")") == (0.0, 1.0)  # a Type 1 face cannot tell: nothing is pulled


# ---------------------------------------------------------------------- reportlab's pieces, rebuilt faster
MIXED = ("本周<b>上证指数</b>报收 3400.14 点，<font size='12'>周涨跌幅</font>为+0.95%；<br/>深证成指"
         "<font color='#c00'>报收 10659.98 点</font><a href='#x'>链接</a> ABC&amp;D【东山精密】")


def _frag_line_state(line) -> dict:
    state = {k: v for k, v in vars(line).items() if k != "words"}
    state["words"] = [(w.text, {k: v for k, v in vars(w).items() if k != "text"}) for w in line.words]
    return state


@pytest.mark.parametrize("calc_bounds", [False, True])
def test_the_line_builder_gives_reportlabs_own_lines(fonts, calc_bounds):
    """para_line and frag_units against reportlab's makeCJKParaLine and cjkU: the same lines, words and widths."""
    from reportlab.platypus.paragraph import cjkU, makeCJKParaLine

    from workbench.report.typeset import _marker, frag_units, para_line

    p = CJKParagraph(MIXED, style(fonts))
    ours, theirs = [], []
    for f in p.frags:
        text = f.text or ""
        ours += frag_units(text, f) if text else [cjkU(text, f, "utf8")]
        theirs += [cjkU(ch, f, "utf8") for ch in text] if text else [cjkU(text, f, "utf8")]
    assert [(str(u), u.width, u.frag) for u in ours] == [(str(u), u.width, u.frag) for u in theirs]
    assert len({f.fontSize for f in p.frags}) > 1 and any(hasattr(f, "lineBreak") for f in p.frags)
    marked = ours[:5] + [_marker(ours[5], "off")] + ours[5:12] + [_marker(ours[12], "on")] + ours[12:]
    for units in (ours, marked, ours[3:9], ours[:1]):
        width = sum(u.width for u in units)
        a = para_line(units, 300.0, width, 300.0 - width, False, calc_bounds)
        b = makeCJKParaLine(units, 300.0, width, 300.0 - width, False, calc_bounds)
        assert _frag_line_state(a) == _frag_line_state(b)


def test_each_character_is_measured_once_per_font_and_size(fonts, monkeypatch):
    """Paragraphs share their characters' widths: a second paragraph measures only what is new to it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    import workbench.report.typeset as typeset

    measured = []

    def counting(ch, name, size):
        measured.append((ch, name, size))
        return stringWidth(ch, name, size)

    monkeypatch.setattr(typeset, "stringWidth", counting)
    monkeypatch.setattr(typeset, "_char_widths", {})
    first, second = "证券研究报告：周报 3400.14 点", "研究报告第 3 页"
    for text, size in ((first, 10.0), (second, 10.0), (second, 7.5)):
        p = CJKParagraph(text, style(fonts, size=size))
        units = [u for f in p.frags for u in typeset.frag_units(f.text, f)]
        assert [u.width for u in units] == [stringWidth(ch, fonts.body, size) for ch in text]
    assert sorted(measured) == sorted({(ch, fonts.body, 10.0) for ch in first + second}
                                      | {(ch, fonts.body, 7.5) for ch in second})


def test_a_width_differing_only_by_float_noise_reuses_the_lines(fonts, monkeypatch):
    """A table cell measured at its column width less padding and drawn at the difference of two
    column positions is broken once; a real change of width is broken again."""
    import workbench.report.typeset as typeset

    broken = []
    real = typeset.CJKParagraph._break_lines_cjk

    def counting(self, widths):
        broken.append(tuple(widths))
        return real(self, widths)

    monkeypatch.setattr(typeset.CJKParagraph, "_break_lines_cjk", counting)
    p = CJKParagraph("营业收入 2024E YoY 同比增速", style(fonts, size=6.5))
    width = 27.570508231925558
    lines = []
    for w in (width, 27.570508231925544, width, width + 0.5):
        p.wrap(w, 1000)
        lines.append(lines_of(p))
    assert [b[0] for b in broken] == [width, width + 0.5]
    fresh = CJKParagraph("营业收入 2024E YoY 同比增速", style(fonts, size=6.5))
    fresh.wrap(27.570508231925544, 1000)
    assert lines[1] == lines_of(fresh) and len(lines[0]) > 1


def test_a_paragraph_wrapped_again_gets_the_lines_of_its_new_width(fonts):
    """Re-wrapping reuses the lines only for the same width: each width gives a fresh paragraph's lines."""
    text = "本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；深证成指报收 10659.98 点，周涨跌幅为+0.13%。" * 2
    p = CJKParagraph(text, style(fonts))
    for width in (120.0, 300.0, 120.0, 300.0, 80.0):
        _, h = p.wrap(width, 1000)
        fresh = CJKParagraph(text, style(fonts))
        _, fresh_h = fresh.wrap(width, 1000)
        assert (lines_of(p), h) == (lines_of(fresh), fresh_h), width
    assert len(lines_of(p)) > 4


# ---------------------------------------------------------------------- the piecewise UAX #14 answer
def test_the_piecewise_line_breaking_gives_uniseg_s_answer_for_any_text():
    """Between two hanzi the answer is known without uniseg; everything else still goes through it,
    so for any mix of scripts, spaces, punctuation and combining marks the answer is uniseg's."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from uniseg.linebreak import line_break_breakables

    from workbench.report.typeset import uax14_breaks

    pieces = st.sampled_from(["中", "国", "一", "鿿", "㐀", "，", "。", "、", "：", "（", "）", "【", "】", "「", "」",
                              "《", "》", "“", "”", " ", "\u3000", "\xa0", "A", "z", "0", "9", ".", ",", "%", "-",
                              "‐", "–", "～", "+", "/", "$", "\u0301", "\u200b", "\u2060", "\n", "\r", "\t", "—",
                              "…", "々", "ー", "ア", "가", "😀", "\ufe0f", "\u200d"])

    @settings(max_examples=3000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=40).map("".join))
    def check(text):
        assert uax14_breaks(text) == [bool(b) for b in line_break_breakables(text)]

    check()
    report_text = "【市场回顾】本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；跌幅为-0.57%，20241209-20241215。"
    assert uax14_breaks(report_text) == [bool(b) for b in line_break_breakables(report_text)]
