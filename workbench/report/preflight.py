"""Preflight: what blocks an issue's export (compliance) and what only warrants a warning.

Every finding names the part of the issue at fault (``field``) so the app can jump to it.
Blockers follow the CSRC/SAC rules for research reports: the words 证券研究报告 with the house
name, the licence statement, signing analysts with valid SAC numbers, the publication date,
data sources, a risk warning, rating definitions and the disclaimer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from workbench.domain.compliance import REQUIRED_WORDS as RULE_WORDS, STATUS_ZH, validate_sac
from workbench.domain.issue import Issue
from workbench.errors import ValidationError, WorkbenchError
from workbench.progress import report as report_progress
from workbench.report.fonts import font_set, usable_font_file
from workbench.report.freshness import (NAMED, STALE_DAYS, check_carried_forward, check_freshness, previous_issue_of,
                                        segments_new_since, segments_with_companies)
from workbench.report.spec import RISK_SENTENCE, ReportSpec, build_report_spec, resolve_issue
from workbench.report.text import LIMITS, too_long


@dataclass(frozen=True)
class Finding:
    """One preflight finding: a stable code, a Chinese (English) message, the field at fault
    (a path the app jumps to) and, where the path alone cannot say it (a table row's company),
    the field in the user's words."""

    code: str
    message: str
    field: str
    words: str = ""

    def __str__(self) -> str:
        return f"[{self.label}] {self.message}"

    @property
    def label(self) -> str:
        """The field at fault in the user's words (投资主题 1 的股票, not ``themes[0].tickers``)."""
        return self.words or field_label(self.field)


# The issue's and the house's fields as the editor names them; a list item is counted from 1.
_FIELD_WORDS = {
    "headline": "标题", "series": "系列名称", "industry": "行业", "publish_date": "发布日期",
    "period_start": "报告期开始日", "period_end": "报告期结束日", "period": "报告期",
    "market_review": "市场回顾", "advice": "投资建议", "analysts": "署名分析师", "risks": "风险提示",
    "cover_index": "首页走势图", "figures": "图表", "related": "相关报告", "views": "行业观点",
    "themes": "投资主题", "table": "比较表", "rating": "投资评级",
    "table.title": "比较表标题", "table.source": "比较表资料来源", "table.as_of": "比较表数据截止日",
    "table.name": "比较表公司简称", "table.segment": "比较表细分板块", "table.segments": "比较表细分板块",
    "house": "机构资料", "house.name": "机构名称", "house.name_zh": "机构名称", "house.name_en": "机构英文名称",
    "house.licence": "业务资格说明", "house.disclaimer": "免责声明", "house.declaration": "分析师声明",
    "house.footer": "页脚", "house.ratings": "评级定义", "house.fonts": "机构字体",
    "house.fonts.body": "机构正文字体", "house.fonts.heading": "机构标题字体",
}
_ITEM_WORDS = {
    "themes": ("投资主题 {n}", {"name": " 名称", "rationale": " 理由", "tickers": " 的股票"}),
    "figures": ("图 {n}", {"title": " 标题", "source": " 资料来源", "unit": " 单位"}),
    "analysts": ("署名分析师 {n}", {"name": " 姓名", "sac_no": " 执业证书编号", "contact": " 联系方式"}),
    "related": ("相关报告 {n}", {"title": " 标题", "date": " 日期"}),
    "risks": ("风险提示 {n}", {}),
    "views": ("行业观点 {n}", {}),
}
_ITEM = re.compile(r"^([a-z_]+)\[(\d+)\](?:\.([a-z_]+))?$")
_TABLE_ROW = re.compile(r"^table\.rows\[(\d+)\](?:\.([a-z_]+))?")
_TABLE_COLUMN = re.compile(r"^table\.columns\[(\d+)\]")
_ROW_PARTS = {"name": "公司简称", "segment": "细分板块", "values": "数据"}


def field_label(field: str) -> str:
    """A preflight field path in the user's words; an unknown path is shown as it is."""
    if field in _FIELD_WORDS:
        return _FIELD_WORDS[field]
    m = _TABLE_ROW.match(field or "")
    if m:
        return f"比较表第 {int(m.group(1)) + 1} 行" + _ROW_PARTS.get(m.group(2) or "", "")
    m = _TABLE_COLUMN.match(field or "")
    if m:
        return f"比较表第 {int(m.group(1)) + 1} 列表头"
    if (field or "").startswith("house.ratings"):
        return "评级定义"
    m = _ITEM.match(field or "")
    if m and m.group(1) in _ITEM_WORDS:
        head, parts = _ITEM_WORDS[m.group(1)]
        label = head.format(n=int(m.group(2)) + 1)
        part = m.group(3)
        if part is None:
            return label
        return label + parts.get(part, f" {part}")
    return field


@dataclass
class PreflightResult:
    blockers: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.blockers

    def block(self, code: str, message: str, where: str, words: str = "") -> None:
        self.blockers.append(Finding(code, message, where, words))

    def warn(self, code: str, message: str, where: str, words: str = "") -> None:
        self.warnings.append(Finding(code, message, where, words))


PREFLIGHT_STEP = "预检 (checking)"  # the progress message of each step of the preflight
_STEPS = 12  # reported steps: the issue read and laid out, then the 11 checks against the store


def preflight(store, issue_or_id, progress=None) -> PreflightResult:
    """Check an issue (object, id or 'latest') against the store before export. ``progress`` (done,
    total, message) hears of each step; returning False cancels (``Cancelled``)."""
    report_progress(progress, 0, _STEPS, PREFLIGHT_STEP)
    issue = resolve_issue(store, issue_or_id)
    spec = build_report_spec(store, issue)
    report_progress(progress, 1, _STEPS, PREFLIGHT_STEP)
    return check(store, issue, spec, progress)


def check(store, issue: Issue, spec: ReportSpec, progress=None) -> PreflightResult:
    """All checks: the spec's own, plus those needing the store (analyst ids, data, quotes)."""
    result = check_spec(spec)
    _store_checks(store, issue, spec, result, progress)
    return result


# ---------------------------------------------------------------------- spec checks
def check_spec(spec: ReportSpec) -> PreflightResult:
    """Checks that need only the spec (also used when re-exporting a frozen snapshot)."""
    r = PreflightResult()
    h = spec.house
    # 证券研究报告 is printed by the template next to the house name (whatever font the house
    # sets: a font that cannot draw it is refused for the bundled one), so the name must be there
    if not h.name_zh.strip():
        r.block("house_name", f"缺少机构名称，报告首页无法印出“机构名称 + {RULE_WORDS}” "
                "(the house name is missing)", "house.name_zh")
    if not h.licence.strip():
        r.block("licence", "缺少证券投资咨询业务资格说明 (the licence statement is missing)", "house.licence")
    elif "证券投资咨询" not in h.licence:
        r.warn("licence_wording", "业务资格说明未提及“证券投资咨询”业务资格 (the licence statement does not "
               "mention the securities investment advisory licence)", "house.licence")
    if not spec.analysts:
        r.block("analysts", "至少需要一位署名分析师 (at least one signing analyst is required)", "analysts")
    for i, a in enumerate(spec.analysts):
        try:
            validate_sac(a.sac_no)
        except WorkbenchError:
            r.block("sac_no", f"分析师 {a.name} 的执业证书编号无效：{a.sac_no!r}（应为 S 加 13 位数字）"
                    f" (invalid SAC number; S followed by 13 digits)", f"analysts[{i}].sac_no")
        if not a.name.strip():
            r.block("analyst_name", "分析师姓名为空 (the analyst's name is empty)", f"analysts[{i}].name")
    if not spec.publish_date.strip():
        r.block("publish_date", "缺少发布日期 (the publication date is missing)", "publish_date")
    elif not _is_date(spec.publish_date):
        r.block("publish_date", f"发布日期不是有效日期（应为 YYYY-MM-DD）：{spec.publish_date!r} "
                "(the publication date is not a valid ISO date)", "publish_date")
    for name in ("period_start", "period_end"):
        value = getattr(spec, name)
        if not _is_date(value):
            r.block("period", f"报告期日期无效（应为 YYYY-MM-DD）：{value!r} (invalid period date)", name)
    for i, f in enumerate(spec.figures):
        if not f.source.strip():
            r.block("figure_source", f"图 {i + 1}“{f.title}”缺少资料来源 (figure {i + 1} has no source line)",
                    f"figures[{i}].source")
        if f.chart is None:
            r.block("figure_data", f"图 {i + 1}“{f.title}”无法生成：{f.error} (figure {i + 1} cannot be drawn)",
                    f"figures[{i}]")
    if (spec.table.columns or spec.table.rows) and not spec.table.source.strip():
        r.block("table_source", "表格缺少资料来源 (the comparison table has no source line)", "table.source")
    if not any(x.strip() for x in spec.risks):
        r.block("risks", "至少需要一条风险提示 (at least one risk warning is required)", "risks")
    if not spec.headline.strip():  # the cover's title: a draft may wait for it; review and final may not
        (r.warn if spec.status == "draft" else r.block)(
            "headline", "缺少标题；送审后必须填写，否则不能定稿 (the headline is empty: required once the issue is "
            "in review, and before it is made final)", "headline")
    if not spec.market_review.strip():  # a draft may wait for the week's quotes; review and final may not
        (r.warn if spec.status == "draft" else r.block)(
            "market_review", "缺少市场回顾；请导入本周行情后生成或手动填写，定稿前必须填写 "
            "(the market review is empty: import the week's quotes and draft it, or write it; "
            "required before the issue is made final)", "market_review")
    ratings = h.ratings or {}
    if not (_rating_list(ratings.get("stock")) and _rating_list(ratings.get("industry"))):
        r.block("ratings", "机构模板缺少投资评级定义（股票评级与行业评级）(the house has no stock and industry "
                "rating definitions)", "house.ratings")
    if not h.disclaimer.strip():
        r.block("disclaimer", "缺少免责声明 (the disclaimer is missing)", "house.disclaimer")
    elif RISK_SENTENCE not in "".join(h.disclaimer.split()).replace(",", "，"):
        r.block("risk_sentence", f"免责声明缺少“{RISK_SENTENCE}” (the disclaimer lacks the risk sentence)",
                "house.disclaimer")
    if not h.declaration.strip():
        r.warn("declaration", "缺少分析师声明 (the analyst declaration is missing)", "house.declaration")
    if not h.footer.strip():
        r.warn("footer", "页脚提示为空 (the footer pointing to the disclosures is empty)", "house.footer")
    for role in ("body", "heading"):
        path = (h.fonts or {}).get(role)
        if path:
            why = usable_font_file(path)
            if why:
                r.warn("font_file", f"机构字体不可用，改用内置字体：{why} (house font unusable; the bundled "
                       "font is used)", f"house.fonts.{role}")
    if spec.cover_chart is not None and spec.cover_chart.sample:
        r.warn("sample_data", "首页指数走势图使用示意数据 (the cover chart uses sample data)", "cover_index")
    for i, f in enumerate(spec.figures):
        if f.chart is not None and f.chart.sample:
            r.warn("sample_data", f"图 {i + 1} 使用示意数据 (figure {i + 1} uses sample data)", f"figures[{i}]")
    _length_checks(spec, r)
    _glyph_checks(spec, r)
    _outliers(spec, r)
    return r


def _outliers(spec: ReportSpec, r: PreflightResult) -> None:
    """Block a table value no report can print (not finite, or outside its metric's plausible range)."""
    from workbench.domain.metrics import PLAUSIBLE, check_value

    for i, row in enumerate(spec.table.rows):
        for j, (column, value) in enumerate(zip(spec.table.columns, row.values)):
            if value is None or column.metric not in PLAUSIBLE:
                continue
            try:
                check_value(column.metric, value)
            except ValidationError as exc:
                r.block("outlier", f"表格中 {row.name}（{row.ticker}）{column.period} 的{exc.message}",
                        f"table.rows[{i}].values[{j}]", f"比较表 {row.name}（{row.ticker}）")


def _rating_list(value) -> bool:
    return isinstance(value, list) and any(isinstance(x, dict) and x.get("name") for x in value)


def _is_date(text: str | None) -> bool:
    try:
        date.fromisoformat((text or "").strip())
    except ValueError:
        return False
    return len((text or "").strip()) == 10


def _length_checks(spec: ReportSpec, r: PreflightResult) -> None:
    def cut_warn(text: str, key: str, where: str, what: str, words: str = "") -> None:
        if too_long(text, key):
            r.warn("text_cut", f"{what}过长（{len(text)} 字），PDF 中截断为 {LIMITS[key]} 字 "
                   f"(too long: cut to {LIMITS[key]} characters)", where, words)

    cut_warn(spec.headline, "headline", "headline", "标题")
    cut_warn(spec.series, "series", "series", "系列名称")
    cut_warn(spec.industry, "industry", "industry", "行业名称")
    cut_warn(spec.house.name_zh, "house.name", "house.name_zh", "机构名称")
    # an analyst's name and contact are never cut: the sidebar wraps them (compliance items)
    for i, rel in enumerate(spec.related):
        cut_warn(rel.title, "related.title", f"related[{i}].title", "相关报告标题")
    for i, t in enumerate(spec.themes):
        cut_warn(t.name, "theme.name", f"themes[{i}].name", "主题名称")
        cut_warn(t.rationale, "theme.rationale", f"themes[{i}].rationale", "主题理由")
    for i, f in enumerate(spec.figures):
        cut_warn(f.title, "figure.title", f"figures[{i}].title", "图表标题")
        cut_warn(f.source, "figure.source", f"figures[{i}].source", "资料来源")
    cut_warn(spec.table.title, "table.title", "table.title", "表格标题")
    cut_warn(spec.table.source, "table.source", "table.source", "资料来源")
    seen: set[str] = set()
    for i, row in enumerate(spec.table.rows):
        if row.segment not in seen:
            seen.add(row.segment)
            cut_warn(row.segment, "table.segment", f"table.rows[{i}].segment", f"比较表细分板块名称“{row.segment}”",
                     "比较表细分板块")
        cut_warn(row.name, "table.name", f"table.rows[{i}].name", f"{row.ticker} 的公司简称",
                 f"比较表 {row.ticker} 的公司简称")


def visible_texts(spec: ReportSpec) -> list[tuple[str, str]]:
    """Every user-supplied string the PDF prints, with the field it comes from."""
    h = spec.house
    out = [("headline", spec.headline), ("series", spec.series), ("industry", spec.industry),
           ("rating", spec.rating_text), ("market_review", spec.market_review), ("advice", spec.advice),
           ("house.name_zh", h.name_zh), ("house.name_en", h.name_en), ("house.licence", h.licence),
           ("house.footer", h.footer), ("house.declaration", h.declaration), ("house.disclaimer", h.disclaimer)]
    out += [(f"views[{i}]", v) for i, v in enumerate(spec.views)]
    out += [(f"risks[{i}]", v) for i, v in enumerate(spec.risks)]
    for i, a in enumerate(spec.analysts):
        out += [(f"analysts[{i}].name", a.name), (f"analysts[{i}].contact", a.contact)]
    for i, t in enumerate(spec.themes):
        out += [(f"themes[{i}].name", t.name), (f"themes[{i}].rationale", t.rationale),
                (f"themes[{i}].tickers", "".join(t.names))]
    out += [(f"related[{i}].title", r.title) for i, r in enumerate(spec.related)]
    for i, f in enumerate(spec.figures):
        out += [(f"figures[{i}].title", f.title), (f"figures[{i}].unit", f.unit), (f"figures[{i}].source", f.source)]
        if f.chart is not None:
            out.append((f"figures[{i}]", "".join(f.chart.x) + "".join(s.name for s in f.chart.series)))
    if spec.cover_chart is not None:
        out.append(("cover_index", spec.cover_chart.title + "".join(s.name for s in spec.cover_chart.series)))
    out += [("table.title", spec.table.title), ("table.source", spec.table.source)]
    for i, c in enumerate(spec.table.columns):
        out.append((f"table.columns[{i}]", c.group + c.label))
    seen: set[str] = set()
    for i, row in enumerate(spec.table.rows):
        if row.segment not in seen:
            seen.add(row.segment)
            out.append((f"table.rows[{i}].segment", row.segment))
        out.append((f"table.rows[{i}].name", row.name + row.ticker))
    ratings = h.ratings or {}
    for key in ("stock", "industry", "benchmarks"):
        for i, item in enumerate(ratings.get(key) or []):
            if isinstance(item, dict):
                out.append((f"house.ratings.{key}[{i}]", "".join(str(v) for v in item.values())))
    for key in ("horizon_stock", "horizon_industry", "note"):
        if isinstance(ratings.get(key), str):
            out.append((f"house.ratings.{key}", ratings[key]))
    return out


def _glyph_checks(spec: ReportSpec, r: PreflightResult) -> None:
    fonts = font_set(spec.house.fonts)
    for where, text in visible_texts(spec):
        missing = fonts.missing(text or "")
        if not missing:
            continue
        shown = "、".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:10])
        more = f" 等 {len(missing)} 个" if len(missing) > 10 else ""
        words = _table_words(spec, where)
        label = words or field_label(where)
        r.warn("glyph", f"{label}{' ' if label[-1:].isdigit() else ''}含字体无法显示的字符 {shown}{more}，"
               f"PDF 中以 □ 代替 (characters the embedded font cannot draw; printed as □)", where, words)


