"""A live preview of the current draft's PDF: the report rendered and rasterised off the GUI thread.

The pages come from exactly what the export prints (``render_pdf(build_report_spec(store, issue))``)
for the issue as it stands in the editor, saved or not; pypdfium2 turns them into images.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QComboBox, QFrame, QGraphicsDropShadowEffect, QHBoxLayout, QLabel, QProgressBar,
                               QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget)

from ui.common.i18n import for_ui
from ui.services.workers import StoreTask

RENDER_SCALE = 1.6  # pixels per PDF point: 115 dpi, sharp at 100 % on ordinary screens
ZOOMS = (0, 50, 75, 100, 125, 150)  # 0 = fit width
LIVE_PREVIEW_MS = 800  # a pause in typing this long renders the preview again
SOURCE_ROWS = 3  # the 数据来源 pane's tables never show fewer rows than this (a 1366x768 laptop included)
HISTORY_ROWS = 2  # nor its history of one figure
SOURCE_HEADER_MAX = 132  # px: a column as wide as its header's longest line, up to this (then elided)
PAGES_SHARE = 0.35  # of the preview's height, the pages keep at least this much beside the sources
_live_tasks: set[StoreTask] = set()  # a running task outlives a pane closed meanwhile


def pdf_page_images(pdf: bytes, scale: float = RENDER_SCALE) -> list[QImage]:
    """Each page of ``pdf`` as a QImage (RGB, white background); safe to call off the GUI thread."""
    import pypdfium2 as pdfium

    from workbench.drafting.record import PDFIUM_LOCK

    images: list[QImage] = []
    with PDFIUM_LOCK:  # pdfium is not thread-safe: one use at a time, the record's checks included
        doc = pdfium.PdfDocument(pdf)
        try:
            for i in range(len(doc)):
                page = doc[i]
                bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
                # copy: the QImage must own its pixels once pdfium frees the bitmap
                image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGBX8888).copy()
                images.append(image)
                bitmap.close()
                page.close()
        finally:
            doc.close()
    return images


def printed_table(store, issue):
    """The comparison table as the issue's PDF prints it, and the number style it prints in.

    A final issue's is its frozen snapshot (what was published); any other's is built now, as
    the export would print it.
    """
    from workbench.domain.metrics import NumberStyle
    from workbench.report import build_report_spec

    spec = None
    if issue.status == "final" and issue.id is not None and store.versions(issue.id):
        from workbench.drafting.lifecycle import frozen_spec

        spec = frozen_spec(store, issue.id)
    if spec is None:
        spec = build_report_spec(store, issue)
    return spec.table, NumberStyle.lenient(getattr(spec.house, "number_style", None))


def review_sources(store, issue) -> list[dict]:
    """The market review's figures as the review computes them from the store's quotes (each index's
    last close in the week, its weekly change, the close it is measured from) and where each close
    came from (``workbench.trace.week_sources``); empty when the week has no quotes."""
    from workbench.analysis.review import draft_market_review_result
    from workbench.errors import WorkbenchError
    from workbench.trace import week_sources

    try:
        weeks = draft_market_review_result(store, issue).weeks
    except WorkbenchError:
        return []
    return [week_sources(store, w) for w in weeks if w is not None and w.quoted]


def render_issue_pages(store, issue, progress=None, scale: float = RENDER_SCALE) -> tuple[list[QImage], bool]:
    """The issue's report pages as images, and whether they are the published (frozen) PDF.

    A final issue shows the PDF it was published with; any other is rendered exactly as the
    export would render it now.
    """
    from workbench.drafting.lifecycle import issue_spec
    from workbench.report import render_pdf

    if issue.status == "final" and issue.id is not None:
        versions = store.versions(issue.id)
        pdf = store.version_pdf(issue.id, versions[-1]["version"]) if versions else None
        if pdf:
            return pdf_page_images(pdf, scale), True
    pdf = render_pdf(issue_spec(store, issue), progress=progress)
    return pdf_page_images(pdf, scale), False


class PreviewPane(QWidget):
    """Page images of the current draft, refreshed on demand; rendering never blocks the window.

    ``issue_provider`` returns the Issue to show (the editor's unsaved state); without one the
    pane shows the stored issue ``issue_id``.
    """

    rendered = Signal(int)  # pages shown
    failed = Signal(str)
    render_started = Signal()

    def __init__(self, store_path: str | Path, issue_provider: Callable | None = None, parent=None, *,
                 issue_id: int | str | None = None, history: Callable | None = None):
        super().__init__(parent)
        self.store_path = Path(store_path)
        self.issue_provider = issue_provider
        self.issue_id = issue_id
        self.history = history  # (ticker, metric, period) -> Store.history; None: the sources list is off
        self.sources = None  # the 数据来源 list of the printed table, built when first shown
        self._printed = None  # (TableEntry, NumberStyle) of the last render
        self._review: list[dict] = []  # the market review's figures and their sources, of the last render
        self._sources_sized = False  # the pane's first fill divides the preview; later ones keep the user's
        self.images: list[QImage] = []
        self.frozen = False  # the pages are a final issue's published PDF
        self._task: StoreTask | None = None
        self._again = False
        self._shown_width = 0
        self._generation = 0  # counts the changes announced by mark_stale
        self._rendering = 0  # the generation the running render shows
        self._shown = 0  # the generation the pages on screen show
        self._tried = False  # a render was started at least once
        self.live_timer = QTimer(self)  # restarted by each change: renders after a pause in typing
        self.live_timer.setSingleShot(True)
        self.live_timer.setInterval(LIVE_PREVIEW_MS)
        self.live_timer.timeout.connect(self._on_live_timer_timeout)

        self.refresh_button = QPushButton(self.tr("Refresh preview"), self)
        self.refresh_button.setToolTip(self.tr("Render the report as it stands now, unsaved changes included"))
        self.zoom = QComboBox(self)
        for z in ZOOMS:
            self.zoom.addItem(self.tr("Fit width") if z == 0 else f"{z}%", z)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel(self.tr("Not rendered yet"), self)
        self.status.setStyleSheet("color: #666;")
        self.stale_label = QLabel(self.tr("Out of date: the issue changed since these pages were rendered; "
                                          "they are rendered again when you pause typing."), self)
        self.stale_label.setWordWrap(True)
        self.stale_label.setStyleSheet("background: #fff4dc; border: 1px solid #f0c36d; color: #8a5a00;"
                                       "padding: 3px 8px; border-radius: 3px;")
        self.stale_label.hide()

        self.pages = QWidget(self)
        self.pages.setObjectName("previewPages")
        self.pages.setStyleSheet("#previewPages { background: #8a8a8a; }")
        self.page_layout = QVBoxLayout(self.pages)
        self.page_layout.setContentsMargins(14, 14, 14, 14)
        self.page_layout.setSpacing(14)
        self.page_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.placeholder = QLabel(self.tr("The report is rendered here when this tab is shown, and again after "
                                          "each pause in typing."), self.pages)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #f0f0f0;")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_layout.addWidget(self.placeholder)
        self.page_labels: list[QLabel] = []
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.pages)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setStyleSheet("QScrollArea { background: #8a8a8a; }")

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.zoom)
        bar.addWidget(self.busy)
        bar.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.stale_label)
        layout.addWidget(self.scroll, 1)

        self.sources_button = QPushButton(self.tr("Data sources"), self)
        self.sources_button.setCheckable(True)
        self.sources_button.setToolTip(self.tr("Where each figure of the printed comparison table came from"))
        self.sources_button.setVisible(history is not None)
        bar.insertWidget(2, self.sources_button)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        layout.removeWidget(self.scroll)
        self.split.addWidget(self.scroll)
        self.split.setChildrenCollapsible(False)
        layout.addWidget(self.split, 1)

        self.refresh_button.clicked.connect(self.refresh)
        self.zoom.currentIndexChanged.connect(self._show_pages)
        self.sources_button.toggled.connect(self.show_sources)

    def set_issue_provider(self, provider: Callable | None) -> None:
        self.issue_provider = provider

    def is_rendering(self) -> bool:
        return self._task is not None

    def is_stale(self) -> bool:
        """The pages on screen predate the latest change (or none are shown yet after one)."""
        return self._shown != self._generation

    def mark_stale(self) -> None:
        """The issue changed: mark the pages as out of date and render again after a pause in typing."""
        self._generation += 1
        self._update_stale_mark()
        self.live_timer.start()  # restarts on every change

    def _unrendered(self) -> bool:
        """A change arrived after the last render (finished or failed) started."""
        return self._generation != self._rendering

    def _update_stale_mark(self) -> None:
        self.stale_label.setVisible(bool(self.images) and self.is_stale())

    def _on_live_timer_timeout(self) -> None:
        if not self._unrendered():
            return
        if self.isVisible():
            self.refresh()
        # hidden: the render waits until the pane is shown (showEvent)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._task is None and not self.live_timer.isActive() and (not self._tried or self._unrendered()):
            self.refresh()  # shown for the first time, or changed while hidden: no click needed

    def refresh(self) -> None:
        """Render the current issue on a worker; a refresh asked for meanwhile runs right after."""
        if self._task is not None:
            self._again = True
            return
        try:
            issue = self.issue_provider() if self.issue_provider is not None else None
        except Exception as exc:  # the editor could not build an issue from its fields
            self._on_task_failed(exc)
            return
        issue = copy.deepcopy(issue)  # the worker gets its own copy; the editor keeps changing its own
        issue_id = self.issue_id if self.issue_id is not None else "latest"

        def work(store, progress):
            current = issue if issue is not None else store.issue(issue_id)
            images, frozen = render_issue_pages(store, current, progress)
            return images, frozen, printed_table(store, current), review_sources(store, current)

        self._rendering = self._generation
        self._tried = True
        task = StoreTask(self.store_path, work)
        task.signals.finished.connect(self._on_task_finished)
        task.signals.failed.connect(self._on_task_failed)
        task.signals.finished.connect(lambda *_: _live_tasks.discard(task))
        task.signals.failed.connect(lambda *_: _live_tasks.discard(task))
        _live_tasks.add(task)
        self._task = task
        self.busy.show()
        self.refresh_button.setEnabled(False)
        self.status.setText(self.tr("Rendering…"))
        QThreadPool.globalInstance().start(task)
        self.render_started.emit()

    def _done(self) -> None:
        self._task = None
        self.busy.hide()
        self.refresh_button.setEnabled(True)
        if self._again:
            self._again = False
            self.refresh()
        elif self._unrendered() and not self.live_timer.isActive() and self.isVisible():
            self.refresh()  # a change arrived while rendering and its pause is over: render it now

    def _on_task_finished(self, result) -> None:
        images, frozen, printed, review = result
        self.images = list(images)
        self.frozen = frozen
        self._printed = printed
        self._review = review
        self._shown = self._rendering
        self._update_stale_mark()
        self._show_pages()
        if self.sources is not None:
            self._fill_sources()
        text = self.tr("%1 pages · the published PDF") if frozen else self.tr("%1 pages")
        self.status.setText(text.replace("%1", str(len(self.images))))
        self.status.setToolTip("")
        self.rendered.emit(len(self.images))
        self._done()

    def _on_task_failed(self, exc) -> None:
        message = for_ui(getattr(exc, "message", None) or str(exc))
        self.status.setText(self.tr("Preview failed: %1").replace("%1", message.splitlines()[0] if message else ""))
        self.status.setToolTip(message)
        self.failed.emit(message)
        if self._task is not None:
            self._done()

    # ------------------------------------------------------------------ data sources
    def show_sources(self, on: bool = True):
        """Show (or hide) the 数据来源 list under the pages: the printed table's figures and their history."""
        if self.history is None:
            return None
        if on and self.sources is None:
            from ui.dialogs.provenance import TableSourcesPanel

            self.sources = TableSourcesPanel(self.history, self)
            self.split.addWidget(self.sources)
            for table in (self.sources.figures, self.sources.review, self.sources.changes):
                table.setTabKeyNavigation(False)  # read-only lists: Tab leaves them (arrows move inside)
            inner = self.sources.figures.parentWidget()
            if isinstance(inner, QSplitter):  # its tables keep their rows rather than collapse to nothing
                inner.setChildrenCollapsible(False)
            if self._printed is not None:
                self._fill_sources()
            else:
                self._fit_sources(split=True)
                if not self.is_rendering():
                    self.refresh()  # the list shows what the PDF prints: render it
        if self.sources is not None:
            self.sources.setVisible(on)
        if self.sources_button.isChecked() != on:
            self.sources_button.setChecked(on)
        return self.sources

    def _fill_sources(self) -> None:
        """The last render's printed table and review into the 数据来源 pane, made readable."""
        panel = self.sources
        panel.set_table(*self._printed)
        panel.set_review(self._review)
        self._label_source_headers()
        if panel.figures.currentColumn() < 2:  # nothing picked yet: say what to do, not "no changes"
            panel.changes.item(0, 0).setText(self.tr("Pick a figure above to see where it came from and "
                                                     "every change to it"))
        self._fit_sources(split=not self._sources_sized)
        self._sources_sized = True  # later renders keep the user's division of the pane

    def _label_source_headers(self) -> None:
        """Each column as wide as its header's longest line (营业收入 / 24Q1-Q3 YoY: both lines whole), up
        to SOURCE_HEADER_MAX; its full text in a tooltip too."""
        for table in (self.sources.figures, self.sources.review):
            header = table.horizontalHeader()
            metrics = header.fontMetrics()
            pad = 2 * header.style().pixelMetric(header.style().PixelMetric.PM_HeaderMargin) + 8
            for column in range(table.columnCount()):
                item = table.horizontalHeaderItem(column)
                if item is None:
                    continue
                item.setToolTip(item.text())
                need = max((metrics.horizontalAdvance(line) for line in item.text().splitlines()), default=0) + pad
                if header.sectionSize(column) < need:
                    header.resizeSection(column, min(need, SOURCE_HEADER_MAX))

    def _fit_sources(self, *, split: bool) -> None:
        """Room for the pane: each table at least SOURCE_ROWS rows high (the history HISTORY_ROWS); with
        ``split``, the pages above it get the rest of the preview, at least PAGES_SHARE of it."""
        panel = self.sources

        def rows_high(table, rows: int) -> int:
            scroll = table.horizontalScrollBar().sizeHint().height()  # these tables scroll sideways
            return (table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
                    + 2 * table.frameWidth() + scroll)

        panel.figures.setMinimumHeight(rows_high(panel.figures, SOURCE_ROWS))
        panel.review.setMinimumHeight(rows_high(panel.review, SOURCE_ROWS))
        panel.changes.setMinimumHeight(rows_high(panel.changes, HISTORY_ROWS))
        if not split:
            return
        total = sum(self.split.sizes()) or self.split.height()
        need = panel.minimumSizeHint().height()
        sources = max(need, min(int(total * (1 - PAGES_SHARE)), need + 120))
        self.split.setSizes([max(total - sources, 1), sources])

    # ------------------------------------------------------------------ display
    def page_width(self) -> int:
        zoom = self.zoom.currentData() or 0
        if not self.images:
            return 0
        if zoom == 0:  # leave room for the vertical scroll bar so no horizontal one appears
            bar = self.scroll.verticalScrollBar().sizeHint().width()
            return max(200, self.scroll.width() - bar - 2 * 14 - 8)
        return int(self.images[0].width() * zoom / 100 / RENDER_SCALE * 96 / 72)

    def _show_pages(self) -> None:
        position = self.scroll.verticalScrollBar().value()  # a new render keeps the reader's place
        self.placeholder.setVisible(not self.images)
        while len(self.page_labels) > len(self.images):
            label = self.page_labels.pop()
            self.page_layout.removeWidget(label)
            label.deleteLater()
        while len(self.page_labels) < len(self.images):
            label = QLabel(self.pages)
            label.setStyleSheet("background: white;")
            shadow = QGraphicsDropShadowEffect(label)
            shadow.setBlurRadius(12)
            shadow.setOffset(0, 2)
            label.setGraphicsEffect(shadow)
            self.page_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        width = self.page_width()
        for label, image in zip(self.page_labels, self.images):
            pixmap = QPixmap.fromImage(image).scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.size())
        self.page_layout.activate()
        self._shown_width = width
        self._restore_position(position)
        QTimer.singleShot(0, lambda: self._restore_position(position))  # after the scroll area's own relayout

    def _restore_position(self, position: int) -> None:
        bar = self.scroll.verticalScrollBar()
        if bar.value() != position:
            bar.setValue(min(position, bar.maximum()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.images and (self.zoom.currentData() or 0) == 0 and self.page_width() != self._shown_width:
            self._show_pages()

    def sizeHint(self) -> QSize:
        return QSize(520, 700)


__all__ = ["PreviewPane", "pdf_page_images", "render_issue_pages"]
