"""Joining, pushing and pulling, retries and interruptions, conflicts: workstations' stores
against a real PostgreSQL desk."""

from __future__ import annotations

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk, local_tables, normalised, server_tables  # noqa: E402

from workbench.desk import sync as desk_sync  # noqa: E402
from workbench.desk.errors import DeskError, DeskOffline  # noqa: E402
from workbench.desk.sync import resolve, sync  # noqa: E402
from workbench.store import Store, sync_state  # noqa: E402

FACT = ("688608.SH", "revenue", "2023A")  # 恒玄科技 in the demo store


@pytest.fixture
def desk(pg_cluster, desk_db):
    return Desk(pg_cluster, desk_db)


@pytest.fixture
def seeded(desk, demo_path):
    """A desk holding the demo store, pushed by an admin; returns (desk, admin config, admin store)."""
    admin = desk.user("admin")
    store = desk.join(demo_path, admin)
    yield desk, admin, store
    store.close()


def test_join_with_data_pushes_everything(seeded):
    desk, admin, store = seeded
    local = normalised(local_tables(store))
    server = normalised(server_tables(desk.super_url))
    assert local == server
    assert len(server["facts"]) == store.scalar("SELECT count(*) FROM facts") > 500
    assert len(server["companies"]) == store.scalar("SELECT count(*) FROM companies") > 60


def test_join_empty_pulls_everything(seeded, tmp_path):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    assert normalised(local_tables(b)) == normalised(local_tables(a))
    assert b.fact(*FACT) == a.fact(*FACT)
    assert b.issue("latest").headline == a.issue("latest").headline
    b.close()


def test_join_with_data_asks_first_and_declining_changes_nothing(desk, demo_path):
    admin = desk.user("admin")
    store = Store(demo_path)
    with pytest.raises(DeskError, match="cancelled"):
        desk_sync.join(store, admin.url, password=admin.password, confirm=lambda plan: False)
    assert store.get_setting(sync_state.SETTING_URL) is None
    assert server_tables(desk.super_url)["facts"] == {}
    store.close()


def test_join_plan_names_what_will_be_pushed(demo_store):
    plan = desk_sync.join_plan(demo_store)
    n = demo_store.scalar("SELECT count(*) FROM companies")
    assert plan.counts["companies"] == n > 60 and plan.counts["issues"] == 1
    assert f"companies {n}" in plan.summary()


def test_edit_travels_from_one_workstation_to_another(seeded, tmp_path):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    a.set_fact(*FACT, 123.0)
    ra = sync(a, admin)
    assert (ra.pushed, ra.conflicts) == (1, 0)
    rb = sync(b, analyst)
    assert (rb.pushed, rb.pulled, rb.conflicts) == (0, 1, 0)
    assert b.fact(*FACT) == 123.0
    # and a sync with nothing to do moves nothing
    assert (sync(b, analyst).pushed, sync(b, analyst).pulled) == (0, 0)
    b.close()


def test_pulled_changes_are_never_pushed_back(seeded, tmp_path):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    a.set_fact(*FACT, 5.0)
    sync(a, admin)
    sync(b, analyst)
    assert sync_state.pending(b).keys == {}
    with psycopg.connect(desk.super_url) as conn:
        writers = conn.execute("SELECT count(*) FROM desk.changes WHERE key = %s", ["|".join(FACT)]).fetchone()
    assert writers == (2,)  # the join's push and the edit, nothing from b
    b.close()


def test_retried_push_after_lost_acknowledgement_applies_once(seeded, monkeypatch):
    desk, admin, a = seeded
    a.set_fact(*FACT, 7.0)

    def lost(*args, **kw):
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(desk_sync, "_mark_pushed", lost)
    with pytest.raises(DeskOffline, match="next sync completes it"):
        sync(a, admin)
    monkeypatch.undo()
    assert sync_state.pending(a).keys  # the store still thinks it has to push
    result = sync(a, admin)
    assert (result.pushed, result.conflicts) == (0, 0)
    assert sync_state.pending(a).keys == {}
    with psycopg.connect(desk.super_url) as conn:
        n = conn.execute("SELECT count(*) FROM desk.changes WHERE key = %s AND data->>'value' = '7.0'",
                         ["|".join(FACT)]).fetchone()
    assert n == (1,)


