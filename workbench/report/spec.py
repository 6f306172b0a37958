"""The report spec: everything one issue's PDF shows, resolved from the store into plain data.

A ReportSpec is a tree of plain dataclasses that round-trips through JSON. It is the data
snapshot a final issue freezes: rendering the stored snapshot again gives the same PDF bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from workbench.analysis.growth import fill_computed_yoy
from workbench.charts import ChartSpec, Series, figure_spec, relative_performance_spec
from workbench.domain.issue import Issue
from workbench.domain.metrics import METRICS, NumberStyle, format_value
from workbench.errors import WorkbenchError

SPEC_FORMAT = 3  # the newest snapshot format this version reads (2: a correction's record; 3: older figures)
CORRECTIONS_FORMAT = 2  # the format of a snapshot that carries corrections (older readers refuse it)
OLDER_FORMAT = 3  # the format of a snapshot whose table notes figures older than its week
CORRECTION_LOG_PREFIX = "更正 correction: "  # how the issue log records a correction's reason
DEFAULT_COLOUR = "#9E1B32"
REPORT_KIND = "行业周报"
REQUIRED_WORDS = "证券研究报告"
RISK_SENTENCE = "市场有风险，投资需谨慎"  # the closing pages' risk sentence (house disclaimer)


@dataclass
class HouseProfile:
    name_zh: str = ""
    name_en: str = ""
    licence: str = ""
    footer: str = ""
    declaration: str = ""
    disclaimer: str = ""
    colour: str = DEFAULT_COLOUR
    series: list[str] = field(default_factory=list)
    ratings: dict = field(default_factory=dict)
    fonts: dict = field(default_factory=dict)
    number_style: dict = field(default_factory=dict)  # NumberStyle.to_dict(); {} is the reference's style


@dataclass
class AnalystEntry:
    name: str
    sac_no: str
    contact: str = ""


@dataclass
class ThemeEntry:
    """A numbered investment theme with the stocks to watch, tickers resolved to short names."""

    name: str
    rationale: str = ""
    tickers: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


@dataclass
class RelatedEntry:
    title: str
    date: str = ""


@dataclass
class FigureEntry:
    """One figure: its chart, or why the chart could not be built (``error``)."""

    title: str
    unit: str = ""
    source: str = ""
    chart: ChartSpec | None = None
    error: str = ""


@dataclass
class TableColumnEntry:
    metric: str
    period: str
    group: str = ""
    label: str = ""
    kind: str = "multiple"  # amount | ratio | multiple | price | per_share (display format)


@dataclass
class TableRow:
    segment: str
    ticker: str
    name: str
    values: list[float | None] = field(default_factory=list)


@dataclass
class OlderFigure:
    """A market figure the table prints from before its week (a PE the data vendor did not refresh),
    with the date it is as of: the PDF notes it under the table."""

    ticker: str
    metric: str
    period: str
    as_of: str


@dataclass
class TableEntry:
    """The comparison table: columns and rows with the raw stored values (formatted when drawn)."""

    title: str = ""
    source: str = ""
    as_of: str | None = None
    unit_note: str = ""
    columns: list[TableColumnEntry] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    older: list[OlderFigure] = field(default_factory=list)  # market figures from before the week


@dataclass
class CorrectionEntry:
    """A correction of a published issue: the version it opened, the day (YYYY-MM-DD) it was
    opened and the reason as given, all from the issue's log."""

    version: int
    date: str
    reason: str


