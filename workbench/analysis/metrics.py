"""YoY, PE, YTD, weekly change, relative performance and rebasing, as plain functions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Sequence

from workbench.domain.growth import yoy  # noqa: F401  (the one rule: analysis callers keep this name)
from workbench.domain.metrics import display_decimal, written_decimal


def _exact(value: Decimal) -> float:
    """The nearest double to a decimal result: a half-way growth (0.165%) stays half-way, where binary
    ``a / b - 1`` lands a hair below it (0.0016499999999999293) and would print one cent lower."""
    return float(value)


def pe_from_price(price: float | None, shares: float | None, net_profit: float | None) -> float | None:
    """Forecast PE = price x shares / forecast net profit (negative for a loss-maker)."""
    if price is None or shares is None:
        return None
    return pe_from_market_cap(price * shares, net_profit)


def pe_from_market_cap(market_cap: float | None, net_profit: float | None) -> float | None:
    if market_cap is None or net_profit is None or net_profit == 0:
        return None
    return market_cap / net_profit


def ytd_return(close: float | None, last_close_of_previous_year: float | None) -> float | None:
    if close is None or last_close_of_previous_year in (None, 0):
        return None
    return _exact(written_decimal(close) / written_decimal(last_close_of_previous_year) - 1)


def weekly_change(close: float | None, previous_week_close: float | None) -> float | None:
    if close is None or previous_week_close in (None, 0):
        return None
    return _exact(written_decimal(close) / written_decimal(previous_week_close) - 1)


def excess_return(sector_change: float, benchmark_change: float) -> float:
    return sector_change - benchmark_change


PERCENT_PLACES = 2  # weekly changes are printed as +0.95%: two decimals of a percent

OUTPERFORMED, UNDERPERFORMED, LEVEL = "跑赢大盘", "跑输大盘", "与大盘持平"


def printed_percent(change: float, places: int = PERCENT_PLACES) -> float:
    """A fraction as the percentage the report prints (0.013604 -> 1.36, 0.00165 -> 0.17: half away
    from zero, as every printed figure), -0.00 folded into 0.0."""
    return float(display_decimal("ratio", change, decimals=places)) + 0.0


def outperformance(sector_change: float | None, benchmark_change: float | None, *,
                   places: int = PERCENT_PLACES) -> str | None:
    """"跑赢大盘" / "跑输大盘" / "与大盘持平": the sector's change against the benchmark's.

    The two changes are compared as printed (percent with ``places`` decimals), so the verdict
    never contradicts the numbers the reader sees: +1.3604% and +1.36% both print as +1.36%
    and are a tie (与大盘持平). None when either change is missing.
    """
    if sector_change is None or benchmark_change is None:
        return None
    sector, bench = printed_percent(sector_change, places), printed_percent(benchmark_change, places)
    if sector == bench:
        return LEVEL
    return OUTPERFORMED if sector > bench else UNDERPERFORMED


def rebase(values: Sequence[float | None], base: float = 100.0) -> list[float | None]:
    """Scale a series so its first present value equals ``base``."""
    first = next((v for v in values if v not in (None, 0)), None)
    if first is None:
        return [None for _ in values]
    return [None if v is None else v / first * base for v in values]


def relative_series(dates_a: Sequence[str], values_a: Sequence[float], dates_b: Sequence[str],
                    values_b: Sequence[float], *, end: str, days: int = 365
                    ) -> tuple[list[str], list[float | None], list[float | None]]:
    """Two series on their common dates within ``days`` before ``end``, both rebased to 100."""
    start = (date.fromisoformat(end) - timedelta(days=days)).isoformat()
    b = dict(zip(dates_b, values_b))
    common = [(d, v, b[d]) for d, v in zip(dates_a, values_a) if start <= d <= end and d in b]
    dates = [c[0] for c in common]
    return dates, rebase([c[1] for c in common]), rebase([c[2] for c in common])
