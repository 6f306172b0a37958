"""Derived figures computed from stored facts (``metrics``: pure functions), the YoY a table prints
from two stored levels where none is stored (``growth``) and the market review checked against the
week's index quotes (``review``); ``growth`` and ``review`` read a store passed in, never write."""

from workbench.analysis.metrics import (
    excess_return,
    outperformance,
    pe_from_market_cap,
    pe_from_price,
    printed_percent,
    rebase,
    relative_series,
    weekly_change,
    yoy,
    ytd_return,
)

__all__ = ["excess_return", "outperformance", "pe_from_market_cap", "pe_from_price", "printed_percent", "rebase",
           "relative_series", "weekly_change", "yoy", "ytd_return"]
