"""ChartPanel: draws any ChartSpec from the core with pyqtgraph, and exports it as PNG or SVG.

Imported lazily (pyqtgraph costs about half a second), after the main window's first paint; the
window's ChartArea (``ui.widgets.chart_area``) loads it when it draws its first live chart.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QPainter
from PySide6.QtWidgets import QApplication, QFileDialog, QHBoxLayout, QMessageBox, QSizePolicy, QVBoxLayout, QWidget

from ui.common.i18n import for_ui
from ui.widgets.chart_area import ChartArea, export_menu_button, set_export_button
from ui.widgets.chart_style import (DAY, MIN_MONTH_SPAN, PALETTE, PANEL_MIN_SIZE, bar_y_range, date_to_ts, labels_fit,
                                    label_decimals, month_label, month_ticks, readable_levels, readout_parts, short_value,
                                    shown_title, ts_to_date, value_label_px, value_tick_strings)
from workbench.charts.spec import BARS, LINE, ChartSpec

pg.setConfigOptions(antialias=True, background="w", foreground="#333333")


EXPORT_SIZE = QSize(800, 480)  # an exported chart's size in points (5:3, a report figure's shape); PNG at 2x


class ValueAxis(pg.AxisItem):
    """pyqtgraph's value axis, its labels never on top of each other in a short chart (readable_levels),
    printed in the house's number style as the PDF's axis is (``value_tick_strings``: 1,500 or 1500)."""

    def __init__(self, *args, number_style=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.number_style = number_style

    def tickValues(self, minVal, maxVal, size):
        return readable_levels(super().tickValues(minVal, maxVal, size), minVal, maxVal, size,
                               QFontMetricsF(QApplication.font()).height())

    def tickStrings(self, values, scale, spacing):
        return value_tick_strings([v * scale for v in values], spacing * scale, self.number_style)


class MonthAxis(pg.DateAxisItem):
    """A date axis ticking at month starts (every 1, 2, 3, 4, 6 or 12 months, as space allows), labelled 2024-03."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, utcOffset=0, **kwargs)
        self._months = False

    def _label_width(self) -> int:
        return QFontMetrics(self.font() if hasattr(self, "font") and callable(self.font) else QApplication.font()) \
            .horizontalAdvance("2024-08") + 18

    def tickValues(self, minVal, maxVal, size):
        if size <= 0 or maxVal - minVal < MIN_MONTH_SPAN:
            self._months = False
            return super().tickValues(minVal, maxVal, size)
        self._months = True
        step, ticks = month_ticks(minVal, maxVal, size, self._label_width())
        return [(step * 30 * DAY, ticks)]

    def tickStrings(self, values, scale, spacing):
        if self._months:
            return [month_label(v) for v in values]
        return super().tickStrings(values, scale, spacing)


