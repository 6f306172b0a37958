"""The desk schema (init, upgrade, refusing a newer one) and each role's limits, proved by direct
SQL under that role against a real PostgreSQL server."""

from __future__ import annotations

import json
import uuid

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from workbench.desk import roles, schema  # noqa: E402
from workbench.desk.errors import DeskError  # noqa: E402
from workbench.store import sync_state  # noqa: E402

FACT = ("688608.SH", "revenue", "2023A")
GONE = "688608.SH|net_profit|2023A"


def _dbname(url):
    return url.split("?")[0].rsplit("/", 1)[-1]


def _login(pg_cluster, url, role):
    """A new login role in ``role``'s group; a connection as that user over TCP with its password."""
    name = f"u_{role}_{uuid.uuid4().hex[:8]}"
    roles.add_user(url, name, role, "secret-" + name)
    dbname = _dbname(url)
    return name, psycopg.connect(pg_cluster.tcp_url(dbname, name, "secret-" + name), autocommit=True)


@pytest.fixture
def desk(pg_cluster, desk_db):
    roles.init_desk(desk_db)
    return desk_db


def _put(conn, tbl, key, data):
    """Write a row as a push does: a new version of a versioned table, or the row in place."""
    if tbl in schema.VERSIONED_TABLES:
        seq = uuid.uuid4().int % 10**9
        with conn.transaction():  # (its push's record first: since v13 the feed takes versions of a push only)
            conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES ('ws-test', %s, %s)", [seq, seq])
            conn.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES (%s, %s, %s, 'ws-test', %s)",
                         [tbl, key, json.dumps(data), seq])
        return
    conn.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES (%s, %s, %s, 'ws-test', %s) "
                 "ON CONFLICT (tbl, key) DO UPDATE SET data = excluded.data, seq = excluded.seq",
                 [tbl, key, json.dumps(data), uuid.uuid4().int % 10**9])


def test_init_creates_schema_and_groups(desk_db):
    result = roles.init_desk(desk_db)
    assert (result.before, result.after) == (None, len(schema.MIGRATIONS))
    with psycopg.connect(desk_db) as conn:
        assert conn.execute("SELECT value FROM desk.meta WHERE key = 'schema_version'").fetchone() == (
            str(len(schema.MIGRATIONS)),)
        names = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE 'workbench_%'")}
    assert {"workbench_analyst", "workbench_editor", "workbench_admin"} <= names


def test_init_again_changes_nothing(desk_db):
    roles.init_desk(desk_db)
    with psycopg.connect(desk_db, autocommit=True) as conn:
        conn.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('facts', 'k', '{\"value\": 1}', 'w', 1)")
    again = roles.init_desk(desk_db)
    assert (again.before, again.after) == (schema.LATEST, schema.LATEST)
    with psycopg.connect(desk_db) as conn:
        assert conn.execute("SELECT data FROM desk.current WHERE key = 'k'").fetchone() == ({"value": 1},)


def test_init_upgrades_an_older_schema(desk_db, monkeypatch):
    roles.init_desk(desk_db)
    current = schema.LATEST
    probe = "CREATE TABLE desk.upgrade_probe (id int)"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [(current + 1, probe)])
    monkeypatch.setattr(schema, "LATEST", current + 1)
    result = roles.init_desk(desk_db)
    assert (result.before, result.after) == (current, current + 1)
    with psycopg.connect(desk_db) as conn:
        assert conn.execute("SELECT to_regclass('desk.upgrade_probe')").fetchone()[0] is not None
        assert conn.execute("SELECT value FROM desk.meta WHERE key = 'schema_version'").fetchone() == (
            str(current + 1),)


