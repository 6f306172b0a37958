import pytest

from workbench.analysis import (outperformance, pe_from_market_cap, pe_from_price, rebase, relative_series,
                                weekly_change, yoy, ytd_return)


def test_yoy():
    assert yoy(120.0, 100.0) == pytest.approx(0.2)
    assert yoy(-50.0, -100.0) == pytest.approx(0.5)  # a smaller loss reads as growth
    assert yoy(1.0, 0.0) is None and yoy(None, 1.0) is None


def test_pe():
    assert pe_from_price(10.0, 1e9, 5e8) == pytest.approx(20.0)
    assert pe_from_market_cap(1e10, -2e8) == pytest.approx(-50.0)
    assert pe_from_market_cap(1e10, 0) is None


def test_returns():
    assert ytd_return(110.0, 100.0) == pytest.approx(0.1)
    assert weekly_change(3400.14, 3400.14 / 1.0095) == pytest.approx(0.0095)
    assert weekly_change(1.0, None) is None


def test_outperformance():
    assert outperformance(-0.0057, 0.0136) == "跑输大盘"
    assert outperformance(0.02, 0.0136) == "跑赢大盘"
    assert outperformance(None, 0.01) is None
    assert outperformance(0.01, None) is None


def test_outperformance_compares_the_printed_changes():
    # +1.3604% and +1.3600% both print +1.36%: neither beat the other
    assert outperformance(0.013604, 0.0136) == "与大盘持平"
    assert outperformance(-0.00004, 0.00003) == "与大盘持平"  # -0.00% and +0.00% are both 0.00
    # +1.3651% prints +1.37%: one hundredth of a percent is a difference the reader sees
    assert outperformance(0.013651, 0.0136) == "跑赢大盘"
    assert outperformance(0.0136, 0.013651) == "跑输大盘"
    assert outperformance(0.1234, 0.1234) == "与大盘持平"


def test_rebase_and_relative():
    assert rebase([50.0, 55.0, None, 45.0]) == [100.0, pytest.approx(110.0), None, pytest.approx(90.0)]
    dates, a, b = relative_series(["2024-01-02", "2024-06-03", "2024-12-27"], [10.0, 11.0, 12.0],
                                  ["2024-01-02", "2024-12-27"], [200.0, 220.0], end="2024-12-27")
    assert dates == ["2024-01-02", "2024-12-27"]
    assert a == [100.0, pytest.approx(120.0)] and b == [100.0, pytest.approx(110.0)]
