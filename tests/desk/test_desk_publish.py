"""Publishing through the desk: an editor's final issue reaches every workstation with its frozen
PDF byte for byte; an analyst's attempt to publish is refused by the server and listed."""

from __future__ import annotations

import hashlib

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk, local_tables, normalised, server_tables  # noqa: E402

from workbench.desk.sync import sync  # noqa: E402
from workbench.drafting.lifecycle import change_status, open_correction  # noqa: E402
from workbench.store import sync_state  # noqa: E402


@pytest.fixture
def desk_with_draft(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    seed = desk.join(demo_path, admin)
    seed.close()
    editor, analyst = desk.user("editor"), desk.user("analyst")
    ed = desk.join(tmp_path / "editor.sqlite", editor)
    an = desk.join(tmp_path / "analyst.sqlite", analyst)
    yield desk, (ed, editor), (an, analyst)
    ed.close()
    an.close()


def test_published_pdf_is_byte_identical_everywhere(desk_with_draft):
    desk, (ed, editor), (an, analyst) = desk_with_draft
    issue_id = ed.issue("latest").id
    change_status(ed, issue_id, "review", by="lisi")
    change_status(ed, issue_id, "final", by="lisi")
    r = sync(ed, editor)
    assert r.refused == 0 and r.conflicts == 0
    sync(an, analyst)
    mine = ed.version_pdf(issue_id, 1)
    theirs_id = an.issue("latest").id
    theirs = an.version_pdf(theirs_id, 1)
    assert mine is not None and theirs == mine
    assert an.versions(theirs_id)[0]["pdf_sha256"] == hashlib.sha256(mine).hexdigest()
    assert an.issue("latest").status == "final"
    assert [r["to_status"] for r in an.issue_log(theirs_id)] == ["review", "final"]
    assert normalised(local_tables(an)) == normalised(server_tables(desk.super_url))


def test_a_correction_travels_and_keeps_the_published_version(desk_with_draft):
    desk, (ed, editor), (an, analyst) = desk_with_draft
    issue_id = ed.issue("latest").id
    change_status(ed, issue_id, "review", by="lisi")
    change_status(ed, issue_id, "final", by="lisi")
    open_correction(ed, issue_id, reason="更正营业收入", by="lisi")
    assert sync(ed, editor).refused == 0
    sync(an, analyst)
    issue = an.issue("latest")
    assert (issue.status, issue.version) == ("draft", 2)
    assert len(an.versions(issue.id)) == 1
    assert normalised(local_tables(an)) == normalised(server_tables(desk.super_url))


def test_an_analyst_cannot_publish_through_the_desk(desk_with_draft):
    desk, (ed, editor), (an, analyst) = desk_with_draft
    issue_id = an.issue("latest").id
    change_status(an, issue_id, "review", by="zhangsan")
    change_status(an, issue_id, "final", by="zhangsan")
    sync(an, analyst)
    # refused by the desk: the issue's final status, its status log entry, the published version
    refused = {c["tbl"] for c in sync_state.conflicts(an) if c["kind"] == "refused"}
    assert refused == {"issues", "issue_log", "issue_versions"}
    server = server_tables(desk.super_url)
    assert server["issue_versions"] == {}
    [issue] = server["issues"].values()
    # the row went review -> final offline and travels as one change: refused whole, the desk's stays
    assert issue["status"] == "draft"
    sync(ed, editor)
    assert ed.issue("latest").status == "draft" and ed.versions(ed.issue("latest").id) == []
    # the analyst's refused move is listed, not lost
    [c] = [c for c in sync_state.conflicts(an) if c["tbl"] == "issues" and c["kind"] == "refused"]
    assert c["mine"]["status"] == "final" and c["theirs"]["status"] == "draft"
    # and the analyst's store either shows the desk's draft again or, where its own rules keep a
    # published issue as it is, says so as a conflict of its own
    local = {c["tbl"] for c in sync_state.conflicts(an) if c["kind"] == "local"}
    assert an.issue("latest").status == "draft" or "issues" in local
