"""Edit records refuse values no report can print, before anything is written."""

from __future__ import annotations

import math

import pytest

from workbench.edits import Batch, SetFact, SetQuote
from workbench.errors import ValidationError


def test_set_fact_refuses_absurd_and_non_finite(demo_store):
    before = demo_store.facts()
    for value in (1e300 * 1e8, math.inf, math.nan, 1e15):
        with pytest.raises(ValidationError):
            SetFact("300493.SZ", "revenue", "2023A", value).apply(demo_store)
    with pytest.raises(ValidationError, match="超出合理范围"):
        SetFact("300493.SZ", "pe", "2024E", 100_000.0).apply(demo_store)
    assert demo_store.facts() == before


def test_set_fact_takes_plausible_values_and_clearing(demo_store):
    SetFact("300493.SZ", "pe", "2024E", 1338.6).apply(demo_store)
    assert demo_store.fact("300493.SZ", "pe", "2024E") == 1338.6
    SetFact("300493.SZ", "pe", "2024E", None).apply(demo_store)
    assert demo_store.fact("300493.SZ", "pe", "2024E") is None


def test_a_batch_with_one_absurd_value_writes_nothing(demo_store):
    before = demo_store.facts()
    with pytest.raises(ValidationError):
        Batch([SetFact("300493.SZ", "revenue", "2023A", 30e8),
               SetFact("300493.SZ", "revenue", "2024Q1-Q3", 1e300)]).apply(demo_store)
    assert demo_store.facts() == before


def test_set_quote_refuses_absurd_close_and_change(demo_store):
    index_id = demo_store.indices()[0]["id"]
    before = demo_store.all_quotes()
    with pytest.raises(ValidationError):
        SetQuote(index_id, "2024-12-27", 1e9, 0.01)
    with pytest.raises(ValidationError):
        SetQuote(index_id, "2024-12-27", 3400.0, 50.0)  # +5000% in a week
    with pytest.raises(ValidationError):
        SetQuote(index_id, "2024-12-27", 0.0, None)
    assert demo_store.all_quotes() == before
    SetQuote(index_id, "2024-12-27", 3500.5, 0.0123).apply(demo_store)
    assert demo_store.quotes(index_id, start="2024-12-27", end="2024-12-27")[0]["close"] == 3500.5
