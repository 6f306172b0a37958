"""A push's guard against applying a change twice (schema v12): each push records the seqs it
applies, ``(ws, first_seq, last_seq)`` in ``desk.pushes``, and PostgreSQL refuses a record whose
range meets an earlier one of the same workstation, under every role; no role forges a record's
writer or time, changes or removes one, or records one under another desk user's workstation id
(which would refuse every push of theirs). A retry after a lost acknowledgement applies each change
once; a push of changes the desk applied is refused by the database even when the workstation's
own check is fooled. A v11 desk (the ``(ws, seq)`` key) upgrades in place. Against a real
PostgreSQL desk."""

from __future__ import annotations

import json
import uuid

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk, local_tables, normalised, server_tables  # noqa: E402

from workbench.desk import identity, roles, schema  # noqa: E402
from workbench.desk import sync as desk_sync  # noqa: E402
from workbench.desk.errors import DeskError, DeskOffline  # noqa: E402
from workbench.desk.sync import sync  # noqa: E402
from workbench.store import sync_state  # noqa: E402

FACT = ("688608.SH", "revenue", "2023A")  # 恒玄科技 in the demo store
GONE = "688608.SH|net_profit|2023A"


def _login(pg_cluster, url, role):
    """A new login role in ``role``'s group; a connection as that user over TCP with its password."""
    name = f"u_{role}_{uuid.uuid4().hex[:8]}"
    roles.add_user(url, name, role, "secret-" + name)
    dbname = url.split("?")[0].rsplit("/", 1)[-1]
    return name, psycopg.connect(pg_cluster.tcp_url(dbname, name, "secret-" + name), autocommit=True)


def _connect(pg_cluster, url, name):
    """A connection as the login ``name`` that ``_login`` made."""
    return psycopg.connect(pg_cluster.tcp_url(url.split("?")[0].rsplit("/", 1)[-1], name, "secret-" + name),
                           autocommit=True)


def _records(super_url, ws):
    with psycopg.connect(super_url) as conn:
        return conn.execute("SELECT first_seq, last_seq FROM desk.pushes WHERE ws = %s ORDER BY first_seq",
                            [ws]).fetchall()


def _versions(super_url, ws):
    """How many versions of each fact the desk holds under workstation ``ws``, and their seqs."""
    with psycopg.connect(super_url) as conn:
        rows = conn.execute("SELECT key, seq FROM desk.changes WHERE ws = %s AND tbl = 'facts'", [ws]).fetchall()
    counts: dict[str, int] = {}
    for key, _ in rows:
        counts[key] = counts.get(key, 0) + 1
    return counts, sorted(seq for _, seq in rows)


def _some_facts(store, n):
    return [tuple(r) for r in store.db.execute("SELECT ticker, metric, period FROM facts ORDER BY ticker, metric, "
                                               "period LIMIT ?", [n]).fetchall()]


def test_overlapping_push_records_are_refused_by_the_database_under_every_role(pg_cluster, desk_db):
    Desk(pg_cluster, desk_db)
    for role in ("analyst", "editor", "admin"):
        name, who = _login(pg_cluster, desk_db, role)
        ws = f"ws-{role}"
        who.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 1, 10)", [ws])
        for first, last in ((10, 20), (5, 6), (1, 1), (0, 100)):  # any seq in common: refused
            with pytest.raises(psycopg.errors.ExclusionViolation):
                who.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", [ws, first, last])
        who.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 11, 20)", [ws])  # the next ones
        who.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 1, 10)", [ws + "-other"])
        with pytest.raises(psycopg.errors.CheckViolation):  # (an empty range claims nothing)
            who.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 30, 29)", [ws])
        # the writer and time are the desk's; a record is never changed or removed
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            who.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq, by) VALUES (%s, 40, 50, 'someone_else')",
                        [ws])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            who.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq, at) VALUES (%s, 40, 50, now() - "
                        "interval '1 day')", [ws])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            who.execute("UPDATE desk.pushes SET last_seq = 5 WHERE ws = %s", [ws])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            who.execute("DELETE FROM desk.pushes WHERE ws = %s", [ws])
        assert who.execute("SELECT first_seq, last_seq, by FROM desk.pushes WHERE ws = %s ORDER BY first_seq",
                           [ws]).fetchall() == [(1, 10, name), (11, 20, name)]
        who.close()
    with psycopg.connect(desk_db) as su:  # the schema's owner too
        with pytest.raises(psycopg.errors.ExclusionViolation):
            su.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES ('ws-admin', 15, 25)")


