"""Column headers from Wind, iFinD and hand-made sheets: role, metric, period and unit.

Understands Wind's tagged cells (``营业收入\\n[报告期] 2024三季\\n[单位] 万元``), one-line forms
(``营业收入(亿元)2023年报``, ``Revenue 2023A``), the workbench's own export form
(``revenue_24q1q3_yoy``, ``pe_2024e``) and the plain key columns (证券代码, 简称, 细分板块, ...).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal

from workbench.domain.metrics import METRICS
from workbench.domain.periods import parse_period
from workbench.domain.values import UNIT_FACTORS, unit_factor
from workbench.errors import ValidationError

ColumnRole = Literal["ticker", "name", "segment", "metric", "period", "value", "date", "close", "change",
                     "index_code", "index_name", "ignore", "unknown",
                     "full_name", "industry", "name_en", "unit"]
ROLES: tuple[str, ...] = ("ticker", "name", "segment", "metric", "period", "value", "date", "close", "change",
                          "index_code", "index_name", "ignore", "unknown",
                          "full_name", "industry", "name_en", "unit")


@dataclass(frozen=True)
class ColumnInfo:
    """What one column holds, as shown in the import dialog and used by the import.

    ``role`` 'metric' with ``metric`` set is a wide-layout value column; 'metric' with
    ``metric`` None is the column naming the metric in a long layout. ``period`` is the
    canonical period code (2023A, 2024Q1-Q3, 2024E, 2024YTD or a date for prices).
    ``unit`` is the unit the cells are written in (亿元, %, ...), None when the stored unit.
    """

    header: str
    role: str
    metric: str | None = None
    period: str | None = None
    unit: str | None = None
    recognised: bool = True
    position: int = 0
    note: str = ""

    @property
    def label(self) -> str:
        return one_line(self.header)

    def to_mapping(self) -> dict:
        """The JSON form a hand mapping is remembered in."""
        out: dict = {"role": self.role}
        for key in ("metric", "period", "unit"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


# --------------------------------------------------------------------------- text helpers

def normalise_text(raw: object) -> str:
    """Full-width forms to ASCII (（）％：), 【】 to [], non-breaking spaces to spaces."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw))
    return text.replace("【", "[").replace("】", "]").replace("\u00a0", " ").strip()


def one_line(raw: object) -> str:
    """A header as one line, for messages and the dialog."""
    return " ".join(normalise_text(raw).split())


def text_key(raw: object) -> str:
    """The form two spellings of one name or segment share (full or half width, 【】 or [],
    runs of spaces): what names are compared by, never what is stored."""
    return one_line(raw)


def header_signature(headers) -> str:
    """A stable key for a set of headers, so a hand mapping can be remembered for such files."""
    parts = [one_line(h).lower() for h in headers]
    while parts and parts[-1] == "":
        parts.pop()
    digest = hashlib.sha1("\u241f".join(parts).encode("utf-8")).hexdigest()
    return digest[:20]


def _key(text: str) -> str:
    """Lower-case text with spaces and punctuation removed, for synonym look-ups."""
    return re.sub(r"[\s_\-:/·.,()\[\]'\"`]+", "", text.lower())


# --------------------------------------------------------------------------- key columns

_KEYWORDS: dict[str, str] = {}


def _words(role: str, *words: str) -> None:
    for w in words:
        _KEYWORDS[_key(w)] = role


_words("ticker", "证券代码", "代码", "股票代码", "公司代码", "ticker", "code", "symbol", "stock code", "sec code",
       "security code", "wind code", "wind代码", "证券代码(wind)", "交易代码")
_words("index_code", "指数代码", "index code", "index_code")
_words("name", "证券简称", "简称", "股票简称", "公司简称", "名称", "name", "short name", "公司", "company",
       "证券名称", "股票名称", "公司名称", "company name")
_words("index_name", "指数名称", "指数简称", "指数", "index name", "index_name", "index")
_words("name_en", "英文名称", "英文简称", "指数英文名称", "name_en", "index_name_en", "english name")
_words("full_name", "公司全称", "全称", "证券全称", "公司中文名称", "full name", "full_name")
_words("segment", "细分板块", "板块", "细分领域", "子板块", "所属板块", "细分赛道", "赛道", "细分", "segment",
       "sub sector", "subsector")
