"""The comparison table as an Excel workbook, laid out as the PDF prints it, with numbers as numbers.

Sales desks and clients re-use the table in Excel, so every figure is a numeric cell in display
units (amounts in 亿元, ratios as fractions shown as %, multiples) carrying an Excel number
format, never text. The header, the merged segment cells, the green negatives, the unit note
and the source line follow the PDF (workbench/report/table.py and render.py).
"""

from __future__ import annotations

import math
import unicodedata
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from workbench.analysis.growth import computed_yoy, yoy_inputs
from workbench.domain.metrics import NumberStyle, colours_moves, display_number, format_value, prints_negative
from workbench.imports.readers import OWN_TABLE_PROPERTY, OWN_TABLE_VALUE
from workbench.outputs import atomic_output, check_target
from workbench.progress import report
from workbench.report.render import draft_mark
from workbench.report.snapshot import issue_snapshot
from workbench.report.spec import ReportSpec, TableEntry
from workbench.report.styles import house_colour, tint
from workbench.report.table import FIXED, HAIR, NEGATIVE, RULE, ZEBRA

SHEET_TITLE = "重点公司对比"
NO_COMPANIES = "（无公司数据 no companies）"
MAX_CELL_TEXT = 32767  # Excel's limit for one cell
FIXED_WIDTHS = {0: (10, 24), 1: (11, 16), 2: (10, 30)}  # (minimum, maximum) in character widths
NUMBER_WIDTHS = (9, 22)
STEPS = 3


def _hex(colour) -> str:
    """A reportlab colour as openpyxl's RRGGBB."""
    return colour.hexval()[2:].upper()


def _text(value: str | None) -> str:
    """User text safe for a cell: no control characters Excel refuses, within the cell limit."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value or "")
    return text[:MAX_CELL_TEXT]


def _put(ws, row: int, col: int, value):
    """Write one cell; text stays text even when it starts with ``=`` (never a formula)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = _text(value) or None
        if cell.value is not None:
            cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _number(kind: str, value: float | None) -> float | None:
    """A stored value in display units: amounts in 亿元, ratios stay fractions; missing is None.

    The cell holds the decimal written (2319.15, not 2319.1499999999999; a loss of -0.04 亿元 stays
    -0.04), so Excel's own rounding of its number format (half away from zero) shows the digits the
    PDF prints, and the workbench reads back the figure it wrote.
    """
    if value is None or isinstance(value, bool):
        return None
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return None
    if value == 0:
        return 0.0
    # display_number writes a negative that prints as zero as 0: the cell keeps the figure's sign
    return math.copysign(display_number(kind, abs(value)), value)


def _number_format(numbers: NumberStyle, kind: str, value: float) -> str:
    """The column's number format; a negative figure that prints as zero (-0.04 亿元 prints 0.0) gets
    a negative section without a sign (``0.0;0.0``), so Excel and LibreOffice show 0.0, never -0.0."""
    fmt = numbers.excel_format(kind)
    if value < 0 and not prints_negative(kind, value, numbers):
        return f"{fmt};{fmt}"
    return fmt


