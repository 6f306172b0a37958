"""A chart's source line names the recorded sources of its plotted rows (the vendor an import
recognised from the file's layout, 手工录入 for a figure typed by hand, else the file), or the
editor's own text for a figure; never a fixed vendor. Truth read with plain SQL."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.charts import figure_spec
from workbench.charts.build import company_bars_spec, relative_performance_spec, source_line, source_name
from workbench.domain.issue import Figure
from workbench.store.reader import LazyStore


@pytest.mark.parametrize("recorded, named", [
    ("iFinD: quotes.xlsx", "iFinD"), ("Wind: 行情.csv", "Wind"), ("Choice: a.xlsx", "Choice"),
    ("手工录入", "手工录入"), ("ifind_quotes.csv", "ifind_quotes.csv"), ("note: a.csv", "note: a.csv"),
    (None, ""), ("  ", ""),
])
def test_a_recorded_source_is_named_as_recorded(recorded, named):
    assert source_name(recorded) == named


def test_the_line_names_each_source_once_most_plotted_first_and_cuts_a_long_list():
    assert source_line({"a.csv": 2, "Wind: b.xlsx": 5, "Wind: c.xlsx": 1, None: 9}) == "Wind，a.csv"
    assert source_line({"a.csv": 1, "b.csv": 1, "c.csv": 1, "d.csv": 1}) == "a.csv，b.csv，c.csv等"
    assert source_line({None: 3}) == ""


def test_a_company_chart_names_a_figure_typed_by_hand(demo_store, demo_path):
    demo_store.set_fact("300493.SZ", "revenue", "2022A", 19.0e8)
    with sqlite3.connect(demo_path) as conn:
        recorded = {r[0]: r[1] for r in conn.execute(
            "SELECT source, count(*) FROM facts WHERE ticker = '300493.SZ' AND metric IN ('revenue', 'net_profit') "
            "AND value IS NOT NULL GROUP BY source")}
    assert set(recorded) == {"companies.csv", "手工录入"}
    spec = company_bars_spec(demo_store, "300493.SZ")
    assert spec.source == "，".join(sorted(recorded, key=lambda s: -recorded[s]))
    assert "Wind" not in spec.source


def test_an_editors_source_for_a_figure_is_the_charts(demo_store):
    fig = Figure("company_bars", "润欣科技", source="资料来源：公司公告", params={"ticker": "300493.SZ"})
    assert figure_spec(demo_store, fig).source == "资料来源：公司公告"


def test_the_first_screen_reads_the_sources_without_opening_the_store(demo_store, demo_path):
    end = "2024-12-27"
    ids = [demo_store.index("申万电子")["id"], demo_store.benchmark()["id"]]
    # every close of the chart imported again from a file whose layout was recognised as iFinD's
    demo_store.write_quotes([(i, q["date"], round(q["close"] + 0.01, 2), None, "iFinD: 行情.xlsx")
                             for i in ids for q in demo_store.quotes(i)])
    full = relative_performance_spec(demo_store, "申万电子", end)
    assert not full.sample and full.source == "iFinD"
    with LazyStore.open(demo_path) as lazy:
        light = relative_performance_spec(lazy, "申万电子", end)
        assert not lazy.is_open
    assert light == full
