"""Keeping mine of a conflict the desk refused for the user's role (the analyst register, the house
profile, an issue's final: not an analyst's to change) is refused at once, naming the role, instead of
being pushed to be refused again at every sync; keeping theirs still settles it. Against a real desk."""

from __future__ import annotations

import pytest

from workbench.desk.errors import DeskError
from workbench.desk.sync import resolve, sync
from workbench.store import sync_state


def test_an_analyst_cannot_keep_mine_of_the_analyst_register(pair):
    desk, (a, admin), (b, analyst) = pair
    uid, name = b.db.execute("SELECT uid, name FROM analysts ORDER BY id").fetchone()
    with b.transaction(), b.batch("edit", by="b"):
        b.db.execute("UPDATE analysts SET name = ? WHERE uid = ?", [name + "（改）", uid])
    sync(b, analyst)
    [c] = [c for c in sync_state.conflicts(b) if c["tbl"] == "analysts"]
    assert c["kind"] == "refused"
    pending = sync_state.pending_count(b)
    with pytest.raises(DeskError, match="analyst.*administrator"):
        resolve(b, c["id"], "mine")
    assert sync_state.conflict(b, c["id"])["resolution"] is None  # nothing settled, nothing written
    assert sync_state.pending_count(b) == pending
    resolve(b, c["id"], "theirs")
    assert sync_state.conflict(b, c["id"])["resolution"] == "theirs"


def test_an_administrator_may_keep_mine_of_the_analyst_register(pair, tmp_path):
    desk, (a, admin), _ = pair
    admin2 = desk.user("admin")
    a2 = desk.join(tmp_path / "a2.sqlite", admin2)
    try:
        uid, name = a.db.execute("SELECT uid, name FROM analysts ORDER BY id").fetchone()
        for store, mark in ((a2, "（乙）"), (a, "（甲）")):
            with store.transaction(), store.batch("edit", by="x"):
                store.db.execute("UPDATE analysts SET name = ? WHERE uid = ?", [name + mark, uid])
        sync(a2, admin2)
        sync(a, admin)
        [c] = [c for c in sync_state.conflicts(a) if c["tbl"] == "analysts"]
        resolve(a, c["id"], "mine")  # an administrator's to settle either way
        sync(a, admin)
        assert a.scalar("SELECT name FROM analysts WHERE uid = ?", [uid]) == name + "（甲）"
    finally:
        a2.close()