def test_a_first_release_desk_upgrades_to_leases_keeping_its_rows(desk_db, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        m.setattr(schema, "LATEST", 1)
        roles.init_desk(desk_db)
    with psycopg.connect(desk_db, autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('desk.leases')").fetchone()[0] is None
        conn.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES ('issues', 'i', '{}', 'w', 1)")
    result = roles.init_desk(desk_db)
    assert (result.before, result.after) == (1, schema.LATEST)
    with psycopg.connect(desk_db) as conn:
        assert conn.execute("SELECT to_regclass('desk.leases')").fetchone()[0] is not None
        assert conn.execute("SELECT count(*) FROM desk.rows").fetchone() == (1,)


def test_init_refuses_a_newer_schema(desk_db):
    roles.init_desk(desk_db)
    with psycopg.connect(desk_db, autocommit=True) as conn:
        conn.execute("UPDATE desk.meta SET value = %s WHERE key = 'schema_version'", [str(schema.LATEST + 1)])
    with pytest.raises(DeskError, match=f"v{schema.LATEST + 1}"):
        roles.init_desk(desk_db)
    with psycopg.connect(desk_db) as conn:
        assert conn.execute("SELECT value FROM desk.meta WHERE key = 'schema_version'").fetchone() == (
            str(schema.LATEST + 1),)


def test_user_logs_in_with_its_password_only(pg_cluster, desk):
    name, conn = _login(pg_cluster, desk, "analyst")
    conn.close()
    dbname = _dbname(desk)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(pg_cluster.tcp_url(dbname, name, "wrong"))
    with psycopg.connect(desk) as su:
        stored = su.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", [name]).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$")


def test_user_name_is_validated(desk):
    with pytest.raises(DeskError, match="invalid user name"):
        roles.add_user(desk, "Robert'); DROP TABLE x;--", "analyst", "pw")
    with pytest.raises(DeskError, match="unknown role"):
        roles.add_user(desk, "bob", "owner", "pw")


def test_analyst_writes_facts_and_quotes(pg_cluster, desk):
    _, conn = _login(pg_cluster, desk, "analyst")
    _put(conn, "facts", "600519.SH|revenue|2023A", {"value": 1.0})
    _put(conn, "quotes", "idx|2024-12-27", {"close": 3400.14})
    _put(conn, "facts", "600519.SH|revenue|2023A", {"value": 2.0})  # a new version of the same fact
    assert conn.execute("SELECT count(*) FROM desk.current").fetchone() == (2,)
    assert conn.execute("SELECT data FROM desk.current WHERE tbl = 'facts'").fetchone() == ({"value": 2.0},)


def test_versions_are_stamped_by_the_server_and_never_rewritten(pg_cluster, desk):
    """A client names a version's row, data, workstation and seq; its revision, writer and time
    are the server's (column privileges), and no role changes or removes a version."""
    name, conn = _login(pg_cluster, desk, "analyst")
    for column, value in (("id", 1), ("by", "someone_else"), ("at", "2000-01-01")):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            conn.execute(f"INSERT INTO desk.changes (tbl, key, data, ws, seq, {column}) "
                         "VALUES ('facts', 'k', '{}', 'w', 1, %s)", [value])
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="versions of companies, facts, quotes"):
        conn.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('house', 'house', '{}', 'w', 2)")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="versions of companies, facts, quotes"):
        conn.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('notes', 'n', '{}', 'w', 3)")
    # the same by COPY, which a push uses (the feed has no row-level security: COPY would refuse it)
    for column, value in (("by", "someone_else"), ("at", "2000-01-01"), ("id", "1")):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            with conn.cursor().copy(f"COPY desk.changes (tbl, key, data, ws, seq, {column}) FROM STDIN") as copy:
                copy.write_row(("facts", "k", "{}", "w", 4, value))
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="versions of companies, facts, quotes"):
        with conn.cursor().copy("COPY desk.changes (tbl, key, data, ws, seq) FROM STDIN") as copy:
            copy.write_row(("facts", "k3", '{"value": 1}', "w", 5))
            copy.write_row(("issues", "i", '{"status": "final"}', "w", 6))
    assert conn.execute("SELECT count(*) FROM desk.changes WHERE ws = 'w'").fetchone() == (0,)  # (none of the COPY)
    with conn.transaction():  # (with its push's record, as a push copies its versions)
        conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES ('w', 7, 7)")
        with conn.cursor().copy("COPY desk.changes (tbl, key, data, ws, seq) FROM STDIN") as copy:
            copy.write_row(("facts", "k4", '{"value": 4}', "w", 7))
    assert conn.execute("SELECT by FROM desk.changes WHERE key = 'k4'").fetchone() == (name,)
    before = conn.execute("SELECT coalesce(max(id), 0) FROM desk.changes").fetchone()[0]
    _put(conn, "facts", "k", {"value": 1.0})
    row = conn.execute("SELECT id, by, at > now() - interval '1 minute' FROM desk.changes WHERE key = 'k'").fetchone()
    assert row[0] > before and row[1:] == (name, True)
    for who in ("analyst", "editor", "admin"):
        _, other = _login(pg_cluster, desk, who)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            other.execute("UPDATE desk.changes SET data = '{\"value\": 9}' WHERE key = 'k'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            other.execute("DELETE FROM desk.changes WHERE key = 'k'")
    # and the versioned tables are not kept in place any more, not even by the schema's owner
    with psycopg.connect(desk, autocommit=True) as su:
        with pytest.raises(psycopg.errors.CheckViolation):
            su.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES ('facts', 'k2', '{}', 'w', 1)")
    assert conn.execute("SELECT data FROM desk.current WHERE key = 'k'").fetchone() == ({"value": 1.0},)


def test_analyst_cannot_change_house_or_analyst_register(pg_cluster, desk):
    _, conn = _login(pg_cluster, desk, "analyst")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _put(conn, "house", "house", {"name_zh": "伪造证券"})
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _put(conn, "analysts", "a1", {"name": "张三", "sac_no": "S0000000000001"})


def test_admin_changes_house_and_analysts(pg_cluster, desk):
    _, conn = _login(pg_cluster, desk, "admin")
    _put(conn, "house", "house", {"name_zh": "示例证券"})
    _put(conn, "analysts", "a1", {"name": "张三", "sac_no": "S0000000000001"})
    assert conn.execute("SELECT count(*) FROM desk.rows WHERE tbl IN ('house', 'analysts')").fetchone() == (2,)


def test_editor_cannot_change_house(pg_cluster, desk):
    _, conn = _login(pg_cluster, desk, "editor")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _put(conn, "house", "house", {"name_zh": "伪造证券"})


def test_only_editors_move_an_issue_to_final(pg_cluster, desk):
    _, analyst = _login(pg_cluster, desk, "analyst")
    _put(analyst, "issues", "i1", {"status": "draft", "headline": "周观点"})
    _put(analyst, "issues", "i1", {"status": "review", "headline": "周观点"})
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _put(analyst, "issues", "i1", {"status": "final", "headline": "周观点"})
    _, editor = _login(pg_cluster, desk, "editor")
    _put(editor, "issues", "i1", {"status": "final", "headline": "周观点"})
    # and once final, an analyst can no longer touch it
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _put(analyst, "issues", "i1", {"status": "draft", "headline": "改写"})
    assert editor.execute("SELECT data->>'headline' FROM desk.rows WHERE key = 'i1'").fetchone() == ("周观点",)


def test_analyst_edits_own_notes_only(pg_cluster, desk):
    _, alice = _login(pg_cluster, desk, "analyst")
    _, bob = _login(pg_cluster, desk, "analyst")
    _put(alice, "notes", "n1", {"text": "小米万卡集群"})
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _put(bob, "notes", "n1", {"text": "改写别人的笔记"})
    cur = bob.execute("UPDATE desk.rows SET data = '{\"text\": \"x\"}' WHERE key = 'n1'")
    assert cur.rowcount == 0
    assert alice.execute("SELECT data->>'text' FROM desk.rows WHERE key = 'n1'").fetchone() == ("小米万卡集群",)


def test_owner_cannot_be_forged(pg_cluster, desk):
    alice_name, alice = _login(pg_cluster, desk, "analyst")
    _, bob = _login(pg_cluster, desk, "analyst")
    bob.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq, owner) "
                "VALUES ('notes', 'n2', '{\"text\": \"b\"}', 'w', 1, %s)", [alice_name])
    assert alice.execute("SELECT owner FROM desk.rows WHERE key = 'n2'").fetchone() != (alice_name,)


