"""A value typed or pasted that reads as what a cell shows is no change to the stored figure."""

from __future__ import annotations

from workbench.edits import close_from_display, fact_from_display, fact_unchanged, ratio_from_display, same_as_shown


def test_rounded_amount_pasted_back_is_no_change():
    # 29,661,000,000 CNY is shown as 296.6 (亿元, one decimal); pasting "296.6" back is no change
    stored = 29_661_000_000.0
    assert fact_unchanged("revenue", stored, fact_from_display("revenue", "296.6"))
    assert fact_unchanged("revenue", stored, fact_from_display("revenue", "296.60"))


def test_a_different_amount_is_a_change():
    stored = 29_661_000_000.0
    assert not fact_unchanged("revenue", stored, fact_from_display("revenue", "296.7"))
    assert not fact_unchanged("revenue", stored, fact_from_display("revenue", "296.62"))  # more precise: a change
    assert not fact_unchanged("revenue", stored, None)  # clearing a value is a change


def test_amount_with_thousands_separator_shown_and_pasted():
    stored = 123_456_789_012.0  # shown as 1,234.6
    assert fact_unchanged("net_profit", stored, fact_from_display("net_profit", "1,234.6"))
    assert fact_unchanged("net_profit", stored, fact_from_display("net_profit", "1234.6"))  # Excel drops the comma
    assert not fact_unchanged("net_profit", stored, fact_from_display("net_profit", "1,234.5"))


def test_rounded_ratio_pasted_back_is_no_change():
    stored = 0.123456  # shown as 12.35%
    assert fact_unchanged("revenue_yoy", stored, fact_from_display("revenue_yoy", "12.35%"))
    assert fact_unchanged("revenue_yoy", stored, fact_from_display("revenue_yoy", "12.35"))
    assert not fact_unchanged("revenue_yoy", stored, fact_from_display("revenue_yoy", "12.34%"))


def test_pe_shown_with_one_decimal():
    assert fact_unchanged("pe", 38.27, fact_from_display("pe", "38.3"))
    assert not fact_unchanged("pe", 38.27, fact_from_display("pe", "38.2"))


def test_missing_stays_missing():
    assert fact_unchanged("revenue", None, fact_from_display("revenue", "--"))
    assert fact_unchanged("revenue", None, fact_from_display("revenue", ""))
    assert not fact_unchanged("revenue", None, fact_from_display("revenue", "0"))


def test_quote_close_and_signed_change():
    assert same_as_shown("price", 3400.1432, close_from_display("3,400.14"), close_from_display)
    assert not same_as_shown("price", 3400.1432, close_from_display("3,400.15"), close_from_display)
    # the weekly change is shown signed (+0.95%); pasting it back, with or without the sign, is no change
    assert same_as_shown("ratio", 0.009512, ratio_from_display("+0.95%"), ratio_from_display, signed=True)
    assert same_as_shown("ratio", 0.009512, ratio_from_display("0.95"), ratio_from_display, signed=True)
    assert not same_as_shown("ratio", 0.009512, ratio_from_display("0.96%"), ratio_from_display, signed=True)
