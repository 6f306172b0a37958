"""A row this store refused that it never had reads 本机没有此项 (none here) on this store's side, and
one the desk never had 团队库没有此项 (none on the desk), never 已删除 (deleted): the conflicts list
says deleted only for a row deleted on that side. Each such row is listed once. Against a real
PostgreSQL desk."""

from __future__ import annotations

import pytest

from desk_testing import sync_as

from workbench.edits import DeleteCompanies, apply_edit
from workbench.store import sync_state

T = "688608.SH"

pytestmark = pytest.mark.usefixtures("private_password_file")


def test_a_colleagues_new_note_this_store_cannot_take_reads_none_here(pair):
    desk, (a, ca), (b, cb) = pair
    a.set_fact(T, "revenue", "2031E", 9e9)  # a colleague adds a figure, not yet synced ...
    apply_edit(b, DeleteCompanies([T]), origin="edit", by="li")  # ... while the company is deleted here
    sync_as(b, cb)
    # the colleague keeps the company against the deletion and writes a note on it, which reaches the desk
    a.add_note("同事的新笔记", date="2024-12-27", tickers=[T])
    uid = a.scalar("SELECT uid FROM notes ORDER BY id DESC LIMIT 1")
    sync_as(a, ca)
    sync_as(b, cb)
    listed = [c for c in sync_state.described(b) if c["key"] == uid]
    assert len(listed) == 1  # once
    [c] = listed
    assert c["kind"] == "local" and c["mine"] is None
    assert c["mine_text"] == sync_state.NONE_HERE and "已删除" not in c["mine_text"]
    assert "同事的新笔记" in c["desk_text"]


def test_a_row_deleted_here_still_reads_deleted(pair):
    desk, (a, ca), (b, cb) = pair
    note = b.add_note("我的笔记", date="2024-12-27", tickers=[T])
    uid = b.scalar("SELECT uid FROM notes WHERE id = ?", [note])
    sync_as(b, cb)
    sync_as(a, ca)
    assert sync_state.absent_text(b, "notes", "no-such-note") == sync_state.NONE_HERE
    with b.batch("edit"):
        b.db.execute("DELETE FROM notes WHERE id = ?", [note])  # deleted here
    assert sync_state.absent_text(b, "notes", uid) == "已删除 (deleted)"
