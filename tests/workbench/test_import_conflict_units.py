"""A conflicting duplicate in an import names both values as the user reads them, not as floats."""

from __future__ import annotations

from workbench.imports.layouts import _conflicting_values


def test_amounts_are_in_yi_yuan_with_the_report_decimals():
    assert _conflicting_values("revenue", 150560000000.0, 99990000000.0) == ("1505.6 亿元", "999.9 亿元")


def test_amounts_that_round_alike_show_the_digits_that_differ():
    assert _conflicting_values("revenue", 150561000000.0, 150564000000.0) == ("1505.61 亿元", "1505.64 亿元")


def test_ratios_are_percent_and_multiples_plain():
    assert _conflicting_values("revenue_yoy", 0.125, 0.13) == ("12.50%", "13.00%")
    assert _conflicting_values("pe", 24.5, 25.0) == ("24.5", "25.0")
