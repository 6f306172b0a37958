"""The comparison table flowable: splitting by page, repeated header, spanned segment cells, no orphans."""

from __future__ import annotations

import pytest
from reportlab.platypus import FrameBreak

from workbench.domain.issue import standard_table_columns
from workbench.report.fonts import font_set
from workbench.report.spec import TableColumnEntry, TableEntry, TableRow
from workbench.report.styles import BODY_W, house_colour, tint
from workbench.report.table import ComparisonTable, TableLook, build_table

PAGE_BODY = 720.0  # points of frame height on a later page


def entry(sizes: list[int], columns=None) -> TableEntry:
    cols = columns if columns is not None else [
        TableColumnEntry(c.metric, c.period, c.group, c.label,
                         "amount" if c.metric in ("revenue", "net_profit") else
                         ("multiple" if c.metric == "pe" else "ratio"))
        for c in standard_table_columns(2024)]
    rows = []
    n = 0
    for s, size in enumerate(sizes):
        for _ in range(size):
            rows.append(TableRow(f"板块{s:02d}", f"{600000 + n:06d}.SH", f"公司{n:03d}",
                                 [(-1) ** n * 1.5e9 * (n + 1) if c.kind == "amount" else 0.1 * n for c in cols]))
            n += 1
    return TableEntry("表", "资料来源：Wind", "2024-12-29", "单位：亿元", cols, rows)


@pytest.fixture(scope="module")
def look():
    fonts = font_set({})
    colour = house_colour("#9E1B32")
    return TableLook(fonts.body, fonts.body_bold, colour, tint(colour, 0.07), clean=fonts.clean)


def paginate(table: ComparisonTable, first: float, later: float = PAGE_BODY) -> list[ComparisonTable]:
    """Split the table as platypus would: the first frame has ``first`` points left, then full pages."""
    chunks, rest, avail = [], table, first
    for _ in range(200):
        w, h = rest.wrap(BODY_W, avail)
        if h <= avail:
            chunks.append(rest)
            return chunks
        parts = rest.split(BODY_W, avail)
        if not parts:
            assert avail != later, "a fresh page must take at least one row"
        else:
            assert len(parts) == 3 and isinstance(parts[1], type(FrameBreak))  # the rest starts a new page
            head, _, rest = parts
            assert head.wrap(BODY_W, avail)[1] <= avail + 1e-6
            chunks.append(head)
        avail = later
    raise AssertionError("the table never finished")


def segments_of(chunk: ComparisonTable) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for row in chunk.rows:
        if out and out[-1][0] == row.segment:
            out[-1] = (row.segment, out[-1][1] + 1)
        else:
            out.append((row.segment, 1))
    return out


@pytest.mark.parametrize("first", [40.0, 150.0, 333.0, 500.0, PAGE_BODY])
@pytest.mark.parametrize("sizes", [[3] * 40, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] * 4, [5, 1, 12, 2, 30, 4, 1, 1, 1, 60]])
def test_no_segment_is_orphaned(look, sizes, first):
    table = build_table(entry(sizes), BODY_W, look)
    chunks = paginate(table, first)
    assert sum(len(c.rows) for c in chunks) == sum(sizes)
    rows = [r.cells[1] for c in chunks for r in c.rows]
    assert rows == [r.cells[1] for r in table.rows]  # nothing lost, nothing repeated
    for a, b in zip(chunks, chunks[1:]):
        last_seg, last_n = segments_of(a)[-1]
        first_seg, first_n = segments_of(b)[0]
        if last_seg == first_seg:  # a segment split over the page break
            total = last_n + first_n
            assert last_n >= 2, f"{last_seg}: its first row is alone at the page bottom"
            if total >= 4 and segments_of(a)[0][0] != last_seg:
                assert first_n >= 2, f"{last_seg}: its last row is alone at the page top"


@pytest.mark.parametrize("first", [40.0, 150.0, 333.0, 500.0, PAGE_BODY])
@pytest.mark.parametrize("sizes", [[5] * 40, [4, 7, 2, 9, 5, 3, 6, 1] * 5, [8, 11, 5, 6, 4, 13, 7] * 4])
def test_a_segment_splits_only_with_three_rows_on_either_side(look, sizes, first):
    chunks = paginate(build_table(entry(sizes), BODY_W, look), first)
    assert sum(len(c.rows) for c in chunks) == sum(sizes)
    for a, b in zip(chunks, chunks[1:]):
        last_seg, last_n = segments_of(a)[-1]
        first_seg, first_n = segments_of(b)[0]
        if last_seg == first_seg:
            assert last_n >= 3 and first_n >= 3, (last_seg, last_n, first_n)


