"""A company deleted on one workstation leaves every note that named it the same on every store and
on the desk, whoever wrote the note (schema v16); a company that comes back (kept against the
deletion, made again, or renamed from the deleted ticker) takes its notes' links back.

Before: the deleting store dropped the link of a colleague's note to the company, as did every store
that pulled the deletion, while the desk kept the note naming it (a note is its writer's: no
workstation could change it): the desk and the stores disagreed for good, table by table.

Truths: the notes' texts and tickers, given by the test; the desk's rows read with the superuser; the
stores read back with plain SQL; the desk's tables compared with each store's, table by table.
"""

from __future__ import annotations

import psycopg
import pytest
from desk_testing import desk_note, note_tickers, psql_session, same_everywhere, server_tables, user_of

from workbench.desk import roles, schema
from workbench.desk.sync import resolve, sync
from workbench.store import sync_state as state

T, OTHER, NEW = "688608.SH", "300493.SZ", "688609.SH"


def unlinked(desk) -> set[tuple[str, str]]:
    with psycopg.connect(desk.super_url) as conn:
        return {(t, text) for t, text in conn.execute(
            "SELECT u.ticker, r.data->>'text' FROM desk.unlinked u JOIN desk.rows r ON r.tbl = 'notes' AND r.key = u.note")}


def _noted(pair):
    """b writes a note on T and OTHER, and one on T alone; both reach the desk and a."""
    desk, (a, admin), (b, analyst) = pair
    sync(b, analyst)
    b.add_note("B 关于恒玄和另一家的笔记", date="2024-12-27", tickers=[T, OTHER])
    b.add_note("B 只关于恒玄的笔记", date="2024-12-27", tickers=[T])
    sync(b, analyst)
    sync(a, admin)
    assert note_tickers(a, "B 只关于恒玄的笔记") == [T]
    return desk, (a, admin), (b, analyst)


def test_a_colleagues_notes_lose_the_deleted_company_on_every_store_and_the_desk(pair):
    desk, (a, admin), (b, analyst) = _noted(pair)
    with psycopg.connect(desk.super_url) as conn:  # (the demo's own notes on T among them)
        named = {text for (text,) in conn.execute("SELECT data->>'text' FROM desk.rows WHERE tbl = 'notes' "
                                                  "AND data->'tickers' ? %s", [T])}
    assert {"B 关于恒玄和另一家的笔记", "B 只关于恒玄的笔记"} < named
    a.delete_companies([T])
    r = sync(a, admin)
    assert (r.refused, r.conflicts) == (0, 0) and state.conflicts(a) == []
    r = sync(b, analyst)
    assert (r.refused, r.conflicts) == (0, 0) and state.conflicts(b) == []
    for store in (a, b):
        assert not store.has_company(T)
        assert note_tickers(store, "B 关于恒玄和另一家的笔记") == [OTHER]
        assert note_tickers(store, "B 只关于恒玄的笔记") == []
    both = desk_note(desk, "B 关于恒玄和另一家的笔记")
    assert both["tickers"] == [OTHER]
    # still the colleague's note; the feed names who deleted the company, under a name every station pulls
    assert both["owner"] == user_of(analyst)
    assert (both["writer"], both["ws"]) == (user_of(admin), f"sql:{user_of(admin)}")
    assert desk_note(desk, "B 只关于恒玄的笔记")["tickers"] == []
    assert unlinked(desk) == {(T, text) for text in named}
    assert sync(a, admin).conflicts == 0 and sync(b, analyst).conflicts == 0
    same_everywhere(desk, a, b)


def test_a_company_kept_against_the_deletion_takes_its_notes_back(pair):
    """b changed a figure of T while a deleted it: b keeps T (a conflict of its own) and settles mine;
    the company goes back to the desk, and every note that named it names it again, everywhere."""
    desk, (a, admin), (b, analyst) = _noted(pair)
    b.set_fact(T, "revenue", "2031E", 9e9)
    a.delete_companies([T])
    sync(a, admin)
    sync(b, analyst)
    [kept] = [c for c in state.conflicts(b) if c["tbl"] == "companies"]
    assert b.has_company(T)
    resolve(b, kept["id"], "mine")
    sync(b, analyst)
    sync(a, admin)
    sync(b, analyst)
    assert desk_note(desk, "B 关于恒玄和另一家的笔记")["tickers"] == [OTHER, T]
    assert desk_note(desk, "B 只关于恒玄的笔记")["tickers"] == [T]
    assert unlinked(desk) == set()
    for store in (a, b):
        assert store.has_company(T)
        assert note_tickers(store, "B 关于恒玄和另一家的笔记") == [OTHER, T]
        assert note_tickers(store, "B 只关于恒玄的笔记") == [T]
    same_everywhere(desk, a, b)


