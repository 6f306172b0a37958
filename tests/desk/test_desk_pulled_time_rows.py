"""Every row pulled from the desk is dated when it was written there, not when it was pulled: the
house profile, analysts, segments, indices, notes, issues and their published records, as facts,
quotes and companies are (those by the time they were made on their workstation). The receiving
store's change log shows that time, under the desk user who wrote the row, and the pull's own time
as the sync's. Against a real PostgreSQL desk, on two workstations and on one joining later."""

from __future__ import annotations

from datetime import datetime

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import Desk
from workbench.desk.sync import sync
from workbench.drafting.lifecycle import change_status
from workbench.store.store import synced_at

T = "688608.SH"  # 恒玄科技 in the demo store
WRITTEN = "2025-01-03T10:00:00+08:00"  # when the desk took the first workstation's push, below
ROW_TABLES = ("house", "analysts", "segments", "indices", "notes", "issues")
RECORDS = ("issue_log", "issue_versions")


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def _write_every_kind(store) -> None:
    """A change of each table that is not facts, quotes or companies, and an issue published."""
    store.update_house(footer="新的页脚 (a new footer)")
    store.add_analyst("王五", "S0000000000901")
    store.segment_id("新板块")
    store.upsert_index("测试指数", code="990001.SH")
    store.add_note("调研纪要 (a visit's notes)", tickers=[T])
    issue_id = store.issue("latest").id
    change_status(store, issue_id, "review", by="zhang")
    change_status(store, issue_id, "final", by="zhang")


def _written_at(desk: Desk, ws: str, at: str) -> None:
    """Date every write the desk took from workstation ``ws`` at ``at``, as if its push had landed
    then (the desk's own triggers date a write at its commit: switched off for this one statement)."""
    import psycopg

    with psycopg.connect(desk.super_url) as conn:
        conn.execute("SET session_replication_role = replica")
        for table in ("desk.changes", "desk.rows", "desk.records"):
            conn.execute(f"UPDATE {table} SET at = %s WHERE ws = %s", [at, ws])


def _pulled(store, seq: int) -> dict[str, list[dict]]:
    """The change log's entries after ``seq`` of the tables other than facts, quotes and companies."""
    out: dict[str, list[dict]] = {}
    for c in store.changes_since(seq):
        if c["entity"] in ROW_TABLES + RECORDS:
            out.setdefault(c["entity"], []).append(c)
    return out


def _assert_dated(entries: dict[str, list[dict]], by: str, before: datetime, after: datetime) -> None:
    assert set(entries) == set(ROW_TABLES + RECORDS), sorted(entries)
    for table, changes in entries.items():
        for c in changes:
            assert c["origin"] == "sync", (table, c)
            assert _when(c["at"]) == _when(WRITTEN), (table, c["at"])  # when the desk took it
            assert c["by"] == by, (table, c["by"])  # who wrote it there
            synced = synced_at(c["note"])  # and when this store took it: the sync's time
            assert synced is not None and before <= _when(synced) <= after, (table, c["note"])


def test_rows_pulled_from_the_feed_are_dated_when_the_desk_took_them(pair):
    desk, (a, ca), (b, cb) = pair
    seq = b.last_seq()
    _write_every_kind(a)
    assert sync(a, ca).refused == 0
    _written_at(desk, a.workstation_id(), WRITTEN)
    before = _now()
    assert sync(b, cb).pulled > 0
    after = _now()
    _assert_dated(_pulled(b, seq), ca.user, before, after)


def test_rows_of_a_first_pull_are_dated_when_the_desk_took_them(pair, tmp_path):
    desk, (a, ca), (b, cb) = pair
    _write_every_kind(a)
    assert sync(a, ca).refused == 0
    _written_at(desk, a.workstation_id(), WRITTEN)
    before = _now()
    c = desk.join(tmp_path / "c.sqlite", desk.user("editor"))  # an empty store: the desk's current state
    after = _now()
    try:
        _assert_dated(_pulled(c, 0), ca.user, before, after)
    finally:
        c.close()
