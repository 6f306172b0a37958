"""Questions an import asks instead of guessing: values older than the stored ones, a new company
named like another one. Like an index near match they stop the import, the store unchanged, and
the user answers (``allow_older``, ``new_companies``) and imports again.

- An import whose as-of date is older than a stored value's, for a value it would change, would
  revert a newer figure (last week's export imported after this week's): each such value is an
  ``OlderValue`` naming the file, row, column, both values and both dates.
- A new company whose name, compared as index names are (full and half width, spaces, case),
  equals the name of another company under another ticker is a typo of the ticker or really a
  second listing (A+H): a ``SameNameCompany``.
- A stored company's ticker on a row that names another stored company (a ticker typed from the
  row above) would write that company's figures, or its segment, to the wrong company: a
  ``NameOfAnotherCompany``, unless the ticker is confirmed (``renamed_companies``: a rename, or
  the figures are the ticker's indeed). A name that is no stored company's and no spelling of the
  ticker's own (ST, *ST, （A股）, -U, a short form within the long one) asks the same: an
  ``UnfamiliarName`` (``other`` empty).
- Ratios (growth, return, weekly change) in a column that states no unit (no %, no 小数) whose
  numbers look like percentages (a typical company growing more than 100%, an index moving more
  than 20% in a week) would be stored 100 times too big: a ``RatioUnitQuestion``, answered with
  ``ratio_unit`` (``percent`` or ``fraction``) for every such column of the import.
- Amounts in a column whose header names no unit, read in the unit the import assumed (元, the
  ``--amount-unit``, a title row's 单位：万元), whose bulk is 10^2 or more times off the
  store's own figures for the same ticker, metric and period would replace them with figures a
  unit off: an ``AmountUnitQuestion``, answered with the unit (``--amount-unit``, or the header's).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.domain.metrics import METRICS, _plain, format_value, is_number, values_apart
from workbench.domain.values import unit_factor
from workbench.errors import Problem
from workbench.imports.headers import text_key
from workbench.imports.indices import IndexNamedAsAnother, IndexNearMatch, IndicesToConfirm
from workbench.imports.readers import cell_text

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class OlderValue(Problem):
    """A value the import would change although the file's as-of date is older than the stored one's."""

    ticker: str = ""
    metric: str = ""
    period: str = ""
    stored: float | None = None
    stored_as_of: str = ""
    incoming: float | None = None
    incoming_as_of: str = ""


@dataclass(frozen=True)
class SameNameCompany(Problem):
    """A new company whose name is another company's (stored, or new in the same import)."""

    incoming: str = ""
    name: str = ""
    existing: str = ""
    existing_name: str = ""
    existing_is_new: bool = False


@dataclass(frozen=True)
class NameOfAnotherCompany(Problem):
    """A stored company's ticker on a row whose name is another stored company's."""

    ticker: str = ""
    name: str = ""          # the name the row gives
    stored_name: str = ""   # the ticker's own stored name
    other: str = ""         # the company whose name the row gives
    other_name: str = ""


@dataclass(frozen=True)
class UnfamiliarName(NameOfAnotherCompany):
    """A stored company's ticker on a row whose name is neither its own (in any spelling) nor any
    stored company's: ``other`` and ``other_name`` are empty; answered as a NameOfAnotherCompany."""


@dataclass(frozen=True)
class RatioUnitQuestion(Problem):
    """Ratios in a column stating no unit whose numbers look like percentages: percent or fraction?"""

    metric: str = ""            # the metric code, or index_change for a quotes file's change column
    example: float | None = None  # the example cell as written (a typical one: nearest the median)
    held_as_fraction: int = 0   # figures the store holds that read as fractions match: 100x smaller if percent
    held_as_percent: int = 0    # ... that read as percentages match: 100x larger if answered fraction


@dataclass(frozen=True)
class AmountUnitQuestion(Problem):
    """Amounts in a column stating no unit that are a unit off the store's own figures: which unit?"""

    metric: str = ""
    period: str = ""
    unit: str = ""              # the unit the column was read in
    power: int = 0              # the file's figures as read are about 10**power times the stored ones
    examples: tuple = ()        # (ticker, stored value, file cell as written, value as read), two at most


