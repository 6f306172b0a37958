"""A first join's bulk pull and the push's reading of its batches: what they leave in the store
must be what the change-by-change way leaves (provenance, pending changes, base revisions)."""

from __future__ import annotations

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import Desk, local_tables, normalised, server_tables  # noqa: E402

from workbench.desk.sync import sync  # noqa: E402
from workbench.store import Store, sync_state  # noqa: E402

FACT = ("688608.SH", "revenue", "2023A")  # 恒玄科技 in the demo store


@pytest.fixture
def desk(pg_cluster, desk_db):
    return Desk(pg_cluster, desk_db)


def batches_by_walking_the_log(store: Store, after: int, upto: int) -> list[tuple[int, int, dict]]:
    """The batches of the facts changed in (after, upto], found change by change from the store's
    own change listing (what the push read before): the independent truth."""
    found: dict[int, list] = {}
    for c in store.changes_since(after):
        if c["entity"] != "fact" or c["origin"] in ("sync", "external") or c["seq"] > upto or c["batch_id"] is None:
            continue
        b = found.get(c["batch_id"])
        if b is None:
            entry = {f: c[f] for f in ("origin", "at", "by", "file", "sha256", "sheet", "note")
                     if c.get(f) is not None}
            if c.get("batch_as_of"):
                entry["as_of"] = c["batch_as_of"]
            found[c["batch_id"]] = [c["seq"], c["seq"], entry]
        else:
            b[0], b[1] = min(b[0], c["seq"]), max(b[1], c["seq"])
    return sorted(tuple(b) for b in found.values())


def test_local_batches_are_the_batches_the_change_log_names(demo_path):
    with Store(demo_path) as store:
        start = store.last_seq()
        tickers = [r["ticker"] for r in store.companies()][:3]
        with store.batch("import", file="周报.xlsx", sha256="ab" * 32, sheet="盈利预测", as_of="2025-01-03") as bid:
            counts = store.write_facts([(t, "eps", f"{y}E", 1.5 + y) for t in tickers for y in range(2030, 2040)],
                                       source="周报.xlsx")  # new facts: one run
            store.log_import("周报.xlsx", "ab" * 32, "long", counts, bid)  # as an import records itself
        middle = store.last_seq()
        store.set_fact(tickers[0], "eps", "2031E", 9.25)  # a fact of the run edited: its entry moves to the log
        store.set_fact(tickers[1], "eps", "2035E", None)  # and one removed
        with store.batch("sync", by="desk"):  # a pull's writes are never pushed back
            store.write_facts([(tickers[2], "eps", "2050E", 3.0)])
        with store.batch("import", file="second.xlsx") as bid:
            counts = store.write_facts([(tickers[2], "eps", "2030E", 7.0), (tickers[2], "revenue", "2060A", 1e9)])
            store.log_import("second.xlsx", "cd" * 32, "long", counts, bid)
        end = store.last_seq()
        ranges = [(start, end), (start, middle), (start + 4, end), (middle - 2, middle + 3), (middle, end),
                  (end, end)]
        for after, upto in ranges:
            truth = batches_by_walking_the_log(store, after, upto)
            assert sync_state.local_batches(store, after, upto) == truth, (after, upto)
        # the cases above are not trivial: several batches, one of them cut by the range
        assert len(batches_by_walking_the_log(store, start, end)) == 4
        assert batches_by_walking_the_log(store, start + 4, end)[0][0] == start + 5


