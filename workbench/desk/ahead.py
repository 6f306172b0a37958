"""Whether the desk holds newer data than this store for what an issue prints: asked before a final
on a joined store, and said by a sync that pulls a change to a figure an issue published since.

A store that has not synced can still review and finalise: it would publish figures the desk had
already corrected, and its later sync would pull the correction without a word. Before a final,
``issue_check`` asks the desk, with a short timeout, for the entries of its feed after this
store's pull mark written by others (one query, as a sync's pull reads them) that touch what the
issue prints: its table's (and themes') companies and their facts, the quotes of its indices up to
its week's end, the issue itself, the datasets its charts draw, the analysts who sign it, and the
benchmark (which decides the verdict and the cover chart). Where what the issue prints of them differs from this store's (an issue's status, version or
time of saving is not printed: a colleague's save that changed none of its text is no change), the
final stops (``DeskAhead``, exit 3) naming each in words, a figure with every digit it was written
with (6.4 against 6.44 亿元, a loss of -0.04 亿元, never 0.0), unless the editor accepts them. A desk
that cannot be reached lets the final go on (offline work stays possible), with a warning naming the
last sync and why in words (the driver's own text only on the command line, after them). What the
check found goes into the final's status-log entry (``DeskFreshness.log_note``): the changes the
editor finalised over, or that the final was made offline.

After a sync, ``pulled_notes`` names the printed numbers it changed of an issue published since the
store's previous sync (第 1 期 v1 印的是 59.3；团队库在其发布前已改为 63.0): the table's figures,
the closes and weekly changes its market review prints, its charts' dataset values, its analysts'
SAC numbers.

Qt-free; psycopg is imported only when the desk is asked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from workbench.errors import WorkbenchError
from workbench.store import sync_state as state

#: How long the final waits for the desk (to connect, then for the answer), in seconds: a final
#: must not hang on a desk that is away.
QUICK_TIMEOUT_S = 4
#: Differences named one by one in a message; more are counted.
_NAMED = 20
_TRACKED = ("facts", "companies", "quotes", "issues", "issue_versions", "indices", "datasets", "analysts")
#: What an issue prints of its own row: never its status, version, time of saving or search text.
_ISSUE_PRINTED = ("series", "headline", "period_start", "period_end", "publish_date", "industry", "rating",
                  "rating_action", "content", "analysts")


@dataclass(frozen=True)
class DeskChange:
    """A row the desk holds otherwise than this store, in words: what it is, the desk's value (who
    wrote it and when) and this store's."""

    table: str
    key: str
    what: str
    desk_text: str
    mine_text: str
    by: str
    at: str

    lang: str = state.BOTH

    def describe(self) -> str:
        who = f"{self.by} {self.at}".strip()
        desk = _say("团队库", "desk", self.lang, label=True)
        mine = _say("本机", "this store", self.lang, label=True)
        comma = ", " if self.lang == state.EN else "，"
        return f"{self.what}: {desk} {self.desk_text}" + (f" ({who})" if who else "") + f"{comma}{mine} {self.mine_text}"