QUESTIONS = (IndexNearMatch, OlderValue, SameNameCompany, NameOfAnotherCompany, IndexNamedAsAnother,
             RatioUnitQuestion, AmountUnitQuestion)  # UnfamiliarName is a NameOfAnotherCompany


def is_question(problem) -> bool:
    return isinstance(problem, QUESTIONS)


class ImportQuestions(IndicesToConfirm):
    """An import stopped only by questions: near-matching index names, values older than the
    stored ones, new companies named like others, stored tickers or index codes named as another
    company or index, ratios without a unit that look like percentages, amounts without a unit a
    unit off the stored ones. Answer, then import again with ``confirm_new_indices`` /
    ``map_indices``, ``allow_older``, ``new_companies``, ``renamed_companies``, ``ratio_unit``,
    ``default_amount_unit`` (or a unit in the header)."""

    older_count = 0  # values older than the stored ones, the ones past the problem cap included

    @property
    def older_values(self) -> list[OlderValue]:
        return [p for p in self.problems if isinstance(p, OlderValue)]

    @property
    def same_name_companies(self) -> list[SameNameCompany]:
        return [p for p in self.problems if isinstance(p, SameNameCompany)]

    @property
    def names_of_other_companies(self) -> list[NameOfAnotherCompany]:
        return [p for p in self.problems if isinstance(p, NameOfAnotherCompany)]

    @property
    def ratio_units(self) -> list[RatioUnitQuestion]:
        return [p for p in self.problems if isinstance(p, RatioUnitQuestion)]

    @property
    def amount_units(self) -> list[AmountUnitQuestion]:
        return [p for p in self.problems if isinstance(p, AmountUnitQuestion)]


def company_name_key(name) -> str:
    """The form of a company name that spellings of one name share: NFKC (full-width letters,
    digits and punctuation become half-width), 【】 as [], no whitespace, upper case."""
    return _SPACE.sub("", text_key(name or "")).upper()


# --------------------------------------------------------------------------- older values

def _value_text(metric: str, value) -> str:
    m = METRICS.get(metric)
    return _plain(m.kind if m else "", float(value)) if value is not None else "--"


def older_value_message(ticker: str, metric: str, period: str, stored, stored_as_of: str, incoming,
                        incoming_as_of: str) -> str:
    m = METRICS.get(metric)
    what = f"{ticker} {m.zh if m else metric} {period}"
    shown_in, shown_stored = _value_text(metric, incoming), _value_text(metric, stored)
    if m and shown_in == shown_stored and incoming is not None and stored is not None and incoming != stored:
        # two values that print alike are shown to the digit where they differ, in the unit printed
        unit = shown_in[len(format_value(m.kind, float(incoming))):] if m.kind == "amount" else ""
        shown_in, shown_stored = (v + unit for v in values_apart(m.kind, float(incoming), float(stored)))
    return (f"{what}: 文件中的值 {shown_in}（截至 {incoming_as_of}）早于库中的值 "
            f"{shown_stored}（截至 {stored_as_of}），未导入；若确要用较旧的数据覆盖，加 --older "
            f"(the file's value, as of {incoming_as_of}, is older than the stored one, as of {stored_as_of}; "
            f"nothing was imported; to apply it deliberately: --older)")


