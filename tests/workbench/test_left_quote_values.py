"""A quote's close (or change) of 2**63 or more, given as a whole number, is stored as the double the REAL
column keeps, as a fact's value is (write_quotes, set_quote); never an OverflowError. One no double can
hold is refused naming the index and the date, nothing of the write stored."""

from __future__ import annotations

import pytest

from workbench.errors import ValidationError

BIG = [2**63, 10**22, -(2**64)]


def _index(store):
    return store.db.execute("SELECT id, uid, name FROM indices ORDER BY id").fetchone()


def _quote(store, index_id, date):
    return store.db.execute("SELECT close, change FROM quotes WHERE index_id = ? AND date = ?",
                            [index_id, date]).fetchone()


def test_write_quotes_stores_a_whole_number_beyond_64_bits_as_its_double(demo_store):
    index_id, _, _ = _index(demo_store)
    rows = [(index_id, f"2030-01-{i + 1:02d}", v, None, "script.py") for i, v in enumerate(BIG)]
    counts = demo_store.write_quotes(rows + [(index_id, "2030-02-01", 3000.5, 2**63, "script.py")])
    assert counts.added == len(BIG) + 1
    for (_, date, close, _, _) in rows:
        stored = _quote(demo_store, index_id, date)[0]
        assert type(stored) is float and stored == float(close)
    assert tuple(_quote(demo_store, index_id, "2030-02-01")) == (3000.5, float(2**63))
    demo_store.set_quote(index_id, "2030-03-01", 2**70, None)  # an edit by hand takes the same path
    assert _quote(demo_store, index_id, "2030-03-01")[0] == float(2**70)


def test_a_close_no_double_can_hold_is_refused_and_nothing_written(demo_store):
    index_id, _, name = _index(demo_store)
    before = demo_store.scalar("SELECT count(*) FROM quotes")
    with pytest.raises(ValidationError) as caught:
        demo_store.write_quotes([(index_id, "2030-04-01", 3000.0, None, "script.py"),
                                 (index_id, "2030-04-08", 10**400, None, "script.py")])
    assert "value too large to store" in caught.value.message
    assert name in caught.value.message and "2030-04-08" in caught.value.message
    assert demo_store.scalar("SELECT count(*) FROM quotes") == before
