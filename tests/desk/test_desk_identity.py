"""Global identity: every row with a store-local integer id carries a UUID, new rows and rows of
stores made before it existed alike (no server needed)."""

from __future__ import annotations

import re
import sqlite3

import sqlite_utils

from workbench.store import Store
from workbench.store.schema import migrations

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
TABLES = ("analysts", "segments", "indices", "notes", "issues", "issue_log")


def _uids(path, table):
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(f"SELECT uid FROM {table} ORDER BY id")]
    finally:
        conn.close()


def test_demo_store_rows_all_have_uuids(demo_path):
    for table in TABLES[:-1]:  # the demo issue is a draft: no status log yet
        uids = _uids(demo_path, table)
        assert uids, table
        assert all(u is not None and UUID.match(u) for u in uids), (table, uids[:3])
        assert len(set(uids)) == len(uids), table


def test_new_rows_get_distinct_uuids(store):
    a = store.add_analyst("张三", "S0000000000001")
    b = store.add_analyst("李四", "S0000000000002")
    n = store.add_note("小米万卡集群", date="2024-12-26")
    u = store.rows("SELECT uid FROM analysts WHERE id IN (?, ?) ORDER BY id", [a, b])
    assert UUID.match(u[0]["uid"]) and UUID.match(u[1]["uid"]) and u[0]["uid"] != u[1]["uid"]
    assert UUID.match(store.scalar("SELECT uid FROM notes WHERE id = ?", [n]))


def test_status_log_of_a_published_issue_gets_uuids(demo_store):
    from workbench.drafting.lifecycle import change_status, open_correction

    issue = demo_store.issue("latest")
    if issue.status != "final":
        change_status(demo_store, issue.id, "review", by="ed")
        change_status(demo_store, issue.id, "final", by="ed")
    open_correction(demo_store, issue.id, reason="更正数据", by="ed")
    rows = demo_store.rows("SELECT uid, to_status FROM issue_log WHERE issue_id = ? ORDER BY id", [issue.id])
    assert rows[-1]["to_status"] == "draft"
    assert all(r["uid"] and UUID.match(r["uid"]) for r in rows)


def test_an_older_store_migrates_in_place(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite_utils.Database(str(path))
    migrations.apply(db, stop_before="m030_global_identity")
    db.execute("INSERT INTO segments (name, position) VALUES ('PCB', 0)")
    db.execute("INSERT INTO notes (date, text, created_at) VALUES ('2024-12-26', '旧笔记', '2024-12-26')")
    db.execute("INSERT INTO issues (series, headline, period_start, period_end, publish_date) "
               "VALUES ('先进科技', '周观点', '2024-12-23', '2024-12-29', '2025-01-03')")
    db.execute("INSERT INTO issue_log (issue_id, at, by, to_status, version) VALUES (1, 'x', 'ed', 'final', 1)")
    db.execute("INSERT INTO issue_versions (issue_id, version, frozen_at, frozen_by, issue_json, snapshot_json) "
               "VALUES (1, 1, 'x', 'ed', '{}', '{}')")
    db.conn.commit()
    db.close()
    assert "uid" not in [r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(notes)")]
    Store(path).close()
    for table in ("segments", "notes", "issues", "issue_log"):
        uids = _uids(path, table)
        assert len(uids) == 1 and UUID.match(uids[0]), table
    # the published record's guards are back in force
    conn = sqlite3.connect(path)
    try:
        import pytest

        with pytest.raises(sqlite3.DatabaseError, match="cannot be changed"):
            conn.execute("UPDATE issue_log SET by = 'forger'")
    finally:
        conn.close()


def test_uids_are_unique_in_the_store(store):
    store.add_note("a", date="2024-12-26")
    uid = store.scalar("SELECT uid FROM notes")
    import pytest

    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO notes (date, text, created_at, uid) VALUES ('2024-12-26', 'b', 'x', ?)", [uid])
