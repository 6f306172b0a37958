"""Sorting and filtering the grids by key arrays: the order is the collator's and the numbers'
own, checked against orders computed here independently; the filter follows sorts and edits;
a view reads the facts of the rows it paints in one go; a sort already in place moves nothing."""

from __future__ import annotations

import math
import random
from functools import cmp_to_key

import pytest
from PySide6.QtCore import QCollator, QLocale, Qt

from ui.models import CompanyTableModel, FinancialsTableModel, TableFilterProxy
from ui.models.sorting import CollationOrder

HANZI = "华为中兴海光紫光长电通富晶方澜起兆易韦尔思特威艾为卓胜圣邦瑞芯全志乐鑫恒玄翱捷炬芯泰凌中科蓝讯"


def chinese_compare():
    """A collator made here as the app's is meant to be: Chinese (pinyin), numbers by value."""
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    collator.setNumericMode(True)
    return collator.compare


def in_collation_order(texts: list[str], compare) -> bool:
    return all(compare(a, b) <= 0 for a, b in zip(texts, texts[1:]))


@pytest.mark.parametrize("seed", [1, 2])
def test_collation_ranks_give_the_collators_order(seed):
    compare = chinese_compare()
    rng = random.Random(seed)
    texts = list({"".join(rng.choice(HANZI) for _ in range(rng.randint(1, 4))) for _ in range(3000)})
    texts += [f"公司{i}" for i in range(0, 130, 7)] + ["abc", "ABC", "Abc", "a2", "A10", "B站", "3D", "阿", "啊", "Zeta"]
    ranks = CollationOrder(compare).ranks(texts)
    ordered = sorted(texts, key=ranks.__getitem__)
    assert in_collation_order(ordered, compare)
    assert ordered.index("公司7") < ordered.index("公司14") < ordered.index("公司126")  # numbers by value
    assert len(set(ranks.values())) == len(texts)


def test_collation_ranks_take_new_texts_in_their_place():
    compare = chinese_compare()
    order = CollationOrder(compare)
    first = [f"{a}{b}" for a in HANZI[:20] for b in HANZI[:20]]
    order.ranks(first)
    added = ["澜起科技", "公司12", "Alpha", "华为2"]  # a few: inserted one by one
    ranks = order.ranks(first + added)
    ordered = sorted(first + added, key=ranks.__getitem__)
    assert in_collation_order(ordered, compare)
    many = [f"新{c}{i}" for c in HANZI for i in range(3)]  # many: sorted again as a whole
    ranks = order.ranks(first + added + many)
    assert in_collation_order(sorted(first + added + many, key=ranks.__getitem__), compare)


@pytest.fixture
def mixed_session(tmp_path):
    """300 companies with names in hanzi and numbers, revenue with ties and gaps."""
    from ui.session import StoreSession
    from workbench.store import Store

    rng = random.Random(7)
    store = Store(tmp_path / "mixed.sqlite")
    rows, facts, expected = [], [], {}
    for i in range(300):
        ticker = f"{600000 + i:06d}.SH"
        name = "".join(rng.choice(HANZI) for _ in range(rng.randint(2, 4))) + (str(rng.randint(1, 120)) if i % 5 == 0 else "")
        rows.append({"ticker": ticker, "name": name, "segment": f"板块{i % 3}"})
        if i % 4:
            value = float(rng.randint(1, 40)) * 1e8  # many ties
            facts.append((ticker, "revenue", "2023A", value))
            expected[ticker] = value
    store.upsert_companies(rows)
    store.write_facts(facts, source="test", as_of="2024-12-27")
    session = StoreSession(store)
    yield session, expected
    session.close()


