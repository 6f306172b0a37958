"""The comparison table as a flowable that splits itself into one reportlab Table per page.

Each page's chunk repeats the header and spans the segment cell over that page's rows of the
segment, with the segment name repeated (marked 续) when a segment continues from the previous
page. The page break falls between segments unless a segment can be split with at least
``MIN_SIDE`` rows on either side (or is too long for a page); a segment that would leave fewer
rows on one side is split higher up rather than moved whole, so the page stays filled. Row heights are measured once, so
splitting a long table costs one pass over the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, FrameBreak, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from workbench.domain.metrics import NumberStyle, colours_moves, format_value, prints_negative
from workbench.report.spec import TableEntry
from workbench.report.text import cut, markup
from workbench.report.typeset import HYPHENS, CJKParagraph, break_opportunities

NEGATIVE = colors.HexColor("#1E8C45")  # A-share convention: falls in green
RULE = colors.HexColor("#BFBFBF")
HAIR = colors.HexColor("#E3E3E3")
ZEBRA = colors.HexColor("#F6F6F6")
PAD_X = 3.0  # with right-aligned figures, at least 2 x PAD_X between neighbouring numbers
PAD_Y = 1.5
HEAD_SMALLER = 0.5  # header labels a little smaller than the figures, so neighbours never touch
MIN_SIDE = 3  # fewest rows of a segment on either side of a page break
MIN_SIZE = 5.0  # the smallest font a figure column is shrunk to: smaller is not legible in print
NAME_SHRINK = 6 / 7  # figures shrink to keep a short name whole by no more than this (6 pt for 7 pt)
TAIL_GAP = 4.0  # between the closing rule and the source line
FIXED = ("细分板块", "代码", "公司")


@dataclass
class TableLook:
    font: str
    bold: str
    colour: colors.Color
    tint: colors.Color
    size: float = 7.0
    clean: Callable[[str], str] = lambda s: s
    style: NumberStyle = field(default_factory=NumberStyle)

    @property
    def line_h(self) -> float:
        return self.size * 1.25


@dataclass
class BodyRow:
    cells: list
    cmds: list[tuple]  # (command, column, value): placed on the row when a chunk is built
    height: float
    segment: str
    seg_pos: int  # position of the row within its segment
    seg_len: int
    parity: int


@dataclass
class Layout:
    """What every chunk shares: column widths, the header and the segment labels' sizes."""

    look: TableLook
    widths: list[float]
    header: list[list]
    header_heights: list[float]
    header_cmds: list[tuple]
    n_numeric: int
    label_heights: dict[tuple[str, bool], float] = field(default_factory=dict)
    label_style: ParagraphStyle | None = None
    figures: list[list[str]] = field(default_factory=list)  # each row's figures as printed
    sizes: list[float] = field(default_factory=list)  # each figure column's font size

    @property
    def header_h(self) -> float:
        return sum(self.header_heights)

    def label(self, segment: str, continued: bool) -> CJKParagraph:
        text = self.look.clean(cut(segment, "table.segment")) + ("（续）" if continued else "")
        return CJKParagraph(markup(text, bold=False), self.label_style)

    def label_h(self, segment: str, continued: bool) -> float:
        key = (segment, continued)
        if key not in self.label_heights:
            _, h = self.label(segment, continued).wrap(self.widths[0] - 2 * PAD_X, 10_000)
            self.label_heights[key] = h + 2 * PAD_Y
        return self.label_heights[key]


def build_table(entry: TableEntry, width: float, look: TableLook, *, lead: Flowable | None = None,
                tail: Flowable | None = None, continued: Flowable | None = None) -> "ComparisonTable":
    """The flowable for ``entry`` laid out to ``width`` points, with an optional caption and source;
    ``continued`` is the caption drawn above the table's rest on each later page (表 1 …（续）)."""
    layout = _layout(entry, width, look)
    rows = _body_rows(entry, layout)
    return ComparisonTable(layout, rows, lead=lead, tail=tail, continued=continued)


