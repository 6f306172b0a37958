"""Display text (titles, captions) keeps a name with its number together: 沪深300, 中证1000,
CY2024Q3 are one word to a reader, so a balanced title breaks before a bracket or after a
punctuation mark rather than between 沪深 and 300, whenever such a break gives the same number of
lines within the measure."""

from __future__ import annotations

from itertools import combinations

import pytest
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from workbench.report.fonts import font_set
from workbench.report.styles import SIDEBAR_W, Styles
from workbench.report.typeset import DisplayParagraph, break_opportunities

NAMES = ("沪深300", "中证1000", "中证500", "科创50", "上证50")


@pytest.fixture(scope="module")
def styles():
    return Styles(font_set({}), colors.HexColor("#B0272D"))


def lines(text: str, style, width: float) -> list[str]:
    p = DisplayParagraph(text, style)
    p.wrap(width, 10_000)
    return ["".join(f.text for f in line.words) for line in p.blPara.lines]


def test_the_cover_chart_title_with_its_cutoff_breaks_before_the_bracket(styles):
    got = lines("最近一年行业指数与沪深300比较（截至1月2日）", styles.sb_head, SIDEBAR_W - 18)
    assert got == ["最近一年行业指数与沪深300比较", "（截至1月2日）"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("width", [110, 125, 138, 150, 165])
@pytest.mark.parametrize("template", ["最近一年行业指数与{}比较（截至12月27日）",
                                      "申万电子指数与{}指数近一年相对走势对比（以起点为100）",
                                      "电子行业相对{}的超额收益，年初至今（截至2024年12月27日）"],
                         ids=["cover", "caption", "comma"])
def test_an_index_name_with_its_number_stays_on_one_line(styles, name, width, template):
    """Whenever some layout in as many lines fits the measure with the name whole (found by trying
    every combination of break opportunities), the title is set so."""
    text = template.format(name)
    st = styles.caption
    got = lines(text, st, width)
    assert "".join(got) == text
    allowed = break_opportunities(text)
    fits = [cuts for cuts in combinations([i for i in range(1, len(text)) if allowed[i]], len(got) - 1)
            if all(stringWidth(text[a:b], st.fontName, st.fontSize) <= width
                   for a, b in zip((0, *cuts), (*cuts, len(text))))]
    assert fits  # the title's own layout is one of them
    at = text.index(name)
    if any(not any(at < c < at + len(name) for c in cuts) for cuts in fits):
        assert any(name in line for line in got), (width, got)
