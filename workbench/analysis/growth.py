"""Year-on-year growth the store does not hold, computed from the two stored levels it compares.

The comparison table prints a YoY the house imported as it was imported; where none is stored for
a company and period, the YoY is computed from the level of the period and the level of the same
period a year earlier (2023A against 2022A, 2024Q1-Q3 against 2023Q1-Q3), as ``metrics.yoy``
reckons it. ``trace`` names the two levels such a figure was computed from.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.domain.growth import COMPARABLE_KINDS, YOY_LEVELS, yoy, yoy_inputs  # noqa: F401
from workbench.domain.metrics import format_value, metric, stored_note, written_decimal
from workbench.domain.periods import period_label

@dataclass(frozen=True)
class ComputedYoY:
    """A YoY computed from two stored levels: the growth (a fraction), the level's metric, the period
    and its base period a year earlier, and the two levels (stored values, in CNY)."""

    value: float | None  # None: the base is zero, the table prints --
    level: str
    period: str
    base_period: str
    current: float
    previous: float

    @property
    def formula(self) -> str:
        """How the growth was reckoned, on the two levels as stored in 亿元 (``12 / 10 - 1``; over a
        negative base ``(cur - (prev)) / |prev|``, as ``metrics.yoy`` reckons it): what trace and the
        app's 数据来源 both show."""
        cur, prev = (f"{written_decimal(v).scaleb(-8).normalize():f}" for v in (self.current, self.previous))
        return f"{cur} / {prev} - 1" if self.previous > 0 else f"({cur} - ({prev})) / |{prev}|"

    @property
    def explanation(self) -> str:
        """The formula with the periods compared and why it was computed, in both languages:
        ``= 12 / 10 - 1（2023 对 2022），库中没有该同比，由两期营业收入计算 (no YoY is stored: …)``;
        over a zero base, why the table prints --."""
        level = metric(self.level)
        if self.value is None:
            return (f"= --：{period_label(self.base_period)} 的{level.zh}为 0，同比无法计算，表中印 --"
                    f"（{period_label(self.period)} 对 {period_label(self.base_period)}），库中没有该同比 "
                    f"(no YoY is stored and the base, {level.en} a year earlier, is zero: no growth can be "
                    f"computed, the table prints --)")
        return (f"= {self.formula}（{period_label(self.period)} 对 {period_label(self.base_period)}），库中没有该同比，"
                f"由两期{level.zh}计算 (no YoY is stored: computed from the two stored levels of {level.en})")

    def levels(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """Each level compared, the period's first: (period, the line naming it and its value, as
        ``营业收入 (revenue) 2023A: 12.0 亿元``)."""
        level = metric(self.level)
        return tuple((period, f"{level.zh} ({level.code}) {period}: {level_text(value)}")
                     for period, value in ((self.period, self.current), (self.base_period, self.previous)))


def level_text(value: float) -> str:
    """A level as the table prints it (12.0 亿元), with the stored figure when printing rounds it
    (12.0 亿元（库中 stored 12.04 亿元）)."""
    return f"{format_value('amount', value)} 亿元{stored_note('amount', value, '亿元')}"


def computed_yoy(store, ticker: str, metric_code: str, period: str) -> ComputedYoY | None:
    """The company's YoY computed from the two stored levels when the store holds none of its own (no
    fact at all: a stored YoY, even one stored as missing, is never replaced); None when it holds one,
    when a level is missing, or when the base is zero."""
    inputs = yoy_inputs(metric_code, period)
    if inputs is None or store.fact_row(ticker, metric_code, period) is not None:
        return None
    (level, cur_period), (_level, base_period) = inputs
    current, previous = store.fact(ticker, level, cur_period), store.fact(ticker, level, base_period)
    value = yoy(current, previous)
    if value is None:
        return None
    return ComputedYoY(value, level, cur_period, base_period, current, previous)


def zero_base_yoy(store, ticker: str, metric_code: str, period: str) -> ComputedYoY | None:
    """The company's YoY the table prints as -- because the base level is zero (both levels stored,
    no YoY of its own), with the two levels so trace can name them (``value`` None); None otherwise."""
    inputs = yoy_inputs(metric_code, period)
    if inputs is None or store.fact_row(ticker, metric_code, period) is not None:
        return None
    (level, cur_period), (_level, base_period) = inputs
    current, previous = store.fact(ticker, level, cur_period), store.fact(ticker, level, base_period)
    if current is None or previous is None or previous != 0:
        return None
    return ComputedYoY(None, level, cur_period, base_period, current, previous)


def fill_computed_yoy(store, keys: list[tuple[str, str]], values: dict[str, dict[tuple[str, str], float | None]],
                      tickers: list[str]) -> dict[str, set[tuple[str, str]]]:
    """Put into ``values`` (ticker -> (metric, period) -> value, as ``fact_matrix`` reads it) every YoY of
    ``keys`` the store does not hold and the two stored levels give; returns the cells so computed by
    ticker. Reads the levels in one query; a cell is checked for a stored YoY only when both levels are
    there."""
    wanted = {k: yoy_inputs(*k) for k in keys}
    wanted = {k: v for k, v in wanted.items() if v is not None}
    if not wanted or not tickers:
        return {}
    levels = sorted({level for pair in wanted.values() for level in pair})
    stored = store.fact_matrix(levels)
    computed: dict[str, set[tuple[str, str]]] = {}
    for ticker in tickers:
        row = values.setdefault(ticker, {})
        have = stored.get(ticker, {})
        for key, (cur, base) in wanted.items():
            if row.get(key) is not None or have.get(cur) is None or have.get(base) is None:
                continue
            found = computed_yoy(store, ticker, *key)
            if found is not None:
                row[key] = found.value
                computed.setdefault(ticker, set()).add(key)
    return computed
