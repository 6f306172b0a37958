"""Whether the comparison table's figures are this week's: the preflight's freshness warnings.

A figure can be right and stale. Price-based figures (PE, market cap, 年初至今 returns) move every
trading day, so one dated before the issue's week is last week's; report-period figures (revenue,
profit, their growth) change when a company reports, so they are flagged only past the days of
``STALE_DAYS``. A 年初至今 column must be the issue's year and the newest the store holds; a level
and its growth rate must be updated together (a growth kept beside a revised level was computed on
the old level): a level changed after its growth was last written, in print or in the growth it
gives (a restatement printing alike can move the growth past its last printed digit), in the change
log's order (whatever the as-of dates: a corrected file resent for the same data day keeps the date), the
base-year level of a growth reckoned from the two levels too, or, of the two dated apart, the one
dated later revised after the other's date. A forecast year's PE must likewise follow its EPS or net
profit forecast, and a company printing -- under 年初至今 for want of that year's YTD is named. Each
finding is a warning: a careful editor may go on.

The facts' as-of dates are read as the store holds them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from workbench.analysis.growth import yoy_inputs
from workbench.analysis.metrics import yoy
from workbench.domain.issue import Issue
from workbench.domain.metrics import METRICS, NumberStyle, format_value, is_number, values_written
from workbench.domain.periods import period_label
from workbench.errors import WorkbenchError

STALE_DAYS = 7  # a report-period figure older than the issue's week by more than this is flagged
PRICE_METRICS = frozenset({"pe", "market_cap", "ytd_return", "close"})  # move with the price, daily
GROWTH_OF = {"revenue_yoy": "revenue", "net_profit_yoy": "net_profit"}  # growth rate -> its level
YTD = re.compile(r"^(\d{4})YTD$")
NAMED = 5  # companies named in a finding; the rest are counted


def is_price_based(metric: str) -> bool:
    """True for a figure that moves with the share price (PE, market cap, YTD return, close)."""
    return metric in PRICE_METRICS


def column_name(column) -> str:
    """A table column as the editor reads it: 营业收入 2023, PE 2024E, 年初至今."""
    label = (column.label or "").strip() or period_label(column.period)
    m = METRICS.get(column.metric)
    group = (column.group or "").strip()
    words = [group] + ([m.zh, m.en, m.code] if m else [])
    if any(w and w.lower() in label.lower() for w in words) or (m and label in m.zh):
        return label
    return f"{group or (m.zh if m else column.metric)} {label}"


def _metric_zh(code: str) -> str:
    m = METRICS.get(code)
    return m.zh if m else code


def _companies(names: list[str]) -> str:
    shown = "、".join(names[:NAMED])
    return shown + (f" 等 {len(names)} 家" if len(names) > NAMED else f"（{len(names)} 家）")


def _dates(values) -> str:
    days = sorted(set(values))
    return days[0] if len(days) == 1 else f"{days[0]} 至 {days[-1]} 不等"


def _is_date(text) -> bool:
    try:
        date.fromisoformat(str(text or "")[:10])
    except ValueError:
        return False
    return True


def table_facts(store, tickers: list[str], metrics: list[str] | None = None
                ) -> dict[tuple[str, str, str], tuple[float | None, str | None]]:
    """(ticker, metric, period) -> (value, as-of date) for the table's companies (of ``metrics`` only,
    when given), read by ticker."""
    return {(ticker, metric, period): (value, as_of[:10] if as_of else None)
            for ticker, metric, period, value, as_of in store.fact_dates(tickers, metrics)}


def _checked_metrics(spec) -> list[str]:
    """The metrics the freshness checks read: the printed ones, and a printed growth rate's level or a
    printed level's growth rate (with every period of them: a growth's base year)."""
    printed = {c.metric for c in spec.table.columns}
    return [*printed, *(m for pair in GROWTH_OF.items() if printed & set(pair) for m in pair if m not in printed)]


def check_freshness(store, issue: Issue, spec, r) -> None:
    """Warn (on the PreflightResult ``r``) of table figures older than the issue's week, a 年初至今
    column of another year or older than the store's, a column with no data, and a level whose
    growth rate has another as-of date."""
    if not (_is_date(issue.period_start) and _is_date(issue.period_end)):
        return
    rows = spec.table.rows
    columns = spec.table.columns
    if not rows or not columns:
        return
    facts = table_facts(store, [row.ticker for row in rows], _checked_metrics(spec))
    names = {row.ticker: f"{row.name}（{row.ticker}）" for row in rows}
    _stale(issue, spec, facts, names, r)
    _ytd(issue, spec, facts, r)
    _empty(spec, r)
    _missing_ytd(spec, names, r)
    _growth(store, spec, facts, names, r)
    _pe_after_forecast(store, spec, names, r)


def _stale(issue: Issue, spec, facts, names, r) -> None:
    start = issue.period_start[:10]
    rule = (date.fromisoformat(start) - timedelta(days=STALE_DAYS)).isoformat()
    found = {True: ({}, {}), False: ({}, {})}  # price-based -> (column -> None, ticker -> [as-of])
    for c in spec.table.columns:
        price = is_price_based(c.metric)
        limit = start if price else rule
        cols, old = found[price]
        for row in spec.table.rows:
            value, as_of = facts.get((row.ticker, c.metric, c.period), (None, None))
            if value is not None and as_of and as_of < limit:
                cols[column_name(c)] = None
                old.setdefault(row.ticker, []).append(as_of)
    stated = (spec.table.as_of or "")[:10]
    for price in (True, False):
        cols, old = found[price]
        if not old:
            continue
        days = [d for v in old.values() for d in v]
        latest = max(days)
        note = f"（表格注明截至 {stated}）" if stated and stated > latest else ""
        who = _companies([names[t] for t in old])
        what = "、".join(f"“{c}”" for c in cols)
        if price:
            r.warn("stale_facts", f"比较表的{what}列中 {who}的数据截至 {_dates(days)}{note}，早于本期报告期"
                   f"（{start} 起）；估值与涨跌幅每个交易日都在变，请导入本周数据 (price-based figures: the PE, "
                   f"market cap and YTD figures of {len(old)} companies are older than this issue's week: "
                   f"import this week's data)", "table")
        else:
            r.warn("stale_facts", f"比较表的{what}列中 {who}的数据截至 {_dates(days)}{note}，早于本期报告期"
                   f"（{start} 起）{STALE_DAYS} 天以上；请核对是否有更新的报告期数据 (report-period figures of "
                   f"{len(old)} companies are more than {STALE_DAYS} days older than this issue's week)", "table")


def _ytd(issue: Issue, spec, facts, r) -> None:
    year = int(issue.period_end[:4])
    held: dict[int, set[str]] = {}
    for (ticker, metric, period), (value, _) in facts.items():
        m = YTD.match(period) if metric == "ytd_return" else None
        if m and value is not None:
            held.setdefault(int(m.group(1)), set()).add(ticker)
    for c in spec.table.columns:
        m = YTD.match(c.period) if c.metric == "ytd_return" else None
        if not m:
            continue
        printed = int(m.group(1))
        why = []
        if printed != year:
            why.append(f"本期报告期截至 {issue.period_end}，属 {year} 年")
        newer = [y for y in held if printed < y <= year]  # never a year after the issue's own
        if newer:
            y = max(newer)
            why.append(f"库中已有 {y}YTD 的数据（{len(held[y])} 家）")
        if why:
            r.warn("ytd_year", f"比较表的“{column_name(c)}”列印的是 {c.period}（{printed} 年初至今），"
                   f"但{'，'.join(why)}；请把该列改为 {max([year, *newer])} 年的年初至今（{max([year, *newer])}YTD） "
                   f"(the YTD column prints "
                   f"{c.period}, not the year of the issue or the newest YTD the store holds)", "table")


def _empty(spec, r) -> None:
    for j, c in enumerate(spec.table.columns):
        if all(row.values[j] is None for row in spec.table.rows if j < len(row.values)):
            r.warn("empty_column", f"比较表的“{column_name(c)}”列（{_metric_zh(c.metric)} {c.period}）在库中没有任何公司的数据，"
                   f"PDF 中整列印为“--”；请导入该期数据或删去该列 (the column has no data: it prints -- "
                   f"for every company)", "table")


def _missing_ytd(spec, names, r) -> None:
    """Warn of the companies a 年初至今 column prints -- for (the store holds no YTD of that year for
    them), named; a column with none at all is ``_empty``'s."""
    for j, c in enumerate(spec.table.columns):
        if c.metric != "ytd_return":
            continue
        values = [(row.ticker, row.values[j] if j < len(row.values) else None) for row in spec.table.rows]
        gone = [names[t] for t, v in values if v is None]
        if not gone or len(gone) == len(values):
            continue
        m = YTD.match(c.period)
        year = f" {m.group(1)} 年的" if m else ""
        r.warn("missing_ytd", f"比较表的“{column_name(c)}”列中 {_companies(gone)}在库中没有{year}年初至今涨跌幅"
               f"（{c.period}），PDF 中印为“--”；请导入这些公司的年初至今数据 ({len(gone)} companies have no YTD "
               f"return of {c.period} in the store: the column prints -- for them)", "table")


