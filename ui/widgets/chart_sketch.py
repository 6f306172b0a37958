"""ChartSketch: a ChartSpec drawn with plain QPainter, laid out as the live pyqtgraph chart lays it out.

The window shows its charts before pyqtgraph (and numpy) have loaded: importing pyqtgraph makes
PySide build every class and enum of QtCore, QtGui and QtWidgets, which costs more than the rest of
the start-up after the first paint. The sketch draws the very spec the live chart draws (the store's
current data, title, legend, axes, source line), with the live chart's fonts, colours, margins, tick
choice and ranges, so the live chart replaces it in idle time without a visible jump. It is a
picture only: no crosshair, no export (the slot around it forwards those to the live chart).

The geometry follows pyqtgraph 0.14's GraphicsLayout, PlotItem and AxisItem (tick spacing, the
text-fill limits that decide which tick levels get labels, the axis widths that grow with them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.common.i18n import for_ui
from ui.widgets.chart_style import (DAY, MIN_MONTH_SPAN, PALETTE, bar_y_range, date_to_ts, month_label, month_ticks,
                                    readout_parts, short_value, shown_title, ts_to_date, value_label_px)
from ui.widgets.chart_style import TEXT_MARGIN, label_decimals, labels_fit, readable_levels, value_tick_strings
from workbench.charts.spec import BARS, LINE, ChartSpec

# the live chart's GraphicsLayout: contents margins (left, top, right, bottom) and spacing
MARGINS = (6.0, 4.0, 10.0, 4.0)
SPACING = 2.0
AXIS_COLOUR, TEXT_COLOUR, TITLE_COLOUR, SOURCE_COLOUR, VALUE_COLOUR = \
    "#999999", "#333333", "#222222", "#777777", "#444444"
GRID_ALPHA = 0.18 * 255
TICK_LENGTH = -5  # pyqtgraph's default: ticks point into the plot
TICK_TEXT_OFFSET = (5, 2)  # (horizontal, vertical) space between an axis and its labels
TEXT_FILL_LIMITS = ((0, 0.8), (2, 0.6), (4, 0.4), (6, 0.2))
LEGEND_SAMPLE, LEGEND_GAP = 20.0, 18.0


def _font(base: QFont, points: float, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _row_height(font: QFont) -> float:
    """The height of a one-line text item in ``font`` (its line and the document margins)."""
    return math.ceil(QFontMetricsF(font).height()) + 2 * TEXT_MARGIN


def _ticks_of_level(lo: float, hi: float, spacing: float, seen: list[float]) -> list[float]:
    start = math.ceil(lo / spacing) * spacing
    values = [start + k * spacing for k in range(int((hi - start) / spacing) + 1)]
    values = [v for v in values if not any(abs(v - s) <= spacing * 0.01 for s in seen)]
    seen.extend(values)
    return values


def tick_levels(lo: float, hi: float, size: float) -> list[tuple[float, list[float]]]:
    """pyqtgraph's AxisItem tick levels for a value range drawn ``size`` pixels long (major first)."""
    dif = abs(hi - lo)
    if dif == 0 or size <= 0:
        return []
    intervals = max(2.25, 2.25 * math.sqrt(size / 300.0))
    major_max = dif / intervals
    _, exp2 = math.frexp(major_max)
    unit = 10.0 ** (math.floor((exp2 - 1) / 3.32192809488736) - 1)
    if 100.0 * unit <= major_max:
        factor = 10
        unit *= 10.0
    else:
        for factor in (50, 20, 10):
            if factor * unit <= major_max:
                break
    levels = [factor * unit]
    minor_min = 2 * dif / size
    for minor_factor in ((5, 10) if factor == 10 else (10, 20, 50)):
        minor = minor_factor * unit
        if minor >= minor_min:
            break
    levels.append(minor)
    trials = {10: (1, 2, 5, 10), 20: (2, 5, 10, 20), 50: (5, 10, 50)}.get(factor, ())
    extra = minor
    for extra_factor in trials:
        extra = extra_factor * unit
        if extra >= minor_min or extra == minor:
            break
    if extra < minor:
        levels.append(extra)
    seen: list[float] = []
    return [(spacing, _ticks_of_level(lo, hi, spacing, seen)) for spacing in levels]


