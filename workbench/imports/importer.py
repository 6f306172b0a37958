"""Importing spreadsheets into the store: every file is checked first, then all land in one transaction."""

from __future__ import annotations

import json
import math
import logging
import os
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from workbench.domain.growth import COMPARABLE_KINDS, YOY_LEVELS, yoy
from workbench.domain.import_notes import AMOUNT_NOTE, RATIO_NOTE, unit_note_line
from workbench.domain.metrics import METRICS, NumberStyle, format_value, values_written, written_decimal
from workbench.domain.periods import PERIOD_RE, period_kind, previous_period
from workbench.domain.tickers import normalize_ticker
from workbench.domain.values import unit_factor
from workbench.errors import ImportFailed, Problem, ValidationError, WorkbenchError
from workbench.imports.headers import (AMOUNT_UNITS, TICKER_ROLES, TWO_ROW_HEADER, ColumnInfo, combine_header_rows,
                                       header_signature, one_line, parse_date, parse_header, text_key)
from workbench.imports.indices import plan_indices, same_number
from workbench.imports.layouts import (KIND_LABELS, Facts, ParsedFile, check_duplicates, check_quote_conflicts,
                                       header_row_finder, is_skipped_row, numeric_columns, parse_numbers, parse_sheet)
from workbench.imports.questions import (RATIO_UNITS, ImportQuestions, OlderValue, check_company_names,
                                        check_older_values, check_ticker_names)
from workbench.imports.readers import (ReadError, Sheet, cell_text, is_blank, load_sheet, read_as_warnings,
                                      skipped_warnings)
from workbench.progress import Cancelled, ProgressCallback, report
from workbench.store.store import Counts, FactColumns, Store

log = logging.getLogger(__name__)

MAPPING_PREFIX = "import_mapping:"
FACT_CHUNK = 10_000    # facts written per call: a cancel is heard within a second or so of writing, at no cost to speed
TOTAL = 1000           # progress units: the first half reading and checking, the second half writing
READ_SHARE = 500


# --------------------------------------------------------------------------- results

AS_OF_FROM = {"given": "给定 given: --as-of", "file": "文件中的日期 found in the file",
              "column": "文件中最新的交易日期 the latest trade date in the file",
              "modified": "文件的修改时间 the file's modification time",
              "rows": "各行的截至日期列，此为最新 each row's date in the file's as-of column, the latest shown"}


def clock_dated_warning(as_of: str) -> str:
    """Nothing in the file dates it: the day it was last saved is no proof of the data's date (an
    old export copied today looks new, and passes the older-data check)."""
    return (f"文件中没有日期，截至日期 {as_of} 取自文件的修改时间，不一定是数据的日期；若数据更早，请用 --as-of "
            f"（应用中为“截至日期”）给出数据的日期 (nothing in the file dates it: the as-of date {as_of} is the day the file was last "
            f"saved, not necessarily the data's date; if the data is older, give its date with --as-of)")


@dataclass
class FileReport:
    """What one file held and what importing it did (or, in a dry run, would do)."""

    path: str
    name: str
    kind: str
    rows: int = 0
    companies_in_file: int = 0
    indices_in_file: int = 0
    companies: Counts = field(default_factory=Counts)
    facts: Counts = field(default_factory=Counts)
    quotes: Counts = field(default_factory=Counts)
    as_of: str | None = None
    source: str = ""
    warnings: list[str] = field(default_factory=list)
    sheet: str | None = None   # the workbook's sheet read (None for a CSV)
    as_of_from: str = ""       # where the as-of date came from: given, file, column (its latest 交易日期),
    #                            modified (the file's time)

    def summary(self) -> str:
        label = KIND_LABELS.get(self.kind, self.kind)
        if self.kind in ("wide", "long"):
            n = self.facts.added + self.facts.updated + self.facts.unchanged
            text = f"{self.name}: {label}, {self.companies_in_file} 家公司, 指标 {n} 条: {self.facts}"
            if self.companies.added:
                text += f"; 新建公司 new companies {self.companies.added}"
            if self.companies.updated:
                text += f"; 公司信息更新 companies updated {self.companies.updated}"
        elif self.kind == "companies":
            text = f"{self.name}: {label}, {self.companies_in_file} 家公司: {self.companies}"
        else:
            n = self.quotes.added + self.quotes.updated + self.quotes.unchanged
            text = f"{self.name}: {label}, {self.indices_in_file} 个指数, 行情 {n} 条: {self.quotes}"
        if self.as_of and self.kind in ("wide", "long", "quotes"):
            text += f"; 截至 as of {self.as_of}（{AS_OF_FROM.get(self.as_of_from, self.as_of_from)}）"
        if self.sheet is not None:
            text += f"; 读取工作表 sheet read “{self.sheet}”"
        return "\n".join([text] + [f"  {w}" for w in self.warnings])


@dataclass
class ImportReport:
    """The outcome of import_files: per-file kinds and counts, and totals."""

    files: list[FileReport]
    dry_run: bool = False

    @property
    def companies(self) -> Counts:
        return sum((f.companies for f in self.files), Counts())

    @property
    def facts(self) -> Counts:
        return sum((f.facts for f in self.files), Counts())

    @property
    def quotes(self) -> Counts:
        return sum((f.quotes for f in self.files), Counts())

    def summary(self) -> str:
        lines = [f.summary() for f in self.files]
        if len(self.files) > 1:
            lines.append(f"合计 total: 公司 companies {self.companies}; 指标 facts {self.facts}; "
                         f"行情 quotes {self.quotes}")
        return "\n".join(lines)


@dataclass
class Preview:
    """What the import dialog shows before importing: layout, columns, first rows, problems.

    ``header_row`` is the Excel row number (1-based) of the header line.
    """

    path: str
    kind: str | None = None
    header_row: int | None = None
    columns: list[ColumnInfo] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # Excel row number of each shown row
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    as_of: str | None = None
    source: str = ""
    signature: str | None = None

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind or "", "未识别 unknown")


# --------------------------------------------------------------------------- remembered mappings

