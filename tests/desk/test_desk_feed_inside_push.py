"""Every version in the desk's feed lies inside a push (schema v13). An analyst's own login could
INSERT or COPY versions into ``desk.changes`` under their own workstation id with no push record (a
second version at a seq their station had pushed, or one at a seq it had not used yet): their station
skips its own workstation's entries when it pulls, so the desk held figures that store silently
disagreed with. Now PostgreSQL refuses, under every role the workbench gives users, a version that no
push record of the same transaction covers; a push (a retry after a lost acknowledgement among them)
still lands, and a version written by hand needs a push record of its own, which the station's next
push then meets and is refused in words. Proved by direct SQL under each role, and end to end, against
a real PostgreSQL desk."""

from __future__ import annotations

import json

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import Desk, local_tables, normalised, psql_session, server_tables

from workbench.desk import roles, schema
from workbench.desk.sync import sync

KEY = "688608.SH|revenue|2023A"  # 恒玄科技 in the demo store
_OUTSIDE = "lies outside every push this transaction recorded"


def _fact(value):
    return json.dumps({"value": value, "source": "weekly.xlsx", "as_of": "2024-12-29"})


def _push(conn, ws, first, last, versions, copy=True, upto=None):
    """What a push writes, in one transaction: its record, its versions (by COPY, as a push does, or
    INSERT), the desk's mark of the workstation (the store's newest seq, ``upto``: at or past the record)."""
    with conn.transaction():
        conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", [ws, first, last])
        _write(conn, ws, versions, copy)
        conn.execute("UPDATE desk.workstations SET last_seq = %s WHERE ws = %s", [upto or last, ws])


def _write(conn, ws, versions, copy):
    if copy:
        with conn.cursor().copy("COPY desk.changes (tbl, key, data, ws, seq) FROM STDIN") as cp:
            for key, seq, value in versions:
                cp.write_row(("facts", key, _fact(value), ws, seq))
    else:
        for key, seq, value in versions:
            conn.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('facts', %s, %s, %s, %s)",
                         [key, _fact(value), ws, seq])


def _feed(desk, ws):
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT key, seq, (data->>'value')::float FROM desk.changes WHERE ws = %s ORDER BY id",
                          [ws]).fetchall()


@pytest.mark.parametrize("role", ["analyst", "editor", "admin"])
def test_a_version_outside_every_push_is_refused_under_every_role(pg_cluster, desk_db, role):
    desk = Desk(pg_cluster, desk_db)
    conn, ws = psql_session(desk, role)
    _push(conn, ws, 1, 2, [("A|revenue|2023A", 1, 1.0), ("B|revenue|2023A", 2, 2.0)])
    landed = _feed(desk, ws)
    assert landed == [("A|revenue|2023A", 1, 1.0), ("B|revenue|2023A", 2, 2.0)]
    for copy in (False, True):
        # QA's attack: a second version at a seq the station pushed, and one at a seq it has not used yet
        for seq in (2, 3, 1):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_OUTSIDE):
                _write(conn, ws, [("B|revenue|2023A", seq, 999000000.0)], copy)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_OUTSIDE):  # (one bad line refuses the lot)
            _write(conn, ws, [("C|revenue|2023A", 3, 3.0), ("D|revenue|2023A", 4, 4.0)], copy)
        # a record made by an earlier transaction covers no version written now
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_OUTSIDE):
            with conn.transaction():
                _write(conn, ws, [("B|revenue|2023A", 2, 999000000.0)], copy)
        # a record of this transaction covers its own range only (it does not begin right after the mark)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_OUTSIDE):
            with conn.transaction():
                conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 100, 101)", [ws])
                _write(conn, ws, [("B|revenue|2023A", 2, 999000000.0), ("E|revenue|2023A", 100, 5.0)], copy)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_OUTSIDE):
            with conn.transaction():
                conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 100, 101)", [ws])
                _write(conn, ws, [("E|revenue|2023A", 102, 5.0)], copy)
    assert _feed(desk, ws) == landed  # nothing of any of them
    # the pushes after it land: a new range (the store's changes up to 10 pushed, the last ones not
    # versions), then the next
    _push(conn, ws, 3, 4, [("C|revenue|2023A", 3, 3.0), ("D|revenue|2023A", 4, 4.0)], upto=10)
    _push(conn, ws, 11, 12, [("A|revenue|2023A", 11, 1.5), ("F|revenue|2023A", 12, 6.0)], copy=False)
    # since v14 no version is taken at a seq an earlier push holds, even in a record that begins right
    # after the desk's mark (a push never sends one: what a push whose acknowledgement was lost carried
    # is checked and taken, not sent again), nor at one inside no push, nor past the record
    for seq in (1, 7, 15):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_OUTSIDE):
            _push(conn, ws, 13, 14, [("B|revenue|2023A", 1, 1.25), ("B|revenue|2023A", seq, 999000000.0)])
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_OUTSIDE):  # (not right after the mark)
        _push(conn, ws, 14, 14, [("B|revenue|2023A", 1, 1.25), ("G|revenue|2023A", 14, 7.0)])
    assert _feed(desk, ws) == landed + [("C|revenue|2023A", 3, 3.0), ("D|revenue|2023A", 4, 4.0),
                                        ("A|revenue|2023A", 11, 1.5), ("F|revenue|2023A", 12, 6.0)]
    # a version written by hand now needs a record of its own: the station's next push meets it
    _push(conn, ws, 13, 13, [("B|revenue|2023A", 13, 999000000.0)])
    with pytest.raises(psycopg.errors.ExclusionViolation):
        _push(conn, ws, 13, 15, [("G|revenue|2023A", 15, 9.0)])
    conn.close()


