"""Edit records: one user edit to the store as plain data that can be applied and reverted.

The app's undo stack wraps these records; the records themselves know nothing about Qt, so the
same edits can be scripted and tested without a screen. ``apply`` and ``revert`` each land whole
or not at all (one statement or one transaction) and return a ``Changes`` saying what moved, so
views refresh exactly the rows and cells touched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

from workbench.domain.metrics import METRICS, PLAUSIBLE, YI, NumberStyle, check_value, format_value, written_decimal
from workbench.domain.periods import period_label
from workbench.domain.tickers import normalize_ticker
from workbench.domain.values import cell_is_percent, is_missing, parse_number
from workbench.errors import NotFound, ValidationError

MANUAL_SOURCE = "手工录入"
COMPANY_EDIT_FIELDS = ("name", "full_name", "segment", "industry")

_UNSET = object()


@dataclass
class Changes:
    """What an applied or reverted edit changed in the store."""

    facts: set[tuple[str, str, str]] = field(default_factory=set)  # (ticker, metric, period)
    companies: set[str] = field(default_factory=set)  # tickers whose fields changed
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old, new), in order
    rows: bool = False  # companies added or removed
    quotes: bool = False  # index quotes changed

    def merge(self, other: "Changes") -> "Changes":
        self.facts |= other.facts
        self.companies |= other.companies
        self.renamed.extend(other.renamed)
        self.rows = self.rows or other.rows
        self.quotes = self.quotes or other.quotes
        return self


class Edit(Protocol):
    """A reversible change to the store."""

    label: str

    def apply(self, store) -> Changes: ...

    def revert(self, store) -> Changes: ...


# ---------------------------------------------------------------------------- input parsing
def fact_from_display(metric_code: str, raw: object) -> float | None:
    """A value typed or pasted in the comparison grid's display unit, in the store's unit.

    Amounts are typed in 亿元 and stored in CNY; ratios typed as ``12.5%`` or ``12.5`` both
    mean 12.5% and are stored as 0.125; multiples and prices are taken as they are. Missing
    (``--``, empty) gives None. Raises ValidationError for anything else.
    """
    kind = METRICS[metric_code].kind if metric_code in METRICS else None
    if is_missing(raw):
        return None
    if isinstance(raw, str) and cell_is_percent(raw) and kind not in ("ratio", None):
        raise ValidationError(f"此列不是百分比 (this column is not a percentage): {raw}")
    value = parse_number(raw)
    if value is None:
        return None
    if kind == "amount":  # the decimal typed, scaled exactly: 1771.85 亿元 is 177185000000 yuan
        return float(written_decimal(value).scaleb(8)) if math.isfinite(value) else value * YI
    if kind == "ratio" and not cell_is_percent(raw):  # 12.745 is 0.12745, not 0.12744999999999998
        return _percent(value)
    return value


def ratio_from_display(raw: object) -> float | None:
    """A percentage typed as ``1.36%`` or ``1.36`` as a stored fraction (0.0136)."""
    if is_missing(raw):
        return None
    value = parse_number(raw)
    if value is None:
        return None
    return value if cell_is_percent(raw) else _percent(value)


def _percent(value: float) -> float:
    """A percentage typed as a number (12.745) as the stored fraction nearest the decimal typed."""
    return float(written_decimal(value).scaleb(-2)) if math.isfinite(value) else value / 100.0


def _finite(value) -> bool:
    """A finite number a double can hold (a whole number past any double, 10**400, is not)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def close_from_display(raw: object) -> float:
    """An index close typed as ``3,400.14``: a level, never a percentage, never missing."""
    if isinstance(raw, str) and cell_is_percent(raw):
        raise ValidationError(f"收盘价是点位，不是百分比 (a close is a level, not a percentage): {raw}")
    value = parse_number(raw)
    if value is None:
        raise ValidationError("收盘价不能为空，删除请用“删除” (close cannot be empty; use Delete)")
    return value