def remembered_mapping(store: Store, headers: Iterable) -> dict | None:
    """The hand mapping saved for files with these headers, or None."""
    raw = store.get_setting(MAPPING_PREFIX + header_signature(headers))
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def save_mapping(store: Store, headers: Iterable, mapping: Mapping[str, object]) -> str:
    """Remember a hand mapping for files with these headers; returns the headers' signature."""
    sig = header_signature(headers)
    plain = {k: (v.to_mapping() if isinstance(v, ColumnInfo) else v) for k, v in mapping.items()}
    store.set_setting(MAPPING_PREFIX + sig, json.dumps(plain, ensure_ascii=False, sort_keys=True))
    return sig


# --------------------------------------------------------------------------- reading

def _options(default_amount_unit: str, as_of, ratio_unit: str | None = None) -> tuple[str, str | None, list[Problem]]:
    problems = []
    if ratio_unit is not None and ratio_unit not in RATIO_UNITS:
        problems.append(Problem(f"比率单位无效 (bad ratio unit): {ratio_unit}；可选 percent（百分数）或 fraction（小数） "
                                f"(choose percent or fraction)"))
    try:
        unit_factor(default_amount_unit)
        if default_amount_unit.strip().lower() not in AMOUNT_UNITS:
            raise ValidationError(f"不是金额单位 (not an amount unit): {default_amount_unit}")
    except ValidationError as exc:
        problems.append(Problem(f"默认金额单位无效 (bad default amount unit): {exc.message}"))
    as_of_iso = None
    if as_of is not None and not is_blank(as_of):
        as_of_iso = parse_date(as_of)
        if as_of_iso is None:
            problems.append(Problem(f"截止日期无效 (bad as-of date): {as_of}"))
        elif as_of_iso > date.today().isoformat():
            problems.append(Problem(future_as_of_message(as_of_iso)))
    return default_amount_unit, as_of_iso, problems


def _contradictions(confirm_new_indices, map_indices) -> list[Problem]:
    """A name answered both ways (one stored index, and a new index) leaves no answer to apply."""
    confirm_new_indices = {str(c).strip() for c in confirm_new_indices or ()}
    mapped = {str(k).strip() for k in (map_indices or {})}
    return [Problem(f"“{name}”既被指定为已有指数 (--same-index {name}=…) 又被确认为新指数 (--new-index {name})，"
                    f"二者只能选一 (the name is answered both as a stored index and as a new index: give one of "
                    f"--same-index and --new-index)", value=name)
            for name in sorted(confirm_new_indices & mapped) if name]


def future_as_of_message(as_of: str, found_in_file: bool = False, modified: bool = False) -> str:
    """Data dated after today would look fresh for ever: an as-of date is today at the latest.
    ``modified``: the date is the file's modification time (nothing in the file dates it)."""
    today = date.today().isoformat()
    if modified:
        return (f"文件中没有日期，而文件的修改时间 {as_of} 晚于今天 {today}（文件时间或电脑时钟有误），请用 --as-of "
                f"（应用中为“截至日期”）给出数据的日期 (nothing in the file dates it and its modification time is in the "
                f"future, after today {today}: give the data's date with --as-of)")
    if found_in_file:
        return (f"文件中的截至日期 {as_of} 晚于今天 {today}，请用 --as-of 给出数据的日期 (the as-of date found in "
                f"the file is in the future, after today {today}: give the data's date with --as-of)")
    return f"截至日期 {as_of} 晚于今天 {today} (the as-of date is in the future, after today {today})"


def _stored_ratios(store: Store, metric: str, period: str, tickers: list[str]) -> dict[str, float]:
    """The figures the store holds for ``tickers``' ``metric`` of ``period``: ticker to value."""
    out: dict[str, float] = {}
    uniq = sorted(set(tickers))
    for start in range(0, len(uniq), 500):
        part = uniq[start:start + 500]
        out.update(store.db.execute(
            f"SELECT ticker, value FROM facts WHERE metric = ? AND period = ? AND ticker IN ({','.join('?' * len(part))})",
            [metric, period, *part]).fetchall())
    return out


def _one_header_row(sheet: Sheet) -> tuple[Sheet, int | None]:
    """A sheet whose header spans two rows (a group cell merged over its columns, the periods in the
    row below: the workbench's own comparison .xlsx) as a sheet of one header row combining them
    (``combine_header_rows``), the group row kept above it as a title row. Also the Excel row of a
    second header row that could not be combined (to say so), else None.

    The row below is a header row only when its ticker cell is empty and its cells are text (a
    number only as a year): a row of data keeps its ticker, name and figures."""
    h = sheet.header_index
    if h is None or not len(sheet.data):
        return sheet, None
    header = sheet.headers
    ticker = next((i for i, c in enumerate(header) if isinstance(c, str) and parse_header(c).keyword in TICKER_ROLES),
                  None)
    first = list(sheet.data.iloc[0])
    if ticker is None or (ticker < len(first) and not is_blank(first[ticker])):
        return sheet, None
    cells: list[str | None] = []
    for v in first:
        if is_blank(v):
            cells.append(None)
        elif isinstance(v, str) or (isinstance(v, (int, float)) and float(v).is_integer() and 1990 <= v <= 2100):
            cells.append(cell_text(v))
        else:
            return sheet, None
    if not any(cells):
        return sheet, None
    combined = combine_header_rows(header, cells)
    if combined is None:
        under_figures = any(c and i < len(header) and not is_blank(header[i]) and parse_header(header[i]).metric
                            or c and i < len(header) and is_blank(header[i]) for i, c in enumerate(cells))
        return sheet, (sheet.first_data_row if under_figures else None)
    width = max(len(combined), sheet.data.shape[1])
    combined = list(combined) + [None] * (width - len(combined))
    data = sheet.data.iloc[1:].reset_index(drop=True)
    percent = {c: {r - 1 for r in rows if r >= 1} for c, rows in sheet.percent.items()}
    return replace(sheet, top=list(sheet.top[:h + 1]) + [combined], header_index=h + 1, data=data,
                   percent=percent), None


def no_data_message(header_row: int | None) -> str:
    """A header with nothing under it (an export that stopped, a filter left empty) is no week's
    data: refused as an empty file is, so a script does not take it for data landed."""
    where = f"第 {header_row} 行的表头下" if header_row else "表头下"
    return (f"{where}没有数据行，没有可导入的数据 (no data rows under the header"
            f"{f' in row {header_row}' if header_row else ''}: nothing to import)")


