"""Defects the desk simulation found, each reduced to its smallest case. Marked as expected
failures (strict: a fix makes them pass and the mark must go) until the sync is fixed; unmarked
once fixed, as the defence against their return."""

from __future__ import annotations

import pytest

import psycopg  # noqa: F401,E402  (a dependency: never skipped)

from desk_testing import Desk, local_tables, normalised, server_tables  # noqa: E402

from workbench.desk.sync import sync  # noqa: E402
from workbench.drafting.lifecycle import change_status, open_correction  # noqa: E402
from workbench.store import sync_state  # noqa: E402


@pytest.fixture
def published(pg_cluster, desk_db, demo_path, tmp_path):
    """A desk whose issue an editor published; an analyst's store has pulled the final issue."""
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    editor, analyst = desk.user("editor"), desk.user("analyst")
    ed = desk.join(tmp_path / "editor.sqlite", editor)
    an = desk.join(tmp_path / "analyst.sqlite", analyst)
    issue_id = ed.issue("latest").id
    change_status(ed, issue_id, "review", by="ed")
    change_status(ed, issue_id, "final", by="ed")
    assert sync(ed, editor).refused == 0
    sync(an, analyst)
    assert an.issue("latest").status == "final"
    yield desk, (ed, editor), (an, analyst)
    ed.close()
    an.close()


def test_a_correction_pulled_alone_is_taken(published):
    desk, (ed, editor), (an, analyst) = published
    open_correction(ed, ed.issue("latest").id, reason="更正数据", by="ed")
    sync(ed, editor)
    sync(an, analyst)
    assert (an.issue("latest").status, an.issue("latest").version) == ("draft", 2)
    assert normalised(local_tables(an)) == normalised(server_tables(desk.super_url))


def test_a_correction_edited_before_the_pull_is_taken(published):
    desk, (ed, editor), (an, analyst) = published
    open_correction(ed, ed.issue("latest").id, reason="更正数据", by="ed")
    issue = ed.issue("latest")
    issue.headline = "周观点：更正后的标题"
    ed.save_issue(issue)
    assert sync(ed, editor).refused == 0
    sync(an, analyst)  # the analyst was offline through the correction and the edit
    assert sync_state.conflicts(an) == []
    assert (an.issue("latest").status, an.issue("latest").headline) == ("draft", "周观点：更正后的标题")
    assert normalised(local_tables(an)) == normalised(server_tables(desk.super_url))


def test_an_offline_draft_edit_never_changes_a_published_issue(pg_cluster, desk_db, demo_path, tmp_path):
    """An editor's offline draft edit met an issue published since: it comes back as a conflict,
    the published issue's row stays the published one on the desk and everywhere."""
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    ea, eb = desk.user("editor"), desk.user("editor")
    a = desk.join(tmp_path / "a.sqlite", ea)
    b = desk.join(tmp_path / "b.sqlite", eb)
    try:
        draft = b.issue("latest")
        published_headline = draft.headline
        draft.headline = "周观点：乙离线改写"  # b works on the draft offline
        b.save_issue(draft)
        issue_id = a.issue("latest").id
        change_status(a, issue_id, "review", by="ed")
        change_status(a, issue_id, "final", by="ed")
        assert sync(a, ea).refused == 0
        sync(b, eb)  # b comes back online
        sync(a, ea)
        issue = server_tables(desk.super_url)["issues"]
        [row] = issue.values()
        assert (row["status"], row["headline"]) == ("final", published_headline)
        # b's text is kept as a conflict of b's, not lost
        assert any(c["mine"] and c["mine"].get("headline") == "周观点：乙离线改写"
                   for c in sync_state.conflicts(b, open_only=False))
        for s in (a, b):
            assert normalised(local_tables(s)) == normalised(server_tables(desk.super_url))
    finally:
        a.close()
        b.close()


def test_a_correction_published_before_the_pull_is_taken(published):
    """A store holding final v1 pulls v2 already corrected and published again: final v2, with
    both published versions, as on the desk."""
    desk, (ed, editor), (an, analyst) = published
    issue_id = ed.issue("latest").id
    open_correction(ed, issue_id, reason="更正数据", by="ed")
    change_status(ed, issue_id, "review", by="ed")
    change_status(ed, issue_id, "final", by="ed")
    assert sync(ed, editor).refused == 0
    _pulls_final_v2(desk, ed, issue_id, an, analyst)


def test_a_store_holding_v1_pulls_v2_corrected_and_published_since(published):
    """The editor synced between the correction and the new publication; the analyst did not: the
    analyst's store goes from final v1 straight to final v2, both published versions kept."""
    desk, (ed, editor), (an, analyst) = published
    issue_id = ed.issue("latest").id
    open_correction(ed, issue_id, reason="更正数据", by="ed")
    assert sync(ed, editor).refused == 0
    change_status(ed, issue_id, "review", by="ed")
    change_status(ed, issue_id, "final", by="ed")
    assert sync(ed, editor).refused == 0
    _pulls_final_v2(desk, ed, issue_id, an, analyst)


def _pulls_final_v2(desk, ed, issue_id, an, analyst):
    """The analyst's store pulls the issue as final v2 with both published versions, as on the desk."""
    sync(an, analyst)
    assert sync_state.conflicts(an) == []
    issue = an.issue("latest")
    assert (issue.status, issue.version) == ("final", 2)
    assert [v["version"] for v in an.versions(issue.id)] == [1, 2]
    assert an.version_pdf(issue.id, 2) == ed.version_pdf(issue_id, 2)
    assert normalised(local_tables(an)) == normalised(server_tables(desk.super_url))
