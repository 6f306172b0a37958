"""Spreadsheet error cells (#VALUE!, #N/A, n/a) are told apart from empty cells: they carry no
figure, and an edit never takes them as a request to clear one."""

from __future__ import annotations

import pytest

from workbench.domain.values import error_cell_message, is_error_cell, is_missing, parse_number

# What Excel and WPS show in a cell whose formula failed, and the usual not-available marks
EXCEL_ERRORS = ["#VALUE!", "#N/A", "#DIV/0!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"]


@pytest.mark.parametrize("raw", EXCEL_ERRORS + ["n/a", "N/A", " NaN ", "＃N／A", "#value!"])
def test_error_cells_are_error_cells(raw):
    assert is_error_cell(raw)


@pytest.mark.parametrize("raw", ["", "--", "-", "—", "暂无", "不适用", None, 12.5, float("nan"), "12.5%",
                                 "#1", "NA股", "n/a 12"])
def test_empty_cells_and_figures_are_not(raw):
    assert not is_error_cell(raw)


@pytest.mark.parametrize("raw", ["#VALUE!", "#N/A", "#DIV/0!", "n/a"])
def test_an_import_still_reads_the_common_ones_as_no_figure(raw):
    assert is_missing(raw) and parse_number(raw) is None


def test_the_message_names_the_cell_text_and_the_way_to_clear():
    message = error_cell_message(" #VALUE! ")
    assert "“#VALUE!”" in message and "Delete" in message
    assert message.index("(") > message.index("Delete")  # Chinese first, the English in parentheses
