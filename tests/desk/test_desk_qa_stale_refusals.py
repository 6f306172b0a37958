"""A desk row this store refused ("theirs: deleted": a company kept here over the desk's deletion)
stops being a conflict by itself once a later sync shows the desk agreeing (the company is back on
the desk as this store holds it). Against a real PostgreSQL desk."""

from __future__ import annotations

from desk_testing import server_tables

from workbench.desk.sync import sync
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store


def test_a_kept_company_back_on_the_desk_closes_its_refusal(pair):
    desk, (a, ca), (b, cb) = pair
    a.set_fact(T, "revenue", "2031E", 9e9)
    removed = b.delete_companies([T])
    sync(a, ca)
    sync(b, cb)
    sync(a, ca)
    [c] = [c for c in sync_state.conflicts(a) if c["tbl"] == "companies"]
    assert c["key"] == T and c["kind"] == "local" and c["theirs"] is None
    assert T not in server_tables(desk.super_url)["companies"]

    b.restore_companies(removed)  # the company goes back to the desk, as a holds it
    sync(b, cb)
    assert server_tables(desk.super_url)["companies"][T] == sync_state.current_image(a, ("companies", T))
    sync(a, ca)
    assert [c for c in sync_state.conflicts(a) if c["tbl"] == "companies"] == []
    assert a.has_company(T) and a.fact(T, "revenue", "2031E") == 9e9


def test_refused_analysts_close_once_an_administrator_adds_them_with_their_sac_numbers(pg_cluster, desk_db,
                                                                                        demo_path, tmp_path):
    from desk_testing import Desk

    desk = Desk(pg_cluster, desk_db)
    analyst = desk.user("analyst")
    an = desk.join(demo_path, analyst)  # the desk is empty: the analyst register this store sends is refused
    admin = desk.user("admin")
    ad = desk.join(tmp_path / "admin.sqlite", admin)
    try:
        register = an.rows("SELECT name, sac_no FROM analysts ORDER BY id")
        assert register and [c for c in sync_state.conflicts(an) if c["tbl"] == "analysts"]
        for r in register:  # the administrator registers the same analysts (their own identities)
            ad.add_analyst(r["name"], r["sac_no"])
        sync(ad, admin)
        sync(an, analyst)
        assert an.rows("SELECT name, sac_no FROM analysts ORDER BY id") == register
        assert [c for c in sync_state.conflicts(an) if c["tbl"] == "analysts"] == []
        closed = [c for c in sync_state.conflicts(an, open_only=False) if c["tbl"] == "analysts"]
        assert closed and all(c["resolution"] == "theirs" for c in closed)
    finally:
        an.close()
        ad.close()
