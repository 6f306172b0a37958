"""A change the desk refused because someone else held the issue's lease is sent again by the first
sync after the lease ends (released or expired), as the refusal promised: it lands when the desk's
draft did not change meanwhile; when the holder changed the same text, the desk's text stays and
the change is listed as a conflict, never written over theirs. Against a real PostgreSQL desk."""

from __future__ import annotations

import pytest
from desk_testing import Desk, server_tables

from workbench.desk.leases import release_lease, take_lease
from workbench.desk.sync import sync
from workbench.store import sync_state


@pytest.fixture
def two_analysts(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    ca, cb = desk.user("analyst"), desk.user("analyst")
    a, b = desk.join(tmp_path / "a.sqlite", ca), desk.join(tmp_path / "b.sqlite", cb)
    yield desk, (a, ca), (b, cb)
    a.close()
    b.close()


def _headline(store, text):
    issue = store.issue("latest")
    issue.headline = text
    store.save_issue(issue)


def _desk_issue(desk) -> dict:
    [issue] = server_tables(desk.super_url)["issues"].values()
    return issue


def test_a_change_refused_for_a_lease_lands_at_the_first_sync_after_it_is_released(two_analysts):
    desk, (a, ca), (b, cb) = two_analysts
    take_lease(a, "latest", ca)
    _headline(b, "周观点：乙离线的改写")
    assert sync(b, cb).refused == 1
    sync(b, cb)  # the lease still held: nothing retried, still listed
    assert [c["kind"] for c in sync_state.conflicts(b)] == ["refused"]
    assert release_lease(a, "latest", ca)
    result = sync(b, cb)
    assert result.refused == 0 and result.pushed >= 1
    assert any("lease" in n for n in result.notes), result.notes
    assert _desk_issue(desk)["headline"] == "周观点：乙离线的改写"
    assert b.issue("latest").headline == "周观点：乙离线的改写"
    assert not sync_state.conflicts(b)
    sync(a, ca)
    assert a.issue("latest").headline == "周观点：乙离线的改写"


def test_a_refused_change_meeting_the_holders_newer_text_is_a_conflict_not_an_overwrite(two_analysts):
    desk, (a, ca), (b, cb) = two_analysts
    take_lease(a, "latest", ca)
    _headline(b, "周观点：乙离线的改写")
    assert sync(b, cb).refused == 1
    _headline(a, "周观点：持有人的改写")  # the holder's work, after b's was refused
    assert sync(a, ca).pushed == 1
    assert release_lease(a, "latest", ca)
    sync(b, cb)
    assert _desk_issue(desk)["headline"] == "周观点：持有人的改写"  # never written over the holder's text
    open_b = [c for c in sync_state.conflicts(b) if c["tbl"] == "issues"]
    assert [c["mine"]["headline"] for c in open_b] == ["周观点：乙离线的改写"]
    assert open_b[0]["kind"] == "conflict"  # a conflict with the holder's text now, no longer a refusal
    assert open_b[0]["theirs"]["headline"] == "周观点：持有人的改写" and "has ended" in open_b[0]["message"]
    assert b.issue("latest").headline == "周观点：持有人的改写"


def test_the_note_of_a_change_sent_again_names_the_issue_in_words(two_analysts):
    """The note says which issue it sent again as the store knows it (as `desk conflicts` names it), never the
    uid the desk keys it by."""
    desk, (a, ca), (b, cb) = two_analysts
    issue = b.issue("latest")
    uid = sync_state.issue_uid(b, issue.id)[1]
    take_lease(a, "latest", ca)
    _headline(b, "周观点：乙离线的改写")
    assert sync(b, cb).refused == 1
    assert release_lease(a, "latest", ca)
    notes = [n for n in sync(b, cb).notes if "lease" in n]
    assert notes, "no note of the change sent again"
    assert uid not in notes[0], notes[0]
    assert issue.headline in notes[0] or f"第 {issue.id} 期" in notes[0], notes[0]  # as `desk conflicts` names it
