"""Imports that can be trusted: implausible values, encodings, workbooks, conflicts across files.

Every refusal names the file, Excel row and column, and leaves the store unchanged.
"""

from __future__ import annotations

import pytest

from workbench.errors import ImportFailed
from workbench.imports import import_files

WIDE = ["证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 亿元", "PE 2024E"]
REV = "营业收入 [报告期] 2024三季 [单位] 亿元"
LONG = ["ticker", "name", "period", "metric", "value"]
QUOTES = ["代码", "名称", "日期", "收盘价", "涨跌幅"]


@pytest.fixture
def seeded(store, write_csv):
    import_files(store, [write_csv("seed.csv", [WIDE, ["600519.SH", "贵州茅台", "1231.2", "24.5"]])])
    return store


def refused(store, paths, snapshot) -> ImportFailed:
    """An import that must fail, leaving the store as it was (also in a dry run)."""
    before = snapshot(store)
    with pytest.raises(ImportFailed) as info:
        import_files(store, paths)
    assert snapshot(store) == before
    with pytest.raises(ImportFailed):
        import_files(store, paths, dry_run=True)
    assert snapshot(store) == before
    return info.value


def where(err: ImportFailed) -> list[tuple]:
    return [(p.file, p.row, p.column, p.value) for p in err.problems]


# ------------------------------------------------------------------ values no report can print

def test_wide_csv_refuses_1e300_yi_and_an_absurd_pe(seeded, write_csv, snapshot):
    bad = write_csv("wide.csv", [WIDE, ["000858.SZ", "五粮液", "1e300", "15.2"],
                                 ["002415.SZ", "海康威视", "652.8", "123456"],
                                 ["300750.SZ", "宁德时代", "2591.0", "20.1"]])
    err = refused(seeded, [bad], snapshot)
    assert where(err) == [("wide.csv", 2, REV, "1e+300"), ("wide.csv", 3, "PE 2024E", "123456")]
    assert "营业收入 (Revenue): 1e+300 亿元 超出合理范围" in err.problems[0].message
    assert "市盈率 (PE): 123,456 超出合理范围 -10,000 至 10,000" in err.problems[1].message


def test_wide_xlsx_refuses_an_infinite_and_a_huge_number(seeded, write_xlsx, snapshot):
    bad = write_xlsx("wide.xlsx", [["电子行业"], WIDE, ["000858.SZ", "五粮液", 1e306, 15.2],
                                   ["002415.SZ", "海康威视", 652.8, -20000.0]])
    err = refused(seeded, [bad], snapshot)
    assert [(p.file, p.row, p.column) for p in err.problems] == [("wide.xlsx", 3, REV), ("wide.xlsx", 4, "PE 2024E")]
    assert "不是有限数字 (not a finite number)" in err.problems[0].message  # 1e306 亿元 overflows
    assert err.problems[0].value == "1e+306"
    assert "plausible range" in err.problems[1].message


def test_long_csv_refuses_an_overflowing_number_and_a_fall_beyond_100_percent(seeded, write_csv, snapshot):
    bad = write_csv("long.csv", [LONG, ["600519.SH", "贵州茅台", "2023A", "revenue", "1e999"],
                                 ["600519.SH", "贵州茅台", "2023A", "revenue_yoy", "-150%"],
                                 ["600519.SH", "贵州茅台", "2023A", "pe", "24.5"]])
    err = refused(seeded, [bad], snapshot)
    assert [(p.row, p.column, p.value) for p in err.problems] == [(2, "value", "1e999"), (3, "value", "-150%")]
    assert "-150% 超出合理范围 -100% 至 10,000%" in err.problems[1].message


def test_long_csv_with_units_refuses_a_scaled_value_out_of_range(seeded, write_csv, snapshot):
    bad = write_csv("long.csv", [["代码", "简称", "报告期", "指标", "数值", "单位"],
                                 ["600519", "贵州茅台", "2023年报", "营业收入", "2e7", "亿元"],
                                 ["600519", "贵州茅台", "2023年报", "归母净利润", "747.3", "亿元"]])
    err = refused(seeded, [bad], snapshot)
    assert where(err) == [("long.csv", 2, "数值", "20000000")]
    assert "20,000,000 亿元 超出合理范围" in err.problems[0].message