@dataclass
class ReportSpec:
    """One issue's PDF as data: house profile, analysts, text, charts and the table snapshot."""

    issue_id: int | None
    version: int
    status: str
    series: str
    headline: str
    period_start: str
    period_end: str
    publish_date: str
    industry: str = ""
    rating: str = ""
    rating_action: str = ""
    house: HouseProfile = field(default_factory=HouseProfile)
    analysts: list[AnalystEntry] = field(default_factory=list)
    market_review: str = ""
    views: list[str] = field(default_factory=list)
    advice: str = ""
    themes: list[ThemeEntry] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    related: list[RelatedEntry] = field(default_factory=list)
    figures: list[FigureEntry] = field(default_factory=list)
    cover_chart: ChartSpec | None = None
    table: TableEntry = field(default_factory=TableEntry)
    as_of: str | None = None
    source: str = ""
    corrections: list[CorrectionEntry] = field(default_factory=list)
    format: int = 1

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict:
        """Plain data; a spec without corrections or older figures is written as before they existed
        (format 1)."""
        data = asdict(self)
        if self.corrections:
            data["format"] = max(data["format"], CORRECTIONS_FORMAT)
        else:
            del data["corrections"]
        if self.table.older:
            data["format"] = max(data["format"], OLDER_FORMAT)
        else:
            del data["table"]["older"]
        return data

    def to_json(self) -> str:
        """Deterministic JSON (sorted keys, no ASCII escaping)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict) -> "ReportSpec":
        data = dict(data)
        fmt = data.get("format", SPEC_FORMAT)
        if fmt > SPEC_FORMAT:
            raise WorkbenchError(f"报告快照格式过新 (report snapshot format {fmt} is newer than "
                                 f"this version understands)")
        house = dict(data.get("house") or {})
        # snapshots written before the house had a number style printed grouped amounts (2,319.1)
        house.setdefault("number_style", {"thousands": True})
        data["house"] = HouseProfile(**house)
        data["analysts"] = [AnalystEntry(**a) for a in data.get("analysts", [])]
        data["themes"] = [ThemeEntry(**t) for t in data.get("themes", [])]
        data["related"] = [RelatedEntry(**r) for r in data.get("related", [])]
        data["figures"] = [FigureEntry(**{**f, "chart": chart_from_dict(f.get("chart"))})
                           for f in data.get("figures", [])]
        data["cover_chart"] = chart_from_dict(data.get("cover_chart"))
        table = dict(data.get("table") or {})
        table["columns"] = [TableColumnEntry(**c) for c in table.get("columns", [])]
        table["rows"] = [TableRow(**r) for r in table.get("rows", [])]
        table["older"] = [OlderFigure(**o) for o in table.get("older", [])]
        data["table"] = TableEntry(**table)
        data["corrections"] = [CorrectionEntry(**c) for c in data.get("corrections") or []]
        return cls(**data)

    @classmethod
    def from_json(cls, text: str) -> "ReportSpec":
        return cls.from_dict(json.loads(text))

    # ------------------------------------------------------------------ derived text
    @property
    def period_compact(self) -> str:
        return f"{self.period_start.replace('-', '')}-{self.period_end.replace('-', '')}"

    @property
    def subtitle(self) -> str:
        """——先进科技主题周报 20241223-20241229"""
        return f"——{self.series} {self.period_compact}".rstrip()

    @property
    def rating_text(self) -> str:
        """增持（维持）"""
        if not self.rating:
            return ""
        return f"{self.rating}（{self.rating_action}）" if self.rating_action else self.rating

    @property
    def correction_mark(self) -> str:
        """更正版 · 第 2 版 on a corrected version, else empty."""
        return f"更正版 · 第 {self.version} 版" if self.corrections else ""


def chart_from_dict(data: dict | None) -> ChartSpec | None:
    if not data:
        return None
    return ChartSpec(
        kind=data["kind"], title=data["title"], x=tuple(data["x"]),
        series=tuple(Series(s["name"], tuple(s["values"])) for s in data["series"]),
        unit=data.get("unit", ""), source=data.get("source", ""), y_label=data.get("y_label", ""),
        sample=bool(data.get("sample", False)), value_kind=data.get("value_kind", ""))


# ---------------------------------------------------------------------- building from the store
def resolve_issue(store, issue_or_id) -> Issue:
    return issue_or_id if isinstance(issue_or_id, Issue) else store.issue(issue_or_id)


def build_report_spec(store, issue_or_id) -> ReportSpec:
    """Resolve everything the issue's PDF shows from the store into a ReportSpec."""
    issue = resolve_issue(store, issue_or_id)
    house_row = store.house()
    house = HouseProfile(
        name_zh=house_row.get("name_zh") or "", name_en=house_row.get("name_en") or "",
        licence=house_row.get("licence") or "", footer=house_row.get("footer") or "",
        declaration=house_row.get("declaration") or "", disclaimer=house_row.get("disclaimer") or "",
        colour=house_row.get("colour") or DEFAULT_COLOUR,
        series=list(house_row.get("series") or []), ratings=dict(house_row.get("ratings") or {}),
        fonts=dict(house_row.get("fonts") or {}),
        number_style=NumberStyle.lenient(house_row.get("number_style")).to_dict())

    analysts = []
    for analyst_id in issue.analysts:
        try:
            a = store.analyst(analyst_id)
        except WorkbenchError:
            continue  # preflight names the missing analyst
        analysts.append(AnalystEntry(a["name"], a["sac_no"], a.get("contact") or ""))

    themes = [ThemeEntry(t.name, t.rationale, list(t.tickers), [_company_name(store, x) for x in t.tickers])
              for t in issue.themes]
    figures = _figures_as_published(store, issue, [_figure_entry(store, issue, f) for f in issue.figures])
    table = _table_entry(store, issue)
    return ReportSpec(
        issue_id=issue.id, version=issue.version, status=issue.status, series=issue.series,
        headline=issue.headline, period_start=issue.period_start, period_end=issue.period_end,
        publish_date=issue.publish_date, industry=issue.industry, rating=issue.rating,
        rating_action=issue.rating_action, house=house, analysts=analysts,
        market_review=issue.market_review, views=list(issue.views), advice=issue.advice,
        themes=themes, risks=list(issue.risks),
        related=[RelatedEntry(r.title, r.date) for r in issue.related],
        figures=figures, cover_chart=_cover_chart(store, issue), table=table,
        as_of=issue.table.as_of or _published_as_of(store, issue) or store.latest_as_of(),
        source=issue.table.source, corrections=correction_entries(store, issue))


def _published_as_of(store, issue: Issue) -> str | None:
    """A correction's as-of date when its table states none: the published version's (data imported
    since is not the issue's)."""
    basis = published_basis(store, issue)
    return (basis[1].get("as_of") or (basis[1].get("table") or {}).get("as_of")) if basis else None


