"""Tabular exports of the store (companies, financials, quotes, issues) as CSV or xlsx."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.outputs import atomic_output, inert_csv

TABLES = ("companies", "financials", "quotes", "issues")


def clean_number(value):
    """A stored float as the number it stands for: fifteen significant digits (all a double holds
    for certain) drop the binary noise of a conversion (-5.17 / 100 is -0.051699999999999996)."""
    if isinstance(value, float) and math.isfinite(value):
        return float(f"{value:.15g}")
    return value


def table_rows(store, name: str) -> tuple[list[str], list[list]]:
    """Header and rows of one named table, values in stored units (CNY, fractions), figures without
    binary noise."""
    if name == "companies":
        header = ["ticker", "name", "full_name", "segment", "industry"]
        return header, [[c[h] for h in header] for c in store.companies()]
    if name == "financials":  # each figure with its as-of date, so importing it back changes nothing
        header = ["ticker", "name", "period", "metric", "value", "as_of"]
        return header, [[f["ticker"], f["name"], f["period"], f["metric"], clean_number(f["value"]), f["as_of"]]
                        for f in store.facts()]
    if name == "quotes":
        header = ["index_code", "name", "date", "close", "change"]
        return header, [[q["index_code"] or "", q["name"], q["date"], clean_number(q["close"]),
                         clean_number(q["change"])]
                        for q in store.all_quotes()]
    if name == "issues":
        header = ["id", "series", "headline", "period_start", "period_end", "publish_date", "status",
                  "version", "updated_at"]
        return header, [[i[h] for h in header] for i in store.issues()]
    raise WorkbenchError(f"未知表名 (unknown table) {name!r}; 可选 (choose from): {', '.join(TABLES)}")


def to_csv(header: list[str], rows: list[list]) -> str:
    """CSV text; text a spreadsheet would run as a formula is prefixed with ``'``, numbers stay numbers.

    Rows end in CRLF, so a CR or LF inside a cell is quoted and can never start a new row.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([inert_csv(h) for h in header])
    for row in rows:
        writer.writerow([inert_csv(v) for v in row])
    return buf.getvalue()


def _xlsx_row(ws, row: list) -> list:
    """Cells for a write-only sheet: text is always a plain string (never a formula), numbers numbers."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cells = []
    for value in row:
        if isinstance(value, str):
            cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value)[:32767])
            cell.data_type = "s"
        else:
            cell = WriteOnlyCell(ws, value=value)
        cells.append(cell)
    return cells


def write_table(header: list[str], rows: list[list], out: Path, fmt: str, *, store_path=None) -> None:
    """Write atomically (a temporary file in the target folder, then a rename), never over the
    store at ``store_path`` nor any other database."""
    if fmt not in ("csv", "xlsx"):
        raise WorkbenchError(f"未知格式 (unknown format): {fmt}")
    with atomic_output(out, store_path) as tmp:
        if fmt == "csv":
            # UTF-8 with BOM so Excel and WPS open the Chinese text correctly
            tmp.write_bytes(to_csv(header, rows).encode("utf-8-sig"))
        else:
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("data")
            ws.append(_xlsx_row(ws, header))
            for row in rows:
                ws.append(_xlsx_row(ws, row))
            wb.save(tmp)
