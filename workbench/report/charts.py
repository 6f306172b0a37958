"""Draw a ChartSpec as a reportlab vector Drawing: bar charts and line charts, one code path each.

The same spec is drawn by pyqtgraph in the app; here it becomes shapes embedded as vector
graphics in the PDF (no bitmaps), with axes, ticks, value labels and a legend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from typing import Callable

from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from workbench.charts.spec import BARS, LINE, ChartSpec, Series
from workbench.domain.metrics import NumberStyle, display_decimal, format_decimal

GRID = colors.HexColor("#D9D9D9")
AXIS = colors.HexColor("#595959")
LABEL = colors.HexColor("#404040")
MUTED = colors.HexColor("#8C8C8C")
NO_DATA = "暂无数据"  # a chart with nothing to draw, in the client's PDF
SECONDARY = ["#3C4B64", "#C9A227", "#5B8DB8", "#7F7F7F", "#6A994E"]


def palette(primary: str) -> list:
    return [colors.HexColor(primary)] + [colors.HexColor(c) for c in SECONDARY]


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] with about ``count`` intervals (1/2/2.5/5 steps)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if hi - lo <= 0:
        hi = lo + (abs(lo) * 0.1 or 1.0)
    span = hi - lo
    mag = 10 ** math.floor(math.log10(span / count))
    step = mag
    for m in (1, 2, 2.5, 5, 10):
        step = m * mag
        if span / step <= count:
            break
    start = math.floor(lo / step + 1e-9) * step
    end = math.ceil(hi / step - 1e-9) * step
    n = int(round((end - start) / step))
    d = _decimals(step)
    return [round(start + i * step, d + 2) for i in range(n + 1)]


def _decimals(x: float, most: int = 4) -> int:
    for d in range(most + 1):
        if abs(round(x, d) - x) < 1e-9 * max(1.0, abs(x)):
            return d
    return most


def _fmt(v: float, decimals: int, sep: str = "") -> str:
    """An axis or value label; ``sep`` is "," when the house groups digits, else ""."""
    return f"{v:{sep}.{decimals}f}"


def _fit_text(text: str, font: str, size: float, width: float, min_size: float = 4.5) -> tuple[str, float]:
    """Shrink ``text`` down to ``min_size``, then cut it with "…", so it fits ``width``."""
    if width <= 0:
        return "", size
    while size > min_size and stringWidth(text, font, size) > width:
        size -= 0.5
    if stringWidth(text, font, size) <= width:
        return text, size
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return (text + "…") if text else "", size


def _fit_size(text: str, font: str, size: float, width: float, min_size: float = 4.5) -> float:
    """The size ``_fit_text`` sets ``text`` in to fit ``width`` (``min_size`` when it must be cut too)."""
    while size > min_size and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def spec_to_drawing(spec: ChartSpec, width: float, height: float, font: str, *,
                    colour: str = "#9E1B32", font_size: float = 7.0,
                    clean: Callable[[str], str] | None = None, show_unit: bool = True,
                    thousands: bool = False, numbers: NumberStyle | None = None) -> Drawing:
    """A vector drawing of ``spec`` at ``width`` x ``height`` points, text in ``font``.

    ``clean`` maps user text to drawable text (the report replaces characters the font lacks);
    ``thousands`` groups the digits of labels as the house's number style asks (2,000 / 2000);
    ``numbers``, the house's style, prints the bar labels of a metric's figures (``spec.value_kind``)
    as the comparison table prints them.
    """
    sep = "," if thousands else ""
    clean = clean or (lambda s: s)
    spec = _finite(spec)
    d = Drawing(width, height, initialFontName=font, initialFontSize=font_size)
    # nothing to draw (no value; or no two points side by side for a line): say so, in the report's
    # language only, rather than print bare axes
    if not spec.x or not spec.drawn_series():
        d.add(Rect(0.5, 0.5, width - 1, height - 1, strokeColor=GRID, fillColor=None, strokeWidth=0.5))
        d.add(String(width / 2, height / 2 - font_size / 2, NO_DATA, fontName=font,
                     fontSize=font_size, fillColor=MUTED, textAnchor="middle"))
        return d
    if spec.kind == BARS:
        _bars(d, spec, width, height, font, colour, font_size, clean, show_unit, sep, numbers)
    elif spec.kind == LINE:
        _lines(d, spec, width, height, font, colour, font_size, clean, show_unit, sep)
    return d


def _finite(spec: ChartSpec) -> ChartSpec:
    """The spec with NaN and infinite values treated as missing (they have no place on an axis)."""
    def ok(v):
        return v is not None and isinstance(v, (int, float)) and math.isfinite(v)

    if all(ok(v) or v is None for s in spec.series for v in s.values):
        return spec
    series = tuple(Series(s.name, tuple(float(v) if ok(v) else None for v in s.values)) for s in spec.series)
    return replace(spec, series=series)


# ---------------------------------------------------------------------- shared pieces
def _y_axis(d: Drawing, ticks: list[float], x0: float, x1: float, ymap, font: str, size: float,
            decimals: int, sep: str = "") -> None:
    for t in ticks:
        y = ymap(t)
        is_zero = abs(t) < 1e-12
        d.add(Line(x0, y, x1, y, strokeColor=AXIS if is_zero else GRID,
                   strokeWidth=0.6 if is_zero else 0.3))
        d.add(String(x0 - 3, y - size * 0.35, _fmt(t, decimals, sep), fontName=font, fontSize=size,
                     fillColor=LABEL, textAnchor="end"))


def _legend_items(spec: ChartSpec, clean, cols) -> list[tuple[str, object]]:
    return [(clean(s.name), cols[i % len(cols)]) for i, s in enumerate(spec.series)]


def _legend(d: Drawing, items, x: float, y: float, width: float, font: str, size: float,
            marker: str, align_right: bool = False) -> float:
    """Draw legend items in rows from (x, y) downward; returns the height used."""
    sample_w = 10 if marker == "line" else size
    rows: list[list[tuple[str, object, float]]] = [[]]
    used = 0.0
    for name, col in items:
        name, fsize = _fit_text(name, font, size, max(width - sample_w - 3, 10))
        w = sample_w + 3 + stringWidth(name, font, fsize) + 8
        if rows[-1] and used + w > width:
            rows.append([])
            used = 0.0
        rows[-1].append((name, col, w))
        used += w
    line_h = size + 3
    for r, row in enumerate(rows):
        total = sum(w for _, _, w in row) - 8
        cx = x + (width - total if align_right else 0)
        cy = y - r * line_h - size
        for name, col, w in row:
            if marker == "line":
                d.add(Line(cx, cy + size * 0.35, cx + sample_w, cy + size * 0.35, strokeColor=col,
                           strokeWidth=1.2))
            else:
                d.add(Rect(cx, cy, size * 0.9, size * 0.9, fillColor=col, strokeColor=None))
            d.add(String(cx + sample_w + 3, cy, name, fontName=font, fontSize=size, fillColor=LABEL))
            cx += w
    return len(rows) * line_h


# ---------------------------------------------------------------------- bars
def _value_label(spec: ChartSpec, values: list[float], sep: str, numbers: NumberStyle | None) -> Callable[[float], str]:
    """How a bar's value is labelled: a metric's figure (``spec.value_kind``) as the comparison table
    prints it in the house's style; other values with the decimals they need, at most 2, the same for all."""
    kind = spec.value_kind
    if kind and numbers is not None:
        decimals = numbers.decimals(kind)
        group = numbers.thousands and kind != "multiple"
        # the values are already in the unit printed (亿元): rounded as the table rounds, not scaled again
        return lambda v: format_decimal(display_decimal("", v, decimals=decimals), decimals, thousands=group)
    label_dec = min(2, max(_decimals(v, 2) for v in values))
    return lambda v: _fmt(v, label_dec, sep)


