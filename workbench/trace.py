"""Where a stored figure came from, as text: its current value and every change in the change log.

A figure is a company's (named by its code, as ``revenue 2024Q1-Q3``, or as the PDF labels it,
``营业收入 24Q1-Q3``) or an index's close or weekly change as the market review prints them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from workbench.analysis.growth import computed_yoy, zero_base_yoy
from workbench.analysis.review import index_week as review_index_week
from workbench.analysis.review import month_day, printed_change, printed_close
from workbench.domain.import_notes import unit_applied
from workbench.domain.metrics import METRICS, format_value, is_number, metric, stored_note, values_written
from workbench.domain.periods import DATE_RE, parse_period
from workbench.domain.times import local_time
from workbench.errors import NotFound, ValidationError
from workbench.outputs import display_text
from workbench.store import Store
from workbench.store.store import synced_at
from workbench.store.sync_state import OUTSIDE_CHANGED, OUTSIDE_WRITTEN

ORIGIN_WORDS = {
    "import": "导入 import",
    "edit": "手工修改 edit",
    "paste": "粘贴 paste",
    "delete": "删除 delete",
    "undo": "撤销 undo",
    "redo": "重做 redo",
    "demo": "演示数据 demo",
    "sync": "同步 sync",
    "merge": "合并 merge",
    "system": "系统 system",
    "external": "库外写入 written outside the workbench",
}


def _where(change: dict, kind: str | None = None) -> str:
    """Where a change came from: file, sheet, row, column (and the unit its import applied to a
    column stating none), source, as-of date, each shown on this line whatever characters it holds
    (``display_text``)."""
    parts = []
    if change.get("file"):
        parts.append(f"文件 file {display_text(change['file'])}")
    if change.get("sheet"):
        parts.append(f"工作表 sheet {display_text(change['sheet'])}")
    if change.get("row") is not None:
        parts.append(f"行 row {display_text(change['row'])}")
    if change.get("col"):
        parts.append(f"列 column {display_text(change['col'])}")
        applied = unit_applied(change.get("note"), change["col"], kind)
        if applied:
            parts.append(display_text(applied))
    if change.get("source") and not change.get("file"):
        # a value another program wrote, as the desk passes it on, says so itself
        outside = change["source"].startswith((OUTSIDE_CHANGED, OUTSIDE_WRITTEN))
        parts.append(display_text(change["source"]) if outside else f"来源 source {display_text(change['source'])}")
    if change.get("as_of"):
        parts.append(f"截至 as of {display_text(change['as_of'])}")
    return ", ".join(parts)


def trace_lines(store: Store, ticker: str, metric_code: str, period: str) -> list[str]:
    """The figure's current value in the report's unit, then each change oldest first.

    Raises NotFound for a company, metric or period the store knows nothing of.
    """
    company = store.company(ticker)  # NotFound names an unknown ticker
    m = metric(metric_code)  # ValidationError names an unknown metric
    history = store.history(company["ticker"], m.code, period)
    current = store.fact(company["ticker"], m.code, period)
    # a YoY the store does not hold, computed for the table from the two stored levels
    computed = computed_yoy(store, company["ticker"], m.code, period) if current is None else None
    if current is None and computed is None:  # over a zero base the table prints --: say why
        computed = zero_base_yoy(store, company["ticker"], m.code, period)
    if current is None and not history and computed is None:
        raise NotFound(f"没有该数据 (no such figure): {company['ticker']} {m.code} {period}")
    unit = "" if m.kind == "ratio" else m.display_unit()  # a ratio prints its % itself
    shown = computed.value if computed is not None else current
    lines = [f"{company['ticker']} {display_text(company['name'])} {m.zh} ({m.code}) {period}: "
             f"{format_value(m.kind, shown)} {unit if is_number(shown) else ''}".rstrip()
             + (stored_note(m.kind, current, unit) if computed is None else "")]
    if computed is not None:
        lines += _protection_warning(store)
        lines += _computed_yoy_lines(store, company["ticker"], computed)
        if history:
            lines.append("  库中曾有该同比，现已删除 (a YoY was stored and removed since):")
            lines.extend(_entry(h, lambda v: format_value(m.kind, v), "    ", store.unproven_batches(), kind=m.kind)
                         for h in history)
        return lines
    if not history:
        lines.append("  (变更记录中没有该数据的条目 no entry in the change log)")
    logged_outside = bool(history) and history[-1].get("origin") == "external" and history[-1].get("op") == "insert"
    unlogged = (current is not None and not logged_outside  # a raw INSERT a sync has logged is named by its entry
                and store.unlogged_facts((company["ticker"], m.code, period)))
    unproven = store.unproven_batches() if history else {}
    lines += _protection_warning(store)
    lines.extend(_entry(h, lambda v: format_value(m.kind, v), unproven=unproven, kind=m.kind) for h in history)
    if unlogged:  # a raw INSERT into the file: no entry accounts for the value the store holds
        lines.append(f"  ? {ORIGIN_WORDS['external']}: 变更记录中没有当前值的来源 (no change-log entry accounts "
                     f"for the current value): -> {format_value(m.kind, current)}")
    return lines


def _computed_yoy_lines(store, ticker: str, c) -> list[str]:
    """How a computed YoY was reckoned: the formula on the two levels, then each level's value and
    its every change (file, row, column, source), as a stored figure is traced."""
    level = metric(c.level)
    lines = [f"  {c.explanation}"]
    for period, line in c.levels():
        lines.append(f"  {line}")
        history = store.history(ticker, level.code, period)
        unproven = store.unproven_batches() if history else {}
        lines.extend(_entry(h, lambda v: format_value("amount", v), "    ", unproven, kind="amount") for h in history)
        if not history:
            lines.append("    (变更记录中没有该数据的条目 no entry in the change log)")
    return lines


def _protection_warning(store) -> list[str]:
    """A line saying the log cannot be trusted when the store's triggers are not the schema's (one
    removed, altered or added can keep a change out of the log), else none."""
    if not any(store.schema_drift().values()):
        return []
    return ["  ! 警告 WARN 数据文件的触发器已被删除、改动或添加，变更记录可能不全，以下来源不可信 (the store's triggers "
            "were removed, altered or added to: the change log may be incomplete and the entries below cannot "
            "be trusted; see `workbench verify`)"]


def _entry(h: dict, fmt, indent: str = "  ", unproven: dict | None = None, kind: str | None = None) -> str:
    """One change-log entry: when, who, how, where from, old -> new. A change made on another
    workstation is dated when it was made there; when this store took it is the sync's time. A
    change logged under a batch the workbench cannot have written (``unproven``: batch id -> why,
    ``Store.unproven_batches``) is a change made outside the workbench, whatever its batch claims.
    ``kind``: a company figure's metric kind, whose old and new are shown as written, every digit
    (``values_written``: the cell a file held can be confirmed; the table's rounding is on the first
    line), and whose import's unit is named (``unit_applied``)."""
    who = f" {display_text(h['by'])}" if h.get("by") else ""
    if kind is not None:
        fmt_pair = lambda old, new: values_written(kind, old, new)  # noqa: E731
    else:
        fmt_pair = lambda old, new: (fmt(old), fmt(new))  # noqa: E731
    shown_old, shown_new = fmt_pair(h["old"], h["new"])
    if unproven and h.get("batch_id") in unproven:
        why = display_text(unproven[h["batch_id"]])
        return (f"{indent}{display_text(local_time(h.get('at')) or '?')} 库外修改 changed outside the workbench "
                f"(变更批次 #{h['batch_id']} 不是工作台写入的 the batch it names was not written by the workbench: "
                f"{why}): {shown_old} -> {shown_new}")
    where = _where(h, kind)
    synced = synced_at(h.get("note"))
    synced = local_time(synced.rstrip(";,")) if synced else None  # times in this workstation's zone
    at = display_text(local_time(h.get("at")) or "?")
    late = AFTER_SYNC_WORDS if _after_its_sync(h.get("at"), synced_at(h.get("note"))) else ""
    how = ORIGIN_WORDS.get(h["origin"], h["origin"]) + (f" ({SYNCED_WORDS}{synced})" if synced else "") + late
    if h.get("op") == "update" and h["old"] == h["new"]:  # re-imported unchanged with a later as-of date
        how = "确认 confirmed" + (f" ({SYNCED_WORDS}{synced})" if synced else "") + late
        return (f"{indent}{at}{who} {how}{': ' + where if where else ''}: "
                f"{shown_new} (值未变 unchanged)")
    return (f"{indent}{at}{who} {how}"
            f"{': ' + where if where else ''}: {shown_old} -> {shown_new}")