_words("industry", "行业", "所属行业", "申万行业", "所属申万行业", "申万一级行业", "所属申万一级行业",
       "所属wind行业", "wind行业", "中信行业", "所属中信行业", "industry", "sector")
_words("period", "报告期", "期间", "会计期间", "报告期间", "财报期", "period")
_words("metric", "指标", "指标名称", "指标代码", "项目", "metric", "item", "indicator", "field")
_words("value", "数值", "值", "指标值", "数据", "value", "val")
_words("unit", "单位", "unit")
_words("date", "日期", "交易日期", "截止日期", "周末日期", "date", "week_end", "week end", "week end date",
       "trade date", "时间", "as_of", "as of", "截至日期", "截至", "数据日期")
_words("close", "收盘价", "收盘", "收盘点位", "close", "close price")
_words("change", "涨跌幅", "周涨跌幅", "本周涨跌幅", "涨跌", "周涨幅", "change", "weekly_change", "chg",
       "pct change", "pct chg", "weekly return")
_words("ignore", "序号", "编号", "no", "#")

TICKER_ROLES = ("ticker", "index_code")


def keyword_role(text: str) -> str | None:
    """The role of a key column by its (unit-free) name, or None; accepts '代码 Ticker' pairs."""
    k = _key(text)
    if not k:
        return None
    if k in _KEYWORDS:
        return _KEYWORDS[k]
    parts = [p for p in re.split(r"[\s/|]+", text.strip()) if p]
    if len(parts) > 1:
        roles = {_KEYWORDS.get(_key(p)) for p in parts}
        if len(roles) == 1 and None not in roles:
            return roles.pop()
    # '代码Ticker', '简称Name': Chinese then English with no space
    m = re.fullmatch(r"([\u4e00-\u9fff]+)([A-Za-z_ ]+)", text.strip())
    if m:
        a, b = _KEYWORDS.get(_key(m.group(1))), _KEYWORDS.get(_key(m.group(2)))
        if a and a == b:
            return a
    return None


# --------------------------------------------------------------------------- metrics

_METRIC_WORDS: dict[str, str] = {}


def _metric(code: str, *words: str) -> None:
    for w in (code, *words):
        _METRIC_WORDS[_key(w)] = code


_metric("revenue", "营业收入", "营业总收入", "营收", "收入", "总营收", "营业收入合计", "revenue", "revenues",
        "total revenue", "operating revenue", "sales")
_metric("net_profit", "归母净利润", "归母净利", "归属母公司股东的净利润", "归属于母公司股东的净利润",
        "归属于母公司所有者的净利润", "归属母公司所有者的净利润", "归属于上市公司股东的净利润", "净利润",
        "net profit", "net_profit", "netprofit", "net income", "np", "net profit attributable")
_metric("pe", "市盈率", "pe", "p/e", "市盈率pe", "动态市盈率")
_metric("eps", "eps", "每股收益", "基本每股收益", "摊薄每股收益", "稀释每股收益")
_metric("ytd_return", "年初至今涨跌幅", "年初至今涨幅", "年初至今收益率", "年初至今", "今年以来涨跌幅",
        "今年以来涨幅", "年内涨跌幅", "ytd", "ytd return", "ytd_return")
_metric("close", "收盘价", "收盘", "close", "close price", "最新收盘价")
_metric("market_cap", "总市值", "市值", "market cap", "mkt cap", "market_cap")
_metric("shares", "总股本", "shares", "shares outstanding")

_YOY_WORDS = sorted(["同比增长率", "同比增速", "同比增长", "同比变化", "同比增幅", "同比", "增长率", "增速",
                     "yoy", "growth"], key=len, reverse=True)
_FORECAST_WORDS = sorted(["一致预测", "一致预期", "预测", "预期", "forecast", "consensus", "est"],
                         key=len, reverse=True)
_YOY_OF = {"revenue": "revenue_yoy", "net_profit": "net_profit_yoy"}

