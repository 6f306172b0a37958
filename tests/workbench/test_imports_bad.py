"""Bad input: one clear ImportFailed naming file, Excel row, column and value; the store is unchanged.

Every test imports a good file together with the bad one into a store that already holds data,
so it also shows that nothing of the good file lands when another file fails.
"""

import io
import zipfile

import pytest

from workbench.errors import ImportFailed, WorkbenchError
from workbench.imports import import_files

HEADER = ["证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 亿元", "PE 2024E"]
REV = "营业收入 [报告期] 2024三季 [单位] 亿元"  # the column as problems name it


@pytest.fixture
def seeded(store, write_csv):
    """A store holding some companies and facts already."""
    import_files(store, [write_csv("seed.csv", [HEADER, ["600519.SH", "贵州茅台", "1231.2", "24.5"],
                                                ["000858.SZ", "五粮液", "679.2", "15.2"]])])
    return store


@pytest.fixture
def good(write_xlsx):
    """A valid file whose companies the bad files do not mention."""
    return write_xlsx("good.xlsx", [HEADER, ["002415.SZ", "海康威视", "652.8", "18.3"],
                                    ["300750.SZ", "宁德时代", "2591.0", "20.1"]])


def failed_import(store, paths, snapshot) -> ImportFailed:
    """Run an import that must fail; check the store did not change; return the error."""
    before = snapshot(store)
    with pytest.raises(ImportFailed) as info:
        import_files(store, paths)
    assert isinstance(info.value, WorkbenchError)
    assert snapshot(store) == before
    with pytest.raises(ImportFailed):  # a dry run finds the same problems
        import_files(store, paths, dry_run=True)
    assert snapshot(store) == before
    assert "nothing was written" in info.value.message or "invalid" in info.value.message
    return info.value


def only(err: ImportFailed):
    assert len(err.problems) == 1, [str(p) for p in err.problems]
    return err.problems[0]


def test_empty_csv(seeded, good, tmp_path, snapshot):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    p = only(failed_import(seeded, [good, empty], snapshot))
    assert (p.file, p.message) == ("empty.csv", "文件为空 (the file is empty)")
    assert str(p) == "empty.csv: 文件为空 (the file is empty)"


def test_blank_csv_and_empty_workbook(seeded, good, tmp_path, write_xlsx, snapshot):
    blank = tmp_path / "blank.csv"
    blank.write_text("\r\n ,, \r\n")
    sheet = write_xlsx("empty.xlsx", [])
    err = failed_import(seeded, [good, blank, sheet], snapshot)
    assert [(p.file, p.message) for p in err.problems] == [("blank.csv", "文件为空 (the file is empty)"),
                                                          ("empty.xlsx", "文件为空 (the file is empty)")]


def test_text_file_named_xlsx(seeded, good, tmp_path, snapshot):
    fake = tmp_path / "report.xlsx"
    fake.write_text("证券代码,证券简称\n600519,贵州茅台\n", encoding="utf-8")
    p = only(failed_import(seeded, [good, fake], snapshot))
    assert p.file == "report.xlsx"
    assert "not a valid .xlsx workbook" in p.message


def test_old_xls_and_unknown_types(seeded, good, tmp_path, snapshot):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7 ...")
    err = failed_import(seeded, [good, old, pdf], snapshot)
    assert "save it as .xlsx" in str(err.problems[0])
    assert "unsupported file type" in str(err.problems[1])


