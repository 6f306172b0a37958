"""The comparison table never drops a company silently.

The demo's issue lists its segments. A company imported in a new segment after that issue was
saved, a listed segment that holds no company (a typo, a full-width colon) and a theme's stock to
watch that the table leaves out are each named by the preflight; copy-forward takes in a segment
that appeared after the source was saved and keeps out one the editor left out. What a segment
holds is read with plain SQL over the store, never from the code under test.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from workbench.domain.issue import Theme
from workbench.drafting.lifecycle import copy_forward
from workbench.imports import import_files
from workbench.report.preflight import preflight
from workbench.report.spec import build_report_spec

NEW_SEGMENT = "新兴细分赛道：卫星互联网与低轨星座地面设备"
NEW_COMPANY = ("688999.SH", "新材料有限公司")
COMPANY_FILE = ["ticker", "name", "segment", "revenue_2023"]


def found(result, code: str):
    return [f for f in result.warnings + result.blockers if f.code == code]


def later_than(issue, minutes: int = 60) -> str:
    return (datetime.fromisoformat(issue.updated_at) + timedelta(minutes=minutes)).isoformat(timespec="seconds")


def import_new_company(store, write_csv, monkeypatch, at: str) -> None:
    """The week's company file with one company in a segment the store does not hold, imported at
    ``at`` (after the issue it is compared with was saved)."""
    monkeypatch.setattr("workbench.store.store.now_iso", lambda: at)
    path = write_csv("公司.csv", [COMPANY_FILE, [*NEW_COMPANY, NEW_SEGMENT, "8.8"]])
    import_files(store, [path], default_amount_unit="亿元", new_companies=[NEW_COMPANY[0]])
    monkeypatch.undo()


def stored_segment(store) -> str:
    """The new company's segment as the store holds it (the import may normalise how it is written)."""
    return store.rows("SELECT s.name FROM companies c JOIN segments s ON s.id = c.segment_id WHERE c.ticker = ?",
                      [NEW_COMPANY[0]])[0]["name"]


def segment_tickers(store, segment: str) -> set[str]:
    return {r["ticker"] for r in store.rows(
        "SELECT c.ticker FROM companies c JOIN segments s ON s.id = c.segment_id WHERE s.name = ?", [segment])}


def table_tickers(store, issue) -> set[str]:
    return {r.ticker for r in build_report_spec(store, issue).table.rows}


def test_the_demo_issue_lists_its_segments(demo_store):
    assert demo_store.issue("latest").table.segments is not None  # what the tests below rely on


def test_copy_forward_takes_in_a_segment_that_appeared_after_the_source_was_saved(demo_store, write_csv,
                                                                                monkeypatch):
    src = demo_store.issue("latest")
    import_new_company(demo_store, write_csv, monkeypatch, later_than(src))
    segment = stored_segment(demo_store)
    assert segment_tickers(demo_store, segment) == {NEW_COMPANY[0]}
    new = copy_forward(demo_store, src.id, by="编辑")
    assert segment in new.table.segments
    assert new.table.segments[:len(src.table.segments)] == src.table.segments  # the editor's order first
    assert NEW_COMPANY[0] in table_tickers(demo_store, new)
    assert not found(preflight(demo_store, new), "table_segment_new")


def test_copy_forward_keeps_out_a_segment_the_editor_left_out(demo_store, write_csv, monkeypatch):
    src = demo_store.issue("latest")
    left_out = src.table.segments[1]
    src.table.segments = [s for s in src.table.segments if s != left_out]
    demo_store.save_issue(src)  # the editor unticks a segment the store already holds
    src = demo_store.issue(src.id)
    import_new_company(demo_store, write_csv, monkeypatch, later_than(src))
    new = copy_forward(demo_store, src.id, by="编辑")
    assert left_out not in new.table.segments and stored_segment(demo_store) in new.table.segments
    shown = table_tickers(demo_store, new)
    assert segment_tickers(demo_store, left_out) and not segment_tickers(demo_store, left_out) & shown


def test_a_segment_imported_after_copy_forward_is_named_with_its_companies(demo_store, write_csv, monkeypatch):
    src = demo_store.issue("latest")
    new = copy_forward(demo_store, src.id, by="编辑")
    import_new_company(demo_store, write_csv, monkeypatch, later_than(new))
    segment = stored_segment(demo_store)
    assert segment_tickers(demo_store, segment) - table_tickers(demo_store, demo_store.issue(new.id))
    hits = found(preflight(demo_store, new.id), "table_segment_new")
    assert len(hits) == 1
    assert segment in hits[0].message and f"{NEW_COMPANY[1]}（{NEW_COMPANY[0]}）" in hits[0].message
    assert hits[0].label == "比较表细分板块"
    # ticked: the company is in the table and the warning is gone
    issue = demo_store.issue(new.id)
    issue.table.segments.append(segment)
    demo_store.save_issue(issue)
    assert NEW_COMPANY[0] in table_tickers(demo_store, issue)
    assert not found(preflight(demo_store, issue.id), "table_segment_new")