@pytest.mark.parametrize("role", ["analyst", "editor", "admin"])
def test_publication_record_is_append_only_for_every_role(pg_cluster, desk, role):
    _, conn = _login(pg_cluster, desk, "editor")
    with conn.transaction():  # a version lands with its issue's move to final (schema v4)
        _put(conn, "issues", "i1", {"status": "final", "version": 1})
        conn.execute("INSERT INTO desk.records (tbl, key, data, ws, seq) VALUES ('issue_versions', 'i1|1', "
                     "'{\"issue\": \"i1\", \"version\": 1, \"pdf_sha256\": \"ab\"}', 'w', 1)")
    _, who = _login(pg_cluster, desk, role)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        who.execute("UPDATE desk.records SET data = '{\"pdf_sha256\": \"forged\"}'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        who.execute("DELETE FROM desk.records")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        who.execute("DELETE FROM desk.rows")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        who.execute("INSERT INTO desk.changes (id, tbl, key, ws, seq, by, at) "
                    "VALUES (999999, 'house', 'house', 'w', 1, 'x', now())")
    assert who.execute("SELECT data->>'pdf_sha256' FROM desk.records").fetchone() == ("ab",)


def test_only_editors_publish_versions(pg_cluster, desk):
    _, analyst = _login(pg_cluster, desk, "analyst")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        analyst.execute("INSERT INTO desk.records (tbl, key, data, ws, seq) VALUES "
                        "('issue_versions', 'i1|1', '{}', 'w', 1)")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        analyst.execute("INSERT INTO desk.records (tbl, key, data, ws, seq) VALUES "
                        "('issue_log', 'l1', '{\"to_status\": \"final\"}', 'w', 2)")
    with analyst.transaction():  # a log entry lands with the issue change it records (schema v4)
        _put(analyst, "issues", "i1", {"status": "review", "version": 1})
        analyst.execute("INSERT INTO desk.records (tbl, key, data, ws, seq) VALUES ('issue_log', 'l2', "
                        "'{\"issue\": \"i1\", \"to_status\": \"review\", \"version\": 1}', 'w', 3)")


