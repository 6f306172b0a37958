"""ChartArea: the window's two charts, drawn at once at start-up and made live when pyqtgraph has loaded.

The charts are drawn by pyqtgraph (``ui.widgets.charts``), whose import costs more than the rest
of the start-up after the first paint. Until it has loaded, each slot shows the chart it is about to
show (its ChartSpec: the store's current data, title and source) without it: the picture of the very
same chart from an earlier session when there is one (same spec, same size), else the spec drawn
with plain QPainter (``ui.widgets.chart_sketch``, laid out as the live chart). pyqtgraph loads a
moment later, in idle time, and the live charts (crosshair, export) replace them. An Export click
before then loads the live chart at once and exports it. The pictures are written a second after a
chart was drawn, one per slot, next to the user's settings.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QMenu, QSizePolicy, QStyle, QToolButton, QVBoxLayout,
                               QWidget)

from ui.widgets.chart_sketch import ChartSketch
from ui.widgets.chart_style import PANEL_MIN_SIZE
from workbench.charts.spec import LINE, ChartSpec

LOAD_DELAY_MS = 400  # pictures or sketches first; the live charts after the window has painted and settled
SAVE_DELAY_MS = 1000  # a picture is written once a chart has stayed on screen this long
PICTURE_SLACK = 2  # pixels a picture may be larger or smaller than its slot and still stand in for the chart


def pictures_folder() -> Path:
    """Where the charts' pictures live: beside the user's settings (an ini path on every system)."""
    from ui.common.settings import APPLICATION, ORGANISATION

    ini = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)
    return Path(ini.fileName()).parent / f"{APPLICATION}-chart-pictures"


def picture_key(spec: ChartSpec, size: QSize, ratio: float, style=None) -> str:
    """What a picture shows: the spec (data, titles, source) at a size, its labels in the house's
    number style; any difference is another key."""
    text = f"{spec!r}|{size.width()}x{size.height()}@{ratio:g}" + (f"|{style!r}" if style is not None else "")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def set_export_button(button: QToolButton, on: bool) -> None:
    """Enable a chart's Export button, or disable it with a tooltip saying there is nothing to export
    (a note such as 选择一家公司 is no chart)."""
    button.setEnabled(on)
    button.setToolTip(QCoreApplication.translate("ChartPanel", "Export this chart as PNG or SVG") if on else
                      QCoreApplication.translate("ChartPanel", "Nothing to export: this chart has no data"))


def export_menu_button(parent: QWidget, chosen) -> QToolButton:
    """A chart's Export button: its menu offers PNG and SVG and calls ``chosen("png" | "svg")``.
    Wide enough for its words and the menu's arrow (with an instant popup the style draws the arrow
    inside the text's room, over the last character at some fonts)."""
    button = QToolButton(parent)
    button.setText(QCoreApplication.translate("ChartPanel", "Export"))
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    menu.addAction(QCoreApplication.translate("ChartPanel", "Export PNG…")).setData("png")
    menu.addAction(QCoreApplication.translate("ChartPanel", "Export SVG…")).setData("svg")
    menu.triggered.connect(lambda action: chosen(action.data()))
    button.setMenu(menu)
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
    words = button.fontMetrics().horizontalAdvance(button.text())
    button.setMinimumWidth(max(button.sizeHint().width(), words + arrow + 3 * button.fontMetrics().averageCharWidth()))
    set_export_button(button, False)  # nothing shown yet
    return button


def house_number_style(store):
    """The house's number style of ``store`` (the reference style when it has none it can read)."""
    from workbench.domain.metrics import NumberStyle
    from workbench.errors import WorkbenchError

    try:
        return NumberStyle.lenient(store.house().get("number_style"))
    except (WorkbenchError, LookupError, AttributeError, ValueError):  # no house profile to read: the reference
        return NumberStyle()


