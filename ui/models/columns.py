"""What the table models share: item roles, colours, the Column record and how a cell is formatted."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCollator, QCoreApplication, QLocale, Qt
from PySide6.QtGui import QBrush, QColor

from ui.common.i18n import is_chinese
from workbench.domain.metrics import METRICS, YI, NumberStyle, format_value, is_number
from workbench.domain.periods import period_label

SORT_ROLE = Qt.ItemDataRole.UserRole  # the raw value (float, None, text) sorting uses
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's segment / index, for the group filter
HEADER_GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # header text spanning several columns
HEADER_LABEL_ROLE = Qt.ItemDataRole.UserRole + 3  # a column's own header under the group

TEXT = "text"
INT = "int"

# A-share convention: red for up (positive changes), green for down (negative values).
UP_BRUSH = QBrush(QColor("#c62828"))
DOWN_BRUSH = QBrush(QColor("#1b7f3b"))
BAND_BRUSH = QBrush(QColor("#f5f1ea"))
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
SIGNED_KINDS = ("ratio",)  # kinds whose positive values mean "up" and are shown red


translate = QCoreApplication.translate


def metric_name(code: str) -> str:
    """A metric's name in the UI language (the core knows both)."""
    m = METRICS.get(code)
    if m is None:
        return code
    return m.zh if is_chinese() else m.en


def column_period_label(period: str) -> str:
    label = period_label(period)
    if period.endswith("YTD") and not is_chinese():
        return "YTD"
    return label


_collator: QCollator | None = None


def collator() -> QCollator:
    """Chinese collation (pinyin order for hanzi, natural order for digits)."""
    global _collator
    if _collator is None:
        _collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        _collator.setNumericMode(True)
    return _collator


@dataclass(frozen=True)
class Column:
    """One column of a table model: what it shows and how."""

    key: object
    label: str
    group: str = ""
    kind: str = TEXT  # text | int | amount | ratio | multiple | price | per_share
    editable: bool = False
    width: int = 90
    collate: bool = False  # sort with the Chinese collator
    searchable: bool = False  # the filter box looks in this column
    signed: bool = False  # show a + sign on positive values
    stretch: bool = False  # takes the table's spare width

    @property
    def title(self) -> str:
        """The one-line header (used for copied TSV headers)."""
        return f"{self.group} {self.label}".strip() if self.group else self.label

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT


def format_cell(column: Column, value, style: NumberStyle | None = None) -> str:
    """A cell's text; numbers in the house's number style (the PDF and the .xlsx print the same)."""
    if column.kind == TEXT:
        return "" if value is None else str(value)
    if column.kind == INT:
        return "--" if value is None else str(int(value))
    return format_value(column.kind, value, signed=column.signed, style=style)


def edit_text(column: Column, value) -> str:
    """The text an editor starts with: full precision in the display unit."""
    if value is None:
        return ""
    if not is_number(value):  # (text where a figure belongs: shown as it is, to be typed over)
        return str(value)
    if column.kind == "amount":
        return f"{value / YI:.10g}"
    if column.kind == "ratio":
        return f"{value * 100:.10g}%"
    if column.numeric:
        return f"{value:.10g}"
    return str(value)
