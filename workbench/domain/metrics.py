"""The metrics the store knows, their kind (amount, ratio, multiple, price) and display formats."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

from workbench.errors import ValidationError

YI = 1e8  # 亿 = 100 million
WAN = 1e4  # 万 = 10 thousand


@dataclass(frozen=True)
class Metric:
    """A metric's stored unit and its display: amounts in CNY, ratios as fractions."""

    code: str
    zh: str
    en: str
    kind: str  # amount | ratio | multiple | price | per_share

    def display_unit(self) -> str:
        return {"amount": "亿元", "ratio": "%", "multiple": "x", "price": "元", "per_share": "元"}[self.kind]


METRICS: dict[str, Metric] = {
    m.code: m
    for m in [
        Metric("revenue", "营业收入", "Revenue", "amount"),
        Metric("revenue_yoy", "营业收入同比", "Revenue YoY", "ratio"),
        Metric("net_profit", "归母净利润", "Net profit attributable", "amount"),
        Metric("net_profit_yoy", "归母净利润同比", "Net profit YoY", "ratio"),
        Metric("pe", "市盈率", "PE", "multiple"),
        Metric("eps", "每股收益", "EPS", "per_share"),
        Metric("ytd_return", "年初至今涨跌幅", "YTD return", "ratio"),
        Metric("close", "收盘价", "Close", "price"),
        Metric("market_cap", "总市值", "Market cap", "amount"),
        Metric("shares", "总股本", "Shares outstanding", "multiple"),
    ]
}


def metric(code: str) -> Metric:
    try:
        return METRICS[code]
    except KeyError:
        raise ValidationError(f"未知指标 (unknown metric): {code}") from None


@dataclass(frozen=True)
class NumberStyle:
    """How the house prints numbers: thousands separators and decimals per kind.

    The default is the reference issue's: ``2319.1`` 亿元 (no separators), PE ``48.0``, ``2.80%``.
    The app's grid, the PDF and the .xlsx all print through ``format_value`` with this style.
    """

    thousands: bool = False  # group amounts and prices (2,319.1); multiples never
    amount_decimals: int = 1
    ratio_decimals: int = 2
    multiple_decimals: int = 1
    price_decimals: int = 2

    FIELDS = ("thousands", "amount_decimals", "ratio_decimals", "multiple_decimals", "price_decimals")
    MAX_DECIMALS = 4

    @classmethod
    def from_dict(cls, data: dict | None) -> "NumberStyle":
        """The style a house profile stores; unknown keys are refused, missing keys take the default."""
        data = dict(data or {})
        unknown = sorted(set(data) - set(cls.FIELDS))
        if unknown:
            raise ValidationError(f"未知的数字格式项 (unknown number style keys): {unknown}")
        values = {}
        for key, value in data.items():
            if key == "thousands":
                if not isinstance(value, bool):
                    raise ValidationError(f"千分位应为是或否 (thousands must be true or false): {value!r}")
            elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= cls.MAX_DECIMALS:
                raise ValidationError(f"小数位数应为 0 到 {cls.MAX_DECIMALS} 的整数 "
                                      f"({key} must be a whole number from 0 to {cls.MAX_DECIMALS}): {value!r}")
            values[key] = value
        return cls(**values)

    @classmethod
    def lenient(cls, data: dict | None) -> "NumberStyle":
        """The stored style, or the reference style when what is stored cannot be read."""
        try:
            return cls.from_dict(data)
        except (ValidationError, TypeError, ValueError):
            return cls()

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.FIELDS}

    def decimals(self, kind: str) -> int:
        return {"amount": self.amount_decimals, "ratio": self.ratio_decimals,
                "multiple": self.multiple_decimals}.get(kind, self.price_decimals)

    def excel_format(self, kind: str) -> str:
        """The Excel number format printing a display-unit number as ``format_value`` does."""
        d = self.decimals(kind)
        frac = "." + "0" * d if d else ""
        if kind == "ratio":
            return f"0{frac}%"
        return f"#,##0{frac}" if self.thousands and kind != "multiple" else f"0{frac}"


REFERENCE_STYLE = NumberStyle()
MOVE_KINDS = ("ratio",)  # growth rates and returns: the only figures printed red (up) / green (down)


