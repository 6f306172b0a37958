"""Printed figures round half away from zero on the decimal the analyst wrote, in the unit printed.

The truth here is decimal arithmetic on the figure as written (a string), never a number copied
from a run: "2319.15" 亿元 quantised half-up to one decimal is 2319.2, as Wind and Excel print it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from workbench.domain.metrics import YI, NumberStyle, format_value, prints_negative, prints_positive

# (kind, figure as written in the unit printed, decimals printed)
WRITTEN = [
    ("amount", "2319.15", 1), ("amount", "1771.85", 1), ("amount", "300.25", 1), ("amount", "30.05", 1),
    ("amount", "-36.55", 1), ("amount", "0.05", 1), ("amount", "-0.05", 1), ("amount", "1234567.85", 1),
    ("multiple", "17.25", 1), ("multiple", "45.25", 1), ("multiple", "-36.55", 1), ("multiple", "30.05", 1),
    ("multiple", "0.45", 1), ("multiple", "-0.04", 1),
    ("ratio", "3.125", 2), ("ratio", "12.745", 2), ("ratio", "2.8", 2), ("ratio", "-0.004", 2),
    ("ratio", "-1.005", 2), ("ratio", "1.005", 2), ("ratio", "-0.005", 2), ("ratio", "0.0049", 2),
    ("price", "3400.145", 2), ("price", "10.005", 2), ("price", "2.675", 2),
]
SCALE = {"amount": Decimal(10) ** 8, "ratio": Decimal("0.01")}
SUFFIX = {"ratio": "%"}


def stored(kind: str, written: str) -> float:
    """The store's value for a written figure: the nearest double to the exact decimal in CNY / fraction."""
    return float(Decimal(written) * SCALE.get(kind, Decimal(1)))


def expected(written: str, decimals: int, *, signed: bool = False, suffix: str = "", sep: str = "") -> str:
    q = Decimal(written).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if q == 0:
        return f"{abs(q):{sep}.{decimals}f}{suffix}"  # a figure that rounds to zero has no sign
    return f"{q:{'+' if signed else ''}{sep}.{decimals}f}{suffix}"


@pytest.mark.parametrize("kind,written,decimals", WRITTEN)
def test_half_way_figures_round_away_from_zero_on_the_written_decimal(kind, written, decimals):
    value = stored(kind, written)
    assert format_value(kind, value) == expected(written, decimals, suffix=SUFFIX.get(kind, ""))


@pytest.mark.parametrize("kind,written,decimals", [w for w in WRITTEN if w[0] == "ratio"])
def test_signed_percentages_round_alike_and_zero_has_no_sign(kind, written, decimals):
    assert format_value(kind, stored(kind, written), signed=True) == expected(written, decimals, signed=True,
                                                                             suffix="%")


def test_examples_of_the_house():
    assert format_value("amount", stored("amount", "2319.15")) == "2319.2"
    assert format_value("amount", stored("amount", "1771.85")) == "1771.9"
    assert format_value("multiple", 17.25) == "17.3"
    assert format_value("multiple", -36.55) == "-36.6"
    assert format_value("ratio", stored("ratio", "3.125")) == "3.13%"
    assert format_value("ratio", -0.00004) == "0.00%"
    assert format_value("ratio", -0.00004, signed=True) == "0.00%"


@pytest.mark.parametrize("written,value", [
    ("2.8", 2.8 / 100.0),          # a percentage divided by 100 in binary: 0.027999999999999997
    ("12.745", 12.745 / 100.0),    # 0.12744999999999998
    ("1771.85", 1771.85 * 1e8 - 0.0001),  # 177184999999.9999 yuan: the float noise of a unit conversion
])
def test_float_noise_of_a_stored_value_prints_as_the_figure_written(written, value):
    kind = "ratio" if value < 1 else "amount"
    assert format_value(kind, value) == expected(written, 2 if kind == "ratio" else 1, suffix=SUFFIX.get(kind, ""))


def test_the_house_style_decimals_and_separators_round_alike():
    style = NumberStyle(thousands=True, amount_decimals=2, ratio_decimals=1, multiple_decimals=0, price_decimals=3)
    assert format_value("amount", stored("amount", "1234567.125"), style=style) == \
        expected("1234567.125", 2, sep=",")
    assert format_value("ratio", stored("ratio", "-0.05"), style=style) == expected("-0.05", 1, suffix="%")
    assert format_value("multiple", 17.5, style=style) == expected("17.5", 0)
    assert format_value("price", 10.0005, style=style) == expected("10.0005", 3, sep=",")


@pytest.mark.parametrize("kind,value,negative,positive", [
    ("ratio", -0.00004, False, False),   # prints 0.00%: neither red nor green
    ("ratio", 0.00004, False, False),
    ("ratio", -0.00005, True, False),    # -0.005% rounds away from zero to -0.01%
    ("ratio", 0.0001, False, True),
    ("amount", -0.04 * YI, False, False),
    ("multiple", -0.05, True, False),
])
def test_the_colour_follows_the_printed_sign(kind, value, negative, positive):
    assert prints_negative(kind, value) is negative
    assert prints_positive(kind, value) is positive


def test_missing_prints_as_dashes():
    assert format_value("ratio", None) == "--"
    assert format_value("amount", float("nan")) == "--"
    assert prints_negative("ratio", None) is False


def test_the_week_over_week_diff_prints_a_fall_to_zero_unsigned():
    from workbench.drafting.diff import ValueChange

    change = ValueChange("688591.SH", "泰凌微", "net_profit_yoy", "2023A", "归母净利润 2023 YoY", 0.0001, -0.00004,
                         "ratio")
    assert change.describe().endswith(f"{expected('0.01', 2, suffix='%')} → {expected('-0.004', 2, suffix='%')}")
    assert "-0.00%" not in change.describe()


@pytest.mark.parametrize("kind", ["amount", "ratio", "multiple", "price"])
def test_many_written_figures_print_as_decimal_rounding_says(kind):
    """Random figures as an analyst writes them (up to three decimals past the printed ones, half of
    them half-way), each against decimal rounding of the text: no shortcut may disagree."""
    import random

    rnd = random.Random(20241227)
    d = 2 if kind in ("ratio", "price") else 1
    style = NumberStyle(thousands=True)
    for _ in range(3000):
        extra = rnd.choice([0, 1, 1, 2, 3])
        digits = rnd.randrange(0, 10 ** rnd.randrange(1, 9))
        if extra:
            digits = digits * 10 ** extra + (5 * 10 ** (extra - 1) if rnd.random() < 0.5 else rnd.randrange(10 ** extra))
        written = ("-" if rnd.random() < 0.4 else "") + str(Decimal(digits).scaleb(-(d + extra)))
        value = stored(kind, written)
        sep = "," if kind in ("amount", "price") else ""
        assert format_value(kind, value, style=style) == expected(written, d, suffix=SUFFIX.get(kind, ""), sep=sep), \
            written
        want = Decimal(written).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
        assert prints_negative(kind, value, style) == (want < 0), written
        assert prints_positive(kind, value, style) == (want > 0), written