def test_a_stock_to_watch_missing_from_the_table_is_named_with_its_theme(demo_store, write_csv, monkeypatch):
    src = demo_store.issue("latest")
    new = copy_forward(demo_store, src.id, by="编辑")
    import_new_company(demo_store, write_csv, monkeypatch, later_than(new))
    issue = demo_store.issue(new.id)
    issue.themes.append(Theme("卫星互联网", "国内星座组网提速。", [NEW_COMPANY[0]]))
    demo_store.save_issue(issue)
    n = len(issue.themes)
    result = preflight(demo_store, issue.id)
    hits = found(result, "pick_not_in_table")
    assert [h.field for h in hits] == [f"themes[{n - 1}].tickers"]
    assert result.warnings[0] == hits[0]  # the stronger warning comes first
    segment = stored_segment(demo_store)
    assert f"投资主题 {n}" in hits[0].message and NEW_COMPANY[0] in hits[0].message and segment in hits[0].message
    issue.table.segments.append(segment)
    demo_store.save_issue(issue)
    assert not found(preflight(demo_store, issue.id), "pick_not_in_table")


def test_the_demo_themes_stocks_in_the_table_are_not_flagged(demo_store):
    issue = demo_store.issue("latest")
    shown = table_tickers(demo_store, issue)
    with_data = {t for th in issue.themes for t in th.tickers if demo_store.has_company(t)
                 and demo_store.has_fact_values(demo_store.find_company(t)["ticker"])}
    flagged = {f.message for f in found(preflight(demo_store, issue), "pick_not_in_table")}
    expected = {t for t in with_data if demo_store.find_company(t)["ticker"] not in shown}
    assert len(flagged) == len(expected)


@pytest.mark.parametrize("typed, hint", [
    ("不存在的板块", None),
    ("{first} ", "{first}"),  # a trailing space
])
def test_a_listed_segment_that_holds_no_company_is_named(demo_store, typed, hint):
    issue = demo_store.issue("latest")
    first = issue.table.segments[0]
    typed = typed.format(first=first)
    assert not segment_tickers(demo_store, typed)
    issue.table.segments.append(typed)
    demo_store.save_issue(issue)
    hits = found(preflight(demo_store, issue), "table_segment_empty")
    assert len(hits) == 1 and f"“{typed}”" in hits[0].message
    if hint:
        assert f"库中有“{hint.format(first=first)}”" in hits[0].message
    assert hits[0].label == "比较表细分板块"


def test_a_segment_typed_with_the_other_colon_is_told_from_the_stored_one(demo_store, write_csv, monkeypatch):
    issue = demo_store.issue("latest")
    import_new_company(demo_store, write_csv, monkeypatch, later_than(issue))
    segment = stored_segment(demo_store)
    typed = segment.replace("：", ":") if "：" in segment else segment.replace(":", "：")  # the other colon
    assert typed != segment and not segment_tickers(demo_store, typed)
    issue.table.segments.append(typed)
    demo_store.save_issue(issue)
    hits = found(preflight(demo_store, issue), "table_segment_empty")
    assert len(hits) == 1 and f"库中有“{segment}”" in hits[0].message


def test_the_editor_is_told_which_left_out_segments_are_new(demo_store, write_csv, monkeypatch):
    from workbench.report.freshness import segments_shown_as_new

    src = demo_store.issue("latest")
    issue = copy_forward(demo_store, src.id, by="编辑")
    assert segments_shown_as_new(demo_store, issue) == []
    import_new_company(demo_store, write_csv, monkeypatch, later_than(issue))
    issue = demo_store.issue(issue.id)
    assert segments_shown_as_new(demo_store, issue) == [stored_segment(demo_store)]
    issue.table.segments.append(stored_segment(demo_store))
    assert segments_shown_as_new(demo_store, issue) == []


def test_a_demo_pick_whose_segment_is_taken_out_of_the_table_is_named(demo_store):
    """Leaving a listed segment out of the table names every theme stock of it, as the store says
    which segment each company is in (an SQL read, not the preflight's own lookup)."""
    issue = demo_store.issue("latest")
    picks = [t for th in issue.themes for t in th.tickers if demo_store.has_company(t)]
    first = demo_store.find_company(picks[0])
    segment = demo_store.db.execute("SELECT s.name FROM companies c JOIN segments s ON s.id = c.segment_id "
                                    "WHERE c.ticker = ?", [first["ticker"]]).fetchone()[0]
    issue.table.segments = [s for s in issue.table.segments if s != segment]
    demo_store.save_issue(issue)
    in_segment = {r[0] for r in demo_store.db.execute(
        "SELECT c.ticker FROM companies c JOIN segments s ON s.id = c.segment_id WHERE s.name = ?", [segment])}
    expected = {demo_store.find_company(t)["ticker"] for t in picks} & in_segment
    expected = {t for t in expected if demo_store.has_fact_values(t)}
    hits = found(preflight(demo_store, issue.id), "pick_not_in_table")
    assert expected and len(hits) == len(expected)
    for ticker in expected:
        assert any(ticker in h.message and segment in h.message for h in hits), ticker
