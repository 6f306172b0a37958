"""The Undo/Redo entries name the figure they change: two edits read apart in the Edit menu (the company, the
metric and the column as the grid heads it; the index and the date of a quote; the company and the field)."""

from __future__ import annotations

from workbench.domain.periods import period_label


def _texts(stack):
    return [stack.text(i) for i in range(stack.count())]


def test_two_edits_read_apart_in_the_undo_menu(window, tmp_path):
    model = window.financials_page.model
    store = window.session.store
    col = model.column_of(("revenue", "2023A"))
    tickers = ["300493.SZ", "688608.SH"]
    for ticker, value in zip(tickers, ("12.5", "23.5")):
        assert model.setData(model.index(model._pos[ticker], col), value)
    stack = window.session.undo_stack
    names = [store.company(t)["name"] for t in tickers]
    assert names[0] != names[1]
    assert _texts(stack)[-2:] == [f"编辑 {name} 营业收入 {period_label('2023A')}" for name in names]
    assert period_label("2023A") == "2023"  # the column heads the year alone, as the grid does
    assert window.undo_action.text().endswith(f"{names[1]} 营业收入 2023")
    window.undo_action.trigger()
    assert window.redo_action.text().endswith(f"{names[1]} 营业收入 2023")
    assert window.undo_action.text().endswith(f"{names[0]} 营业收入 2023")
    from PySide6.QtWidgets import QMenu

    edit_menu = next(o for o in window.undo_action.associatedObjects() if isinstance(o, QMenu))
    edit_menu.popup(window.mapToGlobal(window.rect().topLeft()))
    edit_menu.grab().save(str(tmp_path / "edit_menu.png"))
    edit_menu.close()


def test_a_cleared_value_names_the_company_and_the_column(window):
    from workbench.edits import SetFact

    model = window.financials_page.model
    name = window.session.store.company("688608.SH")["name"]
    assert model.edit_text_for(SetFact("688608.SH", "revenue", "2024E", None)) == f"清除 {name} 营业收入 2024E"
    # a company the grid no longer has is named by its ticker
    assert model.edit_text_for(SetFact("999999.SZ", "revenue", "2024E", 1.0)) == "编辑 999999.SZ 营业收入 2024E"


def test_two_quote_edits_read_apart(session):
    from ui.models import QuoteTableModel

    model = QuoteTableModel(session)
    model.reload()
    indices = {}
    for row in range(model.rowCount()):
        indices.setdefault(model.index_id_at(row), row)
    rows = list(indices.values())[:2]
    assert len(rows) == 2
    for row in rows:
        close = float(model.value(row, model.CLOSE))
        assert model.setData(model.index(row, model.CLOSE), f"{close + 1:.2f}")
    labels = [f"{model.value(r, model.INDEX)} {model.value(r, model.DATE)}" for r in rows]
    texts = _texts(session.undo_stack)
    close_head, change_head = model.columns[model.CLOSE].title, model.columns[model.CHANGE].title
    assert (close_head, change_head) == ("收盘价", "周涨跌幅")  # the column heads the grid shows
    assert texts == [f"编辑 {label} {close_head}" for label in labels]
    change = model.value(rows[0], model.CHANGE)
    assert model.setData(model.index(rows[0], model.CHANGE), f"{(change or 0) * 100 + 1:.2f}")
    assert session.undo_stack.text(session.undo_stack.count() - 1) == f"编辑 {labels[0]} {change_head}"


def test_two_company_edits_read_apart(session):
    from ui.models import CompanyTableModel

    model = CompanyTableModel(session)
    model.reload()
    for row in (0, 1):
        assert model.setData(model.index(row, model.INDUSTRY), f"行业{row}")
    names = [model.value(r, model.NAME) for r in (0, 1)]
    assert _texts(session.undo_stack) == [f"编辑 {name} 行业" for name in names]