def correction_entries(store, issue: Issue) -> list[CorrectionEntry]:
    """The corrections that made ``issue``'s version, oldest first: every version after the first
    was opened from the published one, and the issue log holds the day and the reason. A version
    whose opening is not in the log (a store that lost it) is listed with neither."""
    version = issue.version or 1
    if issue.id is None or version <= 1:
        return []
    opened: dict[int, dict] = {}
    for row in store.issue_log(issue.id):
        v = row.get("version") or 0
        if row.get("from_status") == "final" and 1 < v <= version:
            opened[v] = row  # the latest record of each version's opening
    out = []
    for v in range(2, version + 1):
        row = opened.get(v, {})
        reason = (row.get("reason") or "").strip()
        if reason.startswith(CORRECTION_LOG_PREFIX):
            reason = reason[len(CORRECTION_LOG_PREFIX):].strip()
        out.append(CorrectionEntry(v, str(row.get("at") or "")[:10], reason))
    return _as_published(store, issue, out)


def _as_published(store, issue: Issue, entries: list[CorrectionEntry]) -> list[CorrectionEntry]:
    """Each earlier correction's note as its own version published it: the log holds the reason,
    the version's frozen snapshot what its final added to it (how many figures it updated), so a
    later correction repeats each note as readers first saw it."""
    earlier = [e for e in entries if e.version < (issue.version or 1)]
    if not earlier:
        return entries
    frozen = {v["version"]: v["snapshot_json"] for v in store.versions(issue.id)}
    out = []
    for entry in entries:
        try:
            notes = json.loads(frozen.get(entry.version) or "{}").get("corrections") or []
        except ValueError:
            notes = []
        own = next((c for c in notes if c.get("version") == entry.version), None)
        if own and isinstance(own.get("reason"), str) and own.get("date") == entry.date:
            entry = replace(entry, reason=own["reason"])
        out.append(entry)
    return out


def _company_name(store, ticker: str) -> str:
    try:
        found = store.find_company(ticker)
    except WorkbenchError:
        found = None
    return found["name"] if found else ticker


def _figure_entry(store, issue: Issue, figure) -> FigureEntry:
    try:
        chart = figure_spec(store, figure, end=issue.period_end)
        error = ""
    except (WorkbenchError, ValueError, KeyError, TypeError) as exc:
        chart, error = None, str(exc) or type(exc).__name__
    # the caption is the chart's title (the figure's own, with the note of a chart stopping early)
    return FigureEntry(chart.title if chart else figure.title, figure.unit or (chart.unit if chart else ""),
                       figure.source, chart, error)


def _cover_chart(store, issue: Issue) -> ChartSpec | None:
    if not issue.cover_index:
        return None
    try:
        chart = relative_performance_spec(store, issue.cover_index, issue.period_end)
    except (WorkbenchError, ValueError, KeyError, ZeroDivisionError):
        return None
    if not chart.x or not any(v is not None for s in chart.series for v in s.values):
        return None
    return chart


def _metric_kind(code: str) -> str:
    m = METRICS.get(code)
    return m.kind if m else "multiple"


def _table_entry(store, issue: Issue) -> TableEntry:
    """The comparison table as the issue prints it: from the store for a first version; for a
    correction, the published version's table with only the figures that correct that week's data
    (``correction_table``)."""
    live = _live_table_entry(store, issue)
    corrected = correction_table(store, issue, live)
    return corrected.table if corrected is not None else live


def _live_table_entry(store, issue: Issue) -> TableEntry:
    spec = issue.table
    columns = [TableColumnEntry(c.metric, c.period, c.group, c.label or f"{c.metric} {c.period}",
                                _metric_kind(c.metric)) for c in spec.columns]
    segments = spec.segments if spec.segments is not None else store.segments()
    by_segment: dict[str, list[dict]] = {}
    for company in store.companies():
        if company["segment"] is not None:
            by_segment.setdefault(company["segment"], []).append(company)
    wanted = None if spec.tickers is None else set(spec.tickers)
    companies = [c for seg in dict.fromkeys(segments) for c in by_segment.get(seg, [])
                 if wanted is None or c["ticker"] in wanted]
    keys = [(c.metric, c.period) for c in spec.columns]
    # one query for every company (a list filter inside fact_matrix would be quadratic)
    matrix = store.fact_matrix(keys) if keys and companies else {}
    # a YoY the store does not hold is computed from the two stored levels (2023A against 2022A,
    # 24Q1-Q3 against 23Q1-Q3); a stored (imported) YoY is never replaced
    fill_computed_yoy(store, keys, matrix, [c["ticker"] for c in companies])
    rows = [TableRow(c["segment"], c["ticker"], c["name"],
                     [matrix.get(c["ticker"], {}).get(k) for k in keys]) for c in companies]
    unit_note = "单位：亿元" if any(c.kind == "amount" for c in columns) else ""
    entry = TableEntry(spec.title, spec.source, spec.as_of, unit_note, columns, rows)
    limit = week_start(issue, spec.as_of)
    market = list(dict.fromkeys(k for k in keys if k[0] in MARKET_METRICS))
    if limit and market and rows:
        dates = _figure_dates(store, [r.ticker for r in rows], market)
        for r in rows:
            printed = dict.fromkeys(k for k, v in zip(keys, r.values) if k in market and v is not None)
            entry.older += [OlderFigure(r.ticker, *k, dates[(r.ticker, *k)]) for k in printed
                            if (_day(dates.get((r.ticker, *k))) or limit) < limit]
    return entry


