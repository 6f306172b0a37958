"""What a workbook holds but an import does not read is named, never skipped silently: another
visible sheet with a header, error cells (#DIV/0!, #N/A) and formulas saved without their result."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from workbench.imports import import_files
from workbench.imports.layouts import header_row_finder
from workbench.imports.readers import NO_RESULT, load_sheet

HEADER = ["ticker", "name", "营业收入(亿元)2023年报", "营业收入同比(%)2023年报"]
YI = 1e8


def _workbook(path, sheets: dict[str, list[list]], hidden=()):
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        if title in hidden:
            ws.sheet_state = "hidden"
    wb.active = 0
    wb.save(path)
    return path


@pytest.fixture
def two_sheets(tmp_path):
    return _workbook(tmp_path / "twosheets.xlsx", {
        "A": [HEADER, ["600584.SH", "长电科技", 300.5, 0.1]],
        "说明": [["本表数据来自 Wind"]],
        "B": [HEADER, ["600745.SH", "闻泰科技", 700.1, 0.1]],
        "C": [HEADER, ["603501.SH", "韦尔股份", 210.2, 0.1]]}, hidden={"C"})


def test_the_reader_names_other_visible_sheets_with_a_header(two_sheets):
    sheet = load_sheet(two_sheets, header_row_finder(None, None))
    assert sheet.sheet_name == "A"
    assert sheet.other_sheets == ["B"]  # not the sheet without a header, never a hidden one


def test_the_summary_names_the_sheet_read_and_the_sheets_not_imported(store, two_sheets):
    report = import_files(store, [two_sheets], as_of="2024-12-27")
    (f,) = report.files
    assert f.sheet == "A"
    text = report.summary()
    assert "“A”" in text and "“B”" in text and "“C”" not in text and "“说明”" not in text
    assert store.fact("600584.SH", "revenue", "2023A") == pytest.approx(300.5 * YI)


def test_a_single_sheet_workbook_says_nothing_about_other_sheets(store, tmp_path):
    one = _workbook(tmp_path / "one.xlsx", {"数据": [HEADER, ["600584.SH", "长电科技", 300.5, 0.1]]})
    report = import_files(store, [one], as_of="2024-12-27")
    assert report.files[0].sheet == "数据"
    assert report.files[0].warnings == []


@pytest.fixture
def bad_cells(tmp_path):
    return _workbook(tmp_path / "cells.xlsx", {"数据": [
        HEADER,
        ["300493.SZ", "润欣科技", "#DIV/0!", 0.1],
        ["688018.SH", "乐鑫科技", "=10+12.6", 0.2],
        ["600584.SH", "长电科技", 300.5, "#N/A"],
        ["600745.SH", "闻泰科技", 700.1, 0.1]]})


def test_the_reader_lists_error_cells_and_formulas_without_a_result(bad_cells):
    sheet = load_sheet(bad_cells, header_row_finder(None, None))
    assert sheet.skipped_cells == [(2, 2, "#DIV/0!"), (3, 2, NO_RESULT), (4, 3, "#N/A")]


def test_the_summary_counts_the_cells_read_as_missing_and_names_the_first(store, bad_cells):
    report = import_files(store, [bad_cells], as_of="2024-12-27")
    (warning,) = [w for w in report.files[0].warnings if "#DIV/0!" in w]
    for part in ("2 个错误值", "1 个没有计算结果的公式", "C2", "C3", "D4", "#N/A"):
        assert part in warning, part
    assert "  " + warning in report.summary()
    assert store.fact("300493.SZ", "revenue", "2023A") is None


def test_only_the_first_few_cells_are_named(store, tmp_path):
    rows = [HEADER] + [[f"6000{i:02d}.SH", f"公司{i}", "#N/A", 0.1] for i in range(10)]
    path = _workbook(tmp_path / "many.xlsx", {"数据": rows})
    (warning,) = [w for w in import_files(store, [path], as_of="2024-12-27").files[0].warnings if "#N/A" in w]
    assert "10 个错误值" in warning and "C6" in warning and "C7" not in warning and "5 more" in warning


def test_cells_of_a_column_the_import_does_not_read_are_no_loss(store, tmp_path):
    path = _workbook(tmp_path / "helper.xlsx", {"数据": [
        HEADER + ["辅助列"], ["600584.SH", "长电科技", 300.5, 0.1, "#N/A"], ["600745.SH", "闻泰科技", "#N/A", 0.1, "=1/0"]]})
    (warning,) = [w for w in import_files(store, [path], as_of="2024-12-27").files[0].warnings if "缺失" in w]
    assert "1 个错误值" in warning and "C3" in warning and "E2" not in warning and "公式" not in warning
