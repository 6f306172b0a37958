"""Settling an issue's refused change: keeping mine sends the status-log entry the desk refused with
it again, so that the desk's record says how the issue got where it is; a refused record settled on
its own waits for its issue; a conflict settled twice (two windows) is refused the second time.
Against a real PostgreSQL desk."""

from __future__ import annotations

import threading

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk  # noqa: E402

from workbench.desk.errors import DeskError  # noqa: E402
from workbench.desk.leases import release_lease, take_lease  # noqa: E402
from workbench.desk.sync import resolve, sync  # noqa: E402
from workbench.drafting.lifecycle import change_status  # noqa: E402
from workbench.store import Store, sync_state  # noqa: E402


@pytest.fixture
def refused_move(pg_cluster, desk_db, demo_path, tmp_path):
    """The demo on a desk; analyst a holds the draft's lease while analyst b moves it to review:
    the desk refuses b's issue row and its status-log entry (both listed to b as refused)."""
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    ca, cb = desk.user("analyst"), desk.user("analyst")
    a, b = desk.join(tmp_path / "a.sqlite", ca), desk.join(tmp_path / "b.sqlite", cb)
    take_lease(a, "latest", ca)
    issue_id, uid = sync_state.issue_uid(b, "latest")
    change_status(b, issue_id, "review", by="wang")
    sync(b, cb)
    refused = {c["tbl"]: c for c in sync_state.conflicts(b) if c["kind"] == "refused"}
    assert sorted(refused) == ["issue_log", "issues"]
    yield desk, (a, ca), (b, cb), uid, refused
    a.close()
    b.close()


def _desk_log(desk, uid) -> list[tuple[str, str, str]]:
    with psycopg.connect(desk.super_url) as su:
        return [tuple(r) for r in su.execute(
            "SELECT data->>'from_status', data->>'to_status', data->>'by' FROM desk.records "
            "WHERE tbl = 'issue_log' AND data->>'issue' = %s ORDER BY rev", [uid])]


def _desk_status(desk, uid) -> str:
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT data->>'status' FROM desk.rows WHERE tbl = 'issues' AND key = %s",
                          [uid]).fetchone()[0]


def test_keep_mine_of_an_issue_sends_its_refused_log_entry_again(refused_move):
    desk, (a, ca), (b, cb), uid, refused = refused_move
    assert ("draft", "review", "wang") not in _desk_log(desk, uid)
    release_lease(a, "latest", ca)
    resolve(b, refused["issues"]["id"], "mine")
    r = sync(b, cb)
    assert r.refused == 0
    assert _desk_status(desk, uid) == "review"
    # the desk's record of the move: the entry it refused before, sent with the row
    assert ("draft", "review", "wang") in _desk_log(desk, uid)
    # and both conflicts are settled (the entry went with its issue)
    assert [c for c in sync_state.conflicts(b) if c["kind"] == "refused"] == []
    assert sync_state.conflict(b, refused["issue_log"]["id"])["resolution"] == "mine"
    sync(a, ca)  # every workstation holds the same record
    assert ("draft", "review", "wang") in [(r["from_status"], r["to_status"], r["by"])
                                           for r in a.issue_log(a.issue("latest").id)]


def test_keep_mine_of_a_refused_log_entry_alone_waits_for_its_issue(refused_move):
    desk, _, (b, cb), uid, refused = refused_move
    with pytest.raises(DeskError, match=f"#{refused['issues']['id']}"):
        resolve(b, refused["issue_log"]["id"], "mine")
    assert sync_state.conflict(b, refused["issue_log"]["id"])["resolution"] is None  # nothing settled


def test_keep_mine_of_the_issue_while_the_lease_is_still_held_is_refused_again_never_lost(refused_move):
    desk, (a, ca), (b, cb), uid, refused = refused_move
    resolve(b, refused["issues"]["id"], "mine")
    r = sync(b, cb)
    assert r.refused == 2  # row and entry refused again, both listed again
    again = sorted(c["tbl"] for c in sync_state.conflicts(b) if c["kind"] == "refused")
    assert again == ["issue_log", "issues"]
    assert ("draft", "review", "wang") not in _desk_log(desk, uid)
    release_lease(a, "latest", ca)
    [row] = [c for c in sync_state.conflicts(b) if c["kind"] == "refused" and c["tbl"] == "issues"]
    resolve(b, row["id"], "mine")
    sync(b, cb)
    assert ("draft", "review", "wang") in _desk_log(desk, uid)


def test_a_conflict_settled_from_two_windows_at_once_is_settled_once(refused_move, monkeypatch):
    desk, (a, ca), (b, cb), uid, refused = refused_move
    cid = refused["issues"]["id"]
    gate = threading.Barrier(2, timeout=10)
    outcome: list = []
    read = sync_state.conflict
    first = threading.local()

    def both_read_it_open(store, conflict_id):
        found = read(store, conflict_id)
        if not getattr(first, "done", False):  # both windows have read it open before either settles it
            first.done = True
            gate.wait()
        return found

    monkeypatch.setattr(sync_state, "conflict", both_read_it_open)

    def settle(keep):
        with Store(b.path) as store:  # each window its own connection
            try:
                resolve(store, cid, keep)
                outcome.append(("ok", keep))
            except DeskError as exc:
                outcome.append(("refused", exc.message))

    threads = [threading.Thread(target=settle, args=(k,)) for k in ("mine", "theirs")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    monkeypatch.undo()
    assert sorted(o[0] for o in outcome) == ["ok", "refused"], outcome
    [(_, kept)] = [o for o in outcome if o[0] == "ok"]
    assert sync_state.conflict(b, cid)["resolution"] == kept
    [(_, message)] = [o for o in outcome if o[0] == "refused"]
    assert "already settled" in message
