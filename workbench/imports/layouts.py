"""Table layouts: finding the header row, telling wide/long/companies/quotes apart, rows to records.

- wide: a row per company, a column per metric and period (Wind's 数据浏览器 export).
- long: a row per fact (代码, 简称, 报告期, 指标, 数值).
- companies: a company list with segments (代码, 简称, 细分板块).
- quotes: index closes (代码, 名称, 日期, 收盘价, 涨跌幅).

Big long files are parsed column-wise with pandas: each distinct ticker, metric name and period
is interpreted once, and numbers are converted for the whole column at once.
"""

from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.domain.metrics import METRICS, PLAUSIBLE, YI, check_value, format_value, written_decimal
from workbench.domain.periods import parse_period
from workbench.domain.tickers import normalize_index_code, normalize_ticker
from workbench.domain.values import COMMA_PROBLEM, cell_is_percent, parse_number, unit_factor
from workbench.errors import Problem, ValidationError
from workbench.imports.headers import (DATE_METRICS, PERCENT_UNITS, REPORT_METRICS, TICKER_ROLES, ColumnInfo,
                                       HeaderParse, apply_override, metric_from_name, normalise_text, one_line,
                                       YTD_UNDATED, parse_date, parse_header, report_period, resolve_period, text_key,
                                       day_in_name, unit_fits, ytd_undated_named)
from workbench.imports.readers import HEADER_SCAN, Sheet, cell_text, footer_text, is_blank
from workbench.imports.questions import (QUESTIONS, ask_amount_unit, ask_ratio_unit, percent_like, printed_decimals,
                                         stored_matches, unit_of_matches)

KINDS = ("wide", "long", "companies", "quotes")
KIND_LABELS = {"wide": "宽表 wide", "long": "长表 long", "companies": "公司列表 companies",
               "quotes": "指数行情 index quotes"}
MAX_PROBLEMS = 100  # per file; the rest are counted, not listed

COMPANY_FIELDS = ("name", "segment", "full_name", "industry")


class ProblemList:
    """Problems of one file, located as the user sees them; lists at most MAX_PROBLEMS.

    Past the cap the listed problems are the file's own and those of the lowest rows (the ones a
    user fixing the file from the top meets first), whatever order they were found in; the rest
    are counted.
    """

    def __init__(self, file: str):
        self.file = file
        self._kept: list[tuple[tuple, Problem]] = []  # a max-heap on (has row, row, found) of the kept
        self._found = 0
        self.more = 0
        self.questions: dict[type, int] = {}  # problems that are questions for the user (listed or not), by kind

    @property
    def items(self) -> list[Problem]:
        return [p for _, p in self._kept]

    def keeps(self, row: int | None) -> bool:
        """Whether a problem at ``row`` would be listed (its message is worth working out)."""
        if len(self._kept) < MAX_PROBLEMS:
            return True
        worst = self._kept[0][0]
        return (row is not None, row or 0) < (-worst[0], -worst[1])

    def add(self, message: str, row: int | None = None, column: str | None = None, value: object = None) -> None:
        if not self.keeps(row):
            self.more += 1
            return
        text = None if value is None else cell_text(value)
        if text and message.endswith(f": {text}") and len(message) > len(text) + 2:
            message = message[: -len(text) - 2]  # the value is shown once, as the problem's value
        self.add_problem(Problem(message, file=self.file, row=row, column=column, value=text))

    def add_problem(self, problem: Problem) -> None:
        """A problem made elsewhere (a read error, an index near match), kept under the same cap."""
        self._found += 1
        if isinstance(problem, QUESTIONS):
            self.questions[type(problem)] = self.questions.get(type(problem), 0) + 1
        row = problem.row
        entry = ((-(row is not None), -(row or 0), -self._found), problem)
        if len(self._kept) < MAX_PROBLEMS:
            heapq.heappush(self._kept, entry)
        elif entry[0] > self._kept[0][0]:
            heapq.heapreplace(self._kept, entry)
            self.more += 1
        else:
            self.more += 1

    def __len__(self) -> int:
        return len(self._kept) + self.more

    def as_list(self, columns: list | None = None) -> list[Problem]:
        """The problems in the file's order: the file's own first, then by row and, within a row, by
        the column's place in the sheet (``columns``: the file's ColumnInfo list)."""
        place = {}
        for i, c in enumerate(columns or []):  # the file's columns, in the sheet's order
            place.setdefault(c.label, i)
        ordered = sorted(self.items, key=lambda p: (p.row is not None, p.row or 0, p.column is None,
                                                    place.get(p.column, len(place))))
        if not self.more:
            return ordered
        return ordered + [Problem(f"另有 {self.more} 个问题未列出 (and {self.more} more problems not listed)",
                                  file=self.file)]


@dataclass
class Facts:
    """Facts of one file as parallel columns (stored units), with the Excel row of each.

    ``key`` optionally numbers each distinct (ticker, metric, period), when the layout has it
    for free; the duplicate check computes it otherwise. ``as_of`` is each fact's as-of date when
    the file dates its rows (a long file's as-of column), None when the file's date is every fact's.
    ``column`` is each fact's cell column as (letter, header) when facts of one row come from several
    columns (a wide file), so that two cells giving one figure differently are both named.
    """

    ticker: np.ndarray
    metric: np.ndarray
    period: np.ndarray
    value: np.ndarray
    row: np.ndarray
    key: np.ndarray | None = None
    as_of: np.ndarray | None = None
    column: np.ndarray | None = None

    @classmethod
    def empty(cls) -> "Facts":
        o = np.array([], dtype=object)
        return cls(o, o.copy(), o.copy(), np.array([], dtype=float), np.array([], dtype=np.int64))

    @classmethod
    def concat(cls, parts: list["Facts"]) -> "Facts":
        parts = [p for p in parts if len(p)]
        if not parts:
            return cls.empty()
        if len(parts) == 1:
            return parts[0]
        out = cls(*(np.concatenate([getattr(p, f) for p in parts])
                    for f in ("ticker", "metric", "period", "value", "row")))
        if any(p.column is not None for p in parts):
            out.column = np.concatenate([p.column if p.column is not None else np.full(len(p), None, dtype=object)
                                         for p in parts])
        return out

    def take(self, index) -> "Facts":
        return Facts(self.ticker[index], self.metric[index], self.period[index], self.value[index], self.row[index],
                     None if self.key is None else self.key[index], None if self.as_of is None else self.as_of[index],
                     None if self.column is None else self.column[index])

    def __len__(self) -> int:
        return len(self.value)


@dataclass
class ParsedFile:
    """Everything read from one file, checked, ready to write."""

    path: Path
    kind: str | None = None
    header_row: int | None = None          # Excel row number of the header
    headers: list = field(default_factory=list)
    columns: list[ColumnInfo] = field(default_factory=list)
    problems: ProblemList | None = None
    warnings: list[str] = field(default_factory=list)
    companies: list[dict] = field(default_factory=list)  # ticker, name, segment, full_name, industry, row
    facts: Facts = field(default_factory=Facts.empty)
    quotes: list[dict] = field(default_factory=list)      # code, name, name_en, date, close, change, row
    as_of: str | None = None
    source: str = ""
    data_rows: int = 0
    ticker_column: str | None = None
    sha256: str | None = None
    dated: bool = False          # the as-of date comes from the data (given, tags, titles, a date column)
    dated_by_column: bool = False  # ... namely the latest date of its date column (交易日期)
    ytd_undated: bool = False    # a YTD figure whose year nothing in the data tells
    own_table: bool = False      # the workbench's own comparison .xlsx: figures equal to the stored ones stay as stored
    left_as_stored: int = 0      # ... the figures of such a file left out, counted as unchanged

    @property
    def name(self) -> str:
        return self.path.name

    def __post_init__(self):
        if self.problems is None:
            self.problems = ProblemList(self.path.name)


# --------------------------------------------------------------------------- header row and kind

def header_row_finder(mapping_headers: set[str] | None = None, known=None):
    """A function finding the header row: the first row naming a ticker column.

    ``mapping_headers``: headers a hand mapping names as ticker columns; ``known(row)``: True
    when a remembered mapping exists for a row's headers (files with no recognisable ticker
    header that the user mapped by hand before).
    """
    def find(rows: list[list]) -> int | None:
        fallback = None
        for i, row in enumerate(rows[:HEADER_SCAN]):
            cells = [c for c in row if not is_blank(c)]
            if not cells:
                continue
            roles = [parse_header(c).keyword for c in cells if isinstance(c, str)]
            if any(r in TICKER_ROLES for r in roles):
                return i
            if mapping_headers and any(one_line(c) in mapping_headers for c in cells if isinstance(c, str)):
                return i
            if known is not None and len(cells) >= 2 and known(row):
                return i
            if fallback is None and sum(r in ("index_name", "date", "close", "name") for r in roles) >= 3:
                fallback = i
        return fallback
    return find


