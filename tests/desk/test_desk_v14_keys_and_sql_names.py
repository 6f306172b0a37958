"""A row kept in place keeps its table and key, and ``sql:USER`` is that user's alone (schema v14).
Found with psql under a real desk role:

- an analyst's ``UPDATE desk.rows SET key = key || '-x'`` of a draft issue (or of a segment, or a
  ``SET tbl = ...``) made the row vanish from the desk with no deletion while every store kept it: the
  draft was then held twice everywhere, companies named a segment the desk no longer had;
- another user could claim ``sql:bob`` as a workstation id, and every hand write of bob's (which the
  desk marks ``sql:bob``) was then refused as "workstation sql:bob is alice's"; or write rows under it.

Proved by direct SQL under each role and end to end, against a real PostgreSQL desk."""

from __future__ import annotations

import contextlib
import json
import uuid

import pytest

import psycopg

from desk_testing import Desk, dbname, local_tables, normalised, server_tables

from workbench.desk import roles
from workbench.desk.sync import sync

_KEEPS_KEY = "keeps its table and key"


def _login(desk, role):
    name = f"u_{role}_{uuid.uuid4().hex[:8]}"
    roles.add_user(desk.super_url, name, role, "pw-" + name)
    return psycopg.connect(desk.cluster.tcp_url(dbname(desk.super_url), name, "pw-" + name), autocommit=True)


def _desk_row(desk, tbl, key):
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT data, ws, writer FROM desk.rows WHERE tbl = %s AND key = %s", [tbl, key]).fetchone()


@pytest.mark.parametrize("role", ["analyst", "editor", "admin"])
@pytest.mark.parametrize("change", ["key = key || '-x'", "tbl = 'notes'"])
def test_no_desk_role_changes_a_rows_table_or_key(pg_cluster, desk_db, role, change):
    desk = Desk(pg_cluster, desk_db)
    with psycopg.connect(desk.super_url) as su:  # (a segment every station knows)
        su.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES ('segments', 'seg-1', %s, 'ws-x', 1)",
                   [json.dumps({"name": "存储芯片", "position": 1}, ensure_ascii=False)])
    conn = _login(desk, role)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_KEEPS_KEY):
        conn.execute(f"UPDATE desk.rows SET {change} WHERE tbl = 'segments' AND key = 'seg-1'")
    conn.close()
    assert _desk_row(desk, "segments", "seg-1")[0]["name"] == "存储芯片"
    # its data still changes by hand (the user's own write, as before)
    conn = _login(desk, role)
    conn.execute("UPDATE desk.rows SET data = %s WHERE tbl = 'segments' AND key = 'seg-1'",
                 [json.dumps({"name": "存储", "position": 1}, ensure_ascii=False)])
    data, ws, writer = _desk_row(desk, "segments", "seg-1")
    assert (data["name"], ws) == ("存储", f"sql:{conn.info.user}")
    conn.close()


def test_a_drafts_key_changed_by_hand_is_refused_and_every_store_stays_equal_to_the_desk(pair):
    desk, (a, admin), (b, analyst) = pair
    with psycopg.connect(desk.super_url) as su:
        uid = su.execute("SELECT key FROM desk.rows WHERE tbl = 'issues' AND data->>'status' <> 'final' "
                         "LIMIT 1").fetchone()[0]
    with psycopg.connect(analyst.url, password=analyst.password, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_KEEPS_KEY):
            conn.execute("UPDATE desk.rows SET key = key || '-x' WHERE tbl = 'issues' AND key = %s", [uid])
    for store, config in ((a, admin), (b, analyst), (a, admin)):
        sync(store, config)
    desk_tables = normalised(server_tables(desk.super_url))
    assert normalised(local_tables(a)) == desk_tables
    assert normalised(local_tables(b)) == desk_tables
    assert [row[0] for row in b.db.execute("SELECT uid FROM issues")].count(uid) == 1


def test_no_user_claims_or_writes_under_anothers_sql_name(pg_cluster, desk_db):
    desk = Desk(pg_cluster, desk_db)
    alice, bob = _login(desk, "analyst"), _login(desk, "editor")
    bobs = f"sql:{bob.info.user}"
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute("INSERT INTO desk.workstations (ws, last_seq) VALUES (%s, 0)", [bobs])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # (nor one's own: it is no workstation)
        alice.execute("INSERT INTO desk.workstations (ws, last_seq) VALUES (%s, 0)", [f"sql:{alice.info.user}"])
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 1, 5)", [bobs])
    alice.close()
    bob.close()


def test_a_users_hand_writes_go_on_whatever_a_colleague_tried_with_their_name(pg_cluster, desk_db):
    desk = Desk(pg_cluster, desk_db)
    alice, bob = _login(desk, "analyst"), _login(desk, "editor")
    bobs = f"sql:{bob.info.user}"
    with contextlib.suppress(psycopg.errors.InsufficientPrivilege):  # (refused: what follows is what counts)
        alice.execute("INSERT INTO desk.workstations (ws, last_seq) VALUES (%s, 0)", [bobs])
    # a row alice writes naming bob's name is hers
    alice.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES ('segments', 'seg-a', %s, %s, 1)",
                  [json.dumps({"name": "冒名", "position": 9}, ensure_ascii=False), bobs])
    assert _desk_row(desk, "segments", "seg-a")[1:] == (f"sql:{alice.info.user}", alice.info.user)
    # bob's own hand writes go on under his name
    bob.execute("UPDATE desk.rows SET data = %s WHERE key = 'seg-a'",
                [json.dumps({"name": "改名", "position": 9}, ensure_ascii=False)])
    bob.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES ('segments', 'seg-b', %s, 'whatever', 1)",
                [json.dumps({"name": "新板块", "position": 10}, ensure_ascii=False)])
    assert _desk_row(desk, "segments", "seg-a")[1] == bobs
    assert _desk_row(desk, "segments", "seg-b")[1] == bobs
    alice.close()
    bob.close()


def test_an_older_desks_claim_of_anothers_sql_name_is_dropped_at_the_upgrade(pg_cluster, desk_db, monkeypatch):
    from workbench.desk import schema

    with monkeypatch.context() as m:  # a v13 desk
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:13])
        m.setattr(schema, "LATEST", 13)
        roles.init_desk(desk_db)
    with psycopg.connect(desk_db, autocommit=True) as su:
        su.execute("INSERT INTO desk.workstations (ws, last_seq, by) VALUES ('sql:bob', 0, 'alice'), "
                   "('sql:alice', 0, 'alice'), ('ws-alice', 0, 'alice')")
    result = roles.init_desk(desk_db)
    assert (result.before, result.after) == (13, schema.LATEST)
    with psycopg.connect(desk_db) as su:
        assert [r[0] for r in su.execute("SELECT ws FROM desk.workstations ORDER BY ws")] == ["sql:alice", "ws-alice"]