SYNCED_WORDS = "同步于 synced "
#: Said of a pulled change dated after the sync that brought it: a time no clock that agrees writes.
AFTER_SYNC_WORDS = "（时间晚于同步时间，写入者时钟可能有误 (time after its sync: the writer's clock may be wrong)）"
#: How far after its sync a change may be dated before it is said to be (clocks differ by a little).
_AFTER_SYNC_SLACK_S = 300


def _after_its_sync(at: str | None, synced: str | None) -> bool:
    """Whether a change made elsewhere is dated after the sync that wrote it here (its writer's
    clock ran ahead, or this one's behind), by more than the slack clocks are allowed."""
    from datetime import datetime

    if not at or not synced:
        return False
    try:
        made, taken = datetime.fromisoformat(str(at)), datetime.fromisoformat(synced.rstrip(";,"))
    except ValueError:
        return False
    if made.tzinfo is None or taken.tzinfo is None:
        return False
    return (made - taken).total_seconds() > _AFTER_SYNC_SLACK_S


# ---------------------------------------------------------------- a figure named as the PDF labels it
_YOY_WORDS = {"yoy", "同比"}
_YTD_WORDS = {"年初至今", "ytd"}
_NAMES: dict[str, str] = {}
for _m in METRICS.values():
    for _name in (_m.code, _m.zh, _m.en):
        _NAMES.setdefault(_name.lower(), _m.code)
