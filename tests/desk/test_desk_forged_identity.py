"""An analyst's own login cannot, by psql, write under a colleague's workstation id (which made the
colleague's untouched store believe it was a copy and re-identify itself) nor publish a note under a
colleague's name; a station words a pulled note it cannot store. Each refusal proved by direct SQL
under the role against a real PostgreSQL desk (schema v10)."""

from __future__ import annotations

import json
import uuid

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import Desk, dbname

from workbench.desk import identity, roles, schema
from workbench.desk.sync import sync
from workbench.store import sync_state

FACT = ("688608.SH", "pe", "2024E")


def _connect(desk, config):
    """A psql-like session under a desk user's own login and password."""
    return psycopg.connect(desk.cluster.tcp_url(dbname(desk.super_url), config.user, config.password),
                           autocommit=True)


@pytest.fixture
def office(pg_cluster, desk_db, demo_path, tmp_path):
    """A desk with the demo, an analyst zhao whose store joined and pushed, and an analyst zhang."""
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    zhao_cfg = desk.user("analyst", f"zhao_{uuid.uuid4().hex[:6]}")
    zhao = desk.join(tmp_path / "zhao.sqlite", zhao_cfg)
    zhao.set_fact(*FACT, 40.0)
    assert sync(zhao, zhao_cfg).pushed == 1
    zhang_cfg = desk.user("analyst", f"zhang_{uuid.uuid4().hex[:6]}")
    yield desk, zhao, zhao_cfg, zhang_cfg, admin
    zhao.close()


def _forge(conn, ws, seq=99999, value=999.0):
    conn.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('facts', %s, %s, %s, %s)",
                 ["|".join(FACT), json.dumps({"value": value, "source": "forged.xlsx", "as_of": "2024-12-29"}), ws, seq])


def test_no_one_writes_a_version_under_another_users_workstation(office):
    desk, zhao, zhao_cfg, zhang_cfg, admin = office
    ws = zhao.workstation_id()
    with psycopg.connect(desk.super_url) as su:
        feed = su.execute("SELECT count(*) FROM desk.changes").fetchone()[0]
        mark = su.execute("SELECT last_seq, by FROM desk.workstations WHERE ws = %s", [ws]).fetchone()
    assert mark[1] == zhao_cfg.user
    for cfg in (zhang_cfg, admin):
        with _connect(desk, cfg) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"workstation {ws} is {zhao_cfg.user}'s"):
                _forge(conn, ws)
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no other desk user writes under its id"):
                with conn.cursor().copy("COPY desk.changes (tbl, key, data, ws, seq) FROM STDIN") as copy:
                    copy.write_row(("facts", "|".join(FACT), '{"value": 41.0}', f"ws-{cfg.user}", 1))
                    copy.write_row(("facts", "|".join(FACT), '{"value": 999.0}', ws, 99998))
            # nor a history entry naming a forged file for that workstation
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
                conn.execute("INSERT INTO desk.history (ws, first_seq, last_seq, entry) VALUES (%s, 99990, 99999, %s)",
                             [ws, json.dumps({"origin": "import", "file": "forged.xlsx"})])
            # nor takes the workstation over, or moves its mark
            assert conn.execute("UPDATE desk.workstations SET by = %s WHERE ws = %s", [cfg.user, ws]).rowcount == 0
            assert conn.execute("UPDATE desk.workstations SET last_seq = 999999 WHERE ws = %s", [ws]).rowcount == 0
            # a workstation id of one's own is free (with its push's record: since v13, a version is a push's)
            with conn.transaction():
                conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 1, 1)", [f"ws-{cfg.user}"])
                _forge(conn, f"ws-{cfg.user}", 1, 41.0)
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT count(*) FROM desk.changes").fetchone()[0] == feed + 2
        assert su.execute("SELECT count(*) FROM desk.changes WHERE ws = %s AND seq >= 99998", [ws]).fetchone()[0] == 0
        assert su.execute("SELECT last_seq, by FROM desk.workstations WHERE ws = %s", [ws]).fetchone() == mark
    # zhao's untouched store is not told it is a copy, and syncs on under its own id
    result = sync(zhao, zhao_cfg)
    assert zhao.workstation_id() == ws, result.summary()
    assert "副本" not in result.summary() and "copy" not in result.summary()


def test_a_workstation_that_only_pulled_is_its_users_too(office, tmp_path):
    """A store that joined and pulled, never pushed, is known to the desk as its user's once it synced."""
    desk, zhao, zhao_cfg, zhang_cfg, admin = office
    li_cfg = desk.user("analyst", f"li_{uuid.uuid4().hex[:6]}")
    li = desk.join(tmp_path / "li.sqlite", li_cfg)
    sync(li, li_cfg)  # (the desk hears of a store's pulls from its first sync after joining)
    with _connect(desk, zhang_cfg) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"is {li_cfg.user}'s"):
            _forge(conn, li.workstation_id())
    li.close()


