"""An issue's life: copy-forward, draft -> review -> final, the frozen snapshot, corrections."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from workbench.domain.compliance import STATUS_ZH
from workbench.domain.issue import Issue, RelatedReport
from workbench.analysis.review import draft_market_review_result
from workbench.drafting.diff import SnapshotChange
from workbench.errors import NotFound, ReadOnlyIssue, WorkbenchError

TRANSITIONS = {
    "draft": {"review"},
    "review": {"draft", "final"},
    "final": set(),
}
MAX_RELATED = 3


def __getattr__(name: str):
    """``frozen_spec`` and ``issue_snapshot`` live in workbench.report.snapshot; importable here too,
    loaded on first use so importing this module does not load the PDF renderer."""
    if name in ("frozen_spec", "issue_snapshot"):
        from workbench.report import snapshot

        return getattr(snapshot, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _shift(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()


def issue_title(issue: Issue) -> str:
    """How an issue is cited as a related report: headline——series YYYYMMDD-YYYYMMDD."""
    start = issue.period_start.replace("-", "")
    end = issue.period_end.replace("-", "")
    return f"{issue.headline}——{issue.series} {start}-{end}"


def update_issue(store, issue: Issue) -> int:
    """Save edits to a draft or an issue under review; final issues are read-only."""
    return store.save_issue(issue)


def previous_issue(store, issue_id) -> int | None:
    """The issue a week's comparison starts from: the same series' latest issue ending before
    this one begins (another series' only when this series has no earlier issue)."""
    this = store.issue(issue_id)
    earlier = [i for i in store.issues() if i["id"] != this.id and i["period_end"] < this.period_start]
    pool = [i for i in earlier if i["series"] == this.series] or earlier
    if not pool:
        return None
    return max(pool, key=lambda i: (i["period_end"], i["id"]))["id"]


class IssueExists(WorkbenchError):
    """Copy-forward refused: the series already has an issue for the new week (``issue_id``)."""

    def __init__(self, message: str, issue_id: int):
        super().__init__(message)
        self.issue_id = issue_id


def copy_forward(store, source_id, *, by: str, again: bool = False) -> Issue:
    """Next week's draft from an issue: same structure, period and as-of moved a week on.

    The source becomes the first related report, with its publication date; the market review
    is re-drafted from the quotes when the store has the new week's quotes, and left empty
    otherwise. Dates written in the copied text follow the new week where that is certain: the
    week's range in any style (12月23日-12月29日, 20241223-20241229) and 截至<date> at the week's
    end or the table's as-of date. Other dates stay as written; the preflight names them by field.
    Into a new calendar year the table's 年初至今 column moves to the new year's YTD period.
    A table that lists its segments gains those that got their first company after the source was
    last saved (a segment the editor left out on purpose stays out).

    The series' issue for the new week, if there is one, is not copied again (IssueExists names
    it) unless ``again`` asks for a second one. ``by`` names who made it (a blank name is refused).
    """
    by = _who(by)
    src = store.issue(source_id)
    if not again:
        _refuse_a_taken_week(store, src.series, _shift(src.period_start, 7), _shift(src.period_end, 7))
    new = Issue.from_row({"content": src.content_json(), "series": src.series, "headline": src.headline,
                          "period_start": _shift(src.period_start, 7), "period_end": _shift(src.period_end, 7),
                          "publish_date": _shift(src.publish_date, 7), "industry": src.industry,
                          "rating": src.rating, "rating_action": "维持", "status": "draft", "version": 1},
                         list(src.analysts))
    cited = RelatedReport(title=issue_title(src), date=src.publish_date, issue_id=src.id)
    others = [r for r in src.related if r.issue_id != src.id and r.title != cited.title]
    new.related = [cited, *others][:MAX_RELATED]
    if new.table.as_of:
        new.table = replace(new.table, as_of=_shift(new.table.as_of, 7))
    _add_new_segments(store, new, src)
    _move_ytd_columns(new, src)
    _move_text_dates(new, src)
    try:  # only a review every index of which has a quote dated in the new week
        drafted = draft_market_review_result(store, new)
        new.market_review = "" if drafted.missing else drafted.text
    except NotFound:
        new.market_review = ""
    with store.transaction():  # takes the write lock (BEGIN IMMEDIATE): two runs cannot both see the week free
        if not again:
            _refuse_a_taken_week(store, new.series, new.period_start, new.period_end)
        store.save_issue(new)
        store.log_status(new.id, None, "draft", by, new.version,
                         f"由第 {src.id} 期复制 (copied forward from issue #{src.id})")
    return new


def _add_new_segments(store, new: Issue, src: Issue) -> None:
    """A table that lists its segments also shows the segments that got their first company after
    the source was last saved (the editor never saw them); one left out on purpose stays out."""
    from workbench.report.freshness import segments_new_since

    added = segments_new_since(store, src)
    if added:
        new.table = replace(new.table, segments=[*new.table.segments, *added])


def _refuse_a_taken_week(store, series: str, start: str, end: str) -> None:
    taken = [i for i in store.issues() if i["series"] == series and i["period_start"] == start]
    if taken:
        row = min(taken, key=lambda i: i["id"])
        status = STATUS_ZH.get(row["status"], row["status"])
        raise IssueExists(f"{series} {start} 至 {end} 已有一期：#{row['id']}（{status}），"
                          f"未再新建；请打开该期，或明确要求再建一份 (issue #{row['id']} already covers this "
                          f"series and week; open it, or ask explicitly for another)", row["id"])


def _move_ytd_columns(new: Issue, src: Issue) -> None:
    """Into a new calendar year, the table's 年初至今 column of the old year becomes the new year's
    (a year written in its header moves too); other years' YTD columns are the editor's choice."""
    old_year, year = int(src.period_end[:4]), int(new.period_end[:4])
    if year == old_year:
        return
    taken = {(c.metric, c.period) for c in new.table.columns}
    moved_year = re.compile(rf"(?<!\d){old_year}(?!\d)")

    def move(c):
        if c.metric != "ytd_return" or c.period != f"{old_year}YTD" or ("ytd_return", f"{year}YTD") in taken:
            return c
        return replace(c, period=f"{year}YTD", label=moved_year.sub(str(year), c.label),
                       group=moved_year.sub(str(year), c.group))

    new.table = replace(new.table, columns=[move(c) for c in new.table.columns])


def _move_text_dates(new: Issue, src: Issue) -> None:
    """Rewrite, in the copied text, the source week's range and its 截至 dates for the new week."""
    from workbench.domain.dates import move_dates

    day = date.fromisoformat
    moves = {(day(src.period_start), day(src.period_end)): (day(new.period_start), day(new.period_end))}
    as_of = {day(src.period_end): day(new.period_end)}
    if src.table.as_of and new.table.as_of:
        as_of[day(src.table.as_of[:10])] = day(new.table.as_of[:10])
    near = day(src.period_end)

    def move(text: str) -> str:
        return move_dates(text, moves, as_of, near=near) if text else text

    new.headline = move(new.headline)
    new.market_review = move(new.market_review)
    new.views = [move(v) for v in new.views]
    new.advice = move(new.advice)
    new.risks = [move(v) for v in new.risks]
    new.themes = [replace(t, name=move(t.name), rationale=move(t.rationale)) for t in new.themes]
    new.figures = [replace(f, title=move(f.title), source=move(f.source)) for f in new.figures]
    new.table = replace(new.table, title=move(new.table.title), source=move(new.table.source))


def _who(by) -> str:
    """The name a status change, a freeze or a correction is recorded under; a blank one is refused."""
    name = by.strip() if isinstance(by, str) else ""
    if not name:
        raise WorkbenchError("请填写操作人姓名 (the person making the change must be named)")
    return name


def change_status(store, issue_id, status: str, *, by: str, reason: str | None = None,
                  progress=None, accept_changes: bool = False, shown=None, desk_note: str | None = None) -> Issue:
    """Move an issue along draft -> review -> final, recording who and when.

    Going to review records the figures the reviewer sees (``REVIEW_KEY``). Going final runs the
    preflight (blockers refuse), tells ``shown(check)`` its warnings, the figures printed
    differently since the issue went to review and, for a correction, those printed differently
    from the published version it corrects (a ``FinalCheck``), refuses those changes
    (``FiguresChanged``) unless ``accept_changes``, then freezes the issue: its text, a
    snapshot of every number it shows, and the exported PDF with its SHA-256. ``desk_note`` (what the
    desk check before it found: changes accepted, or the desk out of reach) goes into the final's
    status-log entry after the figures accepted.
    """
    by = _who(by)
    # read and check inside the write transaction: of two racing changes the second sees the first's
    with store.transaction():
        issue = store.issue(issue_id)
        if status == issue.status:
            raise WorkbenchError(f"第 {issue.id} 期已是{STATUS_ZH[status]} (already {status})")
        if status not in TRANSITIONS[issue.status]:
            if issue.status == "final":
                raise ReadOnlyIssue(f"第 {issue.id} 期已定稿；如需修改请创建更正版本 (final issues change only "
                                    f"through a correction: workbench correct)")
            raise WorkbenchError(f"不能从{STATUS_ZH[issue.status]}直接变为{STATUS_ZH[status]} "
                                 f"(cannot go from {issue.status} to {status}; draft -> review -> final)")
        accepted: list = []
        if (issue.version or 1) > 1:  # a correction: what it takes goes with it to review and final
            record_correction(store, issue.id)
        if status == "final":
            _refuse_over_a_refused_publication(store, issue.id, "定稿 (finalise)")

            def tell(check):
                accepted[:] = [check]
                if shown is not None:
                    shown(check)
            freeze(store, issue, by=by, reason=reason, progress=progress, accept_changes=accept_changes,
                   shown=tell)
        store.set_issue_status(issue.id, status)
        store.log_status(issue.id, issue.status, status, by, issue.version,
                         _with_accepted(reason, accepted[0], desk_note) if accepted else reason)
        if status == "review":
            _record_review(store, issue)
        elif status == "final":
            store.db.execute("DELETE FROM settings WHERE key = ?", [REVIEW_KEY.format(issue.id)])
    return store.issue(issue.id)


def _with_accepted(reason: str | None, check: "FinalCheck", desk_note: str | None = None) -> str | None:
    """The final's status-log reason naming the figures frozen although they changed after review,
    or differ from the published version a correction replaces, so the published record says the
    editor accepted them (the first 20 of each, then how many more), then what the desk check found
    (``desk_note``: the desk's changes accepted, or a final made offline)."""
    def named(changes: list) -> str:
        text = "；".join(c.describe() for c in changes[:20])
        if len(changes) > 20:
            text += f"；另 {len(changes) - 20} 项 (and {len(changes) - 20} more)"
        return text

    notes = []
    if check.changes:
        notes.append(f"确认送审后的数值变动 (accepted changes since review): {named(check.changes)}")
    if check.published_changes:
        v = check.published_version
        notes.append(f"确认与已发布的 v{v} 不同的数值 (accepted figures differing from the published v{v}): "
                     f"{named(check.published_changes)}")
    if desk_note:
        notes.append(desk_note)
    return "; ".join(([reason] if reason else []) + notes) or None


#: The store setting (local to this store) holding what the reviewer saw: the review's status-log
#: entry (its uid) and the issue's headline, rating, themes, comparison table, market review, cover chart
#: and figures at that moment.
REVIEW_KEY = "review_snapshot.{}"
_REVIEW_FIELDS = ("issue_id", "series", "period_start", "period_end", "status", "headline", "rating",
                  "rating_action", "themes", "table", "market_review", "cover_chart", "figures")


def _record_review(store, issue: Issue) -> None:
    """Keep the figures the issue shows as it goes to review, for final to compare against."""
    from workbench.report import build_report_spec

    entry = store.issue_log(issue.id)[-1]
    try:
        spec = json.loads(build_report_spec(store, issue).to_json())
    except WorkbenchError:  # the preflight names what keeps the report from being built
        return
    store.set_setting(REVIEW_KEY.format(issue.id), json.dumps(
        {"log": entry.get("uid") or entry["id"], "snapshot": {k: spec.get(k) for k in _REVIEW_FIELDS}},
        ensure_ascii=False))


def changes_since_review(store, issue: Issue, spec) -> list:
    """The comparison table's figures that print differently in ``spec`` than when the issue last
    went to review (``workbench.drafting.diff.ValueChange``: name, ticker, column, before, after),
    those of a company the table gained or lost since then included (from or to ``--``), then the
    market review's sentences and the chart points that draw differently (``chart_changes``, as a
    correction names them: a close of the week corrected, a dataset's point changed). Empty when
    this store kept no record of that review (one made before this release, or on another
    workstation of a desk); a review recorded before its charts were kept names only the table."""
    raw = store.get_setting(REVIEW_KEY.format(issue.id))
    reviews = [r for r in store.issue_log(issue.id) if r["to_status"] == "review"]
    if not raw or not reviews:
        return []
    try:
        kept = json.loads(raw)
    except ValueError:
        return []
    if kept.get("log") != (reviews[-1].get("uid") or reviews[-1]["id"]):
        return []  # a record of an earlier review, not of the one this issue is in
    review = reviews[-1].get("uid")  # the change log's entry of that review: the forecasts as they stood then
    seq = store.scalar("SELECT max(seq) FROM change_log WHERE entity = 'issue_log' AND op = 'insert' AND key1 = ?",
                       [review]) if review else None
    now = json.loads(spec.to_json())
    return (_table_changes(kept["snapshot"], now, store=store, since_seq=seq, known=seq is not None)
            + _review_text_changes(kept["snapshot"], now) + chart_changes(kept["snapshot"], now))


def _review_text_changes(before: dict, now: dict) -> list:
    """The market review's sentences that print differently than the reviewer read them (redrafted
    after a close of the week was corrected), as one change: the sentences gone, then the new ones.
    A review recorded before the review's text was kept names nothing."""
    from workbench.drafting.diff import SnapshotChange

    if "market_review" not in before or (before.get("market_review") or "") == (now.get("market_review") or ""):
        return []

    def sentences(text: str) -> list[str]:
        return [s.strip() for s in re.split(r"(?<=[。；！？\n])", text or "") if s.strip()]

    was, new = sentences(before.get("market_review")), sentences(now.get("market_review"))
    gone, added = [s for s in was if s not in new], [s for s in new if s not in was]
    return [SnapshotChange("市场回顾 market review", "".join(gone) or "--", "".join(added) or "--")]


def published_changes(store, issue: Issue, spec) -> tuple[int | None, list]:
    """For a correction: the published version it corrects and the comparison table's figures that
    print differently in ``spec`` than in that version's frozen snapshot (data imported after it was
    published, a company gained or lost). ``(None, [])`` for a first version."""
    if issue.id is None or (issue.version or 1) <= 1:
        return None, []
    earlier = [v for v in store.versions(issue.id) if v["version"] < issue.version]
    if not earlier:
        return None, []
    # the version the house published (``versions``: the desk's, where this store took it over its own)
    published = json.loads(earlier[-1]["snapshot_json"])
    # a correction's new headline is the usual thing it corrects, typed by its editor and seen by its
    # reviewer (changes_since_review names one typed after review): not asked about again here
    now = json.loads(spec.to_json())
    return earlier[-1]["version"], (_table_changes(published, now, headline=False, store=store)
                                    + chart_changes(published, now))


def chart_changes(before: dict, now: dict) -> list:
    """The chart points that draw differently in snapshot ``now`` than in ``before`` (``ChartPointChange``,
    one a point: the cover chart's and each figure's, named by chart, series and category or day): a
    close corrected inside the week, a dataset's restated point, a category gained or lost."""
    out = []
    charts = [("封面图 cover chart", COVER_CHART, before.get("cover_chart"), now.get("cover_chart"))]
    was_figures, now_figures = before.get("figures") or [], now.get("figures") or []
    charts += [(f"图 {i + 1}", f"图 {i + 1}", (a or {}).get("chart"), (b or {}).get("chart"))
               for i, (a, b) in enumerate(zip(was_figures, now_figures))]
    for label, chart, a, b in charts:
        if not a or not b or a.get("kind") != b.get("kind"):
            continue
        unit = f"（{b['unit']}）" if b.get("unit") else ""
        points_a = {(s["name"], x): v for s in a.get("series", []) for x, v in zip(a.get("x", []), s["values"])}
        points_b = {(s["name"], x): v for s in b.get("series", []) for x, v in zip(b.get("x", []), s["values"])}
        changed: dict[str, list] = {}  # series -> its changed points, in order
        for key in [*points_a, *(k for k in points_b if k not in points_a)]:
            was, new = points_a.get(key, _GONE), points_b.get(key, _GONE)
            if was == new or (isinstance(was, float) and isinstance(new, float) and abs(was - new) < 1e-9):
                continue
            changed.setdefault(key[0], []).append((key[1], was, new))
        head = f"{label}「{b.get('title', '')}」"
        for name, points in changed.items():
            if len(points) <= CHART_POINTS_NAMED:
                out += [ChartPointChange(f"{head}{name} {_category(x)}{unit}", _point(was, new), _point(new, was),
                                         chart)
                        for x, was, new in points]
                continue
            # a line redrawn over many days (a close before them corrected): once, its last point shown
            x, was, new = points[-1]
            out.append(ChartPointChange(
                f"{head}{name} {len(points)} 个点 (points) {_category(points[0][0])}—{_category(x)}{unit}",
                f"{_category(x)} {_point(was, new)}", f"{_category(x)} {_point(new, was)}", chart, len(points)))
    return out


CHART_POINTS_NAMED = 5  # a chart series with more changed points than this is named once
COVER_CHART = "首页走势图"  # the cover chart as a correction's 更正说明 names it (page 1 has no other chart)


@dataclass(frozen=True)
class ChartPointChange(SnapshotChange):
    """Chart points that draw differently (``chart_changes``): ``chart`` as the 更正说明 names it
    (首页走势图, or 图 N as its caption numbers it) and how many ``points`` the change stands for
    (more than one for a line redrawn over many days, named once)."""

    chart: str = ""
    points: int = 1


_GONE = object()


def _point(value, other=None) -> str:
    """A chart point as the change list writes it (-- for none): two decimals, more where two would
    not show how it differs from ``other``."""
    if value is _GONE or value is None:
        return "--"
    for places in (2, 4, 6):
        text = f"{value:.{places}f}"
        if not isinstance(other, (int, float)) or f"{other:.{places}f}" != text:
            break
    return text.rstrip("0").rstrip(".") if "." in text else text


def _category(text: str) -> str:
    """A chart's category as the change list names it: a day as 12月27日, else as printed."""
    import re as _re

    if _re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(text)):
        from workbench.analysis.review import month_day

        return month_day(text)
    return str(text)