def _layout(entry: TableEntry, width: float, look: TableLook) -> Layout:
    n = len(entry.columns)
    fixed = [54.0, 44.0, 44.0]
    numeric = (width - sum(fixed)) / n if n else 0.0
    widths = fixed + [numeric] * n
    if n and numeric < 24:  # many columns: squeeze everything proportionally
        numeric = 24.0
        widths = fixed + [numeric] * n
        scale = width / sum(widths)
        widths = [w * scale for w in widths]
    elif not n:
        widths = [w * width / sum(fixed) for w in fixed]
    hstyle = ParagraphStyle("th", fontName=look.bold, fontSize=look.size - HEAD_SMALLER, leading=look.line_h,
                            textColor=colors.white, alignment=TA_CENTER, wordWrap="CJK")

    def hp(text: str, limit: str) -> CJKParagraph:
        return CJKParagraph(markup(look.clean(cut(text, limit)), bold=False), hstyle)

    grouped = any(c.group for c in entry.columns)
    cmds: list[tuple] = []
    if grouped:
        top = [hp(t, "table.label") for t in FIXED]
        sub: list = ["", "", ""]
        for i in range(3):
            cmds.append(("SPAN", (i, 0), (i, 1)))
        i = 0
        while i < n:
            col = entry.columns[i]
            if not col.group:
                top.append(hp(col.label, "table.label"))
                sub.append("")
                cmds.append(("SPAN", (3 + i, 0), (3 + i, 1)))
                i += 1
                continue
            j = i
            while j + 1 < n and entry.columns[j + 1].group == col.group:
                j += 1
            top.append(hp(col.group, "table.group"))
            top.extend([""] * (j - i))
            sub.extend(hp(entry.columns[k].label, "table.label") for k in range(i, j + 1))
            if j > i:
                cmds.append(("SPAN", (3 + i, 0), (3 + j, 0)))
            cmds.append(("LINEBELOW", (3 + i, 0), (3 + j, 0), 0.4, colors.white))
            cmds.append(("LINEBEFORE", (3 + i, 0), (3 + i, 1), 0.4, colors.white))
            i = j + 1
        header = [top, sub]
    else:
        header = [[hp(t, "table.label") for t in FIXED] + [hp(c.label, "table.label") for c in entry.columns]]

    figures = [[format_value(col.kind, value, style=look.style) for col, value in zip(entry.columns, r.values)]
               for r in entry.rows]
    labels = header[-1] if grouped else header[0]  # each figure column's own label (under its group's)
    floors = [_label_width(p, w) for p, w in zip(labels[3:], widths[3:])]
    widths[3:], sizes = _fit_figures(widths[3:], figures, look, floors)
    label_style = ParagraphStyle("seg", fontName=look.font, fontSize=look.size, leading=look.line_h,
                                 alignment=TA_CENTER, wordWrap="CJK")
    widths[2], widths[3:] = _fit_names(widths[2], widths[3:], [_name(r.name, look) for r in entry.rows],
                                       figures, sizes, floors, look)
    if entry.rows and widths[2] < _name_need([_name(r.name, look) for r in entry.rows], look) and n:
        # the figures' spare room was not enough: the other columns give more before a name breaks
        widths, sizes = _make_room(widths, entry, header, figures, sizes, floors, look, label_style)
    heights = []
    for r, row in enumerate(header):
        h = look.line_h
        for c, cell in enumerate(row):
            spans_down = grouped and r == 0 and not _is_group_top(entry, c)
            if isinstance(cell, CJKParagraph) and not spans_down:
                h = max(h, cell.wrap(widths[c] - 2 * PAD_X, 10_000)[1])
        heights.append(h + 2 * PAD_Y + 1)
    if grouped:  # a label spanning both rows must fit in their sum
        need = max((cell.wrap(widths[c] - 2 * PAD_X, 10_000)[1] + 2 * PAD_Y
                    for c, cell in enumerate(header[0])
                    if isinstance(cell, CJKParagraph) and not _is_group_top(entry, c)), default=0)
        if need > sum(heights):
            heights[1] += need - sum(heights)
    return Layout(look, widths, header, heights, cmds, n, label_style=label_style, figures=figures, sizes=sizes)


def _label_width(label, width: float) -> float:
    """The width a column's header label takes, as it wraps in ``width``: narrower, it would wrap again."""
    if not isinstance(label, CJKParagraph):
        return 0.0
    one_line = stringWidth("".join(f.text for f in label.frags), label.style.fontName, label.style.fontSize)
    if one_line <= width - 2 * PAD_X:  # most labels: one line, measured without a wrap
        return 2 * PAD_X + one_line
    label.wrap(width - 2 * PAD_X, 10_000)
    return 2 * PAD_X + max((getattr(line, "currentWidth", 0.0) for line in label.blPara.lines), default=0.0)


