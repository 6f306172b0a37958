"""A row kept in place is a push's only inside its push, and a workstation's mark moves only with a
push (schema v14). Found with psql under a real desk role:

- ``desk.rows`` (house, analysts, segments, indices, notes, issues) took an INSERT, or an UPDATE
  naming (or keeping) the user's own workstation id, with no push: the feed's copy carried that id,
  every colleague took it and the writer's own station skipped it, so the desk and that store
  silently disagreed. Now such a write is the user's own outside any workstation (``sql:USER``, as a
  hand UPDATE of another's row already was since v10): every station pulls it, the writer's included;
- ``desk.workstations.last_seq`` (the desk's mark: the last change of the workstation it applied)
  could be moved by its user: forward past changes the station had not pushed, its next sync took the
  desk's values over its offline work (a push "already landed"); back, it opened v13's "row sent
  again" clause to hand-written versions. Now it never goes down and goes up only in a transaction
  that recorded a push of that workstation by that user; a new workstation starts at 0.

Proved by direct SQL under each role and end to end, against a real PostgreSQL desk; a v13 desk
upgrades in place."""

from __future__ import annotations

import json
import uuid

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import Desk, local_tables, normalised, psql_session, server_tables

from workbench.desk import roles, schema
from workbench.desk.sync import sync

_MARK_UP = "moves forward only in a transaction that recorded a push of it"
_MARK_DOWN = "never moves back"
_MARK_NEW = "starts at 0"
_MARK_ID = "keeps its id"


def _insert(conn, tbl, key, data, ws, seq):
    conn.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES (%s, %s, %s, %s, %s)",
                 [tbl, key, json.dumps(data, ensure_ascii=False), ws, seq])


def _update(conn, key, data, ws=None, seq=None):
    """An UPDATE of the row's data, naming the workstation and seq given (None: left as they are)."""
    sets = ["data = %s"] + (["ws = %s"] if ws is not None else []) + (["seq = %s"] if seq is not None else [])
    conn.execute(f"UPDATE desk.rows SET {', '.join(sets)} WHERE key = %s",
                 [json.dumps(data, ensure_ascii=False), *(v for v in (ws, seq) if v is not None), key])


def _marked(desk, key):
    """(ws, seq) of the desk's row ``key`` and of its newest feed entry, read as the superuser."""
    with psycopg.connect(desk.super_url) as su:
        row = su.execute("SELECT ws, seq FROM desk.rows WHERE key = %s", [key]).fetchone()
        feed = su.execute("SELECT ws, seq FROM desk.changes WHERE key = %s ORDER BY id DESC LIMIT 1", [key]).fetchone()
    return row, feed


def _mark(desk, ws):
    with psycopg.connect(desk.super_url) as su:
        row = su.execute("SELECT last_seq FROM desk.workstations WHERE ws = %s", [ws]).fetchone()
    return row[0] if row else None


