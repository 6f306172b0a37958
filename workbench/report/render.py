"""Render a ReportSpec to PDF bytes: page templates, the story, closing pages, metadata and outline.

Pure: the same spec gives the same bytes (reportlab invariant mode, no clock, no randomness).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import date

from reportlab import rl_config
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (ActionFlowable, BaseDocTemplate, CondPageBreak, Flowable, Frame, FrameBreak,
                                KeepInFrame, NextPageTemplate, PageBreak, PageTemplate, Spacer, Table,
                                TableStyle)

from workbench.domain.metrics import NumberStyle
from workbench.progress import report
from workbench.report.canvas import canvas_class
from workbench.report.charts import spec_to_drawing
from workbench.report.fonts import FontSet, font_set
from workbench.report.spec import REPORT_KIND, REQUIRED_WORDS, FigureEntry, ReportSpec, older_note
from workbench.report.styles import (BODY_BOTTOM, BODY_TOP, BODY_W, FOOTER_Y, GREY, HAIRLINE, HEADER_Y,
                                     LIGHT, MAIN_W, MAIN_X, MARGIN_X, PAGE_H, PAGE_W, RULE_Y, SIDEBAR_W,
                                     Styles, house_colour)
from workbench.report.table import TableLook, build_table
from workbench.report.text import ELLIPSIS, LIMITS, cut, markup, strip_bold, too_long
from workbench.report.typeset import CJKParagraph, DisplayParagraph, NumberedParagraph

CREATOR = "Analyst Workbench 分析师工作台"
# the document information key holding the SHA-256 of the snapshot the PDF was rendered from
# (``snapshot_sha256``): `workbench verify` compares it with the stored snapshot without rendering again
SNAPSHOT_KEY = "SnapshotSHA256"
FIGURE_PAD = 1.0  # above and below each part of a figure
NEAR_EMPTY = 0.25  # a last closing page filled less than this share of a page reads as left over
CLOSING_TIGHTER = (0.95, 0.9)  # the closing block's leading tried when its last page would be near-empty


_CUTOFF_NOTE = re.compile(r"（截至[^（）]*）$")  # the note of a chart stopping before its week (charts.build)


def _caption_title(title: str) -> str:
    """A figure's title cut to the caption's limit (as the preflight's text_cut warning says); a
    chart's cutoff note at its end is kept whole and the title before it cut instead, so no caption
    of a chart stopping early loses its 截至."""
    title = title or ""
    m = _CUTOFF_NOTE.search(title)
    if m is None or not too_long(title, "figure.title"):
        return cut(title, "figure.title")
    note = m.group(0)
    room = LIMITS["figure.title"] - len(note)
    return (title[:room - 1] + ELLIPSIS if room > 1 else "") + note


# ---------------------------------------------------------------------- flowables
class Heading(DisplayParagraph):
    """A headline or caption that bookmarks itself and adds an outline entry when drawn."""

    outline: tuple[str, str, int] | None = None  # (key, title, level)

    def draw(self):
        if self.outline and hasattr(self.canv, "mark"):
            key, title, level = self.outline
            self.canv.mark(key, title, level, self.height)
        super().draw()

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if parts:
            for p in parts[1:]:
                p.outline = None
            parts[0].outline = self.outline
        return parts


class SectionTitle(Flowable):
    """A section heading: a house-colour block, the title, a hairline; bookmarked."""

    def __init__(self, title: str, styles: Styles, key: str, clean, space_before: float = 10):
        super().__init__()
        self.spaceBefore = space_before  # dropped by the frame at the top of a page
        self.spaceAfter = 6
        self.title = title
        self.styles = styles
        self.key = key
        self.para = DisplayParagraph(markup(clean(title), bold=False), styles.section)

    def wrap(self, aw, ah):
        self.width = aw
        _, h = self.para.wrap(aw - 12, ah)
        self.height = h + 14
        return aw, self.height

    def draw(self):
        c = self.canv
        if hasattr(c, "mark"):
            c.mark(self.key, strip_bold(self.title), 0, self.height)
        top = self.height - 6
        c.setFillColor(self.styles.colour)
        c.rect(0, top - 14, 4, 13, stroke=0, fill=1)
        self.para.drawOn(c, 10, top - self.para.height)
        c.setStrokeColor(self.styles.colour)
        c.setLineWidth(0.6)
        c.line(0, 3, self.width, 3)


class LeaveFirstPage(ActionFlowable):
    """Full-width content (figures, the table) never starts in page 1's narrow main column."""

    def apply(self, doc):
        if getattr(doc.frame, "id", None) == "main":
            doc.handle_pageBreak()


class KeepWithNext(Flowable):
    """A lead-in paragraph (投资建议's "…建议关注以下方向：") kept with the start of what it introduces:
    it never ends a page while its first item begins the next. Where the item cannot start below it,
    the lead-in's last lines (at least two, as the paragraph's widow rule asks) move to the next page
    with the item, or, if it cannot split so, the whole of it does. Like reportlab's KeepTogether it
    is always split, so what fits is laid out as the two paragraphs themselves."""

    def __init__(self, lead: Flowable, first: Flowable):
        super().__init__()
        self.lead, self.first = lead, first

    def wrap(self, aw, ah):
        self.width = aw
        return aw, 0xFFFFFF  # too tall for any frame: the frame always asks for split()

    def split(self, aw, ah):
        lead, first = self.lead, self.first
        _, lead_h = lead.wrap(aw, ah)
        if lead_h <= ah and self._starts_below(aw, ah - lead_h - lead.getSpaceAfter() - first.getSpaceBefore()):
            return [lead, first]
        leading = lead.style.leading
        lines = len(lead.blPara.lines)
        for keep in range(min(lines - 1, int(ah // leading)), 1, -1):  # as many lines as leave the rest
            parts = lead.split(aw, keep * leading + 1e-3)
            if len(parts) == 2:
                return [parts[0], KeepWithNext(parts[1], first)]
        if getattr(self, "_postponed", 0):  # already moved to a fresh frame and still too tall: as they come
            return [lead, first]
        return []  # the whole lead-in goes to the next page with its item

    def _starts_below(self, aw, room: float) -> bool:
        if room <= 0:
            return False
        if self.first.wrap(aw, room)[1] <= room:
            return True
        return bool(self.first.split(aw, room))


class Rule(Flowable):
    def __init__(self, colour=HAIRLINE, width: float = 0.5, space: float = 4):
        super().__init__()
        self.colour, self.lw, self.space = colour, width, space

    def wrap(self, aw, ah):
        self.width = aw
        return aw, self.space * 2

    def draw(self):
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.lw)
        self.canv.line(0, self.space, self.width, self.space)


# ---------------------------------------------------------------------- the document
class Report:
    """One rendering of a spec: fonts, styles, page decoration and the story."""

    def __init__(self, spec: ReportSpec, progress=None, *, snapshot_key: bool = True):
        self.spec = spec
        self.progress = progress
        self.snapshot_key = snapshot_key
        self.fonts: FontSet = font_set(spec.house.fonts)
        self.colour = house_colour(spec.house.colour)
        self.st = Styles(self.fonts, self.colour)
        self.hex = "#" + self.colour.hexval()[2:]
        self.clean = self.fonts.clean
        self.numbers = NumberStyle.lenient(spec.house.number_style)
        self._keys = 0
        self._closing_style = self.st.closing  # the closing pages' paragraphs, tightened by ``_closing``
        self._closing_space = 1.0  # and their spacing's share of the designed
        self.pages = 0

    # -------------------------------------------------------------- helpers
    def p(self, text: str, style, *, bold: bool = True, display: bool = False) -> CJKParagraph:
        """A paragraph of user text: drawable characters only, escaped, **bold** allowed; ``display``
        for a title (balanced lines broken at phrase boundaries)."""
        return (DisplayParagraph if display else CJKParagraph)(markup(self.clean(text), bold=bold), style)

    def grid(self, data: list[list], widths: list[float], cmds: list[tuple], **kw) -> Table:
        """A layout table; its default font is the report's (never reportlab's Helvetica)."""
        t = Table(data, colWidths=widths, **kw)
        t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.body), *cmds]))
        return t

    def key(self) -> str:
        self._keys += 1
        return f"k{self._keys}"

    def heading(self, text: str, style, level: int, title: str | None = None) -> Heading:
        h = Heading(markup(self.clean(text), bold=False), style)
        h.outline = (self.key(), strip_bold(title if title is not None else text), level)
        return h

    def section(self, title: str) -> SectionTitle:
        return SectionTitle(title, self.st, self.key(), self.clean)

    @property
    def house_name(self) -> str:
        return cut(self.spec.house.name_zh, "house.name")

    # -------------------------------------------------------------- page decoration
    def _running_header(self, c) -> None:
        s = self.spec
        c.saveState()
        left = " | ".join(x for x in (self.house_name, cut(s.series, "series")) if x)
        c.setFont(self.fonts.body_bold, 9)
        c.setFillColor(self.colour)
        c.drawString(MARGIN_X, HEADER_Y, self.clean(left))
        c.setFont(self.fonts.body, 9)
        c.setFillColor(GREY)
        c.drawRightString(PAGE_W - MARGIN_X, HEADER_Y, REPORT_KIND)
        if s.correction_mark:  # 更正版 · 第 2 版 before the kind, in the house colour, on every page
            kind_w = c.stringWidth(REPORT_KIND, self.fonts.body, 9)
            c.setFont(self.fonts.body_bold, 9)
            c.setFillColor(self.colour)
            c.drawRightString(PAGE_W - MARGIN_X - kind_w - 9, HEADER_Y, s.correction_mark)
        c.setStrokeColor(self.colour)
        c.setLineWidth(1.2)
        c.line(MARGIN_X, RULE_Y, PAGE_W - MARGIN_X, RULE_Y)
        c.setLineWidth(0.5)
        c.setStrokeColor(HAIRLINE)
        c.line(MARGIN_X, FOOTER_Y + 10, PAGE_W - MARGIN_X, FOOTER_Y + 10)
        c.setFont(self.fonts.body, 7.5)
        c.setFillColor(GREY)
        c.drawString(MARGIN_X, FOOTER_Y, self.clean(cut(s.house.footer, "figure.source")))
        c.restoreState()

    def _first_page(self, c, doc) -> None:
        self._running_header(c)
        c.saveState()
        c.setFillColor(self.st.tint)
        c.rect(MARGIN_X, BODY_BOTTOM, SIDEBAR_W, BODY_TOP - BODY_BOTTOM + 6, stroke=0, fill=1)
        c.setFillColor(self.colour)
        c.rect(MARGIN_X, BODY_TOP + 4, SIDEBAR_W, 2, stroke=0, fill=1)
        c.restoreState()
        self._page_done(c)

    def _later_page(self, c, doc) -> None:
        self._running_header(c)
        self._page_done(c)

    def _page_done(self, c) -> None:
        report(self.progress, 2, 4, f"排版第 {c.page_number} 页 (laying out page {c.page_number})")

    def _stamp(self, c, page: int, total: int) -> None:
        self.pages = total
        c.saveState()
        c.setFont(self.fonts.body, 7.5)
        c.setFillColor(GREY)
        c.drawRightString(PAGE_W - MARGIN_X, FOOTER_Y, f"第 {page} 页 / 共 {total} 页")
        c.restoreState()
        mark = draft_mark(self.spec.status)
        if mark:
            self._draft_mark(c, mark)

    def _draft_mark(self, c, mark: str) -> None:
        """草稿 / 审阅稿 across the page (translucent, over the content so no block can hide it) and in the header."""
        c.saveState()
        c.setFillColor(self.colour, alpha=0.10)
        c.setFont(self.fonts.body, 110)
        c.translate(PAGE_W / 2, PAGE_H / 2)
        c.rotate(35)
        c.drawCentredString(0, -38, mark)
        c.restoreState()
        c.saveState()
        label = f"{mark} · 未经审核，不得对外发布"
        c.setFont(self.fonts.body_bold, 8)
        w = c.stringWidth(label, self.fonts.body_bold, 8)
        x = PAGE_W / 2 - w / 2
        c.setFillColor(self.colour)
        c.roundRect(x - 6, HEADER_Y - 3.5, w + 12, 13, 2, stroke=0, fill=1)
        c.setFillColor(colors.white)
        c.drawString(x, HEADER_Y, label)
        c.restoreState()

    # -------------------------------------------------------------- build
    def pdf(self) -> bytes:
        s = self.spec
        buf = io.BytesIO()
        h = BODY_TOP - BODY_BOTTOM
        first = PageTemplate("first", [
            Frame(MARGIN_X, BODY_BOTTOM, SIDEBAR_W, h, leftPadding=9, rightPadding=9, topPadding=10,
                  bottomPadding=8, id="sidebar"),
            Frame(MAIN_X, BODY_BOTTOM, MAIN_W, h, leftPadding=0, rightPadding=0, topPadding=4,
                  bottomPadding=0, id="main")], onPage=self._first_page)
        later = PageTemplate("later", [Frame(MARGIN_X, BODY_BOTTOM, BODY_W, h, leftPadding=0, rightPadding=0,
                                             topPadding=4, bottomPadding=0, id="body")],
                             onPage=self._later_page)
        names = [a.name for a in s.analysts]
        keywords = [x for x in (self.house_name, s.series, s.industry, REPORT_KIND, s.rating,
                                *(t.name for t in s.themes)) if x]
        title = strip_bold(cut(s.headline, "headline"))
        subject = f"{s.series} {s.period_compact}".strip()
        mark = draft_mark(s.status)
        if s.correction_mark:
            subject = f"{subject}（{s.correction_mark}）"
        if mark:
            title = f"【{mark}】{title}"
            subject = f"{subject}（{mark}，不得对外发布 not for release）"
        doc = BaseDocTemplate(
            buf, pagesize=(PAGE_W, PAGE_H), pageTemplates=[first, later], invariant=1,
            title=title, author="、".join(names),
            subject=subject, keywords=keywords, creator=CREATOR,
            leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=PAGE_H - BODY_TOP, bottomMargin=BODY_BOTTOM,
            lang="zh-CN", initialFontName=self.fonts.body, initialFontSize=9)
        story = [NextPageTemplate("later"), self._sidebar(), FrameBreak(), *self._main(), *self._figures(),
                 *self._table(), *self._closing()]
        info = {"ReportStatus": s.status if s.status in STATUS_MARKS or s.status == "final" else "draft"}
        if s.corrections:
            info["ReportVersion"] = str(s.version)
        if self.snapshot_key:
            info[SNAPSHOT_KEY] = snapshot_sha256(s.to_json())
        # page streams Flate-compressed only: reportlab's default ASCII85 layer on top makes them a
        # quarter larger and is encoded in pure Python (every report sets it, so the bytes never vary)
        rl_config.useA85 = 0
        doc.build(story, canvasmaker=canvas_class(self._stamp, _epoch(s.publish_date), info))
        return buf.getvalue()

    # -------------------------------------------------------------- page 1 sidebar
    def _sidebar(self) -> Flowable:
        s, st = self.spec, self.st
        width = SIDEBAR_W - 18
        items: list[Flowable] = []
        if s.house.name_zh:
            items.append(self.p(self.house_name, st.sb_house, bold=False))
        if s.house.name_en:
            items.append(self.p(cut(s.house.name_en, "house.name"), st.sb_house_en, bold=False))
        items.append(CJKParagraph(REQUIRED_WORDS, st.sb_words))
        kind = " · ".join(x for x in (REPORT_KIND, cut(s.series, "series")) if x)
        items.append(self.p(kind, st.sb_kind, bold=False))
        if s.rating_text:
            box = self.grid([[CJKParagraph("行业投资评级", st.sb_rating_label)],
                             [self.p(s.rating_text, st.sb_rating, bold=False)]], [width],
                            [("BACKGROUND", (0, 0), (-1, -1), self.colour),
                             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])
            items += [box, Spacer(1, 6)]
        if s.industry:
            items.append(self.p(f"行业：{cut(s.industry, 'industry')}", st.sb_text, bold=False))
        items.append(self.p(f"发布日期：{_cn_date(s.publish_date)}", st.sb_text, bold=False))
        if s.analysts:
            items.append(Rule(self.st.tint_mid, 0.6, 5))
            # name, SAC number and contact are compliance items: printed in full, wrapping if need be
            for a in s.analysts:
                block = [self._labelled("分析师：", a.name, st.sb_head, width),
                         self.p(f"执业证书编号：{a.sac_no}", st.sb_small, bold=False)]
                if a.contact:
                    block.append(self._labelled("邮箱：", a.contact, st.sb_small, width))
                items.extend(block)
        if s.cover_chart is not None:
            items.append(Rule(self.st.tint_mid, 0.6, 5))
            items.append(self.p(s.cover_chart.title or "最近一年行业指数与基准指数比较", st.sb_head, bold=False,
                                display=True))
            items.append(spec_to_drawing(s.cover_chart, width, 118, self.fonts.body, colour=self.hex, font_size=5.8,
                                         clean=self.clean, thousands=self.numbers.thousands, numbers=self.numbers))
            src = "资料来源：示意数据" if s.cover_chart.sample else _source(s.cover_chart.source)
            items.append(self.p(src, st.sb_small, bold=False))
        if s.related:
            items.append(Rule(self.st.tint_mid, 0.6, 5))
            items.append(CJKParagraph("相关报告", st.sb_head))
            for i, r in enumerate(s.related, 1):
                date_txt = f"（{r.date}）" if r.date else ""
                items.append(self.p(f"{i}. {cut(r.title, 'related.title')}{date_txt}", st.sb_related, bold=False,
                                    display=True))
                items.append(Spacer(1, 3))
        return KeepInFrame(width, BODY_TOP - BODY_BOTTOM - 18, items, mode="shrink")

    def _labelled(self, label: str, value: str, style, width: float) -> Flowable:
        """``label`` and the user's ``value`` in full on one line, or, when that takes more than one
        line, the value wrapping beside the label (a hanging indent): the label never ends a line
        alone (邮箱：|address…) and every line of the value starts at the same place."""
        one = self.p(f"{label}{value}", style, bold=False)
        one.wrap(width, 10_000)
        if len(one.blPara.lines) <= 1:
            return one
        return self._hanging(label, [value], style, width)

    def _hanging(self, label: str, lines: list[str], style, width: float) -> Table:
        """``label`` beside ``lines`` of user text, each starting a line of its own and wrapping
        under itself."""
        cell = ParagraphStyle(f"{style.name}-cell", parent=style, spaceBefore=0, spaceAfter=0)
        label_w = min(stringWidth(label, style.fontName, style.fontSize) + 0.5, width / 2)
        text = "<br/>".join(markup(self.clean(line), bold=False) for line in lines)
        return self.grid([[CJKParagraph(label, cell), CJKParagraph(text, cell)]], [label_w, width - label_w],
                         [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                          ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                          ("VALIGN", (0, 0), (-1, -1), "TOP")],
                         spaceBefore=style.spaceBefore, spaceAfter=style.spaceAfter)

    # -------------------------------------------------------------- page 1 main column and on
    def _main(self) -> list[Flowable]:
        s, st = self.spec, self.st
        out: list[Flowable] = []
        headline = cut(s.headline, "headline")
        head = self.heading(headline, st.headline, 0, title=headline or "周报")
        head.spare_line = True  # a line more rather than a word cut in two (算力基础|设施)
        out.append(head)
        if s.series or s.period_start:
            out.append(self.p(s.subtitle, st.subtitle, bold=False, display=True))
        if s.corrections:
            out.append(self._correction_note())
        out.append(self.section("主要观点"))
        label = f'<font color="{self.hex}">'
        if s.market_review.strip():
            out.append(CJKParagraph(f"{label}<b>【市场回顾】</b></font>{markup(self.clean(s.market_review))}",
                                 st.body))
        views = [v for v in s.views if v.strip()]
        if views:
            out.append(CJKParagraph(markup(self.clean(_views_label(s.industry)), bold=False), st.label))
            for v in views:
                out.append(CJKParagraph(markup(self.clean(v)), st.bullet, bulletText="●"))
        themes = [t for t in s.themes if t.name.strip() or t.rationale.strip() or t.names]
        if s.advice.strip() or themes:
            text = f"{label}<b>【投资建议】</b></font>" + markup(self.clean(s.advice))
            lead = CJKParagraph(text, st.body)
            for i, t in enumerate(themes, 1):
                name = markup(self.clean(cut(t.name, "theme.name")), bold=False)
                rationale = markup(self.clean(cut(t.rationale, "theme.rationale")))
                watch = "".join(f"【{markup(self.clean(cut(n, 'table.name')), bold=False)}】" for n in t.names)
                line = f"<b>{name}</b>：{rationale}"
                if watch:
                    line += f"关注标的：{watch}"
                item = NumberedParagraph.numbered(i, line, st.theme)
                out.append(KeepWithNext(lead, item) if i == 1 else item)  # the lead-in never ends a page alone
            if not themes:
                out.append(lead)
        risks = [r.strip().rstrip("。；;") for r in s.risks if r.strip()]
        if risks:
            out.append(Spacer(1, 4))
            text = "；".join(markup(self.clean(r)) for r in risks) + "。"
            out.append(CJKParagraph(f"{label}<b>■ 风险提示：</b></font>{text}", st.body))
        return out

    def _correction_note(self) -> Flowable:
        """更正说明 on page 1: the version, and each correction's day and reason as the issue log holds them."""
        s = self.spec
        lines = [f'<font color="{self.hex}"><b>更正说明</b></font>　本报告为更正版（第 {s.version} 版），'
                 f"替代此前发布的版本。"]
        for c in s.corrections:
            when = c.date or "日期未记录"
            reason = markup(self.clean(c.reason), bold=False) if c.reason.strip() else "原因未记录"
            label = "更正" if len(s.corrections) == 1 else f"更正（第 {c.version} 版）"
            lines.append(f"{when} {label}：{reason}")
        return CJKParagraph("<br/>".join(lines), self.st.correction)

    def _figures(self) -> list[Flowable]:
        figs = self.spec.figures
        if not figs:
            return []
        out: list[Flowable] = [LeaveFirstPage(), CondPageBreak(200), self.section("重点图表")]
        # three to a row (two when that fills the rows evenly), so the table starts high on the page
        cols = {1: 2, 2: 2, 4: 2}.get(len(figs), 3)
        gutter = 14.0
        col_w = BODY_W / cols
        chart_h = 150.0 if cols == 2 else 128.0
        inner = col_w - gutter * (cols - 1) / cols
        parts = [self._figure_parts(i, f, inner, chart_h) for i, f in enumerate(figs, 1)]
        for i in range(0, len(parts), cols):
            group = parts[i:i + cols]
            # the row's captions share one height, and so do their unit lines: the caption rules,
            # the charts and the source lines of a row line up whatever a title's length
            caption_h = max(p[0].wrap(inner, 10_000)[1] for p in group) + 2 * FIGURE_PAD
            unit_h = max(p[1].wrap(inner, 10_000)[1] for p in group) + 2 * FIGURE_PAD
            row: list = [self._figure_cell(p, inner, caption_h, unit_h) for p in group]
            row += [""] * (cols - len(row))
            cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]
            for c in range(cols):  # the gutters split evenly; the outer edges sit on the margins
                left = 0 if c == 0 else gutter * c / cols
                right = 0 if c == cols - 1 else gutter * (cols - 1 - c) / cols
                cmds += [("LEFTPADDING", (c, 0), (c, -1), left), ("RIGHTPADDING", (c, 0), (c, -1), right)]
            out.append(self.grid([row], [col_w] * cols, cmds))
        return out

    def _figure_parts(self, number: int, fig: FigureEntry, width: float, height: float = 150.0) -> list[Flowable]:
        """A figure's caption, unit line, chart and source line."""
        st = self.st
        inner = width
        caption = self.heading(f"图 {number}：{_caption_title(fig.title)}", st.caption, 1)
        if fig.chart is not None:
            chart = spec_to_drawing(fig.chart, inner, height, self.fonts.body, colour=self.hex,
                                    font_size=6.8, clean=self.clean, show_unit=False,
                                    thousands=self.numbers.thousands, numbers=self.numbers)
        else:
            chart = _placeholder(inner, height, self.fonts.body, "图表数据缺失 (chart data missing)")
        unit = f"单位：{cut(fig.unit, 'figure.unit')}" if fig.unit else ""
        if fig.chart is not None and fig.chart.sample:
            unit = f"{unit}（示意数据）" if unit else "示意数据"
        return [caption, self.p(unit, st.source, bold=False), chart,
                self.p(_source(cut(fig.source, "figure.source")), st.source, bold=False)]

    def _figure_cell(self, parts: list[Flowable], width: float, caption_h: float | None = None,
                     unit_h: float | None = None) -> Table:
        """The figure's parts stacked; ``caption_h`` and ``unit_h`` (padding included) as its row's
        tallest caption and unit line, each set on the bottom of its space (on the caption rule)."""
        return self.grid([[p] for p in parts], [width], [
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), FIGURE_PAD), ("BOTTOMPADDING", (0, 0), (-1, -1), FIGURE_PAD),
            ("VALIGN", (0, 0), (-1, 1), "BOTTOM"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, self.colour), ("LINEBELOW", (0, 2), (-1, 2), 0.4, HAIRLINE)],
            rowHeights=[caption_h, unit_h, None, None])

    def _table(self) -> list[Flowable]:
        s, st = self.spec, self.st
        if not s.table.columns and not s.table.rows:
            return []
        title = f"表 1：{cut(s.table.title, 'table.title')}"
        caption = self.heading(title, st.caption, 1)
        lead = self.grid([[caption, CJKParagraph(s.table.unit_note, st.unit)]], [BODY_W - 90, 90], [
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, self.colour)])
        # the rest of the table on a later page: the caption again, marked 续 (no second bookmark)
        continued = self.grid([[self.p(f"{title}（续）", st.caption, bold=False),
                                CJKParagraph(s.table.unit_note, st.unit)]], [BODY_W - 90, 90], [
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, self.colour)])
        tail = self.p(_source(cut(s.table.source, "table.source")), st.source, bold=False)
        note = older_note(s.table, s.table.as_of or s.period_end)
        if note:  # market figures from before the table's week: the reader is told which, and as of when
            tail = self.grid([[self.p(note, st.source, bold=False)], [tail]], [BODY_W], [
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
        look = TableLook(self.fonts.body, self.fonts.body_bold, self.colour, self.st.tint, clean=self.clean,
                         style=self.numbers)
        table = build_table(s.table, BODY_W, look, lead=lead, tail=tail, continued=continued)
        return [LeaveFirstPage(), CondPageBreak(160), self.section("重点公司对比"), table]

    # -------------------------------------------------------------- closing pages
    def _closing(self) -> list[Flowable]:
        """The closing pages, from the top of a page of their own. They never end on a near-empty page
        of boilerplate (six signing analysts push the disclaimer's last lines over): a block whose last
        page would be less than NEAR_EMPTY full is set a little tighter when that saves the page, else
        a section starts the last page so that it holds a fair share of the text."""
        keys = self._keys  # each trial numbers its bookmarks alike: the story's are the first trial's
        choice: tuple[float, str | None] = (1.0, None)
        first = self._closing_block(*choice)
        pages, used = self._closing_pages(first)
        if not (pages > 1 and used < NEAR_EMPTY * (BODY_TOP - BODY_BOTTOM)):
            return [PageBreak(), *first]  # (as designed: the block laid out once already goes in as it is)
        for tight in CLOSING_TIGHTER:
            self._keys = keys
            if self._closing_pages(self._closing_block(tight, None))[0] < pages:
                choice = (tight, None)
                break
        else:
            for title in ("免责声明", "投资评级体系与评级定义", "公司业务资格说明"):
                self._keys = keys
                n, last = self._closing_pages(self._closing_block(1.0, title))
                if n <= pages and last >= NEAR_EMPTY * (BODY_TOP - BODY_BOTTOM):
                    choice = (1.0, title)
                    break
        self._keys = keys
        return [PageBreak(), *self._closing_block(*choice)]

    def _closing_block(self, tight: float, page_before: str | None) -> list[Flowable]:
        """The closing sections with their spacing scaled by ``tight`` (1: as designed; the leading
        by ``tight``, the space between paragraphs, around section titles and in the rating table by
        twice as much again), and a page break before the section titled ``page_before``, if any."""
        h = self.spec.house
        space = max(0.0, 1 - 5 * (1 - tight))  # 1 → 1, 0.95 → 0.75, 0.9 → 0.5
        st = self.st.closing
        self._closing_style = st if tight == 1.0 else ParagraphStyle(
            f"closing-{tight}", parent=st, leading=st.leading * tight, spaceAfter=st.spaceAfter * space)
        self._closing_space = space
        out: list[Flowable] = []
        for title, part in (("分析师声明", self._declaration), ("公司业务资格说明", lambda: self._paras(h.licence)),
                            ("投资评级体系与评级定义", self._ratings), ("免责声明", lambda: self._paras(h.disclaimer))):
            if title == page_before:
                out.append(PageBreak())
            section = self.section(title)
            if tight != 1.0:
                section.spaceBefore *= space
                section.spaceAfter *= space
            out += [section, *part()]
        self._closing_style, self._closing_space = st, 1.0
        return out

    def _closing_pages(self, block: list[Flowable]) -> tuple[int, float]:
        """How many pages ``block`` takes from the top of a later page, and how far down its last
        page it reaches (points), laid out as the document's frame lays it out."""
        canv = Canvas(io.BytesIO(), pagesize=(PAGE_W, PAGE_H))

        def frame() -> Frame:
            return Frame(MARGIN_X, BODY_BOTTOM, BODY_W, BODY_TOP - BODY_BOTTOM, leftPadding=0, rightPadding=0,
                         topPadding=4, bottomPadding=0)

        f, pages = frame(), 1
        queue = list(block)
        while queue:
            item = queue.pop(0)
            if isinstance(item, PageBreak):
                f, pages = frame(), pages + 1
                continue
            if f.add(item, canv, trySplit=1):
                continue
            parts = f.split(item, canv)
            if parts and f.add(parts[0], canv, trySplit=0):
                queue[0:0] = parts[1:]
                continue
            if f._atTop:  # taller than a page and unsplittable: the document draws it as it can
                continue
            f, pages = frame(), pages + 1
            queue.insert(0, item)
        return pages, f._y2 - f._topPadding - f._y

    def _declaration(self) -> list[Flowable]:
        """The analyst declaration: the issue's signing analysts, each with the SAC registration
        number (执业证书编号) the rules require, then the house's declaration as written."""
        house = self.spec.house.declaration
        signed = [f"{a.name}（执业证书编号：{a.sac_no}）" for a in self.spec.analysts]
        if not signed:
            return self._paras(house)
        label = "本报告署名分析师："
        # set left, not justified: a name carried to the next line would open wide gaps
        style = ParagraphStyle("declaration-names", parent=self._closing_style, alignment=TA_LEFT)
        names: Flowable = self.p(f"{label}{'、'.join(signed)}。", style, bold=False)
        names.wrap(BODY_W, 10_000)
        if len(names.blPara.lines) > 1:  # lines break between analysts, never inside a name (欧|阳诸葛明远)
            items = [f"{x}、" for x in signed[:-1]] + [f"{signed[-1]}。"]
            measure = BODY_W - stringWidth(label, style.fontName, style.fontSize) - 1
            lines: list[str] = []
            for item in items:
                if lines and stringWidth(self.clean(lines[-1] + item), style.fontName, style.fontSize) <= measure:
                    lines[-1] += item
                else:
                    lines.append(item)
            names = self._hanging(label, lines, style, BODY_W)
        return [names] + (self._paras(house) if house.strip() else [])

    def _paras(self, text: str) -> list[Flowable]:
        parts = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
        style = self._closing_style
        return [self.p(p, style, bold=False) for p in parts] or [CJKParagraph("--", style)]

    def _ratings(self) -> list[Flowable]:
        r = self.spec.house.ratings or {}
        st = self.st
        head = [CJKParagraph(t, st.cell_head) for t in ("类别", "评级", "定义")]
        data: list[list] = [head]
        cmds: list[tuple] = [("BACKGROUND", (0, 0), (-1, 0), self.colour),
                             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("LINEBELOW", (0, 0), (-1, -1), 0.4, HAIRLINE),
                             ("LINEBELOW", (0, -1), (-1, -1), 0.8, self.colour),
                             ("TOPPADDING", (0, 0), (-1, -1), 3 * self._closing_space),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * self._closing_space)]
        for label, items, horizon in (("股票投资评级", r.get("stock") or [], r.get("horizon_stock", "")),
                                      ("行业投资评级", r.get("industry") or [], r.get("horizon_industry", ""))):
            if not items:
                continue
            start = len(data)
            cat = f"{label}<br/>" + (f'<font size="7" color="#595959">（{markup(self.clean(horizon), bold=False)}）</font>'
                                     if horizon else "")
            for k, item in enumerate(items):
                data.append([CJKParagraph(cat, st.cell_center) if k == 0 else "",
                             self.p(str(item.get("name", "")), st.cell_center, bold=False),
                             self.p(str(item.get("rule", "")), st.cell, bold=False)])
            if len(data) - 1 > start:
                cmds.append(("SPAN", (0, start), (0, len(data) - 1)))
            cmds.append(("BACKGROUND", (0, start), (0, len(data) - 1), self.st.tint))
        out: list[Flowable] = []
        if len(data) > 1:
            out.append(self.grid(data, [110, 60, BODY_W - 170], cmds, repeatRows=1))
        out += [Spacer(1, 4 * self._closing_space), self._rating_note(r)]
        return out

    def _rating_note(self, r: dict) -> Flowable:
        """The 投资评级说明 paragraph: the basis of the ratings, every definition, and the benchmarks."""
        parts = [str(r["note"]).strip()] if r.get("note") else []
        for label, key in (("股票投资评级", "stock"), ("行业投资评级", "industry")):
            items = [i for i in (r.get(key) or []) if str(i.get("name", "")).strip()]
            if items:
                parts.append(f"{label}：" + "；".join(f"{i.get('name', '')}：{str(i.get('rule', '')).rstrip('。')}"
                                                     for i in items) + "。")
        benches = r.get("benchmarks") or []
        if benches:
            parts.append("评级基准：" + "；".join(f"{b.get('market', '')}市场以{b.get('index', '')}为基准"
                                              for b in benches) + "。")
        text = markup(self.clean("".join(parts)), bold=False)
        return CJKParagraph(f"<b>投资评级说明：</b>{text}", self._closing_style)


# ---------------------------------------------------------------------- small pieces
STATUS_MARKS = {"draft": "草稿", "review": "审阅稿"}


def draft_mark(status: str) -> str:
    """The mark a PDF of an issue in ``status`` carries on every page: only a final issue prints clean."""
    if status == "final":
        return ""
    return STATUS_MARKS.get(status, STATUS_MARKS["draft"])


def _cn_date(iso: str) -> str:
    try:
        d = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or "--"
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


_EPOCH = date(1970, 1, 1)


def _epoch(iso: str) -> int | None:
    """The publication date at 00:00 UTC, as the PDF's creation date."""
    try:
        d = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
    return (d - _EPOCH).days * 86400  # calendar.timegm, without loading the calendar module


def _views_label(industry: str) -> str:
    """【科技行业观点】 for the technology industries, else 【<industry>行业观点】."""
    if not industry or industry in ("电子", "计算机", "通信", "传媒", "科技"):
        return "【科技行业观点】"
    return f"【{cut(industry, 'industry')}行业观点】"


def _source(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    return text if text.startswith("资料来源") else f"资料来源：{text}"


def _placeholder(width: float, height: float, font: str, text: str) -> Drawing:
    from reportlab.graphics.shapes import Rect, String

    d = Drawing(width, height, initialFontName=font, initialFontSize=7)
    d.add(Rect(0.5, 0.5, width - 1, height - 1, strokeColor=HAIRLINE, fillColor=None, strokeWidth=0.5))
    d.add(String(width / 2, height / 2, text, fontName=font, fontSize=7, fillColor=LIGHT, textAnchor="middle"))
    return d


def snapshot_sha256(snapshot_json: str) -> str:
    """The SHA-256 of a data snapshot in its canonical JSON (``ReportSpec.to_json``'s form: sorted keys,
    no blanks, no ASCII escaping), whatever blanks or key order the text was stored with."""
    canonical = json.dumps(json.loads(snapshot_json), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def render_with_pages(spec: ReportSpec, *, progress=None, snapshot_key: bool = True) -> tuple[bytes, int]:
    """The PDF of ``spec`` and its page count; ``snapshot_key=False`` leaves /SnapshotSHA256 out, as
    earlier releases rendered (`verify` compares a PDF they froze byte for byte)."""
    report(progress, 2, 4, "排版 (laying out)")
    r = Report(spec, progress, snapshot_key=snapshot_key)
    data = r.pdf()
    return data, r.pages


def render_pdf(spec: ReportSpec, *, progress=None, snapshot_key: bool = True) -> bytes:
    """The PDF of ``spec``; the same spec always gives the same bytes (``snapshot_key``: as
    ``render_with_pages``)."""
    return render_with_pages(spec, progress=progress, snapshot_key=snapshot_key)[0]