def _fit_figures(widths: list[float], figures: list[list[str]], look: TableLook,
                 floors: list[float]) -> tuple[list[float], list[float]]:
    """The figure columns' widths and font sizes, so that every figure fits its cell and a column's
    figures share one size: a column too narrow for its widest figure takes the width it needs from
    the columns with room to spare (down to their widest figure or their label's widest line,
    ``floors``); when they have too little, all the figures shrink to one size, no less than MIN_SIZE (the labels wrap first; only figures too wide at MIN_SIZE for the
    whole table's width go smaller, still one size a column, rather than run into each other)."""
    n = len(widths)
    sizes = [look.size] * n
    if not n or not figures:
        return widths, sizes
    need = [2 * PAD_X + max(stringWidth(row[k], look.font, look.size) for row in figures) for k in range(n)]
    short = sum(max(0.0, a - w) for a, w in zip(need, widths))
    if short <= 1e-6:
        return widths, sizes
    floor = [max(a, f) for a, f in zip(need, floors)]
    spare = sum(max(0.0, w - f) for f, w in zip(floor, widths))
    if short <= spare:  # the roomy columns give up part of their room, each by its share of it
        return [a if a > w else w - max(0.0, w - f) * short / spare for a, f, w in zip(need, floor, widths)], sizes
    # too little room: the figures shrink by one factor (a column whose label is the wider keeps
    # the label's width and shrinks only if it must), found by halving; at MIN_SIZE the labels wrap
    total = sum(widths)
    text = [a - 2 * PAD_X for a in need]

    def spread(f: float) -> list[float]:
        return [max(f * t + 2 * PAD_X, label) for t, label in zip(text, floors)]

    lo, hi = MIN_SIZE / look.size, 1.0
    if sum(spread(lo)) > total:
        bare = [lo * t + 2 * PAD_X for t in text]  # the figures at MIN_SIZE
        if sum(bare) < total:  # the labels give up room and wrap
            extra = [w - b for w, b in zip(spread(lo), bare)]
            widths = [b + e * (total - sum(bare)) / sum(extra) for b, e in zip(bare, extra)]
        else:  # the last resort: below MIN_SIZE (still one size a column), never figures running together
            widths = [b * total / sum(bare) for b in bare]
    else:
        for _ in range(40):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if sum(spread(mid)) <= total else (lo, mid)
        widths = spread(lo)
        widths = [w + (total - sum(widths)) / n for w in widths]
    # every figure column at the one size the tightest allows: a table in two sizes looks patched
    size = min(look.size, *(look.size * (w - 2 * PAD_X) / t for t, w in zip(text, widths) if t > 0))
    return widths, [size] * n


def _name(name: str, look: TableLook) -> str:
    """A company's short name as the table prints it."""
    return look.clean(cut(name, "table.name"))


def _fit_names(width: float, figure_widths: list[float], names: list[str], figures: list[list[str]],
               sizes: list[float], floors: list[float], look: TableLook) -> tuple[float, list[float]]:
    """The 公司 column's width and the figure columns': a column too narrow for its longest name
    (九号公司-WD, 奥比中光-UW) takes the width it needs from the figure columns' room to spare (down to
    their widest figure at its size, or their label's widest line), each giving by its share of
    it; with too little room it takes all there is and ``_make_room`` finds the rest."""
    if not names or not figure_widths:
        return width, figure_widths
    need = _name_need(names, look)
    if need <= width:
        return width, figure_widths
    floor = [max(label, 2 * PAD_X + max((stringWidth(row[k], look.font, size) for row in figures), default=0.0))
             for k, (label, size) in enumerate(zip(floors, sizes))]
    spare = [max(0.0, w - f) for w, f in zip(figure_widths, floor)]
    room = sum(spare)
    if room <= 1e-6:
        return width, figure_widths
    take = min(need - width, room)
    return width + take, [w - s * take / room for w, s in zip(figure_widths, spare)]