# Metrics whose value belongs to a reporting period, to a trading date, or to a year-to-date.
REPORT_METRICS = {"revenue", "revenue_yoy", "net_profit", "net_profit_yoy", "eps"}
DATE_METRICS = {"close", "market_cap", "shares"}


@dataclass(frozen=True)
class MetricName:
    code: str | None
    forecast: bool = False
    ttm: bool = False
    is_code: bool = False


def metric_from_name(text: str) -> MetricName:
    """Metric code for a name such as 归属母公司股东的净利润(同比增长率), 预测市盈率 or revenue_yoy."""
    raw = text.strip()
    if raw in METRICS:
        return MetricName(raw, is_code=True)
    k = _key(raw)
    if not k:
        return MetricName(None)
    forecast = ttm = False
    for w in _FORECAST_WORDS:
        wk = _key(w)
        if k.startswith(wk) and len(k) > len(wk):
            k, forecast = k[len(wk):], True
            break
    if k.endswith("ttm") and len(k) > 3:
        k, ttm = k[:-3], True
    if k in _METRIC_WORDS:
        return MetricName(_METRIC_WORDS[k], forecast, ttm)
    for w in _YOY_WORDS:
        wk = _key(w)
        if wk in k and k != wk:
            base = k.replace(wk, "", 1)
            code = _METRIC_WORDS.get(base)
            if code in _YOY_OF:
                return MetricName(_YOY_OF[code], forecast, ttm)
            if code and code.endswith("_yoy"):
                return MetricName(code, forecast, ttm)
            break
    return MetricName(None, forecast, ttm)


# --------------------------------------------------------------------------- units

AMOUNT_UNITS = {"元", "人民币元", "cny", "rmb", "yuan", "千元", "万元", "百万元", "百万", "mn", "亿元", "亿"}
PERCENT_UNITS = {"%", "百分比", "pct"}
FRACTION_UNITS = {"小数", "fraction"}  # a ratio column saying its figures are decimal fractions
MULTIPLE_UNITS = {"倍", "x", "×", "times"}
_UNIT_LIKE = re.compile(r"^(千|百|万|百万|千万|亿|十亿|k|m|mn|bn|b)?\s*"
                        r"(美元|港元|港币|元|欧元|日元|英镑|人民币|美金|usd|hkd|eur|jpy|gbp|股|万股|亿股|手)$", re.I)
_ACCEPTED_CURRENCIES = {"人民币", "cny", "rmb", "人民币元", "原始币种", "元"}


def is_unit(text: str) -> bool:
    return text.strip().lower() in UNIT_FACTORS


def looks_like_unit(text: str) -> bool:
    return bool(_UNIT_LIKE.match(text.strip()))


def unit_fits(unit: str, kind: str) -> bool:
    """Whether a unit can express a metric of this kind (an amount cannot be in %)."""
    u = unit.strip().lower()
    if kind == "amount":
        return u in AMOUNT_UNITS
    if kind == "ratio":
        return u in PERCENT_UNITS or u in FRACTION_UNITS
    if kind == "multiple":
        return u in MULTIPLE_UNITS
    if kind in ("price", "per_share"):
        return u in {"元", "人民币元", "cny", "rmb", "yuan", "点"}
    return True


# --------------------------------------------------------------------------- periods in headers

_CN_KIND = {"年报": "A", "年度报告": "A", "年度": "A", "三季报": "Q1-Q3", "三季度": "Q1-Q3", "前三季度": "Q1-Q3",
            "前三季": "Q1-Q3", "三季": "Q1-Q3", "中报": "H1", "半年报": "H1", "半年度": "H1", "中期报告": "H1",
            "中期": "H1", "一季报": "Q1", "一季度": "Q1", "一季": "Q1"}