def test_a_company_made_again_under_the_ticker_takes_its_notes_back(pair):
    desk, (a, admin), (b, analyst) = _noted(pair)
    company = {"ticker": T, "name": a.company(T)["name"], "segment": "AIOT soc"}
    a.delete_companies([T])
    sync(a, admin)
    sync(b, analyst)
    assert note_tickers(b, "B 只关于恒玄的笔记") == []
    b.upsert_companies([company])
    sync(b, analyst)
    sync(a, admin)
    assert desk_note(desk, "B 只关于恒玄的笔记")["tickers"] == [T]
    for store in (a, b):
        assert note_tickers(store, "B 只关于恒玄的笔记") == [T]
    same_everywhere(desk, a, b)


def test_a_deletion_undone_after_it_reached_the_desk_gives_every_note_its_link_back(pair):
    desk, (a, admin), (b, analyst) = _noted(pair)
    removed = a.delete_companies([T])
    sync(a, admin)
    sync(b, analyst)
    assert note_tickers(b, "B 只关于恒玄的笔记") == []
    a.restore_companies(removed)  # (the app's 撤销 of the deletion)
    r = sync(a, admin)
    assert (r.refused, r.conflicts) == (0, 0) and state.conflicts(a) == []
    sync(b, analyst)
    for store in (a, b):
        assert note_tickers(store, "B 只关于恒玄的笔记") == [T]
        assert note_tickers(store, "B 关于恒玄和另一家的笔记") == [OTHER, T]
    assert unlinked(desk) == set()
    same_everywhere(desk, a, b)


def test_a_deleted_ticker_renamed_on_a_station_that_missed_the_deletion_takes_its_notes_to_the_new_one(pair):
    desk, (a, admin), (b, analyst) = _noted(pair)
    a.delete_companies([T])
    b.rename_ticker(T, NEW)  # offline: b has not heard of the deletion
    sync(a, admin)
    sync(b, analyst)
    sync(a, admin)
    sync(b, analyst)
    on_desk = server_tables(desk.super_url)
    # the rename landed after the deletion: the company lives on as NEW, and its notes with it
    assert NEW in on_desk["companies"] and T not in on_desk["companies"]
    assert desk_note(desk, "B 只关于恒玄的笔记")["tickers"] == [NEW]
    assert desk_note(desk, "B 关于恒玄和另一家的笔记")["tickers"] == [OTHER, NEW]
    for store in (a, b):
        assert note_tickers(store, "B 只关于恒玄的笔记") == [NEW] and state.conflicts(store) == []
    same_everywhere(desk, a, b)


def test_a_note_made_offline_before_the_deletion_reached_its_store_ends_the_same_everywhere(pair):
    desk, (a, admin), (b, analyst) = _noted(pair)
    a.delete_companies([T])
    sync(a, admin)
    b.add_note("B 离线写的恒玄笔记", date="2024-12-28", tickers=[T, OTHER])  # b has not heard of the deletion
    r = sync(b, analyst)
    assert (r.refused, r.conflicts) == (0, 0)
    sync(a, admin)
    assert desk_note(desk, "B 离线写的恒玄笔记")["tickers"] == [OTHER]
    for store in (a, b):
        assert note_tickers(store, "B 离线写的恒玄笔记") == [OTHER]
    same_everywhere(desk, a, b)


@pytest.mark.parametrize("role", ["analyst", "editor", "admin"])
def test_no_desk_role_writes_the_unlinked_notes(pair, role):
    desk, _, _ = pair
    conn, _ = psql_session(desk, role)
    for sql in ("INSERT INTO desk.unlinked (ticker, note) VALUES ('X', 'n')", "DELETE FROM desk.unlinked",
                "UPDATE desk.unlinked SET ticker = 'Y'"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(sql)
    assert conn.execute("SELECT count(*) FROM desk.unlinked").fetchone()[0] == 0
    conn.close()


def test_a_v15_desk_whose_notes_name_a_deleted_company_upgrades_and_every_store_ends_equal(
        pg_cluster, desk_db, demo_path, tmp_path, monkeypatch):
    from desk_testing import Desk

    with monkeypatch.context() as m:  # a desk of the release before (schema v15) ...
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:15])
        m.setattr(schema, "LATEST", 15)
        desk = Desk(pg_cluster, desk_db)
        admin, analyst = desk.user("admin"), desk.user("analyst")
        a = desk.join(demo_path, admin)
        b = desk.join(tmp_path / "b.sqlite", analyst)
        sync(b, analyst)
        b.add_note("B 只关于恒玄的笔记", date="2024-12-27", tickers=[T])
        sync(b, analyst)
        a.delete_companies([T])
        sync(a, admin)
        sync(b, analyst)
        # ... where the desk kept the note naming the deleted company, and the stores did not
        assert desk_note(desk, "B 只关于恒玄的笔记")["tickers"] == [T]
        assert note_tickers(b, "B 只关于恒玄的笔记") == []
    result = roles.init_desk(desk_db)
    assert (result.before, result.after) == (15, schema.LATEST)
    assert desk_note(desk, "B 只关于恒玄的笔记")["tickers"] == []
    assert unlinked(desk) == {(T, "B 只关于恒玄的笔记")}
    sync(a, admin)
    sync(b, analyst)
    same_everywhere(desk, a, b)
