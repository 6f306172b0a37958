"""The import dialog: pick files, preview how each column is read, map unrecognised columns, import.

Reading and checking are the core's (``workbench.imports``); the import itself runs on a worker
with its own Store and a cancellable progress dialog, and lands whole or not at all.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog, QFileDialog, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPlainTextEdit, QPushButton, QSplitter,
                               QTableView, QTableWidget, QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from ui.common.geometry import remember_geometry
from ui.common.i18n import for_ui
from ui.dialogs.import_questions import (FRACTION, NEW, PERCENT, SAME, ImportAnswers, company_question_text,
                                         named_index_question_text, older_value_line, ratio_question_text,
                                         renamed_question_text)
from ui.models import metric_name
from workbench.domain.metrics import METRICS
from workbench.errors import WorkbenchError
from workbench.imports import (MAPPING_PREFIX, ROLES, ColumnInfo, IndexNamedAsAnother, IndexNearMatch,
                               IndicesToConfirm, NameOfAnotherCompany, OlderValue, Preview, SameNameCompany,
                               import_files, preview, save_mapping)
from workbench.imports.questions import RatioUnitQuestion

translate = QCoreApplication.translate
PREVIEW_ROWS = 20
RED = QColor("#c62828")
AMBER = QColor("#b26a00")  # a question the dialog asks, not a fault in the file
RED_BACK = QBrush(QColor("#fdecea"))
UNITS = ("", "元", "千元", "万元", "百万元", "亿元", "%", "倍")
AMOUNT_UNITS = ("元", "千元", "万元", "百万元", "亿元")  # the 金额单位 choices: the command line's --amount-unit


def role_label(role: str) -> str:
    """A column role's name in the UI language."""
    labels = {
        "ticker": translate("ImportDialog", "Ticker"), "name": translate("ImportDialog", "Name"),
        "segment": translate("ImportDialog", "Segment"), "full_name": translate("ImportDialog", "Full name"),
        "industry": translate("ImportDialog", "Industry"), "period": translate("ImportDialog", "Period"),
        "metric": translate("ImportDialog", "Metric name"), "value": translate("ImportDialog", "Value"),
        "unit": translate("ImportDialog", "Unit"), "date": translate("ImportDialog", "Date"),
        "close": translate("ImportDialog", "Close", "closing price of an index"),
        "change": translate("ImportDialog", "Change"),
        "index_code": translate("ImportDialog", "Index code"), "index_name": translate("ImportDialog", "Index name"),
        "name_en": translate("ImportDialog", "English name"), "ignore": translate("ImportDialog", "Ignore"),
        "unknown": translate("ImportDialog", "Not recognised"),
    }
    return labels.get(role, role)


def kind_label(kind: str | None) -> str:
    """A file's layout in the UI language (the core's label is bilingual, for the command line)."""
    labels = {
        "wide": translate("ImportDialog", "Wide table"), "long": translate("ImportDialog", "Long table"),
        "companies": translate("ImportDialog", "Company list"), "quotes": translate("ImportDialog", "Index quotes"),
    }
    return labels.get(kind or "", translate("ImportDialog", "Not recognised"))


def counts_text(counts) -> str:
    text = (translate("ImportDialog", "%1 added, %2 updated, %3 unchanged").replace("%1", str(counts.added))
            .replace("%2", str(counts.updated)).replace("%3", str(counts.unchanged)))
    if getattr(counts, "confirmed", 0):  # unchanged values given again with a later as-of date
        text += translate("ImportDialog", " (%1 of them confirmed as of a later date)").replace(
            "%1", str(counts.confirmed))
    return text


def file_summary(f) -> str:
    """What importing one file did, in the UI language (the core's summary is bilingual)."""
    label = kind_label(f.kind)
    if f.kind in ("wide", "long"):
        n = f.facts.added + f.facts.updated + f.facts.unchanged
        text = (translate("ImportDialog", "%1: %2, %3 companies, %4 figures: %5").replace("%1", f.name)
                .replace("%2", label).replace("%3", str(f.companies_in_file)).replace("%4", str(n))
                .replace("%5", counts_text(f.facts)))
        if f.companies.added:
            text += translate("ImportDialog", "; new companies %1").replace("%1", str(f.companies.added))
        if f.companies.updated:
            text += translate("ImportDialog", "; companies updated %1").replace("%1", str(f.companies.updated))
    elif f.kind == "companies":
        text = (translate("ImportDialog", "%1: %2, %3 companies: %4").replace("%1", f.name).replace("%2", label)
                .replace("%3", str(f.companies_in_file)).replace("%4", counts_text(f.companies)))
    else:
        n = f.quotes.added + f.quotes.updated + f.quotes.unchanged
        text = (translate("ImportDialog", "%1: %2, %3 indices, %4 quotes: %5").replace("%1", f.name)
                .replace("%2", label).replace("%3", str(f.indices_in_file)).replace("%4", str(n))
                .replace("%5", counts_text(f.quotes)))
    if f.as_of and f.kind in ("wide", "long", "quotes"):
        text += as_of_origin_text(f.as_of, getattr(f, "as_of_from", ""))
    if getattr(f, "sheet", None) is not None:
        text += translate("ImportDialog", "; sheet read: “%1”").replace("%1", f.sheet)
    return "\n".join([text] + [f"  {in_dialog_words(for_ui(w))}" for w in f.warnings])