def _table_changes(before: dict, now: dict, *, headline: bool = True, store=None, since_seq: int | None = None,
                   known: bool = True) -> list:
    """What prints differently in snapshot ``now`` than in ``before``: the headline (unless not
    ``headline``), rating and themes, the table's title and unit, its columns' headers, a column
    gained or lost, a company's segment (``SnapshotChange``), then the table's figures
    (``ValueChange``), those of a company or a column gained or lost included (from or to ``--``); a
    forecast year's PE that moved is told a forecast revision or a price move from ``store``, as diff does
    (``since_seq``: ``before`` is the issue at that change-log entry; not ``known``: untold)."""
    from workbench.drafting.diff import SnapshotChange, column_label, column_named, diff_snapshots, forecast_cause

    cause = forecast_cause(store, before, now, since_seq=since_seq) if store is not None and known else None
    diff = diff_snapshots(before, now, cause)
    out = [SnapshotChange(what, was, new) for what, was, new in diff.meta
           if headline or what != HEADLINE_WHAT]
    table_was, table_now = before.get("table") or {}, now.get("table") or {}
    for key, what in (("title", "对比表标题 table title"), ("unit_note", "对比表单位 table unit")):
        if key in table_was and table_was.get(key) != table_now.get(key):
            out.append(SnapshotChange(what, table_was.get(key) or "--", table_now.get(key) or "--"))
    out += [SnapshotChange("对比表新增列 table column added", "--", column_named(c)) for c in diff.columns_added]
    out += [SnapshotChange("对比表移除列 table column removed", column_named(c), "--")
            for c in diff.columns_removed]
    out += [SnapshotChange("对比表列名 table column header", column_label(a), column_label(b))
            for a, b in diff.columns_renamed]
    out += [SnapshotChange(f"板块 segment · {n}（{t}）", a, b) for t, n, a, b in diff.moved]
    gained = {t for t, _ in diff.added}
    lost = {t for t, _ in diff.removed}
    order = {r["ticker"]: i for i, r in enumerate(table_now.get("rows", []))}
    columns = sorted(_column_changes(before, diff.columns_removed, lost, after=False)
                     + _column_changes(now, diff.columns_added, gained, after=True),
                     key=lambda c: order.get(c.ticker, len(order)))  # a company's lost figure, then its new one
    return (out + diff.changes
            + _row_changes(before, diff.removed, after=False) + _row_changes(now, diff.added, after=True)
            + columns)