def test_first_join_leaves_nothing_to_push_and_later_edits_still_go(desk, demo_path, tmp_path):
    admin = desk.user("admin")
    a = desk.join(demo_path, admin)
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    assert normalised(local_tables(b)) == normalised(server_tables(desk.super_url))
    assert sync_state.pending(b).keys == {}
    assert sync_state.setting_int(b, sync_state.SETTING_PUSHED) == b.last_seq()
    # every pulled row knows the revision it agreed on, the desk's own
    with psycopg.connect(desk.super_url) as conn:
        on_desk = {(t, k): rev for t, k, rev in conn.execute(
            "SELECT tbl, key, rev FROM desk.current WHERE data IS NOT NULL UNION ALL "
            "SELECT tbl, key, rev FROM desk.records")}
    local = {(r["tbl"], r["key"]): r["rev"] for r in b.rows("SELECT tbl, key, rev FROM sync_rows")}
    assert local == on_desk
    # read back by many keys outside a transaction (temporary key tables): the same, nothing left open
    facts = [k for k in on_desk if k[0] == "facts"]
    assert len(facts) > 400 and not b.db.conn.in_transaction
    assert sync_state.base_revs(b, list(on_desk)) == on_desk
    images = sync_state.read_images(b, facts)
    assert not b.db.conn.in_transaction
    assert normalised({k[1]: v for k, v in images.items()}) == normalised(server_tables(desk.super_url))["facts"]
    # the facts came in as runs of new facts, not one logged row each
    assert b.scalar("SELECT count(*) FROM change_log WHERE entity = 'fact'") == 0
    assert b.scalar("SELECT sum(last_seq - first_seq + 1) FROM change_runs") == sum(
        1 for k in on_desk if k[0] == "facts")
    # a push reads both at once: the same as each read alone, a fact no longer held and another
    # table's rows included
    b.set_fact(*FACT, None)
    some = [*facts, ("facts", "688608.SH|revenue|2099E"), *(k for k in on_desk if k[0] == "companies")]
    both = sync_state.images_and_revs(b, some)
    assert not b.db.conn.in_transaction
    assert both == (sync_state.read_images(b, some), sync_state.base_revs(b, some))
    assert both[0][("facts", "|".join(FACT))] is None and ("facts", "|".join(FACT)) in both[1]
    assert both[0][("facts", "688608.SH|revenue|2099E")] is None
    # an edit after the join is pending, pushed, and reaches the other store
    b.set_fact(*FACT, 123.5)
    assert list(sync_state.pending(b).keys) == [("facts", "|".join(FACT))]
    assert sync(b, analyst).pushed == 1
    sync(a, admin)
    assert a.fact(*FACT) == 123.5
    a.close()
    b.close()


def test_a_pull_never_hides_a_pending_edit(desk, demo_path, tmp_path):
    """The pull moves the push's mark past its own writes only when nothing was waiting."""
    admin = desk.user("admin")
    a = desk.join(demo_path, admin)
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    other = ("688608.SH", "net_profit", "2023A")
    b.set_fact(*FACT, 77.0)  # waiting in b when the pull below brings a's change
    a.set_fact(*other, 88.0)
    sync(a, admin)
    result = sync(b, analyst)
    assert result.pushed == 1 and result.pulled >= 1
    assert b.fact(*other) == 88.0
    sync(a, admin)
    assert a.fact(*FACT) == 77.0
    assert sync_state.pending(b).keys == {}
    a.close()
    b.close()


def test_companies_written_at_once_still_refuse_one_by_one(store):
    """Thousands of companies go in one statement; one the store refuses (no name) is reported
    and the others still land, each logged."""
    images = {("companies", f"60000{i}.SH"): {"name": f"公司{i}", "full_name": None, "segment": None,
                                             "industry": "电子", "position": i} for i in range(4)}
    images[("companies", "600002.SH")]["name"] = None
    with store.batch("sync", by="desk"):
        refused = sync_state.apply_images(store, images)
    assert [(r.table, r.key) for r in refused] == [("companies", "600002.SH")]
    assert "缺少简称 name (the desk's company has no name)" in refused[0].message  # (the missing field, in words)
    assert sorted(c["ticker"] for c in store.companies()) == ["600000.SH", "600001.SH", "600003.SH"]
    assert store.scalar("SELECT count(*) FROM change_log WHERE entity = 'company' AND key2 = 'name'") == 3
    # and without a refusal, at once: every field as the images say
    more = {("companies", f"30000{i}.SZ"): {"name": f"创业{i}", "full_name": f"创业{i}股份", "segment": None,
                                           "industry": None, "position": 10 + i} for i in range(3)}
    with store.batch("sync", by="desk"):
        assert sync_state.apply_images(store, more) == []
    got = {c["ticker"]: (c["name"], c["full_name"], c["industry"], c["position"])
           for c in store.rows("SELECT * FROM companies WHERE ticker LIKE '3%'")}
    assert got == {f"30000{i}.SZ": (f"创业{i}", f"创业{i}股份", None, 10 + i) for i in range(3)}