def _has_mapping(store: Store, headers: list) -> bool:
    return remembered_mapping(store, headers) is not None


def _read(path: Path, *, overrides: dict | None, store: Store | None, default_amount_unit: str,
          as_of: str | None, limit: int | None = None, ytd_as_of: str | None = None, ratio_unit: str | None = None
          ) -> tuple[ParsedFile, Sheet | None]:
    """Read and check one file; problems end up in the result, never raised."""
    known = None
    if overrides is None and store is not None:
        known = partial(_has_mapping, store)
    finder = header_row_finder({one_line(k) for k in overrides} if overrides else None, known)

    def numeric(header_row):
        return numeric_columns(header_row, overrides if overrides is not None else
                               (remembered_mapping(store, header_row) if store is not None else None))
    try:
        sheet = load_sheet(path, finder, limit=limit, numeric=numeric)
    except ReadError as exc:
        pf = ParsedFile(path)
        pf.problems.add_problem(exc.problem)
        return pf, None
    try:
        sheet, second_row = _one_header_row(sheet)
        if overrides is None and store is not None and sheet.header_index is not None:
            overrides = remembered_mapping(store, sheet.headers)
        pf = parse_sheet(sheet, overrides=overrides, default_amount_unit=default_amount_unit, as_of=as_of,
                         ytd_as_of=ytd_as_of, ratio_unit=ratio_unit,
                         stored=partial(_stored_ratios, store) if store is not None else None)
        pf.own_table = sheet.own_table
        read = {c.position for c in pf.columns if c.role not in ("ignore", "unknown")} if pf.columns else None
        pf.warnings.extend(read_as_warnings(sheet))
        pf.warnings.extend(skipped_warnings(sheet, sheet.headers, columns=read))
        if (pf.kind is not None and sheet.complete and not len(pf.problems) and not pf.companies
                and not len(pf.facts) and not pf.quotes):
            pf.problems.add(no_data_message(pf.header_row))
        if second_row is not None and any(c.role == "metric" and c.metric and c.period is None for c in pf.columns):
            pf.problems.add(TWO_ROW_HEADER, row=second_row)
        return pf, sheet
    except Exception as exc:  # a file must never crash the import: report it with the file named
        log.exception("unexpected error reading %s", path)
        pf = ParsedFile(path)
        pf.problems.add(f"读取时出现意外错误 (unexpected error while reading): {type(exc).__name__}: {exc}")
        return pf, sheet


# --------------------------------------------------------------------------- the units applied, on record

def _override_unit(overrides: Mapping | None, header) -> str | None:
    wanted = {one_line(k): v for k, v in (overrides or {}).items()}
    value = wanted.get(one_line(header))
    if isinstance(value, ColumnInfo):
        value = value.to_mapping()
    return value.get("unit") if isinstance(value, dict) else None


def _amount_origin(info: ColumnInfo, default_amount_unit: str, mapped: str | None) -> str:
    if mapped:
        return "列映射 column mapping"
    if info.unit == default_amount_unit:
        return "导入时指定 given at import" if unit_factor(info.unit) != 1.0 else "默认 default"
    return one_line(info.note) or "默认 default"


def _ratio_reading(pf: ParsedFile, sheet: Sheet, info: ColumnInfo, at: np.ndarray | None) -> str | None:
    """How the ratios of a wide column written without a unit were read: ``percent`` when the facts it
    gave (at positions ``at`` of the file's facts) are its bare numbers / 100, ``fraction`` when they
    are the numbers; None when no bare number was read (every cell said % itself, or none was
    imported)."""
    f = pf.facts
    if at is None or not len(at) or info.position >= sheet.data.shape[1]:
        return None
    rows = f.row[at].astype(np.int64) - sheet.first_data_row
    ok = (rows >= 0) & (rows < len(sheet.data))
    rows, at = rows[ok], at[ok]
    cells = sheet.data[info.position].iloc[rows].reset_index(drop=True)
    marked = sheet.percent.get(info.position, set())
    values, pct, bad = parse_numbers(cells, {i for i, r in enumerate(rows.tolist()) if r in marked})
    for k in np.flatnonzero(~pct & ~bad & ~np.isnan(values) & (values != 0)).tolist():
        # a figure the store held as another double of the same decimal kept that double (keep_stored_doubles)
        return "fraction" if written_decimal(float(f.value[at[k]])) == written_decimal(float(values[k])) else "percent"
    return None


def unit_notes(pf: ParsedFile, sheet: Sheet | None, *, default_amount_unit: str, ratio_unit: str | None,
               overrides: Mapping | None = None) -> str | None:
    """The units an import applied to columns whose header states none, as the batch's note records
    them: one line per way of reading, naming its columns (“营业收入2024三季报”), so that `trace`
    can say how a cell became the stored figure (193000 in 万元 is 19.3 亿元). None when every
    column stated its unit."""
    if sheet is None or pf.kind not in ("wide", "long") or not len(pf.facts):
        return None
    groups: dict[str, list[str]] = {}
    # the facts of each (metric, period), found once: a file may hold a million of them
    positions = pd.DataFrame({"m": pf.facts.metric, "p": pf.facts.period}).groupby(["m", "p"], sort=False).indices
    metrics = {m for m, _ in positions}
    for info in pf.columns:
        if info.role == "metric" and info.metric and info.recognised:
            kind = METRICS[info.metric].kind
            own = parse_header(info.header)
            mapped = _override_unit(overrides, info.header)
            if own.unit is not None or own.is_code:
                continue
            if kind == "amount" and info.unit and info.metric in metrics:
                what = f"{AMOUNT_NOTE} {info.unit}（{_amount_origin(info, default_amount_unit, mapped)}）"
            elif kind == "ratio" and not mapped:
                reading = _ratio_reading(pf, sheet, info, positions.get((info.metric, info.period)))
                if reading is None:
                    continue
                if ratio_unit is not None:
                    why = "导入时指定 given at import"
                else:
                    why = "与库中数据相符 as the store shows" if reading == "percent" else "默认 default"
                what = f"{RATIO_NOTE}{'百分数' if reading == 'percent' else '小数'}读入（{why}）"
            else:
                continue
            groups.setdefault(what, []).append(info.label)
        elif pf.kind == "long" and info.role == "value":
            has_unit_column = any(c.role == "unit" for c in pf.columns)
            amounts = [m for m in metrics if m in METRICS and METRICS[m].kind == "amount"]
            if not has_unit_column and amounts:
                how = "导入时指定 given at import" if unit_factor(default_amount_unit) != 1.0 else "默认 default"
                groups.setdefault(f"{AMOUNT_NOTE} {default_amount_unit}（{how}）", []).append(info.label)
    return "\n".join(unit_note_line(what, cols) for what, cols in groups.items()) or None