HEADLINE_WHAT = "标题 headline"  # diff_snapshots' name for the headline


def _row_changes(snapshot: dict, tickers: list, *, after: bool) -> list:
    """The printed figures of companies the table gained (``after``) or lost since review, as
    changes from or to ``--``."""
    from workbench.drafting.diff import column_label

    table = snapshot.get("table") or {}
    rows = {r["ticker"]: r for r in table.get("rows", [])}
    return [change for ticker, _name in tickers
            for change in _printed(rows[ticker], table.get("columns", []), column_label, after=after)]


def _column_changes(snapshot: dict, columns: list, skip: set, *, after: bool) -> list:
    """The printed figures of the columns the table gained (``after``) or lost, of every company
    but those gained or lost with their whole row (``skip``), as changes from or to ``--``; each
    column named with the period it shows."""
    from workbench.drafting.diff import column_named

    table = snapshot.get("table") or {}
    every = table.get("columns", [])
    wanted = [i for i, c in enumerate(every) if any(c is w for w in columns)]
    out = []
    for row in table.get("rows", []):
        if row["ticker"] in skip:
            continue
        out += _printed(row, every, column_named, after=after, only=wanted)
    return out


def _printed(row: dict, columns: list, name, *, after: bool, only=None) -> list:
    """A row's figures that print (not ``--``), as changes from ``--`` (``after``) or to ``--``."""
    from workbench.domain.metrics import METRICS, format_value
    from workbench.drafting.diff import ValueChange

    out = []
    for i, (col, value) in enumerate(zip(columns, row["values"])):
        if only is not None and i not in only:
            continue
        kind = col.get("kind") or METRICS.get(col["metric"]).kind
        if format_value(kind, value) == format_value(kind, None):
            continue
        before, now = (None, value) if after else (value, None)
        out.append(ValueChange(row["ticker"], row["name"], col["metric"], col["period"], name(col),
                               before, now, kind))
    return out