_NAMES.update({"市盈率": "pe", "年初至今": "ytd_return", "年初至今涨跌幅": "ytd_return", "ytd": "ytd_return",
               "营收": "revenue", "净利润": "net_profit"})
INDEX_FIGURES = {"close": "close", "收盘价": "close", "收盘": "close", "点位": "close",
                 "change": "change", "weekly_change": "change", "周涨跌幅": "change", "涨跌幅": "change"}
PERIOD_FORMS = ("2023 或 2023A、24Q1-Q3 或 2024Q1-Q3、24H1、24Q1、2024E、2024YTD 或 年初至今；收盘价、总市值、总股本为日期，"
                "如 2025-01-03（省略则为最新一日）")
DATED_METRICS = ("close", "market_cap", "shares")  # a company's figures of a day: the period is the date


def accepted_forms() -> str:
    """The ways a figure can be named, for a message that refuses one."""
    printed = {"pe": "PE", "eps": "EPS", "ytd_return": "年初至今"}
    figures = "、".join(f"{m.code} {printed.get(m.code, m.zh)}" for m in METRICS.values()
                       if m.code not in ("close", "market_cap", "shares"))
    return (f"公司的指标 (a company's figure): {figures}；同比也可写作“营业收入 2023 YoY”；"
            f"期间 (periods): {PERIOD_FORMS}；指数 (an index): close 收盘价、change 周涨跌幅，日期可省略 "
            f"(the date is optional: the latest) (e.g. trace 润欣科技 营业收入 24Q1-Q3, trace 300493.SZ \"PE 2025E\", "
            f"trace 000300.SH close 2025-01-03)")


