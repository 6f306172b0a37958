"""Reporting periods: actual years (2023A), forecasts (2024E) and cumulative interims."""

from __future__ import annotations

import re

from workbench.errors import ValidationError

PERIOD_RE = re.compile(r"^(\d{4})(A|E|Q1|H1|Q1-Q3|YTD)$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_CN_FORMS = [
    (re.compile(r"^(\d{4})\s*年?\s*(年报|年度|年)$"), "A"),
    (re.compile(r"^(\d{4})\s*年?\s*(三季报?|三季度|第三季度|前三季度?|Q1-Q3|Q3|9M|前三季)$"), "Q1-Q3"),
    (re.compile(r"^(\d{4})\s*年?\s*(中报|半年报|中期|半年度|H1|Q2|1H)$"), "H1"),
    (re.compile(r"^(\d{4})\s*年?\s*(一季报?|一季度|第一季度|Q1|1Q)$"), "Q1"),
    (re.compile(r"^(\d{4})\s*年?\s*(E|预测|预测值|F)$"), "E"),
    (re.compile(r"^(\d{4})\s*(A)$"), "A"),
    (re.compile(r"^(\d{4})$"), "A"),
]


def parse_period(raw: object) -> str:
    """Return the canonical period code for a Wind/iFinD period label, or raise ValidationError."""
    text = str(raw).strip().upper().replace("－", "-").replace("—", "-").replace(" ", "")
    text = text.replace("Q1Q3", "Q1-Q3").replace("Q1~Q3", "Q1-Q3")
    if PERIOD_RE.match(text) or DATE_RE.match(text):
        return text
    # '2024Q1-3', '24Q1-Q3'
    m = re.fullmatch(r"(\d{2}|\d{4})Q1-Q?3", text)
    if m:
        year = m.group(1)
        return f"{_full_year(year)}Q1-Q3"
    for pattern, suffix in _CN_FORMS:
        m = pattern.match(text)
        if m:
            return f"{m.group(1)}{suffix}"
    raise ValidationError(f"无法识别的报告期 (unknown period): {raw}")


def _full_year(text: str) -> str:
    return text if len(text) == 4 else f"20{text}"


def period_year(period: str) -> int:
    return int(period[:4])


def period_kind(period: str) -> str:
    return period[4:]


def previous_period(period: str) -> str:
    """The same period a year earlier (the base of a YoY comparison)."""
    return f"{period_year(period) - 1}{period_kind(period)}"


def period_label(period: str) -> str:
    """Short label as printed in report tables: 2023, 24Q1-Q3, 2024E."""
    year, kind = period[:4], period[4:]
    if kind == "A":
        return year
    if kind == "E":
        return f"{year}E"
    if kind == "YTD":
        return "年初至今"
    if DATE_RE.match(period):
        return period
    return f"{year[2:]}{kind}"


def period_sort_key(period: str) -> tuple[int, int]:
    order = {"Q1": 0, "H1": 1, "Q1-Q3": 2, "A": 3, "E": 4, "YTD": 5}
    return (period_year(period), order.get(period_kind(period), 9))
