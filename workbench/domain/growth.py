"""Year-on-year growth, the one rule the comparison table, `trace` and an import's check share: which
two levels a YoY compares, and the growth of two stored levels."""

from __future__ import annotations

from workbench.domain.metrics import written_decimal
from workbench.domain.periods import PERIOD_RE, period_kind, previous_period

YOY_LEVELS = {"revenue_yoy": "revenue", "net_profit_yoy": "net_profit"}  # a YoY -> the level it compares
COMPARABLE_KINDS = ("A", "Q1", "H1", "Q1-Q3")  # reported periods (a forecast or a YTD return is not compared)


def yoy_inputs(metric_code: str, period: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """The two (metric, period) levels a YoY is computed from: the period's and the comparable period's
    a year earlier; None for a figure that is no YoY of a reported period."""
    level = YOY_LEVELS.get(metric_code)
    if level is None or not PERIOD_RE.match(period) or period_kind(period) not in COMPARABLE_KINDS:
        return None
    return (level, period), (level, previous_period(period))


def yoy(current: float | None, previous: float | None) -> float | None:
    """Year-on-year growth as a fraction; None when either side is missing or the base is 0.

    A negative base (a loss a year ago) uses its absolute value, as Wind does, so that a
    smaller loss reads as growth. Computed on the decimals as written, then the nearest double: a
    half-way growth (0.165%) stays half-way, where binary ``a / b - 1`` lands a hair below it.
    """
    if current is None or previous is None or previous == 0:
        return None
    cur, prev = written_decimal(current), written_decimal(previous)
    return float((cur - prev) / abs(prev))