def colours_moves(kind: str) -> bool:
    """True for a kind whose sign is a move (growth, return) and is printed in red/green; PE stays neutral."""
    return kind in MOVE_KINDS


SIGNIFICANT_DIGITS = 15  # what a double holds faithfully, and what Excel shows of a number
_WRITTEN = Context(prec=SIGNIFICANT_DIGITS, rounding=ROUND_HALF_EVEN)
_PRINTED = Context(prec=400, rounding=ROUND_HALF_UP, Emax=999, Emin=-999)  # any double, at any decimals
_SCALE = {"amount": -8, "ratio": 2}  # the unit printed: 亿元 = yuan / 1e8, % = fraction x 100


def written_decimal(value: float) -> Decimal:
    """The decimal a stored double stands for: its shortest repr cut to 15 significant digits.

    A figure stored through binary arithmetic carries noise past the 15th digit (2.8% / 100 is
    0.027999999999999997, 1771.85 亿元 x 1e8 may be 177184999999.9999): the figure the analyst
    wrote is the 15-digit decimal (0.028, 177185000000), as Excel reads the same double.
    """
    return _WRITTEN.plus(Decimal(repr(float(value))))


def display_decimal(kind: str, value: float, style: NumberStyle | None = None, *,
                    decimals: int | None = None) -> Decimal:
    """The number printed for a stored value, in the unit printed (亿元, %, x, 元), rounded half away
    from zero at the style's decimals on the decimal the analyst wrote (Wind and Excel round so:
    2319.15 -> 2319.2, -36.55 -> -36.6, 3.125% -> 3.13%); a figure that rounds to zero is unsigned."""
    d = (style or REFERENCE_STYLE).decimals(kind) if decimals is None else decimals
    shown = written_decimal(value).scaleb(_SCALE.get(kind, 0))
    q = shown.quantize(Decimal(1).scaleb(-d), context=_PRINTED)
    return abs(q) if q == 0 else q


_TIE_MARGIN = 1e-9  # relative distance from a half-way point beyond which binary rounding cannot differ


def _plain_rounding(kind: str, value: float, decimals: int) -> float | None:
    """The value in the unit printed, when rounding it in binary gives the digits the decimal written
    gives (it is not within a hair of a half-way point); None when only ``display_decimal`` can tell.

    The float noise of a stored figure is about 1e-16 of it: far from a tie, it cannot move a digit.
    Printing a 5,000-company table asks this for every cell, so the common case stays cheap."""
    scaled = value * 10.0 ** _SCALE.get(kind, 0)
    units = abs(scaled) * 10.0 ** decimals
    if not units < 1e15:  # beyond a double's integer precision: let the decimal decide
        return None
    frac = units - math.floor(units)
    if abs(frac - 0.5) <= _TIE_MARGIN * max(1.0, units):
        return None
    return scaled


def _printable(value) -> bool:
    return value is not None and not isinstance(value, bool) and isinstance(value, (int, float)) \
        and math.isfinite(value)


def _printed_sign(kind: str, value: float | None, style: NumberStyle | None) -> int:
    """-1, 0 or 1: the sign of the number as printed (a value that rounds to zero has none)."""
    if not _printable(value):
        return 0
    d = (style or REFERENCE_STYLE).decimals(kind)
    plain = _plain_rounding(kind, float(value), d)
    if plain is not None:
        return 0 if round(abs(plain) * 10.0 ** d) == 0 else (1 if plain > 0 else -1)
    number = display_decimal(kind, value, style)
    return 0 if number == 0 else (1 if number > 0 else -1)


def prints_negative(kind: str, value: float | None, style: NumberStyle | None = None) -> bool:
    """Whether the value prints with a minus sign (-0.004% prints 0.00%: no sign, no colour)."""
    return _printed_sign(kind, value, style) < 0


def prints_positive(kind: str, value: float | None, style: NumberStyle | None = None) -> bool:
    """Whether the value prints above zero (0.004% prints 0.00%: not a rise)."""
    return _printed_sign(kind, value, style) > 0


