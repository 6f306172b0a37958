"""An analyst's own login cannot, by psql, list a conflict under a colleague's workstation id (the
colleague's sync took it as its own, and keeping "mine" wrote the forged value into their store
and pushed it under their name), nor take a lease under it. The one conflict that names another
workstation, the notice a publication gives the workstation whose draft edit it replaced, is
taken only from a role that may publish, in the push that publishes, its sides the desk's rows.
A conflict listed before the desk refused such rows is not taken by the station either. Each
refusal proved by direct SQL under the role against a real PostgreSQL desk (schema v11); a v10
desk upgrades in place keeping what it holds."""

from __future__ import annotations

import json
import uuid

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import Desk, dbname

from workbench.desk import roles, schema
from workbench.desk.sync import resolve, sync
from workbench.drafting.lifecycle import update_issue
from workbench.store import sync_state

FACT = ("688608.SH", "pe", "2024E")
KEY = "|".join(FACT)


def _connect(desk, config):
    """A psql-like session under a desk user's own login and password."""
    return psycopg.connect(desk.cluster.tcp_url(dbname(desk.super_url), config.user, config.password),
                           autocommit=True)


@pytest.fixture
def office(pg_cluster, desk_db, demo_path, tmp_path):
    """A desk with the demo; an analyst zhao whose store joined and pushed; an analyst zhang and an
    editor qian, each with a store of their own."""
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    zhao_cfg = desk.user("analyst", f"zhao_{uuid.uuid4().hex[:6]}")
    zhao = desk.join(tmp_path / "zhao.sqlite", zhao_cfg)
    zhao.set_fact(*FACT, 40.0)
    assert sync(zhao, zhao_cfg).pushed == 1
    zhang_cfg = desk.user("analyst", f"zhang_{uuid.uuid4().hex[:6]}")
    qian_cfg = desk.user("editor", f"qian_{uuid.uuid4().hex[:6]}")
    yield desk, zhao, zhao_cfg, zhang_cfg, qian_cfg, admin
    zhao.close()


def _desk_fact(desk):
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT data FROM desk.current WHERE tbl = 'facts' AND key = %s", [KEY]).fetchone()[0]


def _list(conn, ws, tbl="facts", key=KEY, kind="conflict", mine=None, theirs=None, theirs_by=None):
    conn.execute("INSERT INTO desk.conflicts (tbl, key, kind, mine, theirs, ws, theirs_by) "
                 "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                 [tbl, key, kind, json.dumps(mine), json.dumps(theirs), ws, theirs_by])


def _conflict_rows(desk):
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT count(*) FROM desk.conflicts").fetchone()[0]


def test_a_colleague_cannot_list_a_conflict_that_my_keep_mine_would_push_as_mine(office):
    """The attack end to end: zhang, by psql, lists under zhao's workstation a conflict of zhao's
    figure whose 'mine' is a value zhang chose; zhao syncs, sees it among his conflicts and keeps
    "mine". The desk refuses the listing, so nothing reaches zhao's store or the desk under his name."""
    desk, zhao, zhao_cfg, zhang_cfg, qian_cfg, admin = office
    desk_value = _desk_fact(desk)
    forged = {**desk_value, "value": 4.0, "source": "forged.xlsx"}
    refused = None
    with _connect(desk, zhang_cfg) as conn:
        try:
            _list(conn, zhao.workstation_id(), mine=forged, theirs=desk_value)
        except psycopg.errors.InsufficientPrivilege as exc:
            refused = exc
    sync(zhao, zhao_cfg)
    for c in sync_state.conflicts(zhao):  # what zhao does with a conflict he believes his own
        resolve(zhao, c["id"], "mine")
    sync(zhao, zhao_cfg)
    assert zhao.fact(*FACT) == 40.0 and _desk_fact(desk)["value"] == 40.0
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT count(*) FROM desk.changes WHERE key = %s AND data->>'source' = 'forged.xlsx'",
                          [KEY]).fetchone() == (0,)
    assert refused is not None and "row-level security" in str(refused)


