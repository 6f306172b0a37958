"""Copy-forward, draft -> review -> final, freezing, corrections and week-over-week diffs."""

import hashlib

import pytest

from workbench.drafting.diff import diff_issues
from workbench.drafting.lifecycle import change_status, copy_forward, export_issue, frozen_spec, open_correction
from workbench.errors import ReadOnlyIssue, WorkbenchError
from workbench.report.preflight import preflight


def test_copy_forward_makes_next_weeks_valid_draft(demo_store):
    src = demo_store.issue("latest")
    new = copy_forward(demo_store, src.id, by="编辑")
    assert new.id != src.id and new.status == "draft" and new.version == 1
    assert (new.period_start, new.period_end, new.publish_date) == ("2024-12-30", "2025-01-05", "2025-01-10")
    assert new.related[0].issue_id == src.id and new.related[0].date == src.publish_date
    assert "20241223-20241229" in new.related[0].title
    assert len(new.related) == 3 and new.related[1].title == src.related[0].title
    assert new.table.as_of == "2025-01-05"
    assert [t.tickers for t in new.themes] == [t.tickers for t in src.themes]
    assert [f.title for f in new.figures] == [f.title for f in src.figures]
    assert new.analysts == src.analysts and new.rating == src.rating
    assert new.market_review == ""  # no quotes for the new week yet: nothing stale is carried over
    assert preflight(demo_store, new).blockers == []
    assert demo_store.issue_log(new.id)[0]["to_status"] == "draft"


def test_status_changes_are_recorded_and_follow_the_order(demo_store):
    issue = demo_store.issue("latest")
    with pytest.raises(WorkbenchError, match="draft -> review -> final"):
        change_status(demo_store, issue.id, "final", by="editor")
    change_status(demo_store, issue.id, "review", by="林思远")
    change_status(demo_store, issue.id, "final", by="审核 王编辑")
    log = demo_store.issue_log(issue.id)
    assert [(r["from_status"], r["to_status"], r["by"]) for r in log] == [
        ("draft", "review", "林思远"), ("review", "final", "审核 王编辑")]
    assert all(r["at"] for r in log)
    with pytest.raises(ReadOnlyIssue):
        change_status(demo_store, issue.id, "draft", by="x")


def _finalise(store, issue_id):
    change_status(store, issue_id, "review", by="analyst")
    return change_status(store, issue_id, "final", by="editor")


def test_final_issue_is_frozen_against_newer_data(demo_store, tmp_path):
    issue = _finalise(demo_store, demo_store.issue("latest").id)
    version = demo_store.versions(issue.id)[-1]
    out1 = tmp_path / "final.pdf"
    r1 = export_issue(demo_store, issue.id, out1)
    assert r1.sha256 == version["pdf_sha256"] == hashlib.sha256(out1.read_bytes()).hexdigest()
    # newer data arrives: a revised forecast and a new close
    demo_store.write_facts([("300493.SZ", "pe", "2024E", 99.9), ("300493.SZ", "revenue", "2023A", 30e8)],
                           source="Wind", as_of="2025-01-06")
    demo_store.set_quote(demo_store.index("上证指数")["id"], "2024-12-27", 3300.00, -0.02)
    out2 = tmp_path / "again.pdf"
    r2 = export_issue(demo_store, issue.id, out2)
    assert r2.sha256 == r1.sha256 and out2.read_bytes() == out1.read_bytes()
    snap = frozen_spec(demo_store, issue.id)
    row = next(r for r in snap.table.rows if r.ticker == "300493.SZ")
    assert 128.3 in row.values and 99.9 not in row.values
    with pytest.raises(ReadOnlyIssue):
        issue.headline = "改动"
        demo_store.save_issue(issue)


def test_frozen_snapshot_renders_the_same_bytes(demo_store):
    from workbench.report import render_pdf

    issue = _finalise(demo_store, demo_store.issue("latest").id)
    stored = demo_store.version_pdf(issue.id, 1)
    assert render_pdf(frozen_spec(demo_store, issue.id)) == stored


def test_correction_keeps_both_versions(demo_store):
    issue = _finalise(demo_store, demo_store.issue("latest").id)
    first_sha = demo_store.versions(issue.id)[0]["pdf_sha256"]
    with pytest.raises(WorkbenchError):
        open_correction(demo_store, issue.id, reason=" ", by="editor")
    draft = open_correction(demo_store, issue.id, reason="更正风险提示措辞", by="editor")
    assert (draft.status, draft.version) == ("draft", 2)
    draft.risks.append("汇率波动风险")
    demo_store.save_issue(draft)
    _finalise(demo_store, issue.id)
    versions = demo_store.versions(issue.id)
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["pdf_sha256"] == first_sha != versions[1]["pdf_sha256"]
    assert "汇率波动风险" not in versions[0]["issue_json"] and "汇率波动风险" in versions[1]["issue_json"]
    assert any("更正风险提示措辞" in (r["reason"] or "") for r in demo_store.issue_log(issue.id))


