"""A batch the workbench cannot have written names every figure resting on it, the new facts it wrote
as a run included (they carry no log entry of their own until they first change): here a back-dated
import of figures the store did not hold, made through the store's own API with the clock set back."""

from __future__ import annotations

import pytest

from workbench.store import Store
from workbench.store import store as store_module

NEW = [("600584.SH", "eps", f"{y}E", 1.0 + y / 1000) for y in range(2031, 2036)]  # no such figures in the demo


@pytest.fixture
def back_dated(demo_path, monkeypatch):
    with Store(demo_path) as store:
        monkeypatch.setattr(store_module, "now_iso", lambda: "2020-01-02T09:00:00+00:00")  # years before the log
        with store.batch("import", file="old.xlsx", sha256="ab" * 32, sheet="S", as_of="2020-01-02") as bid:
            counts = store.write_facts(NEW, source="old.xlsx")
            store.log_import("old.xlsx", "ab" * 32, "long", counts, bid)
        monkeypatch.undo()
        store.set_fact(*NEW[0][:3], 9.0)  # one of them changed since, by an ordinary edit
        yield store, bid


def test_the_new_facts_of_an_unproven_batch_are_named(back_dated):
    store, bid = back_dated
    assert bid in store.unproven_batches()
    named = {(f["ticker"], f["metric"], f["period"]) for f in store.facts_on_batches([bid])}
    assert named == {k[:3] for k in NEW[1:]}  # the run's facts; the one edited since rests on the edit
    assert all(f["batch_id"] == bid for f in store.facts_on_batches([bid]))
    one = NEW[2][:3]
    assert [(f["ticker"], f["metric"], f["period"]) for f in store.facts_on_batches([bid], key=one)] == [one]