def test_quotes_refuse_a_zero_close_and_a_weekly_change_of_5000_percent(seeded, write_csv, snapshot):
    bad = write_csv("q.csv", [QUOTES, ["000300.SH", "沪深300", "2024-12-27", "0", "1.36%"],
                              ["000001.SH", "上证指数", "2024-12-27", "3400.14", "5000%"],
                              ["399001.SZ", "深证成指", "2024-12-27", "1e400", "0.13%"]])
    err = refused(seeded, [bad], snapshot)
    assert [(p.row, p.column) for p in err.problems] == [(2, "收盘价"), (3, "涨跌幅"), (4, "收盘价")]
    assert "指数收盘价 (index close): 0 超出合理范围" in err.problems[0].message
    assert "指数周涨跌幅 (index weekly change): 5,000% 超出合理范围" in err.problems[1].message


def test_values_at_the_edge_of_the_range_are_imported(seeded, write_csv):
    ok = write_csv("edge.csv", [WIDE, ["000858.SZ", "五粮液", "1000000", "-10000"],
                                ["002415.SZ", "海康威视", "-100000", "10000"]])
    import_files(seeded, [ok])
    assert seeded.fact_row("000858.SZ", "revenue", "2024Q1-Q3")["value"] == 100_000_000_000_000.0
    assert seeded.fact_row("002415.SZ", "pe", "2024E")["value"] == 10000.0


def test_nan_spelled_out_is_missing_not_a_number(seeded, write_csv):
    ok = write_csv("nan.csv", [WIDE, ["000858.SZ", "五粮液", "NaN", "nan"]])
    import_files(seeded, [ok])
    assert seeded.fact_row("000858.SZ", "revenue", "2024Q1-Q3") is None
    assert seeded.fact_row("000858.SZ", "pe", "2024E") is None


# ------------------------------------------------------------------ encodings

COMPANIES = "代码,简称,细分板块\r\n600519,贵州茅台,白酒\r\n000858,五粮液,白酒\r\n002415,海康威视,安防\r\n"


def test_broken_byte_in_a_utf8_file_is_refused_with_row_and_offset(seeded, tmp_path, snapshot):
    data = COMPANIES.encode("utf-8")
    cut = data.index("五粮液".encode()) + 1          # inside 五, on row 3
    bad = tmp_path / "broken.csv"
    bad.write_bytes(data[:cut] + b"\xff" + data[cut:])
    err = refused(seeded, [bad], snapshot)
    (p,) = err.problems
    assert p.file == "broken.csv"
    assert f"第 3 行，第 {cut - 1} 字节 (row 3, byte offset {cut - 1})" in p.message
    assert "UTF-8" in p.message and "broken byte" in p.message
    assert seeded.indices() == [] and len(seeded.companies()) == 1  # nothing reread as GB18030


def test_one_bad_byte_in_utf8_quotes_creates_no_garbled_indices(seeded, tmp_path, snapshot):
    text = "代码,名称,日期,收盘价,涨跌幅\r\n" + "".join(
        f"000300.SH,沪深300,2024-12-{d:02d},{3900 + d},0.10%\r\n" for d in range(1, 28))
    data = text.encode("utf-8")
    bad = tmp_path / "quotes.csv"
    bad.write_bytes(data[:200] + b"\x80" + data[200:])
    err = refused(seeded, [bad], snapshot)
    assert "broken byte" in err.problems[0].message
    assert seeded.all_quotes() == []


def test_utf8_cut_in_the_middle_of_a_character_is_reported_as_truncated(seeded, tmp_path, snapshot):
    data = COMPANIES.rstrip("\r\n").encode("utf-8")[:-1]   # the last 视 loses its last byte
    bad = tmp_path / "cut.csv"
    bad.write_bytes(data)
    (p,) = refused(seeded, [bad], snapshot).problems
    assert "truncated in the middle of a UTF-8 character" in p.message
    assert f"第 4 行，第 {len(data) - 2} 字节" in p.message


