"""A pulled quote whose close is 2**63 or more (the desk's JSON writes such a double as a whole number), or
one no double can hold (put on the desk by hand), never stops the pull with an OverflowError: closes
beyond the workbench's range are refused and listed with the pull's other refusals, and the rest lands."""

from __future__ import annotations

from workbench.store import sync_state

BIG = [2**63, 10**22, -(2**64)]


def _index(store):
    return store.db.execute("SELECT id, uid, name FROM indices ORDER BY id").fetchone()


def _quote(store, index_id, date):
    return store.db.execute("SELECT close, change FROM quotes WHERE index_id = ? AND date = ?",
                            [index_id, date]).fetchone()


def test_a_pulled_quote_beyond_64_bits_lands_and_one_no_double_holds_is_refused(demo_store):
    index_id, uid, _ = _index(demo_store)
    image = dict(sync_state.all_images(demo_store, "quotes")[next(iter(sync_state.all_images(demo_store, "quotes")))])
    items = {("quotes", f"{uid}|2030-05-0{i + 1}"): {**image, "close": v} for i, v in enumerate(BIG)}
    items[("quotes", f"{uid}|2030-05-09")] = {**image, "close": 10**400}  # put on the desk by hand
    items[("quotes", f"{uid}|2030-05-10")] = {**image, "close": 3100.25}
    with demo_store.db.conn:
        refused = sync_state.apply_images(demo_store, items)
    # no OverflowError stops the pull: closes no index can have (beyond the workbench's range, desk
    # schema v10) are refused and listed, one no double can hold too, and the rest lands
    odd = [f"{uid}|2030-05-0{i + 1}" for i in range(len(BIG))] + [f"{uid}|2030-05-09"]
    assert sorted((r.table, r.key) for r in refused) == sorted(("quotes", k) for k in odd)
    said = {r.key: r.message for r in refused}
    assert "value too large to store" in said[f"{uid}|2030-05-09"]
    assert all("团队库的值超出合理范围" in said[k] for k in odd[:-1]), said
    for date in [k.split("|")[1] for k in odd]:
        assert _quote(demo_store, index_id, date) is None
    assert _quote(demo_store, index_id, "2030-05-10")[0] == 3100.25
