"""A draft's lease ends when its issue is published: the sync that brings the final to the desk
takes the issue's row out of desk.leases (read back with the superuser), and leaves other issues'
leases alone. Against a real PostgreSQL desk."""

from __future__ import annotations

import psycopg

from workbench.desk.leases import take_lease
from workbench.desk.sync import sync
from workbench.drafting.lifecycle import change_status
from workbench.store import sync_state


def _leased(super_url) -> set[str]:
    with psycopg.connect(super_url) as conn:
        return {r[0] for r in conn.execute("SELECT issue FROM desk.leases")}


def test_the_lease_of_an_issue_gone_final_is_released_by_the_sync_that_publishes_it(pair):
    desk, (editor, ce), (analyst, ca) = pair
    issue_id = analyst.issue("latest").id
    _, uid = sync_state.issue_uid(analyst, issue_id)
    take_lease(analyst, issue_id, ca)
    assert _leased(desk.super_url) == {uid}
    change_status(analyst, issue_id, "review", by="林思远")
    sync(analyst, ca)
    assert _leased(desk.super_url) == {uid}  # out of draft it binds nobody, but the row is there
    sync(editor, ce)
    change_status(editor, issue_id, "final", by="王编辑")
    sync(editor, ce)
    assert editor.issue(issue_id).status == "final"
    assert uid not in _leased(desk.super_url)


def test_a_sync_with_no_final_leaves_the_leases_as_they_are(pair):
    desk, (editor, ce), (analyst, ca) = pair
    issue_id = analyst.issue("latest").id
    _, uid = sync_state.issue_uid(analyst, issue_id)
    take_lease(analyst, issue_id, ca)
    sync(editor, ce)
    sync(analyst, ca)
    assert _leased(desk.super_url) == {uid}