def test_switching_user_gives_the_store_a_new_workstation_the_old_stays_the_old_users(office):
    desk, zhao, zhao_cfg, zhang_cfg, admin = office
    old = zhao.workstation_id()
    done = identity.switch_user(zhao, zhang_cfg.url, zhang_cfg.password)
    assert done.new_user == zhang_cfg.user and zhao.workstation_id() != old
    zhao.set_fact(*FACT, 42.0)
    assert sync(zhao, zhang_cfg).pushed == 1
    with psycopg.connect(desk.super_url) as su:
        rows = dict(su.execute("SELECT ws, by FROM desk.workstations WHERE ws = ANY(%s)",
                               [[old, zhao.workstation_id()]]).fetchall())
    assert rows == {old: zhao_cfg.user, zhao.workstation_id(): zhang_cfg.user}


def test_a_v9_desk_upgrades_keeping_its_workstations(pg_cluster, desk_db, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:9])
        m.setattr(schema, "LATEST", 9)
        desk = Desk(pg_cluster, desk_db)
        a, b = desk.user("analyst"), desk.user("analyst")
    with _connect(desk, a) as conn:
        conn.execute("INSERT INTO desk.workstations (ws, last_seq) VALUES ('ws-a', 5)")
    with psycopg.connect(desk_db) as su:
        before = su.execute("SELECT ws, last_seq, by, at FROM desk.workstations").fetchall()
    done = roles.init_desk(desk_db)
    assert (done.before, done.after) == (9, schema.LATEST)
    with psycopg.connect(desk_db) as su:
        assert su.execute("SELECT ws, last_seq, by, at FROM desk.workstations").fetchall() == before
    with _connect(desk, b) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"workstation ws-a is {a.user}'s"):
            _forge(conn, "ws-a")
        assert conn.execute("UPDATE desk.workstations SET by = %s WHERE ws = 'ws-a'", [b.user]).rowcount == 0


# ---------------------------------------------------------------- notes under a colleague's name
def _note(conn, key, data, seq):
    conn.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES ('notes', %s, %s, 'ws-sql', %s)",
                 [key, json.dumps(data, ensure_ascii=False), seq])


NOTE = {"date": "2026-12-01", "tags": "", "text": "建议卖出胜宏科技", "themes": "", "tickers": ["300476.SZ"],
        "created_at": "2026-12-01T01:10:09+00:00"}


def test_no_one_publishes_a_note_under_a_colleagues_name(office):
    desk, zhao, zhao_cfg, zhang_cfg, admin = office
    key = str(uuid.uuid4())
    for cfg in (zhang_cfg, admin):
        with _connect(desk, cfg) as conn:
            for claimed in (zhao_cfg.user, f"{zhao_cfg.user} (赵)"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"author {zhao_cfg.user} is another"):
                    _note(conn, key, {**NOTE, "author": claimed}, 1)
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT count(*) FROM desk.rows WHERE key = %s", [key]).fetchone() == (0,)
    with _connect(desk, zhang_cfg) as conn:
        # one's own name, with a local name beside it, or a name that is no desk user's, is free
        for n, claimed in enumerate((zhang_cfg.user, f"{zhang_cfg.user} (张三)", "林思远"), 1):
            _note(conn, f"{key}-{n}", {**NOTE, "author": claimed}, n)
        # and an update of one's own note to a colleague's name is refused too
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="another desk user"):
            conn.execute("UPDATE desk.rows SET data = jsonb_set(data, '{author}', to_jsonb(%s::text)) "
                         "WHERE tbl = 'notes' AND key = %s", [zhao_cfg.user, f"{key}-1"])
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT data->>'author' FROM desk.rows WHERE key = %s", [f"{key}-1"]).fetchone() == (
            zhang_cfg.user,)
    # a station pulls the notes that were taken, under their writer's name
    before = zhao.scalar("SELECT count(*) FROM notes")
    sync(zhao, zhao_cfg)
    assert zhao.scalar("SELECT count(*) FROM notes") == before + 3
    assert zhao.scalar("SELECT count(*) FROM notes WHERE author LIKE ?", [zhao_cfg.user + "%"]) == 0


def test_a_pulled_note_without_its_creation_time_is_refused_in_words(office):
    desk, zhao, zhao_cfg, zhang_cfg, admin = office
    key = str(uuid.uuid4())
    with _connect(desk, zhang_cfg) as conn:
        _note(conn, key, {k: v for k, v in {**NOTE, "author": zhang_cfg.user}.items() if k != "created_at"}, 7)
    result = sync(zhao, zhao_cfg)
    assert result.refused == 1, result.summary()
    assert zhao.scalar("SELECT count(*) FROM notes WHERE uid = ?", [key]) == 0
    [c] = [c for c in sync_state.conflicts(zhao) if c["key"] == key]
    assert "NOT NULL constraint" not in c["message"], c["message"]
    assert "团队库的笔记缺少" in c["message"] and "created_at" in c["message"], c["message"]