def _table_words(spec: ReportSpec, where: str) -> str:
    """A table row's or column's field in the user's words: the company, the segment, the header."""
    m = _TABLE_ROW.match(where)
    if m and int(m.group(1)) < len(spec.table.rows):
        row = spec.table.rows[int(m.group(1))]
        if m.group(2) == "segment":
            return f"比较表细分板块“{row.segment}”"
        return f"比较表 {row.name}（{row.ticker}）"
    m = _TABLE_COLUMN.match(where)
    if m and int(m.group(1)) < len(spec.table.columns):
        c = spec.table.columns[int(m.group(1))]
        return f"比较表表头“{' '.join(x for x in (c.group, c.label) if x)}”"
    return ""


# ---------------------------------------------------------------------- store checks
def _store_checks(store, issue: Issue, spec: ReportSpec, r: PreflightResult, progress=None) -> None:
    for i, analyst_id in enumerate(issue.analysts):
        try:
            store.analyst(analyst_id)
        except WorkbenchError:
            r.block("analyst_missing", f"署名分析师 #{analyst_id} 不在库中 (analyst #{analyst_id} is not in "
                    "the store)", f"analysts[{i}]")
    steps = [lambda: _data_age(store, issue, spec, r), lambda: _theme_data(store, issue, r),
             lambda: _review_numbers(store, issue, r), lambda: _stale_dates(issue, r),
             lambda: check_carried_forward(store, issue, r), lambda: _related_issues(store, issue, r),
             lambda: _figures_after_as_of(store, issue, spec, r), lambda: _table_coverage(store, issue, spec, r),
             lambda: _chart_cutoffs(store, issue, spec, r), lambda: _chart_data(store, issue, spec, r),
             lambda: _outside_figures(store, issue, spec, r)]
    for done, step in enumerate(steps, start=_STEPS - len(steps) + 1):
        step()
        report_progress(progress, done, _STEPS, PREFLIGHT_STEP)
    if issue.cover_index and spec.cover_chart is None and not any(
            f.field == "cover_index" and f.code in NO_LINE_CODES for f in r.blockers + r.warnings):
        r.warn("cover_chart", f"首页走势图无法生成：指数“{issue.cover_index}”或基准指数没有行情 "
               "(the cover chart has no quotes for the index or the benchmark)", "cover_index")