def _growth(store, spec, facts, names, r) -> None:
    printed = {(c.metric, c.period) for c in spec.table.columns}
    style = NumberStyle.lenient(spec.house.number_style)
    wanted = [m for pair in GROWTH_OF.items() for m in pair if any(p[0] in pair for p in printed)]
    writes: dict[tuple[str, str, str], list[tuple]] = {}
    if wanted:
        for ticker, metric, period, *entry in store.fact_writes([row.ticker for row in spec.table.rows], wanted):
            writes.setdefault((ticker, metric, period), []).append(tuple(entry))
    for growth, level in GROWTH_OF.items():
        for period in dict.fromkeys(p for m, p in printed if m in (growth, level)):
            odd = []
            for row in spec.table.rows:
                lv, la = facts.get((row.ticker, level, period), (None, None))
                gv, ga = facts.get((row.ticker, growth, period), (None, None))
                if lv is None or gv is None:
                    continue
                found = _level_changed_since(writes, facts, row.ticker, growth, period,
                                             (growth, period) in printed, style)
                if found is None and la and ga and la != ga:
                    later, earlier = (level, ga) if la > ga else (growth, la)
                    if _revised_after(store, (row.ticker, later, period), earlier, style):
                        found = f"{METRICS[level].zh} 截至 {la}，{METRICS[growth].zh} 截至 {ga}"
                if found is not None:
                    odd.append(f"{names[row.ticker]}：{found}")
            if not odd:
                continue
            what = f"{METRICS[level].zh} {period_label(period)}"
            shown = "；".join(odd[:NAMED]) + (f" 等 {len(odd)} 家" if len(odd) > NAMED else "")
            r.warn("growth_as_of", f"比较表的“{what}”与其同比不是一并更新的数据，其中一项在另一项之后修订过（{shown}）；"
                   f"同比可能按修订前的数值计算，请一并更新或核对 (the level and its growth rate were not updated "
                   f"together: one was revised after the other, the growth may be computed on the old level)",
                   "table")


