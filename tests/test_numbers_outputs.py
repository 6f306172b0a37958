"""The comparison table prints half-way figures alike in the PDF and the .xlsx, and a figure that
rounds to zero has neither sign nor colour.

The truth is decimal arithmetic on the figure as written; Excel's display of a cell is modelled as
Excel does it (the double read to 15 significant digits, then the format's decimals half away from
zero), independently of the workbench's own rounding function.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

import openpyxl
import pytest

from workbench.report import build_report_spec
from workbench.report.table import NEGATIVE, TableLook, build_table
from workbench.report.table_xlsx import export_table_xlsx

GREEN = "1E8C45"
TICKER = "002475.SZ"
# metric, period, figure as written in the unit printed (亿元, %, x), decimals the reference prints
TIES = [("revenue", "2023A", "2319.15", 1), ("revenue", "2024Q1-Q3", "1771.85", 1), ("pe", "2025E", "17.25", 1),
        ("pe", "2024E", "-36.55", 1), ("revenue_yoy", "2023A", "3.125", 2), ("net_profit_yoy", "2023A", "-0.004", 2)]
UNIT = {"revenue": Decimal(10) ** 8, "revenue_yoy": Decimal("0.01"), "net_profit_yoy": Decimal("0.01")}


def half_up(written: str, decimals: int) -> str:
    q = Decimal(written).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{abs(q) if q == 0 else q:.{decimals}f}"


def excel_shows(value: float, number_format: str) -> str:
    """What Excel shows for a number under a ``0.0`` / ``0.00%`` format (no sign for a zero it shows
    only when the value itself is not negative). A format of two sections (``0.0;0.0``) shows a
    negative number by the second, without its sign (a minus only where the section writes one)."""
    d = Decimal(repr(value))
    if ";" in number_format:
        number_format = number_format.split(";")[1 if value < 0 else 0]
        d, value = abs(d), abs(value)
    d = Context(prec=15).plus(d)
    percent = number_format.endswith("%")
    if percent:
        d = d.scaleb(2)
    places = len(number_format.split(".")[1].rstrip("%")) if "." in number_format else 0
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(q):.{places}f}"
    return ("-" if value < 0 else "") + text + ("%" if percent else "")


@pytest.fixture
def tied(demo_store):
    for metric, period, written, _ in TIES:
        demo_store.set_fact(TICKER, metric, period, float(Decimal(written) * UNIT.get(metric, Decimal(1))))
    return demo_store


def columns_of(spec):
    return {(c.metric, c.period): k for k, c in enumerate(spec.table.columns)}


def test_the_pdf_table_prints_half_way_figures_half_up_and_a_rounded_zero_plainly(tied):
    from workbench.report.fonts import font_set
    from workbench.report.styles import BODY_W, house_colour, tint

    spec = build_report_spec(tied, tied.issue("latest"))
    at = columns_of(spec)
    fonts = font_set({})
    colour = house_colour("#9E1B32")
    look = TableLook(fonts.body, fonts.body_bold, colour, tint(colour, 0.07), clean=fonts.clean)
    table = build_table(spec.table, BODY_W, look)
    row = next(r for r in table.rows if TICKER in r.cells)
    green = {cmd[1] for cmd in row.cmds if cmd[0] == "TEXTCOLOR" and cmd[2] == NEGATIVE}
    for metric, period, written, decimals in TIES:
        k = at[(metric, period)]
        text = row.cells[3 + k]
        want = half_up(written, decimals) + ("%" if metric.endswith("_yoy") else "")
        assert text == want, (metric, period)
        assert (3 + k in green) == (want.startswith("-") and metric.endswith("_yoy")), (metric, period)
    assert row.cells[3 + at[("net_profit_yoy", "2023A")]] == "0.00%"


def test_the_xlsx_stores_numbers_excel_shows_as_the_pdf_prints(tied, tmp_path):
    spec = build_report_spec(tied, tied.issue("latest"))
    at = columns_of(spec)
    ws = openpyxl.load_workbook(export_table_xlsx(tied, tied.issue("latest").id, tmp_path / "t.xlsx")).active
    r = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == TICKER)
    for metric, period, written, decimals in TIES:
        cell = ws.cell(r, 4 + at[(metric, period)])
        want = half_up(written, decimals) + ("%" if metric.endswith("_yoy") else "")
        assert excel_shows(cell.value, cell.number_format) == want, (metric, period, cell.value)
        colour = str(cell.font.color.rgb) if cell.font.color is not None else ""
        assert colour.endswith(GREEN) == (want.startswith("-") and metric.endswith("_yoy")), (metric, period)
    # amounts are the decimal written in 亿元, not a binary quotient of yuan
    assert ws.cell(r, 4 + at[("revenue", "2024Q1-Q3")]).value == float(Decimal("1771.85"))


def test_a_negative_figure_that_prints_as_zero_is_stored_unsigned_for_excel():
    from workbench.domain.metrics import NumberStyle, display_number, format_value

    style = NumberStyle()
    for kind, value, fmt in [("multiple", -0.04, style.excel_format("multiple")),
                             ("ratio", -0.00004, style.excel_format("ratio")),
                             ("amount", -0.04e8, style.excel_format("amount")),
                             ("multiple", -0.05, style.excel_format("multiple"))]:
        number = display_number(kind, value, style)
        assert excel_shows(number, fmt) == format_value(kind, value, style=style), (kind, value)