def check_older_values(parsed: list, newer_than) -> None:
    """Flag each fact a file would change whose stored value is dated after the file's as-of date.

    ``newer_than(as_of)`` returns the stored facts dated after ``as_of`` as (ticker, metric,
    period, value, as_of) rows (usually none: a store is read once per distinct as-of date)."""
    cache: dict[str, dict] = {}
    for pf in parsed:
        if not len(pf.facts):
            continue
        f = pf.facts
        dates = f.as_of if f.as_of is not None else np.full(len(f), pf.as_of, dtype=object)
        found = []
        for day in pd.unique(dates).tolist():  # each fact against the stored ones by its own date
            if not day:
                continue
            if day not in cache:
                cache[day] = {(t, m, p): (v, a) for t, m, p, v, a in newer_than(day)}
            newer = cache[day]
            if newer:
                found += [(i, newer) for i in np.flatnonzero(dates == day)
                          if (f.ticker[i], f.metric[i], f.period[i]) in newer]
        if not found:
            continue
        by_key = {(m, p): label for c in pf.columns if c.role == "metric" and c.metric
                  for m, p, label in [(c.metric, c.period, c.label)]}
        value_label = next((c.label for c in pf.columns if c.role == "value"), None)
        for i, newer in sorted(found, key=lambda x: x[0]):
            key = (f.ticker[i], f.metric[i], f.period[i])
            stored, stored_as_of = newer[key]
            incoming = float(f.value[i])
            if stored is not None and stored == incoming:
                continue  # unchanged: the newer date stays
            row = int(f.row[i])
            if not pf.problems.keeps(row):
                pf.problems.add_problem(OlderValue("", row=row))  # counted, not listed
                continue
            column = value_label if pf.kind == "long" else by_key.get((key[1], key[2]))
            pf.problems.add_problem(OlderValue(
                older_value_message(*key, stored, stored_as_of, incoming, dates[i]), file=pf.name, row=row,
                column=column, ticker=key[0], metric=key[1], period=key[2], stored=stored,
                stored_as_of=stored_as_of, incoming=incoming, incoming_as_of=dates[i]))


# --------------------------------------------------------------------------- company names

def same_name_message(incoming: str, name: str, existing: str, existing_name: str, existing_is_new: bool) -> str:
    other = "本次导入的另一家新公司 (another new company of this import)" if existing_is_new else \
        "已有公司 (the existing company)"
    return (f"新公司 {incoming}“{name}”与{other} {existing}“{existing_name}”同名，未导入：是代码输错了，还是确为"
            f"另一上市主体（如 A+H）？若是输错，请改正文件中的代码；若确为另一家，加 --new-company {incoming} "
            f"(a new company has the name of {existing}; nothing was imported: a typo of the ticker, or really "
            f"a second listing such as A+H? Correct the ticker in the file, or confirm with "
            f"--new-company {incoming})")


def check_company_names(parsed: list, stored: list[dict], confirmed) -> None:
    """Flag each new company (not stored, not confirmed) named like another company."""
    known = {c["ticker"] for c in stored}
    names: dict[str, tuple[str, str, bool]] = {}
    for c in stored:
        names.setdefault(company_name_key(c["name"]), (c["ticker"], c["name"], False))
    seen: set[str] = set()
    for pf in parsed:
        for c in pf.companies:
            ticker, name = c["ticker"], c.get("name")
            if ticker in known or ticker in seen or not name:
                continue
            seen.add(ticker)
            key = company_name_key(name)
            other = names.get(key)
            if other is not None and other[0] != ticker and ticker not in confirmed:
                pf.problems.add_problem(SameNameCompany(
                    same_name_message(ticker, name, *other), file=pf.name, row=c.get("row"),
                    column=pf.ticker_column, value=ticker, incoming=ticker, name=name, existing=other[0],
                    existing_name=other[1], existing_is_new=other[2]))
            names.setdefault(key, (ticker, name, True))


def other_name_message(ticker: str, name: str, stored_name: str, other: str, other_name: str) -> str:
    return (f"{ticker} 在库中为“{stored_name}”，而文件中的简称“{name}”是另一家公司 {other}“{other_name}”的简称，"
            f"未导入：是代码输错了，还是确为 {ticker} 的数据（如公司改名）？若是输错，请改正文件中的代码；"
            f"若确为 {ticker}，加 --rename {ticker} (the ticker {ticker} is stored as “{stored_name}”, but the row "
            f"names another company, {other} “{other_name}”; nothing was imported: a mistyped ticker, or really "
            f"{ticker}, e.g. renamed? Correct the ticker in the file, or confirm with --rename {ticker})")