class ChartPicture(QWidget):
    """A chart slot before pyqtgraph has loaded: the live panel's header row, and the chart's picture
    from an earlier session or its sketch."""

    export_requested = Signal(str)  # "png" or "svg": the live chart is wanted now

    def __init__(self, parent=None):
        super().__init__(parent)
        # the live panel's header, with its Export button (and its words), so the swap moves nothing
        self.export_button = export_menu_button(self, self.export_requested.emit)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.addStretch(1)
        self.header.addWidget(self.export_button)
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("background: white;")
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.sketch = ChartSketch(self)
        self.picture.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.header)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.sketch, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(*PANEL_MIN_SIZE)

    def set_exportable(self, on: bool) -> None:
        """As the live panel: Export only for a drawn chart; a note says why not."""
        set_export_button(self.export_button, on)


    def graphics_size(self) -> QSize:
        return (self.picture if self.picture.isVisibleTo(self) else self.sketch).size()

    def showing_picture(self) -> bool:
        return self.picture.isVisibleTo(self)

    def show_picture(self, pixmap: QPixmap, spec) -> None:
        """The picture of ``spec`` from an earlier session; sketched instead at any other size."""
        self.sketch.show_spec(spec)
        self.set_exportable(True)
        self.picture.setPixmap(pixmap)
        self.sketch.hide()
        self.picture.show()
        self._check_picture_size()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._check_picture_size()

    def _check_picture_size(self) -> None:
        """A picture only stands in for the chart at the size it was taken: else the sketch (no jump)."""
        pixmap = self.picture.pixmap()
        if not self.picture.isVisibleTo(self) or pixmap is None or pixmap.isNull():
            return
        layout = self.layout()
        layout.activate()
        size, taken = self.picture.size(), pixmap.deviceIndependentSize().toSize()
        # (the layout may give this slot a pixel less or more than the live panel: shown centred)
        if abs(size.width() - taken.width()) > PICTURE_SLACK or abs(size.height() - taken.height()) > PICTURE_SLACK:
            self.show_sketch("spec", self.sketch.spec)

    def show_sketch(self, what: str, content) -> None:
        """Draw a spec (``what`` "spec") or a message with plain QPainter."""
        if what == "spec":
            self.sketch.show_spec(content)
        else:
            self.sketch.show_message(content)
        self.set_exportable(what == "spec")
        self.picture.hide()
        self.picture.clear()
        self.sketch.show()


