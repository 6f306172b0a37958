"""A store of release 2026-12-01 kept what an open correction takes in its own settings (the take
list, and the change log's seq when the correction was opened, after which a figure typed is the
correction's own); since, the issue holds it (``issues.correction``) so that it travels with the
issue. Opening such a store moves the settings into the correction they belong to: the issue holds
the figures taken and those typed since the mark, the correction prints them as before, and a
published issue's row stays guarded.

The older store is made from a current one as that release left it: the column and migration
m039 removed, the settings written as it wrote them. Truth: v1's frozen table read with sqlite3
and the values written here."""

from __future__ import annotations

import json
import sqlite3

import pytest

from workbench.drafting.lifecycle import change_status, open_correction
from workbench.report.spec import build_report_spec
from workbench.store import Store

RUNXIN, LEXIN, TLW = "300493.SZ", "688018.SH", "688591.SH"
NEXT_WEEK = "2025-01-03"


def _as_release_20261201(path, issue_id: int, version: int, take: list, mark: int) -> None:
    """The store as release 2026-12-01 left it: no ``issues.correction`` (its triggers as they were
    made without it), no m039 applied, the correction's take list and opened mark in settings."""
    from workbench.store.schema import _desk_log_triggers, _final_issue_guard

    conn = sqlite3.connect(path)
    with conn:
        for event in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER issues_desk_{event}")
        conn.execute("DROP TRIGGER issues_final_no_update")
        conn.execute("ALTER TABLE issues DROP COLUMN correction")

        class _Db:  # the migrations' helpers take an object with execute()
            execute = conn.execute

        _desk_log_triggers(_Db, only=("issues",))
        _final_issue_guard(_Db, "发布记录不可修改或删除 (the publication record cannot be changed)")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm039_issue_correction'")
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                     [f"correction.take.{issue_id}.v{version}", json.dumps(take, ensure_ascii=False)])
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                     [f"correction.opened_seq.{issue_id}.v{version}", str(mark)])
    conn.close()


def _v1_pe(path, issue_id: int) -> dict[str, dict]:
    with sqlite3.connect(path) as conn:
        snap = json.loads(conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = ? AND version = 1",
                                       [issue_id]).fetchone()[0])
    cols = [(c["metric"], c["period"]) for c in snap["table"]["columns"]]
    return {r["ticker"]: dict(zip(cols, r["values"])) for r in snap["table"]["rows"]}


def _printed(store, issue_id: int) -> dict[str, dict]:
    spec = build_report_spec(store, store.issue(issue_id))
    cols = [(c.metric, c.period) for c in spec.table.columns]
    return {r.ticker: dict(zip(cols, r.values)) for r in spec.table.rows}


def test_an_open_corrections_settings_move_into_the_issue(demo_path):
    with Store(demo_path) as store:
        issue_id = store.issue("latest").id
        change_status(store, issue_id, "review", by="编辑")
        change_status(store, issue_id, "final", by="编辑")
        store.write_facts([(RUNXIN, "pe", "2025E", 80.01), (TLW, "pe", "2025E", 33.33)], source="Wind",
                          as_of=NEXT_WEEK)
        store.set_fact(LEXIN, "pe", "2025E", 11.1)  # typed before the correction: next week's, not its
        open_correction(store, issue_id, reason="更正", by="编辑")
        mark = store.last_seq()
        store.set_fact(LEXIN, "pe", "2024E", 70.0)
        store.set_fact(LEXIN, "pe", "2024E", 77.7)  # typed in the correction: the last value counts
    _as_release_20261201(demo_path, issue_id, 2, [[RUNXIN, "pe", "2025E"]], mark)
    with sqlite3.connect(demo_path) as conn:  # (the older store has no such column)
        assert "correction" not in [r[1] for r in conn.execute("PRAGMA table_info(issues)")]

    with Store(demo_path) as store:  # opening it migrates
        held = json.loads(store.scalar("SELECT correction FROM issues WHERE id = ?", [issue_id]))
        assert held == {"version": 2, "take": [[RUNXIN, "pe", "2025E"]], "typed": [[LEXIN, "pe", "2024E", 77.7]]}
        assert store.get_setting(f"correction.take.{issue_id}.v2") is None
        # the move is a change of the issue the desk gets, as any write of it
        assert store.issue_revision(issue_id) > mark
        v1, now = _v1_pe(demo_path, issue_id), _printed(store, issue_id)
        assert now[RUNXIN][("pe", "2025E")] == 80.01 != v1[RUNXIN][("pe", "2025E")]
        assert now[LEXIN][("pe", "2024E")] == 77.7 != v1[LEXIN][("pe", "2024E")]
        assert now[LEXIN][("pe", "2025E")] == v1[LEXIN][("pe", "2025E")] != 11.1
        assert now[TLW][("pe", "2025E")] == v1[TLW][("pe", "2025E")] != 33.33


def test_a_published_issues_correction_record_is_guarded(demo_store):
    issue_id = demo_store.issue("latest").id
    change_status(demo_store, issue_id, "review", by="编辑")
    change_status(demo_store, issue_id, "final", by="编辑")
    with pytest.raises(sqlite3.DatabaseError, match="发布记录不可修改"):
        demo_store.db.execute("UPDATE issues SET correction = ? WHERE id = ?",
                              [json.dumps({"version": 1, "take": [[RUNXIN, None, None]], "typed": []}), issue_id])
    assert demo_store.issue_correction(issue_id) is None