PE_RESTS_ON = ("eps", "net_profit")  # a forecast year's PE is the price over one of these forecasts


def _pe_after_forecast(store, spec, names, r) -> None:
    """Warn of a forecast year's PE kept beside its forecast (EPS, net profit) revised after the PE was
    last written, in the change log's order, where the revision moves the PE it gives at the same price
    past its last printed digit: the PE rests on the old forecast. A revision in the batch that last
    wrote the PE came with it; a forecast first given after the PE revised nothing it used."""
    columns = [(j, c) for j, c in enumerate(spec.table.columns) if c.metric == "pe" and c.period.endswith("E")]
    rows = spec.table.rows
    if not columns or not rows:
        return
    style = NumberStyle.lenient(spec.house.number_style)
    periods = {c.period for _, c in columns}
    writes: dict[tuple[str, str, str], list[tuple]] = {}
    for ticker, metric, period, *entry in store.fact_writes([row.ticker for row in rows], ["pe", *PE_RESTS_ON]):
        if period in periods:
            writes.setdefault((ticker, metric, period), []).append(tuple(entry))
    for j, c in columns:
        odd = []
        for row in rows:
            pe = row.values[j] if j < len(row.values) else None
            mine = writes.get((row.ticker, "pe", c.period))
            if pe is None or pe <= 0 or not mine:
                continue  # no PE, a loss's, or one never logged: the order cannot be told
            seq, batch = mine[-1][0], mine[-1][1]
            for level in PE_RESTS_ON:
                later = [e for e in writes.get((row.ticker, level, c.period), [])
                         if e[0] > seq and (batch is None or e[1] != batch) and e[2] == "update"]
                now = store.fact_row(row.ticker, level, c.period) if later else None
                then = later[0][3] if later else None
                if not then or not now or now["value"] is None or then <= 0 or now["value"] <= 0:
                    continue
                should = format_value("multiple", pe * then / now["value"], style=style)
                printed = format_value("multiple", pe, style=style)
                if should != printed:
                    kind = METRICS[level].kind
                    was, is_now = values_written(kind, then, now["value"])
                    odd.append(f"{names[row.ticker]}：{METRICS[level].zh} {c.period} 由 {was} 改为 {is_now}"
                               f"{_dated(str(now['as_of'] or '')[:10] or None)}，PE 仍为 {printed}，按修订后的预测、"
                               f"同一股价应约为 {should}")
                    break
        if odd:
            shown = "；".join(odd[:NAMED]) + (f" 等 {len(odd)} 家" if len(odd) > NAMED else "")
            r.warn("pe_as_of", f"比较表的“{column_name(c)}”所依据的盈利预测在 PE 之后修订过（{shown}）；PE 可能按修订前的"
                   f"预测计算，请一并更新或核对 (the forecast under the PE was revised after the PE was written: the "
                   f"PE may rest on the old forecast)", "table")