def test_the_feeds_own_copies_and_the_owners_writes_need_no_record(pg_cluster, desk_db):
    """desk.feed() copies the other tables' writes into the feed as the schema's owner, and the owner
    (a bench's seeding, an upgrade) writes versions with no push: neither is checked."""
    desk = Desk(pg_cluster, desk_db)
    conn, ws = psql_session(desk, "analyst")
    conn.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES ('segments', 'seg-x', %s, %s, 42)",
                 [json.dumps({"name": "测试板块"}), ws])
    # (since v14 a row written by hand outside a push is the user's own write, sql:USER: its copy in
    # the feed is still the feed's own, not checked)
    assert [(k, s) for k, s, _ in _feed(desk, f"sql:{conn.info.user}")] == [("seg-x", 42)]
    conn.close()
    with psycopg.connect(desk.super_url) as su:  # (a workstation id nobody claimed: a bench's)
        su.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('facts', 'Z|revenue|2023A', %s, "
                   "'ws-bench', 43)", [_fact(1.0)])
    assert [(k, s) for k, s, _ in _feed(desk, "ws-bench")] == [("Z|revenue|2023A", 43)]


def test_qa_attack_by_psql_is_refused_and_the_station_syncs_on(pair):
    """QA's repro: a station pushes two facts; under its user's psql a second version at the second
    one's seq and one at the seq the station uses next (QA's figures 999000000 and 6000000000
    replaced by plausible ones: the figure check would refuse those first) are refused; the station's
    next import syncs, and every store and the desk hold its values."""
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    keys = [tuple(r) for r in b.db.execute("SELECT ticker, metric, period FROM facts WHERE metric = 'revenue' "
                                           "ORDER BY ticker, period LIMIT 3").fetchall()]
    b.write_facts([(*k, 10.0 + i) for i, k in enumerate(keys[:2])], source="d1.xlsx", origin="import")
    assert sync(b, cb).pushed == 2
    with psycopg.connect(desk.super_url) as su:
        top = su.execute("SELECT max(seq) FROM desk.changes WHERE ws = %s", [ws]).fetchone()[0]
    assert top == b.last_seq()
    with psycopg.connect(cb.url, password=cb.password, autocommit=True) as psql:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_OUTSIDE):
            psql.execute("INSERT INTO desk.changes (tbl,key,data,ws,seq) SELECT tbl,key,"
                         "jsonb_set(data,'{value}','99.5'),ws,seq FROM desk.changes WHERE ws = %s AND seq = %s",
                         [ws, top])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_OUTSIDE):
            psql.execute("INSERT INTO desk.changes (tbl,key,data,ws,seq) SELECT tbl,%s,"
                         "jsonb_set(data,'{value}','60.5'),ws,%s FROM desk.changes WHERE ws = %s AND seq = %s",
                         ["|".join(keys[2]), top + 1, ws, top])
    b.write_facts([(*keys[2], 12.0)], source="d2.xlsx", origin="import")
    result = sync(b, cb)
    assert (result.pushed, result.pulled, result.conflicts) == (1, 0, 0)
    sync(a, ca)
    for i, k in enumerate(keys):
        assert b.fact(*k) == a.fact(*k) == 10.0 + i
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == normalised(server_tables(desk.super_url))