def test_no_one_records_a_push_under_a_colleagues_workstation(pair, pg_cluster):
    """A record under another desk user's workstation id would refuse every push of theirs that
    meets its range: the desk refuses it, under every role; the colleague pushes on."""
    desk, (a, ca), (b, cb) = pair
    ws = a.workstation_id()
    before = _records(desk.super_url, ws)
    for role in ("analyst", "editor", "admin"):
        _, who = _login(pg_cluster, desk.super_url, role)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            who.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 1, 9223372036854775806)", [ws])
        who.close()
    with psycopg.connect(cb.url, password=cb.password, autocommit=True) as bob:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            bob.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 1, 9223372036854775806)", [ws])
        bob.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 1, 5)", [b.workstation_id()])
    assert _records(desk.super_url, ws) == before
    a.set_fact(*FACT, 12.5)
    assert sync(a, ca).pushed == 1 and len(_records(desk.super_url, ws)) == len(before) + 1


def test_each_push_records_the_seqs_it_applies(pair):
    desk, (a, ca), (b, cb) = pair
    ws = a.workstation_id()
    keys = _some_facts(a, 10)
    joined, _ = _versions(desk.super_url, ws)  # (the join pushed the demo store's rows)
    assert len(_records(desk.super_url, ws)) == 1
    a.write_facts([(*k, float(i) + 0.25) for i, k in enumerate(keys[:6])], source="w1.xlsx", origin="import")
    assert sync(a, ca).pushed == 6
    a.write_facts([(*k, float(i) + 7.25) for i, k in enumerate(keys[6:])], source="w2.xlsx", origin="import")
    assert sync(a, ca).pushed == 4
    records = _records(desk.super_url, ws)
    assert len(records) == 3
    counts, seqs = _versions(desk.super_url, ws)
    assert {k: c - joined.get(k, 0) for k, c in counts.items() if c != joined.get(k, 0)} == {
        "|".join(k): 1 for k in keys}
    # every version pushed lies in exactly one record of its workstation; the records do not meet
    for seq in seqs:
        assert sum(1 for first, last in records if first <= seq <= last) == 1
    assert all(records[i][1] < records[i + 1][0] for i in range(len(records) - 1))
    # the records cover the store's changes up to its push mark, no further
    assert records[-1][1] <= sync_state.setting_int(a, sync_state.SETTING_PUSHED)
    sync(b, cb)
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == normalised(server_tables(desk.super_url))


