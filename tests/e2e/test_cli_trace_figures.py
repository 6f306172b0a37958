"""`workbench trace` of the market review's figures (an index's close and weekly change) and of
figures named as the PDF labels them (营业收入 24Q1-Q3, PE 2025E), on the real command line."""

from __future__ import annotations

import pytest

# The demo's 沪深300 closes at 3981.03 on Friday 2024-12-27 (resources/demo/quotes: the reference week's
# last close). The file below quotes 3775.16 on 2025-01-03, so the week's change is 3775.16 / 3981.03 - 1.
DEMO_CLOSE_1227 = 3981.03
QUOTES = ("代码,名称,日期,收盘价,涨跌幅(%)\n"
          "000001.SH,上证指数,2025-01-03,3211.43,-5.55\n"
          "000300.SH,沪深300,2025-01-02,3820.00,-4.04\n"
          "000300.SH,沪深300,2025-01-03,3775.16,-5.17\n")


@pytest.fixture
def traced_db(cli, tmp_path, demo_path):
    db = demo_path  # (the demo store, built once per session; `workbench demo` itself: test_cli.py)
    src = tmp_path / "ifind_quotes_20250103.csv"
    src.write_text(QUOTES, encoding="gbk")
    r = cli("import", src, "--db", db, "--as-of", "2025-01-03", env={"USER": "zhang"})
    assert r.returncode == 0, r.stderr
    return db


def test_an_index_close_traces_to_its_file_row_column_as_of_and_who(cli, traced_db):
    for who in ("000300.SH", "沪深300"):
        r = cli("trace", who, "close", "2025-01-03", "--db", traced_db)
        assert r.returncode == 0, r.stderr
        lines = r.stdout.splitlines()
        assert lines[0].startswith("000300.SH 沪深300 收盘价") and lines[0].endswith("2025-01-03: 3775.16 点")
        entry = lines[-1]
        # the file's fourth line (row 4 as a spreadsheet counts: header, 上证, 01-02, 01-03)
        for part in ("导入 import", "文件 file ifind_quotes_20250103.csv", "行 row 4", "列 column 收盘价",
                     "截至 as of 2025-01-03", "zhang"):
            assert part in entry, (part, entry)
        assert entry.endswith("-- -> 3775.16")


def test_an_index_close_without_a_date_is_the_latest(cli, traced_db):
    lines = cli("trace", "沪深300", "收盘价", "--db", traced_db).stdout.splitlines()
    assert lines[0].endswith("2025-01-03: 3775.16 点")


def test_the_weekly_change_names_both_closes_and_traces_them(cli, traced_db):
    r = cli("trace", "000300.SH", "周涨跌幅", "2025-01-03", "--db", traced_db)
    assert r.returncode == 0, r.stderr
    expected = f"{(3775.16 / DEMO_CLOSE_1227 - 1) * 100:.2f}%"
    assert expected == "-5.17%"
    lines = r.stdout.splitlines()
    assert lines[0].startswith("000300.SH 沪深300 周涨跌幅") and lines[0].endswith(f"2025-01-03: {expected}")
    text = r.stdout
    assert "3775.16" in text and f"{DEMO_CLOSE_1227:.2f}" in text and "2024-12-27" in text
    assert "行 row 4" in text and "列 column 收盘价" in text  # this week's close, from the file
    assert "演示数据 demo" in text  # last week's close, from the demo
    assert "列 column 涨跌幅(%)" in text  # the file's own change, shown beside the computed one


def test_an_index_figure_with_no_quote_that_day_is_refused_clearly(cli, traced_db):
    # (a day of a week with a close is that week's last close: tests/workbench/test_trace_week_date.py)
    r = cli("trace", "000300.SH", "close", "2025-01-11", "--db", traced_db)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "2025-01-11" in r.stderr and "没有" in r.stderr


def test_an_unknown_name_is_neither_company_nor_index(cli, traced_db):
    r = cli("trace", "不存在指数", "close", "--db", traced_db)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "不存在指数" in r.stderr


