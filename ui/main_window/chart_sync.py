"""The chart panel under the views: built after the tables are filled, and kept in step with edits."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal

from ui.main_window.part import WindowPart

MIN_CHART_QUOTES = 20  # an index needs more daily closes than this to carry the one-year cover chart


class ChartSync(WindowPart):
    """Loads pyqtgraph's panel into the window's chart area and redraws what an edit touched.

    Edits mark parts of the charts stale; one timer per event-loop turn then refreshes the counts and
    redraws the stale charts once, however many edits came in.
    """

    ready = Signal()  # the chart panel exists (and shows the open store, if any)

    def __init__(self, window):
        super().__init__(window)
        self.charts = None
        self.pending = False
        self.stale: set[str] = set()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.refresh_after_change)
        self.ready.connect(window.charts_ready)

    def store_opened(self) -> None:
        """Show the new store; the first time, build the panel once the tables show."""
        if self.charts is not None:
            self.set_chart_store()
        elif not self.pending:
            self.pending = True
            QTimer.singleShot(0, self.ensure_charts)  # pyqtgraph loads after the tables show

    def ensure_charts(self) -> None:
        """Build the chart area and draw the store's charts (pyqtgraph loads later, in idle time);
        called after the first paint."""
        self.pending = False
        if self.charts is None:
            from ui.widgets.chart_area import ChartArea  # (pyqtgraph loads with the live charts, in idle time)

            area = self.window.chart_area
            self.charts = ChartArea(area)
            layout = area.layout()
            while layout.count():
                item = layout.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()
            layout.addWidget(self.charts)
            self.charts.show()
            if area.isVisible():  # laid out before it draws: a picture is shown only at its own size
                layout.activate()
                self.charts.layout().activate()
        if self.session is not None:
            self.set_chart_store()
            self.paint_now()
        self.ready.emit()

    def paint_now(self) -> None:
        """Lay out and paint the chart area at once, so the charts' first drawings are on screen before
        the idle-time work that follows ``ready`` (opening the full Store, loading pyqtgraph)."""
        area = self.window.chart_area
        if not area.isVisible():
            return
        area.layout().activate()
        self.charts.layout().activate()
        self.charts.repaint()

    def set_chart_store(self) -> None:
        """The cover chart's index and period (the latest issue's, else an index with a year of quotes)."""
        from workbench.errors import WorkbenchError

        store = self.session.store
        cover, end = None, None
        try:
            latest = store.issue("latest")
            cover, end = latest.cover_index or None, latest.period_end
        except WorkbenchError:
            pass
        if not cover:
            bench = store.benchmark()
            others = [i for i in store.indices() if not bench or i["id"] != bench["id"]]
            for index in others:
                quotes = store.quotes(index["id"])
                if len(quotes) > MIN_CHART_QUOTES:
                    cover, end = index["name"], quotes[-1]["date"]
                    break
        financials, companies = self.window.financials_page, self.window.companies_page
        ticker = financials.current_key() or companies.current_key()
        if ticker is None and financials.model is not None and financials.model.rowCount():
            ticker = financials.model.key_at(0)
        self.charts.current_ticker = ticker
        self.charts.set_store(store, cover_index=cover, end=end)

    def on_charts_toggled(self) -> None:
        self.window.chart_area.setVisible(self.window.charts_action.isChecked())

    def on_company_selected(self, ticker) -> None:
        if self.charts is not None and ticker != self.charts.current_ticker:
            self.charts.show_company(ticker)

    # ------------------------------------------------------------------ after edits
    def mark_stale(self, kind: str) -> None:
        """``market``, ``company`` or ``all``: redrawn (with the counts) at the next event-loop turn."""
        if kind:
            self.stale.add(kind)
        self.timer.start()

    def on_session_changed(self, changes) -> None:
        """After an edit: counts, and the charts whose data it touched (coalesced per event loop turn)."""
        ticker = self.charts.current_ticker if self.charts is not None else None
        if changes.quotes:
            self.stale.add("market")
        if changes.rows or changes.renamed or ticker in changes.companies \
                or any(t == ticker for t, _, _ in changes.facts):
            self.stale.add("company")
        self.timer.start()

    def refresh_after_change(self) -> None:
        self.window.refresh_counts()
        stale, self.stale = self.stale, set()
        if self.charts is None or self.session is None:
            return
        if "all" in stale:
            self.set_chart_store()
            return
        if "market" in stale:
            self.charts.refresh_market()
        if "company" in stale:
            ticker = self.charts.current_ticker
            if ticker is not None and self.session.store.has_company(ticker):
                self.charts.show_company(ticker)
            else:
                self.charts.show_company(self.window.financials_page.current_key())


__all__ = ["ChartSync", "MIN_CHART_QUOTES"]