def figure_key(store, ticker: str, figure: str, period: str | None, notes: list | None = None) -> tuple[str, str]:
    """(metric code, period code) of a company's figure named by code or as the PDF labels it.

    ``figure`` may hold the period too ("PE 2025E"). 年初至今 with no year is the period the latest
    issue's 年初至今 column prints (``_printed_ytd``); 年初至今 2025 and 年初至今 2025YTD name the year. A
    close (总市值, 总股本) with no date is the latest the store holds, said in ``notes``. Raises
    ValidationError listing the accepted forms for a name it cannot match.
    """
    tokens = f"{figure} {period or ''}".split()
    yoy = any(t.lower() in _YOY_WORDS for t in tokens)
    periods, words = [], []
    for t in tokens:
        if t.lower() in _YOY_WORDS:
            continue
        try:
            periods.append(parse_period(t) if t.lower() not in _YTD_WORDS else "YTD")
            continue
        except ValidationError:
            pass
        if re.fullmatch(r"[\d]{2,4}[A-Za-z0-9-]*", t):  # a period it cannot read, not a name
            raise ValidationError(f"无法识别的期间 (unknown period): {t}；期间可写作 (periods): {PERIOD_FORMS}")
        words.append(t)
    name = " ".join(words).lower()
    code = _NAMES.get(name)
    if code is None and "YTD" in periods and not words:
        code = "ytd_return"
    if code is None:
        raise ValidationError(f"未知指标 (unknown metric): {figure}；可用的写法 (accepted forms): "
                              f"{accepted_forms()}")
    if yoy and not code.endswith("_yoy"):
        if f"{code}_yoy" not in METRICS:
            raise ValidationError(f"{METRICS[code].zh} 没有同比 (no YoY of {code})；{accepted_forms()}")
        code = f"{code}_yoy"
    if "YTD" in periods and len(periods) == 2:  # 年初至今 with its year, as the PDF labels the column
        year = next(p for p in periods if p != "YTD")
        if re.fullmatch(r"\d{4}(A|YTD)", year):
            periods = [f"{year[:4]}YTD"]
    if not periods and code in DATED_METRICS:
        return code, _latest_day(store, ticker, code, notes)
    if len(periods) != 1:
        what = "没有给出期间 (no period given)" if not periods else f"期间不止一个 (more than one period): {figure}"
        raise ValidationError(f"{what}；期间可写作 (periods): {PERIOD_FORMS}")
    p = periods[0]
    if p == "YTD":
        p = _printed_ytd(store, ticker, code)
    if code in DATED_METRICS and DATE_RE.match(p):
        p = _day_of_week(store, ticker, code, p, notes)
    return code, p


def _day_of_week(store, ticker: str, code: str, day: str, notes: list | None) -> str:
    """``day``, or, where the company has no close (总市值, 总股本) that day, the week's last one before
    it (a week's Friday or Sunday), said in ``notes``; ``day`` itself when the week has none."""
    days = {f["period"] for f in store.facts([ticker]) if f["metric"] == code and DATE_RE.match(f["period"])}
    if day in days:
        return day
    d = date.fromisoformat(day)
    monday = (d - timedelta(days=d.weekday())).isoformat()
    in_week = sorted(x for x in days if monday <= x <= day)
    if not in_week:
        return day  # (traced as no such figure, naming the day)
    if notes is not None:
        notes.append(f"  {day} 没有{METRICS[code].zh}，取该周最后一日：{in_week[-1]} (none on {day}: the week's last, of "
                     f"{in_week[-1]})")
    return in_week[-1]


def _latest_day(store, ticker: str, code: str, notes: list | None) -> str:
    """The latest day of a company's close (总市值, 总股本) the store holds, said in ``notes``."""
    days = sorted(f["period"] for f in store.facts([ticker]) if f["metric"] == code and DATE_RE.match(f["period"]))
    m = METRICS[code]
    if not days:
        raise NotFound(f"没有该数据 (no such figure): {ticker} {m.zh} ({code})：库中没有该公司任何一日的{m.zh} "
                       f"(the store holds no {m.en.lower()} of the company on any day)")
    if notes is not None:
        notes.append(f"  未给日期，取库中最新一日：{days[-1]} (no date given: the latest the store holds, of {days[-1]})")
    return days[-1]


def _printed_ytd(store, ticker: str, code: str) -> str:
    """The period 年初至今 with no year names: the year the latest issue's table prints in its
    年初至今 column (after copy-forward into a new year, that year's, never last year's figure the
    column no longer prints); with no such column, the company's latest stored YTD period."""
    held = sorted(f["period"] for f in store.facts([ticker]) if f["metric"] == code and f["period"].endswith("YTD"))
    try:
        table = store.issue("latest").table
        printed = [c.period for c in (table.columns if table is not None else []) if c.metric == code]
    except NotFound:
        printed = []
    if printed:
        if printed[-1] in held:
            return printed[-1]
        also = (f"；库中该公司有 (the store holds) {'、'.join(held)}：如 (e.g.) trace {ticker} 年初至今 {held[-1][:4]}"
                if held else "")
        raise NotFound(f"没有该数据 (no such figure): {ticker} 年初至今 {printed[-1]}（最新一期周报的年初至今列 "
                       f"the latest issue's 年初至今 column）{also}")
    if not held:
        raise NotFound(f"没有该数据 (no such figure): {ticker} {code} 年初至今 (YTD)")
    return held[-1]


