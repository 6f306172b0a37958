"""A comma in a number is read only as thousands grouping (1,234,567.8); "14,3" or "1,4" (a decimal
comma, or a typo) is a problem naming the file, row and column, never 143 or 14."""

from __future__ import annotations

import pytest

from workbench.domain.values import parse_number
from workbench.errors import ImportFailed, ValidationError
from workbench.imports import import_files


@pytest.mark.parametrize("text, value", [("1,234,567.8", 1234567.8), ("1,234", 1234.0), ("－1，234.5", -1234.5),
                                         ("(12,345)", -12345.0), ("1,234.5%", 12.345), ("999", 999.0)])
def test_thousands_grouping_is_read(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["14,3", "1,4", "1,2345", "12,345,67", ",5", "1,,234", "1,234,5", "12，5%"])
def test_a_comma_that_groups_no_thousands_is_refused(text):
    with pytest.raises(ValidationError) as info:
        parse_number(text)
    assert "小数逗号" in info.value.message and "decimal comma" in info.value.message


def test_the_import_names_each_such_cell(demo_store, write_text, dump):
    path = write_text("r11.csv", "证券代码,证券简称,营业收入(亿元)2023年报,归母净利润(亿元)2023年报",
                      '688018.SH,乐鑫科技,"14,3","1,4"')
    before = dump(demo_store)
    with pytest.raises(ImportFailed) as info:
        import_files(demo_store, [path], as_of="2024-12-29")
    got = {(p.file, p.row, p.column, p.value) for p in info.value.problems}
    assert got == {("r11.csv", 2, "营业收入(亿元)2023年报", "14,3"), ("r11.csv", 2, "归母净利润(亿元)2023年报", "1,4")}
    assert all("小数逗号" in p.message for p in info.value.problems)
    assert dump(demo_store) == before


def test_grouped_thousands_import(store, write_text):
    import_files(store, [write_text("g.csv", "证券代码,证券简称,营业收入(万元)2023年报", '600519.SH,贵州茅台,"15,056,000"')])
    assert store.fact("600519.SH", "revenue", "2023A") == 15056000 * 1e4