def numeric_columns(header_row: list, overrides: dict | None = None) -> set[int]:
    """Columns of a header row that hold numbers (values, closes, changes, metrics)."""
    wanted = {one_line(k): v for k, v in (overrides or {}).items()}
    out = set()
    for i, h in enumerate(header_row):
        p = parse_header(h)
        if one_line(h) in wanted:
            p = apply_override(p, wanted[one_line(h)])
        if p.keyword in ("value", "close", "change") or (p.metric and p.keyword in (None, "close")):
            out.add(i)
    return out


def detect_kind(parses: list[HeaderParse]) -> str | None:
    kw = [p.keyword for p in parses]
    if "metric" in kw or "value" in kw:
        return "long"
    if "date" in kw and ("close" in kw or "change" in kw):
        return "quotes"
    if ("index_code" in kw or "index_name" in kw) and "close" in kw:
        return "quotes"
    if any(p.metric_like for p in parses if p.keyword in (None, "close")):
        return "wide"
    if "ticker" in kw or "index_code" in kw:
        return "companies"
    return None


# --------------------------------------------------------------------------- as-of date and source

def find_as_of(sheet: Sheet, parses: list[HeaderParse], footers: list[str]) -> str | None:
    """As-of date: latest [交易日期]/[截止日期] tag, else a date in the title rows or footers."""
    tags = [p.date for p in parses if p.date]
    if tags:
        return max(tags)
    for text in _texts(sheet.title_rows) + footers:
        found = parse_date(text)
        if found:
            return found
    return None


def _date_column_as_of(df: pd.DataFrame, parses: list[HeaderParse], kind: str | None) -> str | None:
    """The latest date of a date column (交易日期) in a wide or long sheet: the data's as-of date."""
    if kind not in ("wide", "long"):
        return None
    pos = next((i for i, p in enumerate(parses) if p.keyword == "date"), None)
    if pos is None or pos >= df.shape[1]:
        return None
    dates = [parse_date(v) for v in pd.unique(df[pos].dropna()) if not is_blank(v)]
    return max((d for d in dates if d), default=None)


def find_vendor(sheet: Sheet, parses: list[HeaderParse], footers: list[str]) -> str | None:
    text = " ".join(_texts(sheet.title_rows) + footers).lower()
    if "ifind" in text or "同花顺" in text:
        return "iFinD"
    if "choice" in text or "东方财富" in text:
        return "Choice"
    if "wind" in text or "万得" in text or any(p.tagged for p in parses):
        return "Wind"
    return None


def _texts(rows: list[list]) -> list[str]:
    return [str(c) for r in rows for c in r if isinstance(c, str) and c.strip()]


# --------------------------------------------------------------------------- cells

