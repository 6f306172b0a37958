"""Reading .xlsx and .csv files into rows: encoding detection, header search, file-level problems.

A file becomes a ``Sheet``: the rows down to the header (title lines above it kept for the
as-of date and the data vendor) and the data rows below it as a DataFrame with positional
columns. Row numbers stay those Excel shows: one row per record, blank rows included.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable

import pandas as pd

from workbench.errors import Problem

log = logging.getLogger(__name__)

HEADER_SCAN = 60            # rows searched for the header line
PREVIEW_BYTES = 2 << 20     # a preview decodes only the start of a big CSV
XLSX_EXTS = {".xlsx", ".xlsm"}
CSV_EXTS = {".csv", ".txt", ".tsv"}

FindHeader = Callable[[list[list]], "int | None"]
NumericColumns = Callable[[list], "set[int]"]
SCAN_CHARS = 1 << 18        # the header is searched for in the first 256k characters
_NON_SPACE = re.compile(rb"\S")


class ReadError(Exception):
    """A file that cannot be read at all; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Sheet:
    """One table read from a file."""

    path: Path
    top: list[list]                     # rows from the top down to and including the header
    header_index: int | None            # 0-based row of the header, None when none was found
    data: pd.DataFrame                  # rows below the header; columns 0..n-1
    percent: dict[int, set[int]] = field(default_factory=dict)  # column -> data rows formatted as %
    modified: str | None = None         # the file's modification date
    encoding: str | None = None
    sheet_name: str | None = None
    complete: bool = True               # False when only the first rows were read (preview)
    sha256: str | None = None           # of the whole file, for the import log

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def headers(self) -> list:
        return list(self.top[self.header_index]) if self.header_index is not None else []

    @property
    def first_data_row(self) -> int:
        """Excel row number (1-based) of the first data row."""
        return (self.header_index or 0) + 2

    @property
    def title_rows(self) -> list[list]:
        return self.top[: self.header_index or 0]


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    return False


def cell_text(value: object) -> str:
    """A cell as the user would read it: 600519, 21.6, 2024-12-27, '' for empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(float(value))  # a numpy float's repr names its type
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _problem(path: Path, message: str) -> ReadError:
    return ReadError(Problem(message, file=path.name))


def load_sheet(path: str | Path, find_header: FindHeader, *, limit: int | None = None,
               numeric: NumericColumns | None = None) -> Sheet:
    """Read a spreadsheet file; ``limit`` reads only that many rows below the header.

    ``numeric(header_row)`` names the CSV columns that hold numbers: those are parsed by
    pandas as numbers where every cell is one; every other column is read as text, so codes
    such as 000300 keep their zeros.

    Raises ReadError for files that cannot be read (missing, empty, not a spreadsheet,
    damaged, unknown encoding).
    """
    path = Path(path)
    if not path.exists():
        raise _problem(path, "文件不存在 (file not found)")
    if path.is_dir():
        raise _problem(path, "这是一个文件夹，不是文件 (this is a folder, not a file)")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
        size = path.stat().st_size
        modified = datetime.fromtimestamp(path.stat().st_mtime).date().isoformat()
    except OSError as exc:
        raise _problem(path, f"无法打开文件 (cannot open the file): {exc.strerror or exc}") from None
    if size == 0:
        raise _problem(path, "文件为空 (the file is empty)")
    ext = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        sheet = _load_xlsx(path, find_header, limit)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _problem(path, "这是旧版 .xls 文件，请在 Excel/WPS 中另存为 .xlsx 后再导入 "
                             "(an old .xls workbook: save it as .xlsx first)")
    elif ext in XLSX_EXTS:
        raise _problem(path, "不是有效的 Excel (.xlsx) 文件 (not a valid .xlsx workbook)")
    elif ext in CSV_EXTS or ext == "":
        sheet = _load_csv(path, find_header, limit, numeric)
    else:
        raise _problem(path, f"不支持的文件类型 (unsupported file type) {ext}: 请使用 .xlsx 或 .csv "
                             "(use .xlsx or .csv)")
    sheet.modified = modified
    if limit is None and sheet.sha256 is None:
        sheet.sha256 = _sha256(path)
    return sheet


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


# --------------------------------------------------------------------------- csv

def decode(data: bytes, *, partial: bool = False) -> tuple[str, str]:
    """Text and encoding name: UTF-16 by its BOM, else UTF-8 (with or without BOM), else GB18030.

    ``partial`` is for the start of a file: a character cut at the end is dropped.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8-sig", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            if partial and exc.start >= len(data) - 4:
                try:
                    return data[: exc.start].decode(enc), enc
                except UnicodeDecodeError:
                    pass
    raise UnicodeDecodeError("unknown", data[:1], 0, 1, "not UTF-8, UTF-16 or GB18030")


