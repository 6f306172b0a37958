"""The publication record (published versions, the status log) lands on the desk only together with
the issue change it records: refused with it, by PostgreSQL itself, whoever writes (proved by
direct SQL under each role); and a lease taken on a draft ends when the issue leaves draft."""

from __future__ import annotations

import itertools
import json
import uuid

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk, server_tables  # noqa: E402

from workbench.desk import roles, schema  # noqa: E402
from workbench.desk.leases import lease_of, take_lease  # noqa: E402
from workbench.desk.sync import sync  # noqa: E402
from workbench.drafting.lifecycle import change_status  # noqa: E402
from workbench.store import sync_state  # noqa: E402


@pytest.fixture
def desk3(pg_cluster, desk_db, demo_path, tmp_path):
    """The demo on a desk; two analysts and an editor, each with a joined store."""
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    ca, cb, ce = desk.user("analyst"), desk.user("analyst"), desk.user("editor")
    a, b = desk.join(tmp_path / "a.sqlite", ca), desk.join(tmp_path / "b.sqlite", cb)
    e = desk.join(tmp_path / "e.sqlite", ce)
    yield desk, (a, ca), (b, cb), (e, ce)
    for s in (a, b, e):
        s.close()


def _login(config):
    return psycopg.connect(config.url, password=config.password)


def _issue_row(desk, uid):
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT data FROM desk.rows WHERE tbl = 'issues' AND key = %s", [uid]).fetchone()[0]


def _records(desk, uid):
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT tbl, data FROM desk.records WHERE data->>'issue' = %s ORDER BY rev",
                          [uid]).fetchall()


def _log(uid, version, from_status, to_status, by="x"):
    return json.dumps({"issue": uid, "at": "2026-11-30T10:00:00", "by": by, "from_status": from_status,
                       "to_status": to_status, "version": version, "reason": None})


_seq = itertools.count(1)


def _insert_record(conn, tbl, key, data):
    conn.execute("INSERT INTO desk.records (tbl, key, data, ws, seq) VALUES (%s, %s, %s, 'ws-sql', %s)",
                 [tbl, key, data, next(_seq)])


def _write_issue(conn, uid, data):
    return conn.execute("UPDATE desk.rows SET data = %s, ws = 'ws-sql', seq = %s WHERE tbl = 'issues' AND key = %s",
                        [json.dumps(data), next(_seq), uid]).rowcount


# ---------------------------------------------------------------- direct SQL under each role
def test_a_log_entry_without_its_issue_change_is_refused(desk3):
    desk, (a, ca), _, _ = desk3
    uid = sync_state.issue_uid(a, "latest")[1]
    draft = _issue_row(desk, uid)
    with _login(ca) as conn:
        # alone, with no accepted change of its issue: refused
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _insert_record(conn, "issue_log", str(uuid.uuid4()), _log(uid, 1, "draft", "review"))
        conn.rollback()
        # the issue's row written earlier, in another transaction, does not vouch for it
        assert _write_issue(conn, uid, {**draft, "status": "review"}) == 1
        conn.commit()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _insert_record(conn, "issue_log", str(uuid.uuid4()), _log(uid, 1, "draft", "review"))
        conn.rollback()
        # with the change it records, in the same transaction: accepted
        assert _write_issue(conn, uid, {**draft, "status": "draft"}) == 1
        _insert_record(conn, "issue_log", str(uuid.uuid4()), _log(uid, 1, "review", "draft"))
        conn.commit()
    assert [d["to_status"] for t, d in _records(desk, uid) if t == "issue_log"][-1:] == ["draft"]


def test_a_log_entry_rides_only_on_a_change_made_by_the_same_user(desk3):
    desk, (a, ca), (b, cb), _ = desk3
    uid = sync_state.issue_uid(a, "latest")[1]
    draft = _issue_row(desk, uid)
    with _login(ca) as writer, _login(cb) as other:
        assert _write_issue(writer, uid, {**draft, "status": "review"}) == 1
        # b cannot log a move that a's transaction made (not committed, and not b's anyway)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _insert_record(other, "issue_log", str(uuid.uuid4()), _log(uid, 1, "draft", "review"))
        writer.rollback()


def test_a_leased_drafts_log_entry_is_refused_with_its_row(desk3):
    desk, (a, ca), (b, cb), _ = desk3
    take_lease(a, "latest", ca)
    uid = sync_state.issue_uid(b, "latest")[1]
    draft = _issue_row(desk, uid)
    with _login(cb) as conn:
        assert _write_issue(conn, uid, {**draft, "status": "review"}) == 0  # the lease holder's
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _insert_record(conn, "issue_log", str(uuid.uuid4()), _log(uid, 1, "draft", "review"))
        conn.rollback()
    assert _records(desk, uid) == []


def test_a_version_needs_its_issue_final_at_that_version(desk3):
    desk, (a, ca), _, (e, ce) = desk3
    uid = sync_state.issue_uid(a, "latest")[1]
    draft = _issue_row(desk, uid)
    version = json.dumps({"issue": uid, "version": 1, "frozen_by": ce.user, "pdf_sha256": "ab"})
    with _login(ce) as conn:
        # the row written in the same transaction, but still in review: no published version
        assert _write_issue(conn, uid, {**draft, "status": "review"}) == 1
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _insert_record(conn, "issue_versions", f"{uid}|1", version)
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            assert _write_issue(conn, uid, {**draft, "status": "review"}) == 1
            _insert_record(conn, "issue_log", str(uuid.uuid4()), _log(uid, 1, "review", "final"))
        conn.rollback()
        assert _write_issue(conn, uid, {**draft, "status": "final"}) == 1
        _insert_record(conn, "issue_versions", f"{uid}|1", version)
        _insert_record(conn, "issue_log", str(uuid.uuid4()), _log(uid, 1, "review", "final"))
        conn.commit()
    assert [t for t, _ in _records(desk, uid)] == ["issue_versions", "issue_log"]