def test_a_version_written_by_hand_with_a_record_of_its_own_is_told_at_the_stations_next_sync(pair):
    """The price of a version written by hand is a push record, which the exclusion constraint keeps
    apart from the station's real pushes: written at the seq the station takes next, its next sync
    finds the desk holds a change under that seq its store did not make and says so in words (a copy,
    re-identified) and lists its own figure as a conflict with the desk's: never "pushed 1, pulled 0"
    over a figure its store does not hold."""
    desk, _, (b, cb) = pair
    ws = b.workstation_id()
    key = [tuple(r) for r in b.db.execute("SELECT ticker, metric, period FROM facts WHERE metric = 'revenue' "
                                          "ORDER BY ticker LIMIT 1")][0]
    nxt = b.last_seq() + 1  # (the seq the station's next change takes)
    with psycopg.connect(cb.url, password=cb.password, autocommit=True) as psql:
        with psql.transaction():
            psql.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", [ws, nxt, nxt])
            psql.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('facts', %s, %s, %s, %s)",
                         ["|".join(key), _fact(77.5), ws, nxt])
    b.write_facts([(*key, 7.0)], source="d3.xlsx", origin="import")
    assert b.last_seq() == nxt
    result = sync(b, cb)
    assert any(f"change {nxt} to facts {'|'.join(key)}" in n and "copy or a restored backup" in n
               for n in result.notes), result.notes
    assert b.workstation_id() != ws
    # told, and no silent disagreement: the store holds what the desk holds, its own figure listed
    with psycopg.connect(desk.super_url) as su:
        on_desk = su.execute("SELECT (data->>'value')::float FROM desk.current WHERE tbl = 'facts' AND key = %s",
                             ["|".join(key)]).fetchone()[0]
    assert result.conflicts == 1 and b.fact(*key) == on_desk


def test_a_v12_desk_upgrades_keeping_its_rows_and_then_refuses_versions_outside_a_push(
        pg_cluster, desk_db, demo_path, tmp_path, monkeypatch):
    with monkeypatch.context() as m:  # a desk of the release before (schema v12) ...
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:12])
        m.setattr(schema, "LATEST", 12)
        desk = Desk(pg_cluster, desk_db)
        conn, ws = psql_session(desk, "analyst")
        _push(conn, ws, 1, 2, [("A|revenue|2023A", 1, 1.0), ("B|revenue|2023A", 2, 2.0)])
        _write(conn, ws, [("B|revenue|2023A", 2, 999000000.0)], False)  # (v12 took a version with no record)
    with psycopg.connect(desk_db) as su:
        feed = su.execute("SELECT id, tbl, key, data, ws, seq, by, at FROM desk.changes ORDER BY id").fetchall()
        pushes = su.execute("SELECT * FROM desk.pushes ORDER BY ws, first_seq").fetchall()
    assert len(feed) == 3
    result = roles.init_desk(desk_db)
    assert (result.before, result.after) == (12, schema.LATEST)
    with psycopg.connect(desk_db) as su:
        assert su.execute("SELECT id, tbl, key, data, ws, seq, by, at FROM desk.changes ORDER BY id").fetchall() == feed
        assert su.execute("SELECT * FROM desk.pushes ORDER BY ws, first_seq").fetchall() == pushes
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=_OUTSIDE):
        _write(conn, ws, [("B|revenue|2023A", 2, 999000000.0)], False)
    _push(conn, ws, 3, 3, [("C|revenue|2023A", 3, 3.0)])
    conn.close()
    # workstations join the upgraded desk and sync on
    admin, analyst = desk.user("admin"), desk.user("analyst")
    a = desk.join(demo_path, admin)
    b = desk.join(tmp_path / "b.sqlite", analyst)
    a.set_fact("688608.SH", "revenue", "2023A", 6.0)
    assert sync(a, admin).pushed == 1
    sync(b, analyst)
    assert b.fact("688608.SH", "revenue", "2023A") == 6.0
    assert normalised(local_tables(b)) == normalised(local_tables(a))
    a.close()
    b.close()


def test_a_dry_run_that_merges_a_row_a_colleague_changed_says_what_it_would_do(pair):
    """A dry run whose push merges a row a colleague changed since the last pull writes its versions
    (rolled back) inside a push record of its own, as the real push does: it says what it would do,
    and the real sync then does it."""
    desk, (a, ca), (b, cb) = pair
    t = b.db.execute("SELECT ticker FROM companies ORDER BY ticker LIMIT 1").fetchone()[0]
    b.set_company_field(t, "full_name", "Bee full name")
    a.set_company_field(t, "industry", "测试行业")
    assert sync(a, ca).pushed == 1
    assert sync(b, cb, dry_run=True).pushed == 1
    assert sync(b, cb).pushed == 1
