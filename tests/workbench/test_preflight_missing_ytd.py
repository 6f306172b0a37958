"""The check names the companies whose 年初至今 prints -- because the store holds no YTD of that year.

Week two (2024-12-30..2025-01-05) gets 2025 年初至今 for every company of its table but two chosen
here; which companies lack it is read back with plain SQL, never from the check's output.
"""

from __future__ import annotations

import pytest

from workbench.drafting.lifecycle import copy_forward
from workbench.report.preflight import preflight
from workbench.report.spec import build_report_spec

LEFT_BEHIND = ("688502.SH", "002338.SZ")  # 茂莱光学, 奥普光电


@pytest.fixture
def week_two(demo_store):
    new = copy_forward(demo_store, demo_store.issue("latest").id, by="编辑")
    tickers = [r.ticker for r in build_report_spec(demo_store, new).table.rows]
    demo_store.write_facts([(t, "ytd_return", "2025YTD", -0.01 * (i % 7)) for i, t in enumerate(tickers)
                            if t not in LEFT_BEHIND], source="Wind", as_of="2025-01-03")
    return new


def missing_ytd(store, issue):
    return [f for f in preflight(store, issue).warnings if f.code == "missing_ytd"]


def test_the_check_names_the_companies_printing_no_ytd(demo_store, week_two):
    held = {t for t, in demo_store.db.execute("SELECT ticker FROM facts WHERE metric = 'ytd_return' "
                                              "AND period = '2025YTD' AND value IS NOT NULL")}
    tickers = [r.ticker for r in build_report_spec(demo_store, week_two).table.rows]
    missing = [t for t in tickers if t not in held]
    assert sorted(missing) == sorted(LEFT_BEHIND)
    found = missing_ytd(demo_store, week_two)
    assert len(found) == 1, [str(f) for f in preflight(demo_store, week_two).warnings]
    text = found[0].message
    for t in LEFT_BEHIND:
        assert t in text and demo_store.company(t)["name"] in text
    others = [t for t in tickers if t not in LEFT_BEHIND]
    assert not [t for t in others if t in text]
    assert "2025" in text and "--" in text


def test_a_ytd_column_with_no_data_at_all_is_left_to_the_empty_column_warning(demo_store):
    new = copy_forward(demo_store, demo_store.issue("latest").id, by="编辑")  # no 2025YTD in the store
    assert demo_store.scalar("SELECT count(*) FROM facts WHERE period = '2025YTD'") == 0
    codes = [f.code for f in preflight(demo_store, new).warnings]
    assert "empty_column" in codes and "missing_ytd" not in codes


def test_the_demo_has_no_company_missing_its_ytd(demo_store):
    assert missing_ytd(demo_store, "latest") == []
