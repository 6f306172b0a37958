"""The closing pages (分析师声明, 公司业务资格说明, the rating table, 免责声明) never leave a near-empty
last page of boilerplate: with six or more signing analysts the declaration's extra lines would
push the disclaimer's last lines onto a page of their own, so the closing block is set a little
tighter to fit, or breaks before a section so that the last page holds a fair share of text.

The PDF is read back with pdftotext's word boxes (-tsv): the running header and footer are the
words that repeat at the same place on every page; what is left on the last page is its body,
which must fill at least a quarter of the body height the other pages have. Every word of the
house's closing texts is still printed, and the report has no more pages than with two analysts
when the closing block needs none."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

from workbench.report import export_pdf
from workbench.report.spec import build_report_spec

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


def squash(text: str) -> str:
    return "".join(text.split())


def words(pdf) -> list[dict]:
    text = subprocess.run(["pdftotext", "-tsv", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out = []
    for row in csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["level"] == "5" and row["text"].strip():
            out.append({"page": int(row["page_num"]), "left": float(row["left"]), "top": float(row["top"]),
                        "height": float(row["height"]), "text": row["text"]})
    return out


def body_spans(found: list[dict]) -> tuple[dict[int, tuple[float, float]], float]:
    """Each page's body (top of its first word, bottom of its last, the running header and footer
    left out) and the body height a page offers (below the header, above the footer)."""
    pages = sorted({w["page"] for w in found})
    # a running word: the same text at the same place on every page but the first (page 1 has its own layout)
    later = pages[1:]
    spots = [{(w["text"], round(w["left"]), round(w["top"])) for w in found if w["page"] == p} for p in later]
    running = set.intersection(*spots)
    tops = [w["top"] for w in found if w["page"] == later[0] and (w["text"], round(w["left"]), round(w["top"])) in running]
    header_bottom = max(t for t in tops if t < 200)
    footer_top = min(t for t in tops if t > 600)
    spans = {}
    for p in later:  # the body: between the running header and the footer (whose page number varies)
        body = [w for w in found if w["page"] == p and header_bottom + 1 < w["top"] < footer_top - 1
                and (w["text"], round(w["left"]), round(w["top"])) not in running]
        if body:
            spans[p] = (min(w["top"] for w in body), max(w["top"] + w["height"] for w in body))
    return spans, footer_top - header_bottom


def signed_by(demo_store, n: int):
    issue = demo_store.issue("latest")
    extra = [demo_store.add_analyst(f"欧阳娜娜{i}", f"S09905200800{10 + i}") for i in range(3, n + 1)]
    issue.analysts = [*issue.analysts, *extra][:n]
    demo_store.save_issue(issue)
    return demo_store.issue(issue.id)


@pytest.mark.parametrize("n", [2, 6, 8, 10, 12])
def test_the_report_never_ends_on_a_near_empty_page(demo_store, tmp_path, n):
    issue = signed_by(demo_store, n)
    out = tmp_path / f"signed{n}.pdf"
    export_pdf(demo_store, issue, out)
    found = words(out)
    spans, body_h = body_spans(found)
    last = max(spans)
    top, bottom = spans[last]
    assert bottom - top >= body_h / 4, (n, last, bottom - top, body_h)
    # nothing of the closing texts was dropped to make it fit
    text = squash(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout)
    house = build_report_spec(demo_store, issue).house
    for block in (house.declaration, house.licence, house.disclaimer):
        for para in block.split("\n\n"):
            assert squash(para) in text, para[:40]
    for a in issue.analysts:
        assert squash(demo_store.analyst(a)["sac_no"]) in text


def test_six_analysts_keep_the_closing_block_on_the_pages_two_analysts_need(demo_store, tmp_path):
    """Three more lines of names are absorbed by a slightly tighter closing block, not a fifth page."""
    two = tmp_path / "two.pdf"
    export_pdf(demo_store, demo_store.issue("latest"), two)
    six = tmp_path / "six.pdf"
    export_pdf(demo_store, signed_by(demo_store, 6), six)
    pages = [max(w["page"] for w in words(p)) for p in (two, six)]
    assert pages[1] == pages[0], pages