def test_no_one_lists_a_conflict_under_a_colleagues_workstation(office):
    desk, zhao, zhao_cfg, zhang_cfg, qian_cfg, admin = office
    ws = zhao.workstation_id()
    desk_value = _desk_fact(desk)
    forged = {**desk_value, "value": 4.0, "source": "forged.xlsx"}
    before = _conflict_rows(desk)
    for cfg in (zhang_cfg, qian_cfg, admin):
        with _connect(desk, cfg) as conn:
            for kind in ("conflict", "refused"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
                    _list(conn, ws, kind=kind, mine=forged, theirs=desk_value)
                # nor as a publication's notice: a fact is no publication, nor is an issue not published now
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
                    _list(conn, ws, kind=kind, mine=forged, theirs=desk_value, theirs_by=cfg.user)
    assert _conflict_rows(desk) == before
    # a conflict under one's own workstation id is one's own business
    with _connect(desk, zhang_cfg) as conn:
        _list(conn, f"ws-{zhang_cfg.user}", mine=forged, theirs=desk_value)
    # zhao's sync lists nothing, and his figure stays his own
    result = sync(zhao, zhao_cfg)
    assert result.conflicts == 0, result.summary()
    assert sync_state.conflicts(zhao) == []
    assert zhao.fact(*FACT) == 40.0 and _desk_fact(desk)["value"] == 40.0


def test_a_conflict_listed_before_the_rule_is_not_taken_as_the_stations_own(office):
    """A conflict another desk user listed under this workstation (a v10 desk took it) is not this
    workstation's unless it is a publication's notice of a draft edit it replaced: the station
    does not list it, and nothing of it can be kept as its own edit."""
    desk, zhao, zhao_cfg, zhang_cfg, qian_cfg, admin = office
    ws = zhao.workstation_id()
    desk_value = _desk_fact(desk)
    forged = {**desk_value, "value": 4.0, "source": "forged.xlsx"}
    with psycopg.connect(desk.super_url) as su:  # (as a v10 desk took it from zhang's login)
        su.execute("INSERT INTO desk.conflicts (tbl, key, kind, mine, theirs, ws, by) "
                   "VALUES ('facts', %s, 'conflict', %s, %s, %s, %s)",
                   [KEY, json.dumps(forged), json.dumps(desk_value), ws, zhang_cfg.user])
    result = sync(zhao, zhao_cfg)
    assert result.conflicts == 0, result.summary()
    assert sync_state.conflicts(zhao) == []
    assert zhao.fact(*FACT) == 40.0
    # the next sync does not bring it back either
    sync(zhao, zhao_cfg)
    assert sync_state.conflicts(zhao) == [] and zhao.fact(*FACT) == 40.0 and _desk_fact(desk)["value"] == 40.0


def _issue_row(desk, key):
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT data FROM desk.rows WHERE tbl = 'issues' AND key = %s", [key]).fetchone()[0]


def test_a_publications_notice_is_taken_only_as_the_publication_gives_it(office):
    """The notice names another workstation legitimately only when written by a role that may
    publish, in the transaction that publishes the issue, its 'theirs' the desk's row as it now
    stands and its 'mine' the version the publication replaced, made on that workstation."""
    desk, zhao, zhao_cfg, zhang_cfg, qian_cfg, admin = office
    # zhao edits the draft and pushes it: the desk's row is now his workstation's version
    issue_id, key = sync_state.issue_uid(zhao, "latest")
    issue = zhao.issue(issue_id)
    assert issue.status == "draft"
    issue.market_review = "本周市场回顾（赵在草稿上的修改）。"
    update_issue(zhao, issue)
    assert sync(zhao, zhao_cfg).pushed >= 1
    edited = _issue_row(desk, key)
    assert "赵在草稿上的修改" in json.dumps(edited, ensure_ascii=False)
    final = {**edited, "status": "final"}
    ws = zhao.workstation_id()
    before = _conflict_rows(desk)

    def publish(conn, data):
        conn.execute("UPDATE desk.rows SET data = %s, ws = 'ws-sql', seq = %s WHERE tbl = 'issues' AND key = %s",
                     [json.dumps(data), uuid.uuid4().int % 10**9, key])

    # an analyst may not publish: no notice from that role, even with the sides right
    with _connect(desk, zhang_cfg) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _list(conn, ws, "issues", key, mine=edited, theirs=final, theirs_by=zhang_cfg.user)
    with _connect(desk, qian_cfg) as conn:
        # an editor not publishing now: refused
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _list(conn, ws, "issues", key, mine=edited, theirs=final, theirs_by=qian_cfg.user)
        for mine, theirs, told, by in (
                ({**edited, "title": "伪造的草稿"}, final, ws, qian_cfg.user),  # mine: not the version replaced
                (edited, {**final, "title": "伪造的定稿"}, ws, qian_cfg.user),  # theirs: not the desk's row
                (edited, final, ws, zhang_cfg.user),  # theirs credited to someone else
                (final, final, ws, qian_cfg.user),  # mine a publication: no draft edit
                (edited, final, f"ws-{zhang_cfg.user}-x", qian_cfg.user)):  # another workstation than the editor's
            if told != ws:
                with psycopg.connect(desk.super_url) as su:  # (a workstation of zhang's)
                    su.execute("INSERT INTO desk.workstations (ws, last_seq, by) VALUES (%s, 1, %s) "
                               "ON CONFLICT DO NOTHING", [told, zhang_cfg.user])
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
                with conn.transaction():
                    publish(conn, final)
                    _list(conn, told, "issues", key, mine=mine, theirs=theirs, theirs_by=by)
        assert _conflict_rows(desk) == before
        # the notice as a publication gives it: taken
        with conn.transaction():
            publish(conn, final)
            _list(conn, ws, "issues", key, mine=edited, theirs=final, theirs_by=qian_cfg.user)
    assert _conflict_rows(desk) == before + 1
    sync(zhao, zhao_cfg)
    [told] = [c for c in sync_state.conflicts(zhao) if c["tbl"] == "issues"]
    assert told["mine"] == edited and told["theirs"] == final and told["theirs_by"] == qian_cfg.user


def test_no_one_takes_a_lease_under_a_colleagues_workstation(office):
    desk, zhao, zhao_cfg, zhang_cfg, qian_cfg, admin = office
    ws = zhao.workstation_id()
    _, key = sync_state.issue_uid(zhao, "latest")
    with _connect(desk, zhang_cfg) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO desk.leases (issue, ws, expires) VALUES (%s, %s, now() + interval '1 hour')",
                         [key, ws])
        # one's own is free; moving it under the colleague's id is refused
        conn.execute("INSERT INTO desk.leases (issue, ws, expires) VALUES (%s, %s, now() + interval '1 hour')",
                     [key, f"ws-{zhang_cfg.user}"])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("UPDATE desk.leases SET ws = %s WHERE issue = %s", [ws, key])
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT holder, ws FROM desk.leases").fetchall() == [(zhang_cfg.user, f"ws-{zhang_cfg.user}")]


