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
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable

import pandas as pd

from workbench.domain.values import is_error_cell
from workbench.errors import Problem

log = logging.getLogger(__name__)

HEADER_SCAN = 60            # rows searched for the header line
PREVIEW_BYTES = 2 << 20     # a preview decodes only the start of a big CSV
XLSX_EXTS = {".xlsx", ".xlsm"}
MAX_ROWS = 2_000_000        # rows a sheet may declare or hold (Excel itself stops at 1,048,576)
MAX_CSV_BYTES = 1 << 30     # a CSV beyond 1 GB is no export of this desk's (2,000,000 rows of 500 bytes)
MAX_COLUMNS = 16_384        # Excel's column limit (XFD)
MAX_CELLS = 30_000_000      # rows x columns kept in memory for one sheet
EMPTY_RUN = 100_000         # empty rows in a row that end the reading of a workbook with a refusal
MAX_PART_BYTES = 1 << 30    # uncompressed size of one part of an .xlsx
MAX_TOTAL_BYTES = 2 << 30   # uncompressed size of all parts
MAX_RATIO = 100             # compression ratio above which a big part is taken for a bomb
BIG_PART = 16 << 20         # parts smaller than this are not checked for their ratio
CSV_EXTS = {".csv", ".txt", ".tsv"}

FindHeader = Callable[[list[list]], "int | None"]
NumericColumns = Callable[[list], "set[int]"]
SCAN_CHARS = 1 << 18        # the header is searched for in the first 256k characters
_NON_SPACE = re.compile(rb"\S")
# a line of its own stating the table's unit (单位：亿元, （单位:万元）), as the comparison .xlsx ends
_UNIT_LINE = r"[（(]?\s*单位\s*[:：]"
UNIT_LINE_RE = re.compile(rf"^\s*{_UNIT_LINE}")
FOOTER_RE = re.compile(r"^\s*(数据来源|资料来源|来源|数据截止|截止日期|注\s*[:：\d]|注$|备注|说明|source|note|"
                       rf"wind|ifind|choice|同花顺|东方财富|\*|{_UNIT_LINE})", re.I)
FOOTER_ROWS = 8             # the last rows of a sheet searched for footer lines
# the custom document property by which the workbench's comparison .xlsx says it is the workbench's own
# table (Excel, WPS and LibreOffice keep it when the workbook is edited and saved)
OWN_TABLE_PROPERTY, OWN_TABLE_VALUE = "AnalystWorkbenchTable", "comparison"


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
    other_sheets: list[str] = field(default_factory=list)  # other visible sheets with a header, not read
    # data cells read as empty although they hold something: (Excel row, 0-based column, what):
    # an error value (#DIV/0!, #N/A) or a formula saved without its result
    skipped_cells: list[tuple[int, int, str]] = field(default_factory=list)
    own_table: bool = False             # the workbench's own comparison .xlsx (its document property)

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
        """The rows that title the table: those above the header, and a unit line of its own at the
        bottom (单位：亿元, as the comparison .xlsx ends), which states the unit of the whole table
        as a title row does."""
        return self.top[: self.header_index or 0] + self.unit_lines

    @property
    def unit_lines(self) -> list[list]:
        """Unit lines (单位：亿元) among the last rows of the data: footers, never data rows."""
        if self.header_index is None or not len(self.data):
            return []
        texts = (footer_text(row) for row in self.data.tail(FOOTER_ROWS).itertuples(index=False))
        return [[t] for t in texts if t is not None and UNIT_LINE_RE.match(t)]


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    return False


def footer_text(row) -> str | None:
    """The text of a footer row (a lone cell like 数据来源：Wind), else None."""
    cells = [c for c in row if not is_blank(c)]
    if len(cells) == 1 and isinstance(cells[0], str) and FOOTER_RE.match(cells[0]):
        return cells[0]
    return None


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
    if not path.is_file():  # a pipe would wait for a writer for ever, a device never ends
        raise _problem(path, "不是普通文件（而是命名管道、设备或套接字），不能导入 (not a regular file but a pipe, a "
                             "device or a socket: it cannot be imported)")
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

