"""The Financials grid on a bigger synthetic store: it reads the facts of the rows it shows
(in batches), sorts by a whole column it has not shown yet, filters and edits far rows right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui.models import FinancialsTableModel, TableFilterProxy

COMPANIES = 1200
COLUMNS = [("revenue", "2023A"), ("pe", "2024E")]


@pytest.fixture
def big_session(tmp_path):
    from ui.session import StoreSession
    from workbench.store import Store

    store = Store(tmp_path / "big.sqlite")
    rows, facts = [], []
    for i in range(COMPANIES):
        ticker = f"{600000 + i:06d}.SH"
        rows.append({"ticker": ticker, "name": f"公司{i:04d}", "segment": "板块A" if i % 2 else "板块B"})
        facts.append((ticker, "revenue", "2023A", float(i) * 1e8))  # revenue = i x 1 亿元
        if i % 3:  # every third company has no PE
            facts.append((ticker, "pe", "2024E", float(i % 97)))
    store.upsert_companies(rows)
    store.write_facts(facts, source="test", as_of="2024-12-27")
    session = StoreSession(store)
    yield session
    session.close()


@pytest.fixture
def spied(big_session, monkeypatch):
    """(model, the tickers whose facts the model asked the store for)."""
    asked: list[str] = []
    real = big_session.store.fact_matrix

    def fact_matrix(columns, tickers=None):
        asked.extend(tickers if tickers is not None else ["<every company>"])
        return real(columns, tickers)

    monkeypatch.setattr(big_session.store, "fact_matrix", fact_matrix)
    model = FinancialsTableModel(big_session, fact_columns=COLUMNS)
    model.reload()
    return model, asked


def test_opening_reads_no_facts_and_showing_rows_reads_only_their_batch(spied):
    model, asked = spied
    assert model.rowCount() == 1200
    assert asked == []
    assert model.index(model.row_of("600005.SH"), 3).data() == "5.0"
    assert "<every company>" not in asked
    assert 6 <= len(asked) <= 256
    assert model.index(model.row_of("601100.SH"), 3).data() == "1100.0"
    assert len(asked) <= 512


def test_sorting_by_a_number_column_orders_every_row_missing_last(spied):
    model, _ = spied
    pe = 4
    model.sort(pe, Qt.SortOrder.DescendingOrder)
    # PE is i % 97 for i not divisible by 3: 96 for i = 193, 290, 484, ... (96 and 387 have none);
    # equals keep the report order, where segment 板块B (even i) comes before 板块A (odd i)
    assert model.key_at(0) == "600290.SH"
    assert model.index(0, pe).data() == "96.0"
    assert model.key_at(1) == "600484.SH"
    # 400 companies (i % 3 == 0) have no PE: they come last
    assert model.index(799, pe).data() != "--"
    assert model.index(800, pe).data() == "--"
    assert model.key_at(800) == "600000.SH"
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert model.key_at(0) == "601199.SH"
    assert model.index(0, 3).data() == "1199.0"


def test_an_edit_to_a_row_never_shown_lands_and_re_sorts(spied, big_session):
    model, _ = spied
    row = model.row_of("601150.SH")
    assert model.setData(model.index(row, 3), "99999")
    assert big_session.store.fact("601150.SH", "revenue", "2023A") == pytest.approx(99999e8)
    assert model.index(row, 3).data() == "99,999.0" or model.index(row, 3).data() == "99999.0"
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert model.key_at(0) == "601150.SH"
    big_session.undo_stack.undo()
    assert model.key_at(0) == "601150.SH"  # no re-sort on undo, but the value is back
    assert model.index(0, 3).data() == "1150.0"


def test_filter_and_group_work_on_every_row(spied):
    model, _ = spied
    proxy = TableFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("公司119")
    assert proxy.rowCount() == 10  # 公司1190 .. 公司1199
    proxy.set_group("板块A")
    assert proxy.rowCount() == 5  # the odd ones
    assert proxy.index(0, 3).data() == "1191.0"


def test_the_lazy_grid_passes_the_model_tester(qtmodeltester, spied):
    model, _ = spied
    qtmodeltester.check(model)