def _display_width(text: str) -> int:
    """Width in Excel character units: CJK characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _source_line(text: str) -> str:
    """The source line as the PDF prints it (``资料来源：`` prefixed once)."""
    text = (text or "").strip()
    if not text:
        return ""
    return text if text.startswith("资料来源") else f"资料来源：{text}"


def _header_runs(table: TableEntry) -> list[tuple[int, int, str]]:
    """Runs of adjacent columns sharing a non-empty group: (first, last, group), 0-based."""
    runs = []
    i, n = 0, len(table.columns)
    while i < n:
        group = table.columns[i].group
        j = i
        if group:
            while j + 1 < n and table.columns[j + 1].group == group:
                j += 1
            runs.append((i, j, group))
        i = j + 1
    return runs


def computed_notes(store, table: TableEntry) -> dict[tuple[str, int], str]:
    """(ticker, column) -> how the figure was computed, for each YoY cell of ``table`` that the table
    computed from two stored levels (the store holds no YoY of its own): trace's explanation, the
    formula on the two levels (``= 12 / 10 - 1（2023 对 2022），库中没有该同比，由两期营业收入计算 …``)."""
    at = [k for k, col in enumerate(table.columns) if yoy_inputs(col.metric, col.period) is not None]
    if not at or not table.rows:
        return {}
    wanted = {k: (table.columns[k].metric, table.columns[k].period) for k in at}
    levels = {k: yoy_inputs(*key) for k, key in wanted.items()}
    held = store.fact_matrix(sorted({*wanted.values(), *(lv for pair in levels.values() for lv in pair)}))
    notes = {}
    for row in table.rows:
        have = held.get(row.ticker, {})
        for k, key in wanted.items():
            value = row.values[k]
            if value is None or key in have or any(have.get(lv) is None for lv in levels[k]):
                continue
            found = computed_yoy(store, row.ticker, *key)
            if found is not None and found.value == value:  # a final's frozen figure computed from other levels: no note
                notes[(row.ticker, k)] = found.explanation
    return notes


def write_table_xlsx(spec: ReportSpec, out_path, *, store_path=None,
                     notes: dict[tuple[str, int], str] | None = None) -> Path:
    """Write ``spec``'s comparison table as an .xlsx workbook, atomically; returns the path written.
    ``notes`` (``computed_notes``) explains the cells the table computed."""
    target = check_target(out_path, store_path)
    workbook = build_workbook(spec, notes)
    _atomic_save(workbook, target, store_path)
    return target


def export_table_xlsx(store, issue_id, out_path, *, progress=None) -> Path:
    """An issue's comparison table as .xlsx: a final issue's frozen numbers, any other issue's live ones."""
    target = check_target(out_path, store.path)  # before any work: never the store, nor a missing folder
    report(progress, 0, STEPS, "读取数据 (reading the issue)")
    spec = ReportSpec.from_dict(issue_snapshot(store, issue_id))
    notes = computed_notes(store, spec.table)
    report(progress, 1, STEPS, "写入文件 (writing)")
    path = write_table_xlsx(spec, target, store_path=store.path, notes=notes)
    report(progress, STEPS, STEPS, "完成 (done)")
    return path


def _dated(title: str, as_of: str | None) -> str:
    """The table's title with its 截至 date's year (截至12月29日 -> 截至2024年12月29日): the workbook
    travels on its own, and imported back the year dates its 年初至今 column (the PDF keeps the short
    form beside the issue's own dates)."""
    if not as_of:
        return title
    try:
        d = date.fromisoformat(as_of[:10])
    except ValueError:
        return title
    short, full = f"截至{d.month}月{d.day}日", f"截至{d.year}年{d.month}月{d.day}日"
    return title.replace(short, full, 1) if full not in title else title