@dataclass
class FinalCheck:
    """What going final would freeze, told before it does: the preflight's findings, the figures
    changed since review and, for a correction, the figures differing from the published version
    it corrects (``published_version``)."""

    preflight: object
    changes: list = field(default_factory=list)
    published_changes: list = field(default_factory=list)
    published_version: int | None = None

    @property
    def warnings(self) -> list:
        return self.preflight.warnings

    @property
    def updated_figures(self) -> int:
        """How many of ``published_changes`` are the table's figures (not its rating, headline or a
        column's header): the count a correction's 更正说明 gives as updated."""
        return len(updated_figures(self.published_changes))

    @property
    def updated_points(self) -> list[tuple[str, int]]:
        """The chart points among ``published_changes``, counted a chart at a time (``updated_chart_points``):
        what a correction's 更正说明 gives as updated besides the table's figures."""
        return updated_chart_points(self.published_changes)

    @property
    def updated_note(self) -> str:
        """What the 更正说明 will say the correction updated (对比表中 1 个数字、图 4 中 1 个数据点按最新数据更新),
        or nothing."""
        return updated_note(self.updated_figures, self.updated_points)


def updated_figures(changes: list) -> list:
    """The table's figures among ``changes`` (``ValueChange``), without the rating, headline, columns."""
    from workbench.drafting.diff import ValueChange

    return [c for c in changes if isinstance(c, ValueChange)]