def test_truncated_xlsx(seeded, good, write_xlsx, snapshot):
    real = write_xlsx("real.xlsx", [HEADER] + [[f"{600000 + i}.SH", f"公司{i}", i, i] for i in range(300)])
    data = real.read_bytes()
    cut = real.with_name("cut.xlsx")
    cut.write_bytes(data[: len(data) * 2 // 3])
    p = only(failed_import(seeded, [good, cut], snapshot))
    assert p.file == "cut.xlsx"
    assert "damaged" in p.message


def test_damaged_sheet_inside_a_valid_zip(seeded, good, write_xlsx, snapshot):
    real = write_xlsx("real.xlsx", [HEADER, ["600519.SH", "贵州茅台", 1, 2]])
    src = zipfile.ZipFile(real)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # cut XML
            out.writestr(item, data)
    bad = real.with_name("broken.xlsx")
    bad.write_bytes(buf.getvalue())
    p = only(failed_import(seeded, [good, bad], snapshot))
    assert p.file == "broken.xlsx" and "damaged" in p.message


def test_text_in_a_number_column(seeded, good, write_xlsx, snapshot):
    bad = write_xlsx("bad.xlsx", [["电子行业"], [], HEADER, ["600519.SH", "贵州茅台", "abc", "25"],
                                  ["000858.SZ", "五粮液", "679.2", "x1"]])
    err = failed_import(seeded, [good, bad], snapshot)
    first, second = err.problems
    assert (first.file, first.row, first.column, first.value) == ("bad.xlsx", 4, REV, "abc")
    assert first.message == "不是数字 (not a number)"
    assert (second.row, second.column, second.value) == (5, "PE 2024E", "x1")
    text = str(err)
    assert "bad.xlsx, 第 4 行 (row 4), 列 (column) “营业收入 [报告期] 2024三季 [单位] 亿元”: 不是数字" in text
    assert "(值 value: 'abc')" in text


def test_text_in_a_long_csv_value_column(seeded, write_csv, snapshot):
    bad = write_csv("long.csv", [["ticker", "name", "period", "metric", "value"],
                                 ["600519.SH", "贵州茅台", "2023A", "pe", "25"],
                                 ["600519.SH", "贵州茅台", "2024E", "pe", "n.m."]])
    p = only(failed_import(seeded, [bad], snapshot))
    assert (p.file, p.row, p.column, p.value) == ("long.csv", 3, "value", "n.m.")


def test_missing_ticker_column(seeded, good, write_csv, snapshot):
    bad = write_csv("noticker.csv", [["简称", "营业收入 2023A"], ["贵州茅台", "1505.6"]])
    p = only(failed_import(seeded, [good, bad], snapshot))
    assert p.file == "noticker.csv"
    assert "no header row with a ticker column" in p.message


def test_missing_value_column_in_a_long_file(seeded, write_csv, snapshot):
    bad = write_csv("long.csv", [["代码", "报告期", "指标"], ["600519", "2023A", "pe"]])
    p = only(failed_import(seeded, [bad], snapshot))
    assert (p.file, p.row) == ("long.csv", 1)
    assert "no value column" in p.message


def test_blank_and_invalid_tickers(seeded, write_csv, snapshot):
    bad = write_csv("t.csv", [["代码", "简称", "PE 2024E"], ["", "某公司", "25"], ["12345678", "另一家", "20"],
                              ["", "", ""], ["数据来源：Wind", "", ""]])
    err = failed_import(seeded, [bad], snapshot)
    assert [(p.row, p.column) for p in err.problems] == [(2, "代码"), (3, "代码")]
    assert err.problems[0].message == "代码为空 (ticker is empty)"
    assert err.problems[1].message.startswith("无法判断交易所") or "invalid ticker" in err.problems[1].message
    assert err.problems[1].value == "12345678"


def test_conflicting_duplicates(seeded, good, write_csv, snapshot):
    bad = write_csv("dup.csv", [HEADER, ["600519.SH", "贵州茅台", "1231.2", "24.5"],
                                ["600519", "贵州茅台", "1231.2", "25.0"],       # same ticker, PE differs
                                ["600519.SH", "贵州茅台", "1231.2", "24.5"]])   # identical: fine
    p = only(failed_import(seeded, [good, bad], snapshot))
    assert (p.file, p.row) == ("dup.csv", 3)
    assert "conflicting duplicate" in p.message and "600519.SH pe 2024E" in p.message
    assert "第 2 行" in p.message


def test_conflicting_duplicates_in_a_long_file(seeded, write_csv, snapshot):
    bad = write_csv("long.csv", [["代码", "简称", "报告期", "指标", "数值"],
                                 ["600519", "贵州茅台", "2023年报", "revenue", "150560000000"],
                                 ["600519", "贵州茅台", "2023A", "营业收入", "150570000000"]])
    p = only(failed_import(seeded, [bad], snapshot))
    assert (p.file, p.row) == ("long.csv", 3)
    assert "600519.SH revenue 2023A" in p.message


def test_conflicts_across_files(seeded, good, write_csv, snapshot):
    other = write_csv("other.csv", [HEADER, ["300750", "宁德时代", "2591.0", "27"]])
    p = only(failed_import(seeded, [good, other], snapshot))
    assert (p.file, p.row) == ("other.csv", 2)
    assert "good.xlsx 第 3 行" in p.message


def test_conflicting_company_names(seeded, write_csv, snapshot):
    bad = write_csv("c.csv", [["代码", "简称", "细分板块"], ["688981", "中芯国际", "晶圆代工"],
                              ["688981.SH", "中芯", "晶圆代工"]])
    p = only(failed_import(seeded, [bad], snapshot))
    assert (p.row, p.column, p.value) == (3, "简称", "中芯")


def test_unknown_unit(seeded, good, write_xlsx, snapshot):
    header = ["证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 千美元"]
    bad = write_xlsx("usd.xlsx", [["标题"], header, ["600519.SH", "贵州茅台", 1.0]])
    p = only(failed_import(seeded, [good, bad], snapshot))
    assert (p.file, p.row, p.column) == ("usd.xlsx", 2, "营业收入 [报告期] 2024三季 [单位] 千美元")
    assert p.message == "未知单位 (unknown unit): 千美元"


def test_unit_that_does_not_fit_the_metric(seeded, write_csv, snapshot):
    bad = write_csv("u.csv", [["代码", "简称", "营业收入(%) 2023A"], ["600519", "贵州茅台", "12"]])
    p = only(failed_import(seeded, [bad], snapshot))
    assert (p.row, p.column) == (1, "营业收入(%) 2023A")
    assert "does not fit" in p.message


def test_metric_without_period(seeded, write_csv, snapshot):
    bad = write_csv("np.csv", [["代码", "简称", "营业收入(亿元)"], ["600519", "贵州茅台", "12"]])
    p = only(failed_import(seeded, [bad], snapshot))
    assert (p.row, p.column) == (1, "营业收入(亿元)") and "no period" in p.message


def test_percentage_in_an_amount_column(seeded, write_csv, snapshot):
    bad = write_csv("pct.csv", [["代码", "简称", "营业收入 2023A"], ["600519", "贵州茅台", "12%"]])
    p = only(failed_import(seeded, [bad], snapshot))
    assert (p.row, p.value) == (2, "12%") and "not a ratio" in p.message


def test_unknown_metric_and_period_in_a_long_file(seeded, write_csv, snapshot):
    bad = write_csv("long.csv", [["代码", "简称", "报告期", "指标", "数值"],
                                 ["600519", "贵州茅台", "2023年报", "毛利率XYZ", "1"],
                                 ["600519", "贵州茅台", "2023年报", "毛利率XYZ", "2"],
                                 ["600519", "贵州茅台", "下半年", "营业收入", "3"]])
    err = failed_import(seeded, [bad], snapshot)
    assert [(p.row, p.column, p.value) for p in err.problems] == [(2, "指标", "毛利率XYZ"), (4, "报告期", "下半年")]
    assert "(共 2 行 rows)" in err.problems[0].message


def test_new_company_without_a_name(seeded, write_csv, snapshot):
    bad = write_csv("n.csv", [["代码", "PE 2024E"], ["600519", "25"], ["688981", "80"]])
    p = only(failed_import(seeded, [bad], snapshot))
    assert (p.row, p.column, p.value) == (3, "代码", "688981.SH")
    assert "has no name" in p.message


def test_quotes_problems(seeded, write_csv, snapshot):
    bad = write_csv("q.csv", [["代码", "名称", "日期", "收盘价", "涨跌幅"],
                              ["000300.SH", "沪深300", "上周五", "3981.03", "-1.34%"],
                              ["", "", "2024-12-27", "1", "0"],
                              ["000905.SH", "中证500", "2024-12-27", "abc", "0"],
                              ["000300.SH", "沪深300", "2024-12-27", "3981.03", "1%"],
                              ["000300.SH", "沪深300", "2024-12-27", "3981.03", "2%"],
                              ["930713.CSI", "", "2024-12-27", "1000", ""]])
    err = failed_import(seeded, [bad], snapshot)
    got = [(p.row, p.column) for p in err.problems]
    assert got == [(2, "日期"), (3, "代码"), (4, "收盘价"), (6, "收盘价"), (7, None)]
    assert "new index 930713.CSI has no name" in err.problems[-1].message


def test_all_problems_of_all_files_are_reported_together(seeded, good, tmp_path, write_csv, snapshot):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    bad = write_csv("bad.csv", [HEADER, ["600519", "贵州茅台", "abc", "x"]])
    err = failed_import(seeded, [good, empty, bad], snapshot)
    assert [(p.file, p.row) for p in err.problems] == [("empty.csv", None), ("bad.csv", 2), ("bad.csv", 2)]
    assert "3 problems" in err.message


def test_many_problems_are_capped(seeded, write_csv, snapshot):
    rows = [HEADER] + [[f"{600000 + i}.SH", f"公司{i}", "abc", "1"] for i in range(300)]
    err = failed_import(seeded, [write_csv("many.csv", rows)], snapshot)
    assert "300 problems" in err.message
    assert len(err.problems) == 101
    assert "200 more problems" in err.problems[-1].message


def test_capped_problems_are_the_lowest_rows_whatever_column_they_were_found_in(seeded, write_csv, snapshot):
    # the revenue column is bad from row 152 down, the PE column in rows 2..31: a user fixing the file
    # from the top must see rows 2..31 first, not the hundred revenue cells that happen to come first
    rows = [HEADER] + [[f"{600000 + i}.SH", f"公司{i}", "abc" if i >= 150 else "1", "x" if i < 30 else "1"]
                       for i in range(300)]
    err = failed_import(seeded, [write_csv("cols.csv", rows)], snapshot)
    assert "180 problems" in err.message
    listed = [(p.row, p.column) for p in err.problems[:-1]]
    expected = sorted([(i + 2, "PE 2024E") for i in range(30)] + [(i + 2, REV) for i in range(150, 300)])[:100]
    assert sorted(listed) == expected
    assert [r for r, _ in listed] == sorted(r for r, _ in listed)  # in file order
    assert "80 more problems" in err.problems[-1].message


def test_unreadable_encoding(seeded, tmp_path, snapshot):
    bad = tmp_path / "latin.csv"
    bad.write_bytes("代码,简称\n".encode("utf-8") + b"\xff\xfe\xfa\x80\x81\n" * 3)
    p = only(failed_import(seeded, [bad], snapshot))
    assert p.file == "latin.csv"
    assert "encoding" in p.message or "not a text" in p.message


def test_garbage_never_escapes_as_a_traceback(seeded, tmp_path, snapshot):
    import random

    rnd = random.Random(7)
    paths = []
    for i, name in enumerate(["noise.csv", "noise.xlsx", "noise.txt"]):
        p = tmp_path / name
        p.write_bytes(bytes(rnd.randrange(256) for _ in range(5000)))
        paths.append(p)
    zipped = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    paths.append(zipped)
    huge_field = tmp_path / "field.csv"
    huge_field.write_text('代码,简称\n600519,"' + "x" * 200_000 + '"\n', encoding="utf-8")
    paths.append(huge_field)
    err = failed_import(seeded, paths, snapshot)
    assert {p.file for p in err.problems} == {"noise.csv", "noise.xlsx", "noise.txt", "archive.xlsx", "field.csv"}
