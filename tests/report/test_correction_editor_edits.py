"""A correction's own edits win over its as-published rule.

A correction reprints the published table as of its date (``tests/report/test_correction_as_published.py``);
what the editor does in the correction still counts: a figure typed by hand in it prints whatever
its date (one typed before it was opened, for next week, does not), a company the editor takes out
of the correction's table goes, and a company added to the store since comes in when the editor
takes it (``take_newer_figures``, the command line's `correct N --take`). The truth: the values
written here and v1's frozen snapshot read with plain sqlite3.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from workbench.drafting.lifecycle import change_status, open_correction, published_changes, take_newer_figures
from workbench.errors import WorkbenchError
from workbench.report.spec import build_report_spec

RUNXIN, LEXIN, WINGTECH, NEWCO = "300493.SZ", "688018.SH", "600745.SH", "688041.SH"


def _publish(store):
    change_status(store, 1, "review", by="审阅人")
    change_status(store, 1, "final", by="编辑")


def _v1(path) -> tuple[dict, list]:
    """v1's table as frozen: ticker -> {(metric, period): value}, and its tickers in order."""
    with sqlite3.connect(path) as conn:
        snap = json.loads(conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = 1 AND version = 1")
                          .fetchone()[0])
    cols = [(c["metric"], c["period"]) for c in snap["table"]["columns"]]
    rows = snap["table"]["rows"]
    return {r["ticker"]: dict(zip(cols, r["values"])) for r in rows}, [r["ticker"] for r in rows]


def _printed(store) -> dict:
    spec = build_report_spec(store, store.issue(1))
    cols = [(c.metric, c.period) for c in spec.table.columns]
    return {r.ticker: dict(zip(cols, r.values)) for r in spec.table.rows}


def test_a_figure_typed_in_the_correction_prints_whatever_its_date(demo_store, demo_path):
    _publish(demo_store)
    demo_store.write_facts([(RUNXIN, "pe", "2025E", 80.01)], source="Wind", as_of="2025-01-03")  # next week's
    demo_store.set_fact(RUNXIN, "pe", "2024E", 99.9)  # typed for next week, before the correction
    # (in the same second as the correction opens: the log's order tells them apart, not its times)
    open_correction(demo_store, 1, reason="乐鑫科技 PE 更正", by="编辑")
    demo_store.set_fact(LEXIN, "pe", "2024E", 77.7)  # the editor's own correction, dated today
    assert demo_store.fact_row(LEXIN, "pe", "2024E")["as_of"] > "2024-12-29"
    v1, _ = _v1(demo_path)
    now = _printed(demo_store)
    assert now[LEXIN][("pe", "2024E")] == 77.7 != v1[LEXIN][("pe", "2024E")]
    assert now[RUNXIN][("pe", "2024E")] == v1[RUNXIN][("pe", "2024E")] != 99.9
    assert now[RUNXIN][("pe", "2025E")] == v1[RUNXIN][("pe", "2025E")] != 80.01
    version, changes = published_changes(demo_store, demo_store.issue(1), build_report_spec(demo_store, demo_store.issue(1)))
    assert version == 1 and [(c.ticker, c.metric, c.period) for c in changes] == [(LEXIN, "pe", "2024E")]


def test_the_editor_takes_a_company_out_and_a_deleted_one_stays(demo_store, demo_path):
    _publish(demo_store)
    v1, order = _v1(demo_path)
    demo_store.delete_companies([RUNXIN])  # deleted from the store after publication
    draft = open_correction(demo_store, 1, reason="删去闻泰科技", by="编辑")
    draft.table.tickers = [t for t in order if t != WINGTECH]  # the editor takes one out
    demo_store.save_issue(draft)
    spec = build_report_spec(demo_store, demo_store.issue(1))
    assert [r.ticker for r in spec.table.rows] == [t for t in order if t != WINGTECH]
    now = _printed(demo_store)
    assert now[RUNXIN] == v1[RUNXIN]
    assert all(now[t] == v1[t] for t in now)
    _version, changes = published_changes(demo_store, demo_store.issue(1), spec)
    assert changes and {c.ticker for c in changes} == {WINGTECH}  # its figures go, as named at final


def test_a_company_added_since_comes_in_only_when_taken(demo_store, demo_path):
    _publish(demo_store)
    demo_store.upsert_companies([{"ticker": NEWCO, "name": "海光信息", "segment": "IC 设计"}])
    demo_store.write_facts([(NEWCO, "pe", "2024E", 151.37), (NEWCO, "revenue", "2023A", 60.12e8)],
                           source="Wind", as_of="2025-01-03")
    with pytest.raises(WorkbenchError):  # no correction is open yet
        take_newer_figures(demo_store, 1, [NEWCO])
    open_correction(demo_store, 1, reason="补充海光信息", by="编辑")
    assert NEWCO not in _printed(demo_store)
    for wrong in ("999999.SZ", f"{NEWCO}:利润率", f"{NEWCO}:pe:明年", f"{NEWCO}:pe:2024E:x"):
        with pytest.raises(WorkbenchError):
            take_newer_figures(demo_store, 1, [wrong])
    assert NEWCO not in _printed(demo_store)  # a refused take records nothing
    taken = take_newer_figures(demo_store, 1, ["海光信息"])  # by its short name
    assert (NEWCO, None, None) in taken
    spec = build_report_spec(demo_store, demo_store.issue(1))
    rows = {r.ticker: r for r in spec.table.rows}
    cols = [(c.metric, c.period) for c in spec.table.columns]
    assert rows[NEWCO].segment == "IC 设计"
    assert dict(zip(cols, rows[NEWCO].values))[("pe", "2024E")] == 151.37
    assert dict(zip(cols, rows[NEWCO].values))[("revenue", "2023A")] == 60.12e8
    segments = [r.segment for r in spec.table.rows]  # it sits among its segment's companies
    first = segments.index("IC 设计")
    assert segments[first:first + segments.count("IC 设计")] == ["IC 设计"] * segments.count("IC 设计")
    v1, _ = _v1(demo_path)
    assert all(dict(zip(cols, r.values)) == v1[r.ticker] for r in spec.table.rows if r.ticker != NEWCO)
