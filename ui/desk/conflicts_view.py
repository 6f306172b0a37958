"""The conflicts view: values the desk kept over this workstation's, with both sides, who and when;
the desk's side as this store last knew it from the desk, with the desk user and time of that value
(and as it was at the conflict when it moved on since; none on the desk for a row it does not hold;
never this store's row); the desk's reason for a refusal; times in the local zone; values in the
analyst's words (fields named in the UI's language, a figure named and printed as the grid does, a
segment, index, analyst or issue by its name, never a uid; a published version as its version and
PDF size, never base64 or JSON; an issue's text as the parts of it that differ, each side's text
around where they first differ, the whole of both below for the selected conflict). Keep mine /
Keep theirs settles one (the core's resolve; mine is pushed by the next sync)."""

from __future__ import annotations

import html
import re
from typing import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout)

from ui.common.i18n import for_ui, is_chinese
from ui.common.times import local_time

_WHEN = "%Y-%m-%d %H:%M"
# Bookkeeping fields whose difference is not the conflict itself.
_QUIET = {"updated_at", "search_text", "source", "as_of", "src_row", "src_col"}
MAX_VALUE_CHARS = 120
# A cell reads in a few lines (the whole of it is in its tooltip): at most this many lines, each cut
# to this many characters.
MAX_CELL_LINES = 6
MAX_LINE_CHARS = 100
_MNEMONIC = re.compile(r"[(（]&\w[)）]|&")  # a button's "(&T)" or "&"
_SETTLED = re.compile(r"\(already settled\): (mine|theirs)")
_KEEP = re.compile(r"--keep[ =](mine|theirs)")  # the command line's way to settle, in a core message
_KEEP_ZH = re.compile(r"\s*--keep[ =](mine|theirs)\s*")  # in Chinese the button's name takes no spaces
_DIFFERS = "background: #ffe08a;"  # a run of text the other side has otherwise
# a core message's ASCII colon or semicolon between clauses, outside the user's own quoted words
_ASCII_MARK = re.compile(r"“[^”]*”|\s*([:;]) ")


def _lang() -> str:
    from workbench.store import sync_state

    return sync_state.ZH if is_chinese() else sync_state.EN


def _short(text: str) -> str:
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 1] + "…"


def _colon() -> str:
    """What comes between a label and its value: "：" in the Chinese UI, ": " in the English one."""
    return "：" if is_chinese() else ": "


def chinese_marks(text: str) -> str:
    """A core message in the Chinese UI with Chinese punctuation between its clauses (：；, never
    ASCII ": " "; "), the user's own words in “…” left as they are; unchanged in the English UI."""
    if not text or not is_chinese():
        return text
    return _ASCII_MARK.sub(lambda m: {":": "：", ";": "；"}[m.group(1)] if m.group(1) else m.group(0), text)


def few_lines(text: str, lines: int = MAX_CELL_LINES, chars: int = MAX_LINE_CHARS) -> str:
    """A cell's text in a few lines: at most ``lines`` lines, each cut to ``chars`` characters, … where
    text is left out (the whole goes in the cell's tooltip)."""
    kept = text.split("\n")
    cut = len(kept) > lines
    kept = [line if len(line) <= chars else line[:chars - 1] + "…" for line in kept[:lines]]
    if cut:
        kept[-1] = kept[-1] if kept[-1].endswith("…") else kept[-1] + " …"
    return "\n".join(kept)


def _value_text(v, table: str = "", name: str = "") -> str:
    from workbench.store.sync_state import field_text

    return _short(field_text(table, name, v))


def differing_fields(mine: dict | None, theirs: dict | None) -> list[str]:
    """The fields in which the two sides differ (all of them when one side is a deletion)."""
    if mine is None or theirs is None:
        return sorted((mine or theirs or {}).keys() - _QUIET)
    keys = (mine.keys() | theirs.keys()) - _QUIET
    return sorted(k for k in keys if mine.get(k) != theirs.get(k))


