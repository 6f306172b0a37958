"""Security codes: normalising A-share, HK and US tickers to one form with an exchange suffix."""

from __future__ import annotations

import numbers
import re

from workbench.errors import ValidationError

_SUFFIXES = {"SH": "SH", "SS": "SH", "SSE": "SH", "SZ": "SZ", "SZSE": "SZ", "BJ": "BJ", "BSE": "BJ",
             "HK": "HK", "O": "O", "N": "N", "A": "A", "US": "US"}
_A_SHARE = re.compile(r"^\d{6}$")
_SUFFIXED = re.compile(r"^(\d{6})\.(SH|SS|SZ|BJ)$", re.I)
_PREFIXED = re.compile(r"^(SH|SZ|BJ)\.?(\d{6})$", re.I)
_HK = re.compile(r"^(\d{1,5})\.HK$", re.I)
_US = re.compile(r"^([A-Z][A-Z0-9.\-]{0,9})\.(O|N|A|US)$", re.I)
_INDEX_CSI = re.compile(r"^(\d{6})\.(CSI|SI|WI)$", re.I)


def exchange_for_code(code: str) -> str | None:
    """Exchange suffix for a bare 6-digit A-share code by the exchanges' code ranges."""
    if code.startswith(("600", "601", "603", "605", "688", "689", "900")):
        return "SH"
    if code.startswith(("000", "001", "002", "003", "300", "301", "200")):
        return "SZ"
    if code.startswith(("43", "83", "87", "88", "92")):
        return "BJ"
    return None


def normalize_ticker(raw: object) -> str:
    """Return the canonical ticker (``600519.SH``) or raise ValidationError.

    Accepts ``600519``, ``600519.SH``, ``600519.SS``, ``SH600519``, numbers read from Excel
    (``600519.0``, ``1`` for ``000001``), HK (``0700.HK`` -> ``00700.HK``) and US
    (``AAPL.O``) tickers.
    """
    if raw is None:
        raise ValidationError("股票代码为空 (ticker is empty)")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip().upper().replace(" ", "")
    if not text:
        raise ValidationError("股票代码为空 (ticker is empty)")
    if re.fullmatch(r"\d{1,6}(\.0)?", text):
        text = text.split(".")[0].zfill(6)
    if _A_SHARE.match(text):
        ex = exchange_for_code(text)
        if ex is None:
            raise ValidationError(f"无法判断交易所 (cannot tell the exchange of) {text}")
        return f"{text}.{ex}"
    m = _SUFFIXED.match(text)
    if m:
        return f"{m.group(1)}.{_SUFFIXES[m.group(2).upper()]}"
    m = _PREFIXED.match(text)
    if m:
        return f"{m.group(2)}.{m.group(1).upper()}"
    m = _HK.match(text)
    if m:
        return f"{m.group(1).zfill(5)}.HK"
    m = _US.match(text)
    if m:
        return f"{m.group(1).upper()}.{m.group(2).upper()}"
    raise ValidationError(f"无效的股票代码 (invalid ticker): {raw}")


def normalize_index_code(raw: object) -> str | None:
    """Canonical index code (``000300.SH``, ``930713.CSI``, ``801080.SI``); None when blank.

    A code is kept as the file writes it (``000905`` stays ``000905``, never ``905``); a number
    cell (Excel drops the leading zeros of 000905 typed as a number) gets them back, as tickers do.
    """
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, numbers.Integral) and not isinstance(raw, bool) and 0 < raw < 1_000_000:
        return str(int(raw)).zfill(6)
    text = str(raw).strip().upper()
    if not text or text in {"NAN", "NONE", "--"}:
        return None
    m = _INDEX_CSI.match(text)
    if m:
        return f"{m.group(1)}.{m.group(2).upper()}"
    m = _SUFFIXED.match(text) or None
    if m:
        return f"{m.group(1)}.{_SUFFIXES[m.group(2).upper()]}"
    m = _PREFIXED.match(text)
    if m:
        return f"{m.group(2)}.{m.group(1).upper()}"
    if re.fullmatch(r"[A-Z0-9.\-^]{1,20}", text):
        return text
    raise ValidationError(f"无效的指数代码 (invalid index code): {raw}")