def _related_issues(store, issue: Issue, r: PreflightResult) -> None:
    """Warn of a related report linked to an issue of the store (copy-forward cites last week's)
    that cites an issue not final (a report never published) or a title that is not the issue's
    current one (its published headline once final): the citation is a copy made earlier."""
    if issue.status == "final" and issue.id is not None and store.versions(issue.id):
        return  # a published issue's citations are its frozen snapshot's
    for i, rel in enumerate(issue.related):
        if rel.issue_id is None or rel.issue_id == issue.id:
            continue
        try:
            cited = store.issue(rel.issue_id)
        except WorkbenchError:
            r.warn("related_issue", f"相关报告 {i + 1}“{rel.title}”链接的第 {rel.issue_id} 期已不在库中，请核对 "
                   f"(related report {i + 1} links issue #{rel.issue_id}, which is not in the store)",
                   f"related[{i}].title")
            continue
        if cited.status == "final" and store.versions(cited.id):
            from workbench.report.snapshot import frozen_spec

            published = frozen_spec(store, cited.id)
            cited = replace(cited, headline=published.headline, series=published.series,
                            period_start=published.period_start, period_end=published.period_end)
        title = _cited_title(cited)
        if cited.status != "final":
            same = "" if rel.title == title else f"；该期现在的标题为“{title}”"
            r.warn("related_not_final", f"相关报告 {i + 1}“{rel.title}”引用的第 {cited.id} 期尚未定稿"
                   f"（{STATUS_ZH.get(cited.status, cited.status)}）{same}；发布后读者将找不到这篇报告，"
                   f"请先定稿该期或改写/删去这条相关报告 (related report {i + 1} cites issue #{cited.id}, which is "
                   f"not final: the published report would cite one never published)", f"related[{i}].title")
        elif rel.title != title:
            r.warn("related_title", f"相关报告 {i + 1} 印的标题“{rel.title}”与第 {cited.id} 期发布的标题“{title}”"
                   f"不同；请改为发布的标题 (related report {i + 1} cites a title other than the one issue "
                   f"#{cited.id} was published under)", f"related[{i}].title")