def _path_key(p) -> str:
    try:
        return str(Path(os.fspath(p)).expanduser().resolve())
    except (OSError, TypeError):
        return str(p)


def _overrides_for(mappings: Mapping | None, path: Path) -> dict | None:
    if not mappings:
        return None
    for key, value in mappings.items():
        if key == str(path) or _path_key(key) == _path_key(path):
            return dict(value)
    return None


# --------------------------------------------------------------------------- planning

def _plan(store: Store, parsed: list[ParsedFile], confirm_new_indices=(), map_indices=None, *,
          allow_older: bool = False, new_companies=(), renamed_companies=()) -> None:
    """Checks that need all files or the store: duplicates, new companies without names or named
    like another company, stored tickers named as another company, indices, values older than the
    stored ones, dates in the future. Run inside the write's transaction, so what they checked is
    what the write meets."""
    today = date.today().isoformat()
    for pf in parsed:
        if pf.as_of and pf.as_of > today and pf.kind is not None:
            pf.problems.add(future_as_of_message(pf.as_of, found_in_file=True, modified=not pf.dated),
                            value=pf.as_of)
    for pf in parsed:
        if len(pf.facts):
            pf.facts = pf.facts.take(check_duplicates(pf.facts, lambda i, pf=pf: pf.problems))
    with_facts = [i for i, pf in enumerate(parsed) if len(pf.facts)]
    if len(with_facts) > 1:
        merged = Facts.concat([parsed[i].facts for i in with_facts])
        owner = np.concatenate([np.full(len(parsed[i].facts), i) for i in with_facts])
        check_duplicates(merged, lambda j: parsed[owner[j]].problems, files=owner,
                         names=[pf.name for pf in parsed])

    stored_companies = store.companies()
    _match_stored_text(parsed, stored_companies, store.segments())
    check_company_names(parsed, stored_companies, set(new_companies))
    check_ticker_names(parsed, stored_companies, set(renamed_companies))
    existing = {c["ticker"] for c in stored_companies}
    listed = {c["ticker"] for pf in parsed if pf.kind == "companies" for c in pf.companies}
    named = set(existing)
    for pf in parsed:
        named.update(c["ticker"] for c in pf.companies if c.get("name"))
    for pf in parsed:
        for c in pf.companies:
            if c["ticker"] not in named:
                pf.problems.add(f"新公司 {c['ticker']} 缺少简称，请加入简称列或先导入公司列表 (new company "
                                f"{c['ticker']} has no name: add a name column or import the company list first)",
                                row=c["row"], column=pf.ticker_column, value=c["ticker"])
                named.add(c["ticker"])  # once per company
            if pf.kind in ("wide", "long") and (c["ticker"] in existing or c["ticker"] in listed):
                c.pop("name", None)     # short names are managed by company lists and the app

    indices = store.indices()
    codes = {i["code"] for i in indices if i["code"]}
    for pf in parsed:
        for q in pf.quotes:
            # a bare code (000905) of a stored suffixed index (000905.SH) is named by the index plan
            if not q["name"] and q["code"] not in codes and not same_number(q["code"], indices):
                pf.problems.add(f"新指数 {q['code']} 缺少名称 (new index {q['code']} has no name)", row=q["row"],
                                value=q["code"])
                codes.add(q["code"])
    by_code = {i["code"]: i["name"] for i in indices if i["code"]}
    for pf in parsed:
        for q in pf.quotes:
            if not q["name"]:
                q["name"] = by_code.get(q["code"])
    plan_indices(indices, parsed, confirm_new=confirm_new_indices, map_to=map_indices)
    check_quote_conflicts(parsed)
    keep_stored_doubles(store, parsed)
    keep_computed_growth(store, parsed)
    keep_own_table(store, parsed)
    keep_clock_dated(store, parsed)
    if not allow_older:
        check_older_values(parsed, store.facts_dated_after)


def keep_stored_doubles(store: Store, parsed: list[ParsedFile]) -> None:
    """A figure the store holds as another double of the same decimal is the same figure: the file's
    value takes the stored double, so it counts as unchanged (confirmed) and keeps its first source.

    Stores written before imports kept the decimal written hold binary drift (2.8% stored as
    0.027999999999999997, 1771.85 亿元 as 177184999999.9999 yuan); the file now gives the exact
    0.028. Two doubles are the same figure when they are one decimal at the 15 significant digits
    a double holds (``written_decimal``); a difference at the 15th digit is still a change.
    """
    with_facts = [pf for pf in parsed if len(pf.facts)]
    if not with_facts:
        return
    tickers = pd.unique(np.concatenate([pf.facts.ticker for pf in with_facts])).tolist()
    stored = pd.DataFrame(store.fact_dates(tickers), columns=["ticker", "metric", "period", "old", "as_of"])
    # (a stored figure that is not a number, written outside the workbench, is no double of any)
    stored = stored[[isinstance(v, (int, float)) and v == v for v in stored["old"].tolist()]]
    if stored.empty:
        return
    for pf in with_facts:
        f = pf.facts
        new = pd.DataFrame({"ticker": f.ticker, "metric": f.metric, "period": f.period, "at": np.arange(len(f))})
        both = new.merge(stored, on=["ticker", "metric", "period"])
        both = both[both["old"].to_numpy(dtype=float) != f.value[both["at"].to_numpy()]]
        for at, old in zip(both["at"].tolist(), both["old"].tolist()):
            if _same_figure(old, float(f.value[at])):
                f.value[at] = old


OWN_TABLE_NAMED = 10  # edits of the workbench's own table named one by one in the summary