def _name_need(names: list[str], look: TableLook) -> float:
    """The 公司 column's width that holds the longest of ``names`` on one line."""
    return 2 * PAD_X + max((stringWidth(n, look.font, look.size) for n in names), default=0.0) + 0.01


def _make_room(widths: list[float], entry: TableEntry, header: list[list], figures: list[list[str]],
               sizes: list[float], floors: list[float], look: TableLook,
               label_style: ParagraphStyle) -> tuple[list[float], list[float]]:
    """Widths (and the figures' size) that keep every short name the table can hold on one line when
    the figures have no room to spare at their labels' one-line width (one row of 5-digit amounts,
    a -1234.5 loss or +2000% growth narrows them all). The 公司 column takes, in this order and
    only as much as its longest name that can fit needs: the 代码 column's room beyond its widest
    ticker; the 细分板块 column's room while no segment label takes another line; the figure
    columns' room as a two-word label (2023 YoY, PE 2024E) wraps between its words; last, the
    figures a little smaller, one size for all of them, never below NAME_SHRINK of the table's size
    (6 pt for 7 pt text) nor MIN_SIZE. A name longer than all of that wraps (see ``name_lines``)."""
    widths = list(widths)
    n = len(widths) - 3
    names = [_name(r.name, look) for r in entry.rows]
    text = [max((stringWidth(row[k], look.font, look.size) for row in figures), default=0.0) for k in range(n)]
    labels = header[-1]  # each figure column's own label (under its group's, if any)
    words = [min(f, _label_words(p)) for p, f in zip(labels[3:], floors)]
    size = min(sizes)
    least = min(size, max(MIN_SIZE, look.size * NAME_SHRINK))

    def figure_floor(k: int, at: float) -> float:
        return max(words[k], 2 * PAD_X + text[k] * at / look.size + 0.01)

    tickers = [look.clean(cut(r.ticker, "table.ticker")) for r in entry.rows]
    ticker_floor = max(_label_width(header[0][1], widths[1]),
                       2 * PAD_X + max(stringWidth(t, look.font, look.size) for t in tickers) + 0.01)
    segment_floor = _segment_floor([r.segment for r in entry.rows], widths[0], header[0][0], look, label_style)
    last = {1: ticker_floor, 0: segment_floor, **{3 + k: figure_floor(k, least) for k in range(n)}}
    most = widths[2] + sum(max(0.0, widths[c] - f) for c, f in last.items())
    fits = [need for need in (_name_need([name], look) for name in names) if need <= most + 1e-6]
    target = max(fits, default=widths[2])

    def give(floor: dict[int, float]) -> None:
        spare = {c: max(0.0, widths[c] - f) for c, f in floor.items()}
        room = sum(spare.values())
        take = min(target - widths[2], room)
        if take <= 1e-9:
            return
        for c, s in spare.items():
            widths[c] -= s * take / room
        widths[2] += take

    give({1: ticker_floor})
    give({0: segment_floor})
    give({3 + k: figure_floor(k, size) for k in range(n)})
    if widths[2] < target - 1e-9 and least < size:
        # the largest size, found by halving, at which the figures give what the names still need
        def room(at: float) -> float:
            return sum(max(0.0, widths[3 + k] - figure_floor(k, at)) for k in range(n))

        lo, hi = least, size
        if room(lo) >= target - widths[2]:
            for _ in range(30):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if room(mid) >= target - widths[2] else (lo, mid)
        give({3 + k: figure_floor(k, lo) for k in range(n)})
        sizes = [lo] * n
    return widths, sizes


def _label_words(label) -> float:
    """The narrowest a column's header label goes while it breaks only between its words: its
    widest word (2023 / YoY, PE / 2024E); a label of one word (年初至今, 24Q1-Q3) keeps its line."""
    if not isinstance(label, CJKParagraph):
        return 0.0
    font, size = label.style.fontName, label.style.fontSize
    text = "".join(f.text for f in label.frags)
    return 2 * PAD_X + max((stringWidth(w, font, size) for w in text.split()), default=0.0) + 0.01