def side_text(image: dict | None, fields: list[str], deleted: str, metric: str | None = None,
              table: str = "", key: str = "", names=None, exact: bool = False, other=None,
              brief: bool = False) -> str:
    """One side of a conflict: the differing fields as ``field: value`` lines in the UI's language
    (细分板块: CIS), a figure or a quote as the grid prints it, a segment, analyst or issue by its name
    (``names``: this store's, else the conflicts' own; ``exact``: a figure's stored number beside it,
    when both sides print alike); against the ``other`` side's row, an issue's text as the parts that
    differ (市场回顾: …), a long text around where the two first differ; a published version or a
    status step as one line in the store's words. ``brief`` (the other side has no such row): only the
    fields that name the row and matter, and how many more it holds."""
    from workbench.store import sync_state

    if image is None:
        return deleted
    names = names if names is not None else sync_state.Names()
    if metric and not table:  # a figure of that metric, no more known of it
        table, key = "facts", f"|{metric}|"
    lang = _lang()
    if table in ("issue_versions", "issue_log"):
        return sync_state.image_text(table, image, names=names, lang=lang)
    if brief:
        parts = sync_state.brief_parts(table, image, key=key, names=names, lang=lang, exact=exact)
    else:
        parts = sync_state.side_parts(table, image, fields, other=other, key=key, names=names, lang=lang, exact=exact)
    colon = _colon()
    lines = [f"{p.label[:1].upper() + p.label[1:]}{colon}{_short(p.text)}" if p.label else _short(p.text)
             for p in parts]
    return "\n".join(lines) or _value_text(image, table)


def marked_html(text: str, other: str) -> str:
    """A text in full as rich text, each run the other side has otherwise highlighted."""
    from workbench.store import sync_state

    out = []
    for run, differs in sync_state.marked_runs(text, other):
        shown = html.escape(run).replace("\n", "<br>")
        out.append(f'<span style="{_DIFFERS}">{shown}</span>' if differs and shown else shown)
    return "".join(out)