def tick_strings(values: list[float], spacing: float) -> list[str]:
    places = max(0, math.ceil(-math.log10(spacing)))
    return [f"{v:g}" if abs(v) < .001 or abs(v) >= 10000 else f"{v:.{places}f}" for v in values]


@dataclass
class Axis:
    """What one axis draws: tick lines per level (values), grid or not, and labels (value, text)."""

    lo: float
    hi: float
    levels: list[list[float]] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)
    text_size: float = 0.0  # the widest (left) or tallest (bottom) label drawn


@dataclass
class SketchLayout:
    """Where everything goes, in widget pixels."""

    title: QRectF
    legend_top: float
    plot: QRectF  # the view box: the data area inside the axes
    footer_top: float
    left: Axis
    bottom: Axis
    unit_width: float


class ChartSketch(QWidget):
    """A chart slot's drawing before pyqtgraph has loaded: a spec, or a note with empty axes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.spec: ChartSpec | None = None
        self.message = ""
        self.number_style = None  # the house's NumberStyle for value labels (None: the reference style)
        self.painted: tuple[int, int] | None = None  # the size of the last paint on screen
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    # ------------------------------------------------------------------ what is shown
    def show_spec(self, spec: ChartSpec) -> None:
        self.spec, self.message = spec, ""
        self.update()

    def show_message(self, text: str) -> None:
        self.spec, self.message = None, text
        self.update()

    def render_image(self, width: int, height: int) -> QImage:
        """The drawing at a size, as an image (tests and screenshots)."""
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            self._paint(painter, width, height)
        finally:
            painter.end()
        return image

    def paintEvent(self, event):
        painter = QPainter(self)
        try:
            self._paint(painter, self.width(), self.height())
        finally:
            painter.end()
        self.painted = (self.width(), self.height())

    # ------------------------------------------------------------------ geometry
    def fonts(self) -> tuple[QFont, QFont, QFont, QFont]:
        """Axis, title, small (legend, source, readout) and value-label fonts, as the live chart has them."""
        base = QFont(self.font())  # the application's font, as pyqtgraph's items have it
        small = _font(base, 8.0)
        values = _font(base, max(7.0, base.pointSizeF() * 0.8))
        return base, _font(base, 10.5, bold=True), small, values

    def view_range(self, box_height: float = 0.0) -> tuple[tuple[float, float], tuple[float, float]]:
        """The x and y ranges the live chart sets for the spec (message: pyqtgraph's empty 0..1), in a
        view box ``box_height`` px high (a bar chart keeps room there for its value labels)."""
        spec = self.spec
        if spec is None or not spec.x:
            return (0.0, 1.0), (0.0, 1.0)
        lo, hi = spec.y_range()
        if spec.kind == LINE:
            x0, x1 = date_to_ts(spec.x[0]), max(date_to_ts(spec.x[-1]), date_to_ts(spec.x[0]) + DAY)
            pad = (hi - lo) * 0.12 or 1.0
            xpad = (x1 - x0) * 0.01
            return (x0 - xpad, x1 + xpad), (lo - pad * 0.5, hi + pad * 0.5)
        labels = len(spec.series) * len(spec.x) <= 16
        return (-0.6, len(spec.x) - 0.4), bar_y_range(lo, hi, box_height, value_label_px(QFontMetricsF(self.fonts()[3]).height())
                                                      if labels else 0.0)

    def layout_at(self, width: float, height: float) -> SketchLayout:
        base, title_font, small, _ = self.fonts()
        spec = self.spec
        left, top, right, bottom = MARGINS[0], MARGINS[1], width - MARGINS[2], height - MARGINS[3]
        title = QRectF(left, top, right - left, _row_height(title_font))
        y = title.bottom() + SPACING
        legend_top = y
        if spec is not None:
            y += _row_height(small) + SPACING
        source = for_ui(spec.source) if spec is not None else ""
        readout = spec is not None and spec.kind == LINE and bool(spec.x)
        footer = max(_row_height(small if source else base), _row_height(small if readout else base))
        footer_top = bottom - footer
        plot = QRectF(left, y, right - left, footer_top - SPACING - y)
        unit_width = _row_height(base) * 0.8 if spec is not None and spec.unit else 0.0
        # the view box: 1 px inside the plot, right of the left axis and above the bottom one
        box_top = plot.top() + 1
        label_height = _text_rect(base, "0").height() * 0.8
        text_height = label_height if (label_height > 18 or label_height < 8) else 18
        box_bottom = plot.bottom() - 0.5 - (text_height + TICK_TEXT_OFFSET[1])
        (x_lo, x_hi), (y_lo, y_hi) = self.view_range(box_bottom - box_top)
        bottom_axis = Axis(x_lo, x_hi)
        left_axis = self._left_axis(y_lo, y_hi, box_top, box_bottom, base)
        width_ = left_axis.text_size
        text_width = width_ if (width_ > 30 or width_ < 20) else 30
        box_left = plot.left() + 1 + text_width + TICK_TEXT_OFFSET[0] + unit_width
        box = QRectF(QPointF(box_left, box_top), QPointF(plot.right() - 0.5, box_bottom))
        self._bottom_axis(bottom_axis, box, base)
        return SketchLayout(title, legend_top, box, footer_top, left_axis, bottom_axis, unit_width)

    def _left_axis(self, lo: float, hi: float, top: float, bottom: float, font: QFont) -> Axis:
        axis = Axis(lo, hi)
        length = bottom - top + 2
        levels = readable_levels(tick_levels(lo, hi, length), lo, hi, length, QFontMetricsF(font).height())
        axis.levels = [values for _, values in levels]
        scale = (bottom - top) / (hi - lo)
        drawn: list[tuple[float, str]] = []
        heights: list[float] = []
        widths: list[float] = []
        for i, (spacing, values) in enumerate(levels[:3]):
            strings = value_tick_strings(values, spacing, self.number_style)  # as the live value axis prints them
            rects = [_text_rect(font, s) for s in strings]
            heights += [r.height() * 0.8 for r in rects]
            widths += [r.width() for r in rects]
            if i > 0:
                fill = sum(heights) / length
                if any(len(drawn) >= n and fill >= limit for n, limit in TEXT_FILL_LIMITS):
                    break
            axis.text_size = max(widths) if widths else 0.0
            for v, s, r in zip(values, strings, rects):
                y = bottom - (v - lo) * scale
                h = r.height() * 0.8
                if y - h / 2 >= top - 1e-6 and y + h / 2 <= bottom + 1e-6:
                    drawn.append((v, s))
        axis.labels = drawn
        return axis

    def _bottom_axis(self, axis: Axis, box: QRectF, font: QFont) -> None:
        spec = self.spec
        length = box.width() + 2
        if spec is not None and spec.kind == BARS:
            values = list(range(len(spec.x)))
            strings = list(spec.x)
            axis.levels = [values]
        elif spec is not None and spec.x and axis.hi - axis.lo >= MIN_MONTH_SPAN:
            label_width = QFontMetricsF(font).horizontalAdvance("2024-08") + 18
            _, values = month_ticks(axis.lo, axis.hi, length, label_width)
            strings = [month_label(v) for v in values]
            axis.levels = [values]
        elif spec is not None and spec.x:  # a short date axis: its month starts, named as pyqtgraph names them
            values = month_ticks(axis.lo, axis.hi, length, 1.0)[1]
            strings = [ts_to_date(v).strftime("%b") for v in values]
            axis.levels = [values]
        else:
            levels = tick_levels(axis.lo, axis.hi, length)
            axis.levels = [values for _, values in levels]
            values = levels[0][1] if levels else []
            strings = tick_strings(values, levels[0][0]) if levels else []
        scale = box.width() / (axis.hi - axis.lo)
        for v, s in zip(values, strings):
            x = box.left() + (v - axis.lo) * scale
            w = _text_rect(font, s).width()
            if x - w / 2 >= box.left() - 1e-6 and x + w / 2 <= box.right() + 1e-6:
                axis.labels.append((v, s))

    def to_pixel(self, x: float, y: float, layout: SketchLayout | None = None) -> QPointF:
        """A data point (x in axis units: seconds for dates, the category's index for bars) in widget pixels."""
        layout = layout or self.layout_at(self.width(), self.height())
        box = layout.plot
        return QPointF(box.left() + (x - layout.bottom.lo) / (layout.bottom.hi - layout.bottom.lo) * box.width(),
                       box.bottom() - (y - layout.left.lo) / (layout.left.hi - layout.left.lo) * box.height())

    # ------------------------------------------------------------------ drawing
    def _paint(self, p: QPainter, width: int, height: int) -> None:
        p.fillRect(QRectF(0, 0, width, height), QColor("white"))
        if width < 60 or height < 60:
            return
        base, title_font, small, values_font = self.fonts()
        layout = self.layout_at(width, height)
        spec = self.spec
        title = shown_title(spec) if spec is not None else self.message
        _draw_text(p, title_font, TITLE_COLOUR, layout.title, title, centred=True)
        if spec is not None:  # a message has no scale to draw, as the live chart
            self._paint_axes(p, layout, base, spec)
            self._paint_legend(p, layout, small, width)
            p.save()
            p.setClipRect(layout.plot.adjusted(-1, -1, 1, 1))
            if spec.kind == LINE:
                self._paint_lines(p, layout)
            else:
                self._paint_bars(p, layout, values_font)
            p.restore()
            footer = QRectF(MARGINS[0], layout.footer_top, width - MARGINS[0] - MARGINS[2], height)
            _draw_text(p, small, SOURCE_COLOUR, footer, for_ui(spec.source))
            if spec.kind == LINE and spec.x:
                _draw_pieces(p, small, footer, readout_parts(spec, len(spec.x) - 1))

    def _paint_axes(self, p: QPainter, layout: SketchLayout, font: QFont, spec) -> None:
        box = layout.plot
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        length = box.height() + 2
        for i, values in enumerate(layout.left.levels):  # grid lines, fainter per level
            alpha = 255 / (i + 1) * GRID_ALPHA / 255 * min(1.0, max(0.0, 0.05 * length / (len(values) + 1)))
            colour = QColor(AXIS_COLOUR)
            colour.setAlpha(int(alpha))
            p.setPen(_pen(colour))
            for v in values:
                y = self.to_pixel(layout.bottom.lo, v, layout).y()
                p.drawLine(QPointF(box.right(), y), QPointF(box.left(), y))
        for i, values in enumerate(layout.bottom.levels):  # short ticks up into the plot
            colour = QColor(AXIS_COLOUR)
            colour.setAlpha(int(255 / (i + 1)))
            p.setPen(_pen(colour))
            tick = -TICK_LENGTH / (i * 0.5 + 1.0)
            for v in values:
                x = self.to_pixel(v, layout.left.lo, layout).x()
                if box.left() - 1e-6 <= x <= box.right() + 1e-6:
                    p.drawLine(QPointF(x, box.bottom()), QPointF(x, box.bottom() - tick))
        p.setPen(_pen(QColor(AXIS_COLOUR)))
        p.drawLine(QPointF(box.left() - 1, box.top() - 1), QPointF(box.left() - 1, box.bottom() + 1))
        p.drawLine(QPointF(box.left() - 1, box.bottom() + 1), QPointF(box.right() + 1, box.bottom() + 1))
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setFont(font)
        p.setPen(QColor(TEXT_COLOUR))
        offset = max(0, TICK_LENGTH)
        for v, s in layout.left.labels:
            r = _text_rect(font, s)
            y = self.to_pixel(layout.bottom.lo, v, layout).y()
            rect = QRectF(box.left() - offset - TICK_TEXT_OFFSET[0] - r.width(), y - r.height() * 0.4,
                          r.width(), r.height() * 0.8)
            p.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                                 | Qt.TextFlag.TextDontClip), s)
        for v, s in layout.bottom.labels:
            r = _text_rect(font, s)
            x = self.to_pixel(v, layout.left.lo, layout).x()
            rect = QRectF(x - r.width() / 2, box.bottom() + offset + TICK_TEXT_OFFSET[1], r.width(), r.height() * 0.8)
            p.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                                 | Qt.TextFlag.TextDontClip), s)
        if layout.unit_width and spec is not None:  # the unit, read upwards, centred on the left axis
            metrics = QFontMetricsF(font)
            doc_width = metrics.horizontalAdvance(spec.unit) + 2 * TEXT_MARGIN
            axis_left = MARGINS[0] + 1
            centre = (box.top() + box.bottom()) / 2
            p.translate(axis_left - 5 + TEXT_MARGIN + metrics.ascent(), centre + doc_width / 2 - TEXT_MARGIN)
            p.rotate(-90)
            p.drawText(QPointF(0, 0), spec.unit)
        p.restore()

    def _paint_legend(self, p: QPainter, layout: SketchLayout, font: QFont, width: float) -> None:
        spec = self.spec
        metrics = QFontMetricsF(font)
        labels = [metrics.horizontalAdvance(s.name) + 2 * TEXT_MARGIN for s in spec.series]
        total = sum(labels) + len(labels) * (LEGEND_SAMPLE + LEGEND_GAP) + LEGEND_GAP * (len(labels) - 1)
        inner = width - MARGINS[0] - MARGINS[2]
        x = MARGINS[0] + (inner - total) / 2
        row = _row_height(font)
        top = layout.legend_top
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for k, (series, label_width) in enumerate(zip(spec.series, labels)):
            colour = QColor(PALETTE[k % len(PALETTE)])
            sample_top = top + (row - LEGEND_SAMPLE) / 2
            if spec.kind == LINE:
                p.setPen(_pen(colour, 2.0 if k == 0 else 1.6))
            else:
                p.setPen(_pen(colour))
            p.drawLine(QPointF(x, sample_top + 11), QPointF(x + LEGEND_SAMPLE, sample_top + 11))
            if spec.kind == BARS:
                p.setBrush(colour)
                p.drawRect(QRectF(x + 2, sample_top + 2, 18, 18))
            x += LEGEND_SAMPLE + LEGEND_GAP
            _draw_text(p, font, TEXT_COLOUR, QRectF(x, top, label_width, row), series.name)
            x += label_width + LEGEND_GAP
        p.restore()

    def _paint_lines(self, p: QPainter, layout: SketchLayout) -> None:
        spec = self.spec
        xs = [date_to_ts(d) for d in spec.x]
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for k, series in enumerate(spec.series):
            path = QPainterPath()
            pen_down = False
            for x, v in zip(xs, series.values):
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    pen_down = False  # a gap, as connect="finite" leaves it
                    continue
                point = self.to_pixel(x, float(v), layout)
                if pen_down:
                    path.lineTo(point)
                else:
                    path.moveTo(point)
                    pen_down = True
            p.setPen(_pen(QColor(PALETTE[k % len(PALETTE)]), 2.0 if k == 0 else 1.6))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)

    def _paint_bars(self, p: QPainter, layout: SketchLayout, font: QFont) -> None:
        spec = self.spec
        n, m = len(spec.series), len(spec.x)
        width = 0.8 / max(n, 1)
        label_values = n * m <= 16
        decimals = label_decimals(spec)
        labels = []
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for k, series in enumerate(spec.series):
            colour = QColor(PALETTE[k % len(PALETTE)])
            p.setPen(_pen(colour))
            p.setBrush(colour)
            for i, v in enumerate(series.values):
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    continue
                x = i + (k - (n - 1) / 2) * width
                corner = self.to_pixel(x - width * 0.44, float(v), layout)
                base = self.to_pixel(x + width * 0.44, 0.0, layout)
                p.drawRect(QRectF(corner, base).normalized())
                if label_values:
                    labels.append((self.to_pixel(x, float(v), layout), float(v)))
        zero = self.to_pixel(0.0, 0.0, layout).y()
        p.setPen(_pen(QColor(AXIS_COLOUR)))
        p.drawLine(QPointF(layout.plot.left(), zero), QPointF(layout.plot.right(), zero))
        row = _row_height(font)
        metrics = QFontMetricsF(font)
        if not labels_fit(layout.plot.height(), value_label_px(metrics.height())):
            labels = []  # a plot too low for them shows none, as the live chart
        for point, v in labels:  # anchored at the bar's end, as pyqtgraph's TextItem
            text = short_value(v, decimals, self.number_style)
            doc = metrics.horizontalAdvance(text) + 2 * TEXT_MARGIN
            top = point.y() - row if v >= 0 else point.y()
            _draw_text(p, font, VALUE_COLOUR, QRectF(point.x() - doc / 2, top, doc, row), text)


