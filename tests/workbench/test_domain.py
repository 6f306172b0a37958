import pytest

from workbench.domain.compliance import validate_sac
from workbench.domain.metrics import format_metric, format_value
from workbench.domain.periods import parse_period, period_label, previous_period
from workbench.domain.tickers import normalize_index_code, normalize_ticker
from workbench.domain.values import parse_number, unit_factor
from workbench.errors import ValidationError


@pytest.mark.parametrize("raw, expected", [
    ("600519", "600519.SH"), ("600519.SH", "600519.SH"), ("600519.SS", "600519.SH"),
    ("SH600519", "600519.SH"), ("sz000001", "000001.SZ"), (1, "000001.SZ"), (600519.0, "600519.SH"),
    ("300750", "300750.SZ"), ("688981", "688981.SH"), ("830799", "830799.BJ"), ("920001", "920001.BJ"),
    ("0700.HK", "00700.HK"), ("AAPL.O", "AAPL.O"), (" 002384.sz ", "002384.SZ"),
])
def test_tickers_are_normalised(raw, expected):
    assert normalize_ticker(raw) == expected


@pytest.mark.parametrize("raw", ["", None, "12345678", "abc", "999999"])
def test_bad_tickers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_ticker(raw)


def test_index_codes():
    assert normalize_index_code("000300.sh") == "000300.SH"
    assert normalize_index_code("930713.CSI") == "930713.CSI"
    assert normalize_index_code("") is None


@pytest.mark.parametrize("raw, expected", [
    ("2023年报", "2023A"), ("2024三季", "2024Q1-Q3"), ("2024三季报", "2024Q1-Q3"), ("2024中报", "2024H1"),
    ("2024一季", "2024Q1"), ("2024E", "2024E"), ("2023A", "2023A"), ("24Q1-Q3", "2024Q1-Q3"),
    ("2024年度", "2024A"), ("2024-12-27", "2024-12-27"),
])
def test_periods(raw, expected):
    assert parse_period(raw) == expected


def test_period_helpers():
    assert previous_period("2024Q1-Q3") == "2023Q1-Q3"
    assert period_label("2024Q1-Q3") == "24Q1-Q3"
    assert period_label("2023A") == "2023"
    with pytest.raises(ValidationError):
        parse_period("明年")


@pytest.mark.parametrize("raw, expected", [
    ("12.5%", 0.125), ("1,234.5", 1234.5), ("--", None), ("", None), (None, None), ("-3.2", -3.2),
    ("(3.2)", -3.2), (7, 7.0), ("12.5％", 0.125), ("15.3倍", 15.3),
])
def test_numbers(raw, expected):
    assert parse_number(raw) == pytest.approx(expected) if expected is not None else parse_number(raw) is None


def test_text_is_not_a_number():
    with pytest.raises(ValidationError):
        parse_number("abc")


def test_units():
    assert unit_factor("万元") == 1e4
    assert unit_factor("亿元") == 1e8
    assert unit_factor("%") == 0.01
    with pytest.raises(ValidationError):
        unit_factor("千美元")


def test_display_formats():
    assert format_metric("revenue", 2.16e9) == "21.6"
    assert format_metric("revenue_yoy", 0.028) == "2.80%"
    assert format_metric("pe", 128.3) == "128.3"
    assert format_metric("net_profit", None) == "--"
    assert format_value("ratio", -0.0057, signed=True) == "-0.57%"


def test_sac_numbers():
    assert validate_sac(" s0990520080001 ") == "S0990520080001"
    assert validate_sac("A0990520080001") == "A0990520080001"
    for bad in ("S099052008000", "X0990520080001", "S09905200800012", ""):
        with pytest.raises(ValidationError):
            validate_sac(bad)
