"""The comparison table as printed, read back from the PDF: where its page breaks fall, and the
font sizes of its columns."""

from __future__ import annotations

import io
import re
from math import floor

import pytest
from pypdf import PdfReader
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

from workbench.domain.issue import standard_table_columns
from workbench.report.fonts import font_set
from workbench.report.spec import TableColumnEntry, TableEntry, TableRow
from workbench.report.styles import BODY_W, house_colour, tint
from workbench.report.table import MIN_SIDE, TableLook, build_table

FRAME_H = 600.0
TICKER = re.compile(r"\d{6}\.S[HZ]")


def columns() -> list[TableColumnEntry]:
    return [TableColumnEntry(c.metric, c.period, c.group, c.label,
                             "amount" if c.metric in ("revenue", "net_profit") else
                             ("multiple" if c.metric == "pe" else "ratio"))
            for c in standard_table_columns(2024)]


def entry(sizes: list[int], value=lambda n, col: 0.1 * n) -> TableEntry:
    cols = columns()
    rows, n = [], 0
    for s, size in enumerate(sizes):
        for _ in range(size):
            rows.append(TableRow(f"板块{s:02d}", f"{600000 + n:06d}.SH", f"公司{n:03d}",
                                 [value(n, c) for c in cols]))
            n += 1
    return TableEntry("表", "资料来源：Wind", "2024-12-29", "单位：亿元", cols, rows)


@pytest.fixture(scope="module")
def look():
    fonts = font_set({})
    colour = house_colour("#9E1B32")
    return TableLook(fonts.body, fonts.body_bold, colour, tint(colour, 0.07), clean=fonts.clean)


def printed(table, above: float) -> bytes:
    """The table in frames of FRAME_H points (no padding), after ``above`` points of other matter."""
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=(BODY_W + 40, FRAME_H + 40), invariant=1)
    doc.addPageTemplates([PageTemplate("p", [Frame(20, 20, BODY_W, FRAME_H, 0, 0, 0, 0)])])
    doc.build([Spacer(BODY_W, above), table] if above else [table])
    return buf.getvalue()


