"""Week-over-week changes between two issues: the comparison table, rating, themes."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.domain.metrics import METRICS, format_value


@dataclass(frozen=True)
class ValueChange:
    ticker: str
    name: str
    metric: str
    period: str
    label: str
    before: float | None
    after: float | None
    kind: str
    cause: str = ""  # FORECAST, PRICE, or "" where the store cannot tell (see ``diff_issues``)

    @property
    def is_forecast(self) -> bool:
        """A forecast revision: a printed forecast changed, or the forecast a PE rests on did."""
        return self.cause == FORECAST

    def describe(self) -> str:
        b = format_value(self.kind, self.before)
        a = format_value(self.kind, self.after)
        return f"{self.name}（{self.ticker}）{self.label}: {b} → {a}{CAUSE_TAGS.get(self.cause, '')}"


FORECAST, PRICE = "forecast", "price"
CAUSE_TAGS = {FORECAST: "（预测调整 forecast）", PRICE: "（股价变动 price move）"}
FORECAST_LEVELS = ("eps", "net_profit")  # what a PE of a forecast year rests on, besides the price
FORECAST_METRICS = frozenset({"eps", "net_profit", "revenue", "net_profit_yoy", "revenue_yoy"})


@dataclass(frozen=True)
class SnapshotChange:
    """A change that is no figure of the table: the rating, the headline, a column's header, a
    column gained or lost, a company's segment (``what``: before → after, as printed)."""

    what: str
    before: str
    after: str

    def describe(self) -> str:
        return f"{self.what}: {self.before} → {self.after}"


@dataclass
class IssueDiff:
    a_title: str
    b_title: str
    added: list[tuple[str, str]] = field(default_factory=list)  # (ticker, name)
    removed: list[tuple[str, str]] = field(default_factory=list)
    moved: list[tuple[str, str, str, str]] = field(default_factory=list)  # ticker, name, from seg, to seg
    changes: list[ValueChange] = field(default_factory=list)
    meta: list[tuple[str, str, str]] = field(default_factory=list)  # (what, before, after)
    # table columns with no counterpart on the other side (matched by metric, period and header), named
    # by ``column_changes`` (a new year moves the YTD column: a change of period, never nothing)
    columns_added: list[dict] = field(default_factory=list)
    columns_removed: list[dict] = field(default_factory=list)
    columns_renamed: list[tuple[dict, dict]] = field(default_factory=list)  # (before, after): same figures
    live: list = field(default_factory=list)  # the issues (ids) not final: read with the store's data now

    def live_notes(self) -> list[str]:
        """What the reader is told of a side that is not final: its figures are the store's now."""
        return [f"#{i} 未定稿，按当前数据比较 (#{i} is not final: compared with live data)" for i in self.live]

    @property
    def column_changes(self) -> list[SnapshotChange]:
        """The table's columns that changed: one that shows the same metric under another period (a new
        year moves the YTD column: 2024YTD → 2025YTD), one gained or lost, a header renamed."""
        added = list(self.columns_added)
        out = []
        for c in self.columns_removed:
            same = next((n for n in added if n["metric"] == c["metric"] and column_label(n) == column_label(c)), None)
            if same is None:
                same = next((n for n in added if n["metric"] == c["metric"]), None)
            if same is not None:
                added.remove(same)
                out.append(SnapshotChange("对比表列报告期 table column period", column_named(c), column_named(same)))
            else:
                out.append(SnapshotChange("对比表移除列 table column removed", column_named(c), "--"))
        out += [SnapshotChange("对比表新增列 table column added", "--", column_named(c)) for c in added]
        out += [SnapshotChange("对比表列名 table column header", column_label(a), column_label(b))
                for a, b in self.columns_renamed]
        return out

    @property
    def forecast_changes(self) -> list[ValueChange]:
        return [c for c in self.changes if c.is_forecast]

    @property
    def price_changes(self) -> list[ValueChange]:
        """PE moves whose forecast stayed as it was: the share price moved."""
        return [c for c in self.changes if c.cause == PRICE]

    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.changes or self.meta or self.columns_added
                    or self.columns_removed or self.columns_renamed)

    def to_text(self) -> str:
        lines = [f"对比 (diff): {self.a_title}  →  {self.b_title}"]  # a title says 未定稿 of a live side
        if self.is_empty():
            lines.append("无变化 (no changes)")
            return "\n".join(lines)
        for what, before, after in self.meta:
            lines.append(f"{what}: {before} → {after}")
        lines.extend(c.describe() for c in self.column_changes)
        if self.added:
            lines.append("新增公司 (added): " + "、".join(f"{n}（{t}）" for t, n in self.added))
        if self.removed:
            lines.append("移除公司 (removed): " + "、".join(f"{n}（{t}）" for t, n in self.removed))
        for t, n, a, b in self.moved:
            lines.append(f"板块调整 (segment): {n}（{t}）{a} → {b}")
        if self.changes:
            price = f"，股价变动 {len(self.price_changes)} 项" if self.price_changes else ""
            untold = len([c for c in self.changes if c.metric == "pe" and c.period.endswith("E") and not c.cause])
            if untold:
                price += (f"；另有 PE 变动 {untold} 项无法判断是预测调整还是股价变动（库中没有两期都有的该年 EPS 或"
                          f"归母净利润预测） ({untold} PE moves untold: the store holds no EPS or net profit "
                          f"forecast of that year as of both issues)")
            lines.append(f"数据变化 (figures changed): {len(self.changes)} 项，其中预测调整 "
                         f"{len(self.forecast_changes)} 项{price}")
            lines.extend("  " + c.describe() for c in self.changes)
        return "\n".join(lines)


