"""Table models: model tester, edits through the core with undo/redo, refusals, sort and filter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_testing import find_column, snapshot

from ui.models import (SORT_ROLE, CompanyTableModel, FinancialsTableModel, IssueListModel, QuoteTableModel,
                       TableFilterProxy)
from workbench.domain.metrics import YI

MODELS = [CompanyTableModel, FinancialsTableModel, QuoteTableModel, IssueListModel]


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_every_model_passes_the_model_tester(qtmodeltester, session, cls):
    model = cls(session)
    model.reload()
    assert model.rowCount() > 0
    qtmodeltester.check(model)
    proxy = TableFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_models_show_the_demo_store(session):
    counts = session.store.counts()
    companies, financials, quotes, issues = (cls(session) for cls in MODELS)
    for m in (companies, financials, quotes, issues):
        m.reload()
    assert companies.rowCount() == counts["companies"] == 66
    assert financials.rowCount() == counts["companies"]
    assert quotes.rowCount() == counts["quotes"]
    assert issues.rowCount() == counts["issues"] == 1
    # the report's 11 columns after segment, ticker, name
    assert financials.columnCount() == 3 + 11
    assert financials.fact_columns()[0] == ("revenue", "2023A")


def test_financials_display_as_the_report_prints(session):
    model = FinancialsTableModel(session)
    model.reload()
    row = model.row_of("300493.SZ")
    revenue = find_column(model, ("revenue", "2023A"))
    yoy = find_column(model, ("net_profit_yoy", "2023A"))
    pe = find_column(model, ("pe", "2024E"))
    assert model.index(row, revenue).data() == "21.6"  # 亿元, one decimal
    assert model.index(row, yoy).data() == "-34.15%"  # % with two decimals
    assert model.index(row, pe).data() == "128.3"
    assert model.index(row, revenue).data(SORT_ROLE) == pytest.approx(21.6 * YI)
    assert model.index(row, revenue).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    # negatives in green (down), positive changes in red (up)
    assert model.index(row, yoy).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#1b7f3b"
    # missing shown as --
    extra = model.row_of("300622.SZ")  # a company with no facts
    assert model.index(extra, revenue).data() == "--"
    assert model.index(extra, revenue).data(SORT_ROLE) is None


def test_fact_edit_undo_redo(session):
    store = session.store
    model = FinancialsTableModel(session)
    model.reload()
    row, col = model.row_of("300493.SZ"), find_column(model, ("revenue", "2023A"))
    before = store.fact_row("300493.SZ", "revenue", "2023A")
    changed = []
    model.dataChanged.connect(lambda a, b, roles=(): changed.append((a.row(), a.column(), b.row(), b.column())))

    assert model.setData(model.index(row, col), "25.5")  # typed in 亿元
    assert store.fact("300493.SZ", "revenue", "2023A") == pytest.approx(25.5 * YI)
    assert model.index(row, col).data() == "25.5"
    assert changed == [(row, col, row, col)]  # exactly the cell touched
    assert session.undo_stack.count() == 1

    session.undo_stack.undo()
    assert store.fact_row("300493.SZ", "revenue", "2023A") == before
    assert model.index(row, col).data() == "21.6"
    session.undo_stack.redo()
    assert store.fact("300493.SZ", "revenue", "2023A") == pytest.approx(25.5 * YI)
    assert model.index(row, col).data() == "25.5"


@pytest.mark.parametrize("typed, stored", [("12.5%", 0.125), ("12.5", 0.125), ("-3.2", -0.032), ("--", None)])
def test_ratio_typed_with_or_without_percent(session, typed, stored):
    model = FinancialsTableModel(session)
    model.reload()
    row, col = model.row_of("688018.SH"), find_column(model, ("revenue_yoy", "2023A"))
    assert model.setData(model.index(row, col), typed)
    value = session.store.fact("688018.SH", "revenue_yoy", "2023A")
    assert value == (pytest.approx(stored) if stored is not None else None)


def test_unchanged_value_is_no_edit(session):
    model = FinancialsTableModel(session)
    model.reload()
    row, col = model.row_of("688018.SH"), find_column(model, ("revenue", "2023A"))
    text = model.index(row, col).data(Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(row, col), text)
    assert session.undo_stack.count() == 0


@pytest.mark.parametrize("cls, ticker, key, bad", [
    (FinancialsTableModel, "300493.SZ", ("revenue", "2023A"), "abc"),
    (FinancialsTableModel, "300493.SZ", ("pe", "2024E"), "12%"),
    (CompanyTableModel, "300493.SZ", "ticker", "12345X"),
    (CompanyTableModel, "300493.SZ", "ticker", "688018.SH"),  # duplicate
    (CompanyTableModel, "300493.SZ", "ticker", "688018"),  # duplicate once normalised
    (CompanyTableModel, "300493.SZ", "name", "   "),
])
def test_invalid_edit_is_refused_and_store_untouched(qtbot, session, cls, ticker, key, bad):
    model = cls(session)
    model.reload()
    before = snapshot(session.store)
    index = model.index(model.row_of(ticker), find_column(model, key))
    with qtbot.waitSignal(model.refused, timeout=1000) as blocker:
        assert model.setData(index, bad) is False
    assert blocker.args[1]  # a message for the user
    assert snapshot(session.store) == before
    assert session.undo_stack.count() == 0


def test_ticker_rename_and_company_edit_with_undo(session):
    store = session.store
    companies = CompanyTableModel(session)
    financials = FinancialsTableModel(session)
    companies.reload()
    financials.reload()
    facts_before = [f for f in store.facts() if f["ticker"] == "300493.SZ"]
    row = companies.row_of("300493.SZ")

    assert companies.setData(companies.index(row, CompanyTableModel.TICKER), "300494")  # normalised to .SZ
    assert store.has_company("300494.SZ") and not store.has_company("300493.SZ")
    assert companies.index(row, 0).data() == "300494.SZ"
    assert financials.row_of("300494.SZ") is not None  # the other view re-keyed too
    assert companies.setData(companies.index(row, CompanyTableModel.SEGMENT), "新板块")
    assert store.company("300494.SZ")["segment"] == "新板块"
    assert financials.index(financials.row_of("300494.SZ"), 0).data() == "新板块"

    session.undo_stack.undo()
    session.undo_stack.undo()
    assert store.company("300493.SZ")["segment"] == "AIOT soc"
    assert [f for f in store.facts() if f["ticker"] == "300493.SZ"] == facts_before
    assert companies.index(companies.row_of("300493.SZ"), 3).data() == "AIOT soc"
    session.undo_stack.redo()
    assert store.has_company("300494.SZ")


def test_quote_edit_and_undo(session):
    store = session.store
    model = QuoteTableModel(session)
    model.reload()
    bench = store.index("000300.SH")
    row = model.row_of((bench["id"], "2024-12-27"))
    assert model.index(row, QuoteTableModel.CLOSE).data() == "3981.03"  # the house's style: no separators
    assert model.setData(model.index(row, QuoteTableModel.CHANGE), "1.5")  # percent
    assert store.quote_on_or_before(bench["id"], "2024-12-27")["change"] == pytest.approx(0.015)
    assert model.setData(model.index(row, QuoteTableModel.CLOSE), "3,990.5")
    assert store.quote_on_or_before(bench["id"], "2024-12-27")["close"] == pytest.approx(3990.5)
    assert not model.setData(model.index(row, QuoteTableModel.CLOSE), "--")  # a close cannot be missing
    session.undo_stack.undo()
    session.undo_stack.undo()
    q = store.quote_on_or_before(bench["id"], "2024-12-27")
    assert (q["close"], q["change"]) == (3981.03, 0.0136)


def _proxy(model):
    proxy = TableFilterProxy()
    proxy.setSourceModel(model)
    return proxy


def test_sort_numbers_by_raw_value_missing_last(session):
    model = FinancialsTableModel(session)
    model.reload()
    proxy = _proxy(model)
    col = find_column(model, ("revenue", "2023A"))
    proxy.sort(col, Qt.SortOrder.DescendingOrder)
    values = [proxy.index(r, col).data(SORT_ROLE) for r in range(proxy.rowCount())]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True)
    assert values[-1] is None and values[: len(present)] == present  # missing last
    assert proxy.index(0, FinancialsTableModel.NAME).data() == "立讯精密"
    proxy.sort(col, Qt.SortOrder.AscendingOrder)
    values = [proxy.index(r, col).data(SORT_ROLE) for r in range(proxy.rowCount())]
    present = [v for v in values if v is not None]
    assert present == sorted(present) and values[-1] is None
    # -1 is the report's own order again
    proxy.sort(-1)
    assert [proxy.index(r, 1).data() for r in range(3)] == ["300493.SZ", "688018.SH", "688591.SH"]


def test_names_sort_in_pinyin_order(session):
    model = CompanyTableModel(session)
    model.reload()
    proxy = _proxy(model)
    proxy.sort(CompanyTableModel.NAME, Qt.SortOrder.AscendingOrder)
    names = [proxy.index(r, CompanyTableModel.NAME).data() for r in range(proxy.rowCount())]
    # 艾 (ai) < 奥 (ao) < 佰 (bai) < 博 (bo) ... < 中 (zhong)
    assert names[0] == "艾为电子"
    assert names.index("博士眼镜") < names.index("东山精密") < names.index("中际旭创")


def test_filter_as_you_type_and_by_segment(session):
    model = FinancialsTableModel(session)
    model.reload()
    proxy = _proxy(model)
    assert proxy.filterKeyColumn() == -1
    proxy.set_text("光模块")
    segment_rows = [r for r in range(model.rowCount()) if model.group_of(r) == "光模块"]
    assert proxy.rowCount() == len(segment_rows) > 0
    proxy.set_text("300308")
    assert proxy.rowCount() == 1 and proxy.index(0, 2).data() == "中际旭创"
    proxy.set_text("")
    proxy.set_group("PCB")
    assert proxy.rowCount() == sum(1 for r in range(model.rowCount()) if model.group_of(r) == "PCB")
    proxy.set_text("鹏鼎")
    assert proxy.rowCount() == 1
    proxy.set_group(None)
    proxy.set_text("no such company")
    assert proxy.rowCount() == 0


def test_financial_edit_keeps_filter_and_sort(session):
    model = FinancialsTableModel(session)
    model.reload()
    proxy = _proxy(model)
    col = find_column(model, ("revenue", "2023A"))
    proxy.sort(col, Qt.SortOrder.DescendingOrder)
    top = proxy.index(0, 1).data()
    assert proxy.setData(proxy.index(5, col), "1")
    assert proxy.index(0, 1).data() == top
    assert session.store.fact(proxy.index(5, 1).data(), "revenue", "2023A") == pytest.approx(1 * YI)


def test_company_edit_signals_only_the_cell_touched(session):
    model = CompanyTableModel(session)
    model.reload()
    row = model.row_of("688018.SH")
    seen = []
    model.dataChanged.connect(lambda a, b, roles=(): seen.append((a.row(), a.column(), b.row(), b.column())))
    assert model.setData(model.index(row, CompanyTableModel.FULL_NAME), "乐鑫信息科技（上海）股份有限公司")
    assert seen == [(row, CompanyTableModel.FULL_NAME, row, CompanyTableModel.FULL_NAME)]


# ---------------------------------------------------------------- the grid's columns at open
class _CountingStore:
    """A store whose every call is passed on, counting the full scans of the fact columns."""

    def __init__(self, store):
        self._store = store
        self.scans = 0

    def fact_columns(self):
        self.scans += 1
        return self._store.fact_columns()

    def __getattr__(self, name):
        return getattr(self._store, name)


def _distinct_columns(path):
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return {tuple(r) for r in conn.execute("SELECT DISTINCT metric, period FROM facts")}
    finally:
        conn.close()


def _set_table_columns(path, columns):
    from workbench.domain.issue import TableColumn
    from workbench.store import Store

    with Store(path) as s:
        issue = s.issue("latest")
        issue.table.columns = [TableColumn(m, p) for m, p in columns]
        s.save_issue(issue)


def test_the_grid_opens_with_the_latest_issues_columns_without_scanning_every_fact(demo_path):
    from ui.services.session import StoreSession
    from workbench.store.reader import LazyStore

    chosen = [("pe", "2025E"), ("revenue", "2024Q1-Q3"), ("ytd_return", "2024YTD")]
    assert set(chosen) <= _distinct_columns(demo_path)
    _set_table_columns(demo_path, chosen)
    store = _CountingStore(LazyStore.open(demo_path))
    session = StoreSession(store)
    model = FinancialsTableModel(session)
    model.reload()
    assert model.fact_columns() == chosen
    assert store.scans == 0
    session.close()


def test_a_store_without_the_reports_columns_opens_with_every_column(demo_path, monkeypatch):
    import ui.models.financials as financials
    from ui.services.session import StoreSession
    from workbench.domain.metrics import METRICS
    from workbench.domain.periods import period_sort_key
    from workbench.store.reader import LazyStore

    every = _distinct_columns(demo_path)
    _set_table_columns(demo_path, [("revenue", "2031A"), ("pe", "2032E"), ("pe", "2024E")])  # 1 of 3 in the store
    store = _CountingStore(LazyStore.open(demo_path))
    session = StoreSession(store)
    model = FinancialsTableModel(session)
    model.reload()
    metric_order = list(METRICS)
    expected = sorted(every, key=lambda mp: (metric_order.index(mp[0]), period_sort_key(mp[1])))
    assert model.fact_columns() == expected and store.scans == 1
    # a sample that finds too few of them is checked against every column before the grid gives up on them
    _set_table_columns(demo_path, [("pe", "2024E"), ("pe", "2025E"), ("revenue", "2031A")])  # 2 of 3
    monkeypatch.setattr(financials, "SAMPLED_FACTS", 1)
    model.reload()
    assert model.fact_columns() == [("pe", "2024E"), ("pe", "2025E"), ("revenue", "2031A")] and store.scans == 2
    session.close()
