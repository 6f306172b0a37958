"""The metrics the store knows, their kind (amount, ratio, multiple, price) and display formats."""

from __future__ import annotations

import math
from dataclasses import dataclass

from workbench.errors import ValidationError

YI = 1e8  # 亿 = 100 million
WAN = 1e4  # 万 = 10 thousand


@dataclass(frozen=True)
class Metric:
    """A metric's stored unit and its display: amounts in CNY, ratios as fractions."""

    code: str
    zh: str
    en: str
    kind: str  # amount | ratio | multiple | price | per_share

    def display_unit(self) -> str:
        return {"amount": "亿元", "ratio": "%", "multiple": "x", "price": "元", "per_share": "元"}[self.kind]


METRICS: dict[str, Metric] = {
    m.code: m
    for m in [
        Metric("revenue", "营业收入", "Revenue", "amount"),
        Metric("revenue_yoy", "营业收入同比", "Revenue YoY", "ratio"),
        Metric("net_profit", "归母净利润", "Net profit attributable", "amount"),
        Metric("net_profit_yoy", "归母净利润同比", "Net profit YoY", "ratio"),
        Metric("pe", "市盈率", "PE", "multiple"),
        Metric("eps", "每股收益", "EPS", "per_share"),
        Metric("ytd_return", "年初至今涨跌幅", "YTD return", "ratio"),
        Metric("close", "收盘价", "Close", "price"),
        Metric("market_cap", "总市值", "Market cap", "amount"),
        Metric("shares", "总股本", "Shares outstanding", "multiple"),
    ]
}


def metric(code: str) -> Metric:
    try:
        return METRICS[code]
    except KeyError:
        raise ValidationError(f"未知指标 (unknown metric): {code}") from None


def format_value(kind: str, value: float | None, *, signed: bool = False) -> str:
    """Display a stored value as the report prints it; missing is ``--``.

    Amounts in 亿元 with 1 decimal, ratios as % with 2 decimals, multiples with 1 decimal.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "--"
    if kind == "amount":
        return f"{value / YI:,.1f}"
    if kind == "ratio":
        return f"{value * 100:+.2f}%" if signed else f"{value * 100:.2f}%"
    if kind == "multiple":
        return f"{value:.1f}"
    return f"{value:,.2f}"


def format_metric(code: str, value: float | None) -> str:
    return format_value(metric(code).kind, value)
