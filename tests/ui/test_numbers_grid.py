"""The grid prints half-way figures as the PDF does (half away from zero on the decimal written),
and a figure that rounds to zero is neither signed nor coloured."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import Qt

from ui.models import DOWN_BRUSH, UP_BRUSH, FinancialsTableModel

TICKER = "002475.SZ"


def cell(model, key: tuple[str, str], role=Qt.ItemDataRole.DisplayRole):
    return model.index(model.row_of(TICKER), model.column_of(key)).data(role)


def half_up(written: str, decimals: int) -> str:
    return str(Decimal(written).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def test_half_way_figures_and_a_rounded_zero_in_the_grid(session):
    store = session.store
    store.set_fact(TICKER, "revenue", "2024Q1-Q3", float(Decimal("1771.85") * 10 ** 8))
    store.set_fact(TICKER, "pe", "2025E", 17.25)
    store.set_fact(TICKER, "revenue_yoy", "2023A", float(Decimal("-0.004") / 100))
    store.set_fact(TICKER, "net_profit_yoy", "2023A", float(Decimal("0.004") / 100))
    store.set_fact(TICKER, "revenue_yoy", "2024Q1-Q3", float(Decimal("3.125") / 100))
    model = FinancialsTableModel(session)
    model.reload()
    assert cell(model, ("revenue", "2024Q1-Q3")) == half_up("1771.85", 1)
    assert cell(model, ("pe", "2025E")) == half_up("17.25", 1)
    assert cell(model, ("revenue_yoy", "2024Q1-Q3")) == half_up("3.125", 2) + "%"
    assert cell(model, ("revenue_yoy", "2024Q1-Q3"), Qt.ItemDataRole.ForegroundRole) == UP_BRUSH
    for key in (("revenue_yoy", "2023A"), ("net_profit_yoy", "2023A")):
        assert cell(model, key) == "0.00%"
        assert cell(model, key, Qt.ItemDataRole.ForegroundRole) is None
    store.set_fact(TICKER, "revenue_yoy", "2023A", float(Decimal("-0.005") / 100))  # prints -0.01%: a fall
    model.reload()
    assert cell(model, ("revenue_yoy", "2023A")) == "-0.01%"
    assert cell(model, ("revenue_yoy", "2023A"), Qt.ItemDataRole.ForegroundRole) == DOWN_BRUSH