_CN_KIND_RE = "|".join(sorted(map(re.escape, _CN_KIND), key=len, reverse=True))
_PERIOD_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"(?<![\dA-Za-z])(\d{4}|\d{2})\s*q1\s*[-~～]?\s*q?3(?![\dA-Za-z])", re.I), "Q1-Q3"),
    (re.compile(r"(?<!\d)(\d{4})\s*年?\s*(" + _CN_KIND_RE + ")"), "cn"),
    (re.compile(r"(?<![\dA-Za-z])(\d{4}|\d{2})\s*(h1|1h|q1|1q|q3|9m|ytd)(?![A-Za-z])", re.I), "q"),
    (re.compile(r"(?<![\dA-Za-z])(\d{4}|\d{2})\s*([aef])(?![A-Za-z])", re.I), "ae"),
    (re.compile(r"(?<!\d)(\d{4})\s*年?\s*(预测值|预测)"), "E"),
    (re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])\s*年?"), "year"),
]


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


@dataclass(frozen=True)
class _PeriodHit:
    period: str | None  # canonical period when the kind is explicit
    year: int | None    # a bare year whose kind depends on the metric
    span: tuple[int, int]


def find_period(text: str) -> _PeriodHit | None:
    """The first period written in a header name: 2023年报, 24Q1-Q3, 2024E, 2023A or a bare year."""
    for pattern, how in _PERIOD_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        year = _year(m.group(1))
        if how == "Q1-Q3":
            return _PeriodHit(f"{year}Q1-Q3", None, m.span())
        if how == "cn":
            return _PeriodHit(f"{year}{_CN_KIND[m.group(2)]}", None, m.span())
        if how == "q":
            return _PeriodHit(parse_period(f"{year}{m.group(2).upper()}"), None, m.span())
        if how == "ae":
            kind = m.group(2).upper()
            return _PeriodHit(f"{year}{'A' if kind == 'A' else 'E'}", None, m.span())
        if how == "E":
            return _PeriodHit(f"{year}E", None, m.span())
        return _PeriodHit(None, year, m.span())
    return None


def parse_date(raw: object) -> str | None:
    """ISO date from 2024-12-27, 2024/12/27, 20241227, 2024年12月27日 or an Excel date; else None."""
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = normalise_text(raw)
    m = re.search(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)", text)
    if not m:
        m = re.search(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)", text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


_REPORT_DATE_KIND = {"03-31": "Q1", "06-30": "H1", "09-30": "Q1-Q3", "12-31": "A"}


def report_period(text: str) -> str:
    """A period label as a report period; Wind's report dates (2024-09-30) become 2024Q1-Q3."""
    d = parse_date(text)
    if d and d[5:] in _REPORT_DATE_KIND and re.fullmatch(r"[\d\-/.年月日\s]+", normalise_text(text)):
        return d[:4] + _REPORT_DATE_KIND[d[5:]]
    return parse_period(normalise_text(text))


def _bare_period(text: str) -> str | None:
    """The report period a bracket holding nothing else names (2024三季报, 2024-09-30), or None."""
    try:
        period = report_period(text)
    except ValidationError:
        return None
    return None if parse_date(period) else period


# --------------------------------------------------------------------------- whole headers

_TAG_RE = re.compile(r"\[\s*([^\]]+?)\s*\]\s*([^\[\n]*)")
_PAREN_RE = re.compile(r"\(([^()]*)\)")
_DATE_IN_TEXT = re.compile(r"(?<!\d)\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?!\d)")


@dataclass(frozen=True)
class HeaderParse:
    """Everything one header cell says, before the layout decides what the column is."""

    header: str
    keyword: str | None = None      # role of a key column (ticker, name, date, close, ...)
    metric: str | None = None
    is_code: bool = False           # the metric was written as its code (revenue_yoy)
    period: str | None = None       # explicit period
    year: int | None = None         # bare year, its kind decided by the metric
    forecast: bool = False
    ttm: bool = False
    unit: str | None = None
    date: str | None = None         # [交易日期] / [截止日期] tag
    tagged: bool = False            # Wind-style [..] tags present
    errors: tuple[str, ...] = field(default_factory=tuple)
    rest: str = ""                  # name text left after the period and unit came out

    @property
    def metric_like(self) -> bool:
        """Looks like a data column (metric, period or tags), recognised or not."""
        return bool(self.metric or self.period or self.year or self.tagged or self.unit)