def keep_own_table(store: Store, parsed: list[ParsedFile]) -> None:
    """The workbench's own comparison .xlsx imported back: a figure equal to the stored one is left
    out, so its as-of date and source stay as they are (the title's 截至 date is the issue's, not the
    data's: an unchanged round trip must not confirm a week-old PE as of this week); a figure the
    analyst changed in the sheet is imported as an edit, dated as the import's as-of, and named in the
    file's summary. Other files keep the confirmation of unchanged figures."""
    for pf in parsed:
        if not pf.own_table or not len(pf.facts):
            continue
        f = pf.facts
        stored = {(t, m, p): v for t, m, p, v, _ in store.fact_dates(pd.unique(f.ticker).tolist())}
        same, edits = [], []
        for i in range(len(f)):
            key = (f.ticker[i], f.metric[i], f.period[i])
            value = f.value[i]
            missing = value is None or (isinstance(value, float) and math.isnan(value))
            if key in stored:
                old = stored[key]
                if (old is None and missing) or (old is not None and not missing and float(old) == float(value)):
                    same.append(i)
                    continue
            elif missing:
                same.append(i)  # a cell printed -- where the store holds nothing: nothing to import
                continue
            edits.append((key, stored.get(key), None if missing else float(value)))
        if same:
            pf.facts = f.take(np.setdiff1d(np.arange(len(f)), same))
            pf.left_as_stored = len(same)
            pf.warnings.append(f"{len(same)} 个数值与库中相同，未改动 (the workbench's own table: unchanged, not confirmed)"
                               f"：这是工作台导出的对比表，其截至日期是报告的日期，不是数据的日期；数值的截至日期和来源保持不变 "
                               f"(the table's 截至 date is the report's, not the data's: the figures keep their as-of "
                               f"dates and sources)")
        if edits:
            names = {c["ticker"]: c["name"] for c in store.companies()}
            shown = []
            for (ticker, code, period), old, new in edits[:OWN_TABLE_NAMED]:
                m = METRICS.get(code)
                kind = m.kind if m else "multiple"
                a, b = values_written(kind, old, new)
                unit = f" {m.display_unit()}" if m and kind != "ratio" and m.display_unit() != "x" else ""
                shown.append(f"{names.get(ticker) or ticker}（{ticker}）{m.zh if m else code} {period}: "
                             f"{a} → {b}{unit}")
            more = f" 等 {len(edits)} 个 (and others, {len(edits)} in all)" if len(edits) > OWN_TABLE_NAMED else ""
            pf.warnings.append(f"表中改动的数值按编辑导入，截至 {pf.as_of} (figures changed in the table are imported "
                               f"as edits, as of {pf.as_of}): " + "；".join(shown) + more)


# A YoY the store does not hold is computed by the comparison table from the level of its period and
# the level a year earlier: the domain's one rule (workbench.domain.growth).
GROWTH_LEVELS = YOY_LEVELS
GROWTH_PERIOD_KINDS = COMPARABLE_KINDS
_table_growth = yoy


def keep_computed_growth(store: Store, parsed: list[ParsedFile]) -> None:
    """A YoY cell repeating the growth the comparison table computes from two stored levels is left
    out, where the store holds no YoY of its own for it: the figure stays computed, so a later
    correction of either level still moves it and trace still gives its formula.

    The workbench's comparison .xlsx writes such a computed growth as a number; imported as a figure
    it would freeze. The cell is compared with the growth at the house's printed precision, on the
    levels stored before this import (a level edited in the sheet leaves its growth as exported); a
    cell that prints otherwise is the analyst's own figure and is imported. The file's summary counts
    the cells left computed.
    """
    with_growth = [pf for pf in parsed if len(pf.facts) and _among(pf.facts.metric, GROWTH_LEVELS).any()]
    if not with_growth or store.scalar(  # a store holding no level at all (a first import) computes nothing
            "SELECT 1 FROM facts WHERE metric IN (%s) LIMIT 1" % ", ".join("?" * len(set(GROWTH_LEVELS.values()))),
            sorted(set(GROWTH_LEVELS.values()))) is None:
        return
    style = NumberStyle.lenient((store.house() or {}).get("number_style"))
    for pf in with_growth:
        f = pf.facts
        mask = _among(f.metric, GROWTH_LEVELS)
        # (each distinct period and figure judged once: a weekly file repeats a handful over thousands of rows)
        periods = [p for p in set(f.period[mask].tolist())
                   if PERIOD_RE.match(str(p)) and period_kind(p) in GROWTH_PERIOD_KINDS]
        at = np.flatnonzero(mask & _among(f.period, periods)) if periods else np.array([], dtype=np.int64)
        if not len(at):
            continue
        keys = set()
        for metric, period in set(zip(f.metric[at].tolist(), f.period[at].tolist())):
            level = GROWTH_LEVELS[metric]
            keys |= {(metric, period), (level, period), (level, previous_period(period))}
        held = store.fact_matrix(sorted(keys), sorted(set(f.ticker[at].tolist())))
        if not held:  # none of these companies holds a figure of them: nothing can be computed
            continue
        at = at[_among(f.ticker[at], held)]
        left = []
        for i in at.tolist():
            ticker, metric, period, value = f.ticker[i], f.metric[i], f.period[i], f.value[i]
            row = held.get(ticker, {})
            if (metric, period) in row or value is None or math.isnan(value):
                continue  # a stored YoY (even one stored as missing) is the house's: imported as ever
            level = GROWTH_LEVELS[metric]
            computed = _table_growth(row.get((level, period)), row.get((level, previous_period(period))))
            if computed is not None and format_value("ratio", value, style=style) == \
                    format_value("ratio", computed, style=style):
                left.append(i)
        if left:
            pf.facts = f.take(np.setdiff1d(np.arange(len(f)), left))
            pf.warnings.append(f"{len(left)} 个由两期数据计算的增速保持计算 (left computed)：文件中的同比与库中两期数值"
                               f"算出的相同，库中没有该同比，不存为导入的数值，以后更正任一期数值时同比随之更新 "
                               f"(the file's YoY equals the growth of the two stored levels and no YoY is stored: "
                               f"it stays computed and follows a later correction of either level)")


def _among(values: np.ndarray, wanted) -> np.ndarray:
    """Which of ``values`` (strings in an object array) are in ``wanted``, by hashing (numpy's isin
    sorts object arrays: ten times slower on a million-row file)."""
    return pd.Series(values, copy=False).isin(list(wanted)).to_numpy()