def week_start(issue: Issue, as_of: str | None) -> str | None:
    """The day before which a market figure the table prints is older than its week: the issue's first
    day, or the table's 截至 date where that is earlier. None without a date."""
    days = [d for d in (_day(issue.period_start), _day(as_of)) if d]
    return min(days) if days else None


def _day(text) -> str | None:
    """A date as YYYY-MM-DD, or None for text that is none (a date written outside the workbench)."""
    from datetime import date

    try:
        return date.fromisoformat(str(text or "")[:10]).isoformat()
    except ValueError:
        return None


OLDER_WORDS = {"pe": "PE", "ytd_return": "年初至今涨跌幅", "market_cap": "总市值", "close": "收盘价"}
OLDER_NAMED = 10  # companies named in one date's part of the note; the rest are counted


def older_note(table: TableEntry, end: str) -> str:
    """The note under the table naming its market figures older than its week, by date:
    ``注：茂莱光学、奥普光电 PE 数据截至2024年12月29日`` (the year when it is not ``end``'s); empty when
    there are none."""
    from workbench.charts.build import month_day

    if not table.older:
        return ""
    names = {r.ticker: r.name for r in table.rows}
    printed = {(r.ticker, c.metric, c.period) for r in table.rows for c, v in zip(table.columns, r.values)
               if v is not None}
    by_day: dict[str, dict[str, dict[str, list[str]]]] = {}  # day -> ticker -> metric -> periods
    for f in table.older:
        periods = by_day.setdefault(f.as_of, {}).setdefault(f.ticker, {}).setdefault(f.metric, [])
        if f.period not in periods:
            periods.append(f.period)

    def word(ticker: str, metric: str, periods: list[str]) -> str:
        """PE where every PE the company prints is this old, else PE 2025E (the periods that are)."""
        every = [p for t, m, p in printed if (t, m) == (ticker, metric)]
        name = OLDER_WORDS.get(metric, metric)
        return name if set(every) <= set(periods) else f"{name} {'、'.join(sorted(periods))}"

    parts = []
    for day in sorted(by_day):
        groups: dict[tuple[str, ...], list[str]] = {}
        for ticker, metrics in by_day[day].items():
            ordered = sorted(metrics, key=lambda m: list(OLDER_WORDS).index(m) if m in OLDER_WORDS else len(OLDER_WORDS))
            groups.setdefault(tuple(word(ticker, m, metrics[m]) for m in ordered), []).append(names.get(ticker, ticker))
        said = []
        for words_of, who in groups.items():
            shown = "、".join(who[:OLDER_NAMED]) + (f" 等 {len(who)} 家" if len(who) > OLDER_NAMED else "")
            words = "、".join(words_of)
            said.append(f"{shown}{' ' if words[:1].isascii() else ''}{words}")
        gap = " " if said[-1][-1:].isascii() else ""
        parts.append(f"{'，'.join(said)}{gap}数据截至{month_day(day, end)}")
    return "注：" + "；".join(parts)


# ---------------------------------------------------------------------- a correction's table
#: The store setting naming, for one correction (issue id, version), the figures its editor takes
#: from the store although dated after the issue's date, in release 2026-12-01; the issue holds them
#: since (``correction_record``: the store's migration m039 moved them there).
CORRECTION_TAKE_KEY = "correction.take.{}.v{}"
#: The store setting holding the change log's last seq when a correction (issue id, version) was
#: opened on this store (a seq means nothing on another workstation: it stays this store's).
CORRECTION_OPENED_KEY = "correction.opened_seq.{}.v{}"
MARKET_METRICS = frozenset({"pe", "market_cap", "ytd_return", "close"})  # observed each trading day
_PERIOD_ENDS = {"A": "12-31", "Q1": "03-31", "H1": "06-30", "Q1-Q3": "09-30"}


@dataclass
class KeptFigure:
    """A figure of the store newer than a correction's issue, not printed: the published value stays."""

    ticker: str
    name: str
    column: TableColumnEntry
    published: float | None
    now: float | None
    as_of: str | None


@dataclass
class CorrectionTable:
    """A correction's comparison table and what it left as published: the store's figures dated after
    the issue's date (``kept``, those that would print differently) and the companies added to the
    store since (``left_out``: ticker, name)."""

    table: TableEntry
    published_version: int
    stated: str
    kept: list[KeptFigure] = field(default_factory=list)
    left_out: list[tuple[str, str]] = field(default_factory=list)


def _held_record(store, issue: Issue) -> dict:
    """What the issue holds of its open correction (``issues.correction``) when it is of this
    version; else empty."""
    read = getattr(store, "issue_correction", None)
    record = read(issue.id) if read is not None and issue.id is not None else None
    if not isinstance(record, dict) or record.get("version") != (issue.version or 1):
        return {}
    return record


def correction_takes(store, issue: Issue) -> set[tuple[str, str | None, str | None]]:
    """The figures the editor of a correction chose to take although newer than the issue:
    (ticker, None, None) a company's every figure (a company added since included), (ticker,
    metric, None) every period of a metric, (ticker, metric, period) one figure. The issue holds
    them: they travel with it to every workstation."""
    if issue.id is None:
        return set()
    try:
        return {(t, m, p) for t, m, p in _held_record(store, issue).get("take") or []}
    except (ValueError, TypeError):
        return set()