def test_push_is_atomic_on_the_server(seeded, monkeypatch):
    desk, admin, a = seeded
    a.set_fact(*FACT, 8.0)
    a.set_fact("688608.SH", "net_profit", "2023A", 9.0)
    before = server_tables(desk.super_url)["facts"]
    real = desk_sync._apply_on_server

    def broken(conn, *args):
        real(conn, *args)
        raise psycopg.OperationalError("connection cut")

    monkeypatch.setattr(desk_sync, "_apply_on_server", broken)
    with pytest.raises(DeskOffline):
        sync(a, admin)
    assert server_tables(desk.super_url)["facts"] == before
    monkeypatch.undo()
    assert sync(a, admin).pushed == 2


def test_interrupted_pull_leaves_the_store_as_it_was(seeded, tmp_path, monkeypatch):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    a.set_fact(*FACT, 11.0)
    a.set_fact("688608.SH", "net_profit", "2023A", 12.0)
    sync(a, admin)
    before = normalised(local_tables(b))
    def killed(real):
        def write(store, items):
            real(store, items)
            raise KeyboardInterrupt  # the process dies inside the local transaction
        return write

    # (the facts of several write operations go in together: the two edits above)
    for name in ("apply_images", "apply_fact_groups"):
        monkeypatch.setattr(sync_state, name, killed(getattr(sync_state, name)))
    with pytest.raises(KeyboardInterrupt):
        sync(b, analyst)
    monkeypatch.undo()
    assert normalised(local_tables(b)) == before
    assert sync(b, analyst).pulled == 2
    assert (b.fact(*FACT), b.fact("688608.SH", "net_profit", "2023A")) == (11.0, 12.0)
    b.close()


def test_conflicting_edits_keep_the_servers_value_and_list_the_other(seeded, tmp_path):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    a.set_fact(*FACT, 100.0)
    b.set_fact(*FACT, 200.0)
    sync(a, admin)
    result = sync(b, analyst)
    assert (result.pushed, result.conflicts) == (0, 1)
    assert b.fact(*FACT) == 100.0  # the server's value stays, here too
    [c] = sync_state.conflicts(b)
    assert (c["tbl"], c["key"], c["kind"]) == ("facts", "|".join(FACT), "conflict")
    assert c["mine"]["value"] == 200.0 and c["theirs"]["value"] == 100.0
    assert c["theirs_by"] == admin.user and c["by"] == analyst.user
    b.close()


def test_resolve_mine_pushes_my_value(seeded, tmp_path):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    a.set_fact(*FACT, 100.0)
    b.set_fact(*FACT, 200.0)
    sync(a, admin)
    sync(b, analyst)
    [c] = sync_state.conflicts(b)
    resolve(b, c["id"], "mine")
    assert b.fact(*FACT) == 200.0 and sync_state.conflicts(b) == []
    assert sync(b, analyst).pushed == 1
    sync(a, admin)
    assert a.fact(*FACT) == 200.0
    b.close()


def test_resolve_theirs_keeps_the_desks_value(seeded, tmp_path):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    a.set_fact(*FACT, 100.0)
    b.set_fact(*FACT, 200.0)
    sync(a, admin)
    sync(b, analyst)
    [c] = sync_state.conflicts(b)
    resolve(b, c["id"], "theirs")
    assert b.fact(*FACT) == 100.0 and sync_state.conflicts(b) == []
    assert sync(b, analyst).pushed == 0
    with pytest.raises(DeskError, match="already settled"):
        resolve(b, c["id"], "mine")
    b.close()


def test_same_value_on_both_sides_is_no_conflict(seeded, tmp_path):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    a.set_fact(*FACT, 300.0)
    b.set_fact(*FACT, 300.0)
    sync(a, admin)
    assert sync(b, analyst).conflicts == 0
    assert sync_state.conflicts(b) == []
    b.close()