@dataclass
class DeskFreshness:
    """What the desk said about an issue's data: ``joined`` (a desk is configured), ``reached``
    (it answered), ``changes`` (what it holds otherwise), ``pruned`` (it no longer keeps the
    feed this store has not pulled: anything may have changed), ``reason`` (why not reached, in
    words: Chinese and English) and ``detail`` (the driver's own text)."""

    joined: bool
    reached: bool = False
    last_sync: str | None = None
    changes: list[DeskChange] = field(default_factory=list)
    pruned: bool = False
    reason: tuple[str, str] | None = None  # (Chinese, English)
    #: the driver's or server's own text for why the desk was not reached (the command line shows it
    #: after ``reason``; the app never)
    detail: str | None = None
    #: ``changes`` in both languages, for the issue's status log (the same list when asked in both)
    recorded: list[DeskChange] = field(default_factory=list)

    @property
    def behind(self) -> bool:
        """Whether the final should stop: the desk holds newer data for what the issue prints."""
        return bool(self.changes) or self.pruned

    def warning(self, lang: str = state.BOTH, *, detail: bool = True) -> str | None:
        """The warning for a final made without the desk's answer (None: nothing to warn about); the
        driver's own text after the reason only in both languages and with ``detail``."""
        if not self.joined or self.reached:
            return None
        from workbench.domain.times import local_time

        when = local_time(self.last_sync, "%Y-%m-%d %H:%M")
        text = _say(f"本机上次与团队库同步于 {when or '（从未）'}；团队库上可能有更新的数据",
                    f"this store last synced with the desk at {when or '(never)'}; the desk may hold newer data", lang)
        if self.reason:
            why = _reason_in(self.reason, lang)
            if lang == state.BOTH and self.detail and detail:
                why += f": {self.detail}"
            text += (f"（团队库未能回答：{why}）" if lang == state.ZH
                     else f" ({_say('团队库未能回答', 'the desk did not answer', lang)}: {why})")
        return text

    def lines(self, lang: str = state.BOTH) -> list[str]:
        """Each difference on a line, the first ``_NAMED`` by name, then how many more."""
        changes = self.recorded if lang == state.BOTH and self.recorded else self.changes
        out = [c.describe() for c in changes[:_NAMED]]
        if len(changes) > _NAMED:
            more = len(changes) - _NAMED
            out.append(_say(f"另 {more} 项", f"and {more} more", lang))
        if self.pruned:
            out.append(_say("团队库已清理本机尚未拉取的变更记录，无法逐项列出",
                            "the desk no longer keeps the changes this store has not pulled: they cannot be listed "
                            "one by one", lang))
        return out

    def log_note(self) -> str | None:
        """What the final's status-log entry says of the desk, in both languages, so the record shows
        a final made knowingly without a colleague's correction (each change accepted, the first
        ``_NAMED`` then how many more) or made offline (when the store last synced, and why in
        words, never the driver's text); None when the desk had nothing to say."""
        if not self.joined:
            return None
        if not self.reached:
            return f"离线定稿 (finalised offline): {self.warning(state.BOTH, detail=False)}"
        if not self.behind:
            return None
        return ("确认团队库上本机尚未拉取的修改，按本机的值定稿 (accepted changes the desk holds that this store had "
                "not pulled; frozen with this store's values): " + "；".join(self.lines(state.BOTH)))


class DeskAhead(WorkbenchError):
    """Final refused: the desk holds changes this store has not pulled to what the issue prints."""

    exit_code = 3  # workbench.cli.EXIT_BLOCKED, as the other final stops

    def __init__(self, issue_id: int, found: DeskFreshness):
        n = len(found.changes)
        head = (f"第 {issue_id} 期印出的数据在团队库上有本机尚未拉取的修改（{n} 项）；未定稿 (issue #{issue_id}: the "
                f"desk holds {n} change(s) this store has not pulled to what it prints; not finalised):")
        tail = ("请先运行 `workbench sync` 同步，核对后再定稿；确认按本机的值定稿请加 --accept-changes (run "
                "`workbench sync` first and check the issue; to publish this store's values anyway add "
                "--accept-changes)")
        super().__init__("\n".join([head, *(f"  - {line}" for line in found.lines()), tail]))
        self.issue_id = issue_id
        self.found = found


def issue_check(store, issue_ref, *, timeout: float = QUICK_TIMEOUT_S, config=None,
                lang: str = state.BOTH) -> DeskFreshness:
    """Ask the desk whether it holds changes this store has not pulled to what issue ``issue_ref``
    prints (see the module's docstring), each named in ``lang`` (both languages, as the command
    line writes them, or one, as the app shows it). Never raises for a desk that cannot be reached
    or that refuses: that is ``reached`` False with its ``reason``."""
    from workbench.desk import config as desk_config

    last = store.get_setting(state.SETTING_LAST_SYNC)
    try:
        config = config or desk_config.load(store)
    except WorkbenchError as exc:
        return DeskFreshness(joined=True, last_sync=last, reason=_SETTINGS_INVALID,
                             detail=_first_line(exc.message))
    if config is None:
        return DeskFreshness(joined=False)
    found = DeskFreshness(joined=True, last_sync=last)
    wanted = _printed_by(store, issue_ref)
    after = state.setting_int(store, state.SETTING_PULLED)
    try:
        with _quick_connection(config, timeout) as conn:
            pruned = conn.execute("SELECT coalesce(max(value::bigint), 0) FROM desk.meta "
                                  "WHERE key = 'pruned_upto'").fetchone()[0]
            rows = _feed_after(conn, after, store.workstation_id(), wanted)
    except Exception as exc:  # noqa: BLE001 (unreachable, refused, timed out: the final goes on, warned)
        found.detail = _first_line(str(exc)) or type(exc).__name__
        found.reason = _reason_of(found.detail)
        return found
    found.reached = True
    found.pruned = 0 < after < pruned
    found.changes = _differences(store, rows, lang, wanted)
    found.recorded = found.changes if lang == state.BOTH else _differences(store, rows, state.BOTH, wanted)
    return found