def parse_header(raw: object) -> HeaderParse:
    """Read one header cell: key-column keyword, metric, period, unit and Wind tags."""
    text = normalise_text(raw)
    header = "" if raw is None else str(raw)
    if not text:
        return HeaderParse(header)
    errors: list[str] = []
    unit: str | None = None
    period: str | None = None
    year: int | None = None
    tag_date: str | None = None
    bare_day: str | None = None  # a quarter-end date alone in brackets
    forecast = False

    first_bracket = text.find("[")
    name_part = text if first_bracket < 0 else text[:first_bracket]
    tags = _TAG_RE.findall(text[first_bracket:]) if first_bracket >= 0 else []
    tagged = False
    for tag, value in tags:
        tag, value = tag.strip(), value.strip()
        if not value and (is_unit(tag) or looks_like_unit(tag)):
            unit = tag          # 营业收入[亿元]
            continue
        if not value and not name_part.strip():
            name_part = tag     # 【营业收入】【报告期】2023年报
            continue
        tagged = True
        if not value and _bare_period(tag):
            period = period or _bare_period(tag)  # 归母净利润[2024三季报], 营业收入[2024-09-30]
            bare_day = bare_day or parse_date(tag)  # (收盘价[2024-12-31] names a day: see below)
            continue
        if not value and parse_date(tag):
            tag_date = tag_date or parse_date(tag)  # 收盘价(元)[2025-01-03]: the column's day, as [交易日期] says it
            continue
        if tag in ("单位", "unit"):
            unit = value
        elif tag in ("报告期", "报表期", "report period"):
            try:
                period = report_period(value)
            except ValidationError:
                errors.append(f"无法识别的报告期 (unknown period): {value}")
        elif tag in ("预测年度", "年度", "预测年份", "年份", "forecast year"):
            m = re.search(r"(\d{4})", value)
            if m:
                year = int(m.group(1))
                forecast = forecast or tag.startswith("预测") or tag.startswith("forecast")
            else:
                errors.append(f"无法识别的年度 (unknown year): {value}")
        elif tag in ("交易日期", "截止日期", "日期", "交易日", "截止日", "trade date"):
            tag_date = parse_date(value)
            if tag_date is None:
                errors.append(f"无法识别的日期 (unknown date): {value}")
        elif tag in ("币种", "货币", "currency"):
            if value.lower() not in _ACCEPTED_CURRENCIES:
                errors.append(f"不支持的币种 (unsupported currency): {value}")

    name = " ".join(name_part.split())

    def _paren(m: re.Match) -> str:
        nonlocal unit
        content = m.group(1).strip()
        if is_unit(content) or looks_like_unit(content):
            unit = content
            return " "
        return f" {content} "

    name = _PAREN_RE.sub(_paren, name)
    m = re.search(r"单位\s*[:]\s*(\S+)", name)
    if m:
        unit = m.group(1)
        name = name[:m.start()] + name[m.end():]

    m = _DATE_IN_TEXT.search(name)
    if m and parse_date(m.group(0)):
        tag_date = tag_date or parse_date(m.group(0))
        name = name[:m.start()] + " " + name[m.end():]
    snake = name.replace("_", " ")
    hit = find_period(snake)
    if hit:
        if hit.period:
            period = period or hit.period
        elif year is None:
            year = hit.year
        snake = snake[:hit.span[0]] + " " + snake[hit.span[1]:]
    rest = " ".join(snake.split())

    if unit is not None:
        try:
            unit_factor(unit)
        except ValidationError:
            errors.append(f"未知单位 (unknown unit): {unit}")

    keyword = keyword_role(rest) if rest else None
    mname = metric_from_name(rest) if rest else MetricName(None)
    if keyword in ("ticker", "name", "index_code", "index_name", "segment", "industry", "full_name", "name_en",
                   "period", "metric", "value", "unit", "ignore", "date", "change"):
        mname = MetricName(None)
    is_code = mname.is_code or name.strip() in METRICS
    if bare_day and mname.code in DATE_METRICS:  # a close's bracketed year end is its day, not the period 2024A
        period, tag_date = None, tag_date or bare_day
    return HeaderParse(header=header, keyword=keyword, metric=mname.code, is_code=is_code, period=period,
                       year=year, forecast=forecast or mname.forecast, ttm=mname.ttm, unit=unit, date=tag_date,
                       tagged=tagged, errors=tuple(errors), rest=rest)


