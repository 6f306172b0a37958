"""An issue already on the desk naming analysts the desk does not have (pushed by an older client,
before issues were held back for it): a workstation pulling it never drops those analysts from the
issue. It refuses the issue row, naming them, keeps it as a conflict of its own, and takes it at the
first sync after the analysts are there, analysts and all. Against a real PostgreSQL desk."""

from __future__ import annotations

import pytest

from desk_testing import Desk, local_tables, normalised, server_tables
from workbench.desk.sync import sync
from workbench.store import sync_state


def _named(store) -> dict[str, list[str]]:
    """Each issue's analysts (uids, in order) as the store holds them."""
    out: dict[str, list[str]] = {uid: [] for (uid,) in store.db.execute("SELECT uid FROM issues")}
    for issue, analyst in store.db.execute("SELECT i.uid, a.uid FROM issue_analysts ia JOIN issues i ON i.id = "
                                           "ia.issue_id JOIN analysts a ON a.id = ia.analyst_id "
                                           "ORDER BY ia.issue_id, ia.position"):
        out[issue].append(analyst)
    return out


def _older_client(monkeypatch):
    """A client from before the hold-back rule: it pushes every issue whatever analysts it names."""
    import workbench.desk.sync as desk_sync

    def send_everything(store, conn, known, dry_run):
        return known if known is not None and known.upto == store.last_seq() else sync_state.pending(store)

    monkeypatch.setattr(desk_sync, "_hold_back_issues", send_everything)


@pytest.fixture
def on_desk(pg_cluster, desk_db, demo_path, monkeypatch):
    """An analyst's older client joined with the demo store: its issues landed on the desk naming
    the demo's analysts, which the desk refused to the analyst's role (only an administrator adds
    analysts)."""
    desk = Desk(pg_cluster, desk_db)
    analyst = desk.user("analyst")
    with monkeypatch.context() as m:
        _older_client(m)
        store = desk.join(demo_path, analyst)
    named = {uid: names for uid, names in _named(store).items() if names}
    assert named
    on = server_tables(desk.super_url)
    assert on["analysts"] == {}  # refused to the analyst's role ...
    for uid, names in named.items():  # ... while the issues naming them landed
        assert on["issues"][uid]["analysts"] == names
    yield desk, store, analyst, named
    store.close()


def test_a_pulled_issue_naming_analysts_this_store_lacks_is_refused_naming_them(on_desk, tmp_path):
    desk, store, analyst, named = on_desk
    admin = desk.user("admin")
    other = desk.join(tmp_path / "admin.sqlite", admin)
    try:
        found = {c["key"]: c for c in sync_state.conflicts(other) if c["tbl"] == "issues"}
        assert set(named) <= set(found)
        for uid, names in named.items():
            c = found[uid]
            assert c["kind"] == "local" and c["resolution"] is None
            assert c["theirs"]["analysts"] == names  # the desk's row, analysts and all
            assert all(a in c["message"] for a in names), c["message"]
            # never the issue without its analysts
            assert uid not in _named(other) or _named(other)[uid] == names
        # tried again at the next sync: still refused, listed once, the same reason
        sync(other, admin)
        again = [c for c in sync_state.conflicts(other) if c["tbl"] == "issues"]
        assert sorted(c["key"] for c in again) == sorted(found)
    finally:
        other.close()


def test_the_refused_issue_is_taken_once_the_analysts_are_here(on_desk, tmp_path):
    desk, store, analyst, named = on_desk
    admin = desk.user("admin")
    other = desk.join(tmp_path / "admin.sqlite", admin)
    try:
        # the administrator adds the analysts as the analyst's store has them (the same identities)
        cols = [r[1] for r in store.db.execute("PRAGMA table_info(analysts)") if r[1] != "id"]
        rows = store.db.execute(f"SELECT {', '.join(cols)} FROM analysts").fetchall()
        with other.transaction(), other.batch("edit", by="admin"):
            other.db.conn.executemany(
                f"INSERT INTO analysts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
        result = sync(other, admin)
        assert result.settled >= len(named)
        for uid, names in named.items():
            assert _named(other)[uid] == names
        assert sync_state.conflicts(other) == []
        assert sync_state.pending_count(other) == 0  # taken from the desk: nothing to push back
        on = normalised(server_tables(desk.super_url))
        mine = normalised(local_tables(other))
        for table in ("analysts", "issues", "issue_log", "issue_versions"):
            assert mine[table] == on[table], table
    finally:
        other.close()


def test_an_issue_held_here_changed_on_the_desk_to_name_a_missing_analyst_keeps_its_analysts(on_desk, tmp_path,
                                                                                            monkeypatch):
    desk, store, analyst, named = on_desk
    admin = desk.user("admin")
    other = desk.join(tmp_path / "admin.sqlite", admin)
    try:
        # the administrator's workstation has the issues, analysts and all
        cols = [r[1] for r in store.db.execute("PRAGMA table_info(analysts)") if r[1] != "id"]
        rows = store.db.execute(f"SELECT {', '.join(cols)} FROM analysts").fetchall()
        with other.transaction(), other.batch("edit", by="admin"):
            other.db.conn.executemany(
                f"INSERT INTO analysts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
        sync(other, admin)
        uid = next(iter(named))
        before = _named(other)[uid]
        assert before == named[uid]
        # the analyst's older client names one more analyst, one the desk never gets
        new_id = store.add_analyst("新分析师", "S0000000000001")
        new_uid = store.scalar("SELECT uid FROM analysts WHERE id = ?", [new_id])
        issue_id = store.scalar("SELECT id FROM issues WHERE uid = ?", [uid])
        with store.transaction(), store.batch("edit", by="lin"):
            store.db.execute("INSERT INTO issue_analysts (issue_id, analyst_id, position) VALUES (?, ?, ?)",
                             [issue_id, new_id, len(before)])
        _older_client(monkeypatch)
        sync(store, analyst)
        assert server_tables(desk.super_url)["issues"][uid]["analysts"] == [*before, new_uid]
        sync(other, admin)
        assert _named(other)[uid] == before  # not rewritten without the one it lacks
        [c] = [c for c in sync_state.conflicts(other) if c["tbl"] == "issues" and c["key"] == uid]
        assert c["kind"] == "local" and new_uid in c["message"]
    finally:
        other.close()


def test_keeping_mine_of_an_issue_this_store_never_took_leaves_the_desks_issue_alone(on_desk, tmp_path):
    from workbench.desk.sync import resolve

    desk, store, analyst, named = on_desk
    admin = desk.user("admin")
    other = desk.join(tmp_path / "admin.sqlite", admin)
    try:
        uid = next(iter(named))
        [c] = [c for c in sync_state.conflicts(other) if c["tbl"] == "issues" and c["key"] == uid]
        assert c["mine"] is None  # this store has no issue of its own there: nothing of its to send
        resolve(other, c["id"], "mine")
        sync(other, admin)
        assert server_tables(desk.super_url)["issues"][uid]["analysts"] == named[uid]  # not deleted on the desk
    finally:
        other.close()