def _cited_title(issue: Issue) -> str:
    """An issue's title as a related report cites it, as copy-forward writes it
    (``workbench.drafting.lifecycle.issue_title``): headline——series YYYYMMDD-YYYYMMDD."""
    return f"{issue.headline}——{issue.series} {issue.period_start.replace('-', '')}-{issue.period_end.replace('-', '')}"


def _figures_after_as_of(store, issue: Issue, spec: ReportSpec, r: PreflightResult) -> None:
    """Say once, in a correction, how many of the store's figures are newer than the issue's date and
    were kept as published (next week's PE and 年初至今, a company added since, a chart's point such as
    a forecast year's), how many of them are chart points, and how to take one on purpose (``--take``,
    a dataset's point ``--take-point``), and name the datasets' chart points taken on purpose with
    their published value and the one printed: a correction republishes its issue as of its date
    (``correction_table``, ``correction_figures``)."""
    from workbench.report.spec import correction_figures, correction_table

    if (issue.version or 1) <= 1 or issue.status == "final":
        return
    corrected = correction_table(store, issue) if spec.table.columns else None
    taken: list = []  # the datasets' points taken on purpose (``--take-point``)
    try:
        charted = correction_figures(store, issue, taken=taken)
    except WorkbenchError:  # the preflight's figure checks name what keeps a figure from being drawn
        charted, taken = None, []
    points = charted[1] if charted is not None else []
    table_kept = corrected.kept if corrected is not None else []
    left_out = corrected.left_out if corrected is not None else []
    if not (table_kept or left_out or points or taken):
        return
    n, m = len(table_kept) + len(points), len(points)
    stated = corrected.stated if corrected is not None else _correction_date(store, issue)
    parts, parts_en = [], []
    # a point by its figure's number and caption, as the final's list names it (图 4「caption」)
    number = {entry.title: i + 1 for i, entry in reversed(list(enumerate(charted[0])))} if charted else {}
    kinds = {entry.title: f.kind for entry, f in zip(charted[0], issue.figures)} if charted else {}
    datasets = any(kinds.get(p.figure) == "dataset_bars" for p in points)
    if n:
        days = sorted({k.as_of for k in table_kept if k.as_of})
        shown = "、".join(days[:3]) + (f" 等 {len(days)} 天" if len(days) > 3 else "")
        named = "、".join(f"图 {number.get(p.figure, '?')}「{p.figure}」{p.series} {p.category}" for p in points[:NAMED])
        more = f" 等 {m} 个" if m > NAMED else ""
        parts.append(f"{n} 项较新的数据晚于本期截至日，保留发布时的数值（本期截至 {stated}"
                     + (f"，这些数据截至 {shown}" if shown else "")
                     + (f"；其中 {m} 项为图表的点：{named}{more}" if m else "") + "）")
        parts_en.append(f"{n} newer figure(s) are dated after this issue's date and are kept as published"
                        + (f", {m} of them chart points" if m else ""))
    if left_out:
        who = "、".join(f"{name}（{t}）" for t, name in left_out[:NAMED])
        more = f" 等 {len(left_out)} 家" if len(left_out) > NAMED else ""
        parts.append(f"发布后加入库中的 {who}{more}不加入本期")
        parts_en.append(f"{len(left_out)} company(ies) added since are not added")
    # how to take one: the option for what is kept (a table's figure --take, a dataset's point --take-point)
    figures = bool(table_kept or left_out or any(kinds.get(p.figure) != "dataset_bars" for p in points))
    options = (["--take 代码[:指标[:报告期]]"] if figures else []) + (["--take-point 数据集[:系列[:类别]]"] if datasets else [])
    options_en = (["--take TICKER[:METRIC[:PERIOD]]"] if figures else []) + \
        (["--take-point DATASET[:SERIES[:CATEGORY]]"] if datasets else [])
    how = (f"；如需采用其中的数据，请用 `workbench correct {issue.id} {' '.join(options)}` 指明" if options else "")
    how_en = (f"; to take one on purpose: `workbench correct {issue.id} {' '.join(options_en)}`" if options else "")
    if parts:
        r.warn("figures_after_as_of", f"更正版：{'；'.join(parts)}{how} ({'; '.join(parts_en)}{how_en})",
               "table" if table_kept or left_out else "figures")
    if taken:  # on purpose: said apart from what is kept (the app's take button goes with that line)
        named = "、".join(f"图 {number.get(p.figure, '?')}「{p.figure}」{p.series} {p.category}（发布时 "
                         f"{_point_value(p.published)}，采用库中的 {_point_value(p.now)}）" for p in taken[:NAMED])
        more = f" 等 {len(taken)} 个" if len(taken) > NAMED else ""
        r.warn("chart_points_taken", f"更正版：采用了 {len(taken)} 个图表的点的较新数据：{named}{more} ({len(taken)} "
               f"newer chart point(s) taken on purpose)", "figures")


