"""The printed page read back as poppler lays it out (``pdftotext -bbox-layout``: every line with
its box): line starts, digit runs, justified line ends, margins, and where the comparison table breaks."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace

import pytest

from workbench.report import build_report_spec, export_pdf, render_pdf
from workbench.report.styles import FOOTER_Y, HEADER_Y, MAIN_X, MARGIN_X, PAGE_H, PAGE_W
from workbench.sample import populate_sample

CLOSING = "。，、；：？！）】」》"
RIGHT = PAGE_W - MARGIN_X  # the right edge of every measure
NS = "{http://www.w3.org/1999/xhtml}"


@dataclass
class Line:
    page: int
    text: str
    x0: float
    x1: float
    y: float  # the bottom of the line's box, from the foot of the page
    size: float  # the box height: the font size, within a few hundredths of a point


def lines_of(pdf_path) -> list[Line]:
    """Every horizontal text line of the PDF as poppler places it (the rotated draft mark left out)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf_path), "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(xml)
    out: list[Line] = []
    for number, page in enumerate(root.iter(f"{NS}page"), 1):
        for line in page.iter(f"{NS}line"):
            text = "".join(w.text or "" for w in line.iter(f"{NS}word"))
            x0, x1 = float(line.get("xMin")), float(line.get("xMax"))
            y0, y1 = float(line.get("yMin")), float(line.get("yMax"))
            if not text.strip() or "草稿" in text and y1 - y0 > 30:
                continue
            out.append(Line(number, text, x0, x1, round(PAGE_H - y1, 1), round((y1 - y0) / 1.005, 1)))
    return out


def paragraphs(lines: list[Line], size: float, leading: float, x_min: float = 0) -> list[list[Line]]:
    """Lines of one size in one column grouped into paragraphs: a gap above the leading starts a new one."""
    chosen = sorted((ln for ln in lines if abs(ln.size - size) < 0.15 and ln.x0 >= x_min),
                    key=lambda ln: (ln.page, -ln.y))
    out: list[list[Line]] = []
    for ln in chosen:
        prev = out[-1][-1] if out else None
        if prev is None or prev.page != ln.page or prev.y - ln.y > leading + 1:
            out.append([ln])
        else:
            out[-1].append(ln)
    return out


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory, demo_store_template):
    import shutil

    from workbench.store import Store

    folder = tmp_path_factory.mktemp("layout")
    path = folder / "demo.sqlite"
    shutil.copy(demo_store_template, path)
    with Store(path) as store:
        spec = build_report_spec(store, "latest")
        pdf = folder / "demo.pdf"
        pdf.write_bytes(render_pdf(replace(spec, status="final")))
        tickers = {r.ticker: r.segment for r in spec.table.rows}
    return {"path": pdf, "lines": lines_of(pdf), "segments": tickers, "order": [r.ticker for r in spec.table.rows]}


# ---------------------------------------------------------------------- line starts and digit runs
def test_no_line_starts_with_closing_punctuation(demo_pdf):
    lines = demo_pdf["lines"]
    assert len(lines) > 200
    bad = [ln.text for ln in lines if ln.text[0] in CLOSING]
    assert bad == []


def test_no_digit_run_or_range_is_split_across_lines(demo_pdf):
    sidebar = [ln for ln in demo_pdf["lines"] if ln.page == 1 and ln.x1 < MAIN_X]  # not the table's 7 pt cells
    paras = paragraphs(demo_pdf["lines"], 9.5, 16) + paragraphs(demo_pdf["lines"], 8.0, 12.2) \
        + paragraphs(sidebar, 7.0, 10.5)
    assert sum(len(p) for p in paras) >= 60
    for para in paras:
        for a, b in zip(para, para[1:]):
            assert not (re.search(r"[\d.,%+\-]$", a.text) and re.match(r"[\d.,%]", b.text)), (a.text, b.text)
            assert a.text.count("【") == a.text.count("】"), a.text


def test_the_sidebar_date_ranges_are_whole(demo_pdf):
    text = "\n".join(ln.text for ln in demo_pdf["lines"] if ln.page == 1 and ln.x1 < MAIN_X)
    for period in ("20241216-20241222", "20241209-20241215", "20241202-20241208"):
        assert period in text  # on one line, never 202 / 41215


# ---------------------------------------------------------------------- justification
def test_justified_body_lines_end_within_1pt_of_the_measure(demo_pdf):
    checked = 0
    for para in paragraphs(demo_pdf["lines"], 9.5, 16, x_min=MAIN_X - 1):
        for ln, nxt in zip(para, para[1:]):  # every line but the last of its paragraph
            if nxt.text.startswith("【") and nxt.text.index("】") + 1 > (RIGHT - ln.x1) / 9.5:
                # no gap may open before a closing mark, so a line followed by a 【stock name】 too
                # wide to come up may end short; it never passes the margin
                assert ln.x1 <= RIGHT + 1.0, ln.text
                continue
            assert abs(ln.x1 - RIGHT) <= 1.0, (ln.text, RIGHT - ln.x1)
            checked += 1
        assert para[-1].x1 <= RIGHT + 1.0
    assert checked >= 15  # review 3, views 9, advice 1, themes 4, risks 1 on the demo