def _pen(colour: QColor, width: float = 1.0) -> QPen:
    pen = QPen(colour)
    pen.setWidthF(width)
    pen.setCosmetic(True)
    return pen


_RECTS: dict[tuple[str, str], QRectF] = {}


def _text_rect(font: QFont, text: str) -> QRectF:
    """The rectangle pyqtgraph's axis measures for a label (QPainter.boundingRect, centred in 100 x 100)."""
    key = (font.key(), text)
    rect = _RECTS.get(key)
    if rect is None:
        image = QImage(1, 1, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        painter.setFont(font)
        rect = painter.boundingRect(QRectF(0, 0, 100, 100), int(Qt.AlignmentFlag.AlignCenter), text)
        painter.end()
        _RECTS[key] = rect
    return rect


def _draw_text(p: QPainter, font: QFont, colour: str, rect: QRectF, text: str, *, centred: bool = False) -> None:
    """A text item's line: inside its document margins, left-aligned at the top, or centred in ``rect``."""
    if not text:
        return
    metrics = QFontMetricsF(font)
    p.save()
    p.setFont(font)
    p.setPen(QColor(colour))
    doc_width = metrics.horizontalAdvance(text) + 2 * TEXT_MARGIN
    doc_height = _row_height(font)
    if centred:
        left = rect.left() + (rect.width() - doc_width) / 2
        top = rect.top() + (rect.height() - doc_height) / 2
    else:
        left, top = rect.left(), rect.top()
    p.drawText(QPointF(left + TEXT_MARGIN, top + TEXT_MARGIN + metrics.ascent()), text)
    p.restore()


def _draw_pieces(p: QPainter, font: QFont, rect: QRectF, parts: list[tuple[str, str | None]]) -> None:
    """A right-aligned line of coloured pieces, one space apart (the readout)."""
    metrics = QFontMetricsF(font)
    pieces = []
    for j, (text, colour) in enumerate(parts):
        pieces.append((text if j == len(parts) - 1 else text + " ", colour or TEXT_COLOUR))
    total = sum(metrics.horizontalAdvance(t) for t, _ in pieces)
    x = rect.right() - TEXT_MARGIN - total
    p.save()
    p.setFont(font)
    baseline = rect.top() + TEXT_MARGIN + metrics.ascent()
    for text, colour in pieces:
        p.setPen(QColor(colour))
        p.drawText(QPointF(x, baseline), text)
        x += metrics.horizontalAdvance(text)
    p.restore()


__all__ = ["ChartSketch", "SketchLayout", "tick_levels", "tick_strings"]
