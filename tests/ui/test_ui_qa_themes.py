"""The themes editor's stock box: a company the store lacks points to 新增公司, several matches ask for
more of the name, and a stock the theme already holds says so instead of nothing."""

from __future__ import annotations

from workbench.store import Store


def test_an_unknown_company_points_to_add_company(make_editor, demo_path):
    editor = make_editor()
    themes = editor.themes_editor
    themes.list.setCurrentRow(0)
    before = [t.tickers for t in themes.themes()]
    assert themes.add_stock("不存在的公司甲乙丙") is None
    text = themes.stock_error.text()
    assert "不存在的公司甲乙丙" in text
    assert "新增公司" in text or "Add Company" in text  # where to add it
    assert [t.tickers for t in themes.themes()] == before


def test_several_matches_ask_for_more_of_the_name(make_editor, demo_path):
    editor = make_editor()
    themes = editor.themes_editor
    themes.list.setCurrentRow(0)
    with Store(demo_path) as store:
        names = [c["name"] for c in store.companies()]
    common = next(ch for ch in "科技电子股份" if sum(ch in n for n in names) > 1)  # a part several names share
    assert themes.add_stock(common) is None
    text = themes.stock_error.text()
    assert common in text and "新增公司" not in text and "Add Company" not in text


def test_a_stock_the_theme_already_holds_is_said(make_editor):
    editor = make_editor()
    themes = editor.themes_editor
    themes.list.setCurrentRow(0)
    held = themes.themes()[0].tickers[0]
    count = themes.stocks.count()
    assert themes.add_stock(held) == held
    assert themes.stocks.count() == count
    said = themes.stock_error.text()
    assert said and (held in said or themes.names[held] in said)
    row = next(r for r in range(themes.stocks.count()) if themes.stocks.item(r).data(256) == held)
    assert themes.stocks.currentRow() == row  # the stock already listed is shown