def _title(snap: dict) -> str:
    text = f"#{snap.get('issue_id')} {snap['series']} {snap['period_start']}..{snap['period_end']}"
    if snap.get("status") != "final":
        text += "（未定稿，按当前数据 not final: live data）"
    return text


def diff_snapshots(a: dict, b: dict, cause=None) -> IssueDiff:
    """Compare two report snapshots (ReportSpec dicts). A value counts as changed only when it
    prints differently in the report's format, so float noise and rounding are ignored. A changed
    forecast printed as such (a forecast year's EPS, profit, revenue) is a forecast revision, as is a
    forecast year's PE that appeared or was withdrawn; what moved one that changed, ``cause(ticker,
    period)`` tells (FORECAST, PRICE or "": the snapshots alone cannot)."""
    out = IssueDiff(_title(a), _title(b), live=[snap.get("issue_id") for snap in (a, b) if snap.get("status") != "final"])
    for key, label in (("headline", "标题 headline"), ("rating", "评级 rating"),
                       ("rating_action", "评级变动 rating action")):
        if a.get(key) != b.get(key):
            out.meta.append((label, a.get(key) or "--", b.get(key) or "--"))
    themes_a = [t["name"] for t in a.get("themes", [])]
    themes_b = [t["name"] for t in b.get("themes", [])]
    if themes_a != themes_b:
        out.meta.append(("投资主题 themes", "、".join(themes_a) or "--", "、".join(themes_b) or "--"))
    picks_a = {t["name"]: t.get("tickers", []) for t in a.get("themes", [])}
    for t in b.get("themes", []):
        if t["name"] in picks_a and picks_a[t["name"]] != t.get("tickers", []):
            out.meta.append((f"主题标的 picks · {t['name']}", " ".join(picks_a[t["name"]]),
                             " ".join(t.get("tickers", []))))

    ta, tb = a.get("table") or {}, b.get("table") or {}
    rows_a = {r["ticker"]: r for r in ta.get("rows", [])}
    rows_b = {r["ticker"]: r for r in tb.get("rows", [])}
    out.added = [(t, rows_b[t]["name"]) for t in rows_b if t not in rows_a]
    out.removed = [(t, rows_a[t]["name"]) for t in rows_a if t not in rows_b]
    cols_a, cols_b = ta.get("columns", []), tb.get("columns", [])
    pairs = match_columns(cols_a, cols_b)
    matched_a = {i for i, _ in pairs}
    matched_b = {j for _, j in pairs}
    out.columns_added = [c for j, c in enumerate(cols_b) if j not in matched_b]
    out.columns_removed = [c for i, c in enumerate(cols_a) if i not in matched_a]
    out.columns_renamed = [(cols_a[i], cols_b[j]) for i, j in pairs
                           if column_label(cols_a[i]) != column_label(cols_b[j])]
    for t, rb in rows_b.items():
        ra = rows_a.get(t)
        if ra is None:
            continue
        if ra["segment"] != rb["segment"]:
            out.moved.append((t, rb["name"], ra["segment"], rb["segment"]))
        for i, j in pairs:
            col = cols_b[j]
            kind = col.get("kind") or METRICS.get(col["metric"]).kind
            before, after = ra["values"][i], rb["values"][j]
            if format_value(kind, before) != format_value(kind, after):
                why = _cause(col["metric"], col["period"], t, before, after, cause)
                out.changes.append(ValueChange(t, rb["name"], col["metric"], col["period"],
                                               column_label(col), before, after, kind, why))
    return out


