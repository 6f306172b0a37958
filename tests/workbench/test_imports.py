"""Importing spreadsheets: layouts, units, encodings, as-of dates, dry runs, mappings, progress."""

import os
from datetime import datetime

import pytest

from workbench.errors import ImportFailed
from workbench.imports import ColumnInfo, ImportReport, import_files, preview, remembered_mapping, save_mapping
from workbench.paths import resource
from workbench.progress import Cancelled

REV_Q3 = "营业收入\n[报告期] 2024三季\n[单位] 亿元"
NP_YOY = "归属母公司股东的净利润(同比增长率)\n[报告期] 2023年报\n[单位] %"
PE_24 = "预测市盈率\n[预测年度] 2024"
YTD = "年初至今涨跌幅\n[交易日期] 2024-12-27\n[单位] %"


def wind_rows(revenue_maotai=1231.2):
    """A Wind 数据浏览器 export: title lines, a blank row, tagged headers, a footer."""
    return [
        ["电子行业重点公司"],                                      # row 1
        ["截止日期：2024-12-27"],                                   # row 2
        [],                                                          # row 3
        ["证券代码", "证券简称", REV_Q3, NP_YOY, PE_24, YTD],         # row 4: header
        ["600519.SH", "贵州茅台", revenue_maotai, 19.16, 24.5, -7.2],  # row 5
        ["SH600000", "浦发银行", "1,234.5", "--", None, "12.5%"],    # row 6
        [1, "平安银行", 1102.5, "-4.2%", "5.1倍", 20],               # row 7: Excel turned 000001 into 1
        [],
        ["数据来源：Wind"],
    ]


def test_wind_wide_xlsx(store, write_xlsx):
    path = write_xlsx("wind.xlsx", wind_rows())
    result = import_files(store, [path])
    assert isinstance(result, ImportReport)
    (f,) = result.files
    assert f.kind == "wide" and f.companies_in_file == 3
    assert (result.facts.added, result.facts.updated, result.facts.unchanged) == (10, 0, 0)
    assert result.companies.added == 3
    assert store.fact("600519.SH", "revenue", "2024Q1-Q3") == 1231.2e8
    assert store.fact("600519.SH", "net_profit_yoy", "2023A") == pytest.approx(0.1916)
    assert store.fact("600519.SH", "pe", "2024E") == 24.5
    assert store.fact("600519.SH", "ytd_return", "2024YTD") == pytest.approx(-0.072)
    assert store.fact("600000.SH", "revenue", "2024Q1-Q3") == 1234.5e8
    assert store.fact_row("600000.SH", "net_profit_yoy", "2023A") is None  # '--' is missing, not 0
    assert store.fact_row("600000.SH", "pe", "2024E") is None              # empty is missing
    assert store.fact("600000.SH", "ytd_return", "2024YTD") == 0.125        # '12.5%' under % is 0.125
    assert store.fact("000001.SZ", "net_profit_yoy", "2023A") == pytest.approx(-0.042)
    assert store.fact("000001.SZ", "pe", "2024E") == 5.1
    assert store.company("000001.SZ")["name"] == "平安银行"
    row = store.fact_row("600519.SH", "revenue", "2024Q1-Q3")
    assert row["source"] == "Wind: wind.xlsx"
    assert row["as_of"] == "2024-12-27"
    assert "wind.xlsx: 宽表 wide, 3 家公司, 指标 10 条: 新增 added 10" in result.summary()
    log = store.import_log()
    assert [(e["file"], e["kind"], e["added"]) for e in log] == [("wind.xlsx", "wide", 10)]
    assert len(log[0]["sha256"]) == 64


def test_reimporting_changes_nothing_and_a_newer_file_updates(store, write_xlsx, tmp_path):
    path = write_xlsx("wind.xlsx", wind_rows())
    import_files(store, [path])
    again = import_files(store, [path])
    assert (again.facts.added, again.facts.updated, again.facts.unchanged) == (0, 0, 10)
    assert (again.companies.added, again.companies.updated) == (0, 0)

    rows = wind_rows(revenue_maotai=1300.0)
    rows[3][5] = "年初至今涨跌幅\n[交易日期] 2025-01-03\n[单位] %"
    rows[4][1] = "茅台"  # a renamed company in a Wind file does not rename the stored company
    newer = write_xlsx("newer.xlsx", rows)
    result = import_files(store, [newer])
    assert (result.facts.added, result.facts.updated, result.facts.unchanged) == (3, 1, 6)
    row = store.fact_row("600519.SH", "revenue", "2024Q1-Q3")
    assert row["value"] == 1300.0e8
    assert (row["source"], row["as_of"]) == ("Wind: newer.xlsx", "2025-01-03")
    assert store.fact_row("600519.SH", "pe", "2024E")["source"] == "Wind: wind.xlsx"  # unchanged keeps its source
    assert store.company("600519.SH")["name"] == "贵州茅台"
    assert store.fact("600519.SH", "ytd_return", "2025YTD") == pytest.approx(-0.072)


