"""Parsing numbers as analysts type and export them: ``12.5%``, ``1,234.5``, ``--``, ``(3.2)``."""

from __future__ import annotations

import math
import re
from decimal import Decimal

from workbench.errors import ValidationError

MISSING_TOKENS = {"", "--", "-", "—", "--%", "n/a", "na", "nan", "none", "null", "#n/a", "#value!",
                  "#div/0!", "暂无", "无", "不适用", "— —"}

# What a spreadsheet writes where a formula failed or a figure is not available. An import reads
# them as no figure (the stored one stays: imports never clear); a value typed or pasted over a
# stored figure is refused instead of clearing it (clearing is an explicit Delete).
ERROR_TOKENS = {"#n/a", "#value!", "#div/0!", "#ref!", "#name?", "#num!", "#null!", "#spill!", "#calc!",
                "#getting_data", "#field!", "#blocked!", "#unknown!", "#connect!", "#busy!", "#python!",
                "n/a", "na", "nan"}

UNIT_FACTORS = {
    "元": 1.0, "人民币元": 1.0, "cny": 1.0, "rmb": 1.0, "yuan": 1.0,
    "千元": 1e3, "万元": 1e4, "百万元": 1e6, "百万": 1e6, "mn": 1e6, "亿元": 1e8, "亿": 1e8,
    "%": 0.01, "百分比": 0.01, "pct": 0.01,
    "小数": 1.0, "fraction": 1.0,  # a ratio written as a decimal fraction (0.128 for 12.8%)
    "倍": 1.0, "x": 1.0, "×": 1.0, "times": 1.0,
    "点": 1.0,
}

_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?$")  # 1,234,567.8: commas group thousands only
COMMA_PROBLEM = "逗号不是千位分隔"


def comma_message(raw: object) -> str:
    """Why a number whose comma groups no thousands (14,3; 1,4) is refused rather than read as 143 or 14."""
    text = str(raw).strip()
    plain = text.replace("，", ",")
    ways = "：请用小数点写小数，或去掉逗号"
    if plain.count(",") == 1 and "." not in plain:
        ways = f"是 {plain.replace(',', '.')} 还是 {plain.replace(',', '')}？请照此改写"
    return (f"{COMMA_PROBLEM}（千位分隔应为 1,234,567.8），可能是小数逗号：“{text}”{ways} (the comma groups no "
            f"thousands, as in 1,234,567.8; it may be a decimal comma: write the number with a decimal point, or "
            f"without the comma)")


def unit_factor(unit: str | None) -> float:
    """Multiplier turning a value in ``unit`` into the store's convention; raises on unknown."""
    if unit is None or unit.strip() == "":
        return 1.0
    key = unit.strip().lower()
    if key in UNIT_FACTORS:
        return UNIT_FACTORS[key]
    raise ValidationError(f"未知单位 (unknown unit): {unit}")


def is_missing(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and raw.strip().lower() in MISSING_TOKENS


def is_error_cell(raw: object) -> bool:
    """True for a spreadsheet error cell (``#VALUE!``, ``#N/A``, ``#DIV/0!``…) or a not-available
    mark (``n/a``, ``NaN`` as text): no figure, but not a request to clear one either."""
    if not isinstance(raw, str):
        return False
    text = raw.strip().replace("\uff03", "#").replace("\uff01", "!").replace("\uff1f", "?").replace("\uff0f", "/")
    return text.lower() in ERROR_TOKENS


def error_cell_message(raw: object) -> str:
    """Why an error cell typed or pasted over a stored figure is refused, in Chinese (English)."""
    text = str(raw).strip()
    return (f"“{text}”是表格的错误值或“不可用”标记，不是数字；已存的数字不会被它清除。要清除请选中后按 Delete 键 "
            f"(a spreadsheet error or not-available cell is not a figure and never clears the stored one: "
            f"to clear it, select it and press Delete)")


def parse_number(raw: object, *, percent_default: bool = False) -> float | None:
    """Parse a cell into a float in the cell's own unit; ``12.5%`` gives 0.125; missing gives None.

    ``percent_default`` is for cells in a column whose unit is % but that hold a bare
    number (``12.5``): the caller scales those, so this function leaves them unscaled.
    Raises ValidationError for text that is not a number.
    """
    if is_missing(raw):
        return None
    if isinstance(raw, bool):
        raise ValidationError(f"不是数字 (not a number): {raw}")
    if isinstance(raw, (int, float)):
        value = float(raw)
        if math.isinf(value):
            raise ValidationError(f"不是有限数字 (not a finite number): {raw}")
        return value
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    text = text.replace("，", ",").replace("－", "-").replace("＋", "+").replace("％", "%")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    for suffix in ("倍", "x", "X", "×"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    grouped = "," not in text or bool(_GROUPED.match(text))
    text = text.replace(",", "")
    if not grouped and not (_NUM.match(text) and math.isinf(float(text))):  # beyond any finite value says so
        raise ValidationError(comma_message(raw))
    if not _NUM.match(text):
        raise ValidationError(f"不是数字 (not a number): {raw}")
    value = float(text)
    if math.isinf(value):  # 1e999 is text for infinity, not a figure
        raise ValidationError(f"不是有限数字 (not a finite number): {raw}")
    if percent:  # the decimal written over 100, exactly: 12.745% is 0.12745, not 0.12744999999999998
        value = float(Decimal(text).scaleb(-2))
    if negative:
        value = -value
    return value


def cell_is_percent(raw: object) -> bool:
    return isinstance(raw, str) and raw.strip().endswith(("%", "％"))
