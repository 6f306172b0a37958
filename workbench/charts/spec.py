"""The chart spec dataclasses (no drawing here)."""

from __future__ import annotations

import math
from dataclasses import dataclass

LINE = "line"
BARS = "bars"
KINDS = (LINE, BARS)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows, independent of who draws it.

    ``x`` holds ISO dates for a line chart and category labels for a bar chart; each
    series has one value per x. ``sample`` marks illustrative (generated) data. ``value_kind``
    names the kind of figure the values are (amount: 亿元), when they are a metric's, so their labels
    print as the comparison table prints that kind.
    """

    kind: str
    title: str
    x: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    source: str = ""
    y_label: str = ""
    sample: bool = False
    value_kind: str = ""  # a metric kind (amount, ratio, multiple) when the values are its figures in the unit printed

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}")
        for s in self.series:
            if len(s.values) != len(self.x):
                raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(self.x)} x positions")

    def drawn_series(self) -> tuple[str, ...]:
        """The names of the series that put ink on the chart: a bar needs one value, a line two values
        side by side (a single close draws nothing)."""
        def ok(v) -> bool:
            return isinstance(v, (int, float)) and math.isfinite(v)

        need = 2 if self.kind == LINE else 1
        drawn = []
        for s in self.series:
            run = 0
            for v in s.values:
                run = run + 1 if ok(v) else 0
                if run >= need:
                    drawn.append(s.name)
                    break
        return tuple(drawn)

    def y_range(self) -> tuple[float, float]:
        values = [v for s in self.series for v in s.values if v is not None]
        if not values:
            return (0.0, 1.0)
        lo, hi = min(values), max(values)
        if self.kind == BARS:
            lo = min(lo, 0.0)
            hi = max(hi, 0.0)
        if lo == hi:
            hi = lo + 1.0
        return (lo, hi)