def as_of_origin_text(as_of: str, origin: str) -> str:
    """'; as of DATE (where it came from)': the 截至日期 set, the file, the file's latest 交易日期, each row's
    as-of column (the latest shown), or the file's modification time (flagged: the day a file was saved is
    not necessarily the data's date). The origins are the core's (``workbench.imports.importer.AS_OF_FROM``)."""
    words = {"given": translate("ImportDialog", "the as-of date set"),
             "file": translate("ImportDialog", "found in the file"),
             "column": translate("ImportDialog", "the latest trade date in the file"),
             "rows": translate("ImportDialog", "each row's date in the file's as-of column, the latest shown"),
             "modified": translate("ImportDialog", "⚠ the file's modification time, not necessarily the data's "
                                   "date")}
    if origin in words:
        return (translate("ImportDialog", "; as of %1 (%2)").replace("%1", as_of).replace("%2", words[origin]))
    return translate("ImportDialog", "; as of %1").replace("%1", as_of)


def report_summary(report) -> str:
    """What an import did (or, in a check, would do), file by file, in the UI language."""
    lines = [file_summary(f) for f in report.files]
    if len(report.files) > 1:
        lines.append(translate("ImportDialog", "Total: companies %1; figures %2; quotes %3")
                     .replace("%1", counts_text(report.companies)).replace("%2", counts_text(report.facts))
                     .replace("%3", counts_text(report.quotes)))
    return "\n".join(lines)


def column_meaning(col: ColumnInfo) -> str:
    """How the core reads a column: 'Ticker', or '营业收入 · 2023A · 亿元' for a value column."""
    if col.role == "metric" and col.metric:
        parts = [metric_name(col.metric), col.period or "?"]
        if col.unit:
            parts.append(col.unit)
        return " · ".join(parts)
    return role_label(col.role)


