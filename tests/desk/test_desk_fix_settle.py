"""Settling what the desk refused: keeping mine of a colleague's note is refused at once (only its
author may change it on the desk), as any row the user's role may not write. Against a real desk."""

from __future__ import annotations

import pytest

from workbench.desk.errors import DeskError
from workbench.desk.sync import resolve, sync
from workbench.store import sync_state


def _edit_note(store, uid: str, text: str) -> None:
    with store.transaction(), store.batch("edit", by="b"):
        store.db.execute("UPDATE notes SET text = ? WHERE uid = ?", [text, uid])


def test_keeping_mine_of_a_colleagues_note_the_desk_refused_is_refused_at_once(pair):
    desk, (a, admin), (b, analyst) = pair
    uid, text = a.db.execute("SELECT uid, text FROM notes ORDER BY id").fetchone()  # the administrator's
    _edit_note(b, uid, text + "（乙改）")
    sync(b, analyst)
    found = [c for c in sync_state.conflicts(b) if c["tbl"] == "notes" and c["key"] == uid]
    assert found and all(c["kind"] == "refused" for c in found)
    pending = sync_state.pending_count(b)
    for c in found:
        with pytest.raises(DeskError, match="only its author"):
            resolve(b, c["id"], "mine")
        assert sync_state.conflict(b, c["id"])["resolution"] is None  # nothing settled, nothing written
    assert sync_state.pending_count(b) == pending
    assert all(c["mine"]["text"] == text + "（乙改）" for c in found)  # the edit stays listed
    resolve(b, found[0]["id"], "theirs")
    assert sync_state.conflict(b, found[0]["id"])["resolution"] == "theirs"


def test_not_even_an_administrator_may_keep_mine_of_a_colleagues_note_while_its_author_still_may_change_it(pair):
    desk, (a, admin), (b, analyst) = pair
    b.add_note("乙的笔记")
    sync(b, analyst)
    uid = b.scalar("SELECT uid FROM notes WHERE text = '乙的笔记'")
    sync(a, admin)
    _edit_note(a, uid, "甲改乙的笔记")  # an administrator may not change it either: refused by the desk
    sync(a, admin)
    [c] = [c for c in sync_state.conflicts(a) if c["tbl"] == "notes" and c["key"] == uid]
    with pytest.raises(DeskError, match="only its author"):
        resolve(a, c["id"], "mine")
    _edit_note(b, uid, "乙再改")
    sync(b, analyst)
    assert not [c for c in sync_state.conflicts(b) if c["tbl"] == "notes"]
