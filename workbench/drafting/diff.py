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

    @property
    def is_forecast(self) -> bool:
        return self.period.endswith("E")

    def describe(self) -> str:
        b = format_value(self.kind, self.before)
        a = format_value(self.kind, self.after)
        tag = "（预测调整 forecast）" if self.is_forecast else ""
        return f"{self.name}（{self.ticker}）{self.label}: {b} → {a}{tag}"


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
    # table columns with no counterpart on the other side (matched by metric, period and header):
    # final names them; the week-over-week view leaves them out (a new year moves the YTD column)
    columns_added: list[dict] = field(default_factory=list)
    columns_removed: list[dict] = field(default_factory=list)
    columns_renamed: list[tuple[dict, dict]] = field(default_factory=list)  # (before, after): same figures

    @property
    def forecast_changes(self) -> list[ValueChange]:
        return [c for c in self.changes if c.is_forecast]

    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.changes or self.meta)

    def to_text(self) -> str:
        lines = [f"对比 (diff): {self.a_title}  →  {self.b_title}"]
        if self.is_empty():
            lines.append("无变化 (no changes)")
            return "\n".join(lines)
        for what, before, after in self.meta:
            lines.append(f"{what}: {before} → {after}")
        if self.added:
            lines.append("新增公司 (added): " + "、".join(f"{n}（{t}）" for t, n in self.added))
        if self.removed:
            lines.append("移除公司 (removed): " + "、".join(f"{n}（{t}）" for t, n in self.removed))
        for t, n, a, b in self.moved:
            lines.append(f"板块调整 (segment): {n}（{t}）{a} → {b}")
        if self.changes:
            lines.append(f"数据变化 (figures changed): {len(self.changes)} 项，其中预测调整 "
                         f"{len(self.forecast_changes)} 项")
            lines.extend("  " + c.describe() for c in self.changes)
        return "\n".join(lines)


def _title(snap: dict) -> str:
    text = f"#{snap.get('issue_id')} {snap['series']} {snap['period_start']}..{snap['period_end']}"
    if snap.get("status") != "final":
        text += "（未定稿，按当前数据 not final: live data）"
    return text


def diff_snapshots(a: dict, b: dict) -> IssueDiff:
    """Compare two report snapshots (ReportSpec dicts). A value counts as changed only when it
    prints differently in the report's format, so float noise and rounding are ignored."""
    out = IssueDiff(_title(a), _title(b))
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
                out.changes.append(ValueChange(t, rb["name"], col["metric"], col["period"],
                                               column_label(col), before, after, kind))
    return out


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
    """Diff two issues of the store: frozen snapshots for final issues, live data for drafts."""
    from workbench.report.snapshot import issue_snapshot

    return diff_snapshots(issue_snapshot(store, issue_a), issue_snapshot(store, issue_b))