def display_number(kind: str, value: float, style: NumberStyle | None = None) -> float:
    """The value in display units (亿元; ratios stay fractions) as the nearest double to the decimal
    written, for a spreadsheet cell whose number format rounds as ``format_value`` does. A negative
    value that prints as zero is 0: Excel signs a cell by its value, not by the digits it shows."""
    if value < 0 and not prints_negative(kind, value, style):
        return 0.0
    if kind == "ratio":
        return float(written_decimal(value))
    return float(written_decimal(value).scaleb(_SCALE.get(kind, 0)))


def format_decimal(number: Decimal, decimals: int, *, signed: bool = False, thousands: bool = False) -> str:
    """A rounded decimal as printed: ``decimals`` places, ``+`` before a rise when ``signed``, never -0."""
    sign = "+" if signed and number != 0 else ""
    sep = "," if thousands else ""
    return format(abs(number) if number == 0 else number, f"{sign}{sep}.{decimals}f")


def is_number(value) -> bool:
    """Whether a stored figure is a number (a store written outside the workbench, or a desk of an
    earlier release, may hold text where a figure belongs)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def not_a_number_text(value) -> str:
    """How a stored figure that is not a number prints: named as such, never read as a number."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return f"{text[:40]}（非数字 not a number）"  # (the text first: a narrow cell still shows it)


def format_value(kind: str, value: float | None, *, signed: bool = False, style: NumberStyle | None = None) -> str:
    """Display a stored value as the report prints it, in the house's number ``style``; missing is ``--``.

    By default (the reference's style) amounts in 亿元 with 1 decimal and no thousands separators,
    ratios as % with 2 decimals, multiples with 1 decimal. Rounded half away from zero on the
    decimal written (``display_decimal``); a value that rounds to zero prints unsigned.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "--"
    if not is_number(value):
        return not_a_number_text(value)
    st = style or REFERENCE_STYLE
    d = st.decimals(kind)
    if not math.isfinite(value):  # never stored (check_value refuses it): printed as Python does
        return f"{value:.{d}f}"
    thousands = st.thousands and kind not in ("ratio", "multiple")  # multiples (PE) never group digits
    signed = signed and kind == "ratio"
    suffix = "%" if kind == "ratio" else ""
    plain = _plain_rounding(kind, value, d)
    if plain is None:
        return format_decimal(display_decimal(kind, value, st), d, signed=signed, thousands=thousands) + suffix
    text = f"{abs(plain):{',' if thousands else ''}.{d}f}"
    if round(abs(plain) * 10.0 ** d) == 0:
        return text + suffix  # rounds to zero: unsigned
    return ("-" if plain < 0 else "+" if signed else "") + text + suffix


def format_metric(code: str, value: float | None, style: NumberStyle | None = None) -> str:
    return format_value(metric(code).kind, value, style=style)


# Plausible range of each metric in the store's units, bounds included. A value outside its range
# is a unit or export error (1e300 亿元, a PE of 1e309), never a figure a report can print.
# Amounts in CNY: the largest A-share revenue is about 3.2e12 (Sinopec), the largest net profit
# about 3.6e11 (ICBC); negative revenue occurs at brokers and insurers, so a loss range is kept.
# Ratios as fractions: revenue cannot fall by more than 100%; a profit swinging to a loss falls by
# several hundred percent, so net profit growth allows -10000%..+10000%.
# ``index_close`` and ``index_change`` are the index quotes' close (points) and weekly change.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "revenue": (-1e13, 1e14),
    "revenue_yoy": (-1.0, 100.0),
    "net_profit": (-1e13, 1e13),
    "net_profit_yoy": (-100.0, 100.0),
    "pe": (-10000.0, 10000.0),
    "eps": (-1000.0, 1000.0),
    "ytd_return": (-1.0, 100.0),
    "close": (0.01, 1e5),
    "market_cap": (0.0, 1e14),
    "shares": (0.0, 1e13),
    "index_close": (0.01, 1e6),
    "index_change": (-1.0, 10.0),
}

_PLAUSIBLE_NAMES = {"index_close": "指数收盘价 (index close)", "index_change": "指数周涨跌幅 (index weekly change)"}


def _plain(kind: str, value: float) -> str:
    """A number in the unit the user thinks in, for messages (亿元, %, points)."""
    scaled, unit = {"amount": (value / YI, " 亿元"), "ratio": (value * 100, "%")}.get(kind, (value, ""))
    if abs(scaled) >= 1e15 or 0 < abs(scaled) < 1e-4:
        return f"{scaled:.6g}{unit}"
    text = f"{scaled:,.4f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def check_value(metric_code: str, value: float) -> None:
    """Refuse a value no report can print: not a finite number, or outside the metric's plausible range.

    ``metric_code`` is a metric of ``METRICS`` or ``index_close`` / ``index_change``; ``value`` is in
    the store's unit (CNY, fraction, multiple). Raises ValidationError with a clear message.
    """
    if metric_code not in PLAUSIBLE:
        raise ValidationError(f"未知指标 (unknown metric): {metric_code}")
    if metric_code in METRICS:
        m = METRICS[metric_code]
        name, kind = f"{m.zh} ({m.en})", m.kind
    else:
        name, kind = _PLAUSIBLE_NAMES[metric_code], "ratio" if metric_code == "index_change" else "multiple"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(f"{name}: 不是数字 (not a number): {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValidationError(f"{name}: 不是有限数字 (not a finite number): {value!r}")
    low, high = PLAUSIBLE[metric_code]
    if not low <= number <= high:
        raise ValidationError(
            f"{name}: {_plain(kind, number)} 超出合理范围 {_plain(kind, low)} 至 {_plain(kind, high)} "
            f"(value outside the plausible range; check the unit)")


def written_text(kind: str, value: float | None) -> str:
    """A stored figure in the unit printed with every digit it was written with, and at least the
    report's decimals (2319.15, -0.04, 8.3512%, 38.25; 2319.1 stays 2319.1): what a source cell
    held, for a reader confirming it against the file; missing is ``--``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "--"
    if not is_number(value):
        return not_a_number_text(value)
    exact = display_decimal(kind, value, decimals=20).normalize()
    places = max(REFERENCE_STYLE.decimals(kind), -min(exact.as_tuple().exponent, 0))
    # (a context wide enough for any double: 1e308 元 is a 300-digit number of 亿元, never an error)
    wide = Context(prec=max(28, exact.adjusted() + places + 2))
    return format_decimal(exact.quantize(Decimal(1).scaleb(-places), context=wide), places) + (
        "%" if kind == "ratio" else "")


