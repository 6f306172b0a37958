"""The demo store, the exported PDF and the .xlsx table against the reference issue's table as printed.

The truth is tests/golden/reference_table.csv (typed from the printed issue), not the demo data the
app loads: a typo in resources/demo/companies.csv, a wrong unit or a wrong format fails here.
"""

from __future__ import annotations

import io
import re
import shutil

import openpyxl
import pytest
from golden import COLUMNS, golden_rows, printed, printed_row, segments_in_order, stored
from pypdf import PdfReader

from workbench.report import export_pdf
from workbench.report.table_xlsx import export_table_xlsx

ROWS = golden_rows()
TICKERS = [r["ticker"] for r in ROWS]

def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_golden_copy_is_the_reference_table():
    # the reference prints 64 companies in 15 segments; 润欣科技 first, 立讯精密's 2,319.1 亿元 the largest figure
    assert len(ROWS) == 64 and len(set(TICKERS)) == 64
    assert len(segments_in_order()) == 15
    assert ROWS[0]["ticker"] == "300493.SZ" and ROWS[0]["name"] == "润欣科技"
    assert next(r for r in ROWS if r["name"] == "乐鑫科技")["revenue_2023"] == "14.3"
    assert next(r for r in ROWS if r["name"] == "立讯精密")["revenue_2023"] == "2319.1"


def test_the_golden_formatting_prints_as_the_reference():
    """The test's own formatting, pinned on cells whose printed form is read off the reference."""
    assert printed("revenue_2023", "21.6") == "21.6"
    assert printed("revenue_2023_yoy", "0.028") == "2.80%"
    assert printed("netprofit_2023_yoy", "-0.3415") == "-34.15%"
    assert printed("ytd_return", "2.2521") == "225.21%"
    assert printed("pe_2024e", "0.0") == "0.0"
    assert printed("pe_2025e", "48.0") == "48.0"
    assert printed("revenue_2023", "2319.1") == "2319.1"
    assert printed_row(ROWS[0]) == "300493.SZ润欣科技21.62.80%19.223.97%0.4-34.15%0.415.66%128.391.9225.21%"


# ---------------------------------------------------------------------- the demo store
def test_demo_store_holds_every_figure_as_printed(demo_store):
    checked = 0
    for row in ROWS:
        company = demo_store.company(row["ticker"])
        assert company is not None, row["ticker"]
        assert (company["name"], company["segment"]) == (row["name"], row["segment"]), row["ticker"]
        for column, (metric, period, kind) in COLUMNS.items():
            value = demo_store.fact(row["ticker"], metric, period)
            tolerance = 1.0 if kind == "amount" else 1e-9  # a yuan on amounts of 亿元; exact rates and PE
            assert value == pytest.approx(stored(column, row[column]), abs=tolerance), (row["ticker"], column)
            checked += 1
    assert checked == 64 * 11
    # nothing else: every fact of the demo is one of the table's figures
    assert demo_store.scalar("SELECT count(*) FROM facts") == 64 * 11


def test_demo_store_keeps_the_printed_segment_order(demo_store):
    assert demo_store.segments() == segments_in_order()


# ---------------------------------------------------------------------- the PDF
@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory, demo_store_template):
    from workbench.store import Store

    folder = tmp_path_factory.mktemp("golden_pdf")
    with Store(demo_store_template) as s:
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(demo_store_template, folder / "demo.sqlite")
    with Store(folder / "demo.sqlite") as store:
        result = export_pdf(store, "latest", folder / "demo.pdf")
    reader = PdfReader(io.BytesIO(result.path.read_bytes()))
    return squash("\n".join(page.extract_text() for page in reader.pages))


def test_pdf_prints_every_row_as_the_reference(pdf_text):
    missing = [row["ticker"] for row in ROWS if printed_row(row) not in pdf_text]
    assert missing == []


def test_pdf_prints_the_rows_in_the_reference_order(pdf_text):
    positions = [pdf_text.find(printed_row(row)) for row in ROWS]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_pdf_names_each_segment_before_its_first_row(pdf_text):
    start = 0
    for segment in segments_in_order():
        first = next(r for r in ROWS if r["segment"] == segment)
        at = pdf_text.find(printed_row(first), start)
        assert squash(segment) in pdf_text[start:at], segment
        start = at


def test_pdf_prints_amounts_without_thousands_separators(pdf_text):
    assert "002475.SZ立讯精密2319.18.35%1771.813.67%" in pdf_text
    assert "2,319.1" not in pdf_text and "1,771.8" not in pdf_text


# ---------------------------------------------------------------------- the .xlsx table
FIRST_BODY_ROW = 4  # title, then the two header rows
XLSX_FORMATS = {"amount": "0.0", "ratio": "0.00%", "multiple": "0.0"}  # as printed: 2319.1, 2.80%, 48.0


def shown(value: float, number_format: str) -> str:
    """What Excel shows for the formats the table uses."""
    if number_format == "0.00%":
        return f"{value * 100:.2f}%"
    assert number_format == "0.0", number_format
    return f"{value:.1f}"


@pytest.fixture(scope="module")
def sheet(tmp_path_factory, demo_store_template):
    from workbench.store import Store

    folder = tmp_path_factory.mktemp("golden_xlsx")
    with Store(demo_store_template) as s:
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(demo_store_template, folder / "demo.sqlite")
    with Store(folder / "demo.sqlite") as store:
        path = export_table_xlsx(store, store.issue("latest").id, folder / "table.xlsx")
    return openpyxl.load_workbook(path).active


def test_xlsx_holds_every_row_in_the_reference_order(sheet):
    tickers = [sheet.cell(FIRST_BODY_ROW + i, 2).value for i in range(64)]
    names = [sheet.cell(FIRST_BODY_ROW + i, 3).value for i in range(64)]
    assert tickers == TICKERS
    assert names == [r["name"] for r in ROWS]
    assert sheet.cell(FIRST_BODY_ROW + 64, 2).value is None  # and nothing after


def test_xlsx_holds_every_figure_as_printed(sheet):
    checked = 0
    for i, row in enumerate(ROWS):
        for k, (column, (_, _, kind)) in enumerate(COLUMNS.items()):
            cell = sheet.cell(FIRST_BODY_ROW + i, 4 + k)
            assert isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool), (row["ticker"], column)
            assert cell.value == pytest.approx(float(row[column]), abs=1e-9), (row["ticker"], column)
            assert cell.number_format == XLSX_FORMATS[kind], (row["ticker"], column)
            assert shown(cell.value, cell.number_format) == printed(column, row[column]), (row["ticker"], column)
            checked += 1
    assert checked == 64 * 11


def test_xlsx_segment_cells_span_their_rows(sheet):
    merged = {str(r) for r in sheet.merged_cells.ranges}
    for segment in segments_in_order():
        members = [i for i, r in enumerate(ROWS) if r["segment"] == segment]
        top, bottom = FIRST_BODY_ROW + members[0], FIRST_BODY_ROW + members[-1]
        assert sheet.cell(top, 1).value == segment
        if bottom > top:
            assert f"A{top}:A{bottom}" in merged, segment
