"""The market-review paragraph, written from the week's own index quotes in the house's phrasing,
and the check that a review's printed closes, changes and verdict are the week's.

Both read the quotes through a store passed in; they live below drafting and the report so the
editor (which drafts) and the preflight (which checks) share one home for the week's figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from workbench.analysis.metrics import outperformance, printed_percent, weekly_change
from workbench.domain.issue import Issue
from workbench.errors import NotFound

BASE_DAYS = 14  # the close a weekly change is computed from lies at most this far before the week
NO_VERDICT = "无法判断跑赢或跑输大盘"
VERDICTS = ("跑赢大盘", "跑输大盘", "与大盘持平")


@dataclass(frozen=True)
class IndexWeek:
    """One index's week: its last close dated inside the week and the weekly change of that close.

    ``date`` and ``close`` are None when the index has no quote dated in the week; ``change_source``
    says where the change came from: "vendor" (stored with the close), "computed" (from the last
    close before the week) or "" (no change).
    """

    name: str
    date: str | None
    close: float | None
    change: float | None  # weekly change as a fraction
    change_source: str = ""

    @property
    def quoted(self) -> bool:
        return self.close is not None


@dataclass(frozen=True)
class ReviewDraft:
    """A drafted review and what it had to leave out.

    ``missing`` names the indices the text calls 本周无行情 (no quote dated in the week);
    ``notes`` explains each gap (and a missing verdict) in Chinese (English) for the editor.
    """

    text: str
    missing: list[str] = field(default_factory=list)
    verdict: str | None = None
    notes: list[str] = field(default_factory=list)
    weeks: list[IndexWeek] = field(default_factory=list)


def _day_before(iso: str, days: int = 1) -> str:
    return (date.fromisoformat(iso) - timedelta(days=days)).isoformat()


def index_week(store, name: str, period_start: str, period_end: str) -> IndexWeek:
    """The index's last close dated within [period_start, period_end] and its weekly change.

    The change is the vendor's change stored with that close; when none is stored, it is computed
    from the index's last close before the week (at most ``BASE_DAYS`` days before it, so a
    holiday week is spanned but a month-old close never passes for last week's). A close dated
    before or after the week is never used as the week's close.
    """
    try:
        idx = store.index(name)
    except NotFound:
        return IndexWeek(name, None, None, None)
    rows = [q for q in store.quotes(idx["id"], period_start, period_end) if q["close"] is not None]
    if not rows:
        return IndexWeek(idx["name"], None, None, None)
    last = rows[-1]
    if last["change"] is not None:
        return IndexWeek(idx["name"], last["date"], last["close"], last["change"], "vendor")
    base = store.quote_on_or_before(idx["id"], _day_before(period_start))
    if base is not None and base["date"] >= _day_before(period_start, BASE_DAYS):
        change = weekly_change(last["close"], base["close"])
        if change is not None:
            return IndexWeek(idx["name"], last["date"], last["close"], change, "computed")
    return IndexWeek(idx["name"], last["date"], last["close"], None)


def _pct(change: float) -> str:
    return f"{printed_percent(change):+.2f}%"


def _review_names(store, issue: Issue) -> list[str]:
    names = list(dict.fromkeys(issue.review_indices))
    if issue.sector_index and issue.sector_index not in names:
        names.append(issue.sector_index)
    if not names:
        names = [i["name"] for i in store.indices() if not i["sample"] or i["is_benchmark"]]
    return names


def draft_market_review(store, issue: Issue) -> str:
    """本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；…；<sector>…，跑输大盘。 (see draft_market_review_result)"""
    return draft_market_review_result(store, issue).text


def draft_market_review_result(store, issue: Issue) -> ReviewDraft:
    """The review from quotes dated inside the issue's week only, with what it left out.

    Each index reads "<name>报收 <close> 点，周涨跌幅为<change>"; an index with no quote dated in
    the week reads "<name>本周无行情" and never borrows another week's close. The sector index
    carries the verdict against the house's benchmark (store.benchmark()): 跑赢大盘, 跑输大盘, or
    与大盘持平 when both changes print the same; when the sector or the benchmark has no quote
    or no change that week, no verdict is written and the text says why.
    Raises NotFound when no reviewed index (nor the benchmark) has a quote dated in the week
    (nothing to review yet), saying whether other indices have one.
    """
    start, end = issue.period_start, issue.period_end
    names = _review_names(store, issue)
    weeks = [index_week(store, n, start, end) for n in names]
    bench = store.benchmark()
    bench_week = None
    if issue.sector_index and bench is not None:
        bench_week = next((w for w, n in zip(weeks, names) if w.name == bench["name"]), None) \
            or index_week(store, bench["name"], start, end)
    if not any(w.quoted for w in weeks) and not (bench_week and bench_week.quoted):
        if any(q["close"] is not None for i in store.indices() for q in store.quotes(i["id"], start, end)):
            raise NotFound(f"回顾的指数在本周都没有行情（{start} 至 {end}），请导入这些指数的行情或调整回顾的指数 "
                           f"(none of the reviewed indices has a quote dated in this week)")
        raise NotFound(f"{start} 至 {end} 没有任何指数行情，请先导入本周行情 "
                       f"(no index has a quote dated {start}..{end}: import the week's quotes first)")

    missing: list[str] = []
    notes: list[str] = []
    parts: list[str] = []
    verdict = None
    for name, w in zip(names, weeks):
        if not w.quoted:
            part = f"{w.name}本周无行情"
            missing.append(w.name)
            notes.append(f"{w.name}在 {start} 至 {end} 没有行情，回顾中写为“本周无行情” "
                         f"({w.name} has no quote dated in the week)")
        elif w.change is None:
            part = f"{w.name}报收 {w.close:.2f} 点，周涨跌幅暂缺"
            notes.append(f"{w.name}的周涨跌幅无法得出：行情未附涨跌幅，本周前 {BASE_DAYS} 天内也没有收盘 "
                         f"({w.name}: no stored weekly change and no close before the week to compute it)")
        else:
            part = f"{w.name}报收 {w.close:.2f} 点，周涨跌幅为{_pct(w.change)}"
        if issue.sector_index and name == issue.sector_index:
            verdict, reason = _verdict(w, bench, bench_week)
            if reason:
                notes.append(f"未判断跑赢/跑输：{reason} (no outperformance verdict)")
                if bench_week is not None and not bench_week.quoted and bench_week.name not in missing:
                    missing.append(bench_week.name)
            part += "，" + (verdict or reason)
        parts.append(part)
    return ReviewDraft("本周" + "；".join(parts) + "。", missing, verdict, notes, weeks)


def _verdict(sector: IndexWeek, bench: dict | None, bench_week: IndexWeek | None) -> tuple[str | None, str]:
    """(verdict, "") or (None, why no verdict can be given, as the review prints it)."""
    if not sector.quoted or sector.change is None:
        return None, NO_VERDICT
    if bench is None or bench_week is None:
        return None, f"未设基准指数，{NO_VERDICT}"
    if bench_week.name == sector.name:
        return None, f"该指数即基准指数，{NO_VERDICT}"
    if not bench_week.quoted:
        return None, f"基准指数{bench_week.name}本周无行情，{NO_VERDICT}"
    if bench_week.change is None:
        return None, f"基准指数{bench_week.name}本周涨跌幅暂缺，{NO_VERDICT}"
    return outperformance(sector.change, bench_week.change), ""


# ---------------------------------------------------------------------- checking a written review
@dataclass(frozen=True)
class ReviewProblem:
    """A statement in a written review that the week's quotes do not support.

    kind: "no_quote" (names an index with no quote dated in the week), "close" or "change"
    (a printed number differs from the week's), "verdict" (跑赢/跑输/持平 differs or cannot be given).
    """

    kind: str
    index: str
    printed: str
    expected: str = ""


_MOVE_WORDS = ("涨", "跌", "涨了", "跌了", "升", "降")
_NUMBER = re.compile(r"([+\-−－]?)(\d[\d,]*(?:\.\d+)?)\s*(点|%|％)")


def review_numbers(text: str) -> list[str]:
    """The closes (… 点) and changes (…%) a review prints, as printed."""
    return [(m.group(1) + m.group(2) + ("%" if m.group(3) in "%％" else "")) for m in _NUMBER.finditer(text or "")]


def _matches(printed: str, value: float) -> bool:
    """Whether ``printed`` is ``value`` correctly rounded to the decimals printed."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(float(printed) - value) <= 0.5 * 10 ** -decimals + 1e-9


def _sign(explicit: str, before: str) -> int:
    if explicit:
        return 1 if explicit == "+" else -1
    words = before.replace("涨跌", "")
    down, up = words.rfind("跌"), words.rfind("涨")
    return -1 if down > up else 1


def review_problems(store, issue: Issue) -> list[ReviewProblem]:
    """What the issue's market review prints that the quotes dated in its week do not give.

    Every index of the store named in the review is looked up in the week: naming one with no
    quote that week is a problem, and so is a close (… 点) or change (…%) printed in its clause
    (up to the next index, ；or 。) that is not the week's close or change to the decimals shown.
    A 跑赢/跑输/持平大盘 verdict must be the one the week's quotes give.
    """
    text = issue.market_review or ""
    if not text.strip():
        return []
    indices = {i["name"]: i for i in store.indices() if i["name"]}
    for name in (*issue.review_indices, issue.sector_index):  # a reviewed index the store lacks is unquoted
        if name and name not in indices:
            indices[name] = {"name": name}
    if not indices:
        return []
    pattern = re.compile("|".join(re.escape(n) for n in sorted(indices, key=len, reverse=True)))
    mentions = list(pattern.finditer(text))
    problems: list[ReviewProblem] = []
    weeks: dict[str, IndexWeek] = {}
    for k, m in enumerate(mentions):
        name = m.group(0)
        stop = mentions[k + 1].start() if k + 1 < len(mentions) else len(text)
        clause = re.split(r"[；;。\n]", text[m.end():stop], maxsplit=1)[0]
        week = weeks.get(name) or weeks.setdefault(name, index_week(store, name, issue.period_start,
                                                                    issue.period_end))
        if not week.quoted:
            problems.append(ReviewProblem("no_quote", name, name))
            continue
        for n in _NUMBER.finditer(clause):
            number = n.group(2).replace(",", "")
            if n.group(3) == "点":
                if clause[:n.start()].rstrip().endswith(_MOVE_WORDS):
                    continue  # 上涨 32 点: a move in points, not the close
                if not _matches(number, week.close):
                    problems.append(ReviewProblem("close", name, n.group(2), f"{week.close:.2f}"))
                continue
            shown = n.group(1) + n.group(2) + "%"
            if week.change is None:
                problems.append(ReviewProblem("change", name, shown, ""))
                continue
            signed = _sign(n.group(1).replace("−", "-").replace("－", "-"), clause[:n.start()])
            if not _matches(number, signed * week.change * 100):
                problems.append(ReviewProblem("change", name, shown, _pct(week.change)))
    problems += _verdict_problems(store, issue, text)
    return problems


def _verdict_problems(store, issue: Issue, text: str) -> list[ReviewProblem]:
    plain = text.replace("跑赢或跑输大盘", "")  # the draft's "no verdict" wording is not a verdict
    said = [v for v in VERDICTS if v in plain]
    if not said or not issue.sector_index:
        return []
    try:
        expected = draft_market_review_result(store, issue).verdict
    except NotFound:
        expected = None
    if said == [expected]:
        return []
    return [ReviewProblem("verdict", issue.sector_index, "、".join(said), expected or "")]


def stale_review_numbers(store, issue: Issue) -> list[str]:
    """The closes and changes in the review that the week's quotes do not give (as printed)."""
    return [p.printed for p in review_problems(store, issue) if p.kind in ("close", "change")]