# A-share short names around the company's own: risk marks and new-listing marks before it, the
# share class and the STAR market's marks (-U not yet profitable, -W weighted votes, -D depositary) after it
_PREFIX = re.compile(r"^(?:S?\*?ST|SST|[NC](?=[\u4e00-\u9fff])|X[DR](?=[\u4e00-\u9fff])|DR(?=[\u4e00-\u9fff]))")
_SUFFIX = re.compile(r"(?:\(?[AB]股\)?|-[UWD]{1,3})$")


def _bare_name(name) -> str:
    key = company_name_key(name)
    for _ in range(2):
        key = _SUFFIX.sub("", _PREFIX.sub("", key))
    return key


def same_company_name(name, *known) -> bool:
    """Whether ``name`` is a spelling of one of the ``known`` names of one company: equal once
    widths, spaces, ST/*ST and new-listing marks, （A股） and -U/-W/-D are set aside, or one holding
    the other (润欣 in 润欣科技, 润欣科技 in 上海润欣科技股份有限公司)."""
    a = _bare_name(name)
    if not a:
        return True
    for k in known:
        b = _bare_name(k)
        if not b:
            continue
        if a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a)):
            return True
    return False


# a company's registered (legal) name, as opposed to its short name: its company-form ending, or a
# column of such names (公司名称, 全称)
# (not 集团 or 控股: 上汽集团 and 鹏鼎控股 are short names)
_FULL_NAME_ENDINGS = ("股份有限公司", "有限责任公司", "有限公司", "公司", "co., ltd.", "co.,ltd.",
                      "co., ltd", "co.,ltd", "limited", "inc.", "inc", "corporation", "corp.")
_FULL_NAME_HEADERS = ("公司名称", "全称", "company name", "full name")


def is_full_name(name, column: str | None = None) -> bool:
    """Whether ``name`` is a company's full legal name (沪士电子股份有限公司), never its short name:
    by its ending, or by the column it stands in (公司名称, 公司全称)."""
    text = str(name or "").strip().rstrip("）)").strip().lower()
    bare = re.sub(r"[（(][^（()）]*[)）]$", "", str(name or "").strip()).strip().lower()
    if any(t.endswith(e) for t in (text, bare) for e in _FULL_NAME_ENDINGS):
        return True
    header = (column or "").strip().lower()
    return any(h in header for h in _FULL_NAME_HEADERS)


def unfamiliar_name_message(ticker: str, name: str, stored_name: str) -> str:
    return (f"{ticker} 在库中为“{stored_name}”，而文件中的名称为“{name}”，库中没有这个名称，未导入：是代码输错了，"
            f"还是确为 {ticker} 的数据（如公司改名）？若是输错，请改正文件中的代码；若确为 {ticker}，加 --rename "
            f"{ticker} (the ticker {ticker} is stored as “{stored_name}”, but the row names “{name}”, a name the store "
            f"does not know; nothing was imported: a mistyped ticker, or really {ticker}, e.g. renamed? Correct the "
            f"ticker in the file, or confirm with --rename {ticker})")


def check_ticker_names(parsed: list, stored: list[dict], confirmed) -> None:
    """Flag each row of a stored company (not confirmed) whose name is not its own: another stored
    company's, or one the store does not know (no spelling of its own): the figures and segment of
    the row would land on the wrong company."""
    own = {c["ticker"]: c["name"] for c in stored}
    full = {c["ticker"]: c.get("full_name") for c in stored}
    names: dict[str, list[tuple[str, str]]] = {}
    for c in stored:
        names.setdefault(company_name_key(c["name"]), []).append((c["ticker"], c["name"]))
    asked: set[tuple[str, str]] = set()
    for pf in parsed:
        column = next((col.label for col in pf.columns if col.role == "name"), None)
        for c in pf.companies:
            ticker, name = c["ticker"], c.get("name")
            if ticker not in own or not name:
                continue
            key = company_name_key(name)
            if key == company_name_key(own[ticker]):
                continue
            others = [o for o in names.get(key, ()) if o[0] != ticker]
            if not others and is_full_name(name, column):
                # a registered name names the company, never its short name: no question, and never
                # written over the short name (not even with --rename)
                c.pop("name", None)
                continue
            if ticker in confirmed or (ticker, key) in asked:
                continue
            if not others:
                if same_company_name(name, own[ticker], full[ticker] or ""):
                    continue
                asked.add((ticker, key))
                pf.problems.add_problem(UnfamiliarName(
                    unfamiliar_name_message(ticker, name, own[ticker]), file=pf.name, row=c.get("row"),
                    column=column, value=name, ticker=ticker, name=name, stored_name=own[ticker]))
                continue
            asked.add((ticker, key))
            other, other_name = others[0]
            pf.problems.add_problem(NameOfAnotherCompany(
                other_name_message(ticker, name, own[ticker], other, other_name), file=pf.name, row=c.get("row"),
                column=column, value=name, ticker=ticker, name=name, stored_name=own[ticker], other=other,
                other_name=other_name))


