"""The conflicts list tells the truth about the desk's side: the desk's row as this store last knew
it (never the local row), with the desk user and time of that value; a record the desk never had
shown as none on the desk; the desk's reason for a refusal (a lease: its holder and until when; a
role); every time in one format, in the local zone."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk  # noqa: E402

from workbench.desk.leases import take_lease  # noqa: E402
from workbench.desk.sync import sync  # noqa: E402
from workbench.drafting.lifecycle import change_status  # noqa: E402
from workbench.store import sync_state  # noqa: E402


@pytest.fixture
def desk3(pg_cluster, desk_db, demo_path, tmp_path):
    """The demo on a desk (pushed by an administrator); two analysts and an editor, each joined."""
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    ca, cb, ce = desk.user("analyst"), desk.user("analyst"), desk.user("editor")
    a, b = desk.join(tmp_path / "a.sqlite", ca), desk.join(tmp_path / "b.sqlite", cb)
    e = desk.join(tmp_path / "e.sqlite", ce)
    yield desk, admin, (a, ca), (b, cb), (e, ce)
    for s in (a, b, e):
        s.close()


def _desk_issue(desk, uid):
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT data, writer, at FROM desk.rows WHERE tbl = 'issues' AND key = %s",
                          [uid]).fetchone()


def _headline(store, text):
    issue = store.issue("latest")
    issue.headline = text
    store.save_issue(issue)


def _local(when) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S")


_SHOWN = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


def test_an_analysts_refused_final_shows_the_desks_draft_and_none_for_the_records(desk3):
    desk, admin, (a, ca), _, _ = desk3
    issue_id, uid = sync_state.issue_uid(a, "latest")
    change_status(a, issue_id, "review", by="zhang")
    change_status(a, issue_id, "final", by="zhang")
    sync(a, ca)
    data, writer, at = _desk_issue(desk, uid)
    assert data["status"] != "final"
    shown = {(c["tbl"], c["kind"]): c for c in sync_state.described(a)}
    issue = shown[("issues", "refused")]
    assert issue["mine"]["status"] == "final"
    # the desk's side is the desk's row (not final), by whoever wrote it there, when it was written
    assert issue["desk"] is not None and issue["desk"]["status"] == data["status"]
    assert "final" not in issue["desk_text"]
    assert issue["desk_by"] == writer == admin.user
    assert issue["desk_at_text"] == _local(at)
    # the desk refused it for the role: the reason says so
    assert issue["message"] and "analyst" in issue["message"] and "editor" in issue["message"]
    # the status-log entries the desk never had: none there, never mine repeated
    logs = [c for c in sync_state.described(a) if c["tbl"] == "issue_log" and c["kind"] == "refused"]
    assert logs
    for c in logs:
        assert c["desk"] is None and c["desk_by"] is None and c["desk_at_text"] == ""
        assert c["desk_text"] != c["mine_text"] and "团队库没有" in c["desk_text"]
        assert "analyst" in (c["message"] or "")
    # one time format, in the local zone, on both sides
    for c in sync_state.described(a):
        for t in (c["at_text"], c["desk_at_text"]):
            assert t == "" or _SHOWN.match(t), t
    assert issue["at_text"] == _local(datetime.fromisoformat(issue["at"]))
    assert issue["desk_who"] == f"{admin.user} {_local(at)}" and not issue["desk_moved"]
    assert issue["mine_who"] == f"{issue['by']} {issue['at_text']}"


def test_a_refusal_for_a_lease_names_the_holder_and_until_when(desk3):
    desk, admin, (a, ca), _, (e, ce) = desk3
    lease = take_lease(a, "latest", ca)
    issue_id, uid = sync_state.issue_uid(e, "latest")
    change_status(e, issue_id, "review", by="li")
    r = sync(e, ce)
    assert r.refused >= 1
    [c] = [c for c in sync_state.described(e) if c["tbl"] == "issues"]
    assert c["kind"] == "refused"
    assert ca.user in c["message"]
    with psycopg.connect(desk.super_url) as su:
        expires = su.execute("SELECT expires FROM desk.leases WHERE issue = %s", [uid]).fetchone()[0]
    assert expires.astimezone().strftime("%Y-%m-%d %H:%M") in c["message"]
    assert lease.holder == ca.user


def test_the_desks_value_pulled_since_the_conflict_is_shown_with_its_own_writer(desk3):
    desk, admin, (a, ca), (b, cb), (e, ce) = desk3
    _headline(b, "B的标题")
    _headline(e, "E的标题")
    sync(e, ce)
    sync(b, cb)  # b's headline clashes with e's: the desk keeps e's
    [c] = [c for c in sync_state.described(b) if c["tbl"] == "issues"]
    assert c["kind"] == "conflict" and c["theirs_by"] == ce.user
    cid = c["id"]
    assert c["desk"]["headline"] == "E的标题" and c["desk_by"] == ce.user
    sync(a, ca)
    _headline(a, "A的标题")  # then a changes it again on the desk, and b takes that
    assert sync(a, ca).pushed == 1
    sync(b, cb)
    [c] = [c for c in sync_state.described(b) if c["id"] == cid]
    assert b.issue("latest").headline == "A的标题"
    assert c["desk"]["headline"] == "A的标题"
    assert c["desk_by"] == ca.user  # never e, who wrote the older value
    assert "A的标题" in c["desk_text"] and c["desk_moved"]
    assert c["desk_who"].startswith(ca.user) and c["theirs_who"].startswith(ce.user)
