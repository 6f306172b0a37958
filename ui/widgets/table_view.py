"""Spreadsheet-like table views: grouped headers, TSV copy/paste, delete with confirmation."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import (QByteArray, QEvent, QItemSelectionModel, QModelIndex, QPoint, QRect, QSettings, Qt, QTimer,
                            Signal)
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QApplication, QComboBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QMenu, QMessageBox, QStyle, QStyleOptionHeader,
                               QTableView, QToolButton, QToolTip, QVBoxLayout, QWidget)

from ui.models import HEADER_GROUP_ROLE, HEADER_LABEL_ROLE, StoreTableModel, TableFilterProxy
from workbench.errors import WorkbenchError

ROW_HEIGHT = 24

ConfirmFn = Callable[[QWidget, str, str], bool]


def ask_confirm(parent: QWidget, title: str, text: str) -> bool:
    """The default confirmation: a Yes/No message box defaulting to No."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


RatioUnitFn = Callable[[QWidget, str, str], "str | None"]


def ask_ratio_unit(parent: QWidget, title: str, text: str) -> str | None:
    """The default 百分数还是小数？ question: ``percent``, ``fraction``, or None (取消, the default)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    percent = box.addButton(QApplication.translate("DataTableView", "Percentages"), QMessageBox.ButtonRole.AcceptRole)
    fraction = box.addButton(QApplication.translate("DataTableView", "Fractions"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return {percent: "percent", fraction: "fraction"}.get(box.clickedButton())


class GroupedHeaderView(QHeaderView):
    """A horizontal header with a second line: adjacent columns sharing a group get one spanning cell.

    Mirrors the report's table header (营业收入 over 2023 / 2023 YoY / 24Q1-Q3 / ...).
    """

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def sizeHint(self):
        size = super().sizeHint()
        size.setHeight(2 * (self.fontMetrics().height() + 8))
        return size

    def _group(self, logical: int) -> str:
        model = self.model()
        if model is None:
            return ""
        return model.headerData(logical, Qt.Orientation.Horizontal, HEADER_GROUP_ROLE) or ""

    def paintSection(self, painter, rect, logical):
        if not rect.isValid():
            return
        model = self.model()
        group = self._group(logical)
        label = model.headerData(logical, Qt.Orientation.Horizontal, HEADER_LABEL_ROLE)
        if label is None:
            label = model.headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or ""
        if not group:
            self._draw(painter, rect, rect, label, logical, sort=True)
            return
        half = rect.height() // 2
        visual = self.visualIndex(logical)
        first = last = visual
        while first > 0 and self._group(self.logicalIndex(first - 1)) == group:
            first -= 1
        while last < self.count() - 1 and self._group(self.logicalIndex(last + 1)) == group:
            last += 1
        left = self.sectionViewportPosition(self.logicalIndex(first))
        right_logical = self.logicalIndex(last)
        right = self.sectionViewportPosition(right_logical) + self.sectionSize(right_logical)
        span = QRect(left, rect.top(), right - left, half)
        self._draw(painter, span, QRect(rect.left(), rect.top(), rect.width(), half), group, logical, sort=False)
        bottom = QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half)
        self._draw(painter, bottom, bottom, label, logical, sort=True)

    def _draw(self, painter, rect: QRect, clip: QRect, text: str, logical: int, *, sort: bool) -> None:
        opt = QStyleOptionHeader()
        self.initStyleOption(opt)
        opt.rect = rect
        opt.section = logical
        opt.text = text
        opt.textAlignment = Qt.AlignmentFlag.AlignCenter
        opt.position = QStyleOptionHeader.SectionPosition.Middle
        if sort and self.isSortIndicatorShown() and self.sortIndicatorSection() == logical:
            opt.sortIndicator = (QStyleOptionHeader.SortIndicator.SortDown
                                 if self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
                                 else QStyleOptionHeader.SortIndicator.SortUp)
        painter.save()
        painter.setClipRect(clip)
        self.style().drawControl(QStyle.ControlElement.CE_Header, opt, painter, self)
        painter.restore()


class DataTableView(QTableView):
    """A table over a filter proxy of a StoreTableModel, speaking TSV with Excel and WPS."""

    message = Signal(str)  # for the status bar

    def __init__(self, parent=None, *, grouped_header: bool = False):
        super().__init__(parent)
        if grouped_header:
            self.setHorizontalHeader(GroupedHeaderView(self))
        self.confirm: ConfirmFn = ask_confirm
        self.ask_ratio_unit: RatioUnitFn = ask_ratio_unit
        self.last_refusal: str | None = None
        # why an edit was refused, shown just under the cell until the next edit or move
        self.refusal_bubble = QLabel(self.viewport())
        self.refusal_bubble.setObjectName("refusal_bubble")
        self.refusal_bubble.setWordWrap(True)
        self.refusal_bubble.setStyleSheet("QLabel#refusal_bubble { background: #fff4f2; color: #9b1c1c; "
                                          "border: 1px solid #c62828; border-radius: 3px; padding: 4px 6px; }")
        self.refusal_bubble.hide()
        self._bubble_timer = QTimer(self)
        self._bubble_timer.setSingleShot(True)
        self._bubble_timer.setInterval(15000)
        self._bubble_timer.timeout.connect(self.hide_refusal)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setCornerButtonEnabled(False)
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no per-row size queries
        vh.setDefaultSectionSize(ROW_HEIGHT)
        vh.setMinimumSectionSize(ROW_HEIGHT)
        vh.setVisible(False)
        hh = self.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(False)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        hh.setHighlightSections(False)
        hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)

    # ------------------------------------------------------------------ keyboard
    # Tab and Shift+Tab move between cells, as in Excel and WPS; Tab on the last cell (Shift+Tab on the
    # first) and Ctrl+Tab (Ctrl+Shift+Tab) from any cell leave the grid for the next (previous) control,
    # so the charts and the rest of the window are reached from the keyboard.
    def focusNextPrevChild(self, next: bool) -> bool:
        if self.state() != QAbstractItemView.State.EditingState and self._at_edge(next):
            return QWidget.focusNextPrevChild(self, next)  # out of the grid, not round to its other end
        return super().focusNextPrevChild(next)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            backwards = event.key() == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            QWidget.focusNextPrevChild(self, not backwards)
            event.accept()
            return
        super().keyPressEvent(event)

    def commitData(self, editor) -> None:
        """Commit the editor's value, remembering the cell first: a model that re-reads the whole
        table on a change (the quotes') loses the current cell before ``closeEditor`` runs."""
        current = self.currentIndex()
        self._committed_at = (current.row(), current.column()) if current.isValid() else None
        super().commitData(editor)

    def closeEditor(self, editor, hint) -> None:
        """Enter (Return) after typing a value commits it and moves down the column, as in Excel and WPS,
        so a column of figures is typed without an extra ↓; Shift+Enter moves up. The last row stays,
        and so does a refused value (its bubble stays beside the cell)."""
        up = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        Hint = QAbstractItemDelegate.EndEditHint
        edited = self.currentIndex()
        at = (edited.row(), edited.column()) if edited.isValid() else getattr(self, "_committed_at", None)
        self._committed_at = None
        moving = hint in (Hint.EditNextItem, Hint.EditPreviousItem)
        # a commit may re-read the whole table (the quotes' model resets), which loses the current
        # cell: close without moving, put the edited cell back, then move from it
        super().closeEditor(editor, Hint.NoHint if moving else hint)
        model = self.model()
        current = self.currentIndex()
        if not current.isValid() and at is not None and model is not None and at[0] < model.rowCount():
            current = model.index(*at)
            self.setCurrentIndex(current)
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        if moving and not self.refusal_bubble.isVisible():
            step = self.moveCursor(QAbstractItemView.CursorAction.MoveNext if hint == Hint.EditNextItem
                                   else QAbstractItemView.CursorAction.MovePrevious, Qt.KeyboardModifier.NoModifier)
            if step.isValid():  # as the view does for Tab: the next cell, its editor open
                self.setCurrentIndex(step)
                self.edit(step, QAbstractItemView.EditTrigger.AllEditTriggers, None)
            return
        # the item delegate closes with SubmitModelCache only for Enter and Return (a focus change
        # closes with NoHint, Tab with EditNextItem, Escape with RevertModelCache)
        if hint != Hint.SubmitModelCache or self.refusal_bubble.isVisible():
            return
        if not current.isValid() or model is None:
            return
        row = current.row() + (-1 if up else 1)
        if 0 <= row < model.rowCount():
            self.setCurrentIndex(model.index(row, current.column()))

    def _at_edge(self, forward: bool) -> bool:
        """Whether the current cell is the grid's last (``forward``) or first cell, in the order shown
        (an empty grid is at both ends)."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return True
        current = self.currentIndex()
        if not current.isValid():
            return not forward  # Tab goes to the first cell; Shift+Tab has nowhere to go in the grid
        header = self.horizontalHeader()
        shown = [header.logicalIndex(v) for v in range(header.count())
                 if not header.isSectionHidden(header.logicalIndex(v))]
        if not shown:
            return True
        if forward:
            return current.row() == model.rowCount() - 1 and current.column() == shown[-1]
        return current.row() == 0 and current.column() == shown[0]

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event) -> None:
        self._prefetch(event.rect())
        super().paintEvent(event)

    def _prefetch(self, rect: QRect) -> None:
        """Let the model read the rows about to be painted, and a page below, in one go.

        A filtered or sorted view shows rows far apart in the model: read one row at a time
        (with the rows after it in the model), they would cost a query each.
        """
        proxy = self.model()
        source = proxy.sourceModel() if isinstance(proxy, TableFilterProxy) else None
        if source is None:
            return
        first = self.rowAt(rect.top())
        if first < 0:
            return
        last = self.rowAt(rect.bottom())
        count = proxy.rowCount()
        last = count - 1 if last < 0 else min(count - 1, 2 * last - first + 1)
        source.prefetch([proxy.mapToSource(proxy.index(r, 0)).row() for r in range(first, last + 1)])

    # ------------------------------------------------------------------ models
    def proxy(self) -> TableFilterProxy:
        return self.model()

    def source(self) -> StoreTableModel:
        return self.model().sourceModel()

    def apply_column_widths(self) -> None:
        header = self.horizontalHeader()
        for i, col in enumerate(self.source().columns):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch if col.stretch
                                        else QHeaderView.ResizeMode.Interactive)
            header.resizeSection(i, col.width)

    # ------------------------------------------------------------------ refusals
    def show_refusal(self, proxy_index: QModelIndex, text: str) -> None:
        """Show why an edit was refused in a bubble just under the cell (and a tooltip, and the status bar)."""
        from ui.common.i18n import for_ui

        text = for_ui(text)  # the core's words in the UI's language
        self.last_refusal = text
        if proxy_index.isValid():
            self.scrollTo(proxy_index)
        rect = self.visualRect(proxy_index) if proxy_index.isValid() else self.viewport().rect()
        bubble = self.refusal_bubble
        bubble.setText(text)
        width = max(160, min(460, self.viewport().width() - 8))
        bubble.resize(width, max(bubble.heightForWidth(width), bubble.sizeHint().height()))
        x = max(0, min(rect.left(), self.viewport().width() - bubble.width()))
        y = rect.bottom() + 1
        if y + bubble.height() > self.viewport().height() and rect.top() - bubble.height() >= 0:
            y = rect.top() - bubble.height() - 1  # no room under the cell: above it
        bubble.move(x, y)
        bubble.show()
        bubble.raise_()
        self._bubble_timer.start()
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), text, self.viewport(), rect, 8000)
        self.message.emit(text)

    def hide_refusal(self, *args) -> None:
        self._bubble_timer.stop()
        self.refusal_bubble.hide()

    def cell_refusal(self, proxy_index: QModelIndex, text: str) -> str:
        """A refusal naming the cell: its row (number and what the row is) and its column."""
        source = self.proxy().mapToSource(proxy_index) if proxy_index.isValid() else QModelIndex()
        if not source.isValid():
            return text
        model = self.source()
        return (self.tr("Row %1 (%2), %3: %4").replace("%1", str(proxy_index.row() + 1))
                .replace("%2", model.row_label(source.row())).replace("%3", model.columns[source.column()].title)
                .replace("%4", text))

    def on_source_refused(self, source_index: QModelIndex, text: str) -> None:
        proxy_index = self.proxy().mapFromSource(source_index)
        self.show_refusal(proxy_index, self.cell_refusal(proxy_index, text))

    def commit_pending_edit(self) -> None:
        """Commit the cell being edited, if any: closing the window or switching stores keeps typed work."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        for editor in self.viewport().findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if editor is not self.refusal_bubble and editor.isVisible():
                self.commitData(editor)
                self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        super().currentChanged(current, previous)
        if current != previous:
            self.hide_refusal()

    # ------------------------------------------------------------------ selection helpers
    def selected_block(self) -> tuple[list[int], list[int]]:
        """Proxy rows and columns spanned by the selection (or the current cell)."""
        indexes = self.selectionModel().selectedIndexes() if self.selectionModel() else []
        if not indexes and self.currentIndex().isValid():
            indexes = [self.currentIndex()]
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes}, key=self.horizontalHeader().visualIndex)
        return rows, cols

    # ------------------------------------------------------------------ copy / paste / delete
    def copy_selection(self, *, headers: bool = False) -> str:
        """Copy the selected block as TSV, the cells only as Excel does (``headers``: a header row first)."""
        rows, cols = self.selected_block()
        if not rows:
            return ""
        from ui.widgets.clipboard import to_clipboard_cell, to_tsv  # (loaded on first use, off the start-up)

        proxy, model = self.proxy(), self.source()

        def cell(r: int, c: int) -> str:
            text = proxy.index(r, c).data() or ""
            column = model.columns[proxy.mapToSource(proxy.index(r, c)).column()]
            return text if column.numeric else to_clipboard_cell(text)  # no spreadsheet runs it

        body = [[cell(r, c) for c in cols] for r in rows]
        if headers:
            body.insert(0, [proxy.headerData(c, Qt.Orientation.Horizontal) or "" for c in cols])
        text = to_tsv(body)
        QApplication.clipboard().setText(text)
        self.message.emit(self.tr("Copied %1 × %2 cells").replace("%1", str(len(rows))).replace("%2", str(len(cols))))
        return text

    def paste_text(self, text: str | None = None) -> bool:
        """Paste TSV over the selection, from its top-left cell: all cells or none, one undo step."""
        if text is None:
            text = QApplication.clipboard().text()
        from ui.widgets.clipboard import from_clipboard_cell, parse_tsv, same_header  # (loaded on first use)

        block = parse_tsv(text)
        self.hide_refusal()  # an earlier refusal no longer stands
        proxy, model = self.proxy(), self.source()
        rows, cols = self.selected_block()
        if not block or not rows:
            return False
        header = self.horizontalHeader()
        top = rows[0]
        left_visual = header.visualIndex(cols[0])
        width = len(block[0])
        target_cols = [header.logicalIndex(left_visual + j) for j in range(width)
                       if left_visual + j < proxy.columnCount()]
        if len(target_cols) == width and same_header(block[0], [proxy.headerData(c, Qt.Orientation.Horizontal) or ""
                                                                  for c in target_cols]):
            block = block[1:]
            if not block:
                return False
        if len(block) == 1 and len(block[0]) == 1 and (len(rows) > 1 or len(cols) > 1):
            targets = [(proxy.index(r, c), block[0][0]) for r in rows for c in cols]
        else:
            if top + len(block) > proxy.rowCount() or len(target_cols) < width:
                self.show_refusal(proxy.index(top, cols[0]),
                                  self.tr("The pasted block (%1 × %2) does not fit in the table here.")
                                  .replace("%1", str(len(block))).replace("%2", str(width)))
                return False
            targets = [(proxy.index(top + i, c), cell) for i, line in enumerate(block)
                       for c, cell in zip(target_cols, line)]
        targets = self._as_meant(targets)
        if targets is None:
            return False  # 取消: nothing pasted, the store keeps its figures
        edits = []
        for pidx, cell in targets:
            sidx = proxy.mapToSource(pidx)
            col = model.columns[sidx.column()]
            if not col.numeric:
                cell = from_clipboard_cell(cell)  # text copied inert from here comes back as it was
            if not col.editable:
                if cell.strip() in ("", model.cell_text(sidx.row(), sidx.column()).strip()):
                    continue
                self.show_refusal(pidx, self.tr("%1 cannot be edited here.").replace("%1", col.title))
                return False
            try:
                edit = model.edit_for(sidx.row(), sidx.column(), cell)
            except WorkbenchError as exc:
                self.show_refusal(pidx, self.cell_refusal(pidx, exc.message))
                return False
            if edit is not None:
                edits.append(edit)
        if not edits:
            self.message.emit(self.tr("Nothing to change"))
            return True
        question = model.unusual_question(edits)
        if question and not self.confirm(self, self.tr("Check the values"), question):
            return False  # nothing pasted: the store keeps its figures
        try:
            model.session.apply_many(edits, self.tr("Paste %1 cells").replace("%1", str(len(edits))), origin="paste")
        except WorkbenchError as exc:
            self.show_refusal(targets[0][0], exc.message)
            return False
        self.hide_refusal()
        self.message.emit(self.tr("Pasted %1 cells").replace("%1", str(len(edits))))
        return True

    def _as_meant(self, targets: list) -> list | None:
        """The pasted cells as the user means them. A % column's cells that state no unit and are all
        below 1 (0.05, 0.06) may be fractions copied from a sheet holding ratios so (5%, 6%) as well as
        percentages (0.05%): asked as the import asks (``fraction_like``); None when cancelled."""
        from workbench.domain.metrics import written_decimal
        from workbench.domain.values import cell_is_percent, is_error_cell, is_missing, parse_number
        from workbench.imports.questions import fraction_like  # (loaded on first use)

        proxy, model = self.proxy(), self.source()

        def number(text):
            if is_missing(text) or is_error_cell(text):
                return None
            try:
                return parse_number(text)
            except WorkbenchError:
                return None  # refused below, with the cell named

        columns: dict[int, list[int]] = {}
        for n, (pidx, _cell) in enumerate(targets):
            column = proxy.mapToSource(pidx).column()
            if model.ratio_metric(column) is not None:
                columns.setdefault(column, []).append(n)
        asked = []
        for column, cells in columns.items():
            texts = [targets[n][1] for n in cells]
            if any(cell_is_percent(t) for t in texts):
                continue  # the block states its unit
            values = [v for v in map(number, texts) if v is not None]
            if fraction_like(model.ratio_metric(column), values):
                asked.append((column, cells))
        if not asked:
            return targets
        example = next(t.strip() for column, cells in asked for t in (targets[n][1] for n in cells) if number(t))
        as_fraction = format(written_decimal(number(example)).scaleb(2).normalize(), "f")
        names = "、".join(model.columns[column].title for column, _ in asked)
        answer = self.ask_ratio_unit(
            self, self.tr("Percentages or fractions?"),
            self.tr("The figures pasted into %1 state no unit and are all below 1, such as %2. Percentages "
                    "(%2 is %2%) or fractions (%2 is %3%)?")
            .replace("%1", names).replace("%2", example).replace("%3", as_fraction))
        if answer is None:
            return None
        if answer != "fraction":
            return targets
        meant = list(targets)
        for _column, cells in asked:
            for n in cells:
                pidx, text = meant[n]
                value = number(text)
                if value is not None:  # the fraction as the percentage it is, every digit kept: 0.05 is 5%
                    meant[n] = (pidx, format(written_decimal(value).scaleb(2), "f") + "%")
        return meant

    def delete_selection(self, undo_text: str | None = None) -> bool:
        """Delete the selected cells (or rows, as the table defines it) after asking; ``undo_text``
        names the undo step (default: the model's words for the edit)."""
        proxy, model = self.proxy(), self.source()
        self.hide_refusal()  # an earlier refusal no longer stands
        indexes = self.selectionModel().selectedIndexes() if self.selectionModel() else []
        if not indexes and self.currentIndex().isValid():
            indexes = [self.currentIndex()]
        cells = [(s.row(), s.column()) for s in (proxy.mapToSource(i) for i in indexes) if s.isValid()]
        edit, question = model.delete_edit(cells)
        if edit is None:
            fixed = [i for i in indexes if not model.columns[proxy.mapToSource(i).column()].editable]
            if fixed and len(fixed) == len(indexes):  # only cells this table does not edit: say why
                self.show_refusal(fixed[0], self.cell_refusal(fixed[0], self._not_editable(fixed[0])))
            else:
                self.message.emit(self.tr("Nothing to delete"))
            return False
        if question and not self.confirm(self, self.tr("Delete"), question):  # no question: one value, one undo
            return False
        try:
            model.session.apply(edit, undo_text or model.edit_text_for(edit), origin="delete")
        except WorkbenchError as exc:
            self.show_refusal(self.currentIndex(), exc.message)
            return False
        return True

    def _not_editable(self, proxy_index: QModelIndex) -> str:
        """Why a cell cannot be edited here, in the model's words (where to edit it) when it has them."""
        source, model = self.proxy().mapToSource(proxy_index), self.source()
        try:
            model.edit_for(source.row(), source.column(), "")
        except WorkbenchError as exc:
            return exc.message
        return self.tr("%1 cannot be edited here.").replace("%1", model.columns[source.column()].title)

    def cut_selection(self) -> bool:
        """Copy the selection, then clear it as one undo step named a cut."""
        rows, cols = self.selected_block()
        if not rows:
            return False
        self.copy_selection()
        count = f"{len(rows)} × {len(cols)}"
        if not self.delete_selection(self.tr("Cut %1 cells").replace("%1", count)):
            return False
        self.message.emit(self.tr("Cut %1 cells").replace("%1", count))
        return True