def _level_changed_since(writes, facts, ticker: str, growth: str, period: str, growth_printed: bool,
                         style: NumberStyle) -> str | None:
    """How a level was changed after its growth rate was last written, in the change log's order
    (whatever the as-of dates: a corrected file resent for the same data day carries the old date), or
    None. A change in the batch that last wrote the growth came with it (the usual file gives both);
    a level that prints as it did then and gives the growth as printed (changed back, float noise, a
    change below both prints) or was not there then is no change, nor is one that follows a change of the growth on the same base (``_moved_on_one_base``:
    a correction given as two files or two edits, the growth's first). The base-year level counts
    too when the growth was the growth of the two levels then (a YoY reckoned from them and kept as
    a figure, as the table's .xlsx round trip keeps it)."""
    mine = writes.get((ticker, growth, period))
    if not mine:
        return None  # never logged (written outside the workbench): the order cannot be told
    seq, batch = mine[-1][0], mine[-1][1]
    level = GROWTH_OF[growth]
    gv, ga = facts[(ticker, growth, period)]
    now_text = format_value(METRICS[growth].kind, gv, style=style)

    def then_and_now(key):
        """(value once the growth was last written, value now, changed since?) of a level."""
        entries = writes.get(key, [])
        upto = [e for e in entries if e[0] <= seq or (batch is not None and e[1] == batch)]
        then = upto[-1][4] if upto and upto[-1][2] != "delete" else None
        return then, facts.get(key, (None, None)), len(upto) < len(entries)

    kind = METRICS[level].kind
    cur_then, (cur_now, cur_day), cur_moved = then_and_now((ticker, level, period))
    inputs = yoy_inputs(growth, period) if growth_printed else None
    if cur_moved and cur_then is not None and cur_now is not None:
        # the growth is what goes stale: a change printing alike in the level can still move it
        implied = _implied_growth(cur_then, cur_now, gv, facts.get((ticker, *inputs[1]), (None,))[0]
                                  if inputs else None)
        should = format_value(METRICS[growth].kind, implied, style=style) if implied is not None else now_text
        if (should != now_text or format_value(kind, cur_then, style=style) != format_value(kind, cur_now, style=style)) \
                and not _moved_on_one_base(mine[-1], cur_then, cur_now, gv, style):
            was, now = values_written(kind, cur_then, cur_now)  # every digit: a small loss never reads 0.0
            gives = f"，按修订后的{METRICS[level].zh}，同比应约为 {should}" if should != now_text else ""
            return (f"{METRICS[level].zh} 由 {was} 改为 {now}{_dated(cur_day)}，{METRICS[growth].zh} 仍为 {now_text}"
                    f"{_dated(ga)}{gives}")
    if inputs is None or cur_then is None:
        return None
    base_key = (ticker, *inputs[1])
    base_then, (base_now, base_day), base_moved = then_and_now(base_key)
    if not base_moved or base_then is None or base_now is None or \
            format_value(kind, base_then, style=style) == format_value(kind, base_now, style=style):
        return None
    reckoned = yoy(cur_then, base_then)
    if reckoned is None or format_value(METRICS[growth].kind, reckoned, style=style) != now_text:
        return None  # a growth not reckoned from the two levels says nothing of the stored base
    should = yoy(cur_now, base_now) if cur_now is not None else None
    was, now = values_written(kind, base_then, base_now)
    return (f"{METRICS[level].zh} {period_label(inputs[1][1])} 由 {was} 改为 {now}{_dated(base_day)}，"
            f"{METRICS[growth].zh} 仍为 {now_text}"
            f"{_dated(ga)}，按两期{METRICS[level].zh}计算应为 {format_value(METRICS[growth].kind, should, style=style)}")


