"""Justified lines within the spacing caps: a line too loose to fill its measure takes the last
characters of the lines before it, so it ends flush instead of ragged (read back with pdftotext)."""

from __future__ import annotations

import pytest

from tests.workbench.test_report_typeset_search import (WIDTHS, X0, body, hanzi_runs, lines_of, pdf_of, pdftotext,
                                                       wide_words)
from workbench.report.fonts import font_set

# "2025 年" never breaks: the line before it is left with the width of several characters to spread
TEXT = ("在国产替代与海外需求共振之下，先进封装、HBM、高速铜缆连接、液冷散热与服务器电源等环节的产能扩张节奏明显加快，"
        "部分龙头公司的在手订单已覆盖至 2025 年第三季度，行业集中度进一步提升。") * 4


@pytest.fixture(scope="module")
def fonts():
    return font_set({})


@pytest.fixture(scope="module")
def printed(fonts):
    return pdf_of(TEXT, body(fonts, 9.5))


def test_every_line_but_the_first_and_the_last_ends_flush(printed):
    """The first line has no line before it to take from; the last is set left. Every other line
    of the paragraph, at every measure, ends within 1 pt of it."""
    checked = 0
    for width, lines in zip(WIDTHS, lines_of(printed)):
        assert len(lines) >= 8
        for right, text in lines[1:-1]:
            assert abs(right - (X0 + width)) <= 1.0, (width, text, X0 + width - right)
            checked += 1
    assert checked > 80


def test_the_filled_lines_stay_searchable_and_never_letter_spaced(printed):
    pages = pdftotext(printed).split("\f")
    for page in pages[:-1]:
        joined = page.replace("\n", "")
        assert [run for run in hanzi_runs(TEXT) if run not in joined] == []
    for word, width in wide_words(printed):
        assert (width - len(word) * 9.5) / len(word) < 0.1 * 9.5, (word, width)


@pytest.mark.parametrize("measure", [120.0, 150.0, 183.0, 240.0])
def test_the_quick_shortfall_agrees_with_the_one_of_the_built_line(fonts, measure):
    """The filling counts a line's room without building it; every line it could pick must come out
    the same once built (markers and all), or it would leave a line ragged after all."""
    from workbench.report.typeset import (CJKParagraph, _line_shortfall, _shortfall, _trim, _width,
                                          _with_tight_runs, break_opportunities, frag_units)

    p = CJKParagraph(TEXT + "AI PC 换机【恒玄科技】与 6,500 张 GPU。", body(fonts, 9.5))
    frag = p.frags[0]
    text = frag.text
    units = frag_units(text, frag)
    allowed = break_opportunities(text)
    checked = 0
    for start in range(0, len(text) - 40, 7):
        for end in range(start + 5, min(len(text), start + 40)):
            if not allowed[end]:
                continue
            e = _trim(units, start, end)
            line_units, gaps = _with_tight_runs(units[start:e])
            built = _shortfall(line_units, measure - _width(units, start, e), gaps)
            assert _line_shortfall(units, start, end, measure) == pytest.approx(built, abs=1e-6), text[start:end]
            checked += 0 < built < float("inf")
    assert checked > 20  # lines too loose to justify, not only lines that fit or overflow
