"""STAR-market short names with a share-class suffix (九号公司-WD, 奥比中光-UW) print on one line in the
comparison table: the 公司 column takes the width its longest name needs from the figure columns'
spare room, so the row keeps its height and every figure stays on the row's line. A name too long
for any room the figures can spare wraps, but never inside its suffix (-WD stays with the hanzi
before it) and never loses a character.

The names come in as `workbench import --rename` brings them (a company list renaming stored
tickers); the PDF is read back with pdftotext's word boxes (-tsv)."""

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

STAR = {"688608.SH": ("奥比中光-UW", "AIOT soc"), "688018.SH": ("九号公司-WD", "AIOT soc")}
LONG = {"688728.SH": ("中芯国际集成电路制造-U", "IC 设计"),
        "688049.SH": ("超长名称先进半导体与智能终端科技集团股份-WD", "AIOT soc")}  # 23 characters


@pytest.fixture
def pdf(demo_store, tmp_path):
    path = tmp_path / "companies.csv"
    rows = [("ticker", "name", "segment")] + [(t, n, s) for t, (n, s) in {**STAR, **LONG}.items()]
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    import_files(demo_store, [path], renamed_companies=[*STAR, *LONG])
    issue = demo_store.issue("latest")
    out = tmp_path / "names.pdf"
    export_pdf(demo_store, issue, out)
    columns = len(build_report_spec(demo_store, issue).table.columns)
    return out, columns


def words(pdf) -> list[dict]:
    """Every word pdftotext finds, with its page and box (points)."""
    text = subprocess.run(["pdftotext", "-tsv", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out = []
    for row in csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["level"] == "5" and row["text"].strip():
            out.append({"page": int(row["page_num"]), "left": float(row["left"]), "top": float(row["top"]),
                        "height": float(row["height"]), "text": row["text"]})
    return out


def row_of(all_words: list[dict], ticker: str) -> tuple[dict, list[dict]]:
    """The ticker's word in the table and the words on its line (the same top, to the right of it)."""
    tick = next(w for w in all_words if w["text"] == ticker and w["page"] > 1)
    line = [w for w in all_words if w["page"] == tick["page"] and abs(w["top"] - tick["top"]) < 0.5
            and w["left"] > tick["left"]]
    return tick, sorted(line, key=lambda w: w["left"])


def test_a_suffixed_name_prints_whole_on_its_rows_line(demo_store, pdf):
    out, columns = pdf
    found = words(out)
    for ticker, (name, _) in STAR.items():
        _, line = row_of(found, ticker)
        assert line and line[0]["text"] == name, [w["text"] for w in line]
        assert len(line) == 1 + columns  # the name and every figure, none pushed onto a line of its own


def test_the_row_keeps_the_height_of_its_neighbours(demo_store, pdf):
    out, _ = pdf
    found = words(out)
    tickers = [w for w in found if re.fullmatch(r"\d{6}\.S[HZ]", w["text"]) and w["page"] > 1]
    for ticker in STAR:
        tick, _ = row_of(found, ticker)
        same_page = sorted((w["top"] for w in tickers if w["page"] == tick["page"]))
        steps = [b - a for a, b in zip(same_page, same_page[1:])]
        ordinary = sorted(steps)[len(steps) // 2]  # the usual row pitch on that page
        at = same_page.index(tick["top"])
        around = [s for s in steps[max(0, at - 1):at + 1]]
        assert max(around) < ordinary + 2, (ticker, around, ordinary)  # a second line adds half a line each side


def test_a_name_too_long_for_the_room_wraps_whole_and_keeps_its_suffix(demo_store, pdf):
    out, _ = pdf
    found = words(out)
    for ticker, (name, _) in LONG.items():
        tick, _ = row_of(found, ticker)
        # the name's pieces: words on the ticker's page, within a few lines of it, that are part of the name
        near = [w for w in found if w["page"] == tick["page"] and abs(w["top"] - tick["top"]) < 4 * tick["height"]
                and w["left"] > tick["left"] and w["text"] in name and not re.fullmatch(r"[-\d.,%]+", w["text"])]
        pieces = [w["text"] for w in sorted(near, key=lambda w: (w["top"], w["left"]))]
        assert "".join(pieces) == name, pieces
        suffix = re.search(r"-[A-Z]+$", name).group()
        assert any(re.search(r"[\u4e00-\u9fff]" + re.escape(suffix) + "$", p) for p in pieces), pieces
        assert not any(p.endswith("-") or p == suffix.lstrip("-") for p in pieces), pieces


@pytest.mark.parametrize("name", ["九号公司-WD", "奥比中光-UW", "*ST左江", "中芯国际集成电路制造-U", "TCL中环",
                                  "超长名称先进半导体与智能终端科技集团股份-WD", "XD康缘药业-W"])
@pytest.mark.parametrize("chars", [2.5, 3.5, 5, 8])
def test_name_lines_never_split_a_latin_run_and_lose_nothing(name, chars):
    """Any measure from two and a half hanzi up: the lines give the name back whole, each fits the
    measure, and no Latin run (-WD, *ST, TCL, XD) is split or starts a line with its hyphen."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from workbench.report.fonts import font_set
    from workbench.report.table import name_lines

    font = font_set(None).body
    measure = chars * 7.0
    lines = name_lines(name, measure, font, 7.0)
    assert "".join(lines) == name
    assert all(stringWidth(line, font, 7.0) <= measure + 1e-6 for line in lines)
    for run in re.findall(r"[-*A-Z]+", name):
        if stringWidth(run, font, 7.0) <= measure:
            assert any(run in line for line in lines), (run, lines)
        if stringWidth("字" + run, font, 7.0) <= measure:  # room for the suffix with a hanzi: it has one
            assert not any(line.startswith("-") for line in lines), lines