YTD_UNDATED = ("无法确定年初至今的年份：文件中没有数据日期（不按文件的修改日期推断）；请用 --as-of 给出数据日期（导入窗口中"
               "勾选截至日期），或在列标题写明年份（如“年初至今涨跌幅 2025”），或与同一周的指数行情一起导入 (cannot tell "
               "the year of the YTD figures: the file states no date, and its modification time is not taken for one; "
               "give --as-of, write the year in the header, or import it with the week's index quotes)")


def ytd_undated_named(day: str) -> str:
    """YTD_UNDATED for a file whose name holds a date (valuation_20250103.xlsx) and nothing inside it
    does: the name's date is not taken (a file is renamed or copied), but offered as the --as-of to give."""
    return (f"无法确定年初至今的年份：文件内没有数据日期，文件名中的日期 {day} 和文件的修改日期都不用于推断；若数据截至 {day}，"
            f"请加 --as-of {day}（导入窗口中勾选截至日期），或在列标题写明年份（如“年初至今涨跌幅 {day[:4]}”），或与同一周的"
            f"指数行情一起导入 (cannot tell the year of the YTD figures: nothing inside the file dates it, and neither "
            f"the date {day} in its name nor its modification time is taken for one; if the data is as of {day}, give "
            f"--as-of {day}, write the year in the header, or import it with the week's index quotes)")


_NAMED_DAY = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")


def day_in_name(name: str) -> str | None:
    """The date a file's name holds (valuation_20250103.xlsx, 估值 2025-01-03.csv), or None."""
    for m in _NAMED_DAY.finditer(name):
        found = parse_date("-".join(m.groups()))
        if found:
            return found
    return None


def resolve_period(parse: HeaderParse, metric_code: str, as_of: str | None) -> tuple[str | None, str | None]:
    """The period of a metric column: (period, None) or (None, reason).

    ``as_of`` is the data's date; for a YTD column it must come from the data, not the file's time."""
    if metric_code == "ytd_return":
        if parse.period and parse.period.endswith("YTD"):
            return parse.period, None
        year = parse.year or (int(parse.period[:4]) if parse.period else None)
        if year is None and parse.date:
            year = int(parse.date[:4])
        if year is None and as_of:
            year = int(as_of[:4])
        if year is None:
            return None, YTD_UNDATED
        return f"{year}YTD", None
    if parse.period:
        return parse.period, None
    if parse.year is not None:
        if metric_code == "pe" or parse.forecast:
            return f"{parse.year}E", None
        return f"{parse.year}A", None
    if metric_code in DATE_METRICS or metric_code == "pe":
        d = parse.date or as_of
        if d:
            return d, None
        return None, "缺少日期 (no date for this column)"
    return None, "列标题中没有报告期 (no period in the column header)"


def apply_override(parse: HeaderParse, override) -> HeaderParse:
    """A hand mapping for one column: a role name, a dict (role/metric/period/unit) or a ColumnInfo."""
    if isinstance(override, ColumnInfo):
        override = override.to_mapping()
    if isinstance(override, str):
        override = {"role": override}
    if not isinstance(override, dict):
        return replace(parse, errors=parse.errors + (f"无效的列映射 (invalid column mapping): {override!r}",))
    role = override.get("role")
    errors: list[str] = []
    if role not in ROLES:
        errors.append(f"未知的列角色 (unknown column role): {role}")
        return replace(parse, errors=parse.errors + tuple(errors))
    if role != "metric" or not override.get("metric"):
        return HeaderParse(header=parse.header, keyword=role if role != "unknown" else None, rest=parse.rest,
                           unit=override.get("unit"), date=parse.date)
    mname = metric_from_name(str(override["metric"]))
    if mname.code is None:
        errors.append(f"未知指标 (unknown metric): {override['metric']}")
    period = None
    if override.get("period"):
        try:
            period = report_period(str(override["period"]))
        except ValidationError as exc:
            errors.append(exc.message)
    unit = override.get("unit")
    if unit:
        try:
            unit_factor(unit)
        except ValidationError as exc:
            errors.append(exc.message)
    return HeaderParse(header=parse.header, keyword=None, metric=mname.code, period=period or parse.period,
                       year=None if period else parse.year, forecast=parse.forecast, unit=unit or None,
                       date=parse.date, tagged=parse.tagged, errors=tuple(errors), rest=parse.rest)