def test_a_retry_after_a_lost_acknowledgement_applies_each_change_once(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    ws = a.workstation_id()
    keys = _some_facts(a, 30)
    joined, _ = _versions(desk.super_url, ws)  # (the join pushed the demo store's rows)
    [join_record] = _records(desk.super_url, ws)

    def added():
        counts, _ = _versions(desk.super_url, ws)
        return {k: c - joined.get(k, 0) for k, c in counts.items() if c != joined.get(k, 0)}

    a.write_facts([(*k, float(i) + 0.5) for i, k in enumerate(keys[:20])], source="weekly.xlsx", origin="import")

    def lost(*args, **kw):
        raise psycopg.OperationalError("connection lost after commit")

    monkeypatch.setattr(desk_sync, "_mark_pushed", lost)
    with pytest.raises(DeskOffline):
        sync(a, ca)
    monkeypatch.undo()
    landed = _records(desk.super_url, ws)
    assert len(landed) == 2 and landed[0] == join_record
    # retried as it was: the desk has it all; nothing is applied again, no new record
    assert sync(a, ca).conflicts == 0
    assert _records(desk.super_url, ws) == landed
    assert added() == {"|".join(k): 1 for k in keys[:20]}
    # lost again, then retried with new changes: those go in once, under a record after the first
    monkeypatch.setattr(desk_sync, "_mark_pushed", lost)
    a.write_facts([(*k, float(i) + 50.5) for i, k in enumerate(keys[20:25])], source="w2.xlsx", origin="import")
    with pytest.raises(DeskOffline):
        sync(a, ca)
    monkeypatch.undo()
    a.write_facts([(*k, float(i) + 80.5) for i, k in enumerate(keys[25:])], source="w3.xlsx", origin="import")
    a.set_fact(*keys[0], 999.0)
    result = sync(a, ca)
    assert (result.pushed, result.conflicts) == (6, 0)
    assert added() == {**{"|".join(k): 1 for k in keys[1:]}, "|".join(keys[0]): 2}
    _, seqs = _versions(desk.super_url, ws)
    records = _records(desk.super_url, ws)
    assert len(records) == 4 and all(records[i][1] < records[i + 1][0] for i in range(3))
    for seq in seqs:
        assert sum(1 for first, last in records if first <= seq <= last) == 1
    sync(b, cb)
    assert b.fact(*keys[0]) == 999.0 and b.fact(*keys[29]) == 84.5
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == normalised(server_tables(desk.super_url))


def test_a_push_of_changes_the_desk_applied_is_refused_by_the_database_itself(pair, monkeypatch):
    """Were the workstation's own checks fooled (the desk's mark of it lost, its push mark
    rewound, the copy check passed over), the desk still refuses to apply the same changes again:
    the push's record meets the one it made the first time. Nothing of the push lands."""
    desk, (a, ca), _ = pair
    ws = a.workstation_id()
    keys = _some_facts(a, 12)
    before_mark = sync_state.setting_int(a, sync_state.SETTING_PUSHED)
    a.write_facts([(*k, float(i) + 0.75) for i, k in enumerate(keys)], source="weekly.xlsx", origin="import")
    assert sync(a, ca).pushed == 12
    counts, _ = _versions(desk.super_url, ws)
    with psycopg.connect(desk.super_url) as conn:
        feed = conn.execute("SELECT count(*), max(id) FROM desk.changes").fetchone()
        conn.execute("UPDATE desk.workstations SET last_seq = 0 WHERE ws = %s", [ws])
    sync_state.set_settings(a, {sync_state.SETTING_PUSHED: before_mark})
    monkeypatch.setattr(identity, "ensure", lambda *a, **k: None)
    with pytest.raises(DeskError, match="already applied"):
        sync(a, ca)
    with psycopg.connect(desk.super_url) as conn:
        assert conn.execute("SELECT count(*), max(id) FROM desk.changes").fetchone() == feed
    assert _versions(desk.super_url, ws)[0] == counts


def test_a_v11_desk_upgrades_keeping_its_rows_and_records_what_each_workstation_pushed(
        pg_cluster, desk_db, demo_store, tmp_path, monkeypatch):
    """v11 refused a version applied twice with the feed's ``(ws, seq)`` key; v12 with a record per
    push. The upgrade keeps every row, its revision, writer and time, and the feed as it was; each
    workstation's versions in the feed become one record (up to the desk's mark of it), so a push
    of the same seqs is refused and the next one goes in; the feed's rules hold for every role;
    workstations sync on, conflicts included."""
    with monkeypatch.context() as m:  # a desk of the release before (schema v11) ...
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:11])
        m.setattr(schema, "LATEST", 11)
        desk = Desk(pg_cluster, desk_db)
        name, conn = _login(pg_cluster, desk_db, "admin")
    images = normalised(local_tables(demo_store))
    n = 0
    with conn:  # ... holding the demo store as a v11 push wrote it: versions in the feed, other rows in place
        for n, (tbl, key, image) in enumerate(((t, k, v) for t, rows in images.items() for k, v in rows.items()), 1):
            target = ("desk.records" if tbl in sync_state.RECORDS else "desk.changes"
                      if tbl in schema.VERSIONED_TABLES else "desk.rows")
            conn.execute(f"INSERT INTO {target} (tbl, key, data, ws, seq) VALUES (%s, %s, %s, 'old-ws', %s)",
                         [tbl, key, json.dumps(image), n])
        conn.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('facts', %s, NULL, 'old-ws', %s)",
                     [GONE, n + 1])  # a deletion
        conn.execute("INSERT INTO desk.workstations (ws, last_seq) VALUES ('old-ws', %s)", [n + 1])
        with pytest.raises(psycopg.errors.UniqueViolation):  # (v11's guard: the key)
            conn.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('facts', %s, NULL, 'old-ws', 1)",
                         [GONE])
    with psycopg.connect(desk_db) as su:
        before = {(t, k): (d, rev, w, at) for t, k, d, rev, w, at in su.execute(
            "SELECT tbl, key, data, rev, writer, at FROM desk.current UNION ALL "
            "SELECT tbl, key, data, rev, writer, at FROM desk.records")}
        feed = su.execute("SELECT id, tbl, key, data, ws, seq, by, at FROM desk.changes ORDER BY id").fetchall()
    assert before[("facts", GONE)][0] is None and before[("facts", GONE)][2] == name
    result = roles.init_desk(desk_db)
    assert (result.before, result.after) == (11, schema.LATEST) and schema.LATEST >= 12
    with psycopg.connect(desk_db) as su:
        after = {(t, k): (d, rev, w, at) for t, k, d, rev, w, at in su.execute(
            "SELECT tbl, key, data, rev, writer, at FROM desk.current UNION ALL "
            "SELECT tbl, key, data, rev, writer, at FROM desk.records")}
        assert su.execute("SELECT id, tbl, key, data, ws, seq, by, at FROM desk.changes ORDER BY id").fetchall() == feed
        assert su.execute("SELECT count(*) FROM pg_constraint WHERE conrelid = 'desk.changes'::regclass "
                          "AND contype = 'u'").fetchone() == (0,)
    assert after == before
    # what old-ws pushed is one record: the same seqs again are refused, the next ones go in
    first_versioned = min(seq for _, _, _, _, ws, seq, _, _ in feed if ws == "old-ws")
    assert _records(desk_db, "old-ws") == [(first_versioned, n + 1)]
    with psycopg.connect(desk_db) as su:  # (recorded under the workstation's user)
        assert su.execute("SELECT by FROM desk.pushes WHERE ws = 'old-ws'").fetchall() == [(name,)]
    with _connect(pg_cluster, desk_db, name) as owner:
        with pytest.raises(psycopg.errors.ExclusionViolation):
            owner.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES ('old-ws', %s, %s)", [n, n + 5])
    for role in ("analyst", "editor", "admin"):
        _, who = _login(pg_cluster, desk_db, role)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):  # not theirs
            who.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES ('old-ws', %s, %s)", [n + 2, n + 5])
        # the feed's rules hold as before: another table's entry, a forged writer, a changed version
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="versions of companies, facts, quotes"):
            who.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('house', 'house', '{}', 'w', 1)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            with who.cursor().copy("COPY desk.changes (tbl, key, data, ws, seq, by) FROM STDIN") as copy:
                copy.write_row(("facts", GONE, "{}", "w", 2, "someone_else"))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            who.execute("UPDATE desk.changes SET data = NULL WHERE key = %s", ["|".join(FACT)])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            who.execute("DELETE FROM desk.changes WHERE key = %s", ["|".join(FACT)])
        who.close()
    with psycopg.connect(desk_db) as su:
        su.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES ('old-ws', %s, %s)", [n + 2, n + 9])
    # workstations join and sync on: an edit travels; one made against a replaced revision conflicts
    admin, analyst = desk.user("admin"), desk.user("analyst")
    a = desk.join(tmp_path / "a.sqlite", admin)
    b = desk.join(tmp_path / "b.sqlite", analyst)
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == normalised(server_tables(desk_db))
    assert normalised(server_tables(desk_db)) == {t: {k: v for k, v in rows.items() if (t, k) != ("facts", GONE)}
                                                  for t, rows in images.items()}
    a.set_fact(*FACT, 6.0)
    assert sync(a, admin).pushed == 1
    b.set_fact(*FACT, 7.0)  # b has not pulled a's edit: its base is the v9 revision
    result = sync(b, analyst)
    assert result.conflicts == 1 and b.fact(*FACT) == 6.0
    assert len(_records(desk_db, a.workstation_id())) == len(_records(desk_db, b.workstation_id())) == 1
    a.close()
    b.close()


def test_a_server_without_the_extension_the_desk_needs_is_named_in_words(desk_db, monkeypatch):
    """v12 needs PostgreSQL's btree_gist (one of its contrib modules, shipped with the server by most
    packages): a server without an extension the desk needs is refused with words, the desk unchanged."""
    roles.init_desk(desk_db)  # (the desk as this release makes it)
    probe = "CREATE EXTENSION IF NOT EXISTS workbench_no_such_extension"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [(schema.LATEST + 1, probe)])
    monkeypatch.setattr(schema, "LATEST", schema.LATEST + 1)
    with pytest.raises(DeskError, match="contrib") as refused:
        roles.init_desk(desk_db)
    assert "workbench_no_such_extension" in str(refused.value)
    with psycopg.connect(desk_db) as conn:
        assert conn.execute("SELECT value FROM desk.meta WHERE key = 'schema_version'").fetchone() == (
            str(schema.LATEST - 1),)