def pulled_notes(store, conn, after: int, since: str | None) -> list[str]:
    """After a sync: the printed numbers that the figures pulled since pull mark ``after`` changed in an
    issue published since ``since`` (the store's previous sync), each as a note naming the issue, the
    number, the printed value and the desk's, with every digit it was written with (and whether the
    desk changed it before the issue was published). What an issue prints is what the final's desk
    check asks about (``_printed_by``): its table's figures, the closes and weekly changes its market
    review prints, the values its charts draw from datasets, its analysts' SAC numbers."""
    published = _published_since(store, since)
    if not published or not after:
        return []
    printed = {}
    for issue_id in sorted({v["issue"] for v in published}):
        try:
            printed[issue_id] = _printed_by(store, issue_id)
        except WorkbenchError:  # (an issue this store can no longer read: the note names the others)
            continue
    published = [v for v in published if v["issue"] in printed]
    if not published:
        return []
    wanted = {k: sorted({x for p in printed.values() for x in p[k]})
              for k in ("tickers", "indices", "segments", "datasets", "analysts")}
    wanted.update(issue="", end=max(p["end"] for p in printed.values()))
    rows = _feed_after(conn, after, store.workstation_id(), wanted, tables=("facts", "quotes", "datasets", "analysts"))
    if not rows:
        return []
    notes: list[str] = []
    for v in published:
        notes += _fact_notes(store, v, [r for r in rows if r[0] == "facts"])
        try:  # (a note never fails the sync it follows)
            notes += _review_notes(store, v, [r for r in rows if r[0] == "quotes"])
            notes += _dataset_notes(store, v, [r for r in rows if r[0] == "datasets"])
            notes += _analyst_notes(store, v, [r for r in rows if r[0] == "analysts"])
        except WorkbenchError:
            continue
    return notes


def _note(v: dict, what: str, printed_text: str, desk_text: str, by: str, at: str) -> str:
    """One note of ``pulled_notes``: issue ``v`` printed ``printed_text`` where the desk now holds ``desk_text``."""
    before = bool(at) and at <= v["at"]  # (to the second: the same second reads as before)
    zh = "团队库在其发布前已改为" if before else "团队库在其发布后改为"
    en = "the desk had changed it to {} before it was published" if before else \
        "the desk changed it to {} after it was published"
    return (f"第 {v['issue']} 期 v{v['version']} 印的是 {what} {printed_text}；{zh} {desk_text}（{by}） "
            f"(issue #{v['issue']} v{v['version']} printed {printed_text}; {en.format(desk_text)}); "
            f"如需更正：`workbench correct {v['issue']}` (to correct it)")


def _fact_notes(store, v: dict, rows: list[tuple]) -> list[str]:
    """The comparison table's figures the pull changed."""
    names = state.Names(store)
    out = []
    for tbl, key, data, by, at in rows:
        ticker, metric, period = key.split("|")
        printed = _printed_value(v["snapshot"], ticker, metric, period)
        if printed is None:
            continue
        kind, was = printed
        now = (data or {}).get("value")
        if _shown(kind, was) == _shown(kind, now):
            continue
        what = state.what_text({"tbl": tbl, "key": key, "theirs": data}, names)
        printed_text = state.field_text(tbl, "value", was, key=key, names=names)
        desk_text = _figure_written(key, now, was, state.BOTH)  # every digit: a small loss never reads 0.0
        out.append(_note(v, what, printed_text, desk_text, by, at))
    return out