# ---------------------------------------------------------------- through sync
def test_a_refused_status_change_takes_its_log_entry_with_it(desk3):
    """QA: A holds the lease; B moves the draft to review naming someone else: nothing of it lands."""
    desk, (a, ca), (b, cb), (e, ce) = desk3
    take_lease(a, "latest", ca)
    issue_id, uid = sync_state.issue_uid(b, "latest")
    before = _records(desk, uid)
    change_status(b, issue_id, "review", by="r4boss")
    r = sync(b, cb)
    assert r.pushed == 0 and r.refused == 2
    assert _records(desk, uid) == before
    assert _issue_row(desk, uid)["status"] == "draft"
    refused = sorted(c["tbl"] for c in sync_state.conflicts(b) if c["kind"] == "refused")
    assert refused == ["issue_log", "issues"]  # listed to b, never silent
    sync(e, ce)
    assert all(r["by"] != "r4boss" for r in e.issue_log(e.issue("latest").id))


def test_an_analysts_final_leaves_no_version_or_log_on_the_desk(desk3):
    desk, (a, ca), _, (e, ce) = desk3
    issue_id, uid = sync_state.issue_uid(a, "latest")
    change_status(a, issue_id, "review", by="zhang")
    change_status(a, issue_id, "final", by="zhang")
    sync(a, ca)
    assert _issue_row(desk, uid)["status"] == "draft"
    assert _records(desk, uid) == []
    assert server_tables(desk.super_url)["issue_versions"] == {}


def test_a_lease_on_a_draft_ends_when_it_goes_to_review(desk3):
    """QA: an analyst leases the draft and moves it to review; the editor's final then lands whole."""
    desk, (a, ca), _, (e, ce) = desk3
    take_lease(a, "latest", ca)
    issue_id, uid = sync_state.issue_uid(a, "latest")
    change_status(a, issue_id, "review", by="zhang")
    assert sync(a, ca).refused == 0
    assert lease_of(e, "latest", ce) is None  # no longer binds anyone
    sync(e, ce)
    local = e.issue("latest")
    assert local.status == "review"
    change_status(e, local.id, "final", by="li")
    r = sync(e, ce)
    assert (r.conflicts, r.refused) == (0, 0)
    row = _issue_row(desk, uid)
    assert (row["status"], row["version"]) == ("final", 1)
    tables = [t for t, _ in _records(desk, uid)]
    assert tables.count("issue_versions") == 1 and tables.count("issue_log") == 2


def test_a_held_lease_refuses_the_editors_final_and_all_its_records(desk3):
    """While the issue is still a draft under someone's lease, the editor's final is refused whole."""
    desk, (a, ca), _, (e, ce) = desk3
    take_lease(a, "latest", ca)
    issue_id, uid = sync_state.issue_uid(e, "latest")
    change_status(e, issue_id, "review", by="li")
    change_status(e, issue_id, "final", by="li")
    r = sync(e, ce)
    assert r.pushed == 0
    assert _issue_row(desk, uid)["status"] == "draft"
    assert _records(desk, uid) == []
    refused = sorted(c["tbl"] for c in sync_state.conflicts(e) if c["kind"] == "refused")
    assert refused == ["issue_log", "issue_log", "issue_versions", "issues"]


def test_a_desk_of_the_previous_release_upgrades_to_the_record_rule(pg_cluster, desk_db, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:3])
        m.setattr(schema, "LATEST", 3)
        desk = Desk(pg_cluster, desk_db)
        analyst = desk.user("analyst")
    with psycopg.connect(desk_db, autocommit=True) as su:
        su.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES "
                   "('issues', 'i1', '{\"status\": \"draft\", \"version\": 1}', 'w', 1)")
        su.execute("INSERT INTO desk.records (tbl, key, data, ws, seq) VALUES ('issue_log', 'l0', %s, 'w', 2)",
                   [_log("i1", 1, None, "draft")])
    assert roles.init_desk(desk_db).before == 3
    with _login(analyst) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _insert_record(conn, "issue_log", "l1", _log("i1", 1, "draft", "review"))
    with psycopg.connect(desk_db) as su:
        assert su.execute("SELECT count(*) FROM desk.records").fetchone() == (1,)
        assert su.execute("SELECT value FROM desk.meta WHERE key = 'schema_version'").fetchone() == (
            str(schema.LATEST),)


def test_opening_an_issue_in_review_is_never_refused_by_a_lease_from_its_draft(desk3):
    """The app takes a lease when it opens an issue: an analyst's lease from the draft must not make
    the review issue read-only for the editor (who finalises it)."""
    desk, (a, ca), _, (e, ce) = desk3
    take_lease(a, "latest", ca)
    change_status(a, a.issue("latest").id, "review", by="zhang")
    sync(a, ca)
    sync(e, ce)
    lease = take_lease(e, "latest", ce)
    assert lease.mine
    assert lease_of(a, "latest", ca) is None  # and no lease binds the review issue
    assert take_lease(a, "latest", ca).mine