def _delimiter(text: str) -> str:
    sample = [line for line in text[:20000].splitlines() if line.strip()][:20]
    counts = {d: sum(line.count(d) for line in sample) for d in (",", "\t", ";")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


class _LineFeed:
    """Feeds lines to csv.reader while counting how far into the text it has read."""

    def __init__(self, text: str):
        self.buf = io.StringIO(text, newline="")
        self.pos = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.buf.readline()
        if not line:
            raise StopIteration
        self.pos += len(line)
        return line


def _load_csv(path: Path, find_header: FindHeader, limit: int | None, numeric: NumericColumns | None) -> Sheet:
    try:
        with path.open("rb") as fh:
            data = fh.read(PREVIEW_BYTES if limit is not None else -1)
        partial = limit is not None and len(data) == PREVIEW_BYTES
    except OSError as exc:
        raise _problem(path, f"无法读取文件 (cannot read the file): {exc.strerror or exc}") from None
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _problem(path, "不是文本表格文件 (not a text/CSV file)")
    try:
        text, encoding = decode(data, partial=partial)
    except UnicodeDecodeError:
        raise _problem(path, "无法识别文件编码，请另存为 UTF-8 或 GBK 的 CSV "
                             "(unknown text encoding: save as UTF-8 or GBK CSV)") from None
    if not text or text.isspace():  # isspace stops at the first character; strip would copy the text
        raise _problem(path, "文件为空 (the file is empty)")
    delim = _delimiter(text)
    whole = len(text) <= SCAN_CHARS
    feed = _LineFeed(text if whole else text[:SCAN_CHARS])
    reader = csv.reader(feed, delimiter=delim)
    top: list[list] = []
    ends: list[int] = []
    try:
        for row in reader:
            top.append(row)
            ends.append(feed.pos)
            if len(top) >= HEADER_SCAN:
                break
    except csv.Error as exc:
        raise _problem(path, f"CSV 格式错误 (malformed CSV) 第 {reader.line_num} 行: {exc}") from None
    if not whole and len(top) < HEADER_SCAN and top:
        top.pop()  # the last record may be cut by the end of the scanned text
        ends.pop()
    h = find_header(top)
    if h is None:
        if whole and len(top) < HEADER_SCAN and all(is_blank(c) for r in top for c in r):
            raise _problem(path, "文件为空 (the file is empty)")
        return Sheet(path, top, None, pd.DataFrame(), encoding=encoding)
    width = max(len(r) for r in top[h:]) if top[h:] else 0
    width = max(width, len(top[h]))
    header_top = top[: h + 1]
    if limit is not None or partial:
        rows = [list(r) for r in top[h + 1:]]
        reader = csv.reader(io.StringIO(text[ends[-1]:], newline=""), delimiter=delim)
        try:
            for row in reader:
                if limit is not None and len(rows) >= limit:
                    break
                rows.append(row)
        except csv.Error:
            pass  # a preview shows what it could read
        rows = rows[:limit] if limit is not None else rows
        return Sheet(path, header_top, h, _frame(rows, width), encoding=encoding, complete=False)
    digest = hashlib.sha256(data).hexdigest()
    numbers = numeric(top[h]) if numeric else set()
    frame = None
    if encoding != "utf-16":
        start = len(text[: ends[h]].encode("utf-8" if encoding == "utf-8-sig" else encoding))
        if encoding == "utf-8-sig" and data.startswith(codecs.BOM_UTF8):
            start += len(codecs.BOM_UTF8)
        frame = _csv_frame(data, start, "utf-8" if encoding == "utf-8-sig" else encoding, delim, width, numbers)
    rest = text[ends[h]:]
    del text, data
    if frame is None:
        try:
            rows = list(csv.reader(io.StringIO(rest, newline=""), delimiter=delim))
        except csv.Error as exc:
            raise _problem(path, f"CSV 格式错误 (malformed CSV): {exc}") from None
        frame = _frame(rows, max([width] + [len(r) for r in rows]))
    return Sheet(path, header_top, h, frame, encoding=encoding, sha256=digest)


def _csv_frame(data: bytes, start: int, encoding: str, delim: str, width: int, numbers: set[int]
               ) -> pd.DataFrame | None:
    """Fast path: pandas' C parser reads the data rows from the bytes; None when rows are ragged."""
    if not _NON_SPACE.search(data, start):
        return pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
    buf = io.BytesIO(data)
    buf.seek(start)
    try:
        return pd.read_csv(buf, header=None, names=list(range(width)), sep=delim, encoding=encoding,
                           dtype={i: str for i in range(width) if i not in numbers},
                           keep_default_na=False, na_values=[""], skip_blank_lines=False, index_col=False,
                           engine="c", quotechar='"')
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError):
        return None