def test_a_v10_desk_upgrades_keeping_its_conflicts_and_leases(pg_cluster, desk_db, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:10])
        m.setattr(schema, "LATEST", 10)
        desk = Desk(pg_cluster, desk_db)
        a, b = desk.user("analyst"), desk.user("analyst")
    with _connect(desk, a) as conn:
        conn.execute("INSERT INTO desk.workstations (ws, last_seq) VALUES ('ws-a', 5)")
        conn.execute("INSERT INTO desk.leases (issue, ws, expires) VALUES ('i-1', 'ws-a', now() + interval '1 hour')")
        _list(conn, "ws-a", mine={"value": 1.0}, theirs={"value": 2.0})
    with _connect(desk, b) as conn:  # (what v10 still took: b under a's workstation)
        _list(conn, "ws-a", mine={"value": 3.0}, theirs={"value": 2.0})
    with psycopg.connect(desk_db) as su:
        before = (su.execute("SELECT * FROM desk.conflicts ORDER BY id").fetchall(),
                  su.execute("SELECT * FROM desk.leases").fetchall())
    done = roles.init_desk(desk_db)
    assert (done.before, done.after) == (10, schema.LATEST)
    with psycopg.connect(desk_db) as su:
        assert (su.execute("SELECT * FROM desk.conflicts ORDER BY id").fetchall(),
                su.execute("SELECT * FROM desk.leases").fetchall()) == before
    with _connect(desk, b) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _list(conn, "ws-a", mine={"value": 3.0}, theirs={"value": 2.0})
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO desk.leases (issue, ws, expires) VALUES ('i-2', 'ws-a', now() + interval '1 hour')")
    with _connect(desk, a) as conn:  # the owner of the workstation goes on as before
        _list(conn, "ws-a", mine={"value": 5.0}, theirs={"value": 2.0})
        conn.execute("UPDATE desk.leases SET expires = now() + interval '2 hours' WHERE issue = 'i-1'")