def test_dry_run_counts_without_writing(store, write_xlsx, snapshot):
    path = write_xlsx("wind.xlsx", wind_rows())
    before = snapshot(store)
    dry = import_files(store, [path], dry_run=True)
    assert dry.dry_run
    assert (dry.facts.added, dry.companies.added) == (10, 3)
    assert snapshot(store) == before
    real = import_files(store, [path])
    assert (real.facts.added, real.facts.updated, real.facts.unchanged) == (10, 0, 0)
    dry_again = import_files(store, [path], dry_run=True)
    assert (dry_again.facts.added, dry_again.facts.unchanged) == (0, 10)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_are_detected(store, write_csv, encoding):
    rows = [["代码", "简称", "细分板块"], ["600519", "贵州茅台", "白酒"], ["000858", "五粮液", "白酒"],
            ["300750.SZ", "宁德时代", "锂电池"]]
    path = write_csv("公司列表.csv", rows, encoding=encoding)
    result = import_files(store, [path])
    assert result.files[0].kind == "companies"
    assert result.companies.added == 3
    assert [c["name"] for c in store.companies("白酒")] == ["贵州茅台", "五粮液"]
    assert store.segments() == ["白酒", "锂电池"]


def test_company_list_updates_segments(store, write_csv):
    write_csv("a.csv", [["ticker", "name", "segment", "full_name", "industry"],
                        ["600519.SS", "贵州茅台", "白酒", "贵州茅台酒股份有限公司", "食品饮料"]])
    import_files(store, [store.path.parent / "a.csv"])
    path = write_csv("b.csv", [["ticker", "name", "segment"], ["600519", "贵州茅台", "高端白酒"]])
    result = import_files(store, [path])
    assert (result.companies.added, result.companies.updated) == (0, 1)
    c = store.company("600519.SH")
    assert (c["segment"], c["full_name"], c["industry"]) == ("高端白酒", "贵州茅台酒股份有限公司", "食品饮料")


def test_ticker_forms_are_normalised(store, write_csv):
    rows = [["ticker", "name", "Revenue 2023A"], ["600519", "贵州茅台", "150560000000"],
            ["SH600519", "贵州茅台", "150560000000"], ["600519.SS", "贵州茅台", "150560000000"],
            ["sz000001", "平安银行", "164699000000"]]
    result = import_files(store, [write_csv("t.csv", rows)])
    assert [c["ticker"] for c in store.companies()] == ["600519.SH", "000001.SZ"]
    assert result.facts.added == 2  # identical duplicates are fine
    assert store.fact("600519.SH", "revenue", "2023A") == 150560000000.0  # no unit: 元


def test_demo_companies_csv_with_default_amount_unit(store):
    path = resource("demo", "companies.csv")
    result = import_files(store, [path], default_amount_unit="亿元", as_of="2024-12-29")
    assert result.files[0].kind == "wide"
    assert result.files[0].companies_in_file == 64
    assert (result.facts.added, result.companies.added) == (704, 64)
    assert "companies.csv: 宽表 wide, 64 家公司, 指标 704 条: 新增 added 704" in result.summary()
    assert store.fact("300493.SZ", "revenue", "2023A") == 2.16e9
    assert store.fact("300493.SZ", "revenue_yoy", "2023A") == 0.028
    assert store.fact("300493.SZ", "net_profit", "2024Q1-Q3") == 0.4e8
    assert store.fact("300493.SZ", "net_profit_yoy", "2024Q1-Q3") == 0.1566
    assert store.fact("300493.SZ", "pe", "2025E") == 91.9
    assert store.fact("300493.SZ", "ytd_return", "2024YTD") == 2.2521
    assert store.fact_row("300493.SZ", "pe", "2024E")["as_of"] == "2024-12-29"
    assert store.company("300493.SZ")["segment"] == "AIOT soc"