def _point_value(value) -> str:
    """A chart point's value as typed, every digit kept (913.7, 1000); -- for none."""
    return "--" if value is None else (f"{value:.6f}".rstrip("0").rstrip(".") or "0")


def _correction_date(store, issue: Issue) -> str:
    """The date a correction's issue is as of (its 截至), as its table would say it."""
    from workbench.report.spec import published_basis, stated_as_of

    basis = published_basis(store, issue)
    return stated_as_of(basis[1], issue) if basis is not None else str(issue.period_end or "")


def _table_coverage(store, issue: Issue, spec: ReportSpec, r: PreflightResult) -> None:
    """Warn of what the comparison table leaves out without saying so: a listed segment no company
    is in (a typo, ：for :), the companies of a segment that appeared since the previous issue and
    is not listed, and a theme's stock to watch that the table does not show."""
    if not spec.table.columns:  # no table is printed: nothing can be missing from it
        return
    listed = issue.table.segments
    held = segments_with_companies(store)
    if listed is not None:
        for name in dict.fromkeys(listed):
            if name in held:
                continue
            near = [s for s in held if _same_name(s, name)]
            hint = f"；库中有“{near[0]}”，是否写法不同（全角/半角、空格）" if near else ""
            r.warn("table_segment_empty", f"比较表列出的细分板块“{name}”在公司库中没有任何公司，表中不会印出{hint} "
                   f"(a segment the table lists holds no company: nothing is printed for it)", "table.segments")
        prev = previous_issue_of(store, issue)
        if prev is not None:
            new = [s for s in segments_new_since(store, prev) if s not in listed]
            companies = store.companies()
            for name in new:
                who = [f"{c['name']}（{c['ticker']}）" for c in companies if c["segment"] == name]
                shown = "、".join(who[:NAMED]) + (f" 等 {len(who)} 家" if len(who) > NAMED else "")
                r.warn("table_segment_new", f"细分板块“{name}”是上一期之后新增的，未列入比较表，其公司 {shown}"
                       f"不会出现在表中；如需列入请在比较表设置中勾选 (a segment new since the previous issue is "
                       f"not in the table: its companies are left out)", "table.segments")
    shown_tickers = {row.ticker for row in spec.table.rows}
    picks = PreflightResult()
    for i, theme in enumerate(issue.themes):
        missing = []
        for ticker in dict.fromkeys(theme.tickers):
            try:
                company = store.find_company(ticker)
            except WorkbenchError:
                company = None
            if company is None or company["ticker"] in shown_tickers or not store.has_fact_values(company["ticker"]):
                continue  # a stock not in the store, or without data, has its own warning (theme_*)
            missing.append(company)
        for company in missing:
            why = _why_not_in_table(issue, company)
            picks.warn("pick_not_in_table", f"投资主题 {i + 1}“{theme.name}”的关注标的 {company['name']}"
                       f"（{company['ticker']}）不在比较表中：{why}；读者看不到该股的数据，请核对 (a stock to watch of "
                       f"theme {i + 1} is missing from the comparison table)", f"themes[{i}].tickers")
    # the stronger warning: a stock the report recommends without its figures is listed first
    r.warnings[:0] = picks.warnings


def _chart_cutoffs(store, issue: Issue, spec: ReportSpec, r: PreflightResult) -> None:
    """Warn of a relative-performance chart (the cover's, a figure) that stops before the issue's
    week ends because an index has no close for the week's last days, naming the index and its
    last close. A published issue's charts are its frozen snapshot's: later quotes do not change them."""
    from workbench.charts import relative_performance_cutoff

    if not _is_date(issue.period_end) or (issue.status == "final" and issue.id is not None
                                          and store.versions(issue.id)):
        return
    charts = []
    if issue.cover_index and spec.cover_chart is not None:
        charts.append(("cover_index", "首页走势图", "the cover chart", issue.cover_index))
    for i, (figure, entry) in enumerate(zip(issue.figures, spec.figures)):
        if figure.kind == "relative_performance" and entry.chart is not None:
            charts.append((f"figures[{i}]", f"图 {i + 1}", f"figure {i + 1}", figure.params.get("index", "")))
    for where, label, english, index in charts:
        try:
            cut = relative_performance_cutoff(store, index, issue.period_end)
        except (WorkbenchError, ValueError, KeyError):
            continue
        if cut is None:
            continue
        short = cut.short
        held = "、".join(f"{name}的行情只到 {day}" if day else f"{name}在此前一年没有行情"
                        for name, day in cut.last.items() if name in short)
        others = "，".join(f"{name}到 {day}" for name, day in cut.last.items() if name not in short and day)
        others = f"（{others}）" if others else ""
        r.warn("chart_cutoff", f"{label}止于 {cut.shown}，早于本期报告期末 {issue.period_end}：{held}{others}；"
               f"图题注明“{cut.caption}”，请导入之后的行情 ({english} stops at {cut.shown}, before the issue's week "
               f"ends: {'、'.join(short)} has no close after it)", where)


