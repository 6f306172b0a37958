"""After ``desk prune``, two workstations changing different fields of one row still merge: the row
as both last agreed survives the prune (the push's merge needs it). Against a real PostgreSQL desk."""

from __future__ import annotations

from desk_testing import server_tables

from workbench.desk import roles
from workbench.desk.sync import sync
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store
FACT = (T, "revenue", "2023A")


def _settle(*stations):
    """Sync every workstation twice, so that each has told the desk how far it pulled."""
    for _ in range(2):
        for store, config in stations:
            sync(store, config)


def _pruned(desk, a, ca, b, cb):
    _settle((a, ca), (b, cb))
    done = roles.prune_desk(ca.url, password=ca.password)
    assert done.feed > 0  # the entries of the rows both agree on are gone from the feed


def test_different_fields_of_one_company_merge_after_a_prune(pair):
    desk, (a, ca), (b, cb) = pair
    a.set_company_field(T, "industry", "芯片设计")  # the row's last agreed version comes from the feed
    _pruned(desk, a, ca, b, cb)
    a.set_company_field(T, "industry", "半导体")
    b.set_company_field(T, "full_name", "乙改的全称")
    sync(a, ca)
    result = sync(b, cb)
    assert (result.conflicts, result.pushed) == (0, 1)
    sync(a, ca)
    for row in (a.company(T), b.company(T), server_tables(desk.super_url)["companies"][T]):
        assert (row["industry"], row["full_name"]) == ("半导体", "乙改的全称")
    assert sync_state.conflicts(a) == [] == sync_state.conflicts(b)


def test_a_row_never_changed_since_the_join_merges_after_a_prune(pair):
    desk, (a, ca), (b, cb) = pair
    _pruned(desk, a, ca, b, cb)
    a.set_company_field(T, "industry", "半导体")
    b.set_company_field(T, "full_name", "乙改的全称")
    sync(a, ca)
    assert sync(b, cb).conflicts == 0
    sync(a, ca)
    assert (a.company(T)["industry"], a.company(T)["full_name"]) == ("半导体", "乙改的全称")


def test_a_fact_confirmed_on_one_side_takes_the_others_new_value_after_a_prune(pair):
    desk, (a, ca), (b, cb) = pair
    old = b.fact(*FACT)
    _pruned(desk, a, ca, b, cb)
    a.set_fact(*FACT, 123.0, source="a_w.csv")
    b.set_fact(*FACT, old, source="b_w.csv")  # the same value again, from another file
    sync(a, ca)
    assert sync(b, cb).conflicts == 0
    assert b.fact(*FACT) == 123.0 == a.fact(*FACT)


def test_a_second_prune_keeps_each_rows_newest_base_only(pair):
    desk, (a, ca), (b, cb) = pair
    a.set_company_field(T, "industry", "一")
    _pruned(desk, a, ca, b, cb)
    a.set_company_field(T, "industry", "二")
    _pruned(desk, a, ca, b, cb)
    a.set_company_field(T, "industry", "三")
    b.set_company_field(T, "full_name", "乙改的全称")
    sync(a, ca)
    assert sync(b, cb).conflicts == 0
    assert (b.company(T)["industry"], b.company(T)["full_name"]) == ("三", "乙改的全称")


def test_a_version_whose_successor_not_every_workstation_pulled_survives_a_prune_as_a_base(pair):
    """Schema v6: a prune keeps each versioned row's newest version up to its horizon. Here a's
    change is newer than what b pulled, so the version b agreed on stays in the feed (not in
    desk.bases) and b's change of another field still merges with a's."""
    import psycopg

    desk, (a, ca), (b, cb) = pair
    _settle((a, ca), (b, cb))
    a.set_company_field(T, "industry", "半导体")
    sync(a, ca)  # b has not pulled this version when the desk is pruned
    roles.prune_desk(ca.url, password=ca.password)
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT count(*) FROM desk.changes WHERE tbl = 'companies' AND key = %s",
                          [T]).fetchone() == (2,)
        assert su.execute("SELECT count(*) FROM desk.bases WHERE tbl IN ('companies', 'facts', 'quotes', "
                          "'datasets')").fetchone() == (0,)
    b.set_company_field(T, "full_name", "乙改的全称")
    result = sync(b, cb)
    assert (result.conflicts, result.pushed) == (0, 1)
    sync(a, ca)
    for row in (a.company(T), b.company(T), server_tables(desk.super_url)["companies"][T]):
        assert (row["industry"], row["full_name"]) == ("半导体", "乙改的全称")
    # once every workstation pulled the newer versions, a prune leaves each row its newest only
    _settle((a, ca), (b, cb))
    roles.prune_desk(ca.url, password=ca.password)
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT count(*) FROM desk.changes WHERE tbl = 'companies' AND key = %s",
                          [T]).fetchone() == (1,)


def test_a_base_a_v5_prune_kept_still_merges_after_the_upgrade_and_goes_once_superseded(pair):
    """A desk upgraded from v5 may hold a versioned row's base in desk.bases only (a v5 prune
    removed its feed entry): the push merges against it, and a later prune drops it once every
    workstation pulled a newer version."""
    import psycopg

    desk, (a, ca), (b, cb) = pair
    _settle((a, ca), (b, cb))
    a.set_company_field(T, "industry", "半导体")
    sync(a, ca)
    with psycopg.connect(desk.super_url) as su:  # what a v5 prune and the v6 upgrade leave behind
        su.execute("INSERT INTO desk.bases (tbl, key, rev, data) SELECT tbl, key, id, data FROM desk.changes "
                   "WHERE tbl = 'companies' AND key = %s ORDER BY id LIMIT 1", [T])
        su.execute("DELETE FROM desk.changes WHERE id = (SELECT rev FROM desk.bases WHERE tbl = 'companies' "
                   "AND key = %s)", [T])
    b.set_company_field(T, "full_name", "乙改的全称")
    assert sync(b, cb).conflicts == 0
    sync(a, ca)
    assert (a.company(T)["industry"], a.company(T)["full_name"]) == ("半导体", "乙改的全称")
    _settle((a, ca), (b, cb))
    roles.prune_desk(ca.url, password=ca.password)
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT count(*) FROM desk.bases WHERE tbl = 'companies'").fetchone() == (0,)