def test_figures_named_as_the_pdf_labels_them(cli, tmp_path, traced_db):
    csv = tmp_path / "update.csv"
    csv.write_text("ticker,name,period,metric,value\n300493.SZ,润欣科技,2024Q1-Q3,revenue,2234000000\n",
                   encoding="utf-8")
    assert cli("import", csv, "--db", traced_db, "--as-of", "2025-01-03").returncode == 0
    by_code = cli("trace", "300493.SZ", "revenue", "2024Q1-Q3", "--db", traced_db)
    assert by_code.returncode == 0 and "22.3 亿元" in by_code.stdout.splitlines()[0]
    for args in (("营业收入", "24Q1-Q3"), ("Revenue", "24Q1-Q3"), ("营业收入 24Q1-Q3",)):
        r = cli("trace", "润欣科技", *args, "--db", traced_db)
        assert r.returncode == 0, (args, r.stderr)
        assert r.stdout == by_code.stdout, args
    pe = cli("trace", "300493.SZ", "pe", "2025E", "--db", traced_db).stdout
    assert pe and cli("trace", "300493.SZ", "PE 2025E", "--db", traced_db).stdout == pe
    assert cli("trace", "300493.SZ", "PE", "2025E", "--db", traced_db).stdout == pe
    a2023 = cli("trace", "300493.SZ", "net_profit", "2023A", "--db", traced_db).stdout
    assert a2023 and cli("trace", "300493.SZ", "归母净利润", "2023", "--db", traced_db).stdout == a2023
    yoy = cli("trace", "300493.SZ", "revenue_yoy", "2023A", "--db", traced_db).stdout
    assert yoy and cli("trace", "300493.SZ", "营业收入 2023 YoY", "--db", traced_db).stdout == yoy


def test_a_ratio_prints_its_percent_sign_once(cli, tmp_path, traced_db):
    csv = tmp_path / "yoy.csv"
    csv.write_text("ticker,name,period,metric,value\n300493.SZ,润欣科技,2024Q1-Q3,revenue_yoy,0.3479\n",
                   encoding="utf-8")
    assert cli("import", csv, "--db", traced_db, "--as-of", "2025-01-03").returncode == 0
    lines = cli("trace", "300493.SZ", "revenue_yoy", "2024Q1-Q3", "--db", traced_db).stdout.splitlines()
    assert lines[0] == "300493.SZ 润欣科技 营业收入同比 (revenue_yoy) 2024Q1-Q3: 34.79%"
    assert lines[-1].endswith("-> 34.79%")


def test_a_name_it_cannot_match_lists_the_accepted_forms(cli, traced_db):
    r = cli("trace", "300493.SZ", "营收额", "24Q1-Q3", "--db", traced_db)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    for form in ("营业收入", "revenue", "归母净利润", "PE", "24Q1-Q3", "2024E", "2023"):
        assert form in r.stderr, form
    r = cli("trace", "300493.SZ", "营业收入", "24Q5", "--db", traced_db)
    assert r.returncode == 1 and "24Q5" in r.stderr and "24Q1-Q3" in r.stderr


def test_a_name_two_companies_share_is_refused_naming_both(cli, tmp_path, traced_db):
    # a second listing under the same name (confirmed as new): the name alone cannot say which
    csv = tmp_path / "second.csv"
    csv.write_text("ticker,name,period,metric,value\n002046.SZ,国光电器,2024Q1-Q3,revenue,5830000000\n",
                   encoding="utf-8")
    r = cli("import", csv, "--db", traced_db, "--as-of", "2025-01-03", "--new-company", "002046.SZ")
    assert r.returncode == 0, r.stderr
    out = cli("trace", "国光电器", "营业收入", "24Q1-Q3", "--db", traced_db)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "002045.SZ" in out.stderr and "002046.SZ" in out.stderr
    by_code = cli("trace", "002046.SZ", "营业收入", "24Q1-Q3", "--db", traced_db)
    assert by_code.returncode == 0 and by_code.stdout.splitlines()[0].endswith(": 58.3 亿元")