def test_segments_of_five_rows_never_split(look):
    chunks = paginate(build_table(entry([5] * 60), BODY_W, look), 333.0)
    assert len(chunks) >= 4
    for c in chunks:
        assert all(n == 5 for _, n in segments_of(c))  # every page holds whole segments only


def test_the_source_line_sits_clear_of_the_closing_rule(look):
    from reportlab.platypus import Paragraph
    from reportlab.lib.styles import ParagraphStyle

    from workbench.report.table import TAIL_GAP

    tail = Paragraph("资料来源：Wind", ParagraphStyle("s", fontName=look.font, fontSize=7, leading=10))
    table = build_table(entry([3]), BODY_W, look, tail=tail)
    table.wrap(BODY_W, 1000)
    assert TAIL_GAP >= 3
    assert table._tail_h == pytest.approx(10 + TAIL_GAP)  # the rule is drawn above the gap, the text below it


def test_a_segment_too_big_for_a_page_splits(look):
    chunks = paginate(build_table(entry([150]), BODY_W, look), PAGE_BODY)
    assert len(chunks) >= 3
    assert all(len(c.rows) >= 2 for c in chunks)


def test_every_chunk_repeats_the_header(look):
    chunks = paginate(build_table(entry([10] * 20), BODY_W, look), 300)
    for c in chunks:
        t = c._build()
        header = t._cellvalues[0]
        assert [getattr(x, "text", x) for x in header[:3]] == ["细分板块", "代码", "公司"]
        assert getattr(header[3], "text", "") == "营业收入"
        assert getattr(t._cellvalues[1][3], "text", "") == "2023"


def test_segment_cell_spans_its_rows_and_is_marked_continued(look):
    chunks = paginate(build_table(entry([4, 40]), BODY_W, look), 200)
    second = chunks[1]
    t = second._build()
    spans = [c for c in t._spanCmds if c[1][0] == 0 and c[1][1] >= 2]
    assert spans, "the segment column spans"
    label = t._cellvalues[2][0]
    assert "（续）" in label.text


def test_spanned_label_fits_its_block(look):
    long = entry([1, 1, 2])
    for r in long.rows[:1]:
        r.segment = "很长的细分板块名称" * 3
    table = build_table(long, BODY_W, look)
    heights = table._row_heights(table.rows)
    need = table.layout.label_h(table.rows[0].segment, False)
    assert heights[0] >= need


def test_numbers_are_right_aligned_and_only_falling_growth_is_green(look):
    table = build_table(entry([3]), BODY_W, look)
    t = table._build()
    t.wrap(BODY_W, 1000)
    row = table.rows[1]  # (-1) ** 1: a negative amount (a loss is not a move: text colour)
    assert row.cells[3] == "-30.0"
    assert not any(cmd[0] == "TEXTCOLOR" and cmd[1] == 3 for cmd in row.cmds)
    assert t._cellStyles[2][3].alignment == "RIGHT"


def test_a_negative_growth_rate_is_green_and_a_negative_pe_is_not(look):
    from workbench.report.table import NEGATIVE

    cols = [TableColumnEntry("revenue_yoy", "2023A", "", "YoY", "ratio"),
            TableColumnEntry("pe", "2024E", "", "PE", "multiple")]
    e = TableEntry("表", "", None, "", cols, [TableRow("板块", "600000.SH", "公司", [-0.1234, -36.54])])
    row = build_table(e, BODY_W, look).rows[0]
    assert row.cells[3:] == ["-12.34%", "-36.5"]
    colours = {cmd[1]: cmd[2] for cmd in row.cmds if cmd[0] == "TEXTCOLOR"}
    assert colours == {3: NEGATIVE}


def test_an_oversized_figure_widens_its_column(look):
    e = entry([1])
    e.rows[0].values = [9.99e15] + e.rows[0].values[1:]
    table = build_table(e, BODY_W, look)
    assert table.rows[0].cells[3] == "99900000.0"
    assert table.layout.widths[3] > max(table.layout.widths[4:])  # the room comes from the other columns
    assert sum(table.layout.widths) == pytest.approx(BODY_W)
    assert table.layout.sizes == [look.size] * len(e.columns)  # nothing shrank


