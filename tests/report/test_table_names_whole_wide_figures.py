"""A company's short name stays whole in the comparison table even when one row's figures are wide
(a 5-digit 亿元 revenue, a -1234.5 loss, +2000% growth): the figure columns then have no room to
spare at their labels' one-line width, so the 公司 column finds its width elsewhere (the 代码 and
细分板块 columns' spare room, two-word labels such as "2023 YoY" wrapping at their space, the figures
a little smaller but never below 6 pt for 7 pt text) rather than break 九号公司-WD into 九号公 / 司-WD.

The PDF is read back with pdftotext's word boxes (-tsv): each name is one word on its ticker's line,
every figure of the row is on that line too, no box runs into its neighbour, and the figures are no
smaller than six sevenths of the names' size (word heights scale with the font size)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import pytest

from workbench.imports import import_files
from workbench.report import export_pdf
from workbench.report.spec import build_report_spec

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")

HEAD = ("ticker,name,segment,revenue_2023,revenue_2023_yoy,revenue_24q1q3,revenue_24q1q3_yoy,netprofit_2023,"
        "netprofit_2023_yoy,netprofit_24q1q3,netprofit_24q1q3_yoy,pe_2024e,pe_2025e,ytd_return")
WIDE = "32122.7,20.0,103.0,-1.0,-1234.5,-3.5,10.0,-1.0,35.1,26.0,0.85"  # the row that squeezes every column
PLAIN = "45.5,0.08,41.8,0.27,4.2,-0.5,2.7,-0.25,80.0,70.0,0.6"
NAMES = {"689009.SH": "九号公司-WD", "688028.SH": "奥比中光-UW", "688256.SH": "寒武纪科技-U",
         "603115.SH": "测试公司015", "688981.SH": "中芯国际-U"}
LONGER = {**NAMES, "688777.SH": "中芯国际集成电路制-U"}  # room for it only with the figures a little smaller


def words(pdf) -> list[dict]:
    """Every word pdftotext finds, with its page and box (points)."""
    text = subprocess.run(["pdftotext", "-tsv", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out = []
    for row in csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["level"] == "5" and row["text"].strip():
            out.append({"page": int(row["page_num"]), "left": float(row["left"]), "top": float(row["top"]),
                        "width": float(row["width"]), "height": float(row["height"]), "text": row["text"]})
    return out


@pytest.fixture(params=[NAMES, LONGER], ids=["seven", "ten"])
def wide(demo_store, tmp_path, request):
    names = request.param
    path = tmp_path / "wide.csv"
    lines = [HEAD] + [f"{t},{n},PCB,{WIDE if t == '689009.SH' else PLAIN}" for t, n in names.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_files(demo_store, [path], default_amount_unit="亿元", as_of="2024-12-29", ratio_unit="fraction")
    issue = demo_store.issue("latest")
    out = tmp_path / "wide.pdf"
    export_pdf(demo_store, issue, out)
    columns = len(build_report_spec(demo_store, issue).table.columns)
    return out, columns, words(out), names


def line_of(found: list[dict], ticker: str) -> list[dict]:
    tick = next(w for w in found if w["text"] == ticker and w["page"] > 1)
    return sorted((w for w in found if w["page"] == tick["page"] and abs(w["top"] - tick["top"]) < 0.5
                   and w["left"] > tick["left"]), key=lambda w: w["left"])


def test_each_short_name_prints_whole_on_its_rows_line(wide):
    out, columns, found, names = wide
    for ticker, name in names.items():
        line = line_of(found, ticker)
        assert line and line[0]["text"] == name, (ticker, [w["text"] for w in line])
        assert len(line) == 1 + columns, (ticker, [w["text"] for w in line])  # every figure on the same line
    # the whole name is there to search for: nothing of it was left on a line of its own
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for name in names.values():
        assert name in text, name


def test_the_wide_row_prints_its_own_figures_without_touching(wide):
    _, _, found, _ = wide
    line = line_of(found, "689009.SH")
    printed = [w["text"] for w in line]
    for expected in ("32122.7", "2000.00%", "-1234.5", "-350.00%", "-100.00%"):
        assert expected in printed, printed
    for a, b in zip(line, line[1:]):
        assert a["left"] + a["width"] < b["left"], (a["text"], b["text"])


def test_the_figures_stay_readable(wide):
    """Figures shrink for a name only down to 6 pt for the table's 7 pt text: six sevenths of a name's height."""
    _, _, found, names = wide
    for ticker in names:
        line = line_of(found, ticker)
        name_h = line[0]["height"]
        for w in line[1:]:
            assert w["height"] >= name_h * 6 / 7 - 0.05, (ticker, w["text"], w["height"], name_h)


def test_two_word_labels_break_only_at_their_space(wide):
    """A label giving up width wraps between its words (2023 / YoY, PE / 2024E), never inside one."""
    _, _, found, _ = wide
    tick = next(w for w in found if w["text"] == "689009.SH")
    head = [w["text"] for w in found if w["page"] == tick["page"] and w["top"] < tick["top"]]
    for word in ("YoY", "2024E", "2025E", "24Q1-Q3"):
        assert word in head, head
    assert not [t for t in head if re.fullmatch(r"Yo|oY|202|024E|025E|24Q1-?|Q3|-Q3", t)], head


def test_the_figures_shrink_only_when_the_names_need_it(wide):
    """Up to seven characters the other columns' room is enough and the figures keep the names' size;
    the ten-character name gets its room from figures a little smaller (and no smaller than 6 pt)."""
    _, _, found, names = wide
    line = line_of(found, "688981.SH")
    ratios = {round(w["height"] / line[0]["height"], 3) for w in line[1:]}
    assert len(ratios) == 1, ratios  # one size for every figure
    if names is LONGER:
        assert 6 / 7 - 0.01 < ratios.pop() < 0.99
    else:
        assert ratios.pop() == pytest.approx(1.0, abs=0.01)
