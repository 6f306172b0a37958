"""A write of facts looks for confirmations (a stored value given again with a later as-of date)
only where one can be: a write whose every row added or changed a fact under one as-of date skips
the pass; any other still confirms, the pathological repeated key with several dates among them."""

from __future__ import annotations

import pytest

from workbench.store import Store

T1, T2 = "600000.SH", "600001.SH"


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "s.sqlite")
    s.upsert_companies([{"ticker": T1, "name": "甲"}, {"ticker": T2, "name": "乙"}])
    s.write_facts([(T1, "revenue", "2023A", 10.0), (T2, "revenue", "2023A", 20.0)],
                  source="a.xlsx", as_of="2025-01-01", origin="import")
    yield s
    s.close()


def _passes(store, monkeypatch) -> list:
    calls = []
    real = Store._confirm_facts

    def counted(self, *a, **k):
        calls.append(1)
        return real(self, *a, **k)

    monkeypatch.setattr(Store, "_confirm_facts", counted)
    return calls


def _dated(store, ticker) -> tuple:
    return store.db.execute("SELECT value, as_of FROM facts WHERE ticker = ? AND metric = 'revenue' AND "
                            "period = '2023A'", [ticker]).fetchone()


def test_every_row_changed_under_one_date_skips_the_pass_and_confirms_nothing(store, monkeypatch):
    calls = _passes(store, monkeypatch)
    counts = store.write_facts([(T1, "revenue", "2023A", 11.0), (T2, "revenue", "2023A", 21.0),
                                (T1, "revenue", "2024A", 5.0)], source="b.xlsx", as_of="2025-01-08",
                               origin="import")
    assert (counts.added, counts.updated, counts.confirmed) == (1, 2, 0)
    assert calls == []
    assert _dated(store, T1) == (11.0, "2025-01-08") and _dated(store, T2) == (21.0, "2025-01-08")


def test_a_value_given_again_with_a_later_date_is_confirmed(store, monkeypatch):
    calls = _passes(store, monkeypatch)
    counts = store.write_facts([(T1, "revenue", "2023A", 10.0), (T2, "revenue", "2023A", 22.0)],
                               source="b.xlsx", as_of="2025-01-08", origin="import")
    assert (counts.updated, counts.confirmed) == (1, 1) and calls == [1]
    assert _dated(store, T1) == (10.0, "2025-01-08")


def test_a_key_repeated_with_several_dates_is_still_looked_at(store, monkeypatch):
    """Each row changes the fact, but a row's date is later than the last writer's: that row gives
    the final value again with its later date, a confirmation (as before the pass could be skipped)."""
    calls = _passes(store, monkeypatch)
    counts = store.write_facts([(T1, "revenue", "2023A", 12.0, "b.xlsx", "2025-01-10"),
                                (T1, "revenue", "2023A", 13.0, "b.xlsx", "2025-01-05"),
                                (T1, "revenue", "2023A", 12.0, "b.xlsx", "2025-01-03")], origin="import")
    assert calls == [1]
    assert counts.updated == 3 and counts.confirmed == 1
    assert _dated(store, T1) == (12.0, "2025-01-10")