class PreviewModel(QAbstractTableModel):
    """The first rows of a file; headers show what each column was recognised as (red when not)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.preview: Preview | None = None
        self._rows: list[list[str]] = []
        self._columns: list[ColumnInfo] = []

    def set_preview(self, pv: Preview | None) -> None:
        self.beginResetModel()
        self.preview = pv
        self._columns = list(pv.columns) if pv else []
        width = max([len(self._columns)] + [len(r) for r in (pv.rows if pv else [])])
        self._rows = [list(r) + [""] * (width - len(r)) for r in (pv.rows if pv else [])]
        while len(self._columns) < width:
            self._columns.append(ColumnInfo(header="", role="unknown", recognised=False,
                                            position=len(self._columns)))
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and not self._columns[index.column()].recognised:
            return RED_BACK
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            numbers = self.preview.row_numbers if self.preview else []
            return str(numbers[section]) if section < len(numbers) else str(section + 1)
        if not 0 <= section < len(self._columns):
            return None
        col = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            # the header's first line (Wind puts the metric there; tags follow), then what it means
            first = (str(col.header).strip().splitlines() or [""])[0].strip() or col.label
            return f"{first}\n{column_meaning(col)}"
        if role == Qt.ItemDataRole.ForegroundRole and not col.recognised:
            return QBrush(RED)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(x for x in (str(col.header), col.note or column_meaning(col)) if x)
        return None

    def is_recognised(self, section: int) -> bool:
        return self._columns[section].recognised




def index_question_text(problem) -> str:
    where = translate("ImportDialog", "%1, row %2").replace("%1", problem.file or "").replace("%2", str(problem.row))
    if problem.existing_id is not None:
        text = translate("ImportDialog", "The index “%1” (%2) is a near match of the existing index “%3”. "
                         "Is it the same index?")
    else:
        text = translate("ImportDialog", "The index “%1” (%2) is a near match of “%3”, another new index of this "
                         "import. Is it a different index?")
    return text.replace("%1", problem.incoming).replace("%2", where).replace("%3", problem.existing)


def question_text(problem, *, others: bool = True) -> str | None:
    """A problem the dialog asks about (the core's words name a command-line option), in the dialog's
    own words and saying where it is answered (``others``: once the other problems are corrected);
    None for any other problem."""
    if isinstance(problem, IndexNearMatch):
        text = index_question_text(problem)
    elif isinstance(problem, NameOfAnotherCompany):
        text = renamed_question_text(problem)
    elif isinstance(problem, IndexNamedAsAnother):
        text = named_index_question_text(problem)
    elif isinstance(problem, SameNameCompany):
        text = company_question_text(problem)
    elif isinstance(problem, RatioUnitQuestion):
        text = ratio_question_text(problem) + " " + translate("ImportDialog", "Say which in “%1”.").replace(
            "%1", plain_label(translate("ImportDialog", "Ratio unit")))
    elif isinstance(problem, OlderValue):
        text = older_value_line(problem) + translate("ImportDialog", ": the file's value is older than the stored "
                                                                     "one.")
    else:
        return None
    if others:
        where = translate("ImportDialog", "This dialog asks about it when you import (once the other problems are "
                                          "corrected).")
    else:
        where = translate("ImportDialog", "This dialog asks about it when you import again.")
    return text + ("" if text[-1:] in "。？！：；）" else " ") + where


# The core's messages tell the command line's options; the dialog names its own controls instead.
_AMOUNT_UNIT_FLAG = re.compile(r"请?加 --amount-unit [^，；。（]*(?:（[^）]*）)?指明(?:（[^）]*）)?")
_AS_OF_FLAG = re.compile(r"请?用 --as-of\s*(?:（应用中为“截至日期”）)?\s*给出(数据的?日期)(?:（导入窗口中勾选截至日期）)?")


def plain_label(text: str) -> str:
    """A control's label as the user reads it: no '&' accelerator mark, no '(&A)' suffix, no colon."""
    text = re.sub(r"\(&\w\)", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip(":：").strip()


def in_dialog_words(text: str, amount_unit_label: str | None = None, as_of_label: str | None = None) -> str:
    """A core message (in the UI's language, ``for_ui``) with the command line's --amount-unit and
    --as-of said as the dialog's “金额单位” and “截至日期” (the labels given, or those the dialog uses)."""
    if not text or "--" not in text:
        return text
    amount_unit_label = amount_unit_label or translate("ImportDialog", "Amount unit")
    as_of_label = as_of_label or translate("ImportDialog", "As-of date")
    text = _AMOUNT_UNIT_FLAG.sub(lambda m: translate("ImportDialog", "choose the unit in “%1” above (or in the "
                                                                    "column's “%2” below)")
                                 .replace("%1", plain_label(amount_unit_label))
                                 .replace("%2", translate("ImportDialog", "Unit")), text)
    return _AS_OF_FLAG.sub(lambda m: translate("ImportDialog", "tick “%1” and set the data's date")
                           .replace("%1", plain_label(as_of_label)), text)


def index_question_box(parent, problem) -> QMessageBox:
    """同一个指数 / 新指数 / 取消导入 for a new index whose name is a near match of another one."""
    text = index_question_text(problem)
    box = QMessageBox(QMessageBox.Icon.Question, translate("ImportDialog", "Same index?"), text,
                      QMessageBox.StandardButton.NoButton, parent)
    if problem.existing_id is not None:
        same = box.addButton(translate("ImportDialog", "The same index (import into “%1”)")
                             .replace("%1", problem.existing), QMessageBox.ButtonRole.YesRole)
        same.setProperty("answer", SAME)
    new = box.addButton(translate("ImportDialog", "A new index “%1”").replace("%1", problem.incoming),
                        QMessageBox.ButtonRole.NoRole)
    new.setProperty("answer", NEW)
    cancel = box.addButton(translate("ImportDialog", "Cancel import"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)  # nothing is written unless the user says which
    box.setEscapeButton(cancel)
    return box


def ask_index(parent, problem) -> str | None:
    """The default near-match question: ``same``, ``new`` or None (cancel the import)."""
    box = index_question_box(parent, problem)
    box.exec()
    clicked = box.clickedButton()
    return clicked.property("answer") if clicked is not None else None




class ColumnMappingTable(QTableWidget):
    """One row per column of the previewed file: what it was read as, and a hand mapping to change it.

    Emits ``changed(row)`` when the user changes a row's mapping (not while it is being filled).
    Its texts keep the ImportDialog translation context it was written in.
    """

    changed = Signal(int)

    HEADER, MEANING, CHOICE, PERIOD, UNIT = range(5)

    def __init__(self, parent=None):
        super().__init__(0, 5, parent)
        self._filling = False
        self.setHorizontalHeaderLabels([translate("ImportDialog", "Column"), translate("ImportDialog", "Read as"),
                                        translate("ImportDialog", "Map to"), translate("ImportDialog", "Period"),
                                        translate("ImportDialog", "Unit")])
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.horizontalHeader().setStretchLastSection(False)
        for i, w in enumerate((220, 220, 200, 100, 80)):
            self.setColumnWidth(i, w)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    def _on_row_edited(self, row: int) -> None:
        if not self._filling:
            self.changed.emit(row)

    def fill(self, pv: Preview, hand: dict) -> None:
        """The preview's columns, unrecognised ones in red, each with its hand mapping (``hand``) shown."""
        self._filling = True
        self.setRowCount(len(pv.columns))
        for row, col in enumerate(pv.columns):
            header = QTableWidgetItem(col.label)
            meaning = QTableWidgetItem(column_meaning(col))
            meaning.setToolTip(col.note or "")
            if not col.recognised:
                for item in (header, meaning):
                    item.setForeground(QBrush(RED))
                    item.setBackground(RED_BACK)
            self.setItem(row, self.HEADER, header)
            self.setItem(row, self.MEANING, meaning)
            combo = QComboBox(self)
            combo.addItem(translate("ImportDialog", "As read"), None)
            for role in ROLES:
                if role != "unknown":
                    combo.addItem(role_label(role), role)
            combo.insertSeparator(combo.count())
            for code in METRICS:
                combo.addItem(translate("ImportDialog", "Value: %1").replace("%1", metric_name(code)),
                              f"metric:{code}")
            period = QLineEdit(self)
            period.setPlaceholderText("2024A")
            unit = QComboBox(self)
            unit.setEditable(True)
            unit.addItems(UNITS)
            override = hand.get(col.header)
            if isinstance(override, str):
                combo.setCurrentIndex(max(0, combo.findData(override)))
            elif isinstance(override, dict):
                if override.get("role") == "metric" and override.get("metric"):
                    combo.setCurrentIndex(max(0, combo.findData(f"metric:{override['metric']}")))
                    period.setText(str(override.get("period") or ""))
                    unit.setCurrentText(str(override.get("unit") or ""))
                else:
                    combo.setCurrentIndex(max(0, combo.findData(override.get("role"))))
            combo.currentIndexChanged.connect(lambda _i, r=row: self._on_row_edited(r))
            period.editingFinished.connect(lambda r=row: self._on_row_edited(r))
            unit.currentTextChanged.connect(lambda _t, r=row: self._on_row_edited(r))
            self.setCellWidget(row, self.CHOICE, combo)
            self.setCellWidget(row, self.PERIOD, period)
            self.setCellWidget(row, self.UNIT, unit)
        self._filling = False

    def set_row(self, row: int, choice: str | None, period: str = "", unit: str = "") -> None:
        """Set a row's mapping as the user would (None: as read), then report it changed."""
        self._filling = True
        combo = self.cellWidget(row, self.CHOICE)
        combo.setCurrentIndex(max(0, combo.findData(choice)) if choice else 0)
        self.cellWidget(row, self.PERIOD).setText(period)
        self.cellWidget(row, self.UNIT).setCurrentText(unit)
        self._filling = False
        self._on_row_edited(row)

    def mapping_of(self, row: int):
        """A row's hand mapping: None (as read), a role, or ``{"role": "metric", "metric", "period", "unit"}``."""
        choice = self.cellWidget(row, self.CHOICE).currentData()
        if choice is None or not choice.startswith("metric:"):
            return choice
        value: dict = {"role": "metric", "metric": choice.split(":", 1)[1]}
        period = self.cellWidget(row, self.PERIOD).text().strip()
        unit = self.cellWidget(row, self.UNIT).currentText().strip()
        if period:
            value["period"] = period
        if unit:
            value["unit"] = unit
        return value


def amount_unit_widgets(parent) -> tuple[QLabel, QComboBox]:
    """金额单位 and its 元 / 万元 / 亿元 combo (default 元): the command line's --amount-unit."""
    label = QLabel(translate("ImportDialog", "Amount unit"), parent)
    combo = QComboBox(parent)
    combo.addItems(list(AMOUNT_UNITS))
    combo.setToolTip(translate("ImportDialog", "The unit of amount columns whose header names none; a column's "
                               "Unit below overrides it"))
    label.setBuddy(combo)
    return label, combo


def as_of_text(path: Path, as_of: str, chosen: str | None) -> str:
    """The as-of date a previewed file's figures are stored under, and where it comes from."""
    if chosen:
        return translate("ImportDialog", "as of %1 (the date set)").replace("%1", as_of)
    try:
        saved = datetime.fromtimestamp(Path(path).stat().st_mtime).date().isoformat()
    except OSError:
        saved = None
    if as_of == saved:  # the file names no date of its own: the day it was last saved
        return translate("ImportDialog", "as of %1 (the day the file was saved)").replace("%1", as_of)
    return translate("ImportDialog", "as of %1 (from the file)").replace("%1", as_of)


def ratio_unit_widgets(parent) -> tuple[QLabel, QComboBox]:
    """比率单位 and its combo: not stated (ask when the numbers look like percentages), percentages or
    fractions: how ratio columns whose header states no unit are written (import_files' ratio_unit)."""
    label = QLabel(translate("ImportDialog", "Ratio unit"), parent)
    combo = QComboBox(parent)
    for text, value in ((translate("ImportDialog", "Not stated"), None), (translate("ImportDialog", "Percentages"),
                        PERCENT), (translate("ImportDialog", "Fractions"), FRACTION)):
        combo.addItem(text, value)
    combo.setToolTip(translate("ImportDialog", "How ratio columns whose header states no unit (no % and no 小数) are "
                               "written: 12.5 as 12.5% (percentages) or as 1250% (fractions); not stated, the import "
                               "asks when the numbers look like percentages"))
    label.setBuddy(combo)
    return label, combo


def unit_hint(problems, label: str) -> str:
    """Where to say the unit when the core refused amounts with no unit stated (it asks for --amount-unit)."""
    if not any("--amount-unit" in (p.message or "") for p in problems):
        return ""
    return "<br>" + translate("ImportDialog", "Choose the unit of the amounts in “%1” above (or a column's Unit "
                              "below) and import again.").replace("%1", label)


def problem_text(problem, *, others: bool = True) -> str:
    """A problem as the dialog's list words it (a question in the dialog's words, see ``question_text``),
    with the value read in parentheses."""
    text = question_text(problem, others=others) or in_dialog_words(for_ui(problem.message))
    return text + (f" ({problem.value})" if problem.value not in (None, "") else "")


def questions_hint(problems) -> str:
    """Among problems that stop an import, how many are questions the dialog asks once they are corrected."""
    questions = sum(1 for p in problems if question_text(p) is not None)
    if not questions or questions == len(problems):
        return ""
    return "<br>" + translate("ImportDialog", "%1 of them are questions this dialog asks when you import again, once "
                              "the other problems are corrected.").replace("%1", str(questions))


def problem_widgets(dialog) -> tuple[QTreeWidget, QPlainTextEdit]:
    """The import dialog's problem list and, below it, the selected problem in full, wrapped."""
    problems = QTreeWidget(dialog)
    problems.setHeaderLabels([QCoreApplication.translate("ImportDialog", "File"),
                              QCoreApplication.translate("ImportDialog", "Row"),
                              QCoreApplication.translate("ImportDialog", "Column"),
                              QCoreApplication.translate("ImportDialog", "Problem")])
    problems.setRootIsDecorated(False)
    for i, w in enumerate((140, 50, 160)):
        problems.setColumnWidth(i, w)
    problems.setToolTip(QCoreApplication.translate("ImportDialog", "Double-click a problem to show its row in the "
                                                                   "preview"))
    details = QPlainTextEdit(dialog)
    details.setReadOnly(True)
    details.setMaximumHeight(70)
    details.setPlaceholderText(QCoreApplication.translate("ImportDialog", "Select a problem to read it in full; "
                                                                          "double-click it to go to its row."))
    return problems, details


def start_hint(add_text: str) -> str:
    """What the import dialog says before any file is added: where to start."""
    return QCoreApplication.translate(
        "ImportDialog", "Start with %1: choose the week's Wind, iFinD, Choice or Excel files; each is previewed with "
        "its columns recognised, then Check and Import.").replace("%1", add_text)


def share_panes(panes: QSplitter, mapping) -> QSplitter:
    """The preview and the column table share the room; the problems get a smaller share; the column
    table keeps its header and four rows in sight however the panes are dragged or scaled."""
    mapping.setMinimumHeight(mapping.horizontalHeader().sizeHint().height() + 4 * mapping.verticalHeader()
                             .defaultSectionSize() + mapping.horizontalScrollBar().sizeHint().height()
                             + 2 * mapping.frameWidth())
    for i, stretch in enumerate((3, 3, 1)):
        panes.setStretchFactor(i, stretch)
    return panes


def fit_problems(panes: QSplitter, details: QWidget, any_problem: bool) -> None:
    """An empty problem list keeps only its heading and a line: the room goes to the preview and the
    columns; a list with problems gets its share back, with the selected problem's text below it."""
    details.setVisible(any_problem)
    sizes = panes.sizes()
    if len(sizes) != 3 or sum(sizes) <= 0:
        return
    total = sum(sizes)
    small = panes.widget(2).minimumSizeHint().height()
    third = max(small, total // 4) if any_problem else small
    panes.setSizes([(total - third) // 2, total - third - (total - third) // 2, third])


def _remember_mapping(store, pv: Preview, hand: dict) -> None:
    """Keep a hand mapping for files with the same headers (the key the core looks up)."""
    if pv.signature:
        store.set_setting(MAPPING_PREFIX + pv.signature, json.dumps(hand, ensure_ascii=False, sort_keys=True))
    elif pv.headers:
        save_mapping(store, pv.headers, hand)


def _import_work(user: str | None, paths: list, options: dict):
    """The worker's import: logged as the app's user (as its edits are), not the environment's login."""
    def work(store, progress):
        if user:
            store.default_author = lambda: user
        return import_files(store, paths, progress=progress, **options)
    return work


class ImportDialog(QDialog):
    """Choose files, check them, map columns by hand, and import them into the open store."""

    imported = Signal(str)  # the import report's summary
    failed = Signal(str)  # why nothing was written
    previewed = Signal(str)  # the file just previewed

    MAP_HEADER, MAP_MEANING, MAP_CHOICE, MAP_PERIOD, MAP_UNIT = range(5)  # ColumnMappingTable's columns

    def __init__(self, session, parent=None, *, paths: list[str] | None = None, ask_index=None, ask_older=None,
                 ask_company=None, ask_renamed=None, ask_named_index=None, ask_ratio=None):
        super().__init__(parent)
        self.session = session
        self.ratio_unit_label, self.ratio_unit = ratio_unit_widgets(self)
        # the answers to the import's questions; ask_* None: the real boxes
        self.answers = ImportAnswers(self, ask_index or globals()["ask_index"],  # the parameter hides the function
                                     ask_older, ask_company, ask_renamed, ask_named_index, ask_ratio,
                                     plain_label(self.ratio_unit_label.text()))
        self._dry_run = False
        self.setWindowTitle(self.tr("Import files"))
        remember_geometry(self, "import", 1100, 720)
        self.paths: list[Path] = []
        self.previews: dict[str, Preview] = {}
        self.overrides: dict[str, dict[str, object]] = {}  # file -> {header: role or mapping dict}
        self.report = None
        self.problems: list = []
        self._warnings: list[str] = []
        self.task = None

        self.file_list = QListWidget(self)
        self.file_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        add = QPushButton(self.tr("Add Files…"), self)
        remove = QPushButton(self.tr("Remove"), self)
        add.clicked.connect(self.choose_files)
        remove.clicked.connect(self._on_remove_clicked)
        files_box = QVBoxLayout()
        files_box.addWidget(QLabel(self.tr("Files"), self))
        files_box.addWidget(self.file_list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        files_box.addLayout(buttons)
        files_widget = QWidget(self)
        files_widget.setLayout(files_box)

        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.preview_model = PreviewModel(self)
        self.preview_view = QTableView(self)
        self.preview_view.setModel(self.preview_model)
        self.preview_view.verticalHeader().setDefaultSectionSize(22)
        self.preview_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview_view.horizontalHeader().setDefaultSectionSize(170)
        self.preview_view.setWordWrap(False)

        self.mapping = ColumnMappingTable(self)
        self.mapping.changed.connect(self._on_mapping_changed)

        self.problem_list, self.problem_details = problem_widgets(self)
        self.problem_list.currentItemChanged.connect(self._on_problem_list_current_item_changed)
        self.problem_list.itemActivated.connect(self._on_problem_list_item_activated)
        self.problem_list.itemDoubleClicked.connect(self._on_problem_list_item_activated)
        self.as_of_check = QCheckBox(self.tr("As-of date"), self)
        self.as_of_check.setToolTip(self.tr("The date the figures are as of; it replaces a date found in the files"))
        self.as_of_edit = QDateEdit(QDate.currentDate(), self)
        self.as_of_edit.setMaximumDate(QDate.currentDate())  # data is never as of a day still to come
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        self.as_of_edit.setEnabled(False)
        self.as_of_check.toggled.connect(self.as_of_edit.setEnabled)
        self.amount_unit_label, self.amount_unit = amount_unit_widgets(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        right = QWidget(self)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        info_row = QHBoxLayout()
        info_row.addWidget(self.info, 1)
        info_row.addWidget(self.as_of_check)
        info_row.addWidget(self.as_of_edit)
        info_row.addSpacing(12)
        info_row.addWidget(self.amount_unit_label)
        info_row.addWidget(self.amount_unit)
        info_row.addWidget(self.ratio_unit_label)
        info_row.addWidget(self.ratio_unit)
        right_box.addLayout(info_row)
        inner = QSplitter(Qt.Orientation.Vertical, right)
        inner.addWidget(self.preview_view)
        mapping_box = QWidget(inner)
        mb = QVBoxLayout(mapping_box)
        mb.setContentsMargins(0, 0, 0, 0)
        mb.addWidget(QLabel(self.tr("Columns (map unrecognised ones by hand; the mapping is remembered "
                                    "for files with the same headers)"), mapping_box))
        mb.addWidget(self.mapping)
        inner.addWidget(mapping_box)
        problems_box = QWidget(inner)
        pb = QVBoxLayout(problems_box)
        pb.setContentsMargins(0, 0, 0, 0)
        pb.addWidget(QLabel(self.tr("Problems"), problems_box))
        pb.addWidget(self.problem_list)
        pb.addWidget(self.problem_details)
        inner.addWidget(problems_box)
        self.panes = share_panes(inner, self.mapping)
        right_box.addWidget(inner, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(files_widget)
        splitter.addWidget(right)
        splitter.setSizes([240, 860])

        self.check_button = QPushButton(self.tr("Check"), self)
        self.check_button.setToolTip(self.tr("Read and check every file without writing anything"))
        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setDefault(True)
        close = QPushButton(self.tr("Close"), self)
        self.check_button.clicked.connect(lambda: self.start_import(dry_run=True))
        self.import_button.clicked.connect(lambda: self.start_import())
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.check_button)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.file_list.currentRowChanged.connect(self._on_file_list_current_row_changed)
        self.as_of_check.toggled.connect(self._on_as_of_changed)  # the shown as-of follows the date set
        self.as_of_edit.dateChanged.connect(self._on_as_of_changed)
        self.amount_unit.currentTextChanged.connect(self._on_as_of_changed)  # the preview reads in the unit
        self.ratio_unit.currentIndexChanged.connect(self._on_ratio_unit_changed)
        # Tab leaves the read-only preview and the mapping (arrows move inside them), in the order seen:
        # files, the as-of date and unit above the preview, the preview, the mapping, the problems, buttons
        self.preview_view.setTabKeyNavigation(False)
        self.mapping.setTabKeyNavigation(False)
        chain = [self.file_list, add, remove, self.as_of_check, self.as_of_edit, self.amount_unit, self.ratio_unit,
                 self.preview_view, self.mapping, self.problem_list, self.problem_details, self.check_button,
                 self.import_button, close]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self.start_hint = start_hint(add.text())
        self.info.setText(self.start_hint)
        self.show_problems([])
        if paths:
            self.add_files(paths)
        self._update_buttons()

    # ------------------------------------------------------------------ files
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose files to import"),
                                                str(self.session.path.parent),
                                                self.tr("Spreadsheets (*.xlsx *.xlsm *.csv *.txt);;All files (*)"))
        if paths:
            self.add_files(paths)

    def add_files(self, paths) -> None:
        self.answers.allow_older = False  # asked about the files it was given for
        for p in paths:
            path = Path(p)
            if path in self.paths:
                continue
            self.paths.append(path)
            item = QListWidgetItem(path.name, self.file_list)
            item.setToolTip(str(path))
        if self.file_list.currentRow() < 0 and self.paths:
            self.file_list.setCurrentRow(0)
        elif self.paths:
            self.show_preview(self.paths[self.file_list.currentRow()])
        self._update_buttons()

    def _on_remove_clicked(self) -> None:
        row = self.file_list.currentRow()
        if row < 0:
            return
        path = self.paths.pop(row)
        self.previews.pop(str(path), None)
        self.overrides.pop(str(path), None)
        self.file_list.takeItem(row)
        if not self.paths:
            self.preview_model.set_preview(None)
            self.mapping.setRowCount(0)
            self.info.setText(self.start_hint)
        self._update_buttons()

    def _on_file_list_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.paths):
            self.show_preview(self.paths[row])

    def _update_buttons(self) -> None:
        busy = self.task is not None
        self.import_button.setEnabled(bool(self.paths) and not busy)
        self.check_button.setEnabled(bool(self.paths) and not busy)

    # ------------------------------------------------------------------ preview and mapping
    def show_preview(self, path: Path) -> Preview:
        key = str(path)
        if key not in self.overrides:
            self.overrides[key] = {}
        hand = self.overrides[key]
        chosen = self.chosen_as_of()
        pv = preview(path, rows=PREVIEW_ROWS, mapping=hand or None, store=self.session.store, as_of=chosen,
                     default_amount_unit=self.amount_unit.currentText(), ratio_unit=self.ratio_unit.currentData())
        if not hand and pv.signature:
            remembered = self.session.store.get_setting(MAPPING_PREFIX + pv.signature)
            if remembered:
                try:
                    hand.update(json.loads(remembered))
                except ValueError:
                    pass
        self.previews[key] = pv
        self.preview_model.set_preview(pv)
        parts = [self.tr("Layout: %1").replace("%1", kind_label(pv.kind))]
        if pv.header_row:
            parts.append(self.tr("header in row %1").replace("%1", str(pv.header_row)))
        if pv.as_of:  # the date the figures will be stored under, and where it comes from
            parts.append(as_of_text(path, pv.as_of, chosen))
        if pv.source:
            parts.append(self.tr("source %1").replace("%1", pv.source))
        unknown = sum(1 for c in pv.columns if not c.recognised)
        if unknown:
            parts.append("<span style='color:#c62828'>" + self.tr("%1 columns not recognised")
                         .replace("%1", str(unknown)) + "</span>")
        self.info.setText(" · ".join(parts))
        self.mapping.fill(pv, hand)
        self.show_problems(pv.problems, [] if not pv.warnings else pv.warnings)
        self.previewed.emit(key)
        return pv

    def set_column_mapping(self, header: str, choice: str | None, period: str = "", unit: str = "") -> None:
        """Map one column of the current file by hand (what the combo does); None means as read."""
        pv = self.current_preview()
        row = next(i for i, c in enumerate(pv.columns) if c.header == header)
        self.mapping.set_row(row, choice, period, unit)

    def _on_mapping_changed(self, row: int) -> None:
        pv = self.current_preview()
        if pv is None or row >= len(pv.columns):
            return
        header = pv.columns[row].header
        hand = self.overrides.setdefault(pv.path, {})
        value = self.mapping.mapping_of(row)
        if value is None:
            hand.pop(header, None)
        else:
            hand[header] = value
        self.show_preview(Path(pv.path))

    def current_preview(self) -> Preview | None:
        row = self.file_list.currentRow()
        if not 0 <= row < len(self.paths):
            return None
        return self.previews.get(str(self.paths[row]))

    def show_problems(self, problems: list, warnings: list[str] | None = None) -> None:
        self.problems = list(problems)
        self._warnings = list(warnings or [])
        self.problem_list.clear()
        self.problem_details.clear()
        asked = [question_text(p) is not None for p in problems]
        # the problems that stop the import first (red); the questions the dialog asks after them (amber)
        for n, p in sorted(enumerate(problems), key=lambda np: asked[np[0]]):
            text = problem_text(p, others=not all(asked))
            item = QTreeWidgetItem([p.file or "", "" if p.row is None else str(p.row), p.column or "", text])
            for i in range(4):
                item.setForeground(i, QBrush(AMBER if asked[n] else RED))
            item.setToolTip(3, text)  # the whole message, however narrow the column
            item.setData(0, Qt.ItemDataRole.UserRole, n)
            self.problem_list.addTopLevelItem(item)
        for w in warnings or []:
            w = in_dialog_words(for_ui(w))
            item = QTreeWidgetItem(["", "", "", w])
            item.setToolTip(3, w)
            self.problem_list.addTopLevelItem(item)
        fit_problems(self.panes, self.problem_details, bool(problems or warnings))

    def _on_problem_list_current_item_changed(self, item, previous=None) -> None:
        if item is None:
            self.problem_details.clear()
            return
        where = " · ".join(x for x in (item.text(0), self.tr("row %1").replace("%1", item.text(1))
                                       if item.text(1) else "", item.text(2)) if x)
        self.problem_details.setPlainText(f"{where}\n{item.text(3)}" if where else item.text(3))

    def _on_problem_list_item_activated(self, item, column: int = 0) -> None:
        n = item.data(0, Qt.ItemDataRole.UserRole)
        if n is not None and 0 <= n < len(self.problems):
            self.jump_to_problem(self.problems[n])

    def jump_to_problem(self, problem) -> bool:
        """Show the problem's file and select its row (and column) in the preview; False when not shown there."""
        problems, warnings = self.problems, self._warnings
        row = next((i for i, p in enumerate(self.paths) if problem.file in (str(p), p.name)), None)
        if row is not None and row != self.file_list.currentRow():
            self.file_list.setCurrentRow(row)  # previews that file (which lists its own problems)
            self.show_problems(problems, warnings)  # keep the full check's list
        pv = self.current_preview()
        if pv is None or problem.row is None or problem.row not in pv.row_numbers:
            if problem.row is not None:
                self.status.setText(self.tr("Row %1 is beyond the rows shown in the preview.")
                                    .replace("%1", str(problem.row)))
            return False
        r = pv.row_numbers.index(problem.row)
        column = next((c for c in range(self.preview_model.columnCount())
                       if problem.column and c < len(pv.columns) and problem.column in (pv.columns[c].label,
                                                                                        str(pv.columns[c].header))),
                      0)
        index = self.preview_model.index(r, column)
        self.preview_view.setCurrentIndex(index)
        self.preview_view.scrollTo(index)
        return True

    # ------------------------------------------------------------------ importing
    def chosen_as_of(self) -> str | None:
        """The 截至日期 set in the dialog (stored with every file's figures), or None: each file's own date."""
        return self.as_of_edit.date().toString("yyyy-MM-dd") if self.as_of_check.isChecked() else None

    def _on_ratio_unit_changed(self, _index: int = 0) -> None:
        self.answers.ratio_unit = self.ratio_unit.currentData()  # the box is the answer to the ratio question
        self._on_as_of_changed()

    def _on_as_of_changed(self, *_args) -> None:
        row = self.file_list.currentRow()
        if 0 <= row < len(self.paths):
            self.show_preview(self.paths[row])

    def mappings(self) -> dict[str, dict]:
        return {p: dict(m) for p, m in self.overrides.items() if m}

    def start_import(self, *, dry_run: bool = False) -> None:
        """Import (or, with dry_run, only check) every file on a worker thread."""
        if not self.paths or self.task is not None:
            return
        from ui.services.workers import run_store_task

        paths, mappings = list(self.paths), self.mappings()
        self.ratio_unit.setCurrentIndex(max(0, self.ratio_unit.findData(self.answers.ratio_unit)))  # an answer shows
        answers = self.answers.options()
        as_of, unit = self.chosen_as_of(), self.amount_unit.currentText()
        self._dry_run = dry_run
        self.status.setText(self.tr("Checking…") if dry_run else self.tr("Importing…"))
        work = _import_work(self.session.recorded_user, paths, dict(dry_run=dry_run, mappings=mappings, as_of=as_of,
                                                                   default_amount_unit=unit, **answers))
        self.task = run_store_task(
            self, self.tr("Checking files…") if dry_run else self.tr("Importing…"), self.session.path, work,
            on_finished=lambda report: self._on_task_finished(report, dry_run),
            on_failed=self._on_task_failed, cancel_text=self.tr("Cancel"))
        self._update_buttons()

    def _on_task_finished(self, report, dry_run: bool) -> None:
        self.task = None
        self._update_buttons()
        summary = report_summary(report)
        self.show_problems([], [line for f in report.files for line in f.warnings])
        if dry_run:
            self.status.setText(self.tr("Check passed; nothing written yet.") + "\n" + summary)
            return
        self.report = report
        for path in self.paths:
            hand = self.overrides.get(str(path))
            pv = self.previews.get(str(path))
            if hand and pv is not None:
                _remember_mapping(self.session.store, pv, hand)
        self.status.setText(self.tr("Imported.") + "\n" + summary)
        self.imported.emit(summary)
        self.accept()

    def _on_task_failed(self, exc: BaseException) -> None:
        self.task = None
        self._update_buttons()
        if isinstance(exc, IndicesToConfirm) and self.answers.settle(
                exc, again=lambda: self.start_import(dry_run=self._dry_run), give_up=lambda: self._show_cancelled(exc)):
            return  # asked; imports again once answered
        self._show_failure(exc)

    def _show_cancelled(self, exc) -> None:
        """Cancelled (取消 of the progress, or 取消导入 of a question): the user's own choice, said in neutral
        words and colour, not as a failure; the problems that asked stay listed."""
        text = self.tr("Import cancelled; the store is unchanged.")
        self.show_problems(list(getattr(exc, "problems", None) or []))
        self.status.setText(text)
        self.failed.emit(text)

    def _show_failure(self, exc: BaseException) -> None:
        """Say why nothing was imported: the message and the problems, each with its file, row and column."""
        from workbench.progress import Cancelled

        if isinstance(exc, Cancelled):  # stopped by the user: not a failure, no red
            return self._show_cancelled(None)
        if isinstance(exc, WorkbenchError):
            text = in_dialog_words(for_ui(exc.message))
            text += unit_hint(exc.problems, self.amount_unit_label.text()) + questions_hint(exc.problems)
            self.show_problems(exc.problems)
        else:
            text = self.tr("The import failed: %1").replace("%1", for_ui(str(exc)))
            self.show_problems([])
        self.status.setText(f"<span style='color:#c62828'>{text}</span>")
        self.failed.emit(text)
