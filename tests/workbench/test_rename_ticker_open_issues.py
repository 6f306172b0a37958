"""A company whose ticker is changed (the 代码 cell of the companies table: ``edits.RenameTicker``) stays
named in the drafts and issues in review: their themes' stocks, the comparison table's companies, a
company's chart and what an open correction takes follow it to the new ticker; undoing the change
takes them back; a final issue (the published record) stays as published.

Before, the draft kept the old ticker: its PDF printed 【688608.SH】 where the theme named 恒玄科技, and
the preflight warned that the stock was no company. Truths: the demo's own draft (its first theme names
恒玄科技 688608.SH), the PDF read back with pypdf.
"""

from __future__ import annotations

import json

import pypdf

from workbench.edits import RenameTicker
from workbench.report.export import export_pdf
from workbench.report.preflight import preflight

OLD, NEW = "688608.SH", "688609.SH"


def draft_id(store) -> int:
    [row] = [r for r in store.issues() if r["status"] == "draft"]
    return row["id"]


def pdf_text(path) -> str:
    return "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(str(path)).pages)


def test_a_drafts_theme_table_and_chart_follow_the_renamed_company_and_undo_takes_them_back(demo_store, tmp_path):
    store = demo_store
    issue = store.issue(draft_id(store))
    assert OLD in issue.themes[0].tickers
    issue.table.tickers = [OLD, "002384.SZ"]
    issue.figures[0].params = {**issue.figures[0].params, "ticker": OLD}
    store.save_issue(issue, keep_status=True)
    store.set_issue_correction(issue.id, {"version": 2, "take": [[OLD, None, None], ["002384.SZ", "revenue", "2024E"]],
                                          "typed": [[OLD, "revenue", "2024E", 20.5]]})

    edit = RenameTicker(OLD, NEW)
    edit.apply(store)
    after = store.issue(issue.id)
    assert NEW in after.themes[0].tickers and OLD not in after.themes[0].tickers
    assert after.table.tickers == [NEW, "002384.SZ"]
    assert after.figures[0].params["ticker"] == NEW
    correction = json.loads(store.scalar("SELECT correction FROM issues WHERE id = ?", [issue.id]))
    assert correction["take"] == [[NEW, None, None], ["002384.SZ", "revenue", "2024E"]]
    assert correction["typed"] == [[NEW, "revenue", "2024E", 20.5]]

    edit.revert(store)
    back = store.issue(issue.id)
    assert OLD in back.themes[0].tickers and back.table.tickers == [OLD, "002384.SZ"]
    assert back.figures[0].params["ticker"] == OLD


def test_the_renamed_companys_draft_prints_its_name_with_no_warning(demo_store, tmp_path):
    store = demo_store
    RenameTicker(OLD, NEW).apply(store)
    issue_id = draft_id(store)
    warnings = [w.message for w in preflight(store, issue_id).warnings]
    assert not [w for w in warnings if OLD in w or NEW in w], warnings
    export_pdf(store, issue_id, tmp_path / "renamed.pdf")
    text = pdf_text(tmp_path / "renamed.pdf")
    assert "【恒玄科技】" in text and "【688608.SH】" not in text


def test_a_final_issue_keeps_what_it_published(demo_store):
    store = demo_store
    issue = store.issue(draft_id(store))
    issue.id = None  # a second issue, set final (the published record)
    final_id = store.save_issue(issue)
    store.set_issue_status(final_id, "final")
    before = store.scalar("SELECT content FROM issues WHERE id = ?", [final_id])
    RenameTicker(OLD, NEW).apply(store)
    assert store.scalar("SELECT content FROM issues WHERE id = ?", [final_id]) == before
    assert OLD in store.issue(final_id).themes[0].tickers
