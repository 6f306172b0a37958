"""A weekly issue as the core sees it: metadata, sections, themes, figures and the table spec."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields


@dataclass
class Theme:
    """An investment theme: bold name, one-line rationale, stocks to watch (tickers)."""

    name: str
    rationale: str = ""
    tickers: list[str] = field(default_factory=list)


@dataclass
class RelatedReport:
    title: str
    date: str  # ISO date
    issue_id: int | None = None


@dataclass
class Figure:
    """A chart in the report, drawn from a chart spec the core builds from the store."""

    kind: str  # "dataset_bars" | "relative_performance" | "company_bars"
    title: str
    unit: str = ""
    source: str = ""
    dataset: str | None = None  # for dataset_bars: the dataset name
    series: str | None = None  # for dataset_bars: the column plotted
    params: dict = field(default_factory=dict)


@dataclass
class TableColumn:
    metric: str
    period: str
    group: str = ""  # header spanning sub-columns: 营业收入 / 归母净利润 / 估值
    label: str = ""  # sub-column header: 2023 / 2023 YoY / PE 2024E / 年初至今


@dataclass
class TableSpec:
    """The comparison table: which companies (by segment order), which columns, as-of, source."""

    title: str = "重点公司对比"
    segments: list[str] | None = None  # None means every segment in store order
    tickers: list[str] | None = None  # None means every company of those segments
    columns: list[TableColumn] = field(default_factory=list)
    as_of: str | None = None
    source: str = ""


@dataclass
class Issue:
    """One weekly issue. ``id`` is None until the store has saved it."""

    series: str
    headline: str
    period_start: str
    period_end: str
    publish_date: str
    industry: str = ""
    rating: str = "增持"
    rating_action: str = "维持"
    status: str = "draft"
    analysts: list[int] = field(default_factory=list)
    market_review: str = ""
    views: list[str] = field(default_factory=list)  # bullets; **bold** allowed
    advice: str = ""
    themes: list[Theme] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    related: list[RelatedReport] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    table: TableSpec = field(default_factory=TableSpec)
    review_indices: list[str] = field(default_factory=list)  # index names in review order
    sector_index: str = ""  # index name compared with the benchmark in the market review
    cover_index: str = ""  # industry index drawn against the benchmark on page 1
    id: int | None = None
    version: int = 1
    updated_at: str | None = None

    CONTENT_FIELDS = ("market_review", "views", "advice", "themes", "risks", "related", "figures",
                      "table", "review_indices", "sector_index", "cover_index")

    def content(self) -> dict:
        """The JSON-able body of the issue (everything that is not a metadata column)."""
        return {name: _plain(getattr(self, name)) for name in self.CONTENT_FIELDS}

    def content_json(self) -> str:
        return json.dumps(self.content(), ensure_ascii=False, sort_keys=True)

    def search_text(self) -> str:
        """All the issue's words, for full-text search."""
        parts = [self.headline, self.market_review, *self.views, self.advice, *self.risks]
        for t in self.themes:
            parts += [t.name, t.rationale]
        parts += [r.title for r in self.related]
        parts += [f.title for f in self.figures]
        return "\n".join(p for p in parts if p)

    @classmethod
    def from_row(cls, row: dict, analysts: list[int]) -> "Issue":
        content = json.loads(row.get("content") or "{}")
        meta = {f.name: row[f.name] for f in fields(cls)
                if f.name in row and f.name not in cls.CONTENT_FIELDS and f.name != "analysts"}
        issue = cls(**meta, analysts=analysts)
        issue.market_review = content.get("market_review", "")
        issue.views = list(content.get("views", []))
        issue.advice = content.get("advice", "")
        issue.themes = [Theme(**t) for t in content.get("themes", [])]
        issue.risks = list(content.get("risks", []))
        issue.related = [RelatedReport(**r) for r in content.get("related", [])]
        issue.figures = [Figure(**f) for f in content.get("figures", [])]
        table = dict(content.get("table") or {})
        table["columns"] = [TableColumn(**c) for c in table.get("columns", [])]
        issue.table = TableSpec(**table)
        issue.review_indices = list(content.get("review_indices", []))
        issue.sector_index = content.get("sector_index", "")
        issue.cover_index = content.get("cover_index", "")
        return issue


def _plain(value):
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def standard_table_columns(year: int) -> list[TableColumn]:
    """The reference issue's 11 columns for a report published in ``year + 1``'s first week."""
    prev = year - 1
    return [
        TableColumn("revenue", f"{prev}A", "营业收入", f"{prev}"),
        TableColumn("revenue_yoy", f"{prev}A", "营业收入", f"{prev} YoY"),
        TableColumn("revenue", f"{year}Q1-Q3", "营业收入", f"{str(year)[2:]}Q1-Q3"),
        TableColumn("revenue_yoy", f"{year}Q1-Q3", "营业收入", f"{str(year)[2:]}Q1-Q3 YoY"),
        TableColumn("net_profit", f"{prev}A", "归母净利润", f"{prev}"),
        TableColumn("net_profit_yoy", f"{prev}A", "归母净利润", f"{prev} YoY"),
        TableColumn("net_profit", f"{year}Q1-Q3", "归母净利润", f"{str(year)[2:]}Q1-Q3"),
        TableColumn("net_profit_yoy", f"{year}Q1-Q3", "归母净利润", f"{str(year)[2:]}Q1-Q3 YoY"),
        TableColumn("pe", f"{year}E", "估值", f"PE {year}E"),
        TableColumn("pe", f"{year + 1}E", "估值", f"PE {year + 1}E"),
        TableColumn("ytd_return", f"{year}YTD", "估值", "年初至今"),
    ]


def validate_issue(issue: Issue) -> None:
    """Refuse an issue whose metadata cannot be saved: bad dates, an unknown rating or status."""
    from datetime import date

    from workbench.domain.compliance import STATUSES, validate_rating
    from workbench.errors import ValidationError

    for name in ("period_start", "period_end", "publish_date"):
        value = getattr(issue, name)
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            raise ValidationError(f"日期格式应为 YYYY-MM-DD ({name} must be a date YYYY-MM-DD): {value!r}") from None
    if issue.period_start > issue.period_end:
        raise ValidationError(f"报告期起始晚于结束 (period starts after it ends): "
                              f"{issue.period_start} > {issue.period_end}")
    if not issue.series.strip():
        raise ValidationError("报告系列为空 (series is empty)")
    if issue.status not in STATUSES:
        raise ValidationError(f"未知状态 (unknown status): {issue.status}")
    validate_rating(issue.rating, issue.rating_action)
