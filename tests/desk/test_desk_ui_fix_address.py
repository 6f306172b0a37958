"""A store follows its desk to a new address: the same desk reached under another host name, a new
server after a move (``pg_dump`` / ``pg_restore``), or with TLS options added to its URL, joined
again by the same user, is the same desk (told by the desk's identity, desk.meta ``desk_id``, or
for a store or desk from before it by the change feed this store pulled), so the store takes the
new address and keeps syncing; another user there is a switch of user (which is accepted the same
way); a different database is another desk, refused as before. Against a real PostgreSQL desk."""

from __future__ import annotations

import psycopg
import pytest

from desk_testing import Desk, dbname

from workbench.cli import main
from workbench.desk import identity, roles
from workbench.desk.config import DeskConfig
from workbench.desk.errors import DeskError
from workbench.desk.sync import join, sync
from workbench.store import Store, sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")


def _at(config: DeskConfig, host: str = "127.0.0.1", query: str = "") -> str:
    """The user's URL with the host given as ``host`` and ``query`` added."""
    return config.url.replace("@127.0.0.1:", f"@{host}:") + query


@pytest.fixture
def station(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    li, zhang = desk.user("analyst"), desk.user("analyst")
    store = desk.join(tmp_path / "li.sqlite", li)
    yield desk, store, li, zhang
    store.close()


def test_the_desk_has_an_identity_a_store_remembers(station):
    desk, store, li, _ = station
    with psycopg.connect(desk.super_url) as conn:
        desk_id = conn.execute("SELECT value FROM desk.meta WHERE key = 'desk_id'").fetchone()[0]
    assert len(desk_id) == 36 and store.get_setting(identity.SETTING_DESK_ID) == desk_id
    roles.init_desk(desk.super_url)  # init again (an upgrade) keeps it
    with psycopg.connect(desk.super_url) as conn:
        assert conn.execute("SELECT value FROM desk.meta WHERE key = 'desk_id'").fetchone()[0] == desk_id


@pytest.mark.parametrize("host, query", [("localhost", ""), ("127.0.0.1", "?sslmode=prefer"),
                                         ("localhost", "?sslmode=prefer&connect_timeout=10")])
def test_joining_the_same_desk_at_a_new_address_as_the_same_user_follows_it(station, host, query, private_password_file,
                                                                            capsys):
    desk, store, li, _ = station
    new = _at(li, host, query)
    path = store.path
    store.close()
    assert main(["desk", "join", new.replace(f"{li.user}@", f"{li.user}:{li.password}@"), "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "团队库地址已更新" in out and "the desk's address is now" in out
    with Store(path) as store:
        assert store.get_setting(sync_state.SETTING_URL) == new
        # the password is kept for the new address (libpq's password file), and syncing goes on there
        assert f"{host}:" in private_password_file.read_text() or host == "127.0.0.1"
        store.set_fact("688608.SH", "revenue", "2031E", 3.0e9)
        assert sync(store, DeskConfig(new)).pushed == 1
    with psycopg.connect(desk.super_url) as conn:
        assert conn.execute("SELECT writer FROM desk.current WHERE tbl = 'facts' AND key = "
                            "'688608.SH|revenue|2031E'").fetchone()[0] == li.user


def test_another_user_at_a_new_address_is_a_switch_of_user_which_is_accepted(station):
    desk, store, li, zhang = station
    new = _at(zhang, "localhost")
    with pytest.raises(DeskError, match="joined to this desk as another user.*switch-user"):
        join(store, new, password=zhang.password)
    done = identity.switch_user(store, new, zhang.password)
    assert done.new_user == zhang.user and store.get_setting(sync_state.SETTING_URL) == new


def test_a_store_from_before_desk_ids_knows_its_desk_by_the_feed_it_pulled(station):
    desk, store, li, _ = station
    sync(store, li)  # a pull mark with the feed entry's fingerprint
    sync_state.set_settings(store, {identity.SETTING_DESK_ID: None})
    with psycopg.connect(desk.super_url) as conn:  # a desk set up before desk ids
        conn.execute("DELETE FROM desk.meta WHERE key = 'desk_id'")
    join(store, _at(li, "localhost"), password=li.password)
    assert store.get_setting(sync_state.SETTING_URL) == _at(li, "localhost")


def test_another_desk_is_refused_and_nothing_changes(station, pg_cluster):
    desk, store, li, _ = station
    other = Desk(pg_cluster, pg_cluster.super_url(pg_cluster.new_database()))
    roles.add_user(other.super_url, li.user, "analyst", li.password, force=True)
    there = li.url.replace(dbname(li.url), dbname(other.super_url))
    with pytest.raises(DeskError, match="already belongs to another desk"):
        join(store, there, password=li.password)
    with pytest.raises(DeskError, match="that is another desk"):
        identity.switch_user(store, there, li.password)
    assert store.get_setting(sync_state.SETTING_URL) == li.url


def test_the_password_is_kept_for_the_new_address(station, private_password_file):
    desk, store, li, _ = station
    join(store, _at(li, "localhost"), password=li.password)  # as the app's dialog joins
    lines = private_password_file.read_text().splitlines()
    assert any(line.startswith("localhost:") and line.endswith(f":{li.user}:{li.password}") for line in lines)
    assert sync(store, DeskConfig(_at(li, "localhost"))).pulled == 0  # the password found for the new address