def updated_chart_points(changes: list) -> list[tuple[str, int]]:
    """The chart points among ``changes`` (``ChartPointChange``, as ``chart_changes`` names them), as
    (chart, how many points) a chart at a time in the order named: a line named once counts each of
    its points."""
    counts: dict[str, int] = {}
    for c in changes:
        if isinstance(c, ChartPointChange):
            counts[c.chart] = counts.get(c.chart, 0) + c.points
    return list(counts.items())


class FiguresChanged(WorkbenchError):
    """Final refused: figures the issue prints changed after it went to review (``changes``), or a
    correction's differ from the published version it replaces (``published_changes``)."""

    exit_code = 3  # workbench.cli.EXIT_BLOCKED, as a preflight that blocks

    def __init__(self, issue_id: int, changes: list, published_changes: list = (),
                 published_version: int | None = None):
        lines = []
        if changes:
            lines.append(f"第 {issue_id} 期送审后有 {len(changes)} 个数值变动，审阅人看到的是旧值；未定稿 (issue "
                         f"#{issue_id}: {len(changes)} figure(s) changed after it went to review; the reviewer saw "
                         f"the old values; not finalised):")
            lines += [f"  - {c.describe()}" for c in changes]
        if published_changes:
            v, n = published_version, len(published_changes)
            lines.append(f"第 {issue_id} 期更正版有 {n} 个数值与已发布的 v{v} 不同（前为 v{v} 所印，后为将定稿的值）；"
                         f"未定稿 (issue #{issue_id}: {n} figure(s) differ from the published v{v}, its value first; "
                         f"not finalised):")
            lines += [f"  - {c.describe()}" for c in published_changes]
        super().__init__("\n".join(lines))
        self.changes = list(changes)
        self.published_changes = list(published_changes)
        self.published_version = published_version


ChangedSinceReview = FiguresChanged  # the name it had when only changes since review stopped final


def final_check(store, issue: Issue) -> FinalCheck:
    """The preflight and the figures changed since review, as going final would find them now
    (the app asks with them before it freezes)."""
    from workbench.report import build_report_spec
    from workbench.report.preflight import preflight

    check = preflight(store, issue)
    if check.blockers:
        return FinalCheck(check)
    spec = build_report_spec(store, replace(issue, status="final"))
    version, published = published_changes(store, issue, spec)
    return FinalCheck(check, changes_since_review(store, issue, spec), published, version)