def test_demo_index_quotes_csv(store):
    result = import_files(store, [resource("demo", "index_quotes.csv")])
    assert result.files[0].kind == "quotes"
    assert (result.quotes.added, result.files[0].indices_in_file) == (5, 5)
    ai = store.index("中证人工智能指数")
    assert ai["code"] is None and ai["name_en"] == "CSI Artificial Intelligence Index"
    q = store.quotes(store.index("000300.SH")["id"])
    assert q == [{"date": "2024-12-27", "close": 3981.03, "change": 0.0136}]
    again = import_files(store, [resource("demo", "index_quotes.csv")])
    assert (again.quotes.added, again.quotes.unchanged) == (0, 5)


def test_chinese_index_quotes(store, write_csv):
    rows = [["指数行情 数据来源：iFinD"], ["代码", "名称", "日期", "收盘价", "涨跌幅"],
            ["000300", "沪深300", "2024/12/27", "3,981.03", "-1.34%"],
            ["", "中证人工智能指数", "20241227", "1321.33", "-0.0057"],
            ["801080.SI", "申万电子", "2024年12月27日", "4321.5", ""]]
    result = import_files(store, [write_csv("行情.csv", rows, encoding="gbk")])
    assert result.quotes.added == 3
    hs300 = store.index("000300")  # a bare code keeps its leading zeros
    assert store.quotes(hs300["id"]) == [{"date": "2024-12-27", "close": 3981.03, "change": -0.0134}]
    assert store.quotes(store.index("中证人工智能指数")["id"])[0]["change"] == -0.0057
    assert store.quotes(store.index("801080.SI")["id"])[0]["change"] is None
    assert store.rows("SELECT DISTINCT source FROM quotes") == [{"source": "iFinD: 行情.csv"}]


def test_index_change_column_in_percent(store, write_csv):
    rows = [["index_code", "index_name", "date", "close", "涨跌幅(%)"], ["000001.SH", "上证指数", "2024-12-27",
                                                                        "3400.14", "0.95"]]
    import_files(store, [write_csv("q.csv", rows)])
    assert store.quotes(store.index("上证指数")["id"])[0]["change"] == 0.0095


def test_long_csv_with_codes_in_stored_units(store, write_csv):
    rows = [["ticker", "name", "period", "metric", "value"],
            ["600519.SH", "贵州茅台", "2023A", "revenue", "150560000000"],
            ["600519.SH", "贵州茅台", "2023A", "revenue_yoy", "0.1804"],
            ["600519.SH", "贵州茅台", "2024E", "pe", "24.5"],
            ["600519.SH", "贵州茅台", "2024E", "eps", "--"],
            ["600519.SH", "贵州茅台", "2024YTD", "ytd_return", "-7.2%"]]
    result = import_files(store, [write_csv("long.csv", rows)])
    assert result.files[0].kind == "long"
    assert result.facts.added == 4
    assert store.fact("600519.SH", "revenue", "2023A") == 150560000000.0
    assert store.fact("600519.SH", "revenue_yoy", "2023A") == 0.1804
    assert store.fact("600519.SH", "ytd_return", "2024YTD") == pytest.approx(-0.072)
    assert store.fact_row("600519.SH", "eps", "2024E") is None


def test_long_csv_with_chinese_names_and_units(store, write_csv):
    rows = [["代码", "简称", "报告期", "指标", "数值", "单位"],
            ["600519", "贵州茅台", "2023年报", "营业收入", "1505.6", "亿元"],
            ["600519", "贵州茅台", "2024三季", "归母净利润", "608.3", "亿元"],
            ["600519", "贵州茅台", "2024三季", "归母净利润同比", "15.04", "%"],
            ["600519", "贵州茅台", "2024", "年初至今涨跌幅", "-7.2", "%"],
            ["600519", "贵州茅台", "2024-09-30", "营业收入", "1231.2", "亿元"]]
    result = import_files(store, [write_csv("长表.csv", rows, encoding="utf-8-sig")])
    assert result.facts.added == 5
    assert store.fact("600519.SH", "revenue", "2023A") == 1505.6e8
    assert store.fact("600519.SH", "net_profit", "2024Q1-Q3") == 608.3e8
    assert store.fact("600519.SH", "net_profit_yoy", "2024Q1-Q3") == pytest.approx(0.1504)
    assert store.fact("600519.SH", "ytd_return", "2024YTD") == pytest.approx(-0.072)
    assert store.fact("600519.SH", "revenue", "2024Q1-Q3") == 1231.2e8