def _box(text: str, font: str, size: float, x: float, y: float) -> tuple[float, float, float, float]:
    """The box a middle-anchored string's glyphs may cover: (left, bottom, right, top)."""
    w = stringWidth(text, font, size)
    asc, desc = getAscentDescent(font, size)
    return (x - w / 2, y + desc, x + w / 2, y + asc)


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _named(name: str, text: str) -> bool:
    """True when a category label still names its bar: whole, or cut after two characters or more."""
    return text == name or (text.endswith("…") and len(text) - 1 >= min(2, len(name)))


@dataclass
class _BarLayout:
    """Where a bar chart's parts go for one choice of axis ticks."""

    ticks: list[float]
    tick_dec: int
    x0: float
    x1: float
    group_w: float
    bar_w: float
    ymap: Callable[[float], float]
    zero: float
    names: dict[int, tuple[float, str, float]]  # category -> (x, text, size); thinned when crowded
    values: dict[tuple[int, int], tuple[float, float, str, float]] | None  # (category, series) -> (x, y, text, size)


def _bar_layout(spec, ticks, label, width, y0, y1, plot_top, font, size, clean, sep) -> _BarLayout:
    """The bars, category names and value labels placed on the axis ``ticks``; ``values`` is None when
    the value labels cannot all be printed whole, inside the plot (``y0`` to ``plot_top``) and apart."""
    tick_dec = _decimals(ticks[1] - ticks[0]) if len(ticks) > 1 else 0
    y_label_w = max(stringWidth(_fmt(t, tick_dec, sep), font, size) for t in ticks) + 5
    x0, x1 = y_label_w, width - 2
    t_lo, t_hi = ticks[0], ticks[-1]

    def ymap(v: float) -> float:
        return y0 + (v - t_lo) / (t_hi - t_lo) * (y1 - y0)

    n_cat, n_ser = len(spec.x), max(1, len(spec.series))
    group_w = (x1 - x0) / n_cat
    bar_w = min(group_w * 0.62 / n_ser, 40)
    zero = ymap(max(t_lo, min(0.0, t_hi)))

    # category names: each under its bar; when the bars are too narrow to show two characters of
    # every name, every 2nd (3rd...) bar is named from the first, each name given the room of the
    # bars it stands for, rather than cut to nothing
    cats = [clean(str(c)) for c in spec.x]
    names: dict[int, tuple[float, str, float]] = {}
    for every in range(1, n_cat + 1):
        rooms = {}
        for i in range(0, n_cat, every):
            cx = x0 + i * group_w + group_w / 2
            rooms[i] = (cx, group_w - 2 if every == 1 else min(group_w * every - 2, 2 * min(cx, width - cx)))
        # one size for every name of the axis: the size the most crowded name shrinks to, the others set
        # in it too (a name too long even then is cut at that size)
        common = min(_fit_size(cats[i], font, size, room) for i, (_, room) in rooms.items())
        names = {}
        for i, (cx, room) in rooms.items():
            text, fsize = _fit_text(cats[i], font, common, room)
            names[i] = (cx, text, fsize)
        if all(_named(cats[i], text) for i, (_, text, _) in names.items()):
            break
    name_y = y0 - size - 3
    taken = [_box(text, font, fsize, cx, name_y) for cx, text, fsize in names.values() if text]
    for t in ticks:  # the axis' labels, right-aligned left of the plot as _y_axis draws them
        tick = _fmt(t, tick_dec, sep)
        taken.append(_box(tick, font, size, x0 - 3 - stringWidth(tick, font, size) / 2, ymap(t) - size * 0.35))

    # value labels: printed whole or not at all (the axis carries the values), each within the plot
    # (a loss's label above the axis' lowest line, so never on the category names) and clear of the
    # others; side-by-side bars first get their pitch's width before the labels are given up
    label_size = max(size - 0.5, 4.5)
    values = None
    for narrow in ((False, True) if n_ser > 1 else (False,)):
        values, boxes = {}, []
        for i in range(n_cat):
            start = x0 + i * group_w + (group_w - bar_w * n_ser) / 2
            for j, s in enumerate(spec.series):
                v = s.values[i]
                if v is None:
                    continue
                bx = start + j * bar_w
                top_y = ymap(v)
                want = label(v)
                text, fsize = _fit_text(want, font, label_size, bar_w - 1 if narrow else bar_w + group_w * 0.3)
                ly = top_y + 2 if v >= 0 else top_y - fsize - 1
                box = _box(text, font, fsize, bx + bar_w / 2, ly)
                if (text != want or ly < y0 or box[3] > plot_top or box[0] < 0 or box[2] > width
                        or any(_overlaps(box, b) for b in boxes + taken)):
                    values = None
                    break
                values[i, j] = (bx + bar_w / 2, ly, text, fsize)
                boxes.append(box)
            if values is None:
                break
        if values is not None:
            break
    return _BarLayout(ticks, tick_dec, x0, x1, group_w, bar_w, ymap, zero, names, values)