def freeze(store, issue: Issue, *, by: str, reason: str | None = None, progress=None,
           accept_changes: bool = False, shown=None) -> str:
    """Store the issue's final text, data snapshot and PDF; returns the PDF's SHA-256.

    ``shown(FinalCheck)`` is told the preflight's warnings, the figures changed since review and
    a correction's figures differing from the published version before anything is frozen; those
    changes refuse (``FiguresChanged``) unless ``accept_changes``. A correction that prints figures or
    chart points differently from the published version says how many in its 更正说明.
    """
    from workbench.report import PreflightFailed, build_report_spec, render_pdf
    from workbench.report.preflight import preflight

    by = _who(by)
    check = preflight(store, issue)
    if check.blockers:
        if shown is not None:
            shown(FinalCheck(check))
        raise PreflightFailed("预检未通过，不能定稿 (preflight blocks finalising)", check.blockers)
    if reason is None and issue.version > 1:  # a corrected version carries its correction's reason
        opened = [r for r in store.issue_log(issue.id)
                  if r["from_status"] == "final" and r["version"] == issue.version]
        reason = opened[-1]["reason"] if opened else None
    spec = build_report_spec(store, replace(issue, status="final"))  # the snapshot as published
    changes = changes_since_review(store, issue, spec)
    version, published = published_changes(store, issue, spec)
    if shown is not None:
        shown(FinalCheck(check, changes, published, version))
    if (changes or published) and not accept_changes:
        raise FiguresChanged(issue.id, changes, published, version)
    updated = updated_figures(published)  # the table's figures, not its rating or columns
    points = updated_chart_points(published)  # and the charts' points, named as the list above names them
    if (updated or points) and spec.corrections:
        _note_updated_figures(spec, len(updated), points)
    pdf = render_pdf(spec, progress=progress)
    sha = hashlib.sha256(pdf).hexdigest()
    store.save_version(issue.id, issue.version, by, reason, issue.content_json(), spec.to_json(), pdf, sha)
    return sha


def _note_updated_figures(spec, count: int, points: list[tuple[str, int]] = ()) -> None:
    """The 更正说明 of this version tells readers the table's figures and the charts' points it updated
    to newer data, after the correction's reason (更正：<reason>；对比表中 N 个数字、图 4 中 1 个数据点按最新
    数据更新; the table or the charts left out when none of theirs changed)."""
    entry = spec.corrections[-1]
    reason = entry.reason.strip().rstrip("。；;，,. ")
    note = updated_note(count, points)
    spec.corrections[-1] = replace(entry, reason=f"{reason}；{note}" if reason else note)


def updated_note(count: int, points: list[tuple[str, int]] = ()) -> str:
    """The 更正说明's words for what a correction updated: 对比表中 N 个数字、图 4 中 1 个数据点按最新数据更新
    (the table or the charts left out when none of theirs changed); nothing when nothing did."""
    parts = [f"对比表中 {count} 个数字"] if count else []
    for chart, n in points:  # a space after 图 4's number, as before a count's
        parts.append(f"{chart}{' ' if chart[-1:].isdigit() else ''}中 {n} 个数据点")
    return f"{'、'.join(parts)}按最新数据更新" if parts else ""


def open_correction(store, issue_id, *, reason: str, by: str, take=(), points=()) -> Issue:
    """Reopen a final issue as a new version (a draft); the published version stays in the history.
    The correction reprints the published table as of its date (``spec.correction_table``); ``take``
    (``TICKER[:METRIC[:PERIOD]]`` each) names newer figures its editor takes on purpose, ``points``
    (``DATASET[:SERIES[:CATEGORY]]`` each, ``parse_point``) the datasets' chart points."""
    if not reason or not reason.strip():
        raise WorkbenchError("更正需要说明原因 (a correction needs a reason)")
    by = _who(by)
    with store.transaction():  # read inside: of two racing corrections the second sees the first
        issue = store.issue(issue_id)
        if issue.status != "final":
            raise WorkbenchError(f"第 {issue.id} 期尚未定稿，直接修改即可 (issue is not final; edit it directly)")
        _refuse_over_a_refused_publication(store, issue.id, "更正 (correct)")
        taken = [parse_take(store, text) for text in take]  # a wrong one refuses before anything opens
        chosen = [parse_point(store, issue, text) for text in points]
        store.set_issue_status(issue.id, "draft", version=issue.version + 1)
        if issue.version in store.taken_versions(issue.id):
            # the house published the desk's final of this version, not this store's own: the
            # correction starts from the desk's text (``store.issue`` of a final gives it)
            store.save_issue(replace(issue, status="draft", version=issue.version + 1), keep_status=True)
        store.log_status(issue.id, "final", "draft", by, issue.version + 1, f"更正 correction: {reason}")
        # where the change log stands: a figure typed after this is the correction's own
        from workbench.report.spec import CORRECTION_OPENED_KEY

        store.set_setting(CORRECTION_OPENED_KEY.format(issue.id, issue.version + 1), str(store.last_seq()))
        # what it takes is the issue's (it travels with it): none of an earlier version's
        _record_takes(store, issue.id, issue.version + 1, taken, fresh=True, points=chosen)
    return store.issue(issue.id)


