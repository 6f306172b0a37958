"""Clipboard TSV as Excel and WPS write it: ragged rows are padded to a rectangle, quoted cells kept whole."""

from __future__ import annotations

from ui.widgets.clipboard import parse_tsv


def test_a_short_last_row_is_padded():
    assert parse_tsv("a\tb\tc\r\nd\r\n") == [["a", "b", "c"], ["d", "", ""]]


def test_a_short_first_row_is_padded_to_the_widest():
    assert parse_tsv("x\ny\tz\n1\t2\t3") == [["x", "", ""], ["y", "z", ""], ["1", "2", "3"]]


def test_trailing_empty_cells_count_towards_the_width():
    # Excel keeps a copied empty last column as a trailing tab
    assert parse_tsv("21.6\t\t\r\n19.2\r\n") == [["21.6", "", ""], ["19.2", "", ""]]


def test_an_empty_line_inside_the_range_is_an_empty_row():
    assert parse_tsv("1\t2\n\n3\t4\n") == [["1", "2"], ["", ""], ["3", "4"]]


def test_a_quoted_cell_with_a_tab_or_line_break_is_one_cell():
    text = '"润欣\t科技"\t21.6\r\n"第一行\n第二行"\r\n'
    assert parse_tsv(text) == [["润欣\t科技", "21.6"], ["第一行\n第二行", ""]]


def test_rectangular_text_is_unchanged_and_nothing_is_nothing():
    assert parse_tsv("1\t2\r\n3\t4") == [["1", "2"], ["3", "4"]]
    assert parse_tsv("") == []
