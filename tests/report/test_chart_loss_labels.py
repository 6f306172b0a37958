"""A loss's value label never runs into the x-axis category label below it: a company-bars figure
whose net profit falls just above the axis' lowest tick (-45.7 亿元 on a -50 axis) keeps its label
"-45.7" inside the plot, clear of "2023", of the axis' tick labels and of every other label.

Two readings of the same rule: the chart drawn as the report draws a figure (every string's box
measured from its anchor, its font's advance widths and its ascent and descent), and the exported
PDF read back by poppler (``pdftotext -bbox``: the words' boxes as a PDF viewer places them)."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest
from reportlab.graphics.shapes import String
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from workbench.charts import figure_spec
from workbench.domain.issue import Figure
from workbench.domain.metrics import NumberStyle, format_value
from workbench.report.charts import spec_to_drawing
from workbench.report.fonts import font_set
from workbench.report.styles import BODY_W

TICKER = "688608.SH"  # a demo company: its revenue and net profit of 2023A and 2024Q1-Q3 are replaced
YI = 1e8  # yuan per 亿元
# a figure's chart as the report sets it: a row of three figures and a row of two (width, height)
SIZES = {"third": (BODY_W / 3 - 14 * 2 / 3, 128.0), "half": (BODY_W / 2 - 14 / 2, 150.0)}


def boxes(drawing) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every string the drawing draws, with the box its glyphs may cover (x0, y0, x1, y1)."""
    out = []

    def walk(node):
        for c in getattr(node, "contents", []):
            if isinstance(c, String) and c.text:
                w = stringWidth(c.text, c.fontName, c.fontSize)
                left = {"start": c.x, "middle": c.x - w / 2, "end": c.x - w}[c.textAnchor]
                asc, desc = getAscentDescent(c.fontName, c.fontSize)
                out.append((c.text, (left, c.y + desc, left + w, c.y + asc)))
            walk(c)
    walk(drawing)
    return out


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("loss", [-45.67, -49.96, -48.2, -19.9, -9.6, -98.7, -4.61, -240.3])
def test_a_loss_label_stays_clear_of_every_other_label(demo_store, size, loss):
    facts = [(TICKER, "revenue", "2023A", 61.2 * YI), (TICKER, "net_profit", "2023A", loss * YI),
             (TICKER, "revenue", "2024Q1-Q3", 148.1 * YI), (TICKER, "net_profit", "2024Q1-Q3", -12.3 * YI)]
    demo_store.write_facts(facts)
    spec = figure_spec(demo_store, Figure(kind="company_bars", title="", params={"ticker": TICKER}))
    width, height = SIZES[size]
    drawn = boxes(spec_to_drawing(spec, width, height, font_set({}).body, font_size=6.8, show_unit=False,
                                  numbers=NumberStyle()))
    texts = [t for t, _ in drawn]
    # every figure printed whole, as the comparison table prints it
    for *_, v in facts:
        assert format_value("amount", v) in texts, (format_value("amount", v), texts)
    for (ta, a), (tb, b) in combinations(drawn, 2):
        assert not overlap(a, b), f"{ta!r} {a} overlaps {tb!r} {b}"
    for t, (x0, y0, x1, y1) in drawn:
        assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, (t, (x0, y0, x1, y1), width, height)


# ---------------------------------------------------------------------- the PDF as poppler reads it
def wb(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "workbench", *args, "--db", str(db)], capture_output=True,
                          text=True, env=env, timeout=300)


def words(pdf: Path, page: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The words poppler finds on ``page`` (1-based), each with its box (top-down y)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(html.unescape(w), (float(a), float(b), float(c), float(d))) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def test_the_exported_loss_label_is_clear_of_the_year_below_it(tmp_path):
    db = tmp_path / "s.sqlite"
    assert wb("demo", "--force", db=db).returncode == 0
    csv = tmp_path / "loss.csv"
    csv.write_text("ticker,name,segment,revenue_2023,netprofit_2023,revenue_24q1q3,netprofit_24q1q3\n"
                   "689009.SH,亏损样例,PCB,61.2,-45.67,148.1,-12.3\n", encoding="utf-8")
    made = wb("import", str(csv), "--amount-unit", "亿元", "--as-of", "2024-12-29", db=db)
    assert made.returncode == 0, made.stderr
    from workbench.store import Store

    with Store(db) as st:  # what the editor saves: figure 3 is the loss-maker's company bars
        issue = st.issue(1)
        issue.figures = issue.figures[:2] + [Figure(kind="company_bars", title="", params={"ticker": "689009.SH"},
                                                    source="资料来源：Wind")]
        st.save_issue(issue)
    pdf = tmp_path / "loss.pdf"
    made = wb("export", "1", "-o", str(pdf), db=db)
    assert made.returncode == 0, made.stderr
    for page in range(1, 5):
        found = words(pdf, page)
        losses = [b for t, b in found if t == "-45.7"]
        if losses:
            break
    else:
        pytest.fail("the loss's label -45.7 is not printed")
    (loss,) = losses
    others = [(t, b) for t, b in found if b != loss]
    assert any(t == "2023" for t, _ in others)
    hit = [(t, b) for t, b in others if overlap(loss, b)]
    assert not hit, (loss, hit)
