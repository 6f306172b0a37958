"""The market-review paragraph, written from the week's own index quotes in the house's phrasing,
and the check that a review's printed closes, changes and verdict are the week's.

Both read the quotes through a store passed in; they live below drafting and the report so the
editor (which drafts) and the preflight (which checks) share one home for the week's figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from workbench.analysis.metrics import PERCENT_PLACES, outperformance, weekly_change
from workbench.domain.issue import Issue
from workbench.domain.metrics import display_decimal, format_decimal, written_decimal
from workbench.errors import NotFound

BASE_DAYS = 14  # the close a weekly change is computed from lies at most this far before the week
LAST_WEEK_DAYS = 7  # a base close on or after period_start - 7 days is the previous week's
CLOSE_HALF_UNIT = 0.005  # closes are quoted to two decimals: each may be off by half a unit
SAMPLE_SOURCE = "示意数据"  # the source of the closes the demo generates (workbench.demo.SAMPLE_SOURCE)
NO_VERDICT = "无法判断跑赢或跑输大盘"
HOME_MARKET = "A"  # the desk's own exchanges' calendar: an index without a code, or of an unknown market, is on it
# the exchange calendar an index trades on, by the suffix of its code (000300.SH, HSI.HI, SPX.GI):
# the A-share exchanges' (SSE, SZSE, BSE and the CSI / CNI / Shenwan / Wind indices on their stocks),
# Hong Kong's, the US exchanges'; each global index (.GI) on its own exchange's
MARKETS = {"SH": "A", "SZ": "A", "BJ": "A", "CSI": "A", "CNI": "A", "SI": "A", "WI": "A",
           "HK": "HK", "HI": "HK", "US": "US", "O": "US", "N": "US", "A": "US"}
VERDICTS = ("跑赢大盘", "跑输大盘", "与大盘持平")


@dataclass(frozen=True)
class IndexWeek:
    """One index's week: its last close dated inside the week and the weekly change of that close.

    ``date`` and ``close`` are None when the index has no quote dated in the week. The change is
    the close against ``base_close``, the index's last close before the week (dated ``base_date``,
    at most ``BASE_DAYS`` days before it); only when there is no such close is it the file's own
    change stored with the close (``vendor_change``). ``change_source`` says which: "computed",
    "vendor" or "" (no change). ``desk_base_date`` is last week's last trading day as the desk's
    quotes of the index's market show it (``desk_day``): a base older than that day is a move over
    more than the week.
    """

    name: str
    date: str | None
    close: float | None
    change: float | None  # weekly change as a fraction
    change_source: str = ""
    base_date: str | None = None
    base_close: float | None = None
    vendor_change: float | None = None  # the change stored with the close (the file's 涨跌幅), as a fraction
    base_sample: bool = False  # the base close is sample data (示意数据), not a quote
    desk_base_date: str | None = None  # the latest day before the week on which an index of its market has a close
    market: str = HOME_MARKET  # the exchange calendar it trades on (market_of its code)

    @property
    def quoted(self) -> bool:
        return self.close is not None

    def base_on_desk_day(self) -> bool:
        """Whether the base close is dated on the desk's last trading day before the week (or no
        later close of any index is known, or there is no base)."""
        return self.base_date is None or self.desk_base_date is None or self.base_date >= self.desk_base_date

    def vendor_confirms(self) -> bool:
        """Whether the file's own change agrees with the closes' (within the rounding of both)."""
        return (self.vendor_change is not None and self.base_close is not None and self.close is not None
                and not self.vendor_disagrees())

    def base_unproven(self) -> bool:
        """Whether the change runs from a close older than last week's last trading day (the index
        lacks that day's close) and the file's own change does not bear the longer move out."""
        return not self.base_on_desk_day() and not self.vendor_confirms()

    def base_is_last_weeks(self, period_start: str) -> bool:
        """Whether the change is measured from the previous week's last close (no base: nothing to
        name): a base in last week but before its last trading day is not, unless the file's own
        weekly change agrees with it (the index did not trade that day)."""
        if self.base_date is None:
            return True
        return self.base_date >= _day_before(period_start, LAST_WEEK_DAYS) and not self.base_unproven()

    def vendor_disagrees(self) -> bool:
        """Whether the file's change and the closes' change differ beyond the rounding of both."""
        if self.vendor_change is None or self.base_close is None or self.close is None:
            return False
        v = self.vendor_change * 100
        half = 0.5 * 10 ** -_decimals(v)
        lo = ((self.close - CLOSE_HALF_UNIT) / (self.base_close + CLOSE_HALF_UNIT) - 1) * 100
        hi = ((self.close + CLOSE_HALF_UNIT) / (self.base_close - CLOSE_HALF_UNIT) - 1) * 100
        return not (lo - half - 1e-9 <= v <= hi + half + 1e-9)


def _decimals(value: float, most: int = 6) -> int:
    """The decimals ``value`` was written with (1.57 -> 2, -0.0758 -> 4), at most ``most``."""
    for d in range(most + 1):
        if abs(value - round(value, d)) < 1e-9:
            return d
    return most


@dataclass(frozen=True)
class ReviewDraft:
    """A drafted review and what it had to leave out.

    ``missing`` names the indices the text calls 本周无行情 (no quote dated in the week);
    ``notes`` explains each gap (and a missing verdict) in Chinese (English) for the editor, and
    what the preflight will warn of in the figures as written (a base that is not last week's, a
    mid-week last quote, the file's change disagreeing with the closes).
    """

    text: str
    missing: list[str] = field(default_factory=list)
    verdict: str | None = None
    notes: list[str] = field(default_factory=list)
    weeks: list[IndexWeek] = field(default_factory=list)


def _day_before(iso: str, days: int = 1) -> str:
    return (date.fromisoformat(iso) - timedelta(days=days)).isoformat()


def month_day(iso: str) -> str:
    """A day as the review names a base close: 12月18日."""
    d = date.fromisoformat(iso)
    return f"{d.month}月{d.day}日"


_DESK = object()  # index_week works out the desk's last day before the week itself


def market_of(code: str | None) -> str:
    """The exchange calendar an index trades on, by its code's suffix (``MARKETS``): "A" for the
    A-share exchanges (and an index without a code or of a suffix not listed: the desk's own),
    "HK", "US", or the code itself for a global index (.GI), each on its own exchange's days."""
    suffix = (code or "").rpartition(".")[2].strip().upper() if "." in (code or "") else ""
    if suffix == "GI":
        return (code or "").strip().upper()
    return MARKETS.get(suffix, HOME_MARKET)


def desk_days(store, start: str, end: str) -> dict[str, str]:
    """Per market (``market_of``), the latest day from ``start`` to ``end`` on which an index of
    that market has a close: the desk's calendar of those days, judged per exchange so that a Hong
    Kong index trading through an A-share holiday moves no A-share day. A close that is sample data
    (示意数据, the demo's generated series) counts only when no index of the market has a real close
    in those days."""
    indices = store.indices()
    if not indices:
        return {}
    fake = {(r["index_id"], r["date"]) for r in store.quote_sources([i["id"] for i in indices], start, end)
            if r["source"] == SAMPLE_SOURCE}
    real: dict[str, str] = {}
    sample: dict[str, str] = {}
    for idx in indices:
        market = market_of(idx.get("code"))
        for q in store.quotes(idx["id"], start, end):
            if q["close"] is None:
                continue
            seen = sample if (idx["id"], q["date"]) in fake else real
            seen[market] = max(seen.get(market, ""), q["date"])
    return {m: real.get(m) or sample[m] for m in {*real, *sample}}


def last_weeks_days(store, period_start: str) -> dict[str, str]:
    """Last week's last trading day per market as the desk's quotes show it: the latest day before
    the week (at most ``BASE_DAYS`` back, so a holiday week is spanned) on which an index of that
    market has a close."""
    return desk_days(store, _day_before(period_start, BASE_DAYS), _day_before(period_start))


def index_week(store, name: str, period_start: str, period_end: str, *, desk_base=_DESK) -> IndexWeek:
    """The index's last close dated within [period_start, period_end] and its weekly change.

    The change is that close against the index's last close before the week (at most
    ``BASE_DAYS`` days before it, so a holiday week is spanned but a month-old close never passes
    for a recent one), whatever the file's 涨跌幅 column says: a daily change or a fraction typed
    into a (%) column is not the week's. Only when no such close is stored is the file's change
    stored with the close used. A close dated before or after the week is never the week's close.
    ``desk_base`` is last week's last trading day of the index's market (``last_weeks_days``, a
    mapping by market, or one day; worked out when not given): a base older than it is named,
    never called the week's.
    """
    try:
        idx = store.index(name)
    except NotFound:
        return IndexWeek(name, None, None, None)
    market = market_of(idx.get("code"))
    rows = [q for q in store.quotes(idx["id"], period_start, period_end) if q["close"] is not None]
    if not rows:
        return IndexWeek(idx["name"], None, None, None, market=market)
    last = rows[-1]
    vendor = last["change"]
    before = [q for q in store.quotes(idx["id"], _day_before(period_start, BASE_DAYS), _day_before(period_start))
              if q["close"] is not None]
    base = before[-1] if before else None
    change = weekly_change(last["close"], base["close"]) if base is not None else None
    if change is not None:
        sample = bool(idx.get("sample")) and store.has_quotes_from(SAMPLE_SOURCE, [idx["id"]], base["date"],
                                                                    base["date"])
        if desk_base is _DESK:
            desk_base = last_weeks_days(store, period_start)
        if isinstance(desk_base, dict):
            desk_base = desk_base.get(market)
        return IndexWeek(idx["name"], last["date"], last["close"], change, "computed",
                         base["date"], base["close"], vendor, sample, desk_base, market)
    if vendor is not None:
        return IndexWeek(idx["name"], last["date"], last["close"], vendor, "vendor", vendor_change=vendor,
                         market=market)
    return IndexWeek(idx["name"], last["date"], last["close"], None, market=market)


def _latest_days(weeks, latest: str | dict | None = None) -> dict[str, str]:
    """The week's last day of quotes per market: the latest last close of these weeks of that market,
    or a later day given in ``latest`` (a mapping by market, as ``desk_days``; one day for all)."""
    out: dict[str, str] = {}
    for w in weeks:
        if w is not None and w.quoted:
            out[w.market] = max(out.get(w.market, ""), w.date)
    for market in out:
        given = latest.get(market) if isinstance(latest, dict) else latest
        out[market] = max(out[market], given or "")
    return out


@dataclass(frozen=True)
class ReviewWarning:
    """Something true of the week's figures that the editor must know before printing them.

    code: "review_base" (the change is measured from a close older than last week's),
    "review_midweek" (an index's last close is earlier than the other indices' of its market),
    "review_change_unchecked" (the file's own change, with no close before the week to check it),
    "review_change_mismatch" (the file's change and the closes disagree; the closes' is printed),
    "review_base_sample" (the change is computed against a close that is sample data, 示意数据).
    """

    code: str
    message: str
    indices: tuple[str, ...] = ()


VENDOR_MAX_PLACES = 6


def _fmt_vendor(change: float) -> str:
    """The file's change as a percent with the decimals it was written with, at least the two the
    review prints (-1.57%, -1.20%, 0.00%, -0.0758%)."""
    exponent = written_decimal(change).scaleb(2).normalize().as_tuple().exponent
    places = min(VENDOR_MAX_PLACES, max(PERCENT_PLACES, -exponent))
    return format_decimal(display_decimal("ratio", change, decimals=places), places, signed=True) + "%"


def printed_close(close: float) -> str:
    """A close as the review prints it: two decimals, half away from zero on the close written."""
    return format_decimal(display_decimal("price", close, decimals=2), 2)


def week_warnings(weeks, period_start: str, *, latest: str | dict | None = None) -> list[ReviewWarning]:
    """What the preflight warns of, and the draft notes, for these index weeks: a mid-week last
    close and a base older than last week's (indices sharing the date in one warning), a file's
    change disagreeing with the closes (one per index, both figures), the file's changes printed
    unchecked (all in one). ``latest`` is the week's last day of quotes, per market (``desk_days``)
    or one day for all (by default the latest of these weeks' of each market): an index's last close
    is mid-week only against a later close of its own market."""
    quoted: dict[str, IndexWeek] = {}
    for w in weeks:
        if w is not None and w.quoted:
            quoted.setdefault(w.name, w)
    latest_of = _latest_days(quoted.values(), latest)
    prev_start, prev_end = _day_before(period_start, LAST_WEEK_DAYS), _day_before(period_start)
    midweek: dict[tuple[str, str], list[str]] = {}  # (last close, the market's last day) -> indices
    based: dict[tuple[str, str | None], list[str]] = {}  # (base, the market's last day of last week) -> indices
    unproven: dict[tuple[str, str], list[IndexWeek]] = {}  # a base in last week, before its market's last trading day
    confirmed: list[ReviewWarning] = []
    mismatches: list[ReviewWarning] = []
    sampled: list[ReviewWarning] = []
    unchecked: list[str] = []
    for name, w in quoted.items():
        if w.date < latest_of[w.market]:
            midweek.setdefault((w.date, latest_of[w.market]), []).append(name)
        if w.base_date is not None and w.base_date < prev_start:
            based.setdefault((w.base_date, w.desk_base_date), []).append(name)
        elif w.base_unproven():
            unproven.setdefault((w.base_date, w.desk_base_date), []).append(w)
        elif not w.base_on_desk_day():  # the file's weekly change bears the longer move out
            confirmed.append(_confirmed_warning(w))
        if w.change_source == "computed" and w.base_sample:
            computed = printed_change(w.change)
            sampled.append(ReviewWarning(
                "review_base_sample",
                f"{name}的周涨跌幅 {computed} 以 {w.base_date} 的收盘 {printed_close(w.base_close)} 为基准，而该收盘是示意数据"
                f"（演示生成的走势图序列，不是行情）；请导入 {w.base_date} 的真实收盘后再核对 ({name}: the weekly "
                f"change {computed} is computed against the close of {w.base_date}, which is sample data (the "
                f"demo's generated chart series), not a quote: import that day's real close)", (name,)))
        if w.change_source == "vendor":
            unchecked.append(name)
        elif w.base_on_desk_day() and w.vendor_disagrees():
            # (a base older than last week's last trading day: the file's change runs from a close the
            # store lacks, so it differs; the base warning gives it)
            computed, filed = printed_change(w.change), _fmt_vendor(w.vendor_change)
            mismatches.append(ReviewWarning(
                "review_change_mismatch",
                f"{name}的行情文件涨跌幅为 {filed}，而收盘算出的涨跌幅为 {computed}"
                f"（{w.base_date} 收盘 {printed_close(w.base_close)}，{w.date} 收盘 {printed_close(w.close)}）；回顾采用 {computed}，"
                f"请核对文件的涨跌幅列（可能是日涨跌幅或小数）或收盘 ({name}: the file's change {filed} "
                f"disagrees with {computed} from the closes; the review prints {computed}: the file's column "
                f"may not be a weekly change, or a close is wrong)", (name,)))
    out: list[ReviewWarning] = []
    for (day, latest), names in sorted(midweek.items()):
        who = "、".join(names)
        out.append(ReviewWarning(
            "review_midweek",
            f"{who}本周最后一个收盘在 {day}，早于同市场其他指数的 {latest}；回顾写作“截至{month_day(day)}”，"
            f"请核对是否缺少之后的行情 (the last close in the week of {who} is {day}, earlier than "
            f"{latest} of other indices of its market: a mid-week figure)", tuple(names)))
    for (day, desk), names in sorted(based.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        who = "、".join(names)
        if desk and desk >= prev_start:  # other indices closed last week: no holiday
            filed, filed_en = _files_changes([quoted[n] for n in names], desk)
            out.append(ReviewWarning(
                "review_base",
                f"{who}的涨跌幅以 {day} 的收盘为基准：上周（{prev_start} 至 {prev_end}）没有{who}的收盘，"
                f"而同市场的其他指数在上周最后一个交易日 {desk} 有收盘；回顾写作“较{month_day(day)}收盘涨跌幅”，"
                f"不称周涨跌幅{filed}；请导入{who} {desk} 的收盘后重新生成回顾 (the change of {who} is measured "
                f"from the close of {day}: no close of it last week, while other indices of its market closed on "
                f"last week's last trading day {desk}; the review names the base instead of calling it the weekly "
                f"change{filed_en})",
                tuple(names)))
            continue
        out.append(ReviewWarning(
            "review_base",
            f"{who}的涨跌幅以 {day} 的收盘为基准：上周（{prev_start} 至 {prev_end}）没有收盘，"
            f"回顾写作“较{month_day(day)}收盘”；若上周休市可继续，否则请导入上周行情 "
            f"(the change of {who} is measured from the close of {day}, not last week's: "
            f"a holiday, or last week's quotes are missing)", tuple(names)))
    for (day, desk), group in sorted(unproven.items()):
        names = [w.name for w in group]
        who = "、".join(names)
        filed, filed_en = _files_changes(group, desk)
        out.append(ReviewWarning(
            "review_base",
            f"{who}的涨跌幅以 {day} 的收盘为基准，而上周最后一个交易日是 {desk}（同市场的其他指数当日有收盘），"
            f"库中没有{who}该日的收盘；回顾写作“较{month_day(day)}收盘涨跌幅”，不称周涨跌幅{filed}"
            f"；请导入{who} {desk} 的收盘后重新生成回顾 (the change of {who} is measured from the close of "
            f"{day}, not from last week's last trading day {desk}, when other indices of its market closed: "
            f"the review names the base instead of calling it the weekly change{filed_en})", tuple(names)))
    out += confirmed + sampled + mismatches
    if unchecked:
        who = "、".join(unchecked)
        out.append(ReviewWarning(
            "review_change_unchecked",
            f"{who}的涨跌幅取自行情文件的涨跌幅列：库中没有本周前 {BASE_DAYS} 天内的收盘，无法用收盘核对"
            f"；请核对或导入上周收盘 (the change of {who} is the file's own figure: no close before the "
            f"week is stored to check it against)", tuple(unchecked)))
    return out


def _files_changes(weeks, desk: str) -> tuple[str, str]:
    """What the review did with the file's own changes of these indices, whose base is older than
    last week's last trading day ``desk``: (Chinese, English), empty when the file gave none."""
    filed = [f"{w.name} {_fmt_vendor(w.vendor_change)}" for w in weeks if w.vendor_change is not None]
    if not filed:
        return "", ""
    return (f"；行情文件自带的涨跌幅（{'，'.join(filed)}）因缺 {desk} 的收盘无法核对（也可能是日涨跌幅），回顾未采用",
            ", and does not print the file's own change, which cannot be checked without that close")


def _confirmed_warning(w: IndexWeek) -> ReviewWarning:
    """The change from a close older than last week's last trading day agrees with the file's own
    weekly change: printed as the week's (the index did not trade that day), said so."""
    computed, filed = printed_change(w.change), _fmt_vendor(w.vendor_change)
    desk = w.desk_base_date
    return ReviewWarning(
        "review_base",
        f"{w.name}没有上周最后一个交易日 {desk} 的收盘；由 {w.base_date} 收盘算出的涨跌幅 {computed} 与行情文件的涨跌幅 "
        f"{filed} 一致，回顾按周涨跌幅印出；若{w.name}当日并未休市，请导入该日收盘核对 ({w.name}: no close on "
        f"last week's last trading day {desk}; the change from the close of {w.base_date} agrees with the "
        f"file's {filed}, so it is printed as the weekly change)", (w.name,))


def printed_change(change: float) -> str:
    """A weekly change as the review prints it: +0.95%, -0.57%, a rounded zero unsigned (0.00%)."""
    return format_decimal(display_decimal("ratio", change, decimals=PERCENT_PLACES), PERCENT_PLACES, signed=True) + "%"


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
    desk_base = last_weeks_days(store, start)
    weeks = [index_week(store, n, start, end, desk_base=desk_base) for n in names]
    bench = store.benchmark()
    bench_week = None
    if issue.sector_index and bench is not None:
        bench_week = next((w for w, n in zip(weeks, names) if w.name == bench["name"]), None) \
            or index_week(store, bench["name"], start, end, desk_base=desk_base)
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
    # the week's last day of quotes: a close stopping before any index's of its market (reviewed or
    # not) is 截至; another exchange trading on past a holiday is not
    latest = _latest_days(weeks, desk_days(store, start, end))
    for name, w in zip(names, weeks):
        if not w.quoted:
            part = f"{w.name}本周无行情"
            missing.append(w.name)
            notes.append(f"{w.name}在 {start} 至 {end} 没有行情，回顾中写为“本周无行情” "
                         f"(no quote of {w.name} is dated in the week)")
        else:
            part = _clause(w, start, latest.get(w.market, w.date))
            if w.change is None:
                notes.append(f"{w.name}的周涨跌幅无法得出：行情未附涨跌幅，本周前 {BASE_DAYS} 天内也没有收盘 "
                             f"({w.name}: no stored weekly change and no close before the week to compute it)")
        if issue.sector_index and name == issue.sector_index:
            verdict, reason = _verdict(w, bench, bench_week, start)
            if reason:
                notes.append(f"未判断跑赢/跑输：{reason} (no outperformance verdict)")
                if bench_week is not None and not bench_week.quoted and bench_week.name not in missing:
                    missing.append(bench_week.name)
            part += "，" + (verdict or reason)
        parts.append(part)
    # what the text itself shows differently (a named base, 截至, the closes over the file's change);
    # the file's change printed unchecked, or a change resting on a sample close, is the preflight's
    # to say, not a gap in the draft
    notes += [w.message for w in week_warnings(weeks, start, latest=latest)
              if w.code not in ("review_change_unchecked", "review_base_sample")]
    return ReviewDraft("本周" + "；".join(parts) + "。", missing, verdict, notes, weeks)


def _clause(w: IndexWeek, period_start: str, latest: str) -> str:
    """"<name>报收 <close> 点，周涨跌幅为<change>"; a last close before its market's last day says
    截至<date>, and a change measured from an older close than last week's says 较<date>收盘."""
    closed = f"截至{month_day(w.date)}报收" if w.date < latest else "报收"
    head = f"{w.name}{closed} {printed_close(w.close)} 点，"
    if w.change is None:
        return head + "周涨跌幅暂缺"
    if not w.base_is_last_weeks(period_start):
        return head + f"较{month_day(w.base_date)}收盘涨跌幅为{printed_change(w.change)}"
    return head + f"周涨跌幅为{printed_change(w.change)}"


def _verdict(sector: IndexWeek, bench: dict | None, bench_week: IndexWeek | None,
             period_start: str) -> tuple[str | None, str]:
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
    if sector.date != bench_week.date or _span_start(sector, period_start) != _span_start(bench_week, period_start):
        # a move to Tuesday against one to Friday, or over two weeks (or from last Wednesday)
        # against one week's, is no comparison
        return None, f"与基准指数{bench_week.name}的涨跌幅区间不同，{NO_VERDICT}"
    return outperformance(sector.change, bench_week.change), ""


def _span_start(w: IndexWeek, period_start: str) -> str:
    """Where the printed change starts: last week's close, or the named older base."""
    return "" if w.base_is_last_weeks(period_start) else w.base_date


# ---------------------------------------------------------------------- checking a written review
@dataclass(frozen=True)
class ReviewProblem:
    """A statement in a written review that the week's quotes do not support.

    kind: "no_quote" (names an index with no quote dated in the week), "close" or "change"
    (a printed number differs from the week's), "verdict" (跑赢/跑输/持平 differs or cannot be given),
    "span" (a change measured from a close older than last week's last trading day is called the
    week's: ``detail`` says so, with both dates).
    """

    kind: str
    index: str
    printed: str
    expected: str = ""
    detail: str = ""


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


def _mentions(store, issue: Issue, text: str) -> list[re.Match]:
    """Where the review names an index of the store (or one the issue reviews), in order."""
    if not text.strip():
        return []
    indices = {i["name"] for i in store.indices() if i["name"]}
    indices.update(n for n in (*issue.review_indices, issue.sector_index) if n)  # a reviewed index the store lacks
    if not indices:
        return []
    pattern = re.compile("|".join(re.escape(n) for n in sorted(indices, key=len, reverse=True)))
    return list(pattern.finditer(text))


def review_warnings(store, issue: Issue) -> list[ReviewWarning]:
    """What the preflight warns of in the figures of the issue's written review: for each index it
    names, a change measured from an older close than last week's, a last close earlier than the
    other indices' (those the review names or the issue reviews), the file's change printed
    unchecked for want of a close before the week, or the file's change disagreeing with the closes.
    """
    text = issue.market_review or ""
    named = list(dict.fromkeys(m.group(0) for m in _mentions(store, issue, text)))
    if not named:
        return []
    start, end = issue.period_start, issue.period_end
    desk_base = last_weeks_days(store, start)
    weeks = {n: index_week(store, n, start, end, desk_base=desk_base)
             for n in dict.fromkeys([*named, *_review_names(store, issue)])}
    latest = _latest_days(weeks.values(), desk_days(store, start, end))
    return week_warnings([weeks[n] for n in named], start, latest=latest)


def review_problems(store, issue: Issue) -> list[ReviewProblem]:
    """What the issue's market review prints that the quotes dated in its week do not give.

    Every index of the store named in the review is looked up in the week: naming one with no
    quote that week is a problem, and so is a close (… 点) or change (…%) printed in its clause
    (up to the next index, ；or 。) that is not the week's close or change to the decimals shown.
    A 跑赢/跑输/持平大盘 verdict must be the one the week's quotes give.
    """
    text = issue.market_review or ""
    mentions = _mentions(store, issue, text)
    problems: list[ReviewProblem] = []
    weeks: dict[str, IndexWeek] = {}
    desk_base = last_weeks_days(store, issue.period_start) if mentions else None
    for k, m in enumerate(mentions):
        name = m.group(0)
        stop = mentions[k + 1].start() if k + 1 < len(mentions) else len(text)
        clause = re.split(r"[；;。\n]", text[m.end():stop], maxsplit=1)[0]
        week = weeks.get(name) or weeks.setdefault(name, index_week(store, name, issue.period_start,
                                                                    issue.period_end, desk_base=desk_base))
        if not week.quoted:
            problems.append(ReviewProblem("no_quote", name, name))
            continue
        for n in _NUMBER.finditer(clause):
            number = n.group(2).replace(",", "")
            if n.group(3) == "点":
                if clause[:n.start()].rstrip().endswith(_MOVE_WORDS):
                    continue  # 上涨 32 点: a move in points, not the close
                if not _matches(number, week.close):
                    problems.append(ReviewProblem("close", name, n.group(2), printed_close(week.close)))
                continue
            shown = n.group(1) + n.group(2) + "%"
            if week.change is None:
                problems.append(ReviewProblem("change", name, shown, ""))
                continue
            signed = _sign(n.group(1).replace("−", "-").replace("－", "-"), clause[:n.start()])
            if not _matches(number, signed * week.change * 100):
                problems.append(ReviewProblem("change", name, shown, printed_change(week.change)))
            elif week.base_unproven() and _called_weekly(clause[:n.start()]):
                problems.append(_span_problem(week, shown))
    problems += _verdict_problems(store, issue, text)
    return problems


def _called_weekly(before: str) -> bool:
    """Whether the words before a printed change call it the week's (周涨跌幅, 本周上涨 …), not a
    change from a named close (较12月18日收盘)."""
    return "周" in before and "较" not in before


def _span_problem(w: IndexWeek, shown: str) -> ReviewProblem:
    day, desk = w.base_date, w.desk_base_date
    named = f"较{month_day(day)}收盘涨跌幅为{printed_change(w.change)}"
    return ReviewProblem(
        "span", w.name, shown, named,
        f"市场回顾把{w.name}的 {shown} 写作周涨跌幅，但它以 {day} 的收盘为基准，不是上周最后一个交易日 {desk} "
        f"的收盘（库中没有{w.name}该日的收盘）；请写作“{named}”（重新生成回顾即可），或导入{w.name} {desk} 的收盘 "
        f"(the review calls {shown} the weekly change of {w.name}, but it is measured from the close of {day}, "
        f"not from last week's last trading day {desk}: name the base, or import that day's close)")


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
