"""Another desk user on a joined store (a shared desk machine, a handed-over laptop): same desk,
new credentials, only once the old user's work is on the desk; nothing is ever pushed under a
name that did not write it."""

from __future__ import annotations

import argparse
import stat

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk, dbname  # noqa: E402

from workbench.desk import identity  # noqa: E402
from workbench.desk.config import DeskConfig  # noqa: E402
from workbench.desk.errors import DeskError  # noqa: E402
from workbench.desk.leases import take_lease  # noqa: E402
from workbench.desk.sync import sync  # noqa: E402
from workbench.store import sync_state  # noqa: E402

T = "688608.SH"


@pytest.fixture
def laptop(pg_cluster, desk_db, demo_path, tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    monkeypatch.delenv("WORKBENCH_DESK_PASSWORD", raising=False)
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    zhang, li = desk.user("analyst", "zhang_an"), desk.user("analyst", "li_an")
    store = desk.join(tmp_path / "laptop.sqlite", zhang)
    yield desk, store, zhang, li
    store.close()


def _writer(desk, tbl, key):
    with psycopg.connect(desk.super_url) as conn:
        return conn.execute("SELECT writer, owner FROM desk.current WHERE tbl = %s AND key = %s", [tbl, key]).fetchone()


def test_unsynced_changes_refuse_the_switch_and_nothing_changes(laptop):
    desk, store, zhang, li = laptop
    store.set_fact(T, "revenue", "2030E", 1.0e9)
    with pytest.raises(DeskError, match=r"1 changes not yet on the desk.*zhang_an.*never re-attributed"):
        identity.switch_user(store, li.url, li.password)
    assert store.get_setting("desk.url") == zhang.url
    assert sync_state.pending_count(store) == 1
    sync(store, zhang)  # synced as the user who made it
    assert _writer(desk, "facts", f"{T}|revenue|2030E")[0] == "zhang_an"


def test_after_syncing_the_store_moves_to_the_new_user(laptop):
    desk, store, zhang, li = laptop
    note = store.add_note("张的笔记", date="2024-12-27", tickers=[T])
    note_uid = store.scalar("SELECT uid FROM notes WHERE id = ?", [note])
    store.set_fact(T, "revenue", "2030E", 1.0e9)
    sync(store, zhang)
    ws = store.workstation_id()
    done = identity.switch_user(store, li.url, li.password)
    assert (done.old_user, done.new_user) == ("zhang_an", "li_an")
    # the store syncs on under a new workstation id: the old one stays zhang's on the desk
    assert store.get_setting("desk.url") == li.url and store.workstation_id() not in (ws, None)
    store.set_fact(T, "revenue", "2031E", 2.0e9)
    assert sync(store, li).pushed == 1
    assert _writer(desk, "facts", f"{T}|revenue|2031E")[0] == "li_an"
    assert _writer(desk, "facts", f"{T}|revenue|2030E")[0] == "zhang_an"
    # zhang's note stays zhang's: li's edit of it is refused by the desk and listed, not written over it
    store.db.execute("UPDATE notes SET text = '李改了张的笔记' WHERE id = ?", [note])
    r = sync(store, li)
    assert r.refused == 1
    [c] = sync_state.conflicts(store)
    assert (c["tbl"], c["kind"], c["mine"]["text"], c["theirs"]["text"]) == ("notes", "refused", "李改了张的笔记",
                                                                           "张的笔记")
    assert _writer(desk, "notes", note_uid) == ("zhang_an", "zhang_an")


def test_open_conflicts_refuse_the_switch(laptop):
    desk, store, zhang, li = laptop
    admin_config = desk.user("editor")
    other = desk.join(store.path.parent / "editor.sqlite", admin_config)
    take_lease(other, "latest", admin_config)
    issue = store.issue("latest")
    issue.headline = "周观点：张没有租约的改写"
    store.save_issue(issue)
    assert sync(store, zhang).refused == 1
    with pytest.raises(DeskError, match="1 open conflicts"):
        identity.switch_user(store, li.url, li.password)
    assert store.get_setting("desk.url") == zhang.url
    other.close()


def test_leases_of_the_old_user_are_named(laptop):
    desk, store, zhang, li = laptop
    take_lease(store, "latest", zhang)
    done = identity.switch_user(store, li.url, li.password)
    assert len(done.leases) == 1 and "still holds 1 draft lease" in done.summary()


@pytest.mark.parametrize("case", ["another desk", "wrong password", "no user", "not joined"])
def test_refusals_leave_the_store_as_it_was(laptop, pg_cluster, tmp_path, case):
    desk, store, zhang, li = laptop
    if case == "not joined":
        from workbench.store import Store

        with Store(tmp_path / "local.sqlite") as local:
            with pytest.raises(DeskError, match="has not joined a desk"):
                identity.switch_user(local, li.url, li.password)
            assert local.get_setting("desk.url") is None
        return
    url, password, match = {
        "another desk": (pg_cluster.tcp_url("otherdesk", "li_an"), li.password, "another desk"),
        "wrong password": (li.url, "not-it", "refused the login"),
        "no user": (f"postgresql://127.0.0.1:{pg_cluster.port}/{dbname(desk.super_url)}", None, "names no user"),
    }[case]
    with pytest.raises(DeskError, match=match):
        identity.switch_user(store, url, password)
    assert store.get_setting("desk.url") == zhang.url
    assert sync(store, zhang).pushed == 0  # still syncs as before


def test_a_login_that_is_no_desk_user_is_refused(laptop, pg_cluster):
    desk, store, zhang, li = laptop
    with psycopg.connect(desk.super_url, autocommit=True) as conn:
        conn.execute("CREATE ROLE outsider LOGIN PASSWORD 'pw-outsider'")
    outsider = pg_cluster.tcp_url(dbname(desk.super_url), "outsider")
    with pytest.raises(DeskError, match="not a desk user"):
        identity.switch_user(store, outsider, "pw-outsider")
    assert store.get_setting("desk.url") == zhang.url


def test_the_switch_user_command_keeps_the_password_out_of_the_store(laptop, pg_cluster, tmp_path, capsys):
    desk, store, zhang, li = laptop
    path = store.path
    store.close()
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="desk_command")
    identity.register(sub, lambda p: p.add_argument("--db", required=True))
    with_password = pg_cluster.tcp_url(dbname(desk.super_url), "li_an", li.password)
    args = parser.parse_args(["switch-user", with_password, "--db", str(path)])
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert "now syncing as li_an" in out and "pulled" in out
    pgpass = tmp_path / "pgpass"
    assert pgpass.read_text().strip().endswith(":li_an:" + li.password)
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    from workbench.store import Store

    with Store(path) as again:
        assert again.get_setting("desk.url") == li.url
        again.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert sync(again, DeskConfig(li.url)).pushed == 0  # the password now comes from libpq's file
    assert li.password.encode() not in path.read_bytes()


def test_joining_again_as_another_user_points_to_switch_user(laptop):
    from workbench.desk.sync import join

    desk, store, zhang, li = laptop
    before = store.get_setting("desk.url")
    with pytest.raises(DeskError, match=r"as another user.*workbench desk switch-user .*li_an"):
        join(store, li.url, password=li.password)
    assert store.get_setting("desk.url") == before == zhang.url
