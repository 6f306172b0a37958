"""A paragraph of text without markup gets the fragments reportlab's parser would give it.

The report's paragraphs skip the HTML parser when their text has no tag and no entity; their
fragment must be the parser's, attribute for attribute, in every style the report uses, for any
such text (spaces, line breaks, tabs, quotes, ``>``, no-break spaces, Latin and hanzi).
"""

from __future__ import annotations

import random

import pytest
from reportlab.platypus.paragraph import Paragraph, ParagraphStyle

from workbench.report.fonts import font_set
from workbench.report.styles import Styles, house_colour
from workbench.report.typeset import CJKParagraph, DisplayParagraph, NumberedParagraph


def _styles() -> list[ParagraphStyle]:
    st = Styles(font_set({}), house_colour("#1F4E79"))
    return [v for v in vars(st).values() if isinstance(v, ParagraphStyle)]


def _texts(seed: int, count: int = 300) -> list[str]:
    rng = random.Random(seed)
    pool = list("半导体消费电子本周上涨跑赢指数，。；：（）【】“”") + list("ABCxyz0123456789.%-+/'\"=>") + \
        [" ", " ", "\n", "\t", "\xa0", "\u3000"]
    out = ["x", " 前后有空格 ", "\n\n多行\n文本\n", "a > b", "2024-12-09 至 2024-12-15", "\xa0"]
    for _ in range(count):
        out.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 60))))
    return out


def _state(p: Paragraph) -> tuple:
    frags = [dict(f.__dict__) for f in p.frags]
    return p.text, p.style, p.bulletText, frags


@pytest.mark.parametrize("seed, cls", [(1, CJKParagraph), (2, DisplayParagraph), (3, NumberedParagraph)])
def test_plain_text_gets_the_parsers_fragments(seed, cls):
    styles = _styles()
    assert len(styles) > 15
    for i, text in enumerate(_texts(seed)):
        style = styles[i % len(styles)]
        ours = cls(text, style)
        theirs = Paragraph(text, style)  # reportlab's own parse of the same text
        assert _state(ours) == _state(theirs), (text, style.name)
        assert all(a is not b for a, b in zip(ours.frags, theirs.frags))


def test_each_paragraph_has_its_own_fragment_lists():
    style = _styles()[0]
    a, b = CJKParagraph("甲", style), CJKParagraph("乙", style)
    assert a.frags[0] is not b.frags[0]
    for key, value in a.frags[0].__dict__.items():
        if isinstance(value, list):
            assert value is not getattr(b.frags[0], key)


def test_text_with_markup_still_goes_through_the_parser():
    style = _styles()[0]
    for text in ("前<b>加粗</b>后", "甲 &amp; 乙", "&lt;b&gt;照原样&lt;/b&gt;"):
        ours, theirs = CJKParagraph(text, style), Paragraph(text, style)
        assert _state(ours) == _state(theirs)
    assert [f.text for f in CJKParagraph("前<b>加粗</b>后", style).frags] == ["前", "加粗", "后"]