def _segment_floor(segments: list[str], width: float, head, look: TableLook, style: ParagraphStyle) -> float:
    """The narrowest the 细分板块 column goes while no segment label (nor its 续 form) takes another
    line than it takes at ``width``, and its header label keeps its line."""
    texts = {look.clean(cut(s, "table.segment")) + tail for s in set(segments) for tail in ("", "（续）")}

    def lines(t: str, w: float) -> int:
        return round(CJKParagraph(markup(t, bold=False), style).wrap(w - 2 * PAD_X, 10_000)[1] / style.leading)

    base = {t: lines(t, width) for t in texts}
    lo = min(width, _label_width(head, width))
    hi = width
    if all(lines(t, lo) <= base[t] for t in texts):
        return lo
    for _ in range(12):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if all(lines(t, mid) <= base[t] for t in texts) else (mid, hi)
    return hi


def _latin(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


def name_lines(name: str, width: float, font: str, size: float) -> list[str]:
    """``name`` in balanced lines no wider than ``width``, broken where Chinese text may break but
    never inside a run of Latin letters, digits and marks (-WD, *ST, TCL) nor before a hyphen, so a
    share-class suffix stays with the hanzi before it (中芯国际集成|电路制造-U); a piece wider than a
    line by itself is cut where it must."""
    n = len(name)
    loose = break_opportunities(name)
    for i in range(1, n):
        if _latin(name[i - 1]) and _latin(name[i]):
            loose[i] = False
        elif name[i] in HYPHENS and not name[i - 1].isspace():
            loose[i] = True  # 司|-WD: only where a line holds no more (UAX #14 never breaks before a hyphen)
    allowed = [ok and name[i] not in HYPHENS for i, ok in enumerate(loose)]

    def last_fit(start: int, measure: float, may: list[bool]) -> int | None:
        end = None
        for j in range(start + 1, n + 1):
            if j < n and not may[j]:
                continue
            if stringWidth(name[start:j].rstrip(), font, size) > measure + 1e-6:
                break
            end = j
        return end

    def fill(measure: float) -> list[str]:
        lines, start = [], 0
        while start < n:
            # the suffix kept with its hanzi; on a line too narrow for both, before the suffix
            end = last_fit(start, measure, allowed) or last_fit(start, measure, loose)
            if end is None:  # no break fits: as many characters as the line holds (one at least)
                end = start + 1
                while end < n and stringWidth(name[start:end + 1], font, size) <= measure + 1e-6:
                    end += 1
            lines.append(name[start:end].strip())
            start = end
            while start < n and name[start] == " ":
                start += 1
        return lines

    lines = fill(width)
    if len(lines) > 1:  # the narrowest measure that keeps as many lines: balanced, not a short tail
        lo, hi = 0.0, width
        for _ in range(20):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if len(fill(mid)) <= len(lines) else (mid, hi)
        lines = fill(hi)
    return lines


def _is_group_top(entry: TableEntry, col: int) -> bool:
    return col >= 3 and bool(entry.columns[col - 3].group)


def _body_rows(entry: TableEntry, layout: Layout) -> list[BodyRow]:
    look = layout.look
    widths = layout.widths
    name_style = ParagraphStyle("name", fontName=look.font, fontSize=look.size, leading=look.line_h,
                                alignment=TA_CENTER, wordWrap="CJK")
    counts: dict[str, int] = {}
    for r in entry.rows:
        counts[r.segment] = counts.get(r.segment, 0) + 1
    base_h = look.line_h + 2 * PAD_Y + 1
    rows: list[BodyRow] = []
    seen: dict[str, int] = {}
    prev = None
    parity = 0
    for r in entry.rows:
        if r.segment != prev:
            seen.setdefault(r.segment, 0)
        pos = seen[r.segment]
        seen[r.segment] += 1
        prev = r.segment
        height = base_h
        cells: list = ["", ]
        cmds: list[tuple] = []
        for col, (text, limit) in enumerate(((r.ticker, "table.ticker"), (r.name, "table.name")), start=1):
            text = look.clean(cut(text, limit))
            avail = widths[col] - 2 * PAD_X
            if stringWidth(text, look.font, look.size) <= avail:
                cells.append(text)
            elif col == 2:  # a name wider than its column: lines of its own breaking, as plain text
                lines = name_lines(text, avail, look.font, look.size)
                height = max(height, len(lines) * look.line_h + 2 * PAD_Y + 1)
                cells.append("\n".join(lines))
            else:
                p = CJKParagraph(markup(text, bold=False), name_style)
                height = max(height, p.wrap(avail, 10_000)[1] + 2 * PAD_Y + 1)
                cells.append(p)
        cells += layout.figures[len(rows)]
        for k, (col, value) in enumerate(zip(entry.columns, r.values)):
            # a negative PE stays neutral; -0.004% prints 0.00% and is not a fall
            if colours_moves(col.kind) and prints_negative(col.kind, value, look.style):
                cmds.append(("TEXTCOLOR", 3 + k, NEGATIVE))
        rows.append(BodyRow(cells, cmds, height, r.segment, pos, counts[r.segment], parity))
        parity ^= 1
    return rows


class ComparisonTable(Flowable):
    """The comparison table (or the rest of it after a page break)."""

    def __init__(self, layout: Layout, rows: list[BodyRow], lead: Flowable | None = None,
                 tail: Flowable | None = None, continued: Flowable | None = None):
        super().__init__()
        self.layout = layout
        self.rows = rows
        self.lead = lead  # drawn above the first chunk (caption and unit note)
        self.continued = continued  # drawn above every later chunk (the caption marked 续)
        self.tail = tail  # drawn under the last chunk (source line)
        self._table: Table | None = None
        self._heights: list[float] | None = None
        self._lead_h = self._tail_h = 0.0

    # -------------------------------------------------------------- measuring
    def _row_heights(self, rows: list[BodyRow]) -> list[float]:
        """Body row heights with each segment block tall enough for its spanned label."""
        heights = [r.height for r in rows]
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i].segment != rows[start].segment or rows[i].seg_pos == 0:
                need = self.layout.label_h(rows[start].segment, rows[start].seg_pos > 0)
                have = sum(heights[start:i])
                if need > have:
                    heights[i - 1] += need - have
                start = i
        return heights

    def wrap(self, aw, ah):
        if self._heights is None:
            self._heights = self._row_heights(self.rows)
        self.width = sum(self.layout.widths)
        self._lead_h = self.lead.wrap(self.width, ah)[1] if self.lead is not None else 0.0
        self._tail_h = self.tail.wrap(self.width, ah)[1] + TAIL_GAP if self.tail is not None else 0.0
        body = sum(self._heights) if self.rows else self.layout.look.line_h + 2 * PAD_Y + 1
        self.height = self._lead_h + self.layout.header_h + body + self._tail_h
        return self.width, self.height

    def _fit(self, avail: float) -> int:
        """How many rows fit in ``avail`` points of body height."""
        used = 0.0
        block_rows = 0.0
        block_need = 0.0
        k = 0
        for i, row in enumerate(self.rows):
            if i == 0 or row.segment != self.rows[i - 1].segment or row.seg_pos == 0:
                used += max(block_rows, block_need)
                block_rows = 0.0
                block_need = self.layout.label_h(row.segment, row.seg_pos > 0)
            block_rows += row.height
            if used + max(block_rows, block_need) > avail + 1e-6:
                break
            k = i + 1
        return k

    def split(self, aw, ah):
        self.wrap(aw, ah)
        avail = ah - self.layout.header_h - self._lead_h
        if not self.rows or avail <= 0:
            return []
        k = self._fit(avail)
        if k >= len(self.rows):
            # everything but the source line fits: keep at least the last row with it
            k = len(self.rows) - 1
        if k <= 0:
            return []
        k = self._keep_segments(k)
        if k <= 0:
            return []
        # the rest starts a new page even when the break moved up to a segment boundary and left
        # room: a repeated header in the middle of a page would read as a second table
        return [ComparisonTable(self.layout, self.rows[:k], lead=self.lead), FrameBreak(),
                ComparisonTable(self.layout, self.rows[k:], lead=self.continued, tail=self.tail,
                                continued=self.continued)]

    def _keep_segments(self, k: int) -> int:
        """Move the break between segments, unless the segment keeps MIN_SIDE rows on either side."""
        last, nxt = self.rows[k - 1], self.rows[k]
        if last.segment != nxt.segment or nxt.seg_pos == 0:
            return k
        start = k - 1
        while start > 0 and self.rows[start - 1].segment == last.segment and self.rows[start].seg_pos > 0:
            start -= 1
        before = k - start
        after = last.seg_len - nxt.seg_pos
        if before >= MIN_SIDE and after >= MIN_SIDE:
            return k
        # too few rows would go over: pull the break up so MIN_SIDE go, when MIN_SIDE still stay
        # (moving the whole segment would leave most of the page blank for want of a row or two)
        if after < MIN_SIDE and before - (MIN_SIDE - after) >= MIN_SIDE:
            return k - (MIN_SIDE - after)
        if start > 0:
            return start  # too few rows would stay: the whole segment moves to the next page
        return k  # the segment starts this chunk and is too short to split by the rule: split anyway

    # -------------------------------------------------------------- drawing
    def _build(self) -> "TextRunTable":
        lay = self.layout
        look = lay.look
        nh = len(lay.header)
        data = [list(r) for r in lay.header]
        heights = list(lay.header_heights)
        # the font, leading, paddings, vertical centring and the alignment by column come with the
        # cells' styles (see ``_cell_styles``); the commands add what varies
        cmds: list[tuple] = [
            ("BACKGROUND", (0, 0), (-1, nh - 1), look.colour),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, look.colour),
            ("LINEAFTER", (0, 0), (-2, nh - 1), 0.4, colors.white),  # header labels never run together
            *lay.header_cmds,
        ]
        if not self.rows:
            data.append(["（无公司数据 no companies）"] + [""] * (len(lay.widths) - 1))
            heights.append(look.line_h + 2 * PAD_Y + 1)
            cmds += [("SPAN", (0, nh), (-1, nh)), ("ALIGN", (0, nh), (-1, nh), "CENTER"),
                     ("TEXTCOLOR", (0, nh), (-1, nh), colors.grey),
                     ("LINEBELOW", (0, nh), (-1, nh), 0.8, look.colour)]
            t = TextRunTable(data, colWidths=lay.widths, rowHeights=heights,
                             cellStyles=_cell_styles(look, len(data), len(lay.widths), nh))
            t.setStyle(TableStyle(cmds))
            return t
        row_heights = self._heights or self._row_heights(self.rows)
        start = 0
        for i, row in enumerate(self.rows):
            r = nh + i
            cells = list(row.cells)
            if i == 0 or row.segment != self.rows[i - 1].segment or row.seg_pos == 0:
                cells[0] = lay.label(row.segment, row.seg_pos > 0)
                start = r
                if i > 0:
                    cmds.append(("LINEABOVE", (0, r), (-1, r), 0.5, RULE))
            if i == len(self.rows) - 1 or self.rows[i + 1].segment != row.segment or self.rows[i + 1].seg_pos == 0:
                if r > start:
                    cmds.append(("SPAN", (0, start), (0, r)))
            else:
                cmds.append(("LINEBELOW", (1, r), (-1, r), 0.25, HAIR))
            if row.parity:
                cmds.append(("BACKGROUND", (1, r), (-1, r), ZEBRA))
            for name, col, value in row.cmds:
                cmds.append((name, (col, r), (col, r), value))
            data.append(cells)
        heights += row_heights
        for k, size in enumerate(lay.sizes):
            if size < look.size:  # a column of figures shrunk as a whole, centred in its rows as before
                cmds += [("FONTSIZE", (3 + k, nh), (3 + k, -1), size),
                         ("LEADING", (3 + k, nh), (3 + k, -1), size * look.line_h / look.size)]
        cmds += [("BACKGROUND", (0, nh), (0, -1), look.tint),
                 ("LINEBELOW", (0, -1), (-1, -1), 0.8, look.colour)]
        t = TextRunTable(data, colWidths=lay.widths, rowHeights=heights,
                         cellStyles=_cell_styles(look, len(data), len(lay.widths), nh))
        t.setStyle(TableStyle(cmds))
        return t

    def draw(self):
        # caption, rows, source: the order copy-paste and screen readers get the text in
        if self.lead is not None:
            self.lead.drawOn(self.canv, 0, self.height - self._lead_h)
        if self._table is None:
            self._table = self._build()
        self._table.wrapOn(self.canv, self.width, self.height)
        self._table.drawOn(self.canv, 0, self._tail_h)
        if self.tail is not None:
            self.tail.drawOn(self.canv, 0, 0)


