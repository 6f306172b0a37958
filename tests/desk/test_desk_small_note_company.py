"""A pulled note naming a company this store does not hold (here: a company this workstation
deleted, which another kept and wrote a note on) is never written without that company: the store
refuses it, naming the company, keeps it as a conflict of its own, and takes it, company and all, at
the first sync after the company is here. Against a real PostgreSQL desk and real stores."""

from __future__ import annotations

import pytest

from desk_testing import local_tables, normalised, server_tables
from workbench.desk.sync import resolve, sync
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store


def _tickers(store, uid: str) -> list[str] | None:
    """The companies a note names in this store (None: the store has no such note)."""
    row = store.db.execute("SELECT id FROM notes WHERE uid = ?", [uid]).fetchone()
    if row is None:
        return None
    return sorted(r[0] for r in store.db.execute("SELECT ticker FROM note_companies WHERE note_id = ?", [row[0]]))


@pytest.fixture
def noted(pair):
    """b deleted T while a added a figure to it: a kept T (a conflict of its own, the desk's side the
    deletion) and wrote a note on T, which went to the desk; b pulled it."""
    desk, (a, ca), (b, cb) = pair
    a.set_fact(T, "revenue", "2031E", 9e9)
    b.delete_companies([T])
    sync(a, ca)
    sync(b, cb)
    sync(a, ca)
    [kept] = [c for c in sync_state.conflicts(a) if c["tbl"] == "companies"]
    assert a.has_company(T) and not b.has_company(T)
    note = a.add_note("恒玄科技：新品发布，关注出货", tickers=[T], author="a")
    uid = a.scalar("SELECT uid FROM notes WHERE id = ?", [note])
    sync(a, ca)
    assert server_tables(desk.super_url)["notes"][uid]["tickers"] == [T]
    sync(b, cb)
    return desk, (a, ca), (b, cb), kept, uid


def test_a_pulled_note_naming_a_company_this_store_lacks_is_refused_naming_it(noted):
    desk, (a, ca), (b, cb), kept, uid = noted
    assert _tickers(b, uid) in (None, [T])  # never the note without its company
    found = [c for c in sync_state.conflicts(b) if c["tbl"] == "notes" and c["key"] == uid]
    assert len(found) == 1
    c = found[0]
    assert c["kind"] == "local" and c["resolution"] is None
    assert c["theirs"]["tickers"] == [T] and T in c["message"], c["message"]
    # tried again at the next sync: still refused, listed once
    sync(b, cb)
    again = [c for c in sync_state.conflicts(b) if c["tbl"] == "notes" and c["key"] == uid]
    assert len(again) == 1 and again[0]["resolution"] is None and _tickers(b, uid) in (None, [T])


def test_the_refused_note_is_taken_once_its_company_is_here(noted):
    desk, (a, ca), (b, cb), kept, uid = noted
    resolve(a, kept["id"], "mine")  # T goes back to the desk, and from there to b
    sync(a, ca)
    sync(b, cb)
    assert b.has_company(T)
    assert _tickers(b, uid) == [T]
    assert not [c for c in sync_state.conflicts(b) if c["tbl"] == "notes" and c["key"] == uid]
    on_desk = normalised(server_tables(desk.super_url))
    assert normalised(local_tables(b))["notes"][uid] == on_desk["notes"][uid]