def _same_figure(old, new) -> bool:
    return isinstance(old, float) and new is not None and old != new and written_decimal(old) == written_decimal(new)


def _keep_stored_quote_doubles(store: Store, rows: list[tuple]) -> list[tuple]:
    """Quote rows whose close or change is a stored double's decimal take the stored double (see
    ``keep_stored_doubles``): a quotes file imported again over a store written before is unchanged."""
    by_index: dict[int, list[str]] = {}
    for r in rows:
        by_index.setdefault(r[0], []).append(r[1])
    stored = {(i, q["date"]): q for i, days in by_index.items() for q in store.quotes(i, min(days), max(days))}
    out = []
    for r in rows:
        q = stored.get((r[0], r[1]))
        if q is not None:
            close = q["close"] if _same_figure(q["close"], r[2]) else r[2]
            change = q["change"] if _same_figure(q["change"], r[3]) else r[3]
            r = (r[0], r[1], close, change, *r[4:])
        out.append(r)
    return out


def _match_stored_text(parsed: list[ParsedFile], stored_companies: list[dict], segments: list[str]) -> None:
    """Names and segments are stored as the files write them, but compared normalised (full or half
    width, 【】 or []): a stored company's field spelt another way is left as stored, and a segment
    takes the spelling already stored (or first met in this import), so one segment is never split
    in two, also in a store written when such text was converted to half-width."""
    by_ticker = {c["ticker"]: c for c in stored_companies}
    spelling: dict[str, str] = {}
    for s in segments:
        spelling.setdefault(text_key(s), s)
    for pf in parsed:
        for c in pf.companies:
            cur = by_ticker.get(c["ticker"])
            for f in ("name", "full_name", "industry"):
                if cur is not None and c.get(f) and cur.get(f) and text_key(c[f]) == text_key(cur[f]):
                    c[f] = cur[f]
            if c.get("segment"):
                c["segment"] = spelling.setdefault(text_key(c["segment"]), c["segment"])


# --------------------------------------------------------------------------- writing

class _Progress:
    def __init__(self, progress: ProgressCallback | None, units: int):
        self.progress = progress
        self.units = max(units, 1)
        self.done = 0

    def step(self, n: int, message: str) -> None:
        self.done += n
        report(self.progress, READ_SHARE + (TOTAL - READ_SHARE) * min(self.done, self.units) // self.units - 1,
               TOTAL, message)


def _fact_columns(pf: ParsedFile):
    """The header of the column each fact of a file came from: one value column in a long
    sheet (a single label), a column per (metric, period) in a wide one (a label per fact)."""
    if pf.kind == "long":
        label = next((c.label for c in pf.columns if c.role == "value"), None)
        return lambda metrics, periods: label
    by_key = {(c.metric, c.period): c.label for c in pf.columns if c.role == "metric" and c.metric}
    return lambda metrics, periods: list(map(by_key.get, zip(metrics, periods)))


def keep_clock_dated(store: Store, parsed: list[ParsedFile]) -> None:
    """A file nothing dates (no --as-of, no date in it) is dated by its modification time, which is no
    proof of when its figures were true (an old export copied today): a figure it repeats unchanged is
    left out, so its as-of date and source stay as they are instead of being confirmed as of that
    time, and the file's summary says how many and how to confirm them (--as-of). A figure it changes
    is imported as any other, dated by that time and flagged (``clock_dated_warning``)."""
    for pf in parsed:
        if pf.dated or pf.own_table or not len(pf.facts) or pf.facts.as_of is not None:
            continue
        f = pf.facts
        stored = {(t, m, p): (v, a) for t, m, p, v, a in store.fact_dates(pd.unique(f.ticker).tolist())}
        same, would_confirm = [], 0
        for i in range(len(f)):
            old = stored.get((f.ticker[i], f.metric[i], f.period[i]))
            value = f.value[i]
            if old is None or old[0] is None or value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            if float(old[0]) == float(value):
                same.append(i)
                would_confirm += old[1] is None or old[1] < pf.as_of
        if not same:
            continue
        pf.facts = f.take(np.setdiff1d(np.arange(len(f)), same))
        pf.left_as_stored += len(same)
        if would_confirm:
            pf.warnings.append(
                f"{len(same)} 个数值与库中相同，未确认：文件中没有日期，其修改时间 {pf.as_of} 不能证明数据截至何日，这些数值的截至日期"
                f"和来源保持不变；若数据确为截至 {pf.as_of}，请加 --as-of {pf.as_of}（应用中为“截至日期”）再导入以确认 ({len(same)} "
                f"figures equal to the stored ones were left unconfirmed: nothing in the file dates it and its "
                f"modification time, {pf.as_of}, is no proof of the data's date, so they keep their as-of dates and "
                f"sources; if the data is as of {pf.as_of}, import it again with --as-of {pf.as_of} to confirm them)")


def _write_file(store: Store, pf: ParsedFile, r: FileReport, bar: _Progress) -> None:
    if pf.companies:
        rows = [{k: v for k, v in c.items() if k != "row" and v is not None} for c in pf.companies]
        r.companies = store.upsert_companies(rows)
        bar.step(len(rows), f"写入公司 writing companies: {pf.name}")
    if pf.quotes:
        ids: dict = {}
        rows = []
        cols = {c.role: c.label for c in pf.columns if c.role in ("close", "change")}
        for q in pf.quotes:
            key = q["code"] or q["name"]
            if key not in ids:
                ids[key] = store.upsert_index(q["name"], q["code"], q["name_en"])
            rows.append((ids[key], q["date"], q["close"], q["change"], pf.source, q.get("row"), cols.get("close"),
                         cols.get("change")))
        rows = _keep_stored_quote_doubles(store, rows)
        r.quotes = store.write_quotes(rows)
        bar.step(len(rows), f"写入行情 writing quotes: {pf.name}")
    f = pf.facts
    counts = Counts()
    column_of = _fact_columns(pf)
    for a in range(0, len(f), FACT_CHUNK):
        b = min(a + FACT_CHUNK, len(f))
        metrics, periods = f.metric[a:b].tolist(), f.period[a:b].tolist()
        as_of = pf.as_of if f.as_of is None else f.as_of[a:b].tolist()
        chunk = FactColumns(f.ticker[a:b].tolist(), metrics, periods, f.value[a:b].tolist(), source=pf.source,
                            as_of=as_of, src_row=f.row[a:b].tolist(), src_col=column_of(metrics, periods))
        counts = counts + store.write_facts(chunk)
        bar.step(b - a, f"写入指标 writing facts: {pf.name}")
    r.facts = counts + Counts(unchanged=pf.left_as_stored)  # left as stored: unchanged, not confirmed