def values_written(kind: str, old: float | None, new: float | None) -> tuple[str, str]:
    """Old and new as written (``written_text``); two doubles of one written decimal as stored."""
    a, b = written_text(kind, old), written_text(kind, new)
    if a == b and is_number(old) and is_number(new) and old != new:
        return repr(old), repr(new)
    return a, b


def stored_figure(kind: str, value: float | None, unit: str = "") -> str:
    """``2319.15 亿元``, the stored figure in full, when the report's rounding hides digits of it (or
    prints a loss of 0.04 亿元 as 0.0), else nothing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or not is_number(value):
        return ""  # (a figure that is not a number prints as such: nothing more is stored)
    full = written_text(kind, value)
    if full == format_value(kind, value):
        return ""
    return f"{full}{' ' + unit if unit else ''}"


def stored_note(kind: str, value: float | None, unit: str = "") -> str:
    """``（库中 stored 2319.15 亿元）`` when the report's rounding hides digits of the stored figure
    (``stored_figure``), else nothing."""
    full = stored_figure(kind, value, unit)
    return f"（库中 stored {full}）" if full else ""


def values_apart(kind: str, old: float | None, new: float | None) -> tuple[str, str]:
    """Old and new as the report prints them, or, when they differ but print alike (19.2 亿元 and
    19.2 亿元 plus 500 元), each in full, to the decimals of the longer (19.200000 -> 19.200005): the
    decimal written (``display_decimal``), in the unit printed, so the step shown is the real one."""
    a, b = format_value(kind, old), format_value(kind, new)
    if a != b or old is None or new is None or old == new or not (is_number(old) and is_number(new)):
        return a, b
    exact = [display_decimal(kind, v, decimals=20).normalize() for v in (old, new)]
    if exact[0] == exact[1]:  # one decimal as written, two doubles: shown as stored
        return repr(old), repr(new)
    places = max(REFERENCE_STYLE.decimals(kind), *(-min(d.as_tuple().exponent, 0) for d in exact))
    suffix = "%" if kind == "ratio" else ""
    a, b = (format_decimal(d.quantize(Decimal(1).scaleb(-places)), places) + suffix for d in exact)
    return a, b