# ---------------------------------------------------------------- rows kept in place
@pytest.mark.parametrize("role", ["analyst", "editor"])
def test_a_row_written_under_ones_own_workstation_outside_a_push_is_the_users_own(pg_cluster, desk_db, role):
    desk = Desk(pg_cluster, desk_db)
    conn, ws = psql_session(desk, role)
    user = conn.info.user
    mine = (f"sql:{user}", None)
    # a push: its record, a segment and a note at seqs 1 and 2, the desk's mark of the workstation
    with conn.transaction():
        conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 1, 2)", [ws])
        _insert(conn, "segments", "seg-a", {"name": "板块甲"}, ws, 1)
        _insert(conn, "notes", "note-a", {"text": "一", "author": user}, ws, 2)
        conn.execute("UPDATE desk.workstations SET last_seq = 2 WHERE ws = %s", [ws])
    assert _marked(desk, "seg-a") == ((ws, 1), (ws, 1)) and _marked(desk, "note-a") == ((ws, 2), (ws, 2))

    def users_own(key, seq):  # the row and its feed entry under sql:USER (its seq as written)
        assert _marked(desk, key) == ((mine[0], seq), (mine[0], seq))

    # QA's attacks, with no push: an UPDATE naming one's own workstation, one leaving it as it was,
    # an INSERT under it, at a seq pushed or not yet used
    _update(conn, "seg-a", {"name": "板块甲（改）"}, ws, 3)
    users_own("seg-a", 3)
    _update(conn, "note-a", {"text": "二", "author": user})
    users_own("note-a", 2)
    _insert(conn, "segments", "seg-b", {"name": "板块乙"}, ws, 1)
    users_own("seg-b", 1)
    # a push record of this transaction covers its own range only
    with conn.transaction():
        conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 20, 20)", [ws])
        _insert(conn, "segments", "seg-c", {"name": "板块丙"}, ws, 21)
    users_own("seg-c", 21)
    # a record made by an earlier transaction covers nothing written now
    _update(conn, "seg-c", {"name": "板块丙（改）"}, ws, 20)
    users_own("seg-c", 20)
    # another user's sql: mark is no one's to name
    _update(conn, "seg-b", {"name": "板块乙（改）"}, "sql:someone_else", 9)
    users_own("seg-b", 9)
    # inside a push the row keeps its workstation
    with conn.transaction():
        conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 3, 5)", [ws])
        _update(conn, "seg-a", {"name": "板块甲（推送）"}, ws, 5)
        _update(conn, "note-a", {"text": "三", "author": user}, ws, 4)
        conn.execute("UPDATE desk.workstations SET last_seq = 5 WHERE ws = %s", [ws])
    assert _marked(desk, "seg-a") == ((ws, 5), (ws, 5)) and _marked(desk, "note-a") == ((ws, 4), (ws, 4))
    # a row at a seq an earlier push holds is no push's, even in a record that begins right after the
    # mark (QA's attack on v13's "row sent again" clause: the station never looks at that seq again)
    for first in (6, 7):
        with conn.transaction():
            conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", [ws, first, first])
            _update(conn, "note-a", {"text": f"四{first}", "author": user}, ws, 4)
        users_own("note-a", 4)
    # the publication record is written the same way: an entry of a draft's status log with no push
    # (behind a hand write of its issue, as the desk asks) is the user's own too; inside a push it is not
    for seq, record in ((40, None), (30, (30, 31))):
        with conn.transaction():
            if record:
                conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", [ws, *record])
            issue = f"iss-{seq}"
            _insert(conn, "issues", issue, {"status": "draft", "version": 1}, ws, seq)
            conn.execute("INSERT INTO desk.records (tbl, key, data, ws, seq) VALUES ('issue_log', %s, %s, %s, %s)",
                         [f"log-{seq}", json.dumps({"issue": issue, "version": 1, "to_status": "review"}), ws, seq + 1])
        ws_of = (ws if record else mine[0])
        assert _marked(desk, issue) == ((ws_of, seq), (ws_of, seq))
        with psycopg.connect(desk.super_url) as su:
            assert su.execute("SELECT r.ws, c.ws FROM desk.records r JOIN desk.changes c ON c.id = r.rev "
                              "WHERE r.key = %s", [f"log-{seq}"]).fetchone() == (ws_of, ws_of)
    # (a workstation id nobody claimed yet is no push's either)
    _insert(conn, "segments", "seg-d", {"name": "板块丁"}, "ws-bench", 42)
    users_own("seg-d", 42)
    conn.close()
    # the schema's owner is not checked (a bench's seeding, an upgrade)
    with psycopg.connect(desk.super_url) as su:
        _insert(su, "segments", "seg-e", {"name": "板块戊"}, "ws-bench", 43)
    assert _marked(desk, "seg-e") == (("ws-bench", 43), ("ws-bench", 43))


@pytest.mark.parametrize("fixture", ["pair", "editor_and_supervisor"])
def test_a_station_whose_user_wrote_a_row_by_hand_syncs_equal_to_the_desk(request, fixture):
    """QA's repro end to end: under the station's own user, psql renames a segment naming the station's
    workstation id and adds one under it, with no push. The station, every colleague and the desk end
    holding the same rows (before v14 the station skipped both as its own and held neither)."""
    desk, (a, ca), (b, cb) = request.getfixturevalue(fixture)
    ws = b.workstation_id()
    with psycopg.connect(desk.super_url) as su:
        key, name = su.execute("SELECT key, data->>'name' FROM desk.rows WHERE tbl = 'segments' AND data IS NOT NULL "
                               "ORDER BY key LIMIT 1").fetchone()
    with psycopg.connect(cb.url, password=cb.password, autocommit=True) as psql:
        psql.execute("UPDATE desk.rows SET data = jsonb_set(data, '{name}', to_jsonb(%s::text)), ws = %s, seq = %s "
                     "WHERE tbl = 'segments' AND key = %s", [name + "（改）", ws, b.last_seq() + 1, key])
        _insert(psql, "segments", f"seg-{uuid.uuid4().hex[:8]}", {"name": "手写板块", "position": 99}, ws, b.last_seq() + 2)
    sync(b, cb)
    sync(a, ca)
    desk_now = normalised(server_tables(desk.super_url))
    assert name + "（改）" in {d["name"] for d in desk_now["segments"].values()}
    assert "手写板块" in {d["name"] for d in desk_now["segments"].values()}
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == desk_now