def _frame(rows: list[list], width: int, dtype=object) -> pd.DataFrame:
    padded = [list(r) + [None] * (width - len(r)) for r in rows]
    if not padded:
        return pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
    return pd.DataFrame(padded, columns=list(range(width)), dtype=dtype)


# --------------------------------------------------------------------------- xlsx

def _cell_value(cell):
    value = getattr(cell, "value", None)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return value


def _load_xlsx(path: Path, find_header: FindHeader, limit: int | None) -> Sheet:
    import openpyxl  # imported here: it costs start-up time the CSV path does not need

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for damaged files
        log.debug("cannot open %s", path, exc_info=True)
        raise _problem(path, f"不是有效的 Excel (.xlsx) 文件或文件已损坏 (not a valid or a damaged .xlsx "
                             f"workbook): {type(exc).__name__}") from None
    try:
        return _read_workbook(path, wb, find_header, limit)
    except ReadError:
        raise
    except Exception as exc:  # a truncated or corrupt part shows up while rows are read
        log.debug("cannot read %s", path, exc_info=True)
        raise _problem(path, f"Excel 文件已损坏，无法读取 (the .xlsx workbook is damaged): "
                             f"{type(exc).__name__}") from None
    finally:
        wb.close()


def _read_workbook(path: Path, wb, find_header: FindHeader, limit: int | None) -> Sheet:
    chosen = None
    first_with_data = None
    for ws in wb.worksheets:
        if not hasattr(ws, "iter_rows"):
            continue
        ws.reset_dimensions()  # Wind and WPS files often carry a wrong <dimension>
        top = []
        for row in ws.iter_rows(max_row=HEADER_SCAN):
            top.append([_cell_value(c) for c in row])
        if any(not is_blank(v) for r in top for v in r):
            first_with_data = first_with_data or (ws, top)
            h = find_header(top)
            if h is not None:
                chosen = (ws, top, h)
                break
    if chosen is None:
        if first_with_data is None:
            raise _problem(path, "文件为空 (the file is empty)")
        ws, top = first_with_data
        return Sheet(path, top, None, pd.DataFrame(), sheet_name=ws.title)
    ws, top, h = chosen
    rows: list[list] = []
    percent: dict[int, set[int]] = {}
    complete = True
    for i, row in enumerate(ws.iter_rows(min_row=h + 2)):
        if limit is not None and i >= limit:
            complete = False
            break
        values = []
        for j, cell in enumerate(row):
            value = _cell_value(cell)
            values.append(value)
            if isinstance(value, (int, float)) and "%" in (getattr(cell, "number_format", "") or ""):
                percent.setdefault(j, set()).add(i)
        rows.append(values)
    width = max([len(top[h])] + [len(r) for r in rows])
    header_row = list(top[h]) + [None] * (width - len(top[h]))
    return Sheet(path, top[:h] + [header_row], h, _frame(rows, width), percent=percent, sheet_name=ws.title,
                 complete=complete)
