"""Draft leases: one editor of a draft at a time, enforced by the server; work done elsewhere
comes back as a conflict copy, never over the holder's text."""

from __future__ import annotations

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk, dbname, server_tables  # noqa: E402

from workbench.desk.errors import DeskError  # noqa: E402
from workbench.desk.leases import lease_of, release_lease, take_lease  # noqa: E402
from workbench.desk.sync import sync  # noqa: E402
from workbench.store import sync_state  # noqa: E402


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


def test_lease_holder_edits_others_get_a_conflict_copy(two_analysts):
    desk, (a, ca), (b, cb) = two_analysts
    lease = take_lease(a, "latest", ca)
    assert lease.mine and lease.holder == ca.user
    original = a.issue("latest").headline
    _headline(b, "周观点：乙的改写")  # b works on the draft without the lease (offline, say)
    r = sync(b, cb)
    assert (r.pushed, r.refused) == (0, 1)
    [issue] = server_tables(desk.super_url)["issues"].values()
    assert issue["headline"] == original
    assert b.issue("latest").headline == original  # b's store shows the desk's draft again
    [c] = sync_state.conflicts(b)
    assert (c["tbl"], c["kind"], c["mine"]["headline"]) == ("issues", "refused", "周观点：乙的改写")
    _headline(a, "周观点：甲的改写")  # the holder's work lands
    assert sync(a, ca).pushed == 1
    sync(b, cb)
    assert b.issue("latest").headline == "周观点：甲的改写"


def test_a_held_lease_is_refused_naming_the_holder(two_analysts):
    desk, (a, ca), (b, cb) = two_analysts
    take_lease(a, "latest", ca)
    with pytest.raises(DeskError, match=f"being edited by {ca.user}"):
        take_lease(b, "latest", cb)
    holder = lease_of(b, "latest", cb)
    assert holder.holder == ca.user and not holder.mine
    with pytest.raises(DeskError, match=f"held by {ca.user}"):
        release_lease(b, "latest", cb)
    assert release_lease(a, "latest", ca) is True
    assert take_lease(b, "latest", cb).holder == cb.user


def test_an_expired_lease_can_be_taken_over(two_analysts):
    desk, (a, ca), (b, cb) = two_analysts
    take_lease(a, "latest", ca, hours=0.001)
    with psycopg.connect(desk.super_url, autocommit=True) as conn:
        conn.execute("UPDATE desk.leases SET expires = now() - interval '1 minute'")
    assert take_lease(b, "latest", cb).holder == cb.user
    _headline(b, "周观点：乙接手")
    assert sync(b, cb).pushed == 1


def test_the_server_refuses_a_direct_write_to_a_leased_draft(pg_cluster, two_analysts):
    desk, (a, ca), (b, cb) = two_analysts
    take_lease(a, "latest", ca)
    uid = sync_state.issue_uid(b, "latest")[1]
    with psycopg.connect(pg_cluster.tcp_url(dbname(desk.super_url), cb.user, cb.password)) as conn:
        cur = conn.execute("UPDATE desk.rows SET data = jsonb_set(data, '{headline}', '\"x\"') "
                           "WHERE tbl = 'issues' AND key = %s", [uid])
        assert cur.rowcount == 0  # the leased row is not b's to update
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES ('issues', %s, '{}', 'w', 1) "
                         "ON CONFLICT (tbl, key) DO UPDATE SET data = excluded.data", [uid])
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO desk.leases (issue, holder, ws, expires) VALUES (%s, %s, 'w', now())",
                         ["other", ca.user])


def test_a_final_issue_takes_no_lease(two_analysts, monkeypatch):
    desk, (a, ca), (b, cb) = two_analysts
    issue = a.issue("latest")
    issue.status = "final"
    monkeypatch.setattr(a, "issue", lambda ref: issue)
    with pytest.raises(DeskError, match="is final"):
        take_lease(a, "latest", ca)


def test_no_lease_on_an_issue_the_desk_has_published(two_analysts, pg_cluster, desk_db, tmp_path):
    """A store that has not pulled the publication yet still shows a draft: the desk's status decides."""
    from workbench.drafting.lifecycle import change_status

    desk, (a, ca), (b, cb) = two_analysts
    editor = desk.user("editor")
    ed = desk.join(tmp_path / "editor.sqlite", editor)
    issue_id = ed.issue("latest").id
    change_status(ed, issue_id, "review", by="ed")
    change_status(ed, issue_id, "final", by="ed")
    assert sync(ed, editor).refused == 0
    assert a.issue("latest").status == "draft"  # not pulled yet
    with pytest.raises(DeskError, match="final on the desk"):
        take_lease(a, "latest", ca)
    assert lease_of(a, "latest", ca) is None
    ed.close()
