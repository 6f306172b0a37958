"""The reference issue's comparison table as printed (tests/golden/reference_table.csv), read for the tests.

The expected printed strings are made here from the golden text with decimal arithmetic, never with
the workbench's own format functions, so a formatting bug cannot hide behind its own output.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "reference_table.csv"

# golden column -> (metric, period, kind); the printed order of the table's eleven figure columns
COLUMNS = {
    "revenue_2023": ("revenue", "2023A", "amount"),
    "revenue_2023_yoy": ("revenue_yoy", "2023A", "ratio"),
    "revenue_24q1q3": ("revenue", "2024Q1-Q3", "amount"),
    "revenue_24q1q3_yoy": ("revenue_yoy", "2024Q1-Q3", "ratio"),
    "netprofit_2023": ("net_profit", "2023A", "amount"),
    "netprofit_2023_yoy": ("net_profit_yoy", "2023A", "ratio"),
    "netprofit_24q1q3": ("net_profit", "2024Q1-Q3", "amount"),
    "netprofit_24q1q3_yoy": ("net_profit_yoy", "2024Q1-Q3", "ratio"),
    "pe_2024e": ("pe", "2024E", "multiple"),
    "pe_2025e": ("pe", "2025E", "multiple"),
    "ytd_return": ("ytd_return", "2024YTD", "ratio"),
}

# 1 亿元 in yuan, written out (the store keeps amounts in yuan)
YUAN_PER_YI = 100_000_000


def golden_rows() -> list[dict[str, str]]:
    """The 64 printed rows, in the printed order, as text."""
    with GOLDEN.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def printed(column: str, text: str) -> str:
    """How the reference prints a golden cell: 亿元 and PE with one decimal, rates as % with two."""
    kind = COLUMNS[column][2]
    value = Decimal(text)
    if kind == "ratio":
        return f"{(value * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"


def printed_row(row: dict[str, str]) -> str:
    """A table row as the PDF's text reads it with whitespace removed: ticker, name, the eleven figures."""
    cells = [row["ticker"], row["name"]] + [printed(c, row[c]) for c in COLUMNS]
    return "".join("".join(cell.split()) for cell in cells)


def stored(column: str, text: str) -> float:
    """The golden cell in the store's units: amounts in yuan, rates as fractions, PE as a multiple."""
    value = Decimal(text)
    if COLUMNS[column][2] == "amount":
        value *= YUAN_PER_YI
    return float(value)


def segments_in_order() -> list[str]:
    order: list[str] = []
    for row in golden_rows():
        if row["segment"] not in order:
            order.append(row["segment"])
    return order
