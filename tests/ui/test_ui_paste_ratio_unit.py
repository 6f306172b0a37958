"""A block pasted into a % column whose figures are all below 1 (0.05, 0.06) was copied from a sheet
that holds ratios as fractions as often as from one that holds percentages: the grid asks 百分数还是
小数？ as the import does (the rule of workbench.imports.questions), 取消 leaves the store as it was,
either answer lands as one undo step. A weekly change beyond the import's limit is refused here too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel

from ui_testing import find_column, snapshot


def select(view, top, left):
    proxy = view.model()
    view.setCurrentIndex(proxy.index(top, left))
    view.selectionModel().select(QItemSelection(proxy.index(top, left), proxy.index(top, left)),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)


class Asker:
    def __init__(self, answer):
        self.answer, self.asked = answer, []

    def __call__(self, parent, title, text):
        self.asked.append(text)
        return self.answer


def _fin_block(window, answer):
    page = window.financials_page
    window.tabs.setCurrentWidget(page)
    model, view, proxy = page.model, page.view, page.view.model()
    rev, yoy = find_column(model, ("revenue", "2023A")), find_column(model, ("revenue_yoy", "2023A"))
    header = view.horizontalHeader()
    assert header.visualIndex(proxy.mapFromSource(model.index(0, yoy)).column()) == \
        header.visualIndex(proxy.mapFromSource(model.index(0, rev)).column()) + 1  # 2023 then 2023 YoY
    left = proxy.mapFromSource(model.index(0, rev)).column()
    tickers = [model.key_at(proxy.mapToSource(proxy.index(r, left)).row()) for r in (2, 3)]
    select(view, 2, left)
    view.ask_ratio_unit = asker = Asker(answer)
    return view, tickers, asker


@pytest.mark.parametrize("answer, factor", [("fraction", 1.0), ("percent", 0.01)])
def test_fractions_pasted_into_a_percent_column_ask_and_land_as_answered(window, answer, factor):
    store, stack = window.session.store, window.session.undo_stack
    view, tickers, asker = _fin_block(window, answer)
    before, steps = snapshot(store), stack.count()
    assert view.paste_text("30.1\t0.05\n40.2\t0.06\n")
    assert len(asker.asked) == 1 and ("0.05" in asker.asked[0] or "0.06" in asker.asked[0])
    # the figures as written, read as the answer says: 0.05 a fraction is 5%; a percentage, 0.05%
    assert store.fact(tickers[0], "revenue_yoy", "2023A") == pytest.approx(0.05 * factor, rel=1e-12)
    assert store.fact(tickers[1], "revenue_yoy", "2023A") == pytest.approx(0.06 * factor, rel=1e-12)
    assert store.fact(tickers[0], "revenue", "2023A") == pytest.approx(30.1e8, rel=1e-12)
    if answer == "fraction":  # every digit as written: the stored fraction is the decimal pasted
        assert store.fact(tickers[1], "revenue_yoy", "2023A") == float("0.06")
    assert stack.count() == steps + 1  # one undo step
    stack.undo()
    assert snapshot(store) == before


def test_cancel_leaves_the_store_unchanged(window):
    store, stack = window.session.store, window.session.undo_stack
    view, tickers, asker = _fin_block(window, None)
    before, steps = snapshot(store), stack.count()
    assert not view.paste_text("30.1\t0.05\n40.2\t0.06\n")
    assert len(asker.asked) == 1
    assert snapshot(store) == before and stack.count() == steps


@pytest.mark.parametrize("text", ["30.1\t5%\n40.2\t6.0%\n", "30.1\t12.5\n40.2\t0.06\n", "30.1\t0\n40.2\t--\n"])
def test_a_block_stating_its_unit_or_past_1_is_not_asked_about(window, text):
    store = window.session.store
    view, tickers, asker = _fin_block(window, "fraction")
    assert view.paste_text(text)
    assert asker.asked == []
    second = text.split("\n")[1].split("\t")[1]
    if second.endswith("%"):
        assert store.fact(tickers[1], "revenue_yoy", "2023A") == pytest.approx(float(second[:-1]) / 100)
    elif second == "0.06":  # read as typed: the grid's unit, percent
        assert store.fact(tickers[1], "revenue_yoy", "2023A") == pytest.approx(0.0006)


def test_typing_a_fraction_keeps_the_grid_unit(window):
    page = window.financials_page
    model, store = page.model, window.session.store
    yoy = find_column(model, ("revenue_yoy", "2023A"))
    page.view.ask_ratio_unit = asker = Asker("fraction")
    assert model.setData(model.index(0, yoy), "0.05")
    assert store.fact(model.key_at(0), "revenue_yoy", "2023A") == pytest.approx(0.0005)
    assert asker.asked == []


def _quotes(window, answer):
    page = window.quotes_page
    window.tabs.setCurrentWidget(page)
    model, view, proxy = page.model, page.view, page.view.model()
    col = proxy.mapFromSource(model.index(0, model.CHANGE)).column()
    keys = [model.key_at(proxy.mapToSource(proxy.index(r, col)).row()) for r in (0, 1)]
    select(view, 0, col)
    view.ask_ratio_unit = asker = Asker(answer)
    return view, model, keys, asker


def _change(store, key):
    index_id, day = key
    return next(q["change"] for q in store.quotes(index_id) if q["date"] == day)


def test_weekly_changes_pasted_as_fractions_ask(window):
    store, stack = window.session.store, window.session.undo_stack
    view, model, keys, asker = _quotes(window, "fraction")
    steps = stack.count()
    assert view.paste_text("0.05\n-0.03\n")
    assert len(asker.asked) == 1
    assert _change(store, keys[0]) == pytest.approx(0.05) and _change(store, keys[1]) == pytest.approx(-0.03)
    assert stack.count() == steps + 1


def test_cancel_in_the_quotes_grid_leaves_the_store_unchanged(window):
    store = window.session.store
    view, model, keys, asker = _quotes(window, None)
    before = snapshot(store)
    assert not view.paste_text("0.05\n-0.03\n")
    assert len(asker.asked) == 1 and snapshot(store) == before


def test_a_weekly_change_beyond_the_import_limit_is_refused_in_the_grid(window):
    from workbench.imports.layouts import WEEK_CHANGE_LIMIT  # the import's limit: one rule for both

    store = window.session.store
    view, model, keys, asker = _quotes(window, "fraction")
    before = snapshot(store)
    beyond = f"{WEEK_CHANGE_LIMIT * 100 + 10:g}%"  # 60%
    within = f"{WEEK_CHANGE_LIMIT * 100 - 5:g}%"   # 45%
    row = model.index(model._pos[keys[0]], model.CHANGE)
    assert not model.setData(row, beyond)
    assert not view.paste_text(beyond + "\n")
    assert snapshot(store) == before
    assert model.setData(row, within)
    assert _change(store, keys[0]) == pytest.approx(WEEK_CHANGE_LIMIT - 0.05)
