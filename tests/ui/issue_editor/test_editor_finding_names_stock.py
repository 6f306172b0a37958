"""A preflight finding about one stock of a theme (no data in the store, not in the comparison table)
opens the Themes tab with that stock selected, so 移除 removes the stock the finding names."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_clicking_a_stock_finding_selects_that_stock_and_remove_drops_it(make_editor, qtbot, demo_store):
    editor = make_editor()
    editor.show()
    qtbot.waitExposed(editor)
    issue = demo_store.issue("latest")
    # the truth from the store: the theme's stocks that have no figures at all
    without = [(i, t) for i, theme in enumerate(issue.themes) for t in theme.tickers
               if not demo_store.has_fact_values(demo_store.find_company(t)["ticker"])]
    theme, ticker = next((i, t) for i, t in without if issue.themes[i].tickers.index(t) > 0)  # not the first row
    others = [t for t in issue.themes[theme].tickers if t != ticker]
    editor.run_preflight()
    panel = editor.preflight_panel
    item = next(panel.list.item(r) for r in range(panel.list.count())
                if panel.list.item(r).data(Qt.ItemDataRole.UserRole) == f"themes[{theme}].tickers"
                and ticker in panel.list.item(r).text())
    panel.list.scrollToItem(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualItemRect(item).center())
    themes = editor.themes_editor
    assert editor.tabs.currentIndex() == editor.pages.index(editor.themes_page)
    assert themes.current() == theme
    assert themes.stocks.currentItem().data(Qt.ItemDataRole.UserRole) == ticker
    themes.remove_stock_button.click()
    assert editor.current_issue().themes[theme].tickers == others  # the named stock went, the others stay