def correction_point_takes(store, issue: Issue) -> set[tuple[str, str | None, str | None]]:
    """The chart points of datasets the editor of a correction chose to take although the rule keeps
    them as published (a forecast year's point, one naming no period): (dataset, None, None) every
    point of a dataset its figures draw (a category added since included), (dataset, series, None) a
    series', (dataset, series, category) one point. The issue holds them, as ``correction_takes``."""
    if issue.id is None:
        return set()
    try:
        return {(d, s, c) for d, s, c in _held_record(store, issue).get("points") or []}
    except (ValueError, TypeError):
        return set()


def point_words(store, point: tuple[str, str | None, str | None]) -> str:
    """A chart point taken on purpose as the editor knows it: the dataset's title, the series and the
    category (云厂商资本开支 资本开支 2025E; a whole dataset or series by fewer words)."""
    try:
        title = store.dataset(point[0]).get("title") or point[0]
    except WorkbenchError:  # deleted since: its name
        title = point[0]
    return " ".join(str(p) for p in (title, *point[1:]) if p)


def _sorted_takes(takes) -> list[list]:
    return [list(t) for t in sorted(takes, key=lambda t: tuple(x or "" for x in t))]


def correction_record(store, issue: Issue, takes=None, points=None) -> dict:
    """What an open correction takes, as the issue keeps it (``Store.set_issue_correction``): its
    version, the figures taken on purpose (``takes``, else those taken so far), the datasets' chart
    points taken on purpose (``points``, else those taken so far) and the figures typed in it with
    their values (``correction_typed``), so that a workstation the correction travels to prints what
    its editor's did."""
    takes = correction_takes(store, issue) if takes is None else takes
    points = correction_point_takes(store, issue) if points is None else points
    typed = correction_typed(store, issue)
    record = {"version": issue.version or 1, "take": _sorted_takes(takes),
              "typed": [[*k, v] for k, v in sorted(typed.items())]}
    if points:  # (a record without chart points reads as an earlier release wrote it)
        record["points"] = _sorted_takes(points)
    return record


def published_basis(store, issue: Issue) -> tuple[int, dict] | None:
    """(version, frozen snapshot) of the published version a correction corrects; None for a first
    version (or a store that holds none of its earlier versions)."""
    if issue.id is None or (issue.version or 1) <= 1:
        return None
    earlier = [v for v in store.versions(issue.id) if v["version"] < issue.version]
    if not earlier:
        return None
    try:
        return earlier[-1]["version"], json.loads(earlier[-1]["snapshot_json"])
    except (TypeError, ValueError):
        return None


def reported_before(metric_code: str, period: str, day: str) -> bool:
    """Whether a figure is an actual of a period that ended before ``day`` (FY2023 net profit, its
    growth, 24Q1-Q3 revenue in a December issue): a restatement of it corrects that week's data
    whatever its date. Market figures (PE, 年初至今, close, market cap) and forecasts never are."""
    from workbench.domain.periods import PERIOD_RE

    if metric_code in MARKET_METRICS:
        return False
    m = PERIOD_RE.match(period or "")
    end = _PERIOD_ENDS.get(m.group(2)) if m else None
    return end is not None and f"{m.group(1)}-{end}" < day


