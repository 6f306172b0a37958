"""Column headers as Wind, iFinD, analysts and the workbench's own exports write them."""

import pytest

from workbench.imports import header_signature
from workbench.imports.headers import apply_override, keyword_role, parse_header, report_period, resolve_period

AS_OF = "2024-12-27"


@pytest.mark.parametrize("header, metric, period, unit", [
    # Wind tagged cells
    ("营业收入\n[报告期] 2024三季\n[单位] 万元", "revenue", "2024Q1-Q3", "万元"),
    ("归属母公司股东的净利润(同比增长率)\n[报告期] 2023年报\n[单位] %", "net_profit_yoy", "2023A", "%"),
    ("归属于母公司所有者的净利润\n[报告期] 2024中报\n[单位] 亿元", "net_profit", "2024H1", "亿元"),
    ("营业总收入(同比增长率)\n[报告期]2024一季\n[单位]%", "revenue_yoy", "2024Q1", "%"),
    ("营业收入\n[报告期] 2024-09-30\n[单位] 元", "revenue", "2024Q1-Q3", "元"),
    ("预测市盈率\n[预测年度] 2024", "pe", "2024E", None),
    ("每股收益\n[报告期] 2023年报\n[单位] 元", "eps", "2023A", "元"),
    ("年初至今涨跌幅\n[交易日期] 2024-12-27\n[单位] %", "ytd_return", "2024YTD", "%"),
    ("收盘价\n[交易日期] 20241227\n[复权方式] 不复权\n[单位] 元", "close", "2024-12-27", "元"),
    ("【营业收入】\n【报告期】2023年报", "revenue", "2023A", None),
    # one-line forms
    ("营业收入(亿元)2023年报", "revenue", "2023A", "亿元"),
    ("营业收入（亿元）2023年报", "revenue", "2023A", "亿元"),
    ("营业收入 2023A (亿元)", "revenue", "2023A", "亿元"),
    ("Revenue 2023A", "revenue", "2023A", None),
    ("Net profit 2024E", "net_profit", "2024E", None),
    ("归母净利润同比 24Q1-Q3 (%)", "net_profit_yoy", "2024Q1-Q3", "%"),
    ("Revenue YoY 2023A", "revenue_yoy", "2023A", None),
    ("EPS 2024E", "eps", "2024E", None),
    ("PE 2025E", "pe", "2025E", None),
    ("PE(TTM)", "pe", AS_OF, None),
    ("市盈率 2024", "pe", "2024E", None),
    ("营业收入 2024中报", "revenue", "2024H1", None),
    ("营业收入 2024一季报", "revenue", "2024Q1", None),
    ("年初至今涨跌幅(%)", "ytd_return", "2024YTD", "%"),
    ("YTD 2023", "ytd_return", "2023YTD", None),
    ("收盘价 2024-12-20", "close", "2024-12-20", None),
    # the workbench's own export form (resources/demo/companies.csv)
    ("revenue_2023", "revenue", "2023A", None),
    ("revenue_2023_yoy", "revenue_yoy", "2023A", None),
    ("revenue_24q1q3", "revenue", "2024Q1-Q3", None),
    ("revenue_24q1q3_yoy", "revenue_yoy", "2024Q1-Q3", None),
    ("netprofit_2023", "net_profit", "2023A", None),
    ("netprofit_24q1q3_yoy", "net_profit_yoy", "2024Q1-Q3", None),
    ("pe_2024e", "pe", "2024E", None),
    ("ytd_return", "ytd_return", "2024YTD", None),
])
def test_metric_headers(header, metric, period, unit):
    p = parse_header(header)
    assert not p.errors
    assert p.metric == metric
    assert resolve_period(p, p.metric, AS_OF) == (period, None)
    assert p.unit == unit