def test_long_metric_names_may_carry_the_unit(store, write_csv):
    rows = [["代码", "简称", "报告期", "指标", "数值"], ["600519", "贵州茅台", "2023年报", "营业收入(亿元)", "1505.6"],
            ["600519", "贵州茅台", "2023年报", "营业收入同比(%)", "18.04"]]
    import_files(store, [write_csv("l.csv", rows)])
    assert store.fact("600519.SH", "revenue", "2023A") == 1505.6e8
    assert store.fact("600519.SH", "revenue_yoy", "2023A") == pytest.approx(0.1804)


def test_export_of_the_store_imports_back_unchanged(demo_store, tmp_path):
    from workbench.tables import table_rows, write_table

    paths = []
    for name in ("companies", "financials", "quotes"):
        header, rows = table_rows(demo_store, name)
        out = tmp_path / f"{name}.csv"
        write_table(header, rows, out, "csv")
        paths.append(out)
    result = import_files(demo_store, paths, dry_run=True)
    assert [f.kind for f in result.files] == ["companies", "long", "quotes"]
    assert result.facts.added == result.facts.updated == 0
    assert result.facts.unchanged == demo_store.counts()["facts"]
    assert result.quotes.unchanged == demo_store.counts()["quotes"]
    assert result.companies.added == result.companies.updated == 0


def test_ragged_csv_rows_still_import(store, write_csv):
    rows = [["ticker", "name", "period", "metric", "value"], ["600519.SH", "贵州茅台", "2023A", "pe", "25", "note"],
            ["000858.SZ", "五粮液", "2023A", "pe", "20"]]
    result = import_files(store, [write_csv("r.csv", rows)])
    assert result.facts.added == 2


def test_percent_formatted_excel_cells(store, write_xlsx):
    rows = [["证券代码", "证券简称", "营业收入同比 2023A (%)", "Revenue YoY 2024E"],
            ["600519.SH", "贵州茅台", 0.1804, 0.15], ["000858.SZ", "五粮液", 12.5, 0.2]]
    import_files(store, [write_xlsx("p.xlsx", rows, percent=[(2, 3), (2, 4)])])
    assert store.fact("600519.SH", "revenue_yoy", "2023A") == 0.1804   # shown as 18.04% in Excel
    assert store.fact("000858.SZ", "revenue_yoy", "2023A") == 0.125     # a bare 12.5 under (%)
    assert store.fact("600519.SH", "revenue_yoy", "2024E") == 0.15


def test_amount_units(store, write_csv):
    rows = [["代码", "简称", "营业收入(万元) 2023A", "营业收入 2022A", "归母净利润\n[报告期] 2023年报\n[单位] 元"],
            ["600519", "贵州茅台", "15056000", "127554000000", "74734071550.7"]]
    import_files(store, [write_csv("u.csv", rows)])
    assert store.fact("600519.SH", "revenue", "2023A") == 150560000000.0
    assert store.fact("600519.SH", "revenue", "2022A") == 127554000000.0
    assert store.fact("600519.SH", "net_profit", "2023A") == 74734071550.7


def test_as_of_from_title_row_then_file_date(store, write_csv):
    titled = write_csv("t.csv", [["数据截止 2024-12-20"], ["代码", "简称", "PE 2024E"], ["600519", "贵州茅台", "25"]])
    import_files(store, [titled])
    assert store.fact_row("600519.SH", "pe", "2024E")["as_of"] == "2024-12-20"
    plain = write_csv("p.csv", [["代码", "简称", "PE 2025E"], ["600519", "贵州茅台", "21"]])
    stamp = datetime(2024, 6, 28, 12, 0).timestamp()
    os.utime(plain, (stamp, stamp))
    import_files(store, [plain])
    assert store.fact_row("600519.SH", "pe", "2025E")["as_of"] == "2024-06-28"


def test_companies_and_facts_in_one_import(store, write_csv):
    companies = write_csv("c.csv", [["代码", "简称", "细分板块"], ["688981", "中芯国际", "晶圆代工"]])
    facts = write_csv("f.csv", [["代码", "PE 2024E"], ["688981.SH", "80.5"]])  # no name column
    result = import_files(store, [facts, companies])
    assert store.fact("688981.SH", "pe", "2024E") == 80.5
    assert store.company("688981.SH")["segment"] == "晶圆代工"
    assert "合计 total" in result.summary()


