"""A relative-performance figure that stops before the issue's week says so in its caption
(（截至1月2日）), whoever titled it: the chart's own default title or the editor's. The preflight's
warning quotes the note the caption carries. The week's quotes are a file written here, the last
close of each index is read with plain SQL over the store, and the PDF is read back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from workbench.domain.issue import Figure
from workbench.drafting.lifecycle import copy_forward
from workbench.imports import import_files
from workbench.report.preflight import preflight
from workbench.report.spec import build_report_spec

THURSDAY, FRIDAY = "2025-01-02", "2025-01-03"
SECTOR = "申万电子"
OWN_TITLE = "申万电子指数与沪深300指数近一年相对走势对比（以起点为100）"
ROWS = [("000001.SH", "上证指数", FRIDAY, "3211.43", "-5.55%"), ("399001.SZ", "深证成指", FRIDAY, "10064.10", "-5.59%"),
        ("399006.SZ", "创业板指", FRIDAY, "2037.80", "-7.58%"), ("", "中证人工智能指数", FRIDAY, "1210.33", "-8.40%"),
        ("000300.SH", "沪深300", THURSDAY, "3820.11", "-4.05%"), ("000300.SH", "沪深300", FRIDAY, "3775.16", "-5.17%"),
        ("801080.SI", SECTOR, THURSDAY, "4101.20", "-4.85%")]  # the sector index has no close on Friday


def last_close(store, name: str, end: str) -> str:
    return store.scalar("SELECT max(q.date) FROM quotes q JOIN indices i ON i.id = q.index_id "
                        "WHERE i.name = ? AND q.date <= ? AND q.close IS NOT NULL", [name, end])


@pytest.fixture
def week_two(demo_store, tmp_path):
    """Week two of the demo series with the sector index's Friday close missing, and three
    relative-performance figures: one titled by the editor, one with the chart's own title, and one
    of an index whose closes reach Friday (its chart ends with the week)."""
    issue = copy_forward(demo_store, demo_store.issue("latest").id, by="编辑")
    csv = tmp_path / "指数行情_20250103.csv"
    lines = ["代码,名称,日期,收盘价,涨跌幅", *(",".join(r) for r in ROWS)]
    csv.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    import_files(demo_store, [csv], as_of=FRIDAY)
    issue = demo_store.issue(issue.id)
    issue.figures = [Figure(kind="relative_performance", title=OWN_TITLE, source="资料来源：Wind",
                            params={"index": SECTOR}),
                     Figure(kind="relative_performance", title="", source="资料来源：Wind", params={"index": SECTOR}),
                     Figure(kind="relative_performance", title="上证指数与沪深300走势", source="资料来源：Wind",
                            params={"index": "上证指数"})]
    demo_store.save_issue(issue)
    return demo_store.issue(issue.id)


def note(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"（截至{d.month}月{d.day}日）"


def test_every_caption_of_a_chart_stopping_early_says_where_whoever_titled_it(demo_store, week_two):
    shown = last_close(demo_store, SECTOR, week_two.period_end)
    assert shown == THURSDAY and last_close(demo_store, "沪深300", week_two.period_end) == FRIDAY
    spec = build_report_spec(demo_store, week_two)
    own, default, full = spec.figures
    assert own.chart.x[-1] == default.chart.x[-1] == shown
    assert own.title == OWN_TITLE + note(shown)
    assert default.title.startswith("最近一年行业指数与沪深300比较") and default.title.endswith(note(shown))
    assert full.chart.x[-1] == FRIDAY and full.title == "上证指数与沪深300走势"  # ends with its week: no note
    # the preflight's warning for each figure quotes the note its caption carries
    hits = {f.field: f.message for f in preflight(demo_store, week_two).warnings if f.code == "chart_cutoff"}
    assert set(hits) >= {"figures[0]", "figures[1]"} and "figures[2]" not in hits
    for k, entry in enumerate(spec.figures[:2]):
        claimed = hits[f"figures[{k}]"].split("图题注明“", 1)[1].split("”", 1)[0]
        assert f"（{claimed}）" in entry.title


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_pdf_prints_the_note_under_the_editors_title(demo_store, week_two, tmp_path):
    from workbench.report import export_pdf

    out = tmp_path / "week2.pdf"
    export_pdf(demo_store, week_two, out)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    joined = "".join(text.split())
    assert OWN_TITLE + note(THURSDAY) in joined
    assert "上证指数与沪深300走势" in joined and "上证指数与沪深300走势（截至" not in joined


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_a_title_cut_to_its_length_keeps_the_note(demo_store, week_two, tmp_path):
    """The caption holds 80 characters: a title that fits with its note prints whole; a longer one is
    cut before the note (its last kept character "…"), as the preflight's text_cut warning says."""
    from workbench.report import export_pdf
    from workbench.report.text import LIMITS

    limit, tail = LIMITS["figure.title"], note(THURSDAY)

    def printed(title: str) -> str:
        week_two.figures[0].title = title
        demo_store.save_issue(week_two)
        out = tmp_path / "week2.pdf"
        export_pdf(demo_store, week_two, out)
        return "".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())

    words = "申万电子指数相对沪深300指数" * 8
    fits = words[:limit - len(tail)]
    assert fits + tail in printed(fits)
    longer = words[:limit]
    text = printed(longer)
    assert longer[:limit - len(tail) - 1] + "…" + tail in text
    cut_warnings = [f for f in preflight(demo_store, week_two).warnings if f.code == "text_cut"]
    assert [f.field for f in cut_warnings] == ["figures[0].title"]