def test_the_record_is_kept_even_from_the_schema_owner(desk):
    with psycopg.connect(desk, autocommit=True) as su:
        su.execute("INSERT INTO desk.records (tbl, key, data, ws, seq) VALUES ('issue_log', 'l', '{}', 'w', 1)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="cannot be changed"):
            su.execute("DELETE FROM desk.records")


def test_feed_holds_exactly_what_the_server_accepted(pg_cluster, desk):
    _, conn = _login(pg_cluster, desk, "analyst")
    _put(conn, "facts", "k1", {"value": 1.0})
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _put(conn, "house", "house", {"name_zh": "伪造"})
    feed = conn.execute("SELECT tbl, key, data FROM desk.changes ORDER BY id").fetchall()
    assert feed == [("facts", "k1", {"value": 1.0})]



def test_a_desk_of_the_previous_release_upgrades_in_place_and_syncs_on(pg_cluster, desk_db, demo_store, tmp_path,
                                                                       monkeypatch):
    from desk_testing import Desk, local_tables, normalised, server_tables

    from workbench.desk.sync import sync

    with monkeypatch.context() as m:  # a desk made by the release before (schema v2) ...
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
        m.setattr(schema, "LATEST", 2)
        desk = Desk(pg_cluster, desk_db)
        name, conn = _login(pg_cluster, desk_db, "admin")
    images = normalised(local_tables(demo_store))
    with conn:  # ... holding the demo store, written as that release's push wrote it
        for seq, (tbl, key, image) in enumerate(((t, k, v) for t, rows in images.items() for k, v in rows.items()), 1):
            target = "desk.records" if tbl in sync_state.RECORDS else "desk.rows"
            conn.execute(f"INSERT INTO {target} (tbl, key, data, ws, seq) VALUES (%s, %s, %s, 'old-ws', %s)",
                         [tbl, key, json.dumps(image), seq])
    before = server_tables(desk_db)
    with psycopg.connect(desk_db) as su:
        feed = su.execute("SELECT count(*) FROM desk.changes").fetchone()[0]
    assert roles.init_desk(desk_db).before == 2  # (and upgraded to this release's schema, below)
    with psycopg.connect(desk_db) as su:
        assert schema.server_version(su) == schema.LATEST  # upgraded in place to this release's schema
    assert server_tables(desk_db) == before == images
    with psycopg.connect(desk_db) as su:
        assert su.execute("SELECT count(*) FROM desk.changes").fetchone()[0] == feed > 0
        named = su.execute("SELECT count(*) FROM desk.rows WHERE tbl = 'segments' AND nat_name IS NOT NULL").fetchone()
        assert named[0] == len(images["segments"]) > 0
        # the natural keys still hold after the upgrade
        segment = next(iter(images["segments"].values()))["name"]
        with pytest.raises(psycopg.errors.UniqueViolation):
            su.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES ('segments', 'other-uid', %s, 'w', 1)",
                       [json.dumps({"name": segment})])
    # and workstations join and sync on it: everything arrives, an edit travels
    analyst, editor = desk.user("analyst"), desk.user("editor")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    c = desk.join(tmp_path / "c.sqlite", editor)
    assert normalised(local_tables(b)) == images
    b.set_fact("688608.SH", "revenue", "2023A", 6.0)
    assert sync(b, analyst).pushed == 1
    assert sync(c, editor).pulled == 1 and c.fact("688608.SH", "revenue", "2023A") == 6.0
    b.close()
    c.close()


