"""The figures changed since review, as final lists them, tell a forecast revision from a price move as
the week-over-week diff does: a PE is a forecast revision only when the EPS under it changed. The truth
is which EPS this test revised."""

from __future__ import annotations

from workbench.drafting.lifecycle import change_status, final_check


def test_a_pe_moved_by_its_eps_and_one_moved_by_the_price_are_told_apart(demo_store):
    issue = demo_store.issue("latest")
    revised, moved = "300308.SZ", "300502.SZ"
    eps = {t: round(30.0 / demo_store.fact(t, "pe", "2025E"), 4) for t in (revised, moved)}
    demo_store.write_facts([(t, "eps", "2025E", e) for t, e in eps.items()], source="Wind", as_of="2024-12-27")
    change_status(demo_store, issue.id, "review", by="analyst")
    new_eps = round(eps[revised] * 1.25, 4)  # the forecast revised: its PE falls at the same price
    demo_store.write_facts([(revised, "eps", "2025E", new_eps), (revised, "pe", "2025E", round(30.0 / new_eps, 2)),
                            (moved, "pe", "2025E", round(27.0 / eps[moved], 2))],  # the price fell 10%
                           source="Wind", as_of="2024-12-27")
    check = final_check(demo_store, demo_store.issue(issue.id))
    pe = {c.ticker: c for c in check.changes if getattr(c, "metric", None) == "pe"}
    assert set(pe) == {revised, moved}
    assert pe[revised].describe().endswith("（预测调整 forecast）")
    assert pe[moved].describe().endswith("（股价变动 price move）")