def _implied_growth(level_then: float, level_now: float, growth: float, base: float | None) -> float | None:
    """The growth rate a changed level gives over the base year's level the growth was reckoned on, as
    the level and growth stood (``metrics.yoy``'s rule: level = base + growth x |base|, so a profit's
    base is level / (1 + growth), a loss's level / (1 - growth)). The held base year's sign picks where
    both fit; None where no base can be told (a level of zero, both fit and none held) or the change
    is float noise, or a figure is not a number (the preflight names such a figure itself)."""
    if not all(is_number(v) for v in (level_then, level_now, growth)):
        return None
    if level_then == 0 or abs(level_now - level_then) <= 1e-9 * abs(level_then):
        return None
    fits = [b for b, sign in ((level_then / (1 + growth) if growth != -1 else 0.0, 1),
                              (level_then / (1 - growth) if growth != 1 else 0.0, -1)) if b * sign > 0]
    if len(fits) > 1 and base:
        fits = [b for b in fits if (b > 0) == (base > 0)]
    if len(fits) != 1:
        return None
    return growth + (level_now - level_then) / abs(fits[0])


def _moved_on_one_base(last, level_then: float, level_now: float, growth: float, style: NumberStyle) -> bool:
    """Whether a growth rate changed on its own (``last``, its newest write: seq, batch, op, old, new)
    and the level changed next make one correction: the new pair implies the base year's level the
    old pair implied (the growth was already reckoned on the new level), within the last printed
    digit of the two growth rates (a file gives them rounded)."""
    _seq, _batch, op, old, new = last
    if op != "update" or old is None or new is None or old == new:
        return False
    if level_then <= 0 or level_now <= 0 or 1 + old <= 0 or 1 + growth <= 0:
        return False  # a loss, or a fall of 100% or more: no base year's level is implied
    base = level_then / (1 + old)
    unit = 10.0 ** -(style.decimals("ratio") + 2)  # a growth rate's last printed digit, as a fraction
    return abs(level_now / base - 1 - growth) <= unit * (1 + (1 + growth) / (1 + old)) + 1e-12


def _dated(day) -> str:
    return f"（截至 {day}）" if day else ""


def _revised_after(store, key: tuple[str, str, str], day: str, style: NumberStyle) -> bool:
    """Whether the change log holds a change of ``key`` dated after ``day`` that prints differently
    (a value re-imported unchanged, or changed only in float noise, is no revision)."""
    kind = METRICS[key[1]].kind
    for old, new, as_of in store.fact_revisions(*key):
        if as_of and str(as_of)[:10] > day and \
                format_value(kind, old, style=style) != format_value(kind, new, style=style):
            return True
    return False


def previous_issue_of(store, issue: Issue) -> Issue | None:
    """The issue this one follows: the one it cites as copied from, else the same series' latest
    issue ending before this one begins."""
    for rel in issue.related:
        if rel.issue_id is not None and rel.issue_id != issue.id:
            try:
                return store.issue(rel.issue_id)
            except WorkbenchError:  # a cited issue deleted since: fall back to the series
                break
    earlier = [i for i in store.issues() if i["id"] != issue.id and i["series"] == issue.series
               and i["period_end"] < issue.period_start]
    if not earlier:
        return None
    return store.issue(max(earlier, key=lambda i: (i["period_end"], i["id"]))["id"])