def running_closing_text(lines: list[Line]) -> list[list[Line]]:
    """The closing pages' running paragraphs (not the rating table's cells): they start at the margin."""
    return [p for p in paragraphs(lines, 8.0, 12.2) if abs(p[0].x0 - MARGIN_X) < 1.0 and len(p) >= 2]


def test_justified_closing_lines_end_within_1pt_of_the_measure(demo_pdf):
    checked = 0
    for para in running_closing_text(demo_pdf["lines"]):
        for ln in para[:-1]:
            assert abs(ln.x1 - RIGHT) <= 1.0, (ln.text, RIGHT - ln.x1)
            checked += 1
    assert checked >= 10


def test_last_lines_are_left_aligned_not_stretched(demo_pdf):
    paras = running_closing_text(demo_pdf["lines"])
    short_last = [p[-1] for p in paras if p[-1].x1 < RIGHT - 20]
    assert len(short_last) >= 3, "closing paragraphs end with short lines"
    for ln in short_last:
        assert abs(ln.x0 - MARGIN_X) < 1.0, ln.text


# ---------------------------------------------------------------------- margins
def test_no_text_outside_the_margins(demo_pdf):
    for ln in demo_pdf["lines"]:
        assert MARGIN_X - 0.5 <= ln.x0 and ln.x1 <= RIGHT + 0.5, (ln.page, ln.text, ln.x0, ln.x1)
        assert FOOTER_Y - 4 <= ln.y <= HEADER_Y + 2, (ln.page, ln.text, ln.y)


# ---------------------------------------------------------------------- where the table breaks
def page_tickers(lines: list[Line]) -> list[list[str]]:
    pages: dict[int, list[str]] = {}
    for ln in sorted(lines, key=lambda x: (x.page, -x.y)):
        for t in re.findall(r"\d{6}\.S[HZ]", ln.text):
            pages.setdefault(ln.page, []).append(t)
    return [pages[k] for k in sorted(pages)]


def breaks_of(tickers_by_page: list[list[str]], segment_of: dict[str, str]) -> list[tuple[str, int, int]]:
    """(segment, rows before the break, rows after) for every page break inside a segment."""
    out = []
    for a, b in zip(tickers_by_page, tickers_by_page[1:]):
        seg = segment_of[a[-1]]
        if segment_of[b[0]] == seg:
            before = len(a) - next(i for i in range(len(a) - 1, -1, -1) if segment_of[a[i]] != seg) - 1 \
                if any(segment_of[t] != seg for t in a) else len(a)
            after = next((i for i, t in enumerate(b) if segment_of[t] != seg), len(b))
            out.append((seg, before, after))
    return out


def test_the_demo_table_breaks_between_segments(demo_pdf):
    pages = page_tickers(demo_pdf["lines"])
    assert len(pages) == 2
    assert [t for p in pages for t in p] == demo_pdf["order"]  # every row once, in order
    assert breaks_of(pages, demo_pdf["segments"]) == []
    assert demo_pdf["segments"][pages[0][-1]] == "EDA 工具" and demo_pdf["segments"][pages[1][0]] == "交换机芯片"


def test_a_300_company_table_breaks_between_segments_or_keeps_three_rows_each_side(store, tmp_path):
    issue_id = populate_sample(store, companies=300, segments=24, seed=7)
    spec = build_report_spec(store, issue_id)
    pdf = export_pdf(store, issue_id, tmp_path / "big.pdf").path
    pages = page_tickers(lines_of(pdf))
    segment_of = {r.ticker: r.segment for r in spec.table.rows}
    assert [t for p in pages for t in p] == [r.ticker for r in spec.table.rows]
    assert len(pages) >= 5  # about 50 rows a page
    for seg, before, after in breaks_of(pages, segment_of):
        assert before >= 3 and after >= 3, (seg, before, after)
    headers: dict[int, int] = {}
    for ln in lines_of(pdf):
        if "细分板块" in ln.text:
            headers[ln.page] = headers.get(ln.page, 0) + 1
    assert len(headers) == len(pages) and set(headers.values()) == {1}  # one header per page, at its top


TICKER = re.compile(r"\d{6}\.S[HZ]")


def table_rows(pdf_path) -> list[list[tuple[float, float, str]]]:
    """The comparison table's body rows: the words (``pdftotext -bbox``) whose centre lies within
    4 pt of a ticker's, sorted left to right (a figure shrunk to fit sits a little lower)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, check=True).stdout
    out = []
    for page in ET.fromstring(xml).iter(f"{NS}page"):
        words = [(float(w.get("xMin")), float(w.get("xMax")), (float(w.get("yMin")) + float(w.get("yMax"))) / 2,
                  w.text or "") for w in page.iter(f"{NS}word")]
        for x0, _, y, t in words:
            if TICKER.fullmatch(t):
                out.append(sorted((a, b, u) for a, b, c, u in words if abs(c - y) < 4 and a >= x0))
    return out


def test_neighbouring_table_figures_never_run_together(demo_pdf):
    """Right-aligned figures in neighbouring columns keep at least 5 pt between them (4 pt before)."""
    rows = table_rows(demo_pdf["path"])
    assert len(rows) == 64
    assert all(len(r) == 13 for r in rows)  # ticker, name and 11 figures
    gaps = [b[0] - a[1] for r in rows for a, b in zip(r, r[1:])]
    assert min(gaps) >= 5.0, min(gaps)
