"""A PE of a forecast year rests on two forecasts the store may hold at once: its EPS and its net
profit. A revision of either one is a forecast revision, also when the other stays as it was (a share
count that moved the EPS alone, a profit revised with the EPS left for later); only a PE whose held
forecasts all stayed is a price move. The truth is which forecast this test revised, for which
company; every PE moves with the price besides."""

from __future__ import annotations

from workbench.drafting.diff import diff_issues
from workbench.drafting.lifecycle import change_status, copy_forward, final_check

EPS_ONLY, PROFIT_ONLY, NEITHER = "300308.SZ", "300502.SZ", "002475.SZ"


def _forecasts(store) -> dict:
    """Each company's 2025E EPS (a made-up close of 30 over its PE) and net profit (a round figure)."""
    return {t: (round(30.0 / store.fact(t, "pe", "2025E"), 4), 1e9 * (i + 1))
            for i, t in enumerate((EPS_ONLY, PROFIT_ONLY, NEITHER))}


def _revise(store, held: dict) -> None:
    """The closes fall 10% (every PE moves); EPS_ONLY's EPS is revised up 25% at an unchanged net
    profit, PROFIT_ONLY's net profit up 25% at an unchanged EPS."""
    rows = []
    for t, (eps, profit) in held.items():
        eps = round(eps * 1.25, 4) if t == EPS_ONLY else eps
        profit = profit * 1.25 if t == PROFIT_ONLY else profit
        rows += [(t, "eps", "2025E", eps), (t, "net_profit", "2025E", profit),
                 (t, "pe", "2025E", round(27.0 / eps, 2))]
    store.write_facts(rows, source="Wind", as_of="2025-01-03")


def _hold(store) -> dict:
    held = _forecasts(store)
    assert all(store.fact(t, "pe", "2025E") > 0 for t in held)
    store.write_facts([row for t, (eps, profit) in held.items()
                       for row in ((t, "eps", "2025E", eps), (t, "net_profit", "2025E", profit))],
                      source="Wind", as_of="2024-12-27")
    return held


def test_the_week_over_week_diff_calls_either_forecast_revised_a_forecast_revision(demo_store):
    held = _hold(demo_store)
    last = demo_store.issue("latest")
    change_status(demo_store, last.id, "review", by="analyst")
    week_one = change_status(demo_store, last.id, "final", by="editor")
    week_two = copy_forward(demo_store, week_one.id, by="编辑")
    _revise(demo_store, held)
    d = diff_issues(demo_store, week_one.id, week_two.id)
    pe = {c.ticker: c for c in d.changes if c.metric == "pe" and c.period == "2025E"}
    assert set(pe) == set(held)  # the price moved each
    assert {c.ticker for c in d.forecast_changes if c.metric == "pe"} == {EPS_ONLY, PROFIT_ONLY}
    assert pe[EPS_ONLY].describe().endswith("（预测调整 forecast）")
    assert pe[PROFIT_ONLY].describe().endswith("（预测调整 forecast）")
    assert pe[NEITHER].describe().endswith("（股价变动 price move）")


def test_the_changes_since_review_call_either_forecast_revised_a_forecast_revision(demo_store):
    held = _hold(demo_store)
    issue = demo_store.issue("latest")
    change_status(demo_store, issue.id, "review", by="analyst")
    _revise(demo_store, held)
    check = final_check(demo_store, demo_store.issue(issue.id))
    pe = {c.ticker: c for c in check.changes if getattr(c, "metric", None) == "pe"}
    assert set(pe) == set(held)
    words = {t: c.describe() for t, c in pe.items()}
    assert words[EPS_ONLY].endswith("（预测调整 forecast）"), words[EPS_ONLY]
    assert words[PROFIT_ONLY].endswith("（预测调整 forecast）"), words[PROFIT_ONLY]
    assert words[NEITHER].endswith("（股价变动 price move）"), words[NEITHER]