NO_LINE_CODES = ("chart_no_line", "chart_short_index")


def _chart_data(store, issue: Issue, spec: ReportSpec, r: PreflightResult) -> None:
    """Name a chart that would print a line or its bars short: a relative-performance chart (the
    cover's, a figure) whose index has fewer than two closes in the chart's year, naming the index,
    its closes and the first; a figure with nothing to draw (a company with no figures). A chart
    drawing nothing is a warning in a draft and blocks review and final (the page would carry an
    empty chart); a chart drawing one line of two is a warning. A published issue's charts are its
    frozen snapshot's: later quotes do not change them."""
    from workbench.charts import relative_performance_short

    if not _is_date(issue.period_end) or (issue.status == "final" and issue.id is not None
                                          and store.versions(issue.id)):
        return
    severe = r.warn if issue.status == "draft" else r.block
    charts = []
    if issue.cover_index:
        charts.append(("cover_index", "首页走势图", "the cover chart", issue.cover_index, spec.cover_chart))
    for i, (figure, entry) in enumerate(zip(issue.figures, spec.figures)):
        if entry.chart is None:  # cannot be drawn at all: figure_data blocks it
            continue
        if figure.kind == "relative_performance":
            charts.append((f"figures[{i}]", f"图 {i + 1}", f"figure {i + 1}", figure.params.get("index", ""),
                           entry.chart))
        elif not entry.chart.drawn_series():
            what, english = _figure_without_data(store, figure)
            severe("figure_no_data", f"图 {i + 1}“{entry.title}”没有数据：{what}，PDF 中只印出“暂无数据”；"
                   f"定稿前请导入数据或删去此图 (figure {i + 1} has no data: {english}; required before the issue "
                   f"is made final)", f"figures[{i}]")
    for where, label, english, index, chart in charts:
        try:
            short = relative_performance_short(store, index, issue.period_end)
        except (WorkbenchError, ValueError, KeyError):
            continue  # no such index or no benchmark: the chart's own finding says so
        if not short:
            continue
        held = "；".join(f"{s.name}在 {s.start} 至 {s.end} " + (f"只有 {s.closes} 个收盘价（{s.first}）"
                                                                if s.closes else "没有收盘价") for s in short)
        held_en = "; ".join(f"{s.name} has {s.closes} close{'s' if s.closes != 1 else ''} from {s.start} to "
                            f"{s.end}" + (f" ({s.first})" if s.first else "") for s in short)
        drawn = chart.drawn_series() if chart is not None else ()
        label += " " if label[-1].isdigit() else ""  # 图 3 只画出…, 首页走势图只画出…
        if not drawn:
            severe("chart_no_line", f"{label}画不出任何走势线：{held}；走势线至少需要两个收盘价，定稿前请导入"
                   f"此前一年的行情或换用有行情的指数 ({english} draws no line: {held_en}; a line needs two closes "
                   f"or more; required before the issue is made final)", where)
        else:
            r.warn("chart_short_index", f"{label}只画出{'、'.join(drawn)}的走势线：{held}，画不出走势线；"
                   f"请导入该指数此前一年的行情 ({english} shows {', '.join(drawn)} only: {held_en})", where)


def _figure_without_data(store, figure) -> tuple[str, str]:
    """Why a figure has nothing to draw, in Chinese and in English: the company or the dataset."""
    if figure.kind == "company_bars":
        ticker = figure.params.get("ticker", "")
        try:
            company = store.find_company(ticker)
        except WorkbenchError:
            company = None
        name = f"{company['name']}（{company['ticker']}）" if company else ticker
        return (f"{name}在库中没有营业收入和归母净利润", f"{company['ticker'] if company else ticker} has no revenue "
                "or net profit in the store")
    return (f"数据集“{figure.dataset or ''}”没有可画的数值", f"dataset {figure.dataset or ''!r} holds no value to draw")


OUTSIDE_CONFIRMED = "preflight.outside_confirmed."  # + the issue's id: the values the editor confirmed


def outside_figures(store, issue: Issue, spec: ReportSpec) -> list[tuple[object, object, float | None]]:
    """The comparison table's figures whose current value comes from no import or edit: changed
    (a raw UPDATE) or written (a raw INSERT) in the file outside the workbench, as ``verify``
    names them. Each as (row, column, value), in table order. None to check on a published
    issue (its table is its frozen snapshot) or a light reader (which cannot tell)."""
    changed = getattr(store, "externally_changed_facts", None)
    unlogged = getattr(store, "unlogged_facts", None)
    if changed is None or unlogged is None or not spec.table.rows or not spec.table.columns:
        return []
    if issue.status == "final" and issue.id is not None and store.versions(issue.id):
        return []
    cells = {(row.ticker, c.metric, c.period): (row, c) for row in spec.table.rows for c in spec.table.columns}
    found = {}
    for f in changed():  # few, from one pass over the log's entries written with no batch
        key = (f["ticker"], f["metric"], f["period"])
        if key in cells:
            found[key] = f["value"]
    for key, (value, _batch) in _unproven_figures(store, cells).items():
        found.setdefault(key, value)
    for key, value in _unlogged_in(store, cells, unlogged):
        found.setdefault(key, value)
    return [(*cells[key], found[key]) for key in cells if key in found]