def tickers_by_page(pdf: bytes) -> list[list[str]]:
    return [TICKER.findall(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("above", [0.0, 95.0, 180.0, 333.0, 470.0])
@pytest.mark.parametrize("sizes", [[11] * 12, [6, 11, 8, 11, 6, 9, 13, 7] * 2, [2, 11, 1, 14, 3, 11, 6] * 3])
def test_a_page_of_the_table_is_filled_but_for_the_rows_the_break_rule_keeps_together(look, sizes, above):
    """A segment is split with at least three rows on either side rather than moved whole: each page
    but the last holds all the rows that fit, less at most MIN_SIDE - 1 (the rows a break moves up
    so that MIN_SIDE go over, or a segment's first rows moved to the next page whole)."""
    table = build_table(entry(sizes), BODY_W, look)
    row_h = table.rows[0].height
    assert all(r.height == row_h for r in table.rows)  # one line each: capacity is a division
    head_h = table.layout.header_h
    pages = [p for p in tickers_by_page(printed(table, above)) if p]
    segment_of = {r.cells[1]: r.segment for r in table.rows}
    assert [t for p in pages for t in p] == [r.cells[1] for r in table.rows]  # in order, none lost or doubled
    for number, rows in enumerate(pages[:-1]):
        room = (FRAME_H - above if number == 0 else FRAME_H) - head_h
        fit = floor(room / row_h + 1e-9)
        assert fit - (MIN_SIDE - 1) <= len(rows) <= fit, (number, len(rows), fit)
    for a, b in zip(pages, pages[1:]):
        seg = segment_of[a[-1]]
        if segment_of[b[0]] == seg:
            before = sum(1 for t in a if segment_of[t] == seg)
            after = sum(1 for t in b if segment_of[t] == seg)
            assert before >= MIN_SIDE and after >= MIN_SIDE, (seg, before, after)


# ---------------------------------------------------------------------- figure columns: one size each
def figure_rows(pdf: bytes) -> list[list[tuple[float, float, float, str]]]:
    """Each body row's words (``pdftotext -bbox``) from the ticker on, left to right: (x0, x1, height, text)."""
    import subprocess
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/1999/xhtml}"
    xml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    rows = []
    for page in ET.fromstring(xml).iter(f"{ns}page"):
        words = [(float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMin")), float(w.get("yMax")), w.text or "")
                 for w in page.iter(f"{ns}word")]
        for x0, _, y0, y1, t in words:
            if TICKER.fullmatch(t):
                mid = (y0 + y1) / 2
                rows.append(sorted((a, b, d - c, u) for a, b, c, d, u in words
                                   if abs((c + d) / 2 - mid) < 4 and a >= x0))
    return rows


def check_figures(pdf: bytes, n_columns: int) -> list[float]:
    """Every row whole, neighbours apart, inside the table; each figure column's font size (one per column)."""
    from workbench.report.table import PAD_X

    rows = figure_rows(pdf)
    assert rows
    sizes: list[set[float]] = [set() for _ in range(n_columns)]
    for row in rows:
        assert len(row) == 2 + n_columns, [w[3] for w in row]  # ticker, name, every figure: none split or merged
        for a, b in zip(row, row[1:]):
            assert b[0] - a[1] >= 2 * PAD_X - 0.5, (a[3], b[3])  # right-aligned figures never run together
        assert row[-1][1] <= 20 + BODY_W - PAD_X + 0.5
        for k, word in enumerate(row[2:]):
            sizes[k].add(round(word[2] / 1.005, 1))  # a word's box is its font size, within half a percent
    for k, got in enumerate(sizes):
        assert max(got) - min(got) <= 0.1, (k, sorted(got))  # one size down the column
    return [min(s) for s in sizes]


def test_a_column_of_long_figures_shares_one_legible_size(look):
    """Four decimals with thousands separators (1,234.5000, -1523.4000%): too wide for the equal
    columns at 7 pt. The figures shrink together, never cell by cell nor below MIN_SIZE."""
    from dataclasses import replace

    from workbench.domain.metrics import NumberStyle
    from workbench.report.table import MIN_SIZE

    wide = replace(look, style=NumberStyle(thousands=True, amount_decimals=4, ratio_decimals=4,
                                           multiple_decimals=4))
    cols = columns()

    def value(n, col):
        if col.kind == "amount":
            return (-1) ** n * 1.2345e11 * (1 + n % 3)
        if col.kind == "ratio":
            return -15.234 if n % 5 == 0 else 0.02 * n
        return 1165.8 if n % 4 == 0 else 12.3

    table = build_table(entry([6, 5, 7], value), BODY_W, wide)
    assert sum(table.layout.widths) == pytest.approx(BODY_W)
    sizes = check_figures(printed(table, 0.0), len(cols))
    assert min(sizes) >= MIN_SIZE - 0.05
    assert max(sizes) < look.size  # it was too wide: the figures shrank, all to one size
    assert max(sizes) - min(sizes) <= 0.1


def test_one_oversized_figure_widens_its_column_instead_of_shrinking(look):
    """One huge figure (99900000.0 亿元) takes room from the other columns: every figure stays at 7 pt."""
    cols = columns()
    first = (cols[0].metric, cols[0].period)
    table = build_table(entry([4, 4], lambda n, col: 9.99e15 if n == 2 and (col.metric, col.period) == first
                              else 0.1 * n), BODY_W, look)
    assert table.rows[2].cells[3] == "99900000.0"
    assert sum(table.layout.widths) == pytest.approx(BODY_W)
    sizes = check_figures(printed(table, 0.0), len(cols))
    assert sizes == [pytest.approx(look.size, abs=0.1)] * len(cols)
