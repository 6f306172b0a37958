"""Plausible ranges of the metrics: values no report can print are refused everywhere."""

import math

import pytest

from workbench.domain.metrics import METRICS, PLAUSIBLE, check_value
from workbench.errors import ValidationError


def test_every_metric_has_a_plausible_range():
    assert set(METRICS) <= set(PLAUSIBLE)
    assert {"index_close", "index_change"} <= set(PLAUSIBLE)


@pytest.mark.parametrize("metric", sorted(PLAUSIBLE))
@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, float("nan"), float("1e309"), 1e300, -1e300])
def test_non_finite_and_absurd_values_are_refused(metric, value):
    with pytest.raises(ValidationError):
        check_value(metric, value)


@pytest.mark.parametrize("metric, value", [
    ("revenue", 3_210_000_000_000.0),       # Sinopec-sized revenue, 3.21 万亿元
    ("revenue", 280_000_000.0),             # 2.8 亿元, the smallest in the reference table
    ("revenue", -5e8),                      # a broker's negative operating revenue
    ("revenue_yoy", -0.3559), ("revenue_yoy", 1.4626), ("revenue_yoy", -1.0), ("revenue_yoy", 100.0),
    ("net_profit", -620_000_000.0), ("net_profit", 365_000_000_000.0),
    ("net_profit_yoy", -9.7668), ("net_profit_yoy", 34.993),
    ("pe", -592.4), ("pe", 1338.6), ("pe", 0.0), ("pe", 10000.0), ("pe", -10000.0),
    ("eps", 59.49), ("eps", -3.2), ("ytd_return", -0.3952), ("ytd_return", 2.9188),
    ("close", 1524.0), ("close", 0.01), ("market_cap", 1.9e12), ("shares", 3.56e11),
    ("index_close", 3400.14), ("index_close", 10659.98), ("index_change", -0.0057), ("index_change", 0.0136),
])
def test_values_a_real_a_share_table_holds_pass(metric, value):
    check_value(metric, value)  # raises if refused


@pytest.mark.parametrize("metric, value, words", [
    ("revenue", 1.0000001e14, "1,000,000 亿元"),   # just above 100 万亿元
    ("revenue", 1e300 * 1e8, "1e+300 亿元"),       # 1e300 亿元 typed into a revenue column
    ("revenue_yoy", -1.5, "-150%"),                # revenue cannot fall by more than 100%
    ("revenue_yoy", 100.01, "10,001%"),
    ("net_profit_yoy", -100.5, "-10,050%"),
    ("pe", 10000.5, "10,000.5"),
    ("pe", -10001.0, "-10,001"),
    ("ytd_return", -1.01, "-101%"),
    ("close", 0.0, "0"),
    ("close", -3.0, "-3"),
    ("index_close", 0.0, "0"),
    ("index_change", 12.0, "1,200%"),
    ("market_cap", -1.0, "-1e-08 亿元"),
])
def test_values_outside_the_range_are_refused_with_the_value_in_display_units(metric, value, words):
    with pytest.raises(ValidationError) as err:
        check_value(metric, value)
    assert "超出合理范围" in str(err.value) and "plausible range" in str(err.value)
    assert words in str(err.value)


def test_message_names_the_metric_and_the_bounds():
    with pytest.raises(ValidationError) as err:
        check_value("pe", 1e5)
    assert str(err.value) == ("市盈率 (PE): 100,000 超出合理范围 -10,000 至 10,000 "
                              "(value outside the plausible range; check the unit)")


def test_not_finite_message():
    with pytest.raises(ValidationError) as err:
        check_value("net_profit", math.nan)
    assert str(err.value) == "归母净利润 (Net profit attributable): 不是有限数字 (not a finite number): nan"


@pytest.mark.parametrize("value", ["12", None, True])
def test_non_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        check_value("pe", value)


def test_unknown_metric_is_refused():
    with pytest.raises(ValidationError) as err:
        check_value("dividend", 1.0)
    assert "unknown metric" in str(err.value)


@pytest.mark.parametrize("raw", ["1e999", "-1e999%", "(1e999)", "1e400x", "1,000e999"])
def test_text_that_overflows_is_not_a_number(raw):
    from workbench.domain.values import parse_number

    with pytest.raises(ValidationError) as err:
        parse_number(raw)
    assert "not a finite number" in str(err.value)


@pytest.mark.parametrize("raw, expected", [("1e300", 1e300), ("-2.5e-3", -0.0025), ("(3.2)", -3.2), ("12.5%", 0.125)])
def test_large_but_finite_text_still_parses(raw, expected):
    from workbench.domain.values import parse_number

    assert parse_number(raw) == expected