def trace(store, subject: str, figure: str, period: str | None = None, *, index_week=None) -> list[str]:
    """Trace a company's figure (``subject`` a ticker or name) or an index's (a code, name or #id).

    An index's weekly change is the market review's own reckoning of the week
    (workbench.analysis.review.index_week unless ``index_week`` is given). Raises NotFound for a
    subject that is neither, ValidationError for a figure it cannot name.
    """
    company = store.find_company(subject)
    if company is not None and company["ticker"] != subject.strip().upper():
        same = [c["ticker"] for c in store.companies() if c["name"] == subject.strip()]
        if len(same) > 1:  # a second listing under one name: the name cannot say which
            raise ValidationError(f"有多家公司名为“{subject.strip()}”，请用代码 (several companies have this "
                                  f"name; give the ticker): {', '.join(same)}")
    if company is not None:
        notes: list[str] = []
        code, p = figure_key(store, company["ticker"], figure, period, notes)
        lines = trace_lines(store, company["ticker"], code, p)
        return lines[:1] + notes + lines[1:]
    index = _find_index(store, subject)
    if index is None:
        raise NotFound(f"没有该公司或指数 (no company or index): {subject}")
    return index_trace_lines(store, index, figure, period, index_week=index_week)


def _find_index(store, text: str) -> dict | None:
    """An index named by its name, its code or #id (as workbench index commands take it)."""
    text = text.strip()
    if text.startswith("#") and text[1:].isdigit():
        return next((i for i in store.indices() if i["id"] == int(text[1:])), None)
    try:
        return store.index(text)
    except NotFound:
        return None


# ---------------------------------------------------------------- an index's close and weekly change
def _day(text: str) -> str:
    raw = text.strip()
    for fmt in ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d"):
        try:
            return datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValidationError(f"无法识别的日期 (unknown date): {text}；请写作 2025-01-03 (write the date as 2025-01-03)")


def index_trace_lines(store, index: dict, figure: str, day: str | None = None, *, index_week=None) -> list[str]:
    """An index's close (or weekly change, as the market review computes it: ``index_week``,
    default workbench.analysis.review.index_week) on ``day`` (default: its latest quote) and where
    each close came from."""
    tokens = figure.split()
    if day is None and len(tokens) == 2:  # "close 2025-01-03" in one argument
        figure, day = tokens
    what = INDEX_FIGURES.get(figure.strip().lower())
    if what is None:
        raise ValidationError(f"指数的数据为收盘价或周涨跌幅 (an index's figure is close 收盘价 or change "
                              f"周涨跌幅): {figure}")
    quotes = [q for q in store.quotes(index["id"]) if q["close"] is not None]
    title = f"{display_text(index.get('code') or '#' + str(index['id']))} {display_text(index['name'])}"
    if not quotes:
        raise NotFound(f"{title} 没有行情 (no quotes)")
    day = _day(day) if day else quotes[-1]["date"]
    quote = next((q for q in quotes if q["date"] == day), None)
    said, shown = [], day
    if quote is None:  # a week's date (its Friday, its last day): the week's last close, as the review takes it
        quote = _weeks_last(quotes, day, title)
        shown = f"截至{month_day(quote['date'])} ({quote['date']})"
        said = [f"  {day} 没有收盘，取该周最后一个收盘，{month_day(quote['date'])}（{quote['date']}）的，市场回顾印作"
                f"“截至{month_day(quote['date'])}” (no close on {day}: the week's last close, of {quote['date']}, "
                f"as the market review takes it)"]
    close_lines = _close_lines(store, index, quote["date"], quote["close"])
    close_lines[1:1] = _protection_warning(store)
    if what == "close":
        return [f"{title} 收盘价 (close) {shown}: {printed_close(quote['close'])} 点"] + said + close_lines[1:]
    if index_week is None:
        index_week = review_index_week
    monday = (date.fromisoformat(day) - timedelta(days=date.fromisoformat(day).weekday())).isoformat()
    week = index_week(store, index["name"], monday, day)
    pct = lambda v: "--" if v is None else format_value("ratio", v)  # noqa: E731
    if week.change is None:
        return ([f"{title} 周涨跌幅 (weekly change) {day}: --",
                 f"  {day} 之前两周内没有收盘，文件也没有涨跌幅 (no close in the two weeks before the week and no "
                 f"change in the file)"] + close_lines)
    # a change from a close older than last week's last trading day is named by its base, as the review prints it
    label = ("周涨跌幅 (weekly change)" if week.base_is_last_weeks(monday) else
             f"较{month_day(week.base_date)}收盘涨跌幅 (change from the close of {week.base_date})")
    if week.date and week.date != day:
        shown = f"截至{month_day(week.date)} ({week.date})"
    lines = [f"{title} {label} {shown}: {printed_percent_text(week.change)}"] + said
    if week.change_source == "computed":
        lines.append(f"  = {printed_close(week.close)} ({week.date}) / {printed_close(week.base_close)} ({week.base_date}) - 1，"
                     f"由收盘价计算，市场回顾印此数 (computed from the closes, as the market review prints it)")
        lines += close_lines
        lines += _close_lines(store, index, week.base_date, week.base_close)
    else:
        lines.append("  = 文件的涨跌幅：本周之前两周内没有收盘可供核对 (the file's own change: no close in the two "
                     "weeks before the week to compute it from)")
        lines += close_lines
    vendor = quote["change"]
    if vendor is not None:
        lines.append(f"  文件的涨跌幅 (the file's change) {quote['date']}: {pct(vendor)}")
        unproven = store.unproven_batches()
        lines += [_entry(h, pct, "    ", unproven) for h in store.quote_history(index, quote["date"], "change")]
    return lines


