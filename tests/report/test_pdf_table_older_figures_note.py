"""A comparison table printing a price figure older than its week says so under the table, in the PDF.

The week after the demo's (2024-12-30..2025-01-05): this week's PE and 年初至今 arrive for every company
but two, whose PEs stay as of 2024-12-29 and who have no 2025 年初至今 at all. The PDF (draft and the
frozen final and a correction, read back with pypdf) notes exactly those two companies' PE with their
date. Which companies are old is the test's own choice, and the dates come from plain SQL over the
store; the demo issue, all of whose figures are its week's, prints no note.
"""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from workbench.drafting.lifecycle import change_status, copy_forward, export_issue
from workbench.report.spec import build_report_spec

LEFT_BEHIND = ("688502.SH", "002338.SZ")  # 茂莱光学, 奥普光电: the vendor did not refresh them


def pdf_text(path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "").replace(" ", "")


def notes(text: str) -> list[str]:
    return re.findall(r"注：[^资]*", text)


@pytest.fixture
def week_two(demo_store):
    """Week two's draft with this week's PE and 2025 年初至今 for every company of its table but two."""
    last = demo_store.issue("latest")
    change_status(demo_store, last.id, "review", by="analyst")
    change_status(demo_store, last.id, "final", by="editor")
    new = copy_forward(demo_store, last.id, by="编辑")
    tickers = [r.ticker for r in build_report_spec(demo_store, new).table.rows]
    assert set(LEFT_BEHIND) <= set(tickers)
    rows = []
    for i, t in enumerate(tickers):
        if t in LEFT_BEHIND:
            continue
        for period in ("2024E", "2025E"):
            pe = demo_store.fact(t, "pe", period)
            if pe is not None:
                rows.append((t, "pe", period, round(pe * 0.95, 2)))
        rows.append((t, "ytd_return", "2025YTD", -0.01 * (i % 7)))
    demo_store.write_facts(rows, source="Wind", as_of="2025-01-03")
    return new


def names(store, tickers) -> list[str]:
    return [store.company(t)["name"] for t in tickers]


def test_the_pdf_notes_the_companies_whose_pe_is_last_weeks(demo_store, week_two, tmp_path):
    old = demo_store.rows("SELECT DISTINCT ticker, as_of FROM facts WHERE metric = 'pe' AND as_of < ? "
                          "AND ticker IN (%s)" % ",".join("?" * len(LEFT_BEHIND)),
                          [week_two.period_start, *LEFT_BEHIND])
    assert {(r["ticker"], r["as_of"][:10]) for r in old} == {(t, "2024-12-29") for t in LEFT_BEHIND}
    out = tmp_path / "draft.pdf"
    export_issue(demo_store, week_two.id, out)
    found = notes(pdf_text(out))
    assert len(found) == 1, found
    note = found[0]
    for name in names(demo_store, LEFT_BEHIND):
        assert name in note
    assert "PE" in note and "截至2024年12月29日" in note
    others = [r.name for r in build_report_spec(demo_store, week_two).table.rows if r.ticker not in LEFT_BEHIND]
    assert not [n for n in others if n in note]  # only the two left behind
    assert "年初至今" not in note  # they print -- there: no figure, no date


def test_the_frozen_final_keeps_the_note(demo_store, week_two, tmp_path):
    week_two.market_review = "本周电子板块随市场调整。"  # names no index: no quotes needed to go final
    demo_store.save_issue(week_two)
    change_status(demo_store, week_two.id, "review", by="analyst")
    change_status(demo_store, week_two.id, "final", by="editor")
    out = tmp_path / "final.pdf"
    export_issue(demo_store, week_two.id, out)
    [note] = notes(pdf_text(out))
    assert all(n in note for n in names(demo_store, LEFT_BEHIND)) and "截至2024年12月29日" in note
    from workbench.drafting.record import verify_store

    report = verify_store(demo_store, facts=False)  # the snapshot renders again to the published bytes
    assert report.ok, report.text()


def test_the_demo_prints_no_note(demo_store, tmp_path):
    assert demo_store.scalar("SELECT count(*) FROM facts WHERE metric IN ('pe', 'ytd_return') AND as_of < ?",
                             [demo_store.issue("latest").period_start]) == 0
    out = tmp_path / "demo.pdf"
    export_issue(demo_store, demo_store.issue("latest").id, out)
    assert notes(pdf_text(out)) == []


def test_a_correction_keeps_the_note_of_the_figures_it_prints_as_published(demo_store, week_two, tmp_path):
    """A PE refreshed after the issue went out is kept at its published value by the correction (a
    market figure dated after the issue): the note still dates it; one refreshed for the issue's own
    week is taken, and leaves the note."""
    from workbench.drafting.lifecycle import open_correction

    week_two.market_review = "本周电子板块随市场调整。"
    demo_store.save_issue(week_two)
    change_status(demo_store, week_two.id, "review", by="analyst")
    change_status(demo_store, week_two.id, "final", by="editor")
    late, taken = LEFT_BEHIND
    demo_store.write_facts([(late, "pe", p, 100.0) for p in ("2024E", "2025E")], source="Wind", as_of="2025-01-08")
    demo_store.write_facts([(taken, "pe", p, 90.0) for p in ("2024E", "2025E")], source="Wind", as_of="2025-01-03")
    open_correction(demo_store, week_two.id, by="editor", reason="风险提示措辞更正")
    out = tmp_path / "correction.pdf"
    export_issue(demo_store, week_two.id, out)
    [note] = notes(pdf_text(out))
    late_name, taken_name = names(demo_store, LEFT_BEHIND)
    assert late_name in note and "截至2024年12月29日" in note
    assert taken_name not in note


def test_a_date_that_is_no_date_is_left_out_of_the_note(demo_store, week_two, tmp_path):
    """A figure's as-of date written outside the workbench as text that is no date: the export goes on,
    the note names the figures it can date."""
    late, odd = LEFT_BEHIND
    demo_store.db.execute("UPDATE facts SET as_of = '1999-13-45' WHERE ticker = ? AND metric = 'pe'", [odd])
    out = tmp_path / "draft.pdf"
    export_issue(demo_store, week_two.id, out)
    [note] = notes(pdf_text(out))
    late_name, odd_name = names(demo_store, LEFT_BEHIND)
    assert late_name in note and odd_name not in note