def _unlogged_in(store, cells, unlogged) -> list[tuple[tuple, float | None]]:
    """(key, value) of the printed figures (keys of ``cells``) no change-log entry accounts for: read
    for the whole table at once where the store can (a table of thousands of figures), else one
    indexed look-up per figure."""
    at_once = getattr(store, "unlogged_facts_in", None)
    if at_once is None:
        return [(key, f["value"]) for key in cells for f in unlogged(key)]
    tickers, metrics, periods = ({key[i]: None for key in cells} for i in range(3))
    return [((t, m, p), value) for t, m, p, value in at_once(list(tickers), list(metrics), list(periods))
            if (t, m, p) in cells]


def _unproven_figures(store, cells) -> dict[tuple, tuple[float | None, int]]:
    """The printed figures (keys of ``cells``) whose current value rests on a change batch the
    workbench cannot have written (``Store.unproven_batches``: an import no import recorded, a
    batch dated in the future or back against the log): key -> (value, batch id)."""
    unproven = getattr(store, "unproven_batches", None)
    on_batches = getattr(store, "facts_on_batches", None)
    if unproven is None or on_batches is None:
        return {}
    batches = unproven()
    if not batches:
        return {}
    return {key: (f["value"], f["batch_id"]) for f in on_batches(batches)
            if (key := (f["ticker"], f["metric"], f["period"])) in cells}


def _unproven_words(store, spec: ReportSpec, found) -> str:
    """Which of ``found`` rest on batches the workbench did not write, naming the batches (empty
    when none does)."""
    keys = {(row.ticker, column.metric, column.period) for row, column, _ in found}
    cells = {(row.ticker, c.metric, c.period): None for row in spec.table.rows for c in spec.table.columns}
    on = {key: batch for key, (_, batch) in _unproven_figures(store, cells).items() if key in keys}
    if not on:
        return ""
    batches = "、".join(f"#{b}" for b in sorted(set(on.values())))
    return (f"；其中 {len(on)} 个所依据的变更批次 {batches} 不是工作台写入的，原因见 `workbench verify` "
            f"({len(on)} of them rest on change batch {batches.replace('、', ', ')}, which the workbench did not "
            f"write; `workbench verify` says why)")


def _confirmed(store, issue: Issue) -> set[tuple]:
    import json

    try:
        return {tuple(x) for x in json.loads(store.get_setting(OUTSIDE_CONFIRMED + str(issue.id)) or "[]")}
    except (ValueError, TypeError):
        return set()


def _outside_key(row, column, value) -> tuple:
    return (row.ticker, column.metric, column.period, value)


def _outside_words(found) -> str:
    from workbench.domain.metrics import METRICS, format_value
    from workbench.report.freshness import column_name

    shown = []
    for row, column, value in found[:NAMED]:
        m = METRICS.get(column.metric)
        shown.append(f"{row.name}（{row.ticker}）{column_name(column)} {format_value(m.kind if m else 'price', value)}")
    return "、".join(shown) + (f" 等 {len(found)} 个" if len(found) > NAMED else "")


def confirm_outside_figures(store, issue_or_id) -> list[str]:
    """Record that the editor checked the table's figures changed outside the workbench and keeps
    them as they are now (the preflight then lets the issue go final); returns them in words. A
    value changed again afterwards is named again."""
    import json

    issue = resolve_issue(store, issue_or_id)
    found = outside_figures(store, issue, build_report_spec(store, issue))
    keys = sorted(_confirmed(store, issue) | {_outside_key(*f) for f in found}, key=repr)
    with store.transaction():
        store.set_setting(OUTSIDE_CONFIRMED + str(issue.id), json.dumps(keys, ensure_ascii=False))
    return [_outside_words([f]) for f in found]


def _outside_figures(store, issue: Issue, spec: ReportSpec, r: PreflightResult) -> None:
    """Name the table's figures changed or written outside the workbench (no import or edit gave
    them their value): a warning in a draft; in review and final a blocker until confirmed."""
    confirmed = _confirmed(store, issue) if issue.id is not None else set()
    found = [f for f in outside_figures(store, issue, spec) if _outside_key(*f) not in confirmed]
    if not found:
        return
    (r.warn if issue.status == "draft" else r.block)(
        "outside_change", f"比较表中 {len(found)} 个数值是在工作台之外改动或写入数据文件的，没有导入或编辑记录："
        f"{_outside_words(found)}{_unproven_words(store, spec, found)}；请核对其数据来源，重新导入其来源文件，或核对无误后确认 (figures printed in the "
        f"table were changed in the file outside the workbench: no import or edit accounts for their values; check "
        f"them with `workbench trace`, import them again, or confirm them with "
        f"`workbench check {issue.id} --confirm-outside`)", "table")


def _why_not_in_table(issue: Issue, company: dict) -> str:
    segment = company.get("segment")
    if segment is None:
        return "该公司没有细分板块"
    if issue.table.segments is not None and segment not in issue.table.segments:
        return f"其细分板块“{segment}”未列入比较表"
    return "比较表的公司名单未列入该股"


def _same_name(a: str, b: str) -> bool:
    """Two segment names that differ only in full-width/half-width forms, case or spaces."""
    import unicodedata

    def key(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).casefold().split())

    return key(a) == key(b)


def _data_age(store, issue: Issue, spec: ReportSpec, r: PreflightResult) -> None:
    if not _is_date(issue.period_start):
        return
    limit = (date.fromisoformat(issue.period_start) - timedelta(days=STALE_DAYS)).isoformat()
    as_of = spec.table.as_of
    if as_of and as_of[:10] < limit:
        r.warn("stale_table", f"表格数据截止日 {as_of} 早于本期报告期（{issue.period_start} 起）"
               f" (the table's as-of date is older than the issue period)", "table.as_of")
    # a published issue's table is its frozen snapshot: later imports do not make it stale
    if not (issue.status == "final" and issue.id is not None and store.versions(issue.id)):
        check_freshness(store, issue, spec, r)


def _theme_data(store, issue: Issue, r: PreflightResult) -> None:
    for i, theme in enumerate(issue.themes):
        for ticker in theme.tickers:
            try:
                company = store.find_company(ticker)
            except WorkbenchError:
                company = None
            if company is None:
                r.warn("theme_ticker", f"主题“{theme.name}”的关注标的 {ticker} 不在公司库中 "
                       f"(stock {ticker} is not a company in the store)", f"themes[{i}].tickers")
            elif not store.has_fact_values(company["ticker"]):
                r.warn("theme_no_data", f"主题“{theme.name}”的关注标的 {company['name']}（{company['ticker']}）"
                       f"在库中没有任何数据 (stock has no data in the store)", f"themes[{i}].tickers")