def correction_table(store, issue: Issue, live: TableEntry | None = None) -> CorrectionTable | None:
    """A correction's comparison table: the published version's (its companies, as published), each
    figure the store now holds differently taken only when it corrects that week's data: dated on or
    before the issue's date (a late or corrected file for that week), an actual of a period ended
    before it (a restatement, whatever its date), a figure the editor typed since the correction was
    opened, or one the editor takes on purpose (``correction_takes``). A market or forecast figure
    dated after the issue's date keeps its published value (``kept``); a company added to the store
    since is not added (``left_out``), one deleted since stays; the editor's own table edits (columns,
    segments and companies left out) win. None for a first version."""
    basis = published_basis(store, issue)
    if basis is None:
        return None
    version, snapshot = basis
    live = live if live is not None else _live_table_entry(store, issue)
    published = snapshot.get("table") or {}
    stated = stated_as_of(snapshot, issue)
    pub_columns = {(c["metric"], c["period"]): i for i, c in enumerate(published.get("columns", []))}
    pub_rows = {r["ticker"]: r for r in published.get("rows", [])}
    live_rows = {r.ticker: r for r in live.rows}
    keys = [(c.metric, c.period) for c in live.columns]
    takes = correction_takes(store, issue)
    dates = _figure_dates(store, list(dict.fromkeys([*pub_rows, *live_rows])), keys)
    taken = _taken_rule(store, issue, stated, dates, takes)
    style = NumberStyle.lenient(store.house().get("number_style"))
    listed = None if issue.table.tickers is None else set(issue.table.tickers)
    segments = issue.table.segments

    kept: list[KeptFigure] = []
    rows: list[tuple[tuple, TableRow]] = []
    # a figure printed as the store holds it is as old as the store's; one printed as published, as
    # the published note said
    limit = week_start(issue, live.as_of)
    was_older = {(o["ticker"], o["metric"], o["period"]): o["as_of"] for o in published.get("older", [])}
    older: list[OlderFigure] = []

    def note(ticker: str, key: tuple[str, str], value, day: str | None) -> None:
        if key[0] in MARKET_METRICS and value is not None and _day(day) and limit and day < limit and \
                not any((o.ticker, o.metric, o.period) == (ticker, *key) for o in older):
            older.append(OlderFigure(ticker, *key, day))

    for position, (ticker, was) in enumerate(pub_rows.items()):
        if (listed is not None and ticker not in listed) or (segments is not None and was["segment"] not in segments):
            continue  # the editor took the company out of the correction's table
        row = live_rows.get(ticker)
        values = []
        for j, (key, column) in enumerate(zip(keys, live.columns)):
            now = row.values[j] if row is not None else None
            if key not in pub_columns:  # a column the editor added to the correction: the store's
                values.append(now)
                note(ticker, key, now, dates.get((ticker, *key)))
                continue
            before = was["values"][pub_columns[key]] if pub_columns[key] < len(was["values"]) else None
            if row is None or now == before:  # deleted from the store since: as published
                values.append(before)
                note(ticker, key, before, was_older.get((ticker, *key)) if row is None else dates.get((ticker, *key)))
            elif taken(ticker, key, now):
                values.append(now)
                note(ticker, key, now, dates.get((ticker, *key)))
            else:
                values.append(before)
                note(ticker, key, before, was_older.get((ticker, *key)))
                if format_value(column.kind, now, style=style) != format_value(column.kind, before, style=style):
                    kept.append(KeptFigure(ticker, was["name"], column, before, now, dates.get((ticker, *key))))
        segment, name = (row.segment, row.name) if row is not None else (was["segment"], was["name"])
        rows.append(((segment, position), TableRow(segment, ticker, name, values)))
    left_out = []
    for position, row in enumerate(live.rows, start=len(pub_rows)):
        if row.ticker in pub_rows:
            continue
        if (row.ticker, None, None) in takes:
            rows.append(((row.segment, position), row))
            older += [o for o in live.older if o.ticker == row.ticker]
        else:
            left_out.append((row.ticker, row.name))
    order = _segment_order(segments if segments is not None else store.segments(),
                           [r["segment"] for r in pub_rows.values()])
    rows.sort(key=lambda item: (order.get(item[0][0], len(order)), item[0][1]))
    table = TableEntry(live.title, live.source, live.as_of, live.unit_note, live.columns, [r for _, r in rows], older)
    return CorrectionTable(table, version, stated, kept, left_out)


_NOT_EDITED = object()


def stated_as_of(snapshot: dict, issue: Issue) -> str:
    """The date a correction's issue is as of (its 截至): the published table's, else the issue's."""
    published = snapshot.get("table") or {}
    return str(published.get("as_of") or snapshot.get("as_of") or issue.table.as_of or issue.period_end or "")[:10]


def _taken_rule(store, issue: Issue, stated: str, dates: dict, takes: set):
    """Whether a correction prints a company's figure the store now holds differently from the
    published one: taken on purpose (``takes``), dated on or before ``stated`` (or undated), an actual
    of a period ended before it (a restatement), or typed in the correction and still that value."""
    edited = correction_typed(store, issue)

    def taken(ticker: str, key: tuple[str, str], now) -> bool:
        if {(ticker, None, None), (ticker, key[0], None), (ticker, *key)} & takes:
            return True
        as_of = dates.get((ticker, *key))
        if as_of is None or as_of <= stated or reported_before(*key, stated):
            return True
        return edited.get((ticker, *key), _NOT_EDITED) == now

    return taken


# ---------------------------------------------------------------------- a correction's charts
@dataclass
class KeptPoint:
    """A chart point the store now holds differently, newer than a correction's issue: the
    published value stays (``figure``: the figure's caption)."""

    figure: str
    series: str
    category: str
    published: float | None
    now: float | None


def _figures_as_published(store, issue: Issue, figures: list[FigureEntry]) -> list[FigureEntry]:
    """A correction's figures as of its issue's week (``correction_figures``); a first version's as built."""
    corrected = correction_figures(store, issue, figures)
    return corrected[0] if corrected is not None else figures


