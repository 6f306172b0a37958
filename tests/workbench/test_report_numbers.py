"""The house number style: one format for the grid, the PDF and the .xlsx, defaulting to the reference's."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from pypdf import PdfReader

from workbench.domain.metrics import NumberStyle, colours_moves, format_value
from workbench.errors import ValidationError
from workbench.report import ReportSpec, build_report_spec, export_pdf
from workbench.report.table_xlsx import export_table_xlsx

YI = 1e8
GROUPED = NumberStyle(thousands=True)


def flat_pdf(path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(path)).pages))


# ---------------------------------------------------------------------- the format rules
@pytest.mark.parametrize("value, text", [
    (2319.1 * YI, "2319.1"), (1771.8 * YI, "1771.8"), (-0.3 * YI, "-0.3"), (0.04 * YI, "0.0"), (12345.67 * YI, "12345.7"),
])
def test_amounts_print_in_yi_with_one_decimal_and_no_separators(value, text):
    assert format_value("amount", value) == text


@pytest.mark.parametrize("value, text", [
    (34.993, "3499.30%"), (0.028, "2.80%"), (-0.3415, "-34.15%"), (-6.3748, "-637.48%"), (0.0, "0.00%"),
])
def test_ratios_print_as_percent_with_two_decimals(value, text):
    assert format_value("ratio", value) == text


@pytest.mark.parametrize("value, text", [
    (-12.34, "-12.3"), (1338.62, "1338.6"), (48.0, "48.0"), (-592.44, "-592.4"), (0.0, "0.0"),
])
def test_pe_prints_with_one_decimal_and_no_separators(value, text):
    assert format_value("multiple", value) == text


def test_missing_prints_as_two_dashes_in_any_style():
    assert format_value("amount", None) == "--"
    assert format_value("ratio", float("nan"), style=GROUPED) == "--"


def test_a_house_that_groups_thousands_groups_amounts_and_prices_only():
    assert format_value("amount", 2319.1 * YI, style=GROUPED) == "2,319.1"
    assert format_value("price", 3400.14, style=GROUPED) == "3,400.14"
    assert format_value("multiple", 1338.62, style=GROUPED) == "1338.6"
    assert format_value("ratio", 34.993, style=GROUPED) == "3499.30%"


def test_a_house_can_choose_its_decimals():
    style = NumberStyle(amount_decimals=2, ratio_decimals=1, multiple_decimals=0)
    assert format_value("amount", 2319.1 * YI, style=style) == "2319.10"
    assert format_value("ratio", 0.028, style=style) == "2.8%"
    assert format_value("multiple", 48.4, style=style) == "48"
    assert format_value("ratio", -0.3412, signed=True, style=style) == "-34.1%"


def test_excel_formats_follow_the_style():
    ref = NumberStyle()
    assert [ref.excel_format(k) for k in ("amount", "ratio", "multiple", "price")] == ["0.0", "0.00%", "0.0", "0.00"]
    assert [GROUPED.excel_format(k) for k in ("amount", "ratio", "multiple", "price")] == \
        ["#,##0.0", "0.00%", "0.0", "#,##0.00"]
    assert NumberStyle(ratio_decimals=0, amount_decimals=0).excel_format("ratio") == "0%"
    assert NumberStyle(ratio_decimals=0, amount_decimals=0).excel_format("amount") == "0"


def test_only_moves_are_coloured():
    assert colours_moves("ratio")
    assert not colours_moves("multiple")  # a negative PE is a loss-maker, not a fall
    assert not colours_moves("amount")


@pytest.mark.parametrize("bad", [
    {"amount_decimals": 9}, {"amount_decimals": -1}, {"ratio_decimals": "2"}, {"ratio_decimals": True},
    {"thousands": "yes"}, {"comma": True}, {"multiple_decimals": 1.5},
])
def test_a_style_the_report_cannot_print_is_refused(bad):
    with pytest.raises(ValidationError):
        NumberStyle.from_dict(bad)


def test_an_unreadable_stored_style_falls_back_to_the_reference():
    assert NumberStyle.lenient({"amount_decimals": 99}) == NumberStyle()
    assert NumberStyle.lenient("nonsense") == NumberStyle()
    assert NumberStyle.lenient({"thousands": True}) == GROUPED


# ---------------------------------------------------------------------- the house profile
def test_a_new_store_has_the_reference_style(store):
    assert store.house()["number_style"] == {}


def test_the_house_style_is_stored_and_read_back(store):
    store.update_house(number_style={"thousands": True, "amount_decimals": 2})
    assert store.house()["number_style"] == {"thousands": True, "amount_decimals": 2, "ratio_decimals": 2,
                                             "multiple_decimals": 1, "price_decimals": 2}


def test_a_bad_house_style_is_refused_and_nothing_changes(store):
    store.update_house(name_zh="甲证券")
    before = store.house()
    with pytest.raises(ValidationError) as err:
        store.update_house(name_zh="乙证券", number_style={"amount_decimals": 12})
    assert "0 到 4" in str(err.value)
    assert store.house() == before


# ---------------------------------------------------------------------- PDF, .xlsx
def test_the_demo_pdf_prints_amounts_as_the_reference(demo_store, tmp_path):
    flat = flat_pdf(export_pdf(demo_store, "latest", tmp_path / "a.pdf").path)
    assert "2319.1" in flat and "2,319.1" not in flat
    assert "1771.8" in flat and "3499.30%" in flat and "-36.5" in flat


def test_a_grouping_house_gets_grouped_amounts_in_the_pdf(demo_store, tmp_path):
    demo_store.update_house(number_style={"thousands": True})
    flat = flat_pdf(export_pdf(demo_store, "latest", tmp_path / "a.pdf").path)
    assert "2,319.1" in flat and "1,771.8" in flat
    assert "3499.30%" in flat and "1338.6" in flat  # percentages and PE never grouped


def test_the_xlsx_uses_the_house_style(demo_store, tmp_path):
    issue = demo_store.issue("latest")
    ws = openpyxl.load_workbook(export_table_xlsx(demo_store, issue.id, tmp_path / "a.xlsx")).active
    formats = {c.number_format for row in ws.iter_rows() for c in row if isinstance(c.value, float)}
    assert formats == {"0.0", "0.00%"}
    demo_store.update_house(number_style={"thousands": True, "ratio_decimals": 1})
    ws = openpyxl.load_workbook(export_table_xlsx(demo_store, issue.id, tmp_path / "b.xlsx")).active
    formats = {c.number_format for row in ws.iter_rows() for c in row if isinstance(c.value, float)}
    assert formats == {"#,##0.0", "0.0%", "0.0"}


def test_a_negative_pe_is_not_green_in_the_xlsx(demo_store, tmp_path):
    issue = demo_store.issue("latest")
    spec = build_report_spec(demo_store, issue)
    ws = openpyxl.load_workbook(export_table_xlsx(demo_store, issue.id, tmp_path / "a.xlsx")).active
    pe_cols = [4 + k for k, c in enumerate(spec.table.columns) if c.kind == "multiple"]
    ratio_cols = [4 + k for k, c in enumerate(spec.table.columns) if c.kind == "ratio"]
    negative_pe = [ws.cell(r, c) for r in range(1, ws.max_row + 1) for c in pe_cols
                   if isinstance(ws.cell(r, c).value, float) and ws.cell(r, c).value < 0]
    negative_growth = [ws.cell(r, c) for r in range(1, ws.max_row + 1) for c in ratio_cols
                       if isinstance(ws.cell(r, c).value, float) and ws.cell(r, c).value < 0]
    assert len(negative_pe) >= 5 and len(negative_growth) >= 10
    assert all(not str(c.font.color.rgb if c.font.color else "").endswith("1E8C45") for c in negative_pe)
    assert all(str(c.font.color.rgb).endswith("1E8C45") for c in negative_growth)


def test_a_snapshot_from_before_the_style_keeps_its_grouped_amounts(demo_store):
    spec = build_report_spec(demo_store, "latest")
    data = spec.to_dict()
    assert data["house"]["number_style"] == NumberStyle().to_dict()
    del data["house"]["number_style"]  # a snapshot frozen by an earlier release
    assert ReportSpec.from_dict(data).house.number_style == {"thousands": True}
    assert ReportSpec.from_dict(spec.to_dict()).house.number_style == NumberStyle().to_dict()


def test_negative_pe_is_drawn_in_the_text_colour(demo_store, tmp_path):
    """Read the colour operator in force where -36.5 (云天励飞's PE) is drawn, from the page's operators
    (``rg`` sets the fill colour, ``q``/``Q`` save and restore it, ``Tj`` shows a string)."""
    from workbench.report import render_pdf

    pdf = PdfReader(io.BytesIO(render_pdf(build_report_spec(demo_store, "latest"))))
    colours: dict[str, tuple] = {}
    for page in pdf.pages:
        rgb, saved = None, []
        for operands, operator in page.get_contents().operations:
            if operator == b"rg":
                rgb = tuple(round(float(a), 3) for a in operands)
            elif operator == b"q":
                saved.append(rgb)
            elif operator == b"Q":
                rgb = saved.pop()
            elif operator == b"Tj":
                shown = getattr(operands[0], "original_bytes", operands[0])  # ASCII is drawn readable
                if shown in (b"-36.5", b"-7.36%"):
                    colours.setdefault(shown.decode(), rgb)
    assert colours["-7.36%"] == (0.118, 0.549, 0.271)  # #1E8C45: a fall in green
    assert colours["-36.5"] == (0.0, 0.0, 0.0)  # the table's text colour, as every positive figure