def take_newer_figures(store, issue_id, take, points=()) -> list[tuple[str, str | None, str | None]]:
    """Let an open correction print newer figures of the store its editor names (``TICKER[:METRIC[:PERIOD]]``
    each: a company's every figure, a company added since included, a metric's, or one figure),
    although dated after the issue's date, and the datasets' chart points it names (``points``:
    ``DATASET[:SERIES[:CATEGORY]]`` each, ``parse_point``); returns every figure the correction takes
    (its chart points: ``spec.correction_point_takes``). A wrong name refuses before anything is taken."""
    with store.transaction():
        issue = store.issue(issue_id)
        if issue.status != "final" and (issue.version or 1) <= 1:  # never published: nothing to correct
            raise WorkbenchError(f"第 {issue.id} 期尚未定稿，直接修改即可 (issue #{issue.id} is not final; edit it directly)")
        if issue.status == "final" or (issue.version or 1) <= 1:
            raise WorkbenchError(f"第 {issue.id} 期没有打开的更正版本；请先 `workbench correct {issue.id} --reason …` "
                                 f"(issue #{issue.id} has no open correction: open one first)")
        taken = [parse_take(store, text) for text in take]
        chosen = [parse_point(store, issue, text) for text in points]
        return _record_takes(store, issue.id, issue.version, taken, points=chosen)


def _record_takes(store, issue_id: int, version: int, taken: list, fresh: bool = False, points=()) -> list:
    from workbench.report.spec import correction_point_takes, correction_record, correction_takes

    issue = replace(store.issue(issue_id), version=version)
    every = sorted((set() if fresh else correction_takes(store, issue)) | set(taken),
                   key=lambda t: tuple(x or "" for x in t))
    chosen = (set() if fresh else correction_point_takes(store, issue)) | set(points)
    store.set_issue_correction(issue_id, correction_record(store, issue, takes=set(every), points=chosen))
    return every


def record_correction(store, issue_id) -> bool:
    """Keep on an open correction's issue what it takes as this store sees it now (the figures taken
    on purpose and those typed in it, ``spec.correction_record``), so that the workstation it
    travels to (a supervisor's, who finalises it) prints what this one does. Done at each step of
    the correction (opened, figures taken, review, final); a desk sync may do it before it pushes
    (``record_open_corrections``). Returns whether the issue changed."""
    from workbench.report.spec import correction_record

    issue = store.issue(issue_id)
    if issue.status == "final" or (issue.version or 1) <= 1:
        return False
    return store.set_issue_correction(issue.id, correction_record(store, issue))


def record_open_corrections(store, *, opened_here: bool = False) -> list[int]:
    """``record_correction`` for every open correction of the store (``opened_here``: only those this
    workstation opened, as a desk sync records them: a workstation the correction travelled to would
    write an issue it does not edit); returns the issues it changed."""
    from workbench.report.spec import CORRECTION_OPENED_KEY

    return [row["id"] for row in sorted(store.issues(), key=lambda r: r["id"])
            if row["status"] != "final" and (row["version"] or 1) > 1
            and (not opened_here or store.get_setting(CORRECTION_OPENED_KEY.format(row["id"], row["version"])))
            and record_correction(store, row["id"])]


def parse_take(store, text: str) -> tuple[str, str | None, str | None]:
    """``TICKER[:METRIC[:PERIOD]]`` as (ticker, metric code or None, period or None): the company by
    its code or short name, the metric by its code or name (pe, 市盈率, PE), the period as written
    (2024E, 2023, 24Q1-Q3); what names nothing the store knows is refused."""
    from workbench.domain.metrics import METRICS
    from workbench.domain.periods import parse_period

    parts = [p.strip() for p in str(text or "").replace("：", ":").split(":")]
    if not parts[0] or len(parts) > 3:
        raise WorkbenchError(f"无法识别要采用的数据“{text}”，请写作 代码[:指标[:报告期]]，如 300493.SZ:pe:2024E "
                             f"(cannot read {text!r}: write TICKER[:METRIC[:PERIOD]], e.g. 300493.SZ:pe:2024E)")
    try:
        company = store.find_company(parts[0])
    except WorkbenchError:
        company = None
    if company is None:
        raise WorkbenchError(f"库中没有公司“{parts[0]}” (no company {parts[0]!r} in the store)")
    metric = None
    if len(parts) > 1:
        wanted = parts[1].casefold()
        metric = next((m.code for m in METRICS.values()
                       if wanted in (m.code.casefold(), m.zh.casefold(), m.en.casefold())), None)
        if metric is None:
            raise WorkbenchError(f"未知指标“{parts[1]}” (unknown metric {parts[1]!r}: one of "
                                 f"{', '.join(METRICS)})")
    period = parse_period(parts[2]) if len(parts) > 2 else None
    if period is not None and store.fact(company["ticker"], metric, period) is None:  # a typo takes nothing
        raise WorkbenchError(f"库中没有 {company['name']}（{company['ticker']}）{parts[1]} {parts[2]} 的数据 (the store holds "
                             f"no {metric} {period} of {company['ticker']})")
    return company["ticker"], metric, period