def correction_figures(store, issue: Issue, figures: list[FigureEntry] | None = None, taken: list | None = None
                       ) -> tuple[list[FigureEntry], list[KeptPoint]] | None:
    """A correction's figures: each bar chart the published version drew from the same data (same
    kind, dataset, series, company) starts from the published chart's categories and values, and
    takes a point the store now holds differently only by the table's rule (a dataset or company
    deleted since: the published chart): a company's figure
    dated on or before the issue's 截至, a restated actual of a period ended before it, typed in the
    correction or taken on purpose; a dataset's point (a dataset has no dates) only when it is of a
    period ended before the 截至 (the category's, else the series', the figure's or the dataset's
    title or name: CY2024Q3) or taken on purpose (``correction_point_takes``). A category added
    since is not added (a company's period or a dataset's category taken on purpose is), one gone
    since stays; the rest stays as published (returned as ``KeptPoint``). A
    relative-performance chart is drawn from the closes up to the week's end, as published
    (a close corrected inside the week is taken). ``taken``, a list, receives the datasets' points
    taken on purpose that print otherwise than published (as ``KeptPoint``: the published value and
    the one printed), for the preflight to name. None for a first version."""
    basis = published_basis(store, issue)
    if basis is None:
        return None
    figures = figures if figures is not None else [_figure_entry(store, issue, f) for f in issue.figures]
    snapshot = basis[1]
    stated = stated_as_of(snapshot, issue)
    published = snapshot.get("figures") or []
    defined = _published_figure_definitions(store, issue)
    out, kept = [], []
    for i, (figure, entry) in enumerate(zip(issue.figures, figures)):
        was = published[i] if i < len(published) and isinstance(published[i], dict) else {}
        same = i < len(defined) and _same_figure(defined[i], figure)
        if entry.chart is None and same and was.get("chart") and figure.kind in ("dataset_bars", "company_bars"):
            try:  # its dataset or company deleted since: as published, as a deleted company's table row
                out.append(replace(entry, title=was.get("title") or entry.title, chart=chart_from_dict(was["chart"]),
                                   error=""))
                continue
            except (ValueError, KeyError, TypeError):
                pass
        if entry.chart is None or not was.get("chart") or not same or figure.kind not in ("dataset_bars",
                                                                                           "company_bars"):
            out.append(entry)
            continue
        try:
            chosen: list[KeptPoint] = []
            chart, points = _chart_as_published(store, issue, figure, entry.chart, chart_from_dict(was["chart"]),
                                                stated, chosen)
        except (WorkbenchError, ValueError, KeyError, TypeError):
            out.append(entry)  # a published chart this version cannot read: drawn from the store
            continue
        out.append(replace(entry, chart=chart))
        kept += [replace(p, figure=entry.title) for p in points]
        if taken is not None:
            taken += [replace(p, figure=entry.title) for p in chosen]
    return out + figures[len(out):], kept


def _published_figure_definitions(store, issue: Issue) -> list[dict]:
    """The figures of the published version a correction corrects, as its editor defined them."""
    earlier = [v for v in store.versions(issue.id) if v["version"] < issue.version]
    try:
        figures = json.loads(earlier[-1].get("issue_json") or "{}").get("figures") if earlier else None
    except (TypeError, ValueError, AttributeError):
        return []
    return [f for f in figures if isinstance(f, dict)] if isinstance(figures, list) else []


def _same_figure(was: dict, figure) -> bool:
    """Whether a published figure drew the same data as ``figure`` (its text aside)."""
    return (was.get("kind"), was.get("dataset"), was.get("series"), was.get("params") or {}) == \
        (figure.kind, figure.dataset, figure.series, figure.params or {})


_LABEL_PERIOD = re.compile(r"(?<![0-9A-Za-z])(?:CY|FY)?((?:19|20)\d{2}|\d{2}(?=Q))\s*(Q1-Q3|Q[1-4]|H[12]|E|A)?(?![0-9])",
                           re.IGNORECASE)
_LABEL_ENDS = {"Q1": "03-31", "Q2": "06-30", "Q3": "09-30", "Q4": "12-31", "H1": "06-30", "H2": "12-31",
               "Q1-Q3": "09-30", "A": "12-31", "": "12-31"}


def restated_label(texts, day: str) -> bool:
    """Whether the first period the texts name (a dataset's category, series, title or name: CY2024Q3,
    2024Q3, 24Q3, 2023) ended before ``day``: a changed point of it restates an actual. A forecast
    (2025E) or no period named never is."""
    for text in texts:
        m = _LABEL_PERIOD.search(str(text or ""))
        if m:
            year = m.group(1) if len(m.group(1)) == 4 else f"20{m.group(1)}"
            kind = (m.group(2) or "").upper()
            return kind != "E" and f"{year}-{_LABEL_ENDS[kind]}" < day
    return False