def _as_of_from(pf: ParsedFile, given: bool) -> str:
    if given:
        return "given"
    if pf.dated_by_column and pf.facts.as_of is not None:
        return "rows"
    return ("column" if pf.dated_by_column else "file") if pf.dated else "modified"


def _write(store: Store, parsed: list[ParsedFile], progress: ProgressCallback | None,
           sheets: Mapping[int, str | None] | None = None, given_as_of: bool = False,
           notes: Mapping[int, str | None] | None = None) -> list[FileReport]:
    reports = {id(pf): FileReport(str(pf.path), pf.name, pf.kind or "", rows=pf.data_rows,
                                  companies_in_file=len(pf.companies),
                                  indices_in_file=len({q["code"] or q["name"] for q in pf.quotes}),
                                  as_of=pf.as_of, source=pf.source, warnings=list(pf.warnings),
                                  sheet=(sheets or {}).get(id(pf)), as_of_from=_as_of_from(pf, given_as_of))
               for pf in parsed}
    for pf in parsed:
        r = reports[id(pf)]
        if r.as_of_from == "modified" and pf.as_of and (len(pf.facts) or pf.quotes):
            r.warnings.append(clock_dated_warning(pf.as_of))
    units = sum(len(pf.companies) + len(pf.quotes) + len(pf.facts) for pf in parsed)
    bar = _Progress(progress, units)
    bar.step(0, "写入 writing")
    ordered = [pf for pf in parsed if pf.kind == "companies"] + [pf for pf in parsed if pf.kind != "companies"]
    for pf in ordered:  # each file is one change batch naming the file, sheet and as-of date
        with store.batch("import", file=pf.name, sha256=pf.sha256, sheet=(sheets or {}).get(id(pf)),
                         as_of=pf.as_of, source=pf.source, note=(notes or {}).get(id(pf))) as batch_id:
            r = reports[id(pf)]
            _write_file(store, pf, r, bar)
            counts = {"companies": r.companies, "quotes": r.quotes}.get(pf.kind, r.facts)
            store.log_import(pf.name, pf.sha256 or "", pf.kind or "", counts, batch_id)
    report(progress, TOTAL - 1, TOTAL, "提交 committing")
    return [reports[id(pf)] for pf in parsed]


# --------------------------------------------------------------------------- public API