def _first_line(text: str) -> str:
    for line in (text or "").splitlines():
        if line.strip():
            return "".join(line.split())
    return ""


def check_carried_forward(store, issue: Issue, r) -> None:
    """Warn of a headline, or a section's first line, that is the previous issue's word for word."""
    prev = previous_issue_of(store, issue)
    if prev is None:
        return
    cited = f"第 {prev.id} 期（{prev.period_start} 至 {prev.period_end}）"
    if issue.headline.strip() and "".join(issue.headline.split()) == "".join(prev.headline.split()):
        r.warn("same_as_last_week", f"标题与上一期{cited}相同：“{issue.headline.strip()}”；相关报告中也会印出同一标题，"
               f"请确认是否沿用了上期标题 (the headline is the previous issue's, #{prev.id})", "headline")
    sections = [("market_review", "市场回顾", issue.market_review, prev.market_review),
                ("views[0]", "行业观点 1", issue.views[0] if issue.views else "", prev.views[0] if prev.views else ""),
                ("advice", "投资建议", issue.advice, prev.advice)]
    for where, label, now, before in sections:
        line = _first_line(now)
        if line and line == _first_line(before):
            label += " " if label[-1].isdigit() else ""
            r.warn("same_as_last_week", f"{label}的第一段与上一期{cited}相同；请确认是否沿用了上期内容 "
                   f"(the section's first line is the previous issue's, #{prev.id})", where)



# ---------------------------------------------------------------------- the table's segments
def segments_first_seen(store, segments: list[str]) -> dict[str, datetime]:
    """Segment name -> the time one of its companies was first put in it, from the change log (a
    segment whose companies predate the log is absent: it counts as having always been there).
    Read by its companies' tickers, which the log is indexed by: a store's whole log is not scanned."""
    wanted = set(segments)
    tickers = [c["ticker"] for c in store.companies() if c["segment"] in wanted]
    first: dict[str, datetime] = {}
    for i in range(0, len(tickers), 500):  # within SQLite's limit of bound values
        chunk = tickers[i:i + 500]
        rows = store.rows("SELECT l.new AS segment, b.at AS at FROM change_log l "
                          "JOIN change_batches b ON b.id = l.batch_id "
                          f"WHERE l.key1 IN ({','.join('?' * len(chunk))}) AND l.key2 = 'segment' "
                          "AND l.entity = 'company' AND l.new IS NOT NULL", chunk)
        for row in rows:
            when = _time(row["at"])
            name = row["segment"]
            if name in wanted and when is not None and (name not in first or when < first[name]):
                first[name] = when
    return first


def _time(text) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(text))
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


def segments_with_companies(store) -> list[str]:
    """The store's segments that hold a company, in the store's segment order."""
    held = {c["segment"] for c in store.companies() if c["segment"] is not None}
    return [s for s in store.segments() if s in held]


def segments_new_since(store, issue: Issue) -> list[str]:
    """Segments (holding a company) that an issue's explicit segment list leaves out and that got
    their first company after the issue was last saved: the editor never saw them, so they were not
    left out on purpose. Store order; none for an issue that shows every segment (``None``)."""
    listed = issue.table.segments
    saved = _time(issue.updated_at) if issue.updated_at else None
    if listed is None or saved is None:
        return []
    left_out = [s for s in segments_with_companies(store) if s not in listed]
    first = segments_first_seen(store, left_out) if left_out else {}
    return [s for s in left_out if s in first and first[s] > saved]


def segments_shown_as_new(store, issue: Issue) -> list[str]:
    """The segments the editor should see marked as new: left out of the issue's explicit list and
    given their first company after the previous issue, or this one, was last saved. Store order."""
    prev = previous_issue_of(store, issue)
    found = set(segments_new_since(store, issue))
    if prev is not None and issue.table.segments is not None:
        found.update(s for s in segments_new_since(store, prev) if s not in issue.table.segments)
    return [s for s in segments_with_companies(store) if s in found]