# --------------------------------------------------------------------------- ratio units

RATIO_UNITS = ("percent", "fraction")
# Read as fractions, ratios no file means: most companies of a column (three or more) growing or
# returning more than 100%, or the typical company of a column (its median) more than 500%; an index
# moving more than 20% in one week, or the typical index of a file (three or more) more than 10%.
# A column is judged by its bulk, never by its largest cell: one real outlier among ordinary
# fractions (寒武纪-U's revenue growth of +4347.82%) is a fact, not a unit.
TYPICAL_LIMIT, TYPICAL_COUNT = 1.0, 3
BULK_LIMIT = 5.0
WEEK_LIMIT, WEEK_TYPICAL_LIMIT = 0.2, 0.1


def percent_like(metric: str, values: np.ndarray) -> str | None:
    """Why ratios written without a unit (``values`` as written) look like percentages, or None."""
    a = np.abs(np.asarray(values, dtype=float))
    a = a[~np.isnan(a)]
    if not len(a):
        return None
    if metric == "index_change":
        if a.max() > WEEK_LIMIT:
            return f"按小数读入，一周涨跌超过 {WEEK_LIMIT:.0%} (read as a fraction, a week's change beyond {WEEK_LIMIT:.0%})"
        if len(a) >= 3 and np.median(a) > WEEK_TYPICAL_LIMIT:
            return (f"按小数读入，多数指数一周涨跌超过 {WEEK_TYPICAL_LIMIT:.0%} (read as fractions, most indices "
                    f"moved more than {WEEK_TYPICAL_LIMIT:.0%} in a week)")
        return None
    beyond = int((a > TYPICAL_LIMIT).sum())
    if beyond >= TYPICAL_COUNT and beyond * 2 > len(a):  # two tech stocks up 116% and 219% are no pattern
        return (f"按小数读入，半数以上超过 {TYPICAL_LIMIT:.0%} (read as fractions, more than half are beyond "
                f"{TYPICAL_LIMIT:.0%})")
    if np.median(a) > BULK_LIMIT:
        return (f"按小数读入，多数超过 {BULK_LIMIT:.0%} (read as fractions, the typical one is beyond "
                f"{BULK_LIMIT:.0%})")
    return None


def fraction_like(metric: str, values) -> bool:
    """True when ratios written without a unit and read as percentages (the grid's reading: 0.05 is
    0.05%) may as well be fractions copied from a sheet that holds them so (0.05 is 5%): every figure
    below 1 in size, one at least not zero, and read as fractions none looks like a percentage
    (``percent_like``). The import's question the other way round: percentages or fractions?"""
    a = np.abs(np.asarray(values, dtype=float))
    a = a[~np.isnan(a)]
    if not len(a) or not a.any() or a.max() >= 1.0:
        return False
    return percent_like(metric, a) is None


def typical_cell(values: np.ndarray, idx: np.ndarray) -> int:
    """The position (in ``values``) of the cell of ``idx`` nearest the median of |v|: the example a
    question shows, so the column's bulk is what the user judges, never its outlier."""
    a = np.abs(values[idx])
    return int(idx[int(np.argmin(np.abs(a - np.median(a))))])


