"""A small loss in the comparison .xlsx: the cell holds the loss (-0.04 亿元), so a SUM in Excel and a
re-import of the unchanged export see it; Excel and LibreOffice show 0.0 (the PDF's digits, never
-0.0) through the cell's number format, not through a changed value.

The truth is the store file read with sqlite3 before and after the round trip, the cell values read
with openpyxl against decimal arithmetic on the file's own figure, and what a spreadsheet shows:
Excel's number-format rules modelled here (a second section is the negative one and shows the number
without its sign) and, where LibreOffice is installed, the cells as LibreOffice itself shows them.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
import subprocess
from decimal import ROUND_HALF_UP, Context, Decimal

import openpyxl
import pytest

from workbench.imports import import_files
from workbench.report.table_xlsx import export_table_xlsx

LOSS = ("600584.SH", "长电科技", "net_profit", "2024Q1-Q3", "-0.04")  # ticker, name, metric, period, 亿元 written
AS_OF = "2024-12-29"


def facts(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT * FROM facts ORDER BY ticker, metric, period").fetchall()
    finally:
        con.close()


def excel_shows(value: float, number_format: str) -> str:
    """What Excel shows for a number under a format of ``0.0``-style sections without conditions: one
    section serves every number (a negative signed); with two or more, the second is for negative
    numbers and shows the number without its sign (a minus only where the section writes one)."""
    sections = number_format.split(";")
    section = sections[0]
    magnitude = Decimal(repr(value))
    if value < 0 and len(sections) > 1:
        section, magnitude = sections[1], abs(magnitude)
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    magnitude = Context(prec=15).plus(magnitude)
    percent = section.endswith("%")
    body = section.rstrip("%")
    if percent:
        magnitude = magnitude.scaleb(2)
    places = len(body.split(".")[1]) if "." in body else 0
    q = magnitude.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(q):{',' if ',' in body else ''}.{places}f}"
    sign = "-" if q < 0 or (value < 0 and len(sections) == 1) else ""
    return sign + text + ("%" if percent else "")


@pytest.fixture
def lossy(demo_store, tmp_path):
    ticker, name, _metric, _period, written = LOSS
    path = tmp_path / "loss.csv"
    path.write_text(f"证券代码,证券简称,归母净利润(亿元)2024三季报\n{ticker},{name},{written}\n", encoding="utf-8")
    import_files(demo_store, [path], as_of=AS_OF)
    return demo_store


def _cell(ws, ticker: str, column: int):
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == ticker)
    return ws.cell(row, column)


def _column(ws, group: str, label: str) -> int:
    """The sheet column headed ``group`` over ``label`` (the header's merged group cell leads its run)."""
    current = None
    for c in range(4, ws.max_column + 1):
        current = ws.cell(2, c).value or current
        if current == group and ws.cell(3, c).value == label:
            return c
    raise AssertionError(f"no column {group} {label}")


def test_the_cell_holds_the_loss_and_shows_it_as_the_pdf_prints_it(lossy, tmp_path):
    ticker, _name, metric, period, written = LOSS
    stored = facts(lossy.path)
    assert (ticker, metric, period, float(Decimal(written) * 10 ** 8)) in [r[:4] for r in stored]
    ws = openpyxl.load_workbook(export_table_xlsx(lossy, 1, tmp_path / "t.xlsx")).active
    cell = _cell(ws, ticker, _column(ws, "归母净利润", "24Q1-Q3"))
    assert cell.value == float(Decimal(written))          # -0.04, not 0: a SUM sees the loss
    assert excel_shows(cell.value, cell.number_format) == "0.0"   # no -0.0, as the PDF prints it
    # a real loss beside it still shows its minus sign
    negatives = [c for row in ws.iter_rows(min_row=4, min_col=4) for c in row
                 if isinstance(c.value, float) and c.value <= -0.05 and not c.number_format.endswith("%")]
    assert negatives, "the demo has losses printed with a sign"
    for c in negatives:
        want = Decimal(repr(c.value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert excel_shows(c.value, c.number_format) == f"{want:.1f}"


def test_libreoffice_shows_the_small_loss_as_0_0(lossy, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    ticker = LOSS[0]
    lossy.set_fact(ticker, "net_profit_yoy", "2023A", -0.00004)  # -0.004% prints 0.00%
    path = export_table_xlsx(lossy, 1, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path).active
    column = _column(ws, "归母净利润", "24Q1-Q3")
    assert _cell(ws, ticker, _column(ws, "归母净利润", "2023 YoY")).value == -0.00004
    out = tmp_path / "shown"
    # the CSV filter's ninth token: save cell contents as shown (formatted)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    rows = list(csv.reader((out / "t.csv").open(encoding="utf-8")))
    row = next(r for r in rows if len(r) > 1 and r[1] == ticker)
    assert row[column - 1] == "0.0"
    assert row[_column(ws, "归母净利润", "2023 YoY") - 1] == "0.00%"
    # every other figure as Excel's rules model it (one check of the model against a real spreadsheet)
    for r in range(4, ws.max_row + 1):
        shown = next((x for x in rows if len(x) > 1 and x[1] == ws.cell(r, 2).value), None)
        for c in range(4, ws.max_column + 1):
            cell = ws.cell(r, c)
            if shown is not None and isinstance(cell.value, float):
                assert shown[c - 1] == excel_shows(cell.value, cell.number_format), (r, c, cell.value)


def test_importing_the_unchanged_export_changes_no_fact(lossy, tmp_path):
    before = facts(lossy.path)
    path = export_table_xlsx(lossy, 1, tmp_path / "t.xlsx")
    result = import_files(lossy, [path], as_of=AS_OF)
    assert (result.facts.added, result.facts.updated) == (0, 0)
    assert facts(lossy.path) == before