class ChartPanel(QWidget):
    """One chart: title, plot (line with crosshair readout, or grouped bars), legend and source line."""

    exported = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.spec: ChartSpec | None = None
        self.store_path: Path | None = None  # the open store, which no export may replace
        self.number_style = None  # the house's NumberStyle for value labels (None: the reference style)
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setBackground("w")
        self.graphics.ci.setContentsMargins(6, 4, 10, 4)
        self.graphics.ci.setSpacing(2)
        self.title_item = pg.LabelItem("", size="10.5pt", bold=True, color="#222222")
        self.source_item = pg.LabelItem("", size="8pt", color="#777777", justify="left")
        self.readout_item = pg.LabelItem("", size="8pt", color="#333333", justify="right")
        self.plot: pg.PlotItem | None = None
        self.legend: pg.LegendItem | None = None
        self.items: list = []
        self.vline = self.hline = None
        self._xs: np.ndarray | None = None
        self.graphics.addItem(self.title_item, row=0, col=0, colspan=2)
        # row 1: the legend (one per plot), row 2: the plot
        self.graphics.addItem(self.source_item, row=3, col=0)
        self.graphics.addItem(self.readout_item, row=3, col=1)
        self.graphics.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)

        self.export_button = export_menu_button(self, self.export_with_dialog)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.addStretch(1)
        self.header.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.header)
        layout.addWidget(self.graphics, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(*PANEL_MIN_SIZE)

    def set_exportable(self, on: bool) -> None:
        """The Export button is offered for a drawn chart only; a note (no data) says why not."""
        set_export_button(self.export_button, on)

    # ------------------------------------------------------------------ drawing
    def show_spec(self, spec: ChartSpec) -> None:
        """Draw ``spec`` (replacing whatever was shown)."""
        self.spec = spec
        self.set_exportable(True)
        self._new_plot(spec)
        title = shown_title(spec)
        self.title_item.setText(title)
        self.source_item.setText(for_ui(spec.source))
        self.readout_item.setText("")
        if spec.kind == LINE:
            self._draw_line(spec)
        elif spec.kind == BARS:
            self._draw_bars(spec)

    def show_message(self, text: str) -> None:
        """An empty chart with a note (no data, nothing selected): nothing to export."""
        self.spec = None
        self.set_exportable(False)
        self._new_plot(None)
        for name in ("left", "bottom"):  # no data, no scale: empty 0-1 axes would read as a chart of nothing
            self.plot.hideAxis(name)
        self.plot.showGrid(x=False, y=False)
        self.title_item.setText(text)
        self.source_item.setText("")
        self.readout_item.setText("")

    def _new_plot(self, spec: ChartSpec | None) -> None:
        if self.plot is not None:
            self.graphics.removeItem(self.plot)
            self.plot.deleteLater()
        if self.legend is not None:
            self.graphics.removeItem(self.legend)
            self.legend.deleteLater()
            self.legend = None
        axis_items = {"left": ValueAxis(orientation="left", number_style=self.number_style)}
        if spec is not None and spec.kind == LINE:
            axis_items["bottom"] = MonthAxis(orientation="bottom")
        self.plot = pg.PlotItem(axisItems=axis_items)
        self.graphics.addItem(self.plot, row=2, col=0, colspan=2)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(x=False, y=True, alpha=0.18)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.enableAutoSIPrefix(False)  # '点' must not become 'k点'
            axis.setPen(pg.mkPen("#999999"))
            axis.setTextPen(pg.mkPen("#333333"))
        if spec is not None and spec.unit:
            self.plot.getAxis("left").setLabel(spec.unit)
        self.items = []
        self.vline = self.hline = None
        self._xs = None

    def _add_legend(self, columns: int) -> None:
        """A one-row legend under the title, outside the plot area, so it never covers data or labels."""
        self.legend = pg.LegendItem(colCount=columns, labelTextSize="8pt", verSpacing=-6, horSpacing=18)
        self.legend.layout.setContentsMargins(0, 0, 0, 0)
        # a legend floats over a view box at screen size; this one sits in the layout and scales with
        # the chart (an exported PNG at 2x has its legend at 2x too)
        self.legend.setFlag(self.legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.legend.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)  # compact, centred
        self.graphics.addItem(self.legend, row=1, col=0, colspan=2)  # between the title and the plot
        self.graphics.ci.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignHCenter)
        self.plot.legend = self.legend  # items added with a name join it

    def _draw_line(self, spec: ChartSpec) -> None:
        self._add_legend(max(1, len(spec.series)))
        xs = np.array([date_to_ts(d) for d in spec.x], dtype=float)
        self._xs = xs
        for i, series in enumerate(spec.series):
            ys = np.array([np.nan if v is None else float(v) for v in series.values], dtype=float)
            item = self.plot.plot(xs, ys, pen=pg.mkPen(PALETTE[i % len(PALETTE)], width=2 if i == 0 else 1.6),
                                  name=series.name, connect="finite")
            self.items.append(item)
        if len(xs):
            self.plot.setXRange(xs[0], xs[-1], padding=0.01)
            lo, hi = spec.y_range()
            pad = (hi - lo) * 0.12 or 1.0
            self.plot.setYRange(lo - pad * 0.5, hi + pad * 0.5, padding=0)
        pen = pg.mkPen("#888888", width=1, style=Qt.PenStyle.DashLine)
        self.vline = pg.InfiniteLine(angle=90, movable=False, pen=pen)
        self.hline = pg.InfiniteLine(angle=0, movable=False, pen=pen)
        self.vline.setVisible(False)
        self.hline.setVisible(False)
        self.plot.addItem(self.vline, ignoreBounds=True)
        self.plot.addItem(self.hline, ignoreBounds=True)
        if len(xs):
            self.readout_item.setText(self._readout(len(xs) - 1))

    def _draw_bars(self, spec: ChartSpec) -> None:
        self._add_legend(max(1, len(spec.series)))
        n, m = len(spec.series), len(spec.x)
        width = 0.8 / max(n, 1)
        label_values = n * m <= 16
        decimals = label_decimals(spec)
        labels = []
        for k, series in enumerate(spec.series):
            xs, hs = [], []
            for i, v in enumerate(series.values):
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    continue
                xs.append(i + (k - (n - 1) / 2) * width)
                hs.append(float(v))
            colour = PALETTE[k % len(PALETTE)]
            item = pg.BarGraphItem(x=xs, height=hs, width=width * 0.88, brush=pg.mkBrush(colour),
                                   pen=pg.mkPen(colour), name=series.name)
            self.plot.addItem(item)
            self.items.append(item)
            if label_values:
                for x, h in zip(xs, hs):
                    text = pg.TextItem(short_value(h, decimals, self.number_style), color="#444444", anchor=(0.5, 1.0 if h >= 0 else 0.0))
                    text.setFont(_small_font())
                    text.setPos(x, h)
                    self.plot.addItem(text)
                    labels.append(text)
        self.plot.getAxis("bottom").setTicks([[(i, label) for i, label in enumerate(spec.x)]])
        self.plot.setXRange(-0.6, m - 0.4, padding=0)
        label_px = value_label_px(QFontMetricsF(_small_font()).height()) if label_values else 0.0
        lo, hi = spec.y_range()
        plot = self.plot

        def fit_labels(*_):  # room for the value labels, in pixels of the plot as it is now
            if self.plot is plot:
                height = plot.vb.height()
                plot.setYRange(*bar_y_range(lo, hi, height, label_px), padding=0)
                for text in labels:  # none rather than cut off, in a plot too low for them
                    text.setVisible(labels_fit(height, label_px))
        fit_labels()
        plot.vb.sigResized.connect(fit_labels)
        self.plot.addItem(pg.InfiniteLine(angle=0, pos=0, movable=False, pen=pg.mkPen("#999999", width=1)))

    # ------------------------------------------------------------------ crosshair
    def _on_scene_mouse_moved(self, pos) -> None:
        if self.spec is None or self.spec.kind != LINE or self.plot is None or self._xs is None or not len(self._xs):
            return
        if not self.plot.vb.sceneBoundingRect().contains(pos):
            self.vline.setVisible(False)
            self.hline.setVisible(False)
            return
        point = self.plot.vb.mapSceneToView(pos)
        self.show_crosshair_at(int(np.argmin(np.abs(self._xs - point.x()))), point.y())

    def show_crosshair_at(self, i: int, y: float | None = None) -> str:
        """Put the crosshair on the i-th date and show the values there; returns the readout."""
        if self.spec is None or self.spec.kind != LINE or self._xs is None:
            return ""
        i = max(0, min(i, len(self._xs) - 1))
        self.vline.setPos(self._xs[i])
        first = self.spec.series[0].values[i] if self.spec.series else None
        self.hline.setPos(y if y is not None else (first if first is not None else 0))
        self.vline.setVisible(True)
        self.hline.setVisible(True)
        text = self._readout(i)
        self.readout_item.setText(text)
        return text

    def _readout(self, i: int) -> str:
        return "  ".join(text if colour is None else f"<span style='color:{colour}'>{text}</span>"
                         for text, colour in readout_parts(self.spec, i))

    # ------------------------------------------------------------------ export
    def _export_copy(self) -> "ChartPanel":
        """The chart drawn afresh at EXPORT_SIZE, off screen: an export has one shape and size whatever
        the window's (a wide, short strip on a small screen), and no crosshair."""
        copy = ChartPanel()
        copy.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        copy.number_style = self.number_style
        copy.resize(EXPORT_SIZE.width(), EXPORT_SIZE.height() + 40)
        copy.show()
        if self.spec is not None:
            copy.show_spec(self.spec)
        else:
            copy.show_message(self.title_item.text)
        copy.graphics.resize(EXPORT_SIZE)
        return copy

    def _render(self, painter: QPainter, target: QRectF) -> None:
        """Paint the chart at EXPORT_SIZE into ``target``: the scene itself, scaled whole (every item,
        the legend too, at the target's scale)."""
        copy = self._export_copy()
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            view = copy.graphics
            source = view.mapToScene(view.viewport().rect()).boundingRect()
            view.scene().render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        finally:
            copy.close()
            copy.deleteLater()

    def export_png(self, path: str | Path, scale: float = 2.0) -> Path:
        """Write the chart (title, plot, legend, source line) as a PNG of EXPORT_SIZE at ``scale``
        (every part, the legend too, at that scale).

        Checked and all-or-nothing (``workbench.outputs``): never over the store (``store_path``)
        or any database, a failed export leaves the old file as it was.
        """
        from PySide6.QtGui import QImage

        from workbench.errors import WorkbenchError
        from workbench.outputs import atomic_output

        if self.spec is None:
            raise WorkbenchError(NOTHING_TO_EXPORT)
        path = Path(path)
        image = QImage(EXPORT_SIZE * scale, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        try:
            self._render(painter, QRectF(image.rect()))
        finally:
            painter.end()
        with atomic_output(path, self.store_path) as tmp:
            if not image.save(str(tmp), "PNG"):
                raise WorkbenchError(f"无法写入图片 (cannot write the image): {path}")
        self.exported.emit(str(path))
        return path

    def export_svg(self, path: str | Path) -> Path:
        """Write the chart as SVG by painting the widget into a QSvgGenerator (checked and
        all-or-nothing as ``export_png``).

        (pyqtgraph's own SVG exporter fails on Qt 6.11+; the generator needs the widget's dpi,
        or the axes land in the wrong place.)
        """
        from PySide6.QtSvg import QSvgGenerator

        from workbench.errors import WorkbenchError
        from workbench.outputs import atomic_output

        if self.spec is None:
            raise WorkbenchError(NOTHING_TO_EXPORT)
        path = Path(path)
        size = EXPORT_SIZE
        with atomic_output(path, self.store_path) as tmp:
            generator = QSvgGenerator()
            generator.setFileName(str(tmp))
            generator.setSize(size)
            generator.setViewBox(QRect(QPoint(0, 0), size))
            generator.setResolution(self.graphics.logicalDpiX())
            generator.setTitle(self.spec.title if self.spec else "")
            generator.setDescription(self.spec.source if self.spec else "")
            painter = QPainter(generator)
            try:
                self._render(painter, QRectF(QPoint(0, 0), size))
            finally:
                painter.end()
        self.exported.emit(str(path))
        return path

    def export_with_dialog(self, kind: str) -> Path | None:
        """Ask for a file and export; a refused or failed export is said in a message box (a note is
        no chart: its button is disabled, and its export is refused so)."""
        from workbench.errors import WorkbenchError

        name = (self.spec.title if self.spec else "chart").replace("/", "-").replace(" ", "_")
        filters = {"png": self.tr("PNG image (*.png)"), "svg": self.tr("SVG drawing (*.svg)")}
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export chart"), f"{name}.{kind}", filters[kind])
        if not path:
            return None
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"
        try:
            return self.export_png(path) if kind == "png" else self.export_svg(path)
        except WorkbenchError as exc:
            QMessageBox.warning(self, self.tr("Export chart"), for_ui(exc.message))
            return None


NOTHING_TO_EXPORT = "此图没有数据，无可导出 (this chart has no data to export)"


def _small_font() -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
    return font


__all__ = ["ChartPanel", "ChartArea", "MonthAxis", "PALETTE", "date_to_ts", "ts_to_date"]