def test_unrecognised_columns_are_ignored_with_a_warning(store, write_csv):
    rows = [["代码", "简称", "ROE 2023A", "上市日期", "PE 2024E"], ["600519", "贵州茅台", "30.1", "2001-08-27", "25"]]
    result = import_files(store, [write_csv("w.csv", rows)])
    assert result.facts.added == 1
    assert "忽略的列 (ignored columns): “ROE 2023A”, “上市日期”" in result.summary()


def test_hand_mapping_and_remembered_mapping(store, write_csv, tmp_path):
    rows = [["代码", "简称", "口径收入"], ["600519", "贵州茅台", "1505.6"]]
    path = write_csv("m.csv", rows)
    p = preview(path)
    col = next(c for c in p.columns if c.header == "口径收入")
    assert (col.role, col.recognised) == ("unknown", False)

    mapping = {"口径收入": {"role": "metric", "metric": "revenue", "period": "2023A", "unit": "亿元"}}
    mapped = preview(path, mapping=mapping)
    col = next(c for c in mapped.columns if c.header == "口径收入")
    assert (col.role, col.metric, col.period, col.unit, col.recognised) == ("metric", "revenue", "2023A", "亿元", True)

    import_files(store, [path], mappings={str(path): mapping})
    assert store.fact("600519.SH", "revenue", "2023A") == 1505.6e8

    save_mapping(store, p.headers, {"口径收入": ColumnInfo("口径收入", "metric", "revenue", "2022A", "亿元")})
    assert remembered_mapping(store, p.headers)["口径收入"]["period"] == "2022A"
    other = write_csv("m2.csv", [["代码", "简称", "口径收入"], ["600519", "贵州茅台", "1275.5"]])
    import_files(store, [other])  # same headers: the remembered mapping applies
    assert store.fact("600519.SH", "revenue", "2022A") == 1275.5e8
    assert preview(other, store=store).columns[2].period == "2022A"


def test_mapping_can_name_the_ticker_column(store, write_csv):
    path = write_csv("x.csv", [["证券", "公司", "PE 2024E"], ["600519", "贵州茅台", "25"]])
    with pytest.raises(ImportFailed, match="no header row"):
        import_files(store, [path])
    import_files(store, [path], mappings={str(path): {"证券": "ticker", "公司": "name"}})
    assert store.fact("600519.SH", "pe", "2024E") == 25.0


def test_preview_of_a_wind_sheet(write_xlsx):
    path = write_xlsx("wind.xlsx", wind_rows())
    p = preview(path, rows=2)
    assert (p.kind, p.header_row) == ("wide", 4)
    assert [c.role for c in p.columns] == ["ticker", "name", "metric", "metric", "metric", "metric"]
    rev = p.columns[2]
    assert (rev.metric, rev.period, rev.unit, rev.recognised) == ("revenue", "2024Q1-Q3", "亿元", True)
    assert p.rows == [["600519.SH", "贵州茅台", "1231.2", "19.16", "24.5", "-7.2"],
                      ["SH600000", "浦发银行", "1,234.5", "--", "", "12.5%"]]
    assert p.row_numbers == [5, 6]
    assert p.problems == []
    assert (p.as_of, p.source) == ("2024-12-27", "Wind: wind.xlsx")
    assert p.signature and len(p.signature) == 20


def test_preview_reports_problems_without_raising(tmp_path, write_xlsx):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    p = preview(bad)
    assert p.kind is None and p.rows == []
    assert "bad.xlsx" in str(p.problems[0]) and "xlsx" in p.problems[0].message
    assert preview(tmp_path / "missing.csv").problems[0].message.startswith("文件不存在")
    rows = wind_rows()
    rows[3][2] = "营业收入\n[报告期] 2024三季\n[单位] 千美元"
    rows[4][3] = "abc"
    p = preview(write_xlsx("w.xlsx", rows))
    messages = [str(x) for x in p.problems]
    assert any("千美元" in m and "第 4 行" in m for m in messages)
    assert any("abc" in m and "第 5 行" in m for m in messages)
    assert p.columns[2].recognised is False