def test_sorting_by_name_follows_the_collator_and_equal_names_keep_report_order(mixed_session):
    session, _ = mixed_session
    model = CompanyTableModel(session)
    model.reload()
    report = model.keys()
    model.sort(model.NAME, Qt.SortOrder.AscendingOrder)
    names = [model.value(r, model.NAME) for r in range(model.rowCount())]
    compare = chinese_compare()
    assert in_collation_order(names, compare)
    for a, b in zip(range(model.rowCount()), range(1, model.rowCount())):
        if names[a] == names[b]:
            assert report.index(model.key_at(a)) < report.index(model.key_at(b))
    model.sort(model.NAME, Qt.SortOrder.DescendingOrder)
    names = [model.value(r, model.NAME) for r in range(model.rowCount())]
    assert in_collation_order(names[::-1], compare)


def test_sorting_by_a_figure_matches_the_stored_values(mixed_session):
    session, expected = mixed_session
    model = FinancialsTableModel(session, fact_columns=[("revenue", "2023A")])
    model.reload()
    report = model.keys()
    model.sort(3, Qt.SortOrder.DescendingOrder)
    # the order worked out here: by value descending, ties in report order, missing last
    want = sorted((t for t in report if t in expected), key=lambda t: (-expected[t], report.index(t)))
    want += [t for t in report if t not in expected]
    assert model.keys() == want
    assert [model.value(r, 3) for r in range(len(expected), model.rowCount())] == [None] * (300 - len(expected))


def test_an_edit_re_sorts_on_the_next_sort_and_a_repeated_sort_moves_nothing(mixed_session):
    session, expected = mixed_session
    model = FinancialsTableModel(session, fact_columns=[("revenue", "2023A")])
    model.reload()
    model.sort(3, Qt.SortOrder.AscendingOrder)
    layouts = []
    model.layoutChanged.connect(lambda *a: layouts.append(1))
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert layouts == []  # already in this order
    last = model.key_at(len(expected) - 1)  # the biggest revenue
    row = model.row_of(model.key_at(0))
    assert model.setData(model.index(row, 3), "99999")
    assert model.key_at(row) != last  # no re-sort behind the user's back
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert layouts == [1]
    assert model.value(len(expected) - 1, 3) == pytest.approx(99999e8)


def test_the_filter_follows_a_sort_and_an_edit(mixed_session):
    session, expected = mixed_session
    model = FinancialsTableModel(session, fact_columns=[("revenue", "2023A")])
    model.reload()
    proxy = TableFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_group("板块1")
    proxy.set_text("6001")  # tickers 600100..600199
    want = {f"{600000 + i:06d}.SH" for i in range(100, 200) if i % 3 == 1}
    shown = lambda: [model.key_at(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(proxy.rowCount())]  # noqa: E731
    assert set(shown()) == want
    model.sort(3, Qt.SortOrder.DescendingOrder)
    values = [expected.get(t, -math.inf) for t in shown()]
    assert set(shown()) == want and values == sorted(values, reverse=True)
    from workbench.edits import SetCompanyField

    ticker = sorted(want)[0]
    session.apply(SetCompanyField(ticker, "segment", "板块0"), "move")
    assert set(shown()) == want - {ticker}


def test_a_filtered_view_reads_the_rows_it_paints_in_one_query(qtbot, mixed_session, monkeypatch):
    from ui.widgets.table_view import TablePage

    session, expected = mixed_session
    asked: list[list[str]] = []
    real = session.store.fact_matrix

    def fact_matrix(columns, tickers=None):
        asked.append(list(tickers or []))
        return real(columns, tickers)

    monkeypatch.setattr(session.store, "fact_matrix", fact_matrix)
    page = TablePage("test", grouped_header=True)
    qtbot.addWidget(page)
    page.resize(900, 400)
    model = FinancialsTableModel(session, fact_columns=[("revenue", "2023A")])
    model.reload()
    page.set_model(model)
    with qtbot.waitExposed(page):
        page.show()
    page.filter_edit.setText("6002")  # 600200..600299: far down the report order
    asked.clear()
    page.view.viewport().repaint()
    shown = {model.key_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row()) for r in range(page.proxy.rowCount())}
    assert len(asked) == 1 and set(asked[0]) <= shown
    first = page.proxy.index(0, 3)
    ticker = model.key_at(page.proxy.mapToSource(first).row())
    assert ticker in asked[0]
    value = expected.get(ticker)
    assert first.data() == ("--" if value is None else f"{value / 1e8:.1f}")