def test_a_v5_desk_upgrades_to_versions_keeping_its_rows_and_their_revisions(pg_cluster, desk_db, demo_store,
                                                                            tmp_path, monkeypatch):
    """v5 kept facts, quotes, companies and datasets as rows updated in place (and the feed may
    have been pruned); v6 keeps them as versions in the feed. The upgrade keeps every row, its
    revision, writer and time, deletions included; workstations joined before it sync on, and an
    edit made against a revision someone else has since replaced is still a conflict."""
    from desk_testing import Desk, local_tables, normalised, server_tables

    from workbench.desk.sync import sync

    with monkeypatch.context() as m:  # a desk of the release before (schema v5) ...
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:5])
        m.setattr(schema, "LATEST", 5)
        desk = Desk(pg_cluster, desk_db)
    # ... holding the demo store as the v5 push wrote it (rows in place, their feed entries) ...
    images = normalised(local_tables(demo_store))
    with psycopg.connect(desk_db, autocommit=True) as su:
        for seq, (tbl, key, image) in enumerate(((t, k, v) for t, rows in images.items() for k, v in rows.items()), 1):
            target = "desk.records" if tbl in sync_state.RECORDS else "desk.rows"
            su.execute(f"INSERT INTO {target} (tbl, key, data, ws, seq) VALUES (%s, %s, %s, 'old-ws', %s)",
                       [tbl, key, json.dumps(image), seq])
        su.execute("UPDATE desk.rows SET data = NULL, seq = 1000000 WHERE tbl = 'facts' AND key = %s", [GONE])  # a deletion
        # ... and a pruned feed: the facts' entries are gone, only their rows say what the desk holds
        su.execute("DELETE FROM desk.changes WHERE tbl = 'facts'")
        before = {(t, k): (d, rev, w, at) for t, k, d, rev, w, at in su.execute(
            "SELECT tbl, key, data, rev, writer, at FROM desk.rows UNION ALL "
            "SELECT tbl, key, data, rev, writer, at FROM desk.records")}
    assert before[("facts", GONE)][0] is None
    assert (roles.init_desk(desk_db).before, roles.init_desk(desk_db).after) == (5, schema.LATEST)
    with psycopg.connect(desk_db) as su:
        after = {(t, k): (d, rev, w, at) for t, k, d, rev, w, at in su.execute(
            "SELECT tbl, key, data, rev, writer, at FROM desk.current UNION ALL "
            "SELECT tbl, key, data, rev, writer, at FROM desk.records")}
        assert su.execute("SELECT count(*) FROM desk.rows WHERE tbl IN ('facts', 'quotes', 'companies', 'datasets')"
                          ).fetchone() == (0,)
        assert su.execute("SELECT count(*) FROM desk.changes WHERE tbl = 'facts'").fetchone() == (
            len(images["facts"]),)
    assert after == before
    # workstations join and sync on: an edit travels; one made against a replaced revision conflicts
    admin, analyst = desk.user("admin"), desk.user("analyst")
    a = desk.join(tmp_path / "a.sqlite", admin)
    b = desk.join(tmp_path / "b.sqlite", analyst)
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == normalised(server_tables(desk_db))
    a.set_fact(*FACT, 6.0)
    assert sync(a, admin).pushed == 1
    b.set_fact(*FACT, 7.0)  # b has not pulled a's edit: its base is the v5 revision
    result = sync(b, analyst)
    assert result.conflicts == 1 and b.fact(*FACT) == 6.0
    a.close()
    b.close()


