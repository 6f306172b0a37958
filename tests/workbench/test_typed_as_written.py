"""A figure typed or pasted in the app is stored as the decimal typed, scaled exactly, the same double
an import of that decimal stores (independent truth: Python's float() of the decimal string scaled
in decimal arithmetic), and an edit given a number no double can hold is a ValidationError naming it,
never an OverflowError."""

from __future__ import annotations

import pytest

from workbench.domain.values import parse_number
from workbench.edits import SetFact, SetQuote, fact_from_display, ratio_from_display
from workbench.errors import ValidationError


@pytest.mark.parametrize("typed, stored", [("12.745", "0.12745"), ("2.8", "0.028"), ("-36.55", "-0.3655"),
                                           ("0.1", "0.001"), ("3.125", "0.03125")])
def test_a_percentage_typed_is_the_fraction_of_the_decimal_typed(typed, stored):
    assert fact_from_display("revenue_yoy", typed) == float(stored)
    assert ratio_from_display(typed) == float(stored)
    assert parse_number(typed + "%") == float(stored)
    assert fact_from_display("revenue_yoy", typed + "%") == float(stored)


@pytest.mark.parametrize("typed, yuan", [("1771.85", "177185000000"), ("2319.15", "231915000000"),
                                         ("0.07", "7000000"), ("-3899.2", "-389920000000")])
def test_an_amount_typed_in_yi_is_the_yuan_of_the_decimal_typed(typed, yuan):
    assert fact_from_display("revenue", typed) == float(yuan)


def test_a_number_past_any_double_is_refused_not_an_overflow(demo_store):
    with pytest.raises(ValidationError):
        SetQuote(index_id=1, date="2024-12-27", close=10 ** 400, change=None)
    with pytest.raises(ValidationError, match="300493.SZ"):
        SetFact("300493.SZ", "revenue", "2023A", 10 ** 400).apply(demo_store)