def same_value(a: float | None, b: float | None) -> bool:
    """True when two stored numbers are equal up to the rounding of a display round trip."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def same_as_shown(kind: str, stored: float | None, new: float | None, parse, *, signed: bool = False,
                  style: NumberStyle | None = None) -> bool:
    """True when ``new`` is no change to ``stored``: equal, or equal to what the stored value's cell shows.

    A cell shows a rounded text (29,661,000,000 CNY as ``296.6`` 亿元); copying it and pasting it
    back, or typing what is shown, must not replace the stored figure with the rounded one.
    ``parse`` reads a display text into the store's unit (``fact_from_display`` for a metric, ...),
    the same way the typed or pasted text was read into ``new``.
    """
    if same_value(new, stored):
        return True
    if new is None or stored is None:
        return False
    try:
        shown = parse(format_value(kind, stored, signed=signed, style=style))
    except ValidationError:
        return False
    return same_value(new, shown)


def fact_unchanged(metric_code: str, stored: float | None, new: float | None, *,
                   style: NumberStyle | None = None) -> bool:
    """True when a fact typed or pasted as ``new`` is what the comparison grid shows for ``stored``
    (in the house's number ``style``)."""
    kind = METRICS[metric_code].kind if metric_code in METRICS else "price"
    return same_as_shown(kind, stored, new, lambda text: fact_from_display(metric_code, text), style=style)


def clean_text(value: object) -> str | None:
    """A text cell as stored: stripped, empty becomes None."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


# ---------------------------------------------------------------------------- changed since
class ChangedSince(ValidationError):
    """An undo or redo refused because what it would put back was changed since by someone else."""


_STEP_WORDS = {"undo": "未撤销", "redo": "未重做"}
_STEP_WORDS_EN = {"undo": "undone", "redo": "redone"}
_FACT_FIELDS = ("value", "source", "as_of", "src_row", "src_col")
# how a change-log entry came about, in the words `workbench trace` uses (edits sits below trace)
_ORIGIN_WORDS = {"import": "导入", "edit": "手工修改", "paste": "粘贴", "delete": "删除", "undo": "撤销", "redo": "重做",
                 "demo": "演示数据", "sync": "同步", "merge": "合并", "system": "系统", "external": "库外写入"}
_ORIGIN_WORDS_EN = {"external": "written outside the workbench"}


def refused_step(message: str) -> str | None:
    """Which step a ChangedSince message refused ("undo" or "redo"), from its opening words."""
    for step, words in _STEP_WORDS.items():
        if str(message or "").startswith(words):
            return step
    return None


def _fact_image(row: dict | None) -> tuple | None:
    """What of a fact row an undo or redo puts back (and so must find as it left it)."""
    return None if row is None else tuple(row.get(c) for c in _FACT_FIELDS)


def _changed_by(history: list[dict]) -> tuple[str, str]:
    """Who and what made the latest change in ``history`` (a store's change-log entries), for a refusal
    message: ("；最近一次变更：2026-12-01 00:52 导入，文件 a.csv，截至 …", "; last change: … import, file a.csv,
    as of …"); empty texts when the log has none. The time is the workstation's."""
    from workbench.domain.times import local_time

    if not history:
        return "", ""
    h = history[-1]
    origin = h.get("origin") or "?"
    at = local_time(h.get("at"), "%Y-%m-%d %H:%M") if h.get("at") else ""
    head = " ".join(str(p) for p in (at, h.get("by"), _ORIGIN_WORDS.get(origin, origin)) if p)
    head_en = " ".join(str(p) for p in (at, h.get("by"), _ORIGIN_WORDS_EN.get(origin, origin)) if p)
    zh, en = [head], [head_en]
    if h.get("file"):
        zh.append(f"文件 {h['file']}")
        en.append(f"file {h['file']}")
    if h.get("as_of"):
        zh.append(f"截至 {h['as_of']}")
        en.append(f"as of {h['as_of']}")
    return "；最近一次变更：" + "，".join(zh), "; last change: " + ", ".join(en)


def _house_style(store) -> NumberStyle | None:
    """The house's number style, as the grid and the report print figures (None: the reference's)."""
    try:
        return NumberStyle.lenient((store.house() or {}).get("number_style"))
    except Exception:  # a store without house settings prints in the reference's style
        return None


def _company_name(store, ticker: str) -> str:
    """"长电科技（600584.SH）", or the ticker and a space for a company the store no longer has."""
    try:
        name = store.company(ticker).get("name")
    except (NotFound, ValidationError):
        name = None
    return f"{name}（{ticker}）" if name else f"{ticker} "


# ---------------------------------------------------------------------------- facts
@dataclass
class SetFact:
    """Set (or, with None, remove) one fact; revert puts the old row back exactly."""

    ticker: str
    metric: str
    period: str
    value: float | None
    source: str = MANUAL_SOURCE
    label: str = "编辑数据 edit value"
    _before: object = field(default=_UNSET, repr=False)
    _after: object = field(default=_UNSET, repr=False)

    def __post_init__(self):
        if type(self.value) is int:  # the store keeps doubles: a whole number is the double it stores
            try:
                self.value = float(self.value)
            except OverflowError:
                m = METRICS.get(self.metric)
                raise ValidationError(f"{self.ticker} {m.zh if m else self.metric} {self.period}: 数值超出可存储的范围 "
                                      f"(value too large to store)") from None
        if self.value is not None and self.metric in PLAUSIBLE:
            check_value(self.metric, self.value)  # a value no report can print never lands

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.ticker, self.metric, self.period)

    def apply(self, store) -> Changes:
        if self._after is _UNSET:
            if not store.has_company(self.ticker):
                raise NotFound(f"没有该公司 (no company): {self.ticker}")
            if self.value is not None and not _finite(self.value):
                raise ValidationError(f"不是有限数字 (not a finite number): {self.value}")
            self._before = store.fact_row(*self.key)
            store.set_fact(self.ticker, self.metric, self.period, self.value, source=self.source)
            self._after = store.fact_row(*self.key)
        else:
            with store.transaction():  # the check and the write see the same store
                self._check_unchanged(store, self._before, "redo")
                store.restore_fact(self._after, self.key)
        return Changes(facts={self.key})

    def revert(self, store) -> Changes:
        with store.transaction():
            self._check_unchanged(store, self._after, "undo")
            store.restore_fact(self._before, self.key)
        return Changes(facts={self.key})

    def _check_unchanged(self, store, expected: dict | None, step: str) -> None:
        """Refuse an undo or redo over a change made since (an import, a sync, another window or
        program): putting the old row back would silently wipe that later write."""
        now = store.fact_row(*self.key)
        if _fact_image(now) == _fact_image(expected):
            return
        m = METRICS.get(self.metric)
        kind = m.kind if m else "price"
        shown = format_value(kind, now["value"], style=_house_style(store)) if now is not None else "--"
        unit = f" {m.display_unit()}" if m and now is not None and m.kind in ("amount", "price", "per_share") else ""
        if m and now is not None and m.kind == "ratio" and not shown.endswith("%"):
            unit = "%"
        by, by_en = _changed_by(store.history(*self.key))
        raise ChangedSince(
            f"{_STEP_WORDS[step]}：{_company_name(store, self.ticker)}{m.zh if m else self.metric} "
            f"{period_label(self.period)} 在此之后已被更改，现为 {shown}{unit}{by} (nothing was {_STEP_WORDS_EN[step]}: "
            f"{self.ticker} {m.en if m else self.metric} {self.period} was changed after this step, now {shown}{unit}"
            f"{by_en}; that change is kept)")


# ---------------------------------------------------------------------------- companies
@dataclass
class SetCompanyField:
    """Change one field of one company (name, full name, segment, industry)."""

    ticker: str
    field_name: str
    value: str | None
    label: str = "编辑公司 edit company"
    _before: object = field(default=_UNSET, repr=False)

    def __post_init__(self):
        if self.field_name not in COMPANY_EDIT_FIELDS:
            raise ValidationError(f"不可编辑的字段 (field cannot be edited): {self.field_name}")
        self.value = clean_text(self.value)

    def apply(self, store) -> Changes:
        if self._before is _UNSET:
            before = store.company(self.ticker)[self.field_name]
            store.set_company_field(self.ticker, self.field_name, self.value)
            self._before = before
        else:
            with store.transaction():
                self._check_unchanged(store, self._before, "redo")
                store.set_company_field(self.ticker, self.field_name, self.value)
        return Changes(companies={self.ticker})

    def revert(self, store) -> Changes:
        with store.transaction():
            self._check_unchanged(store, self.value, "undo")
            store.set_company_field(self.ticker, self.field_name, self._before)
        return Changes(companies={self.ticker})

    def _check_unchanged(self, store, expected, step: str) -> None:
        """Refuse an undo or redo over a change of the field made since (an import, a sync)."""
        now = store.company(self.ticker)[self.field_name]
        if now == expected:
            return
        words = {"name": "简称", "full_name": "全称", "segment": "细分板块", "industry": "行业"}[self.field_name]
        raise ChangedSince(f"{_STEP_WORDS[step]}：{_company_name(store, self.ticker)}的{words}在此之后已被更改，"
                           f"现为“{now or ''}” (nothing was {_STEP_WORDS_EN[step]}: the company's {self.field_name} "
                           f"was changed after this step, now “{now or ''}”; that change is kept)")


@dataclass
class RenameTicker:
    """Change a company's ticker, carrying its facts along; a duplicate is refused."""

    old: str
    new: str
    label: str = "修改代码 change ticker"

    def __post_init__(self):
        self.new = normalize_ticker(self.new)

    def apply(self, store) -> Changes:
        store.rename_ticker(self.old, self.new)
        return Changes(renamed=[(self.old, self.new)])

    def revert(self, store) -> Changes:
        store.rename_ticker(self.new, self.old)
        return Changes(renamed=[(self.new, self.old)])


@dataclass
class AddCompany:
    """Add one company; revert removes it again."""

    ticker: str
    name: str
    segment: str | None = None
    full_name: str | None = None
    industry: str | None = None
    label: str = "新增公司 add company"

    def __post_init__(self):
        self.ticker = normalize_ticker(self.ticker)
        self.name = clean_text(self.name) or ""
        self.segment = clean_text(self.segment)
        self.full_name = clean_text(self.full_name)
        self.industry = clean_text(self.industry)
        if not self.name:
            raise ValidationError("公司简称不能为空 (company name cannot be empty)")

    def apply(self, store) -> Changes:
        if store.has_company(self.ticker):
            raise ValidationError(f"代码重复 (duplicate ticker): {self.ticker}")
        store.upsert_companies([{"ticker": self.ticker, "name": self.name, "segment": self.segment,
                                 "full_name": self.full_name, "industry": self.industry}])
        return Changes(rows=True, companies={self.ticker})

    def revert(self, store) -> Changes:
        with store.transaction():
            if store.has_company(self.ticker) and store.has_fact_values(self.ticker):
                # figures arrived after the company was added (an import, a sync): removing it would take them along
                raise ChangedSince(f"{_STEP_WORDS['undo']}：{self.ticker} {self.name} 添加后已有数据写入，撤销会一并删除这些数据 "
                                   f"(figures were written for the company after it was added; undoing would delete "
                                   f"them, so nothing was undone)")
            store.delete_companies([self.ticker])
        return Changes(rows=True)


@dataclass
class DeleteCompanies:
    """Delete companies with their facts; revert restores both."""

    tickers: list[str]
    label: str = "删除公司 delete companies"
    _removed: list = field(default_factory=list, repr=False)

    def apply(self, store) -> Changes:
        self._removed = store.delete_companies(list(self.tickers))
        return Changes(rows=True)

    def revert(self, store) -> Changes:
        with store.transaction():
            back = [item["company"] for item in self._removed if store.has_company(item["company"]["ticker"])]
            if back:  # written again since the delete (an import, a sync): putting the old one back would clash
                listed = "、".join(f"{c['ticker']} {c.get('name') or ''}".strip() for c in back[:10])
                raise ChangedSince(f"{_STEP_WORDS['undo']}：删除后这些公司又被写入 {listed} (these companies were "
                                   f"written again after the delete; nothing was undone, so they are kept)")
            store.restore_companies(self._removed)
        return Changes(rows=True, companies=set(self.tickers))


# ---------------------------------------------------------------------------- index quotes
@dataclass
class SetQuote:
    """Set one index quote's close and weekly change (a fraction); revert puts the old row back exactly."""

    index_id: int
    date: str
    close: float | None
    change: float | None
    label: str = "编辑行情 edit quote"
    _before: object = field(default=_UNSET, repr=False)
    _after: object = field(default=_UNSET, repr=False)

    def __post_init__(self):
        if self.close is None:
            raise ValidationError("收盘价不能为空，删除请用“删除” (close cannot be empty; use Delete)")
        if not _finite(self.close) or (self.change is not None and not _finite(self.change)):
            raise ValidationError("不是有限数字 (not a finite number)")
        check_value("index_close", self.close)
        if self.change is not None:
            check_value("index_change", self.change)

    @property
    def key(self) -> tuple[int, str]:
        return (self.index_id, self.date)

    def apply(self, store) -> Changes:
        with store.transaction():
            if self._after is _UNSET:
                self._before = store.quote_row(*self.key)
                store.set_quote(self.index_id, self.date, self.close, self.change)
                self._after = store.quote_row(*self.key)
            else:  # a redo: the quote must be as the undo left it, and comes back as the edit left it
                self._check_unchanged(store, self._before, "redo")
                store.restore_quote(self._after, self.key)
        return Changes(quotes=True)

    def revert(self, store) -> Changes:
        with store.transaction():
            # the quote comes back with its source and source cell, not as one typed by hand
            self._check_unchanged(store, self._after, "undo")
            store.restore_quote(self._before, self.key)
        return Changes(quotes=True)

    def _check_unchanged(self, store, expected: dict | None, step: str) -> None:
        """Refuse an undo or redo over a change of the quote made since (see SetFact)."""
        now = store.quote_row(*self.key)
        if _quote_image(now) == _quote_image(expected):
            return
        index = next((i for i in store.indices() if i["id"] == self.index_id), None)
        name = index["name"] if index else f"#{self.index_id}"
        history = []
        if index is not None:
            history = sorted(store.quote_history(index, self.date, "close")
                             + store.quote_history(index, self.date, "change"), key=lambda h: h["seq"])
        shown = format_value("price", now["close"], style=_house_style(store)) if now is not None else "--"
        by, by_en = _changed_by(history)
        raise ChangedSince(
            f"{_STEP_WORDS[step]}：{name} {self.date} 的行情在此之后已被更改，现收盘 {shown}{by} "
            f"(nothing was {_STEP_WORDS_EN[step]}: the quote was changed after this step, close now {shown}{by_en}; "
            f"that change is kept)")


def _quote_image(row: dict | None) -> tuple | None:
    """What of a quote row an undo or redo puts back (and so must find as it left it): every column
    but the key, its source and source cell included."""
    return None if row is None else tuple((c, row[c]) for c in sorted(row) if c not in ("index_id", "date"))


@dataclass
class DeleteQuotes:
    """Remove index quotes (index id, date); revert writes them back exactly, source and source cell included."""

    keys: list[tuple[int, str]]
    label: str = "删除行情 delete quotes"
    _removed: list = field(default_factory=list, repr=False)
    _applied: bool = field(default=False, repr=False)

    def apply(self, store) -> Changes:
        with store.transaction():
            if self._applied:  # a redo: the quotes must be as the undo put them back
                self._check_redo(store)
            removed = []
            for index_id, date in self.keys:
                row = store.quote_row(index_id, date)
                if row is not None:
                    removed.append(row)
                    store.set_quote(index_id, date, None, None)
        self._removed = removed
        self._applied = True
        return Changes(quotes=True)

    def revert(self, store) -> Changes:
        with store.transaction():
            back = [(r["index_id"], r["date"]) for r in self._removed if store.quote_row(r["index_id"], r["date"])]
            if back:  # written again since the delete (an import, a sync): putting the old one back would lose it
                names = {i["id"]: i["name"] for i in store.indices()}
                listed = ", ".join(f"{names.get(i, f'#{i}')} {d}" for i, d in back[:10])
                raise ChangedSince(f"{_STEP_WORDS['undo']}：删除后这些行情又被写入 {listed} (these quotes were written "
                                   f"again after the delete; nothing was undone, so they are kept)")
            for row in self._removed:
                store.restore_quote(row, (row["index_id"], row["date"]))
        return Changes(quotes=True)

    def _check_redo(self, store) -> None:
        """Refuse a redo over a quote changed, deleted or written since the undo: deleting it again
        would lose that later write."""
        was = {(r["index_id"], r["date"]): r for r in self._removed}
        changed = [key for key in dict.fromkeys(tuple(k) for k in self.keys)
                   if _quote_image(store.quote_row(*key)) != _quote_image(was.get(key))]
        if changed:
            names = {i["id"]: i["name"] for i in store.indices()}
            listed = ", ".join(f"{names.get(i, f'#{i}')} {d}" for i, d in changed[:10])
            raise ChangedSince(f"{_STEP_WORDS['redo']}：撤销后这些行情又被更改 {listed} (these quotes were changed "
                               f"after the undo; nothing was redone, so they are kept)")


@dataclass
class SetIndexCode:
    """Give an index its code (validated and unique by the store); revert puts the old code back."""

    index_id: int
    code: str | None
    label: str = "设置指数代码 set index code"
    _before: object = field(default=_UNSET, repr=False)

    def apply(self, store) -> Changes:
        if self._before is _UNSET:
            current = [i for i in store.indices() if i["id"] == self.index_id]
            if not current:
                raise NotFound(f"没有该指数 (no index) #{self.index_id}")
            self._before = current[0]["code"]
        self.code = store.set_index_code(self.index_id, self.code)  # the normalised code
        return Changes(quotes=True)

    def revert(self, store) -> Changes:
        store.set_index_code(self.index_id, self._before)
        return Changes(quotes=True)


@dataclass
class SetBenchmark:
    """Make an index the benchmark; revert restores the one before (or none)."""

    index_id: int
    label: str = "设为基准指数 set benchmark"
    _before: object = field(default=_UNSET, repr=False)

    def apply(self, store) -> Changes:
        if self._before is _UNSET:
            current = store.benchmark()
            self._before = current["id"] if current else None
        store.set_benchmark(self.index_id)
        return Changes(quotes=True)

    def revert(self, store) -> Changes:
        store.set_benchmark(self._before)
        return Changes(quotes=True)


@dataclass
class MergeIndices:
    """Merge index ``drop_id`` into ``keep_id`` (the store moves its quotes and removes it); revert
    brings the removed index back with exactly the quotes that came from it, each with its source
    and source cell."""

    keep_id: int
    drop_id: int
    label: str = "合并指数 merge indices"
    moved: int = 0  # quotes moved by the last apply
    #: ``refuse_undo(store, merge, keep_id)``: why undoing the merge is refused now (an ``index_merges``
    #: entry), or None; asked before revert writes anything (the app's check of what the desk refuses)
    refuse_undo: Callable | None = field(default=None, repr=False)
    _batch: int | None = field(default=None, repr=False)
    _dropped: list = field(default_factory=list, repr=False)

    def apply(self, store) -> Changes:
        with store.batch("merge") as batch_id:  # inside an undo stack's batch: that one
            dropped = [store.quote_row(self.drop_id, q["date"]) for q in store.quotes(self.drop_id)]
            self.moved = store.merge_indices(self.keep_id, self.drop_id)
        self._batch = batch_id
        self._dropped = dropped
        return Changes(quotes=True)

    def revert(self, store) -> Changes:
        if self._batch is None:
            raise ValidationError("合并尚未执行 (the merge was not applied)")
        if self.refuse_undo is not None:
            merge = next((m for m in store.index_merges() if m["batch_id"] == self._batch), None)
            why = self.refuse_undo(store, merge, self.keep_id) if merge is not None else None
            if why:
                raise ValidationError(why)
        with store.transaction():
            restored = store.unmerge_indices(self._batch, keep_id=self.keep_id, row_id=self.drop_id)
            self.drop_id = restored["index_id"]
            # a quote the kept index held as well was dropped by the merge, and its log entry names
            # its source but not its cell: it comes back as it was
            for row in self._dropped:
                was = {**row, "index_id": self.drop_id}
                now = store.quote_row(self.drop_id, row["date"])
                if now is not None and (now["close"], now["change"]) == (row["close"], row["change"]) and now != was:
                    store.restore_quote(was, (self.drop_id, row["date"]))
        return Changes(quotes=True)


# ---------------------------------------------------------------------------- batches
@dataclass
class Batch:
    """Several edits as one step (a paste over a range, a multi-cell delete)."""

    edits: Sequence[Edit]
    label: str = "批量编辑 edit cells"

    def apply(self, store) -> Changes:
        changes = Changes()
        with store.transaction():
            for edit in self.edits:
                changes.merge(edit.apply(store))
        return changes

    def revert(self, store) -> Changes:
        changes = Changes()
        with store.transaction():
            for edit in reversed(self.edits):
                changes.merge(edit.revert(store))
        return changes


def apply_edits(store, edits: Sequence[Edit], label: str = "批量编辑 edit cells") -> tuple[Edit, Changes]:
    """Apply ``edits`` as one step (a single edit stays itself); returns the step and its changes."""
    step: Edit = edits[0] if len(edits) == 1 else Batch(list(edits), label)
    return step, step.apply(store)


def apply_edit(store, edit: Edit, *, origin: str = "edit", by: str | None = None) -> Changes:
    """Apply ``edit`` as one change batch of ``origin`` (edit, paste, delete, redo) made by ``by``."""
    with store.batch(origin, by=by):
        return edit.apply(store)


def revert_edit(store, edit: Edit, *, by: str | None = None) -> Changes:
    """Undo ``edit`` as one change batch of origin ``undo`` made by ``by``."""
    with store.batch("undo", by=by):
        return edit.revert(store)
