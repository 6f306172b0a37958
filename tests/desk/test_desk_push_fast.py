"""A push fast-forwards: it decides only the rows changed after its pull and those its pulls left
unapplied, and appends the rest with no probe of the feed. The conflicts that this could hide are
still found: a write that lands between a sync's pull and its push, a version a pull saw before a
push that failed, and (once, after the store's upgrade) a version an older release's pull left.
The revisions recorded for a push are the desk's. Against a real PostgreSQL desk."""

from __future__ import annotations

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import local_tables, normalised, server_tables  # noqa: E402

from workbench.desk import sync as desk_sync  # noqa: E402
from workbench.desk.errors import DeskOffline  # noqa: E402
from workbench.desk.sync import sync  # noqa: E402
from workbench.domain.metrics import PLAUSIBLE  # noqa: E402
from workbench.store import sync_state  # noqa: E402

FACT = ("688608.SH", "revenue", "2023A")  # 恒玄科技 in the demo store
KEY = "|".join(FACT)


def _figure(metric: str, i: float) -> float:
    """A figure the desk takes (inside the metric's plausible range), different for each ``i`` up to
    a thousand: the desk refuses one outside it."""
    low, high = PLAUSIBLE.get(metric, (-1e6, 1e6))
    return low + (high - low) * (i + 0.25) / 1001


def _conflict_on_fact(store):
    [c] = sync_state.conflicts(store)
    assert (c["tbl"], c["key"], c["kind"]) == ("facts", KEY, "conflict")
    return c


@pytest.mark.parametrize("keys_sent", [desk_sync._KEYS_SENT, 0])  # (0: as a big push matches them)
def test_a_write_between_the_pull_and_the_push_is_a_conflict(pair, monkeypatch, keys_sent):
    desk, (a, ca), (b, cb) = pair
    monkeypatch.setattr(desk_sync, "_KEYS_SENT", keys_sent)
    a.set_fact(*FACT, 100.0)
    b.set_fact(*FACT, 200.0)
    real = desk_sync._push

    def a_pushes_first(store, *args, **kw):  # b has pulled; a's push lands before b's
        monkeypatch.setattr(desk_sync, "_push", real)
        assert sync(a, ca).pushed == 1
        return real(store, *args, **kw)

    monkeypatch.setattr(desk_sync, "_push", a_pushes_first)
    result = sync(b, cb)
    assert (result.pushed, result.conflicts) == (0, 1)
    c = _conflict_on_fact(b)
    assert (c["mine"]["value"], c["theirs"]["value"]) == (200.0, 100.0)
    assert (c["by"], c["theirs_by"]) == (cb.user, ca.user) and c["theirs_at"]
    assert b.fact(*FACT) == 100.0 == server_tables(desk.super_url)["facts"][KEY]["value"]