def _cell_styles(look: TableLook, rows: int, cols: int, header_rows: int) -> list[list[CellStyle]]:
    """Each cell's style as the table style commands FONTNAME, FONTSIZE, LEADING, VALIGN MIDDLE, the
    paddings over every cell and ALIGN CENTER (the first three columns) / RIGHT (the figures) would
    leave it, from three classes holding those values: reportlab applies a command over a range cell
    by cell, some ten thousand times for a page of the table, to give the same styles."""
    key = (look.font, look.size, look.line_h)
    kinds = _CELL_KINDS.get(key)
    if kinds is None:
        base = type("ComparisonCell", (CellStyle,), {
            "fontname": look.font, "fontsize": look.size, "leading": look.line_h, "valign": "MIDDLE",
            "leftPadding": PAD_X, "rightPadding": PAD_X, "topPadding": PAD_Y, "bottomPadding": PAD_Y})
        kinds = _CELL_KINDS[key] = (base, type("ComparisonCellCentred", (base,), {"alignment": "CENTER"}),
                                    type("ComparisonCellFigure", (base,), {"alignment": "RIGHT"}))
    base, centred, figure = kinds
    body = [centred] * min(3, cols) + [figure] * (cols - 3)
    head = [centred] * min(3, cols) + [base] * (cols - 3)
    return [[kind(repr((i, j))) for j, kind in enumerate(head if i < header_rows else body)] for i in range(rows)]