def test_diff_of_two_weeks(demo_store):
    demo_store.write_facts([("300308.SZ", "eps", "2025E", 6.1)], source="Wind", as_of="2024-12-27")
    last = _finalise(demo_store, demo_store.issue("latest").id)
    new = copy_forward(demo_store, last.id, by="编辑")
    assert diff_issues(demo_store, last.id, new.id).changes == []
    demo_store.write_facts([("300308.SZ", "pe", "2025E", 21.0), ("300308.SZ", "eps", "2025E", 6.4),  # EPS revised
                            ("300308.SZ", "revenue", "2023A", 107.2e8 + 1e5)], source="Wind", as_of="2025-01-05")
    demo_store.upsert_companies([{"ticker": "688981.SH", "name": "中芯国际", "segment": "IC 设计"}])
    new.rating_action = "上调"
    new.rating = "增持"
    demo_store.save_issue(new)
    d = diff_issues(demo_store, last.id, new.id)
    assert ("688981.SH", "中芯国际") in d.added
    assert [c.ticker for c in d.forecast_changes] == ["300308.SZ"]
    assert all(c.metric != "revenue" for c in d.changes)  # a change below the printed rounding is not news
    assert ("评级变动 rating action", "维持", "上调") in d.meta
    assert "中芯国际" in d.to_text() and "forecast" in d.to_text()


def test_previous_issue_prefers_the_same_series(store):
    from workbench.domain.issue import Issue
    from workbench.drafting.lifecycle import previous_issue

    def add(series, start, end):
        return store.save_issue(Issue(series=series, headline="周观点", period_start=start, period_end=end,
                                      publish_date=end))

    a1 = add("A", "2024-12-16", "2024-12-22")
    add("B", "2024-12-23", "2024-12-29")
    a3 = add("A", "2024-12-30", "2025-01-05")
    c4 = add("C", "2025-01-06", "2025-01-12")
    assert previous_issue(store, a3) == a1
    assert previous_issue(store, c4) == a3  # no earlier issue of its own series: the latest earlier one
    assert previous_issue(store, a1) is None


def test_copy_forward_records_who_and_from_where(demo_store):
    new = copy_forward(demo_store, 1, by="周雨桐")
    entry = demo_store.issue_log(new.id)[0]
    assert entry["by"] == "周雨桐" and "#1" in entry["reason"] and "复制" in entry["reason"]


def test_frozen_snapshot_says_final_and_a_live_diff_says_so(demo_store):
    issue = _finalise(demo_store, demo_store.issue("latest").id)
    assert frozen_spec(demo_store, issue.id).status == "final"
    draft = copy_forward(demo_store, issue.id, by="编辑")
    text = diff_issues(demo_store, issue.id, draft.id).to_text()
    first, second = text.splitlines()[0].split("→")
    assert "live data" not in first and "live data" in second


def test_a_corrected_version_records_the_correction_reason(demo_store):
    issue = _finalise(demo_store, demo_store.issue("latest").id)
    open_correction(demo_store, issue.id, reason="更正标的代码", by="editor")
    _finalise(demo_store, issue.id)
    assert [v["reason"] for v in demo_store.versions(issue.id)] == [None, "更正 correction: 更正标的代码"]


def test_a_published_issue_cannot_be_deleted_even_while_corrected(demo_store):
    issue = _finalise(demo_store, demo_store.issue("latest").id)
    with pytest.raises(ReadOnlyIssue):
        demo_store.delete_issue(issue.id)
    open_correction(demo_store, issue.id, reason="更正", by="editor")
    with pytest.raises(ReadOnlyIssue):
        demo_store.delete_issue(issue.id)
    assert len(demo_store.versions(issue.id)) == 1
    draft = copy_forward(demo_store, issue.id, by="编辑")
    demo_store.delete_issue(draft.id)  # a never-published draft can go
    assert [i["id"] for i in demo_store.issues()] == [issue.id]


