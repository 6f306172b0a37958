"""Joining a desk with a store that holds data: rows the desk refuses never break the local apply,
a second issue for a series and week the desk already has is refused naming it, and the join
summary names the issues it would send."""

from __future__ import annotations

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk, server_tables  # noqa: E402

from workbench.desk.errors import DeskError  # noqa: E402
from workbench.desk.sync import join, join_plan  # noqa: E402
from workbench.store import Store, sync_state  # noqa: E402


def test_an_analyst_joining_with_data_keeps_the_analysts_the_desk_refused(pg_cluster, desk_db, demo_path):
    """QA: the analyst register is the administrator's; the refused analysts an issue names stay
    in the store (the local apply used to fail on them after the desk had committed)."""
    desk = Desk(pg_cluster, desk_db)
    analyst = desk.user("analyst")
    with Store(demo_path) as s:
        named = s.rows("SELECT a.uid FROM issue_analysts ia JOIN analysts a ON a.id = ia.analyst_id")
        n_analysts = s.scalar("SELECT count(*) FROM analysts")
    assert named  # the demo's issue names analysts
    store = desk.join(demo_path, analyst)
    try:
        assert store.scalar("SELECT count(*) FROM analysts") == n_analysts
        assert store.rows("SELECT a.uid FROM issue_analysts ia JOIN analysts a ON a.id = ia.analyst_id") == named
        assert server_tables(desk.super_url)["analysts"] == {}
        refused = {c["key"] for c in sync_state.conflicts(store) if c["tbl"] == "analysts"}
        assert {r["uid"] for r in named} <= refused  # listed, not silent
        assert store.get_setting(sync_state.SETTING_URL)
    finally:
        store.close()


def test_a_join_that_would_duplicate_an_issue_of_the_desk_is_refused_naming_it(pg_cluster, desk_db, demo_path,
                                                                                demo_store_template, tmp_path):
    """QA: the demo's issue on two stores made two issues for the same series and week."""
    import shutil

    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    second = tmp_path / "second.sqlite"
    shutil.copy(demo_store_template, second)
    with Store(second) as s:  # the same week, made on another workstation (another identity)
        s.db.execute("UPDATE issues SET uid = 'another-' || uid")
        s.db.conn.commit()
        series, start, end = s.db.execute("SELECT series, period_start, period_end FROM issues").fetchone()
    editor = desk.user("editor")
    store = Store(second)
    try:
        plan = join_plan(store)
        assert f"{series} {start}" in plan.summary()  # the summary names what would be sent
        with pytest.raises(DeskError, match=f"already has.*{series} {start}"):
            join(store, editor.url, password=editor.password, confirm=lambda plan: True)
        assert store.get_setting(sync_state.SETTING_URL) is None  # the store unchanged
    finally:
        store.close()
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT count(*) FROM desk.rows WHERE tbl = 'issues'").fetchone() == (1,)


def test_a_local_failure_after_the_desk_took_the_push_never_says_nothing_changed(pair, monkeypatch):
    """QA: the join's message said 未作任何修改 (nothing changed) while the desk had committed."""
    import sqlite3

    from workbench.desk import sync as desk_sync

    desk, (a, admin), _ = pair
    a.set_fact("688608.SH", "revenue", "2023A", 7.0)

    def broken(*args, **kw):
        raise sqlite3.IntegrityError("FOREIGN KEY constraint failed")

    monkeypatch.setattr(desk_sync, "_mark_pushed", broken)
    with pytest.raises(DeskError, match="the desk took the push") as caught:
        desk_sync.sync(a, admin)
    assert "workbench sync" in str(caught.value)
    monkeypatch.undo()
    desk_sync.sync(a, admin)  # and the next sync completes it
    assert sync_state.pending_count(a) == 0
    assert server_tables(desk.super_url)["facts"]["688608.SH|revenue|2023A"]["value"] == 7.0