def printed_decimals(cell, value: float) -> int:
    """Digits after the decimal point as the cell prints the number (a number cell: its shortest repr)."""
    text = cell.strip() if isinstance(cell, str) else repr(float(value))
    text = text.replace(",", "").rstrip("%").strip()
    if "e" in text.lower():
        return 15
    return len(text.split(".", 1)[1]) if "." in text else 0


def stored_matches(written: np.ndarray, cells, stored: list) -> tuple[int, int]:
    """How many of the store's own figures for the same company, metric and period ratios written
    without a unit match as fractions only, and as percentages only, at the precision printed."""
    counts = {"fraction": 0, "percent": 0}
    for w, cell, s in zip(written, cells, stored):
        if s is None or np.isnan(w):
            continue
        half = 0.5 * 10.0 ** -printed_decimals(cell, w) + 1e-12 * max(1.0, abs(s))
        fraction = abs(w - s) <= half
        percent = abs(w / 100 - s) <= half / 100 + 1e-12 * max(1.0, abs(s))
        if fraction != percent:
            counts["fraction" if fraction else "percent"] += 1
    return counts["fraction"], counts["percent"]


def unit_of_matches(as_fraction: int, as_percent: int) -> str | None:
    """The reading the store's figures prove (see ``stored_matches``): the only one they match, or
    None when none or both do."""
    if as_fraction and not as_percent:
        return "fraction"
    if as_percent and not as_fraction:
        return "percent"
    return None


def rescale_note(as_fraction: int, as_percent: int) -> str:
    """What each answer would do to figures the store holds: said before the user answers."""
    notes = []
    if as_fraction:
        notes.append(f"库中已有其中 {as_fraction} 个数与按小数读入相同，选百分数会把它们改为原来的 1/100 (the store holds "
                     f"{as_fraction} of these figures as read as fractions: answering percent makes them 100 times "
                     f"smaller)")
    if as_percent:
        notes.append(f"库中已有其中 {as_percent} 个数与按百分数读入相同，选小数会把它们改为原来的 100 倍 (the store holds "
                     f"{as_percent} of these figures as read as percentages: answering fraction makes them 100 times "
                     f"larger)")
    return "；".join(notes)


def ratio_unit_message(label: str, who: str, raw_text: str, example: float, why: str) -> str:
    as_fraction = f"{example * 100:.6g}%"
    return (f"“{label}”列未注明单位（标题中没有 % 或“小数”），其中的数字像百分数：{who} 为 {raw_text}，按小数读入即 "
            f"{as_fraction}；{why}。未导入：请指明单位，是百分数（{raw_text} 即 {raw_text}%）加 --ratio-unit percent，"
            f"是小数加 --ratio-unit fraction（导入窗口中在“比率单位”里选择），或在列标题注明“(%)”或“(小数)” "
            f"(the column states no unit and its numbers look like percentages: {raw_text} read as a fraction is "
            f"{as_fraction}; nothing was imported: give --ratio-unit percent or --ratio-unit fraction, or write "
            f"(%) or (小数) in the header)")


def ask_ratio_unit(problems, metric: str, values: np.ndarray, mask: np.ndarray, who: np.ndarray | list,
                   excel_rows: np.ndarray, raw, label: str, held: tuple[int, int] = (0, 0)) -> bool:
    """Add a ``RatioUnitQuestion`` when the masked cells (ratios as written, no unit stated) look
    like percentages; located at a typical cell (the example, nearest the median). True when one
    was added."""
    idx = np.flatnonzero(mask & ~np.isnan(values))
    why = percent_like(metric, values[idx]) if len(idx) else None
    if why is None:
        return False
    a = np.abs(values[idx])
    # a single week beyond the limit is the reason: shown; otherwise a typical cell
    j = int(idx[int(np.argmax(a))]) if metric == "index_change" and a.max() > WEEK_LIMIT else typical_cell(values, idx)
    raw_cell = raw.iloc[j] if hasattr(raw, "iloc") else raw[j]
    text = str(raw_cell).strip() if isinstance(raw_cell, str) else f"{float(values[j]):.10g}"
    note = rescale_note(*held)
    problems.add_problem(RatioUnitQuestion(
        ratio_unit_message(label, str(who[j]), text, float(values[j]), why) + (f"；{note}" if note else ""),
        file=problems.file, row=int(excel_rows[j]), column=label, value=text, metric=metric,
        example=float(values[j]), held_as_fraction=held[0], held_as_percent=held[1]))
    return True