def _review_notes(store, v: dict, rows: list[tuple]) -> list[str]:
    """The closes and weekly changes the published market review prints that the quotes pulled (of
    its week, or the close before it) no longer give (``review_problems`` on the text as printed)."""
    from dataclasses import replace

    from workbench.analysis.review import BASE_DAYS, _day_before, index_week, review_problems

    snap = v["snapshot"]
    start, end = snap.get("period_start") or "", snap.get("period_end") or ""
    if not rows or not (snap.get("market_review") or "").strip() or not start:
        return []
    uids = {i["uid"]: i["name"] for i in store.indices() if i.get("uid")}
    first = _day_before(start, BASE_DAYS)
    moved: dict[str, tuple] = {}  # index name -> its newest quote pulled in the review's span
    for row in rows:
        uid, day = row[1].split("|")[:2]
        if uid in uids and first <= day <= end:
            moved[uids[uid]] = row
    if not moved:
        return []
    issue = replace(store.issue(v["issue"]), market_review=snap["market_review"], period_start=start, period_end=end)
    out = []
    for p in review_problems(store, issue):
        if p.kind not in ("close", "change") or p.index not in moved or not p.expected:
            continue
        _, _, _, by, at = moved[p.index]
        desk_text = p.expected
        if p.kind == "close":  # the close as written, every digit (the review prints it to two decimals)
            desk_text = _number_written(index_week(store, p.index, start, end).close)
        what = f"市场回顾 {p.index} " + ("收盘" if p.kind == "close" else "周涨跌幅")
        out.append(_note(v, what, p.printed, desk_text, by, at))
    return out


def _dataset_notes(store, v: dict, rows: list[tuple]) -> list[str]:
    """The values the published charts drew from a dataset the pull changed, by category and series."""
    if not rows:
        return []
    from workbench.charts.build import figure_spec

    pulled = {key: (by, at) for _, key, _, by, at in rows}
    figures = store.issue(v["issue"]).figures
    shown = v["snapshot"].get("figures") or []
    out = []
    for figure, entry in zip(figures, shown):
        chart = entry.get("chart") or {}
        if figure.kind != "dataset_bars" or figure.dataset not in pulled or not chart:
            continue
        try:
            now = figure_spec(store, figure, end=v["snapshot"].get("period_end"))
        except WorkbenchError:
            continue
        now_values = {(s.name, x): val for s in now.series for x, val in zip(now.x, s.values)}
        by, at = pulled[figure.dataset]
        for series in chart.get("series") or []:
            for x, was in zip(chart.get("x") or [], series.get("values") or []):
                key = (series.get("name"), x)
                if key not in now_values or _same_number(was, now_values[key]):
                    continue
                what = f"图“{entry.get('title') or chart.get('title')}” {x} {series.get('name')}"
                out.append(_note(v, what, _number_written(was), _number_written(now_values[key]), by, at))
    return out


def _analyst_notes(store, v: dict, rows: list[tuple]) -> list[str]:
    """The names and SAC numbers of the published version's analysts the pull changed."""
    if not rows:
        return []
    pulled = {key: (data or {}, by, at) for _, key, data, by, at in rows}
    by_id = {a["id"]: a for a in store.analysts()}
    signing = [by_id[i] for i in store.issue(v["issue"]).analysts if i in by_id]
    printed = v["snapshot"].get("analysts") or []
    if len(signing) != len(printed):
        return []  # (an analyst the published version lacked: the pairs are not known)
    out = []
    for analyst, was in zip(signing, printed):
        if analyst.get("uid") not in pulled:
            continue
        data, by, at = pulled[analyst["uid"]]
        for name, label in (("sac_no", "执业证书编号"), ("name", "姓名")):
            now = data.get(name)
            if now is not None and was.get(name) != now:
                out.append(_note(v, f"分析师 {was.get('name')} 的{label}", str(was.get(name) or "—"), str(now), by, at))
    return out


def _same_number(a, b) -> bool:
    return a == b or (isinstance(a, (int, float)) and isinstance(b, (int, float)) and float(a) == float(b))