class TablePage(QWidget):
    """A filter box, a group (segment) filter and a table: one of the main window's views.

    ``text_filter(text)``, when given, replaces the proxy's filter-as-you-type (the Issues view asks
    the store's full-text search instead). ``context_actions`` (None for a separator) make the
    table's right-click menu; the row under the mouse becomes current first.
    """

    current_key_changed = Signal(object)
    message = Signal(str)

    def __init__(self, name: str, parent=None, *, grouped_header: bool = False, group_label: str = "",
                 filter_hint: str = "", text_filter: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.name = name
        self.model: StoreTableModel | None = None
        self.text_filter = text_filter
        self.context_actions: list[QAction | None] = []
        self.proxy = TableFilterProxy(self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(filter_hint or self.tr("Filter…"))
        self.filter_edit.setMaximumWidth(360)
        QShortcut(QKeySequence("Esc"), self.filter_edit, self.filter_edit.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)  # Esc clears the filter
        self.group_combo = QComboBox(self)
        self.group_combo.setMinimumContentsLength(12)
        self.group_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.group_combo.setMaximumWidth(240)
        self._group_label = group_label or self.tr("All segments")
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet("color: #666;")
        self.view = DataTableView(self, grouped_header=grouped_header)
        self.view.message.connect(self.message)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.group_combo)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        self.bar = bar  # pages add their own filters and buttons (add_to_bar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        # what an empty table says to do (set_empty_state): over the empty grid, never over rows a
        # filter hides
        self.empty_state = QWidget(self.view.viewport())
        self.empty_state.setObjectName("empty_state")
        self.empty_label = QLabel(self.empty_state)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #666;")
        self.empty_buttons = QHBoxLayout()
        self.empty_buttons.addStretch(1)
        self.empty_buttons.addStretch(1)
        empty_layout = QVBoxLayout(self.empty_state)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addLayout(self.empty_buttons)
        empty_layout.addStretch(2)
        self.empty_state.hide()
        self.view.viewport().installEventFilter(self)

        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.group_combo.currentIndexChanged.connect(self._on_group_combo_changed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu_requested)

    def set_empty_state(self, text: str, actions: list[QAction]) -> None:
        """What the table says when the store has no rows for it: ``text`` and a button per action
        (导入…, 新增公司), in place of a blank grid and "0 行"."""
        for button in self.empty_state.findChildren(QToolButton):
            self.empty_buttons.removeWidget(button)
            button.deleteLater()
        self.empty_label.setText(text)
        for i, action in enumerate(actions, start=1):
            button = QToolButton(self.empty_state)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.empty_buttons.insertWidget(i, button)
        self._update_count()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_state.setGeometry(self.view.viewport().rect())
        return super().eventFilter(watched, event)

    def add_to_bar(self, widget: QWidget, *, before_count: bool = True) -> None:
        """Put a filter or a button in the page's bar, after the filters (or after the row count)."""
        self.bar.insertWidget(self.bar.indexOf(self.count_label) - 1 if before_count else self.bar.count(), widget)

    def set_model(self, model: StoreTableModel, settings: QSettings | None = None) -> None:
        old = self.model
        self.model = model
        self.proxy.setSourceModel(model)
        if self.view.model() is not self.proxy:
            self.view.setModel(self.proxy)
            self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        model.refused.connect(self.view.on_source_refused)
        model.ask_unusual = lambda text: self.view.confirm(self.view, self.tr("Check the value"), text)
        model.dataChanged.connect(self.view.hide_refusal)
        model.modelReset.connect(self._on_model_reset)
        model.rowsInserted.connect(self._update_count)
        model.rowsRemoved.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        if old is not None and old is not model:
            old.deleteLater()
        self._on_model_reset()
        if settings is not None:
            self.restore_columns(settings)

    def _on_model_reset(self) -> None:
        # a grid with cells to type in keeps a spreadsheet's Tab (cell to cell); a read-only list
        # (the Issues view) lets Tab leave at once
        self.view.setTabKeyNavigation(any(getattr(c, "editable", False) for c in getattr(self.model, "columns", [])))
        self.view.apply_column_widths()
        self.refresh_groups()
        self._update_count()

    def refresh_groups(self) -> None:
        current = self.proxy.group()
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        self.group_combo.addItem(self._group_label, None)
        for g in (self.model.groups() if self.model else []):
            self.group_combo.addItem(g, g)
        i = self.group_combo.findData(current) if current is not None else 0
        self.group_combo.setCurrentIndex(max(i, 0))
        if i < 0:
            self.proxy.set_group(None)
        self.group_combo.blockSignals(False)
        self.group_combo.setVisible(self.group_combo.count() > 1)

    def _on_filter_edit_text_changed(self, text: str) -> None:
        if self.text_filter is not None:
            self.text_filter(text)
        else:
            self.proxy.set_text(text)
        self._update_count()

    def _on_group_combo_changed(self, index: int) -> None:
        self.proxy.set_group(self.group_combo.itemData(index))
        self._update_count()

    def set_group(self, group: str | None) -> None:
        i = self.group_combo.findData(group) if group is not None else 0
        self.group_combo.setCurrentIndex(max(i, 0))

    def _update_count(self, *args) -> None:
        total = self.model.total_count() if self.model else 0
        shown = self.proxy.rowCount()
        text = self.tr("%1 rows").replace("%1", f"{total:,}") if shown == total else \
            self.tr("%1 of %2 rows").replace("%1", f"{shown:,}").replace("%2", f"{total:,}")
        self.count_label.setText(text)
        empty = self.model is not None and total == 0 and bool(self.empty_label.text())
        if empty:
            self.empty_state.setGeometry(self.view.viewport().rect())
        self.empty_state.setVisible(empty)

    def _on_view_current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid() or self.model is None:
            return
        source = self.proxy.mapToSource(current)
        if source.isValid():
            self.current_key_changed.emit(self.model.key_at(source.row()))

    def current_key(self):
        idx = self.view.currentIndex()
        if not idx.isValid() or self.model is None:
            return None
        return self.model.key_at(self.proxy.mapToSource(idx).row())

    def select_key(self, key, column: int = 0) -> bool:
        if self.model is None:
            return False
        row = self.model.row_of(key)
        if row is None:
            return False
        pidx = self.proxy.mapFromSource(self.model.index(row, column))
        if not pidx.isValid():
            return False
        self.view.setCurrentIndex(pidx)
        self.view.scrollTo(pidx, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    # ------------------------------------------------------------------ context menu
    def context_menu(self, pos: QPoint) -> QMenu | None:
        """The right-click menu for the cell at ``pos`` (viewport coordinates), its row made current."""
        if not self.context_actions or self.model is None:
            return None
        index = self.view.indexAt(pos)
        if index.isValid():
            if self.view.selectionModel().isSelected(index):  # keep the selection for copy and delete
                self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            else:
                self.view.setCurrentIndex(index)
        menu = QMenu(self)
        for action in self.context_actions:
            menu.addSeparator() if action is None else menu.addAction(action)
        return menu

    def _on_view_context_menu_requested(self, pos: QPoint) -> None:
        menu = self.context_menu(pos)
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.view.viewport().mapToGlobal(pos))

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # ------------------------------------------------------------------ remembered column widths
    def _settings_key(self) -> str:
        cols = self.model.columns if self.model else []
        return f"tables/{self.name}/{len(cols)}"

    def save_columns(self, settings: QSettings) -> None:
        if self.model is not None:
            widths = [self.view.horizontalHeader().sectionSize(i) for i in range(len(self.model.columns))]
            settings.setValue(self._settings_key(), ",".join(map(str, widths)))

    def restore_columns(self, settings: QSettings) -> None:
        value = settings.value(self._settings_key())
        if not value or self.model is None:
            return
        if isinstance(value, QByteArray):
            value = bytes(value).decode()
        try:
            widths = [int(w) for w in str(value).split(",")]
        except ValueError:
            return
        if len(widths) == len(self.model.columns):
            for i, w in enumerate(widths):
                if 20 <= w <= 2000:
                    self.view.horizontalHeader().resizeSection(i, w)
