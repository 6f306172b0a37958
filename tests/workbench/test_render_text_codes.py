"""The report canvas's text operators and widths are reportlab's own, character for character.

The canvas writes a text whose characters all have their codes already from its own tables, and
reportlab's TrueType widths are summed through ``map``: both must give exactly what reportlab
gives, for any text (hanzi, digits, a no-break space, characters the font lacks, more than 256
distinct characters so several subsets are in play), so the PDF's bytes do not change.
"""

from __future__ import annotations

import io
import random

import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from workbench.report import pdf_numbers  # importing workbench.report installs the faster paths
from workbench.report.canvas import BoldAwareText, canvas_class
from workbench.report.fonts import font_set


def _pool(rng: random.Random) -> list[str]:
    hanzi = [chr(c) for c in rng.sample(range(0x4E00, 0x9FA5), 600)]
    ascii_ = [chr(c) for c in range(32, 127)]
    extra = ["\xa0", "，", "。", "（", "）", "【", "】", "%", "\u0e01", "\U0001f600"]  # Thai and an emoji: not in the face
    return hanzi + ascii_ + extra


def _texts(seed: int, count: int = 1500) -> list[str]:
    rng = random.Random(seed)
    pool = _pool(rng)
    texts = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.4:  # a table figure
            texts.append(rng.choice(["", "-", "+"]) + f"{rng.uniform(0, 5000):.{rng.randint(0, 2)}f}"
                         + rng.choice(["", "%"]))
        else:  # a line of a paragraph, a label
            texts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 40))))
    return texts


@pytest.mark.parametrize("seed", [3, 11])
def test_text_operators_are_reportlabs_for_any_text(seed):
    fonts = font_set({})
    ours = canvas_class(lambda *a: None)(io.BytesIO(), invariant=1)
    theirs = Canvas(io.BytesIO(), invariant=1)  # reportlab alone: its own text object and encoding
    rng = random.Random(seed)
    ours_tx, theirs_tx = ours.beginText(), theirs.beginText()
    assert isinstance(ours_tx, BoldAwareText) and type(theirs_tx) is PDFTextObject
    for i, text in enumerate(_texts(seed)):
        if i % 97 == 0:  # now and then a new text object (its subset starts unknown) and another font
            ours_tx, theirs_tx = ours.beginText(), theirs.beginText()
            name = rng.choice([fonts.body, fonts.body_bold])
            size = rng.choice([7, 8.5, 9.5])
            ours_tx.setFont(name, size, size * 1.2)
            theirs_tx.setFont(name, size, size * 1.2)
        if i == 0:
            ours_tx.setFont(fonts.body, 9, 12)
            theirs_tx.setFont(fonts.body, 9, 12)
        expected = PDFTextObject._formatText(theirs_tx, text)
        got = ours_tx._formatText(text)
        assert got == expected, (i, text)
        assert ours_tx._curSubset == theirs_tx._curSubset, (i, text)
    # the run went past one subset of 256 codes, and the canvas's own tables knew the characters
    codes = ours._wb_subset_codes[fonts.body]
    assert len(codes.tables) >= 3 and len(codes.known) > 600


def test_a_pdf_is_the_same_bytes_with_reportlabs_own_text_operators(monkeypatch):
    """A page of paragraphs' worth of text, drawn through the canvas, against the same drawn with
    reportlab's ``_formatText``: the same PDF."""
    fonts = font_set({})
    texts = _texts(5, 600)

    def draw() -> bytes:
        buf = io.BytesIO()
        c = canvas_class(lambda *a: None)(buf, invariant=1)
        for k in range(0, len(texts), 60):
            t = c.beginText(40, 800)
            t.setFont(fonts.body if k % 120 else fonts.body_bold, 8, 10)
            for text in texts[k:k + 60]:
                t.textLine(text)
            c.drawText(t)
            c.showPage()
        c.save()
        return buf.getvalue()

    fast = draw()
    monkeypatch.setattr(BoldAwareText, "_formatText", PDFTextObject._formatText)
    assert draw() == fast


def test_truetype_widths_are_reportlabs_sums():
    from reportlab.pdfbase import pdfmetrics, ttfonts

    fonts = font_set({})
    assert ttfonts.instanceStringWidthTTF is pdf_numbers.string_width_ttf
    original = pdf_numbers.string_width_ttf.__wrapped__
    font = pdfmetrics.getFont(fonts.body)
    for text in _texts(7, 800) + ["", "\xa0", "2319.1"]:
        for size in (7, 8.5, 9.5, 16.5):
            assert pdf_numbers.string_width_ttf(font, text, size) == original(font, text, size), text
            assert pdfmetrics.stringWidth(text, fonts.body, size) == original(font, text, size)
    assert pdf_numbers.string_width_ttf(font, "星海".encode("utf-8"), 9) == original(font, "星海", 9)