def parse_point(store, issue, text) -> tuple[str, str | None, str | None]:
    """``DATASET[:SERIES[:CATEGORY]]`` (or that tuple) as (dataset name, series or None, category or
    None): the dataset by its name, its title or the caption of a figure drawing it (云厂商资本开支), a
    series the issue's figures draw of it, a category the store holds of it (a category added since
    is added when taken). What the issue's charts do not draw is refused, named."""
    if isinstance(text, (tuple, list)):
        parts = [str(p).strip() if p is not None else "" for p in text]
        while parts and not parts[-1]:
            parts.pop()
    else:
        parts = [p.strip() for p in str(text or "").replace("：", ":").split(":")]
    if not parts or not parts[0] or len(parts) > 3 or "" in parts:
        raise WorkbenchError(f"无法识别要采用的图表点“{text}”，请写作 数据集[:系列[:类别]]，如 云厂商资本开支:资本开支:2025E "
                             f"(cannot read {text!r}: write DATASET[:SERIES[:CATEGORY]], e.g. capex_guide:资本开支:2025E)")
    drawn = [f for f in issue.figures if f.kind == "dataset_bars" and f.dataset]
    names = store.datasets()
    titles = {}
    for name in names:
        titles.setdefault(store.dataset(name).get("title") or name, name)
    captions = {f.title: f.dataset for f in reversed(drawn) if f.title}
    name = parts[0] if parts[0] in names else titles.get(parts[0]) or captions.get(parts[0])
    if name is None:
        raise WorkbenchError(f"库中没有数据集“{parts[0]}” (no dataset {parts[0]!r} in the store)")
    ds = store.dataset(name)
    shown = f"“{ds.get('title') or name}”（{name}）"
    figures = [f for f in drawn if f.dataset == name]
    if not figures:
        raise WorkbenchError(f"第 {issue.id} 期的图表没有画数据集{shown} (no figure of issue #{issue.id} draws "
                             f"dataset {name})")
    series = list(dict.fromkeys(s for f in figures for s in ([f.series] if f.series else ds["series"])))
    if len(parts) > 1 and parts[1] not in series:
        raise WorkbenchError(f"第 {issue.id} 期的图表没有画数据集{shown}的系列“{parts[1]}”（画的是：{'、'.join(series)}） "
                             f"(no figure of issue #{issue.id} draws series {parts[1]!r} of dataset {name})")
    if len(parts) > 2 and parts[2] not in ds["categories"]:
        raise WorkbenchError(f"数据集{shown}没有类别“{parts[2]}”（有：{'、'.join(map(str, ds['categories']))}） "
                             f"(dataset {name} has no category {parts[2]!r})")
    return name, parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None


def issue_spec(store, issue: Issue):
    """The report an issue prints now (the preview, an export of an issue not final): an open
    correction's 更正说明 already says what the correction updated (``updated_note``), as its final
    will, so its reviewer reads the words that will be published."""
    from workbench.report import build_report_spec

    spec = build_report_spec(store, issue)
    if (issue.version or 1) > 1 and issue.status != "final" and spec.corrections:
        _, published = published_changes(store, issue, spec)
        updated, points = updated_figures(published), updated_chart_points(published)
        if updated or points:
            _note_updated_figures(spec, len(updated), points)
    return spec


def export_issue(store, issue_id, out_path, *, progress=None):
    """Export an issue's PDF: a final issue writes its frozen PDF byte for byte; others are rendered
    (``issue_spec``)."""
    from workbench.report import export_pdf, write_pdf_bytes

    issue = store.issue(issue_id)
    if issue.status == "final":
        _refuse_over_a_refused_publication(store, issue.id, "导出 (export)")
        ver = store.versions(issue.id)[-1]  # the house's publication: the desk's, where this store took it
        pdf = store.version_pdf(issue.id, ver["version"])
        return write_pdf_bytes(pdf, out_path, expected_sha256=ver["pdf_sha256"], store_path=store.path,
                               what=f"第 {issue.id} 期 v{ver['version']} (issue #{issue.id} v{ver['version']})")
    return export_pdf(store, issue, out_path, progress=progress, spec=issue_spec(store, issue))


def _issue_uid(store, issue_id) -> str | None:
    return store.scalar("SELECT uid FROM issues WHERE id = ?", [issue_id])


def _refuse_over_a_refused_publication(store, issue_id, what: str) -> None:
    """A version of the issue this store published that the desk refused, or holds another of, is
    not built on (finalised again, corrected) nor exported as published until it is settled: the
    house's published version is the desk's, and a correction is compared with it."""
    from workbench.store import sync_state

    uid = _issue_uid(store, issue_id)
    c = sync_state.refused_publication(store, uid) if uid else None
    if c is None:
        return
    v, theirs = c["mine"].get("version"), c["theirs"]
    desk = (f"团队库发布的 v{v} 由 {theirs.get('frozen_by')} 定稿 (the desk published v{v} frozen by "
            f"{theirs.get('frozen_by')})" if theirs else "团队库没有接受它 (the desk did not accept it)")
    way = ("--keep theirs 采用团队库的发布版本，本机的保留为记录 (keep theirs takes the desk's publication, this "
           "store's stays as a record)" if theirs else "按冲突所列原因处理 (as the listing's reason says)")
    raise WorkbenchError(
        f"第 {issue_id} 期 v{v} 的本机发布版本未被团队库采用：{desk}；不能{what.split(' ')[0]}，请先解决冲突 #{c['id']}："
        f"workbench desk resolve {c['id']}，{way} (issue #{issue_id}: this store's published v{v} is not the "
        f"desk's; cannot {what.split('(')[-1].rstrip(')')} until conflict #{c['id']} is settled)")
