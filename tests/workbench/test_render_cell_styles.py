"""The comparison table's cells get from their style classes exactly what reportlab's table style
commands would give them (font, size, leading, paddings, vertical centring, alignment by column),
with the commands that vary (a green figure, a shrunken one) still on top."""

from __future__ import annotations

import pytest
from reportlab.platypus import Table, TableStyle

from workbench.domain.issue import standard_table_columns
from workbench.report.fonts import font_set
from workbench.report.spec import TableColumnEntry, TableEntry, TableRow
from workbench.report.styles import BODY_W, house_colour, tint
from workbench.report.table import PAD_X, PAD_Y, TableLook, build_table

ATTRS = ("fontname", "fontsize", "leading", "leftPadding", "rightPadding", "topPadding", "bottomPadding",
         "firstLineIndent", "color", "alignment", "background", "valign", "href", "direction", "shaping",
         "destination")


def _entry(columns: list[TableColumnEntry], rows: int) -> TableEntry:
    out = []
    for n in range(rows):
        values = [(-1) ** n * 1.5e9 * (n + 1) if c.kind == "amount" else (-1) ** n * 0.1 * n for c in columns]
        values[-1] = 123456789.0 * 10 ** 6 if n == 2 else values[-1]  # too wide: all figures shrink to one size
        out.append(TableRow(f"板块{n // 4}", f"{600000 + n:06d}.SH", f"公司{n:03d}", values))
    return TableEntry("表", "资料来源：Wind", "2024-12-29", "单位：亿元", columns, out)


def _columns(grouped: bool) -> list[TableColumnEntry]:
    return [TableColumnEntry(c.metric, c.period, c.group if grouped else "", c.label,
                             "amount" if c.metric in ("revenue", "net_profit") else
                             ("multiple" if c.metric == "pe" else "ratio"))
            for c in standard_table_columns(2024)]


def _reportlabs_own(table: Table, look: TableLook, header_rows: int) -> Table:
    """The same data styled as reportlab does it: the global commands first, then the table's own."""
    nh = header_rows
    cmds = [("FONTNAME", (0, 0), (-1, -1), look.font), ("FONTSIZE", (0, 0), (-1, -1), look.size),
            ("LEADING", (0, 0), (-1, -1), look.line_h), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (2, -1), "CENTER"), ("ALIGN", (3, nh), (-1, -1), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD_X), ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), PAD_Y), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y)]
    own = Table(table._cellvalues, colWidths=table._argW, rowHeights=table._argH)
    own.setStyle(TableStyle(cmds + table._wb_cmds))
    return own


@pytest.mark.parametrize("grouped, rows", [(True, 9), (False, 5), (True, 0)])
def test_cells_are_styled_as_the_commands_would_style_them(grouped, rows, monkeypatch):
    fonts = font_set({})
    colour = house_colour("#9E1B32")
    look = TableLook(fonts.body, fonts.body_bold, colour, tint(colour, 0.07), clean=fonts.clean)
    seen: list = []
    original = TableStyle.__init__

    def remember(self, cmds=None, *a, **kw):  # the commands the table sets on top of its cells' styles
        seen.append(list(cmds or []))
        original(self, cmds, *a, **kw)

    monkeypatch.setattr(TableStyle, "__init__", remember)
    chunk = build_table(_entry(_columns(grouped), rows), BODY_W, look)
    chunk.wrap(BODY_W, 10_000)
    table = chunk._build()
    table._wb_cmds = seen[-1]
    nh = len(chunk.layout.header)
    theirs = _reportlabs_own(table, look, nh)
    assert len(table._cellStyles) == len(theirs._cellStyles) == nh + max(rows, 1)
    shrunk = 0
    for i, (ours_row, their_row) in enumerate(zip(table._cellStyles, theirs._cellStyles)):
        assert len(ours_row) == len(their_row) == len(chunk.layout.widths)
        for j, (ours, their) in enumerate(zip(ours_row, their_row)):
            for a in ATTRS:
                assert getattr(ours, a) == getattr(their, a), (i, j, a)
            assert ours.name == their.name
            shrunk += their.fontsize < look.size
    # the figure too wide for the table shrinks every figure to one size, never one cell alone
    assert shrunk == (rows * len(chunk.layout.widths[3:]) if rows > 2 else 0)