class UndecodableText(Exception):
    """Bytes that cannot be read as text in a known encoding; the message says why and where."""


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")
DETECT_BYTES = 1 << 20       # bytes looked at to tell the encoding of a file without a BOM
CHINESE_ENCODINGS = {"gb18030", "gbk", "gb2312"}
GB2312_SHARE = 0.75          # text read as GB18030 must be mostly common simplified characters (Big5 gives < 0.5)
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
_BOM_NAMES = {"utf-32": "UTF-32", "utf-8-sig": "UTF-8", "utf-16": "UTF-16"}


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte order mark names (``utf-8-sig``, ``utf-16``, ``utf-32``), or None."""
    for bom, enc in _BOMS:  # UTF-32 LE first: its BOM starts with UTF-16 LE's
        if data.startswith(bom):
            return enc
    return None


def _where(data: bytes, offset: int) -> str:
    row = data.count(b"\n", 0, offset) + 1
    return f"第 {row} 行，第 {offset} 字节 (row {row}, byte offset {offset})"


def _decode_strict(data: bytes, enc: str, partial: bool) -> str:
    """Decode all of ``data``; with ``partial`` a character cut by the end of the sample is dropped."""
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        if partial and exc.end >= len(data) - 3 and exc.reason in ("unexpected end of data", "truncated data"):
            return data[: exc.start].decode(enc)
        raise


def _mostly_utf8(data: bytes) -> bool:
    """True when the non-ASCII text is mostly valid UTF-8 with a few broken bytes.

    GBK text read as UTF-8 gives about one error per character; a UTF-8 file with a broken
    byte gives one error among many good characters.
    """
    text = data[:DETECT_BYTES].decode("utf-8", errors="replace")
    errors = text.count("\ufffd")
    good = sum(len(run) for run in _NOT_ASCII.findall(text)) - errors
    return good >= 3 * max(errors, 1)


class _TooMany(Exception):
    pass


_misses = threading.local()


def _collect_misses(exc: UnicodeEncodeError):
    _misses.found.extend(range(exc.start, exc.end))
    if len(_misses.found) > MAX_MISSES:
        raise _TooMany
    return "", exc.end


codecs.register_error("workbench-gb2312-misses", _collect_misses)
MAX_MISSES = 20_000
GARBLED_SHARE = 0.6         # a line whose non-ASCII text is less GB2312 than this is garbage
GARBLED_MIN = 4             # ... when it has at least this many non-ASCII characters


def _gb2312_lines(text: str) -> tuple[float, int | None]:
    """Text read as GB18030: the share of its non-ASCII characters that are GB2312 (common
    simplified Chinese and symbols) outside garbled lines, and the first garbled line (1-based),
    a line whose non-ASCII text is mostly outside GB2312, as UTF-8 read as GBK is."""
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    if not non_ascii:
        return 1.0, None
    _misses.found = []
    try:
        text.encode("gb2312", errors="workbench-gb2312-misses")
    except _TooMany:  # many characters outside GB2312: judge the file by its start alone
        _misses.found = []
        sample = text[:DETECT_BYTES]
        chars = len(sample) - len(sample.encode("ascii", errors="ignore"))
        common = len(sample.encode("gb2312", errors="ignore")) - (len(sample) - chars)
        return (common / 2 / chars if chars else 1.0), None
    misses = _misses.found
    _misses.found = []
    lines: dict[int, int] = {}
    for pos in misses:
        start = text.rfind("\n", 0, pos) + 1
        lines[start] = lines.get(start, 0) + 1
    garbled, garbled_chars, garbled_misses = None, 0, 0
    for start, count in lines.items():
        end = text.find("\n", start)
        line = text[start: end if end >= 0 else len(text)]
        chars = len(line) - len(line.encode("ascii", errors="ignore"))
        if chars >= GARBLED_MIN and 1 - count / chars < GARBLED_SHARE:
            garbled_chars += chars
            garbled_misses += count
            if garbled is None:
                garbled = text.count("\n", 0, start) + 1
    rest = non_ascii - garbled_chars
    if rest < garbled_chars:  # mostly garbage: not GBK with a stray line, just not GBK
        return 1 - len(misses) / non_ascii, None
    return 1 - (len(misses) - garbled_misses) / rest, garbled


def decode(data: bytes, *, partial: bool = False) -> tuple[str, str]:
    """Text and encoding name (``utf-8-sig``, ``utf-16``, ``utf-32`` or ``gb18030``).

    A BOM decides the encoding; a file that fails to decode in it is refused. Without a BOM:
    UTF-8 when all of it is valid; a file that is mostly UTF-8 with a broken byte, or cut in the
    middle of a character, is refused with the row and byte offset (never reread as GB18030).
    Otherwise charset-normalizer must find GB18030/GBK with good confidence and the text must be
    mostly common simplified Chinese; anything else (Big5, Shift-JIS, Latin-1, ...) is refused.
    ``partial`` is for the start of a file: a character cut at the end is dropped.
    Raises UndecodableText with a message for the user.
    """
    enc = bom_encoding(data)
    if enc is not None:
        try:
            text = _decode_strict(data, enc, partial)
        except UnicodeDecodeError as exc:
            raise UndecodableText(
                f"文件开头标明 {_BOM_NAMES[enc]} 编码 (BOM)，但内容不是有效的 {_BOM_NAMES[enc]}："
                f"{_where(data, exc.start)} (the file starts with a {_BOM_NAMES[enc]} byte order mark but is not "
                f"valid {_BOM_NAMES[enc]})") from None
        return text.removeprefix("\ufeff"), enc
    try:
        return _decode_strict(data, "utf-8", partial), "utf-8-sig"
    except UnicodeDecodeError as exc:
        first = exc
    cut = first.end >= len(data) - 3 and first.reason in ("unexpected end of data", "truncated data")
    if cut and _mostly_utf8(data[: first.start]):
        raise UndecodableText(f"文件不完整：最后一个字符被截断，{_where(data, first.start)} "
                              f"(the file is truncated in the middle of a UTF-8 character)") from None
    if _mostly_utf8(data):
        raise UndecodableText(f"文件是 UTF-8 编码，但有损坏的字节：{_where(data, first.start)} "
                              f"(the file is UTF-8 with a broken byte; re-export it)") from None
    import charset_normalizer  # imported here: only files that are not UTF-8 need it

    sample = data[:DETECT_BYTES]
    if partial or len(data) > DETECT_BYTES:
        sample = sample[: max(sample.rfind(b"\n") + 1, 1)]  # whole lines, no character cut at the end
    found = {m.encoding for m in charset_normalizer.from_bytes(sample)}
    mixed = ("：文件中混有其他编码（例如 UTF-8）的内容，请统一另存为 UTF-8 或 GBK (the file is GBK up to there "
             "and mixes in another encoding; save it again in one encoding)")
    try:
        text = _decode_strict(data, "gb18030", partial)
    except UnicodeDecodeError as exc:
        head = data[: exc.start].decode("gb18030", errors="ignore")
        share, garbled = _gb2312_lines(head)
        if garbled is not None and share >= GB2312_SHARE:
            raise UndecodableText(f"第 {garbled} 行 (row {garbled}) 看似乱码{mixed}") from None
        if not head.isascii() and share >= GB2312_SHARE:
            raise UndecodableText(f"{_where(data, exc.start)} 不是 GBK 字符{mixed}") from None
        if found & CHINESE_ENCODINGS:
            raise UndecodableText(f"文件看似 GBK/GB18030 编码，但有无法识别的字节：{_where(data, exc.start)} "
                                  f"(the file looks like GBK/GB18030 but has an invalid byte)") from None
        text = None
    if text is not None:
        share, garbled = _gb2312_lines(text)
        if garbled is not None and share >= GB2312_SHARE:
            raise UndecodableText(f"第 {garbled} 行 (row {garbled}) 看似乱码{mixed}")
        if found & CHINESE_ENCODINGS and garbled is None and share >= GB2312_SHARE:
            return text, "gb18030"
    guess = f"（疑似 {', '.join(sorted(found))}）" if found else ""
    raise UndecodableText(f"无法识别文件编码{guess}，第一个无法按 UTF-8 读取的字节在{_where(data, first.start)}；"
                          f"请另存为 UTF-8 或 GBK 的 CSV (unknown text encoding: only UTF-8, UTF-16 and "
                          f"GBK/GB18030 are read; save the file as UTF-8 or GBK CSV)")


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
        size = path.stat().st_size
    except OSError as exc:
        raise _problem(path, f"无法读取文件 (cannot read the file): {exc.strerror or exc}") from None
    if limit is None and size > MAX_CSV_BYTES:
        raise _problem(path, f"文件过大：{size:,} 字节，上限 {MAX_CSV_BYTES:,} 字节 (the file is too large: {size:,} "
                             f"bytes, more than {MAX_CSV_BYTES:,})")
    try:
        with path.open("rb") as fh:
            data = fh.read(PREVIEW_BYTES if limit is not None else -1)
        partial = limit is not None and len(data) == PREVIEW_BYTES
    except OSError as exc:
        raise _problem(path, f"无法读取文件 (cannot read the file): {exc.strerror or exc}") from None
    if b"\x00" in data[:4096] and bom_encoding(data) not in ("utf-16", "utf-32"):
        raise _problem(path, "不是文本表格文件 (not a text/CSV file)")
    try:
        text, encoding = decode(data, partial=partial)
    except UndecodableText as exc:
        raise _problem(path, str(exc)) from None
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
    lines = text.count("\n", ends[h]) + 1 if limit is None else limit
    _check_size(path, min(lines, MAX_ROWS + 1), width)
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
        frame = _frame(rows, width)
        return Sheet(path, header_top, h, frame, encoding=encoding, complete=False,
                     skipped_cells=_csv_error_cells(frame, h + 2))
    digest = hashlib.sha256(data).hexdigest()
    numbers = numeric(top[h]) if numeric else set()
    frame = None
    if encoding in ("utf-8-sig", "gb18030"):
        start = len(text[: ends[h]].encode("utf-8" if encoding == "utf-8-sig" else encoding))
        if encoding == "utf-8-sig" and data.startswith(codecs.BOM_UTF8):
            start += len(codecs.BOM_UTF8)
        frame = _csv_frame(data, start, "utf-8" if encoding == "utf-8-sig" else encoding, delim, width, numbers)
    cut = _truncation(text, ends[h], delim, top[h], h + 2)
    if cut is not None and cut.row is not None:
        raise ReadError(Problem(cut.message, file=path.name, row=cut.row))
    rest = text[ends[h]:] if frame is None else ""
    del text, data
    if frame is None:
        try:
            rows = list(csv.reader(io.StringIO(rest, newline=""), delimiter=delim))
        except csv.Error as exc:
            raise _problem(path, f"CSV 格式错误 (malformed CSV): {exc}") from None
        wide = max([width] + [len(r) for r in rows])
        _check_size(path, len(rows), wide)
        frame = _frame(rows, wide)
    if cut is not None:
        raise ReadError(Problem(cut.message, file=path.name, row=h + 1 + len(frame)))
    return Sheet(path, header_top, h, frame, encoding=encoding, sha256=digest,
                 skipped_cells=_csv_error_cells(frame, h + 2))


def _csv_error_cells(frame: pd.DataFrame, first_row: int) -> list[tuple[int, int, str]]:
    """Cells a spreadsheet wrote where a formula failed or a figure was not available (#DIV/0!,
    #N/A, N/A): read as missing, so named as an .xlsx's error cells are. Each distinct text of a
    column is looked at once."""
    found = []
    for j in frame.columns:
        col = frame[j]
        if pd.api.types.is_numeric_dtype(col.dtype):
            continue
        values = col.cat.categories if isinstance(col.dtype, pd.CategoricalDtype) else pd.unique(col.dropna())
        errors = [v for v in values if is_error_cell(v)]
        if not errors:
            continue
        for i in (col.isin(errors)).to_numpy().nonzero()[0].tolist():
            found.append((first_row + i, int(j), str(col.iloc[i]).strip()))
    found.sort()
    return found


def _truncation(text: str, rest_start: int, delim: str, header: list, first_row: int) -> Problem | None:
    """A CSV cut short: the last record inside an open quote, or a last line without its line
    break that has fewer fields than the header. Data rows start at Excel row ``first_row``; the
    problem about the last line has no row (the caller knows how many rows were read).
    """
    if text.count('"', rest_start) % 2:
        reader = csv.reader(io.StringIO(text[rest_start:], newline=""), delimiter=delim, strict=True)
        records = 0
        try:
            for _ in reader:
                records += 1
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                return Problem("CSV 文件不完整：最后一行的引号没有结束，文件可能被截断 (the CSV is truncated: "
                               "an unterminated quote in the last row)", row=first_row + records)
    if text.endswith(("\n", "\r")) or len(text) <= rest_start:
        return None
    last = text[max(text.rfind("\n"), text.rfind("\r")) + 1:]
    if last.count('"') % 2:
        return None  # the end of a quoted field with line breaks
    fields = next(csv.reader([last], delimiter=delim), [])
    width = len(header)
    while width and is_blank(header[width - 1]):
        width -= 1
    if len(fields) >= width or all(is_blank(f) for f in fields) or footer_text(fields) is not None:
        return None
    return Problem(f"CSV 文件不完整：最后一行只有 {len(fields)} 列，表头有 {width} 列，文件可能被截断 "
                   f"(the CSV is truncated: the last row has {len(fields)} of {width} columns)")


def _check_size(path: Path, rows: int, columns: int) -> None:
    """Refuse a table that would not fit in memory once its rows are padded to the widest one."""
    if columns > MAX_COLUMNS or rows > MAX_ROWS or rows * columns > MAX_CELLS:
        raise _problem(path, f"表格过大：{rows:,} 行 × {columns:,} 列，超过 {MAX_CELLS:,} 个单元格 (the table is too "
                             f"large: {rows:,} rows x {columns:,} columns, more than {MAX_CELLS:,} cells)")


def _csv_frame(data: bytes, start: int, encoding: str, delim: str, width: int, numbers: set[int]
               ) -> pd.DataFrame | None:
    """Fast path: pandas' C parser reads the data rows from the bytes; None when rows are ragged.

    Text columns are read as categories: the parser numbers each distinct text as it reads, so a
    million-row long file makes no million Python strings and the checks factorise codes only."""
    if not _NON_SPACE.search(data, start):
        return pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
    buf = io.BytesIO(data)
    buf.seek(start)
    options = dict(header=None, names=list(range(width)), sep=delim, encoding=encoding, keep_default_na=False,
                   na_values=[""], skip_blank_lines=False, index_col=False, engine="c", quotechar='"')
    try:
        frame = pd.read_csv(buf, dtype={i: "category" for i in range(width) if i not in numbers}, **options)
        # pandas makes a text column's categories numbers when they all look like numbers: 000905
        # would be 905. Such columns are read again as the text written, as the slow path and an
        # xlsx text cell give them.
        again = [i for i in range(width) if i not in numbers and isinstance(frame[i].dtype, pd.CategoricalDtype)
                 and not _text_categories(frame[i].cat.categories)]
        if again:
            buf.seek(start)
            text = pd.read_csv(buf, dtype={i: object for i in again}, usecols=again, **options)
            for i in again:
                frame[i] = text[i].astype("category")
        return frame
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError):
        return None


def _text_categories(categories: pd.Index) -> bool:
    """Whether categories read from a CSV are the text written (no number pandas made of it)."""
    return not len(categories) or pd.api.types.is_object_dtype(categories.dtype) or \
        pd.api.types.is_string_dtype(categories.dtype)


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


def _check_zip(path: Path) -> None:
    """Refuse an .xlsx whose parts expand to more than a workbook can sensibly hold (a zip bomb),
    from the zip's directory alone, before anything is decompressed."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl reports the damaged file
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or (info.file_size > BIG_PART and ratio > MAX_RATIO):
            raise _problem(path, f"工作簿的部件 {info.filename} 从 {info.compress_size:,} 字节解压为 "
                                 f"{info.file_size:,} 字节，疑似压缩炸弹，拒绝读取 (the part {info.filename} expands "
                                 f"from {info.compress_size:,} to {info.file_size:,} bytes: a compressed bomb)")
    if total > MAX_TOTAL_BYTES:
        raise _problem(path, f"工作簿解压后共 {total:,} 字节，过大 (the workbook expands to {total:,} bytes: "
                             f"too large)")


def _declared_size(ws) -> tuple[int, int]:
    """Rows and columns a sheet's <dimension> declares (0, 0 when it declares none)."""
    from openpyxl.utils.cell import range_boundaries

    try:
        ref = ws.calculate_dimension()
    except Exception:  # no or an unreadable <dimension>: the rows read are counted instead
        return 0, 0
    try:
        _min_col, _min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return 0, 0
    return max_row or 0, max_col or 0


def _load_xlsx(path: Path, find_header: FindHeader, limit: int | None) -> Sheet:
    import openpyxl  # imported here: it costs start-up time the CSV path does not need

    _check_zip(path)
    try:
        # opened from a handle, not a name: openpyxl refuses a workbook saved as week.csv by its name
        # alone. The handle stays open while the rows are read (read-only sheets read lazily).
        fh = path.open("rb")
    except OSError as exc:
        raise _problem(path, f"无法打开文件 (cannot open the file): {exc.strerror or exc}") from None
    with fh:
        try:
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds of errors for damaged files
            log.debug("cannot open %s", path, exc_info=True)
            raise _problem(path, f"不是有效的 Excel (.xlsx) 文件或文件已损坏 (not a valid or a damaged .xlsx "
                                 f"workbook): {type(exc).__name__}") from None
        try:
            sheet = _read_workbook(path, wb, find_header, limit)
            sheet.own_table = _is_own_table(wb)
            return sheet
        except ReadError:
            raise
        except Exception as exc:  # a truncated or corrupt part shows up while rows are read
            log.debug("cannot read %s", path, exc_info=True)
            raise _problem(path, f"Excel 文件已损坏，无法读取 (the .xlsx workbook is damaged): "
                                 f"{type(exc).__name__}") from None
        finally:
            wb.close()


def _is_own_table(wb) -> bool:
    """Whether the workbook carries the comparison .xlsx's mark of the workbench's own table."""
    try:
        return any(getattr(p, "name", None) == OWN_TABLE_PROPERTY and getattr(p, "value", None) == OWN_TABLE_VALUE
                   for p in getattr(wb, "custom_doc_props", None) or ())
    except Exception:  # an unreadable property list is no mark
        return False


def _visible_sheets(path: Path, wb) -> list:
    """Worksheets to look at: the active one first if it is visible, then the other visible ones."""
    sheets = [ws for ws in wb.worksheets
              if hasattr(ws, "iter_rows") and getattr(ws, "sheet_state", "visible") == "visible"]
    if not sheets:
        raise _problem(path, "工作簿中没有可见的工作表 (the workbook has no visible sheet)")
    try:
        active = wb.active
    except (IndexError, AttributeError):
        active = None
    if active in sheets:
        sheets.remove(active)
        sheets.insert(0, active)
    return sheets


def _read_workbook(path: Path, wb, find_header: FindHeader, limit: int | None) -> Sheet:
    chosen = None
    first_with_data = None
    others: list[str] = []  # visible sheets after the one read that have a header too: named, never skipped silently
    for ws in _visible_sheets(path, wb):
        if chosen is not None:
            ws.reset_dimensions()
            if find_header([_trimmed([_cell_value(c) for c in row]) for row in ws.iter_rows(max_row=HEADER_SCAN)]
                           ) is not None:
                others.append(ws.title)
            continue
        declared_rows, declared_cols = _declared_size(ws)
        if declared_rows > MAX_ROWS or declared_cols > MAX_COLUMNS:
            raise _problem(path, f"工作表“{ws.title}”声明了 {declared_rows} 行 {declared_cols} 列，超过上限 "
                                 f"{MAX_ROWS} 行 (the sheet “{ws.title}” declares {declared_rows} rows and "
                                 f"{declared_cols} columns, more than the {MAX_ROWS:,} rows a sheet may hold)")
        ws.reset_dimensions()  # Wind and WPS files often carry a wrong <dimension>
        top = []
        for row in ws.iter_rows(max_row=HEADER_SCAN):
            top.append(_trimmed([_cell_value(c) for c in row]))
        if any(not is_blank(v) for r in top for v in r):
            first_with_data = first_with_data or (ws, top)
            h = find_header(top)
            if h is not None:
                chosen = (ws, top, h)
    if chosen is None:
        if first_with_data is None:
            raise _problem(path, "文件为空 (the file is empty)")
        ws, top = first_with_data
        return Sheet(path, top, None, pd.DataFrame(), sheet_name=ws.title)
    ws, top, h = chosen
    rows: list[list] = []
    percent: dict[int, set[int]] = {}
    complete = True
    empty_run = 0
    width = len(top[h])
    blank: list = []
    skipped: list[tuple[int, int, str]] = []
    for i, row in enumerate(ws.iter_rows(min_row=h + 2)):
        if limit is not None and i >= limit:
            complete = False
            break
        values = []
        for j, cell in enumerate(row):
            value = _cell_value(cell)
            if getattr(cell, "data_type", None) == "e" and value is not None:
                skipped.append((h + 2 + i, j, str(value)))  # an error value: read as missing, and named
            values.append(value)
            if isinstance(value, (int, float)) and "%" in (getattr(cell, "number_format", "") or ""):
                percent.setdefault(j, set()).add(i)
        values = _trimmed(values)
        if not values:
            # blank rows are kept as one shared empty list, and only once data follows them
            empty_run += 1
            if empty_run > EMPTY_RUN:
                first = h + 2 + i - empty_run + 1
                raise ReadError(Problem(
                    f"工作表“{ws.title}”从第 {first} 行起有超过 {EMPTY_RUN} 个连续空行，请删除空行后另存 (the sheet "
                    f"holds more than {EMPTY_RUN:,} empty rows in a row from row {first}; delete them and save "
                    f"again)", file=path.name, row=first))
            continue
        if i >= MAX_ROWS:
            raise _problem(path, f"工作表“{ws.title}”超过 {MAX_ROWS} 行 (the sheet has more than {MAX_ROWS:,} rows)")
        rows.extend([blank] * empty_run)
        empty_run = 0
        rows.append(values)
        width = max(width, len(values))
        if width > MAX_COLUMNS or width * len(rows) > MAX_CELLS:
            raise _problem(path, f"工作表“{ws.title}”过大：{len(rows)} 行 × {width} 列 (the sheet is too large: "
                                 f"{len(rows):,} rows x {width:,} columns)")
    header_row = list(top[h]) + [None] * (width - len(top[h]))
    if complete:
        skipped.extend(_formulas_without_values(path, getattr(ws, "_worksheet_path", None), h + 2))
        skipped.sort()
    return Sheet(path, top[:h] + [header_row], h, _frame(rows, width), percent=percent, sheet_name=ws.title,
                 complete=complete, other_sheets=others, skipped_cells=skipped)


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
NO_RESULT = "公式无计算结果 formula without a saved result"


def _formulas_without_values(path: Path, part: str | None, first_row: int) -> list[tuple[int, int, str]]:
    """Cells from ``first_row`` down holding a formula saved without its result (a file written by
    a program that does not calculate, or saved with calculation off): read as empty, so named.

    A sheet without formulas costs one pass over its bytes; only one with formulas is parsed."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import coordinate_to_tuple

    if not part:
        return []
    try:
        with zipfile.ZipFile(path) as z:
            with z.open(part.lstrip("/")) as fh:
                tail = b""
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    if _FORMULA.search(tail + chunk):
                        break
                    tail = chunk[-16:]
                else:
                    return []
            found = []
            data = None
            with z.open(part.lstrip("/")) as fh:
                for event, elem in iterparse(fh, events=("start", "end")):
                    tag = elem.tag.rsplit("}", 1)[-1]
                    if event == "start":
                        if tag == "sheetData":
                            data = elem
                        continue
                    if tag != "row":
                        continue
                    for c in elem:
                        children = {child.tag.rsplit("}", 1)[-1]: child for child in c}
                        ref, v = c.get("r"), children.get("v")
                        if "f" in children and (v is None or not (v.text or "").strip()) and ref:
                            row, col = coordinate_to_tuple(ref)
                            if row >= first_row:
                                found.append((row, col - 1, NO_RESULT))
                    if data is not None:
                        data.clear()  # rows done with are dropped: memory stays flat on a big sheet
            return found
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, SyntaxError):
        log.debug("cannot look for formulas in %s", path, exc_info=True)
        return []


def skipped_warnings(sheet: Sheet, headers: list, shown: int = 5, columns: set[int] | None = None) -> list[str]:
    """What the import summary says about the sheets and cells a file held but the import did not read;
    ``columns``: the 0-based columns the import reads (cells elsewhere are no loss), None for all."""
    from openpyxl.utils.cell import get_column_letter

    out = []
    skipped = [c for c in sheet.skipped_cells if columns is None or c[1] in columns]
    if sheet.sheet_name is not None and sheet.other_sheets:
        names = "、".join(f"“{t}”" for t in sheet.other_sheets)
        out.append(f"只导入了工作表“{sheet.sheet_name}”，未导入的工作表 {names} 也有表头；请把它们另存为单独的文件再导入 "
                   f"(only the sheet “{sheet.sheet_name}” was imported; other sheets with a header were not imported: "
                   f"{names}; save each as a file of its own and import it)")
    if skipped:
        errors = sum(1 for c in skipped if c[2] != NO_RESULT)
        formulas = len(skipped) - errors
        what = []
        if errors:
            what.append(f"{errors} 个错误值 (error values such as #DIV/0!, #N/A)")
        if formulas:
            what.append(f"{formulas} 个没有计算结果的公式 (formulas saved without their result; open the file in "
                        f"Excel or WPS and save it again)")
        where = []
        for row, col, text in skipped[:shown]:
            label = headers[col] if col < len(headers) and not is_blank(headers[col]) else None
            cell = f"{get_column_letter(col + 1)}{row}"
            where.append(f"{cell}“{one_line_text(label)}”" if label is not None else cell)
            if text != NO_RESULT:
                where[-1] += f" {text}"
        more = f" 等 (and {len(skipped) - shown} more)" if len(skipped) > shown else ""
        out.append(f"按缺失处理的单元格 (cells read as missing): {'，'.join(what)}: {', '.join(where)}{more}")
    return out


def read_as_warnings(sheet: Sheet) -> list[str]:
    """What the import summary says about a file read as other than its name says: an Excel
    workbook saved under a .csv (or .txt) name is read as the workbook it is, and said to be."""
    ext = sheet.path.suffix.lower()
    if sheet.sheet_name is None or ext in XLSX_EXTS:
        return []
    named = f"名为 {ext}" if ext else "没有扩展名"
    named_en = f"named {ext}" if ext else "without an extension"
    return [f"{sheet.name} 的内容是 Excel 工作簿（文件{named}），已按 Excel 工作簿读取；建议改名为 .xlsx "
            f"({sheet.name} is an Excel workbook {named_en}: it was read as an Excel workbook; rename it to .xlsx)"]


def one_line_text(value) -> str:
    return " ".join(cell_text(value).split())


def _trimmed(values: list) -> list:
    """A row without its trailing empty cells (a stray format far to the right costs nothing)."""
    end = len(values)
    while end and is_blank(values[end - 1]):
        end -= 1
    return values if end == len(values) else values[:end]