@pytest.mark.parametrize("name, code", [
    ("营业收入", "revenue"), ("营业总收入", "revenue"), ("revenue", "revenue"),
    ("归母净利润", "net_profit"), ("归属母公司股东的净利润", "net_profit"),
    ("归属于母公司所有者的净利润", "net_profit"), ("net profit", "net_profit"),
    ("营业收入同比", "revenue_yoy"), ("营业收入同比增长率", "revenue_yoy"), ("营收增长率", "revenue_yoy"),
    ("归母净利润YoY", "net_profit_yoy"), ("净利润增速", "net_profit_yoy"),
    ("市盈率", "pe"), ("PE", "pe"), ("预测市盈率", "pe"), ("P/E", "pe"), ("PE(TTM)", "pe"),
    ("EPS", "eps"), ("每股收益", "eps"), ("年初至今涨跌幅", "ytd_return"), ("YTD", "ytd_return"),
    ("收盘价", "close"), ("close", "close"),
])
def test_metric_synonyms(name, code):
    assert parse_header(name).metric == code


@pytest.mark.parametrize("header, role", [
    ("证券代码", "ticker"), ("代码", "ticker"), ("股票代码", "ticker"), ("ticker", "ticker"), ("Code", "ticker"),
    ("代码 Ticker", "ticker"), ("证券简称", "name"), ("简称", "name"), ("name", "name"), ("细分板块", "segment"),
    ("segment", "segment"), ("full_name", "full_name"), ("所属申万行业", "industry"), ("industry", "industry"),
    ("报告期", "period"), ("指标", "metric"), ("数值", "value"), ("value", "value"), ("日期", "date"),
    ("week_end", "date"), ("收盘价", "close"), ("涨跌幅", "change"), ("weekly_change", "change"),
    ("index_code", "index_code"), ("指数名称", "index_name"), ("index_name_en", "name_en"), ("序号", "ignore"),
])
def test_key_columns(header, role):
    assert parse_header(header).keyword == role


def test_key_columns_are_not_metrics():
    assert keyword_role("营业收入") is None
    assert parse_header("证券简称").metric is None


@pytest.mark.parametrize("header, message", [
    ("营业收入\n[报告期] 2024三季\n[单位] 千美元", "未知单位 (unknown unit): 千美元"),
    ("营业收入(千美元) 2023A", "未知单位 (unknown unit): 千美元"),
    ("营业收入\n[报告期] 2024三季\n[币种] 美元", "不支持的币种 (unsupported currency): 美元"),
])
def test_unknown_units_are_errors(header, message):
    assert message in parse_header(header).errors


def test_a_report_metric_without_period_is_reported():
    p = parse_header("营业收入(亿元)")
    period, why = resolve_period(p, p.metric, AS_OF)
    assert period is None and "no period" in why


def test_ytd_year_comes_from_the_header_before_the_as_of_date():
    assert resolve_period(parse_header("年初至今涨跌幅 2023"), "ytd_return", AS_OF) == ("2023YTD", None)
    tagged = parse_header("年初至今涨跌幅\n[交易日期] 2023-12-29")
    assert resolve_period(tagged, "ytd_return", "2024-06-30") == ("2023YTD", None)
    assert resolve_period(parse_header("ytd_return"), "ytd_return", "2024-06-30") == ("2024YTD", None)


def test_report_periods():
    assert report_period("2023年报") == "2023A"
    assert report_period("2024三季") == "2024Q1-Q3"
    assert report_period("2024-06-30") == "2024H1"
    assert report_period("2024E") == "2024E"


def test_overrides_set_role_or_metric():
    p = parse_header("口径收入")
    assert p.metric is None and p.keyword is None
    mapped = apply_override(p, {"role": "metric", "metric": "营业收入", "period": "2023年报", "unit": "亿元"})
    assert (mapped.metric, mapped.period, mapped.unit) == ("revenue", "2023A", "亿元")
    assert apply_override(p, "ignore").keyword == "ignore"
    assert apply_override(p, "ticker").keyword == "ticker"
    assert apply_override(p, {"role": "metric", "metric": "nonsense"}).errors
    assert apply_override(p, "bogus").errors


def test_header_signature_is_stable_and_whitespace_insensitive():
    a = header_signature(["证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 亿元"])
    b = header_signature([" 证券代码", "证券简称 ", "营业收入 [报告期] 2024三季 [单位] 亿元", None, ""])
    c = header_signature(["证券代码", "证券简称", "营业收入\n[报告期] 2024中报\n[单位] 亿元"])
    assert a == b
    assert a != c
    assert len(a) == 20 and a == header_signature(("证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 亿元"))
