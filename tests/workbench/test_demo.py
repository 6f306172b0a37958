import pytest
from golden import COLUMNS, golden_rows, segments_in_order, stored

from workbench.demo import build_demo
from workbench.domain.compliance import validate_sac
from workbench.errors import WorkbenchError

# The reference week's index quotes as printed in the issue's market review (2024-12-27):
# name -> (code, close in points, weekly change as a fraction)
REFERENCE_QUOTES = {
    "上证指数": ("000001.SH", 3400.14, 0.0095),
    "深证成指": ("399001.SZ", 10659.98, 0.0013),
    "创业板指": ("399006.SZ", 2204.90, -0.0022),
    "沪深300": ("000300.SH", 3981.03, 0.0136),
    "中证人工智能指数": (None, 1321.33, -0.0057),
}


def test_demo_holds_every_figure_of_the_comparison_table(demo_store):
    """Against the golden copy of the printed table (tests/golden), not the demo's own data file."""
    rows = golden_rows()
    checked = 0
    for r in rows:
        company = demo_store.company(r["ticker"])
        assert company["name"] == r["name"] and company["segment"] == r["segment"]
        for column, (metric, period, kind) in COLUMNS.items():
            fact = demo_store.fact_row(r["ticker"], metric, period)
            assert fact is not None, (r["ticker"], column)
            tolerance = 1.0 if kind == "amount" else 1e-9
            assert fact["value"] == pytest.approx(stored(column, r[column]), abs=tolerance), (r["ticker"], column)
            assert fact["as_of"] == "2024-12-29"
            checked += 1
    assert checked == 704 == demo_store.scalar("SELECT count(*) FROM facts")


def test_demo_segments_keep_the_report_order(demo_store):
    assert demo_store.segments() == segments_in_order()
    assert demo_store.segments() == ["AIOT soc", "CIS", "IC 设计", "HBM", "光刻机", "EDA 工具", "交换机芯片",
                                     "AI 服务器电源", "铜链接", "连接器", "数通温控", "PCB", "光模块", "消费电子 ODM", "IDC"]


def test_demo_quotes_and_issue(demo_store):
    for name, (code, close, change) in REFERENCE_QUOTES.items():
        idx = demo_store.index(name)
        assert idx["code"] == code
        last = demo_store.quote_on_or_before(idx["id"], "2024-12-29")
        assert last["date"] == "2024-12-27"
        assert last["close"] == pytest.approx(close, abs=1e-9)
        assert last["change"] == pytest.approx(change, abs=1e-12)
    assert demo_store.benchmark()["code"] == "000300.SH"
    issue = demo_store.issue("latest")
    assert (issue.rating, issue.rating_action, issue.industry) == ("增持", "维持", "电子")
    assert [t.name for t in issue.themes] == ["AI 新消费场景", "PCB", "光模块", "卫星互联网"]
    assert sum(len(t.tickers) for t in issue.themes) == 10
    assert len(issue.related) == 3 and len(issue.figures) == 3
    for analyst_id in issue.analysts:
        validate_sac(demo_store.analyst(analyst_id)["sac_no"])
    ds = demo_store.dataset("cloud_vendors_cy2024q3")
    assert ds["categories"] == ["微软", "谷歌", "亚马逊", "Meta"]
    assert ds["series"]["资本开支"] == [200.0, 130.6, 226.2, 92.1]


def test_demo_cover_history_is_a_year_of_sample_data(demo_store):
    sector = demo_store.index("申万电子")
    closes = demo_store.quotes(sector["id"])
    assert sector["sample"] == 1
    assert 250 <= len(closes) <= 270
    assert closes[0]["date"] < "2024-01-01" and closes[-1]["date"] == "2024-12-27"


def test_demo_refuses_to_overwrite_data_without_force(demo_path):
    with pytest.raises(WorkbenchError, match="--force"):
        build_demo(demo_path)
    assert build_demo(demo_path, force=True) == 1