def _cause(metric: str, period: str, ticker: str, before, after, cause) -> str:
    """What changed a figure of a forecast year: FORECAST, PRICE or "" (untold)."""
    if not period.endswith("E"):
        return ""
    if metric in FORECAST_METRICS or (metric == "pe" and (before is None or after is None)):
        return FORECAST  # a printed forecast changed, or a PE appeared or was withdrawn: no price does that
    if metric == "pe" and cause is not None:
        return cause(ticker, period)
    return ""


def match_columns(before: list[dict], after: list[dict]) -> list[tuple[int, int]]:
    """Pairs (index in ``before``, index in ``after``) of the table columns that show the same figures:
    the same metric and period under the same header first, then the same metric and period under
    another header (a renamed column). A column whose metric or period changed has no pair: the
    figures printed under its header are not the ones printed there before."""
    pairs: list[tuple[int, int]] = []
    free_a = list(range(len(before)))
    free_b = list(range(len(after)))
    for same in (lambda c: (c["metric"], c["period"], column_label(c)), lambda c: (c["metric"], c["period"])):
        for j in list(free_b):
            i = next((i for i in free_a if same(before[i]) == same(after[j])), None)
            if i is not None:
                pairs.append((i, j))
                free_a.remove(i)
                free_b.remove(j)
    return sorted(pairs, key=lambda p: p[1])


def column_named(col: dict) -> str:
    """A column named with its header and, where the header does not say it, the period it shows
    (营业收入 2023（2024Q1-Q3）): two columns under one header are told apart."""
    label = column_label(col)
    return label if col["period"] in label else f"{label}（{col['period']}）"


def column_label(col: dict) -> str:
    """A table column named with its metric: its group header and label as the grid shows them
    ("营业收入 2023"), since columns under different groups share labels ("2023"). A label that
    already names its metric or group ("PE 2024E") stays as it is; a column with no group is
    named by the metric's Chinese name; with no label, by its period."""
    label = col.get("label") or col["period"]
    m = METRICS.get(col["metric"])
    group = (col.get("group") or "").strip() or (m.zh if m else "")
    words = [group] + ([m.zh, m.en, m.code] if m else [])
    if not group or any(w and w.lower() in label.lower() for w in words):
        return label
    return f"{group} {label}"


def diff_issues(store, issue_a, issue_b) -> IssueDiff:
    """Diff two issues of the store: frozen snapshots for final issues, live data for drafts. A forecast
    year's PE that moved is a forecast revision when the store's EPS or net profit of that year
    changed between the two (as of a final issue's table date; a draft's is the store's now), a price
    move when the one held at both stayed as it was, and untold when neither is held at both."""
    from workbench.report.snapshot import issue_snapshot

    a, b = issue_snapshot(store, issue_a), issue_snapshot(store, issue_b)
    return diff_snapshots(a, b, forecast_cause(store, a, b))


def forecast_cause(store, a: dict, b: dict, *, since_seq: int | None = None):
    """``cause`` for ``diff_snapshots`` of snapshots ``a`` and ``b`` of the store's issues: FORECAST where
    the EPS or net profit forecast of the PE's year changed between them, PRICE where the one held at
    both stayed as it was, "" where none is held at both. ``since_seq``: ``a`` is the issue as it stood
    at that change-log entry (its review) and ``b`` the store now, so the forecast then is the change
    log's value at that entry, whatever its as-of date."""
    def cause(ticker: str, period: str) -> str:
        held = []
        for level in FORECAST_LEVELS:
            history = store.history(ticker, level, period)
            if since_seq is not None:
                then = [h for h in history if h["seq"] <= since_seq]
                was = None if not then or then[-1].get("op") == "delete" else then[-1].get("new")
                now = store.fact(ticker, level, period)
            else:
                was, now = (_level_on(store, history, ticker, level, period, snap) for snap in (a, b))
            if was is not None and now is not None:
                held.append(abs(now - was) > 1e-9 * max(abs(was), abs(now)))
        return FORECAST if any(held) else PRICE if held else ""
    return cause


def _level_on(store, history: list[dict], ticker: str, metric: str, period: str, snap: dict) -> float | None:
    """A forecast level as an issue stood on it: the store's now for a draft (live data); for a final
    issue, the change log's value as of its table's date (changes dated after it left out)."""
    if snap.get("status") != "final":
        return store.fact(ticker, metric, period)
    day = str((snap.get("table") or {}).get("as_of") or snap.get("as_of") or snap.get("period_end") or "")[:10]
    if not history:  # written outside the workbench: its own date is all there is
        row = store.fact_row(ticker, metric, period)
        return row["value"] if row and str(row.get("as_of") or "")[:10] <= day else None
    value = None
    for h in history:
        dated = str(h.get("as_of") or h.get("at") or "")[:10]
        if dated <= day:
            value = None if h.get("op") == "delete" else h.get("new")
    return value
