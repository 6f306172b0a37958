"""The week-over-week diff tells a forecast revision from a price move.

A PE moves with the share price every week; it is a forecast revision only when the forecast under it
(EPS or net profit of that period) changed. Week one stores every company's EPS with its PE; week two
moves every company's price (so every PE) and revises the 2025E EPS of three companies chosen here:
those three, and only those, are the forecast revisions. The truth is the set of EPS this test changed.
"""

from __future__ import annotations

import pytest

from workbench.drafting.diff import ValueChange, diff_issues, diff_snapshots
from workbench.drafting.lifecycle import change_status, copy_forward

PERIODS = ("2024E", "2025E")
REVISED = {"300308.SZ": 1.25, "300502.SZ": 1.15, "002475.SZ": 0.92}  # 2025E EPS x factor in week two


def finalise(store, issue_id):
    change_status(store, issue_id, "review", by="analyst")
    return change_status(store, issue_id, "final", by="editor")


@pytest.fixture
def two_weeks(demo_store):
    """(week one final, week two draft, the companies given EPS): week one's EPS are the PEs at a made-up
    close; week two's closes fall 4% and three 2025E EPS are revised."""
    last = demo_store.issue("latest")
    tickers = [t for t, in demo_store.db.execute(
        "SELECT ticker FROM facts WHERE metric = 'pe' AND period = '2025E' AND value > 0 AND ticker IN "
        "(SELECT ticker FROM facts WHERE metric = 'pe' AND period = '2024E' AND value > 0)")]
    assert set(REVISED) <= set(tickers)
    close, eps = {}, {}
    for i, t in enumerate(tickers):
        close[t] = 20.0 + i
        for p in PERIODS:
            eps[(t, p)] = round(close[t] / demo_store.fact(t, "pe", p), 4)
    demo_store.write_facts([(t, "eps", p, v) for (t, p), v in eps.items()], source="Wind", as_of="2024-12-27")
    week_one = finalise(demo_store, last.id)
    week_two = copy_forward(demo_store, week_one.id, by="编辑")
    rows = []
    for t in tickers:
        price = round(close[t] * 0.96, 2)
        for p in PERIODS:
            e = round(eps[(t, p)] * REVISED.get(t, 1.0), 4) if p == "2025E" else eps[(t, p)]
            rows += [(t, "eps", p, e), (t, "pe", p, round(price / e, 2))]
    demo_store.write_facts(rows, source="Wind", as_of="2025-01-03")
    return week_one, week_two, tickers


def test_only_the_revised_forecasts_are_called_forecast_revisions(demo_store, two_weeks):
    week_one, week_two, tickers = two_weeks
    d = diff_issues(demo_store, week_one.id, week_two.id)
    pe = [c for c in d.changes if c.metric == "pe"]
    assert len(pe) > len(REVISED) * 2  # the price moved every PE
    assert {(c.ticker, c.period) for c in d.forecast_changes} == \
        {(t, "2025E") for t in REVISED} & {(c.ticker, c.period) for c in pe}
    assert {(c.ticker, c.period) for c in d.forecast_changes} == {(t, "2025E") for t in REVISED}
    price = [c for c in pe if (c.ticker, c.period) not in {(t, "2025E") for t in REVISED}]
    assert price and all(c.cause == "price" for c in price)
    assert all(t in tickers for t, _ in {(c.ticker, c.period) for c in price})
    text = d.to_text()
    assert f"其中预测调整 {len(REVISED)} 项" in text and f"股价变动 {len(price)} 项" in text
    line = next(x for x in text.splitlines() if "300308.SZ" in x and "2025E" in x)
    assert line.endswith("（预测调整 forecast）")
    line = next(x for x in text.splitlines() if "300308.SZ" in x and "2024E" in x)
    assert line.endswith("（股价变动 price move）")


def test_a_pe_with_no_forecast_held_is_not_called_either(demo_store):
    """The demo store holds PEs but no EPS or net-profit forecast: a PE move cannot be told."""
    last = finalise(demo_store, demo_store.issue("latest").id)
    new = copy_forward(demo_store, last.id, by="编辑")
    assert demo_store.scalar("SELECT count(*) FROM facts WHERE metric = 'eps'") == 0
    demo_store.write_facts([("300308.SZ", "pe", "2025E", 21.0)], source="Wind", as_of="2025-01-03")
    d = diff_issues(demo_store, last.id, new.id)
    [c] = d.changes
    assert (c.ticker, c.metric, c.cause, c.is_forecast) == ("300308.SZ", "pe", "", False)
    assert "预测调整" not in c.describe() and "股价变动" not in c.describe()
    assert "其中预测调整 0 项；另有 PE 变动 1 项无法判断" in d.to_text()


def test_a_pe_withdrawn_is_the_forecasts_doing(demo_store):
    last = finalise(demo_store, demo_store.issue("latest").id)
    new = copy_forward(demo_store, last.id, by="编辑")
    demo_store.set_fact("300493.SZ", "pe", "2025E", None)
    [c] = diff_issues(demo_store, last.id, new.id).changes
    assert (c.ticker, c.after, c.is_forecast) == ("300493.SZ", None, True)


def test_a_printed_forecast_level_that_changed_is_a_forecast_revision():
    def snap(value, issue_id):
        return {"issue_id": issue_id, "series": "周报", "period_start": "2024-12-23", "period_end": "2024-12-29",
                "status": "final", "table": {"columns": [{"metric": "net_profit", "period": "2025E",
                                                          "label": "2025E", "group": "归母净利润"}],
                                             "rows": [{"ticker": "300308.SZ", "name": "中际旭创", "segment": "光模块",
                                                       "values": [value]}]}}
    [c] = diff_snapshots(snap(60e8, 1), snap(66e8, 2)).changes
    assert c.is_forecast and c.describe().endswith("（预测调整 forecast）")


def test_a_change_made_by_hand_keeps_its_old_constructor():
    c = ValueChange("300308.SZ", "中际旭创", "pe", "2025E", "PE 2025E", 20.0, 21.0, "multiple")
    assert c.cause == "" and not c.is_forecast
