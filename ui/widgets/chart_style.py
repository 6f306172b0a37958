"""What the window's two chart renderers share: colours, dates, month ticks and value labels.

The live chart (pyqtgraph, ``ui.widgets.charts``) and the sketch shown before pyqtgraph has loaded
(plain QPainter, ``ui.widgets.chart_sketch``) take these from one place, so the sketch and the live
chart that replaces it draw the same colours, ticks and labels. No pyqtgraph or numpy here.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timezone

PALETTE = ("#8B1A1A", "#1F4E79", "#D4A017", "#5B9BD5", "#7F7F7F", "#2E8B57")
DAY = 86400
MONTH_STEPS = (1, 2, 3, 4, 6, 12)
MIN_MONTH_SPAN = 70 * DAY  # a shorter date axis ticks in days, not months
# the smallest a chart panel gets: two rows of tables and the charts fit a 1280x720 desk laptop
PANEL_MIN_SIZE = (320, 160)


TEXT_MARGIN = 4.0  # a text item's document margin
MIN_LABEL_GAP = 1.25  # value labels on the left axis at least this many text heights apart
_THINNING = (2, 5, 10, 20, 50, 100)


def readable_levels(levels: list, lo: float, hi: float, size: float, text_height: float) -> list:
    """pyqtgraph's tick levels ``[(spacing, values), ...]`` for a value axis ``size`` px long, thinned
    so its labels never overlap: when the major step puts labels closer than MIN_LABEL_GAP text
    heights (a short chart: 120/110/100 on top of each other), a coarser step (2, 5, 10… times it)
    is the only level. Both renderers use it, so the sketch and the live chart tick alike."""
    span = abs(hi - lo)
    if not levels or span == 0 or size <= 0:
        return levels
    spacing = levels[0][0]
    need = MIN_LABEL_GAP * text_height
    if spacing * size / span >= need:
        return levels
    step = next((spacing * m for m in _THINNING if spacing * m * size / span >= need), spacing * _THINNING[-1])
    low = min(lo, hi)
    start = math.ceil(low / step - 1e-9) * step
    values = [start + k * step for k in range(int((max(lo, hi) - start) / step + 1e-9) + 1)]
    return [(step, values)]


def value_label_px(font_height: float) -> float:
    """How much of the plot a bar's value label needs beyond the bar's end: its line (of a font
    ``font_height`` px high) and the margin between it and the bar (the far margin may be cut off)."""
    return math.ceil(font_height) + TEXT_MARGIN + 1


def labels_fit(plot_px: float, label_px: float) -> bool:
    """Whether a plot ``plot_px`` high has room for value labels ``label_px`` high beyond its bars
    (with less, the labels are not drawn rather than drawn cut off)."""
    return plot_px <= 0 or label_px / plot_px < 0.45


def bar_y_range(lo: float, hi: float, plot_px: float = 0.0, label_px: float = 0.0) -> tuple[float, float]:
    """A bar chart's y range: a quarter of the span above the tallest bar (and a little below the
    lowest, when one is negative), and at least ``label_px`` of the ``plot_px``-high plot beyond
    each end, so that a value label written there is never cut off by the plot's edge."""
    span = (hi - lo) or 1.0
    above, below = span * 0.25, (span * 0.08 if lo < 0 else 0.0)
    share = label_px / plot_px if plot_px > 0 else 0.0
    if labels_fit(plot_px, label_px) and share > 0:  # (a plot too small for labels shows none: plain margins)
        for _ in range(60):  # above = share * total (and below, for negative bars): converges, share < 1/2
            total = span + above + below
            above = max(above, share * total)
            if lo < 0:
                below = max(below, share * total)
    return lo - below, hi + above


def date_to_ts(text: str) -> float:
    """Seconds since the epoch of an ISO date at UTC midnight (the axis runs in UTC)."""
    d = date.fromisoformat(text[:10])
    return datetime(d.year, d.month, d.day, tzinfo=timezone.utc).timestamp()


def ts_to_date(ts: float) -> date:
    return datetime.fromtimestamp(ts, tz=timezone.utc).date()


def month_ticks(lo: float, hi: float, size: float, label_width: float) -> tuple[int, list[float]]:
    """Month starts between ``lo`` and ``hi`` (seconds), every 1, 2, 3, 4, 6 or 12 months as
    ``size`` pixels allow labels ``label_width`` wide; returns (months per step, tick positions)."""
    start, end = ts_to_date(lo), ts_to_date(hi)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    room = max(1, int(size / label_width))
    step = next((s for s in MONTH_STEPS if months / s <= room), 12)
    ticks = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        if (m - 1) % step == 0:
            ts = datetime(y, m, 1, tzinfo=timezone.utc).timestamp()
            if lo <= ts <= hi:
                ticks.append(ts)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return step, ticks


def month_label(ts: float) -> str:
    return ts_to_date(ts).strftime("%Y-%m")


LABEL_DECIMALS = 2  # a bar's value label never shows more decimals than this (as the PDF's)


def label_decimals(spec) -> int:
    """The decimals of a bar chart's value labels: as many as its values were written with (the
    15-digit decimal a stored double stands for), at most LABEL_DECIMALS, as the PDF's labels."""
    from workbench.domain.metrics import written_decimal

    most = 0
    for series in spec.series:
        for v in series.values:
            if v is None or not math.isfinite(v):
                continue
            exponent = written_decimal(v).normalize().as_tuple().exponent
            most = max(most, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    return min(LABEL_DECIMALS, most)


def short_value(v: float, decimals: int = 1, style=None) -> str:
    """A bar's value label as the report prints a number: rounded half away from zero on the decimal
    written, digits grouped when the house's number style (``NumberStyle``) says so (1588.8 or
    1,588.8); the core's own rounding and printing (``workbench.domain.metrics``)."""
    from workbench.domain.metrics import REFERENCE_STYLE, display_decimal, format_decimal

    # the value is in the chart's unit already: a kind the core does not rescale (not amount or ratio)
    number = display_decimal("price", v, decimals=decimals)
    return format_decimal(number, decimals, thousands=(style or REFERENCE_STYLE).thousands)


def value_tick_strings(values, spacing: float, style=None) -> list[str]:
    """A value axis's tick labels as the PDF's axis prints them: the decimals pyqtgraph gives the tick
    spacing, printed by the core as the bar labels are (``short_value``: digits grouped when the house's
    number style says so, 1,500; never -0, never 1e+06)."""
    places = max(0, math.ceil(-math.log10(spacing))) if spacing > 0 and math.isfinite(spacing) else 0
    return [short_value(v, places, style) if math.isfinite(v) else "" for v in values]


def shown_title(spec) -> str:
    """The chart's title as drawn: sample data says so."""
    return spec.title + ("（示意数据）" if spec.sample and "示意" not in spec.title else "")


def readout_parts(spec, i: int) -> list[tuple[str, str | None]]:
    """The values of a line chart at its i-th date: (text, colour or None) pieces."""
    parts: list[tuple[str, str | None]] = [(spec.x[i], None)]
    for k, series in enumerate(spec.series):
        v = series.values[i]
        parts.append((f"{series.name} {'--' if v is None else f'{v:,.2f}'}", PALETTE[k % len(PALETTE)]))
    return parts


__all__ = ["DAY", "MIN_LABEL_GAP", "MIN_MONTH_SPAN", "MONTH_STEPS", "PALETTE", "date_to_ts", "month_label",
           "month_ticks", "readable_levels", "readout_parts", "short_value", "shown_title", "ts_to_date", "label_decimals", "LABEL_DECIMALS",
           "value_tick_strings"]
