import csv

import pytest

from workbench.demo import build_demo, demo_file
from workbench.domain.compliance import validate_sac
from workbench.errors import WorkbenchError


YI = 1e8
# The seed's columns as the reference issue prints them: amounts in 亿元, rates as fractions.
COMPANY_COLUMNS = {
    "revenue_2023": ("revenue", "2023A", YI),
    "revenue_2023_yoy": ("revenue_yoy", "2023A", 1.0),
    "revenue_24q1q3": ("revenue", "2024Q1-Q3", YI),
    "revenue_24q1q3_yoy": ("revenue_yoy", "2024Q1-Q3", 1.0),
    "netprofit_2023": ("net_profit", "2023A", YI),
    "netprofit_2023_yoy": ("net_profit_yoy", "2023A", 1.0),
    "netprofit_24q1q3": ("net_profit", "2024Q1-Q3", YI),
    "netprofit_24q1q3_yoy": ("net_profit_yoy", "2024Q1-Q3", 1.0),
    "pe_2024e": ("pe", "2024E", 1.0),
    "pe_2025e": ("pe", "2025E", 1.0),
    "ytd_return": ("ytd_return", "2024YTD", 1.0),
}


def seed_rows():
    with demo_file("companies.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_demo_holds_every_figure_of_the_comparison_table(demo_store):
    rows = seed_rows()
    assert len(rows) == 64
    assert len({r["segment"] for r in rows}) == 15
    checked = 0
    for r in rows:
        company = demo_store.company(r["ticker"])
        assert company["name"] == r["name"] and company["segment"] == r["segment"]
        for column, (metric, period, scale) in COMPANY_COLUMNS.items():
            stored = demo_store.fact(r["ticker"], metric, period)
            if r[column].strip() == "":
                assert stored is None
            else:
                assert stored == pytest.approx(float(r[column]) * scale)
                assert demo_store.fact_row(r["ticker"], metric, period)["as_of"] == "2024-12-29"
                checked += 1
    assert checked == demo_store.scalar("SELECT count(*) FROM facts")


def test_demo_segments_keep_the_report_order(demo_store):
    order = []
    for r in seed_rows():
        if r["segment"] not in order:
            order.append(r["segment"])
    assert demo_store.segments() == order


def test_demo_quotes_and_issue(demo_store):
    with demo_file("index_quotes.csv").open(encoding="utf-8") as fh:
        quotes = list(csv.DictReader(fh))
    for q in quotes:
        idx = demo_store.index(q["index_name"])
        last = demo_store.quote_on_or_before(idx["id"], "2024-12-29")
        assert last["date"] == q["week_end"]
        assert last["close"] == pytest.approx(float(q["close"]))
        assert last["change"] == pytest.approx(float(q["weekly_change"]))
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