# --------------------------------------------------------------------------- two-row headers

TWO_ROW_HEADER = ("表头占两行（报告期在下一行）：请把报告期写进每列的标题，如“营业收入(亿元)2023年报” (the header spans "
                  "two rows, the period in the row below: put the period in each column's header, e.g. "
                  "营业收入(亿元)2023年报)")


def _names_figure(parse: HeaderParse) -> bool:
    return bool(parse.metric) and parse.keyword in (None, "close")


def _dated(parse: HeaderParse) -> bool:
    return bool(parse.period or parse.year or parse.date)


_UNIT_CELL = re.compile(r"^[（(\[【]?\s*(?:单位\s*[:：]\s*)?(.*?)\s*[)）\]】]?$")


def _unit_cell(text: str) -> str | None:
    """The unit a second header row's cell states alone (亿元, (%), 单位：万元, 倍), or None."""
    m = _UNIT_CELL.match(text.strip())
    unit = m.group(1).strip() if m else ""
    return unit if unit and is_unit(unit) else None


def combine_header_rows(header: list, below: list) -> list | None:
    """One header from a two-row one: a group cell (营业收入(亿元), merged over its columns, so the
    cells after it are empty) over the periods of its columns (2023年报, 24Q1-Q3, 2023 YoY), as
    iFinD sheets and the workbench's own comparison .xlsx write it. Each column is named by its group
    and the cell below (“营业收入(亿元) 2023年报”), or by the cell below alone when that names a figure
    the group does not (估值 over PE 2024E). A row of units alone (,,亿元,%, as Choice and iFinD
    export them) gives each column above it its unit (“营业收入2023年报(亿元)”). ``below`` holds the
    second row's cells as text ('' or None when empty).

    None when ``below`` is no second header row: a cell under a key column (代码, 简称, 板块) is filled,
    a unit disagrees with its header's own, or no column gains a dated figure or a unit by the
    combination."""
    width = max(len(header), len(below))
    out: list = []
    group = None
    gained = False
    for i in range(width):
        top = header[i] if i < len(header) else None
        sub = normalise_text(below[i]) if i < len(below) and below[i] is not None else ""
        top_text = normalise_text(top)
        if top_text:
            group = top_text
        if not sub:
            out.append(top)
            continue
        base = top_text or group
        if not base:
            out.append(sub)
            continue
        own = parse_header(base)
        unit = _unit_cell(sub)
        if unit is not None:  # a row of units under the header (,,亿元,%, as Choice and iFinD export it)
            if not _names_figure(own):
                return None
            if own.unit is None:
                out.append(f"{base}({unit})")
                gained = True
            elif unit_factor(own.unit) == unit_factor(unit) and unit_fits(unit, METRICS[own.metric].kind):
                out.append(top if top_text else base)
                gained = True
            else:
                return None  # the header's unit and the row's disagree: never one of them silently
            continue
        if own.keyword is not None and not _names_figure(own):
            return None  # a key column's cell is filled: a row of data, not of headers
        if _names_figure(own) and _dated(own):
            out.append(top)  # the column's header is whole already
            continue
        joined = parse_header(f"{base} {sub}")
        alone = parse_header(sub)
        if _names_figure(joined) and _dated(joined) and not joined.errors:
            out.append(f"{base} {sub}")
            gained = True
        elif _names_figure(alone) and not alone.errors and alone.keyword is None:
            out.append(sub)
            gained = True
        else:
            out.append(f"{base} {sub}")
    return out if gained else None
