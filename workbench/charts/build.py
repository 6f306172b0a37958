"""Build chart specs from the store."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from workbench.analysis import rebase, relative_series
from workbench.charts.spec import BARS, LINE, ChartSpec, Series
from workbench.domain.issue import Figure
from workbench.domain.metrics import YI, metric
from workbench.domain.periods import period_label, period_sort_key
from workbench.errors import NotFound


@dataclass(frozen=True)
class ChartCutoff:
    """A relative-performance chart that stops before its week ends: the day it stops (``shown``),
    the week's last day (``end``) and, by index name, the last close each index has up to ``end``
    (None: no close in the chart's year)."""

    shown: str
    end: str
    last: dict[str, str | None]

    @property
    def short(self) -> list[str]:
        """The indices whose closes stop where the chart does (before another's, or before the week)."""
        return [name for name, day in self.last.items() if day is None or day <= self.shown]

    @property
    def caption(self) -> str:
        """截至12月27日 (the year too when it is not the week's: 截至2024年12月27日)."""
        return f"截至{month_day(self.shown, self.end)}"


def month_day(iso: str, end: str) -> str:
    """A date as the report writes it, 1月3日; with its year when that is not ``end``'s year."""
    d = date.fromisoformat(iso)
    year = f"{d.year}年" if iso[:4] != end[:4] else ""
    return f"{year}{d.month}月{d.day}日"


def _cutoff(dates: list[str], end: str, last: dict[str, str | None]) -> ChartCutoff | None:
    """Where the chart stops, when that is before its week ends: before the last close either index
    has up to ``end`` (the other has no close for the week's last days), or before the week of ``end``."""
    if not dates:
        return None
    shown = dates[-1]
    week_start = (date.fromisoformat(end) - timedelta(days=6)).isoformat()
    latest = max((d for d in last.values() if d), default=shown)
    if shown < latest or shown < week_start:
        return ChartCutoff(shown, end, last)
    return None


def relative_performance_cutoff(store, index_name: str, end: str, *, days: int = 365) -> ChartCutoff | None:
    """Whether the chart ``relative_performance_spec`` draws for ``end`` stops before its week ends."""
    sector, bench, qa, qb = _relative_quotes(store, index_name, end)
    dates, _, _ = _relative_lines(qa, qb, end, days)
    return _cutoff(dates, end, _last_dates(sector, bench, qa, qb, end, days))


MIN_CLOSES = 2  # a line needs two points


@dataclass(frozen=True)
class ShortIndex:
    """An index of a relative-performance chart with too few closes in the chart's year to draw a
    line: its name, how many closes it has from ``start`` to ``end`` and the first of them."""

    name: str
    closes: int
    first: str | None
    start: str
    end: str


def relative_performance_short(store, index_name: str, end: str, *, days: int = 365) -> list[ShortIndex]:
    """The indices (the chart's own, then the benchmark) that ``relative_performance_spec`` cannot
    draw a line for: fewer than two closes in the year up to ``end``."""
    sector, bench, qa, qb = _relative_quotes(store, index_name, end)
    start = _start(end, days)
    out = []
    for index, quotes in ((sector, qa), (bench, qb)):
        held = sorted(_closes(quotes, start, end))
        if len(held) < MIN_CLOSES:
            out.append(ShortIndex(index["name"], len(held), held[0] if held else None, start, end))
    return out


def _start(end: str, days: int) -> str:
    return (date.fromisoformat(end) - timedelta(days=days)).isoformat()


def _closes(quotes, start: str, end: str) -> dict[str, float]:
    """An index's closes from ``start`` to ``end`` by date (a day without a close left out)."""
    return {q["date"]: q["close"] for q in quotes if q["close"] is not None and start <= q["date"] <= end}


def _relative_lines(qa, qb, end: str, days: int) -> tuple[list[str], list[float | None], list[float | None]]:
    """The chart's dates and its two series: on the dates both indices have a close, rebased to 100.
    With fewer than two such dates no line could be drawn; then each index with two closes or more
    in the year is drawn on its own closes (rebased on its first), the other left blank, so the
    benchmark's year still shows when the chart's index holds only this week's close."""
    dates, a, b = relative_series([q["date"] for q in qa], [q["close"] for q in qa],
                                  [q["date"] for q in qb], [q["close"] for q in qb], end=end, days=days)
    if len(dates) >= MIN_CLOSES:
        return dates, a, b
    start = _start(end, days)
    own = [_closes(quotes, start, end) for quotes in (qa, qb)]
    own = [held if len(held) >= MIN_CLOSES else {} for held in own]
    if not any(own):
        return dates, a, b
    x = sorted(set(own[0]) | set(own[1]))
    lines = []
    for held in own:
        days_held = sorted(held)
        rebased = dict(zip(days_held, rebase([held[d] for d in days_held])))
        lines.append([rebased.get(d) for d in x])
    return x, lines[0], lines[1]


def _relative_quotes(store, index_name: str, end: str):
    sector = store.index(index_name)
    bench = store.benchmark()
    if bench is None:
        raise NotFound("没有标记基准指数 (no benchmark index is marked)")
    return sector, bench, store.quotes(sector["id"], end=end), store.quotes(bench["id"], end=end)


def _last_dates(sector, bench, qa, qb, end: str, days: int) -> dict[str, str | None]:
    start = (date.fromisoformat(end) - timedelta(days=days)).isoformat()
    last = {}
    for index, quotes in ((sector, qa), (bench, qb)):
        held = [q["date"] for q in quotes if q["close"] is not None and q["date"] >= start]
        last[index["name"]] = held[-1] if held else None
    return last


def relative_performance_spec(store, index_name: str, end: str, *, days: int = 365,
                              title: str | None = None) -> ChartSpec:
    """The industry index against the benchmark over the last year, both rebased to 100.

    The default title names the benchmark: 最近一年行业指数与沪深300比较. Plotted on the dates both
    indices have a close, the chart stops at the earlier one's last close; when that is before
    the week ends (one index has no close for the week's last days) the title says so:
    最近一年行业指数与沪深300比较（截至12月27日）. An index with fewer than two closes in the year
    draws no line (``relative_performance_short`` names it): the other is drawn alone on its own
    closes.
    """
    sector, bench, qa, qb = _relative_quotes(store, index_name, end)
    title = title or f"最近一年行业指数与{bench['name']}比较"
    dates, a, b = _relative_lines(qa, qb, end, days)
    cutoff = _cutoff(dates, end, _last_dates(sector, bench, qa, qb, end, days))
    if cutoff is not None:
        title = f"{title}（{cutoff.caption}）"
    sample = _plots_sample(store, (sector, bench), dates)
    if sample:
        source = "示意数据 (sample data)"
    else:
        plotted = {sector["id"]: {d for d, v in zip(dates, a) if v is not None},
                   bench["id"]: {d for d, v in zip(dates, b) if v is not None}}
        source = source_line(_quote_sources(store, plotted))
    return ChartSpec(LINE, title, tuple(dates),
                     (Series(sector["name"], tuple(a)), Series(bench["name"], tuple(b))),
                     unit="以起点为100", source=source, sample=sample)


SAMPLE_SOURCE = "示意数据"  # the source of the history the demo generates (workbench.demo.SAMPLE_SOURCE)
MANUAL_SOURCE = "手工录入"  # the source of a figure typed by hand (workbench.edits.MANUAL_SOURCE)
VENDORS = ("Wind", "iFinD", "Choice")  # the vendors an import recognises from a file's layout
MAX_SOURCES = 3  # a source line names at most this many sources, then 等


def source_name(recorded: str | None) -> str:
    """How a chart's source line names one recorded source: the vendor an import recognised from the
    file's layout (recorded as ``iFinD: quotes.xlsx``), 手工录入 for a figure typed by hand, else what
    the store records (the file's name); empty for a row with no recorded source."""
    text = (recorded or "").strip()
    vendor, sep, _rest = text.partition(":")
    if sep and vendor.strip() in VENDORS:
        return vendor.strip()
    return text


def source_line(counts: dict[str | None, int]) -> str:
    """A chart's source line from the recorded sources of its plotted rows (source -> how many rows):
    each source named once, the most plotted first, at most ``MAX_SOURCES`` then 等; never a vendor
    the rows do not record. Empty when no plotted row records a source."""
    named: dict[str, int] = {}
    for recorded, n in counts.items():
        name = source_name(recorded)
        if name:
            named[name] = named.get(name, 0) + n
    order = sorted(named, key=lambda k: -named[k])  # stable: equal counts keep the order first met
    line = "，".join(order[:MAX_SOURCES])
    return f"{line}等" if len(order) > MAX_SOURCES else line


def _quote_sources(store, plotted: dict[int, set[str]]) -> dict[str | None, int]:
    """How many of the plotted closes (index id -> the dates drawn) each recorded source gave."""
    days = [d for held in plotted.values() for d in held]
    if not days:
        return {}
    # one of the reads the app's LazyStore answers with its light reader, as the sample check below: a
    # chart on the first screen never opens the full Store (sqlite-utils) just to ask this
    rows = store.quote_sources(list(plotted), min(days), max(days))
    counts: dict[str | None, int] = {}
    for r in rows:
        if r["date"] in plotted.get(r["index_id"], ()):
            counts[r["source"]] = counts.get(r["source"], 0) + 1
    return counts


def _plots_sample(store, indices, dates) -> bool:
    """Whether the chart's span shows illustrative quotes: an index flagged as holding sample data
    with a generated (示意数据) close dated inside the plotted dates. A flagged index whose plotted
    closes are all real (imported since) draws real data."""
    flagged = [i["id"] for i in indices if i.get("sample")]
    if not flagged or not dates:
        return False
    # one of the reads the app's LazyStore answers with its light reader: a chart on the first
    # screen never opens the full Store (sqlite-utils) just to ask this
    return store.has_quotes_from(SAMPLE_SOURCE, flagged, dates[0], dates[-1])


def dataset_bars_spec(store, dataset: str, *, series: str | None = None, title: str | None = None,
                      unit: str | None = None, source: str | None = None) -> ChartSpec:
    """Bars of one stored dataset: every series, or just ``series``."""
    ds = store.dataset(dataset)
    names = [series] if series else list(ds["series"])
    missing = [n for n in names if n not in ds["series"]]
    if missing:
        raise NotFound(f"数据集 {dataset} 没有系列 (has no series) {missing}")
    return ChartSpec(BARS, title or ds["title"], tuple(ds["categories"]),
                     tuple(Series(n, tuple(ds["series"][n])) for n in names),
                     unit=unit if unit is not None else ds["unit"],
                     source=source if source is not None else ds["source"])


def company_bars_spec(store, ticker: str, metrics: tuple[str, ...] = ("revenue", "net_profit"),
                      *, source: str | None = None) -> ChartSpec:
    """A company's amounts by period, in 亿元. The source line is ``source`` when given (an editor's
    own text), else the recorded sources of the plotted figures (``source_line``)."""
    company = store.company(ticker)
    rows = [r for r in store.facts([company["ticker"]]) if r["metric"] in metrics]
    if not source:
        counts: dict[str | None, int] = {}
        for r in rows:
            if r["value"] is not None:
                counts[r["source"]] = counts.get(r["source"], 0) + 1
        source = source_line(counts)
    periods = sorted({r["period"] for r in rows}, key=period_sort_key)
    by_key = {(r["metric"], r["period"]): r["value"] for r in rows}
    series = tuple(
        Series(metric(m).zh, tuple(None if by_key.get((m, p)) is None else by_key[(m, p)] / YI for p in periods))
        for m in metrics)
    return ChartSpec(BARS, f"{company['name']}（{company['ticker']}）营业收入与归母净利润",
                     tuple(period_label(p) for p in periods), series, unit="亿元", source=source,
                     value_kind="amount")


def figure_spec(store, figure: Figure, *, end: str | None = None) -> ChartSpec:
    """The spec for one of an issue's figures. Its title is the figure's caption: the figure's own
    title when it has one, else the chart's; a relative-performance chart stopping before its week
    adds （截至…） to either (the note the preflight's chart_cutoff warning quotes)."""
    # the editor's own source text for the figure, when the issue sets one, is the chart's source line;
    # else the dataset's, or the recorded sources of the plotted rows
    if figure.kind == "dataset_bars":
        return dataset_bars_spec(store, figure.dataset or "", series=figure.series, title=figure.title,
                                 unit=figure.unit, source=figure.source or None)
    if figure.kind == "relative_performance":
        spec = relative_performance_spec(store, figure.params.get("index", ""), end or figure.params["end"],
                                         title=figure.title)
        return replace(spec, source=figure.source) if figure.source and not spec.sample else spec
    if figure.kind == "company_bars":
        spec = company_bars_spec(store, figure.params["ticker"], source=figure.source or None)
        return replace(spec, title=figure.title) if figure.title else spec
    raise NotFound(f"未知图表类型 (unknown figure kind): {figure.kind}")