def _number_written(value) -> str:
    """A chart's value as stored, every digit (the shortest text that reads back as it)."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


# ---------------------------------------------------------------- what an issue prints
def _printed_by(store, issue_ref) -> dict:
    """The rows an issue prints, as the desk keys them: its table's and themes' companies (their
    facts and their own rows), its indices (quotes up to its week's end), the issue itself, the
    datasets its charts draw and the analysts who sign it (their names and SAC numbers)."""
    issue = store.issue(issue_ref)
    _, uid = state.issue_uid(store, issue.id)
    spec = issue.table
    segments = spec.segments if spec.segments is not None else store.segments()
    wanted = None if spec.tickers is None else set(spec.tickers)
    tickers = {c["ticker"] for c in store.companies()
               if c["segment"] in segments and (wanted is None or c["ticker"] in wanted)}
    tickers |= {t for theme in issue.themes for t in theme.tickers}
    names = {n for n in (*issue.review_indices, issue.sector_index, issue.cover_index) if n}
    bench = store.benchmark()
    indices = [i["uid"] for i in store.indices() if i.get("uid") and
               (i["name"] in names or (i.get("code") and i["code"] in names) or (bench and i["id"] == bench["id"]))]
    # a company the desk added to (or moved into) one of the table's segments joins its rows
    by_name = {image.get("name"): key for key, image in state.all_images(store, "segments").items()}
    shown = sorted(by_name[n] for n in segments if n in by_name) if spec.tickers is None else []
    datasets = sorted({f.dataset for f in issue.figures if f.kind == "dataset_bars" and f.dataset})
    signing = set(issue.analysts)
    analysts = sorted(a["uid"] for a in store.analysts() if a["id"] in signing and a.get("uid"))
    return {"tickers": sorted(tickers), "indices": sorted(indices), "issue": uid or "", "end": issue.period_end,
            "segments": shown, "datasets": datasets, "analysts": analysts}


_FEED = """
SELECT tbl, key, data::text, by, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')
FROM (SELECT DISTINCT ON (c.tbl, c.key) c.tbl, c.key, c.data, c.ws, c.by, c.at, c.id FROM desk.changes c
      WHERE c.id > %(after)s AND c.tbl = ANY(%(tables)s) AND (
            (c.tbl IN ('facts', 'companies') AND split_part(c.key, '|', 1) = ANY(%(tickers)s))
         OR (c.tbl = 'companies' AND c.data->>'segment' = ANY(%(segments)s))
         OR (c.tbl = 'quotes' AND split_part(c.key, '|', 1) = ANY(%(indices)s) AND split_part(c.key, '|', 2) <= %(end)s)
         OR (c.tbl = 'issues' AND c.key = %(issue)s)
         OR (c.tbl = 'issue_versions' AND split_part(c.key, '|', 1) = %(issue)s)
         OR (c.tbl = 'datasets' AND c.key = ANY(%(datasets)s))
         OR (c.tbl = 'analysts' AND c.key = ANY(%(analysts)s))
         OR c.tbl = 'indices')
      ORDER BY c.tbl, c.key, c.id DESC) n
WHERE n.ws <> %(ws)s ORDER BY n.id
"""


def _feed_after(conn, after: int, ws: str, wanted: dict, tables=_TRACKED) -> list[tuple]:
    """The newest entry of each row of ``wanted`` the feed holds after ``after``, where others wrote
    it: (tbl, key, data, by, at) in feed order."""
    params = {"after": after, "ws": ws, "tables": list(tables), "datasets": [], "analysts": [], **wanted}
    return [(t, k, json.loads(d) if d is not None else None, by, at)
            for t, k, d, by, at in conn.execute(_FEED, params).fetchall()]


def _printed_fields(tbl: str, key: str, wanted: dict | None) -> tuple[str, ...] | None:
    """The fields of a row the issue prints (None: all it holds): of the issue itself its text and
    heads, of an index whether it is the benchmark (and its name, for one the issue names)."""
    if tbl == "issues":
        return _ISSUE_PRINTED
    if tbl == "indices":
        return ("is_benchmark", "name") if wanted is not None and key in wanted.get("indices", ()) \
            else ("is_benchmark",)
    return None


def _printed(tbl: str, image: dict | None, fields: tuple[str, ...] | None) -> dict | None:
    """What the issue prints of a row (``_printed_fields``): an index none holds is no benchmark."""
    if fields is None:
        return state.compared(tbl, image)
    if image is None:
        return {"is_benchmark": False} if tbl == "indices" else None
    if tbl == "indices":
        return {f: bool(image.get(f)) if f == "is_benchmark" else image.get(f) for f in fields}
    return {f: image.get(f) for f in fields}


def _differences(store, rows: list[tuple], lang: str = state.BOTH,
                 wanted: dict | None = None) -> list[DeskChange]:
    """The feed's rows whose value differs from this store's in what the issue prints, in words."""
    if not rows:
        return []
    from workbench.domain.times import local_time

    mine = state.read_images(store, [(t, k) for t, k, *_ in rows])
    names = state.Names(store)
    out = []
    for tbl, key, data, by, at in rows:
        here = mine.get((tbl, key))
        printed = _printed_fields(tbl, key, wanted)
        if _printed(tbl, here, printed) == _printed(tbl, data, printed):
            continue  # the same value reached both (the same file imported twice), or nothing printed changed
        if tbl == "issue_versions":
            what = state.what_text({"tbl": tbl, "key": key, "theirs": data}, names, lang)
            desk = state.image_text(tbl, data, names=names, lang=lang)
            out.append(DeskChange(tbl, key, what, f"{desk} {_say('已发布', 'published', lang)}",
                                  state.image_text(tbl, here, names=names, lang=lang) if here else "—",
                                  by or "", local_time(at, "%Y-%m-%d %H:%M"), lang))
            continue
        if printed is not None:
            a, b = _printed(tbl, here, printed) or {}, _printed(tbl, data, printed) or {}
            fields = [f for f in printed if a.get(f) != b.get(f)]
        else:
            fields = state.contested_fields(tbl, here, data)
        if tbl == "facts":
            fields = ["value"]
        what = state.what_text({"tbl": tbl, "key": key, "theirs": data, "mine": here}, names, lang)
        desk_text = _side(tbl, key, data, fields, here, names, lang)
        mine_text = _side(tbl, key, here, fields, data, names, lang)
        if desk_text == mine_text and data is not None and here is not None:  # they differ but print alike
            desk_text = _side(tbl, key, data, fields, here, names, lang, exact=True)
            mine_text = _side(tbl, key, here, fields, data, names, lang, exact=True)
        out.append(DeskChange(tbl, key, what, desk_text, mine_text, by or "", local_time(at, "%Y-%m-%d %H:%M"),
                              lang))
    return out


def _side(tbl: str, key: str, image, fields, other, names, lang: str, exact: bool = False) -> str:
    """One side of a change in words: a figure with every digit it was written with (the other
    side's beside it, as ``trace`` shows a change), a row by the fields that differ."""
    if image is None:
        if tbl == "facts":
            return "—"
        if tbl == "indices":
            return _say("本机没有此项", "none here", lang)
        return state.image_text(tbl, None, lang=lang)
    if tbl == "facts":
        return _figure_written(key, image.get("value"), (other or {}).get("value"), lang)
    if other is None:
        return state.image_text(tbl, image, fields or None, key=key, names=names, lang=lang, exact=exact)
    return state.image_text(tbl, image, fields or None, key=key, names=names, lang=lang, other=other, exact=exact)


def _figure_written(key: str, value, other, lang: str) -> str:
    """A figure as written, every digit, in the unit the table prints (6.44 亿元, -0.04 亿元, 8.3512%):
    two that print alike read apart, and a small loss never reads 0.0 (``values_written``)."""
    from workbench.domain.metrics import METRICS, values_written

    m = METRICS.get(key.split("|")[1]) if key.count("|") == 2 else None
    if m is None or not isinstance(value, (int, float)) or isinstance(value, bool):
        return state.field_text("facts", "value", value, key=key, lang=lang)
    text = values_written(m.kind, value, other if isinstance(other, (int, float)) else None)[0]
    unit = m.display_unit() if m.kind in ("amount", "price", "per_share") else ""
    if unit and lang == state.EN:
        unit = "" if unit == "亿元" else "CNY"  # (the English grid heads an amount's column "(100m CNY)")
    return f"{text} {unit}".rstrip()


def _say(zh: str, en: str, lang: str, *, label: bool = False) -> str:
    """Words in ``lang``: both as the command line writes them (a label as "团队库 desk", a sentence
    with its English in parentheses), or one of them."""
    if lang == state.ZH:
        return zh
    if lang == state.EN:
        return en
    return f"{zh} {en}" if label else f"{zh} ({en})"


# ---------------------------------------------------------------- published since the last sync
def _published_since(store, since: str | None) -> list[dict]:
    """The versions frozen after ``since`` (every one when the store never synced), with their
    snapshot: issue id, version, when (UTC ISO) and the snapshot's data."""
    from datetime import datetime, timezone

    def utc(iso: str | None) -> str:
        try:
            when = datetime.fromisoformat(str(iso))
        except (TypeError, ValueError):
            return ""
        if when.tzinfo is None:
            when = when.astimezone()
        return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")

    start = utc(since) if since else ""
    # (when each was frozen first, without the snapshots: a sync reads those of the new ones only)
    recent = {(r["issue_id"], r["version"]): utc(r["frozen_at"])
              for r in store.rows("SELECT issue_id, version, frozen_at FROM issue_versions")}
    recent = {k: at for k, at in recent.items() if at and at >= start}  # (both to the second)
    out = []
    for issue_id in sorted({i for i, _ in recent}):
        for v in store.versions(issue_id):
            at = recent.get((issue_id, v["version"]))
            if at is None:
                continue
            try:
                snapshot = json.loads(v["snapshot_json"])
            except ValueError:
                continue
            out.append({"issue": issue_id, "version": v["version"], "at": at, "snapshot": snapshot})
    return out


def _printed_value(snapshot: dict, ticker: str, metric: str, period: str):
    """The kind and stored value a snapshot's table prints for a figure; None when it prints none."""
    from workbench.domain.metrics import METRICS

    table = snapshot.get("table") or {}
    columns = table.get("columns") or []
    for row in table.get("rows") or []:
        if row.get("ticker") != ticker:
            continue
        for col, value in zip(columns, row.get("values") or []):
            if col.get("metric") == metric and col.get("period") == period:
                m = METRICS.get(metric)
                return (col.get("kind") or (m.kind if m else "multiple")), value
    return None


def _shown(kind: str, value) -> str:
    from workbench.domain.metrics import format_value

    return format_value(kind, value)


# ---------------------------------------------------------------- the desk, briefly
class _quick_connection:
    """A connection to the desk that gives up soon: ``timeout`` seconds to connect, and as long for
    each answer (a final waits no longer for a desk that is away)."""

    def __init__(self, config, timeout: float):
        self.config, self.timeout = config, timeout
        self.conn = None

    def __enter__(self):
        from workbench.desk.connection import _connection_class, _psycopg

        psycopg = _psycopg()
        kwargs = {"connect_timeout": max(2, int(self.timeout)), "application_name": "workbench",
                  "tcp_user_timeout": int(self.timeout * 1000)}
        if self.config.password is not None:
            kwargs["password"] = self.config.password
        self.conn = _connection_class(psycopg).connect(self.config.url, autocommit=True, **kwargs)
        self.conn.answer_timeout = self.timeout
        self.conn.execute(f"SET statement_timeout = {int(self.timeout * 1000)}")
        return self.conn

    def __exit__(self, *exc) -> None:
        if self.conn is not None:
            self.conn.close()


_SETTINGS_INVALID = ("本机的团队服务器设置无效", "this store's desk settings are not valid")


def _reason_of(detail: str) -> tuple[str, str]:
    """Why the desk was not reached, in words, from the driver's text (the desk's one reading of it)."""
    from workbench.desk import errors

    return errors.failure_words(detail)


def _reason_in(reason: tuple[str, str], lang: str) -> str:
    return _say(*reason, lang)


def _first_line(text: str) -> str:
    text = str(text).strip()
    return text.splitlines()[0] if text else ""
