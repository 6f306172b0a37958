"""The grid prints numbers in the house's number style, set in the house profile dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.models import DOWN_BRUSH, FinancialsTableModel


def cell(model, ticker: str, key: tuple[str, str], role=Qt.ItemDataRole.DisplayRole):
    col = model.column_of(key)
    return model.index(model.row_of(ticker), col).data(role)


def test_the_grid_prints_the_reference_style_by_default(session):
    model = FinancialsTableModel(session)
    model.reload()
    assert cell(model, "002475.SZ", ("revenue", "2023A")) == "2319.1"  # 立讯精密
    assert cell(model, "002475.SZ", ("revenue", "2024Q1-Q3")) == "1771.8"


def test_the_grid_follows_a_house_that_groups_thousands(session):
    session.store.update_house(number_style={"thousands": True, "ratio_decimals": 1})
    model = FinancialsTableModel(session)
    model.reload()
    assert cell(model, "002475.SZ", ("revenue", "2023A")) == "2,319.1"
    assert cell(model, "300493.SZ", ("revenue_yoy", "2023A")) == "2.8%"


def test_a_negative_pe_is_not_green_in_the_grid(session):
    model = FinancialsTableModel(session)
    model.reload()
    pe = cell(model, "688343.SH", ("pe", "2024E"))  # 云天励飞, a loss-maker
    assert pe == "-36.5"
    assert cell(model, "688343.SH", ("pe", "2024E"), Qt.ItemDataRole.ForegroundRole) is None
    assert cell(model, "688343.SH", ("revenue_yoy", "2023A"), Qt.ItemDataRole.ForegroundRole) == DOWN_BRUSH


def test_pasting_what_the_grid_shows_in_the_house_style_changes_nothing(session):
    session.store.update_house(number_style={"amount_decimals": 2})
    model = FinancialsTableModel(session)
    model.reload()
    key = ("revenue", "2023A")
    shown = cell(model, "002475.SZ", key)
    assert shown == "2319.10"
    before = session.store.fact_row("002475.SZ", *key)
    model.setData(model.index(model.row_of("002475.SZ"), model.column_of(key)), shown)
    assert session.store.fact_row("002475.SZ", *key) == before
    assert session.undo_stack.count() == 0


def test_the_house_dialog_sets_the_number_style(session, qtbot):
    from ui.house_dialog import HouseDialog

    dialog = HouseDialog(session.store)
    qtbot.addWidget(dialog)
    assert not dialog.numbers.thousands.isChecked() and dialog.numbers.amount.value() == 1
    assert dialog.numbers.sample.text().endswith("2319.1  2.80%  -12.3")
    dialog.numbers.thousands.setChecked(True)
    dialog.numbers.ratio.setValue(1)
    assert dialog.numbers.sample.text().endswith("2,319.1  2.8%  -12.3")
    dialog.accept()
    assert session.store.house()["number_style"]["thousands"] is True
    assert session.store.house()["number_style"]["ratio_decimals"] == 1
