"""Tabular exports of the store (companies, financials, quotes, issues) as CSV or xlsx."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from workbench.errors import WorkbenchError

TABLES = ("companies", "financials", "quotes", "issues")


def table_rows(store, name: str) -> tuple[list[str], list[list]]:
    """Header and rows of one named table, values in stored units (CNY, fractions)."""
    if name == "companies":
        header = ["ticker", "name", "full_name", "segment", "industry"]
        return header, [[c[h] for h in header] for c in store.companies()]
    if name == "financials":
        header = ["ticker", "name", "period", "metric", "value"]
        return header, [[f["ticker"], f["name"], f["period"], f["metric"], f["value"]] for f in store.facts()]
    if name == "quotes":
        header = ["index_code", "name", "date", "close", "change"]
        return header, [[q["index_code"] or "", q["name"], q["date"], q["close"], q["change"]]
                        for q in store.all_quotes()]
    if name == "issues":
        header = ["id", "series", "headline", "period_start", "period_end", "publish_date", "status",
                  "version", "updated_at"]
        return header, [[i[h] for h in header] for i in store.issues()]
    raise WorkbenchError(f"未知表名 (unknown table) {name!r}; 可选 (choose from): {', '.join(TABLES)}")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue()


def write_table(header: list[str], rows: list[list], out: Path, fmt: str) -> None:
    """Write atomically: a temporary file in the target folder, then a rename."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        if fmt == "csv":
            # UTF-8 with BOM so Excel and WPS open the Chinese text correctly
            Path(tmp).write_text(to_csv(header, rows), encoding="utf-8-sig")
        elif fmt == "xlsx":
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("data")
            ws.append(header)
            for row in rows:
                ws.append(row)
            wb.save(tmp)
        else:
            raise WorkbenchError(f"未知格式 (unknown format): {fmt}")
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