def test_a_v7_desk_upgrades_to_copied_versions_keeping_its_rows_and_their_revisions(pg_cluster, desk_db, demo_store,
                                                                                     tmp_path, monkeypatch):
    """v7 kept row-level security on the feed (which refuses COPY FROM); v8 guards it with a
    trigger instead, so a push copies its versions straight in. The upgrade keeps every row, its
    revision, writer and time; the rules hold (no role writes another table's entry there, forges
    a writer or a time, or changes a version); workstations sync on, conflicts included."""
    from desk_testing import Desk, local_tables, normalised, server_tables

    from workbench.desk.sync import sync

    with monkeypatch.context() as m:  # a desk of the release before (schema v7) ...
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:7])
        m.setattr(schema, "LATEST", 7)
        desk = Desk(pg_cluster, desk_db)
        name, conn = _login(pg_cluster, desk_db, "admin")
    images = normalised(local_tables(demo_store))
    with conn:  # ... holding the demo store as the v7 push wrote it: versions in the feed, other rows in place
        for seq, (tbl, key, image) in enumerate(((t, k, v) for t, rows in images.items() for k, v in rows.items()), 1):
            target = ("desk.records" if tbl in sync_state.RECORDS else "desk.changes"
                      if tbl in schema.VERSIONED_TABLES else "desk.rows")
            conn.execute(f"INSERT INTO {target} (tbl, key, data, ws, seq) VALUES (%s, %s, %s, 'old-ws', %s)",
                         [tbl, key, json.dumps(image), seq])
        conn.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('facts', %s, NULL, 'old-ws', 1000000)",
                     [GONE])  # a deletion
    with psycopg.connect(desk_db) as su:
        assert su.execute("SELECT relrowsecurity FROM pg_class WHERE oid = 'desk.changes'::regclass").fetchone() == (True,)
        before = {(t, k): (d, rev, w, at) for t, k, d, rev, w, at in su.execute(
            "SELECT tbl, key, data, rev, writer, at FROM desk.current UNION ALL "
            "SELECT tbl, key, data, rev, writer, at FROM desk.records")}
        feed = su.execute("SELECT id, tbl, key, data, ws, seq, by, at FROM desk.changes ORDER BY id").fetchall()
    assert before[("facts", GONE)][0] is None and before[("facts", GONE)][2] == name
    assert (roles.init_desk(desk_db).before, roles.init_desk(desk_db).after) == (7, schema.LATEST)
    with psycopg.connect(desk_db) as su:
        assert su.execute("SELECT relrowsecurity FROM pg_class WHERE oid = 'desk.changes'::regclass").fetchone() == (False,)
        after = {(t, k): (d, rev, w, at) for t, k, d, rev, w, at in su.execute(
            "SELECT tbl, key, data, rev, writer, at FROM desk.current UNION ALL "
            "SELECT tbl, key, data, rev, writer, at FROM desk.records")}
        assert su.execute("SELECT id, tbl, key, data, ws, seq, by, at FROM desk.changes ORDER BY id").fetchall() == feed
    assert after == before
    # the feed's rules hold without row-level security, by INSERT and by COPY, for every role
    for role in ("analyst", "editor", "admin"):
        _, who = _login(pg_cluster, desk_db, role)
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
    # workstations join and sync on: an edit travels; one made against a replaced revision conflicts
    admin, analyst = desk.user("admin"), desk.user("analyst")
    a = desk.join(tmp_path / "a.sqlite", admin)
    b = desk.join(tmp_path / "b.sqlite", analyst)
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == normalised(server_tables(desk_db))
    assert normalised(server_tables(desk_db)) == {t: {k: v for k, v in rows.items() if (t, k) != ("facts", GONE)}
                                                  for t, rows in images.items()}
    a.set_fact(*FACT, 6.0)
    assert sync(a, admin).pushed == 1
    b.set_fact(*FACT, 7.0)  # b has not pulled a's edit: its base is the v7 revision
    result = sync(b, analyst)
    assert result.conflicts == 1 and b.fact(*FACT) == 6.0
    a.close()
    b.close()


def test_a_published_issue_changes_only_by_a_correction(pg_cluster, desk):
    _, editor = _login(pg_cluster, desk, "editor")
    _put(editor, "issues", "i9", {"status": "final", "version": 1, "headline": "周观点"})
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only by a correction"):
        _put(editor, "issues", "i9", {"status": "final", "version": 1, "headline": "改写已发布的标题"})
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only by a correction"):
        _put(editor, "issues", "i9", {"status": "draft", "version": 1, "headline": "周观点"})
    _put(editor, "issues", "i9", {"status": "draft", "version": 2, "headline": "周观点（更正）"})
    assert editor.execute("SELECT data->>'headline' FROM desk.rows WHERE key = 'i9'").fetchone() == ("周观点（更正）",)
    _put(editor, "issues", "i9", {"status": "final", "version": 2, "headline": "周观点（更正）"})
    # corrected and published again before the desk saw the draft: final v2 -> final v3 at once
    _put(editor, "issues", "i9", {"status": "final", "version": 3, "headline": "周观点（再更正）"})
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only by a correction"):
        _put(editor, "issues", "i9", {"status": "final", "version": 2, "headline": "周观点（更正）"})
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only by a correction"):
        editor.execute("UPDATE desk.rows SET data = NULL WHERE key = 'i9'")
