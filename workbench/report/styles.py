"""Page geometry, colours and paragraph styles of the weekly report."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle

from workbench.report.fonts import FontSet
from workbench.report.spec import DEFAULT_COLOUR

PAGE_W, PAGE_H = A4
MARGIN_X = 42.0
HEADER_Y = PAGE_H - 40.0  # baseline of the running header text
RULE_Y = PAGE_H - 47.0  # the house-colour rule under it
FOOTER_Y = 30.0
BODY_TOP = PAGE_H - 60.0
BODY_BOTTOM = 50.0
BODY_W = PAGE_W - 2 * MARGIN_X
SIDEBAR_W = 156.0  # ~30 % of the text width
GUTTER = 16.0
MAIN_X = MARGIN_X + SIDEBAR_W + GUTTER
MAIN_W = PAGE_W - MARGIN_X - MAIN_X

INK = colors.HexColor("#1F1F1F")
GREY = colors.HexColor("#595959")
LIGHT = colors.HexColor("#8C8C8C")
HAIRLINE = colors.HexColor("#D0D0D0")


def house_colour(value: str | None) -> colors.Color:
    """The house colour, or the default deep red when the setting is not a #RRGGBB colour."""
    try:
        text = (value or "").strip()
        if len(text) == 7 and text.startswith("#"):
            return colors.HexColor(text)
    except (ValueError, TypeError):
        pass
    return colors.HexColor(DEFAULT_COLOUR)


def tint(colour: colors.Color, amount: float) -> colors.Color:
    """``colour`` mixed with white: amount 0 is white, 1 is the colour itself."""
    return colors.Color(1 - (1 - colour.red) * amount, 1 - (1 - colour.green) * amount,
                        1 - (1 - colour.blue) * amount)


@dataclass
class Styles:
    fonts: FontSet
    colour: colors.Color

    def __post_init__(self):
        f, b = self.fonts.body, self.fonts.body_bold
        h = self.fonts.heading_bold
        c = self.colour
        self.tint = tint(c, 0.07)
        self.tint_mid = tint(c, 0.18)
        P = ParagraphStyle
        # a paragraph never leaves its first or last line alone on a page
        self.body = P("body", fontName=f, fontSize=9.5, leading=16, textColor=INK, alignment=TA_JUSTIFY,
                      wordWrap="CJK", spaceAfter=5, allowWidows=0, allowOrphans=0)
        self.bullet = P("bullet", parent=self.body, leftIndent=11, bulletIndent=0, bulletFontName=f,
                        bulletFontSize=7, bulletColor=c, spaceAfter=4)
        self.theme = P("theme", parent=self.body, leftIndent=0, spaceAfter=3)
        self.label = P("label", parent=self.body, fontName=b, textColor=c, spaceBefore=3, spaceAfter=2)
        self.headline = P("headline", fontName=h, fontSize=16.5, leading=23, textColor=INK, wordWrap="CJK",
                          spaceAfter=3)
        self.subtitle = P("subtitle", fontName=f, fontSize=9.5, leading=14, textColor=GREY, wordWrap="CJK",
                          alignment=TA_RIGHT, spaceAfter=8)
        self.section = P("section", fontName=h, fontSize=12, leading=16, textColor=c, wordWrap="CJK")
        self.caption = P("caption", fontName=b, fontSize=8.5, leading=12, textColor=INK, wordWrap="CJK")
        self.source = P("source", fontName=f, fontSize=7, leading=10, textColor=GREY, wordWrap="CJK",
                        spaceBefore=2)
        self.unit = P("unit", fontName=f, fontSize=7, leading=10, textColor=GREY, alignment=TA_RIGHT)
        # a correction's note on page 1: tinted, framed, inside the column (indents = the padding)
        self.correction = P("correction", fontName=f, fontSize=8.5, leading=13, textColor=INK, wordWrap="CJK",
                            alignment=TA_LEFT, backColor=self.tint, borderColor=self.tint_mid, borderWidth=0.6,
                            borderPadding=(4, 6, 4, 6), leftIndent=6, rightIndent=6, spaceBefore=4,
                            spaceAfter=10)
        self.closing = P("closing", fontName=f, fontSize=8, leading=12.2, textColor=GREY, alignment=TA_JUSTIFY,
                         wordWrap="CJK", spaceAfter=4, allowWidows=0, allowOrphans=0)
        self.cell = P("cell", fontName=f, fontSize=8, leading=11.5, textColor=INK, wordWrap="CJK")
        self.cell_head = P("cell_head", parent=self.cell, fontName=b, textColor=colors.white, alignment=TA_CENTER)
        self.cell_center = P("cell_center", parent=self.cell, alignment=TA_CENTER)
        # sidebar
        self.sb_house = P("sb_house", fontName=h, fontSize=15, leading=19, textColor=c, wordWrap="CJK")
        self.sb_house_en = P("sb_house_en", fontName=f, fontSize=6.5, leading=9, textColor=GREY, wordWrap="CJK",
                             spaceAfter=6)
        self.sb_words = P("sb_words", fontName=h, fontSize=12, leading=16, textColor=INK, wordWrap="CJK")
        self.sb_kind = P("sb_kind", fontName=f, fontSize=7.5, leading=11, textColor=GREY, wordWrap="CJK",
                         spaceAfter=8)
        self.sb_rating_label = P("sb_rating_label", fontName=f, fontSize=7.5, leading=10, textColor=colors.white,
                                 alignment=TA_CENTER)
        self.sb_rating = P("sb_rating", fontName=h, fontSize=15, leading=20, textColor=colors.white,
                           alignment=TA_CENTER, wordWrap="CJK")
        self.sb_text = P("sb_text", fontName=f, fontSize=7.5, leading=11.5, textColor=INK, wordWrap="CJK")
        self.sb_head = P("sb_head", fontName=b, fontSize=8, leading=12, textColor=c, wordWrap="CJK",
                         spaceBefore=4, spaceAfter=2)
        self.sb_small = P("sb_small", fontName=f, fontSize=6.8, leading=10, textColor=GREY, wordWrap="CJK")
        self.sb_related = P("sb_related", fontName=f, fontSize=7, leading=10.5, textColor=INK, wordWrap="CJK",
                            alignment=TA_LEFT)