def test_progress_is_reported_and_cancel_leaves_the_store_unchanged(store, write_xlsx, snapshot):
    path = write_xlsx("wind.xlsx", wind_rows())
    calls = []
    import_files(store, [write_xlsx("first.xlsx", wind_rows(1.0))], progress=lambda d, t, m: calls.append((d, t, m)))
    assert calls[-1][0] == calls[-1][1]
    assert all(d <= t for d, t, _ in calls)
    assert [d for d, _, _ in calls] == sorted(d for d, _, _ in calls)
    before = snapshot(store)

    def cancel_while_writing(done, total, message):
        return not message.startswith("写入指标")

    with pytest.raises(Cancelled):
        import_files(store, [path], progress=cancel_while_writing)
    assert snapshot(store) == before
    with pytest.raises(Cancelled):
        import_files(store, [path], progress=lambda d, t, m: False)
    assert snapshot(store) == before


def test_a_cancelled_dry_run_also_writes_nothing(store, write_xlsx, snapshot):
    before = snapshot(store)
    with pytest.raises(Cancelled):
        import_files(store, [write_xlsx("w.xlsx", wind_rows())], dry_run=True,
                     progress=lambda d, t, m: not m.startswith("写入"))
    assert snapshot(store) == before


def test_invalid_options_are_refused(store, write_csv):
    path = write_csv("c.csv", [["代码", "简称"], ["600519", "贵州茅台"]])
    with pytest.raises(ImportFailed, match="not an amount unit"):
        import_files(store, [path], default_amount_unit="%")
    with pytest.raises(ImportFailed, match="bad as-of date"):
        import_files(store, [path], as_of="soon")
    with pytest.raises(ImportFailed, match="no files"):
        import_files(store, [])


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_wind_csv_with_tagged_headers_title_and_footer(store, write_csv, encoding):
    rows = [["电子行业 收盘价与估值"], [],
            ["证券代码", "证券简称", "收盘价\n[交易日期] 2024-12-27\n[单位] 元", "市盈率(TTM)\n[交易日期] 2024-12-27",
             "营业收入\n[报告期] 2024三季\n[单位] 万元"],
            ["600519.SH", "贵州茅台", "1524.00", "23.1", "12312000"],
            ["002415.SZ", "海康威视", "29.41", "--", "6,528,000"],
            [], ["数据来源：Wind"]]
    path = write_csv("估值.csv", rows, encoding=encoding)
    result = import_files(store, [path])
    assert result.facts.added == 5
    assert store.fact("600519.SH", "close", "2024-12-27") == 1524.0
    assert store.fact("600519.SH", "pe", "2024-12-27") == 23.1
    assert store.fact("002415.SZ", "revenue", "2024Q1-Q3") == 65280000000.0
    assert store.fact_row("002415.SZ", "revenue", "2024Q1-Q3")["source"] == "Wind: 估值.csv"

    rows[4][2] = "停牌"
    bad = write_csv("估值2.csv", rows, encoding=encoding)
    with pytest.raises(ImportFailed) as info:
        import_files(store, [bad])
    (p,) = info.value.problems
    assert (p.file, p.row, p.column, p.value) == ("估值2.csv", 5, "收盘价 [交易日期] 2024-12-27 [单位] 元", "停牌")


def test_utf16_tab_separated_text(store, tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_text("代码\t简称\tPE 2024E\n600519\t贵州茅台\t25\n", encoding="utf-16")
    import_files(store, [path])
    assert store.fact("600519.SH", "pe", "2024E") == 25.0


def test_the_sheet_holding_the_table_is_chosen(store, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "说明"
    wb.active["A1"] = "本表由 Wind 导出"
    ws = wb.create_sheet("数据")
    ws.append(["代码", "简称", "PE 2024E"])
    ws.append(["600519", "贵州茅台", 25])
    wb.save(tmp_path / "two.xlsx")
    import_files(store, [tmp_path / "two.xlsx"])
    assert store.fact("600519.SH", "pe", "2024E") == 25.0


def test_preview_leaves_out_blank_rows_and_footers(tmp_path):
    from openpyxl import Workbook

    from workbench.imports import preview

    wb = Workbook()
    ws = wb.active
    ws.append(["重点公司"])
    ws.append(["证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 万元"])
    ws.append(["688608.SH", "恒玄科技", 247000])
    ws.append([])
    ws.append(["002384", "东山精密", 2647000])
    ws.append(["数据来源：Wind"])
    path = tmp_path / "wind.xlsx"
    wb.save(path)
    pv = preview(path)
    assert [r[1] for r in pv.rows] == ["恒玄科技", "东山精密"]
    assert pv.row_numbers == [3, 5]