def _chart_as_published(store, issue: Issue, figure, live: ChartSpec, was: ChartSpec, stated: str,
                        chosen_out: list | None = None) -> tuple[ChartSpec, list[KeptPoint]]:
    """A bar chart as published with the points the correction takes (see ``correction_figures``);
    ``chosen_out`` receives a dataset's points taken on purpose that print otherwise than published."""
    if figure.kind == "dataset_bars":
        ds = store.dataset(figure.dataset or "")
        texts = (figure.title, ds.get("title"), ds.get("name"))
        points = {(s, c) for d, s, c in correction_point_takes(store, issue) if d == ds.get("name")}

        def chosen(series: str, category: str) -> bool:  # taken on purpose (``correction_point_takes``)
            return bool({(None, None), (series, None), (series, category)} & points)

        def taken(series: str, category: str, now) -> bool:
            return chosen(series, category) or restated_label((category, series, *texts), stated)

        def added(category: str) -> bool:
            return any(s is None or c is None or c == category for s, c in points)
    else:
        from workbench.domain.metrics import METRICS
        from workbench.domain.periods import period_label

        ticker = store.company(figure.params["ticker"])["ticker"]
        metrics = {METRICS[m].zh: m for m in ("revenue", "net_profit")}
        facts = [r for r in store.facts([ticker]) if r["metric"] in metrics.values()]
        periods = {period_label(r["period"]): r["period"] for r in facts}
        stored = {(r["metric"], r["period"]): r["value"] for r in facts}  # in 元, as typed
        keys = [(m, p) for m in metrics.values() for p in periods.values()]
        takes = correction_takes(store, issue)
        rule = _taken_rule(store, issue, stated, _figure_dates(store, [ticker], keys), takes)

        def taken(series: str, category: str, now) -> bool:
            metric, period = metrics.get(series), periods.get(category)
            return metric is not None and period is not None and rule(ticker, (metric, period),
                                                                      stored.get((metric, period)))

        def added(category: str) -> bool:
            period = periods.get(category)
            return period is not None and bool({(ticker, None, None), *((ticker, m, None) for m in metrics.values()),
                                                *((ticker, m, period) for m in metrics.values())} & takes)
    live_values = {s.name: dict(zip(live.x, s.values)) for s in live.series}
    old = set(was.x)
    if old <= set(live.x):
        x = [c for c in live.x if c in old or added(c)]
    else:
        x = list(was.x) + [c for c in live.x if c not in old and added(c)]
    kept: list[KeptPoint] = []
    series = []
    for s in was.series:
        before_of = dict(zip(was.x, s.values))
        now_of = live_values.get(s.name)
        values = []
        for c in x:
            if c not in old:  # a category taken on purpose: a dataset's series not taken has no point there
                values.append((now_of or {}).get(c) if figure.kind != "dataset_bars" or chosen(s.name, c) else None)
                if figure.kind == "dataset_bars" and values[-1] is not None and chosen_out is not None:
                    chosen_out.append(KeptPoint("", s.name, c, None, values[-1]))
                continue
            before = before_of.get(c)
            if now_of is None or c not in now_of or now_of[c] == before:
                values.append(before)
            elif taken(s.name, c, now_of[c]):
                values.append(now_of[c])
                if (figure.kind == "dataset_bars" and chosen_out is not None and chosen(s.name, c)
                        and not restated_label((c, s.name, *texts), stated)):  # kept but for the take
                    chosen_out.append(KeptPoint("", s.name, c, before, now_of[c]))
            else:
                values.append(before)
                kept.append(KeptPoint("", s.name, c, before, now_of[c]))
        series.append(Series(s.name, tuple(values)))
    return replace(live, x=tuple(x), series=tuple(series)), kept


def _segment_order(segments: list[str], published: list[str]) -> dict[str, int]:
    """Segment -> rank: the issue's (or the store's) order, a published segment no longer there kept
    after the one it followed in the published table."""
    order = list(dict.fromkeys(segments))
    previous = None
    for name in dict.fromkeys(published):
        if name not in order:
            order.insert(order.index(previous) + 1 if previous in order else 0, name)
        previous = name
    return {name: i for i, name in enumerate(order)}


def _figure_dates(store, tickers: list[str], keys: list[tuple[str, str]]) -> dict[tuple[str, str, str], str | None]:
    """(ticker, metric, period) -> the as-of date of the figure the table prints: the stored fact's;
    for a YoY computed from the two stored levels, the later of theirs."""
    from workbench.domain.growth import yoy_inputs

    inputs = {k: yoy_inputs(*k) for k in keys}
    metrics = {m for m, _ in keys} | {level for pair in inputs.values() if pair for level, _ in pair}
    facts = {(t, m, p): (v, str(a)[:10] if a else None)
             for t, m, p, v, a in store.fact_dates(tickers, sorted(metrics))} if tickers and metrics else {}
    out: dict[tuple[str, str, str], str | None] = {}
    for ticker in tickers:
        for key in keys:
            if (ticker, *key) in facts:
                out[(ticker, *key)] = facts[(ticker, *key)][1]
            elif inputs.get(key):
                days = [facts[(ticker, *k)][1] for k in inputs[key] if (ticker, *k) in facts]
                days = [d for d in days if d]
                out[(ticker, *key)] = max(days) if days else None
    return out


def correction_typed(store, issue: Issue) -> dict[tuple[str, str, str], float | None]:
    """The figures typed by hand in a correction, with the value typed (the editor's own
    corrections: printed whatever their date while they still hold that value): those the issue
    holds (typed on the workstations it travelled through, ``correction_record``), then those this
    store's change log shows typed since the correction was opened: after the seq this store noted
    on opening it (``CORRECTION_OPENED_KEY``). A store without that mark counts its typing since the
    correction's time in the issue log only when it belongs to no desk (a correction opened by an
    earlier release): on a desk the correction was opened on another workstation, and this one's own
    edits since (a supervisor's, of a company it does not touch) are not the correction's: what the
    issue carries counts, and a figure is taken here on purpose with ``--take``."""
    typed: dict[tuple[str, str, str], float | None] = {}
    for item in _held_record(store, issue).get("typed") or []:
        if isinstance(item, list) and len(item) == 4:
            typed[tuple(item[:3])] = item[3]
    if not hasattr(store, "typed_facts") or issue.id is None:
        return typed
    mark = store.get_setting(CORRECTION_OPENED_KEY.format(issue.id, issue.version))
    if mark is not None and mark.isdigit():
        typed.update(store.typed_facts(after_seq=int(mark)))
        return typed
    from workbench.store.sync_state import SETTING_URL

    if store.get_setting(SETTING_URL):
        return typed
    opened = [r for r in store.issue_log(issue.id)
              if r.get("from_status") == "final" and r.get("version") == issue.version]
    if opened:
        typed.update(store.typed_facts(since=opened[-1]["at"]))
    return typed