def test_notes_of_two_authors_never_conflict(seeded, tmp_path):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    a.add_note("小米万卡集群", date="2024-12-26", tickers=["688608.SH"])
    b.add_note("人车家全生态大会", date="2024-12-27", tickers=["688608.SH"])
    assert sync(a, admin).conflicts == 0
    assert sync(b, analyst).conflicts == 0
    sync(a, admin)
    texts_a = sorted(n["text"] for n in a.notes())
    texts_b = sorted(n["text"] for n in b.notes())
    assert texts_a == texts_b and {"小米万卡集群", "人车家全生态大会"} <= set(texts_a)
    b.close()


def test_an_analysts_change_to_the_house_is_refused_and_listed(seeded, tmp_path):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    name = b.house()["name_zh"]
    b.update_house(name_zh="伪造证券")
    result = sync(b, analyst)
    assert result.refused == 1 and result.pushed == 0
    assert b.house()["name_zh"] == name  # the desk's house profile is back
    [c] = sync_state.conflicts(b)
    assert (c["tbl"], c["kind"], c["mine"]["name_zh"]) == ("house", "refused", "伪造证券")
    assert server_tables(desk.super_url)["house"]["house"]["name_zh"] == name
    b.close()


def test_dry_run_counts_and_writes_nothing(seeded, tmp_path):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    a.set_fact(*FACT, 1.5)
    sync(a, admin)
    b.set_fact("688608.SH", "net_profit", "2023A", 2.5)
    before_local, before_server = normalised(local_tables(b)), server_tables(desk.super_url)
    result = sync(b, analyst, dry_run=True)
    assert (result.pushed, result.pulled) == (1, 1)
    assert normalised(local_tables(b)) == before_local and server_tables(desk.super_url) == before_server
    b.close()


def test_unreachable_desk_is_a_clear_offline_error(demo_store):
    from workbench.desk.config import DeskConfig

    with pytest.raises(DeskOffline, match="cannot reach the desk"):
        sync(demo_store, DeskConfig("postgresql://nobody@127.0.0.1:1/desk", "x"))


def test_sync_without_a_desk_says_so(demo_store):
    with pytest.raises(DeskError, match="has not joined a desk"):
        sync(demo_store)


def test_a_pulled_change_is_in_the_history_with_origin_sync(seeded, tmp_path):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    a.set_fact(*FACT, 42.0)
    sync(a, admin)
    sync(b, analyst)
    last = b.history(*FACT)[-1]
    assert (last["origin"], last["new"]) == ("sync", 42.0)
    assert a.history(*FACT)[-1]["origin"] == "edit"
    b.close()


def test_text_with_backslashes_tabs_and_newlines_travels_unchanged(seeded, tmp_path):
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    text = 'C:\\报告\\周报\t"引号"\n第二行\r\n\\N 不是空值'
    a.add_note(text, date="2024-12-26", tickers=["688608.SH"])
    a.set_company_field("688608.SH", "full_name", "恒玄\\科技\t(上海)")
    assert sync(a, admin).pushed == 2
    sync(b, analyst)
    assert text in [n["text"] for n in b.notes()]
    assert b.company("688608.SH")["full_name"] == "恒玄\\科技\t(上海)"
    assert normalised(local_tables(b)) == normalised(server_tables(desk.super_url))
    b.close()


def test_an_edit_made_while_a_sync_runs_between_its_pull_and_its_push_goes_with_that_push(seeded, tmp_path,
                                                                                          monkeypatch):
    """The push takes the pending changes its pull listed only while the store's log has not
    grown since; an edit made in between (the app's window is live during a sync) goes too."""
    desk, admin, a = seeded
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    other = ("688608.SH", "net_profit", "2023A")
    a.set_fact(*FACT, 11.0)
    sync(a, admin)
    b.set_fact(*other, 12.0)  # waiting in b while its pull brings a's edit
    real = desk_sync._push

    def push_after_an_edit(store, *args, **kwargs):
        store.set_fact("688608.SH", "revenue", "2024A", 13.0)
        return real(store, *args, **kwargs)

    monkeypatch.setattr(desk_sync, "_push", push_after_an_edit)
    result = sync(b, analyst)
    monkeypatch.setattr(desk_sync, "_push", real)
    assert (result.pulled, result.pushed) == (1, 2)
    assert sync_state.pending(b).keys == {}
    sync(a, admin)
    assert (a.fact(*other), a.fact("688608.SH", "revenue", "2024A")) == (12.0, 13.0)
    b.close()
