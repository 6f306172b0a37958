"""A pulled quote whose close is 2**63 or more (the desk's JSON writes such a double as a whole number) is
stored as the double it was, never an OverflowError; one no double can hold (put on the desk by hand) is
refused and listed with the pull's other refusals, and the rest lands."""

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
    assert [(r.table, r.key) for r in refused] == [("quotes", f"{uid}|2030-05-09")]
    assert "value too large to store" in refused[0].message
    for i, v in enumerate(BIG):
        assert _quote(demo_store, index_id, f"2030-05-0{i + 1}")[0] == float(v)
    assert _quote(demo_store, index_id, "2030-05-09") is None
    assert _quote(demo_store, index_id, "2030-05-10")[0] == 3100.25