# --------------------------------------------------------------------------- amount units

# A column read in the wrong unit (元, 千元, 万元, 百万元, 亿元) is a power of ten off the figures the
# store holds for the same companies and period: 10^2 or more (百万元 read as 亿元 is 10^2, 千元 read
# as 元 10^-3); revisions and real growth stay within 10x (10^1), and are never asked about. The
# column's bulk decides (the median of the powers of ten), never one cell: the evidence needs
# EVIDENCE_ROWS overlapping rows whose stored figure is no near-zero one (printing 0.0 亿元, below
# NEAR_ZERO 元) and has the sign of the file's figure; otherwise the store says nothing about the unit.
AMOUNT_MIN_POWER = 2
EVIDENCE_ROWS = 2
NEAR_ZERO = 5e6  # 0.05 亿元: what prints as 0.0 亿元 is no yardstick
UNIT_SLACK = 0.5  # powers of ten either side of a unit's exact power that still name it
AMOUNT_UNIT_NAMES = {1.0: "元", 1e3: "千元", 1e4: "万元", 1e6: "百万元", 1e8: "亿元"}


def evidence_pairs(read: np.ndarray, stored: list) -> list[int]:
    """The positions whose stored figure can say something about the unit: present, not near zero,
    the file's figure finite, non-zero and of the stored figure's sign (a stored figure that is not a
    number, written outside the workbench, says nothing)."""
    out = []
    for k, (r, s) in enumerate(zip(np.asarray(read, dtype=float).tolist(), stored)):
        if not is_number(s) or abs(s) < NEAR_ZERO or r != r or r == 0 or not math.isfinite(r) or not math.isfinite(s):
            continue
        if (r > 0) != (s > 0):
            continue  # a swing from profit to loss is a fact, not a unit
        out.append(k)
    return out


def amount_power_off(read: np.ndarray, stored: list, unit: str = "元") -> int | None:
    """The power of ten by which most amounts of a column as read (in ``unit``) are off the store's
    own figures for the same ticker, metric and period: a power that names a unit when the gap is
    within UNIT_SLACK of one's (10^-3 read as 元 is 千元), else the nearest whole power; None when
    the evidence is too thin (fewer than EVIDENCE_ROWS usable rows) or the gap is under 10^2."""
    keep = evidence_pairs(read, stored)
    if len(keep) < EVIDENCE_ROWS:
        return None
    read = np.asarray(read, dtype=float)
    middle = float(np.median([math.log10(abs(read[k] / stored[k])) for k in keep]))
    if abs(middle) < AMOUNT_MIN_POWER - 0.5:
        return None
    here = math.log10(unit_factor(unit))
    named = [round(here - math.log10(f)) for f in AMOUNT_UNIT_NAMES]
    near = min(named, key=lambda k: abs(middle - k))
    if near != 0 and abs(middle - near) <= UNIT_SLACK:
        return near
    return round(middle)


def _unit_named(factor: float) -> str | None:
    for f, name in AMOUNT_UNIT_NAMES.items():
        if math.isclose(factor, f, rel_tol=1e-9):
            return name
    return None