def test_a_version_pulled_before_a_failed_push_is_still_a_conflict(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    a.set_fact(*FACT, 100.0)
    b.set_fact(*FACT, 200.0)
    sync(a, ca)

    def cut(*args, **kw):
        raise psycopg.OperationalError("connection cut")

    monkeypatch.setattr(desk_sync, "_write_versions", cut)
    with pytest.raises(DeskOffline):
        sync(b, cb)  # the pull saw a's version (and moved past it); the push failed
    monkeypatch.undo()
    assert b.fact(*FACT) == 200.0  # left for the push: b's change is still waiting
    with b.db.conn:
        kept = b.db.execute("SELECT tbl, key, ws FROM sync_unapplied").fetchall()
    assert [tuple(r[:2]) for r in kept] == [("facts", KEY)]
    result = sync(b, cb)  # the feed does not show a's version again: the store kept it
    assert (result.pushed, result.conflicts) == (0, 1)
    c = _conflict_on_fact(b)
    assert (c["mine"]["value"], c["theirs"]["value"]) == (200.0, 100.0)
    assert c["theirs_by"] == ca.user
    assert b.fact(*FACT) == 100.0 == server_tables(desk.super_url)["facts"][KEY]["value"]
    assert b.db.execute("SELECT count(*) FROM sync_unapplied").fetchone()[0] == 0  # decided
    assert sync(b, cb).conflicts == 0  # and never again


def test_a_version_pulled_and_left_merges_when_the_values_agree(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    a.set_fact(*FACT, 300.0)
    b.set_fact(*FACT, 300.0)
    sync(a, ca)
    monkeypatch.setattr(desk_sync, "_write_versions", lambda *a, **k: (_ for _ in ()).throw(
        psycopg.OperationalError("connection cut")))
    with pytest.raises(DeskOffline):
        sync(b, cb)
    monkeypatch.undo()
    result = sync(b, cb)
    assert (result.pushed, result.conflicts) == (0, 0)  # the same value: nothing to push, no conflict
    assert sync_state.pending(b).keys == {}
    with psycopg.connect(desk.super_url) as conn:
        assert conn.execute("SELECT count(*) FROM desk.changes WHERE key = %s AND (data->>'value')::float = 300",
                            [KEY]).fetchone() == (1,)


def test_after_the_upgrade_the_first_push_checks_every_row(pair):
    """A store of the release before kept no versions its pulls left unapplied: the upgrade makes
    its next push check every row it sends against the desk."""
    desk, (a, ca), (b, cb) = pair
    a.set_fact(*FACT, 100.0)
    b.set_fact(*FACT, 200.0)
    sync(a, ca)
    real = desk_sync._push
    desk_sync._push = lambda *args, **kw: None  # b's sync pulls, then (as that release could) pushes nothing
    try:
        sync(b, cb)
    finally:
        desk_sync._push = real
    with b.db.conn:  # what that release's store holds: no record of a's version, which b's pull saw
        b.db.execute("DELETE FROM sync_unapplied")
        b.db.execute("INSERT INTO settings (key, value) VALUES ('desk.check_all', '1') "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
    result = sync(b, cb)
    assert (result.pushed, result.conflicts) == (0, 1)
    assert _conflict_on_fact(b)["theirs"]["value"] == 100.0
    assert b.get_setting(sync_state.SETTING_CHECK_ALL) is None  # once


def test_the_upgrade_asks_a_joined_store_to_check_every_row_once(tmp_path):
    from sqlite_utils import Database

    from workbench.store import Store
    from workbench.store.schema import migrations

    path = tmp_path / "old.sqlite"
    db = Database(str(path))
    migrations.apply(db, stop_before="m036_sync_unapplied")  # a store of the release before
    db.execute("INSERT INTO settings (key, value) VALUES ('desk.url', 'postgresql://x@desk/db')")
    db.conn.commit()
    db.close()
    with Store(path) as store:
        assert store.get_setting(sync_state.SETTING_CHECK_ALL) == "1"
    with Store(tmp_path / "new.sqlite") as store:
        assert store.get_setting(sync_state.SETTING_CHECK_ALL) is None


def _revisions(store, super_url, tables=("companies", "facts", "quotes", "datasets")):
    with psycopg.connect(super_url) as conn:
        on_desk = {(t, k): rev for t, k, rev in conn.execute(
            "SELECT tbl, key, rev FROM desk.current WHERE tbl = ANY(%s) AND data IS NOT NULL", [list(tables)])}
    local = {(t, k): rev for t, k, rev in store.db.execute(
        f"SELECT tbl, key, rev FROM sync_rows WHERE tbl IN ({', '.join('?' * len(tables))})", tables)}
    return local, on_desk


def test_the_revisions_recorded_are_the_desks(pair):
    desk, (a, ca), (b, cb) = pair
    local, on_desk = _revisions(a, desk.super_url)  # the join pushed companies, facts, quotes and datasets
    assert local == on_desk and {t for t, _ in on_desk} >= {"companies", "facts", "quotes"}
    facts = [(t, m, p, _figure(m, i % 1000)) for i, (t, m, p) in enumerate(
        a.db.execute("SELECT ticker, metric, period FROM facts ORDER BY period, metric DESC, ticker").fetchall())]
    a.write_facts(facts, source="weekly.xlsx", origin="import")
    a.set_company_field("688608.SH", "industry", "芯片")
    assert sync(a, ca).pushed == len(facts) + 1
    with psycopg.connect(desk.super_url) as conn:
        on_desk = {(t, k): rev for t, k, rev in conn.execute(
            "SELECT tbl, key, rev FROM desk.current WHERE tbl IN ('facts', 'companies')")}
    local = {(t, k): rev for t, k, rev in a.db.execute(
        "SELECT tbl, key, rev FROM sync_rows WHERE tbl IN ('facts', 'companies')")}
    assert local == on_desk and len(local) > len(facts)
    sync(b, cb)
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == normalised(server_tables(desk.super_url))


def test_revisions_drawn_meanwhile_are_read_back(pair, monkeypatch):
    """Should another session draw a revision from the desk's sequence while a push copies its
    versions into the feed, their revisions are not the run assumed: the push reads them back."""
    desk, (a, ca), _ = pair
    real = desk_sync._copy_versions
    drawn = []

    def interleaved(conn, text):
        with psycopg.connect(desk.super_url, autocommit=True) as other:
            drawn.append(other.execute("SELECT nextval('desk.change_id')").fetchone()[0])
        real(conn, text)

    monkeypatch.setattr(desk_sync, "_copy_versions", interleaved)
    facts = [(t, m, p, float(i) + 0.75) for i, (t, m, p) in enumerate(
        a.db.execute("SELECT ticker, metric, period FROM facts LIMIT 50").fetchall())]
    a.write_facts(facts, source="weekly.xlsx", origin="import")
    a.set_company_field("688608.SH", "industry", "芯片")  # (a row before the facts, built here)
    assert sync(a, ca).pushed == 51 and drawn
    local, on_desk = _revisions(a, desk.super_url)
    assert local == on_desk


def test_a_push_with_one_row_contested_records_every_revision(pair, monkeypatch):
    """The rows decided under the push lock (here one that landed between the pull and the push)
    are set apart from the rest, which go straight into the feed: both take the desk's revisions."""
    desk, (a, ca), (b, cb) = pair
    keys = [tuple(r) for r in b.db.execute("SELECT ticker, metric, period FROM facts ORDER BY ticker, metric, "
                                           "period LIMIT 40").fetchall()]
    middle = keys[20]
    b.write_facts([(*k, _figure(k[1], i)) for i, k in enumerate(keys)], source="weekly.xlsx", origin="import")
    b.set_company_field("688608.SH", "industry", "芯片")
    a.set_fact(*middle, _figure(middle[1], 500))
    real = desk_sync._push

    def a_pushes_first(store, *args, **kw):
        monkeypatch.setattr(desk_sync, "_push", real)
        assert sync(a, ca).pushed == 1
        return real(store, *args, **kw)

    monkeypatch.setattr(desk_sync, "_push", a_pushes_first)
    result = sync(b, cb)
    assert (result.pushed, result.conflicts) == (40, 1)
    [c] = sync_state.conflicts(b)
    assert (c["key"], c["mine"]["value"], c["theirs"]["value"]) == ("|".join(middle), _figure(middle[1], 20),
                                                                   _figure(middle[1], 500))
    local, on_desk = _revisions(b, desk.super_url)
    assert local == on_desk
    sync(a, ca)
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == normalised(server_tables(desk.super_url))


AWKWARD = [0.1 + 0.2, 1 / 3, 1e-300, 123456789.123456789, -0.0, 5e-324, 2.2250738585072014e-308, 1e16,
           9.2e18, 123456789.0, 7.0, 0.1, -2.5e-7, 9007199254740993.0, -1.5e18]
#: Doubles beyond 64-bit integers: the desk keeps them exactly (a store cannot take them back: its
#: reading of the desk's JSON makes them integers, too big for SQLite, then)
HUGE = [1.7976931348623157e308, 1e22, -3.4e200]


def _set_values(store, keys, values):
    store.write_facts([(*k, 1.5) for k in keys], source="awkward.csv", origin="import")
    with store.transaction(), store.batch("edit"):  # (the write paths take a huge double for an integer)
        store.db.conn.executemany("UPDATE facts SET value = ? WHERE ticker = ? AND metric = ? AND period = ?",
                                  [(v, *k) for k, v in zip(keys, values)])


def test_awkward_doubles_travel_exactly(pair):
    """The store stages the facts itself: every double arrives as the same double, and the desk
    keeps it as Python writes it (so that jsonb sees equal values as equal)."""
    import json

    desk, (a, ca), (b, cb) = pair
    keys = [("688608.SH", "awkward", f"{2000 + i}A") for i in range(len(AWKWARD))]
    _set_values(a, keys, AWKWARD)
    assert sync(a, ca).pushed == len(AWKWARD)
    assert sync(b, cb).pulled == len(AWKWARD)
    for k, v in zip(keys, AWKWARD):
        assert b.fact(*k) == v and str(b.fact(*k)) == str(v + 0.0), (k, v)  # (-0.0 arrives as 0.0, as before)
    huge = [("688608.SH", "huge", f"{2000 + i}A") for i in range(len(HUGE))]
    _set_values(a, huge, HUGE)
    assert sync(a, ca).pushed == len(HUGE)
    with psycopg.connect(desk.super_url) as conn:
        for k, v in zip(keys + huge, AWKWARD + HUGE):
            same, text = conn.execute("SELECT data->'value' = %s::jsonb, data->>'value' FROM desk.current "
                                      "WHERE tbl = 'facts' AND key = %s", [json.dumps(v), "|".join(k)]).fetchone()
            assert same and float(text) == v, (v, text)
    assert normalised(local_tables(b))["facts"] == {
        k: v for k, v in normalised(local_tables(a))["facts"].items() if "|huge|" not in k}


def test_a_key_and_a_source_with_copy_escapes_travel_intact(pair):
    desk, (a, ca), (b, cb) = pair
    odd = ("688608.SH", "back\\slash\ttab\x01mark", "2024\nA")
    a.write_facts([(*odd, 1.5)], source="C:\\data\\周报\r\n\x01.xlsx", origin="import")
    assert sync(a, ca).pushed == 1
    sync(b, cb)
    assert b.fact(*odd) == 1.5
    assert normalised(local_tables(b))["facts"]["|".join(odd)] == normalised(local_tables(a))["facts"]["|".join(odd)]
    assert server_tables(desk.super_url)["facts"]["|".join(odd)]["source"] == "C:\\data\\周报\r\n\x01.xlsx"


def test_a_version_this_store_refused_is_decided_when_the_row_changes_here(pair):
    """A desk version the store refused (a deletion of a company it still holds figures of) is not
    agreed on: a later change of the row here meets it as a conflict, never a silent overwrite."""
    desk, (a, ca), (b, cb) = pair
    company = "688608.SH"
    a.set_fact(company, "revenue", "2031E", 9e9)
    b.delete_companies([company])
    sync(a, ca)
    sync(b, cb)
    sync(a, ca)  # the deletion is refused here (a still holds a figure of the company)
    assert [c["kind"] for c in sync_state.conflicts(a) if c["tbl"] == "companies"] == ["local"]
    a.set_company_field(company, "industry", "芯片设计")
    result = sync(a, ca)
    assert result.conflicts >= 1
    assert company not in server_tables(desk.super_url)["companies"]  # the desk's deletion stays


def test_a_retry_after_a_lost_acknowledgement_with_new_changes_applies_each_once(pair, monkeypatch):
    """The rows at or below the desk's mark of this workstation may be on the desk already (their
    push landed, its acknowledgement was lost): they are looked up, never copied in a second time;
    the changes made since go straight in."""
    desk, (a, ca), (b, cb) = pair
    keys = [tuple(r) for r in a.db.execute("SELECT ticker, metric, period FROM facts ORDER BY ticker, metric, "
                                           "period LIMIT 40").fetchall()]
    a.write_facts([(*k, _figure(k[1], i)) for i, k in enumerate(keys[:30])], source="weekly.xlsx", origin="import")
    ws = a.workstation_id()

    def versions():
        with psycopg.connect(desk.super_url) as conn:
            return dict(conn.execute("SELECT key, count(*) FROM desk.changes WHERE ws = %s AND tbl = 'facts' "
                                     "GROUP BY key", [ws]).fetchall())

    before = versions()

    def lost(*args, **kw):
        raise psycopg.OperationalError("connection lost after commit")

    monkeypatch.setattr(desk_sync, "_mark_pushed", lost)
    with pytest.raises(DeskOffline):
        sync(a, ca)
    monkeypatch.undo()
    # more changes before the retry: ten new figures, and one of the landed ones changed again
    a.write_facts([(*k, _figure(k[1], i + 100)) for i, k in enumerate(keys[30:])], source="weekly2.xlsx",
                  origin="import")
    a.set_fact(*keys[0], _figure(keys[0][1], 999))
    result = sync(a, ca)
    assert (result.pushed, result.conflicts) == (11, 0)
    after = versions()
    added = {k: n - before.get(k, 0) for k, n in after.items() if n != before.get(k, 0)}
    assert added == {**{"|".join(k): 1 for k in keys[1:]}, "|".join(keys[0]): 2}
    local, on_desk = _revisions(a, desk.super_url)
    assert local == on_desk
    sync(b, cb)
    assert b.fact(*keys[0]) == _figure(keys[0][1], 999) and b.fact(*keys[35]) == _figure(keys[35][1], 105)
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == normalised(server_tables(desk.super_url))


@pytest.mark.parametrize("keys_sent", [desk_sync._KEYS_SENT, 0])  # (0: as a big push matches them)
def test_a_write_among_many_landed_between_the_pull_and_the_push_is_a_conflict(pair, monkeypatch, keys_sent):
    """More rows landed after the pull than the push sends: the push's keys go to the desk to be
    matched there (fewer than the other way round); the one contested row is still found."""
    desk, (a, ca), (b, cb) = pair
    monkeypatch.setattr(desk_sync, "_KEYS_SENT", keys_sent)
    keys = [tuple(r) for r in a.db.execute("SELECT ticker, metric, period FROM facts WHERE NOT (ticker = ? AND "
                                           "metric = ? AND period = ?) LIMIT 40", FACT).fetchall()]
    a.write_facts([(*k, float(i) + 0.5) for i, k in enumerate(keys)] + [(*FACT, 100.0)], source="a.xlsx",
                  origin="import")
    b.set_fact(*FACT, 200.0)
    real = desk_sync._push

    def a_pushes_first(store, *args, **kw):
        monkeypatch.setattr(desk_sync, "_push", real)
        assert sync(a, ca).pushed == 41
        return real(store, *args, **kw)

    monkeypatch.setattr(desk_sync, "_push", a_pushes_first)
    result = sync(b, cb)
    assert (result.pushed, result.conflicts) == (0, 1)
    c = _conflict_on_fact(b)
    assert (c["mine"]["value"], c["theirs"]["value"]) == (200.0, 100.0)
    assert b.fact(*FACT) == 100.0 == server_tables(desk.super_url)["facts"][KEY]["value"]
    assert normalised(local_tables(b)) == normalised(local_tables(a)) == normalised(server_tables(desk.super_url))


# --------------------------------------------------------------------------- the pull after a push
def _feed_rows(super_url: str, query: str, ws: str, after: int) -> list[tuple]:
    with psycopg.connect(super_url) as conn:
        return conn.execute(query, {"ws": ws, "after": after, "versioned": list(desk_sync.schema.VERSIONED_TABLES),
                                    "traced": list(desk_sync._TRACED)}).fetchall()


def test_the_pull_after_a_push_reads_the_rows_the_feed_pull_reads(pair):
    """The pull that confirms a push reads only the rows someone else wrote in its range (its own
    versions need no sort): the same rows as the feed's pull, from every point of the feed and for
    every workstation, with rows written by both, by one, rewritten, deleted, and a note."""
    desk, (a, ca), (b, cb) = pair
    assert desk_sync._PULL_FEED_AFTER_PUSH[0] != desk_sync._PULL_FEED[0]
    sync(b, cb)
    other = ("300493.SZ", "revenue", "2023A")
    a.set_fact(*FACT, _figure("revenue", 1))
    a.set_fact(*other, _figure("revenue", 2))
    sync(a, ca)
    sync(b, cb)
    b.set_fact(*FACT, _figure("revenue", 3))  # rewritten by the other workstation
    b.add_note("调研纪要：渠道库存回落", tickers=["688608.SH"])
    sync(b, cb)
    sync(a, ca)
    a.set_fact(*other, None)  # deleted
    a.set_fact("688608.SH", "net_profit", "2023A", _figure("net_profit", 4))
    sync(a, ca)
    b.set_fact(*FACT, _figure("revenue", 5))
    sync(b, cb)
    with psycopg.connect(desk.super_url) as conn:
        top = conn.execute("SELECT max(id) FROM desk.changes").fetchone()[0]
    stations = [a.workstation_id(), b.workstation_id(), "nobody"]
    compared = 0
    for after in range(max(0, top - 40), top + 1):
        for ws in stations:
            feed = _feed_rows(desk.super_url, desk_sync._PULL_FEED[0], ws, after)
            assert _feed_rows(desk.super_url, desk_sync._PULL_FEED_AFTER_PUSH[0], ws, after) == feed
            compared += bool(feed)
    assert compared > 40  # (most points of the range have rows to read for some workstation)


def test_the_pull_after_a_push_takes_a_colleagues_write_that_landed_meanwhile(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    sync(b, cb)
    a.set_fact(*FACT, _figure("revenue", 6))
    a.set_fact("688608.SH", "net_profit", "2023A", _figure("net_profit", 7))
    b.set_fact("688608.SH", "net_profit", "2023A", _figure("net_profit", 8))  # (a conflict for b)
    b.set_fact("300493.SZ", "revenue", "2023A", _figure("revenue", 9))
    real = desk_sync._push

    def b_syncs_after_a_pushed(store, *args, **kw):
        out = real(store, *args, **kw)
        monkeypatch.setattr(desk_sync, "_push", real)
        b.add_note("路演纪要：订单能见度提升", tickers=["688608.SH"])  # (a note lands in the range too)
        sync(b, cb)
        return out

    monkeypatch.setattr(desk_sync, "_push", b_syncs_after_a_pushed)
    result = sync(a, ca)
    assert result.pushed == 2 and result.pulled >= 1
    assert a.fact("300493.SZ", "revenue", "2023A") == _figure("revenue", 9)
    assert a.fact("688608.SH", "net_profit", "2023A") == _figure("net_profit", 7)  # (b's is listed on b)
    assert "路演纪要：订单能见度提升" in [r["text"] for r in a.rows("SELECT text FROM notes")]
    assert normalised(local_tables(a)) == normalised(server_tables(desk.super_url))