class ConflictsView(QDialog):
    """List the store's open conflicts; settle the selected one.

    ``resolve(conflict_id, keep) -> str | None`` settles one and returns an error message or None.
    """

    COLUMNS = 5
    MIN_WIDTHS = (44, 200, 160, 220)  # #, what, kind, mine; theirs stretches
    SHARES = (0.20, 0.24, 0.26)  # of the table's width for what, kind (with the desk's reason) and mine
    settled = Signal(int, str)  # conflict id, "mine" or "theirs"

    def __init__(self, store, resolve: Callable[[int, str], str | None], parent=None):
        super().__init__(parent)
        self.store = store
        self._resolve = resolve
        self.conflicts: list[dict] = []
        self.setWindowTitle(self.tr("Desk conflicts"))
        self._fit_size()
        self.intro = QLabel(self.tr("When the same value was changed here and on the desk since they last agreed, "
                                    "the desk's value stays in both places and yours is kept here. Keep mine "
                                    "writes yours back (the next sync sends it); Keep theirs keeps the desk's.")
                            + "\n" + self.tr("Refused by the desk: the desk did not take a change of yours, for the "
                                             "reason given; Held back here: a change this workstation does not send "
                                             "yet, for the reason given."),
                            self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setHorizontalHeaderLabels([self.tr("#"), self.tr("What"), self.tr("Kind"), self.tr("Mine"),
                                              self.tr("Theirs (the desk's, as last synced)")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate(self.MIN_WIDTHS):
            self.table.setColumnWidth(col, width)
        self._sizing = False  # the view sets the widths (not the user dragging a column)
        self._columns_dragged = False  # once the user sized a column, the view leaves the widths alone
        header.sectionResized.connect(self._on_header_section_resized)
        # rows re-fitted to their wrap whenever the columns' widths change (a resize, a dragged column)
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._on_refit_timeout)
        header.sectionResized.connect(lambda *_: self._refit.start())
        self.table.viewport().installEventFilter(self)  # the table's own width changed: share it again
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemSelectionChanged.connect(self._show_detail)
        # the selected conflict's differing parts in full, both sides, differences highlighted
        self.detail = QTextBrowser(self)
        self.detail.setOpenLinks(False)
        self.detail.hide()
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self._beside: dict[int, tuple] = {}
        self._cut: dict[int, list[tuple[int, str]]] = {}  # conflict id: (column, whole text) of its cut cells
        self.empty_label = QLabel(self.tr("No open conflicts."), self)
        self.empty_label.setStyleSheet("color: #2e7d32;")
        self.mine_button = QPushButton(self.tr("Keep &Mine"), self)
        self._mine_tip = self.tr("Write this workstation's value back; the next sync sends it to the desk")
        self.mine_button.setToolTip(self._mine_tip)
        self._mine_refusals: dict[int, str | None] = {}
        self.theirs_button = QPushButton(self.tr("Keep &Theirs"), self)
        self.theirs_button.setToolTip(self.tr("Keep the desk's value (already in this store)"))
        self.mine_button.clicked.connect(lambda: self.settle("mine"))
        self.theirs_button.clicked.connect(lambda: self.settle("theirs"))
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mine_button)
        buttons.addWidget(self.theirs_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.reload()

    # ------------------------------------------------------------------ content
    def kind_text(self, kind: str) -> str:
        return {"conflict": self.tr("Changed on both sides"), "refused": self.tr("Refused by the desk"),
                "local": self.tr("Refused by this store")}.get(kind, kind)

    def who_text(self, by: str | None, at: str | None, pushed: str | None = None) -> str:
        """Who wrote a side and when (in this workstation's zone), or that it is not known here; with
        ``pushed``, when the desk got it, beside the time it was made."""
        when = local_time(at, _WHEN)
        if not by and not when:
            return self.tr("who and when not known here")
        # (each text translated on its own line: lupdate does not see a tr() inside an f-string)
        who = by or self.tr("(who not known)")
        made = when or self.tr("(time not known)")
        text = f"{who} {made}"
        pushed_when = local_time(pushed, _WHEN)
        if pushed_when and pushed_when != when:
            text += self.tr(", pushed %1").replace("%1", pushed_when)
        return text

    def table_text(self, table: str) -> str:
        return {"facts": self.tr("Financials"), "quotes": self.tr("Index quote"), "companies": self.tr("Company"),
                "segments": self.tr("Segment"), "indices": self.tr("Index"), "analysts": self.tr("Analyst"),
                "house": self.tr("House profile"), "datasets": self.tr("Chart data"), "notes": self.tr("Note"),
                "issues": self.tr("Issue"), "issue_log": self.tr("Issue status log"),
                "issue_versions": self.tr("Published version")}.get(table, table)

    def what_text(self, c: dict, names=None) -> str:
        """The row a conflict is about as the analyst knows it: a figure by its company and the grid's
        column header (润欣科技 营业收入(亿元) 2023), a segment, index or issue by its name, never a uid."""
        from workbench.store import sync_state

        names = names if names is not None else sync_state.Names(self.store, [c])
        image = c["theirs"] or c["mine"] or {}
        key = c["key"]
        if c["tbl"] == "facts" and key.count("|") == 2:
            from ui.models.financials import fact_column

            ticker, metric, period = key.split("|")
            key = f"{names.known('companies', ticker) or ticker} {fact_column(metric, period).title}"
        elif c["tbl"] == "notes":
            key = self.note_text(image) or key
        elif c["tbl"] == "house" and image.get("name_zh"):  # the house by its name (its table says what it is)
            key = image["name_zh"]
        else:
            key = sync_state.what_text(c, names, _lang())
            if c["tbl"] == "issues":  # two issues of one headline (a copy keeps it) read apart by their week
                from workbench.desk.cli import issue_week

                week = issue_week(self.store, c, _lang())
                key = f"{key} · {week}" if week else key
        return f"{self.table_text(c['tbl'])}{_colon()}{key}"

    def note_text(self, image: dict) -> str:
        """A note as a reader knows it: its companies (by name where this store has them), its date and
        its opening words."""
        tickers = image.get("tickers") or []
        if isinstance(tickers, str):
            tickers = [t for t in re.split(r"[,\s]+", tickers) if t]
        names = []
        for ticker in tickers:
            name = self.store.scalar("SELECT name FROM companies WHERE ticker = ?", [ticker]) if self.store else None
            names.append(name or ticker)
        words = " ".join(str(image.get("text") or "").split())
        if len(words) > 24:
            words = words[:23] + "…"
        return " ".join(p for p in ("、".join(names), image.get("date") or "", words) if p)

    def reload(self) -> None:
        from workbench.store import sync_state

        self.conflicts = sync_state.described(self.store) if self.store is not None else []
        self._beside = {}
        self._cut = {}
        names = sync_state.Names(self.store, self.conflicts)
        deleted = self.tr("(deleted)")
        self.table.setRowCount(len(self.conflicts))
        for row, c in enumerate(self.conflicts):
            fields = differing_fields(c["mine"], c["theirs"])
            # one side has no such row: each side by the fields that name it, never a wall of every field
            brief = c["mine"] is None or c["theirs"] is None
            # the desk's side as this store last knew it from the desk (never the local row)
            desk = c["desk"]
            none = self.tr("(none on the desk)") if c["kind"] == "refused" else deleted
            metric = c["key"].split("|")[1] if c["tbl"] == "facts" and c["key"].count("|") == 2 else None
            # times in this workstation's zone, one format (the desk's carry the server's zone)
            # when each value was made on its workstation (as trace dates it), the push time beside it
            mine_made, desk_made = c.get("mine_made"), c.get("desk_made")
            mine_who = self.who_text(c.get("by"), mine_made or c.get("at"),
                                     c.get("at") if mine_made and c["kind"] != "local" else None)
            # (a row the desk does not have has no writer and time there: none said)
            theirs_who = None if desk is None and not (c.get("desk_by") or desk_made or c.get("desk_at")) else \
                self.who_text(c.get("desk_by"), desk_made or c.get("desk_at"), c.get("desk_at") if desk_made else None)
            kind = self.tr("Held back here") if sync_state.is_held(c) else self.kind_text(c["kind"])
            if c.get("message"):  # why it was refused (by the desk, or by this store), the buttons named
                kind += "\n" + chinese_marks(self.in_buttons(for_ui(c.get("message_text") or c["message"])))
            words = dict(key=c["key"], names=names, exact=sync_state.prints_alike(c, names))
            # each side read against the one beside it: this store's against the desk's (as at the
            # conflict when the desk has none), the desk's against this store's
            beside = desk if desk is not None else c["theirs"]
            self._beside[c["id"]] = (fields, beside, words)

            def sides(image, absent, other, at_conflict=False):
                """A side as its cell shows it (in brief when the other side has no row) and in full."""
                shown, full = (side_text(image, fields, absent, metric, c["tbl"], **words, other=other, brief=b)
                               for b in (brief, False))
                if at_conflict:
                    return shown, full
                return few_lines(shown, MAX_CELL_LINES - 1), full

            theirs, theirs_full = sides(desk, none, c["mine"])
            if theirs_who:
                theirs, theirs_full = (f"{t}\n— {theirs_who}" for t in (theirs, theirs_full))
            if c["kind"] != "local" and sync_state.compared(c["tbl"], desk) != sync_state.compared(c["tbl"], c["theirs"]):  # moved on since: what the conflict was about
                then = sides(c["theirs"], none, c["mine"], at_conflict=True)
                sep = "；" if is_chinese() else "; "
                then = [self.tr("At the conflict: %1").replace(
                    "%1", t.replace("\n", sep) + f" — {self.who_text(c.get('theirs_by'), c.get('theirs_at'))}")
                    for t in then]
                theirs, theirs_full = f"{theirs}\n{few_lines(then[0], 1)}", f"{theirs_full}\n{then[1]}"
            # this store's side of a row it refused and never had: none here (not deleted)
            mine_none = self.tr("(none here)") if c.get("mine_text") == sync_state.NONE_HERE else deleted
            mine, mine_full = (f"{t}\n— {mine_who}" for t in sides(c["mine"], mine_none, beside))
            what = self.what_text(c, names)
            cells = [(str(c["id"]),) * 2, (few_lines(what), what), (few_lines(kind), kind), (mine, mine_full),
                     (theirs, theirs_full)]
            # the cells the table shows only in part (a long reason, a long name), whole below the table
            self._cut[c["id"]] = [(col, full) for col, (text, full) in enumerate(cells) if text != full]
            for col, (text, full) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c["id"])
                item.setToolTip(full)  # the whole of it, in words
                self.table.setItem(row, col, item)
        self._mine_refusals = {c["id"]: self.mine_refusal(c) for c in self.conflicts}
        self.table.resizeRowsToContents()
        self.empty_label.setVisible(not self.conflicts)
        if self.conflicts and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_buttons()
        self._show_detail()

    def detail_html(self, c: dict) -> str:
        """The parts of a conflict shown only in part (an issue's market review, a view, a theme; a
        long text), each in full on both sides, the differences highlighted; "" when none is."""
        from workbench.store import sync_state

        fields, beside, words = self._beside.get(c["id"], (None, None, None))
        if c["mine"] is None or beside is None or c["tbl"] in ("issue_versions", "issue_log"):
            return ""
        parts = [p for p in sync_state.side_parts(c["tbl"], c["mine"], fields, other=beside, lang=_lang(), **words)
                 if p.full is not None]
        if not parts:
            return ""
        intro = html.escape(self.tr("Each part that differs, in full; the differences are highlighted."))
        mine, theirs = html.escape(self.tr("Mine")), html.escape(self.tr("Theirs (the desk's, as last synced)"))
        none = html.escape(self.tr("(none)"))
        head = (f'<p>{intro}</p><table width="100%" cellspacing="0" cellpadding="4" border="1">'
                f'<tr><th width="50%">{mine}</th><th width="50%">{theirs}</th></tr>')
        rows = []
        for p in parts:
            rows.append(f'<tr><td colspan="2" style="background: #eef2f7;"><b>{html.escape(p.label[:1].upper() + p.label[1:])}</b></td></tr>'
                        f'<tr><td valign="top">{marked_html(p.full, p.other or "") or none}</td>'
                        f'<td valign="top">{marked_html(p.other or "", p.full) or none}</td></tr>')
        return head + "".join(rows) + "</table>"

    def cut_html(self, c: dict, compared: bool) -> str:
        """The selected conflict's cells that the table cut short, each whole under its column's name;
        the two sides only when the comparison above does not already show them in full."""
        cut = [(col, full) for col, full in self._cut.get(c["id"], ()) if col in (1, 2) or not compared]
        if not cut:
            return ""
        names = [self.table.horizontalHeaderItem(col).text() for col in range(self.COLUMNS)]
        intro = html.escape(self.tr("Shown in part in the table above, here in full:"))
        rows = "".join(f'<tr><td valign="top" style="background: #eef2f7;" width="15%"><b>{html.escape(names[col])}</b>'
                       f'</td><td valign="top">{html.escape(full).replace(chr(10), "<br>")}</td></tr>'
                       for col, full in cut)
        return f'<p>{intro}</p><table width="100%" cellspacing="0" cellpadding="4" border="1">{rows}</table>'

    def _show_detail(self) -> None:
        conflict_id = self.current_id()
        c = next((c for c in self.conflicts if c["id"] == conflict_id), None)
        compared = self.detail_html(c) if c is not None else ""
        whole = self.cut_html(c, bool(compared)) if c is not None else ""
        text = whole + compared
        self.detail.setHtml(text)
        self.detail.setVisible(bool(text))

    def _fit_size(self) -> None:
        """Open using most of the screen (up to 90% of its available area, at least 980x460 where
        it fits), so a laptop's 1280x720 shows several conflicts and the detail below them."""
        from ui.common.geometry import available_area, fit_to_screen

        area = available_area(self)
        width, height = 980, 460
        if area is not None:
            width = max(width, min(1600, int(area.width() * 0.9)))
            height = max(height, min(1000, int(area.height() * 0.9)))
        fit_to_screen(self, width, height)

    def fit_columns(self) -> None:
        """Share the table's width among the columns (the reason of a refusal and each side get room
        on a wide screen, not a narrow column of very tall rows), until the user sizes a column."""
        if self._columns_dragged:
            return
        room = self.table.viewport().width() - self.table.columnWidth(0)
        if room <= 0:
            return
        self._sizing = True
        try:
            for col, share in enumerate(self.SHARES, start=1):
                self.table.setColumnWidth(col, max(self.MIN_WIDTHS[col], int(room * share)))
        finally:
            self._sizing = False

    def _on_header_section_resized(self, index: int, old: int, new: int) -> None:
        if not self._sizing and index < self.COLUMNS - 1:  # (the last one stretches by itself)
            self._columns_dragged = True

    def _on_refit_timeout(self) -> None:
        self.fit_columns()
        self.table.resizeRowsToContents()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and hasattr(self, "table") and watched is self.table.viewport():
            self.fit_columns()
            self._refit.start()
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.fit_columns()
        self.table.resizeRowsToContents()  # each row as tall as its text wraps at the shown widths

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if hasattr(self, "_refit"):
            self._refit.start()  # the rows re-wrapped at the new widths, once the layout has settled

    def current_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.conflicts[rows[0].row()]["id"]

    def select_conflict(self, conflict_id: int) -> bool:
        for row, c in enumerate(self.conflicts):
            if c["id"] == conflict_id:
                self.table.selectRow(row)
                return True
        return False

    # ------------------------------------------------------------------ settling
    def settle(self, keep: str) -> bool:
        conflict_id = self.current_id()
        if conflict_id is None:
            return False
        error = self._resolve(conflict_id, keep)
        if error:
            # the list as the store holds it now (settled meanwhile in another window, say), the
            # same conflict still selected when it is still open
            self.reload()
            self.select_conflict(conflict_id)
            self.error_label.setText(self.error_text(conflict_id, error))
            self.error_label.show()
            return False
        self.error_label.hide()
        self.reload()
        self.settled.emit(conflict_id, keep)
        return True

    def error_text(self, conflict_id: int, error: str) -> str:
        """The core's refusal in the UI's words: the buttons named, never the command line's flags."""
        mine, theirs = ("“" + _MNEMONIC.sub("", b.text()) + "”" for b in (self.mine_button, self.theirs_button))
        text = for_ui(error)
        settled = _SETTLED.search(error)
        if settled:  # "(already settled): theirs": the button that settled it
            text = re.sub(r"[:：]\s*(mine|theirs)\s*$", "", text) + "：" + (mine if settled.group(1) == "mine" else theirs)
        return chinese_marks(text.replace("--keep theirs", theirs).replace("--keep mine", mine))

    def in_buttons(self, text: str) -> str:
        """A core message with the command line's ``--keep theirs`` / ``--keep mine`` named as this
        view's buttons (“保留团队库的”), as the analyst settles it here."""
        mine, theirs = ("“" + _MNEMONIC.sub("", b.text()) + "”" for b in (self.mine_button, self.theirs_button))
        pattern = _KEEP_ZH if is_chinese() else _KEEP
        return pattern.sub(lambda m: theirs if m.group(1) == "theirs" else mine, text)

    def mine_refusal(self, c: dict) -> str | None:
        """Why Keep mine could never settle a conflict (this desk role may not write that row, as the
        desk said at the last sync; a colleague's note), in the UI's words; None when it could."""
        from workbench.desk.sync import keep_mine_refusal

        why = keep_mine_refusal(self.store, c) if self.store is not None else None
        return chinese_marks(self.in_buttons(for_ui(why))) if why else None

    def _update_buttons(self) -> None:
        conflict_id = self.current_id()
        has = conflict_id is not None
        why = self._mine_refusals.get(conflict_id) if has else None
        self.mine_button.setEnabled(has and not why)
        self.mine_button.setToolTip(why or self._mine_tip)
        self.theirs_button.setEnabled(has)