def _weeks_last(quotes: list[dict], day: str, title: str) -> dict:
    """The last close of the week (Monday to Sunday) of ``day``, on or before it; NotFound naming the
    week and the latest close before it when the week has none."""
    d = date.fromisoformat(day)
    monday, sunday = (d - timedelta(days=d.weekday())).isoformat(), (d + timedelta(days=6 - d.weekday())).isoformat()
    in_week = [q for q in quotes if monday <= q["date"] <= day]
    if in_week:
        return in_week[-1]
    before = [q for q in quotes if q["date"] < monday]
    latest = (f"；此前最近的收盘为 {before[-1]['date']}" if before else "")
    latest_en = (f"; the latest before it is of {before[-1]['date']}" if before else "")
    raise NotFound(f"{title} 在 {day} 所在的一周（{monday} 至 {sunday}）没有收盘{latest} (no close of the index in "
                   f"the week of {day}{latest_en})")


def printed_percent_text(change: float) -> str:
    """A weekly change as the market review prints it (-5.17%, +1.23%; 0.00% for a change that rounds
    to 0)."""
    return printed_change(change)


def _close_lines(store, index: dict, day: str, close: float) -> list[str]:
    fmt = lambda v: "--" if v is None else printed_close(v)  # noqa: E731
    history = store.quote_history(index, day, "close")
    lines = [f"  收盘价 (close) {day}: {printed_close(close)}"]
    unproven = store.unproven_batches() if history else {}
    lines += [_entry(h, fmt, "    ", unproven) for h in history]
    if not history:
        lines.append("    (变更记录中没有该数据的条目 no entry in the change log)")
    return lines


def week_sources(store, week) -> dict:
    """Where one index's figures in the market review came from: ``week`` is the review's own
    reckoning of the index's week (workbench.analysis.review.IndexWeek); returns its figures with
    the change log of the close, of the base close it is measured from and of the file's change.

    Keys: name, code, date, close, change (a fraction or None), change_source ("computed",
    "vendor" or ""), base_date, base_close, close_history, base_history, change_history.
    """
    index = _find_index(store, week.name)
    out = {"name": week.name, "code": (index or {}).get("code"), "date": week.date, "close": week.close,
           "change": week.change, "change_source": week.change_source, "base_date": week.base_date,
           "base_close": week.base_close, "close_history": [], "base_history": [], "change_history": []}
    if index is not None and week.date:
        out["close_history"] = store.quote_history(index, week.date, "close")
        out["change_history"] = store.quote_history(index, week.date, "change")
        if week.base_date:
            out["base_history"] = store.quote_history(index, week.base_date, "close")
    return out