def test_the_current_cell_and_the_selection_stay_on_their_companies_through_sorts_and_filters(qtbot, mixed_session):
    from PySide6.QtCore import QItemSelectionModel

    from ui.widgets.table_view import TablePage

    session, _ = mixed_session
    page = TablePage("test", grouped_header=True)
    qtbot.addWidget(page)
    model = FinancialsTableModel(session, fact_columns=[("revenue", "2023A")])
    model.reload()
    page.set_model(model)
    view, proxy = page.view, page.proxy
    view.setCurrentIndex(proxy.index(5, 3))
    view.selectionModel().select(proxy.index(9, 2), QItemSelectionModel.SelectionFlag.Select)
    current, selected = page.current_key(), model.key_at(proxy.mapToSource(proxy.index(9, 2)).row())

    def selected_keys():
        return {model.key_at(proxy.mapToSource(i).row()) for i in view.selectionModel().selectedIndexes()}

    for column, order in ((3, Qt.SortOrder.DescendingOrder), (model.NAME, Qt.SortOrder.AscendingOrder), (-1, 0)):
        view.sortByColumn(column, Qt.SortOrder(order))
        assert page.current_key() == current and view.currentIndex().column() == 3
        assert selected in selected_keys()
    page.filter_edit.setText(current[:5])  # the current company matches its own ticker prefix
    assert page.current_key() == current


# ---------------------------------------------------------------- keys read ahead in idle time
def _wait_keys(qtbot, model):
    qtbot.waitUntil(lambda: not model.sort_keys_pending(), timeout=20000)


def test_keys_read_ahead_sort_as_the_values_and_names_do(qtbot, mixed_session):
    session, expected = mixed_session
    model = FinancialsTableModel(session, fact_columns=[("revenue", "2023A")])
    model.reload()
    report = model.keys()
    model.prepare_sort_keys()
    assert model.sort_keys_pending()
    _wait_keys(qtbot, model)
    assert set(model._sort_keys) == {0, 1, 2, 3}  # segment, ticker, name and the figure: all ready
    session.store.fact_values = None  # a sort now reads nothing from the store: the key is there
    model.sort(3, Qt.SortOrder.DescendingOrder)
    want = sorted((t for t in report if t in expected), key=lambda t: (-expected[t], report.index(t)))
    assert model.keys() == want + [t for t in report if t not in expected]
    model.sort(model.NAME, Qt.SortOrder.AscendingOrder)
    assert in_collation_order([model.value(r, model.NAME) for r in range(model.rowCount())], chinese_compare())


def test_a_key_read_before_an_edit_is_not_used(qtbot, mixed_session):
    from PySide6.QtCore import QThreadPool

    from workbench.edits import SetFact

    session, expected = mixed_session
    model = FinancialsTableModel(session, fact_columns=[("revenue", "2023A")])
    model.reload()
    model.prepare_sort_keys()
    assert QThreadPool.globalInstance().waitForDone(20000)  # read before the edit; its key not delivered yet
    last = model.keys()[-1]
    session.apply(SetFact(last, "revenue", "2023A", 9e12), "edit")  # larger than any other
    _wait_keys(qtbot, model)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert model.key_at(0) == last and model.value(0, 3) == 9e12


def test_keys_read_for_rows_before_a_reload_are_dropped(qtbot, mixed_session):
    from PySide6.QtCore import QThreadPool

    session, _ = mixed_session
    model = FinancialsTableModel(session, fact_columns=[("revenue", "2023A")])
    model.reload()
    model.prepare_sort_keys()
    assert QThreadPool.globalInstance().waitForDone(20000)
    model.reload()
    qtbot.wait(50)  # the old read's key arrives now, for rows that are gone
    assert 3 not in model._sort_keys and not model.sort_keys_pending()
