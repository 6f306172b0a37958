"""Undoing a company's deletion after an import wrote the company again is refused as a change
made since (ChangedSince, naming the company), not SQLite's raw UNIQUE error; the store keeps what
the import wrote."""

from __future__ import annotations

import pytest

from workbench.edits import ChangedSince, DeleteCompanies, refused_step


def test_undo_of_a_delete_after_the_company_was_written_again(demo_store, tmp_path):
    ticker = "300493.SZ"
    name = demo_store.company(ticker)["name"]
    step = DeleteCompanies([ticker])
    step.apply(demo_store)
    assert not demo_store.has_company(ticker)
    demo_store.upsert_companies([{"ticker": ticker, "name": name}])  # as an import of the company list does
    demo_store.write_facts([(ticker, "revenue", "2023A", 2.5e9)], source="again.csv", origin="import")
    before = (demo_store.company(ticker), demo_store.facts([ticker]))
    with pytest.raises(ChangedSince) as refused:
        step.revert(demo_store)
    assert ticker in str(refused.value) and refused_step(str(refused.value)) == "undo"
    assert "UNIQUE" not in str(refused.value)
    assert (demo_store.company(ticker), demo_store.facts([ticker])) == before


def test_undo_of_a_delete_still_restores_when_nothing_came_back(demo_store):
    ticker = "300493.SZ"
    facts = demo_store.facts([ticker])
    step = DeleteCompanies([ticker])
    step.apply(demo_store)
    step.revert(demo_store)
    assert demo_store.has_company(ticker) and demo_store.facts([ticker]) == facts