def _bars(d, spec, width, height, font, colour, size, clean, show_unit, sep="", numbers=None) -> None:
    cols = palette(colour)
    values = [v for s in spec.series for v in s.values if v is not None]
    lo, hi = spec.y_range()
    label = _value_label(spec, values, sep, numbers)

    top = height - 1
    header_h = 0.0
    if show_unit and spec.unit:
        d.add(String(0, top - size, clean(f"单位：{spec.unit}"), fontName=font, fontSize=size, fillColor=MUTED))
        header_h = size + 3
    if len(spec.series) > 1:
        legend_w = width * 0.6
        used = _legend(d, _legend_items(spec, clean, cols), width - legend_w, top, legend_w, font, size,
                       "box", align_right=True)
        header_h = max(header_h, used)
    y0 = size * 1.3 + 4  # category labels
    y1 = top - header_h - size - 3  # room for value labels above the tallest bar
    if y1 - y0 < 10:
        y1 = y0 + 10
    ticks = nice_ticks(lo, hi, 5)
    lay = _bar_layout(spec, ticks, label, width, y0, y1, top - header_h, font, size, clean, sep)
    if lay.values is None and lo < 0 and len(ticks) > 1:
        # a loss's label has no room below its bar above the axis' lowest line: lower the axis by
        # a tick at a time (at most three) before giving the value labels up
        step = ticks[1] - ticks[0]
        d_step = _decimals(step)
        for k in (1, 2, 3):
            lower = [round(ticks[0] - m * step, d_step + 2) for m in range(k, 0, -1)] + ticks
            wider = _bar_layout(spec, lower, label, width, y0, y1, top - header_h, font, size, clean, sep)
            if wider.values is not None:
                lay = wider
                break

    x0, x1, group_w, bar_w, ymap, zero = lay.x0, lay.x1, lay.group_w, lay.bar_w, lay.ymap, lay.zero
    _y_axis(d, lay.ticks, x0, x1, ymap, font, size, lay.tick_dec, sep)
    n_ser = max(1, len(spec.series))
    for i, cat in enumerate(spec.x):
        gx = x0 + i * group_w
        if i in lay.names:
            cx, text, fsize = lay.names[i]
            d.add(String(cx, y0 - size - 3, text, fontName=font, fontSize=fsize, fillColor=LABEL,
                         textAnchor="middle"))
        start = gx + (group_w - bar_w * n_ser) / 2
        for j, s in enumerate(spec.series):
            v = s.values[i]
            if v is None:
                continue
            bx = start + j * bar_w
            top_y = ymap(v)
            d.add(Rect(bx + 0.4, min(zero, top_y), bar_w - 0.8, abs(top_y - zero),
                       fillColor=cols[j % len(cols)], strokeColor=None))
            if lay.values is not None:
                lx, ly, text, fsize = lay.values[i, j]
                d.add(String(lx, ly, text, fontName=font, fontSize=fsize, fillColor=LABEL,
                             textAnchor="middle"))
    d.add(Line(x0, zero, x1, zero, strokeColor=AXIS, strokeWidth=0.6))