def parse_numbers(col: pd.Series, percent_rows: set[int] | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numbers of a column: (values, percent, bad); missing cells are NaN and not bad.

    A ``12.5%`` cell (or a number formatted as % in Excel) is already a fraction and is
    flagged in ``percent``; text that is not a number is flagged in ``bad``.
    """
    n = len(col)
    if col.dtype == bool:
        return np.full(n, np.nan), np.zeros(n, dtype=bool), np.ones(n, dtype=bool)
    values = pd.to_numeric(col, errors="coerce").to_numpy(dtype="float64", na_value=np.nan).copy()
    pct = np.zeros(n, dtype=bool)
    if percent_rows:
        pct[[i for i in percent_rows if i < n]] = True
    bad = np.isinf(values)
    values[bad] = np.nan
    idx = np.flatnonzero(np.isnan(values) & ~bad)
    if len(idx):
        codes, uniques = pd.factorize(col.iloc[idx], use_na_sentinel=True)
        k = len(uniques)
        u_val = np.full(k + 1, np.nan)
        u_pct = np.zeros(k + 1, dtype=bool)
        u_bad = np.zeros(k + 1, dtype=bool)
        for j, raw in enumerate(uniques.tolist()):
            try:
                v = parse_number(raw)
            except ValidationError:
                u_bad[j] = True
                continue
            u_val[j] = np.nan if v is None else v
            u_pct[j] = cell_is_percent(raw)
        u_val[:k][u_pct[:k]] = written_values(u_val[:k][u_pct[:k]])  # "12.745%" is 0.12745, not 12.745 / 100
        values[idx] = u_val[codes]
        pct[idx] |= u_pct[codes]
        bad[idx] = u_bad[codes]
    return values, pct, bad


def _is_percent_unit(unit: str | None) -> bool:
    return bool(unit) and unit.strip().lower() in PERCENT_UNITS


def scale(values: np.ndarray, pct: np.ndarray, *, unit: str | None, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Values in the store's units, and the cells wrongly written as percentages."""
    if kind == "ratio":
        if _is_percent_unit(unit):
            return np.where(pct, values, exact_scale(values, PERCENT)), np.zeros(len(values), dtype=bool)
        return values, np.zeros(len(values), dtype=bool)
    factor = unit_factor(unit) if unit else 1.0
    return exact_scale(values, factor), pct & ~np.isnan(values)


PERCENT = 0.01


def exact_scale(values: np.ndarray, factor: float) -> np.ndarray:
    """``values`` times ``factor`` as the nearest double to the decimal each value was written as
    times the factor: 12.745 (%) is 0.12745, not 0.12744999999999998, and 1771.85 亿元 is
    177185000000 yuan, whichever file (CSV text or an Excel number) gave it. So one figure is one
    stored value, and a figure imported again unchanged is unchanged. A product too big for a
    double is inf (refused by the range check), as in binary."""
    values = np.asarray(values, dtype=float)
    if factor == 1.0:
        return values.copy()
    with np.errstate(over="ignore", invalid="ignore"):
        out = values * factor
    finite = np.isfinite(out)
    if not finite.any():
        return out
    f = Decimal(repr(float(factor))).normalize()
    unique, inverse = np.unique(values[finite], return_inverse=True)
    exact = np.fromiter((float(Decimal(repr(v)) * f) for v in unique.tolist()), dtype=float, count=len(unique))
    out[finite] = exact[inverse]
    return out


def written_values(values: np.ndarray) -> np.ndarray:
    """Each value as the decimal it stands for at a double's 15 significant digits (a ``12.745%`` cell
    parsed as 12.745 / 100 in binary is 0.12745 again)."""
    values = np.asarray(values, dtype=float).copy()
    finite = np.isfinite(values)
    if finite.any():
        unique, inverse = np.unique(values[finite], return_inverse=True)
        clean = np.fromiter((float(written_decimal(v)) for v in unique.tolist()), dtype=float, count=len(unique))
        values[finite] = clean[inverse]
    return values


def out_of_range(values: np.ndarray, low, high) -> np.ndarray:
    """Cells holding a value that is not finite or outside ``low..high``; missing (NaN) cells are not."""
    with np.errstate(invalid="ignore"):
        return ~np.isnan(values) & ~((values >= low) & (values <= high))


def _range_problems(pf: ParsedFile, col: pd.Series, mask: np.ndarray, scaled: np.ndarray, metrics,
                    excel_rows: np.ndarray, label: str) -> None:
    """Report each cell of ``mask`` whose value no report can print (see ``metrics.check_value``).

    ``metrics`` is one metric code for the whole column or an array of codes per row.
    """
    for i in np.flatnonzero(mask):
        code = metrics if isinstance(metrics, str) else metrics[i]
        message = ""
        if pf.problems.keeps(int(excel_rows[i])):  # past the cap the higher rows are only counted
            try:
                check_value(code, float(scaled[i]))
                message = "超出合理范围 (value outside the plausible range)"
            except ValidationError as exc:
                message = exc.message
        pf.problems.add(message, row=int(excel_rows[i]), column=label, value=col.iloc[i])


def _codes(col: pd.Series) -> tuple[np.ndarray, list]:
    """Factorised column; NA cells get the code -1, which indexes the extra last slot below."""
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    return codes, uniques.tolist()


def _map(codes: np.ndarray, per_unique: list, missing=None) -> np.ndarray:
    arr = np.empty(len(per_unique) + 1, dtype=object)
    arr[: len(per_unique)] = per_unique
    arr[-1] = missing
    return arr[codes]


def _text(value: object) -> str | None:
    """A metric, period or unit cell, normalised like a header so that it is recognised."""
    if is_blank(value):
        return None
    return normalise_text(cell_text(value))


def _data_text(value: object) -> str | None:
    """A name, segment or other data cell as the file writes it: only the surrounding whitespace goes."""
    if is_blank(value):
        return None
    return cell_text(value).strip() or None


# --------------------------------------------------------------------------- columns

@dataclass
class _Col:
    position: int
    info: ColumnInfo
    parse: HeaderParse
    kind: str | None = None  # metric kind for value columns


def resolve_columns(parses: list[HeaderParse], kind: str, *, as_of: str | None, default_amount_unit: str,
                    problems: ProblemList, header_row: int, warnings: list[str],
                    ytd_as_of: str | None = None, unit_origin: str = "default",
                    named_day: str | None = None) -> list[_Col]:
    """Decide every column's role for the layout; column-level errors go to ``problems``.
    ``named_day``: a date the file's name holds, offered as the --as-of to give for a 年初至今 column
    nothing dates (never taken for its year).
    ``unit_origin`` says where ``default_amount_unit`` comes from: default, option, title (row) or
    line (a unit line at the bottom of the sheet)."""
    out: list[_Col] = []
    seen_roles: set[str] = set()
    for pos, p in enumerate(parses):
        label = one_line(p.header)
        role = _role_for(p.keyword, kind)
        for err in p.errors:
            problems.add(err, row=header_row, column=label)
        if not label:
            out.append(_Col(pos, ColumnInfo(p.header, "ignore", recognised=False, position=pos,
                                            note="空列标题 (blank header)"), p))
            continue
        if role in ("ignore",):
            out.append(_Col(pos, ColumnInfo(p.header, "ignore", position=pos), p))
            continue
        if kind == "wide" and (role is None or role == "close") and p.metric:
            out.append(_metric_column(pos, p, as_of=ytd_as_of if p.metric == "ytd_return" else as_of,
                                      default_amount_unit=default_amount_unit, unit_origin=unit_origin,
                                      problems=problems, header_row=header_row, named_day=named_day))
            continue
        if role is None or role not in _ROLES_BY_KIND[kind]:
            note = "未识别的列，将忽略 (column not recognised; it is ignored)"
            out.append(_Col(pos, ColumnInfo(p.header, "unknown", recognised=False, position=pos, note=note), p))
            warnings.append(label)
            continue
        if role in seen_roles:
            note = f"重复的{role}列，将忽略 (a second {role} column; it is ignored)"
            out.append(_Col(pos, ColumnInfo(p.header, "ignore", recognised=False, position=pos, note=note), p))
            warnings.append(label)
            continue
        seen_roles.add(role)
        out.append(_Col(pos, ColumnInfo(p.header, role, unit=p.unit, position=pos), p))
    return out


_ROLES_BY_KIND = {
    "wide": {"ticker", "name", "segment", "full_name", "industry", "date"},
    "companies": {"ticker", "name", "segment", "full_name", "industry"},
    "long": {"ticker", "name", "segment", "full_name", "industry", "period", "metric", "value", "unit", "date"},
    "quotes": {"index_code", "index_name", "name_en", "date", "close", "change"},
}


def _role_for(keyword: str | None, kind: str) -> str | None:
    if kind == "quotes":
        return {"ticker": "index_code", "name": "index_name"}.get(keyword, keyword)
    if keyword == "index_code":
        return "ticker"
    if keyword == "index_name":
        return "name"
    return keyword


def _metric_column(pos: int, p: HeaderParse, *, as_of, default_amount_unit, problems, header_row,
                   unit_origin: str = "default", named_day: str | None = None) -> _Col:
    label = one_line(p.header)
    m = METRICS[p.metric]
    period, why = resolve_period(p, p.metric, as_of)
    if why == YTD_UNDATED and named_day:
        why = ytd_undated_named(named_day)
    unit = p.unit
    note = ""
    ok = not p.errors
    if why:
        problems.add(why, row=header_row, column=label)
        ok = False
    if unit and not p.errors and not unit_fits(unit, m.kind):
        problems.add(f"单位 {unit} 与指标 {m.zh} 不符 (unit {unit} does not fit {m.en})", row=header_row,
                     column=label)
        ok = False
    if unit is None and m.kind == "amount":
        unit = default_amount_unit
        note = (f"标题行注明单位 {unit} (the title row states {unit})" if unit_origin == "title" else
                f"表格底部单位行注明单位 {unit} (the unit line at the bottom of the sheet states {unit})"
                if unit_origin == "line" else f"未注明单位，按 {unit} (no unit given: read as {unit})")
    info = ColumnInfo(p.header, "metric", metric=p.metric, period=period, unit=unit, recognised=ok,
                      position=pos, note=note)
    return _Col(pos, info, p, kind=m.kind)


# --------------------------------------------------------------------------- the whole sheet

def parse_sheet(sheet: Sheet, *, overrides: dict | None = None, default_amount_unit: str = "元",
                as_of: str | None = None, ytd_as_of: str | None = None, ratio_unit: str | None = None,
                stored=None) -> ParsedFile:
    """Check and convert one sheet; every problem goes into the result, nothing raises.

    ``ytd_as_of``: a date from elsewhere in the import (its quotes) giving the year of YTD
    figures when the file itself states no date. ``ratio_unit`` (percent, fraction or None: ask
    when they look like percentages) is how ratios in columns stating no unit are written;
    ``stored(metric, period, tickers)`` (the store's figures, ticker to value) settles such a column
    without a question where the figures it holds match one reading only."""
    pf = ParsedFile(sheet.path, sha256=sheet.sha256)
    if sheet.header_index is None:
        pf.problems.add("找不到表头：没有代码列，例如 证券代码/代码/ticker/code "
                        "(no header row with a ticker column such as 证券代码, 代码, ticker or code)")
        return pf
    header_row = sheet.header_index + 1
    pf.header_row = header_row
    pf.headers = sheet.headers
    parses = [parse_header(h) for h in pf.headers]
    if overrides:
        wanted = {one_line(k): v for k, v in overrides.items()}
        parses = [apply_override(p, wanted[one_line(p.header)]) if one_line(p.header) in wanted else p
                  for p in parses]
    kind = detect_kind(parses)
    pf.kind = kind
    df = sheet.data
    pf.data_rows = len(df)
    if kind is None:
        pf.columns = [ColumnInfo(p.header, "unknown", recognised=False, position=i) for i, p in enumerate(parses)]
        pf.problems.add("无法识别表格结构：缺少代码列或指标列 (cannot tell the layout: no ticker or metric "
                        "columns)", row=header_row)
        return pf
    footers = _footer_texts(df)
    # the file's modification time dates the facts when nothing else does, but never a YTD year:
    # a file copied or saved again later would move the figures into the clock's year
    found = as_of or find_as_of(sheet, parses, footers)
    dated = found
    # a long file's as-of column (as_of, 截至日期) dates each of its rows, unless a date is given
    row_dates = kind == "long" and as_of is None and any(p.keyword == "date" for p in parses)
    if dated is None:
        dated = _date_column_as_of(df, parses, kind)
        pf.dated_by_column = dated is not None
    pf.as_of = dated or sheet.modified
    pf.dated = dated is not None
    ytd_as_of = dated or ytd_as_of
    vendor = find_vendor(sheet, parses, footers)
    pf.source = f"{vendor}: {sheet.name}" if vendor else sheet.name
    warnings: list[str] = []
    # a unit a title row states (科技重点公司对比（单位：万元）) is the unit of amount columns stating none
    titled = title_amount_unit(sheet.title_rows)
    given = default_amount_unit if unit_factor(default_amount_unit) != 1.0 else None
    # (said as the line that stated it: a title row above the header, or a unit line at the bottom)
    above = titled and title_amount_unit(sheet.top[: sheet.header_index or 0])
    unit_origin = ("title" if above else "line") if titled else "option" if given else "default"
    default_amount_unit = titled or default_amount_unit
    cols = resolve_columns(parses, kind, as_of=pf.as_of, ytd_as_of=ytd_as_of,
                           default_amount_unit=default_amount_unit, problems=pf.problems, header_row=header_row,
                           warnings=warnings, unit_origin=unit_origin, named_day=day_in_name(sheet.name))
    pf.columns = [c.info for c in cols]
    if titled and given and unit_factor(titled) != unit_factor(given) and any(
            c.parse is not None and c.parse.unit is None and (
                (c.kind == "amount" and c.info.role == "metric") or (kind == "long" and c.info.role == "value"))
            for c in cols):
        # the file says one unit, the user another: which one is asked, never decided silently
        pf.problems.add(title_unit_conflict_message(titled, given), row=header_row)
        return pf
    pf.ytd_undated = any(c.info.metric == "ytd_return" and c.info.period is None for c in cols)
    for c in cols:  # a column holding data under no header is ignored too: said, never dropped silently
        if not c.info.label and c.position < df.shape[1] and not all(map(is_blank, pd.unique(df[c.position]).tolist())):
            warnings.append(f"{_column_letter(c.position)} 列（无标题 no header）")
    if warnings:
        pf.warnings.append("忽略的列 (ignored columns): " + ", ".join(f"“{w}”" for w in warnings))
    by_role = {c.info.role: c for c in cols
               if c.info.role not in ("unknown", "ignore") and not (c.info.role == "metric" and c.info.metric)}
    excel_rows = sheet.first_data_row + np.arange(len(df), dtype=np.int64)
    if kind == "quotes":
        _convert_quotes(pf, sheet, cols, by_role, excel_rows, ratio_unit, found)
        if not pf.dated and pf.quotes:  # quotes date themselves: the latest trade date is the data's date
            pf.as_of, pf.dated, pf.dated_by_column = max(q["date"] for q in pf.quotes), True, True
        return pf
    tcol = by_role.get("ticker")
    if tcol is None:
        pf.problems.add("缺少代码列 (no ticker column: 证券代码, 代码, ticker or code)", row=header_row)
        return pf
    pf.ticker_column = tcol.info.label
    if kind == "long":
        _convert_long(pf, sheet, cols, by_role, excel_rows, default_amount_unit=default_amount_unit,
                      ytd_as_of=ytd_as_of, ratio_unit=ratio_unit,
                      undated=(found or sheet.modified) if row_dates else None, undated_is_clock=found is None,
                      stored=stored, unit_origin=unit_origin)
    else:
        _convert_rows(pf, sheet, cols, by_role, excel_rows, kind, ratio_unit, stored, unit_origin)
    return pf


# 单位 as a statement of the unit: the unit then the end, a bracket, a space or punctuation; never the
# first characters of another word (填报单位：元器件事业部, 编制单位：万元证券研究所 name an organisation)
_TITLE_UNIT = re.compile(r"单位\s*[:：]\s*(?:人民币)?\s*(百万元|千元|亿元|万元|元)(?:\s*人民币)?"
                         r"(?=$|[\s)）\]】>》,，;；。.、/|:：])(?!/股)")


def title_unit_conflict_message(titled: str, given: str) -> str:
    return (f"标题行注明“单位：{titled}”，而所指定的金额单位为 {given}，二者不一致，未导入：文件的金额是哪一种单位？"
            f"若为{titled}，去掉 --amount-unit {given}（导入窗口中金额单位选“元”）；若为{given}，请改正文件的标题行，或在"
            f"列标题注明单位 (the title row states the unit {titled}, but --amount-unit says {given}; nothing was "
            f"imported: which unit is the file in? If {titled}, drop --amount-unit {given}; if {given}, correct the "
            f"title row or write the unit in the header)")


def title_amount_unit(title_rows: list[list]) -> str | None:
    """The amount unit a title row above the header states (单位：万元, （单位:亿元）), or None; a
    row stating two units states none."""
    found = {m.group(1) for text in _texts(title_rows) for m in _TITLE_UNIT.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _column_letter(position: int) -> str:
    """The spreadsheet's name of a 0-based column: A, B, ..., Z, AA."""
    n, out = position + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def is_skipped_row(row) -> bool:
    """Blank rows and footers carry no data: the import skips them."""
    return all(is_blank(c) for c in row) or footer_text(row) is not None


def _footer_texts(df: pd.DataFrame) -> list[str]:
    """Footer lines (数据来源：Wind ...) in the last rows, for the vendor and as-of date."""
    texts = (footer_text(row) for row in df.tail(8).itertuples(index=False))
    return [t for t in texts if t is not None]


def _tickers(col: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Row tickers (None where blank or invalid), the error per row, the blank mask, ticker numbers.

    Each distinct cell is normalised once; the numbers (-1 where invalid) identify the
    normalised ticker, so 600519 and 600519.SH get the same one.
    """
    codes, uniques = _codes(col)
    norm, errs, blank = [], [], []
    for raw in uniques:
        if is_blank(raw):
            norm.append(None)
            errs.append(None)
            blank.append(True)
            continue
        blank.append(False)
        try:
            norm.append(normalize_ticker(raw))
            errs.append(None)
        except ValidationError as exc:
            norm.append(None)
            errs.append(exc.message)
    blank_arr = np.append(np.array(blank, dtype=bool), True)[codes]
    ucodes, _ = pd.factorize(pd.Series(norm, dtype=object), use_na_sentinel=True)
    numbers = np.append(ucodes.astype(np.int64), -1)[codes]
    return _map(codes, norm), _map(codes, errs), blank_arr, numbers


def _skip_rows(df: pd.DataFrame, candidates: np.ndarray) -> np.ndarray:
    """Rows to skip among the candidates: blank rows and footers (数据来源：Wind)."""
    skip = np.zeros(len(df), dtype=bool)
    if not len(candidates):
        return skip
    block = df.iloc[candidates].to_numpy(dtype=object)
    for i, row in zip(candidates, block):
        skip[i] = is_skipped_row(row)
    return skip


def _screen(pf: ParsedFile, df: pd.DataFrame, tcol: _Col, excel_rows: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row tickers, the mask of rows holding data with a valid ticker, and ticker numbers.

    Reports rows with a blank or invalid ticker, except blank rows and footers.
    """
    tickers, errs, blank, numbers = _tickers(df[tcol.position])
    bad = np.flatnonzero(pd.isna(tickers))
    skip = _skip_rows(df, bad)
    label = tcol.info.label
    raw = df[tcol.position]
    for i in bad:
        if skip[i]:
            continue
        if blank[i]:
            pf.problems.add("代码为空 (ticker is empty)", row=int(excel_rows[i]), column=label)
        else:
            pf.problems.add(errs[i], row=int(excel_rows[i]), column=label, value=raw.iloc[i])
    valid = np.ones(len(df), dtype=bool)
    valid[bad] = False
    return tickers, valid, numbers


def _field_values(df: pd.DataFrame, by_role: dict, rows: np.ndarray) -> dict[str, list]:
    out = {}
    for f in COMPANY_FIELDS:
        c = by_role.get(f)
        if c is not None:
            out[f] = [_data_text(v) for v in df[c.position].iloc[rows].tolist()]
    return out


def _company_rows(pf: ParsedFile, tickers: np.ndarray, rows: np.ndarray, fields: dict[str, list],
                  excel_rows: np.ndarray, by_role: dict) -> None:
    """One company row per ticker; the same ticker with different names or segments is an error."""
    seen: dict[str, dict] = {}
    for k, i in enumerate(rows):
        t = tickers[i]
        rec = {"ticker": t, "row": int(excel_rows[i])}
        for f, vals in fields.items():
            rec[f] = vals[k]
        prev = seen.get(t)
        if prev is None:
            seen[t] = rec
            continue
        for f in fields:
            a, b = prev.get(f), rec.get(f)
            if a and b and text_key(a) != text_key(b):
                pf.problems.add(f"同一代码 {t} 的{_FIELD_ZH[f]}前后不一致 (conflicting {f} for {t}): "
                                f"第 {prev['row']} 行为 “{a}”", row=rec["row"], column=by_role[f].info.label,
                                value=b)
            elif b and not a:
                prev[f] = b
    pf.companies = list(seen.values())


_FIELD_ZH = {"name": "简称", "segment": "细分板块", "full_name": "全称", "industry": "行业"}


def _stored_matches(stored, metric: str, period: str | None, tickers: np.ndarray, values: np.ndarray,
                    bare: np.ndarray, col) -> tuple[int, int]:
    """The store's own figures for the same companies, metric and period, when the column would be
    a question: how many match as fractions only, and as percentages only (see ``stored_matches``).
    The reading matching them decides; when both do, the question says what each answer moves."""
    idx = np.flatnonzero(bare)
    if stored is None or period is None or not len(idx) or percent_like(metric, values[idx]) is None:
        return 0, 0
    held = stored(metric, period, [str(t) for t in tickers[idx]])
    return stored_matches(values[idx], [col.iloc[i] for i in idx], [held.get(str(t)) for t in tickers[idx]])


def _convert_rows(pf: ParsedFile, sheet: Sheet, cols: list[_Col], by_role: dict, excel_rows: np.ndarray,
                  kind: str, ratio_unit: str | None = None, stored=None, unit_origin: str = "default") -> None:
    """Wide sheets and company lists: a row per company."""
    df = sheet.data
    tickers, valid, _ = _screen(pf, df, by_role["ticker"], excel_rows)
    rows = np.flatnonzero(valid)
    _company_rows(pf, tickers, rows, _field_values(df, by_role, rows), excel_rows, by_role)
    if kind != "wide":
        return
    parts = []
    for c in cols:
        if c.info.role != "metric" or not c.info.recognised:
            continue
        col = df[c.position]
        values, pct, bad = parse_numbers(col, sheet.percent.get(c.position))
        scaled, misuse = scale(values, pct, unit=c.info.unit, kind=c.kind)
        if c.kind == "ratio" and not c.info.unit and not c.parse.is_code:  # no unit stated
            bare = valid & ~bad & ~pct & ~np.isnan(values)
            if ratio_unit == "percent":
                scaled = np.where(bare, exact_scale(values, PERCENT), scaled)
            elif ratio_unit is None:
                held = _stored_matches(stored, c.info.metric, c.info.period, tickers, values, bare, col)
                known = unit_of_matches(*held)
                if known == "percent":
                    scaled = np.where(bare, exact_scale(values, PERCENT), scaled)
                elif known is None and ask_ratio_unit(pf.problems, c.info.metric, values, bare, tickers,
                                                      excel_rows, col, c.info.label, held):
                    continue  # undecided: neither read nor checked until answered
        _cell_problems(pf, col, valid & bad, valid & misuse, excel_rows, c.info.label)
        implausible = valid & ~bad & ~misuse & out_of_range(scaled, *PLAUSIBLE[c.info.metric])
        _range_problems(pf, col, implausible, scaled, c.info.metric, excel_rows, c.info.label)
        keep = valid & ~bad & ~misuse & ~implausible & ~np.isnan(scaled)
        if c.kind == "amount" and c.parse.unit is None:
            # before any threshold, the store's own figures for the same companies and period decide
            if ask_amount_unit(pf.problems, c.info.metric, c.info.period, scaled, keep, tickers, excel_rows, col,
                               c.info.label, c.info.unit, unit_origin, stored):
                continue  # undecided: neither read nor checked until answered
            if unit_factor(c.info.unit) == 1.0:
                check_unstated_amounts(pf, c.info.metric, scaled, keep, tickers, excel_rows, col, c.info.label)
        idx = np.flatnonzero(keep)
        n = len(idx)
        where = np.empty(n, dtype=object)
        where.fill((_column_letter(c.position), c.info.label))
        parts.append(Facts(tickers[idx], np.full(n, c.info.metric, dtype=object),
                           np.full(n, c.info.period, dtype=object), scaled[idx], excel_rows[idx], column=where))
    pf.facts = Facts.concat(parts)


# The least the largest amount of a column can be, in 元, for listed companies: a file whose
# largest revenue is below 100 万元 read as 元 is in 亿元 or 万元, whatever its header says.
UNSTATED_FLOOR = {"revenue": 1e6, "net_profit": 1e5, "market_cap": 1e8}
_FLOOR = 1e5  # an amount metric not listed above


def _yuan_text(value: float) -> str:
    return f"{value / YI:g} 亿元" if value >= YI else f"{value / 1e4:g} 万元" if value >= 1e4 else f"{value:g} 元"


def unstated_unit_message(metric: str, ticker: str, largest: float) -> str:
    m = METRICS[metric]
    floor = _yuan_text(UNSTATED_FLOOR.get(metric, _FLOOR))
    return (f"未注明单位，按元读入后{m.zh}小得不合理：最大的一个是 {ticker} 的 {largest:g} 元，上市公司的{m.zh}不会都"
            f"低于 {floor}；文件多半以亿元或万元为单位。请加 --amount-unit 亿元（或 万元）指明（导入窗口中在该列的“单位”里选择），"
            f"或在列标题注明单位，如“{m.zh}[亿元]”；确为元时在列标题注明“[元]” (no unit given: read as 元, the {m.en} figures are "
            f"implausibly small, the largest being {largest:g} 元 ({ticker}); the file is likely in 亿元 or 万元: "
            f"give --amount-unit 亿元 (or 万元), or write the unit in the header)")


def check_unstated_amounts(pf: ParsedFile, metric: str, scaled: np.ndarray, mask: np.ndarray, tickers: np.ndarray,
                           excel_rows: np.ndarray, raw: pd.Series, label: str) -> bool:
    """Ask for the unit when amounts read as 元 for want of a stated unit are implausibly small for
    the metric: even the largest of the masked cells is below the metric's floor. The problem is
    located at that largest cell (the example row); True when one was added."""
    idx = np.flatnonzero(mask & ~np.isnan(scaled))
    if not len(idx):
        return False
    j = int(idx[int(np.argmax(np.abs(scaled[idx])))])
    largest = float(scaled[j])
    if largest == 0 or abs(largest) >= UNSTATED_FLOOR.get(metric, _FLOOR):
        return False
    pf.problems.add(unstated_unit_message(metric, str(tickers[j]), largest), row=int(excel_rows[j]), column=label,
                    value=raw.iloc[j])
    return True


NOT_A_NUMBER = "不是数字 (not a number)"
NOT_FINITE = "不是有限数字 (not a finite number)"


def number_problem(raw) -> str:
    """Why a cell that ``parse_numbers`` flagged is refused: text that is no number, or a number
    beyond any finite value (``1e999``, ``inf``), which no report can print."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return NOT_FINITE if math.isinf(raw) else NOT_A_NUMBER
    try:
        parse_number(raw)
    except ValidationError as exc:
        if exc.message.startswith(NOT_FINITE):
            return NOT_FINITE
        if exc.message.startswith(COMMA_PROBLEM):  # 14,3: a decimal comma, or a typo, said so
            return exc.message
    try:
        return NOT_FINITE if math.isinf(float(str(raw).strip())) else NOT_A_NUMBER
    except ValueError:
        return NOT_A_NUMBER


def _cell_problems(pf: ParsedFile, col: pd.Series, bad: np.ndarray, misuse: np.ndarray, excel_rows: np.ndarray,
                   label: str) -> None:
    for i in np.flatnonzero(bad):
        raw = col.iloc[i]
        pf.problems.add(number_problem(raw), row=int(excel_rows[i]), column=label, value=raw)
    for i in np.flatnonzero(misuse):
        pf.problems.add("该列不是百分比指标，不能填百分数 (a percentage in a column that is not a ratio)",
                        row=int(excel_rows[i]), column=label, value=col.iloc[i])


# --------------------------------------------------------------------------- long layout

@dataclass(frozen=True)
class _Resolved:
    metric: str | None = None
    period: str | None = None
    unit: str | None = None
    kind: str | None = None
    error: str | None = None
    error_column: str | None = None  # which column the error is about: metric, period or unit
    unstated: bool = False  # an amount whose unit neither the unit column nor the metric names
    ratio_unstated: bool = False  # a ratio whose unit neither the unit column nor the metric names


def _resolve_long(metric_text: str | None, period_text: str | None, unit_text: str | None, *,
                  as_of: str | None, default_amount_unit: str, ytd_as_of: str | None = None) -> _Resolved:
    """Metric, period and unit of one distinct (指标, 报告期, 单位) combination in a long file."""
    if not metric_text:
        return _Resolved(error="指标为空 (metric is empty)", error_column="metric")
    is_code = metric_text in METRICS
    hp = parse_header(metric_text)
    code = metric_text if is_code else (hp.metric or metric_from_name(metric_text).code)
    if code is None:
        return _Resolved(error=f"未知指标 (unknown metric): {metric_text}", error_column="metric")
    if hp.errors and not is_code:
        return _Resolved(error=hp.errors[0], error_column="metric")
    kind = METRICS[code].kind
    unit = unit_text or (None if is_code else hp.unit)
    if unit:
        try:
            unit_factor(unit)
        except ValidationError as exc:
            return _Resolved(error=exc.message, error_column="unit" if unit_text else "metric")
        if not unit_fits(unit, kind):
            return _Resolved(error=f"单位 {unit} 与指标 {METRICS[code].zh} 不符 (unit {unit} does not fit "
                                   f"{METRICS[code].en})", error_column="unit" if unit_text else "metric")
    elif kind == "amount" and not is_code:
        unit = default_amount_unit
    # a metric given by its code (revenue) is in the store's unit, like the store's own exports
    unstated = kind == "amount" and not unit_text and not is_code and not hp.unit
    if code == "ytd_return":
        as_of = ytd_as_of  # the year of YTD comes from the data, never from the file's time
    if period_text:
        period, why = _long_period(period_text, code, as_of)
    else:
        period, why = resolve_period(hp, code, as_of)
    if why:
        return _Resolved(error=why, error_column="period")
    return _Resolved(code, period, unit, kind, unstated=unstated,
                     ratio_unstated=kind == "ratio" and not unit and not is_code)


def _long_period(text: str, code: str, as_of: str | None) -> tuple[str | None, str | None]:
    t = normalise_text(text)
    if code == "ytd_return":
        if t.upper() in ("YTD", "年初至今", "今年以来"):
            if not as_of:
                return None, YTD_UNDATED
            return f"{as_of[:4]}YTD", None
        m = re.match(r"^(\d{4})", t)
        if m:
            return f"{m.group(1)}YTD", None
        return None, f"无法识别的报告期 (unknown period): {text}"
    if code in DATE_METRICS:
        d = parse_date(t)
        if d:
            return d, None
    try:
        if code in REPORT_METRICS or code == "pe":
            return report_period(t), None
        return parse_period(t), None
    except ValidationError as exc:
        return None, exc.message


def _convert_long(pf: ParsedFile, sheet: Sheet, cols: list[_Col], by_role: dict, excel_rows: np.ndarray, *,
                  default_amount_unit: str, ytd_as_of: str | None = None, ratio_unit: str | None = None,
                  undated: str | None = None, undated_is_clock: bool = False, stored=None,
                  unit_origin: str = "default") -> None:
    """A row per fact. ``undated``: the rows are dated by the file's as-of column, this date (the
    file's otherwise) going to the rows whose cell is empty; None when the file's date dates them all."""
    df = sheet.data
    for need in ("metric", "value"):
        if need not in by_role:
            pf.problems.add(f"缺少{'指标' if need == 'metric' else '数值'}列 (no {need} column)", row=pf.header_row)
            return
    tickers, valid, tcodes = _screen(pf, df, by_role["ticker"], excel_rows)

    # company fields: one value per ticker
    if any(f in by_role for f in COMPANY_FIELDS):
        _long_companies(pf, df, by_role, tickers, tcodes, valid, excel_rows)
    else:
        pf.companies = [{"ticker": tickers[i], "row": int(excel_rows[i])} for _, i in _first_rows(tcodes, valid)]

    # metric, period and unit: each distinct combination interpreted once
    parts_codes, parts_vals = [], []
    for role in ("metric", "period", "unit"):
        c = by_role.get(role)
        if c is None:
            parts_codes.append(np.full(len(df), -1, dtype=np.int64))
            parts_vals.append([])
        else:
            codes, uniq = _codes(df[c.position])
            parts_codes.append(codes.astype(np.int64))
            parts_vals.append([_text(u) for u in uniq])
    sizes = [len(v) + 1 for v in parts_vals]
    combo = ((parts_codes[0] + 1) * sizes[1] + (parts_codes[1] + 1)) * sizes[2] + (parts_codes[2] + 1)
    ccodes, cuniq = pd.factorize(combo)
    resolved: list[_Resolved] = []
    for key in cuniq.tolist():
        u = key % sizes[2] - 1
        p = (key // sizes[2]) % sizes[1] - 1
        m = key // (sizes[2] * sizes[1]) - 1
        resolved.append(_resolve_long(parts_vals[0][m] if m >= 0 else None,
                                      parts_vals[1][p] if p >= 0 else None,
                                      parts_vals[2][u] if u >= 0 else None,
                                      as_of=pf.as_of, ytd_as_of=ytd_as_of,
                                      default_amount_unit=default_amount_unit))
    value_col = df[by_role["value"].position]
    values, pct, bad = parse_numbers(value_col)
    blank_value = np.isnan(values) & ~bad
    pf.ytd_undated = any(r.error == YTD_UNDATED for r in resolved)
    ok_combo = np.array([r.error is None for r in resolved] + [False], dtype=bool)
    row_ok = ok_combo[ccodes] & valid
    # report each bad combination once, at its first row with a value
    with_value = valid & ~blank_value
    rows_per_combo = np.bincount(ccodes[with_value], minlength=len(resolved))
    for k, i in _first_rows(ccodes, with_value):
        r = resolved[k]
        if r.error:
            c = by_role.get(r.error_column) or by_role["metric"]
            part = {"metric": 0, "period": 1, "unit": 2}.get(r.error_column, 0)
            raw_key = parts_codes[part][i]
            raw = parts_vals[part][raw_key] if raw_key >= 0 else None
            count = int(rows_per_combo[k])
            more = f" (共 {count} 行 rows)" if count > 1 else ""
            pf.problems.add(r.error + more, row=int(excel_rows[i]), column=c.info.label, value=raw)

    metric_arr = np.array([r.metric for r in resolved] + [None], dtype=object)[ccodes]
    period_arr = np.array([r.period for r in resolved] + [None], dtype=object)[ccodes]
    kinds = np.array([r.kind for r in resolved] + [None], dtype=object)
    pct_unit = np.array([_is_percent_unit(r.unit) for r in resolved] + [False], dtype=bool)[ccodes]
    is_ratio = (kinds == "ratio")[ccodes]
    factors = np.array([unit_factor(r.unit) if r.unit and r.error is None else 1.0 for r in resolved] + [1.0]
                       )[ccodes]
    # each value times its unit's factor (a % unit's 0.01) as the decimal written: see exact_scale
    factors = np.where(is_ratio, np.where(pct_unit & ~pct, PERCENT, 1.0), factors)
    # ratios whose unit neither a unit column nor the metric states: percent or fraction is the answer, or asked
    unstated_ratio = np.array([r.ratio_unstated and r.error is None for r in resolved] + [False], dtype=bool
                              )[ccodes] & ~pct & ~bad & ~np.isnan(values) & valid
    undecided = np.zeros(len(df), dtype=bool)
    if ratio_unit == "percent":
        factors = np.where(unstated_ratio, PERCENT, factors)
    elif ratio_unit is None and unstated_ratio.any():
        for metric in pd.unique(metric_arr[unstated_ratio]).tolist():
            at = unstated_ratio & (metric_arr == metric)
            held = (0, 0)
            if stored is not None and percent_like(metric, values[at]) is not None:
                for period in pd.unique(period_arr[at]).tolist():
                    if period is not None:
                        sub = np.flatnonzero(at & (period_arr == period))
                        found = stored(metric, period, [str(t) for t in tickers[sub]])
                        f, p = stored_matches(values[sub], [value_col.iloc[i] for i in sub],
                                              [found.get(str(t)) for t in tickers[sub]])
                        held = (held[0] + f, held[1] + p)
            known = unit_of_matches(*held)
            if known == "percent":
                factors = np.where(at, PERCENT, factors)
            elif known is None and ask_ratio_unit(pf.problems, metric, values, at, tickers, excel_rows, value_col,
                                                  by_role["value"].info.label, held):
                undecided |= at
    scaled = values.copy()
    for factor in np.unique(factors[~np.isnan(values)]).tolist():
        if factor != 1.0:
            at = factors == factor
            scaled[at] = exact_scale(values[at], factor)
    misuse = pct & ~is_ratio & ~np.isnan(values)
    _cell_problems(pf, value_col, row_ok & bad, row_ok & misuse, excel_rows, by_role["value"].info.label)
    bounds = np.array([PLAUSIBLE.get(r.metric, (-np.inf, np.inf)) for r in resolved] + [(-np.inf, np.inf)],
                      dtype=float)[ccodes]
    implausible = row_ok & ~bad & ~misuse & ~undecided & out_of_range(scaled, bounds[:, 0], bounds[:, 1])
    if implausible.any():
        _range_problems(pf, value_col, implausible, scaled, metric_arr, excel_rows, by_role["value"].info.label)
    keep = row_ok & ~bad & ~misuse & ~implausible & ~undecided & ~np.isnan(scaled)
    row_as_of = None
    if undated is not None and "date" in by_role:
        row_as_of, bad_date, blank = _row_dates(pf, df[by_role["date"].position], keep, excel_rows,
                                                by_role["date"].info.label, undated)
        keep &= ~bad_date
        dates = row_as_of[keep & ~blank]
        # the file's: its latest dated row's (an empty cell's stand-in is no date of the column)
        pf.as_of = max(dates.tolist()) if len(dates) else undated
        if len(dates):
            pf.dated = pf.dated_by_column = True
            if undated_is_clock and (keep & blank).any():
                pf.warnings.append(empty_as_of_warning(by_role["date"].info.label, excel_rows[keep & blank],
                                                       undated))
    # amounts whose unit nothing states, against the store's own figures of each metric and period
    by_pair: dict[tuple, list[int]] = {}
    for k, r in enumerate(resolved):
        if r.unstated and r.error is None:
            by_pair.setdefault((r.metric, r.period, r.unit), []).append(k)
    for (metric, period, unit), ks in by_pair.items():
        at = keep & np.isin(ccodes, ks)
        if ask_amount_unit(pf.problems, metric, period, scaled, at, tickers, excel_rows, value_col,
                           by_role["value"].info.label, unit or default_amount_unit, unit_origin, stored):
            keep &= ~at
    read_as_yuan: dict[str, list[int]] = {}  # metric -> its combinations read as 元 for want of a unit
    for k, r in enumerate(resolved):
        if r.unstated and r.error is None and (not r.unit or unit_factor(r.unit) == 1.0):
            read_as_yuan.setdefault(r.metric, []).append(k)
    for metric, ks in read_as_yuan.items():
        check_unstated_amounts(pf, metric, scaled, keep & np.isin(ccodes, ks), tickers, excel_rows, value_col,
                               by_role["value"].info.label)
    idx = np.flatnonzero(keep)
    # number each (ticker, metric, period) for the duplicate check without hashing strings again
    pair_codes, pairs = pd.factorize(pd.Series([(r.metric, r.period) for r in resolved] + [(None, None)],
                                               dtype=object))
    row_pair = pair_codes.astype(np.int64)[ccodes[idx]]
    key = tcodes[idx] * (len(pairs) + 1) + row_pair
    pf.facts = Facts(tickers[idx], metric_arr[idx], period_arr[idx], scaled[idx], excel_rows[idx], key,
                     None if row_as_of is None else row_as_of[idx])


def empty_as_of_warning(label: str, rows: np.ndarray, modified: str) -> str:
    """Rows whose as-of cell is empty take the file's modification time: said, as for a whole file
    nothing dates, since the day the file was saved is no proof of the data's date."""
    shown = "、".join(str(int(r)) for r in rows[:5]) + (" 等 etc." if len(rows) > 5 else "")
    return (f"⚠ “{label}”列有 {len(rows)} 行为空（第 {shown} 行），这些行的截至日期 {modified} 取自文件的修改时间，"
            f"不一定是数据的日期；请在文件中填上日期，或用 --as-of（应用中为“截至日期”）给出 ({len(rows)} rows have no "
            f"as-of date in “{label}”: they are dated {modified}, the file's modification time, not necessarily the "
            f"data's date; fill the dates in, or give --as-of)")


def _row_dates(pf: ParsedFile, col: pd.Series, mask: np.ndarray, excel_rows: np.ndarray, label: str, undated: str
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's as-of date from the file's as-of column (``undated`` where the cell is empty), and
    the masked rows refused for it: a cell that is no date, a date after today; and the empty cells."""
    from datetime import date

    codes, uniq = _codes(col)
    dates = [None if is_blank(u) else parse_date(u) for u in uniq]
    out = _map(codes, dates, missing=undated)
    blank = _map(codes, [is_blank(u) for u in uniq], missing=True).astype(bool)
    out[blank] = undated
    today = date.today().isoformat()
    bad = np.zeros(len(col), dtype=bool)
    for i in np.flatnonzero(mask & ~blank):
        d = out[i]
        if d is None:
            pf.problems.add("无法识别的截至日期 (not an as-of date)", row=int(excel_rows[i]), column=label,
                            value=col.iloc[i])
        elif d > today:
            pf.problems.add(f"截至日期 {d} 晚于今天 {today} (the as-of date is in the future, after today {today})",
                            row=int(excel_rows[i]), column=label, value=col.iloc[i])
        else:
            continue
        bad[i] = True
    return out, bad, blank


def _first_rows(codes: np.ndarray, mask: np.ndarray) -> list[tuple[int, int]]:
    """(code, first row index) for each code among the masked rows, in row order."""
    idx = np.flatnonzero(mask & (codes >= 0))
    if not len(idx):
        return []
    uniq, first = np.unique(codes[idx], return_index=True)
    pairs = sorted(zip(idx[first].tolist(), uniq.tolist()))
    return [(int(code), int(i)) for i, code in pairs]


def _long_companies(pf: ParsedFile, df: pd.DataFrame, by_role: dict, tickers: np.ndarray, tcodes: np.ndarray,
                    valid: np.ndarray, excel_rows: np.ndarray) -> None:
    """Company fields of a long file: distinct (ticker, field) pairs, so a million rows stay cheap."""
    n = len(df)
    combos = [tcodes.astype(np.int64)]
    vals_by_field = {}
    for f in COMPANY_FIELDS:
        c = by_role.get(f)
        if c is None:
            continue
        codes, uniq = _codes(df[c.position])
        vals_by_field[f] = (codes, [_data_text(u) for u in uniq])
        combos.append(codes.astype(np.int64))
    key = np.zeros(n, dtype=np.int64)
    for arr in combos:
        key, _ = pd.factorize(key * (int(arr.max(initial=0)) + 2) + (arr + 1))
        key = key.astype(np.int64)
    kcodes = key
    rows = np.array([i for _, i in _first_rows(kcodes, valid)], dtype=np.int64)
    rows.sort()
    fields = {}
    for f, (codes, uniq) in vals_by_field.items():
        fields[f] = [uniq[codes[i]] if codes[i] >= 0 else None for i in rows]
    _company_rows(pf, tickers, rows, fields, excel_rows, by_role)


# --------------------------------------------------------------------------- index quotes

# the change headers the workbench writes itself (its quotes export, the seed's index quotes): fractions
OWN_CHANGE_HEADERS = {"change", "weekly_change"}
CLOSES_AGREE = 0.02


def _unit_from_closes(codes, names, dates, closes, written, bare, change_cells, close_cells) -> str | None:
    """The unit the file's own closes prove for its changes written without one: for each index
    quoted on two dates, close / previous close - 1 against the change as a fraction and as a
    percentage, each at the precision printed (the change's and the closes') give or take 2% of the move. "fraction" or
    "percent" when every pair that tells them apart matches that reading and none the other;
    None when no pair tells, or the pairs disagree (the change may span another period)."""
    series: dict[str, list[tuple[str, int]]] = {}
    for i in range(len(written)):
        key = cell_text(codes[i]) or cell_text(names[i])
        d = parse_date(dates[i])
        if key and d and not math.isnan(closes[i]) and closes[i] > 0:
            series.setdefault(key, []).append((d, i))
    verdicts = set()
    for rows in series.values():
        rows.sort()
        for (d0, i0), (d1, i1) in zip(rows, rows[1:]):
            if d0 == d1 or not bare[i1]:
                continue
            implied = closes[i1] / closes[i0] - 1
            close_slack = 0.5 * 10.0 ** -min(printed_decimals(close_cells[i0], closes[i0]),
                                             printed_decimals(close_cells[i1], closes[i1]))
            slack = close_slack * (1 / closes[i0] + closes[i1] / closes[i0] ** 2)
            half = 0.5 * 10.0 ** -printed_decimals(change_cells[i1], written[i1])
            # and a vendor's change may be taken from unrounded closes: 2% of the move is still one
            # reading, the other being 100 times away
            near = slack + CLOSES_AGREE * abs(implied) + 1e-12
            w = float(written[i1])
            fraction = abs(w - implied) <= half + near
            percent = abs(w / 100 - implied) <= half / 100 + near
            if fraction != percent:
                verdicts.add("fraction" if fraction else "percent")
            elif not fraction:
                return None  # neither reading: the change is not close over previous close
    return verdicts.pop() if len(verdicts) == 1 else None


def _convert_quotes(pf: ParsedFile, sheet: Sheet, cols: list[_Col], by_role: dict, excel_rows: np.ndarray,
                    ratio_unit: str | None = None, as_of: str | None = None) -> None:
    """Index quotes; a quote dated after ``as_of`` (the date given or found in the file) or after
    today is refused: a mistyped year would become the index's latest close."""
    from datetime import date

    today = date.today().isoformat()
    latest, why = (as_of, "截至日期 the as-of date") if as_of and as_of < today else (today, "今天 today")
    df = sheet.data
    code_c, name_c = by_role.get("index_code"), by_role.get("index_name")
    date_c, close_c, change_c = by_role.get("date"), by_role.get("close"), by_role.get("change")
    for need, c in (("日期 date", date_c), ("收盘价 close", close_c)):
        if c is None:
            pf.problems.add(f"缺少{need}列 (no {need.split()[1]} column)", row=pf.header_row)
    if code_c is None and name_c is None:
        pf.problems.add("缺少指数代码或名称列 (no index code or name column)", row=pf.header_row)
    if date_c is None or close_c is None or (code_c is None and name_c is None):
        return
    n = len(df)
    codes = df[code_c.position].tolist() if code_c else [None] * n
    names = df[name_c.position].tolist() if name_c else [None] * n
    name_en_c = by_role.get("name_en")
    names_en = df[name_en_c.position].tolist() if name_en_c else [None] * n
    dates = df[date_c.position].tolist()
    closes, close_pct, close_bad = parse_numbers(df[close_c.position], sheet.percent.get(close_c.position))
    if change_c is not None:
        changes, ch_pct, ch_bad = parse_numbers(df[change_c.position], sheet.percent.get(change_c.position))
        written = changes
        changes, _ = scale(changes, ch_pct, unit=change_c.info.unit, kind="ratio")
        if not change_c.info.unit:  # no unit stated: percent or fraction is the user's answer, or asked
            bare = ~ch_pct & ~ch_bad & ~np.isnan(written) & ~_skip_rows(df, np.arange(n))
            unit = ratio_unit
            if unit is None and one_line(change_c.info.label) in OWN_CHANGE_HEADERS:
                unit = "fraction"  # the workbench's own export and seed: fractions, as the README says
            if unit is None:
                unit = _unit_from_closes(codes, names, dates, closes, written, bare,
                                         df[change_c.position].tolist(), df[close_c.position].tolist())
            if unit == "percent":
                changes = np.where(bare, exact_scale(written, PERCENT), changes)
            elif unit is None:
                who = [cell_text(c) or cell_text(m) for c, m in zip(
                    df[code_c.position].tolist() if code_c else [None] * n,
                    df[name_c.position].tolist() if name_c else [None] * n)]
                if ask_ratio_unit(pf.problems, "index_change", written, bare, who, excel_rows,
                                  df[change_c.position], change_c.info.label):
                    changes = np.full(n, np.nan)  # undecided: neither read nor checked until answered
    else:
        changes, ch_bad = np.full(n, np.nan), np.zeros(n, dtype=bool)
    skip = _skip_rows(df, np.arange(n))
    seen: dict[tuple, dict] = {}
    out = []
    for i in range(n):
        if skip[i]:
            continue
        row = int(excel_rows[i])
        code_raw, name = codes[i], _data_text(names[i])
        try:
            code = normalize_index_code(None if is_blank(code_raw) else code_raw)
        except ValidationError as exc:
            pf.problems.add(exc.message, row=row, column=code_c.info.label, value=code_raw)
            continue
        if code is None and not name:
            pf.problems.add("指数代码和名称都为空 (index code and name are both empty)", row=row,
                            column=(code_c or name_c).info.label)
            continue
        d = parse_date(dates[i])
        if d is None:
            pf.problems.add("无法识别的日期 (not a date)" if not is_blank(dates[i]) else "日期为空 (date is empty)",
                            row=row, column=date_c.info.label, value=dates[i])
            continue
        if d > latest:
            pf.problems.add(f"行情日期 {d} 晚于{why.split()[0]} {latest}，年份或日期输错了？(the quote is dated after "
                            f"{why.split(' ', 1)[1]}, {latest}: a mistyped year or date?)", row=row,
                            column=date_c.info.label, value=dates[i])
            continue
        bad_cell = False
        if close_bad[i]:
            raw = df[close_c.position].iloc[i]
            pf.problems.add(number_problem(raw), row=row, column=close_c.info.label, value=raw)
            bad_cell = True
        if ch_bad[i]:
            raw = df[change_c.position].iloc[i]
            pf.problems.add(number_problem(raw), row=row, column=change_c.info.label, value=raw)
            bad_cell = True
        if bad_cell or math.isnan(closes[i]):
            continue  # a missing close is simply not written
        for values, code_, c in ((closes, "index_close", close_c), (changes, "index_change", change_c)):
            if c is not None and out_of_range(values[i:i + 1], *PLAUSIBLE[code_])[0]:
                only = np.zeros(n, dtype=bool)
                only[i] = True
                _range_problems(pf, df[c.position], only, values, code_, excel_rows, c.info.label)
                bad_cell = True
            elif code_ == "index_change" and c is not None and abs(values[i]) > WEEK_CHANGE_LIMIT:
                pf.problems.add(week_change_message(float(values[i])), row=row, column=c.info.label,
                                value=df[c.position].iloc[i])
                bad_cell = True
        if bad_cell:
            continue
        rec = {"code": code, "name": name, "name_en": _data_text(names_en[i]), "date": d, "close": float(closes[i]),
               "change": None if math.isnan(changes[i]) else float(changes[i]), "row": row}
        key = (code or name, d)
        prev = seen.get(key)
        if prev is not None:
            if (prev["close"], prev["change"]) != (rec["close"], rec["change"]):
                pf.problems.add(f"同一指数同一日期有两个不同的行情 (conflicting quotes for {key[0]} on {d}): "
                                f"第 {prev['row']} 行", row=row, column=close_c.info.label, value=rec["close"])
            continue
        seen[key] = rec
        out.append(rec)
    pf.quotes = out


WEEK_CHANGE_LIMIT = 0.5  # no A-share index moved half its value in a week (the largest weeks were about 25%)


def week_change_message(change: float) -> str:
    return (f"周涨跌幅 {change * 100:+.2f}% 超出一周的合理范围 ±{WEEK_CHANGE_LIMIT:.0%}：请核对单位（百分数还是小数） "
            f"(a weekly change beyond ±{WEEK_CHANGE_LIMIT:.0%}: check the unit, percent or fraction)")


# --------------------------------------------------------------------------- duplicates

def _conflicting_values(metric_code: str, first: float, other: float) -> tuple[str, str]:
    """Two values of one metric as the user reads them (1505.6 亿元, 12.50%), precise enough to differ."""
    m = METRICS.get(metric_code)
    kind = m.kind if m else ""
    unit = " 亿元" if kind == "amount" else ""
    a, b = format_value(kind, first) + unit, format_value(kind, other) + unit
    if a == b:  # rounded alike: show the digits that differ
        scale = {"amount": 1 / YI, "ratio": 100.0}.get(kind, 1.0)
        suffix = "%" if kind == "ratio" else unit
        a, b = f"{first * scale:.10g}{suffix}", f"{other * scale:.10g}{suffix}"
    return a, b


def _cell_column(cell) -> str:
    """`` C 列“营业收入(亿元)2024三季报”``: a cell's column as the sheet names it, or nothing."""
    return "" if cell is None else f" {cell[0]} 列“{cell[1]}”"


def check_duplicates(facts: Facts, problems_for, files: np.ndarray | None = None, names: list[str] | None = None
                     ) -> np.ndarray:
    """Indexes of the facts to keep: identical duplicates once; conflicting ones are reported.

    ``problems_for(i)`` gives the ProblemList for fact ``i``; ``files``/``names`` name the file
    of each fact when several files are checked together.
    """
    n = len(facts)
    if n == 0:
        return np.arange(0)
    key = facts.key
    if key is None:
        key = np.zeros(n, dtype=np.int64)
        for arr in (facts.ticker, facts.metric, facts.period):
            codes, uniq = pd.factorize(arr)
            key, _ = pd.factorize(key * (len(uniq) + 1) + codes)
            key = key.astype(np.int64)
    dup = pd.Series(key).duplicated(keep=False).to_numpy()
    if not dup.any():
        return np.arange(n)
    keep = ~pd.Series(key).duplicated(keep="first").to_numpy()
    idx = np.flatnonzero(dup)
    groups: dict[int, list[int]] = {}
    for i in idx.tolist():
        groups.setdefault(int(key[i]), []).append(i)
    for members in groups.values():
        first = members[0]
        for j in members[1:]:
            if facts.value[j] != facts.value[first]:
                other_file = files is not None and files[j] != files[first]
                first_cell, cell = (None, None) if facts.column is None else (facts.column[first], facts.column[j])
                where = f"第 {facts.row[first]} 行 (row {facts.row[first]})" + _cell_column(first_cell)
                if other_file:
                    where = f"{names[files[first]]} {where}"
                if cell is None:
                    here = "此处"
                elif other_file or facts.row[j] != facts.row[first]:
                    here = f"第 {facts.row[j]} 行 (row {facts.row[j]})" + _cell_column(cell)
                else:
                    here = _cell_column(cell).strip()
                code = str(facts.metric[j])
                was, now = _conflicting_values(code, float(facts.value[first]), float(facts.value[j]))
                name = METRICS[code].zh if code in METRICS else ""
                problems_for(j).add(
                    f"同一公司、指标、报告期有不同数值 (conflicting duplicate) {facts.ticker[j]} {code} "
                    f"{facts.period[j]} {name}: {where}为 {was}，{here}为 {now}",
                    row=int(facts.row[j]), column=None if cell is None else cell[1])
    return np.flatnonzero(keep)


def check_quote_conflicts(parsed: list[ParsedFile]) -> None:
    """Quotes of one index and date that differ between files of one import are problems naming
    both files and rows (within one file they are caught while reading)."""
    seen: dict[tuple, tuple[ParsedFile, dict]] = {}
    for pf in parsed:
        for q in pf.quotes:
            key = (q["name"] or q["code"], q["date"])
            prev = seen.get(key)
            if prev is None:
                seen[key] = (pf, q)
                continue
            other_pf, other = prev
            if other_pf is pf:
                continue
            if (other["close"], other["change"]) != (q["close"], q["change"]):
                pf.problems.add(f"同一指数同一日期有两个不同的行情 (conflicting quotes for {key[0]} on {key[1]}): "
                                f"{other_pf.name} 第 {other['row']} 行 (row {other['row']}) 为 {other['close']:g}, "
                                f"此处为 {q['close']:g}", row=q["row"], value=q["close"])