_CELL_KINDS: dict[tuple, tuple[type, type, type]] = {}


class TextRunTable(Table):
    """reportlab's Table drawing its plain one-line text cells into one shared text object (one
    ``BT … ET`` with a text matrix per cell) instead of one text object per cell.

    The glyphs land exactly where reportlab puts them (the same origin, computed the same way);
    the comparison table's 800-odd figures just cost a fraction of the PDF operators and time.
    Any other cell (a paragraph, a multi-line or linked text) closes the shared object first and
    is drawn by reportlab as usual.
    """

    _run = None  # the open text object, its font and its fill colour

    def _drawCell(self, cellval, cellstyle, pos, size):
        if not (type(cellval) is str and "\n" not in cellval and cellstyle.alignment in _ORIGIN
                and cellstyle.valign in ("MIDDLE", "TOP", "BOTTOM") and not getattr(cellstyle, "href", None)
                and not getattr(cellstyle, "destination", None) and not getattr(cellstyle, "direction", None)
                and not getattr(cellstyle, "shaping", None)):
            self._end_run()
            return super()._drawCell(cellval, cellstyle, pos, size)
        colpos, rowpos = pos
        colwidth, rowheight = size
        font, fsize, leading = cellstyle.fontname, cellstyle.fontsize, cellstyle.leading
        if self._run is None:
            self._run = [self.canv.beginText(), None, None]
        run = self._run
        t = run[0]
        if run[1] != (font, fsize, leading):
            t.setFont(font, fsize, leading)
            run[1] = (font, fsize, leading)
        if run[2] is None or run[2] != cellstyle.color:
            t.setFillColor(cellstyle.color)
            run[2] = cellstyle.color
        # where reportlab's _drawCell and drawString/drawRightString/drawCentredString put the text
        if cellstyle.valign == "BOTTOM":
            y = rowpos + cellstyle.bottomPadding + leading - fsize
        elif cellstyle.valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - fsize
        else:
            y = rowpos + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + leading) / 2.0 - fsize
        kind = _ORIGIN[cellstyle.alignment]
        width = stringWidth(cellval, font, fsize)  # once: textOut would measure the text again
        if kind == "left":
            x = colpos + cellstyle.leftPadding
        elif kind == "right":
            x = colpos + colwidth - cellstyle.rightPadding - width
        else:
            x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding) * 0.5 - 0.5 * width
        t.setTextOrigin(x, y)
        # PDFTextObject.textOut with the width known: the text's operators, the cursor moved past it
        t._code.append(t._formatText(cellval))
        t._x += width

    def _end_run(self) -> None:
        if self._run is not None:
            self.canv.drawText(self._run[0])
            self._run = None
            self._curcellstyle = None  # the canvas's font and colour are not what reportlab last set

    def _drawLines(self):
        self._end_run()
        super()._drawLines()


_ORIGIN = {"LEFT": "left", "RIGHT": "right", "CENTER": "centre", "CENTRE": "centre"}