# ---------------------------------------------------------------------- lines
def _x_positions(xs: tuple[str, ...]) -> tuple[list[float], list[date] | None]:
    try:
        days = [date.fromisoformat(str(x)[:10]) for x in xs]
    except ValueError:
        return [float(i) for i in range(len(xs))], None
    return [float(dd.toordinal()) for dd in days], days


def _lines(d, spec, width, height, font, colour, size, clean, show_unit, sep="") -> None:
    cols = palette(colour)
    cols[1:1] = [colors.HexColor("#7F7F7F")] if len(spec.series) == 2 else []
    lo, hi = spec.y_range()
    pad = (hi - lo) * 0.05 or 1.0
    ticks = nice_ticks(lo - pad, hi + pad, 4)
    tick_dec = _decimals(ticks[1] - ticks[0]) if len(ticks) > 1 else 0
    xs, days = _x_positions(spec.x)

    legend_h = _legend(Drawing(width, height), _legend_items(spec, clean, cols), 0, height, width, font, size,
                       "line")
    _legend(d, _legend_items(spec, clean, cols), 4, legend_h, width - 4, font, size, "line")
    top = height - 1
    header_h = size + 3 if spec.sample else 0.0
    if show_unit and spec.unit:
        d.add(String(0, top - size, clean(spec.unit), fontName=font, fontSize=size, fillColor=MUTED))
        header_h = size + 3
    y_label_w = max(stringWidth(_fmt(t, tick_dec, sep), font, size) for t in ticks) + 5
    x0, x1 = y_label_w, width - 4
    y0 = legend_h + size + 6
    y1 = top - header_h - size * 0.5
    if y1 - y0 < 10:
        y1 = y0 + 10
    t_lo, t_hi = ticks[0], ticks[-1]
    x_lo, x_hi = (xs[0], xs[-1]) if xs[-1] > xs[0] else (xs[0] - 1, xs[0] + 1)

    def ymap(v: float) -> float:
        return y0 + (v - t_lo) / (t_hi - t_lo) * (y1 - y0)

    def xmap(v: float) -> float:
        return x0 + (v - x_lo) / (x_hi - x_lo) * (x1 - x0)

    _y_axis(d, ticks, x0, x1, ymap, font, size, tick_dec, sep)
    d.add(Line(x0, y0, x1, y0, strokeColor=AXIS, strokeWidth=0.6))
    # x ticks: the first point of each month, labelled yy-mm, thinned so labels never touch
    if days:
        marks = [(i, dd) for i, dd in enumerate(days)
                 if (i == 0 and dd.day <= 3) or (i > 0 and (dd.year, dd.month) != (days[i - 1].year, days[i - 1].month))]
        label_w = stringWidth("00-00", font, size) + 4
        room = (x1 - x0) / max(len(marks), 1)
        every = max(1, math.ceil(label_w / room)) if room > 0 else len(marks)
        for k, (i, dd) in enumerate(marks):
            x = xmap(xs[i])
            d.add(Line(x, y0, x, y0 - 2, strokeColor=AXIS, strokeWidth=0.5))
            if k % every == 0 and x + label_w / 2 <= width:
                d.add(String(x, y0 - size - 3, f"{dd.year % 100:02d}-{dd.month:02d}", fontName=font,
                             fontSize=size, fillColor=LABEL, textAnchor="middle"))
    else:
        every = max(1, math.ceil(len(xs) * (size * 3) / max(x1 - x0, 1)))
        for i, label in enumerate(spec.x):
            if i % every == 0:
                text, fsize = _fit_text(clean(str(label)), font, size, size * 3 * every)
                d.add(String(xmap(xs[i]), y0 - size - 3, text, fontName=font, fontSize=fsize, fillColor=LABEL,
                             textAnchor="middle"))
    for j, s in enumerate(spec.series):
        run: list[float] = []
        g = Group()
        for xv, v in zip(xs, s.values):
            if v is None:
                if len(run) >= 4:
                    g.add(PolyLine(run, strokeColor=cols[j % len(cols)], strokeWidth=1.0))
                run = []
                continue
            run += [xmap(xv), ymap(v)]
        if len(run) >= 4:
            g.add(PolyLine(run, strokeColor=cols[j % len(cols)], strokeWidth=1.0))
        d.add(g)
    if spec.sample:
        text = "示意数据"
        w = stringWidth(text, font, size) + 4
        d.add(Rect(x1 - w, top - size - 1.5, w, size + 2.5, fillColor=colors.white, strokeColor=MUTED,
                   strokeWidth=0.4))
        d.add(String(x1 - w / 2, top - size + 0.2, text, fontName=font, fontSize=size, fillColor=MUTED,
                     textAnchor="middle"))
