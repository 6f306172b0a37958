"""The market-review paragraph, written from the week's index quotes in the house's phrasing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from workbench.analysis import outperformance, weekly_change
from workbench.domain.issue import Issue
from workbench.errors import NotFound


@dataclass(frozen=True)
class IndexWeek:
    name: str
    date: str
    close: float
    change: float | None  # weekly change as a fraction


def index_week(store, name: str, period_end: str) -> IndexWeek:
    """The index's last close in the week and its weekly change.

    The change is computed from the close a week earlier when the store has it; otherwise the
    vendor's stored weekly change is used.
    """
    idx = store.index(name)
    last = store.quote_on_or_before(idx["id"], period_end)
    if last is None:
        raise NotFound(f"{name} 在 {period_end} 前没有行情 (no quote on or before {period_end})")
    prev_day = (date.fromisoformat(last["date"]) - timedelta(days=7)).isoformat()
    prev = store.quote_on_or_before(idx["id"], prev_day)
    change = last["change"]
    if change is None and prev is not None:
        change = weekly_change(last["close"], prev["close"])
    return IndexWeek(idx["name"], last["date"], last["close"], change)


def _pct(change: float | None) -> str:
    return "--" if change is None else f"{change * 100:+.2f}%"


def draft_market_review(store, issue: Issue) -> str:
    """本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；…；<sector>…，跑输大盘。"""
    names = list(issue.review_indices)
    if issue.sector_index and issue.sector_index not in names:
        names.append(issue.sector_index)
    if not names:
        names = [i["name"] for i in store.indices() if not i["sample"] or i["is_benchmark"]]
    weeks = [index_week(store, n, issue.period_end) for n in names]
    parts = [f"{w.name}报收 {w.close:.2f} 点，周涨跌幅为{_pct(w.change)}" for w in weeks]
    bench = store.benchmark()
    verdict = ""
    if issue.sector_index and bench is not None:
        sector = next(w for w in weeks if w.name == issue.sector_index)
        bench_week = index_week(store, bench["name"], issue.period_end)
        verdict = outperformance(sector.change, bench_week.change) or ""
    text = "本周" + "；".join(parts)
    if verdict:
        text += "，" + verdict
    return text + "。"


_NUMBER = re.compile(r"[+-]?\d[\d,]*\.?\d*%?")


def review_numbers(text: str) -> list[str]:
    return _NUMBER.findall(text or "")


def stale_review_numbers(store, issue: Issue) -> list[str]:
    """Numbers in the market review that the current quotes no longer give.

    Compares the review's numbers with a fresh draft from the store; an empty list means
    the text matches the quotes (or the review was not written from them).
    """
    if not issue.market_review.strip():
        return []
    try:
        fresh = set(review_numbers(draft_market_review(store, issue)))
    except NotFound:
        return []
    return [n for n in review_numbers(issue.market_review) if n not in fresh]