# ---------------------------------------------------------------- the desk's mark of a workstation
@pytest.mark.parametrize("role", ["analyst", "editor", "admin"])
def test_a_workstations_mark_moves_only_forward_and_only_with_a_push(pg_cluster, desk_db, role):
    desk = Desk(pg_cluster, desk_db)
    conn, ws = psql_session(desk, role)

    def refused(match, sql, params, record=None):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=match):
            with conn.transaction():
                if record:
                    conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", record)
                conn.execute(sql, params)

    up = "UPDATE desk.workstations SET last_seq = %s WHERE ws = %s"
    # QA's attack: forward with no push
    refused(_MARK_UP, up, [5, ws])
    assert _mark(desk, ws) == 0
    # a push moves it (in the transaction that records it)
    with conn.transaction():
        conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 1, 3)", [ws])
        conn.execute(up, [5, ws])
    assert _mark(desk, ws) == 5
    # never back, with a push or without
    refused(_MARK_DOWN, up, [4, ws])
    refused(_MARK_DOWN, up, [0, ws], record=[ws, 6, 6])
    # a record made by an earlier transaction, or of another workstation of the same user, moves nothing
    with conn.transaction():
        conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 6, 6)", [ws])
        conn.execute(up, [6, ws])
    refused(_MARK_UP, up, [7, ws])
    conn.execute("INSERT INTO desk.workstations (ws, last_seq) VALUES (%s, 0)", [ws + "-2"])
    refused(_MARK_UP, up, [7, ws], record=[ws + "-2", 1, 1])
    # the push's own statement (an upsert) is checked as an update
    upsert = ("INSERT INTO desk.workstations (ws, last_seq) VALUES (%s, %s) ON CONFLICT (ws) "
              "DO UPDATE SET last_seq = excluded.last_seq, by = current_user, at = now()")
    refused(_MARK_UP, upsert, [ws, 9])
    refused(_MARK_DOWN, upsert, [ws, 2], record=[ws, 7, 7])
    with conn.transaction():
        conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 7, 8)", [ws])
        conn.execute(upsert, [ws, 9])
    assert _mark(desk, ws) == 9
    # a new workstation starts at 0, unless its first push records it
    fresh = ws + "-3"
    refused(_MARK_NEW, "INSERT INTO desk.workstations (ws, last_seq) VALUES (%s, %s)", [fresh, 4])
    refused(_MARK_NEW, upsert, [fresh, 4])
    with conn.transaction():
        conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 1, 4)", [fresh])
        conn.execute(upsert, [fresh, 4])
    assert _mark(desk, fresh) == 4
    # the row keeps its id (a mark moved to another id is the old one's gone back to nothing)
    refused(_MARK_ID, "UPDATE desk.workstations SET ws = %s WHERE ws = %s", [ws + "-4", ws])
    # what a pull writes, and the same mark again, are free
    assert conn.execute("UPDATE desk.workstations SET pulled = 3, pulled_at = now(), by = current_user "
                        "WHERE ws = %s", [ws]).rowcount == 1
    assert conn.execute(up, [9, ws]).rowcount == 1
    assert _mark(desk, ws) == 9
    conn.close()
    # the schema's owner is not checked (a repair by hand)
    with psycopg.connect(desk.super_url) as su:
        su.execute(up, [2, ws])
    assert _mark(desk, ws) == 2