def _review_numbers(store, issue: Issue, r: PreflightResult) -> None:
    """Block a review whose closes, changes or verdict are not the week's, or that names an index
    with no quote dated in the week; warn where a right figure needs the editor's eye (a change
    from an older close than last week's, a mid-week last close, the file's change unchecked or
    disagreeing with the closes). A final issue's review was judged when it was frozen, against
    that week's quotes, and is what its snapshot prints: later quote corrections do not reopen it."""
    from workbench.analysis.review import review_problems, review_warnings

    if issue.status == "final" and issue.id is not None and store.versions(issue.id):
        return
    try:
        problems = review_problems(store, issue)
        warnings = review_warnings(store, issue)
    except (WorkbenchError, ValueError):
        return
    for w in warnings:
        r.warn(w.code, w.message, "market_review")
    week = f"{issue.period_start} 至 {issue.period_end}"
    seen: set[tuple] = set()
    for p in problems:
        if (p.kind, p.index, p.printed) in seen:
            continue
        seen.add((p.kind, p.index, p.printed))
        if p.kind == "no_quote":
            r.block("review_no_quote", f"市场回顾提到{p.index}，但该指数在 {week} 没有行情；请导入本周行情或从回顾中删去"
                    f" (the review names {p.index}, which has no quote dated in the issue's week)", "market_review")
        elif p.kind == "close":
            r.block("stale_review", f"市场回顾中{p.index}的收盘 {p.printed} 点与本周行情 {p.expected} 点不符 "
                    f"(the review's close of {p.index} is not the week's)", "market_review")
        elif p.kind == "change" and p.expected:
            r.block("stale_review", f"市场回顾中{p.index}的周涨跌幅 {p.printed} 与本周行情 {p.expected} 不符 "
                    f"(the review's weekly change of {p.index} is not the week's)", "market_review")
        elif p.kind == "change":
            r.block("stale_review", f"市场回顾中{p.index}的周涨跌幅 {p.printed} 无法由本周行情得出 "
                    f"(the week's quotes give no weekly change for {p.index})", "market_review")
        elif p.kind == "span":  # a move from a close older than last week's last trading day called the week's
            r.block("review_span", p.detail, "market_review")
        else:
            expected = f"本周行情给出“{p.expected}”" if p.expected else "本周行情无法判断跑赢或跑输"
            r.block("stale_review", f"市场回顾写“{p.printed}”，{expected} (the review's verdict on "
                    f"{p.index} is not what the week's quotes give)", "market_review")


def text_fields(issue: Issue) -> list[tuple[str, str, str]]:
    """The issue's own text as (field, the field in the user's words, text): what copy-forward copies."""
    out = [("headline", "标题", issue.headline), ("market_review", "市场回顾", issue.market_review)]
    out += [(f"views[{i}]", f"行业观点 {i + 1}", v) for i, v in enumerate(issue.views)]
    out.append(("advice", "投资建议", issue.advice))
    for i, t in enumerate(issue.themes):
        out += [(f"themes[{i}].name", f"投资主题 {i + 1} 名称", t.name),
                (f"themes[{i}].rationale", f"投资主题 {i + 1} 理由", t.rationale)]
    out += [(f"risks[{i}]", f"风险提示 {i + 1}", v) for i, v in enumerate(issue.risks)]
    for i, f in enumerate(issue.figures):
        out += [(f"figures[{i}].title", f"图 {i + 1} 标题", f.title),
                (f"figures[{i}].source", f"图 {i + 1} 资料来源", f.source)]
    out += [("table.title", "表格标题", issue.table.title), ("table.source", "表格资料来源", issue.table.source)]
    return out


def _stale_dates(issue: Issue, r: PreflightResult) -> None:
    """Warn, by field, of dates that belong to another week: a date of the previous week in the
    issue's text (what copy-forward cannot move safely), a table title 截至 another date than the
    table's data, a related report dated after this issue or citing this week or a later one."""
    from workbench.domain.dates import find_dates

    if not (_is_date(issue.period_start) and _is_date(issue.period_end)):
        return
    start, end = date.fromisoformat(issue.period_start), date.fromisoformat(issue.period_end)
    prev_first, prev_last = start - timedelta(days=7), start - timedelta(days=1)
    week = f"{issue.period_start} 至 {issue.period_end}"
    as_of = (issue.table.as_of or issue.period_end)[:10]
    for where, label, text in text_fields(issue):
        label += " " if label[-1].isdigit() else ""  # 行业观点 1 含…, 市场回顾含…
        for m in find_dates(text, near=end):
            if where == "market_review" and text[:m.start].endswith("较") and text[m.end:].startswith("收盘"):
                continue  # the review's named base (较12月18日收盘): its change is checked against the quotes
            if where == "table.title" and m.as_of and not m.is_range and _is_date(as_of) \
                    and m.first.isoformat() != as_of:
                r.warn("stale_date", f"{label}写“截至{m.text}”，表格数据截至 {as_of}；请核对 "
                       f"(the table title's as-of date is not the table's, {as_of})", where)
            elif m.first <= prev_last and m.last >= prev_first:
                r.warn("stale_date", f"{label}含上一周的日期“{m.text}”，本期为 {week}；请核对是否沿用了上期内容 "
                       f"(a date of the previous week: copied from last week's issue?)", where)
    for i, rel in enumerate(issue.related):
        label = f"相关报告 {i + 1} "
        if _is_date(rel.date) and _is_date(issue.publish_date) and rel.date > issue.publish_date:
            r.warn("stale_date", f"{label}的日期 {rel.date} 晚于本期发布日期 {issue.publish_date} "
                   f"(related report {i + 1} is dated after this issue)", f"related[{i}].date")
        for m in find_dates(rel.title, near=end):
            if m.is_range and m.last >= start:
                r.warn("stale_date", f"{label}的标题指向本期或之后的报告期“{m.text}”，本期为 {week} "
                       f"(related report {i + 1} cites this week or a later one)", f"related[{i}].title")