def build_workbook(spec: ReportSpec, notes: dict[tuple[str, int], str] | None = None) -> Workbook:
    """The workbook holding the table of ``spec`` (one sheet), not yet saved; a cell of ``notes``
    ((ticker, column) -> text) carries its text as a note (a computed YoY says how it was computed)."""
    notes = notes or {}
    table = spec.table
    colour = _hex(house_colour(spec.house.colour))
    segment_fill = PatternFill("solid", fgColor=_hex(tint(house_colour(spec.house.colour), 0.07)))
    zebra_fill = PatternFill("solid", fgColor=_hex(ZEBRA))
    header_fill = PatternFill("solid", fgColor=colour)
    green = _hex(NEGATIVE)

    wb = Workbook()
    ws = wb.active
    # a draft's or review's table says so where the reader looks, as its PDF does on every page: the
    # title (【草稿】…), the sheet's tab and the printed page's header
    mark = draft_mark(spec.status)
    as_of = table.as_of or spec.as_of
    title = _dated(table.title or "", as_of)
    title = f"【{mark}】{title}" if mark else title
    ws.title = f"{SHEET_TITLE}（{mark}）" if mark else SHEET_TITLE
    if mark:
        ws.oddHeader.center.text = f"{mark} · 未经审核，不得对外发布"
        ws.oddHeader.center.color = colour
    house = spec.house.name_zh or spec.house.name_en
    props = wb.properties
    props.title = _text(f"【{mark}】" if mark else "") + _text(_dated(table.title, as_of) if table.title
                                                             else f"{spec.series} {spec.period_compact}")
    props.creator = _text(house)
    props.lastModifiedBy = _text(house)
    props.subject = _text(f"{spec.series} {spec.period_compact}".strip())
    props.description = _text(f"#{spec.issue_id} v{spec.version} {spec.status}"
                              + (f" · 数据截至 {as_of}" if as_of else ""))
    # imported back, the workbook is known as the workbench's own table: figures equal to the stored
    # ones keep their as-of dates (the title's 截至 date is the report's, not the data's)
    wb.custom_doc_props.append(StringProperty(name=OWN_TABLE_PROPERTY, value=OWN_TABLE_VALUE))

    n_cols = 3 + len(table.columns)
    runs = _header_runs(table)
    grouped = bool(runs)
    title_row, header_top = 1, 2
    header_rows = 2 if grouped else 1
    first = header_top + header_rows  # first body row

    # ---- title
    _put(ws, title_row, 1, title).font = Font(bold=True, size=12, color=colour)
    ws.row_dimensions[title_row].height = 20

    # ---- header: 细分板块 | 代码 | 公司 | groups merged over their sub-columns
    white = Side(style="thin", color="FFFFFF")
    top_rule = Side(style="medium", color=colour)
    header_font = Font(bold=True, color="FFFFFF")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r in range(header_top, first):
        for c in range(1, n_cols + 1):
            cell = ws.cell(row=r, column=c)
            cell.fill = header_fill
            cell.font = header_font
            cell.alignment = centre
            cell.border = Border(left=white, right=white, bottom=white,
                                 top=top_rule if r == header_top else white)
    for c, label in enumerate(FIXED, start=1):
        _put(ws, header_top, c, label)
    in_group = {k for a, b, _ in runs for k in range(a, b + 1)}
    for k, col in enumerate(table.columns):
        c = 4 + k
        if k in in_group:
            _put(ws, header_top + 1, c, col.label)
        else:
            _put(ws, header_top, c, col.label)
    for a, b, group in runs:
        _put(ws, header_top, 4 + a, group)
        if b > a:
            ws.merge_cells(start_row=header_top, start_column=4 + a, end_row=header_top, end_column=4 + b)
    if grouped:
        for c in list(range(1, 4)) + [4 + k for k in range(len(table.columns)) if k not in in_group]:
            ws.merge_cells(start_row=header_top, start_column=c, end_row=header_top + 1, end_column=c)

    # ---- body
    widths = [_display_width(t) for t in FIXED] + [
        max(_display_width(col.label), _display_width(col.group) // max(1, _run_len(runs, k)))
        for k, col in enumerate(table.columns)]
    numbers = NumberStyle.lenient(spec.house.number_style)  # the house's style, as in the PDF and the grid
    hair = Side(style="thin", color=_hex(HAIR))
    rule = Side(style="thin", color=_hex(RULE))
    bottom_rule = Side(style="medium", color=colour)
    centre_cell = Alignment(horizontal="center", vertical="center", wrap_text=True)
    right_cell = Alignment(horizontal="right", vertical="center")
    rows = table.rows
    last = first + len(rows) - 1
    block_start = first
    for i, row in enumerate(rows):
        r = first + i
        new_segment = i == 0 or row.segment != rows[i - 1].segment
        ends_segment = i == len(rows) - 1 or rows[i + 1].segment != row.segment
        if new_segment:
            block_start = r
            _put(ws, r, 1, row.segment)
            widths[0] = max(widths[0], _display_width(_text(row.segment)))
        _put(ws, r, 2, row.ticker)
        _put(ws, r, 3, row.name)
        widths[1] = max(widths[1], _display_width(_text(row.ticker)))
        widths[2] = max(widths[2], _display_width(_text(row.name)))
        top = rule if new_segment and i > 0 else None
        bottom = bottom_rule if r == last else (rule if ends_segment else hair)
        fill = zebra_fill if i % 2 else None
        for c in range(1, n_cols + 1):
            cell = ws.cell(row=r, column=c)
            if c == 1:
                cell.fill = segment_fill
                cell.alignment = centre_cell
                cell.border = Border(top=top, bottom=bottom if ends_segment else None)
                continue
            if fill is not None:
                cell.fill = fill
            cell.border = Border(top=top, bottom=bottom)
            if c <= 3:
                cell.alignment = centre_cell
        for k, (col, value) in enumerate(zip(table.columns, row.values)):
            number = _number(col.kind, value)
            if number is None:
                continue  # missing stays an empty cell
            cell = ws.cell(row=r, column=4 + k, value=number)
            cell.number_format = _number_format(numbers, col.kind, value)
            note = notes.get((row.ticker, k))
            if note:  # a growth computed from two levels says so, in trace's words
                cell.comment = Comment(_text(note), house or "workbench", width=320, height=90)
            cell.alignment = right_cell
            # a negative PE stays in the text colour; -0.004% prints 0.00% and is not a fall
            if colours_moves(col.kind) and prints_negative(col.kind, value, numbers):
                cell.font = Font(color=green)
            widths[3 + k] = max(widths[3 + k], len(format_value(col.kind, value, style=numbers)))
        if ends_segment and r > block_start:
            # a merged range takes its edges from its first cell: give it the block's bottom rule
            head = ws.cell(row=block_start, column=1)
            head.border = Border(top=head.border.top, bottom=bottom)
            ws.merge_cells(start_row=block_start, start_column=1, end_row=r, end_column=1)
    if not rows:
        cell = _put(ws, first, 1, NO_COMPANIES)
        cell.font = Font(color="808080")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        for c in range(1, n_cols + 1):
            ws.cell(row=first, column=c).border = Border(bottom=bottom_rule)
        if n_cols > 1:
            ws.merge_cells(start_row=first, start_column=1, end_row=first, end_column=n_cols)
        last = first

    # ---- unit note and source line under the table
    note_font = Font(size=9, color="595959")
    r = last + 1
    if table.unit_note:
        _put(ws, r, 1, table.unit_note).font = note_font
        r += 1
    source = _source_line(table.source)
    if source:
        _put(ws, r, 1, source).font = note_font

    # ---- widths, frozen panes, printing
    for c, width in enumerate(widths):
        low, high = FIXED_WIDTHS.get(c, NUMBER_WIDTHS)
        ws.column_dimensions[get_column_letter(c + 1)].width = min(high, max(low, width)) + 2
    ws.freeze_panes = ws.cell(row=first, column=4).coordinate
    ws.print_title_rows = f"{header_top}:{first - 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return wb


def _run_len(runs: list[tuple[int, int, str]], k: int) -> int:
    """How many columns the group header over column ``k`` spans (1 when it has none)."""
    for a, b, _ in runs:
        if a <= k <= b:
            return b - a + 1
    return 1


def _atomic_save(workbook: Workbook, target: Path, store_path=None) -> None:
    """Save to a temporary file in the target's folder, then rename over the target.

    A failed save leaves no file behind and an earlier file at ``target`` untouched.
    """
    with atomic_output(target, store_path) as tmp:
        workbook.save(tmp)
