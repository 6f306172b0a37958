"""Derived figures computed from stored facts (``metrics``: pure functions) and the market review
checked against the week's index quotes (``review``: reads a store passed in, never writes)."""

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