def test_a_mark_moved_by_hand_past_unpushed_work_does_not_replace_it(pair):
    """QA's repro end to end: the station changes a figure offline; its user, by psql, moves the desk's
    mark of the station to the store's newest seq (before v14 its next sync took the push as landed
    with a lost acknowledgement and put the desk's figure over its own). Refused; the station's sync
    pushes its figure, and it, its colleague and the desk hold it."""
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    fact = ("688608.SH", "revenue", "2023A")
    sync(b, cb)
    before = b.fact(*fact)
    b.set_fact(*fact, before + 1.5)
    mark = _mark(desk, ws)
    with psycopg.connect(cb.url, password=cb.password, autocommit=True) as psql:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_MARK_UP):
            psql.execute("UPDATE desk.workstations SET last_seq = %s WHERE ws = %s", [b.last_seq(), ws])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_MARK_DOWN):
            psql.execute("UPDATE desk.workstations SET last_seq = -1 WHERE ws = %s", [ws])
    assert _mark(desk, ws) == mark
    assert sync(b, cb).pushed == 1
    sync(a, ca)
    assert b.fact(*fact) == a.fact(*fact) == before + 1.5
    assert _mark(desk, ws) == b.last_seq()
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == normalised(server_tables(desk.super_url))


# ---------------------------------------------------------------- the upgrade
def test_a_v13_desk_upgrades_in_place_and_its_stations_sync_on(pg_cluster, desk_db, demo_path, tmp_path,
                                                                 monkeypatch):
    with monkeypatch.context() as m:  # a desk of the release before (schema v13) ...
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:13])
        m.setattr(schema, "LATEST", 13)
        desk = Desk(pg_cluster, desk_db)
        admin, analyst = desk.user("admin"), desk.user("analyst")
        a = desk.join(demo_path, admin)
        b = desk.join(tmp_path / "b.sqlite", analyst)
        conn, ws = psql_session(desk, "analyst")
        _insert(conn, "segments", "seg-v13", {"name": "旧板块", "position": 98}, ws, 1)  # (v13 took it under ws)
        conn.execute("UPDATE desk.workstations SET last_seq = 7 WHERE ws = %s", [ws])  # (and this)
    with psycopg.connect(desk_db) as su:
        rows = su.execute("SELECT * FROM desk.rows ORDER BY tbl, key").fetchall()
        feed = su.execute("SELECT * FROM desk.changes ORDER BY id").fetchall()
        marks = su.execute("SELECT * FROM desk.workstations ORDER BY ws").fetchall()
        pushes = su.execute("SELECT * FROM desk.pushes ORDER BY ws, first_seq").fetchall()
    assert _marked(desk, "seg-v13") == ((ws, 1), (ws, 1)) and _mark(desk, ws) == 7
    result = roles.init_desk(desk_db)
    assert (result.before, result.after) == (13, schema.LATEST)
    assert roles.init_desk(desk_db).before == schema.LATEST  # (run again, nothing changes)
    with psycopg.connect(desk_db) as su:  # what the desk held stays as it was
        assert su.execute("SELECT * FROM desk.rows ORDER BY tbl, key").fetchall() == rows
        assert su.execute("SELECT * FROM desk.changes ORDER BY id").fetchall() == feed
        assert su.execute("SELECT * FROM desk.workstations ORDER BY ws").fetchall() == marks
        assert su.execute("SELECT * FROM desk.pushes ORDER BY ws, first_seq").fetchall() == pushes
    # and the rules hold from now on
    _update(conn, "seg-v13", {"name": "旧板块（改）", "position": 98}, ws, 2)
    assert _marked(desk, "seg-v13") == ((f"sql:{conn.info.user}", 2), (f"sql:{conn.info.user}", 2))
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_MARK_UP):
        conn.execute("UPDATE desk.workstations SET last_seq = 8 WHERE ws = %s", [ws])
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_MARK_DOWN):
        conn.execute("UPDATE desk.workstations SET last_seq = 6 WHERE ws = %s", [ws])
    conn.close()
    # the workstations sync on: a change each way, a dry run, and both end equal to the desk
    fact = ("688608.SH", "revenue", "2023A")
    a.set_fact(*fact, 6.0)
    assert sync(a, admin, dry_run=True).pushed == 1
    assert sync(a, admin).pushed == 1
    sync(b, analyst)
    b.set_fact(*fact, 7.0)
    assert sync(b, analyst).pushed == 1
    sync(a, admin)
    assert a.fact(*fact) == b.fact(*fact) == 7.0
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == normalised(server_tables(desk_db))
    a.close()
    b.close()