def test_the_database_refuses_to_rewrite_the_record(demo_store):
    import sqlite3

    issue = _finalise(demo_store, demo_store.issue("latest").id)
    for sql in ("UPDATE issue_versions SET pdf_sha256 = 'x'", "DELETE FROM issue_versions",
                "UPDATE issue_log SET by = 'someone else'", "DELETE FROM issue_log",
                f"DELETE FROM issues WHERE id = {issue.id}"):
        with pytest.raises(sqlite3.DatabaseError, match="cannot be changed"):
            demo_store.db.execute(sql)
    assert len(demo_store.versions(issue.id)) == 1 and len(demo_store.issue_log(issue.id)) == 2


def test_an_issue_with_an_empty_market_review_cannot_be_made_final(demo_store):
    from workbench.report import PreflightFailed

    new = copy_forward(demo_store, demo_store.issue("latest").id, by="编辑")  # the new week has no quotes yet
    assert new.market_review == ""
    change_status(demo_store, new.id, "review", by="analyst")
    with pytest.raises(PreflightFailed) as failed:
        change_status(demo_store, new.id, "final", by="editor")
    assert "market_review" in [f.field for f in failed.value.result.blockers]
    assert demo_store.issue(new.id).status == "review" and demo_store.versions(new.id) == []


@pytest.mark.parametrize("who", ["", "   ", "\t\n", None])
def test_a_status_change_needs_a_name(demo_store, who):
    issue = demo_store.issue("latest")
    log = demo_store.issue_log(issue.id)
    with pytest.raises(WorkbenchError, match="操作人"):
        change_status(demo_store, issue.id, "review", by=who)
    assert demo_store.issue(issue.id).status == "draft" and demo_store.issue_log(issue.id) == log
    change_status(demo_store, issue.id, "review", by="analyst")
    with pytest.raises(WorkbenchError, match="操作人"):
        change_status(demo_store, issue.id, "final", by=who)
    assert demo_store.issue(issue.id).status == "review" and demo_store.versions(issue.id) == []


@pytest.mark.parametrize("who", ["", "  "])
def test_freezing_and_correcting_need_a_name(demo_store, who):
    from workbench.drafting.lifecycle import freeze

    issue = demo_store.issue("latest")
    with pytest.raises(WorkbenchError, match="操作人"):
        freeze(demo_store, issue, by=who)
    assert demo_store.versions(issue.id) == []
    _finalise(demo_store, issue.id)
    with pytest.raises(WorkbenchError, match="操作人"):
        open_correction(demo_store, issue.id, reason="数据更正", by=who)
    assert demo_store.issue(issue.id).status == "final" and demo_store.issue(issue.id).version == 1


def test_a_name_is_recorded_without_surrounding_blanks(demo_store):
    issue = demo_store.issue("latest")
    change_status(demo_store, issue.id, "review", by="  林思远 ")
    assert demo_store.issue_log(issue.id)[-1]["by"] == "林思远"


def test_copy_forward_refuses_a_second_issue_for_the_same_series_and_week(demo_store):
    from workbench.drafting.lifecycle import IssueExists

    src = demo_store.issue("latest")
    first = copy_forward(demo_store, src.id, by="analyst")
    before = (demo_store.issues(), demo_store.issue_log(first.id))
    with pytest.raises(IssueExists) as refused:
        copy_forward(demo_store, src.id, by="analyst")
    assert refused.value.issue_id == first.id
    assert f"#{first.id}" in refused.value.message and "2024-12-30" in refused.value.message
    assert (demo_store.issues(), demo_store.issue_log(first.id)) == before
    again = copy_forward(demo_store, src.id, by="analyst", again=True)  # asked for explicitly
    assert again.id not in (src.id, first.id)
    assert (again.series, again.period_start) == (first.series, first.period_start)


def test_copy_forward_into_a_week_another_series_has_is_allowed(demo_store):
    src = demo_store.issue("latest")
    first = copy_forward(demo_store, src.id, by="analyst")
    other = demo_store.issue(first.id)
    other.series = "另一系列周报"
    demo_store.save_issue(other)
    assert copy_forward(demo_store, src.id, by="analyst").series == src.series


@pytest.mark.parametrize("by", ["", "   ", None])
def test_copy_forward_refuses_a_blank_name_and_creates_nothing(demo_store, by):
    src = demo_store.issue("latest")
    before = demo_store.issues()
    with pytest.raises(WorkbenchError, match="操作人"):
        copy_forward(demo_store, src.id, by=by)
    assert demo_store.issues() == before


def test_copy_forward_records_who_made_it(demo_store):
    new = copy_forward(demo_store, demo_store.issue("latest").id, by="  周雨桐 ")
    assert [e["by"] for e in demo_store.issue_log(new.id)] == ["周雨桐"]