def test_a_gbk_file_whose_only_chinese_is_at_the_end_is_not_called_truncated(store, tmp_path):
    path = tmp_path / "gbk.csv"
    # 瀚 is E5 AB in GBK: to a UTF-8 reader, the start of a three-byte character cut at the end
    path.write_bytes(b"ticker,name,segment\r\n600519.SH,MOUTAI," + "瀚".encode("gbk"))
    import_files(store, [path])
    assert store.company("600519.SH")["segment"] == "瀚"


def test_a_gbk_file_with_a_utf8_line_pasted_in_is_refused_naming_the_line(seeded, tmp_path, snapshot):
    rows = "".join(f"{600100 + i},电子公司{i},半导体\r\n" for i in range(40))
    bad = tmp_path / "mixed.csv"
    bad.write_bytes(("代码,简称,细分板块\r\n" + rows).encode("gbk") + "688001,华兴源创,半导体设备\r\n".encode("utf-8"))
    (p,) = refused(seeded, [bad], snapshot).problems
    assert p.file == "mixed.csv" and "第 42 行" in p.message and "row 42" in p.message
    assert "mixes in another encoding" in p.message
    assert not seeded.has_company("688001.SH")


def test_gbk_names_with_a_few_traditional_or_rare_characters_are_read(store, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("代码,简称,细分板块\r\n600519,貴州茅台,白酒\r\n002384,東山精密,PCB\r\n".encode("gbk"))
    import_files(store, [path])
    assert store.company("002384.SZ")["name"] == "東山精密"


@pytest.mark.parametrize("encoding", ["big5", "shift_jis"])
def test_big5_and_shift_jis_are_refused_not_imported_as_garbage(seeded, tmp_path, snapshot, encoding):
    text = "代碼,名稱,細分板塊\r\n600519,貴州茅台,白酒\r\n000858,五糧液,白酒\r\n002415,海康威視,安防\r\n"
    bad = tmp_path / f"{encoding}.csv"
    bad.write_bytes(text.encode(encoding))
    (p,) = refused(seeded, [bad], snapshot).problems
    assert p.file == f"{encoding}.csv"
    assert "unknown text encoding" in p.message and "GBK" in p.message


def test_japanese_names_in_shift_jis_are_refused(seeded, tmp_path, snapshot):
    bad = tmp_path / "jp.csv"
    bad.write_bytes("コード,名前\r\n600519,トヨタ自動車\r\n000858,ソニーグループ\r\n".encode("shift_jis"))
    (p,) = refused(seeded, [bad], snapshot).problems
    assert "unknown text encoding" in p.message


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_and_gb18030_without_bom_are_read(store, tmp_path, encoding):
    path = tmp_path / "gbk.csv"
    path.write_bytes(COMPANIES.encode(encoding))
    import_files(store, [path])
    assert [(c["ticker"], c["name"]) for c in store.companies()] == [
        ("600519.SH", "贵州茅台"), ("000858.SZ", "五粮液"), ("002415.SZ", "海康威视")]


@pytest.mark.parametrize("bom, encoding", [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                                           (b"\xfe\xff", "utf-16-be")])
def test_a_file_with_a_bom_is_read_in_that_encoding(store, tmp_path, bom, encoding):
    path = tmp_path / "bom.csv"
    path.write_bytes(bom + COMPANIES.encode(encoding))
    import_files(store, [path])
    assert store.company("002415.SZ")["name"] == "海康威视"


@pytest.mark.parametrize("bom, body, words", [
    (b"\xef\xbb\xbf", "代码,简称\r\n600519,".encode("utf-8") + "贵州茅台\r\n".encode("gbk"), "UTF-8 byte order mark"),
    (b"\xff\xfe", "代码,简称\r\n600519,贵州茅台\r\n".encode("utf-16-le") + b"\x00", "UTF-16 byte order mark"),
    (b"\xff\xfe", "代码,简称\r\n".encode("utf-16-le") + b"\x00\xdc" + "\r\n".encode("utf-16-le"),
     "UTF-16 byte order mark"),  # a lone low surrogate
])
def test_a_file_whose_bom_lies_is_refused(seeded, tmp_path, snapshot, bom, body, words):
    bad = tmp_path / "liar.csv"
    bad.write_bytes(bom + body)
    (p,) = refused(seeded, [bad], snapshot).problems
    assert words in p.message and "byte offset" in p.message


# ------------------------------------------------------------------ truncated CSV

def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_csv_cut_mid_row_is_refused(seeded, tmp_path, snapshot, encoding):
    bad = _write(tmp_path, "cut.csv", "代码,简称,细分板块\r\n600519,贵州茅台,白酒\r\n000858,五粮", encoding)
    (p,) = refused(seeded, [bad], snapshot).problems
    assert (p.file, p.row) == ("cut.csv", 3)
    assert "the CSV is truncated: the last row has 2 of 3 columns" in p.message


def test_csv_cut_inside_a_quoted_field_is_refused(seeded, tmp_path, snapshot):
    bad = _write(tmp_path, "quote.csv", '代码,简称,细分板块\r\n600519,贵州茅台,白酒\r\n000858,"五粮液,白酒\r\n'
                                        '002415,海康威视,安防\r\n')
    (p,) = refused(seeded, [bad], snapshot).problems
    assert (p.file, p.row) == ("quote.csv", 3)
    assert "unterminated quote" in p.message


def test_long_csv_cut_mid_row_is_refused(seeded, tmp_path, snapshot):
    rows = "".join(f"{600000 + i}.SH,公司{i},2023A,pe,{10 + i}\n" for i in range(50))
    bad = _write(tmp_path, "long.csv", "ticker,name,period,metric,value\n" + rows + "600050.SH,公司50,2023")
    (p,) = refused(seeded, [bad], snapshot).problems
    assert p.row == 52 and "3 of 5 columns" in p.message


def test_complete_csvs_without_a_final_newline_and_with_quoted_line_breaks_are_read(store, tmp_path):
    a = _write(tmp_path, "a.csv", "代码,简称,细分板块\r\n600519,贵州茅台,白酒\r\n000858,五粮液,白酒")
    b = _write(tmp_path, "b.csv", '代码,简称,细分板块\r\n002415,"海康\r\n威视",安防\r\n300750,宁德时代,"电池\r\n储能"')
    c = _write(tmp_path, "c.csv", "代码,简称,细分板块\r\n688981,中芯国际,晶圆代工\r\n数据来源：Wind")
    d = _write(tmp_path, "d.csv", '代码,简称,备注\r\n601138,工业富联,"12"" 屏"\r\n')
    import_files(store, [a, b, c, d])
    assert store.company("000858.SZ")["name"] == "五粮液"
    assert store.company("002415.SZ") is not None  # a quoted line break is not a cut row
    assert store.company("300750.SZ")["name"] == "宁德时代"
    assert store.company("688981.SH")["name"] == "中芯国际"
    assert store.company("601138.SH")["name"] == "工业富联"


# ------------------------------------------------------------------ workbooks

def _book(tmp_path, name, sheets, active=0):
    """A workbook of (title, state, rows) sheets; ``active`` is the index of the active sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, state, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        ws.sheet_state = state
    wb.active = active
    path = tmp_path / name
    wb.save(path)
    return path


VISIBLE = [["代码", "简称", "PE 2024E"], ["600519", "贵州茅台", 25]]
HIDDEN = [["代码", "简称", "PE 2024E"], ["600519", "贵州茅台", 99], ["000858", "五粮液", 15]]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_before_the_visible_one_is_never_read(store, tmp_path, state):
    path = _book(tmp_path, "book.xlsx", [("隐藏", state, HIDDEN), ("数据", "visible", VISIBLE)], active=1)
    import_files(store, [path])
    assert store.fact("600519.SH", "pe", "2024E") == 25.0
    assert not store.has_company("000858.SZ")


def test_the_active_visible_sheet_is_read_before_others(store, tmp_path):
    other = [["代码", "简称", "PE 2024E"], ["600519", "贵州茅台", 30]]
    path = _book(tmp_path, "book.xlsx", [("上周", "visible", other), ("本周", "visible", VISIBLE)], active=1)
    import_files(store, [path])
    assert store.fact("600519.SH", "pe", "2024E") == 25.0


def test_when_the_active_sheet_is_hidden_the_first_visible_one_is_read(store, tmp_path):
    path = _book(tmp_path, "book.xlsx", [("隐藏", "hidden", HIDDEN), ("数据", "visible", VISIBLE)], active=0)
    import_files(store, [path])
    assert store.fact("600519.SH", "pe", "2024E") == 25.0


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_marked_active_in_the_file_is_not_read(store, tmp_path, state):
    """Excel and openpyxl move the active tab to a visible sheet on save; another program may not.
    A workbook whose file names a hidden sheet as the active tab is read from its visible sheet."""
    path = _book(tmp_path, "book.xlsx", [("隐藏", state, HIDDEN), ("数据", "visible", VISIBLE)], active=1)
    _rewrite_part(path, "xl/workbook.xml", lambda xml: xml.replace('activeTab="1"', 'activeTab="0"'))
    import_files(store, [path])
    assert store.fact("600519.SH", "pe", "2024E") == 25.0
    assert not store.has_company("000858.SZ")


def test_a_workbook_without_a_visible_sheet_is_refused(seeded, tmp_path, snapshot):
    path = _book(tmp_path, "book.xlsx", [("a", "visible", VISIBLE), ("b", "hidden", HIDDEN)])
    # openpyxl will not save a workbook without a visible sheet: hide the last one in the XML
    _rewrite_part(path, "xl/workbook.xml", lambda xml: xml.replace('state="visible"', 'state="veryHidden"'))
    (p,) = refused(seeded, [path], snapshot).problems
    assert p.file == "book.xlsx" and "no visible sheet" in p.message


def _rewrite_part(path, part, change):
    import zipfile

    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            z.writestr(info, data)


def _sheet_with(tmp_path, name, extra_xml="", dimension=None):
    """A small valid workbook whose first sheet gets ``extra_xml`` appended to its rows."""
    import re

    path = _book(tmp_path, name, [("数据", "visible", VISIBLE)])

    def change(xml):
        xml = xml.replace("</sheetData>", extra_xml + "</sheetData>")
        if dimension:
            xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{dimension}"/>', xml)
        return xml
    _rewrite_part(path, "xl/worksheets/sheet1.xml", change)
    return path


def test_a_stray_cell_a_million_rows_down_is_refused_within_seconds(seeded, tmp_path, snapshot):
    import time

    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _sheet_with(tmp_path, "far.xlsx", far)
    assert path.stat().st_size < 10_000
    start = time.monotonic()
    (p,) = refused(seeded, [path], snapshot).problems
    assert time.monotonic() - start < 10
    assert p.file == "far.xlsx" and "empty rows" in p.message


def test_many_styled_empty_rows_after_the_data_are_refused(seeded, tmp_path, snapshot):
    rows = "".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(3, 120_004))
    path = _sheet_with(tmp_path, "empty.xlsx", rows)
    (p,) = refused(seeded, [path], snapshot).problems
    assert p.row == 3 and "empty rows" in p.message


def test_a_declared_dimension_beyond_the_row_limit_is_refused_before_reading(seeded, tmp_path, snapshot):
    path = _sheet_with(tmp_path, "dim.xlsx", dimension="A1:C3000000")
    (p,) = refused(seeded, [path], snapshot).problems
    assert "3000000" in p.message and "rows" in p.message


def test_a_compressed_bomb_is_refused_before_it_is_expanded(seeded, tmp_path, snapshot):
    import time
    import zipfile

    path = _book(tmp_path, "bomb.xlsx", [("数据", "visible", VISIBLE)])
    padding = " " * (64 << 20)  # 64 MB of blanks inside the sheet: legal XML, about 64 kB compressed
    _rewrite_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("<sheetData>", "<sheetData>" + padding))
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").compress_size < 1 << 20
    start = time.monotonic()
    (p,) = refused(seeded, [path], snapshot).problems
    assert time.monotonic() - start < 5
    assert "xl/worksheets/sheet1.xml" in p.message and "compressed" in p.message


def test_an_xml_entity_bomb_in_a_sheet_is_refused_quickly(seeded, tmp_path, snapshot):
    import time

    entities = '<!ENTITY lol "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
    path = _book(tmp_path, "laughs.xlsx", [("数据", "visible", [["代码", "简称", "细分板块"], ["600519", "贵州茅台", "x"]])])
    _rewrite_part(path, "xl/worksheets/sheet1.xml",
                  lambda xml: xml.replace("<worksheet", f"<!DOCTYPE lolz [{entities}]><worksheet", 1)
                  .replace(">x<", ">&lol9;<"))
    start = time.monotonic()
    (p,) = refused(seeded, [path], snapshot).problems
    assert time.monotonic() - start < 5
    assert p.file == "laughs.xlsx" and "damaged" in p.message


def test_a_small_csv_that_would_expand_to_a_huge_table_is_refused_quickly(seeded, tmp_path, snapshot):
    import time

    bad = tmp_path / "wide.csv"  # 10,000 columns in the header, 5,000 one-cell rows: 50 million cells
    bad.write_text("代码," + ",".join(f"c{i}" for i in range(10_000)) + "\n" + "600519\n" * 5_000)
    assert bad.stat().st_size < 200_000
    start = time.monotonic()
    (p,) = refused(seeded, [bad], snapshot).problems
    assert time.monotonic() - start < 5
    assert p.file == "wide.csv" and "too large" in p.message and "10,001 columns" in p.message


def test_one_very_long_row_far_down_is_refused(seeded, tmp_path, snapshot):
    bad = tmp_path / "long_row.csv"
    rows = "".join(f"{600100 + i},公司{i},电子\n" for i in range(3_000))
    bad.write_text("代码,简称,细分板块\n" + rows + "600519,贵州茅台,白酒" + ",x" * 20_000 + "\n")
    (p,) = refused(seeded, [bad], snapshot).problems
    assert p.file == "long_row.csv" and "too large" in p.message


def test_a_csv_larger_than_any_export_is_refused_before_it_is_read(seeded, tmp_path, snapshot):
    import time

    from workbench.imports.readers import MAX_CSV_BYTES

    huge = tmp_path / "huge.csv"
    with huge.open("wb") as fh:  # sparse: nothing is written to disk
        fh.write("代码,简称\n600519,贵州茅台\n".encode("utf-8"))
        fh.truncate(MAX_CSV_BYTES + 1)
    start = time.monotonic()
    (p,) = refused(seeded, [huge], snapshot).problems
    assert time.monotonic() - start < 5
    assert p.file == "huge.csv" and "too large" in p.message


def test_a_big_gbk_file_with_many_rare_characters_is_judged_by_its_start(store, tmp_path, monkeypatch, snapshot):
    from workbench.imports import readers

    monkeypatch.setattr(readers, "MAX_MISSES", 5)  # as a file with tens of thousands of rare characters
    rows = "".join(f"{600100 + i},電子公司{i},半导体\r\n" for i in range(30))  # one in seven is traditional
    good = tmp_path / "gbk.csv"
    good.write_bytes(("代码,简称,细分板块\r\n" + rows).encode("gbk"))
    import_files(store, [good])
    assert store.company("600100.SH")["name"] == "電子公司0"
    big5 = tmp_path / "big5.csv"
    big5.write_bytes(("代碼,簡稱,細分板塊\r\n" + rows.replace("半导体", "半導體")).encode("big5"))
    (p,) = refused(store, [big5], snapshot).problems
    assert "unknown text encoding" in p.message