def amount_unit_message(label: str, metric: str, unit: str, origin: str, power: int, examples: list) -> str:
    m = METRICS[metric]
    read_as = {"option": f"按所指定的金额单位 {unit} 读入", "title": f"按标题行的“单位：{unit}”读入",
               "line": f"按表格底部的“单位：{unit}”读入"}.get(origin, f"未注明单位，按{unit}读入")
    read_en = {"option": f"read in {unit} as --amount-unit says", "title": f"read in {unit} as the title row says",
               "line": f"read in {unit} as the unit line at the bottom says"}.get(origin, f"no unit given, read as {unit}")
    implied = _unit_named(unit_factor(unit) / 10.0 ** power)
    # each example as stored and as the file writes it, in the unit it was read in (never a 1e-07 亿元)
    shown = "；".join(f"{t} 库中为 {format_value('amount', s)} 亿元，文件中为 {cell}（按{unit}读入）"
                     for t, s, cell, _ in examples)
    shown_en = "; ".join(f"{t}: stored {format_value('amount', s)} 亿元, the file {cell} (read in {unit})"
                         for t, s, cell, _ in examples)
    bigger = "大" if power > 0 else "小"
    times = f"10^{abs(power)}"
    disagree = (f"所指定的金额单位 {unit} 与库中的数相差 {times} 倍 (--amount-unit {unit} disagrees with the store by "
                f"{times})；") if origin == "option" else ""
    if implied:
        ask = (f"文件多半以{implied}为单位。未导入：请加 --amount-unit {implied} 指明（导入窗口中在该列的“单位”里选择），"
               f"或在列标题注明单位，如“{m.zh}[{implied}]”（列标题中的单位优先，确认库中的数有误时用它）")
        ask_en = f"nothing was imported: give the unit with --amount-unit {implied}, or write it in the header"
    else:
        ask = (f"这一差距无法由元、千元、万元、百万元、亿元中的任何一种单位解释，无法据此判断文件的单位。未导入：请核对文件，"
               f"写明其金额单位：加 --amount-unit 与文件相符的单位（导入窗口中在该列的“单位”里选择），或在列标题注明该单位，"
               f"写法如“{m.zh}[单位]”（列标题中的单位优先，确认库中的数有误时用它）")
        ask_en = ("no unit explains a gap of this size, so none can be named; nothing was imported: check the file "
                  "and give its unit with --amount-unit, or write it in the header")
    return (f"“{label}”列{read_as}后，比库中同一公司、同一报告期的{m.zh}{bigger}约 {times} 倍：{shown}。{disagree}"
            f"{ask} (the column, {read_en}, is about {times} times {'larger' if power > 0 else 'smaller'} than the "
            f"store's {m.en} of the same companies and period: {shown_en}; {ask_en})")


def ask_amount_unit(problems, metric: str, period: str | None, read: np.ndarray, mask: np.ndarray, tickers,
                    excel_rows: np.ndarray, raw, label: str, unit: str, origin: str, stored) -> bool:
    """Add an ``AmountUnitQuestion`` when the masked amounts (as read in ``unit``, the column stating
    none) are 10^2 or more off the store's own figures for the same tickers, metric and ``period``
    (``stored(metric, period, tickers)``: ticker to value), judged on two rows or more whose stored
    figure is not near zero and has the file's sign; located at a typical example row. True when
    one was added."""
    idx = np.flatnonzero(mask & ~np.isnan(read))
    if stored is None or period is None or not len(idx):
        return False
    held = stored(metric, period, [str(t) for t in tickers[idx]])
    pairs = [(int(i), held.get(str(tickers[i]))) for i in idx.tolist()]
    pairs = [(i, s) for i, s in pairs if s is not None]
    if not pairs:
        return False
    values = read[[i for i, _ in pairs]]
    power = amount_power_off(values, [s for _, s in pairs], unit)
    if power is None:
        return False
    pairs = [pairs[k] for k in evidence_pairs(values, [s for _, s in pairs])]
    # examples: the cells nearest the column's typical power, in the sheet's order
    near = sorted(pairs, key=lambda p: abs(math.log10(abs(read[p[0]] / p[1])) - power))[:2]
    near.sort(key=lambda p: p[0])

    def cell(i):
        v = raw.iloc[i] if hasattr(raw, "iloc") else raw[i]
        return v.strip() if isinstance(v, str) else cell_text(v)

    examples = [(str(tickers[i]), float(s), cell(i), float(read[i])) for i, s in near]
    first = near[0][0]
    problems.add_problem(AmountUnitQuestion(
        amount_unit_message(label, metric, unit, origin, power, examples), file=problems.file,
        row=int(excel_rows[first]), column=label, value=examples[0][2], metric=metric, period=period, unit=unit,
        power=power, examples=tuple(examples)))
    return True