class ChartArea(QWidget):
    """The window's chart area: a market chart (chosen from a list) beside the selected company's bars."""

    panels_ready = Signal()  # the live (pyqtgraph) charts replaced the pictures or drawings

    def __init__(self, parent=None):
        super().__init__(parent)
        self.store = None
        self.number_style = None  # the store's house NumberStyle: bar labels print as the report's
        self.market_choices: list[tuple[str, object]] = []
        self.current_ticker: str | None = None
        self.chooser = QComboBox(self)
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.company_label = QLabel(self.tr("Selected company"), self)
        self.company_label.setStyleSheet("color: #555;")
        self._panels: dict[str, QWidget] = {"market": ChartPicture(self), "company": ChartPicture(self)}
        self._live = False
        self._shown: dict[str, tuple[str, object]] = {}  # slot -> ("spec", spec) or ("message", text)
        self._saved: dict[str, str] = {}  # slot -> the key of the picture written last
        self._panels["market"].header.insertWidget(0, self.chooser)
        self._panels["company"].header.insertWidget(0, self.company_label)
        self._panels["market"].export_requested.connect(self._on_market_export_requested)
        self._panels["company"].export_requested.connect(self._on_company_export_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(10)
        layout.addWidget(self._panels["market"], 11)
        layout.addWidget(self._panels["company"], 9)
        self.chooser.currentIndexChanged.connect(self._on_chooser_changed)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_pictures)
        self._load_timer = QTimer(self)
        self._load_timer.setSingleShot(True)
        self._load_timer.setInterval(LOAD_DELAY_MS)
        self._load_timer.timeout.connect(self.load_panels)

    # ------------------------------------------------------------------ the live charts
    @property
    def market(self):
        """The market ChartPanel (loads pyqtgraph if the live charts are not in yet)."""
        self.load_panels()
        return self._panels["market"]

    @property
    def company(self):
        """The company ChartPanel (loads pyqtgraph if the live charts are not in yet)."""
        self.load_panels()
        return self._panels["company"]

    def is_live(self) -> bool:
        return self._live

    def load_panels(self) -> None:
        """Replace the pictures or drawings with pyqtgraph's charts and draw what the slots show."""
        if self._live:
            return
        self._load_timer.stop()
        from ui.widgets.charts import ChartPanel

        self._live = True
        layout = self.layout()
        for slot, header_widget in (("market", self.chooser), ("company", self.company_label)):
            picture = self._panels[slot]
            panel = ChartPanel(self)
            panel.header.insertWidget(0, header_widget)
            panel.resize(picture.size())
            panel.store_path = getattr(self.store, "path", None)
            panel.number_style = self.number_style
            layout.replaceWidget(picture, panel)
            panel.show()
            picture.hide()
            picture.deleteLater()
            self._panels[slot] = panel
            shown = self._shown.get(slot)
            if shown is not None:
                self._draw(slot, *shown)
        self.panels_ready.emit()

    def _on_market_export_requested(self, kind: str) -> None:
        self._export_early("market", kind)

    def _on_company_export_requested(self, kind: str) -> None:
        self._export_early("company", kind)

    def _export_early(self, slot: str, kind: str) -> None:
        """Export clicked before the live charts were in: bring them in now and export the live chart."""
        self.load_panels()
        self._panels[slot].export_with_dialog(kind)

    def _show(self, slot: str, what: str, content) -> None:
        """Show a spec (``what`` "spec") or a message in a slot: live, else from the picture of the same
        chart if an earlier session left one, else sketched; the live charts follow in idle time."""
        if what == "message":
            from ui.common.i18n import for_ui

            content = for_ui(content)  # the core's words in the UI's language
        self._shown[slot] = (what, content)
        if not self._live:
            panel = self._panels[slot]
            panel.sketch.number_style = self.number_style
            pixmap = self._picture(slot) if what == "spec" else None
            if pixmap is not None:
                panel.show_picture(pixmap, content)
            else:
                panel.show_sketch(what, content)
            self._load_timer.start()
            return
        self._draw(slot, what, content)

    def _draw(self, slot: str, what: str, content) -> None:
        panel = self._panels[slot]
        if what == "spec":
            panel.show_spec(content)
            self._save_timer.start()
        else:
            panel.show_message(content)

    # ------------------------------------------------------------------ pictures
    def _picture(self, slot: str) -> QPixmap | None:
        what, spec = self._shown[slot]
        folder = pictures_folder()
        try:
            key = (folder / f"{slot}.key").read_text(encoding="ascii").split()
        except OSError:
            return None
        if len(key) != 4:
            return None
        stored, width, height, ratio = key
        size = QSize(int(width), int(height)) if width.isdigit() and height.isdigit() else QSize()
        try:
            ratio_value = float(ratio)
        except ValueError:
            return None
        if stored != picture_key(spec, size, ratio_value, self.number_style):
            return None
        pixmap = QPixmap(str(folder / f"{slot}.png"))
        if pixmap.isNull():
            return None
        self._saved[slot] = stored  # the live chart of the same size need not write it again
        return pixmap

    def save_pictures(self) -> None:
        """Write each live chart's picture and what it shows (a failure only costs the next start its head start)."""
        if not self._live:
            return
        folder = pictures_folder()
        for slot, panel in self._panels.items():
            what, content = self._shown.get(slot, ("message", None))
            if what != "spec" or panel.spec is not content or not panel.isVisible():
                continue
            size, ratio = panel.graphics.size(), panel.graphics.devicePixelRatioF()
            key = picture_key(content, size, ratio, self.number_style)
            if self._saved.get(slot) == key:
                continue  # this very picture is on disk already
            pixmap = panel.graphics.grab()
            ratio = pixmap.devicePixelRatio()
            key = picture_key(content, size, ratio, self.number_style)
            try:
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{slot}.key").unlink(missing_ok=True)  # no key names a half-written picture
                if not pixmap.save(str(folder / f"{slot}.png"), "PNG"):
                    continue
                (folder / f"{slot}.key").write_text(f"{key} {size.width()} {size.height()} {ratio:g}\n",
                                                    encoding="ascii")
            except OSError:
                continue
            self._saved[slot] = key

    # ------------------------------------------------------------------ what the slots show
    def set_store(self, store, *, cover_index: str | None = None, end: str | None = None) -> None:
        """Offer the market charts this store can draw and show the first one."""
        from workbench.charts import dataset_bars_spec, relative_performance_spec

        self.store = store
        self.number_style = house_number_style(store)
        if self._live:
            for panel in self._panels.values():
                panel.store_path = getattr(store, "path", None)
                panel.number_style = self.number_style
        self.market_choices = []
        if cover_index and end:
            bench = store.benchmark()
            label = self.tr("Industry index vs %1").replace("%1", bench["name"]) if bench \
                else self.tr("Industry index vs the benchmark")
            # the core titles the chart with the benchmark the store has when it is drawn
            self.market_choices.append((label, lambda s=store: relative_performance_spec(s, cover_index, end)))
        for name in store.datasets():
            title = store.dataset(name)["title"]
            self.market_choices.append((title, lambda s=store, n=name: dataset_bars_spec(s, n)))
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for label, _ in self.market_choices:
            self.chooser.addItem(label)
        self.chooser.blockSignals(False)
        self.chooser.setVisible(bool(self.market_choices))  # nothing to choose: no empty box
        if self.market_choices:
            self.chooser.setCurrentIndex(0)
            self._on_chooser_changed(0)
        else:
            self._show("market", "message", self.tr("No market data in this store yet: import the week's index "
                                                    "quotes (Import) to draw them here"))
        self.show_company(self.current_ticker)

    def refresh(self) -> None:
        if self.store is not None:
            self.refresh_market()
            self.show_company(self.current_ticker)

    def refresh_market(self) -> None:
        if self.store is not None:
            self._on_chooser_changed(self.chooser.currentIndex())

    def _on_chooser_changed(self, index: int) -> None:
        if not 0 <= index < len(self.market_choices):
            return
        from workbench.errors import WorkbenchError

        try:
            spec = self.market_choices[index][1]()
        except (WorkbenchError, ValueError) as exc:
            self._show("market", "message", getattr(exc, "message", str(exc)))
            return
        if spec.kind == LINE and len(spec.x) < 2:  # e.g. a benchmark with a single close
            self._show("market", "message", self.tr("%1: too few common dates to draw").replace("%1", spec.title))
            return
        self._show("market", "spec", spec)

    def show_company(self, ticker: str | None) -> None:
        """Bars of the company's revenue and net profit by period."""
        from workbench.charts import company_bars_spec
        from workbench.errors import WorkbenchError

        self.current_ticker = ticker
        if self.store is None or not ticker:
            self._show("company", "message", self.tr("Select a company to see its revenue and net profit"))
            return
        try:
            spec = company_bars_spec(self.store, ticker)
        except WorkbenchError as exc:
            self._show("company", "message", exc.message)
            return
        if not spec.x:
            self._show("company", "message", self.tr("No revenue or net profit for %1").replace("%1", ticker))
            return
        self._show("company", "spec", spec)


__all__ = ["ChartArea", "ChartPicture", "LOAD_DELAY_MS", "set_export_button", "pictures_folder", "picture_key"]