def test_columns_without_groups_have_one_header_row(look):
    cols = [TableColumnEntry("pe", "2024E", "", "PE 2024E", "multiple"),
            TableColumnEntry("pe", "2025E", "", "PE 2025E", "multiple")]
    table = build_table(entry([2], columns=cols), BODY_W, look)
    assert len(table.layout.header) == 1


def test_mixed_grouped_and_plain_columns(look):
    cols = [TableColumnEntry("revenue", "2023A", "营业收入", "2023", "amount"),
            TableColumnEntry("pe", "2024E", "", "PE 2024E", "multiple")]
    table = build_table(entry([2], columns=cols), BODY_W, look)
    top = table.layout.header[0]
    assert getattr(top[3], "text", "") == "营业收入" and getattr(top[4], "text", "") == "PE 2024E"
    assert ("SPAN", (4, 0), (4, 1)) in table.layout.header_cmds


def test_many_columns_fit_the_width(look):
    cols = [TableColumnEntry("pe", f"{2000 + i}E", "估值", f"PE {2000 + i}E", "multiple") for i in range(30)]
    table = build_table(entry([2], columns=cols), BODY_W, look)
    assert sum(table.layout.widths) == pytest.approx(BODY_W)


# ---------------------------------------------------------------------- plain cells in one text object
def _shown(pdf_bytes: bytes) -> tuple[list[tuple], int]:
    """Every string shown, with the text matrix and fill colour in force; and the count of text objects."""
    import io

    from pypdf import PdfReader

    shown, objects = [], 0
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        tm, font, rgb, saved = None, None, None, []
        for operands, operator in page.get_contents().operations:
            if operator == b"BT":
                objects += 1
            elif operator == b"Tm":
                tm = tuple(round(float(a), 3) for a in operands)
            elif operator == b"Tf":
                font = (str(operands[0]).split("+")[0], float(operands[1]))
            elif operator == b"rg":
                rgb = tuple(round(float(a), 3) for a in operands)
            elif operator == b"q":
                saved.append(rgb)
            elif operator == b"Q":
                rgb = saved.pop()
            elif operator == b"Tj":
                shown.append((bytes(getattr(operands[0], "original_bytes", operands[0])), tm, font, rgb))
    return shown, objects


def test_plain_cells_share_a_text_object_and_land_where_reportlab_puts_them(look):
    """The truth is reportlab's own Table drawing the same cells: same strings, places, sizes, colours."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from workbench.report.table import TextRunTable
    from workbench.report.typeset import CJKParagraph

    para = CJKParagraph("润欣科技（段落）", ParagraphStyle("p", fontName=look.font, fontSize=7, wordWrap="CJK"))
    data = [["300493.SZ", "润欣科技", "21.6", "-7.36%", "1,234.5"],
            ["688018.SH", para, "两行\n文字", "0.4", "-34.15%"],
            ["", "乐鑫科技", "14.3", "12.74%", "225.21%"]]
    cmds = [("FONTNAME", (0, 0), (-1, -1), look.font), ("FONTSIZE", (0, 0), (-1, -1), 7),
            ("LEADING", (0, 0), (-1, -1), 8.75), ("ALIGN", (0, 0), (0, -1), "LEFT"),
            ("ALIGN", (1, 0), (1, -1), "CENTER"), ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, 0), "TOP"), ("VALIGN", (0, 1), (-1, 1), "MIDDLE"),
            ("VALIGN", (0, 2), (-1, 2), "BOTTOM"), ("TEXTCOLOR", (3, 0), (3, 0), colors.HexColor("#1E8C45")),
            ("TEXTCOLOR", (4, 1), (4, 1), colors.HexColor("#1E8C45")), ("FONTSIZE", (4, 2), (4, 2), 5.5),
            ("BACKGROUND", (0, 2), (-1, 2), colors.HexColor("#F6F6F6")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey)]

    def pdf(kind) -> bytes:
        buf = io.BytesIO()
        t = kind(data, colWidths=[60, 70, 50, 50, 50], rowHeights=[14, 24, 14])
        t.setStyle(TableStyle(cmds))
        SimpleDocTemplate(buf, invariant=1, initialFontName=look.font).build([t])
        return buf.getvalue()

    ours, ours_objects = _shown(pdf(TextRunTable))
    theirs, their_objects = _shown(pdf(Table))
    assert ours == theirs and len(ours) >= 14
    assert ours_objects < their_objects - 8  # a text object per run of plain cells, not per cell