def import_files(store: Store, paths, *, dry_run: bool = False, progress: ProgressCallback | None = None,
                 mappings: Mapping[str, Mapping[str, object]] | None = None, default_amount_unit: str = "元",
                 as_of=None, confirm_new_indices: Iterable[str] = (),
                 map_indices: Mapping[str, int] | None = None, allow_older: bool = False,
                 new_companies: Iterable[str] = (), renamed_companies: Iterable[str] = (),
                 ratio_unit: str | None = None) -> ImportReport:
    """Import .xlsx/.csv files (wide, long, company lists, index quotes) into the store.

    All files are read and checked first; any problem raises ImportFailed listing every problem
    (file, Excel row, column, value) and the store is left unchanged. Otherwise everything is
    written in one transaction. ``dry_run`` counts what would change and writes nothing.
    ``progress(done, total, message)`` returning False cancels (Cancelled is raised, nothing is
    written). ``mappings`` maps a file path to ``{header: role or {"role", "metric", "period",
    "unit"}}``; without one, a mapping remembered for the file's headers is used.
    ``default_amount_unit`` is the unit of amount columns whose header names none; read as 元,
    a column whose largest figure is implausibly small for its metric (a revenue under 100 万元) is
    refused, asking for the unit. ``as_of`` overrides the as-of date found in the files; a date
    after today is refused. A YTD figure's year comes from the data (``as_of``, a date in the
    file, a date column, the quotes of the same import), never from the file's modification time;
    without one it is refused.
    A value the import would change whose stored as-of date is after the file's stops the import
    (problems of type ``OlderValue``) unless ``allow_older``; an unchanged value with a newer date
    is confirmed (its as-of date moves, logged). A new company named like another company under
    another ticker stops it (``SameNameCompany``) unless its ticker is in ``new_companies``. A
    stored ticker on a row named as another stored company (a ticker typed from the row above)
    stops it (``NameOfAnotherCompany``) unless the ticker is in ``renamed_companies`` (a rename,
    or the figures are the ticker's indeed); an index code named as another stored index stops it
    (``IndexNamedAsAnother``) unless ``map_indices`` maps the name to the code's index.
    ``ratio_unit`` says how ratios (growth, YTD return, weekly change) are written in columns that
    state no unit (no %, no 小数): ``percent`` (12.74 is 12.74%) or ``fraction`` (0.1274); without
    it, such a column whose numbers look like percentages stops the import (``RatioUnitQuestion``).
    The checks run inside the write's transaction (which holds the store's write lock), so no
    other import lands between what they saw and the write.
    Questions alone raise ``ImportQuestions`` (an ``IndicesToConfirm``).
    A new index whose name is a near match of another (沪深300指数 beside 沪深300) stops the import
    with ``IndicesToConfirm`` (problems of type ``IndexNearMatch``) unless its name is in
    ``confirm_new_indices`` (a different index) or ``map_indices`` maps it to a stored index id.
    """
    seen, files = set(), []
    for p in ([paths] if isinstance(paths, (str, os.PathLike)) else list(paths)):
        key = _path_key(p)
        if key not in seen:
            seen.add(key)
            files.append(Path(os.fspath(p)))
    if not files:
        raise ImportFailed("没有要导入的文件 (no files to import)")
    default_amount_unit, as_of_iso, option_problems = _options(default_amount_unit, as_of, ratio_unit)
    option_problems += _contradictions(confirm_new_indices, map_indices)
    if option_problems:
        raise ImportFailed("导入参数无效 (invalid import options)", option_problems)

    sizes = []
    for p in files:
        try:
            sizes.append(max(p.stat().st_size, 1))
        except OSError:
            sizes.append(1)
    total_size, read_size = sum(sizes), 0
    parsed: list[ParsedFile] = []
    sheets: dict[int, str | None] = {}
    notes: dict[int, str | None] = {}  # per file: the units applied to columns stating none

    def noted(pf: ParsedFile, sheet: Sheet | None, p: Path) -> None:
        sheets[id(pf)] = sheet.sheet_name if sheet is not None else None
        notes[id(pf)] = unit_notes(pf, sheet, default_amount_unit=default_amount_unit, ratio_unit=ratio_unit,
                                   overrides=_overrides_for(mappings, p))
    for p, size in zip(files, sizes):
        report(progress, READ_SHARE * read_size // total_size, TOTAL, f"读取 reading {p.name}")
        pf, sheet = _read(p, overrides=_overrides_for(mappings, p), store=store,
                          default_amount_unit=default_amount_unit, as_of=as_of_iso, ratio_unit=ratio_unit)
        parsed.append(pf)
        noted(pf, sheet, p)
        read_size += size
    quotes_date = max((q["date"] for pf in parsed for q in pf.quotes), default=None)
    for k, (p, pf) in enumerate(zip(files, parsed)):
        if pf.ytd_undated and quotes_date:  # the week's quotes date a YTD figure the file leaves undated
            pf, sheet = _read(p, overrides=_overrides_for(mappings, p), store=store,
                              default_amount_unit=default_amount_unit, as_of=as_of_iso, ytd_as_of=quotes_date,
                              ratio_unit=ratio_unit)
            if not pf.ytd_undated:
                pf.warnings.append(f"年初至今按 {quotes_date[:4]} 年计：文件中没有日期，取自同批导入的指数行情的日期 "
                                   f"{quotes_date} (the YTD year is that of the quotes imported with it, {quotes_date})")
            parsed[k] = pf
            noted(pf, sheet, p)
    report(progress, READ_SHARE - 1, TOTAL, "检查 checking")
    confirmed, renamed = _tickers(new_companies), _tickers(renamed_companies)
    refused: ImportFailed | None = None
    try:
        with store.references_checked_once() as check_references:
            # one transaction for the checks and the write: a write takes the store's write lock when it
            # begins, so another import waits instead of landing between the checks and the write
            with (store.dry_run() if dry_run else store.transaction()):
                _plan(store, parsed, confirm_new_indices, map_indices, allow_older=allow_older,
                      new_companies=confirmed, renamed_companies=renamed)
                refused = _refusal(parsed)
                if refused is not None:
                    raise refused
                reports = _write(store, parsed, progress, sheets, given_as_of=as_of_iso is not None, notes=notes)
                check_references()
    except Cancelled:
        raise
    except WorkbenchError as exc:
        if exc is refused:
            raise
        raise ImportFailed(f"写入失败，数据未写入 (writing failed; nothing was written): {exc.message}",
                           exc.problems) from None
    except sqlite3.Error as exc:  # locked, read-only, full: said as every command says it, naming the store
        from workbench.store.access import explain

        raise ImportFailed(f"写入数据文件失败，数据未写入 (cannot write the store; nothing was written): "
                           f"{explain(exc, getattr(store, 'path', None)).message}") from None
    if progress is not None:
        progress(TOTAL, TOTAL, "完成 done")
    return ImportReport(reports, dry_run=dry_run)


def _tickers(values: Iterable[str]) -> set[str]:
    out = set()
    for t in values:
        try:
            out.add(normalize_ticker(t))
        except ValidationError:
            out.add(str(t).strip())
    return out


def _refusal(parsed: list[ParsedFile]) -> ImportFailed | None:
    """The error an import with problems stops with: questions alone ask (ImportQuestions)."""
    problems = [p for pf in parsed for p in pf.problems.as_list(pf.columns)]
    if not problems:
        return None
    n = sum(len(pf.problems) for pf in parsed)
    questions_only = all(sum(pf.problems.questions.values()) == len(pf.problems) for pf in parsed)
    failure = ImportQuestions if questions_only else ImportFailed
    error = failure(f"导入失败：发现 {n} 个问题，数据未写入 (import failed: {n} problems found; "
                    f"nothing was written)", problems)
    if isinstance(error, ImportQuestions):
        error.older_count = sum(pf.problems.questions.get(OlderValue, 0) for pf in parsed)
    return error


def preview(path, *, rows: int = 20, mapping: Mapping[str, object] | None = None, default_amount_unit: str = "元",
            as_of=None, store: Store | None = None, ratio_unit: str | None = None) -> Preview:
    """Layout, columns and first rows of a file for the import dialog; never raises.

    ``header_row`` in the result is the Excel row number of the header. With ``store`` and no
    ``mapping``, a mapping remembered for the file's headers is applied.
    """
    path = Path(os.fspath(path))
    out = Preview(str(path))
    default_amount_unit, as_of_iso, option_problems = _options(default_amount_unit, as_of, ratio_unit)
    if option_problems:
        out.problems = option_problems
        return out
    try:
        pf, sheet = _read(path, overrides=dict(mapping) if mapping else None, store=store,
                          default_amount_unit=default_amount_unit, as_of=as_of_iso, limit=max(rows, 1) + 8,
                          ratio_unit=ratio_unit)
        if len(pf.facts):
            pf.facts = pf.facts.take(check_duplicates(pf.facts, lambda i: pf.problems))
        out.kind, out.header_row, out.columns = pf.kind, pf.header_row, pf.columns
        out.problems, out.warnings, out.as_of, out.source = pf.problems.as_list(pf.columns), pf.warnings, pf.as_of, pf.source
        if sheet is not None:
            shown, numbers = [], []
            for i, row in enumerate(sheet.data.itertuples(index=False)):
                if is_skipped_row(row):
                    continue
                shown.append([cell_text(v) for v in row])
                numbers.append(sheet.first_data_row + i)
                if len(shown) >= rows:
                    break
            out.rows, out.row_numbers = shown, numbers
            if sheet.header_index is not None:
                out.signature = header_signature(sheet.headers)
    except Exception as exc:
        log.exception("unexpected error previewing %s", path)
        out.problems.append(Problem(f"读取时出现意外错误 (unexpected error while reading): {exc}", file=path.name))
    return out
