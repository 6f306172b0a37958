"""A YoY computed from two stored levels: only for a reported period whose comparable period a year
earlier is stored, never over a stored YoY, rounded as the report prints a ratio (half away from zero
on the decimal written). The truth is recomputed here in decimal from the levels as written."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from workbench.analysis.growth import computed_yoy, fill_computed_yoy, yoy_inputs
from workbench.domain.metrics import format_value

T = "600519.SH"


def truth(current: str, previous: str) -> str:
    cur, prev = Decimal(current), Decimal(previous)
    return f"{((cur - prev) / abs(prev) * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def test_the_comparable_period_is_the_same_period_a_year_earlier():
    assert yoy_inputs("revenue_yoy", "2023A") == (("revenue", "2023A"), ("revenue", "2022A"))
    assert yoy_inputs("net_profit_yoy", "2024Q1-Q3") == (("net_profit", "2024Q1-Q3"), ("net_profit", "2023Q1-Q3"))
    assert yoy_inputs("revenue_yoy", "2024H1") == (("revenue", "2024H1"), ("revenue", "2023H1"))
    # a forecast, a YTD figure, a level or a PE is not computed so
    assert yoy_inputs("revenue_yoy", "2025E") is None
    assert yoy_inputs("ytd_return", "2024YTD") is None
    assert yoy_inputs("revenue", "2023A") is None
    assert yoy_inputs("pe", "2024E") is None


def test_a_half_way_growth_prints_as_written_and_a_stored_yoy_wins(store):
    store.upsert_companies([{"ticker": T, "name": "贵州茅台"}])
    # 8.01 against 8 亿元 is +0.125% exactly: binary arithmetic would land below half-way and print 0.12%
    store.write_facts([(T, "revenue", "2023A", 8.01e8), (T, "revenue", "2022A", 8e8),
                       (T, "net_profit", "2023A", 1.5e8), (T, "net_profit", "2022A", -2e8),
                       (T, "net_profit_yoy", "2023A", 0.9)], source="a.csv", as_of="2024-12-27")
    found = computed_yoy(store, T, "revenue_yoy", "2023A")
    assert format_value("ratio", found.value) == truth("8.01", "8") == "0.13%"
    assert (found.current, found.previous, found.base_period) == (8.01e8, 8e8, "2022A")
    assert computed_yoy(store, T, "net_profit_yoy", "2023A") is None  # stored: 90.00% stays
    keys = [("revenue_yoy", "2023A"), ("net_profit_yoy", "2023A"), ("revenue_yoy", "2024Q1-Q3")]
    values = store.fact_matrix(keys)
    cells = fill_computed_yoy(store, keys, values, [T])
    assert cells == {T: {("revenue_yoy", "2023A")}}
    assert format_value("ratio", values[T][("net_profit_yoy", "2023A")]) == "90.00%"
    assert values[T].get(("revenue_yoy", "2024Q1-Q3")) is None  # no levels of that period


def test_a_loss_a_year_earlier_is_measured_on_its_absolute_value(store):
    store.upsert_companies([{"ticker": T, "name": "贵州茅台"}])
    store.write_facts([(T, "net_profit", "2023A", 1.5e8), (T, "net_profit", "2022A", -2e8),
                       (T, "revenue", "2023A", 3e8), (T, "revenue", "2022A", 0.0)], source="a.csv", as_of="2024-12-27")
    assert format_value("ratio", computed_yoy(store, T, "net_profit_yoy", "2023A").value) == truth("1.5", "-2")
    assert computed_yoy(store, T, "revenue_yoy", "2023A") is None  # a zero base gives no growth
